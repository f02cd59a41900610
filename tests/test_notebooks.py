"""Notebooks run top to bottom on the bundled corpus, carry no outputs in git, and match their .py twins."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def code_cells(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text("utf-8"))["cells"]
    return ["".join(c["source"]).strip() for c in cells if c["cell_type"] == "code"]


def percent_code_cells(script: Path) -> list[str]:
    text = script.read_text("utf-8")
    parts = re.split(r"^# %%(.*)$", text, flags=re.M)
    cells = []
    for header, body in zip(parts[1::2], parts[2::2], strict=True):
        if "[markdown]" not in header:
            cells.append(body.strip())
    return cells


def test_there_are_notebooks():
    assert [n.name for n in NOTEBOOKS][:1] == ["01-load-corpus.ipynb"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stripped_and_paired(notebook):
    data = json.loads(notebook.read_text("utf-8"))
    for cell in data["cells"]:
        assert not cell.get("outputs"), f"{notebook.name}: outputs are stripped in git"
        assert cell.get("execution_count") is None
    assert code_cells(notebook) == percent_code_cells(notebook.with_suffix(".py"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_on_the_bundled_corpus(notebook):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    if notebook.name.startswith("01-"):
        first = "".join(o.get("text", "") for o in nb.cells[2]["outputs"])
        assert first.startswith("1 speeches, 7 paragraphs and headings, 1,751 字")
