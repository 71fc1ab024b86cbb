"""Taking the maxout layers' maximum with numpy gives the model's own vectors, bit for bit."""
from __future__ import annotations

import numpy
import pytest
import spacy
from django.conf import settings
from thinc.api import Model

from claims.nlp.maxout import max_with_numpy
from tests.claims.same_vectors import assert_same_vectors

pytestmark = pytest.mark.model

TEXTS = [
    "At least 42 people were killed and 130 people were injured, officials said on Monday.",
    "The ministry said some 1,200 homes in the valley had no power for three days.",
    "",
    "A storm hit the coast.\n\nIt was the second in a month, the agency said.",
]


@pytest.mark.parametrize("name", ["tok2vec", "ner"])
def test_maximum_with_numpy_gives_the_same_vectors(name):
    # Four encoder layers and the embedding's.
    assert_same_vectors(name, max_with_numpy, 5, TEXTS)


def test_the_maximum_is_the_largest_piece():
    layer = spacy.load(settings.CROSSCHECK_SPACY_MODEL).get_pipe("tok2vec").model
    maxout = next(node for node in layer.walk() if node.name == "maxout")
    holder = Model("holder", lambda model, X, is_train: model.layers[0](X, is_train), layers=[maxout])
    X = numpy.random.default_rng(7).standard_normal((5, maxout.get_dim("nI"))).astype("float32")
    expected = maxout.predict(X)
    assert max_with_numpy(holder) == 1
    wrapped = holder.layers[0]
    assert wrapped.name == "numpy_maxout"
    assert numpy.array_equal(wrapped.predict(X), expected)
    # In training the layer runs as thinc wrote it, with its gradient.
    _, backprop = wrapped(X, is_train=True)
    assert backprop(numpy.ones_like(expected)).shape == X.shape


def test_the_pipeline_takes_its_maximum_with_numpy():
    from claims.nlp.pipeline import get_nlp

    nlp = get_nlp()
    for name in ("tok2vec", "ner"):
        assert any(node.name == "numpy_maxout" for node in nlp.get_pipe(name).model.walk())
