"""The lecture's lessons on XOR: presets that set up the seeds' networks, and the perceptron.

``PRESETS`` holds one row per preset: its name, what it is, the settings it installs
(keeping the current seed), its hand-set weights if any, and what it says when loaded.
``perceptron_lesson()`` runs Rosenblatt's rule on AND, OR and XOR and returns the report.
"""

from dataclasses import dataclass
from typing import Callable

import nn
from autograd.render import format_number
from demos.examples import GOODFELLOW_XOR

from . import views
from .settings import Settings

PERCEPTRON_EPOCHS = 20


@dataclass(frozen=True)
class Preset:
    """A ready-made setup: after loading it prints ``preset NAME: MODEL`` and ``headline``,
    then ``lines`` (where ``{settings}`` stands for the settings). ``weights``, if any,
    replace the drawn ones, in the order of ``model.parameters()``."""

    name: str
    summary: str
    settings: Callable  # the current seed -> Settings
    headline: str
    lines: tuple
    weights: tuple = ()


def _goodfellow_weights(W, c, w, b):
    # parameters() runs neuron by neuron, each its weights then its bias
    return (*W[0], c[0], *W[1], c[1], *w, b)


def _numbers(x):
    """A number or nested lists of numbers as the book writes them: [[1, 1], [1, 1]]."""
    if isinstance(x, list):
        return "[" + ", ".join(map(_numbers, x)) + "]"
    return format_number(x)


_ROWS = [
    Preset(
        "default",
        "the defaults: 2-4-1, tanh hidden, sigmoid output, BCE, SGD lr 0.5, uniform init",
        lambda seed: Settings(seed=seed),
        "the trainer's defaults",
        ("{settings}",),
    ),
    Preset(
        "seed-net",
        "seed 003's network and its training: 2-2-1, sigmoid hidden, tanh output, squared "
        "error, one step per point",
        lambda seed: Settings(
            (2,), "sigmoid", "tanh", "mse", "sgd", 0.25, "uniform", seed, batch="online"
        ),
        "seed 003's XOR network",
        (
            "{settings}",
            "As seed 003's code trains it: online, one step per point in the order",
            "(1,1), (0,1), (1,0), (0,0), at lr 0.5 on ½(y - y_hat)². gradtable's mse is",
            "(y - y_hat)², so lr 0.25 takes the same steps. `train 100` is the seed's run.",
        ),
    ),
    Preset(
        "goodfellow",
        "seed 004's hand-built ReLU solution (the book's W, c, w, b), not trained",
        lambda seed: Settings((2,), "relu", "linear", "mse", "sgd", 0.1, "uniform", seed),
        "seed 004's hand-built solution, not trained:",
        (
            "  y = w·relu(W x + c) + b, with",
            "  " + ", ".join(f"{name} = {_numbers(x)}" for name, x in GOODFELLOW_XOR.items()),
            "{settings}",
        ),
        _goodfellow_weights(**GOODFELLOW_XOR),
    ),
]

PRESETS = {preset.name: preset for preset in _ROWS}
"""Every preset by name."""


def load_preset(session, preset):
    """Install ``preset`` in ``session`` (same seed) and return what it says, as lines."""
    session.rebuild(preset.settings(session.settings.seed), weights=preset.weights)
    settings = f"settings  {session.settings.describe()}"
    return [f"preset {preset.name}: {session.model!r}", f"  {preset.headline}"] + [
        line.format(settings=settings) for line in preset.lines
    ]


def perceptron_lesson():
    """Rosenblatt's perceptron on AND, OR and XOR, from w = 0: the report as lines of text."""
    lines = [
        "Rosenblatt's perceptron: predict 1 if w·x + b > 0; after each mistake",
        "w += (y - y_hat) x, b += (y - y_hat). Starts at w = 0, b = 0; "
        f"at most {PERCEPTRON_EPOCHS} epochs.",
    ]
    grids = []
    for gate, data in (("AND", nn.and_), ("OR", nn.or_), ("XOR", nn.xor)):
        X, Y = data()
        p = nn.Perceptron(2)
        errors = p.fit(X, Y, epochs=PERCEPTRON_EPOCHS, lr=1.0)
        w, b = [v.data for v in p.w], p.b.data
        if p.converged:
            verdict = f"learned in {len(errors)} epoch{'s' if len(errors) != 1 else ''}"
        else:
            wrong = sum(p.predict(x) != y for x, y in zip(X, Y))
            verdict = f"FAILS: still {wrong} wrong after {len(errors)} epochs"
        lines.append(
            f"{gate:<4} {verdict}; w = [{format_number(w[0], 3)}, {format_number(w[1], 3)}], "
            f"b = {format_number(b, 3)}"
        )
        lines.append(f"     mistakes per epoch: {' '.join(map(str, errors))}")
        grids.append(views.perceptron_grid(w, b, Y))
    width = len(grids[0][0])
    lines.append("  ".join(f"{gate:^{width}}" for gate in ("AND", "OR", "XOR")))
    lines.extend("  ".join(row) for row in zip(*grids))
    lines += [
        "'#' is where the perceptron says 1. One straight line can split AND and OR, but",
        "no line puts (0,1) and (1,0) on one side and (0,0) and (1,1) on the other: the",
        "weights keep cycling. A hidden layer bends the boundary: `show` the MLP's.",
    ]
    return lines
