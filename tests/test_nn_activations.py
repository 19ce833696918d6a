"""nn activations: the seeds' values, finite differences, and the conventions at kinks."""

import math

import pytest
from conftest import import_torch

import nn
from autograd import Value, grad, numerical_grad

POINTS = [-3.0, -0.7, -1e-3, 0.4, 2.5]

FLOAT_FORMS = {
    "sigmoid": lambda x: 1 / (1 + math.exp(-x)),
    "tanh": math.tanh,
    "relu": lambda x: max(0.0, x),
    "leaky_relu": lambda x: x if x > 0 else 0.01 * x,
    "elu": lambda x: x if x > 0 else math.exp(x) - 1,
    "softplus": lambda x: math.log1p(math.exp(x)),
    "linear": lambda x: x,
}


@pytest.mark.parametrize("name", sorted(FLOAT_FORMS))
@pytest.mark.parametrize("x", POINTS)
def test_activation_value_and_gradient_match_floats(name, x):
    fn, ref = nn.ACTIVATIONS[name], FLOAT_FORMS[name]
    v = Value(x)
    out = fn(v)
    assert out.data == pytest.approx(ref(x), rel=1e-12, abs=1e-15)
    (g,) = grad(out, [v])
    (expected,) = numerical_grad(lambda t: ref(t), [x])
    assert g == pytest.approx(expected, rel=1e-6, abs=1e-8)


def test_activation_names_are_the_contract():
    assert set(nn.ACTIVATIONS) == {"tanh", "sigmoid", "relu", "leaky_relu", "elu", "softplus", "linear"}


def test_activations_take_plain_numbers_too():
    assert nn.relu(-2).data == 0.0
    assert nn.sigmoid(0).data == 0.5


def slope_at(fn, x):
    v = Value(x)
    return grad(fn(v), [v])[0]


def test_kinks_follow_relu_prime_zero_is_zero():
    # relu'(0) = 0 (seed 002): the slope of the left side at the kink
    assert slope_at(nn.relu, 0.0) == 0.0
    assert slope_at(nn.leaky_relu, 0.0) == 0.01  # the left slope alpha, as PyTorch
    assert slope_at(lambda v: nn.leaky_relu(v, alpha=0.2), 0.0) == 0.2
    assert slope_at(nn.elu, 0.0) == 1.0
    assert slope_at(lambda v: nn.elu(v, alpha=0.5), 0.0) == 0.5


def test_leaky_relu_and_elu_alpha():
    assert nn.leaky_relu(Value(-2.0), alpha=0.1).data == pytest.approx(-0.2)
    assert nn.elu(Value(-1.0), alpha=2.0).data == pytest.approx(2 * (math.exp(-1) - 1))
    with pytest.raises(ValueError, match="alpha"):
        nn.leaky_relu(Value(1.0), alpha=2.0)


@pytest.mark.parametrize("x", [-50.0, -2.0, -1e-9, 0.0, 1e-9, 0.3, 4.0, 50.0])
def test_softplus_derivative_is_sigmoid(x):
    # seed 004: d zeta / dx = sigma(x), including at 0
    assert slope_at(nn.softplus, x) == pytest.approx(1 / (1 + math.exp(-x)), rel=1e-12, abs=1e-300)


def test_softplus_is_stable_for_huge_inputs():
    assert nn.softplus(Value(1000.0)).data == 1000.0
    assert nn.softplus(Value(-1000.0)).data == 0.0
    assert slope_at(nn.softplus, 1000.0) == 1.0


def test_softmax_table_of_seed_000():
    x = [1, 0.1, 3, 0.1, 0.4, 2, 1, 0.05, 0]
    percent = [round(100 * p.data, 1) for p in nn.softmax(x)]
    assert percent == [7.0, 2.9, 51.9, 2.9, 3.9, 19.1, 7.0, 2.7, 2.6]


def test_softmax_is_stable_and_sums_to_one():
    # seed 004's example: softmax([1000, 2000, 3000]) overflows naively
    probs = nn.softmax([Value(1000.0), Value(2000.0), Value(3000.0)])
    assert [p.data for p in probs] == [0.0, 0.0, 1.0]
    probs = nn.softmax([Value(v) for v in (0.3, -1.2, 2.0, 0.0)])
    assert sum(p.data for p in probs) == pytest.approx(1.0)


def test_softmax_gradient_matches_finite_differences():
    xs = [Value(v) for v in (0.3, -1.2, 2.0, 0.0)]
    weights = [1.0, -2.0, 0.5, 3.0]  # a weighted sum makes every partial nonzero

    def f(*vals):
        exps = [math.exp(v) for v in vals]
        total = sum(exps)
        return sum(w * e / total for w, e in zip(weights, exps))

    probs = nn.softmax(xs)
    out = sum((w * p for w, p in zip(weights, probs)), Value(0.0))
    assert grad(out, xs) == pytest.approx(numerical_grad(f, xs), rel=1e-6)


def test_softmax_needs_a_nonempty_list():
    with pytest.raises(ValueError, match="non-empty"):
        nn.softmax([])


def test_activations_match_torch_including_the_kinks():
    torch = import_torch()
    F = torch.nn.functional
    pairs = {
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": torch.relu,
        "leaky_relu": lambda t: F.leaky_relu(t, 0.01),
        "elu": F.elu,
        "softplus": F.softplus,
    }
    for name, theirs in pairs.items():
        for x in [-30.0, -1.5, 0.0, 0.25, 3.0, 30.0]:
            v = Value(x)
            out = nn.ACTIVATIONS[name](v)
            t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
            y = theirs(t)
            y.backward()
            # abs: without a log1p primitive, softplus(-30) = log(1 + 9.4e-14) is only
            # accurate to about 1e-16 absolute; its gradient sigma(x) is accurate
            assert out.data == pytest.approx(y.item(), rel=1e-12, abs=2e-16), (name, x)
            assert grad(out, [v])[0] == pytest.approx(t.grad.item(), rel=1e-12, abs=1e-300), (name, x)
