"""Communities: groups of entities more tied to each other than to the rest.

Results map each IRI to a community number: 0 is the largest community, then by size (ties by
the smallest label), so the numbers are stable for a given seed. Both methods read ``weight``
(claims per pair) as a strength.

>>> import networkx as nx
>>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y")])
>>> louvain(G, seed=1)
{'a': 0, 'b': 0, 'c': 0, 'x': 1, 'y': 1}
"""

from __future__ import annotations

from cartelgraph.analytics.network import as_simple, describe
from cartelgraph.analytics.running import call
from cartelgraph.deprecation import renamed_function
from cartelgraph.errors import ParameterError


def louvain(
    G, *, seed: int | None = 0, resolution: float = 1.0, weight: str | None = "weight", backend: str | None = None
) -> dict[str, int]:
    """Louvain modularity optimisation. ``seed`` fixes the random node order (same seed, same
    answer); ``resolution`` above 1 gives smaller communities, below 1 larger ones.

    >>> import networkx as nx
    >>> louvain(nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y")]), seed=0)
    {'a': 0, 'b': 0, 'c': 0, 'x': 1, 'y': 1}
    """
    import networkx as nx

    G = as_simple(G)
    groups = call(
        nx.community.louvain_communities,
        G,
        weight=weight,
        resolution=resolution,
        seed=seed,
        backend=backend,
        task="louvain",
    )
    return _numbered(G, groups)


def label_propagation(
    G, *, seed: int | None = 0, weight: str | None = "weight", backend: str | None = None
) -> dict[str, int]:
    """Asynchronous label propagation: each node takes the label most of its (weighted)
    neighbours hold, until nothing changes. Fast and parameter-free; ``seed`` fixes the order.

    >>> import networkx as nx
    >>> label_propagation(nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y")]))
    {'a': 0, 'b': 0, 'c': 0, 'x': 1, 'y': 1}
    """
    import networkx as nx

    G = as_simple(G)
    groups = call(
        nx.community.asyn_lpa_communities, G, weight=weight, seed=seed, backend=backend, task="label propagation"
    )
    return _numbered(G, list(groups))


METHODS = {"louvain": louvain, "label-propagation": label_propagation}


def communities(G, method: str = "louvain", **options) -> dict[str, int]:
    """One of :data:`METHODS` by name.

    >>> import cartelgraph as cg
    >>> G = cg.network()
    >>> membership = cg.communities(G, "louvain", seed=0)
    >>> membership[cg.node(G, "El Mencho")["iri"]] == membership[cg.node(G, "CJNG")["iri"]]
    True
    """
    try:
        function = METHODS[method]
    except KeyError:
        raise ParameterError("method", method, f"no such method; known: {', '.join(METHODS)}") from None
    return function(G, **options)


def modularity(G, membership: dict[str, int], *, weight: str | None = "weight") -> float:
    """Newman's modularity of a partition: above ~0.3, the communities are clearly separated.

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y")])
    >>> round(modularity(G, {"a": 0, "b": 0, "c": 0, "x": 1, "y": 1}), 3)
    0.375
    """
    import networkx as nx

    G = as_simple(G)
    if G.number_of_edges() == 0:
        return 0.0
    return nx.community.modularity(G, _groups(membership), weight=weight)


def community_table(G, membership: dict[str, int], *, as_frame: bool = False):
    """One row per community: ``community``, ``size``, ``members`` (dicts of ``iri``, ``label``,
    ``class``, most linked first).

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    >>> [(row["community"], row["size"], [m["iri"] for m in row["members"]])
    ...  for row in community_table(G, {"a": 0, "b": 0, "c": 0, "x": 1, "y": 1})]
    [(0, 3, ['b', 'a', 'c']), (1, 2, ['x', 'y'])]
    """
    G = as_simple(G)
    rows = []
    for number, group in enumerate(_groups(membership)):
        members = sorted(group, key=lambda n: (-G.degree(n), G.nodes[n].get("label", n)))
        rows.append({"community": number, "size": len(group), "members": [describe(G, n) for n in members]})
    if as_frame:
        import pandas as pd

        return pd.DataFrame.from_records(rows, columns=["community", "size", "members"])
    return rows


def membership_table(G, membership: dict[str, int], *, as_frame: bool = False):
    """One row per entity: ``community``, ``iri``, ``label``, ``class``, ordered by community.

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("x", "y")])
    >>> [(row["community"], row["iri"]) for row in membership_table(G, {"a": 0, "b": 0, "x": 1, "y": 1})]
    [(0, 'a'), (0, 'b'), (1, 'x'), (1, 'y')]
    """
    G = as_simple(G)
    ordered = sorted(membership.items(), key=lambda item: (item[1], G.nodes[item[0]].get("label", item[0])))
    rows = [{"community": number, **describe(G, node)} for node, number in ordered]
    if as_frame:
        import pandas as pd

        return pd.DataFrame.from_records(rows, columns=["community", "iri", "label", "class"])
    return rows


def _groups(membership: dict[str, int]) -> list[set[str]]:
    groups: dict[int, set[str]] = {}
    for node, number in membership.items():
        groups.setdefault(number, set()).add(node)
    return [groups[number] for number in sorted(groups)]


def _numbered(G, groups) -> dict[str, int]:
    ordered = sorted(groups, key=lambda group: (-len(group), min(G.nodes[n].get("label", n) for n in group)))
    membership = {}
    for number, group in enumerate(ordered):
        for node in group:
            membership[node] = number
    return {node: membership[node] for node in G}


summary = renamed_function(community_table, "summary")
