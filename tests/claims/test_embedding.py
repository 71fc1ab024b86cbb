"""Embedding each distinct token of a batch once gives the model's own vectors, bit for bit."""
from __future__ import annotations

import pytest

from claims.nlp.embedding import embed_distinct_rows
from tests.claims.same_vectors import assert_same_vectors

pytestmark = pytest.mark.model

# Words repeated within and across the texts of one batch, as news repeats them.
TEXTS = [
    "At least 42 people were killed and 130 people were injured, officials said on Monday.",
    "The officials said the death toll could rise: 42 people were killed, not 24.",
    "",
    "Flooding   hit the north.\n\nThe north said it had 3,000 homes without power.",
]


@pytest.mark.parametrize("name", ["tok2vec", "ner"])
def test_distinct_rows_give_the_same_vectors(name):
    assert_same_vectors(name, embed_distinct_rows, 1, TEXTS)
