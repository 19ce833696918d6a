"""nn initialisers: the variances of the contract, checked statistically with fixed seeds."""

import random
import statistics

import pytest

import nn

# 800 inputs x 16 neurons = 12,800 weights: their sample variance has a relative standard
# error of about sqrt(2 / 12800) = 1.25%. The tolerance is 8 of those, and the seed is fixed,
# so the test cannot flake.
NIN, NOUT = 800, 16


@pytest.mark.parametrize(
    "init, expected",
    [("xavier", 1 / NIN), ("glorot", 2 / (NIN + NOUT)), ("he", 2 / NIN), ("uniform", 1 / 3)],
)
def test_weight_variance(init, expected):
    layer = nn.Layer(NIN, NOUT, init=init, seed=1)
    ws = [w.data for n in layer.neurons for w in n.w]
    assert statistics.fmean(ws) == pytest.approx(0.0, abs=0.1 * expected**0.5)
    assert statistics.pvariance(ws) == pytest.approx(expected, rel=0.10)


@pytest.mark.parametrize("init", ["xavier", "glorot", "he"])
def test_gaussian_schemes_have_zero_bias(init):
    net = nn.MLP(3, [5, 2], init=init, seed=0)
    assert all(n.b.data == 0.0 for layer in net.layers for n in layer.neurons)


def test_uniform_weights_and_biases_lie_in_minus_one_one():
    net = nn.MLP(3, [50, 50, 1], seed=2)
    values = [p.data for p in net.parameters()]
    assert all(-1 <= v <= 1 for v in values)
    assert min(values) < -0.95 and max(values) > 0.95
    assert any(n.b.data != 0.0 for n in net.layers[0].neurons)


def test_seed_is_reproducible_and_leaves_global_random_alone():
    random.seed(123)
    before = random.getstate()
    a = [p.data for p in nn.MLP(2, [4, 1], init="he", seed=7).parameters()]
    b = [p.data for p in nn.MLP(2, [4, 1], init="he", seed=7).parameters()]
    c = [p.data for p in nn.MLP(2, [4, 1], init="he", seed=8).parameters()]
    assert random.getstate() == before
    assert a == b and a != c


def test_unknown_init_names_the_choices():
    with pytest.raises(ValueError, match="uniform, xavier, glorot, he"):
        nn.MLP(2, [1], init="zeros")
    assert nn.INITS == ("uniform", "xavier", "glorot", "he")
