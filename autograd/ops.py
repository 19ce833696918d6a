"""The op table: every primitive of the engine, once.

Each row writes one primitive as formulas over its inputs ``a`` (and ``b``) and its
output ``out``, like an entry of PyTorch's derivatives.yaml:

    name      the op; a Value's ``.op`` is one of these names ("" for a leaf)
    symbol    what a drawing shows on the op's node
    forward   out, from the input numbers
    partials  d out / d a (and d out / d b): one formula per input, in argument order
    rule      what the gate does to a gradient, in words, as the step-through says it: one
              sentence, or one per input where they differ

Each formula is compiled once, here, into a Python function. A forward runs on floats. A
partial runs on floats (backprop, and the Python a tape generates from these same formulas)
and on Values (``grad(..., create_graph=True)``, the book's symbol-to-symbol derivatives,
section 6.5.5), so each derivative is written once and can be differentiated again. Inside
a formula, ``exp log pow tanh sigmoid`` name the ops themselves: on floats their forward
functions below, on Values a new node. Comparisons work on both, since a Value compares by
its data.

Conventions (the seeds fix them; PyTorch sometimes differs):

- Argument order is kept. ``add(x, y)`` has inputs ``(x, y)`` and ``x * x`` has
  inputs ``(x, x)``: a node used twice receives two terms in its gradient sum.
- ``max(a, b)`` routes the whole gradient to ``a`` when ``a >= b``, else to ``b``
  (seed 000: d max / dz = 1 if z >= w). At a tie ``torch.maximum`` splits it 0.5 / 0.5.
- ``relu'(0) = 0`` (seed 002: ReLU'(z) = 0 for z <= 0). PyTorch agrees.
- ``pow(a, b)`` takes the exponent as its second input. d/da is 0 where b = 0, since
  a ** 0 is the constant 1 (even at a = 0). d/db = out * log(a) for a > 0; for a <= 0 the
  power is not differentiable in b and we report 0 (PyTorch gives nan for a < 0).
- ``sigmoid`` is evaluated in a form that cannot overflow for any finite input.
- No Value holds inf or nan: an op whose result is not finite raises OverflowError,
  naming the op and its labelled inputs. (A nan would raise ValueError, but from finite
  inputs, which ``.data`` ensures, no op makes one.)
- Backward agrees with forward. Where forward succeeds, a partial that is a limit takes its
  limit (d/da a ** 0 = 0, even at a = 0). Where a derivative itself has no finite value
  (a ** 0.5 at a = 0, log at 1e-320, 1 / a at 1e-160), backprop raises one error naming
  the node, as "the derivative of x ** 0.5 (u_3) is infinite at x = 0"; it never hands
  back inf or nan.

Not primitives: ``neg`` is ``x * -1``, ``sub`` is ``x + (-y)`` and ``div`` is
``x * y ** -1``, so their derivatives come from the rules below.
"""

import math
from dataclasses import dataclass, field
from typing import Callable


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


def annotated(error, note):
    """The same kind of error with ``(note)`` after its message; a hint stays last."""
    message = f"{getattr(error, 'message', error)} ({note})"
    hint = getattr(error, "hint", None)
    return type(error)(message, hint) if hint is not None else type(error)(message)


def located(error, labels):
    """The same error, naming the labelled input nodes (``labels``, "" for none) after it."""
    named = [repr(label) for label in labels if label]
    return annotated(error, f"node {', '.join(named)}") if named else error


def result_error(op, result, inputs, labels=()):
    """The error for ``op`` on the numbers ``inputs`` giving a ``result`` that is not finite:
    OverflowError for inf, ValueError for nan (kept for safety: finite inputs make none)."""
    written = op.written(*(format(x, "g") for x in inputs))
    if result != result:
        error = ValueError(f"{op.name}: {written} is not a number (an input holds nan)")
    else:
        error = OverflowError(f"{op.name} overflows: {written} is too large for a float")
    return located(error, labels)


def derivative_error(op, inputs, labels=(), where="", cause=None):
    """The error for a local derivative of ``op`` at the numbers ``inputs`` that is infinite,
    too large for a float, or undefined (``cause``: the error its formula raised, if any).

    ``where`` names the node, as in "u_3". Backward must agree with forward: this is raised
    only where forward succeeded and the derivative itself has no finite value.
    """
    texts = [label or format(x, "g") for x, label in zip(inputs, labels or [""] * len(inputs))]
    at = ", ".join(f"{label} = {x:g}" for x, label in zip(inputs, labels) if label)
    if cause is None or isinstance(cause, ZeroDivisionError):
        how = "infinite"
    elif isinstance(cause, OverflowError):
        how = "too large for a float"
    else:
        how = f"undefined ({getattr(cause, 'message', cause)})"
    node = f" ({where})" if where else ""
    return OverflowError(
        f"the derivative of {op.written(*texts)}{node} is {how}" + (f" at {at}" if at else "")
    )


# -- the forward functions on floats, with errors a student can act on -----------------


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


def _is_zero(x):
    return float(x) == 0.0  # a Value's == is identity (Values are dict keys), so compare floats


ON_FLOATS = {
    "exp": _exp, "log": _log, "pow": _pow, "tanh": math.tanh, "sigmoid": _sigmoid,
    "is_zero": _is_zero,
}  # fmt: skip
"""What the names in a formula mean on floats; the tape's generated code runs in it too."""

_ON_VALUES = {
    "exp": lambda a: a.exp(), "log": lambda a: a.log(), "pow": lambda a, b: a**b,
    "tanh": lambda a: a.tanh(), "sigmoid": lambda a: a.sigmoid(), "is_zero": _is_zero,
}  # fmt: skip


@dataclass(frozen=True)
class Op:
    """One primitive: name, drawn symbol, forward and partials as formulas, rule in words.

    ``forward(a[, b])`` and ``partials(a[, b], out)`` are the formulas compiled for floats;
    ``symbolic_partials`` is the same partials compiled for Values.
    """

    name: str
    symbol: str
    formula: str  # out in terms of a (and b)
    partial_formulas: tuple  # d out / d a (and d out / d b)
    rule: str | tuple  # one sentence, or one per input
    forward: Callable = field(init=False, repr=False, compare=False)
    partials: Callable = field(init=False, repr=False, compare=False)
    symbolic_partials: Callable = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        inputs = "a, b" if self.arity == 2 else "a"
        partials = f"lambda {inputs}, out: ({', '.join(self.partial_formulas)},)"
        compiled = {
            "forward": _compile(f"lambda {inputs}: {self.formula}", ON_FLOATS),
            "partials": _compile(partials, ON_FLOATS),
            "symbolic_partials": _compile(partials, _ON_VALUES),
        }
        for name, function in compiled.items():
            object.__setattr__(self, name, function)

    @property
    def arity(self):
        """The number of inputs: one partial formula per input."""
        return len(self.partial_formulas)

    def rule_for(self, position):
        """The rule in words for the input at ``position``."""
        return self.rule[position] if isinstance(self.rule, tuple) else self.rule

    def written(self, *inputs):
        """The op applied to ``inputs`` (texts) as a reader writes it: ``2 × (-2)``, ``max(3, 4)``.

        An infix operator brackets a negative input, so ``(-1) ** 2`` is not ``-(1 ** 2)``.
        """
        if self.arity == 2 and not self.symbol.isalpha():
            a, b = (f"({x})" if x.startswith("-") else x for x in inputs)
            return f"{a} {self.symbol} {b}"
        return f"{self.symbol}({', '.join(inputs)})"


def _compile(source, names):
    # the formulas are this file's own text, never a user's
    return eval(compile(source, "<op table>", "eval"), dict(names))


#   name       symbol  forward                  partials: d out / d a [, d out / d b]                     rule
_ROWS = [
    Op("add",     "+",    "a + b",                 ("1.0", "1.0"),                                            "add distributes"),
    Op("mul",     "×",    "a * b",                 ("b", "a"),                                                "mul switches"),
    Op("max",     "max",  "a if a >= b else b",    ("1.0 if a >= b else 0.0", "0.0 if a >= b else 1.0"),      "max routes"),
    Op("pow",     "**",   "pow(a, b)",             ("0.0 if is_zero(b) else b * pow(a, b - 1.0)",
                                                    "out * log(a) if a > 0.0 else 0.0"),                      ("pow scales by p·x^(p-1)",
                                                                                                               "pow's exponent scales by x^p·log x")),
    Op("exp",     "exp",  "exp(a)",                ("out",),                                                  "exp scales by its output"),
    Op("log",     "log",  "log(a)",                ("1.0 / a",),                                              "log scales by 1/x"),
    Op("tanh",    "tanh", "tanh(a)",               ("1.0 - out * out",),                                      "tanh scales by 1 - tanh²"),
    Op("sigmoid", "σ",    "sigmoid(a)",            ("out * (1.0 - out)",),                                    "sigmoid scales by σ(1 - σ)"),
    Op("relu",    "relu", "a if a > 0.0 else 0.0", ("1.0 if a > 0.0 else 0.0",),                              "relu gates"),
]  # fmt: skip

OPS = {op.name: op for op in _ROWS}
"""Every primitive by name; a Value's ``.op`` is a key of this dict (or "" for a leaf)."""
