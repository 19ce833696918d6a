"""nn.Objective: the obvious training loop, replayed from a tape or rebuilt from Values."""

import pytest

import nn


def xor_objective(tape):
    X, Y = nn.xor()
    model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)

    def build():
        outputs = [model(x) for x in X]
        return nn.bce(outputs, Y), outputs

    return model, nn.Objective(build, tape=tape)


def test_the_tape_and_the_value_path_train_identically():
    runs = []
    for tape in (True, False):
        model, objective = xor_objective(tape)
        optimizer = nn.SGD(model.parameters(), lr=0.5)
        losses = [objective.step(optimizer) for _ in range(40)]
        runs.append((losses, objective.outputs, [p.data for p in model.parameters()]))
    assert runs[0] == runs[1]  # bit for bit
    losses, outputs, _ = runs[0]
    assert losses[-1] < losses[0] and len(outputs) == 4


def test_forward_gives_the_loss_and_the_outputs_at_the_current_parameters():
    model, objective = xor_objective(tape=True)
    X, Y = nn.xor()
    model.layers[0].neurons[0].b.data += 0.25  # parameters change between passes
    loss = objective.forward()
    assert loss == nn.bce([model(x) for x in X], Y).data
    assert objective.outputs == [model(x).data for x in X]


def test_build_may_return_the_loss_alone():
    model = nn.MLP(2, [1], seed=1)
    objective = nn.Objective(lambda: nn.mse(model([1.0, 2.0]), 0.5))
    assert objective.forward() > 0 and objective.outputs == []


def test_build_must_return_a_value():
    with pytest.raises(TypeError, match="build\\(\\) must return a loss Value, got float"):
        nn.Objective(lambda: 0.5)
