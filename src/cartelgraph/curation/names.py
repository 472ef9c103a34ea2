"""Names to IRIs for the ingest: entities (through :func:`cartelgraph.resolve.resolve`, plus
the entities a file itself creates), registered sources, and claims by IRI."""

from __future__ import annotations

from cartelgraph.errors import UnknownNameError
from cartelgraph.graph import KnowledgeGraph
from cartelgraph.internal_queries import query
from cartelgraph.resolve import _as_iri, resolve
from cartelgraph.text import fold


class CachedGraph(KnowledgeGraph):
    """A read-through cache over another graph: the same query with the same parameters is
    asked once (resolving hundreds of names would otherwise re-read every name each time)."""

    def __init__(self, graph: KnowledgeGraph):
        self.inner = graph
        self._answers: dict = {}

    def serialize(self, text, fmt, params=None, timeout=30.0) -> bytes:
        key = (text, fmt, tuple(sorted((k, str(v)) for k, v in (params or {}).items())))
        if key not in self._answers:
            self._answers[key] = self.inner.serialize(text, fmt, params, timeout)
        return self._answers[key]


class Names:
    """Resolves the cells of one ingest against the graph and the file's own new entities."""

    def __init__(self, graph: KnowledgeGraph):
        self.graph = CachedGraph(graph)
        self.new_entities: dict[str, str] = {}  # folded name -> IRI of an entity the file creates
        self.entities = {row["e"] for row in self.graph.select(query("entities"))}
        self.sources = {}
        self.texts: dict[str, str | None] = {}
        for row in self.graph.select(query("sources")):
            self.texts[row["source"]] = row.get("textFile")
            for name in (row["source"], row.get("label"), row.get("title")):
                if name:
                    self.sources[fold(name)] = row["source"]

    def entity(self, name: str) -> str:
        """The IRI of the entity ``name`` designates; raises the resolver's error otherwise."""
        iri = _as_iri(name)
        if iri is not None and (iri in self.entities or iri in self.new_entities.values()):
            return iri
        created = self.new_entities.get(fold(name))
        if created:
            return created
        return resolve(self.graph, name)  # an IRI the store cannot parse is the resolver's usage error

    def source(self, name: str) -> str:
        iri = _as_iri(name)
        found = iri if iri in self.texts else self.sources.get(fold(name))
        if found is None:
            known = ", ".join(sorted(_short(s) for s in self.texts)[:8])
            raise UnknownNameError(
                f"no registered source {name!r} (register it with `cartelgraph add-source`; known: {known})"
            )
        return found


def _short(iri: str) -> str:
    from cartelgraph.graph import shorten

    return shorten(iri)
