"""What the reader keeps per Doc is what spaCy would give it each time."""
from __future__ import annotations

import re

import pytest
import spacy

from claims.nlp.cached import entities, span_text, text_of
from claims.nlp.reading import _running_total_markers, lexicon


def test_entities_and_text_are_the_docs_own():
    doc = spacy.blank("en")("Floods hit Lagos and Accra on Monday.")
    doc.ents = [doc.char_span(11, 16, label="GPE"), doc.char_span(21, 26, label="GPE")]
    assert [(e.start, e.end, e.label_) for e in entities(doc)] == [(e.start, e.end, e.label_) for e in doc.ents]
    assert entities(doc) is entities(doc)  # once per Doc
    assert text_of(doc) == doc.text


@pytest.mark.parametrize("sentence", [
    "the death toll so far stands at 40", "since 2011, 300 have died", "so farmers said", "",
    "a total of 12 in all", "cumulative cases rose",
])
def test_one_pattern_finds_a_running_total_marker_where_each_marker_would(sentence):
    each = any(re.search(rf"\b{re.escape(m)}\b", sentence) for m in lexicon()["running_total_markers"])
    assert bool(_running_total_markers().search(sentence)) == each


def test_a_spans_text_cut_from_the_docs_is_the_spans_own():
    doc = spacy.blank("en")("Floods hit  Lagos on Monday.\n\nSome 40 homes  were lost. ")
    spans = [doc[i:j] for i in range(len(doc) + 1) for j in range(i, len(doc) + 1)]
    assert [span_text(span) for span in spans] == [span.text for span in spans]
    assert span_text(doc[3:5]) == "Lagos on"  # no whitespace after the last token
