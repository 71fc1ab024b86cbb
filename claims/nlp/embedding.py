"""Each distinct token of a batch embedded once.

The first stage of the model's token-to-vector networks (the tok2vec the tagger and the parser
share, and the entity recogniser's own) turns each token into a vector from a few of its
attributes alone (its normal form, prefix, suffix, shape and, for the shared one, whether a space
follows): hash embeddings, then a maxout layer and a layer norm. The context comes later, in the
encoder. A token that occurs twenty times in a batch ("the", ",", "said", "people") is the same
row twenty times, and that stage was a quarter to a third of the networks' multiplications: it
is run on the batch's distinct rows and its results are copied out to every token. Nothing is
kept between batches, so a batch costs what its own text costs.

Only for prediction: in training the layer runs as it was (its gradient needs every row)."""
from __future__ import annotations

import numpy
from thinc.api import Model

NAME = "distinct_embed"


def _is_embed(node: Model) -> bool:
    """spaCy's MultiHashEmbed: features, to ragged, hash embeddings, maxout, back to a list."""
    names = [layer.name for layer in node.layers]
    return len(names) == 5 and names[0] == "extract_features" and names[1] == "list2ragged" \
        and names[-1] == "ragged2list" and names[3].startswith("with_array(maxout")


def embed_distinct_rows(model: Model) -> int:
    """Replace each embedding stage inside `model` by one that embeds distinct rows once; the
    number replaced."""
    wrapped = {node.layers[0].id for node in model.walk() if node.name == NAME}
    found = [node for node in model.walk() if _is_embed(node) and node.id not in wrapped]
    for embed in found:
        model.replace_node(embed, Model(NAME, _forward, layers=[embed], dims={"nO": embed.get_dim("nO")}))
    return len(found)


def _forward(model: Model, docs, is_train: bool):
    embed = model.layers[0]
    if is_train:
        return embed(docs, is_train)
    extract, _, hashed, maxout, _ = embed.layers
    features = extract.predict(docs)
    lengths = [len(f) for f in features]
    if not sum(lengths):
        return embed.predict(docs), lambda d: []
    rows = numpy.concatenate([numpy.asarray(f) for f in features])
    distinct, where = numpy.unique(rows, axis=0, return_inverse=True)
    # The layers inside `with_array` take the rows as one array, as with_array gives them.
    vectors = maxout.layers[0].predict(hashed.layers[0].predict(model.ops.asarray2i(distinct, dtype="uint64")))
    everyone = vectors[where.reshape(-1)]
    out, start = [], 0
    for length in lengths:
        out.append(everyone[start : start + length])
        start += length
    return out, lambda d: []

