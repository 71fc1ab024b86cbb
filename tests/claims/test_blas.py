"""The networks multiply with numpy's OpenBLAS on one thread, or with thinc's BLIS when asked."""
from __future__ import annotations

import numpy
import pytest
from thinc.api import Linear, Relu, chain

from claims.nlp.blas import one_thread, use_gemm
from claims.nlp.pipeline import get_nlp


def _model():
    model = chain(Relu(nO=8, nI=4), Linear(nO=3, nI=8))
    model.initialize()
    return model


def test_numpy_products_give_blis_products_but_for_the_last_bits():
    blis, ours = _model(), _model()
    ours.from_bytes(blis.to_bytes())
    use_gemm([ours], "numpy")
    assert all(not node.ops.use_blis for node in ours.walk())
    x = numpy.random.default_rng(7).random((50, 4), dtype="float32")
    assert numpy.allclose(blis.predict(x), ours.predict(x), rtol=1e-5, atol=1e-6)


def test_blis_is_left_as_thinc_has_it():
    model = _model()
    use_gemm([model], "blis")
    assert all(node.ops.use_blis for node in model.walk())


def test_an_unknown_product_is_refused():
    with pytest.raises(ValueError, match="one of numpy, blis"):
        use_gemm([_model()], "mkl")


@pytest.mark.model
def test_the_pipeline_multiplies_as_configured_on_one_thread(settings):
    nlp = get_nlp()
    numpy_products = settings.CROSSCHECK_NLP_GEMM == "numpy"
    for name in ("tok2vec", "ner", "parser"):
        assert nlp.get_pipe(name).model.ops.use_blis is not numpy_products
    if numpy_products:
        assert one_thread()
