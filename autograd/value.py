"""``Value``: a real number that records the operation that produced it.

A node holds its data, its grad, the name of its op and its inputs (an ordered tuple that
keeps duplicates), and nothing else: no closure, no reference to its consumers. So a graph
has no reference cycles and is freed by reference counting as soon as it is dropped.
The derivative rules live in ``ops.OPS`` and are looked up during backprop.
"""

import math
import numbers

from .ops import OPS

_ADD, _MUL, _MAX, _POW = OPS["add"], OPS["mul"], OPS["max"], OPS["pow"]
_EXP, _LOG, _TANH, _SIGMOID, _RELU = (OPS[n] for n in ("exp", "log", "tanh", "sigmoid", "relu"))


def _check_number(data):
    # bool is an int subclass, but Value(True) is almost always a mistake
    if isinstance(data, bool) or not isinstance(data, numbers.Real):
        raise TypeError(
            f"Value needs a real number (int or float), got {type(data).__name__}: {data!r}"
        )
    data = float(data)
    if not math.isfinite(data):
        raise ValueError(f"Value needs a finite number, got {data}")
    return data


class Value:
    """A scalar node of a computation graph: ``.data``, ``.grad``, ``.op``, ``.inputs``, ``.label``."""

    __slots__ = ("data", "grad", "op", "inputs", "label")

    def __init__(self, data, label=""):
        if not isinstance(label, str):
            raise TypeError(f"Value label must be a str, got {type(label).__name__}")
        self.data = data if type(data) is float and math.isfinite(data) else _check_number(data)
        self.grad = 0.0
        self.op = ""
        self.inputs = ()
        self.label = label

    # -- operators: thin wrappers over the op table -------------------------------------

    def __add__(self, other):
        return _apply(_ADD, self, other)

    def __radd__(self, other):
        return _apply(_ADD, other, self)

    def __mul__(self, other):
        return _apply(_MUL, self, other)

    def __rmul__(self, other):
        return _apply(_MUL, other, self)

    def __pow__(self, exponent):
        return _apply(_POW, self, exponent)

    def __rpow__(self, base):
        return _apply(_POW, base, self)

    def __neg__(self):
        return _apply(_MUL, self, -1.0)

    def __sub__(self, other):
        return self + (-_as_value(other, "-"))

    def __rsub__(self, other):
        return _as_value(other, "-") + (-self)

    def __truediv__(self, other):
        return self * _reciprocal(_as_value(other, "/"), self)

    def __rtruediv__(self, other):
        return _as_value(other, "/") * _reciprocal(self, other)

    def max(self, other):
        """max(self, other); at a tie the gradient goes to ``self`` (see ``ops``)."""
        return _apply(_MAX, self, other)

    def exp(self):
        return _apply(_EXP, self)

    def log(self):
        return _apply(_LOG, self)

    def tanh(self):
        return _apply(_TANH, self)

    def sigmoid(self):
        return _apply(_SIGMOID, self)

    def relu(self):
        return _apply(_RELU, self)

    # -- gradients -----------------------------------------------------------------------

    def backward(self):
        """Add d self / d node into ``.grad`` of every node of the graph (accumulates)."""
        from .backprop import grad_table

        for node, g in grad_table(self).items():
            node.grad += g

    def zero_grad(self):
        """Set ``.grad`` to 0 on every node of the graph that ends in ``self``."""
        from .backprop import topological_order

        for node in topological_order(self):
            node.grad = 0.0

    # -- conversions and display ---------------------------------------------------------

    def __float__(self):
        return self.data

    def __repr__(self):
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data:g}, grad={self.grad:g}{label})"

    def _repr_mimebundle_(self, include=None, exclude=None):
        """Jupyter shows a Value as its computation graph (SVG); too large a graph as text."""
        from .render import GraphTooLargeError, RenderError, svg_string

        try:
            return {"image/svg+xml": svg_string(self)}
        except (GraphTooLargeError, RenderError) as error:
            return {"text/plain": f"{self!r}\n(graph not drawn: {error})"}


_new = object.__new__


def _leaf(data):
    node = _new(Value)
    node.data = data
    node.grad = 0.0
    node.op = ""
    node.inputs = ()
    node.label = ""
    return node


def _as_value(x, symbol):
    if isinstance(x, Value):
        return x
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(
            f"unsupported operand for {symbol}: Value and {type(x).__name__} ({x!r}); "
            "use a Value or a real number"
        )
    return _leaf(_check_number(x))


def _apply(op, a, b=None):
    """Record ``op`` applied to ``a`` (and ``b`` for a binary op) as a new node."""
    if not isinstance(a, Value):
        a = _as_value(a, op.symbol)
    try:
        if b is None:
            inputs = (a,)
            data = op.forward(a.data)
        else:
            if not isinstance(b, Value):
                b = _as_value(b, op.symbol)
            inputs = (a, b)
            data = op.forward(a.data, b.data)
    except (ValueError, ArithmeticError) as error:
        raise _located(error, a, b) from None
    node = _new(Value)
    node.data = data
    node.grad = 0.0
    node.op = op.name
    node.inputs = inputs
    node.label = ""
    return node


def _located(error, *inputs):
    """The same error, naming the labelled input nodes right after the value."""
    labels = [repr(u.label) for u in inputs if isinstance(u, Value) and u.label]
    if not labels:
        return error
    where = f"{getattr(error, 'message', error)} (node {', '.join(labels)})"
    hint = getattr(error, "hint", "")
    return type(error)(where, hint) if hasattr(error, "hint") else type(error)(where)


def _reciprocal(divisor, dividend):
    if divisor.data == 0:
        name = f" '{divisor.label}'" if divisor.label else ""
        raise ZeroDivisionError(
            f"division by zero: {float(dividend):g} / {divisor.data:g} (the divisor{name} is 0)"
        )
    return divisor**-1.0


def maximum(a, b):
    """The same as ``a.max(b)``; ``a`` may be a plain number."""
    return _apply(_MAX, a, b)
