"""Coverage counts: entities, claims and figures by class, and claims and figures by source."""

from __future__ import annotations

from cartelgraph.graph import KnowledgeGraph
from cartelgraph.internal_queries import query


def counts_by_class(graph: KnowledgeGraph) -> list[dict]:
    """One row per class with at least one member: kind (Entity, Claim, Figure, Source), class, count.
    Counts include subclasses (an Official is also counted as a Person)."""
    return graph.select(query("counts-by-class"))


def counts_by_source(graph: KnowledgeGraph) -> list[dict]:
    """Claims and figures whose evidence quotes each stored source document."""
    return graph.select(query("counts-by-source"))
