"""The op table: every primitive of the engine, once.

Each row names a primitive, the symbol drawn for it, its forward function on floats, and
its local partials: d out / d input for each input, in argument order.

Conventions (the seeds fix them; PyTorch sometimes differs):

- Argument order is kept. ``add(x, y)`` has inputs ``(x, y)`` and ``x * x`` has
  inputs ``(x, x)``: a node used twice receives two terms in its gradient sum.
- ``max(a, b)`` routes the whole gradient to ``a`` when ``a >= b``, else to ``b``
  (seed 000: d max / dz = 1 if z >= w). At a tie ``torch.maximum`` splits it 0.5 / 0.5.
- ``relu'(0) = 0`` (seed 002: ReLU'(z) = 0 for z <= 0). PyTorch agrees.
- ``pow(x, p)`` takes the exponent as its second input. d/dp = out * log(x) for x > 0;
  for x <= 0 the power is not differentiable in p and we report 0 (PyTorch gives nan
  for x < 0).
- ``sigmoid`` is evaluated in a form that cannot overflow for any finite input.

A partials function receives the inputs and the output either as floats (ordinary
backprop) or as Values (``create_graph=True``, the book's symbol-to-symbol derivatives),
so each derivative rule is written once and is differentiable again. Branches compare
``float(...)``, which works for both.

Not primitives: ``neg`` is ``x * -1``, ``sub`` is ``x + (-y)`` and ``div`` is
``x * y ** -1``, so their derivatives come from the rules below.
"""

import math
import operator
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Op:
    """One primitive: its name, drawn symbol, forward on floats and local partials."""

    name: str
    symbol: str
    arity: int
    forward: Callable[..., float]
    partials: Callable[..., tuple]
    rule: str  # the gate's behaviour in words, as the step-through says it


class _Hinted:
    """Mixin for forward errors: ``message`` says what went wrong, ``hint`` what to do."""

    def __init__(self, message, hint=""):
        super().__init__(f"{message}. {hint}" if hint else message)
        self.message, self.hint = message, hint


class DomainError(_Hinted, ValueError):
    """An input outside an op's domain, such as log(-1)."""


class OverflowingError(_Hinted, OverflowError):
    """A result too large for a float."""


class DivisionByZero(_Hinted, ZeroDivisionError):
    """A division by zero, or zero to a negative power."""


def _exp(x):
    try:
        return math.exp(x)
    except OverflowError:
        raise OverflowingError(
            f"exp() overflows for input {x:g}",
            "Inputs above about 709.78 are too large for a float: scale the input down, "
            "or use a stable form (sigmoid(), softplus(), bce_with_logits()).",
        ) from None


def _log(x):
    if x <= 0:
        raise DomainError(
            f"log() needs a positive input, got {x:g}",
            "Clamp the input or add a small epsilon before taking the log.",
        )
    return math.log(x)


def _pow(x, p):
    if x < 0 and p != int(p):
        raise DomainError(
            f"pow: a negative number to a fractional power is not real: ({x:g}) ** {p:g}",
            "Use an integer exponent, or make the base positive.",
        )
    if x == 0 and p < 0:
        raise DivisionByZero(
            f"pow: 0 ** {p:g} divides by zero",
            "The base must be nonzero for a negative exponent.",
        )
    try:
        return x**p
    except OverflowError:
        raise OverflowingError(f"pow: ({x:g}) ** {p:g} is too large for a float") from None


def _sigmoid(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)  # x < 0, so e <= 1: no overflow on either branch
    return e / (1.0 + e)


def _pow_partials(x, p, out):
    if isinstance(x, float):
        d_base = p * _pow(x, p - 1)  # _pow, not **, so 0 ** -0.5 gets a clear error
        d_exponent = out * math.log(x) if x > 0 else 0.0
    else:
        d_base = p * x ** (p - 1)
        d_exponent = out * x.log() if float(x) > 0 else 0.0
    return d_base, d_exponent


#   name       symbol  arity  forward                         partials (inputs..., out)                                rule
_ROWS = [
    Op("add",     "+",     2, operator.add,                   lambda a, b, out: (1.0, 1.0),                           "add distributes"),
    Op("mul",     "×",     2, operator.mul,                   lambda a, b, out: (b, a),                               "mul switches"),
    Op("max",     "max",   2, lambda a, b: a if a >= b else b, lambda a, b, out: (1.0, 0.0) if float(a) >= float(b) else (0.0, 1.0), "max routes"),
    Op("pow",     "**",    2, _pow,                           _pow_partials,                                          "pow scales by p·x^(p-1)"),
    Op("exp",     "exp",   1, _exp,                           lambda a, out: (out,),                                  "exp scales by its output"),
    Op("log",     "log",   1, _log,                           lambda a, out: (1.0 / a,),                              "log scales by 1/x"),
    Op("tanh",    "tanh",  1, math.tanh,                      lambda a, out: (1.0 - out * out,),                      "tanh scales by 1 - tanh²"),
    Op("sigmoid", "σ",     1, _sigmoid,                       lambda a, out: (out * (1.0 - out),),                    "sigmoid scales by σ(1 - σ)"),
    Op("relu",    "relu",  1, lambda a: a if a > 0 else 0.0,  lambda a, out: (1.0 if float(a) > 0 else 0.0,),         "relu gates"),
]  # fmt: skip

OPS = {op.name: op for op in _ROWS}
"""Every primitive by name; a Value's ``.op`` is a key of this dict (or "" for a leaf)."""
