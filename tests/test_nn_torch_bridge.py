"""The PyTorch bridge: MLP.to_torch() computes what the MLP computes, and MLP.from_torch()
reads it back or says which layer it cannot read."""

import random
import subprocess
import sys

import pytest
from conftest import import_torch

import nn
from nn.torch_bridge import TORCH_ACTIVATIONS

REL = 1e-12  # the contract: outputs and gradients agree to 1e-12 relative
# Fixed seeds: a gradient that is a sum of terms cancelling to nearly 0 can differ by more
# than 1e-12 relative between any two summation orders; here none but exact zeros is below 3e-5.
RNG = random.Random(14)
POINTS = [[RNG.uniform(-2, 2) for _ in range(3)] for _ in range(8)]  # both sides of every kink
TARGETS = [[RNG.uniform(-1, 1) for _ in range(2)] for _ in range(8)]


def model(activation, seed=0):
    return nn.MLP(3, [5, 4, 2], activation=activation, output_activation=activation, seed=seed)


def in_mlp_order(net, of="data"):
    """The Sequential's weights (or their grads) as floats in ``MLP.parameters()`` order."""
    numbers = []
    for linear in (m for m in net if type(m).__name__ == "Linear"):
        weight, bias = getattr(linear.weight, of), getattr(linear.bias, of)
        for w, b in zip(weight.tolist(), bias.tolist()):
            numbers += [*w, b]
    return numbers


def ours_and_theirs(torch, mlp, net, points=POINTS, targets=TARGETS):
    """The outputs and the gradients of the same MSE loss, by gradtable and by torch."""
    mlp.zero_grad()
    outputs = [mlp(x) for x in points]
    nn.mse([v for out in outputs for v in out], [t for ts in targets for t in ts]).backward()
    their_outputs = net(torch.tensor(points, dtype=torch.float64))
    loss = torch.nn.functional.mse_loss(their_outputs, torch.tensor(targets, dtype=torch.float64))
    loss.backward()
    ours = ([v.data for out in outputs for v in out], [p.grad for p in mlp.parameters()])
    theirs = (their_outputs.flatten().tolist(), in_mlp_order(net, "grad"))
    return ours, theirs


def test_every_activation_has_a_torch_module():
    assert set(TORCH_ACTIVATIONS) == set(nn.ACTIVATIONS)


@pytest.mark.parametrize("activation", sorted(nn.ACTIVATIONS))
def test_outputs_and_gradients_match_torch(activation):
    torch = import_torch()
    mlp = model(activation)
    net = mlp.to_torch()
    assert all(p.dtype == torch.float64 for p in net.parameters())
    (outputs, grads), (their_outputs, their_grads) = ours_and_theirs(torch, mlp, net)
    assert outputs == pytest.approx(their_outputs, rel=REL, abs=1e-300)
    assert grads == pytest.approx(their_grads, rel=REL, abs=1e-300)
    assert any(g != 0 for g in grads)


@pytest.mark.parametrize("activation", sorted(nn.ACTIVATIONS))
def test_the_kinks_agree_with_torch(activation):
    # every hidden pre-activation is exactly 0, so each gradient goes through act'(0)
    torch = import_torch()
    mlp = nn.MLP(2, [3, 2], activation=activation, output_activation="linear", seed=1)
    for p in mlp.layers[0].parameters():
        p.data = 0.0
    points, targets = [[0.5, -1.0], [2.0, 0.25]], [[1.0, -1.0], [0.0, 0.5]]
    ours, theirs = ours_and_theirs(torch, mlp, mlp.to_torch(), points, targets)
    assert ours == pytest.approx(theirs, rel=REL, abs=1e-300)


@pytest.mark.parametrize("activation", sorted(nn.ACTIVATIONS))
def test_a_round_trip_gives_identical_weights(activation):
    import_torch()
    mlp = model(activation, seed=3)
    back = nn.MLP.from_torch(mlp.to_torch())
    assert [p.data for p in back.parameters()] == [p.data for p in mlp.parameters()]
    assert (back.nin, back.nouts) == (3, [5, 4, 2])
    assert (back.activation, back.output_activation) == (activation, activation)


@pytest.mark.parametrize("activation", sorted(nn.ACTIVATIONS))
def test_twenty_sgd_steps_give_the_same_weights(activation):
    torch = import_torch()
    mlp = model(activation, seed=5)
    net = mlp.to_torch()
    ours, theirs = nn.SGD(mlp.parameters(), lr=0.1), torch.optim.SGD(net.parameters(), lr=0.1)
    inputs = torch.tensor(POINTS, dtype=torch.float64)
    targets = torch.tensor(TARGETS, dtype=torch.float64)
    flat_targets = [t for ts in TARGETS for t in ts]
    for _ in range(20):
        loss = nn.mse([v for x in POINTS for v in mlp(x)], flat_targets)
        ours.zero_grad()
        loss.backward()
        ours.step()
        their_loss = torch.nn.functional.mse_loss(net(inputs), targets)
        theirs.zero_grad()
        their_loss.backward()
        theirs.step()
    assert loss.data == pytest.approx(their_loss.item(), rel=REL)
    assert [p.data for p in mlp.parameters()] == pytest.approx(in_mlp_order(net), rel=REL)


def test_the_xor_net_reads_as_linear_and_activation_modules():
    torch = import_torch()
    net = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0).to_torch()
    assert [type(m) for m in net] == [
        torch.nn.Linear, torch.nn.Tanh, torch.nn.Linear, torch.nn.Sigmoid
    ]  # fmt: skip
    assert nn.MLP(2, [1]).to_torch()[-1].__class__ is torch.nn.Linear  # linear: no module


def test_to_torch_leaves_torch_s_random_generator_alone():
    torch = import_torch()
    state = torch.get_rng_state()
    model("tanh").to_torch()
    assert torch.equal(torch.get_rng_state(), state)


def test_from_torch_reads_a_model_written_in_torch():
    torch = import_torch()
    torch.manual_seed(0)
    net = torch.nn.Sequential(
        torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1), torch.nn.Softplus()
    )  # float32, and Softplus's default threshold of 20
    mlp = nn.MLP.from_torch(net)
    assert repr(mlp) == "MLP(2 → 3 relu → 1 softplus, 13 parameters)"
    assert [p.data for p in mlp.parameters()] == in_mlp_order(net)
    out = net(torch.tensor([[0.5, -0.25]])).item()
    assert mlp([0.5, -0.25]).data == pytest.approx(out, rel=1e-6)  # float32 there


def test_a_one_layer_sequential_reads_as_a_one_layer_mlp():
    torch = import_torch()
    net = torch.nn.Sequential(torch.nn.Linear(2, 1, dtype=torch.float64), torch.nn.Sigmoid())
    mlp = nn.MLP.from_torch(net)
    assert (mlp.nouts, mlp.output_activation) == ([1], "sigmoid")


def bad_modules(torch):
    """(module, what its error must say) for every kind of module from_torch refuses."""
    T = torch.nn

    class MyTanh(T.Tanh):
        pass

    no_bias = T.Linear(3, 1, bias=False)
    not_finite = T.Linear(3, 1)
    with torch.no_grad():
        not_finite.weight[0, 1] = float("nan")
    return [
        (T.Linear(2, 1), "needs a torch.nn.Sequential, got Linear"),
        (T.Sequential(), "the Sequential is empty"),
        (T.Sequential(T.Linear(2, 3), T.Dropout(), T.Linear(3, 1)), r"layer 1 \(Dropout\)"),
        (T.Sequential(T.Linear(2, 3), MyTanh(), T.Linear(3, 1)), r"layer 1 \(MyTanh\)"),
        (
            T.Sequential(T.Linear(2, 3), T.Tanh(), T.Linear(4, 1)),
            r"layer 2 \(Linear\): takes 4 inputs, but the layer before it gives 3",
        ),
        (
            T.Sequential(T.Linear(2, 3), T.Tanh(), T.Linear(3, 3), T.ReLU(), T.Linear(3, 1)),
            (
                r"layer 3 \(ReLU\): the hidden layers of an MLP share one activation, "
                r"but layer 1 \(Tanh\) gives tanh and this one relu"
            ),
        ),
        (
            T.Sequential(T.Linear(2, 3), T.Linear(3, 3), T.Tanh(), T.Linear(3, 1)),
            r"layer 2 \(Tanh\): .* layer 0 \(Linear\) gives linear and this one tanh",
        ),
        (
            T.Sequential(T.Linear(2, 1), T.LeakyReLU(0.2)),
            (
                r"layer 1 \(LeakyReLU\): negative_slope=0.2, but an MLP's leaky_relu has "
                r"negative_slope=0.01 only"
            ),
        ),
        (T.Sequential(T.Linear(2, 1), T.ELU(alpha=0.5)), r"layer 1 \(ELU\): alpha=0.5"),
        (T.Sequential(T.Linear(2, 1), T.Softplus(beta=2)), r"layer 1 \(Softplus\): beta=2"),
        (
            T.Sequential(T.Linear(2, 1), T.Softplus(threshold=5)),
            r"layer 1 \(Softplus\): threshold=5, but an MLP's softplus needs threshold >= 20",
        ),
        (T.Sequential(T.Tanh(), T.Linear(2, 1)), r"layer 0 \(Tanh\): an activation must follow"),
        (
            T.Sequential(T.Linear(2, 1), T.Tanh(), T.Sigmoid()),
            r"layer 2 \(Sigmoid\): an activation must follow a Linear layer",
        ),
        (T.Sequential(T.Linear(2, 3), T.Tanh(), no_bias), r"layer 2 \(Linear\): no bias"),
        (T.Sequential(T.Linear(2, 3), T.Tanh(), not_finite), r"layer 2 \(Linear\): holds nan"),
    ]


def test_each_module_from_torch_cannot_read_gets_an_error_naming_the_layer():
    torch = import_torch()
    allowed = "Linear layers (with bias), each followed by Tanh, Sigmoid, ReLU, LeakyReLU"
    for module, message in bad_modules(torch):
        with pytest.raises((TypeError, ValueError), match=message) as error:
            nn.MLP.from_torch(module)
        what = str(error.value)
        if "(Dropout)" in what or "Sequential" in what or "must follow" in what:
            assert allowed in what, what  # and says what it can read


def test_without_torch_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # as if torch were not installed
    for call in (model("tanh").to_torch, lambda: nn.MLP.from_torch(object())):
        with pytest.raises(ImportError, match=r"needs PyTorch.*pip install torch==2\.13\.0"):
            call()


def test_an_activation_with_no_torch_module_gets_a_clear_error(monkeypatch):
    monkeypatch.setitem(nn.ACTIVATIONS, "square", lambda x: x * x)
    mlp = nn.MLP(2, [1], output_activation="square")
    with pytest.raises(ValueError, match="activation 'square' has no PyTorch module: add its row"):
        mlp.to_torch()


def test_importing_nn_does_not_import_torch():
    check = "import sys, nn; print('torch' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert done.stdout == "False\n"
