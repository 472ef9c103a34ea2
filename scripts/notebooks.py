"""Keep the notebook gallery true: execute every notebook in notebooks/ in a clean kernel, store
it with its outputs, each code cell stamped with a hash of its code (so a test can tell a cell
edited since its outputs were made), and export it as Markdown with its images under
docs/notebooks/ for reading on a code host or in the docs.

    python scripts/notebooks.py                   # execute, store and export every notebook
    python scripts/notebooks.py centrality        # only notebooks/centrality.ipynb
    python scripts/notebooks.py --export-only     # export the stored notebooks again

tests/test_notebooks.py imports this module: the hash, the execution and the export are the
same code there and here.
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
DOCS = REPO / "docs" / "notebooks"
STAMP = "cartelgraph"  # the key of a code cell's metadata holding {"code_sha256": …}
TIMEOUT = 240

# An output that embeds the network page: too large for a Markdown page, and a code host does not
# run it; the export says where it is instead.
PAGE_NOTE = (
    "*Here the notebook shows the interactive network page (an offline, self-contained "
    "page in a sandboxed iframe). Open the notebook in Jupyter to explore it, or write it to a "
    'file with `cg.page(...).save("page.html")`.*'
)


def code_hash(source: str) -> str:
    """The hash a code cell's metadata keeps of the code its outputs were made by."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def paths(names: list[str] | None = None) -> list[Path]:
    found = sorted(NOTEBOOKS.glob("*.ipynb"))
    if names:
        found = [path for path in found if path.stem in names]
    return found


def execute(path: Path):
    """The notebook at ``path`` run top to bottom in a new kernel (this interpreter's: the
    ``python3`` kernelspec runs ``python`` from the PATH), with every code cell stamped."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop(STAMP, None)
    env = {name: value for name, value in os.environ.items() if name != "MPLBACKEND"}  # plots inline
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=TIMEOUT,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute(env=env)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.metadata[STAMP] = {"code_sha256": code_hash(cell.source)}
    return notebook


def markdown(notebook, name: str) -> tuple[str, dict[str, bytes]]:
    """The notebook as Markdown, and its images by file name (``<name>_files/…``): tables stay the
    HTML pandas writes (escaped), the network page becomes a note."""
    from nbconvert import MarkdownExporter

    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "<iframe" in data.get("text/html", ""):
                output["data"] = {"text/markdown": PAGE_NOTE}
            elif "text/html" in data:  # pandas' scoped style block means nothing on a code host
                data["text/html"] = re.sub(r"<style scoped>.*?</style>\s*", "", data["text/html"], flags=re.DOTALL)
    exporter = MarkdownExporter()
    text, resources = exporter.from_notebook_node(
        notebook, resources={"output_files_dir": f"{name}_files", "unique_key": name}
    )
    return text, dict(resources.get("outputs", {}))


def export(notebook, name: str) -> Path:
    """Write ``docs/notebooks/<name>.md`` and its images (the image folder is replaced whole)."""
    text, images = markdown(notebook, name)
    DOCS.mkdir(parents=True, exist_ok=True)
    folder = DOCS / f"{name}_files"
    shutil.rmtree(folder, ignore_errors=True)
    for filename, data in images.items():
        target = DOCS / filename
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    page = DOCS / f"{name}.md"
    page.write_text(text, encoding="utf-8")
    return page


def index(notebooks: dict[str, object]) -> str:
    """docs/notebooks/README.md: each notebook's question, linking to its page."""
    lines = [
        "# Notebook gallery",
        "",
        "The notebooks of `notebooks/`, as executed by `make notebooks` (a clean kernel, the curated graph).",
        "Each answers one question with `import cartelgraph as cg`:",
        "",
    ]
    for name, notebook in sorted(notebooks.items()):
        title = notebook.cells[0].source.split("\n", 1)[0].removeprefix("# ")
        lines.append(f"- [{title}]({name}.md) — `notebooks/{name}.ipynb`")
    return "\n".join(lines) + "\n"


def stored() -> dict[str, object]:
    import nbformat

    return {path.stem: nbformat.read(path, as_version=4) for path in paths()}


def main(argv: list[str]) -> int:
    import nbformat
    from nbclient.exceptions import CellExecutionError

    export_only = "--export-only" in argv
    names = [arg for arg in argv if not arg.startswith("--")]
    chosen = paths(names)
    if not chosen:
        print(f"no notebook named {', '.join(names)} in {NOTEBOOKS}", file=sys.stderr)
        return 2
    for path in chosen:
        if export_only:
            notebook = nbformat.read(path, as_version=4)
        else:
            print(f"executing {path.relative_to(REPO)}", file=sys.stderr)
            try:
                notebook = execute(path)
            except CellExecutionError as error:  # the notebook and its export are left as they were
                print(f"Error: {path.relative_to(REPO)}: a cell failed: {error.ename}: {error.evalue}", file=sys.stderr)
                return 1
            nbformat.write(notebook, path)
        print(f"exported {export(notebook, path.stem).relative_to(REPO)}", file=sys.stderr)
    (DOCS / "README.md").write_text(index(stored()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
