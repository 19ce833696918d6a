"""nn save/load: a round trip, and every kind of bad file leaves the model exactly as it was."""

import json
import os
import sys
import time

import pytest

import nn


def snapshot(model):
    return [(p.data, p.grad) for p in model.parameters()]


@pytest.fixture
def net():
    model = nn.MLP(2, [4, 1], output_activation="sigmoid", seed=0)
    model([0.5, -1.0]).backward()  # nonzero grads, so "unchanged" covers them too
    return model


def test_round_trip(tmp_path, net):
    path = tmp_path / "model.json"
    net.save(path)
    other = nn.MLP(2, [4, 1], output_activation="sigmoid", seed=5)
    other.load(path)
    assert [p.data for p in other.parameters()] == [p.data for p in net.parameters()]
    assert all(p.grad == 0.0 for p in other.parameters())
    assert other.seed == 0
    loaded = nn.load_model(path)
    assert repr(loaded) == repr(net) and loaded.weights() == net.weights()
    assert loaded([0.3, 0.7]).data == net([0.3, 0.7]).data


def test_file_layout(tmp_path, net):
    path = tmp_path / "model.json"
    net.save(path)
    d = json.loads(path.read_text())
    assert d["format"] == "gradtable-model" and d["version"] == 1 and d["kind"] == "MLP"
    assert d["architecture"] == {
        "nin": 2, "nouts": [4, 1], "activation": "tanh",
        "output_activation": "sigmoid", "init": "uniform", "seed": 0,
    }  # fmt: skip
    assert d["weights"][1][0]["w"] == [w.data for w in net.layers[1].neurons[0].w]
    assert nn.MLP.from_dict(net.to_dict()).weights() == net.weights()
    assert [f for f in os.listdir(tmp_path)] == ["model.json"]  # no temporary file left


@pytest.mark.parametrize("model", [nn.Perceptron(3, seed=1), nn.Neuron(3, "relu", seed=1), nn.Layer(2, 3, seed=1)])
def test_other_modules_round_trip(tmp_path, model):
    model.save(tmp_path / "m.json")
    loaded = nn.load_model(tmp_path / "m.json")
    assert type(loaded) is type(model) and loaded.weights() == model.weights()


def good_dict(net):
    return json.loads(json.dumps(net.to_dict()))


def corrupt_cases(net):
    d = good_dict(net)
    text = json.dumps(d)
    cases = {
        "not JSON": ("this is not json {", "not valid JSON"),
        "truncated": (text[: len(text) // 2], "truncated"),
        "JSON list": ("[1, 2, 3]", "not a gradtable model file"),
        "no format": (json.dumps({"weights": d["weights"]}), "not a gradtable model file"),
        "binary": (b"\xff\xfe\x00garbage", "not UTF-8"),
    }
    def variant(edit, match):
        copy = good_dict(net)
        edit(copy)
        return json.dumps(copy), match

    cases["future version"] = variant(lambda c: c.update(version=99), "version 99")
    cases["version true"] = variant(lambda c: c.update(version=True), "version True")  # == 1
    cases["kind a list"] = variant(lambda c: c.update(kind=[]), r"\[\]")  # unhashable
    cases["kind an object"] = variant(lambda c: c.update(kind={"MLP": 1}), "MLP")
    cases["wrong kind"] = variant(lambda c: c.update(kind="Perceptron"), "load_model")
    cases["wrong architecture"] = variant(lambda c: c["architecture"].update(nouts=[8, 1]), r"nouts is \[8, 1\] in the file but \[4, 1\] here")
    cases["wrong activation"] = variant(lambda c: c["architecture"].update(activation="relu"), "activation is 'relu'")
    cases["architecture not an object"] = variant(lambda c: c.update(architecture=[2, 4, 1]), "architecture")
    cases["missing neuron"] = variant(lambda c: c["weights"][0].pop(), "wrong number of weights")
    cases["extra weight"] = variant(lambda c: c["weights"][1][0]["w"].append(0.5), "wrong number of weights")
    cases["missing weights"] = variant(lambda c: c.pop("weights"), "should be a list of 2")
    cases["string weight"] = variant(lambda c: c["weights"][0][1]["w"].__setitem__(0, "0.5"), "finite number")
    cases["bool weight"] = variant(lambda c: c["weights"][0][1].update(b=True), "finite number")
    cases["null weight"] = variant(lambda c: c["weights"][0][1].update(b=None), "finite number")
    cases["neuron without b"] = variant(lambda c: c["weights"][0][2].pop("b"), "keys")
    # json writes NaN and Infinity for non-finite floats, and reads them back
    cases["NaN weight"] = variant(lambda c: c["weights"][1][0]["w"].__setitem__(3, float("nan")), "finite number, found nan")
    cases["infinite weight"] = variant(lambda c: c["weights"][1][0].update(b=float("inf")), "finite number, found inf")
    return cases


def test_every_corrupt_file_leaves_the_model_unchanged(tmp_path, net):
    before = snapshot(net)
    cases = corrupt_cases(net)
    assert len(cases) == 22
    for name, (content, match) in cases.items():
        path = tmp_path / f"{name}.json"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        with pytest.raises(nn.ModelFileError, match=match):
            net.load(path)
        assert snapshot(net) == before, name
        if name != "wrong activation":  # a consistent file for a relu MLP: load_model builds one
            with pytest.raises(nn.ModelFileError):
                nn.load_model(path)


def test_missing_file_is_a_clear_error_and_changes_nothing(tmp_path, net):
    before = snapshot(net)
    with pytest.raises(FileNotFoundError, match="no model file at .*nope.json.*check the path"):
        net.load(tmp_path / "nope.json")
    with pytest.raises(FileNotFoundError, match="no model file"):
        nn.load_model(tmp_path / "nope.json")
    assert snapshot(net) == before


def test_a_bad_weight_at_the_very_end_still_changes_nothing(tmp_path, net):
    # every earlier weight is fine, so a loader that assigned as it checked would be caught
    before = snapshot(net)
    d = good_dict(net)
    for layer in d["weights"]:
        for neuron in layer:
            neuron["w"] = [v + 1 for v in neuron["w"]]
            neuron["b"] += 1
    d["weights"][-1][-1]["b"] = "oops"
    (tmp_path / "m.json").write_text(json.dumps(d))
    with pytest.raises(nn.ModelFileError):
        net.load(tmp_path / "m.json")
    assert snapshot(net) == before


def test_save_replaces_atomically(tmp_path, net, monkeypatch):
    path = tmp_path / "model.json"
    net.save(path)
    original = path.read_text()

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        nn.MLP(2, [4, 1], seed=9).save(path)
    assert path.read_text() == original  # the old file is intact
    assert os.listdir(tmp_path) == ["model.json"]  # and the temporary file is gone


# -- files made to hurt: each refused within a moment, the model unchanged -----------------


def small_file(tmp_path, name, edit):
    d = nn.MLP(2, [1], seed=0).to_dict()
    edit(d)
    path = tmp_path / name
    path.write_text(json.dumps(d))
    return path


@pytest.mark.parametrize(
    "name, edit, words",
    [
        ("huge nin", lambda d: d["architecture"].update(nin=10_000_000), "more than 100000"),
        ("huge nouts", lambda d: d["architecture"].update(nouts=10_000_000), "more than 100000"),
        ("nouts not a list", lambda d: d["architecture"].update(nouts="4"), "bad architecture"),
        ("too few weights", lambda d: d["weights"][0][0]["w"].pop(), "should be a list of 2"),
        ("400 digits", lambda d: d["weights"][0][0]["w"].__setitem__(0, 10**400),
         "should be a finite number, found inf"),
        ("5000 digits", lambda d: d["weights"][0][0]["w"].__setitem__(0, 10**5000),
         "should be a finite number, found inf"),
    ],
)  # fmt: skip
def test_a_size_bomb_or_a_raw_number_is_refused_before_building(tmp_path, net, name, edit, words):
    old = sys.get_int_max_str_digits()  # json.dumps refuses an int of over 4300 digits
    sys.set_int_max_str_digits(0)
    try:
        path = small_file(tmp_path, name + ".json", edit)
    finally:
        sys.set_int_max_str_digits(old)
    before = snapshot(net)
    start = time.perf_counter()
    with pytest.raises(nn.ModelFileError, match=words):
        nn.load_model(path)
    with pytest.raises(nn.ModelFileError):
        net.load(path)
    assert time.perf_counter() - start < 2.0 and snapshot(net) == before


@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "big"])
def test_only_regular_files_of_sensible_size_are_read(tmp_path, net, special):
    if special == "fifo":
        path = tmp_path / "pipe"
        os.mkfifo(path)  # opening it would block until a writer came
    elif special == "big":
        path = tmp_path / "big.json"
        with open(path, "wb") as f:
            f.truncate(nn.modelfile.MAX_BYTES + 1)
    else:
        path = special
    before = snapshot(net)
    with pytest.raises(nn.ModelFileError, match="not a regular file|bytes, more than"):
        net.load(path)
    with pytest.raises(nn.ModelFileError):
        nn.load_model(path)
    assert snapshot(net) == before


@pytest.mark.parametrize(
    "edit, words",
    [(lambda a: a.update(init="bogus"), "unknown init 'bogus'"),
     (lambda a: a.pop("init"), "must be an object with keys"),
     (lambda a: a.update(seed="zero"), "seed must be an int")],
)  # fmt: skip
def test_every_field_is_checked_so_the_next_save_loads_again(tmp_path, net, edit, words):
    path = small_file(tmp_path, "m.json", lambda d: None)
    d = net.to_dict()
    edit(d["architecture"])
    path.write_text(json.dumps(d))
    before = snapshot(net)
    with pytest.raises(nn.ModelFileError, match=words):
        net.load(path)
    assert snapshot(net) == before and net.init == "uniform"
    net.save(path)
    assert nn.load_model(path).weights() == net.weights()


@pytest.mark.parametrize(
    "build",
    [lambda: nn.Neuron(10**400), lambda: nn.Layer(1000, 1000), lambda: nn.MLP(2, [400, 400]),
     lambda: nn.MLP(2, (10**9, 1)), lambda: nn.Perceptron(10**6)],
)  # fmt: skip
def test_a_model_too_large_to_save_and_load_is_refused_at_once(build):
    start = time.perf_counter()
    with pytest.raises(ValueError, match="too large for gradtable .at most 100,000"):
        build()
    assert time.perf_counter() - start < 1  # checked before a single Value is made
    assert len(nn.MLP(2, [300, 300, 1]).parameters()) <= nn.modelfile.MAX_PARAMETERS
