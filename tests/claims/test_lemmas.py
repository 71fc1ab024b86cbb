"""The remembering lemmatizer gives spaCy's rule lemmatizer's lemmas."""
from __future__ import annotations

import pytest
import spacy
from django.conf import settings

from claims.nlp.lemmas import QuickLemmatizer, replaceable
from claims.nlp.pipeline import COMPONENT, get_nlp

pytestmark = pytest.mark.model

SENTENCES = [
    "Floods killed 31 people and left thousands homeless; rescuers were searching the rivers.",
    "The toll has risen to 1,130, the ministry said, and is expected to rise further.",
    "She'd been running better races: faster, longer, the best of her career. Mice ate the mice.",
    "He isn't going; they aren't either. Nothin' gets done.",
]


def test_the_lemmas_are_spacys_the_first_time_and_the_next():
    spacys = spacy.load(settings.CROSSCHECK_SPACY_MODEL)
    lemmatizer = spacys.get_pipe("lemmatizer")
    assert replaceable(lemmatizer)
    quick = QuickLemmatizer(lemmatizer)
    for _ in range(2):
        for text in SENTENCES:
            expected = [t.lemma_ for t in spacys(text)]
            doc = spacys(text, disable=["lemmatizer"])
            assert [t.lemma_ for t in quick(doc)] == expected


def test_a_lemma_set_by_the_attribute_rules_is_kept():
    nlp = get_nlp()
    assert "lemmatizer" not in nlp.pipe_names and "crosscheck_lemmas" in nlp.pipe_names
    doc = nlp("It isn't what we're told.", disable=[COMPONENT])
    assert [t.lemma_ for t in doc][:3] == ["it", "be", "not"]


def test_an_empty_doc_is_left_as_it_is():
    quick = QuickLemmatizer(spacy.load(settings.CROSSCHECK_SPACY_MODEL).get_pipe("lemmatizer"))
    assert len(quick(spacy.blank("en")(""))) == 0
