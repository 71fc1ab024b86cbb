"""The rules every stored string meets, in one place, for every way in: the API, the admin and
the command line (services call `check_text`; the middleware applies it to query parameters).

PostgreSQL cannot store or even compare a NUL character, and a lone surrogate (JSON allows
"\\ud800") cannot be encoded for it at all: either one reaching a query is a database error, a
500, instead of a clear 400. A value longer than its column is refused, not cut."""
from __future__ import annotations


class InvalidText(ValueError):
    """A string that cannot be stored as it is; the message names the field and why."""


def text_problem(value: str, *, max_length: int | None = None) -> str:
    """Why `value` cannot be stored ('' if it can)."""
    if "\x00" in value:
        return "contains a NUL character"
    if not encodable(value):
        return "is not valid Unicode (it contains a lone surrogate)"
    if max_length is not None and len(value) > max_length:
        return f"is {len(value):,} characters long; the limit is {max_length:,}"
    return ""


def encodable(value: str) -> bool:
    """Whether `value` can be written as UTF-8 (a lone surrogate cannot)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_text(value: str, *, field: str, max_length: int | None = None) -> str:
    """`value` unchanged, or InvalidText saying which field is wrong and how."""
    problem = text_problem(value, max_length=max_length)
    if problem:
        raise InvalidText(f"{field} {problem}")
    return value


def check_fields(model, **values: str) -> None:
    """Check each value against its model field's column (its max_length, if it has one)."""
    for name, value in values.items():
        label = "URL" if name == "url" else name.replace("_", " ")
        check_text(value, field=f"the {label}", max_length=model._meta.get_field(name).max_length)
