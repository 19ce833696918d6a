"""The frames of the step-through: forward then backward, as text a lecturer reads out.

Every number in the backward frames comes from ``autograd.backprop_steps``: the demo never
computes a derivative itself, so it cannot drift from the engine. Nodes are named as in
the lecture notes: u_1 .. u_n in topological order, a variable by its label (x, y, ...),
a constant by its value, an interior node as u_i = op(inputs).

Constants (leaves made from plain numbers, such as the 3 of xy - 3) take no steps of their
own unless asked: they show as numbers in the ops that use them. The grad_table so far is
shown at every step of a small graph; past ``TABLE_ROWS`` nodes each step shows its own sum
only, so the text grows with the graph, not with its square. ``frames()`` makes the frames
one at a time.
"""

import textwrap
from dataclasses import dataclass, field

from autograd import OPS, backprop_steps, format_number, grad_table, topological_order

DIGITS = 6  # format_number(x, 6) is Python's %g: df/dx = -2, as the lecture notes write it
TABLE_ROWS = 30  # the most nodes for which every step shows the whole grad_table so far
WIDTH = 80  # columns: a longer line (long variable names) goes on, indented, on the next


@dataclass(frozen=True)
class Frame:
    """One step: ``phase`` "forward" or "backward", its ``number`` of ``total``, the text.

    A backward frame also has the grad_table entries filled so far (``grads``) and its
    ``terms``: one ``(consumer, input position, local derivative)`` per use of the node.
    """

    phase: str
    number: int
    total: int
    node: object  # the Value this step is about (highlighted in the picture)
    text: str
    grads: dict = field(default_factory=dict)
    terms: tuple = ()


class Walk:
    """Forward and backward frames for ``f``.

    ``variables`` maps each name to its leaf, in the order of the summary; a name that
    ``f`` does not use maps to None (its gradient is 0). ``constants``: give constants
    steps of their own. ``table``: show the grad_table so far (small graphs only).
    ``width``: the columns of a terminal to wrap at; None for a page that wraps its own.
    """

    def __init__(self, f, variables, table=True, constants=False, width=WIDTH):
        self.f = f
        self.width = width
        self.constants = constants
        self.out = f.label if f.op and f.label else "f"  # the notes' name: f, or J for a cost
        self.variables = dict(variables)
        self.order = topological_order(f)
        self.index = {node: i for i, node in enumerate(self.order, start=1)}
        self.shown = [node for node in self.order if constants or not _is_constant(node)]
        self.show_table = table and len(self.shown) <= TABLE_ROWS
        self.table = {}
        self._frames = None

    @property
    def frames(self):
        """Every frame, as a list (made once)."""
        if self._frames is None:
            self._frames = list(self.frames_one_by_one())
        return self._frames

    def frames_one_by_one(self):
        """The forward frames, then the backward ones, each made when it is asked for."""
        yield from self._forward()
        yield from self._backward()

    # -- names -----------------------------------------------------------------------------

    def u(self, node):
        return f"u_{self.index[node]}"

    def name(self, node):
        """x for a variable, 3 for a constant, u_i for an interior node."""
        if node.op:
            return self.u(node)
        return node.label or format_number(node.data, DIGITS)

    def ref(self, node):
        """How a step refers to its own node: x for a variable, u_i for anything else."""
        return node.label if not node.op and node.label else self.u(node)

    def defined(self, node):
        """u_i = op(inputs) for an interior node, u_i = x for a leaf."""
        return f"{self.u(node)} = {self._node_text(node)}"

    def _what(self, node):
        if node is self.f:
            return f"the output {self.out}"
        if not node.op:
            return "an input" if node.label else "a constant"
        return ""

    # -- forward ---------------------------------------------------------------------------

    def _forward(self):
        n = len(self.shown)
        for i, node in enumerate(self.shown, start=1):
            what = self._what(node)
            lines = [f"Forward {i}/{n}: {self.defined(node)}" + (f", {what}" if what else "")]
            value = format_number(node.data, DIGITS)
            if node.op:
                inputs = " and ".join(self._valued(v) for v in node.inputs)
                noun = "inputs" if len(node.inputs) > 1 else "input"
                lines.append(f"  op {node.op}, {noun} {inputs}")
                numbers = (format_number(v.data, DIGITS) for v in node.inputs)
                lines.append(f"  {self.u(node)} = {OPS[node.op].written(*numbers)} = {value}")
            elif node.label:
                lines.append(f"  {self.u(node)} = {node.label} = {value}")
            else:
                lines.append(f"  {self.u(node)} = {value}")
            yield Frame("forward", i, n, node, _fitted(lines, self.width))

    # -- backward --------------------------------------------------------------------------

    def _backward(self):
        n = len(self.shown)
        shown = set(self.shown)
        number = 0
        self.table = {}
        for step in backprop_steps(self.f):
            node = step.node
            if node not in shown:
                continue
            number += 1
            self.table[node] = step.grad
            what = self._what(node)
            lines = [f"Backward {number}/{n}: {self.defined(node)}" + (f", {what}" if what else "")]
            lines.extend(self._sum_lines(step))
            if self.show_table:
                lines.append("")
                lines.extend(self._table_lines())
            terms = tuple((t.consumer, t.position, t.local) for t in step.terms)
            text = _fitted(lines, self.width)
            yield Frame("backward", number, n, node, text, dict(self.table), terms)

    def _sum_lines(self, step):
        """The entry of ``step.node`` as the sum of its terms, one term per use."""
        entry = f"grad_table[{self.ref(step.node)}]"
        if not step.terms:
            o = self.out
            return [f"  {entry} = d{o}/d{o} = 1: the dynamic program starts at {o}"]
        lines = ["  one term per use: local derivative × upstream = contribution"]
        repeated = _consumers_using_twice(step.terms)
        for term in step.terms:
            consumer = term.consumer
            where = f", input {term.position + 1}" if consumer in repeated else ""
            why = _routing(self, consumer) or OPS[consumer.op].rule_for(term.position)
            lines.append(f"    from {self.defined(consumer)}{where}: {why}")
            u = self.u(consumer)
            local, upstream, contribution = (
                format_number(x, DIGITS) for x in (term.local, term.upstream, term.contribution)
            )
            lines.append(
                f"      ∂{u}/∂{self.ref(step.node)} × grad_table[{u}]"
                f" = {local} × {_bracket_negative(upstream)} = {contribution}"
            )
        first, *rest = (format_number(t.contribution, DIGITS) for t in step.terms)
        total = " + ".join([first] + [_bracket_negative(c) for c in rest])
        grad = format_number(step.grad, DIGITS)
        lines.append(f"  sum: {entry} = {total} = {grad}" if rest else f"  so {entry} = {grad}")
        return lines

    def _table_lines(self):
        rows = [("u_i", "node", "value", "grad")]
        for node, g in self.table.items():
            value, grad = (format_number(x, DIGITS) for x in (node.data, g))
            rows.append((self.u(node), self._node_text(node), value, grad))
        widths = [max(len(row[k]) for row in rows) for k in range(4)]
        room = self.width and self.width - 10 - widths[0] - widths[2] - widths[3]  # node column's
        if room and widths[1] > room:  # long variable names: a node text is cut short, with …
            widths[1] = max(room, 8)
            cut = widths[1] - 1
            rows = [(a, b if len(b) <= cut + 1 else b[:cut] + "…", c, d) for a, b, c, d in rows]
        lines = [f"  grad_table so far (filled from {self.out} backwards):"]
        for a, b, c, d in rows:
            lines.append(
                f"    {a.ljust(widths[0])}  {b.ljust(widths[1])}"
                f"  {c.rjust(widths[2])}  {d.rjust(widths[3])}"
            )
        return lines

    def _valued(self, node):
        """x = 2 for a variable, u_i = -4 for an interior node, just 3 for a constant."""
        value = format_number(node.data, DIGITS)
        return f"{self.name(node)} = {value}" if node.op or node.label else value

    def _node_text(self, node):
        if node.op:
            return f"{node.op}({', '.join(self.name(v) for v in node.inputs)})"
        return self.name(node)

    # -- summary ---------------------------------------------------------------------------

    def summary_lines(self):
        """f = ..., then df/dname = g for each variable (0 if f does not depend on it).

        The lines keep this form whatever the output is called (DESIGN.md's contract); an
        output the notes call J is announced as f = J = ....
        """
        table = grad_table(self.f)
        value = format_number(self.f.data, DIGITS)
        lines = [f"f = {value}" if self.out == "f" else f"f = {self.out} = {value}"]
        for name, leaf in self.variables.items():
            lines.append(f"df/d{name} = {format_number(table.get(leaf, 0.0), DIGITS)}")
        return lines


def _fitted(lines, width):
    """``lines`` as one text, each wrapped at ``width`` columns (None: as they are), going on
    4 columns further in."""
    if width is None:
        return "\n".join(lines)
    fitted = []
    for line in lines:
        indent = " " * (len(line) - len(line.lstrip()) + 4)
        fitted += textwrap.wrap(line, width, subsequent_indent=indent, break_on_hyphens=False,
                                break_long_words=False) or [line]  # fmt: skip
    return "\n".join(fitted)


def _is_constant(node):
    return not node.op and not node.label


def _routing(walk, consumer):
    """Why max or relu sends the gradient where it does, as the lecture says it, or None."""
    if consumer.op == "max":
        a, b = consumer.inputs
        first, second = walk.name(a), walk.name(b)
        if a.data >= b.data:
            return f"{first} ≥ {second}, so max routes to {first}"
        return f"{first} < {second}, so max routes to {second}"
    if consumer.op == "relu":
        x = walk.name(consumer.inputs[0])
        if consumer.inputs[0].data > 0:
            return f"{x} > 0, so relu passes the gradient on"
        return f"{x} ≤ 0, so relu passes 0"
    return None


def _consumers_using_twice(terms):
    seen, repeated = set(), set()
    for term in terms:
        if term.consumer in seen:
            repeated.add(term.consumer)
        seen.add(term.consumer)
    return repeated


def _bracket_negative(text):
    return f"({text})" if text.startswith("-") else text
