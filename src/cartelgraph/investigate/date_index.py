"""The dated claims in timeline order, kept beside the embedded store, so that a page of the whole
graph's timeline does not make the store compute and sort the dates of every claim (2 s at a
million triples for the first 200 claims of one year).

The rows are what :data:`cartelgraph.investigate.timeline.DATED_PAGE` gives without a period:
``(first, last, claim)`` (the first and last day a claim's dates cover, as text), distinct, in its
order; and the undated claims in IRI order. The store computes them once (the same query, so the
same arithmetic), and they are written atomically to ``dates-<hash>.idx`` in the store's cache
folder, like :mod:`cartelgraph.name_index`: a missing or unreadable file is computed again.
"""

from __future__ import annotations

import marshal
from pathlib import Path

from cartelgraph.name_index import replace_file

VERSION = 1
PREFIX = "dates-"
SUFFIX = ".idx"


def index_path(store_path: Path) -> Path:
    return store_path.parent / f"{PREFIX}{store_path.name.removeprefix('store-')}{SUFFIX}"


def date_index(graph) -> tuple[list[tuple[str, str, str]], list[str]]:
    """``(dated, undated)`` for ``graph``'s store: ``dated`` rows ``(first, last, claim)`` in
    timeline order, ``undated`` claim IRIs in order."""
    path = index_path(Path(graph.store_path))
    found = read_index(path)
    if found is None:
        found = compute_index(graph)
        replace_file(path, marshal.dumps((VERSION, *found)), PREFIX, SUFFIX)
    return found


def read_index(path: Path):
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(data, tuple) and len(data) == 3 and data[0] == VERSION
            and isinstance(data[1], list) and isinstance(data[2], list)):
        return None
    return data[1], data[2]


def compute_index(graph) -> tuple[list, list]:
    from cartelgraph.investigate.timeline import DATED_PAGE, UNDATED_PAGE

    dated = [(r["first"], r["last"], r["claim"]) for r in graph.select(DATED_PAGE % ("", "", ""), timeout=None)]
    undated = [r["claim"] for r in graph.select(UNDATED_PAGE % "", timeout=None)]
    return dated, undated
