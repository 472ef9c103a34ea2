"""``path``: the shortest chains of claims linking two entities, every hop with its evidence.

Links are the projection's (:func:`cartelgraph.projection.project`, with the same filters as
every analytic), read as undirected: "A colluded with B" links B to A as well; and the links a
claim makes through its context roles (``queries/context-links.rq``): the entity a claim is
about, the instrument it acts under, where it happened, linked to each of its participants, so
that a chain can pass through an operation, a law or a place ("military operation to arrest El
Mencho —subject of cooperation→ United States"). Who asserts a claim is commentary, followed
only with ``include_commentary``. A hop between two entities lists every claim linking them, in
either direction, with the role each end takes in it; among chains of one length, those whose
every hop is a direct edge come first.

The search reads the graph around the two ends only: a breadth-first search from both ends at
once, each step one query for the links of the smaller frontier (a VALUES block of its
entities). It stops as soon as the two searches meet, so its cost follows the neighbourhoods it
crosses, not the size of the graph, and it runs the same on a remote endpoint; only the claims
on the paths shown are then read in full. Past ``max_hops`` it goes on a little to say how long
the shortest chain is, until :data:`SEARCH_BUDGET` entities have been reached.
"""

from __future__ import annotations

from itertools import islice

from cartelgraph.deprecation import renamed_keyword
from cartelgraph.domain import domain
from cartelgraph.graph import KnowledgeGraph, shorten
from cartelgraph.investigate.claims import (
    check_limit,
    claims_by_iri,
    flatten_claim,
    in_one_worker,
    sort_key,
    to_frame,
)
from cartelgraph.projection import Filters

FIELDS = [
    "path",
    "hop",
    "from",
    "from_label",
    "from_role",
    "relation",
    "direction",
    "to",
    "to_label",
    "to_role",
    "claim",
    "when",
    "status",
    "notes",
    "sources",
    "quotes",
    "cited",
]

# Ties beyond this many are not ranked (a dense graph can have thousands of equal paths).
MAX_TIES = 500
# Past max_hops, the search goes on (to tell how long the shortest chain is) only while it has
# reached fewer entities than this.
SEARCH_BUDGET = 5000


@renamed_keyword("frame", "as_frame")
def find_paths(
    graph: KnowledgeGraph,
    source: str,
    target: str,
    *,
    max_hops: int = 4,
    limit: int | None = 10,
    filters: Filters | None = None,
    avoid: list[str] = (),
    as_frame: bool = False,
    budget: int = SEARCH_BUDGET,
):
    """The shortest chains of claims between ``source`` and ``target`` (names, aliases or IRIs).

    Parameters
    ----------
    max_hops : give up beyond this many hops ("no path within N hops" is an answer: ``paths``
        is then empty and ``shortest`` says how long the shortest chain is, if there is one).
    limit : at most this many paths when several are equally short (None for all), best
        supported first (confirmed and convicted links before reported, before alleged).
    filters : which claims may be used: ``Filters.of(statuses=…, exclude_statuses=…,
        relations=…, as_of=…)`` (see :class:`~cartelgraph.projection.Filters`).
    avoid : entities (names or IRIs) that no chain may pass through, e.g. a country that
        links everyone.
    as_frame : return a DataFrame with one row per claim on each hop instead.
    budget : stop widening the search once it has reached this many entities without a chain
        (``shortest`` is then None and ``searched`` False).

    Returns
    -------
    ``{"source", "target"`` (``{entity, label}``), ``"max_hops", "shortest"`` (hops of the
    shortest chain, or None when there is none at all), ``"total"`` (how many shortest chains,
    up to 500), ``"paths"``: ``[{"hops", "nodes": [{entity, label}], "steps": [{"from",
    "from_label", "to", "to_label", "claims": [claim dict + "edge" (the derived relation, e.g.
    'colluded with', or the context role, e.g. 'subject of cooperation') + "direction"
    ('forward': from → to, 'backward', 'both') + "context" (a context-role link) + "from_role"
    and "to_role" (the roles of the hop's two ends in the claim)]}]}]}``; ``"resolved"``: what
    each name given was taken for (see :func:`cartelgraph.resolve.resolve_noting`).

    >>> import cartelgraph as cg
    >>> from cartelgraph.investigate import find_paths
    >>> answer = find_paths(cg.open_graph(), "Cienfuegos", "Sinaloa Cartel")
    >>> answer["shortest"], answer["total"], [node["label"] for node in answer["paths"][0]["nodes"]]
    (3, 4, ['Salvador Cienfuegos', 'Secretariat of National Defense', 'fentanyl', 'Sinaloa Cartel'])
    """
    import networkx  # noqa: F401 (here, not in the worker: see in_one_worker)

    check_limit(limit, least=1)
    answer = in_one_worker(graph, _find_paths, source, target, max_hops, limit, filters, list(avoid), budget)
    return _maybe_frame(answer, as_frame)


def _find_paths(
    graph: KnowledgeGraph,
    source: str,
    target: str,
    max_hops: int,
    limit: int | None,
    filters: Filters | None,
    avoid: list[str],
    budget: int,
) -> dict:
    """:func:`find_paths` (as a dict), every query in one worker."""
    import networkx as nx

    from cartelgraph.errors import ParameterError, UsageError
    from cartelgraph.resolve import _resolution

    ends = [_resolution(graph, source), _resolution(graph, target)]
    start, end = (r.iri for r in ends)
    if start == end:
        raise UsageError(f"{source!r} and {target!r} are the same entity ({shorten(start)})")
    if max_hops < 1:
        raise ParameterError("max_hops", max_hops, "must be at least 1")
    avoiding = [_resolution(graph, name) for name in avoid]
    avoided = {r.iri for r in avoiding} - {start, end}
    if filters is not None:
        from cartelgraph.analytics.network import check_filters

        check_filters(graph, filters)  # a misspelt relation is an error, not "no path"
    multigraph, shortest, complete = _search(graph, start, end, max_hops, filters or Filters(), avoided, budget)
    label = lambda n: multigraph.nodes[n]["label"]  # noqa: E731
    answer = {
        "source": {"entity": start, "label": label(start)},
        "target": {"entity": end, "label": label(end)},
        "max_hops": max_hops,
        "shortest": shortest,
        "total": 0,
        "paths": [],
        "resolved": [r.as_dict() for r in ends + avoiding],
    }
    if not complete:
        answer["searched"] = True  # no chain within the search budget; a longer one may exist
    if shortest is None or shortest > max_hops:
        return answer
    undirected = nx.Graph(multigraph.to_undirected(as_view=True))
    chains = list(islice(nx.all_shortest_paths(undirected, start, end), MAX_TIES))
    rank = domain(graph).rank  # the ontology's cg:supportRank
    paths = [_path(chain, multigraph, rank) for chain in chains]
    paths.sort(key=lambda p: (p["context_hops"], p["weakness"], [n["label"] for n in p["nodes"]]))
    for path in paths:
        del path["weakness"], path["context_hops"]
    answer["total"] = len(paths)
    answer["paths"] = paths[:limit] if limit else paths
    shown = {claim["claim"] for path in answer["paths"] for step in path["steps"] for claim in step["claims"]}
    claims = claims_by_iri(graph, shown)
    for path in answer["paths"]:
        for step in path["steps"]:
            step["claims"] = [
                {
                    **claims[c["claim"]],
                    "edge": c["edge"],
                    "direction": c["direction"],
                    "context": c["context"],
                    "from_role": _role(claims[c["claim"]], step["from"]),
                    "to_role": _role(claims[c["claim"]], step["to"]),
                }
                for c in step["claims"]
            ]
    return answer


def _role(claim: dict, entity: str) -> str:
    """The role(s) ``entity`` takes in ``claim``, e.g. 'cooperating party' or 'subject'."""
    return ", ".join(dict.fromkeys(p["role"] for p in claim["participants"] if p["entity"] == entity))


def context_links(graph: KnowledgeGraph, iris, roles: list[str] | None = None) -> list[dict]:
    """The links claims make through their context roles from or to ``iris``, as rows of
    :func:`cartelgraph.subgraph.edges_touching` (``relation``: the role, e.g. cg:about; the source
    is the entity in the context role, the target a participant). ``roles``: the context roles
    (named query ``context-roles``), read here when not given."""
    from cartelgraph.queries import get
    from cartelgraph.substitute import BATCH, bound_to_each

    if roles is None:
        roles = [row["role"] for row in graph.select(get("context-roles").text)]
    if not roles:
        return []
    ordered = _with_context_links(graph, iris, roles)
    # The roles bound too: Oxigraph otherwise reads every triple of a context role in the store
    # before joining (40 ms instead of 1 for 300 entities at 1M triples).
    text = bound_to_each(get("context-links").text, "role", roles)
    rows = []
    for start in range(0, len(ordered), BATCH):
        for row in graph.select(bound_to_each(text, "entity", ordered[start : start + BATCH]), timeout=120.0):
            rows.append(
                {
                    "claim": row["claim"],
                    "claimClass": row["claimClass"],
                    "relation": row["role"],
                    "relationLabel": f"{row['roleLabel']} of {row['relationLabel']}",
                    "source": row["contextEntity"],
                    "target": row["participant"],
                    "symmetric": False,
                    "commentary": row["commentary"] == "yes",
                    "context": True,
                }
            )
    return rows


def _with_context_links(graph: KnowledgeGraph, iris, roles: list[str]) -> list[str]:
    """Those of ``iris`` that :func:`context_links` may find links of, in IRI order: a cheap first
    look, as most entities have none and the named query, bound to one busy entity, reads all its
    claims before their roles (20 ms for the busiest at 1M triples, 2 ms here)."""
    from cartelgraph.internal_queries import query
    from cartelgraph.substitute import BATCH, filled

    ordered = sorted(set(iris))
    found = set()
    for start in range(0, len(ordered), BATCH):
        text = filled(query("entities-with-context-links"), {"entity": ordered[start : start + BATCH], "role": roles})
        found.update(row["entity"] for row in graph.select(text, timeout=120.0))
    return sorted(found)


def _search(
    graph: KnowledgeGraph, start: str, end: str, max_hops: int, filters: Filters, avoided: set[str], budget: int
):
    """Breadth-first search from both ends; returns the links read (a MultiDiGraph holding
    every link of every shortest chain), the length of the shortest chain (None if there is
    none or none was found within the budget) and whether the search was complete."""
    import networkx as nx

    from cartelgraph.subgraph import edge_rules, edges_touching, node_attributes

    multigraph = nx.MultiDiGraph()
    for iri, attrs in node_attributes(graph, [start, end]).items():
        multigraph.add_node(iri, **attrs)
    for iri in (start, end):
        if iri not in multigraph:
            multigraph.add_node(iri, iri=iri, label=shorten(iri), cls=None, classes=())
    if not all(filters.keeps_node(multigraph.nodes[n]) for n in (start, end)):
        return multigraph, None, True
    from cartelgraph.queries import get

    roles = [row["role"] for row in graph.select(get("context-roles").text)]
    rules = edge_rules(graph)
    distance = {start: {start: 0}, end: {end: 0}}
    frontier = {start: [start], end: [end]}
    depth = {start: 0, end: 0}
    refused: set[str] = set(avoided)
    while frontier[start] and frontier[end]:
        if depth[start] + depth[end] >= max_hops and len(multigraph) > budget:
            return multigraph, None, False
        side = start if len(frontier[start]) <= len(frontier[end]) else end
        rows = edges_touching(graph, frontier[side], incoming=True, rules=rules)
        links = context_links(graph, frontier[side], roles)
        context = {(r["claim"], r["relation"]) for r in links}
        rows += links
        other = distance[end if side == start else start]
        # A step that reaches the other side's entities ends the search: only the links into
        # them can lie on a shortest chain, so the rest (most of the rows, around a busy
        # entity) are read in full only if the filters leave none of those.
        meeting = [r for r in rows if r["source"] in other or r["target"] in other]
        reached: list[str] = []
        for part in (meeting, [r for r in rows if not (r["source"] in other or r["target"] in other)]):
            reached += _take_step(graph, part, multigraph, refused, filters, context, distance[side], depth[side])
            if any(n in other for n in reached):
                break
        depth[side] += 1
        frontier[side] = sorted(set(reached))
        met = [n for n in distance[start] if n in distance[end]]
        if met:
            return multigraph, min(distance[start][n] + distance[end][n] for n in met), True
    return multigraph, None, True


def _take_step(graph, rows, multigraph, refused: set, filters: Filters, context: set, distance: dict, depth: int):
    """Add ``rows`` (links from the frontier at ``depth``) that the filters keep to
    ``multigraph``, with the entities they reach; returns the entities first reached, which
    ``distance`` now places at ``depth + 1``."""
    from cartelgraph.subgraph import edge_attributes, node_attributes

    new = {r[e] for r in rows for e in ("source", "target")} - set(multigraph) - refused
    for iri, attrs in node_attributes(graph, new).items():
        if filters.keeps_node(attrs):
            multigraph.add_node(iri, **attrs)
    refused |= new - set(multigraph)
    kept = [
        r
        for r in rows
        if r["source"] in multigraph and r["target"] in multigraph and not {r["source"], r["target"]} & refused
    ]
    reached = []
    for edge in edge_attributes(graph, kept):
        if not filters.keeps_edge(edge):
            continue
        u, v = edge.pop("source"), edge.pop("target")
        edge["context"] = (edge["claim"], edge["relation"]) in context
        multigraph.add_edge(u, v, key=edge.pop("key"), **edge)
        for near, far in ((u, v), (v, u)):
            if near in distance and distance[near] == depth and far not in distance:
                distance[far] = depth + 1
                reached.append(far)
    return reached


def _path(chain: list[str], multigraph, status_rank) -> dict:
    """One chain with its hops; each hop lists the links behind it (the claim IRI, the derived
    relation, the direction, status and dates), best supported first (``status_rank``)."""
    steps, weakness, context_hops = [], 0, 0
    for u, v in zip(chain, chain[1:], strict=False):
        hop = []
        for a, b in ((u, v), (v, u)):
            for attrs in (multigraph.get_edge_data(a, b) or {}).values():
                direction = "both" if attrs["symmetric"] else ("forward" if a == u else "backward")
                hop.append(
                    {**attrs, "status_iri": attrs["status"], "edge": attrs["relation_label"], "direction": direction}
                )
        # direct edges before context links, each best supported first
        hop.sort(key=lambda c: (c["context"], status_rank(c["status_iri"]), *sort_key(c), c["claim"], c["edge"]))
        weakness += status_rank(hop[0]["status_iri"])  # a hop is as strong as its best claim
        context_hops += hop[0]["context"]
        steps.append(
            {
                "from": u,
                "from_label": multigraph.nodes[u]["label"],
                "to": v,
                "to_label": multigraph.nodes[v]["label"],
                "claims": hop,
            }
        )
    nodes = [{"entity": n, "label": multigraph.nodes[n]["label"]} for n in chain]
    return {"hops": len(steps), "nodes": nodes, "steps": steps, "weakness": weakness, "context_hops": context_hops}


def _maybe_frame(answer: dict, as_frame: bool):
    return to_frame(path_rows(answer), FIELDS) if as_frame else answer


def path_rows(answer: dict) -> list[dict]:
    """The answer of :func:`find_paths` as flat rows (one per claim on each hop), for CSV."""
    rows = []
    for number, path in enumerate(answer["paths"], 1):
        for hop, step in enumerate(path["steps"], 1):
            for claim in step["claims"]:
                flat = flatten_claim(claim)
                rows.append(
                    {
                        "path": number,
                        "hop": hop,
                        "from": step["from"],
                        "from_label": step["from_label"],
                        "from_role": claim["from_role"],
                        "relation": claim["edge"],
                        "direction": claim["direction"],
                        "to": step["to"],
                        "to_label": step["to_label"],
                        "to_role": claim["to_role"],
                        "claim": claim["claim"],
                        "when": claim["when"],
                        "status": claim["status"],
                        "notes": flat["notes"],
                        "sources": flat["sources"],
                        "quotes": flat["quotes"],
                        "cited": flat["cited"],
                    }
                )
    return rows
