"""Random graphs for the tests: a graph is a small program of leaves, then ops that each
read earlier nodes (with reuse), run on Values, floats or tensors."""

import math

from hypothesis import strategies as st

from autograd import OPS

UNARY = sorted(name for name, op in OPS.items() if op.arity == 1)
BINARY = sorted(name for name, op in OPS.items() if op.arity == 2 and name != "pow")
EXPONENTS = [2.0, 3.0, -1.0, 0.5]


@st.composite
def programs(draw):
    leaves = draw(st.lists(st.floats(-2.0, 2.0), min_size=1, max_size=4))
    steps = []
    for i in range(draw(st.integers(1, 12))):
        available = len(leaves) + i
        kind = draw(st.sampled_from(["unary", "binary", "pow"]))
        a = draw(st.integers(0, available - 1))
        if kind == "unary":
            steps.append((draw(st.sampled_from(UNARY)), a))
        elif kind == "binary":
            steps.append((draw(st.sampled_from(BINARY)), a, draw(st.integers(0, available - 1))))
        else:
            steps.append(("pow", a, draw(st.sampled_from(EXPONENTS))))
    return leaves, steps


def run(program, leaves, ops):
    """Evaluate ``program`` on ``leaves`` with ``ops`` (name -> function); the last node is f."""
    nodes = list(leaves)
    for name, *args in program[1]:
        value = lambda k: nodes[k]  # noqa: E731
        if name == "pow":
            nodes.append(ops["pow"](value(args[0]), args[1]))
        else:
            nodes.append(ops[name](*map(value, args)))
    return nodes[-1]


def value_ops():
    """Each op through its Value method (every op is a method of its own name)."""
    return {name: (lambda n: lambda a, *rest: getattr(a, n)(*rest))(name) for name in OPS}


def float_ops():
    return {name: (lambda op: lambda *xs: op.forward(*map(float, xs)))(op) for name, op in OPS.items()}


def admissible(program):
    """Reject programs that hit a kink, leave a domain, or grow huge."""
    margin = 1e-3
    nodes = list(program[0])
    fwd = {name: op.forward for name, op in OPS.items()}
    for name, *args in program[1]:
        if name == "pow":
            xs = [nodes[args[0]], args[1]]  # the exponent is a number
        else:
            xs = [nodes[k] for k in args]
        if name == "relu" and abs(xs[0]) < margin:
            return False
        if name == "max" and abs(xs[0] - xs[1]) < margin:
            return False
        if name == "log" and xs[0] < margin:
            return False
        if name == "pow" and (abs(xs[0]) < 0.05 or (xs[0] < 0 and xs[1] != int(xs[1]))):
            return False
        try:
            out = fwd[name](*xs)
        except (ValueError, ArithmeticError):
            return False
        if not math.isfinite(out) or abs(out) > 1e4:
            return False
        nodes.append(out)
    return True
