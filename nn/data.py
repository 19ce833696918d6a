"""Small data sets: the truth tables of seeds 000/001 and two interleaved moons."""

import math
import numbers

from .init import make_rng

_CORNERS = [[0, 0], [0, 1], [1, 0], [1, 1]]


def xor():
    """(X, Y) for XOR: no single neuron can learn it (seeds 000, 004)."""
    return [list(x) for x in _CORNERS], [0, 1, 1, 0]


def and_():
    """(X, Y) for AND."""
    return [list(x) for x in _CORNERS], [0, 0, 0, 1]


def or_():
    """(X, Y) for OR."""
    return [list(x) for x in _CORNERS], [0, 1, 1, 1]


def moons(n=100, noise=0.1, seed=0):
    """(X, Y): ``n`` points on two interleaved half circles plus Gaussian noise, shuffled.

    Label 0 is the upper moon (cos t, sin t), label 1 the lower one (1 - cos t, 0.5 - sin t),
    t evenly spaced in [0, pi] (as scikit-learn's make_moons). Same seed, same points.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"moons needs n >= 2 points (an int), got {n!r}")
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real) or not noise >= 0:
        raise ValueError(f"moons needs noise >= 0, got {noise!r}")
    rng = make_rng(seed)
    n_upper = n // 2
    n_lower = n - n_upper
    points = []
    for k in range(n_upper):
        t = math.pi * k / max(n_upper - 1, 1)
        points.append(([math.cos(t), math.sin(t)], 0))
    for k in range(n_lower):
        t = math.pi * k / max(n_lower - 1, 1)
        points.append(([1 - math.cos(t), 0.5 - math.sin(t)], 1))
    points = [
        ([x + rng.gauss(0.0, noise), y + rng.gauss(0.0, noise)], label) for (x, y), label in points
    ]
    rng.shuffle(points)
    return [p for p, _ in points], [label for _, label in points]
