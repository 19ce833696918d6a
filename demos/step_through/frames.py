"""The frames of the step-through: forward then backward, as text a lecturer reads out.

Every number in the backward frames comes from ``autograd.backprop_steps``: the demo never
computes a derivative itself, so it cannot drift from the engine. Nodes are named as in
the lecture notes: u_1 .. u_n in topological order, a variable by its label (x, y, ...),
a constant by its value, an interior node as u_i = op(inputs).
"""

from dataclasses import dataclass, field

from autograd import OPS, backprop_steps, topological_order
from autograd.render import format_number

DIGITS = 6  # format_number(x, 6) is Python's %g: df/dx = -2, as the lecture notes write it


@dataclass(frozen=True)
class Frame:
    """One step: ``phase`` "forward" or "backward", its ``number`` of ``total``, the text."""

    phase: str
    number: int
    total: int
    node: object  # the Value this step is about (highlighted in the picture)
    text: str
    grads: dict = field(default_factory=dict)  # grad_table entries filled so far


class Walk:
    """Forward and backward frames for ``f``.

    ``variables`` maps each name to its leaf, in the order of the summary; a name that
    ``f`` does not use maps to None (its gradient is 0). With ``table=False`` a backward
    frame ends with its sum, without the grad_table so far (for a graph of many nodes).
    """

    def __init__(self, f, variables, table=True):
        self.f = f
        self.show_table = table
        self.variables = dict(variables)
        self.order = topological_order(f)
        self.index = {node: i for i, node in enumerate(self.order, start=1)}
        self.table = {}
        self.frames = self._forward() + self._backward()

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
            return "the output f"
        if not node.op:
            return "an input" if node.label else "a constant"
        return ""

    # -- forward ---------------------------------------------------------------------------

    def _forward(self):
        frames = []
        n = len(self.order)
        for i, node in enumerate(self.order, start=1):
            what = self._what(node)
            lines = [f"Forward {i}/{n}: {self.defined(node)}" + (f", {what}" if what else "")]
            value = format_number(node.data, DIGITS)
            if node.op:
                inputs = " and ".join(self._valued(v) for v in node.inputs)
                noun = "inputs" if len(node.inputs) > 1 else "input"
                lines.append(f"  op {node.op}, {noun} {inputs}")
                lines.append(f"  {self.u(node)} = {_apply_text(node)} = {value}")
            elif node.label:
                lines.append(f"  {self.u(node)} = {node.label} = {value}")
            else:
                lines.append(f"  {self.u(node)} = {value}")
            frames.append(Frame("forward", i, n, node, "\n".join(lines)))
        return frames

    # -- backward --------------------------------------------------------------------------

    def _backward(self):
        frames = []
        n = len(self.order)
        for number, step in enumerate(backprop_steps(self.f), start=1):
            node = step.node
            self.table[node] = step.grad
            what = self._what(node)
            lines = [f"Backward {number}/{n}: {self.defined(node)}" + (f", {what}" if what else "")]
            entry = f"grad_table[{self.ref(node)}]"
            if not step.terms:
                lines.append(f"  {entry} = df/df = 1: the dynamic program starts at f")
            else:
                lines.append("  one term per use: local derivative × upstream = contribution")
                repeated = _consumers_using_twice(step.terms)
                for term in step.terms:
                    consumer = term.consumer
                    where = f", input {term.position + 1}" if consumer in repeated else ""
                    lines.append(
                        f"    from {self.defined(consumer)}{where}: {OPS[consumer.op].rule}"
                    )
                    u = self.u(consumer)
                    local, upstream, contribution = (
                        format_number(x, DIGITS)
                        for x in (term.local, term.upstream, term.contribution)
                    )
                    lines.append(
                        f"      ∂{u}/∂{self.ref(node)} × grad_table[{u}]"
                        f" = {local} × {upstream} = {contribution}"
                    )
                first, *rest = (format_number(t.contribution, DIGITS) for t in step.terms)
                total = " + ".join([first] + [_bracket_negative(c) for c in rest])
                grad = format_number(step.grad, DIGITS)
                if rest:
                    lines.append(f"  sum: {entry} = {total} = {grad}")
                else:
                    lines.append(f"  so {entry} = {grad}")
            if self.show_table:
                lines.append("")
                lines.extend(self._table_lines())
            frames.append(Frame("backward", number, n, node, "\n".join(lines), dict(self.table)))
        return frames

    def _table_lines(self):
        rows = [("u_i", "node", "value", "grad")]
        for node, g in self.table.items():
            value, grad = (format_number(x, DIGITS) for x in (node.data, g))
            rows.append((self.u(node), self._node_text(node), value, grad))
        widths = [max(len(row[k]) for row in rows) for k in range(4)]
        lines = ["  grad_table so far (filled from f backwards):"]
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
        """f = ..., then df/dname = g for each variable (0 if f does not depend on it)."""
        lines = [f"f = {format_number(self.f.data, DIGITS)}"]
        for name, leaf in self.variables.items():
            lines.append(f"df/d{name} = {format_number(self.table.get(leaf, 0.0), DIGITS)}")
        return lines


def _consumers_using_twice(terms):
    seen, repeated = set(), set()
    for term in terms:
        if term.consumer in seen:
            repeated.add(term.consumer)
        seen.add(term.consumer)
    return repeated


def _bracket_negative(text):
    return f"({text})" if text.startswith("-") else text


def _apply_text(node):
    """The op applied to the input values: 2 × -2, max(3, 4), tanh(0.5)."""
    op = OPS[node.op]
    values = [format_number(v.data, DIGITS) for v in node.inputs]
    if node.op == "pow":  # (-1) ** 2, not -1 ** 2, which reads as -(1 ** 2)
        values = [_bracket_negative(v) for v in values]
    if op.arity == 2 and not op.symbol.isalpha():
        return f"{values[0]} {op.symbol} {values[1]}"
    return f"{op.symbol}({', '.join(values)})"
