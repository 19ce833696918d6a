"""Back-propagation as the grad_table dynamic program (Goodfellow et al., section 6.5).

``topological_order(f)`` lists the nodes u_1 .. u_n that ``f`` depends on, inputs before
their consumers (algorithm 6.1's ordering). Backprop then visits u_n = f, u_{n-1}, ..., u_1
and fills ``grad_table``:

    grad_table[u_n] = 1
    grad_table[u_j] = sum over consumers u_i of u_j:  grad_table[u_i] * d u_i / d u_j

(algorithm 6.2; 6.5/6.6 memoise the same sums). Visiting in reverse topological order
means that when u_j is reached every consumer has already added its term, so its entry is
final. One generator, ``_fill``, runs this; ``grad_table``, ``backward``, ``grad`` and the
step-through all drive it, so none of them can disagree with another.
"""

from dataclasses import dataclass, field
from math import isfinite

from .node import Node, all_finite, check_node
from .ops import OPS, derivative_error


def topological_order(f):
    """[u_1, ..., u_n]: every node ``f`` depends on, inputs first, ``f`` last. Iterative.

    The order of a recursive depth-first search that visits inputs in argument order,
    run on an explicit stack: a node is placed once all its inputs are.
    """
    check_node(f, "topological_order")
    order, seen = [], set()
    stack = [f]  # nodes to visit; a node under a None is waiting for its inputs
    while stack:
        node = stack.pop()
        if node is None:  # every input of the node below is placed
            order.append(stack.pop())
            continue
        if node in seen:  # reached along another path since it was pushed
            continue
        seen.add(node)
        first, second = node._first, node._second
        if first is None:  # a leaf
            order.append(node)
            continue
        stack.append(node)
        stack.append(None)
        # The first input goes on top, so it is visited first. Skipping inputs already
        # seen only saves pushes: the check above is what keeps a node from being placed twice.
        if second is not None and second not in seen:
            stack.append(second)
        if first not in seen:
            stack.append(first)
    return order


@dataclass(frozen=True)
class Term:
    """One term of a grad_table sum: ``consumer`` uses the node at input ``position``."""

    consumer: Node
    position: int
    local: float  # d consumer / d node
    upstream: float  # grad_table[consumer]
    contribution: float  # local * upstream


@dataclass(frozen=True)
class Step:
    """One grad_table entry as the DP fills it: u_``index`` = ``node``, its ``grad`` and terms."""

    index: int
    node: Node
    grad: float
    terms: tuple = field(default=())


def _fill(f, table, order, terms=None, symbolic=False):
    """Algorithm 6.2 over ``order``: fill ``table`` from f back; yield each node once final.

    Visiting consumer u_i, it adds grad_table[u_i] * d u_i / d u_j to the entry of each
    input u_j of u_i (``op.bprop`` of algorithm 6.6); an entry starts as its first term.
    With ``terms`` (a dict) it records every term of every sum, for the step-through. With
    ``symbolic`` the entries are Values built from the same ops (section 6.5.5).
    """
    if terms is None and not symbolic:
        yield from _fill_floats(f, table, order)
        return
    table[f] = type(f)(1.0) if symbolic else 1.0
    for node in reversed(order):
        # every consumer of node came before it: its entry is final, and checked before it
        # is handed out (a symbolic entry is a Value: its ops have checked it already)
        if not symbolic and not isfinite(table[node]):
            raise _entry_error(node, table, order)
        yield node
        inputs = node.inputs
        if not inputs:
            continue
        upstream = table[node]
        op = OPS[node.op]
        try:
            if symbolic:
                locals_ = op.symbolic_partials(*inputs, node)
            else:
                locals_ = op.partials(*[u.data for u in inputs], node.data)
        except (ValueError, ArithmeticError) as error:
            raise _derivative_error(node, order, error) from None
        for position, (u, local) in enumerate(zip(inputs, locals_)):
            if not symbolic or isinstance(local, Node):
                contribution = local * upstream
            elif local == 1.0:  # add, max, relu: the gradient passes on unchanged
                contribution = upstream
            elif local == 0.0:  # max, relu: nothing passes, and nothing to differentiate
                contribution = type(f)(0.0)
            else:  # a constant partial: scale the upstream node
                contribution = upstream * local
            total = table.get(u)
            table[u] = contribution if total is None else total + contribution
            if terms is not None:
                terms.setdefault(u, []).append(Term(node, position, local, upstream, contribution))


def _fill_floats(f, table, order):
    """``_fill`` on floats with no terms recorded, as ``grad_table`` and ``backward`` run it.

    An optimisation, not a second algorithm: the loop of ``_fill`` with its inner loop
    unrolled for one and two inputs. The same sums, term for term and in the same order,
    so the same floats bit for bit, at a third of the cost.
    """
    table[f] = 1.0
    get = table.get
    for node in reversed(order):
        yield node
        first, second = node._first, node._second
        if first is None:  # a leaf: nothing to pass on
            continue
        upstream = table[node]
        partials = OPS[node.op].partials
        try:
            if second is None:
                (local,) = partials(first._data, node._data)  # the slot behind .data
            else:
                local_a, local_b = partials(first._data, second._data, node._data)
        except (ValueError, ArithmeticError) as error:
            raise _derivative_error(node, order, error) from None
        if second is None:
            total = get(first)
            table[first] = local * upstream if total is None else total + local * upstream
        else:
            total = get(first)
            table[first] = local_a * upstream if total is None else total + local_a * upstream
            total = get(second)
            table[second] = local_b * upstream if total is None else total + local_b * upstream
    _check_finite(table, order)


def grad_table(f):
    """{node: df/dnode} for every node of ``topological_order(f)``. Pure: ``.grad`` is untouched."""
    check_node(f, "grad_table")
    table = {}
    for _ in _fill(f, table, topological_order(f)):
        pass
    return table


def backprop_steps(f):
    """Yield one ``Step`` per grad_table entry, in the order the DP fills them (f first)."""
    check_node(f, "backprop_steps")
    order = topological_order(f)
    index = {node: i for i, node in enumerate(order, start=1)}
    table, terms = {}, {}
    for node in _fill(f, table, order, terms):
        yield Step(index[node], node, table[node], tuple(terms.pop(node, ())))


def grad(f, wrt, create_graph=False):
    """[df/dv for v in wrt]; 0 where f does not depend on v. Pure.

    With ``create_graph=True`` the gradients are Values built from the same ops, so
    ``grad`` applies to them again (second and higher derivatives).
    """
    check_node(f, "grad")
    if isinstance(wrt, Node):
        raise TypeError("grad takes a list of Values to differentiate by: grad(f, [x])")
    wrt = list(wrt)
    for v in wrt:
        check_node(v, "grad (wrt)")
    table = {}
    for _ in _fill(f, table, topological_order(f), symbolic=create_graph):
        pass
    zero = type(f)(0.0) if create_graph else 0.0
    return [table.get(v, zero) for v in wrt]


def numerical_grad(fn, xs, h=1e-6):
    """Central differences (fn(x + h) - fn(x - h)) / 2h for each of ``xs``.

    ``fn`` takes the floats of ``xs`` as positional arguments and returns a number.
    """
    point = [float(x) for x in xs]
    partials = []
    for i, x in enumerate(point):
        above, below = point.copy(), point.copy()
        above[i], below[i] = x + h, x - h
        partials.append((float(fn(*above)) - float(fn(*below))) / (2 * h))
    return partials


def _check_finite(table, order):
    """Raise a clear error for the first entry, in the order the DP filled them, that is not
    finite. One pass in C when all are (``all_finite``)."""
    if all_finite(table.values()):
        return
    for node in reversed(order):
        if not isfinite(table[node]):
            raise _entry_error(node, table, order)


def _entry_error(node, table, order):
    """Why grad_table[node] is not finite: a consumer's local derivative, or the sum."""
    for consumer in reversed(order):  # the consumers, as the DP visited them
        inputs = consumer.inputs
        if node in inputs and isfinite(table[consumer]):
            locals_ = OPS[consumer.op].partials(*[u.data for u in inputs], consumer.data)
            if not all(isfinite(local) for local in locals_):
                return _derivative_error(consumer, order)
    index = order.index(node) + 1
    return OverflowError(
        f"grad_table[u_{index}] overflows: a term (local derivative × upstream) or their sum "
        "is too large for a float (the gradients are huge: try a smaller learning rate or "
        "smaller inputs)"
    )


def _derivative_error(node, order, cause=None):
    inputs = node.inputs
    return derivative_error(
        OPS[node.op], [u.data for u in inputs], [u.label for u in inputs],
        where=f"u_{order.index(node) + 1}", cause=cause,
    )  # fmt: skip
