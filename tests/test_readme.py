"""The README's examples run and print what the README says they print."""

import contextlib
import io
import re
from pathlib import Path

import pytest
from conftest import import_torch, want_torch

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def section(heading):
    """The README's text from ``heading`` to the next heading of the same level."""
    text = README.split(f"\n{heading}\n", 1)[1]
    return text.split("\n## ", 1)[0]


@pytest.mark.parametrize(
    "heading",
    [
        "## Ten lines of gradtable",
        "## Neural networks",
        "## Traced tapes: record once, replay fast",
        "## Graduating to PyTorch",
    ],
)
def test_example_prints_what_the_readme_shows(heading):
    if "PyTorch" in heading:
        import_torch()
    match = re.search(r"```python\n(.*?)```\n\nprints\n\n```\n(.*?)```", section(heading), re.S)
    assert match, f"README's {heading!r} lost its example block followed by 'prints'"
    code, expected = match.groups()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue() == expected


def test_readme_has_the_two_setup_commands():
    setup = section("## Set up")
    assert "```sh\npip install -e .\ngradtable xor\n```" in setup
    assert 'pip install -e ".[dev]" && pytest' in setup


def test_the_tape_source_shown_is_the_one_generated():
    from autograd import Value, trace

    shown = section("## Traced tapes: record once, replay fast").split("```python\ndef backward")[1]
    shown = "def backward" + shown.split("    ...\n")[0]
    x, y, z, w = Value(2, "x"), Value(-2, "y"), Value(3, "z"), Value(4, "w")
    assert shown in trace(x * y + z.max(w)).source()


def test_every_python_block_runs():
    # the blocks run in order in one namespace, as a reader pastes them into one session;
    # without torch the PyTorch blocks are left out (the test above reports them skipped)
    namespace = {}
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    if not want_torch():
        blocks = [block for block in blocks if "import torch" not in block]
    for block in blocks:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(block, "README.md", "exec"), namespace)


def test_the_objective_example_prints_the_loop_s_loss():
    block = section("## Neural networks").split("```python\n")[2].split("```")[0]
    namespace = {"nn": __import__("nn"), "X": [[0, 0], [0, 1], [1, 0], [1, 1]], "Y": [0, 1, 1, 0]}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), namespace)
    assert out.getvalue() == "loss 0.0106\n"
