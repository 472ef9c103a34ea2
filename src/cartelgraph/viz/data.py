"""What the network page shows, as plain data: the projected network (filtered, focused, cut to
size), a size measure per entity, positions for large networks, and the evidence behind every
edge. :func:`page_data` returns a dict that :mod:`cartelgraph.viz.page` turns into HTML."""

from __future__ import annotations

import re
from collections import defaultdict

from cartelgraph.errors import UnknownNameError, UsageError
from cartelgraph.graph import KnowledgeGraph, shorten
from cartelgraph.projection import CG, Filters, project, weighted
from cartelgraph.viz.layout import layout_positions
from cartelgraph.viz.styles import class_colours, local_name, status_rank, status_style

SIZE_MEASURES = ("degree", "pagerank", "betweenness")
# Above this many entities positions are computed in Python and the browser only polishes them.
PYTHON_LAYOUT_ABOVE = 250
# Above this many entities betweenness is estimated from a sample of source nodes.
EXACT_BETWEENNESS_UP_TO = 1000

VOCABULARY_QUERY = """
SELECT ?term ?kind ?label WHERE {
  { ?term rdfs:subClassOf* cg:Entity BIND("class" AS ?kind) }
  UNION { ?term a cg:Status BIND("status" AS ?kind) }
  UNION { ?term a cg:DerivedEdge BIND("relation" AS ?kind) }
  UNION { ?term rdfs:subClassOf+ cg:Claim BIND("claim" AS ?kind) }
  ?term rdfs:label ?label .
}"""

ALIASES_QUERY = "SELECT ?entity ?alias WHERE { ?entity a cg:Entity ; skos:altLabel ?alias }"

# One query for the whole page: every claim's quotes with their sources, who asserts it and
# whether its date is inferred. Claims outside the page are dropped in Python, so no IRI is
# ever pasted into query text.
EVIDENCE_QUERY = """
SELECT ?claim ?evidence ?quote ?source ?sourceLabel ?sourceTitle ?inferred ?assertedBy WHERE {
  ?claim a cg:Claim .
  { ?claim cg:quote ?quote BIND(?claim AS ?evidence) OPTIONAL { ?claim cg:source ?source } }
  UNION
  { ?claim cg:evidence ?evidence . ?evidence cg:quote ?quote OPTIONAL { ?evidence cg:source ?source } }
  OPTIONAL { ?source rdfs:label ?sourceLabel }
  OPTIONAL { ?source cg:title ?sourceTitle }
  OPTIONAL { ?claim cg:dateInferred ?inferred }
  OPTIONAL { ?claim cg:assertedBy ?asserter . ?asserter rdfs:label ?assertedBy }
}"""

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def node_measure(simple, by: str = "degree") -> tuple[dict[str, float], str | None]:
    """Size of each entity in the weighted view, and a note when the value is an estimate.

    ``degree``: how many distinct entities it is linked to; ``pagerank``: PageRank with claims
    per pair as weights; ``betweenness``: shortest-path betweenness with ``distance`` as edge
    length (estimated from a sample of sources above ``EXACT_BETWEENNESS_UP_TO`` entities).
    Kept in one function so the analytics module can replace it.
    """
    import networkx as nx

    if by not in SIZE_MEASURES:
        raise UsageError(f"--size-by {by}: choose one of {', '.join(SIZE_MEASURES)}")
    if simple.number_of_nodes() == 0:
        return {}, None
    if by == "degree":
        return {n: float(d) for n, d in simple.degree()}, None
    if by == "pagerank":
        return nx.pagerank(simple, weight="weight"), None
    n = simple.number_of_nodes()
    if n > EXACT_BETWEENNESS_UP_TO:
        sample = EXACT_BETWEENNESS_UP_TO // 2
        values = nx.betweenness_centrality(simple, k=sample, weight="distance", seed=1)
        return values, f"betweenness estimated from {sample} sampled entities"
    return nx.betweenness_centrality(simple, weight="distance"), None


def check_date(value: str | None, option: str = "--as-of") -> None:
    if value is not None and not _DATE.match(value):
        raise UsageError(f"{option} {value!r}: give a date as YYYY, YYYY-MM or YYYY-MM-DD")


def vocabulary(graph: KnowledgeGraph) -> dict[str, dict[str, str]]:
    """Labels of the ontology's terms by kind: ``{"class": {iri: label}, "status": …}``."""
    terms: dict[str, dict[str, str]] = defaultdict(dict)
    for row in graph.select(VOCABULARY_QUERY):
        terms[row["kind"]].setdefault(row["term"], row["label"])
    return terms


def _check_names(names, known: dict[str, str], option: str) -> None:
    """Raise a clear error for a class, relation or status name the ontology does not define."""
    import difflib

    by_name = {local_name(iri): iri for iri in known}
    for name in names or ():
        iri = name if "://" in name else CG + name.removeprefix("cg:")
        if iri not in known:
            close = difflib.get_close_matches(local_name(iri), by_name, n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(sorted(by_name))}"
            raise UnknownNameError(f"{option} {name}: not in the ontology{hint}")


def _names(values) -> list[str] | None:
    """Accept repeated options and comma-separated lists alike."""
    if not values:
        return None
    if isinstance(values, str):
        values = [values]
    return [part.strip() for value in values for part in value.split(",") if part.strip()] or None


def page_data(graph: KnowledgeGraph, *, focus: str | None = None, depth: int = 1, types=None, relations=None,
              statuses=None, exclude_statuses=None, as_of: str | None = None, size_by: str = "degree",
              max_nodes: int | None = None, title: str | None = None) -> dict:
    """Everything the network page shows, as JSON-ready data.

    Parameters
    ----------
    graph : KnowledgeGraph
        Where to read from (embedded store or endpoint).
    focus, depth : str, int
        Keep only the entities within ``depth`` links of ``focus`` (a name, alias or IRI,
        resolved with :func:`cartelgraph.resolve.resolve`).
    types, relations, statuses, exclude_statuses, as_of
        Passed to :class:`cartelgraph.projection.Filters` (class names such as ``Person``,
        relations such as ``colludedWith`` or ``Collusion``, statuses such as ``Alleged``).
    size_by : {"degree", "pagerank", "betweenness"}
        The measure that sizes the entities (and picks which to keep under ``max_nodes``).
    max_nodes : int, optional
        Keep only this many entities, the highest by ``size_by``; the page says so.
    title : str, optional
        The page's title.

    Returns
    -------
    dict
        ``nodes``, ``edges`` (each with its evidence), ``classes``, ``relations``, ``statuses``
        (with colours and line styles for the legends), ``notices`` and settings.
    """
    types, relations = _names(types), _names(relations)
    statuses, exclude_statuses = _names(statuses), _names(exclude_statuses)
    check_date(as_of)
    if depth < 0:
        raise UsageError(f"--depth {depth}: give 0 or more")
    if max_nodes is not None and max_nodes < 1:
        raise UsageError(f"--max-nodes {max_nodes}: give 1 or more")
    terms = vocabulary(graph)
    _check_names(types, terms["class"], "--type")
    _check_names(relations, {**terms["relation"], **terms["claim"]}, "--relation")
    _check_names(statuses, terms["status"], "--status")
    _check_names(exclude_statuses, terms["status"], "--exclude-status")
    if size_by not in SIZE_MEASURES:
        raise UsageError(f"--size-by {size_by}: choose one of {', '.join(SIZE_MEASURES)}")

    filters = Filters.of(classes=types, relations=relations, statuses=statuses,
                         exclude_statuses=exclude_statuses, as_of=as_of)
    multigraph = project(graph, filters)
    notices = _filter_notices(types, relations, statuses, exclude_statuses, as_of)

    if focus is not None:
        import networkx as nx

        from cartelgraph.resolve import resolve

        centre = resolve(graph, focus)
        if centre not in multigraph:
            raise UsageError(f"--focus {focus}: {shorten(centre)} is left out by the other filters")
        keep = nx.ego_graph(weighted(multigraph), centre, radius=depth)
        multigraph = multigraph.subgraph(keep).copy()
        notices.append(f"Entities within {depth} link{'s' if depth != 1 else ''} of "
                       f"{multigraph.nodes[centre]['label']}.")
    simple = weighted(multigraph)
    sizes, size_note = node_measure(simple, size_by)
    if size_note:
        notices.append(f"Sizes: {size_note}.")
    total = multigraph.number_of_nodes()
    if max_nodes is not None and total > max_nodes:
        ranked = sorted(multigraph, key=lambda n: (-sizes.get(n, 0.0), multigraph.nodes[n]["label"], n))
        multigraph = multigraph.subgraph(ranked[:max_nodes]).copy()
        simple = simple.subgraph(ranked[:max_nodes]).copy()
        notices.append(f"Showing the {max_nodes:,} entities with the highest {size_by} out of {total:,} "
                       f"(--max-nodes {max_nodes}).")

    positions = layout_positions(simple) if multigraph.number_of_nodes() > PYTHON_LAYOUT_ABOVE else {}
    aliases = defaultdict(list)
    for row in graph.select(ALIASES_QUERY):
        if row["entity"] in multigraph:
            aliases[row["entity"]].append(row["alias"])
    claims = {attrs["claim"] for _, _, attrs in multigraph.edges(data=True)}
    evidence = _evidence(graph, claims)

    nodes = []
    for node, attrs in multigraph.nodes(data=True):
        item = {"id": node, "label": attrs["label"], "cls": attrs["cls"], "iri": shorten(node),
                "aliases": sorted(set(aliases.get(node, ()))), "size": round(sizes.get(node, 0.0), 6)}
        if node in positions:
            item["x"], item["y"] = positions[node]
        nodes.append(item)
    edges = _edges(multigraph, evidence)
    return {
        "title": title or _default_title(focus and multigraph.nodes.get(centre, {}).get("label")),
        "measure": size_by,
        "focus": centre if focus is not None else None,
        "notices": notices,
        "positioned": bool(positions),
        "classes": _legend(nodes, "cls", terms["class"], colours=True),
        "relations": _legend(edges, "relation", terms["relation"]),
        "statuses": _status_legend(edges, terms["status"]),
        "nodes": nodes,
        "edges": edges,
    }


def _default_title(focus_label: str | None) -> str:
    return f"cartelgraph: around {focus_label}" if focus_label else "cartelgraph network"


def _filter_notices(types, relations, statuses, exclude_statuses, as_of) -> list[str]:
    parts = []
    for label, names in (("types", types), ("relations", relations), ("statuses", statuses),
                         ("without statuses", exclude_statuses)):
        if names:
            parts.append(f"{label} {', '.join(names)}")
    if as_of:
        parts.append(f"as of {as_of} (undated claims kept)")
    return [f"Filtered: {'; '.join(parts)}."] if parts else []


def _evidence(graph: KnowledgeGraph, claims: set[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for row in graph.select(EVIDENCE_QUERY):
        claim = row["claim"]
        if claim not in claims:
            continue
        entry = found.setdefault(claim, {"evidence": [], "assertedBy": [], "dateInferred": False})
        item = {"quote": row["quote"], "source": shorten(row["source"]) if row.get("source") else None,
                "sourceTitle": row.get("sourceTitle") or row.get("sourceLabel")}
        if item not in entry["evidence"]:
            entry["evidence"].append(item)
        if row.get("assertedBy") and row["assertedBy"] not in entry["assertedBy"]:
            entry["assertedBy"].append(row["assertedBy"])
        entry["dateInferred"] = entry["dateInferred"] or bool(row.get("inferred"))
    return found


def _edges(multigraph, evidence: dict[str, dict]) -> list[dict]:
    edges, parallel = [], defaultdict(int)
    # A claim with three parties gives three edges with the same key, so the page numbers them.
    for source, target, _, attrs in sorted(multigraph.edges(keys=True, data=True), key=lambda e: (e[2], e[0], e[1])):
        pair = tuple(sorted((source, target)))
        parallel[pair] += 1
        found = evidence.get(attrs["claim"], {"evidence": [], "assertedBy": [], "dateInferred": False})
        edges.append({
            "id": f"e{len(edges)}", "from": source, "to": target, "relation": attrs["relation"],
            "label": attrs["relation_label"],
            "claim": shorten(attrs["claim"]), "claimClass": attrs["claim_class"], "date": attrs["date"],
            "start": attrs["start_date"], "end": attrs["end_date"], "status": attrs["status"] or "",
            "symmetric": attrs["symmetric"], "curve": parallel[pair] - 1, **found,
        })
    return edges


def _legend(items: list[dict], field: str, labels: dict[str, str], colours: bool = False) -> list[dict]:
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[item[field]] += 1
    ordered = sorted(counts, key=lambda iri: (-counts[iri], labels.get(iri, local_name(iri))))
    palette = class_colours(ordered) if colours else {}
    legend = []
    for iri in ordered:
        entry = {"id": iri, "label": labels.get(iri, local_name(iri)), "count": counts[iri]}
        if colours:
            entry["colour"] = palette[iri]
        legend.append(entry)
    return legend


def _status_legend(edges: list[dict], labels: dict[str, str]) -> list[dict]:
    counts: dict[str, int] = defaultdict(int)
    for edge in edges:
        counts[edge["status"]] += 1
    return [{"id": iri, "label": labels.get(iri, local_name(iri)) if iri else "status not given",
             "count": counts[iri], **status_style(iri)}
            for iri in sorted(counts, key=status_rank)]
