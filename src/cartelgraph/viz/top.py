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

# Entities in the network (the projection makes a node of each labelled cg:Entity; every
# entity has a label, validate says so, and counting them without it is 10x quicker).
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?entity a cg:Entity }"


def top_by_degree(graph: KnowledgeGraph, count: int):
    """The ``count`` entities with the most distinct linked entities, best first (ties by label
    then IRI) as ``[(iri, degree)]``, their node attributes and how many entities the network
    holds; None when fewer than ``count`` entities have a link (the whole network then fits)."""
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
    return [(iri, degrees[iri]) for iri in ranked[:count]], {iri: nodes[iri] for iri in ranked[:count]}, total


def top_network(graph: KnowledgeGraph, ranked: list[tuple[str, int]], nodes: dict, read_claims):
    """The ``networkx.MultiDiGraph`` of the ranked entities (``nodes``: their attributes) and
    the claims among them, with the attributes of :func:`cartelgraph.projection.project`, and
    what ``read_claims(claims, dates)`` returns for those claims (it fills ``dates``)."""
    import networkx as nx

    multigraph = nx.MultiDiGraph()
    for iri, _ in ranked:
        multigraph.add_node(iri, **nodes[iri])
    rows = [row for row in edges_touching(graph, list(multigraph))
            if row["source"] in multigraph and row["target"] in multigraph]
    dates: dict[str, dict] = {}
    found = read_claims({row["claim"] for row in rows}, dates)
    for edge in edge_attributes(graph, rows, dates):
        multigraph.add_edge(edge.pop("source"), edge.pop("target"), key=edge.pop("key"), **edge)
    return multigraph, found
