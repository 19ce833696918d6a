"""Heat maps: every feature, every hidden neuron and the output over a grid of the plane.

The neurons come from ``nn.floats.layer_outputs_over``, the float forward pass that is
exact to the Value graph. A heat map travels as ``{"lo", "hi", "center", "bytes"}``:
``bytes`` is base64 of size × size unsigned bytes, row by row from the top (x2 = 6) down,
each the value at the centre of its cell, b standing for lo + (hi - lo) · b / 255.
``center`` is the value drawn white.
"""

import base64
import math
from functools import lru_cache

from nn import floats

from .datasets import EXTENT
from .features import FEATURES, feature_rows

SIZE = 50
"""Cells along each side of the grid."""


def grid(size=SIZE):
    """The centres of the grid's cells, row by row from the top (x2 = EXTENT) down."""
    step = 2 * EXTENT / size
    coordinates = [-EXTENT + step * (k + 0.5) for k in range(size)]
    return [(x1, x2) for x2 in reversed(coordinates) for x1 in coordinates]


@lru_cache(maxsize=16)
def _inputs(features, size):
    """The network's inputs at every cell of the grid: one row of features per cell."""
    return feature_rows(features, grid(size))


@lru_cache(maxsize=4)
def _feature_maps(size):
    """Every feature of the table over the grid, encoded: they never change, so they are
    made once (a feature the network does not take is drawn too, on its toggle)."""
    rows = _inputs(tuple(FEATURES), size)
    return tuple(encode([row[k] for row in rows], 0.0) for k in range(len(FEATURES)))


def heatmaps(model, features, head, version, size=SIZE):
    """Every heat map of ``model`` (its inputs the ``features``, its output shown by ``head``),
    as the frame's ``heatmaps`` object, tagged with the model's ``version``."""
    layers = floats.layer_outputs_over(model, _inputs(tuple(features), size))
    hidden = [[encode(values, _center(layer.activation)) for values in outputs]
              for layer, outputs in zip(model.layers, layers[:-1])]  # fmt: skip
    shown = list(map(head.show, layers[-1][0]))
    return {
        "version": version,
        "size": size,
        "extent": [-EXTENT, EXTENT],
        "features": list(_feature_maps(size)),
        "neurons": hidden,
        "output": encode(shown, head.center),
    }


def _center(activation):
    return 0.5 if activation == "sigmoid" else 0.0


def encode(values, center):
    """One heat map of ``values`` (floats, row by row): ``{"lo", "hi", "center", "bytes"}``.

    A value that is not finite (an overflow in a diverging model) is drawn as the nearest
    end: +inf as hi, -inf and nan as lo.
    """
    finite = [v for v in values if math.isfinite(v)]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 0.0)
    scale = 255 / (hi - lo) if hi > lo else 0.0

    def byte(v):
        if not math.isfinite(v):
            return 255 if v > 0 else 0
        return int((v - lo) * scale + 0.5)

    return {
        "lo": lo,
        "hi": hi,
        "center": center,
        "bytes": base64.b64encode(bytes(map(byte, values))).decode("ascii"),
    }
