"""Executes docs/notebooks/*.ipynb; each notebook asserts on what it shows, every cell tagged "figure"
must display an image (the inline backend: no Agg forced), and the committed notebooks must be the
ones docs/notebooks/make_notebooks.py writes, executed, with their HTML beside them."""
import importlib.util
import pathlib

import nbformat
import pytest
from nbclient import NotebookClient

FOLDER = pathlib.Path(__file__).resolve().parents[2] / "docs" / "notebooks"
NOTEBOOKS = sorted(FOLDER.glob("*.ipynb"))


def maker():
    spec = importlib.util.spec_from_file_location("make_notebooks", FOLDER / "make_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def images(cell):
    return [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]


def is_figure(cell):
    return "figure" in cell.metadata.get("tags", [])


def test_there_are_three_notebooks():
    assert [p.stem for p in NOTEBOOKS] == ["01_quickstart", "02_uncertainty", "03_what_if"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_is_the_generated_one_with_its_figures(path):
    """Its cells are make_notebooks.py's (run `make notebooks` after editing it), it was committed
    executed (each figure cell holds its image, no error), and its HTML page shows the figures."""
    committed = nbformat.read(path, as_version=4)
    generated = maker().NOTEBOOKS[path.stem]
    assert [(c.cell_type, c.source) for c in committed.cells] == [(c.cell_type, c.source) for c in generated.cells]
    figures = [c for c in code_cells(committed) if is_figure(c)]
    assert figures and all(images(c) for c in figures), "run `make notebooks`: figures missing from the .ipynb"
    assert not [o for c in code_cells(committed) for o in c.get("outputs", []) if o.output_type == "error"]
    html = (FOLDER / "html" / f"{path.stem}.html").read_text()
    assert html.count("data:image/png;base64") >= len(figures)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_and_its_assertions_hold(path):
    nb = nbformat.read(path, as_version=4)
    for cell in code_cells(nb):
        cell.outputs = []
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in code_cells(nb) for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    figures = [c for c in code_cells(nb) if is_figure(c)]
    assert figures, "a notebook without a figure"
    for cell in code_cells(nb):
        # every figure cell displays exactly one image, inline; no other cell draws one
        assert len(images(cell)) == (1 if is_figure(cell) else 0), cell.source
