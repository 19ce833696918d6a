"""The lecture's worked examples, defined once for every demo."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    """An expression to build, its title in the notes, and the values of its variables."""

    name: str
    title: str
    expression: str
    values: dict
    output: str = "f"


SEED = Example(
    "seed",
    "f(x, y, z, w) = xy + max(z, w)",
    "x*y + max(z, w)",
    {"x": 2.0, "y": -2.0, "z": 3.0, "w": 4.0},
)
"""Seeds 000 and 003: add(mul(x, y), max(z, w)) at x=2, y=-2, z=3, w=4, where f = 0."""

GOODFELLOW = Example(
    "goodfellow",
    "J = ½(xy − 3)², Goodfellow et al.'s example (target 3)",
    "0.5 * (x*y + -3)**2",  # "-3" is one constant
    {"x": 1.0, "y": 2.0},
    output="J",
)
"""Seed 004: z_hat = xy against the target 3, J = ½(z_hat − 3)² at x=1, y=2: dJ/dx = −2."""

EXAMPLES = {example.name: example for example in (SEED, GOODFELLOW)}

GOODFELLOW_XOR = {"W": [[1.0, 1.0], [1.0, 1.0]], "c": [0.0, -1.0], "w": [1.0, -2.0], "b": 0.0}
"""Seed 004's hand-built ReLU network that solves XOR: y = w · relu(W x + c) + b."""

SEED_003_ORDER = [(1, 1), (0, 1), (1, 0), (0, 0)]
"""The XOR points in the order seed 003's pure-Python network trains on them, one at a time."""
