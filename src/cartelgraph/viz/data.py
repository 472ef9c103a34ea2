"""What the network page shows, as plain data: the projected network (filtered, focused, cut to
size), a size measure per entity, positions for large networks, and the evidence behind every
edge. :func:`page_data` returns a dict that :mod:`cartelgraph.viz.page` turns into HTML."""

from __future__ import annotations

from cartelgraph.analytics.network import check_filters
from cartelgraph.domain import domain
from cartelgraph.errors import CartelgraphError, UnknownNameError, UsageError
from cartelgraph.graph import KnowledgeGraph, shorten
from cartelgraph.namespace import NS
from cartelgraph.projection import Filters, as_multigraph, collapse, kept
from cartelgraph.resolve import resolve
from cartelgraph.text import name_list
from cartelgraph.viz.bridge import SIZE_MEASURES, checked_communities, checked_scores, node_measure, restrict_to
from cartelgraph.viz.evidence import page_evidence, vocabulary
from cartelgraph.viz.extent import reserve
from cartelgraph.viz.layout import communities as detect_communities
from cartelgraph.viz.layout import grouped_layout, join_groups, ordered_subgraph
from cartelgraph.viz.legends import default_title, empty_message, filter_notices, legend, relation_legend, status_legend
from cartelgraph.viz.links import merge_links, style_claims
from cartelgraph.viz.styles import COMMENTARY_STYLE, local_name, status_style

# Above this many entities positions are computed in Python and the browser only polishes them.
PYTHON_LAYOUT_ABOVE = 250
# Above this many entities drawn the page warns: it opens in seconds rather than in one, and
# lines hide each other (measured in headless Chromium here: 2,000 entities ready in about 1.5 s,
# 3,900 in about 5 s; see docs/network-page.md).
WARN_ABOVE = 2500


class EmptyNetworkError(CartelgraphError):
    """The filters leave no link to draw: a page of loose dots would pass for a drawing bug, and
    a script would take it for success (exit code 1, nothing written)."""


def check_date(value: str | None, option: str = "--as-of") -> None:
    from cartelgraph.dates import check_date as check

    if value is not None:
        check(value, option)


def _check_names(names, known: dict[str, str], option: str) -> None:
    """Raise a clear error for a class, relation or status name the ontology does not define."""
    import difflib

    by_name = {local_name(iri): iri for iri in known}
    for name in names or ():
        iri = name if "://" in name else NS + name.removeprefix("cg:")
        if iri not in known:
            close = difflib.get_close_matches(local_name(iri), by_name, n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(sorted(by_name))}"
            raise UnknownNameError(f"{option} {name}: not in the ontology{hint}")


def _names(values) -> list[str] | None:
    """Accept repeated options and comma-separated lists alike (None: no name)."""
    return name_list(values) or None


def page_data(
    graph: KnowledgeGraph,
    *,
    network=None,
    focus: str | None = None,
    depth: int = 1,
    filters: Filters | None = None,
    types=None,
    relations=None,
    statuses=None,
    exclude_statuses=None,
    as_of: str | None = None,
    size_by: str = "degree",
    scores=None,
    communities=None,
    max_nodes: int | None = None,
    title: str | None = None,
    **filter_options,
) -> dict:
    """Everything the network page shows, as JSON-ready data.

    Parameters
    ----------
    graph : KnowledgeGraph
        Where to read from (embedded store or endpoint).
    network : networkx.Graph, optional
        Draw this graph instead of the whole filtered projection: its nodes (entity IRIs) and,
        for each edge, the claims it names (``claims`` or ``claim``) or else the claims between
        the two that the filters keep (see :mod:`cartelgraph.viz.bridge`).
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
    size_by : str
        The measure that sizes the entities (and picks which to keep under ``max_nodes``): any
        of :data:`cartelgraph.viz.bridge.SIZE_MEASURES`, computed over the whole filtered
        network (so that a size does not change as the page grows, and is what ``cartelgraph
        centrality`` reports).
    scores : dict, optional
        ``{node: number}`` to size the entities by instead (nodes without one get 0).
    communities : list of sets or dict, optional
        Groups to colour the entities by (``[{iri, ...}, ...]`` or ``{iri: community}``); by
        default Louvain communities of the network.
    max_nodes : int, optional
        Keep only this many entities, the highest by ``size_by`` (or ``scores``); the page says so.
    title : str, optional
        The page's title.

    Returns
    -------
    dict
        ``nodes`` (those held in reserve marked ``reserve``), ``edges`` (each with its evidence),
        ``links``, ``classes``, ``relations``, ``statuses`` (with colours and line styles for the
        legends), ``notices`` and settings.
    """
    if depth < 0:
        raise UsageError(f"--depth {depth}: give 0 or more")
    if max_nodes is not None and max_nodes < 1:
        raise UsageError(f"--max-nodes {max_nodes}: give 1 or more")
    if scores is None and size_by not in SIZE_MEASURES:
        raise UsageError(f"--size-by {size_by}: choose one of {', '.join(SIZE_MEASURES)}")
    terms = vocabulary(graph)
    if filters is None:
        filters = _filters_of(
            terms,
            types=types,
            relations=relations,
            statuses=statuses,
            exclude_statuses=exclude_statuses,
            as_of=as_of,
            **filter_options,
        )
    elif types or relations or statuses or exclude_statuses or as_of or filter_options:
        raise UsageError("give either filters or filter keywords, not both")
    check_filters(graph, filters)

    notices = filter_notices(filters)
    # The page is cut from the projection's rows: the weighted view of all of them gives the
    # sizes, and only the claims among the entities kept become a multigraph (at a million
    # triples, building the whole multigraph cost more than the rest of the page).
    nodes, edges = kept(graph, filters)
    drawn = None
    if network is not None:  # a notebook's graph: its nodes drawn, the filtered network around them
        given_nodes, given_edges = restrict_to(
            network, *kept(graph, Filters(include_commentary=True)), filters.keeps_edge
        )
        drawn = set(given_nodes)  # between them, the graph's claims only; around them, the network's
        edges = {
            **{key: attrs for key, attrs in edges.items() if not (key[0] in drawn and key[1] in drawn)},
            **given_edges,
        }
        nodes = {**nodes, **given_nodes}
        notices.append(f"The {len(given_nodes):,} entities of the graph given.")
    simple = collapse(nodes.items(), ((source, target, attrs) for (source, target, _), attrs in edges.items()))
    if scores is not None:
        sizes, size_note, measure = checked_scores(scores, simple), None, "score"
    else:
        (sizes, size_note), measure = node_measure(simple, size_by), size_by
    if size_note:
        notices.append(f"Sizes: {size_note}.")
    centre = resolve(graph, focus) if focus is not None else None
    drawn = _drawn(simple, nodes, drawn, centre, focus, depth, max_nodes, sizes, measure, notices)
    if not any(source in drawn and target in drawn for source, target, _ in edges):
        raise EmptyNetworkError(empty_message(_within(nodes, {}, drawn)[0], filters, centre and nodes[centre]["label"]))
    spare, reserve_note = reserve(simple, drawn, sizes, {n: a["label"] for n, a in nodes.items()})
    if reserve_note:
        notices.append(reserve_note)
    nodes, edges = _within(nodes, edges, drawn | set(spare))
    multigraph = as_multigraph(nodes, edges)
    embedded = ordered_subgraph(simple, multigraph)
    if communities is not None:
        groups = checked_communities(communities, list(embedded))
    else:  # the groups of what is drawn (they make its layout); the reserve joins its neighbours'
        groups = join_groups(embedded, detect_communities(ordered_subgraph(embedded, drawn)))
    return _page(
        graph,
        multigraph,
        embedded,
        drawn,
        sizes,
        measure,
        groups,
        communities is not None,
        focus,
        notices,
        terms,
        title,
        centre,
    )


def _filters_of(terms: dict, *, types, relations, statuses, exclude_statuses, as_of, **filter_options) -> Filters:
    """The filters the keywords name, each name checked against the ontology's ``terms``."""
    types, relations = _names(types), _names(relations)
    statuses, exclude_statuses = _names(statuses), _names(exclude_statuses)
    check_date(as_of)
    _check_names(types, terms["class"], "--type")
    _check_names(relations, {**terms["relation"], **terms["claim"]}, "--relation")
    _check_names(statuses, terms["status"], "--status")
    _check_names(exclude_statuses, terms["status"], "--exclude-status")
    _check_names(
        _names(filter_options.get("exclude_relations")), {**terms["relation"], **terms["claim"]}, "--exclude-relation"
    )
    return Filters.of(
        classes=types,
        relations=relations,
        statuses=statuses,
        exclude_statuses=exclude_statuses,
        as_of=as_of,
        **filter_options,
    )


def _drawn(
    simple,
    nodes: dict,
    given: set | None,
    centre: str | None,
    focus: str | None,
    depth: int,
    max_nodes: int | None,
    sizes: dict,
    measure: str,
    notices: list,
) -> set:
    """The entities the page draws: those ``given`` (a notebook's graph) or all, then those within
    ``depth`` links of ``centre``, then the ``max_nodes`` highest by size; notices say so."""
    import networkx as nx

    drawn = set(simple) if given is None else given
    if centre is not None:
        if centre not in nodes or centre not in drawn:
            where = "the graph given" if given is not None and centre in nodes else "the other filters"
            raise UsageError(f"--focus {focus}: {shorten(centre)} is left out by {where}")
        drawn = set(nx.ego_graph(ordered_subgraph(simple, drawn), centre, radius=depth))
        notices.append(f"Entities within {depth} link{'s' if depth != 1 else ''} of {nodes[centre]['label']}.")
    candidates = [node for node in simple if node in drawn]
    if max_nodes is not None and len(candidates) > max_nodes:
        drawn = set(sorted(candidates, key=lambda n: (-sizes.get(n, 0.0), nodes[n]["label"], n))[:max_nodes])
        notices.append(
            f"Showing the {max_nodes:,} entities with the highest {measure} out of {len(candidates):,} "
            f"(--max-nodes {max_nodes})."
        )
    return drawn


def _within(nodes: dict, edges: dict, keep: set) -> tuple[dict, dict]:
    """The nodes in ``keep`` and the edges between them, in their order."""
    return (
        {iri: attrs for iri, attrs in nodes.items() if iri in keep},
        {key: attrs for key, attrs in edges.items() if key[0] in keep and key[1] in keep},
    )


def _page(
    graph, multigraph, simple, drawn, sizes, measure, groups, groups_given, focus, notices, terms, title, centre
) -> dict:
    group_of = {node: i for i, group in enumerate(groups) for node in group}
    positions = {}
    if len(drawn) > PYTHON_LAYOUT_ABOVE:  # the drawn part, by its groups; the reserve is placed when added
        inside = [[node for node in group if node in drawn] for group in groups]
        inside += [[node] for node in simple if node in drawn and node not in group_of]
        positions = grouped_layout(ordered_subgraph(simple, drawn), [group for group in inside if group])
    claims = sorted({attrs["claim"] for _, _, attrs in multigraph.edges(data=True)})
    found = graph.run(page_evidence, sorted(multigraph), claims, timeout=120.0)

    nodes = []
    for node, attrs in multigraph.nodes(data=True):
        item = {
            "id": node,
            "label": attrs["label"],
            "cls": attrs["cls"],
            "iri": shorten(node),
            "aliases": sorted(set(found["aliases"].get(node, ()))),
            "size": round(sizes.get(node, 0.0), 6),
            "description": found["descriptions"].get(node),
            "group": group_of.get(node),
        }
        if node not in drawn:
            item["reserve"] = True
        if node in positions:
            item["x"], item["y"] = positions[node]
        nodes.append(item)
    edges = _edges(multigraph)
    statuses = domain(graph)  # each status's rank and line, from the ontology
    style_claims(edges, statuses)
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
    linked = len(
        {end for edge in edges if edge["from"] in drawn and edge["to"] in drawn for end in (edge["from"], edge["to"])}
    )
    warning = None
    if linked > WARN_ABOVE:
        warning = (
            f"{linked:,} entities drawn: the page takes seconds to open and its lines hide each other; "
            f"--max-nodes 2000 or narrower filters make it lighter"
        )
        notices.append(warning[0].upper() + warning[1:] + ".")
    return {
        "title": title or default_title(focus and multigraph.nodes.get(centre, {}).get("label")),
        "measure": measure,
        "groupsGiven": groups_given,
        "reserved": len(multigraph) - len(drawn),
        "focus": centre,
        "notices": notices,
        "positioned": bool(positions),
        "warning": warning,
        "classes": legend(nodes, "cls", terms["class"], colours=True),
        "relations": relation_legend(edges, terms["relation"]),
        "commentaryStyle": COMMENTARY_STYLE,
        "statuses": status_legend(edges, terms["status"], terms["comment"], statuses),
        "statusTerms": {
            iri: {"label": label, "comment": terms["comment"].get(iri), "colour": status_style(statuses, iri)["colour"]}
            for iri, label in sorted(terms["status"].items())
        },
        "readings": {
            iri: {
                "label": terms["reading"].get(iri, local_name(iri)),
                "comment": terms["comment"].get(iri),
                "establishing": sorted(terms["establishing"].get(iri, ())),
            }
            for iri in sorted(used_readings)
        },
        "outcomes": {
            iri: {"label": label, "comment": terms["comment"].get(iri)}
            for iri, label in sorted(terms["outcome"].items())
        },
        "nodes": nodes,
        "edges": edges,
        "links": links,
        "claims": found["claims"],
        "sources": found["sources"],
    }


def _edges(multigraph) -> list[dict]:
    """One entry per claim and pair of entities (a claim with three parties gives three), in a
    fixed order; the claim's evidence is kept once, in the page's ``claims``."""
    edges = []
    for source, target, _, attrs in sorted(multigraph.edges(keys=True, data=True), key=lambda e: (e[2], e[0], e[1])):
        edges.append(
            {
                "id": f"e{len(edges)}",
                "from": source,
                "to": target,
                "relation": attrs["relation"],
                "label": attrs["relation_label"],
                "claim": shorten(attrs["claim"]),
                "claimClass": attrs["claim_class"],
                "date": attrs["date"],
                "start": attrs["start_date"],
                "end": attrs["end_date"],
                "status": attrs["status"] or "",
                "outcome": attrs["outcome"],
                "established": bool(attrs["established"]),
                "commentary": bool(attrs["commentary"]),
                "symmetric": attrs["symmetric"],
            }
        )
    return edges
