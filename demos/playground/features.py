"""The input features: what the network sees of a point (x1, x2), as TensorFlow Playground
offers them. Each row names a feature, gives its label in drawings and computes it."""

import math
from typing import Callable, NamedTuple


class Feature(NamedTuple):
    """One input of the network: ``compute(x1, x2)`` is its value at a point."""

    name: str
    label: str
    compute: Callable


FEATURES = {
    f.name: f
    for f in (
        Feature("x1",    "x1",     lambda x1, x2: x1),
        Feature("x2",    "x2",     lambda x1, x2: x2),
        Feature("x1sq",  "x1²",    lambda x1, x2: x1 * x1),
        Feature("x2sq",  "x2²",    lambda x1, x2: x2 * x2),
        Feature("x1x2",  "x1·x2",  lambda x1, x2: x1 * x2),
        Feature("sinx1", "sin x1", lambda x1, x2: math.sin(x1)),
        Feature("sinx2", "sin x2", lambda x1, x2: math.sin(x2)),
    )
}  # fmt: skip
"""Every feature by name, in the order the network takes them."""


def feature_rows(names, points):
    """The features ``names`` of each point (x1, x2, ...): one list of floats per point."""
    computes = [FEATURES[name].compute for name in names]
    return [[compute(p[0], p[1]) for compute in computes] for p in points]
