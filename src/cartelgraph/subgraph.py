"""Parts of the network read from the store for a set of entities, for answers that need
only a neighbourhood (a path, the busiest entities) rather than a projection of the whole graph.
Node and edge attributes are those of :func:`cartelgraph.projection.project`.
"""

from __future__ import annotations

from cartelgraph.graph import KnowledgeGraph
from cartelgraph.internal_queries import query
from cartelgraph.substitute import filled_batches

# The queries read IRIs in VALUES blocks of at most substitute.BATCH: past about 1,000, Oxigraph
# 0.5 switches to a plan that reads the whole store (17 s instead of 25 ms for 5,000 claims at
# 1M triples), so longer lists are split.


def node_attributes(graph: KnowledgeGraph, iris: list[str]) -> dict[str, dict]:
    """``{iri: {iri, label, cls, classes}}`` as :func:`cartelgraph.projection.project` gives
    them, for those of ``iris`` that are labelled entities."""
    types: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    supers: dict[str, set[str]] = {}
    rows = [row for text in filled_batches(query("subgraph-nodes"), "entity", iris) for row in graph.select(text)]
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
    ``incoming``, to one: rows of ``edges-from.rq`` (see :func:`edge_attributes`), or of
    ``edges-from-or-to.rq``, both directions of a batch in one query."""
    if incoming:
        texts = filled_batches(query("edges-from-or-to"), ("source", "target"), iris)
    else:
        texts = filled_batches(query("edges-from"), "source", iris)
    return [row for text in texts for row in graph.select(text, timeout=120.0)]


def edge_attributes(graph: KnowledgeGraph, rows: list[dict], dates: dict | None = None) -> list[dict]:
    """``rows`` of ``edges-from.rq`` as edges: ``source``, ``target``, ``key`` and the
    attributes of :func:`cartelgraph.projection.project`; dates and status are read here unless
    given (``{claim: {"date": …, "startDate": …, "endDate": …, "status": …, "outcome": …,
    "established": bool}}``)."""
    if dates is None:
        dates = {}
        claims = {row["claim"] for row in rows}
        for text in filled_batches(query("claim-dates"), "claim", claims):
            for row in graph.select(text):
                found = dates.setdefault(row["claim"], {})
                name = row["property"].rsplit("#", 1)[-1]
                if name not in found or str(row["value"]) < str(found[name]):
                    found[name] = row["value"]  # the least, as the projection takes it
        for text in filled_batches(query("established-among"), "claim", claims):
            for row in graph.select(text):
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
