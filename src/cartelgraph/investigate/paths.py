"""``path``: the shortest chains of claims linking two entities, every hop with its evidence.

The claims are projected to networkx (:func:`cartelgraph.projection.project`, with the same
filters as every analytic) and read as undirected: "A colluded with B" links B to A as well.
A hop between two entities lists every claim linking them, in either direction.
"""

from __future__ import annotations

from itertools import islice

from cartelgraph.graph import KnowledgeGraph, shorten
from cartelgraph.investigate.claims import flatten_claim, load_claims, sort_key, status_rank, to_frame
from cartelgraph.projection import Filters, project

FIELDS = ["path", "hop", "from", "from_label", "relation", "direction", "to", "to_label", "claim", "when",
          "status", "sources", "quotes", "cited"]

# Ties beyond this many are not ranked (a dense graph can have thousands of equal paths).
MAX_TIES = 500


def find_paths(graph: KnowledgeGraph, source: str, target: str, *, max_hops: int = 4, limit: int | None = 10,
               filters: Filters | None = None, avoid: list[str] = (), frame: bool = False):
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
    frame : return a DataFrame with one row per claim on each hop instead.

    Returns
    -------
    ``{"source", "target"`` (``{entity, label}``), ``"max_hops", "shortest"`` (hops of the
    shortest chain, or None when there is none at all), ``"total"`` (how many shortest chains,
    up to 500), ``"paths"``: ``[{"hops", "nodes": [{entity, label}], "steps": [{"from",
    "from_label", "to", "to_label", "claims": [claim dict + "edge" (the derived relation, e.g.
    'colluded with') + "direction" ('forward': from → to, 'backward', 'both')]}]}]}``.
    """
    import networkx as nx

    from cartelgraph.errors import UsageError
    from cartelgraph.resolve import resolve

    start, end = resolve(graph, source), resolve(graph, target)
    if start == end:
        raise UsageError(f"{source!r} and {target!r} are the same entity ({shorten(start)})")
    if max_hops < 1:
        raise UsageError("--max-hops must be at least 1")
    avoided = {resolve(graph, name) for name in avoid} - {start, end}
    multigraph = project(graph, filters)
    undirected = nx.Graph()
    undirected.add_nodes_from(n for n in multigraph if n not in avoided)
    undirected.add_edges_from((u, v) for u, v in multigraph.edges() if u not in avoided and v not in avoided)
    label = lambda n: multigraph.nodes[n]["label"]  # noqa: E731
    answer = {"source": {"entity": start, "label": label(start)}, "target": {"entity": end, "label": label(end)},
              "max_hops": max_hops, "shortest": None, "total": 0, "paths": []}
    try:
        answer["shortest"] = nx.shortest_path_length(undirected, start, end)
    except nx.NetworkXNoPath:
        return _maybe_frame(answer, frame)
    if answer["shortest"] > max_hops:
        return _maybe_frame(answer, frame)
    claims = load_claims(graph)
    chains = list(islice(nx.all_shortest_paths(undirected, start, end), MAX_TIES))
    paths = [_path(chain, multigraph, claims) for chain in chains]
    paths.sort(key=lambda p: (p["weakness"], [n["label"] for n in p["nodes"]]))
    for path in paths:
        del path["weakness"]
    answer["total"] = len(paths)
    answer["paths"] = paths[:limit] if limit else paths
    return _maybe_frame(answer, frame)


def _path(chain: list[str], multigraph, claims: dict) -> dict:
    steps, weakness = [], 0
    for u, v in zip(chain, chain[1:], strict=False):
        hop = []
        for a, b in ((u, v), (v, u)):
            for attrs in (multigraph.get_edge_data(a, b) or {}).values():
                direction = "both" if attrs["symmetric"] else ("forward" if a == u else "backward")
                hop.append({**claims[attrs["claim"]], "edge": attrs["relation_label"], "direction": direction})
        hop.sort(key=lambda c: (status_rank(c["status_iri"]), *sort_key(c), c["claim"]))
        weakness += status_rank(hop[0]["status_iri"])  # a hop is as strong as its best claim
        steps.append({"from": u, "from_label": multigraph.nodes[u]["label"], "to": v,
                      "to_label": multigraph.nodes[v]["label"], "claims": hop})
    nodes = [{"entity": n, "label": multigraph.nodes[n]["label"]} for n in chain]
    return {"hops": len(steps), "nodes": nodes, "steps": steps, "weakness": weakness}


def _maybe_frame(answer: dict, frame: bool):
    return to_frame(path_rows(answer), FIELDS) if frame else answer


def path_rows(answer: dict) -> list[dict]:
    """The answer of :func:`find_paths` as flat rows (one per claim on each hop), for CSV."""
    rows = []
    for number, path in enumerate(answer["paths"], 1):
        for hop, step in enumerate(path["steps"], 1):
            for claim in step["claims"]:
                flat = flatten_claim(claim)
                rows.append({"path": number, "hop": hop, "from": step["from"], "from_label": step["from_label"],
                             "relation": claim["edge"], "direction": claim["direction"], "to": step["to"],
                             "to_label": step["to_label"], "claim": claim["claim"], "when": claim["when"],
                             "status": claim["status"], "sources": flat["sources"], "quotes": flat["quotes"],
                             "cited": flat["cited"]})
    return rows
