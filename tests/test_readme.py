"""The README's example runs and prints what the README says it prints."""

import contextlib
import io
import re
from pathlib import Path

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_readme_example_prints_what_it_shows():
    match = re.search(r"```python\n(.*?)```\n\nprints\n\n```\n(.*?)```", README, re.S)
    assert match, "README lost its example block followed by 'prints'"
    code, expected = match.groups()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue() == expected


def test_readme_has_the_two_setup_commands():
    assert "pip install -e .\n" in README
    assert 'pip install -e ".[dev]" && pytest' in README
