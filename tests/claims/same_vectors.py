"""What the tests of a faster way to the model's vectors share: the vectors of one network of the
stock pipeline and of one changed in place, compared bit for bit."""
from __future__ import annotations

from collections.abc import Callable

import numpy
import spacy
from django.conf import settings
from thinc.api import Model


def _vectors(nlp, name: str, docs) -> list:
    model = nlp.get_pipe(name).model
    tok2vec = model if name == "tok2vec" else model.get_ref("tok2vec")
    return tok2vec.predict(docs)


def assert_same_vectors(name: str, change: Callable[[Model], int], changed: int, texts: list[str]) -> None:
    """`change` applied to the pipe `name` changes `changed` layers, and none when applied again;
    the vectors of `texts` are then the stock pipeline's, bit for bit."""
    stock = spacy.load(settings.CROSSCHECK_SPACY_MODEL)
    ours = spacy.load(settings.CROSSCHECK_SPACY_MODEL)
    assert change(ours.get_pipe(name).model) == changed
    assert change(ours.get_pipe(name).model) == 0  # changed once only
    docs = [stock.make_doc(text) for text in texts]
    expected, got = _vectors(stock, name, docs), _vectors(ours, name, docs)
    assert len(expected) == len(got)
    for a, b in zip(expected, got):
        assert a.shape == b.shape and numpy.array_equal(a, b)
