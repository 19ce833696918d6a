"""nn optimizers: the seed 002 formulas by hand, Adam by hand and against PyTorch."""

import math

import pytest
from conftest import import_torch

import nn
from autograd import Value

GRADS = [[0.5, -2.0], [0.1, 1.0], [-0.3, 0.25]]  # per step, one gradient per parameter
START = [1.0, -0.5]


def run(make, grads=GRADS):
    params = [Value(v) for v in START]
    opt = make(params)
    for g in grads:
        opt.zero_grad()
        for p, gi in zip(params, g):
            p.grad = gi
        opt.step()
    return [p.data for p in params]


def test_sgd_plain_and_with_momentum():
    assert run(lambda ps: nn.SGD(ps, lr=0.1), GRADS[:1]) == [1.0 - 0.05, -0.5 + 0.2]
    got = run(lambda ps: nn.SGD(ps, lr=0.1, momentum=0.9), GRADS[:2])
    v1 = [0.5, -2.0]
    v2 = [0.9 * v1[0] + 0.1, 0.9 * v1[1] + 1.0]
    expected = [START[i] - 0.1 * v1[i] - 0.1 * v2[i] for i in range(2)]
    assert got == pytest.approx(expected, rel=1e-15)


def test_adagrad_by_hand():
    lr, eps = 0.1, 1e-7
    expected = list(START)
    r = [0.0, 0.0]
    for g in GRADS:
        for i in range(2):
            r[i] = r[i] + g[i] * g[i]
            expected[i] += -lr / (eps + math.sqrt(r[i])) * g[i]  # eps outside the root
    assert run(lambda ps: nn.AdaGrad(ps, lr=lr)) == pytest.approx(expected, rel=1e-15)
    # first step: the update is lr * g / (eps + |g|), i.e. about lr * sign(g)
    assert run(lambda ps: nn.AdaGrad(ps, lr=0.1, eps=1e-300), GRADS[:1]) == pytest.approx([0.9, -0.4])


def test_rmsprop_by_hand():
    lr, rho, eps = 0.01, 0.9, 1e-7
    expected = list(START)
    r = [0.0, 0.0]
    for g in GRADS:
        for i in range(2):
            r[i] = rho * r[i] + (1 - rho) * g[i] * g[i]
            expected[i] += -lr / (eps + math.sqrt(r[i])) * g[i]
    assert run(lambda ps: nn.RMSProp(ps, lr=lr)) == pytest.approx(expected, rel=1e-15)
    # first step with eps ~ 0: r = 0.1 g^2, so the step is lr * sign(g) / sqrt(0.1)
    step = 0.01 / math.sqrt(0.1)
    assert run(lambda ps: nn.RMSProp(ps, lr=0.01, eps=1e-300), GRADS[:1]) == pytest.approx([1.0 - step, -0.5 + step])


def test_adam_first_two_steps_by_hand():
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    g1, g2 = 0.5, 0.1
    # step 1: m = 0.1 g1, v = 0.001 g1^2; bias-corrected m_hat = g1, v_hat = g1^2
    p1 = 1.0 - lr * g1 / (abs(g1) + eps)
    m = 0.9 * (0.1 * g1) + 0.1 * g2
    v = 0.999 * (0.001 * g1**2) + 0.001 * g2**2
    m_hat, v_hat = m / (1 - b1**2), v / (1 - b2**2)
    p2 = p1 - lr * m_hat / (math.sqrt(v_hat) + eps)
    got = run(lambda ps: nn.Adam(ps, lr=lr), [[g1, 0.0], [g2, 0.0]])
    assert got[0] == pytest.approx(p2, rel=1e-12)
    assert got[1] == START[1]  # zero gradient, no move
    assert run(lambda ps: nn.Adam(ps, lr=lr), [[g1, 0.0]])[0] == pytest.approx(p1, rel=1e-14)


def test_adam_matches_torch():
    torch = import_torch()
    steps = [[0.5, -2.0], [0.1, 1.0], [-0.3, 0.25], [2.0, -0.01], [0.0, 0.7]]
    for kwargs in ({}, {"betas": (0.8, 0.99), "eps": 1e-6}):
        ours = run(lambda ps: nn.Adam(ps, lr=0.05, **kwargs), steps)
        theirs = torch.tensor(START, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.Adam([theirs], lr=0.05, **kwargs)
        for g in steps:
            opt.zero_grad()
            theirs.grad = torch.tensor(g, dtype=torch.float64)
            opt.step()
        assert ours == pytest.approx(theirs.detach().tolist(), rel=1e-12, abs=1e-15)


def test_sgd_with_momentum_matches_torch():
    torch = import_torch()
    ours = run(lambda ps: nn.SGD(ps, lr=0.1, momentum=0.9))
    theirs = torch.tensor(START, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([theirs], lr=0.1, momentum=0.9)
    for g in GRADS:
        theirs.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
    assert ours == pytest.approx(theirs.detach().tolist(), rel=1e-12)


def test_zero_grad_and_lr_can_change():
    params = [Value(1.0)]
    opt = nn.SGD(params, lr=1.0)
    params[0].grad = 3.0
    opt.zero_grad()
    assert params[0].grad == 0.0
    opt.lr = 0.5
    params[0].grad = 2.0
    opt.step()
    assert params[0].data == 0.0


def test_optimizer_errors():
    with pytest.raises(ValueError, match="no parameters"):
        nn.SGD([], lr=0.1)
    with pytest.raises(ValueError, match="lr must be"):
        nn.Adam([Value(1.0)], lr=-1)
    with pytest.raises(TypeError, match="must be Values"):
        nn.SGD([1.0], lr=0.1)
    with pytest.raises(ValueError, match="momentum"):
        nn.SGD([Value(1.0)], lr=0.1, momentum=1.5)


@pytest.mark.parametrize("optimizer", [nn.AdaGrad, nn.RMSProp, nn.Adam])
@pytest.mark.parametrize("eps", [0, -1e-8, float("nan")])
def test_eps_must_be_positive(optimizer, eps):
    # eps = 0 would divide by zero on the first step with a zero gradient
    with pytest.raises(ValueError, match=r"eps must be a number > 0"):
        optimizer([Value(1.0)], lr=0.1, eps=eps)


def test_optimizers_table():
    assert nn.OPTIMIZERS == {"sgd": nn.SGD, "adagrad": nn.AdaGrad, "rmsprop": nn.RMSProp, "adam": nn.Adam}


@pytest.mark.parametrize(
    "make", [lambda ps: nn.SGD(ps, lr=1000), lambda ps: nn.SGD(ps, lr=1000, momentum=0.9),
             lambda ps: nn.AdaGrad(ps, lr=1e308), lambda ps: nn.RMSProp(ps, lr=1e308),
             lambda ps: nn.Adam(ps, lr=1e308)],
)  # fmt: skip
def test_a_step_that_would_overflow_a_weight_raises_and_changes_nothing(make):
    p, q = Value(1.0), Value(-1e308)
    optimizer = make([p, q])
    p.grad, q.grad = 1e-3, 1e307
    state = {k: (list(v) if isinstance(v, list) else v) for k, v in vars(optimizer).items()}
    with pytest.raises(OverflowError, match=r"step would make parameter \d -?inf .*lower the learning rate"):
        optimizer.step()
    assert (p.data, q.data) == (1.0, -1e308)  # the first parameter is not half-updated
    after = {k: (list(v) if isinstance(v, list) else v) for k, v in vars(optimizer).items()}
    assert after == state  # nor the optimizer's state (momentum, r, m, v, t)
