"""Files and manifests into articles: shared by `manage.py ingest` and `manage.py load_seeds`. A bad
file or a bad field is that file's error; the rest of the batch goes on."""
from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

from django.conf import settings

from sources.models import Article
from sources.services import IngestError, IngestResult, article_ingest, decode_input
from workbench.queue import in_process

DONE = (Article.Status.PROCESSED, Article.Status.SKIPPED, Article.Status.FAILED)


@dataclass(frozen=True)
class FileMeta:
    outlet: str = ""
    url: str = ""
    headline: str = ""
    published: dt.date | None = None
    language: str = ""
    wire: str = ""


@dataclass(frozen=True)
class Entry:
    """One file to ingest with its metadata, or the reason it cannot be (a bad manifest field)."""

    path: Path
    meta: FileMeta = FileMeta()
    error: str = ""


# The longest value each field may have: the article's columns (an over-long URL is refused, not cut).
LIMITS = {"outlet": 200, "url": 1000, "headline": 500, "language": 16, "wire": 100}


def parse_date(text: str | None, *, what: str = "date") -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        raise IngestError(f"{what} {str(text)[:40]!r} is not a date: use YYYY-MM-DD") from None


def meta_check(meta: FileMeta, *, what: str = "") -> FileMeta:
    """Refuse a field the database cannot take: too long, or with a NUL character."""
    for name, limit in LIMITS.items():
        value = getattr(meta, name)
        if "\x00" in value:
            raise IngestError(f"{what}{name} contains a NUL character")
        if len(value) > limit:
            raise IngestError(f"{what}{name} is {len(value):,} characters long; the limit is {limit:,}")
    return meta


def _meta(entry: dict, name: str) -> FileMeta:
    text = {}
    for field in fields(FileMeta):
        value = entry.get(field.name) or ""
        if field.name != "published" and not isinstance(value, str):
            raise IngestError(f"{field.name} of {name} must be a string, not {type(value).__name__}")
        text[field.name] = value
    text["published"] = parse_date(text["published"], what=f"published date of {name}")
    return meta_check(FileMeta(**text), what=f"{name}: ")


def read_manifest(path: Path) -> list[Entry]:
    """A manifest shaped like seeds/manifest.json: {"articles": [{"file": ..., "outlet": ...}]},
    in its order, with paths relative to the manifest. A manifest that cannot be read raises
    IngestError; an entry with a bad field is an Entry with its error."""
    try:
        size = path.stat().st_size
        if size > settings.CROSSCHECK_MAX_ARTICLE_BYTES:
            raise IngestError(f"manifest {path} is {size:,} bytes; the limit is {settings.CROSSCHECK_MAX_ARTICLE_BYTES:,}")
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["articles"] if isinstance(data, dict) else data
        if not isinstance(entries, list):
            raise TypeError("'articles' must be a list")
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise IngestError(f"cannot read manifest {path}: {error}") from None
    read = []
    for number, entry in enumerate(entries, 1):
        name = entry.get("file") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name.strip() or "\x00" in name:
            read.append(Entry(path.parent / f"(entry {number})", error=f"entry {number} of {path} has no file name"))
            continue
        try:
            read.append(Entry(path.parent / name, _meta(entry, name)))
        except IngestError as error:
            read.append(Entry(path.parent / name, error=str(error)))
    return read


def read_capped(path: Path) -> bytes:
    """A file's bytes, reading no more than the article size limit (a 10 GB file costs one limit's
    worth of memory, then an error); devices and pipes are refused before they are opened."""
    limit = settings.CROSSCHECK_MAX_ARTICLE_BYTES
    if not path.is_file():
        raise IngestError("not a regular file" if path.exists() else "no such file")
    with path.open("rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise IngestError(f"the file is larger than the limit of {limit:,} bytes (CROSSCHECK_MAX_ARTICLE_BYTES)")
    return data


def ingest_file(path: Path, meta: FileMeta) -> IngestResult:
    data = read_capped(path)
    input_format = "html" if path.suffix.lower() in (".html", ".htm") else "text"
    return article_ingest(
        raw=decode_input(data),
        input_format=input_format,
        outlet=meta.outlet,
        url=meta.url,
        headline=meta.headline,
        published=meta.published,
        language=meta.language,
        wire=meta.wire,
    )


def wait_until_done(article_ids: list[int], *, timeout: float,
                    progress: Callable[[int], None] | None = None) -> dict[int, Article]:
    """Wait for background workers to finish the articles (immediate when tasks run in-process);
    `progress` is told how many are done as they finish."""
    ids = set(article_ids)
    deadline = time.monotonic() + timeout
    while not in_process():
        pending = Article.objects.filter(id__in=ids).exclude(status__in=DONE).count()
        if progress:
            progress(len(ids) - pending)
        if not pending or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    return {a.id: a for a in Article.objects.filter(id__in=ids).select_related("outlet")}
