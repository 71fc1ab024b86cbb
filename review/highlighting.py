"""Article text with claims marked inline, for the admin. Pure functions: every character of the
text is escaped, and the only markup added is our own <mark> (and <a>) tags."""
from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    css: str
    title: str = ""
    href: str = ""
    anchor: str = ""


def highlight(text: str, marks: list[Mark]) -> SafeString:
    """`text` escaped, with each mark wrapped in <mark>. Marks may nest (a quote inside its
    sentence); a mark that crosses another's edge, or falls outside the text, is left out so the
    markup always stays well formed."""
    accepted: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if not (0 <= mark.start < mark.end <= len(text)):
            continue
        if any(_crosses(mark, other) for other in accepted):
            continue
        accepted.append(mark)
    accepted.sort(key=lambda m: (m.start, -m.end))

    out: list[str] = []
    stack: list[Mark] = []
    position = 0
    for mark in accepted:
        while stack and stack[-1].end <= mark.start:
            position = _close(out, text, position, stack.pop())
        out.append(conditional_escape(text[position : mark.start]))
        out.append(_open(mark))
        stack.append(mark)
        position = mark.start
    while stack:
        position = _close(out, text, position, stack.pop())
    out.append(conditional_escape(text[position:]))
    return mark_safe("".join(out))


def _crosses(a: Mark, b: Mark) -> bool:
    overlapping = a.start < b.end and b.start < a.end
    nested = (a.start >= b.start and a.end <= b.end) or (b.start >= a.start and b.end <= a.end)
    return overlapping and not nested


def _open(mark: Mark) -> str:
    tag = format_html(
        '<mark class="cc-mark {}"{}{}>',
        mark.css,
        format_html(' title="{}"', mark.title) if mark.title else "",
        format_html(' id="{}"', mark.anchor) if mark.anchor else "",
    )
    if mark.href:
        tag += format_html('<a href="{}">', mark.href)
    return tag


def _close(out: list[str], text: str, position: int, mark: Mark) -> int:
    out.append(conditional_escape(text[position : mark.end]))
    out.append("</a></mark>" if mark.href else "</mark>")
    return mark.end


@dataclass(frozen=True)
class Excerpt:
    html: SafeString
    start: int
    end: int


def sentence_span(body: str, sentence: str, start: int, end: int) -> tuple[int, int]:
    """Where the claim's sentence sits in the body; the quote itself when it cannot be found."""
    sentence = sentence.strip()
    if sentence:
        at = body.rfind(sentence, 0, end + len(sentence))
        while at != -1 and at > start:
            at = body.rfind(sentence, 0, at)
        if at != -1 and at <= start and at + len(sentence) >= end:
            return at, at + len(sentence)
    return start, end


def excerpt(body: str, *, start: int, end: int, sentence: str, paragraphs_around: int = 1) -> Excerpt:
    """The paragraph holding a claim and its neighbours, with the sentence and the quote marked."""
    s_start, s_end = sentence_span(body, sentence, start, end)
    # Paragraphs are the non-blank lines of the cleaned body, as (start, end) offsets.
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", body)]
    if not spans:
        return Excerpt(highlight(body, []), 0, len(body))
    index = next((i for i, (a, b) in enumerate(spans) if a <= s_start < b or s_start < a), len(spans) - 1)
    lo = spans[max(0, index - paragraphs_around)][0]
    hi = spans[min(len(spans) - 1, index + paragraphs_around)][1]
    hi = max(hi, s_end, end)
    piece = body[lo:hi]
    marks = [
        Mark(s_start - lo, s_end - lo, "cc-sentence"),
        Mark(start - lo, end - lo, "cc-quote"),
    ]
    return Excerpt(highlight(piece, marks), lo, hi)
