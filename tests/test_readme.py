"""The README's examples run and print what the README says they print."""

import contextlib
import io
import re
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def section(heading):
    """The README's text from ``heading`` to the next heading of the same level."""
    text = README.split(f"\n{heading}\n", 1)[1]
    return text.split("\n## ", 1)[0]


@pytest.mark.parametrize("heading", ["## Ten lines of gradtable", "## Neural networks"])
def test_example_prints_what_the_readme_shows(heading):
    match = re.search(r"```python\n(.*?)```\n\nprints\n\n```\n(.*?)```", section(heading), re.S)
    assert match, f"README's {heading!r} lost its example block followed by 'prints'"
    code, expected = match.groups()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue() == expected


def test_readme_has_the_two_setup_commands():
    setup = section("## Set up")
    assert "pip install -e .\npython -m demos.xor\n" in setup
    assert 'pip install -e ".[dev]" && pytest' in setup
