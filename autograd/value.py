"""``Value``: a real number that records the operation that produced it.

Arithmetic on Values (``x * y + z.max(w)``) runs each op's forward on the numbers and
records a new ``Node``: its data, the op's name and its inputs in argument order. Nothing
else is kept: no closure, no reference to a node's consumers. So a graph has no reference
cycles and is freed by reference counting as soon as it is dropped. The derivative rules
live in ``ops.OPS`` and are looked up in backprop.

A Value compares with numbers and other Values by its data (``z > w``), so Python's own
``max(z, w)`` returns the larger of the two Values themselves: it records no node, and the
gradient then flows to the one returned (at a tie the first, as ``z.max(w)`` does).
``==`` stays identity: Values are the keys of ``grad_table``.
"""

import math
import numbers
import operator

from .backprop import grad_table, topological_order
from .formatting import format_number
from .node import Node, finite_number
from .ops import OPS, located, result_error


# Every operation of every forward pass runs one of the methods below, so each builds its
# node in place: a helper call would add about a fifth to the cost of recording a node.


def method_for(op):
    """The ``Value`` method that records ``op`` (a row of ``OPS``): ``self op other`` for two
    inputs, where ``other`` may be a plain number, or ``op(self)`` for one."""
    return _binary(op) if op.arity == 2 else _unary(op)


def _unary(op):
    """The method for a one-input ``op``: run its forward, record the node."""
    name, forward, isfinite = op.name, op.forward, math.isfinite

    def record(self):
        try:
            data = forward(self._data)
        except (ValueError, ArithmeticError) as error:
            raise _located(error, self) from None
        if not isfinite(data):  # no Value holds inf or nan
            raise _not_finite(op, data, self)
        node = _new(Value)
        node._data = data
        node.grad = 0.0
        node.op = name
        node.label = ""
        node._first = self
        node._second = None
        return node

    return _named(record, op.name, f"``{op.name}(self)``, recorded as a new node", op)


def _binary(op):
    """The method for ``self op other``; ``other`` may be a plain number."""
    name, forward, symbol, isfinite = op.name, op.forward, op.symbol, math.isfinite

    def record(self, other):
        if type(other) is not Value:
            other = _as_value(other, symbol)
        try:
            data = forward(self._data, other._data)
        except (ValueError, ArithmeticError) as error:
            raise _located(error, self, other) from None
        if not isfinite(data):  # no Value holds inf or nan
            raise _not_finite(op, data, self, other)
        node = _new(Value)
        node._data = data
        node.grad = 0.0
        node.op = name
        node.label = ""
        node._first = self
        node._second = other
        return node

    return _named(record, op.name, f"``{op.name}(self, other)``, recorded as a new node", op)


def reflected_method_for(op):
    """The ``Value`` method for ``other op self`` (``__radd__`` and the like)."""
    record_in_order = _binary(op)

    def record(self, other):
        return record_in_order(_as_value(other, op.symbol), self)

    return _named(record, "r" + op.name, f"``{op.name}(other, self)``, recorded as a new node", op)


def _comparison(compare):
    """A comparison method: ``compare`` on the data of a Value and a Value or real number."""

    def method(self, other):
        if isinstance(other, Value):
            return compare(self.data, other.data)
        if isinstance(other, numbers.Real) and not isinstance(other, bool):
            return compare(self.data, other)
        return NotImplemented

    return method


def _named(method, name, what, op):
    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"{what} ({op.rule_for(0)})."
    return method


class Value(Node):
    """A scalar node of a computation graph: ``data``, ``grad``, ``op``, ``inputs``, ``label``."""

    __slots__ = ()

    def __init__(self, data, label=""):
        if not isinstance(label, str):
            raise TypeError(f"Value label must be a str, got {type(label).__name__}")
        self._data = finite_number(data)
        self.grad = 0.0
        self.op = ""
        self.label = label
        self._first = self._second = None

    # -- operators and methods: each records one row of the op table ---------------------

    __add__ = add = method_for(OPS["add"])
    __radd__ = reflected_method_for(OPS["add"])
    __mul__ = mul = method_for(OPS["mul"])
    __rmul__ = reflected_method_for(OPS["mul"])
    __pow__ = pow = method_for(OPS["pow"])
    __rpow__ = reflected_method_for(OPS["pow"])
    max = method_for(OPS["max"])
    max.__doc__ = "max(self, other); at a tie the gradient goes to ``self`` (see ``ops``)."
    exp = method_for(OPS["exp"])
    log = method_for(OPS["log"])
    tanh = method_for(OPS["tanh"])
    sigmoid = method_for(OPS["sigmoid"])
    relu = method_for(OPS["relu"])

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-_as_value(other, "-"))

    def __rsub__(self, other):
        return _as_value(other, "-") + (-self)

    def __truediv__(self, other):
        return self * _reciprocal(_as_value(other, "/"), self)

    def __rtruediv__(self, other):
        return _as_value(other, "/") * _reciprocal(self, other)

    # -- comparisons, by data; they record nothing ---------------------------------------

    __lt__ = _comparison(operator.lt)
    __le__ = _comparison(operator.le)
    __gt__ = _comparison(operator.gt)
    __ge__ = _comparison(operator.ge)

    # -- gradients -----------------------------------------------------------------------

    def backward(self):
        """Add d self / d node into ``.grad`` of every node of the graph (accumulates)."""
        for node, g in grad_table(self).items():
            node.grad += g

    def zero_grad(self):
        """Set ``.grad`` to 0 on every node of the graph that ends in ``self``."""
        for node in topological_order(self):
            node.grad = 0.0

    # -- conversions and display ---------------------------------------------------------

    def __float__(self):
        return float(self.data)

    def __format__(self, spec):
        """Format the data, as micrograd users write ``f"{loss:.4f}"``."""
        return format(self.data, spec) if spec else repr(self)

    def __repr__(self):
        label = f", label={self.label!r}" if self.label else ""
        data, grad = format_number(self.data, 6), format_number(self.grad, 6)
        return f"Value(data={data}, grad={grad}{label})"

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
    node._data = data
    node.grad = 0.0
    node.op = node.label = ""
    node._first = node._second = None
    return node


def _as_value(x, symbol):
    """``x`` as a node: a Value as it is, a real number as a new leaf."""
    if isinstance(x, Value):
        return x
    if type(x) is not float and type(x) is not int:  # the common cases skip this check
        if isinstance(x, bool) or not isinstance(x, numbers.Real):
            raise TypeError(
                f"unsupported operand for {symbol}: Value and {type(x).__name__} ({x!r}); "
                "use a Value or a real number"
            )
    return _leaf(finite_number(x, f"operand of {symbol}"))


def _not_finite(op, data, *inputs):
    return result_error(op, data, [u.data for u in inputs], [u.label for u in inputs])


def _located(error, *inputs):
    return located(error, [u.label for u in inputs if isinstance(u, Value)])


def _reciprocal(divisor, dividend):
    if divisor.data == 0:
        name = f" '{divisor.label}'" if divisor.label else ""
        raise ZeroDivisionError(
            f"division by zero: {float(dividend):g} / {divisor.data:g} (the divisor{name} is 0)"
        )
    return divisor**-1.0


def maximum(a, b):
    """The same as ``a.max(b)``; ``a`` may be a plain number."""
    return _as_value(a, "max").max(b)
