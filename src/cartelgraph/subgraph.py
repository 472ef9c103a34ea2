"""Parts of the network read from the store for a set of entities, for answers that need
only a neighbourhood (a path, the busiest entities) rather than a projection of the whole graph.
Node and edge attributes are those of :func:`cartelgraph.projection.project`.
"""

from __future__ import annotations

from cartelgraph.graph import KnowledgeGraph
from cartelgraph.substitute import BATCH, batches, values  # noqa: F401 (BATCH: named here too)

# IRIs per VALUES block: past about 1,000, Oxigraph 0.5 switches to a plan that reads the
# whole store (17 s instead of 25 ms for 5,000 claims at 1M triples), so longer lists are split.

# Types of the chosen entities and the entity classes with their direct superclasses; the most
# specific class is picked in Python (see cartelgraph.resolve.CLASSES_QUERY for why).
NODES_QUERY = """
SELECT ?entity ?label ?type ?super WHERE {
  { %s ?entity a cg:Entity ; rdfs:label ?label ; a ?type }
  UNION { ?type rdfs:subClassOf* cg:Entity OPTIONAL { ?type rdfs:subClassOf ?super } }
}"""

# The claims from (VALUES ?source) or to (VALUES ?target) a block of entities, one row per
# derived edge, as projection.EDGES_QUERY gives them: read from the store's cg:Link nodes (every
# claim whose outcome fits the edge, established or not), so the engine starts from the entities
# rather than from every claim of a class. The other end is checked in Python (a second VALUES
# block makes Oxigraph read far more), and dates and statuses are read apart (an OPTIONAL here
# reads every date of the store).
EDGES_QUERY = """
SELECT ?claim ?claimClass ?relation ?relationLabel ?source ?target ?symmetric ?commentary WHERE {
  %s
  ?link rdf:subject ?source ; rdf:predicate ?relation ; rdf:object ?target ; cg:supportedBy ?claim .
  ?relation a cg:DerivedEdge ; cg:fromClaim ?claimClass ; cg:sourceRole ?sr ; cg:targetRole ?tr ;
            rdfs:label ?relationLabel .
  ?claim ?sr ?source ; ?tr ?target ; a ?claimClass .
  FILTER(?source != ?target && (?sr != ?tr || STR(?source) < STR(?target)))
  BIND(?sr = ?tr AS ?symmetric)
  BIND(EXISTS { ?relation a cg:CommentaryEdge } AS ?commentary)
}"""

# Dates, status and outcome of a block of claims (a second VALUES block, for the properties,
# would make Oxigraph join the two blocks first: 6 s instead of 16 ms for 1,000 claims).
CLAIM_DATES_QUERY = """
SELECT ?claim ?property ?value WHERE {
  %s ?claim ?property ?value FILTER(?property IN (cg:date, cg:startDate, cg:endDate, cg:status, cg:outcome))
}"""
# Which claims of a block establish what they state (a status their class reads as establishing).
ESTABLISHED_QUERY = """
SELECT DISTINCT ?claim WHERE {
  %s ?claim cg:status ?status ; a ?class . ?class cg:statusReading ?reading . ?reading cg:establishingStatus ?status
}"""


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


def edges_touching(graph: KnowledgeGraph, iris, *, incoming: bool = False) -> list[dict]:
    """Every derived edge (one row per claim and entity pair) from one of ``iris`` and, with
    ``incoming``, to one: rows of :data:`EDGES_QUERY` (see :func:`edge_attributes`). Both
    directions of a block come in one query: the whole pattern repeated on each side of a UNION,
    each side starting from its VALUES block."""
    rows = []
    for block in batches("source", iris):
        if not incoming:
            rows += graph.select(EDGES_QUERY % block, timeout=120.0)
            continue
        body = EDGES_QUERY.split("WHERE {", 1)[1].rsplit("}", 1)[0]
        into = block.replace("VALUES ?source", "VALUES ?target", 1)
        query = (
            EDGES_QUERY.split("WHERE {", 1)[0]
            + "WHERE {\n  { "
            + body % block
            + " }\n  UNION { "
            + body % into
            + " }\n}"
        )
        rows += graph.select(query, timeout=120.0)
    return rows


def edge_attributes(graph: KnowledgeGraph, rows: list[dict], dates: dict | None = None) -> list[dict]:
    """``rows`` of :data:`EDGES_QUERY` as edges: ``source``, ``target``, ``key`` and the
    attributes of :func:`cartelgraph.projection.project`; dates and status are read here unless
    given (``{claim: {"date": …, "startDate": …, "endDate": …, "status": …, "outcome": …,
    "established": bool}}``)."""
    if dates is None:
        dates = {}
        for block in batches("claim", {row["claim"] for row in rows}):
            for row in graph.select(CLAIM_DATES_QUERY % block):
                found = dates.setdefault(row["claim"], {})
                name = row["property"].rsplit("#", 1)[-1]
                if name not in found or str(row["value"]) < str(found[name]):
                    found[name] = row["value"]  # the least, as the projection takes it
            for row in graph.select(ESTABLISHED_QUERY % block):
                dates.setdefault(row["claim"], {})["established"] = True
    edges, seen = [], set()
    for row in sorted(rows, key=lambda r: (r["claim"], r["relation"], r["source"], r["target"])):
        key = (row["claim"], row["relation"], row["source"], row["target"])
        if key in seen:
            continue
        seen.add(key)
        when = dates.get(row["claim"], {})
        edges.append(
            {
                "source": row["source"],
                "target": row["target"],
                "key": f"{row['claim']} {row['relation']}",
                "relation": row["relation"],
                "relation_label": row["relationLabel"],
                "claim": row["claim"],
                "claim_class": row["claimClass"],
                "date": when.get("date"),
                "start_date": when.get("startDate"),
                "end_date": when.get("endDate"),
                "status": when.get("status"),
                "symmetric": bool(row.get("symmetric")),
                "outcome": when.get("outcome"),
                "established": bool(when.get("established")),
                "commentary": bool(row.get("commentary")),
            }
        )
    return edges
