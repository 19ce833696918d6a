"""python -m demos.render_graph, run as a user runs it: a subprocess with no `dot` on the PATH."""

import os
import pathlib
import random
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


def run(tmp_path, *args):
    """Run the demo in ``tmp_path`` with a PATH that holds no `dot`."""
    empty = tmp_path / "empty-bin"
    empty.mkdir(exist_ok=True)
    env = {**os.environ, "PATH": str(empty), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "demos.render_graph", *args],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def texts(path):
    root = ET.parse(path).getroot()
    return [(t.text or "").strip() for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_default_draws_the_seed_example_with_gradients(tmp_path):
    done = run(tmp_path, "--out", "seed.svg")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "seed.svg"
    assert done.stderr == ""  # no noise from the WebAssembly runtime at exit
    found = texts(tmp_path / "seed.svg")
    for expected in ["x", "y", "z", "w", "data 2", "grad -2", "grad 2", "grad 0", "max", "×", "+"]:
        assert expected in found
    assert "data 0" in found  # f = 2 * -2 + max(3, 4)
    assert found.count("f") == 1  # the output is named as the notes name it


def test_an_expression_with_index_and_top_to_bottom(tmp_path):
    done = run(tmp_path, "--expr", "x*x + exp(y)", "--set", "x=3", "--set", "y=0",
               "--index", "--rankdir", "TB", "--out", "e.svg")  # fmt: skip
    assert done.returncode == 0, done.stderr
    found = texts(tmp_path / "e.svg")
    assert "u₁" in found and "grad 6" in found and "data 10" in found and "exp" in found


def test_a_neuron_without_grads(tmp_path):
    done = run(tmp_path, "--neuron", "3", "--no-grad", "--out", "n.svg")
    assert done.returncode == 0, done.stderr
    found = texts(tmp_path / "n.svg")
    for name in ["x1", "x2", "x3", "w1", "w2", "w3", "b", "tanh"]:
        assert name in found
    assert not any(t.startswith("grad") for t in found)


@pytest.mark.parametrize(
    "args, words",
    [
        (["--expr", "q + 1"], ["unknown name 'q'", "--set"]),
        (["--expr", "x*", "--set", "x=1"], ["syntax error"]),
        (["--expr", "__import__('os').system('echo hacked')", "--set", "x=1"], ["only the"]),
        (["--expr", "log(x)", "--set", "x=-1"], ["cannot evaluate", "needs a positive input"]),
        (["--expr", "x / y", "--set", "x=1", "--set", "y=0"], ["division by zero"]),
        (["--set", "x=abc"], ["bad value 'abc'"]),
        (["--set", "q=1"], ["only x, y, z, w"]),
        (["--neuron", "0"], ["--neuron", "from 1 to"]),
        (["--seed", "x", "--neuron", "2"], ["--seed", "whole number"]),
        (["--max-nodes", "0"], ["--max-nodes", "from 1 to"]),
        (["--neuron", "200"], ["802 nodes", "--max-nodes 802"]),
        (["--rankdir", "XY"], ["invalid choice"]),
        (["--neuron", "2", "--expr", "x"], ["not allowed with"]),
        (["--out", "missing-dir/g.svg"], ["cannot write"]),
    ],
)
def test_bad_input_exits_2_with_a_message_and_no_traceback(tmp_path, args, words):
    done = run(tmp_path, *args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "hacked" not in done.stdout
    assert len(done.stderr.splitlines()) == 1
    for word in words:
        assert word in done.stderr
    assert not list(tmp_path.glob("*.svg"))


def test_an_unknown_flag_is_one_line_not_a_usage_block(tmp_path):
    done = run(tmp_path, "--bogus")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "python -m demos.render_graph: error: unrecognized arguments: --bogus (see --help)"
    ]
    assert done.stdout == ""


def test_help(tmp_path):
    done = run(tmp_path, "--help")
    assert done.returncode == 0 and "--expr" in done.stdout and "--neuron" in done.stdout


@pytest.mark.parametrize(
    "expr, value, words",
    [("x**0.5", "0", "the derivative of x ** 0.5 (u_3) is infinite at x = 0"),
     ("log(x)", "5e-324", "the derivative of log(x) (u_2) is infinite at x = 4.94066e-324")],
)  # fmt: skip
def test_an_engine_error_in_backward_is_one_line_with_status_1(tmp_path, expr, value, words):
    result = run(tmp_path, "--expr", expr, "--set", f"x={value}", "--out", "g.svg")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == f"python -m demos.render_graph: {words}\n"
    assert not (tmp_path / "g.svg").exists()


def test_a_fifo_or_a_device_is_refused_and_kept(tmp_path):
    fifo = tmp_path / "pipe.svg"
    os.mkfifo(fifo)
    for target in (str(fifo), "/dev/full"):
        result = run(tmp_path, "--out", target)
        assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
        assert "not a regular file" in result.stderr or "must end in .svg" in result.stderr
    assert not os.path.isfile(fifo) and os.path.exists(fifo)


def test_the_size_is_checked_before_the_graph_is_built(tmp_path):
    from autograd import topological_order
    from demos.render_graph import neuron, neuron_nodes

    assert all(len(topological_order(neuron(n, random.Random(0)))) == neuron_nodes(n)
               for n in (1, 2, 7))  # fmt: skip
    result = run(tmp_path, "--neuron", "1000", "--out", "n.svg")
    assert result.returncode == 2 and "the graph has 4002 nodes, more than --max-nodes 500" in result.stderr
