"""The notebooks run top to bottom on the built corpus: nbclient, the venv's python3 kernel, the hub offline."""

import os

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from tests.conftest import ROOT

NOTEBOOKS = ("01_explore_corpus.ipynb", "02_train_ner.ipynb")


@pytest.fixture(scope="module", params=NOTEBOOKS)
def executed(request: pytest.FixtureRequest) -> nbformat.NotebookNode:
    """A notebook executed in its own folder, as `make notebooks` (nbconvert) and Jupyter run it."""
    path = ROOT / "notebooks" / request.param
    notebook = nbformat.read(path, as_version=4)
    os.environ["HF_HUB_OFFLINE"] = "1"  # inherited by the kernel process
    client = NotebookClient(
        notebook, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, if any cell raises
    return notebook


def _outputs(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]


def test_every_code_cell_ran_without_error(executed: nbformat.NotebookNode):
    code_cells = [cell for cell in executed.cells if cell.cell_type == "code"]
    assert code_cells and all(cell.execution_count for cell in code_cells)
    assert not [output for output in _outputs(executed) if output.output_type == "error"]


def test_plots_are_drawn_without_missing_vietnamese_glyphs(executed: nbformat.NotebookNode):
    outputs = _outputs(executed)
    assert any("image/png" in output.get("data", {}) for output in outputs)
    streams = "".join(output.text for output in outputs if output.output_type == "stream")
    assert "missing from font" not in streams


def test_notebook_01_reads_the_corpus_its_parameter_names(tmp_path, monkeypatch):
    path = ROOT / "notebooks" / "01_explore_corpus.ipynb"
    notebook = nbformat.read(path, as_version=4)
    parameters = [cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(parameters) == 1 and "CORPUS_PATH = None" in parameters[0].source
    missing = tmp_path / "no-corpus-here"
    monkeypatch.setenv("DANVAN_CORPUS", str(missing))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    client = NotebookClient(
        notebook, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(path.parent)}}
    )
    with pytest.raises(CellExecutionError, match=f"{missing}: no built corpus here"):
        client.execute()
