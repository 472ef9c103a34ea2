"""``evidence``: from a network's links back to the claims behind them, each with its status,
date, source and verbatim quote, and to the figures naming both ends.

A network made by :func:`cartelgraph.network` keeps the claims behind each link (an edge's
``claims``) and the knowledge graph they come from, so one call reads them in full: for one link
(``evidence(G, u, v)``), every link of a node (``evidence(G, u)``), the links along a path
(``evidence(G, path)``, e.g. one from :func:`cartelgraph.paths`) or among a group of nodes
(``evidence(G, community)``, a set). Names, aliases and IRIs are all accepted.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from cartelgraph.analytics.network import as_simple
from cartelgraph.analytics.nodes import knowledge_graph, node_keys
from cartelgraph.errors import UsageError
from cartelgraph.graph import KnowledgeGraph
from cartelgraph.investigate.claims import claims_by_iri, in_one_worker, sort_key
from cartelgraph.investigate.figures import figure_summary, load_figures

FIELDS = [
    "from_label",
    "to_label",
    "kind",
    "relation",
    "status",
    "when",
    "source_title",
    "quote",
    "participants",
    "cited",
    "item",
    "from",
    "to",
    "source",
    "date",
    "start_date",
    "end_date",
]


class NoLinkError(UsageError, LookupError):
    """Two nodes asked about as a link that the network does not link."""


def evidence(G, u, v=None, *, graph: KnowledgeGraph | None = None, as_frame: bool = True):
    """The claims behind links of ``G``, one row per claim and quote, then the figures that
    name both ends of a link (or the node, for one node).

    Parameters
    ----------
    u, v : two nodes (names, aliases or IRIs): the link between them. ``u`` alone may be a
        node (all its links), a list or :class:`~cartelgraph.analytics.paths.Path` of nodes
        (the links along it), or a set of nodes (every link among them: a community).
    graph : the knowledge graph to read, when ``G`` was not made by :func:`cartelgraph.network`.
    as_frame : a pandas DataFrame (the default: evidence is a table), else a list of dicts.

    Returns
    -------
    Rows (``FIELDS``) in the order the links were asked for: ``from_label``, ``to_label``
    (the link's ends), ``kind`` (``claim`` or ``figure``), ``relation`` (the claim's class, or
    the figure's measure), ``status`` (as the source gives it; None for a figure), ``when``
    (dates as precise as the source), ``source_title``, ``quote`` (verbatim), ``participants``
    (every entity the claim names, with its role; a figure's value, place and producer),
    ``cited`` (the documents the source cites for it), ``item`` (the claim's or figure's IRI),
    ``from``, ``to``, ``source`` (IRIs), ``date``, ``start_date``, ``end_date``.

    >>> import cartelgraph as cg
    >>> G = cg.network()
    >>> rows = cg.evidence(G, "García Luna", "Sinaloa Cartel")
    >>> print(rows[["kind", "relation", "status"]].to_string())
         kind                                             relation     status
    0   claim                                            collusion  convicted
    1  figure  cocaine allowed into the U.S. by Genaro García Luna        NaN
    >>> print(rows["quote"][0])
    Former Security Chief Genaro García Luna was convicted in the U.S. for collaborating with the Sinaloa Cartel, ...
    >>> path = cg.paths(G, "Cienfuegos", "Sinaloa Cartel")[0]
    >>> claims = cg.evidence(G, path).query("kind == 'claim'")
    >>> print(claims[["to_label", "relation", "status"]].drop_duplicates().to_string(index=False))
                           to_label       relation    status
    Secretariat of National Defense office holding confirmed
                           fentanyl        seizure confirmed
                           fentanyl        seizure  reported
                     Sinaloa Cartel     production  reported
                     Sinaloa Cartel     production   alleged
                     Sinaloa Cartel market control  reported
    """
    links, focus = _links(G, u, v, graph)
    simple = as_simple(G)
    wanted = {claim for a, b in links for claim in simple[a][b].get("claims", ())}
    ends = focus if focus is not None else {node for link in links for node in link}
    behind = graph if graph is not None else knowledge_graph(G)
    claims, figures = in_one_worker(behind, _read, sorted(wanted), sorted(ends))
    rows = []
    for a, b in links:
        names = {
            "from_label": simple.nodes[a].get("label", a),
            "to_label": simple.nodes[b].get("label", b),
            "from": a,
            "to": b,
        }
        for claim in sorted((claims[c] for c in simple[a][b].get("claims", ()) if c in claims), key=_in_order):
            rows += _rows(names, "claim", claim, claim["relation"], claim["summary"], claim["claim"])
        if focus is None:
            for figure in figures:
                if {a, b} <= _entities(figure):
                    rows += _rows(names, "figure", figure, figure["measure"], figure_summary(figure), figure["figure"])
    if focus is not None:  # one node: the figures naming it
        (node,) = focus
        label = simple.nodes[node].get("label", node)
        for figure in figures:
            if node in _entities(figure):
                names = {"from_label": label, "to_label": None, "from": node, "to": None}
                rows += _rows(names, "figure", figure, figure["measure"], figure_summary(figure), figure["figure"])
    if as_frame:
        import pandas as pd

        return pd.DataFrame.from_records(rows, columns=FIELDS)
    return rows


def _links(G, u, v, graph) -> tuple[list[tuple[str, str]], set[str] | None]:
    """The links asked for, as node pairs in order, and the node when one node was asked for."""
    simple = as_simple(G)
    if v is not None:
        a, b = node_keys(G, [u, v], graph=graph)
        return [_link(simple, a, b, u, v)], None
    if isinstance(u, str):
        (node,) = node_keys(G, [u], graph=graph)
        neighbours = sorted(simple[node], key=lambda n: (simple.nodes[n].get("label", n), n))
        return [(node, n) for n in neighbours], {node}
    if isinstance(u, Set):
        members = node_keys(G, sorted(u), graph=graph)
        inside = set(members)
        ordered = sorted(inside, key=lambda n: (simple.nodes[n].get("label", n), n))
        seen, links = set(), []
        for a in ordered:
            for b in sorted(set(simple[a]) & inside, key=lambda n: (simple.nodes[n].get("label", n), n)):
                if frozenset((a, b)) not in seen:
                    seen.add(frozenset((a, b)))
                    links.append((a, b))
        return links, None
    if isinstance(u, Mapping):
        raise TypeError(
            "evidence() takes a node, a path (a list) or a group (a set), not a dict; for one community "
            "of cg.communities(G): {node for node, number in membership.items() if number == 0}"
        )
    nodes = list(u)
    if len(nodes) < 2:
        raise UsageError("a path needs at least two nodes; give one node as a string")
    keys = node_keys(G, nodes, graph=graph)
    return [_link(simple, a, b, x, y) for a, b, x, y in zip(keys, keys[1:], nodes, nodes[1:], strict=False)], None


def _link(simple, a: str, b: str, u, v) -> tuple[str, str]:
    if not simple.has_edge(a, b):
        raise NoLinkError(
            f"no link between {u!r} and {v!r} in this network; paths(G, u, v) gives the chains between them"
        )
    return a, b


def _read(graph: KnowledgeGraph, claims: list[str], ends: list[str]) -> tuple[dict, list]:
    """The claims (in full) and the figures naming any of ``ends``, in one worker."""
    figures = load_figures(graph, focus=ends) if ends else []
    return claims_by_iri(graph, claims), figures


def _entities(figure: dict) -> set[str]:
    return {e["entity"] for key in ("places", "producers", "about") for e in figure[key]}


def _in_order(claim: dict):
    return (*sort_key(claim), claim["relation"], claim["claim"])


def _rows(names: dict, kind: str, item: dict, relation: str, participants: str, iri: str) -> list[dict]:
    """One row per quote of ``item`` (one row without a quote if it has none)."""
    common = {
        **names,
        "kind": kind,
        "relation": relation,
        "status": item.get("status"),
        "when": item["when"],
        "participants": participants,
        "item": iri,
        "date": item.get("date"),
        "start_date": item.get("start_date"),
        "end_date": item.get("end_date"),
    }
    quotes = item["evidence"] or [{"source": None, "source_title": None, "quote": None, "cited_title": None}]
    return [
        {
            **common,
            "source_title": e["source_title"],
            "quote": e["quote"],
            "source": e["source"],
            "cited": e.get("cited_title"),
        }
        for e in quotes
    ]
