"""Every op at its edge points, the finiteness rule, and backward agreeing with forward.

No Value holds inf or nan: an op whose result is not finite raises. Where forward succeeds,
backward gives the limit where there is one, and raises a clear error where a derivative
is infinite. PyTorch (float64) is the oracle wherever its numbers are finite.
"""

import math

import pytest
from conftest import import_torch
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import OPS, Value, backprop_steps, grad, trace

# (op, inputs): the edges of each op's domain and of a float's range
EDGES = [
    ("add", (1e308, 1e308)), ("add", (-1e308, 1e307)), ("add", (-0.0, 0.0)),
    ("mul", (1e200, 1e200)), ("mul", (0.0, 1e300)), ("mul", (-0.0, 5.0)), ("mul", (1e-200, 1e-200)),
    ("max", (3.0, 3.0)), ("max", (-1e308, 1e308)), ("max", (-0.0, 0.0)),
    ("pow", (0.0, 0.0)), ("pow", (0.0, 1.0)), ("pow", (0.0, 2.0)), ("pow", (0.0, 0.5)),
    ("pow", (0.0, -1.0)), ("pow", (-2.0, 3.0)), ("pow", (-2.0, 0.5)), ("pow", (1e-160, -1.0)),
    ("pow", (1e154, 2.0)), ("pow", (1e155, 2.0)), ("pow", (2.0, 0.0)),
    ("exp", (709.0,)), ("exp", (710.0,)), ("exp", (-1000.0,)),
    ("log", (1e-300,)), ("log", (5e-324,)), ("log", (0.0,)), ("log", (-1.0,)), ("log", (1e308,)),
    ("tanh", (1000.0,)), ("tanh", (-1000.0,)), ("tanh", (0.0,)),
    ("sigmoid", (1000.0,)), ("sigmoid", (-1000.0,)), ("sigmoid", (0.0,)),
    ("relu", (0.0,)), ("relu", (-0.0,)), ("relu", (1e308,)),
]  # fmt: skip

# where we differ from PyTorch on purpose (see autograd/ops.py and the README's Conventions)
CONVENTIONS = {
    ("max", (3.0, 3.0)): "a tie routes the whole gradient to the first input (torch: 0.5/0.5)",
    ("max", (-0.0, 0.0)): "a tie routes the whole gradient to the first input (torch: 0.5/0.5)",
}


def ours(name, point):
    """('value', data, gradients) or ('error', exception) through Value and grad."""
    leaves = [Value(x) for x in point]
    try:
        f = getattr(leaves[0], name)(*leaves[1:])
    except (ValueError, ArithmeticError) as error:
        return "forward error", error
    try:
        return "value", f.data, grad(f, leaves)
    except (ValueError, ArithmeticError) as error:
        return "backward error", error


def theirs(torch, name, point):
    xs = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in point]
    functions = {
        "add": lambda a, b: a + b, "mul": lambda a, b: a * b, "max": torch.maximum,
        "pow": lambda a, b: a**b, "exp": torch.exp, "log": torch.log, "tanh": torch.tanh,
        "sigmoid": torch.sigmoid, "relu": torch.relu,
    }  # fmt: skip
    out = functions[name](*xs)
    grads = torch.autograd.grad(out, xs, allow_unused=True)
    return out.item(), [0.0 if g is None else g.item() for g in grads]


def test_every_op_has_edges_here():
    assert {name for name, _ in EDGES} == set(OPS), "add the new op's edge points to EDGES"


@pytest.mark.parametrize("name, point", EDGES, ids=[f"{n}{p}" for n, p in EDGES])
def test_edges_against_pytorch(name, point):
    torch = import_torch()
    value, torch_grads = theirs(torch, name, point)
    result = ours(name, point)
    if not math.isfinite(value):
        assert result[0] == "forward error", (name, point, result)  # never an inf or nan Value
        return
    assert result[0] != "forward error", (name, point, result)
    assert result[0] == "value" or not all(map(math.isfinite, torch_grads)), result
    if result[0] == "backward error":
        assert "the derivative of" in str(result[1])  # one clear sentence, naming the node
        return
    _, data, grads = result
    assert data == pytest.approx(value, rel=1e-15, abs=0)
    for k, (a, b) in enumerate(zip(grads, torch_grads)):
        assert math.isfinite(a)  # never inf or nan from backward
        if (name, point) in CONVENTIONS or not math.isfinite(b):
            continue  # a convention, or no finite number to hold ours against
        assert a == pytest.approx(b, rel=1e-12, abs=1e-300), (name, point, k, grads, torch_grads)


@pytest.mark.parametrize("name, point", list(CONVENTIONS))
def test_conventions_at_a_tie(name, point):
    assert ours(name, point)[2] == [1.0, 0.0]


# -- the limits and the infinite derivatives the issue names ---------------------------------


def test_a_constant_power_has_slope_zero_even_at_zero():
    x = Value(0.0, "x")
    assert (x**0).data == 1.0 and grad(x**0, [x]) == [0.0]
    d1, = grad(x**1, [x], create_graph=True)
    assert d1.data == 1.0 and grad(d1, [x]) == [0.0]  # the second derivative of x at 0


@pytest.mark.parametrize(
    "build, words",
    [
        (lambda x: x**0.5, r"the derivative of x \*\* 0.5 \(u_3\) is infinite at x = 0"),
        (lambda x: (x + 1e-160) ** -1.0, r"too large for a float"),
        (lambda x: (x + 5e-324).log(), r"the derivative of log\(4.94066e-324\) \(u_4\) is infinite"),
    ],
)
def test_an_infinite_derivative_is_one_clear_error(build, words):
    x = Value(0.0, "x")
    f = build(x)  # forward succeeds
    for backward in (lambda: f.backward(), lambda: grad(f, [x]), lambda: _tape_backward(f)):
        with pytest.raises(OverflowError, match=words):
            backward()


def _tape_backward(f):
    tape = trace(f)
    tape.run()
    tape.backward()


# -- no Value holds inf or nan -----------------------------------------------------------------


def test_overflow_in_any_op_raises_naming_the_op_and_the_inputs():
    x = Value(1e200, "x")
    with pytest.raises(OverflowError, match=r"mul overflows: 1e\+200 × 1e\+200 .*\(node 'x', 'x'\)"):
        x * x
    with pytest.raises(OverflowError, match=r"add overflows"):
        Value(1e308) + 1e308
    tape = trace(Value(1.0, "y") * x)
    tape.leaves[0].data = 1e200
    with pytest.raises(OverflowError, match=r"mul overflows.*\(computing u_3\)"):
        tape.run()


@pytest.mark.parametrize(
    "number, error, words",
    [
        (math.nan, ValueError, "Value.data needs a finite number, got nan"),
        (math.inf, ValueError, "got inf"),
        (10**400, OverflowError, "Value.data got an int too large for a float"),
        ("1", TypeError, "Value.data needs a real number .int or float., got str"),
        (True, TypeError, "got bool"),
        (None, TypeError, "got NoneType"),
    ],
)
def test_data_set_by_hand_is_checked_and_left_as_it_was(number, error, words):
    x = Value(1.0, "x")
    with pytest.raises(error, match=words):
        x.data = number
    assert x.data == 1.0
    # so relu(nan) can never quietly be 0, nor a tape meet a leaf that is not finite
    assert x.relu().data == 1.0 and trace(x.relu()).run() == 1.0


def test_data_set_to_an_int_holds_its_float():
    x = Value(1.0, "x")
    x.data = 3  # a plain int, as a user types it
    assert type(x.data) is float and x.data == 3.0
    (x**2).backward()  # once, 'int' object has no attribute 'log'
    assert x.grad == 6.0


def test_a_tape_keeps_finite_numbers_whose_sum_overflows():
    big, small = Value(1e308, "big"), Value(-1e-300, "small")
    for f in (big.relu(), big + 1.5, (Value(1e-300) + small) * big, big.max(big * 0.5)):
        tape = trace(f)
        assert tape.run() == f.data  # 1e308 + 1e308 overflows the check's sum, not a number
        tape.backward()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.floats(-1e300, 1e300), min_size=1, max_size=3),
    st.lists(st.tuples(st.sampled_from(sorted(OPS)), st.integers(0, 50), st.integers(0, 50)),
             min_size=1, max_size=20),
)  # fmt: skip
def test_no_value_ever_holds_a_number_that_is_not_finite(leaves, program):
    nodes = [Value(x) for x in leaves]
    for name, i, j in program:
        a, b = nodes[i % len(nodes)], nodes[j % len(nodes)]
        try:
            node = getattr(a, name)(*([b] if OPS[name].arity == 2 else []))
        except (ValueError, ArithmeticError):
            continue
        assert math.isfinite(node.data)
        nodes.append(node)
    try:
        grads = grad(nodes[-1], nodes)
    except (ValueError, ArithmeticError):
        return
    assert all(math.isfinite(g) for g in grads)


# -- plain numbers in .data, and numbers no float can hold -------------------------------------


def test_an_int_assigned_to_data_works_everywhere():
    x = Value(1.0, "x")
    x.data = 3  # as users assign it
    f = x**2 + x.log() + x.max(2)
    f.backward()
    assert x.grad == 6.0 + 1 / 3 + 1.0
    (d1,) = grad(x**2, [x], create_graph=True)
    assert grad(d1, [x]) == [2.0]


def test_an_int_too_large_for_a_float_says_so():
    with pytest.raises(OverflowError, match=r"Value got an int too large for a float"):
        Value(10**400)
    with pytest.raises(OverflowError, match=r"an int too large for a float"):
        Value(10**5000)  # too many digits even to print


def test_the_step_through_hands_out_no_entry_that_is_not_finite():
    x = Value(1e-320, "x")
    f = x.log() * 0.0  # d log(x)/dx is inf here; grad_table[x] would be inf × 0 = nan
    handed_out = []
    with pytest.raises(OverflowError, match=r"the derivative of log\(x\) \(u_2\) is infinite"):
        for step in backprop_steps(f):
            handed_out.append(step.grad)
    assert handed_out and all(math.isfinite(g) for g in handed_out)


def test_the_backward_functions_name_themselves_for_a_wrong_argument():
    x = Value(1.0, "x")
    with pytest.raises(TypeError, match="backprop_steps needs a Value, got int"):
        list(backprop_steps(3))
    with pytest.raises(TypeError, match=r"a list of Values .*grad\(f, \[x\]\)"):
        grad(x * x, x)
