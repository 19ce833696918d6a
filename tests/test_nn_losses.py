"""nn losses: values, delta = a - y (seed 002), finite on confident mistakes, finite differences."""

import math

import pytest
from conftest import import_torch

import nn
from autograd import Value, grad, numerical_grad


def sig(z):
    return 1 / (1 + math.exp(-z))


def test_mse_value_and_gradient():
    # seed 004's tiny example: prediction x*y = 2, target 3
    x, y = Value(1.0), Value(2.0)
    loss = nn.mse(x * y, 3)
    assert loss.data == 1.0
    assert grad(loss, [x, y]) == [-4.0, -2.0]
    assert nn.mse([Value(1.0), Value(2.0)], [0, 0]).data == 2.5  # the mean


@pytest.mark.parametrize("y", [0, 1])
@pytest.mark.parametrize("z", [-4.0, -0.3, 0.0, 0.8, 5.0])
def test_sigmoid_plus_bce_has_delta_a_minus_y(z, y):
    logit = Value(z)
    a = nn.sigmoid(logit)
    (d,) = grad(nn.bce(a, y), [logit])
    assert d == pytest.approx(a.data - y, rel=1e-12, abs=1e-15)
    (d,) = grad(nn.bce_with_logits(logit, y), [logit])
    assert d == pytest.approx(a.data - y, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("target", [0, 1, 2])
def test_softmax_cross_entropy_has_delta_a_minus_y(target):
    logits = [Value(v) for v in (0.5, -1.0, 2.0)]
    a = [p.data for p in nn.softmax(logits)]
    onehot = [1.0 if i == target else 0.0 for i in range(3)]
    got = grad(nn.cross_entropy(logits, target), logits)
    assert got == pytest.approx([ai - yi for ai, yi in zip(a, onehot)], rel=1e-12, abs=1e-15)


def test_cross_entropy_value():
    logits = [0.5, -1.0, 2.0]
    expected = -math.log(math.exp(2.0) / sum(math.exp(v) for v in logits))
    assert nn.cross_entropy([Value(v) for v in logits], 2).data == pytest.approx(expected)


@pytest.mark.parametrize("z, y", [(1000.0, 0), (-1000.0, 1)])
def test_bce_stays_finite_on_confident_mistakes(z, y):
    for loss_of in (lambda v: nn.bce(nn.sigmoid(v), y), lambda v: nn.bce_with_logits(v, y)):
        logit = Value(z)
        loss = loss_of(logit)
        assert loss.data == pytest.approx(1000.0)
        assert grad(loss, [logit]) == [pytest.approx(-1.0 if y else 1.0)]


@pytest.mark.parametrize("z, y", [(1000.0, 1), (-1000.0, 0)])
def test_bce_is_zero_on_confident_hits(z, y):
    assert nn.bce_with_logits(Value(z), y).data == 0.0
    assert nn.bce(nn.sigmoid(Value(z)), y).data == 0.0


def test_cross_entropy_stays_finite_on_confident_mistakes():
    logits = [Value(1000.0), Value(-1000.0)]
    loss = nn.cross_entropy(logits, 1)
    assert loss.data == pytest.approx(2000.0)
    assert grad(loss, logits) == pytest.approx([1.0, -1.0])


def test_bce_of_a_plain_probability():
    p = Value(0.8)
    assert nn.bce(p, 1).data == pytest.approx(-math.log(0.8))
    assert nn.bce(p, 0).data == pytest.approx(-math.log(0.2))
    assert grad(nn.bce(p, 1), [p]) == [pytest.approx(-1 / 0.8)]
    assert math.isfinite(nn.bce(Value(0.0), 1).data)  # clamped, not log(0)
    assert math.isfinite(nn.bce(Value(1.0), 0).data)


def test_bce_rejects_a_non_probability():
    with pytest.raises(ValueError, match="probability"):
        nn.bce(Value(1.5), 1)


def test_hinge_value_and_gradient():
    s = [Value(2.0), Value(0.5), Value(-0.25)]
    loss = nn.hinge(s, [1, 1, 1])
    assert loss.data == pytest.approx((0 + 0.5 + 1.25) / 3)
    assert grad(loss, s) == pytest.approx([0.0, -1 / 3, -1 / 3])
    with pytest.raises(ValueError, match="targets must be 1 or -1"):
        nn.hinge(s, [1, 0, 1])


LOSS_FLOATS = {
    "mse": (nn.mse, [0.3, -0.2, 1.5], lambda p, t: (p - t) ** 2),
    "bce_with_logits": (nn.bce_with_logits, [1, 0, 1], lambda z, y: -(y * math.log(sig(z)) + (1 - y) * math.log(1 - sig(z)))),
    "hinge": (nn.hinge, [1, -1, 1], lambda s, t: max(0.0, 1 - t * s)),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(LOSS_FLOATS))
def test_losses_match_finite_differences(name):
    loss_fn, target, ref = LOSS_FLOATS[name]
    preds = [Value(v) for v in (0.4, -0.7, 2.2)]

    def f(*vals):
        return sum(ref(v, t) for v, t in zip(vals, target)) / len(vals)

    loss = loss_fn(preds, target)
    assert loss.data == pytest.approx(f(*[p.data for p in preds]), rel=1e-12)
    assert grad(loss, preds) == pytest.approx(numerical_grad(f, preds), rel=1e-6, abs=1e-9)


def test_cross_entropy_matches_finite_differences():
    logits = [Value(v) for v in (0.4, -0.7, 2.2, 0.0)]

    def f(*vals):
        return math.log(sum(math.exp(v) for v in vals)) - vals[1]

    assert grad(nn.cross_entropy(logits, 1), logits) == pytest.approx(numerical_grad(f, logits), rel=1e-6)


def test_loss_errors_speak_to_the_student():
    with pytest.raises(ValueError, match="2 predictions but 3 targets"):
        nn.mse([Value(1.0), Value(2.0)], [1, 2, 3])
    with pytest.raises(ValueError, match="targets must be 0 or 1"):
        nn.bce_with_logits(Value(0.0), 2)
    with pytest.raises(ValueError, match="out of range"):
        nn.cross_entropy([Value(0.0), Value(1.0)], 2)
    with pytest.raises(TypeError, match="class index"):
        nn.cross_entropy([Value(0.0), Value(1.0)], 1.0)


def test_losses_table():
    assert set(nn.LOSSES) == {"mse", "bce", "bce_with_logits", "cross_entropy", "hinge"}


def test_bce_of_a_sigmoid_output_reads_its_logit():
    from autograd import topological_order, trace

    for z in (0.7, 13.0, 40.0, -40.0):  # the same rule saturated or not: a tape stays valid
        logit = Value(z)
        a = nn.sigmoid(logit)
        order = topological_order(nn.bce(a, 0))
        assert logit in order and a not in order  # softplus(z) - y z, from z
        assert nn.bce(a, 0).data == pytest.approx(math.log1p(math.exp(z)), rel=1e-12)
        assert nn.bce(a, 1).data == pytest.approx(math.log1p(math.exp(-z)), rel=1e-12)
    logit = Value(0.5)
    tape = trace(nn.bce(nn.sigmoid(logit), 0))
    logit.data = 40.0  # replayed deep in saturation: still the Value path's numbers
    assert tape.run() == nn.bce(nn.sigmoid(Value(40.0)), 0).data


def test_losses_match_torch():
    torch = import_torch()
    F = torch.nn.functional
    zs, ys = [-1000.0, -2.0, 0.0, 0.7, 40.0], [1, 0, 1, 0, 0]

    def check(ours_fn, theirs_fn):
        ours_in = [Value(z) for z in zs]
        t = torch.tensor(zs, dtype=torch.float64, requires_grad=True)
        ours = ours_fn(ours_in)
        theirs = theirs_fn(t)
        theirs.backward()
        assert ours.data == pytest.approx(theirs.item(), rel=1e-12)
        assert grad(ours, ours_in) == pytest.approx(t.grad.tolist(), rel=1e-9, abs=1e-15)

    target = torch.tensor(ys, dtype=torch.float64)
    check(lambda v: nn.bce_with_logits(v, ys), lambda t: F.binary_cross_entropy_with_logits(t, target))
    check(lambda v: nn.mse(v, ys), lambda t: F.mse_loss(t, target))
    check(lambda v: nn.cross_entropy(v, 3), lambda t: F.cross_entropy(t[None], torch.tensor([3])))


@pytest.mark.parametrize(
    "loss, targets, replay",
    [(nn.mse, [0.5, -1.0], [2.0, 0.25]), (nn.bce_with_logits, [0.0, 1.0], [1.0, 0.0]),
     (nn.hinge, [1.0, -1.0], [-1.0, 1.0])],
)  # fmt: skip
def test_value_targets_let_a_tape_replay_new_targets(loss, targets, replay):
    from autograd import trace

    preds = [Value(0.3), Value(-1.2)]
    leaves = [Value(t) for t in targets]
    built = loss(preds, leaves)
    assert built.data == loss(preds, targets).data
    tape = trace(built)
    for leaf, t in zip(leaves, replay):
        leaf.data = t
    fresh = loss(preds, replay)
    assert tape.run() == fresh.data
    tape.backward()
    expected = [p.grad for p in preds]
    for p in preds:
        p.grad = 0.0
    fresh.backward()
    assert expected == [p.grad for p in preds]


def test_value_targets_are_checked_when_the_loss_is_built():
    with pytest.raises(ValueError, match="targets must be 0 or 1, got 0.5"):
        nn.bce_with_logits([Value(0.0)], [Value(0.5)])
    with pytest.raises(TypeError, match="a target must be a finite number"):
        nn.bce([Value(0.5)], [Value(1.0)])  # bce branches on the target: numbers only
