"""Coverage counts: entities, claims and figures by class, and claims and figures by source."""

from __future__ import annotations

from cartelgraph.graph import KnowledgeGraph

BY_CLASS = """
SELECT ?kind ?class ?label (COUNT(DISTINCT ?x) AS ?count) WHERE {
  VALUES ?top { cg:Entity cg:Claim cg:Figure cg:Source }
  ?class rdfs:subClassOf* ?top ; rdfs:label ?label .
  ?x a ?class .
  BIND(STRAFTER(STR(?top), "#") AS ?kind)
} GROUP BY ?kind ?class ?label ORDER BY ?kind DESC(?count) ?label"""

BY_SOURCE = """
SELECT ?source ?title (COUNT(DISTINCT ?claim) AS ?claims) (COUNT(DISTINCT ?figure) AS ?figures) WHERE {
  ?source a cg:Source ; cg:textFile ?file ; rdfs:label ?title .
  # One branch per kind, and an empty one so that a source backing nothing still has its row.
  # (Two OPTIONALs, or one OPTIONAL with a BIND per kind, lost figures on Virtuoso.)
  { ?claim a cg:Claim ; cg:source|cg:evidence/cg:source ?source }
  UNION { ?figure a cg:Figure ; cg:source|cg:evidence/cg:source ?source }
  UNION {}
} GROUP BY ?source ?title ?file ORDER BY ?file"""


def counts_by_class(graph: KnowledgeGraph) -> list[dict]:
    """One row per class with at least one member: kind (Entity, Claim, Figure, Source), class, count.
    Counts include subclasses (an Official is also counted as a Person)."""
    return graph.select(BY_CLASS)


def counts_by_source(graph: KnowledgeGraph) -> list[dict]:
    """Claims and figures whose evidence quotes each stored source document."""
    return graph.select(BY_SOURCE)
