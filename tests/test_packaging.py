"""What a built wheel holds: the demos' pages, stylesheets, scripts and icons are package
data, so a plain ``pip install`` (not only an editable one) has them."""

import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from demos.step_through import pictures

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    pytest.importorskip("setuptools")  # the build runs here, with no network
    if importlib.util.find_spec("setuptools.command.bdist_wheel") is None:
        pytest.importorskip("wheel")  # setuptools before 70.1 needs it to build a wheel
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"  # a copy, so the build leaves nothing in the repository
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("autograd", "nn", "demos"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp / "out"), "--quiet"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    [path] = (tmp / "out").glob("*.whl")
    with zipfile.ZipFile(path) as archive:
        yield {name: archive.read(name) for name in archive.namelist()}


def test_the_step_through_page_template_ships(wheel):
    shipped = wheel["demos/step_through/page.html"].decode("utf-8")
    assert shipped == pictures.page_template().template
    for placeholder in ("$title", "$count", "$constants", "$picture", "$frames"):
        assert placeholder in shipped


def test_every_file_of_the_playground_page_ships(wheel):
    static = ROOT / "demos" / "playground" / "static"
    files = [p for p in static.rglob("*") if p.is_file()]
    assert len(files) > 5
    for path in files:
        name = path.relative_to(ROOT).as_posix()
        assert wheel.get(name) == path.read_bytes(), name


def test_the_wheel_installs_the_gradtable_command(wheel):
    [entry_points] = [text for name, text in wheel.items() if name.endswith("entry_points.txt")]
    lines = entry_points.decode("utf-8").splitlines()
    assert "[console_scripts]" in lines
    assert "gradtable = demos.command:main" in lines
