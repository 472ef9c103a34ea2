"""Where the data lives: an explicit folder, $CARTELGRAPH_DATA, the repo around the current
folder, or the copy of the curated data inside an installed wheel."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cartelgraph.errors import DataError

ONTOLOGY_FILE = Path("ontology") / "cartelgraph.ttl"
SHAPES_FILE = Path("ontology") / "shapes.ttl"
_PACKAGE_DIR = Path(__file__).resolve().parent


def is_data_dir(path: Path) -> bool:
    return (path / ONTOLOGY_FILE).is_file() and (path / "graph").is_dir()


def find_data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """Return the folder holding ``ontology/`` and ``graph/``.

    Order: ``explicit`` (the ``--data`` option), ``$CARTELGRAPH_DATA``, the current folder or
    one of its parents, the copy shipped in the wheel, the checkout this package lives in.
    """
    for given, name in ((explicit, "--data"), (os.environ.get("CARTELGRAPH_DATA"), "CARTELGRAPH_DATA")):
        if given:
            path = Path(given).expanduser().resolve()
            if not is_data_dir(path):
                raise DataError(
                    f"{name}: {path} is not a cartelgraph data folder (it needs {ONTOLOGY_FILE} and graph/)"
                )
            return path
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if is_data_dir(folder):
            return folder
    for folder in (_PACKAGE_DIR / "_data", _PACKAGE_DIR.parents[1]):
        if is_data_dir(folder):
            return folder
    raise DataError(
        "no cartelgraph data found: run inside the repository, or give --data DIR "
        "or CARTELGRAPH_DATA=DIR (a folder holding ontology/ and graph/)"
    )


def input_files(data_dir: Path) -> list[Path]:
    """The Turtle files the store is built from, in a stable order (shapes are not data)."""
    ontology = sorted(p for p in (data_dir / "ontology").glob("*.ttl") if p.name != SHAPES_FILE.name)
    graph = sorted((data_dir / "graph").rglob("*.ttl"))
    return ontology + graph


def source_text_path(data_dir: Path, text_file: str) -> Path:
    """The stored text of a source, ``graph/<text_file>``, which must lie in ``graph/sources/``:
    a ``cg:textFile`` that points elsewhere (``/etc/passwd``, ``../x``) is refused, not read."""
    folder = (data_dir / "graph" / "sources").resolve()
    path = (data_dir / "graph" / text_file).resolve()
    if folder not in path.parents:
        raise DataError(f"cg:textFile {text_file!r} is outside graph/sources/: refused")
    return path


def read_text(path: Path, shown: str | None = None) -> str:
    """The UTF-8 text of ``path`` (a byte order mark dropped), or a :class:`DataError` naming
    the file (as ``shown``) and its first line that is not UTF-8."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataError(
            f"{shown or path}, line {first_undecodable_line(path)}: not UTF-8 text ({error.reason}); save it as UTF-8"
        ) from None


def first_undecodable_line(path: Path) -> int:
    """The number of the first line of ``path`` that is not UTF-8 (a line break is never part
    of a multi-byte character, so lines can be decoded one by one)."""
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, 1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1


UTF8_BOM = b"\xef\xbb\xbf"


@contextmanager
def turtle_input(path: Path) -> Iterator[dict]:
    """Keyword arguments giving pyoxigraph (``parse``, ``Store.bulk_load``) the Turtle of ``path``:
    the path itself, or the open file read from just after a UTF-8 byte order mark. Editors on
    Windows write one; Oxigraph and rdflib refuse it, we read past it, as for CSV."""
    with open(path, "rb") as handle:
        if handle.read(len(UTF8_BOM)) == UTF8_BOM:
            yield {"input": handle}
        else:
            yield {"path": str(path)}


def parse_turtle(path: Path) -> Iterator:
    """The quads of the Turtle file ``path`` (a byte order mark is skipped, see :func:`turtle_input`)."""
    import pyoxigraph as ox

    with turtle_input(path) as source:
        yield from ox.parse(format=ox.RdfFormat.TURTLE, **source)
