"""The moons demo as a user runs it: a subprocess, with a real PNG and one-line errors."""

import os
import struct
import subprocess
import sys

import pytest

import nn
import nn.floats
from demos import moons


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "demos.moons", *args], capture_output=True, text=True, timeout=120, cwd=cwd
    )


def test_short_run_writes_a_png(tmp_path):
    out = tmp_path / "moons.png"
    result = run("--steps", "3", "--points", "30", "--out", str(out))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "30 moons points, MLP 2-16-16-1 (ReLU), 3 steps, seed 0"
    assert lines[1] == "the graph of a step: traced once, replayed every step"
    assert lines[2].startswith("step 1/3: loss ")  # plain lines: stdout is not a terminal
    assert "MLP(2 → 16 relu → 16 relu → 1 linear, 337 parameters)" in lines
    assert any(line.startswith("final loss ") and "training accuracy" in line for line in lines)
    assert lines[-1] == f"wrote {out}"
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert 10_000 < len(data) < 1_000_000
    width, height = struct.unpack(">II", data[16:24])  # the PNG's IHDR
    assert width >= 1600 and height >= 600  # wide enough for a slide (issue 12)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["moons.png"]


def test_help():
    result = run("--help")
    assert result.returncode == 0 and "--steps" in result.stdout and "--out" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--steps", "0"], "--steps: must be a whole number from 1 to 100000, got '0'"),
        (["--steps", "ten"], "--steps: must be a whole number"),
        (["--seed", "1.5"], "--seed: must be a whole number"),
        (["--points", "1"], "--points: must be a whole number from 2 to"),
        (["--out", "/no/such/folder/x.png"], "does not exist"),
        (["--out", "picture.jpg"], "the file name must end in .png"),
        (["--frobnicate"], "unrecognized arguments"),
    ],
)
def test_bad_values_exit_2_with_one_line(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_training_reduces_the_loss_in_process():
    X, labels = nn.moons(40, 0.1, seed=0)
    Y = [2 * y - 1 for y in labels]
    model, losses, accuracies = moons.train(X, Y, steps=15, seed=0)
    assert losses[-1] < losses[0]
    assert moons.accuracy(model, X, Y) >= 0.75  # measured: 0.85
    x = X[0]
    assert nn.floats.output(model, x) == model(x).data  # the boundary is drawn from these


def test_the_tape_and_the_value_path_give_the_same_run():
    X, labels = nn.moons(30, 0.1, seed=2)
    Y = [2 * y - 1 for y in labels]
    taped = moons.train(X, Y, steps=5, seed=2)
    rebuilt = moons.train(X, Y, steps=5, seed=2, tape=False)
    assert taped[1:] == rebuilt[1:]  # losses and accuracies, bit for bit
    assert [p.data for p in taped[0].parameters()] == [p.data for p in rebuilt[0].parameters()]


def test_no_tape_flag_says_how_the_graph_is_made():
    result = run("--steps", "2", "--points", "10", "--no-tape")
    assert result.returncode == 0, result.stderr
    assert "the graph of a step: rebuilt from Values every step" in result.stdout


def test_an_unwritable_out_is_refused_before_training(tmp_path):
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    result = run("--out", str(fifo))
    assert result.returncode == 2 and "not a regular file" in result.stderr
    assert result.stdout == ""  # nothing trained first
