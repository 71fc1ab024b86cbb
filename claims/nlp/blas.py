"""Which matrix product the pipeline's networks use, on one thread.

thinc multiplies with BLIS unless told otherwise, and most of the networks' time is those
products. On the machines we run on (AMD EPYC, virtualised) BLIS reaches about a third of the
speed of the OpenBLAS numpy ships with: a 9,600 x 288 by 288 x 288 product took 80 ms with
BLIS and 25 ms with OpenBLAS on one thread (BLIS_ARCH made no difference). thinc's own
`NumpyOps(use_blis=False)` hands the products to numpy and keeps thinc's other kernels. The
products differ from BLIS's in the last bits (the sums are taken in another order); the claims
of the seeds and the development set came out identical.

OpenBLAS would use every core; it is held to one thread, as BLIS runs, so a worker process
still uses one core (and the benchmark still compares one core with one core)."""
from __future__ import annotations

import ctypes
import glob
import logging
import os
from functools import cache

import numpy
from thinc.api import Model, NumpyOps

log = logging.getLogger(__name__)
KINDS = ("numpy", "blis")


def use_gemm(models: list[Model], kind: str) -> None:
    """Make every layer of `models` multiply with `kind` ("blis": thinc's default, left as is)."""
    if kind not in KINDS:
        raise ValueError(f"unknown matrix product {kind!r}: one of {', '.join(KINDS)}")
    if kind == "blis":
        return
    if not one_thread():
        log.warning("OpenBLAS could not be held to one thread; products stay with BLIS")
        return
    ops = NumpyOps(use_blis=False)
    for model in models:
        for node in model.walk():
            node.ops = ops


@cache
def one_thread() -> bool:
    """Hold numpy's OpenBLAS to one thread; False when that cannot be done (another BLAS)."""
    here = os.path.dirname(numpy.__file__)
    for path in glob.glob(os.path.join(here, os.pardir, "numpy.libs", "*openblas*")):
        library = ctypes.CDLL(path)  # numpy has loaded it: the same library, not a second copy
        for prefix in ("scipy_openblas", "openblas"):
            for suffix in ("64_", ""):
                setter = getattr(library, f"{prefix}_set_num_threads{suffix}", None)
                getter = getattr(library, f"{prefix}_get_num_threads{suffix}", None)
                if setter is not None and getter is not None:
                    setter(1)
                    return getter() == 1
    return False
