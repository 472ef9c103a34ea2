"""Shortest chains between two entities of a network, asked by name.

These are the chains of the network ``G`` itself (its links, under its filters), the networkx
way; :func:`cartelgraph.investigate.find_paths` searches the knowledge graph instead and also
follows the links a claim makes through its context (an operation, a law, a place).
"""

from __future__ import annotations

from itertools import islice

from cartelgraph.analytics.network import as_simple, short
from cartelgraph.analytics.nodes import node_keys
from cartelgraph.errors import UsageError

FIELDS = ["path", "hop", "from_label", "to_label", "relations", "claims", "from", "to"]

# Ties beyond this many are not ranked (a dense graph can have thousands of equal chains).
MAX_TIES = 500


class Path(list):
    """A chain of node keys (IRIs), source first. It is a list, so networkx and
    :func:`cartelgraph.evidence` take it as it is; it shows itself by label."""

    def __init__(self, nodes, labels):
        super().__init__(nodes)
        self.labels = list(labels)

    @property
    def hops(self) -> int:
        return len(self) - 1

    def __repr__(self) -> str:
        return f"<Path of {self.hops} hops: {' — '.join(self.labels)}>"


def paths(G, source: str, target: str, *, limit: int | None = 10, as_frame: bool = False, graph=None):
    """The shortest chains of links from ``source`` to ``target`` in ``G`` (names, aliases or
    IRIs; see :func:`~cartelgraph.analytics.nodes.node_key`), best documented first.

    Chains have the fewest hops; equally short ones are ordered by the sum of their links'
    ``distance`` (1/claims: a hop backed by three claims is shorter than one backed by one),
    then by label.

    Parameters
    ----------
    limit : at most this many chains (None: all, up to 500).
    as_frame : a pandas DataFrame, one row per hop (``FIELDS``: ``path``, ``hop``,
        ``from_label``, ``to_label``, ``relations``, ``claims``, ``from``, ``to``).
    graph : the knowledge graph to resolve names in, when ``G`` was not made by
        :func:`~cartelgraph.analytics.network`.

    Returns
    -------
    A list of :class:`Path` (empty when no chain links them).

    >>> import cartelgraph as cg
    >>> G = cg.network()
    >>> cg.paths(G, "Cienfuegos", "Sinaloa Cartel")
    [<Path of 3 hops: Salvador Cienfuegos — Secretariat of National Defense — fentanyl — Sinaloa Cartel>]
    >>> hops = cg.paths(G, "Cienfuegos", "Sinaloa Cartel", as_frame=True)
    >>> print(hops[["hop", "to_label", "relations", "claims"]].to_string())
       hop                         to_label                   relations  claims
    0    1  Secretariat of National Defense                heldOfficeIn       1
    1    2                         fentanyl                      seized       2
    2    3                   Sinaloa Cartel  dominatesMarketOf produces       3
    """
    import networkx as nx

    start, end = node_keys(G, [source, target], graph=graph)
    if start == end:
        raise UsageError(f"{source!r} and {target!r} are the same node ({start})")
    simple = as_simple(G)
    try:
        chains = list(islice(nx.all_shortest_paths(simple, start, end), MAX_TIES))
    except nx.NetworkXNoPath:
        chains = []

    def label(node):
        return simple.nodes[node].get("label", node)

    def length(chain):
        return sum(simple[u][v].get("distance", 1.0) for u, v in zip(chain, chain[1:], strict=False))

    chains.sort(key=lambda chain: (length(chain), [label(node) for node in chain]))
    found = [Path(chain, map(label, chain)) for chain in chains[:limit]]
    if as_frame:
        import pandas as pd

        return pd.DataFrame.from_records(_hops(simple, found), columns=FIELDS)
    return found


def _hops(G, found: list[Path]) -> list[dict]:
    rows = []
    for number, path in enumerate(found, 1):
        for hop, (u, v) in enumerate(zip(path, path[1:], strict=False), 1):
            edge = G[u][v]
            rows.append(
                {
                    "path": number,
                    "hop": hop,
                    "from_label": G.nodes[u].get("label", u),
                    "to_label": G.nodes[v].get("label", v),
                    "relations": " ".join(sorted(short(r) for r in edge.get("relations", ()))),
                    "claims": len(edge.get("claims", ())),
                    "from": u,
                    "to": v,
                }
            )
    return rows
