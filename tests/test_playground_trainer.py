"""The playground's trainer: epochs, reset, the tape against the Value path, numeric
trouble, model files, heat maps and the selected sample's numbers."""

import base64
import copy
import math

import pytest

from autograd import backprop_steps
from demos.playground import files, heatmaps, network, samples
from demos.playground.fields import parse_config
from demos.playground.trainer import FILE_TAG, Trainer
from nn import ModelFileError


def trainer(tape=True, **config):
    return Trainer(parse_config(config), tape=tape)


def weights(t):
    return [p.data for p in t.model.parameters()]


def test_a_new_run_is_at_epoch_0_with_its_loss_in_the_history():
    t = trainer()
    assert t.epoch == 0 and t.error is None
    assert t.history == [[0, *t.loss]]
    assert all(g == 0.0 for g in t.grads) and all(u == 0.0 for u in t.updates)


def test_an_epoch_makes_one_update_per_batch_the_last_batch_smaller():
    t = trainer(points=46, train_percent=50, batch_size=10)  # 23 training points: 10, 10, 3
    batches = []
    original = t._train_batch
    t._train_batch = lambda batch: (batches.append(list(batch)), original(batch))
    assert t.step_epoch()
    assert [len(b) for b in batches] == [10, 10, 3]
    assert sorted(i for b in batches for i in b) == list(range(23))
    assert t.epoch == 1 and [e for e, _, _ in t.history] == [0, 1]


def test_epochs_are_shuffled_anew_but_reset_replays_the_same_run():
    t = trainer(dataset="xor", noise=10, batch_size=5)
    start, data = weights(t), copy.deepcopy(t.data)
    for _ in range(3):
        t.step_epoch()
    after = weights(t), [list(h) for h in t.history]
    t.reset()
    assert weights(t) == start and t.data == data and t.epoch == 0
    for _ in range(3):
        t.step_epoch()
    assert (weights(t), t.history) == after


@pytest.mark.parametrize("dataset", ["xor", "circle"])
def test_the_losses_fall(dataset):
    t = trainer(dataset=dataset, learning_rate=0.3, batch_size=10)
    for _ in range(30):
        assert t.step_epoch()
    first, last = t.history[0], t.history[-1]
    assert last[1] < 0.25 * first[1] and last[2] < 0.25 * first[2]


@pytest.mark.parametrize(
    "config",
    [
        {"batch_size": 7, "optimizer": "momentum"},
        {"hidden": [3], "activation": "relu", "l2": 0.01, "optimizer": "adam"},
        {"hidden": [], "output": "tanh", "features": ["x1", "x2", "x1x2"]},
        {"dataset": "plane", "hidden": [2, 2], "activation": "sigmoid"},
    ],
)
def test_the_tape_and_the_value_path_give_the_same_numbers_bit_for_bit(config):
    config = {"points": 40, "learning_rate": 0.1, **config}
    taped, built = trainer(True, **config), trainer(False, **config)
    for _ in range(3):
        taped.step_epoch()
        built.step_epoch()
    assert weights(taped) == weights(built)
    assert taped.history == built.history
    assert taped.grads == built.grads and taped.updates == built.updates


def test_a_batch_is_the_mean_loss_plus_l2_and_its_update_is_minus_lr_times_gradient():
    t = trainer(points=20, batch_size=10, l2=0.1, learning_rate=0.5)
    rows, targets = t._rows["train"], t._targets["train"]
    params = t.model.parameters()
    ws = [w for layer in t.model.layers for n in layer.neurons for w in n.w]
    expected = []
    for p in params:  # d/dp of mean L over the batch plus 0.1 Σ w², by finite differences
        def objective(value, p=p):
            saved, p.data = p.data, value
            losses = []
            for row, target in zip(rows[:10], targets[:10]):
                loss, _ = samples.loss_graph(t.model, t.config["features"], row, target, t.head)
                losses.append(loss.data)
            total = sum(losses) / 10 + 0.1 * sum(w.data**2 for w in ws)
            p.data = saved
            return total

        h = 1e-6
        expected.append((objective(p.data + h) - objective(p.data - h)) / (2 * h))
    before = weights(t)
    t._train_batch(list(range(10)))
    assert [p.grad for p in params] == pytest.approx(expected, abs=1e-6)
    assert t.updates == pytest.approx([-0.5 * g for g in expected], abs=1e-6)
    assert [a - b for a, b in zip(weights(t), before)] == t.updates


def test_a_numeric_problem_pauses_with_the_model_as_before_the_failing_batch():
    t = trainer(dataset="plane", hidden=[8, 8], activation="linear", learning_rate=10)
    snapshots = []
    original = t._train_batch
    t._train_batch = lambda batch: (snapshots.append(weights(t)), original(batch))
    results = [t.step_epoch() for _ in range(5)]
    assert False in results
    assert "training stopped in epoch" in t.error and "\n" not in t.error
    assert weights(t) == snapshots[-1]  # as before the batch that failed
    assert all(map(math.isfinite, weights(t)))
    assert t.epoch == results.index(False)


def test_the_history_is_thinned_past_its_limit_keeping_first_and_last(monkeypatch):
    monkeypatch.setattr("demos.playground.trainer.MAX_HISTORY", 4)
    t = trainer(points=10, batch_size=5)
    for _ in range(20):
        t.step_epoch()
    epochs = [e for e, _, _ in t.history]
    assert len(epochs) <= 8 and epochs[0] == 0 and epochs[-1] == 20
    assert epochs == sorted(epochs)
    assert [e for e, _, _ in t.history_since(10)] == [e for e in epochs if e >= 10]


def test_network_lists_weights_grads_and_updates_in_the_contracts_shape():
    t = trainer(hidden=[3], features=["x1", "x2", "x1sq"])
    t.step_epoch()
    net = t.network()
    assert net["sizes"] == [3, 3, 1]
    assert [[len(row) for row in layer] for layer in net["weights"]] == [[3, 3, 3], [3]]
    for key in ("grads", "updates"):
        assert [[len(r) for r in layer] for layer in net[key]] == [[3, 3, 3], [3]]
    neuron = t.model.layers[0].neurons[1]
    assert net["weights"][0][1] == [w.data for w in neuron.w]
    assert net["biases"][0][1] == neuron.b.data
    assert net["grads"][0][1][2] == neuron.w[2].grad


def test_a_model_file_round_trips_with_its_configuration():
    t = trainer(dataset="xor", hidden=[3], seed=4)
    t.step_epoch()
    d = t.model_file()
    assert d[FILE_TAG] == t.config
    other = trainer()
    config, model = files.read_upload(d, other.config)
    other.configure(config, model)
    assert other.config == t.config and weights(other) == weights(t)
    assert other.data == t.data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="other"), "not a gradtable model file"),
        (lambda d: d["weights"][0].pop(), "should be a list of 3"),
        (lambda d: d["architecture"].update(nouts=[5, 1]), "does not fit|builds one with"),
        (lambda d: d[FILE_TAG].update(hidden=[9]), "hidden: each layer has 1 to 8"),
        (lambda d: d[FILE_TAG].update(colour="red"), "unknown field 'colour'"),
        (lambda d: d["weights"][1][0].update(b="x"), "should be a finite number"),
    ],
)
def test_a_bad_model_file_is_refused_whole(change, message):
    d = trainer(hidden=[3]).model_file()
    change(d)
    t = trainer()
    before = weights(t), t.config
    with pytest.raises(ModelFileError, match=message):
        files.read_upload(d, t.config)
    assert (weights(t), t.config) == before


def test_heat_maps_cover_every_feature_neuron_and_the_output():
    t = trainer(hidden=[3, 2], features=["x1", "x2", "sinx1"])
    maps = heatmaps.heatmaps(t.model, t.config["features"], t.head, t.version, size=10)
    assert len(maps["features"]) == 7 and [len(layer) for layer in maps["neurons"]] == [3, 2]  # all 7, taken or not
    out = maps["output"]
    assert out["center"] == 0.5 and 0 <= out["lo"] <= out["hi"] <= 1  # sigmoid of the logit
    assert len(base64.b64decode(out["bytes"])) == 100
    x1 = maps["features"][0]
    row = base64.b64decode(x1["bytes"])[:10]  # the top row, x1 from -6 to 6
    assert row[0] == 0 and row[-1] == 255 and list(row) == sorted(row)
    assert x1["lo"] == pytest.approx(-5.4) and x1["hi"] == pytest.approx(5.4)


def test_heat_map_encoding_keeps_its_ends_and_survives_overflow():
    m = heatmaps.encode([0.0, 1.0, 2.0, math.inf, -math.inf, math.nan], center=0.0)
    assert (m["lo"], m["hi"]) == (0.0, 2.0)
    assert list(base64.b64decode(m["bytes"])) == [0, 128, 255, 255, 0, 0]
    flat = heatmaps.encode([3.0, 3.0], center=0.0)
    assert list(base64.b64decode(flat["bytes"])) == [0, 0]


def test_the_sample_graph_is_labelled_and_numbered_as_backprop_fills_it():
    t = trainer(hidden=[2], features=["x1", "x2sq"])
    row, target, _ = t.sample(0)
    loss, neurons = samples.loss_graph(t.model, t.config["features"], row, target, t.head)
    values, described = samples.numbers(loss, neurons)
    steps = {s.index: s for s in backprop_steps(loss)}
    assert len(values) == len(steps)
    for i, (data, grad) in enumerate(values, start=1):
        assert (data, grad) == (steps[i].node.data, steps[i].grad)
    labels = {s.node.label for s in steps.values()}
    assert {"x1", "x2²", "y", "w1.2.1", "b1.2", "z1.2", "h1.2", "out", "L"} <= labels
    (layer,) = described
    z, h = (steps[int(layer[1][key][1:])].node for key in ("z", "h"))
    assert (z.label, h.label) == ("z1.2", "h1.2")
    assert len(layer[1]["terms"]) == 1  # h1.2 feeds one weight of the output neuron


def test_backprop_steps_are_the_step_throughs_words_f_first():
    t = trainer(hidden=[2])
    row, target, _ = t.sample(0)
    loss, _ = samples.loss_graph(network.copy_model(t.model), ["x1", "x2"], row, target, t.head)
    steps = samples.steps(loss)
    assert steps[0]["node"] == f"v{steps[0]['index']}"
    assert steps[0]["text"].startswith("Backward 1/")
    assert "dL/dL = 1: the dynamic program starts at L" in steps[0]["text"]  # L, the loss
    assert "grad_table so far" not in steps[1]["text"]


def test_gradcheck_ends_with_the_largest_difference():
    t = trainer(hidden=[3], activation="sigmoid")
    model = network.copy_model(t.model)
    row, target, _ = t.sample(2)
    loss, _ = samples.loss_graph(model, ["x1", "x2"], row, target, t.head)
    result = samples.gradcheck(model, loss, 2)
    assert len(result["parameters"]) == len(model.parameters())
    assert result["largest_difference"] < 1e-6
    assert result["text"].endswith(f"largest difference {result['text'].split()[-1]}")
    assert float(result["text"].split()[-1]) == pytest.approx(result["largest_difference"], rel=0.1)
    assert "without the L2 term" in result["text"]


def test_a_graph_over_the_node_limit_is_not_drawn_and_says_how_to_fix_it():
    svg, too_big = samples.drawing(("too big",), loss=None, nodes=501)
    assert svg is None and "fewer hidden layers or neurons" in too_big
