"""The busiest entities of a large graph without projecting all of it: the store ranks entities
by degree (distinct entities linked to them through the derived edges it materialised) and
returns only the claims among the top ones, so a 2,000-entity page of a million-triple graph
reads a few thousand claims instead of every one.

The degree is the one :func:`cartelgraph.viz.data.node_measure` gives on the full projection
(distinct linked entities), ties broken by label then IRI as there, so the same entities are kept.
"""

from __future__ import annotations

from cartelgraph.graph import KnowledgeGraph
from cartelgraph.viz.batches import batches

DEGREE_QUERY = """
SELECT ?entity (COUNT(DISTINCT ?other) AS ?degree) WHERE {
  ?relation a cg:DerivedEdge .
  { ?entity ?relation ?other } UNION { ?other ?relation ?entity }
} GROUP BY ?entity %s ORDER BY DESC(?degree) ?entity %s"""

# Entities in the network: what the projection makes a node of (a labelled cg:Entity).
COUNT_QUERY = "SELECT (COUNT(DISTINCT ?entity) AS ?n) WHERE { ?entity a cg:Entity ; rdfs:label ?label }"

# Types of the chosen entities and the entity classes with their direct superclasses; the most
# specific class is picked in Python (see cartelgraph.resolve.CLASSES_QUERY for why).
NODES_QUERY = """
SELECT ?entity ?label ?type ?super WHERE {
  { %s ?entity a cg:Entity ; rdfs:label ?label ; a ?type }
  UNION { ?type rdfs:subClassOf* cg:Entity OPTIONAL { ?type rdfs:subClassOf ?super } }
}"""

# The claims from a block of the chosen entities, one row per derived edge, as
# projection.EDGES_QUERY gives them; the materialised direct edge is looked up first, so the
# engine starts from the entities rather than from every claim of a class. Targets outside the
# page are dropped in Python (a second VALUES block for them makes Oxigraph read far more), and
# dates and statuses come with the evidence (an OPTIONAL here reads every date of the store).
EDGES_QUERY = """
SELECT ?claim ?claimClass ?relation ?relationLabel ?source ?target ?symmetric WHERE {
  %s
  ?source ?relation ?target .
  ?relation a cg:DerivedEdge ; cg:fromClaim ?claimClass ; cg:sourceRole ?sr ; cg:targetRole ?tr ;
            rdfs:label ?relationLabel .
  ?claim ?sr ?source ; ?tr ?target ; a ?claimClass .
  FILTER(?source != ?target && (?sr != ?tr || STR(?source) < STR(?target)))
  BIND(?sr = ?tr AS ?symmetric)
}"""

# Dates and status of a block of claims (a second VALUES block, for the properties, would make
# Oxigraph join the two blocks first: 6 s instead of 16 ms for 1,000 claims).
CLAIM_DATES_QUERY = """
SELECT ?claim ?property ?value WHERE {
  %s ?claim ?property ?value FILTER(?property IN (cg:date, cg:startDate, cg:endDate, cg:status))
}"""


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


def node_attributes(graph: KnowledgeGraph, iris: list[str]) -> dict[str, dict]:
    """``{iri: {iri, label, cls, classes}}`` as :func:`cartelgraph.projection.project` gives
    them, for those of ``iris`` that are labelled entities."""
    types: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    supers: dict[str, set[str]] = {}
    rows = [row for block in batches("entity", iris) for row in graph.select(NODES_QUERY % block)]
    for row in rows:
        if row.get("entity"):
            types.setdefault(row["entity"], set()).add(row["type"])
            labels[row["entity"]] = min(labels.get(row["entity"], row["label"]), row["label"])
        else:
            supers.setdefault(row["type"], set()).update([row["super"]] if row.get("super") else [])
    nodes = {}
    for iri, kinds in types.items():
        entity_kinds = sorted(k for k in kinds if k in supers)
        specific = [k for k in entity_kinds if not any(k in supers.get(o, ()) for o in kinds if o != k)]
        if specific:
            nodes[iri] = {"iri": iri, "label": labels[iri], "cls": specific[0], "classes": tuple(entity_kinds)}
    return nodes


def top_network(graph: KnowledgeGraph, ranked: list[tuple[str, int]]):
    """The ``networkx.MultiDiGraph`` of the ranked entities and the claims among them, with the
    node and edge attributes of :func:`cartelgraph.projection.project`."""
    import networkx as nx

    iris = [iri for iri, _ in ranked]
    multigraph = nx.MultiDiGraph()
    for iri, attrs in node_attributes(graph, iris).items():
        multigraph.add_node(iri, **attrs)
    rows = [row for block in batches("source", iris) for row in graph.select(EDGES_QUERY % block, timeout=120.0)]
    rows = [row for row in rows if row["source"] in multigraph and row["target"] in multigraph]
    dates: dict[str, dict] = {}
    for block in batches("claim", {row["claim"] for row in rows}):
        for row in graph.select(CLAIM_DATES_QUERY % block):
            dates.setdefault(row["claim"], {}).setdefault(row["property"].rsplit("#", 1)[-1], row["value"])
    for row in sorted(rows, key=lambda r: (r["claim"], r["relation"], r["source"], r["target"])):
        when = dates.get(row["claim"], {})
        multigraph.add_edge(row["source"], row["target"], key=f"{row['claim']} {row['relation']}",
                            relation=row["relation"], relation_label=row["relationLabel"], claim=row["claim"],
                            claim_class=row["claimClass"], date=when.get("date"), start_date=when.get("startDate"),
                            end_date=when.get("endDate"), status=when.get("status"),
                            symmetric=bool(row.get("symmetric")))
    return multigraph
