"""Random graphs, with node reuse, against finite differences and against PyTorch (float64).

A graph is a small program: some leaves, then ops that each read earlier nodes. Graphs
that land on a kink (relu at 0, a max tie), outside a domain, or on huge values are
rejected, since finite differences mean nothing there.
"""

import math

from conftest import import_torch
from graphs import admissible, float_ops, programs, run, value_ops
from hypothesis import HealthCheck, assume, given, settings

from autograd import OPS, Value, backprop_steps, grad, grad_table, numerical_grad


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(programs())
def test_random_graphs_match_finite_differences(program):
    assume(admissible(program))
    leaves = [Value(x) for x in program[0]]
    f = run(program, leaves, value_ops())
    analytic = grad(f, leaves)
    numeric = numerical_grad(lambda *xs: run((xs, program[1]), xs, float_ops()), program[0])
    for a, n in zip(analytic, numeric):
        assert math.isclose(a, n, rel_tol=1e-4, abs_tol=1e-4 * max(1.0, abs(f.data))), (analytic, numeric)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(programs())
def test_step_through_and_grad_table_agree_exactly(program):
    assume(admissible(program))
    f = run(program, [Value(x) for x in program[0]], value_ops())
    table = grad_table(f)
    steps = list(backprop_steps(f))
    assert [s.node for s in steps][0] is f and len(steps) == len(table)
    for step in steps:
        assert step.grad == table[step.node]
        if step.terms:
            total = 0.0
            for term in step.terms:
                assert term.contribution == term.local * term.upstream
                total += term.contribution
            assert total == step.grad


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(programs())
def test_second_derivatives_of_random_graphs(program):
    assume(admissible(program))
    leaves = [Value(x) for x in program[0]]
    f = run(program, leaves, value_ops())
    first = grad(f, leaves, create_graph=True)
    for i, g in enumerate(first):
        row = grad(g, leaves)

        def d_i(*xs):
            vs = [Value(x) for x in xs]
            return grad(run((xs, program[1]), vs, value_ops()), vs)[i]

        numeric = numerical_grad(d_i, program[0], h=1e-5)
        scale = max(1.0, abs(g.data), *map(abs, row))
        for a, n in zip(row, numeric):
            assert math.isclose(a, n, rel_tol=1e-3, abs_tol=1e-3 * scale), (row, numeric)


def torch_ops(torch):
    return {
        "add": lambda a, b: a + b,
        "mul": lambda a, b: a * b,
        "max": torch.maximum,  # ties are rejected above: torch splits them 0.5/0.5
        "pow": lambda a, p: a**p,
        "exp": torch.exp,
        "log": torch.log,
        "tanh": torch.tanh,
        "sigmoid": torch.sigmoid,
        "relu": torch.relu,
    }


def test_the_torch_oracle_knows_every_op():
    torch = import_torch()
    assert set(torch_ops(torch)) == set(OPS), "add the new op to torch_ops() in this file"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(programs())
def test_random_graphs_match_pytorch(program):
    torch = import_torch()
    assume(admissible(program))
    leaves = [Value(x) for x in program[0]]
    f = run(program, leaves, value_ops())
    ours = grad(f, leaves)
    tensors = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in program[0]]
    out = run(program, tensors, torch_ops(torch))
    theirs = torch.autograd.grad(out, tensors, allow_unused=True)
    assert math.isclose(f.data, out.item(), rel_tol=1e-12, abs_tol=1e-12)
    for a, t in zip(ours, theirs):
        b = 0.0 if t is None else t.item()
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9), (ours, theirs)
