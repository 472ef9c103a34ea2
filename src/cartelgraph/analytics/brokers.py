"""Brokers: the entities and links that hold the network together.

An articulation point is an entity whose removal splits its piece of the network; a bridge is
a link whose removal does. :func:`separators` asks the investigator's question: which entities
stand between criminal organizations and the state, i.e. whose removal leaves pairs of a
criminal organization and an official or agency with no path between them at all.

>>> import networkx as nx
>>> G = nx.Graph([("cartel", "fixer"), ("fixer", "official")])
>>> G.nodes["cartel"]["classes"] = ("https://w3id.org/cartelgraph/ontology#CriminalOrganization",)
>>> G.nodes["official"]["classes"] = ("https://w3id.org/cartelgraph/ontology#Official",)
>>> separators(G)
{'fixer': 1}
"""

from __future__ import annotations

from cartelgraph.analytics.network import as_simple, describe
from cartelgraph.namespace import NS

CRIMINAL_SIDE = ("CriminalOrganization",)
STATE_SIDE = ("Official", "Agency")


def articulation_points(G) -> list[str]:
    """Entities whose removal splits their connected piece of the network, in node order.

    >>> import networkx as nx
    >>> articulation_points(nx.path_graph(["a", "b", "c"]))
    ['b']
    """
    import networkx as nx

    G = as_simple(G)
    found = set(nx.articulation_points(G))
    return [node for node in G if node in found]


def bridges(G) -> list[tuple[str, str]]:
    """Links whose removal splits their connected piece of the network.

    >>> import networkx as nx
    >>> bridges(nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]))
    [('c', 'd')]
    """
    import networkx as nx

    return list(nx.bridges(as_simple(G)))


def separators(G, *, sides: tuple[tuple[str, ...], tuple[str, ...]] = (CRIMINAL_SIDE, STATE_SIDE)) -> dict[str, int]:
    """For each entity whose removal cuts some pair (one entity of each side) that was
    connected, the number of such pairs it cuts; most first. ``sides`` are two lists of class
    names or IRIs (subclasses included through the nodes' ``classes``); by default criminal
    organizations on one side and officials and agencies on the other. Only articulation points
    can cut a pair, so only they are tried.

    >>> import cartelgraph as cg
    >>> G = cg.network()
    >>> [G.nodes[node]["label"] for node in separators(G)][:3]
    ['Mexican drug cartels', 'illicit drugs', 'Salvador Cienfuegos']
    """
    import networkx as nx

    G = as_simple(G)
    first, second = (_members(G, side) for side in sides)
    cut: dict[str, int] = {}
    for node in articulation_points(G):
        rest = G.subgraph(set(nx.node_connected_component(G, node)) - {node})
        counts = [(len(first & piece), len(second & piece)) for piece in nx.connected_components(rest)]
        before = sum(a for a, _ in counts) * sum(b for _, b in counts)
        pairs = before - sum(a * b for a, b in counts)
        if pairs:
            cut[node] = pairs
    return dict(sorted(cut.items(), key=lambda item: (-item[1], G.nodes[item[0]].get("label", item[0]))))


def broker_table(G, *, sides=(CRIMINAL_SIDE, STATE_SIDE), as_frame: bool = False):
    """Every articulation point with ``separated_pairs`` (see :func:`separators`) and
    ``pieces`` (how many pieces its removal leaves of its own), most separating first.

    >>> import cartelgraph as cg
    >>> table = broker_table(cg.network(), as_frame=True)
    >>> print(table[["label", "separated_pairs", "pieces"]].head(3).to_string())
                      label  separated_pairs  pieces
    0  Mexican drug cartels               66       3
    1         illicit drugs               57       2
    2   Salvador Cienfuegos               56       2
    """
    import networkx as nx

    G = as_simple(G)
    cut = separators(G, sides=sides)
    rows = []
    for node in articulation_points(G):
        rest = G.subgraph(set(nx.node_connected_component(G, node)) - {node})
        rows.append(
            {
                **describe(G, node),
                "separated_pairs": cut.get(node, 0),
                "pieces": nx.number_connected_components(rest),
                "links": G.degree(node),
            }
        )
    rows.sort(key=lambda row: (-row["separated_pairs"], -row["pieces"], row["label"]))
    if as_frame:
        import pandas as pd

        return pd.DataFrame.from_records(rows, columns=["iri", "label", "class", "separated_pairs", "pieces", "links"])
    return rows


def bridge_table(G, *, as_frame: bool = False):
    """Every bridge with both ends' labels and the relations and claims the link stands for.

    >>> import cartelgraph as cg
    >>> row = bridge_table(cg.network())[0]
    >>> row["source_label"], row["target_label"], row["relations"]
    ('2020 law restricting DEA agents in Mexico', 'Mexico', 'enacted')
    """
    from cartelgraph.analytics.network import short

    G = as_simple(G)
    rows = []
    for source, target in bridges(G):
        edge = G[source][target]
        one, other = describe(G, source), describe(G, target)
        rows.append(
            {
                "source": source,
                "source_label": one["label"],
                "target": target,
                "target_label": other["label"],
                "relations": " ".join(sorted(short(r) for r in edge.get("relations", ()))),
                "claims": len(edge.get("claims", ())),
            }
        )
    rows.sort(key=lambda row: (row["source_label"], row["target_label"]))
    if as_frame:
        import pandas as pd

        return pd.DataFrame.from_records(
            rows, columns=["source", "source_label", "target", "target_label", "relations", "claims"]
        )
    return rows


def _members(G, names) -> set[str]:
    wanted = {name if "://" in name else NS + name.removeprefix("cg:") for name in names}
    return {node for node, attrs in G.nodes(data=True) if wanted & set(attrs.get("classes", ()))}
