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


def edges_touching(graph: KnowledgeGraph, iris, *, incoming: bool = False, rules: dict | None = None) -> list[dict]:
    """Every derived edge (one row per claim and entity pair) from one of ``iris`` and, with
    ``incoming``, to one, as :func:`edge_attributes` reads them: ``claim``, ``relation``,
    ``source``, ``target``, ``claimClass``, ``relationLabel``, ``symmetric``, ``commentary``.

    The store's cg:Link nodes give the edges (``links-from.rq``, ``links-from-or-to.rq``), and
    the ontology's rule of each relation (``edge-declarations.rq``) the rest: a symmetric
    relation is kept once per pair, its source before its target. ``rules``: :func:`edge_rules`,
    read here when not given (a caller that reads edges again and again reads them once)."""
    if incoming:
        texts = filled_batches(query("links-from-or-to"), ("source", "target"), iris)
    else:
        texts = filled_batches(query("links-from"), "source", iris)
    links = [row for text in texts for row in graph.select(text, timeout=120.0) if row["source"] != row["target"]]
    if rules is None:
        rules = edge_rules(graph)
    classes = _classes_where_needed(graph, links, rules)
    rows = []
    for link in links:
        several = len(rules.get(link["relation"], ())) > 1
        for rule in rules.get(link["relation"], ()):
            if several and rule["claimClass"] not in classes.get(link["claim"], ()):
                continue  # a relation of several rules: the rule of this claim's class
            if rule["symmetric"] and not link["source"] < link["target"]:
                continue
            rows.append({**link, **{k: rule[k] for k in ("claimClass", "relationLabel", "symmetric", "commentary")}})
    return rows


def edge_rules(graph: KnowledgeGraph) -> dict[str, list[dict]]:
    """The ontology's rules of the derived edges by relation: ``{relation: [{claimClass,
    relationLabel, symmetric, commentary}]}``, one per claim class and roles (the least label
    where a relation has several)."""
    found: dict[tuple, dict] = {}
    for row in graph.select(query("edge-declarations")):
        key = (row["relation"], row["claimClass"], row["sr"], row["tr"])
        label = min(found[key]["relationLabel"], row["relationLabel"]) if key in found else row["relationLabel"]
        found[key] = {
            "claimClass": row["claimClass"],
            "relationLabel": label,
            "symmetric": row["sr"] == row["tr"],
            "commentary": bool(row["commentary"]),
        }
    rules: dict[str, list[dict]] = {}
    for (relation, *_), rule in sorted(found.items()):
        rules.setdefault(relation, []).append(rule)
    return rules


def _classes_where_needed(graph: KnowledgeGraph, links: list[dict], rules: dict) -> dict[str, set[str]]:
    """``{claim: {class}}`` for the claims of links whose relation several rules derive (each
    from its own claim class); the one rule of a relation needs no look-up."""
    claims = {link["claim"] for link in links if len(rules.get(link["relation"], ())) > 1}
    classes: dict[str, set[str]] = {}
    for text in filled_batches(query("classes-of-claims"), "claim", claims):
        for row in graph.select(text):
            classes.setdefault(row["claim"], set()).add(row["claimClass"])
    return classes


def edge_attributes(graph: KnowledgeGraph, rows: list[dict], dates: dict | None = None) -> list[dict]:
    """``rows`` of :func:`edges_touching` as edges: ``source``, ``target``, ``key`` and the
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
