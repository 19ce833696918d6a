"""The course notebook, docs/backprop.ipynb, runs from top to bottom in a Python 3 kernel
and shows what its text says, so it never goes stale."""

import copy
import os
from pathlib import Path

import pytest
from conftest import want_torch

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "docs" / "backprop.ipynb"
NEEDS = "the notebook test needs nbclient and ipykernel: pip install -e '.[dev]'"


@pytest.fixture(scope="module")
def notebook():
    nbformat = pytest.importorskip("nbformat", reason=NEEDS)
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def cells(notebook, tmp_path_factory):
    """The notebook executed, as {cell id: the text of its outputs, per MIME type}."""
    nbclient = pytest.importorskip("nbclient", reason=NEEDS)
    pytest.importorskip("ipykernel", reason=NEEDS)
    notebook = copy.deepcopy(notebook)
    if not want_torch():  # the rest of the notebook runs without torch
        notebook.cells = [
            cell for cell in notebook.cells if "needs-torch" not in cell.metadata.get("tags", [])
        ]
    # the kernel imports this checkout, and runs in a temporary folder: nothing is written here
    env = {key: value for key, value in os.environ.items() if key != "MPLBACKEND"}  # inline plots
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    client = nbclient.NotebookClient(
        notebook,
        timeout=60,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path_factory.mktemp("notebook"))}},
    )
    client.execute(env=env)
    return {cell.id: _outputs(cell) for cell in notebook.cells if cell.cell_type == "code"}


def _outputs(cell):
    shown = {"stdout": ""}
    for output in cell.outputs:
        if output.output_type == "stream":
            shown[output.name] = shown.get(output.name, "") + output.text
        for mime, data in output.get("data", {}).items():
            shown[mime] = data
    return shown


def test_it_is_stored_without_outputs(notebook):
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.id
    assert "without outputs" in notebook.cells[0].source


def test_the_seed_example_shows_its_graph_and_gradients(cells):
    assert "<svg" in cells["seed"]["image/svg+xml"]
    assert "df/dx = -2\ndf/dy = 2\ndf/dz = 0\ndf/dw = 1\n" in cells["table"]["stdout"]
    steps = cells["steps"]["stdout"]
    for rule in ("add distributes", "mul switches", "max routes"):
        assert rule in steps
    assert "mul switches: -2 × 1 = -2\n    sum = -2" in steps


def test_the_tie_goes_to_z(cells):
    assert cells["tie"]["stdout"] == "at z = w = 4: df/dz = 1, df/dw = 0\n"


def test_a_neuron_is_drawn_and_checked_by_hand(cells):
    assert "<svg" in cells["neuron"]["image/svg+xml"]
    for line in cells["neuron-check"]["stdout"].splitlines():
        autodiff, by_hand = (part.split("= ")[-1] for part in line.split(",   "))
        assert autodiff == by_hand


def test_xor_is_learned_and_its_boundary_drawn(cells):
    assert "accuracy 100%" in cells["xor"]["stdout"]
    assert cells["boundary"]["image/png"]


def test_the_pytorch_section_agrees(cells):
    if "torch" not in cells:
        pytest.skip("torch is not installed: the notebook ran without its PyTorch section")
    gradtable, pytorch = cells["torch"]["stdout"].splitlines()[-2:]
    assert gradtable.split(":", 1)[1].strip() == pytorch.split(":", 1)[1].strip()
    ours, theirs = cells["torch-grads"]["stdout"].splitlines()
    assert ours.split(":", 1)[1].strip() == theirs.split(":", 1)[1].strip()
    assert "df/dz = 0.5, df/dw = 0.5" in cells["torch-tie"]["stdout"]
    assert "same weights: True" in cells["from-torch"]["stdout"]
