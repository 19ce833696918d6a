"""The playground's data sets: labelled points in the plane [-6, 6]², split into training
and test points.

Each maker takes the number of points, the noise as a fraction (0 to 0.5) and a seeded
``random.Random``, and returns ``(x1, x2, label)`` triples. A classification label is 0 or
1; a regression label is a number in [-1, 1]. The shapes follow TensorFlow Playground's
data sets. Noise works in one of two ways. Either a point stays where it was drawn and its
label is read at a place moved by up to ``5 * noise`` in each coordinate, so points near a
boundary may get the other side's label. Or, for the clusters, moons and spirals, the
points themselves scatter more.
"""

import math
import random
from typing import Callable, NamedTuple

import nn

EXTENT = 6.0
"""The plane is [-EXTENT, EXTENT] in both coordinates."""

_SHIFT = 5.0  # how far noise 1.0 would move the place where a label is read


class Data(NamedTuple):
    """The points of a run: ``train`` and ``test`` lists of (x1, x2, label), and the problem."""

    train: list
    test: list
    problem: str  # "classification" or "regression"


class Dataset(NamedTuple):
    """One data set: its name, its problem, and how it makes its points."""

    name: str
    problem: str
    make: Callable
    help: str


def _clip(x):
    return min(max(x, -EXTENT), EXTENT)


def _shifted(rng, noise, x):
    """``x`` moved by the noise: where a label is read."""
    return x + rng.uniform(-_SHIFT, _SHIFT) * noise


def _xor(n, noise, rng):
    points = []
    for _ in range(n):
        # each coordinate at least 0.3 away from its axis, so the quadrants show
        x1, x2 = (_away_from_axis(rng.uniform(-5.7, 5.7)) for _ in range(2))
        a, b = _shifted(rng, noise, x1), _shifted(rng, noise, x2)
        points.append((x1, x2, int((a > 0) != (b > 0))))
    return points


def _away_from_axis(x):
    return x + 0.3 if x >= 0 else x - 0.3


def _xor_points(n, noise, rng):
    """The lecture's four points, XOR's truth table with 0 at -3 and 1 at +3."""
    return [(-3.0, -3.0, 0), (-3.0, 3.0, 1), (3.0, -3.0, 1), (3.0, 3.0, 0)]


def _circle(n, noise, rng):
    """Class 1 inside radius 2.5, class 0 on a ring from 3.5 to 5."""
    points = []
    for k in range(n):
        inside = k < n // 2
        r = rng.uniform(0.0, 2.5) if inside else rng.uniform(3.5, 5.0)
        angle = rng.uniform(0.0, 2 * math.pi)
        x1, x2 = r * math.sin(angle), r * math.cos(angle)
        a, b = _shifted(rng, noise, x1), _shifted(rng, noise, x2)
        points.append((x1, x2, int(math.hypot(a, b) < 2.5)))
    return points


def _gauss(n, noise, rng):
    """Two round clusters, class 1 around (2, 2) and class 0 around (-2, -2); noise widens them."""
    spread = math.sqrt(0.5 + 7.0 * noise)  # standard deviation: 0.71 at no noise, 2 at 50%
    points = []
    for k in range(n):
        label = int(k < n // 2)
        center = 2.0 if label else -2.0
        x1, x2 = (_clip(rng.gauss(center, spread)) for _ in range(2))
        points.append((x1, x2, label))
    return points


def _spiral(n, noise, rng):
    """Two spirals that wind about each other, one per class, out to radius 5."""
    points = []
    half = max(n // 2, 1)
    for k in range(n):
        label, i = (1, k) if k < half else (0, k - half)
        r = 5.0 * i / half
        t = 1.75 * 2 * math.pi * i / half + (0.0 if label else math.pi)
        x1 = r * math.sin(t) + rng.uniform(-2.0, 2.0) * noise
        x2 = r * math.cos(t) + rng.uniform(-2.0, 2.0) * noise
        points.append((_clip(x1), _clip(x2), label))
    return points


def _moons(n, noise, rng):
    """``nn.moons``, centred and scaled by 3.5 into the plane."""
    xs, labels = nn.moons(n, noise=0.4 * noise, seed=rng)
    return [
        (_clip((x1 - 0.5) * 3.5), _clip((x2 - 0.25) * 3.5), label)
        for (x1, x2), label in zip(xs, labels)
    ]


def _plane(n, noise, rng):
    """A tilted plane: the label rises from -1 at (-6, -6) to 1 at (6, 6)."""
    points = []
    for _ in range(n):
        x1, x2 = rng.uniform(-EXTENT, EXTENT), rng.uniform(-EXTENT, EXTENT)
        label = (_shifted(rng, noise, x1) + _shifted(rng, noise, x2)) / (2 * EXTENT)
        points.append((x1, x2, min(max(label, -1.0), 1.0)))
    return points


_BUMPS = [(-4.0, 2.5, 1.0), (0.0, 2.5, -1.0), (4.0, 2.5, 1.0),
          (-4.0, -2.5, -1.0), (0.0, -2.5, 1.0), (4.0, -2.5, -1.0)]  # fmt: skip


def _multigauss(n, noise, rng):
    """Six Gaussian bumps, up and down in turn, on a 3 by 2 grid: the label is their sum."""
    points = []
    for _ in range(n):
        x1, x2 = rng.uniform(-EXTENT, EXTENT), rng.uniform(-EXTENT, EXTENT)
        a, b = _shifted(rng, noise, x1), _shifted(rng, noise, x2)
        label = sum(s * math.exp(-((a - c1) ** 2 + (b - c2) ** 2) / 4.5) for c1, c2, s in _BUMPS)
        points.append((x1, x2, min(max(label, -1.0), 1.0)))
    return points


DATASETS = {
    d.name: d
    for d in (
        Dataset("xor",        "classification", _xor,        "noisy quadrants"),
        Dataset("xor-points", "classification", _xor_points, "the lecture's four points, at ±3"),
        Dataset("circle",     "classification", _circle,     "a disc inside a ring"),
        Dataset("gauss",      "classification", _gauss,      "two Gaussian clusters"),
        Dataset("spiral",     "classification", _spiral,     "two interleaved spirals"),
        Dataset("moons",      "classification", _moons,      "two interleaved half circles"),
        Dataset("plane",      "regression",     _plane,      "a tilted plane"),
        Dataset("multigauss", "regression",     _multigauss, "six Gaussian bumps"),
    )
}  # fmt: skip
"""Every data set by name."""


def training_size(dataset, points, train_percent):
    """How many of the points are training points (``xor-points``: all four)."""
    return 4 if dataset == "xor-points" else points * train_percent // 100


def make(dataset, points, noise, train_percent, seed):
    """The ``Data`` of a run: ``points`` points (noise in percent), shuffled and split.

    Same arguments, same points. ``xor-points`` always has its four points, which are the
    training and the test points alike.
    """
    spec = DATASETS[dataset]
    rng = random.Random(seed)
    made = spec.make(points, noise / 100, rng)
    if dataset == "xor-points":
        return Data(list(made), list(made), spec.problem)
    rng.shuffle(made)
    n_train = training_size(dataset, points, train_percent)
    return Data(made[:n_train], made[n_train:], spec.problem)
