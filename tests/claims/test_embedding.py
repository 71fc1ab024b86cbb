"""Embedding each distinct token of a batch once gives the model's own vectors, bit for bit."""
from __future__ import annotations

import numpy
import pytest
import spacy
from django.conf import settings

from claims.nlp.embedding import embed_distinct_rows

pytestmark = pytest.mark.model

# Words repeated within and across the texts of one batch, as news repeats them.
TEXTS = [
    "At least 42 people were killed and 130 people were injured, officials said on Monday.",
    "The officials said the death toll could rise: 42 people were killed, not 24.",
    "",
    "Flooding   hit the north.\n\nThe north said it had 3,000 homes without power.",
]


def _vectors(nlp, name: str, docs) -> list:
    model = nlp.get_pipe(name).model
    tok2vec = model if name == "tok2vec" else model.get_ref("tok2vec")
    return tok2vec.predict(docs)


@pytest.mark.parametrize("name", ["tok2vec", "ner"])
def test_distinct_rows_give_the_same_vectors(name):
    spacys = spacy.load(settings.CROSSCHECK_SPACY_MODEL)
    ours = spacy.load(settings.CROSSCHECK_SPACY_MODEL)
    assert embed_distinct_rows(ours.get_pipe(name).model) == 1
    assert embed_distinct_rows(ours.get_pipe(name).model) == 0  # replaced once only
    docs = [spacys.make_doc(text) for text in TEXTS]
    expected, got = _vectors(spacys, name, docs), _vectors(ours, name, docs)
    assert len(expected) == len(got)
    for a, b in zip(expected, got):
        assert a.shape == b.shape and numpy.array_equal(a, b)
