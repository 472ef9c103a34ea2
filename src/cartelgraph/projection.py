"""Claims projected to networkx, driven by the ontology's cg:DerivedEdge declarations.

Only entities become nodes (never literals or classes); each claim gives one edge per
(source-role entity, target-role entity) pair, carrying the relation, the claim IRI, its class,
date and status. There is no per-class code: a new claim class with a derived edge in the
ontology shows up here by itself.
"""

from __future__ import annotations

from cartelgraph.graph import KnowledgeGraph

EDGES_QUERY = """
SELECT ?claim ?claimClass ?relation ?relationLabel ?source ?target ?symmetric ?date ?startDate ?endDate ?status
WHERE {
  ?relation a cg:DerivedEdge ; cg:fromClaim ?claimClass ; cg:sourceRole ?sr ; cg:targetRole ?tr ;
            rdfs:label ?relationLabel .
  BIND(?sr = ?tr AS ?symmetric)
  ?claim a ?claimClass ; ?sr ?source ; ?tr ?target .
  FILTER(?source != ?target && (?sr != ?tr || STR(?source) < STR(?target)))
  OPTIONAL { ?claim cg:date ?date }
  OPTIONAL { ?claim cg:startDate ?startDate }
  OPTIONAL { ?claim cg:endDate ?endDate }
  OPTIONAL { ?claim cg:status ?status }
}"""

NODES_QUERY = """
SELECT ?entity ?label ?class WHERE {
  ?entity a cg:Entity ; rdfs:label ?label ; a ?class .
  ?class rdfs:subClassOf* cg:Entity .
  FILTER NOT EXISTS { ?entity a ?sub . ?sub rdfs:subClassOf ?class . FILTER(?sub != ?class) }
}"""


def project(graph: KnowledgeGraph, *, timeout: float | None = 120.0):
    """A ``networkx.MultiDiGraph``: entity nodes (``iri``, ``label``, ``cls``) and one edge per
    claim and participant pair (``relation``, ``relation_label``, ``claim``, ``claim_class``,
    ``date``, ``start_date``, ``end_date``, ``status``, ``symmetric``), keyed by claim IRI."""
    import networkx as nx

    multigraph = nx.MultiDiGraph()
    for row in graph.select(NODES_QUERY, timeout=timeout):
        multigraph.add_node(row["entity"], iri=row["entity"], label=row["label"], cls=row["class"])
    for row in graph.select(EDGES_QUERY, timeout=timeout):
        source, target = row["source"], row["target"]
        if source not in multigraph or target not in multigraph:
            continue  # a participant that is not a labelled entity is reported by validate
        multigraph.add_edge(
            source, target, key=f"{row['claim']} {row['relation']}",
            relation=row["relation"], relation_label=row["relationLabel"], claim=row["claim"],
            claim_class=row["claimClass"], date=row.get("date"), start_date=row.get("startDate"),
            end_date=row.get("endDate"), status=row.get("status"), symmetric=bool(row.get("symmetric")),
        )
    return multigraph
