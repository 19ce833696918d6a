"""The fields table: every request value is checked from its row, never clamped."""

import re
from pathlib import Path

import pytest

from demos.playground import api, fields
from demos.playground.fields import CONFIG, FieldError, defaults, parse, parse_config

DOC = Path(__file__).resolve().parents[1] / "docs" / "playground-api.md"

# per field: a good value other than its default, a value of the wrong type, values out of range
CASES = {
    "dataset": ("gauss", 3, ["xor-point", ""]),
    "noise": (50, "5", [-1, 51]),
    "train_percent": (10, 50.5, [9, 91]),
    "points": (1000, None, [9, 1001]),
    "seed": (2**32 - 1, "0", [-1, 2**32]),
    "features": (["x1sq", "sinx2"], "x1", [[], ["x1", "x1"], ["x2", "x1"], ["x3"]]),
    "hidden": ([], [4.0], [[1] * 7, [0], [9]]),
    "activation": ("linear", None, ["softplus"]),
    "output": ("tanh", True, ["linear"]),
    "learning_rate": (10, "0.1", [0, -0.5, 10.5, float("inf")]),
    "batch_size": (100, 1.5, [0, 101]),
    "optimizer": ("adam", ["sgd"], ["rmsprop"]),
    "l2": (1, False, [-0.001, 1.5]),
}


def test_every_config_field_has_cases():
    assert set(CASES) == {f.name for f in CONFIG}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_good_value_is_taken_as_is(name):
    good = CASES[name][0]
    assert parse_config({name: good})[name] == good


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_value_of_the_wrong_type_is_refused_naming_the_field(name):
    with pytest.raises(FieldError, match=f"^{name}: "):
        parse_config({name: CASES[name][1]})


OUT_OF_RANGE = [(name, bad) for name, case in CASES.items() for bad in case[2]]


@pytest.mark.parametrize(("name", "bad"), OUT_OF_RANGE)
def test_a_value_out_of_range_is_refused_never_clamped(name, bad):
    with pytest.raises(FieldError, match=f"^{name}: "):
        parse_config({name: bad})


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_unknown_field_gets_a_did_you_mean(name):
    typo = name + name[-1]
    message = f"unknown field '{typo}' in config; did you mean '{name}'"
    with pytest.raises(FieldError, match=message):
        parse_config({typo: CASES[name][0]})


def test_messages_say_what_is_allowed():
    with pytest.raises(FieldError, match=r"^hidden: at most 6 layers, got 7$"):
        parse_config({"hidden": [1] * 7})
    with pytest.raises(FieldError, match="did you mean 'circle'"):
        parse_config({"dataset": "circel"})
    with pytest.raises(FieldError, match=r"from 0 to 50, got 51"):
        parse_config({"noise": 51})


def test_batch_size_is_bounded_by_the_training_points_of_the_new_configuration():
    assert parse_config({"points": 20, "train_percent": 50, "batch_size": 10})["batch_size"] == 10
    with pytest.raises(FieldError, match=r"batch_size: .* to 4 \(the number of training points\)"):
        parse_config({"dataset": "xor-points", "batch_size": 10})  # asked for: refused
    assert parse_config({"dataset": "xor-points", "batch_size": 4})["batch_size"] == 4
    # a batch size the change leaves alone follows the data down, and the answer shows it
    assert parse_config({"dataset": "xor-points"})["batch_size"] == 4
    assert parse_config({"points": 10}, parse_config({"batch_size": 30}))["batch_size"] == 5


def test_a_patch_changes_only_its_fields_and_copies_lists():
    base = parse_config({"hidden": [3]})
    changed = parse_config({"noise": 5}, base)
    assert changed == {**base, "noise": 5}
    changed["hidden"].append(1)
    assert base["hidden"] == [3]
    assert defaults() == parse_config({})
    assert defaults()["hidden"] is not defaults()["hidden"]


def test_nan_and_booleans_are_not_numbers():
    for value in (float("nan"), True):
        with pytest.raises(FieldError, match="^learning_rate: must be a number"):
            parse_config({"learning_rate": value})
    with pytest.raises(FieldError, match="^noise: must be a whole number"):
        parse_config({"noise": True})


def test_request_fields_required_bounded_and_typed():
    config = defaults()  # 100 training points
    assert parse((fields.SESSION, fields.INDEX), {"session": "s", "index": 99}, "the body", config)
    with pytest.raises(FieldError, match=r"index: must be from 0 to 99"):
        parse((fields.INDEX,), {"index": 100}, "the body", config)
    with pytest.raises(FieldError, match="^session: missing from the body"):
        parse((fields.SESSION,), {}, "the body")
    with pytest.raises(FieldError, match="^playing: must be true or false"):
        parse((fields.PLAYING,), {"playing": "yes"}, "the body")
    with pytest.raises(FieldError, match="^the body must be a JSON object"):
        parse((fields.SESSION,), [1], "the body")
    with pytest.raises(FieldError, match="did you mean 'playing'"):
        parse((fields.SESSION, fields.PLAYING), {"session": "s", "plying": True}, "the body")
    assert parse((fields.HISTORY_FROM,), {}, "the query") == {"history_from": 0}


def test_query_text_becomes_numbers_only_where_a_number_is_asked():
    route = api.find("GET", "/api/frame")
    values = api.from_query(route, {"session": "12", "history_from": "3", "heatmaps": "-1"})
    assert values == {"session": "12", "history_from": 3, "heatmaps": -1}
    assert api.from_query(route, {"history_from": "3x"}) == {"history_from": "3x"}


def test_the_docs_configuration_table_is_the_fields_table():
    text = DOC.read_text(encoding="utf-8")
    assert fields.markdown_table(CONFIG) in text


def test_the_docs_list_every_route():
    text = DOC.read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `(GET|POST) (/api/\w+)`", text, re.MULTILINE))
    assert listed == {(r.method, r.path) for r in api.ROUTES}
