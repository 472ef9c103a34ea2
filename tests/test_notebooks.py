"""The notebook gallery: each notebook opens with its question, is stored with the outputs of a
clean execution of its current code (each code cell keeps a hash of the code its outputs were
made by), runs without error and gives those outputs again, and its Markdown export under
docs/notebooks/ is current. `make notebooks` (scripts/notebooks.py) regenerates them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "notebooks.py"
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
STALE = "run `make notebooks`"


def _script():
    spec = importlib.util.spec_from_file_location("notebooks_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


notebooks = _script()


def code_cells(notebook):
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def texts(cell) -> list[str]:
    """What a cell printed and returned, as text (images and HTML are the same data drawn)."""
    found, stream = [], None
    for output in cell.outputs:
        if output.output_type == "stream" and output.name == stream:
            found[-1] += output.text  # the kernel flushed one print in pieces: one text all the same
            continue
        stream = output.name if output.output_type == "stream" else None
        if output.output_type == "stream":
            found.append(f"{output.name}: {output.text}")
        elif output.output_type in ("execute_result", "display_data"):
            found.append(output.data.get("text/plain", ""))
        elif output.output_type == "error":
            found.append(f"error: {output.ename}: {output.evalue}")
    return ["\n".join(line.rstrip() for line in text.strip().split("\n")) for text in found]


def test_the_gallery_is_there():
    assert {path.stem for path in NOTEBOOKS} >= {"centrality", "time-and-status", "network-page", "documents-and-time"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_opens_with_the_question_it_answers(path):
    first = nbformat.read(path, as_version=4).cells[0]
    title = first.source.split("\n", 1)[0]
    assert first.cell_type == "markdown" and title.startswith("# ") and title.endswith("?"), title


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_stored_outputs_come_from_a_clean_run_of_the_current_code(path):
    cells = code_cells(nbformat.read(path, as_version=4))
    assert [cell.execution_count for cell in cells] == list(range(1, len(cells) + 1)), (
        f"{path.name}: not run top to bottom in one clean kernel; {STALE}"
    )
    for number, cell in enumerate(cells, 1):
        stamp = cell.metadata.get(notebooks.STAMP, {}).get("code_sha256")
        assert stamp == notebooks.code_hash(cell.source), (
            f"{path.name}, code cell {number}: its code changed since its outputs were made; {STALE}"
        )
        assert not [o for o in cell.outputs if o.output_type == "error"], f"{path.name}, code cell {number}"
        assert not [o for o in cell.outputs if o.output_type == "stream" and "Traceback" in o.text]
    drawn = [
        o
        for cell in cells
        for o in cell.outputs
        if "image/png" in o.get("data", {}) or "<iframe" in o.get("data", {}).get("text/html", "")
    ]
    assert drawn, "every notebook draws a chart or a network page"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_runs_in_a_clean_kernel_and_gives_its_stored_outputs(path):
    stored = code_cells(nbformat.read(path, as_version=4))
    fresh = code_cells(notebooks.execute(path))
    assert not [text for cell in fresh for text in texts(cell) if text.startswith("error:")], [
        text for cell in fresh for text in texts(cell) if text.startswith("error:")
    ]
    for number, (old, new) in enumerate(zip(stored, fresh, strict=True), 1):
        assert texts(old) == texts(new), f"{path.name}, code cell {number}: stored outputs are stale; {STALE}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_markdown_export_is_current(path):
    text, images = notebooks.markdown(nbformat.read(path, as_version=4), path.stem)
    page = notebooks.DOCS / f"{path.stem}.md"
    assert page.is_file() and page.read_text(encoding="utf-8") == text, f"{page.name} is stale; {STALE}"
    folder = notebooks.DOCS / f"{path.stem}_files"
    on_disk = {f"{folder.name}/{p.name}" for p in folder.iterdir()} if folder.is_dir() else set()
    assert on_disk == set(images), f"{folder.name} holds other images than the notebook's; {STALE}"
    for name, data in images.items():
        assert (notebooks.DOCS / name).read_bytes() == data, f"{name} is stale; {STALE}"
    assert "<iframe" not in text and "<script" not in text  # the page is a note in the export


def test_the_gallery_index_is_current():
    page = notebooks.DOCS / "README.md"
    assert page.read_text(encoding="utf-8") == notebooks.index(notebooks.stored()), f"{page.name} is stale; {STALE}"
    assert all(f"({path.stem}.md)" in page.read_text(encoding="utf-8") for path in NOTEBOOKS)


def test_no_notebook_counts_commentary_as_a_tie():
    for path in NOTEBOOKS:
        for cell in code_cells(nbformat.read(path, as_version=4)):
            assert "include_commentary" not in cell.source, f"{path.name} counts commentary"


def test_the_default_network_does_not_rank_the_reports_author_first(repo_graph):
    """The notebooks rank the default network; with commentary counted, the NGO behind the report
    would lead through its statements about everyone (so this test can fail)."""
    from cartelgraph.analytics import MEASURES, network, ranking

    authors = {
        row["author"]
        for row in repo_graph.select("SELECT DISTINCT ?author WHERE { ?source a cg:Source ; cg:publisher ?author }")
    }
    assert "https://w3id.org/cartelgraph/id/elementa-ddhh" in authors
    G = network(repo_graph)
    for measure in MEASURES:
        assert ranking(G, measure, top=1)[0]["iri"] not in authors, measure
    assert ranking(network(repo_graph, include_commentary=True), "pagerank", top=1)[0]["iri"] in authors
