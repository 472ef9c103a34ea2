"""Every entity name (labels and aliases) with its folded form, kept beside the embedded store so
that a name search reads one file instead of testing a pattern on every name in the store.

The store is immutable (its folder is named by a hash of its input files), so the index of a
store never goes stale: it is computed on the first search, kept beside the store
(``store-<hash>.names-2.marshal``, see :meth:`cartelgraph.graph.KnowledgeGraph.cached`) and read
by every later search. A remote endpoint has no index: search asks it with a regex FILTER.

At 1M triples (~120k names) reading the file and scanning the folded names takes ~40 ms, where
the store-side scan (one accent-insensitive REGEX per name) took ~0.5 s.
"""

from __future__ import annotations

import bisect
from array import array

from cartelgraph.internal_queries import query
from cartelgraph.text import fold

# The file beside the store; its number goes up whenever the file's content or
# :func:`cartelgraph.resolve.fold` changes meaning.
FILE = "names-2.marshal"

_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


class NameIndex:
    """One entry per (entity, name): the entity's IRI, whether the name is its label (else an
    alias), the name as written and its folded form (see ``fold``). Each of the three texts is
    kept as one string with the offsets where its entries start, so that reading the index does
    not make 360k strings: only the entries a search finds are cut out."""

    def __init__(
        self, entities: str, entity_starts, primary: bytes, names: str, name_starts, folded: str, folded_starts
    ):
        self._entities, self._entity_starts = entities, entity_starts
        self.primary = primary
        self._names, self._name_starts = names, name_starts
        # Folded names are separated by a newline (never in a folded name), so that a word
        # found in the text lies within one name.
        self._folded, self._folded_starts = folded, folded_starts

    @classmethod
    def of(cls, entities: list[str], primary: bytes, names: list[str], folded: list[str]) -> NameIndex:
        return cls(
            "".join(entities),
            _starts(entities, 0),
            primary,
            "".join(names),
            _starts(names, 0),
            "\n".join(folded),
            _starts(folded, 1),
        )

    def __len__(self) -> int:
        return len(self.primary)

    def entity(self, i: int) -> str:
        return self._entities[self._entity_starts[i] : self._entity_starts[i + 1]]

    def name(self, i: int) -> str:
        return self._names[self._name_starts[i] : self._name_starts[i + 1]]

    def folded(self, i: int) -> str:
        return self._folded[self._folded_starts[i] : self._folded_starts[i + 1] - 1]

    def rows(self, positions) -> list[dict]:
        """The entries at ``positions`` as rows of the names query (``entity``, ``property``,
        ``name``) with the name's ``folded`` form."""
        return [
            {
                "entity": self.entity(i),
                "property": _LABEL if self.primary[i] else "alt",
                "name": self.name(i),
                "folded": self.folded(i),
            }
            for i in positions
        ]

    def containing(self, word: str) -> list[int]:
        """Positions of the names whose folded form contains ``word`` (folded, one word), in order."""
        found: list[int] = []
        text, starts, at = self._folded, self._folded_starts, self._folded.find(word)
        while at != -1:
            i = bisect.bisect_right(starts, at) - 1
            found.append(i)
            at = text.find(word, starts[i + 1])  # the next name: one hit per name
        return found


def _starts(texts: list[str], gap: int) -> array:
    """Where each of ``texts`` starts once they are joined with ``gap`` characters between them,
    and where one more would start."""
    starts, at = array("Q", [0]), 0
    for text in texts:
        at += len(text) + gap
        starts.append(at)
    return starts


def name_index(graph) -> NameIndex:
    """The index of ``graph``'s store (an embedded graph, open or not), computed once per store
    and kept beside it (:meth:`cartelgraph.graph.KnowledgeGraph.cached`). Kept on ``graph`` for
    the rest of the task (see :meth:`cartelgraph.graph.KnowledgeGraph.run`)."""
    found = getattr(graph, "_name_index", None)
    if found is None:
        found = graph._name_index = _from_kept(graph.cached(FILE, _kept, check=_from_kept))
    return found


def _kept(graph) -> tuple:
    """The index as plain data for the file: the three texts and their offsets."""
    index = compute_index(graph)
    return (
        index._entities,
        index._entity_starts.tobytes(),
        index.primary,
        index._names,
        index._name_starts.tobytes(),
        index._folded,
        index._folded_starts.tobytes(),
    )


def _from_kept(data) -> NameIndex | None:
    """The index from what :func:`_kept` gave, or None when that is not a whole index."""
    try:
        entities, entity_starts, primary, names, name_starts, folded, folded_starts = data
        starts = [array("Q") for _ in range(3)]
        for array_, raw in zip(starts, (entity_starts, name_starts, folded_starts), strict=True):
            array_.frombytes(raw)
    except (TypeError, ValueError):
        return None
    count = len(primary) if isinstance(primary, bytes) else -1
    texts = (entities, names, folded)
    if not (
        all(isinstance(t, str) for t in texts)
        and all(len(a) == count + 1 for a in starts)
        and all(a[-1] == len(t) + gap for a, t, gap in zip(starts, texts, (0, 0, 1), strict=True))
    ):
        return None
    return NameIndex(entities, starts[0], primary, names, starts[1], folded, starts[2])


def compute_index(graph) -> NameIndex:

    rows = graph.select(query("entity-names"), timeout=None)
    rows.sort(key=lambda r: (r["entity"], r["property"] != _LABEL, r["name"]))
    return NameIndex.of(
        [r["entity"] for r in rows],
        bytes(r["property"] == _LABEL for r in rows),
        [r["name"] for r in rows],
        [fold(r["name"]) for r in rows],
    )
