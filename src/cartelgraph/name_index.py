"""Every entity name (labels and aliases) with its folded form, kept beside the embedded store so
that a name search reads one file instead of testing a pattern on every name in the store.

The store is immutable (its folder is named by a hash of its input files), so the index of a
store never goes stale: it is computed on the first search, written atomically next to the store
(``names-<hash>.idx`` in the same cache folder), and read by every later search. A missing,
unreadable or foreign file is computed again; a cache folder that cannot be written only costs
computing it again next time. A remote endpoint has no index: search asks it with a FILTER.

At 1M triples (~120k names) reading the file and scanning the folded names takes ~40 ms, where
the store-side scan (one accent-insensitive REGEX per name) took ~0.5 s.
"""

from __future__ import annotations

import marshal
import os
import tempfile
from pathlib import Path

# Bumped whenever the file's content or :func:`cartelgraph.resolve.fold` changes meaning.
VERSION = 1
PREFIX = "names-"
SUFFIX = ".idx"

NAMES_QUERY = """
SELECT ?entity ?property ?name WHERE {
  VALUES ?property { rdfs:label skos:altLabel }
  ?entity ?property ?name .
  ?entity a cg:Entity .
}"""

_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


class NameIndex:
    """Parallel lists, one entry per (entity, name): ``entities`` (IRIs), ``primary`` (bytes: 1
    for a label, 0 for an alias), ``names`` (as written) and ``folded`` (see ``fold``)."""

    def __init__(self, entities: list[str], primary: bytes, names: list[str], folded: list[str]):
        self.entities, self.primary, self.names, self.folded = entities, primary, names, folded

    def __len__(self) -> int:
        return len(self.names)

    def rows(self, positions) -> list[dict]:
        """The entries at ``positions`` as rows of the names query (``entity``, ``property``,
        ``name``) with the name's ``folded`` form."""
        return [{"entity": self.entities[i], "property": _LABEL if self.primary[i] else "alt", "name": self.names[i],
                 "folded": self.folded[i]} for i in positions]

    def containing(self, word: str) -> list[int]:
        """Positions of the names whose folded form contains ``word`` (folded)."""
        return [i for i, text in enumerate(self.folded) if word in text]


def index_path(store_path: Path) -> Path:
    """``<cache folder>/names-<hash>.idx`` for the store ``<cache folder>/store-<hash>``."""
    return store_path.parent / f"{PREFIX}{store_path.name.removeprefix('store-')}{SUFFIX}"


def name_index(graph) -> NameIndex:
    """The index of ``graph``'s store (an embedded graph, open or not): read from its file, or
    computed from the store (and written) when the file is missing or cannot be read. Kept on
    ``graph`` for the rest of the task (see :meth:`cartelgraph.graph.KnowledgeGraph.run`)."""
    found = getattr(graph, "_name_index", None)
    if found is not None:
        return found
    path = index_path(Path(graph.store_path))
    found = read_index(path)
    if found is None:
        found = compute_index(graph)
        write_index(path, found)
    graph._name_index = found
    return found


def read_index(path: Path) -> NameIndex | None:
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(data, tuple) and len(data) == 5 and data[0] == VERSION):
        return None
    _, entities, primary, names, folded = data
    if not (isinstance(primary, bytes) and len(entities) == len(primary) == len(names) == len(folded)):
        return None
    return NameIndex(entities, primary, names, folded)


def compute_index(graph) -> NameIndex:
    from cartelgraph.resolve import fold

    rows = graph.select(NAMES_QUERY, timeout=None)
    rows.sort(key=lambda r: (r["entity"], r["property"] != _LABEL, r["name"]))
    return NameIndex([r["entity"] for r in rows], bytes(r["property"] == _LABEL for r in rows),
                     [r["name"] for r in rows], [fold(r["name"]) for r in rows])


def write_index(path: Path, index: NameIndex) -> None:
    replace_file(path, marshal.dumps((VERSION, index.entities, index.primary, index.names, index.folded)),
                 PREFIX, SUFFIX)


def replace_file(path: Path, data: bytes, prefix: str, suffix: str) -> None:
    """Write ``data`` to ``path`` (``<prefix><store hash><suffix>`` beside a store) whole or not
    at all, and remove the files of that kind whose store is gone (pruned); a folder that cannot
    be written is left alone."""
    try:
        handle, name = tempfile.mkstemp(prefix=f"{prefix}tmp-", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(name, path)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
        for other in path.parent.glob(f"{prefix}*{suffix}"):
            store = other.parent / f"store-{other.name[len(prefix):-len(suffix)]}"
            if other != path and not other.name.startswith(f"{prefix}tmp-") and not store.exists():
                other.unlink(missing_ok=True)
    except OSError:
        pass
