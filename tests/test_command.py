"""The ``gradtable`` command, run as a user runs it: each subcommand's --help and one real
run, the top-level help, version and mistakes. It runs as ``python -m demos`` (the same
``main`` the installed script calls), and the installed script itself where there is one."""

import importlib.metadata
import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from demos import command

ROOT = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))


def gradtable(*args, cwd=None, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "demos", *args], capture_output=True, text=True,
        encoding="utf-8", stdin=subprocess.DEVNULL, env=ENV, cwd=cwd, timeout=timeout,
    )  # fmt: skip


def test_help_lists_every_command_and_version_prints_it():
    done = gradtable("--help")
    assert done.returncode == 0 and done.stderr == ""
    for name in ("xor", "step", "render", "moons", "playground"):
        assert f"\n  {name} " in done.stdout
    assert max(len(line) for line in done.stdout.splitlines()) <= 80
    done = gradtable("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"gradtable {command.version()}"
    assert command.version()[0].isdigit()  # the tests run on an installed checkout


@pytest.mark.parametrize("name, flag", [("xor", "--script"), ("step", "--expr"),
                                        ("render", "--neuron"), ("moons", "--steps"),
                                        ("playground", "--port")])  # fmt: skip
def test_each_command_has_the_flags_of_its_module(name, flag):
    done = gradtable(name, "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: gradtable {name} ")
    assert flag in done.stdout
    module = {"step": "step_through", "render": "render_graph"}.get(name, name)
    same = subprocess.run(
        [sys.executable, "-m", f"demos.{module}", "--help"], capture_output=True, text=True,
        env=ENV, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    words = same.stdout.replace(f"python -m demos.{module}", f"gradtable {name}").split()
    assert words == done.stdout.split()  # the same flags and help, wrapped to the name


@pytest.mark.parametrize(
    "args, words",
    [
        ([], "which command? one of: xor, step, render, moons, playground"),
        (["xro"], "unknown command 'xro'; did you mean `gradtable xor`?"),
        (["frobnicate"], "unknown command 'frobnicate'; use one of: xor,"),
        (["--seed", "3"], "flags go after the command"),
        (["xor", "--bogus"], "gradtable xor: error: unrecognized arguments: --bogus"),
        (["render", "--out", "g.png"], "gradtable render: error: argument --out: the file name must end in .svg"),
    ],
)  # fmt: skip
def test_a_mistake_is_one_line_with_status_2(tmp_path, args, words):
    done = gradtable(*args, cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert words in done.stderr and len(done.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_xor_trains(tmp_path):
    done = gradtable("xor", "--script", "train 20; show", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "epoch 20" in done.stdout and "accuracy" in done.stdout


def test_step_walks_the_seed_example():
    done = gradtable("step", "--no-pause")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-4:] == ["df/dx = -2", "df/dy = 2", "df/dz = 0", "df/dw = 1"]


def test_render_draws_an_svg(tmp_path):
    done = gradtable("render", "--out", "seed.svg", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "grad &#45;2" in (tmp_path / "seed.svg").read_text(encoding="utf-8")  # x's gradient


def test_moons_trains_and_plots(tmp_path):
    done = gradtable("moons", "--steps", "3", "--points", "20", "--out", "m.png", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "final loss" in done.stdout and (tmp_path / "m.png").read_bytes()[:4] == b"\x89PNG"


def test_playground_serves_its_page_and_stops_on_sigterm():
    process = subprocess.Popen(
        [sys.executable, "-m", "demos", "playground", "--port", "0", "--no-browser"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        line = process.stdout.readline()
        assert line.startswith("gradtable playground at http://127.0.0.1:"), line
        with urllib.request.urlopen(line.split(" at ")[1].strip(), timeout=10) as answer:
            assert answer.status == 200 and b"<html" in answer.read()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        process.kill()
        process.communicate()


def test_the_installed_script_is_this_main():
    try:
        scripts = importlib.metadata.entry_points(group="console_scripts", name="gradtable")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        scripts = ()
    if not scripts:
        pytest.skip("gradtable is not installed here (pip install -e .)")
    [script] = scripts
    assert script.value == "demos.command:main"
    installed = shutil.which("gradtable")
    if installed:  # and it runs: the same help as python -m demos
        done = subprocess.run([installed, "--help"], capture_output=True, text=True, env=ENV)
        assert done.returncode == 0 and done.stdout == gradtable("--help").stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--help"], ["xor", "--help"], ["step", "--help"], ["render", "--help"],
        ["moons", "--help"], ["playground", "--help"],
        ["step", "--no-pause", "--example", "goodfellow", "--constants"],
        ["step", "--no-pause", "--z", "4", "--w", "4"],
        ["step", "--no-pause", "--expr", "tanh(w1*x1 + w2*x2 + w3*x3 + b) * relu(x1 - x2)",
         "--set", "x1=1.25", "--set", "x2=-2.5", "--set", "x3=0.125", "--set", "w1=0.3",
         "--set", "w2=-0.1", "--set", "w3=0.8", "--set", "b=0.1"],
        ["render", "--out", "g.svg"],
        ["moons", "--steps", "3", "--points", "20", "--out", "m.png"],
    ],
)  # fmt: skip
def test_every_demo_s_output_fits_80_columns(tmp_path, args):
    """What a demo prints stays within a standard terminal's 80 columns (issue 12); the
    XOR trainer's commands are checked line by line in test_xor_demo.py."""
    done = gradtable(*args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    for line in done.stdout.splitlines():
        assert len(line) <= 80, line
