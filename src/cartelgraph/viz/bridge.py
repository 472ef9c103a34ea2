"""What a notebook hands the page: a networkx graph instead of the store's projection, scores
to size the entities by, communities to colour them by, and any measure of
:mod:`cartelgraph.analytics` by name.

A networkx graph is read as :mod:`cartelgraph.analytics` makes them: nodes keyed by entity IRI
(with a ``label``), and edges that may say which claims they stand for (``claims``, a list, on
the weighted view; ``claim`` on the claim multigraph of :func:`cartelgraph.projection.project`).
The page draws its nodes and, for each edge, those claims, or else every claim between the two
that the filters keep; the evidence comes from the store.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from cartelgraph.analytics.centrality import MEASURES, betweenness, centrality, strength
from cartelgraph.errors import UsageError
from cartelgraph.graph import shorten

# Every measure of cartelgraph.analytics.centrality, and strength (claims per entity).
SIZE_MEASURES = (*MEASURES, "strength")
# Above this many entities betweenness is estimated from a sample of source nodes.
EXACT_BETWEENNESS_UP_TO = 1000


def is_networkx(graph) -> bool:
    """Whether ``graph`` is a networkx graph (rather than a store)."""
    import networkx as nx

    return isinstance(graph, nx.Graph)


def node_measure(simple, by: str = "degree") -> tuple[dict[str, float], str | None]:
    """Size of each entity in the weighted view ``simple``, and a note when it is an estimate.

    ``by`` names a measure of :mod:`cartelgraph.analytics.centrality` (``pagerank``,
    ``degree``, ``betweenness``, ``closeness``, ``eigenvector``, ``kcore``) or ``strength``
    (claims per entity), computed as ``cartelgraph centrality`` computes it. Betweenness is
    estimated from a sample of sources above ``EXACT_BETWEENNESS_UP_TO`` entities.
    """
    if by not in SIZE_MEASURES:
        raise UsageError(f"--size-by {by}: choose one of {', '.join(SIZE_MEASURES)}")
    if simple.number_of_nodes() == 0:
        return {}, None
    if by == "strength":
        return {n: float(v) for n, v in strength(simple).items()}, None
    if by == "betweenness" and simple.number_of_nodes() > EXACT_BETWEENNESS_UP_TO:
        sample = EXACT_BETWEENNESS_UP_TO // 2
        return betweenness(simple, k=sample, seed=1), f"betweenness estimated from {sample} sampled entities"
    return {n: float(v) for n, v in centrality(simple, by).items()}, None


def checked_scores(scores, nodes) -> dict[str, float]:
    """``scores`` (``{node: number}``) as floats for the nodes of the page; a value that is not a
    number is an error naming its node. Nodes of the page without a score get 0."""
    if not isinstance(scores, Mapping):
        raise UsageError(f"scores: give a dict of node to number, not {type(scores).__name__}")
    found = {}
    for node, value in scores.items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise UsageError(f"scores[{shorten(str(node))!r}] = {value!r}: not a number") from None
        if not math.isfinite(number):  # NaN sorts nowhere, infinity sizes everything else to nothing
            raise UsageError(f"scores[{shorten(str(node))!r}] = {number}: not a finite number")
        found[node] = number
    return {node: found.get(node, 0.0) for node in nodes}


def checked_communities(communities, nodes) -> list[list]:
    """Groups of the page's nodes from ``communities``: a list of sets of nodes, or a dict of
    node to community name or number (:func:`cartelgraph.analytics.louvain` gives one). Largest
    first, each in the page's node order; nodes in no community are left out (drawn grey)."""
    order = {node: i for i, node in enumerate(nodes)}
    if isinstance(communities, Mapping):
        by_name: dict = {}
        for node, name in communities.items():
            by_name.setdefault(name, []).append(node)
        groups = list(by_name.values())
    elif isinstance(communities, (list, tuple)):
        groups = [list(group) for group in communities]
    else:
        raise UsageError(
            "communities: give a list of sets of nodes or a dict of node to community, "
            f"not {type(communities).__name__}"
        )
    seen: set = set()
    kept = []
    for group in groups:
        members = sorted({node for node in group if node in order}, key=order.__getitem__)
        twice = seen.intersection(members)
        if twice:
            raise UsageError(f"communities: {shorten(str(min(twice)))} is in more than one community")
        seen.update(members)
        if members:
            kept.append(members)
    return sorted(kept, key=lambda group: (-len(group), order[group[0]]))


def restrict_to(network, nodes: dict, edges: dict, keeps_edge) -> tuple[dict, dict]:
    """The store's ``nodes`` and claim ``edges`` (as :func:`cartelgraph.projection.kept` gives
    them, commentary included) cut to the networkx graph ``network``: its nodes, and for each of
    its edges the claims it names (``claims`` or ``claim``), or those ``keeps_edge`` keeps."""
    missing = [node for node in network if node not in nodes]
    if missing:
        shown = ", ".join(repr(str(node)) for node in missing[:3])
        raise UsageError(
            f"{len(missing)} of the graph's nodes not entities of the store ({shown}): give nodes "
            "keyed by entity IRI, as cartelgraph.analytics.network makes them"
        )
    named: dict[frozenset, set | None] = {}
    for source, target, attrs in network.edges(data=True):
        pair = frozenset((source, target))
        claims = attrs.get("claims") if "claims" in attrs else ([attrs["claim"]] if "claim" in attrs else None)
        if claims is None:
            named.setdefault(pair, None)
        elif named.get(pair, set()) is not None:
            named[pair] = named.get(pair, set()) | set(claims)
    kept_nodes = {iri: attrs for iri, attrs in nodes.items() if iri in network}
    kept_edges = {}
    for key, attrs in edges.items():
        pair = frozenset(key[:2])
        if pair not in named:
            continue
        claims = named[pair]
        if (claims is None and keeps_edge(attrs)) or (claims is not None and attrs["claim"] in claims):
            kept_edges[key] = attrs
    return kept_nodes, kept_edges
