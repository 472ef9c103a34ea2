"""What the network page shows, as plain data: the projected network (filtered, focused, cut to
size), a size measure per entity, positions for large networks, and the evidence behind every
edge. :func:`page_data` returns a dict that :mod:`cartelgraph.viz.page` turns into HTML."""

from __future__ import annotations

from collections import defaultdict

from cartelgraph.errors import CartelgraphError, UnknownNameError, UsageError
from cartelgraph.graph import KnowledgeGraph, shorten
from cartelgraph.projection import CG, Filters, as_multigraph, collapse, kept
from cartelgraph.viz.evidence import page_evidence, vocabulary
from cartelgraph.viz.layout import communities, grouped_layout, ordered_subgraph
from cartelgraph.viz.links import merge_links, style_claims
from cartelgraph.viz.styles import COMMENTARY_STYLE, class_colours, local_name, status_rank, status_style

SIZE_MEASURES = ("degree", "pagerank", "betweenness")
# Above this many entities positions are computed in Python and the browser only polishes them.
PYTHON_LAYOUT_ABOVE = 250
# Above this many entities drawn the page warns: it opens in seconds rather than in one, and
# lines hide each other (measured in headless Chromium here: 2,000 entities ready in about 1.5 s,
# 3,900 in about 5 s; see docs/network-page.md).
WARN_ABOVE = 2500
# Above this many entities betweenness is estimated from a sample of source nodes.
EXACT_BETWEENNESS_UP_TO = 1000


class EmptyNetworkError(CartelgraphError):
    """The filters leave no link to draw: a page of loose dots would pass for a drawing bug, and
    a script would take it for success (exit code 1, nothing written)."""

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
    from cartelgraph.dates import check_date as check

    if value is not None:
        check(value, option)


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


def page_data(graph: KnowledgeGraph, *, focus: str | None = None, depth: int = 1, filters: Filters | None = None,
              types=None, relations=None, statuses=None, exclude_statuses=None, as_of: str | None = None,
              size_by: str = "degree", max_nodes: int | None = None, title: str | None = None,
              **filter_options) -> dict:
    """Everything the network page shows, as JSON-ready data.

    Parameters
    ----------
    graph : KnowledgeGraph
        Where to read from (embedded store or endpoint).
    focus, depth : str, int
        Keep only the entities within ``depth`` links of ``focus`` (a name, alias or IRI,
        resolved with :func:`cartelgraph.resolve.resolve`).
    filters : Filters, optional
        What to keep, as every analytic takes it (the CLI builds it from the shared filter
        options); by default everything but commentary (``cg:CommentaryEdge``).
    types, relations, statuses, exclude_statuses, as_of, **filter_options
        Instead of ``filters``: passed to :meth:`cartelgraph.projection.Filters.of` (class
        names such as ``Person``, relations such as ``colludedWith`` or ``Collusion``, statuses
        such as ``Alleged``; ``exclude_relations``, ``period``, ``include_undated``,
        ``include_commentary``).
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
    from cartelgraph.analytics.network import check_filters

    if depth < 0:
        raise UsageError(f"--depth {depth}: give 0 or more")
    if max_nodes is not None and max_nodes < 1:
        raise UsageError(f"--max-nodes {max_nodes}: give 1 or more")
    terms = vocabulary(graph)
    if filters is None:
        types, relations = _names(types), _names(relations)
        statuses, exclude_statuses = _names(statuses), _names(exclude_statuses)
        check_date(as_of)
        _check_names(types, terms["class"], "--type")
        _check_names(relations, {**terms["relation"], **terms["claim"]}, "--relation")
        _check_names(statuses, terms["status"], "--status")
        _check_names(exclude_statuses, terms["status"], "--exclude-status")
        _check_names(_names(filter_options.get("exclude_relations")), {**terms["relation"], **terms["claim"]},
                     "--exclude-relation")
        filters = Filters.of(classes=types, relations=relations, statuses=statuses,
                             exclude_statuses=exclude_statuses, as_of=as_of, **filter_options)
    elif types or relations or statuses or exclude_statuses or as_of or filter_options:
        raise UsageError("give either filters or filter keywords, not both")
    check_filters(graph, filters)
    if size_by not in SIZE_MEASURES:
        raise UsageError(f"--size-by {size_by}: choose one of {', '.join(SIZE_MEASURES)}")

    notices = _filter_notices(filters)
    # The page is cut from the projection's rows: the weighted view of all of them gives the
    # sizes, and only the claims among the entities kept become a multigraph (at a million
    # triples, building the whole multigraph cost more than the rest of the page).
    nodes, edges = kept(graph, filters)
    simple = collapse(nodes.items(), ((source, target, attrs) for (source, target, _), attrs in edges.items()))
    centre = None
    if focus is not None:
        import networkx as nx

        from cartelgraph.resolve import resolve

        centre = resolve(graph, focus)
        if centre not in nodes:
            raise UsageError(f"--focus {focus}: {shorten(centre)} is left out by the other filters")
        near = set(nx.ego_graph(simple, centre, radius=depth))
        nodes, edges = _within(nodes, edges, near)
        simple = collapse(nodes.items(), ((source, target, attrs) for (source, target, _), attrs in edges.items()))
        notices.append(f"Entities within {depth} link{'s' if depth != 1 else ''} of {nodes[centre]['label']}.")
    sizes, size_note = node_measure(simple, size_by)
    if size_note:
        notices.append(f"Sizes: {size_note}.")
    total = len(nodes)
    if max_nodes is not None and total > max_nodes:
        ranked = sorted(nodes, key=lambda n: (-sizes.get(n, 0.0), nodes[n]["label"], n))[:max_nodes]
        nodes, edges = _within(nodes, edges, set(ranked))
        simple = ordered_subgraph(simple, ranked)
        notices.append(f"Showing the {max_nodes:,} entities with the highest {size_by} out of {total:,} "
                       f"(--max-nodes {max_nodes}).")
    if not edges:
        raise EmptyNetworkError(_empty_message(nodes, filters, centre and nodes[centre]["label"]))
    multigraph = as_multigraph(nodes, edges)

    return _page(graph, multigraph, simple, sizes, size_by, focus, notices, terms, title, centre)


def _within(nodes: dict, edges: dict, keep: set) -> tuple[dict, dict]:
    """The nodes in ``keep`` and the edges between them, in their order."""
    return ({iri: attrs for iri, attrs in nodes.items() if iri in keep},
            {key: attrs for key, attrs in edges.items() if key[0] in keep and key[1] in keep})


def _page(graph, multigraph, simple, sizes, size_by, focus, notices, terms, title, centre) -> dict:
    groups = communities(simple)
    group_of = {node: i for i, group in enumerate(groups) for node in group}
    positions = grouped_layout(simple, groups) if multigraph.number_of_nodes() > PYTHON_LAYOUT_ABOVE else {}
    claims = sorted({attrs["claim"] for _, _, attrs in multigraph.edges(data=True)})
    found = graph.run(page_evidence, sorted(multigraph), claims, timeout=120.0)

    nodes = []
    for node, attrs in multigraph.nodes(data=True):
        item = {"id": node, "label": attrs["label"], "cls": attrs["cls"], "iri": shorten(node),
                "aliases": sorted(set(found["aliases"].get(node, ()))), "size": round(sizes.get(node, 0.0), 6),
                "description": found["descriptions"].get(node), "group": group_of[node]}
        if node in positions:
            item["x"], item["y"] = positions[node]
        nodes.append(item)
    edges = _edges(multigraph)
    style_claims(edges)
    links = merge_links(edges)
    readings = terms["class reading"]
    for edge in edges:  # how the claim's class reads its status, as the ontology says
        record = found["claims"].get(edge["claim"])
        edge["reading"] = readings.get(record and record.get("relationClass")) or readings.get(edge["claimClass"])
    for record in found["claims"].values():
        record.pop("relationClass", None)
        for part in record["participants"]:  # the page names its own entities once, in nodes
            if part["entity"] in multigraph:
                del part["label"]
    used_readings = {edge["reading"] for edge in edges if edge["reading"]}
    drawn = len({end for link in links for end in (link["from"], link["to"])})
    warning = None
    if drawn > WARN_ABOVE:
        warning = (f"{drawn:,} entities drawn: the page takes seconds to open and its lines hide each other; "
                   f"--max-nodes 2000 or narrower filters make it lighter")
        notices.append(warning[0].upper() + warning[1:] + ".")
    return {
        "title": title or _default_title(focus and multigraph.nodes.get(centre, {}).get("label")),
        "measure": size_by,
        "focus": centre,
        "notices": notices,
        "positioned": bool(positions),
        "warning": warning,
        "classes": _legend(nodes, "cls", terms["class"], colours=True),
        "relations": _relation_legend(edges, terms["relation"]),
        "commentaryStyle": COMMENTARY_STYLE,
        "statuses": _status_legend(edges, terms["status"], terms["comment"]),
        "statusTerms": {iri: {"label": label, "comment": terms["comment"].get(iri),
                              "colour": status_style(iri)["colour"]} for iri, label in sorted(terms["status"].items())},
        "readings": {iri: {"label": terms["reading"].get(iri, local_name(iri)), "comment": terms["comment"].get(iri),
                           "establishing": sorted(terms["establishing"].get(iri, ()))}
                     for iri in sorted(used_readings)},
        "outcomes": {iri: {"label": label, "comment": terms["comment"].get(iri)}
                     for iri, label in sorted(terms["outcome"].items())},
        "nodes": nodes,
        "edges": edges,
        "links": links,
        "claims": found["claims"],
        "sources": found["sources"],
    }


def _empty_message(nodes: dict, filters: Filters, focus_label: str | None) -> str:
    where = f"around {focus_label}" if focus_label else f"among {len(nodes):,} entities"
    chosen = _filter_notices(filters)
    because = f" ({chosen[0].removeprefix('Filtered: ').rstrip('.')})" if chosen else ""
    return (f"no link to draw: the filters leave no claim {where}{because}; nothing written. "
            "Widen the filters (--relation, --status, --period…) or add --include-commentary")


def _default_title(focus_label: str | None) -> str:
    return f"cartelgraph: around {focus_label}" if focus_label else "cartelgraph network"


def _filter_notices(filters: Filters) -> list[str]:
    parts = []
    for label, names in (("types", filters.classes), ("relations", filters.relations),
                         ("without relations", filters.exclude_relations), ("statuses", filters.statuses),
                         ("without statuses", filters.exclude_statuses)):
        if names:
            parts.append(f"{label} {', '.join(sorted(local_name(name) for name in names))}")
    undated = "undated claims kept" if filters.include_undated else "dated claims only"
    if filters.as_of:
        parts.append(f"as of {filters.as_of} ({undated})")
    if filters.period:
        parts.append(f"period {filters.period[0] or '…'}..{filters.period[1] or '…'} ({undated})")
    if filters.include_commentary:
        parts.append("commentary included")
    return [f"Filtered: {'; '.join(parts)}."] if parts else []


def _edges(multigraph) -> list[dict]:
    """One entry per claim and pair of entities (a claim with three parties gives three), in a
    fixed order; the claim's evidence is kept once, in the page's ``claims``."""
    edges = []
    for source, target, _, attrs in sorted(multigraph.edges(keys=True, data=True), key=lambda e: (e[2], e[0], e[1])):
        edges.append({
            "id": f"e{len(edges)}", "from": source, "to": target, "relation": attrs["relation"],
            "label": attrs["relation_label"],
            "claim": shorten(attrs["claim"]), "claimClass": attrs["claim_class"], "date": attrs["date"],
            "start": attrs["start_date"], "end": attrs["end_date"], "status": attrs["status"] or "",
            "outcome": attrs["outcome"], "established": bool(attrs["established"]),
            "commentary": bool(attrs["commentary"]), "symmetric": attrs["symmetric"],
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


def _relation_legend(edges: list[dict], labels: dict[str, str]) -> list[dict]:
    commentary = {edge["relation"] for edge in edges if edge["commentary"]}
    return [{**entry, "commentary": entry["id"] in commentary} for entry in _legend(edges, "relation", labels)]


def _status_legend(edges: list[dict], labels: dict[str, str], comments: dict[str, str]) -> list[dict]:
    counts: dict[str, int] = defaultdict(int)
    for edge in edges:
        counts[edge["status"]] += 1
    return [{"id": iri, "label": labels.get(iri, local_name(iri)) if iri else "status not given",
             "comment": comments.get(iri) if iri else "The source gives no status for the claim.",
             "count": counts[iri], **status_style(iri)}
            for iri in sorted(counts, key=status_rank)]
