"""``Node``: one u_i of a computation graph, as the book draws it (Goodfellow et al. 6.5.1).

A node holds its number (``data``), its gradient (``grad``), the name of the op that made
it (``op``, a key of ``ops.OPS``, or "" for a leaf), its inputs in argument order and a
``label``. Its number is always a finite float: setting ``.data`` checks that (so
``x.data = 3`` stores 3.0, and inf or nan is refused), while the engine's own loops read
and write the slot behind it, ``_data``, at full speed. That is all the algorithms need:
``backprop`` reads nodes and the op table; ``render`` and ``Value`` (the arithmetic that
records nodes) build on backprop, and ``tape`` on Value. So the imports point one way.

Every primitive has one or two inputs, so a node keeps them in two slots, ``_first`` and
``_second`` (None when absent), and ``.inputs`` returns them as a tuple. Storing that
tuple would make two objects per node for Python's cyclic garbage collector, which scans
the live graph again and again while a forward pass builds it: on micrograd's workload
(``benchmarks/bench_engine.py``) a stored tuple made each training step about 30% slower.
"""


import math
import numbers


class Node:
    """A vertex of the graph: ``data``, ``grad``, ``op``, ``inputs`` and ``label``."""

    __slots__ = ("_data", "grad", "op", "label", "_first", "_second")

    @property
    def data(self):
        """The node's number, a finite float. Set it to any finite real number."""
        return self._data

    @data.setter
    def data(self, number):
        self._data = finite_number(number, "Value.data")

    @property
    def inputs(self):
        """The nodes this one was computed from, in argument order: ``(x * x).inputs == (x, x)``."""
        if self._second is not None:
            return (self._first, self._second)
        return () if self._first is None else (self._first,)


def finite_number(x, what="Value"):
    """``x`` as a float, if it is a finite real number; else a TypeError, OverflowError or
    ValueError that begins with ``what`` and says what it needs."""
    if type(x) is float and math.isfinite(x):  # the common case, first
        return x
    # bool is an int subclass, but Value(True) is almost always a mistake
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{what} needs a real number (int or float), got {type(x).__name__}: {x!r}")
    try:
        x = float(x)
    except OverflowError:
        raise OverflowError(
            f"{what} got an int too large for a float (the limit is about 1.8e308)"
        ) from None
    if not math.isfinite(x):
        raise ValueError(f"{what} needs a finite number, got {x}")
    return x


def all_finite(numbers):
    """Whether every one of ``numbers`` (a collection: it is read twice) is finite: one pass
    in C over the sum, and only when that sum overflows (1e308 + 1e308), a second pass that
    looks at each."""
    return math.isfinite(sum(numbers)) or all(map(math.isfinite, numbers))


def check_node(x, where):
    """Raise a TypeError naming ``where`` unless ``x`` is a node of a graph (a Value)."""
    if not isinstance(x, Node):
        raise TypeError(f"{where} needs a Value, got {type(x).__name__}: {x!r}")
