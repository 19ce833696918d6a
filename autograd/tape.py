"""Traced tapes: record a graph once, replay it many times without building a Value.

A training loop builds the same graph shape at every step. ``trace(f)`` flattens f's graph
once into the book's list u_1 .. u_n (algorithm 6.1: each entry an op applied to earlier
entries, or a leaf) and writes it out as straight-line Python, from the op table's own
formulas:

    forward   u5 = u1 * u2                        one line per node, its row's forward
    backward  g1 = u2 * g5 + g9                   one line per grad_table entry: the sum of
                                                  algorithm 6.2, one term per use, each the
                                                  row's partial times the consumer's entry

The book calls this symbol-to-symbol differentiation (section 6.5.5): the backward pass is
itself a program, here one a student can print (``tape.source()``). It is compiled once;
``run()`` and ``backward()`` then cost a few tens of nanoseconds per node.

Leaves are referenced, not copied: each run reads every leaf Value's current ``.data``, so
parameters updated in place and inputs set with ``x.data = ...`` are picked up. A tape is
valid while the code that built the graph would build the same shape again. Choices inside
ops (max, relu) are fine; a Python ``if`` on ``.data`` in model code is not.

The numbers are those of the Value path bit for bit: the same float operations in the same
order. Two shortcuts keep that: a partial that is the constant 1.0 is not multiplied (x * 1.0
is x exactly), and an entry whose only term is such a pass-through (a partial sum feeding the
next add) is not computed at all but read from its consumer's entry.
"""

import re
from array import array

from .backprop import grad_table, topological_order
from .node import all_finite, check_node
from .ops import ON_FLOATS, OPS, annotated
from .value import Value, method_for

CHUNK = 20000
"""Nodes per generated function: compiling is linear up to here, and memory stays bounded."""

MAX_TERMS = 64
"""Terms per statement: a longer sum is continued on the next line, since Python's compiler
recurses on a long chain of + and would overflow its stack."""

_NAME = re.compile(r"\b(a|b|out)\b")


def trace(f, watch=()):
    """A ``Tape`` of the graph of ``f``: its nodes in ``topological_order(f)``.

    ``watch`` lists Values (a model's outputs, say) whose values each run makes available
    as ``tape.watched``. Those outside f's graph are computed too, after f's nodes, and
    take no part in backward.
    """
    check_node(f, "trace")
    watch = list(watch)  # read twice: here and by the Tape
    order = topological_order(f)
    size = len(order)
    seen = set(order)
    for node in watch:
        check_node(node, "trace (watch)")
        for u in topological_order(node):
            if u not in seen:
                seen.add(u)
                order.append(u)
    return Tape(order, watch, size)


class Tape:
    """The graph of one output, flattened to u_1 .. u_n and compiled to straight-line Python.

    ``run()`` recomputes every node from the leaves' current data and returns f's value;
    ``backward()`` adds df/dleaf into every leaf's ``.grad``; ``len(tape)`` is n;
    ``tape.leaves`` the leaf Values in order; ``str(tape)`` the listing in the book's notation.
    Watched nodes outside f's graph come after f, in the length and the listing too.
    """

    def __init__(self, order, watch=(), size=None):
        index = {node: i for i, node in enumerate(order)}
        self._watch = [index[node] for node in watch]
        self._size = len(order) if size is None else size  # f is u_size: the rest is watched
        self.ops = [node.op for node in order]
        inputs = [tuple(index[u] for u in node.inputs) for node in order]
        # kept as two flat arrays of indices (-1: none), a tenth of the memory of tuples
        self._first = array("l", (args[0] if args else -1 for args in inputs))
        self._second = array("l", (args[1] if len(args) > 1 else -1 for args in inputs))
        self._slots = [i for i, node in enumerate(order) if not node.op]
        self.leaves = [order[i] for i in self._slots]
        self.values = [node.data for node in order]
        """Every node's value from the last ``run()`` (at first, as recorded)."""
        self._forward, self._backward = _compile(self.ops, inputs, self._size)

    def __len__(self):
        return len(self.ops)

    @property
    def inputs(self):
        """Per node, the indices (from 0) of its inputs: ``()`` for a leaf."""
        return [tuple(i for i in pair if i >= 0) for pair in zip(self._first, self._second)]

    @property
    def watched(self):
        """The values of the watched nodes, from the last ``run()`` (at first, as recorded)."""
        return [self.values[i] for i in self._watch]

    def run(self):
        """Recompute every node from the leaves' current ``.data``; returns f's value.

        A domain error, or a result that is not finite, raises the Value path's error.
        """
        values = [None] * len(self.ops)
        for slot, leaf in zip(self._slots, self.leaves):
            values[slot] = leaf._data  # .data's slot: a replay reads every leaf, every run
        try:
            for chunk in self._forward:
                chunk.function(values)
            finite = all_finite(values)  # no Value may hold inf or nan
        except (ValueError, ArithmeticError):
            finite = False
        if not finite:
            self._explain(values)
        self.values = values
        return values[self._size - 1]

    def backward(self):
        """The grad_table DP over the tape for the last ``run()``; adds into each leaf's ``.grad``.

        A derivative that is infinite or too large for a float raises the Value path's error.
        """
        grads = [None] * self._size
        try:
            for chunk in self._backward:
                chunk.function(self.values, grads)
            # a non-finite entry reaches a leaf: inf times anything but 1.0 stays inf or nan
            finite = all_finite([grads[slot] for slot in self._slots if slot < self._size])
        except (ValueError, ArithmeticError):
            finite = False
        if not finite:
            self._explain(self.values, backward=True)
        for slot, leaf in zip(self._slots, self.leaves):
            if slot < self._size:  # a leaf that only watched nodes use gets nothing from f
                leaf.grad += grads[slot]

    def _explain(self, values, backward=False):
        """Raise the error the Value path raises on these leaf values: the graph is built again
        from Values (slow, and only when something went wrong) and its own checks speak."""
        nodes, leaves = [], dict(zip(self._slots, self.leaves))
        for i, (op, args) in enumerate(zip(self.ops, self.inputs)):
            if op:
                try:
                    nodes.append(method_for(OPS[op])(*(nodes[k] for k in args)))
                except (ValueError, ArithmeticError) as error:  # the same error, naming u_i
                    raise annotated(error, f"computing u_{i + 1}") from None
            else:
                nodes.append(Value(values[i], leaves[i].label))  # a leaf's .data is finite
        if backward:
            grad_table(nodes[self._size - 1])
        raise ArithmeticError("the tape met a number that is not finite")  # not reached

    def __str__(self):
        """One line per node in the book's notation: ``u_7 = add(u_5, u_6)``, ``u_1 = x``."""
        leaves = dict(zip(self._slots, self.leaves))
        lines = []
        for i, (op, inputs) in enumerate(zip(self.ops, self.inputs)):
            if op:
                arguments = ", ".join(f"u_{j + 1}" for j in inputs)
                lines.append(f"u_{i + 1} = {op}({arguments})")
            else:
                leaf = leaves[i]
                lines.append(f"u_{i + 1} = {leaf.label or format(leaf.data, 'g')}")
        return "\n".join(lines)

    def source(self):
        """The Python that ``run()`` and ``backward()`` execute, with a header saying where
        each line comes from."""
        forward, backward = _generate(self.ops, self.inputs, self._size)
        return _HEADER + "\n".join(chunk.text for chunk in forward + backward)

    def __repr__(self):
        return f"<Tape of {len(self)} nodes, {len(self.leaves)} leaves>"


_HEADER = """\
# Written by autograd.trace from the op table (autograd/ops.py): u<i> is node u_i, g<i>
# its grad_table entry. Forward: one line per node, its row's forward formula. Backward:
# one line per entry, from f back (algorithm 6.2): the sum over the entry's consumers of
# the row's partial formula times the consumer's entry. An entry whose only term passes a
# consumer's entry on unchanged (a partial of 1.0) gets no line; the consumer's is used.

"""


class _Chunk:
    """One generated function: its name and source, then the function compiled from it."""

    def __init__(self, name, text):
        self.name, self.text = name, text
        self.function = None


def _compile(ops, inputs, size):
    forward, backward = _generate(ops, inputs, size)
    for chunk in forward + backward:
        namespace = dict(ON_FLOATS)
        exec(compile(chunk.text, f"<tape {chunk.name}>", "exec"), namespace)
        chunk.function = namespace[chunk.name]
        chunk.text = None  # source() writes it again: a tape keeps only what runs
    return forward, backward


# -- writing the program ------------------------------------------------------------------


def _templates():
    """Per op: its forward and partial formulas with a, b, out as {a}, {b}, {out} fields."""
    def fields(formula):
        return _NAME.sub(r"{\1}", formula.replace("{", "{{").replace("}", "}}"))

    return {
        name: (fields(op.formula), [fields(p) for p in op.partial_formulas])
        for name, op in OPS.items()
    }


def _generate(ops, inputs, size):
    """(forward chunks, backward chunks) of the program for the tape's ops and inputs; the
    backward pass covers the first ``size`` nodes, f's graph."""
    templates = _templates()
    names = [{"a": None, "b": None, "out": f"u{i + 1}"} for i in range(len(ops))]
    for i, args in enumerate(inputs):
        for key, j in zip("ab", args):
            names[i][key] = f"u{j + 1}"
    forward = _forward(ops, inputs, templates, names)
    backward = _backward(ops[:size], inputs[:size], templates, names)
    if len(forward) == 1:
        forward[0] = _renamed(forward[0], "forward")
        backward[0] = _renamed(backward[0], "backward")
    return forward, backward


def _forward(ops, inputs, templates, names):
    """One line per interior node, in order: ``u5 = u1 * u2``."""
    chunks = []
    for start in range(0, len(ops), CHUNK):
        stop = min(start + CHUNK, len(ops))
        lines = [
            f"u{i + 1} = " + templates[ops[i]][0].format(**names[i])
            for i in range(start, stop)
            if ops[i]
        ]
        earlier = sorted({j for i in range(start, stop) for j in inputs[i] if j < start})
        leaves = [i for i in range(start, stop) if not ops[i]]
        all_values = _tuple(f"u{i + 1}" for i in range(start, stop))
        chunks.append(_function(
            f"forward_{len(chunks) + 1}", "values",
            loads=[(f"u{j + 1}", f"values[{j}]") for j in earlier + leaves],
            lines=lines,
            stores=[(f"values[{start}:{stop}]", all_values)],
        ))  # fmt: skip
    return chunks


def _backward(ops, inputs, templates, names):
    """One line per grad_table entry, from f back: ``g1 = u2 * g5 + g9`` (algorithm 6.2)."""
    n = len(ops)
    uses = [[] for _ in range(n)]  # per entry: (consumer, input position), in the DP's order
    for i in range(n - 1, -1, -1):
        for position, j in enumerate(inputs[i]):
            uses[j].append((i, position))

    entry = [None] * n  # the name that holds each entry: its own g<j>, or a consumer's
    lowest_reader = {}  # entry name -> the lowest j that reads it
    entry[n - 1] = f"g{n}"
    for j in range(n - 2, -1, -1):
        (i, position), *more = uses[j]
        if not more and templates[ops[i]][1][position] == "1.0":
            entry[j] = entry[i]  # passed on unchanged: no line, read the consumer's entry
            if not ops[j]:
                lowest_reader[entry[j]] = j  # a leaf's entry is read when it is stored
            continue
        entry[j] = f"g{j + 1}"
        for i, _ in uses[j]:
            lowest_reader[entry[i]] = j

    chunks = []
    for stop in range(n, 0, -CHUNK):
        start = max(stop - CHUNK, 0)
        lines, outside = [], set()
        for j in range(stop - 1, start - 1, -1):
            if j == n - 1:
                lines.append(f"g{n} = 1.0")
            elif entry[j] == f"g{j + 1}":
                parts = []
                for i, position in uses[j]:
                    local = templates[ops[i]][1][position].format(**names[i])
                    parts.append(_term(local, entry[i]))
                    outside.update(_VALUE.findall(local))
                    outside.add(entry[i])
                lines.extend(_sum_lines(entry[j], parts))
        stores = {}
        for j in range(start, stop):
            if not ops[j]:  # a leaf: run() hands its entry to the leaf's .grad
                stores[f"grads[{j}]"] = entry[j]
                outside.add(entry[j])
            elif lowest_reader.get(entry[j], stop) < start and entry[j] == f"g{j + 1}":
                stores[f"grads[{j}]"] = entry[j]  # a function that runs later reads it
        values = sorted(_index(name) for name in outside if name[0] == "u")
        loads = []
        if 2 * sum(start <= k < stop for k in values) >= stop - start:
            # most of the chunk's own values are read: one unpacking is cheaper than a line each
            here = _tuple(f"u{k + 1}" for k in range(start, stop))
            loads.append((here, f"values[{start}:{stop}]"))
            values = [k for k in values if not start <= k < stop]
        loads += [(f"u{k + 1}", f"values[{k}]") for k in values]
        loads += [
            (name, f"grads[{_index(name)}]")
            for name in sorted(outside, key=_index)
            if name[0] == "g" and _index(name) >= stop
        ]
        if lines or stores:  # a stretch of entries all passed on needs no function
            chunks.append(_function(
                f"backward_{len(chunks) + 1}", "values, grads",
                loads=loads, lines=lines, stores=list(stores.items()),
            ))  # fmt: skip
    return chunks


_VALUE = re.compile(r"\bu\d+\b")


def _tuple(names):
    """``u1, u2, u3`` as a tuple to assign to or from (``u1,`` when there is one)."""
    names = list(names)
    return ", ".join(names) + ("," if len(names) == 1 else "")


def _index(name):
    """The node index (from 0) of a generated name: u5 and g5 are node u_5."""
    return int(name[1:]) - 1


def _term(local, upstream):
    """One term of an entry's sum: the partial times the consumer's entry."""
    if local == "1.0":  # x * 1.0 is x exactly
        return upstream
    if _VALUE.fullmatch(local):
        return f"{local} * {upstream}"
    return f"({local}) * {upstream}"


def _sum_lines(name, parts):
    """``name = t1 + t2 + ...`` in statements of at most MAX_TERMS terms, left to right."""
    lines = [f"{name} = " + " + ".join(parts[:MAX_TERMS])]
    for k in range(MAX_TERMS, len(parts), MAX_TERMS):
        lines.append(f"{name} = {name} + " + " + ".join(parts[k : k + MAX_TERMS]))
    return lines


def _function(name, parameters, loads, lines, stores):
    """A ``_Chunk``: ``def name(parameters):`` loads, one line per node, stores."""
    text = [f"def {name}({parameters}):"]
    text += [f"    {target} = {source}" for target, source in loads]
    text += [f"    {line}" for line in lines]
    text += [f"    {target} = {source}" for target, source in stores]
    return _Chunk(name, "\n".join(text) + "\n")


def _renamed(chunk, name):
    return _Chunk(name, chunk.text.replace(chunk.name, name, 1))
