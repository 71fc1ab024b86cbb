"""The maxout layers' maximum taken with numpy, in prediction.

A maxout layer multiplies, adds its bias and keeps the largest of its pieces (three in the
model's token-to-vector networks: four such layers in each of the two, and one more in each
embedding). thinc takes that maximum with a loop of its own that also records which piece won,
for the gradient: on the batches we read it cost about a fifth of the time of the product
before it, and it came to some 15 % of the networks' time. Prediction needs no gradient, and
numpy's element-wise maximum of the pieces is several times faster. A maximum is exact, so the
vectors are the same bits (tests/claims/test_maxout.py compares the two); only a tie between
0.0 and -0.0 may keep the other sign, which no later product or norm tells apart.

Only for prediction: in training the layer runs as it was (its gradient needs the winners)."""
from __future__ import annotations

import numpy
from thinc.api import Model

NAME = "numpy_maxout"


def max_with_numpy(model: Model) -> int:
    """Wrap each maxout layer inside `model` in one that takes its maximum with numpy in
    prediction; the number wrapped."""
    wrapped = {node.layers[0].id for node in model.walk() if node.name == NAME}
    found = [node for node in model.walk() if node.name == "maxout" and node.id not in wrapped]
    for layer in found:
        model.replace_node(layer, Model(NAME, _forward, layers=[layer],
                                        dims={"nO": layer.get_dim("nO"), "nI": layer.get_dim("nI")}))
    return len(found)


def _forward(model: Model, X, is_train: bool):
    layer = model.layers[0]
    if is_train:
        return layer(X, is_train)
    # thinc.layers.maxout.forward up to its maximum, step by step.
    ops = layer.ops
    nO, nP, nI = layer.get_dim("nO"), layer.get_dim("nP"), layer.get_dim("nI")
    W = ops.reshape2f(layer.get_param("W"), nO * nP, nI)
    Y = ops.gemm(X, W, trans2=True)
    Y += ops.reshape1f(layer.get_param("b"), nO * nP)
    Z = ops.reshape3f(Y, Y.shape[0], nO, nP)
    if nP == 1:
        return numpy.ascontiguousarray(Z[:, :, 0]), _no_gradient
    best = numpy.maximum(Z[:, :, 0], Z[:, :, 1])
    for piece in range(2, nP):
        numpy.maximum(best, Z[:, :, piece], out=best)
    return best, _no_gradient


def _no_gradient(d_best):
    raise NotImplementedError("numpy_maxout is for prediction only")
