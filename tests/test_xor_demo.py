"""The XOR trainer: commands in-process (fast), and the real user path as subprocesses."""

import copy
import dataclasses
import io
import json
import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import nn
from autograd.render import format_number
from demos import _progress as progress
from demos.xor import cli, commands, views
from demos.xor.console import Console
from demos.xor.session import Session, Trained
from demos.xor.settings import KEYS, Settings, find_key
from demos.xor.training import TRAIN_CAP

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def trainer(**settings):
    """The trainer on a StringIO, as it runs when its output is not a terminal."""
    return Console(io.StringIO(), Settings(**settings))


def run(s, *lines):
    """Run command lines on console ``s`` and return only what they printed."""
    start = s.out.tell()
    for line in lines:
        commands.run_command(s, line)
    s.out.seek(start)
    text = s.out.read()
    s.out.seek(0, io.SEEK_END)
    return text


def state(s):
    """Everything a failed command must leave alone."""
    t = s.session
    opt = {k: copy.deepcopy(v) for k, v in vars(t.optimizer).items() if k != "params"}
    params = [(p.data, p.grad) for p in t.model.parameters()]
    return t.model, t.settings, t.epochs, dict(t.history), params, t.optimizer, opt


def one_message(text):
    """Whether ``text`` is one message: a line, and maybe lines indented under it (a message
    wraps at 80 columns)."""
    lines = text.strip("\n").splitlines()
    return len(lines) >= 1 and not lines[0].startswith(" ") and all(
        line.startswith("  ") for line in lines[1:]
    )


def accuracy(text):
    return [line for line in text.splitlines() if line.startswith("accuracy ")][-1]


# -- training and show --------------------------------------------------------------------


def test_default_model_and_banner():
    s = trainer()
    s.banner()
    text = s.out.getvalue()
    assert "MLP(2 → 4 tanh → 1 sigmoid, 17 parameters)" in text
    assert "hidden 4 tanh, output sigmoid, loss bce\n" in text
    assert "optimizer sgd, lr 0.5, init uniform, seed 0\n" in text
    assert max(map(len, text.splitlines())) <= 80  # the banner fits a standard terminal
    assert " x1  x2 | target | output  | class" in text
    assert accuracy(text).startswith("accuracy ")


def test_train_until_solved_then_show():
    s = trainer()
    text = run(s, "train")
    assert "solved after" in text
    _, correct, _ = s.session.evaluate()
    assert correct == 4 and 0 < s.session.epochs < TRAIN_CAP
    assert list(s.session.history) == list(range(s.session.epochs + 1))  # epochs 0 to now
    shown = run(s, "show")
    assert accuracy(shown) == "accuracy 100%"
    assert run(s, "train").startswith("already solved")


def test_step_counts_epochs_and_lowers_the_loss():
    s = trainer()
    before, _, _ = s.session.evaluate()
    assert run(s, "step").startswith("epoch 1: loss ")
    run(s, "step 30")
    assert s.session.epochs == 31
    after, _, _ = s.session.evaluate()
    assert after < before


def test_epoch_is_one_full_batch_sgd_step():
    s = trainer()
    model = s.session.model
    params = model.parameters()
    start = [p.data for p in params]
    outputs = [model(x) for x in s.session.X]
    loss = nn.bce(outputs, [0, 1, 1, 0])
    model.zero_grad()
    loss.backward()
    expected = [w - 0.5 * p.grad for w, p in zip(start, params)]
    for p, w in zip(params, start):
        p.data = w
    run(s, "step")
    assert [p.data for p in params] == pytest.approx(expected, abs=1e-12)


def test_show_draws_the_boundary_grid_plain():
    s = trainer(seed=1)
    run(s, "train")
    text = run(s, "show")
    assert "\x1b" not in text
    rows = [line for line in text.splitlines() if line[5:6] == "|" and line[:5].strip() != "+"]
    assert len(rows) == views.GRID_ROWS
    cells = [row[6:] for row in rows]
    assert all(len(c) == views.GRID_COLS and set(c) <= set("#.01") for c in cells)
    # the four points sit at x1, x2 in {0, 1}: columns 10 and 30, rows 5 and 15
    assert (cells[5][10], cells[5][30], cells[15][10], cells[15][30]) == ("1", "0", "0", "1")
    # solved: each point's neighbours have the point's class
    assert (cells[5][11], cells[5][31], cells[15][11], cells[15][31]) == ("#", ".", ".", "#")
    assert "class 1 where output > 0.5" in text


def test_show_in_colour_uses_ansi_backgrounds():
    s = Console(io.StringIO(), Settings(), color=True)
    commands.run_command(s, "show")
    assert "\x1b[48;5;" in s.out.getvalue()


def test_grid_forward_matches_the_model():
    deeper = Settings(hidden=(3, 2), activation="elu", output="linear", loss="mse")
    for settings in (Settings(), deeper):
        s = Session(settings)
        xs, ys = views.grid_coords()
        grid = s.output_grid(xs, ys)
        for j, x2 in enumerate(ys):
            for i, x1 in enumerate(xs):
                assert grid[j][i] == s.model([x1, x2]).data


def test_weights_and_grads_per_neuron():
    s = trainer()
    text = run(s, "weights")
    assert text.count(" w = [") == 5 and "h4 " in text and "y " in text
    assert "all gradients are 0" in run(s, "grads")
    run(s, "step")
    text = run(s, "grads")
    assert "all gradients are 0" not in text and text.count(" w = [") == 5
    output_bias = text.splitlines()[-1].split("b =")[1].strip()
    assert output_bias == format_number(s.session.model.layers[1].neurons[0].b.grad)


def test_hidden_two_can_get_stuck_and_the_cap_is_reported():
    s = trainer(hidden=(2,), seed=3)
    text = run(s, "train")
    assert f"not solved: stopped at the cap of {TRAIN_CAP} epochs" in text
    assert s.session.epochs == TRAIN_CAP
    last = [line for line in text.splitlines() if not line.startswith("  ")][-1]
    assert last.startswith("not solved") and ", accuracy 50%." in " ".join(text.split())


def test_hinge_and_logit_outputs_use_threshold_zero():
    s = trainer()
    assert "loss = mse" in run(s, "set output tanh")
    run(s, "set loss hinge")
    assert "class 1 where output > 0" in run(s, "show")
    run(s, "set output linear")
    assert s.session.settings.loss == "hinge"
    run(s, "set loss bce_with_logits", "train")
    assert accuracy(run(s, "show")) == "accuracy 100%"


# -- set, reset, help, unknown --------------------------------------------------------------


def test_set_architecture_reinitialises_and_says_so():
    s = trainer()
    run(s, "step 5")
    for command, check in [
        ("set hidden 2", lambda st: st.hidden == (2,)),
        ("set hidden 4,3", lambda st: st.hidden == (4, 3)),
        ("set activation relu", lambda st: st.activation == "relu"),
        ("set output tanh", lambda st: st.output == "tanh" and st.loss == "mse"),
        ("set init he", lambda st: st.init == "he"),
        ("set seed 7", lambda st: st.seed == 7),
    ]:
        old = s.session.model
        text = run(s, command)
        assert "re-initialised" in text, command
        t = s.session
        assert t.model is not old and t.epochs == 0 and check(t.settings), command
    assert "MLP(2 → 4 relu → 3 relu → 1 tanh" in repr(s.session.model)


def test_set_lr_loss_optimizer_keep_the_weights():
    s = trainer()
    t = s.session
    run(s, "step 3")
    weights = [p.data for p in t.model.parameters()]
    run(s, "set lr 0.05")
    assert [p.data for p in t.model.parameters()] == weights
    assert t.optimizer.lr == 0.05 and t.settings.lr == 0.05
    run(s, "set optimizer adam")
    assert isinstance(t.optimizer, nn.Adam) and t.optimizer.lr == 0.05
    run(s, "set output_activation sigmoid")  # alias; re-initialises
    weights = [p.data for p in t.model.parameters()]
    run(s, "set loss mse")
    assert [p.data for p in t.model.parameters()] == weights and t.epochs == 0


def test_set_alone_lists_keys_and_values():
    text = run(trainer(), "set")
    for key in ("lr", "hidden", "activation", "output", "loss", "optimizer", "init", "seed"):
        assert f"  {key} " in text
    assert "adam" in text and "xavier" in text and "leaky_relu" in text


def test_reset_restores_the_initial_weights():
    s = trainer(seed=5)
    t = s.session
    start = [p.data for p in t.model.parameters()]
    run(s, "train 20")
    assert "back to the start" in run(s, "reset")
    assert [p.data for p in t.model.parameters()] == start and t.epochs == 0 and t.history == {}


def test_reset_after_a_preset_or_a_load_returns_to_it(tmp_path):
    s = trainer()
    run(s, "preset goodfellow")
    hand_set = [p.data for p in s.session.model.parameters()]
    run(s, "train 30", "reset")
    assert [p.data for p in s.session.model.parameters()] == hand_set
    assert accuracy(run(s, "show")) == "accuracy 100%"  # the book's solution, not a new draw
    run(s, "preset default", "train 10", f"save {tmp_path / 'm.json'}", "train 10")
    run(s, f"load {tmp_path / 'm.json'}", "train 5", "reset")
    assert s.session.epochs == 10  # the loaded model as it was saved


def test_help_lists_every_command():
    text = run(trainer(), "help")
    for command in commands.COMMANDS.values():
        assert f"\n  {command.usage}  " in text and command.help in " ".join(text.split())


def test_help_says_what_the_loss_at_epoch_n_is_and_its_stuck_net_gets_stuck():
    text = " ".join(run(trainer(), "help").split())
    assert "The loss at epoch N is the mean loss on the four points of the model after N epochs" in text
    s = trainer()
    run(s, "set seed 3", "set hidden 2", "train")
    assert accuracy(run(s, "show")) == "accuracy 50%"  # as help promises
    run(s, "set seed 0", "train")
    assert accuracy(run(s, "show")) == "accuracy 100%"


def test_unknown_command_suggests_the_closest():
    s = trainer()
    assert "did you mean `train`?" in run(s, "tran")
    assert "did you mean `perceptron`?" in run(s, "perceptorn")
    assert "unknown command 'xyzzy'" in run(s, "xyzzy")


def test_empty_lines_are_ignored_and_semicolons_split():
    s = trainer()
    assert run(s, "", "   ", ";;") == ""
    run(s, "step; step")
    assert s.session.epochs == 2


def test_quit_stops_the_rest_of_a_line():
    s = trainer()
    run(s, "quit; step")
    assert s.quit_requested and s.session.epochs == 0


# -- the command table and the settings table ------------------------------------------------


def test_a_command_is_one_row_of_the_table(monkeypatch):
    said = []
    row = commands.Command("hello", ("hi",), "hello NAME", lambda c, a: said.append(a), "greet")
    monkeypatch.setitem(commands.COMMANDS, "hello", row)
    s = trainer()
    assert "\n  hello NAME" in run(s, "help") and "greet" in run(s, "help")
    run(s, "hello world", "HI there")  # by name and by alias, in any case
    assert said == [["world"], ["there"]]
    assert "did you mean `hello`?" in run(s, "helo")


def test_every_alias_runs_its_command():
    for command in commands.COMMANDS.values():
        for alias in command.aliases:
            assert commands.find_command(alias) is command
    assert run(trainer(), "?") == run(trainer(), "h") == run(trainer(), "help")
    for word in ("exit", "q", "QUIT"):
        s = trainer()
        run(s, f"{word}; step")
        assert s.quit_requested and s.session.epochs == 0


def test_did_you_mean_names_the_closest_command():
    s = trainer()
    for typo, meant in [("hlep", "help"), ("shwo", "show"), ("weigths", "weights"),
                        ("rest", "reset"), ("plto", "plot"), ("preest", "preset")]:
        assert f"did you mean `{meant}`?" in run(s, typo), typo


@pytest.mark.parametrize("key", list(KEYS))
def test_every_setting_rejects_garbage_in_one_line_and_keeps_the_model(key):
    s = trainer()
    run(s, "step 3")
    before, speed = state(s), s.speed
    text = run(s, f"set {key} %garbage%")
    assert text.startswith(f"set: {key} must be ") and one_message(text)
    assert state(s) == before and s.speed == speed


@pytest.mark.parametrize("key", list(KEYS))
def test_every_setting_is_listed_and_found_by_its_aliases(key):
    listing = run(trainer(), "set")
    row = KEYS[key]
    flat = " ".join(listing.split())  # the listing wraps at 80 columns
    assert f"  {key:<10} now " in listing and row.summary in flat
    if row.choices:
        assert f"one of: {', '.join(row.choices)}" in flat
    for name in (key, key.upper(), *row.aliases):
        assert find_key(name) is row


def test_flags_parse_like_their_settings():
    for flag, key, good in [("--seed", "seed", "7"), ("--hidden", "hidden", "4,3"),
                            ("--lr", "lr", "0.1"), ("--activation", "activation", "RELU")]:
        args = cli.build_parser().parse_args([flag, good])
        assert getattr(args, key) == KEYS[key].parse(good)


def test_the_session_never_prints(capsys):
    t = Session(Settings(seed=1))
    result = t.train(3000, until_solved=True)
    assert result.solved and not result.interrupted and result.error is None
    assert result == Trained(t.epochs, solved=True) and list(t.history) == list(range(t.epochs + 1))
    assert t.evaluate().accuracy == 100
    snap = t.snapshot()
    t.change("hidden", (3,))
    t.restore(snap)
    assert t.settings == Settings(seed=1)
    assert capsys.readouterr() == ("", "")


# -- bad input never crashes and never loses the model ------------------------------------------

BAD = [
    ("set lr abc", "lr must be a positive number"),
    ("set lr -5", "lr must be a positive number"),
    ("set lr nan", "lr must be a positive number"),
    ("set lr ５", "lr must be a positive number"),  # float("５") is 5.0; the seed's reader says no
    ("set hidden 0", "hidden must be 1 to 32 units, or up to 3 layers"),
    ("set hidden 99", "hidden must be 1 to 32 units"),
    ("set hidden two", "hidden must be 1 to 32 units"),
    ("set activation sigmod", "did you mean sigmoid?"),
    ("set output softmax", "output must be one of"),
    ("set loss bce_with_logits", "needs `output linear`"),
    ("set loss hinge", "hinge needs an output that can go negative"),
    ("set loss cross_entropy", "loss must be one of"),
    ("set optimizer lbfgs", "optimizer must be one of"),
    ("set init zeros", "init must be one of"),
    ("set seed -1", "seed must be a whole number"),
    ("set colour red", "unknown key"),
    ("set lr", "usage: set lr VALUE"),
    ("set speed fast", "speed must be a whole number"),
    ("step -3", "N must be a whole number of epochs from 1 to"),
    ("step 0", "N must be a whole number of epochs"),
    ("step 1 2", "usage: step [N]"),
    ("train lots", "N must be a whole number of epochs from 1 to"),
    ("train 1e9", "N must be a whole number"),
    ("show me", "takes no arguments"),
    ("preset", "usage: preset NAME"),
    ("preset seednet", "Did you mean seed-net?"),
    ("graph", "usage: graph FILE.svg"),
    ("graph out.png", "must end in .svg"),
    ("graph g.svg 2 0", "X1 and X2 must each be 0 or 1"),
    ("plot", "usage: plot FILE.png"),
    ("plot out.svg", "must end in .png"),
    ("plot /no/such/dir/p.png", "does not exist"),
    ("save /no/such/dir/m.json", "does not exist"),
    ("graph /no/such/dir/g.svg", "does not exist"),
    ("load /no/such/file.json", "no model file"),
    ("load", "usage: load FILE"),
    ("set seed ²", "seed must be a whole number"),
    ("set seed " + "9" * 5000, "seed must be a whole number"),
    ("set hidden 4,²", "hidden must be 1 to 32 units"),
    ("set speed ²", "speed must be a whole number"),
    ("step ²", "N must be a whole number"),
]


@pytest.mark.parametrize("command, message", BAD)
def test_bad_input_names_what_is_allowed_and_keeps_the_model(command, message):
    s = trainer()
    run(s, "step 3")
    before = state(s)
    text = run(s, command)
    assert message in " ".join(text.split())  # a message may wrap at 80 columns
    assert one_message(text), text
    assert state(s) == before


def test_bad_files_on_load_keep_the_model(tmp_path):
    cases = {
        "corrupt.json": '{"format": "gradtable-model", "weights": [1, 2',
        "empty.json": "",
        "other.json": '{"hello": "world"}',
        "list.json": "[1, 2, 3]",
        "binary.json": b"\xff\xfe\x00garbage",
    }
    three_inputs = tmp_path / "three.json"
    nn.MLP(3, [2, 1], seed=0).save(three_inputs)
    two_outputs = tmp_path / "two_outputs.json"
    nn.MLP(2, [2, 2], seed=0).save(two_outputs)
    s = trainer()
    run(s, "step 3")
    before = state(s)
    paths = [three_inputs, two_outputs, tmp_path]
    for name, content in cases.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        paths.append(path)
    huge = s.session.model.to_dict()
    huge["architecture"]["nouts"] = [10**7, 1]
    (tmp_path / "huge.json").write_text(json.dumps(huge))
    paths.append(tmp_path / "huge.json")
    wide = s.session.model.to_dict()
    wide["architecture"]["nin"] = 10**7
    (tmp_path / "wide.json").write_text(json.dumps(wide))
    paths.append(tmp_path / "wide.json")
    good = s.session.model.to_dict()
    good["weights"][0][0]["w"][0] = "oops"
    (tmp_path / "badweight.json").write_text(json.dumps(good))
    paths.append(tmp_path / "badweight.json")
    perceptron = tmp_path / "perceptron.json"
    nn.Perceptron(2).save(perceptron)
    paths.append(perceptron)
    for path in paths:
        text = run(s, f"load {path}")
        assert text.startswith("load:") and one_message(text), text
        assert state(s) == before, path
    assert "it holds a 'Perceptron'; the trainer trains an MLP" in " ".join(run(s, f"load {perceptron}").split())


def test_a_line_longer_than_any_command_is_refused_at_once():
    s = trainer()
    before = state(s)
    assert "more than any command line (at most 10000), so nothing in it was run" in run(s, "x" * 1_000_000)
    assert "more than any command line" in run(s, 'save "' + "x" * 20_000)
    assert state(s) == before


def test_a_byte_order_mark_before_the_first_command_is_not_part_of_it():
    s = trainer()
    assert "unknown command" not in run(s, "\ufeffstep")
    assert s.session.epochs == 1


def test_unwritable_targets_keep_the_model(tmp_path):
    s = trainer()
    run(s, "step 3")
    before = state(s)
    folder = tmp_path / "a_folder.png"
    folder.mkdir()
    for command in (f"plot {folder}", f"save {tmp_path}", f"graph {tmp_path}/x.svg/y.svg"):
        text = " ".join(run(s, command).split())
        assert "cannot write" in text or "does not exist" in text, text
        assert state(s) == before


def test_diverging_training_stops_and_keeps_finite_weights():
    s = trainer(activation="relu", output="linear", loss="mse", lr=1000)
    text = run(s, "train 200")
    assert "training stopped at epoch" in text and "too large" in text
    assert all(abs(p.data) < float("inf") for p in s.session.model.parameters())
    assert list(s.session.history) == list(range(s.session.epochs + 1))  # epochs 0 to now
    run(s, "show")  # still usable


def test_ctrl_c_during_training_keeps_the_last_whole_epoch(monkeypatch):
    s = trainer()
    reference = trainer()
    run(reference, "step 9")
    calls = {"n": 0}
    t = s.session
    step = t.optimizer.step

    def interrupted():
        calls["n"] += 1
        if calls["n"] == 10:
            t.model.parameters()[0].data += 123.0  # half-done update
            raise KeyboardInterrupt
        step()

    monkeypatch.setattr(t.optimizer, "step", interrupted)
    text = run(s, "train")
    assert "stopped by Ctrl-C after 9 epochs; the model is kept" in text
    assert t.epochs == 9 and list(t.history) == list(range(10))
    expected = [p.data for p in reference.session.model.parameters()]
    assert [p.data for p in t.model.parameters()] == expected


def test_unexpected_error_in_a_command_is_one_line_and_keeps_the_model(monkeypatch):
    s = trainer()
    before = state(s)
    broken = dataclasses.replace(commands.COMMANDS["show"], run=lambda console, args: 1 / 0)
    monkeypatch.setitem(commands.COMMANDS, "show", broken)
    text = run(s, "show")
    assert "unexpected ZeroDivisionError" in text and one_message(text)
    assert state(s) == before


def test_a_command_that_fails_halfway_puts_everything_back(monkeypatch):
    s = trainer()
    run(s, "train 20")
    before = state(s)

    def broken(rows):
        raise RuntimeError("drawing failed")

    monkeypatch.setattr(views, "truth_table", broken)  # after the preset has built its model
    text = run(s, "preset goodfellow")
    assert "unexpected RuntimeError: drawing failed" in text
    assert one_message(text)
    assert state(s) == before and s.session.history == before[3]


# -- files ----------------------------------------------------------------------------------


def test_graph_writes_an_svg_with_gradients(tmp_path):
    s = trainer()
    run(s, "step 2")
    grads = [p.grad for p in s.session.model.parameters()]
    path = tmp_path / "loss.svg"
    text = run(s, f"graph {path} 0 1")
    assert "wrote" in text and "(target 1)" in text
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    svg = path.read_text()
    assert "grad" in svg and "loss" in svg and "x1" in svg
    width, height = (float(root.get(side).removesuffix("pt")) for side in ("width", "height"))
    assert width < 1.5 * height  # 57 nodes left to right would be ~5x wider than tall
    assert [p.grad for p in s.session.model.parameters()] == grads  # the model's are untouched


def test_plot_writes_a_png(tmp_path):
    s = trainer()
    run(s, "train 30")
    path = tmp_path / "xor.png"
    assert "wrote" in run(s, f"plot {path}")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 10_000


def test_save_and_load_round_trip(tmp_path):
    s = trainer(hidden=(3,), seed=2)
    t = s.session
    run(s, "set loss mse", "set optimizer adam", "set lr 0.05", "set batch online", "train 40")
    path = tmp_path / "model.json"
    assert "saved" in run(s, f"save {path}")
    data = json.loads(path.read_text())
    assert data["format"] == "gradtable-model"
    weights = [p.data for p in t.model.parameters()]
    settings = t.settings
    run(s, "reset", "set hidden 5")
    assert "loaded" in run(s, f"load {path}")
    assert [p.data for p in t.model.parameters()] == weights
    assert t.settings == settings and t.epochs == 40
    assert isinstance(t.optimizer, nn.Adam)
    # nn reads the file too, and the trainer reads nn's own files
    assert [p.data for p in nn.load_model(path).parameters()] == weights
    plain = tmp_path / "plain.json"
    nn.MLP(2, [2, 1], activation="relu", output_activation="linear", seed=4).save(plain)
    run(s, f"load {plain}")
    assert t.settings.hidden == (2,) and t.settings.output == "linear"
    assert t.settings.loss == "mse"  # the session's loss fits a linear output, so it is kept
    run(s, "preset default", f"load {plain}")
    assert t.settings.loss == "bce_with_logits"  # bce does not fit a linear output


def test_a_saved_run_goes_on_after_a_load_as_it_would_have(tmp_path):
    # seed 003's run trains online: a load must not fall back to full batch
    path = tmp_path / "seed-net.json"
    s = trainer()
    run(s, "preset seed-net", f"save {path}", "train 100")
    resumed = trainer()
    run(resumed, f"load {path}", "train 100")
    assert resumed.session.settings.batch == "online"
    assert resumed.session.history == s.session.history
    assert [p.data for p in resumed.session.model.parameters()] == [p.data for p in s.session.model.parameters()]


def test_files_of_the_earlier_trainer_still_load(tmp_path):
    # the layout the trainer wrote before it saved through nn.modelfile: json indent 1
    model = nn.MLP(2, [3, 1], activation="tanh", output_activation="sigmoid", seed=2)
    old = model.to_dict()
    old["gradtable-xor"] = {
        "loss": "mse", "optimizer": "adam", "lr": 0.05, "epochs": 40, "seed": 2, "init": "uniform",
    }  # fmt: skip
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old, indent=1) + "\n")
    s = trainer()
    assert "  MLP(2 → 3 tanh → 1 sigmoid, 13 parameters), epoch 40" in run(s, f"load {path}")
    expected = Settings((3,), "tanh", "sigmoid", "mse", "adam", 0.05, "uniform", 2)
    assert s.session.settings == expected
    assert s.session.epochs == 40
    assert [p.data for p in s.session.model.parameters()] == [p.data for p in model.parameters()]


# -- presets and the perceptron ---------------------------------------------------------------


def test_preset_goodfellow_is_the_books_solution_untrained():
    s = trainer()
    text = run(s, "preset goodfellow")
    assert "MLP(2 → 2 relu → 1 linear, 9 parameters)" in text
    hidden, output = s.session.model.layers
    assert [[p.data for p in n.w] for n in hidden.neurons] == [[1, 1], [1, 1]]
    assert [n.b.data for n in hidden.neurons] == [0, -1]
    assert [p.data for p in output.neurons[0].w] == [1, -2] and output.neurons[0].b.data == 0
    loss, correct, outputs = s.session.evaluate()
    assert outputs == [0, 1, 1, 0] and loss == 0 and correct == 4 and s.session.epochs == 0
    assert accuracy(text) == "accuracy 100%"


def test_preset_seed_net_is_seed_003s_setup():
    s = trainer(seed=3)
    text = run(s, "preset seed-net")
    assert s.session.settings == Settings(
        (2,), "sigmoid", "tanh", "mse", "sgd", 0.25, "uniform", 3, batch="online"
    )
    assert "MLP(2 → 2 sigmoid → 1 tanh, 9 parameters)" in text
    run(s, "train 100")
    assert s.session.epochs == 100
    assert "preset default" in run(s, "preset default")
    assert s.session.settings == Settings(seed=3)


def test_perceptron_learns_and_or_but_not_xor():
    s = trainer()
    before = state(s)
    text = run(s, "perceptron")
    assert "AND  learned in" in text and "OR   learned in" in text
    assert "XOR  FAILS" in text
    assert "AND" in text.splitlines()[8] and "XOR" in text.splitlines()[8]  # the grids' titles
    assert state(s) == before


# -- the live view -----------------------------------------------------------------------------


def test_live_training_redraws_in_place():
    s = Console(io.StringIO(), Settings(), color=True, live=True)
    s.speed = 0
    commands.run_command(s, "train")
    text = s.out.getvalue()
    assert "\x1b[?25l" in text and "\x1b[?25h" in text  # cursor hidden while drawing, then shown
    assert "\x1b[48;5;" in text and "solved after" in text


def test_piped_training_prints_progress_lines():
    s = trainer()
    text = run(s, "train 100")
    assert text.count(" right\n") == 10 and "\x1b" not in text


# -- as a user runs it -------------------------------------------------------------------------


def xor_process(stdin="", *args, env=None):
    environment = dict(os.environ, **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "demos.xor", *args],
        input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=120, env=environment,
    )  # fmt: skip


def test_piped_session_trains_draws_saves_and_loads(tmp_path):
    svg, png, model = tmp_path / "g.svg", tmp_path / "p.png", tmp_path / "m.json"
    commands = f"train\nshow\ngraph {svg}\nplot {png}\nsave {model}\nreset\nload {model}\nshow\n"
    done = xor_process(commands)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and "Traceback" not in done.stdout
    out = done.stdout
    assert out.startswith("gradtable XOR trainer") and "MLP(2 → 4 tanh → 1 sigmoid" in out
    after_load = out.split("xor> load")[1]
    assert "accuracy 100%" in after_load
    assert ET.parse(svg).getroot().tag.endswith("svg")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert json.loads(model.read_text())["kind"] == "MLP"
    assert "\x1b" not in out


def test_piped_bad_input_never_crashes(tmp_path):
    corrupt = tmp_path / "bad.json"
    corrupt.write_text("{ not json")
    lines = [c for c, _ in BAD] + [f"load {corrupt}", "tran", "", "perceptron", "show"]
    done = xor_process("\n".join(lines) + "\n")
    assert done.returncode == 0
    assert "Traceback" not in done.stdout + done.stderr and done.stderr == ""
    assert done.stdout.count("xor> ") == len([c for c in lines if c])


def test_script_flag_and_eof_exit_zero():
    done = xor_process("", "--script", "train; show; quit; step", "--seed", "2", "--hidden", "3")
    assert done.returncode == 0 and "accuracy 100%" in done.stdout
    assert "MLP(2 → 3 tanh → 1 sigmoid" in done.stdout and "xor> step" not in done.stdout
    assert xor_process("").returncode == 0


def test_help_flag():
    done = xor_process("", "--help")
    assert done.returncode == 0 and "--script" in done.stdout and "--activation" in done.stdout


@pytest.mark.parametrize(
    "flags",
    [["--lr", "abc"], ["--lr", "-5"], ["--hidden", "0"], ["--seed", "-1"],
     ["--activation", "softmax"], ["--bogus"], ["--seed"]],
)  # fmt: skip
def test_bad_flags_exit_2_with_one_line(flags):
    done = xor_process("", *flags)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert "error" in done.stderr and done.stdout == ""


def test_colour_only_on_a_terminal_without_no_color(monkeypatch):
    from demos.xor.cli import use_color

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert use_color(Terminal()) and not use_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(Terminal())


# -- the traced tape ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "settings",
    [{}, {"loss": "mse", "output": "tanh", "optimizer": "adam"},
     {"hidden": (3, 2), "activation": "relu", "output": "linear", "loss": "hinge"},
     {"lr": 20.0}],  # this one saturates: every output within 1e-9 of 1
)  # fmt: skip
def test_the_tape_and_the_value_path_train_identically(settings):
    runs = []
    for tape in (True, False):
        session = Session(Settings(**settings), tape=tape)
        session.train(300)
        runs.append((session.history, [p.data for p in session.model.parameters()]))
    assert runs[0] == runs[1]  # bit for bit


def test_set_tape_switches_and_is_listed():
    s = trainer()
    assert run(s, "set tape off") == "tape = off: each epoch builds its graph from Values\n"
    assert s.session.tape is False
    assert "tape       now off" in run(s, "set")
    assert "tape = on" in run(s, "set tape on") and s.session.tape is True
    before = state(s)
    assert "tape must be one of: on, off" in run(s, "set tape maybe")
    assert state(s) == before


def test_no_tape_flag():
    result = subprocess.run(
        [sys.executable, "-m", "demos.xor", "--no-tape", "--script", "set; step 5"],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "tape       now off" in result.stdout


# -- bad input never crashes, never loses the model ------------------------------------------


def test_a_line_that_is_not_utf8_is_a_bad_command_and_the_session_goes_on():
    result = subprocess.run(
        [sys.executable, "-m", "demos.xor"], input=b"step\n\xff\xfe bad\nstep\nquit\n",
        capture_output=True, cwd=ROOT, timeout=60, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )  # fmt: skip
    out = result.stdout.decode("utf-8")
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    assert "that line is not UTF-8 text" in out and "epoch 2: loss" in out
    s = trainer()
    assert "not UTF-8" in run(s, "step; \udcff")  # as --script hands over such bytes


def test_a_graph_over_the_node_limit_says_how_to_draw_it_at_the_prompt(tmp_path):
    s = trainer(hidden=(32, 32, 32))
    before = state(s)
    text = " ".join(run(s, f"graph {tmp_path / 'big.svg'} 0 1").split())
    assert "more than 500" in text and f"`graph {tmp_path / 'big.svg'} 0 1 all`" in text
    assert "max_nodes" not in text and not (tmp_path / "big.svg").exists()
    assert state(s) == before
    small = trainer()
    assert "wrote" in run(small, f"graph {tmp_path / 'small.svg'} 1 0 all")


def test_slow_piped_training_reports_at_least_twice_a_second(monkeypatch):
    clock = iter(range(0, 10_000))  # every reading of the clock is a second later
    monkeypatch.setattr(views.time, "monotonic", lambda: next(clock))
    monkeypatch.setattr(progress.time, "monotonic", lambda: next(clock))
    s = trainer()
    text = run(s, "step 100")
    assert text.count(" right\n") >= 90  # not just at every tenth


def test_fuzzing_the_trainer_never_raises_nor_breaks_the_model(tmp_path, monkeypatch):
    import random

    monkeypatch.chdir(tmp_path)  # where `save` puts what it is given
    rng = random.Random(7)
    words = [c.name for c in commands.COMMANDS.values() if c.name not in ("quit", "plot", "graph")]
    words += ["set " + key for key in KEYS] + ["preset", "load", "save"]
    garbage = ["", "0", "-1", "1e999", "nan", "²", "1" * 5000, "\udcff", "x" * 300, "4,3,2,1",
               "../../etc", "/dev/zero", ";", "  ", "０", "1.5", "-0", "inf", "ü", "\x00"]  # fmt: skip
    s = trainer()
    for _ in range(400):
        line = " ".join([rng.choice(words)] + rng.sample(garbage, rng.randint(0, 2)))
        if rng.random() < 0.2:
            line = bytes(rng.randrange(256) for _ in range(rng.randint(1, 12))).decode(
                "utf-8", "surrogateescape"
            )
        commands.run_command(s, line)  # never raises
        assert s.session.model([1.0, 0.0]).data == s.session.model([1.0, 0.0]).data
        assert all(math.isfinite(p.data) for p in s.session.model.parameters())
    assert "unexpected" not in s.out.getvalue()  # no bug met along the way


@pytest.mark.parametrize("command", ["save", "graph", "plot"])
def test_a_fifo_or_a_device_is_never_replaced(tmp_path, command):
    suffix = {"save": ".json", "graph": ".svg", "plot": ".png"}[command]
    fifo = tmp_path / f"pipe{suffix}"
    os.mkfifo(fifo)
    s = trainer()
    before = state(s)
    assert "not a regular file" in run(s, f"{command} {fifo}")
    assert os.path.exists(fifo) and not os.path.isfile(fifo) and state(s) == before


def test_save_through_a_symlink_writes_the_file_it_names(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("{}")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    s = trainer()
    run(s, f"save {link}")
    assert link.is_symlink() and json.loads(real.read_text())["kind"] == "MLP"


def test_file_names_may_have_spaces_in_quotes_and_start_at_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    s = trainer()
    run(s, "train 5")
    assert "saved" in run(s, 'save "my model.json"')
    assert "wrote" in run(s, "plot ~/loss.png")
    assert (tmp_path / "my model.json").is_file() and (home / "loss.png").is_file()
    assert "loaded" in run(s, 'load "my model.json"')
    assert "put a name with spaces in double quotes" in run(s, "save my model.json")
    assert "saved" in run(s, "save it's.json") and (tmp_path / "it's.json").is_file()
    out = run(s, 'save "a;b.json"; step')  # a ';' inside quotes is part of the name
    assert (tmp_path / "a;b.json").is_file() and "epoch 6" in out
    before = state(s)
    assert '" that is not closed, so nothing in it was run' in run(s, 'train 5; save "oops')
    assert state(s) == before


def test_online_training_steps_once_per_point_in_seed_003s_order():
    # one epoch online is four SGD steps on one point each, (1,1), (0,1), (1,0), (0,0)
    s = Session(Settings(hidden=(2,), activation="sigmoid", output="tanh", loss="mse",
                         lr=0.25, batch="online"))  # fmt: skip
    reference = nn.MLP(2, [2, 1], activation="sigmoid", output_activation="tanh", seed=0)
    optimizer = nn.SGD(reference.parameters(), lr=0.25)
    for x, y in [([1, 1], 0), ([0, 1], 1), ([1, 0], 1), ([0, 0], 0)]:
        optimizer.zero_grad()
        nn.mse(reference(x), y).backward()
        optimizer.step()
    s.train(1)
    assert [p.data for p in s.model.parameters()] == [p.data for p in reference.parameters()]
    assert s.history[1] == nn.mse([reference(x) for x in s.X], s.targets()).data


def test_one_meaning_of_the_loss_at_an_epoch_everywhere(tmp_path):
    s = trainer()
    text = run(s, "train")
    solved = [line for line in text.splitlines() if line.startswith("solved after")][0]
    shown = run(s, "show")
    loss_line = [line for line in shown.splitlines() if line.startswith("loss ")][0]
    epoch = s.session.epochs
    assert f"loss {views.number(s.session.history[epoch])}" in solved  # train's last word
    assert loss_line == f"loss {views.number(s.session.history[epoch])} (bce), epoch {epoch}"
    assert list(s.session.history)[-1] == epoch  # and where the plot's curve ends


def test_no_line_is_wider_than_80_columns(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # short file names, as a user types them
    script = [
        "help", "show", "weights", "grads", "set", "perceptron", "preset goodfellow",
        "preset seed-net", "train 100", "preset default", "step", "train", "train 30",
        "save m.json", "load m.json", "graph g.svg", "plot p.png", "set zzz 1", "trian",
        "set hidden 40", "set lr -1", "load nothing.json", "set seed 3", "set hidden 2", "train",
        "set loss hinge", "set output linear", "set loss hinge", "show", "reset",
        "set hidden 8", "weights", "grads", "set hidden 6,6", "set activation sigmoid",
        "weights", "preset default", "set output linear", "set loss mse", "set lr 1000",
        "train", "show", "quit",
    ]  # fmt: skip
    for color in (False, True):
        s = Console(io.StringIO(), Settings(), color=color)
        s.banner()
        run(s, *script)
        for line in s.out.getvalue().splitlines():
            visible = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", line)
            assert len(visible) <= 80, line


def test_wrapped_weight_lists_keep_their_columns():
    s = trainer(hidden=(12, 12), seed=5)
    lines = run(s, "weights").splitlines()
    start = lines.index("hidden layer 2 (tanh): h = tanh(w·x + b)") + 1
    block = lines[start : lines.index("output (sigmoid): y = sigmoid(w·h + b)")]
    neurons = []  # h2.1 .. h2.12, each a list of its lines
    for line in block:
        if line.startswith("  h2."):
            neurons.append([])
        neurons[-1].append(line)
    assert len(neurons) == 12 and len({len(n) for n in neurons}) == 1  # all wrap alike
    assert len(neurons[0]) > 1
    for k in range(len(neurons[0])):  # the k-th line of every neuron: commas in the same columns
        commas = {tuple(i for i, c in enumerate(n[k]) if c == ",") for n in neurons}
        assert len(commas) == 1, [n[k] for n in neurons]
    assert max(map(len, lines)) <= 80


def test_the_truth_table_widens_for_a_number_that_needs_it():
    lines = views.truth_table([(0, 0, 0, 6.082e150, 1), (0, 1, 1, 0.5, 1)])
    bars = {tuple(i for i, c in enumerate(line) if c == "|") for line in lines}
    assert len(bars) == 1  # the columns line up, header included
    assert "6.082e+150" in lines[1]


def test_the_readme_session_is_real_output():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split('$ gradtable xor --script "train; show"\n', 1)[1].split("```", 1)[0]
    done = subprocess.run(
        [sys.executable, "-m", "demos.xor", "--script", "train; show"], capture_output=True,
        text=True, encoding="utf-8", stdin=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip
    lines = done.stdout.splitlines()
    shown = [line for line in block.splitlines() if line != "..."]
    assert len(shown) > 20
    for line in shown:
        assert line in lines, line
