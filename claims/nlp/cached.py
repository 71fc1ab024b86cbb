"""What the reader asks of a Doc again and again, worked out once per Doc.

spaCy builds `doc.ents` (a new Span for every entity) and `doc.text` (joined from every token)
anew on each access, and the reader asks for them for every figure of a paragraph, several
times. Once the pipeline has run they do not change, so they are kept in the Doc's user data.
A span's text is cut from the Doc's: `Span.text` joins it anew from a Token made for each of
its tokens."""
from __future__ import annotations

from spacy.tokens import Doc, Span

_ENTS = "crosscheck:ents"
_TEXT = "crosscheck:text"


def entities(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`, once per Doc (the entity recogniser has run before the reader)."""
    found = doc.user_data.get(_ENTS)
    if found is None:
        found = doc.user_data[_ENTS] = tuple(doc.ents)
    return found


def text_of(doc: Doc) -> str:
    """`doc.text`, once per Doc."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def span_text(span: Span) -> str:
    """`span.text`, cut from the Doc's text."""
    if not len(span):
        return span.text
    return text_of(span.doc)[span.start_char : span.end_char]
