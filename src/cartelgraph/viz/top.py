"""The busiest entities of a large graph without projecting all of it: the store ranks entities
by degree (distinct entities linked to them through the derived edges it materialised) and
returns only the claims among the top ones, so a 2,000-entity page of a million-triple graph
reads a few thousand claims instead of every one.

The degree is the one :func:`cartelgraph.viz.data.node_measure` gives on the full projection
(distinct linked entities), ties broken by label then IRI as there, so the same entities are kept.
"""

from __future__ import annotations

from cartelgraph.graph import KnowledgeGraph
from cartelgraph.subgraph import edge_attributes, edges_touching, node_attributes

DEGREE_QUERY = """
SELECT ?entity (COUNT(DISTINCT ?other) AS ?degree) WHERE {
  ?relation a cg:DerivedEdge .
  { ?entity ?relation ?other } UNION { ?other ?relation ?entity }
} GROUP BY ?entity %s ORDER BY DESC(?degree) ?entity %s"""

# Entities in the network: what the projection makes a node of (a labelled cg:Entity).
COUNT_QUERY = "SELECT (COUNT(DISTINCT ?entity) AS ?n) WHERE { ?entity a cg:Entity ; rdfs:label ?label }"


def top_by_degree(graph: KnowledgeGraph, count: int) -> tuple[list[tuple[str, int]], int] | None:
    """The ``count`` entities with the most distinct linked entities, best first (ties by label
    then IRI), and how many entities the network holds; None when fewer than ``count``
    entities have a link (the whole network then fits on the page)."""
    rows = graph.select(DEGREE_QUERY % ("", f"LIMIT {count + 1}"))
    if len(rows) < count + 1:
        return None
    cut = rows[count - 1]["degree"]
    if rows[count]["degree"] == cut:  # a tie at the cut: every entity as linked as the last one competes
        rows = graph.select(DEGREE_QUERY % (f"HAVING (COUNT(DISTINCT ?other) >= {int(cut)})", ""))
    degrees = {r["entity"]: r["degree"] for r in rows}
    nodes = node_attributes(graph, list(degrees))
    ranked = sorted((iri for iri in degrees if iri in nodes), key=lambda n: (-degrees[n], nodes[n]["label"], n))
    total = graph.select(COUNT_QUERY)[0]["n"]
    return [(iri, degrees[iri]) for iri in ranked[:count]], total


def top_network(graph: KnowledgeGraph, ranked: list[tuple[str, int]]):
    """The ``networkx.MultiDiGraph`` of the ranked entities and the claims among them, with the
    node and edge attributes of :func:`cartelgraph.projection.project`."""
    import networkx as nx

    iris = [iri for iri, _ in ranked]
    multigraph = nx.MultiDiGraph()
    for iri, attrs in node_attributes(graph, iris).items():
        multigraph.add_node(iri, **attrs)
    rows = [row for row in edges_touching(graph, iris) if row["source"] in multigraph and row["target"] in multigraph]
    for edge in edge_attributes(graph, rows):
        multigraph.add_edge(edge.pop("source"), edge.pop("target"), key=edge.pop("key"), **edge)
    return multigraph
