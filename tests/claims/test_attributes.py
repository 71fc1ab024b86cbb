"""The quick attribute ruler leaves every token as spaCy's own AttributeRuler does."""
from __future__ import annotations

import pytest
import spacy
from django.conf import settings

from claims.nlp.attributes import QuickAttributeRuler, replaceable
from claims.nlp.pipeline import COMPONENT, get_nlp

pytestmark = pytest.mark.model

# Written for the rules' corners: contractions and their lemmas, rules of two tokens ("gon na",
# "y' all", "let 's", "c'm on"), rules on the dependency label ("it" as subject or object, a
# "that" that is a pronoun), auxiliaries, space tokens, and plain news prose with figures.
SENTENCES = [
    "Officials said at least 42 people were killed and 130 injured when the bridge collapsed.",
    "\"We ain't gonna pay $5m for that,\" the mayor said. \"It isn't what I'm asking for.\"",
    "Y'all know it, and I know it: let's go. C'mon, we gotta finish by 3pm.",
    "Nothin' gets done here; he got it wrong, didn't he?\n\nThat was then.  This is now.",
    "There are 7,000 beds, there's no doctor and there were never more than 12 nurses.",
    "Have you seen what they did? Do it again and I'll tell you whether it works, if I can.",
    "The company, which has cut 1,200 jobs since 2019, does not expect profits to rise.",
]


def _attributes(doc) -> list[tuple]:
    return [(t.text, t.pos_, t.tag_, t.lemma_, str(t.morph), t.dep_) for t in doc]


def test_the_quick_ruler_reads_every_token_as_spacys_ruler():
    ours = get_nlp()
    spacys = spacy.load(settings.CROSSCHECK_SPACY_MODEL)
    assert "attribute_ruler" not in ours.pipe_names and "crosscheck_attributes" in ours.pipe_names
    for text in SENTENCES:
        assert _attributes(ours(text, disable=[COMPONENT])) == _attributes(spacys(text))


def test_a_ruler_applies_the_same_when_it_has_seen_the_tokens_before():
    spacys = spacy.load(settings.CROSSCHECK_SPACY_MODEL)
    ruler = spacys.get_pipe("attribute_ruler")
    assert replaceable(ruler)
    quick = QuickAttributeRuler(ruler)
    before_ruler = [name for name in spacys.pipe_names if name not in ("attribute_ruler", "lemmatizer", "ner")]
    for _ in range(2):  # the second time from what it remembers
        for text in SENTENCES:
            expected = _attributes(ruler(spacys(text, disable=["attribute_ruler", "lemmatizer", "ner"])))
            doc = spacys.make_doc(text)
            for name in before_ruler:
                doc = spacys.get_pipe(name)(doc)
            assert _attributes(quick(doc)) == expected


def test_a_ruler_that_looks_at_other_attributes_is_left_to_spacy():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"ORTH": "US"}]], {"POS": "PROPN"})
    assert not replaceable(ruler)
