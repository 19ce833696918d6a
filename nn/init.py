"""Weight initialisers (seed 002; ``uniform`` is the seed code's, seed 003).

``uniform``: weights and bias U(-1, 1). The Gaussian schemes draw weights N(0, var) and
set the bias to 0: ``xavier`` var = 1/n_in, ``glorot`` var = 2/(n_in + n_out) and ``he``
var = 2/n_in (He et al. 2015; seed 002 writes 2/M_avg, but He's derivation and PyTorch
use fan-in).
"""

import math
import random

INITS = ("uniform", "xavier", "glorot", "he")


def check_init(init):
    """Raise a ValueError naming the choices unless ``init`` is one of INITS."""
    if init not in INITS:
        raise ValueError(f"unknown init {init!r}; choose one of: {', '.join(INITS)}")


def variance(init, nin, nout=1):
    """The variance of the weights under ``init`` (1/3 for uniform)."""
    check_init(init)
    return {
        "uniform": 1.0 / 3.0,
        "xavier": 1.0 / nin,
        "glorot": 2.0 / (nin + nout),
        "he": 2.0 / nin,
    }[init]


def draw(init, nin, nout, rng):
    """(weights, bias) as floats for one neuron with ``nin`` inputs in a layer of ``nout``."""
    check_init(init)
    if init == "uniform":
        return [rng.uniform(-1.0, 1.0) for _ in range(nin)], rng.uniform(-1.0, 1.0)
    sd = math.sqrt(variance(init, nin, nout))
    return [rng.gauss(0.0, sd) for _ in range(nin)], 0.0


def make_rng(seed):
    """A random.Random for ``seed``: an int, a Random (used as is) or None (fresh, unseeded)."""
    if isinstance(seed, random.Random):
        return seed
    if seed is None or (isinstance(seed, int) and not isinstance(seed, bool)):
        return random.Random(seed)
    raise TypeError(
        f"seed must be an int, a random.Random or None, got {type(seed).__name__}: {seed!r}"
    )


def seed_to_save(seed):
    """The seed as a model file records it: an int as it is; a Random or None as None."""
    return seed if isinstance(seed, int) and not isinstance(seed, bool) else None
