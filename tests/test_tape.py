"""Traced tapes: the same numbers as the Value path, bit for bit, replayed without Values."""

import contextlib
import math

import pytest
from graphs import admissible, programs, run, value_ops
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import nn
from autograd import OPS, Op, Value, trace
from autograd import tape as tape_module
from autograd.value import method_for


def values_path(build, leaf_data):
    """f's value and every leaf's gradient from a graph built afresh with ``build``."""
    leaves = [Value(x) for x in leaf_data]
    f = build(leaves)
    f.backward()
    return f.data, [leaf.grad for leaf in leaves]


def tape_path(build, leaf_data, replay_data=None):
    """The same from a tape traced on ``leaf_data``, replayed on ``replay_data``."""
    leaves = [Value(x) for x in leaf_data]
    tape = trace(build(leaves))
    for leaf, x in zip(leaves, replay_data or leaf_data):
        leaf.data = x
    out = tape.run()
    tape.backward()
    return out, [leaf.grad for leaf in leaves]


# -- the seed example ----------------------------------------------------------------------


def seed(leaves):
    x, y, z, w = leaves
    return x * y + z.max(w)


def test_the_seed_example_as_the_books_list():
    x, y, z, w = Value(2, "x"), Value(-2, "y"), Value(3, "z"), Value(4, "w")
    tape = trace(x * y + z.max(w))
    assert str(tape) == "\n".join([
        "u_1 = x", "u_2 = y", "u_3 = mul(u_1, u_2)", "u_4 = z", "u_5 = w",
        "u_6 = max(u_4, u_5)", "u_7 = add(u_3, u_6)",
    ])  # fmt: skip
    assert len(tape) == 7 and tape.leaves == [x, y, z, w]
    assert tape.run() == 0.0
    tape.backward()
    assert [v.grad for v in (x, y, z, w)] == [-2.0, 2.0, 0.0, 1.0]


def test_the_source_reads_like_the_book():
    tape = trace(seed([Value(2), Value(-2), Value(3), Value(4)]))
    source = tape.source()
    for line in ("u3 = u1 * u2", "u6 = u4 if u4 >= u5 else u5", "u7 = u3 + u6", "g7 = 1.0",
                 "g1 = u2 * g7", "g2 = u1 * g7"):  # fmt: skip
        assert f"    {line}\n" in source
    assert "g3" not in source and "g6" not in source  # add passes g7 on unchanged
    assert source.startswith("# Written by autograd.trace from the op table")


def test_a_constant_leaf_shows_its_value():
    x = Value(1.0, "x")
    assert str(trace(0.5 * x)) == "u_1 = 0.5\nu_2 = x\nu_3 = mul(u_1, u_2)"


# -- bit for bit -----------------------------------------------------------------------------

POINTS = {1: [(0.3,), (-1.7,), (2.0,)], 2: [(0.7, 1.3), (1.6, -0.4), (2.0, 2.0), (-0.5, 3.0)]}


@pytest.mark.parametrize("name", list(OPS))
def test_every_op_matches_the_value_path_exactly(name):
    op = OPS[name]
    for point in POINTS[op.arity]:
        if name == "log" and point[0] <= 0:
            continue
        if name == "pow" and point[0] < 0:
            continue

        def build(leaves):
            out = getattr(leaves[0], name)(*leaves[1:])
            return out * leaves[0] + out  # uses every input twice: sums of terms

        new_point = tuple(x * 1.1 for x in point)
        assert tape_path(build, point) == values_path(build, point)
        assert tape_path(build, point, new_point) == values_path(build, new_point)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(programs())
def test_random_graphs_match_the_value_path_exactly(program):
    assume(admissible(program))

    def build(leaves):
        return run(program, leaves, value_ops())

    assert tape_path(build, program[0]) == values_path(build, program[0])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(programs(), st.integers(1, 4))
def test_random_graphs_across_many_small_functions(program, chunk):
    # with a few nodes per generated function, values and entries cross function boundaries
    assume(admissible(program))

    def build(leaves):
        return run(program, leaves, value_ops())

    with small_functions(chunk):
        assert tape_path(build, program[0]) == values_path(build, program[0])


@contextlib.contextmanager
def small_functions(chunk):
    saved, tape_module.CHUNK = tape_module.CHUNK, chunk
    try:
        yield
    finally:
        tape_module.CHUNK = saved


def test_a_leaf_used_many_times_sums_across_lines():
    def build(leaves):
        (x,) = leaves
        total = x * 0.5
        for k in range(300):  # x's entry has 301 terms: several statements
            total = total + x * (k % 7 - 3.0)
        return total.tanh()

    assert tape_path(build, [0.01]) == values_path(build, [0.01])


def test_fifty_sgd_steps_of_an_mlp():
    X, Y = nn.xor()

    def train(use_tape):
        model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
        optimizer = nn.SGD(model.parameters(), lr=0.5)
        losses = []
        tape = trace(nn.bce([model(x) for x in X], Y)) if use_tape else None
        for _ in range(50):
            optimizer.zero_grad()
            if use_tape:
                losses.append(tape.run())
                tape.backward()
            else:
                loss = nn.bce([model(x) for x in X], Y)
                loss.backward()
                losses.append(loss.data)
            optimizer.step()
        return losses, [p.data for p in model.parameters()]

    assert train(use_tape=True) == train(use_tape=False)


# -- replays ---------------------------------------------------------------------------------


def test_a_replay_reads_the_leaves_and_grads_accumulate():
    x, y = Value(2.0, "x"), Value(3.0, "y")
    tape = trace((x * y).tanh() + x)
    x.data, y.data = 0.5, -1.0
    assert tape.run() == math.tanh(-0.5) + 0.5
    tape.backward()
    tape.backward()
    assert x.grad == 2 * ((1 - math.tanh(-0.5) ** 2) * -1.0 + 1.0)
    x.data = 3  # a plain int, as users assign it
    assert tape.run() == math.tanh(-3.0) + 3


def test_backward_before_any_run_uses_the_recorded_values():
    x = Value(2.0)
    tape = trace(x * x)
    x.data = 5.0  # not run yet: the tape still holds the recorded 2.0
    tape.backward()
    assert x.grad == 4.0


def test_a_tape_of_a_single_leaf():
    x = Value(4.0, "x")
    tape = trace(x)
    assert str(tape) == "u_1 = x" and tape.run() == 4.0
    tape.backward()
    assert x.grad == 1.0


def test_a_new_row_works_in_tapes_with_no_other_code(monkeypatch):
    double = Op("double", "2×", "2.0 * a", ("2.0",), "double scales by 2")
    monkeypatch.setitem(OPS, "double", double)

    def build(leaves):
        return method_for(double)(leaves[0]).tanh()

    assert tape_path(build, [0.3]) == values_path(build, [0.3])


def test_a_chain_of_a_million_nodes():
    x = Value(1.0)
    h = x
    for _ in range(1_000_000):
        h = h + x
    tape = trace(h)
    assert len(tape) == 1_000_001
    assert tape.run() == 1_000_001.0
    tape.backward()
    assert x.grad == 1_000_001.0


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build, bad, error, words",
    [
        (lambda x: (x + 1.0).log(), -1.0, ValueError, r"log\(\) needs a positive input.*u_4"),
        (lambda x: (x * 2.0).exp(), 400.0, OverflowError, r"exp\(\) overflows.*u_4"),
        (lambda x: x ** -1.0, 0.0, ZeroDivisionError, r"0 \*\* -1 divides by zero.*u_3"),
    ],
)
def test_domain_errors_during_a_run_name_the_node(build, bad, error, words):
    x = Value(1.0, "x")
    tape = trace(build(x))
    x.data = bad
    with pytest.raises(error, match=words):
        tape.run()
    with pytest.raises(error):  # the Value path raises the same kind of error
        build(Value(bad))


def test_trace_needs_a_value():
    with pytest.raises(TypeError, match="trace needs a Value"):
        trace(3.0)


def test_watched_nodes_give_their_values_after_each_run():
    x = Value(2.0, "x")
    hidden = (x * 3.0).tanh()
    tape = trace(hidden * hidden, watch=[hidden, x])
    assert tape.watched == [math.tanh(6.0), 2.0]
    x.data = 0.1
    tape.run()
    assert tape.watched == [math.tanh(0.1 * 3.0), 0.1]
    assert trace(hidden * hidden, watch=(v for v in [hidden, x])).watched == [math.tanh(6.0), 0.1]
    with pytest.raises(TypeError, match=r"trace \(watch\) needs a Value"):
        trace(hidden, watch=[1.0])


def test_watched_nodes_outside_the_graph_are_computed_but_not_differentiated():
    z = Value(0.5, "z")
    p = z.sigmoid()  # watched, but the loss below reads z, not p
    other = Value(3.0, "other")
    loss = (z * z).tanh()
    tape = trace(loss, watch=[p, p * other])
    assert len(tape) == 6 and str(tape).splitlines()[-1] == "u_6 = mul(u_4, u_5)"
    z.data, other.data = -1.0, 2.0
    assert tape.run() == math.tanh(1.0)
    assert tape.watched == [z.sigmoid().data, z.sigmoid().data * 2.0]
    tape.backward()
    assert z.grad == (1 - math.tanh(1.0) ** 2) * -2.0 and other.grad == 0.0
