"""Positions for large networks, computed before the page opens so the browser draws them as
they are (no layout in the browser: a 2,000-entity page is ready in about a second).

A force layout of a large network is a ball: :func:`grouped_layout` first finds groups (Louvain
communities, :func:`cartelgraph.analytics.louvain`), lays out the graph of groups, then each
group inside its own disk, so that the first view is a map of groups. Each layout is networkx's
``spring_layout`` (Fruchterman-Reingold; above 500 nodes its energy method), seeded, so the same
network gives the same picture in every process. It is fast on groups of a few hundred (a
2,000-entity page's groups are laid out in a fraction of a second); a single group of thousands
of entities takes seconds.
"""

from __future__ import annotations

import math

from cartelgraph.analytics.communities import louvain


def spring_positions(simple, *, seed: int = 7, weight: str = "weight") -> dict:
    """networkx's spring layout of ``simple`` (``weight`` pulls heavily linked pairs closer),
    seeded: ``{node: (x, y)}`` as floats between -1 and 1."""
    import networkx as nx

    return {node: (float(x), float(y)) for node, (x, y) in nx.spring_layout(simple, seed=seed, weight=weight).items()}


SPACING = 55.0  # pixels per node along the square root of a group's size


def communities(simple, seed: int = 7) -> list[list]:
    """Louvain communities of ``simple`` (claims per pair as weights; :func:`cartelgraph.analytics.louvain`),
    largest first, each in ``simple``'s node order: the same groups in every process."""
    groups: list[list] = []
    for node, number in louvain(simple, seed=seed).items() if simple.number_of_nodes() else ():
        groups.extend([] for _ in range(number + 1 - len(groups)))
        groups[number].append(node)
    order = {node: i for i, node in enumerate(simple)}
    return [sorted(group, key=order.__getitem__) for group in groups]


def join_groups(simple, groups: list[list]) -> list[list]:
    """``groups`` of some nodes of ``simple`` extended to the others: each joins the group it
    has the most claims with (ties: the larger group), nodes linked to none of them stay out;
    taken in ``simple``'s order, so that a node joins through those placed before it."""
    group_of = {node: i for i, group in enumerate(groups) for node in group}
    joined = [list(group) for group in groups]
    for node in simple:
        if node in group_of:
            continue
        weights: dict[int, float] = {}
        for near, attrs in simple[node].items():
            if near in group_of:
                weights[group_of[near]] = weights.get(group_of[near], 0) + attrs.get("weight", 1)
        if weights:
            best = min(weights, key=lambda i: (-weights[i], i))
            group_of[node] = best
            joined[best].append(node)
    return joined


def grouped_layout(simple, groups: list[list], *, seed: int = 7) -> dict:
    """Pixel positions: each group laid out in a disk of radius ``SPACING * sqrt(size)``, the
    disks placed by a force layout of the graph of groups (claims between groups as weights)
    and pushed apart until none overlap."""
    import networkx as nx
    import numpy as np

    # Entities without a link (hidden on the page until asked for) go on a grid below the map
    # rather than each in a disk of its own around it.
    loose = [group[0] for group in groups if len(group) == 1 and simple.degree(group[0]) == 0]
    groups = [group for group in groups if not (len(group) == 1 and simple.degree(group[0]) == 0)]
    if not groups:
        return _below(simple, loose, 0.0)
    group_of = {node: i for i, group in enumerate(groups) for node in group}
    between = nx.Graph()
    between.add_nodes_from(range(len(groups)))
    for u, v, data in simple.edges(data=True):
        a, b = group_of[u], group_of[v]
        if a != b:
            earlier = between[a][b]["weight"] if between.has_edge(a, b) else 0
            between.add_edge(a, b, weight=earlier + data.get("weight", 1))
    centres = spring_positions(between, seed=seed)
    radius = np.array([SPACING * math.sqrt(len(group)) for group in groups])
    # The map as wide as the disks' total area asks, then disks pushed apart until none overlap.
    span = 1.3 * math.sqrt(float((radius**2).sum()))
    points = separate(np.array([centres[i] for i in range(len(groups))], dtype=np.float64) * span, radius)
    positions = {}
    for i, group in enumerate(groups):
        single = {group[0]: (0.0, 0.0)}
        inside = spring_positions(ordered_subgraph(simple, group), seed=seed) if len(group) > 1 else single
        # A force layout puts a group's core in a small part of its square and a few leaves at
        # the edges: most of the group, not its farthest leaf, should fill the disk.
        local = np.array(list(inside.values()), dtype=np.float64)
        reach = float(np.percentile(np.sqrt((local**2).sum(axis=1)), 80)) if len(group) > 2 else 1.0
        local *= radius[i] / max(reach, 1e-6)
        for node, (x, y) in zip(inside, local + points[i], strict=True):
            positions[node] = (round(float(x), 1), round(float(y), 1))
    positions.update(_below(simple, loose, max(y for _, y in positions.values())))
    return {node: positions[node] for node in simple}


def separate(points, radius, *, margin: float = 1.1, rounds: int = 80):
    """``points`` moved so that no two disks of ``radius`` (times ``margin``) overlap: each
    round pushes every overlapping pair apart along the line between them, each by half."""
    import numpy as np

    points = points.copy()
    need = margin * (radius[:, None] + radius[None, :])
    for _ in range(rounds):
        delta = points[:, None, :] - points[None, :, :]
        dist = np.sqrt((delta**2).sum(axis=2))
        np.fill_diagonal(dist, np.inf)
        overlap = np.clip(need - dist, 0, None)
        if not overlap.any():
            break
        unit = delta / np.maximum(dist, 1e-6)[:, :, None]
        points += (unit * (overlap / 2)[:, :, None]).sum(axis=1)
    return points


def _below(simple, nodes: list, top: float) -> dict:
    """``nodes`` on a square grid of ``SPACING`` pixels starting under ``top``."""
    side = max(1, math.ceil(math.sqrt(len(nodes))))
    return {
        node: (round((i % side - side / 2) * SPACING, 1), round(top + SPACING * (2 + i // side), 1))
        for i, node in enumerate(nodes)
    }


def ordered_subgraph(G, nodes):
    """The subgraph of ``G`` induced by ``nodes``, its nodes and edges in ``G``'s order.

    ``G.subgraph(nodes)`` walks a set of the nodes, whose order changes with each process's
    hash seed: the page (and its layout) would differ from one run to the next."""
    keep = set(nodes)
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, attrs) for n, attrs in G.nodes(data=True) if n in keep)
    if G.is_multigraph():
        H.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if u in keep and v in keep)
    else:
        H.add_edges_from((u, v, d) for u, v, d in G.edges(data=True) if u in keep and v in keep)
    return H


def layout_positions(simple, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Pixel positions for vis-network, by :func:`grouped_layout` of the graph's communities."""
    return grouped_layout(simple, communities(simple, seed=seed), seed=seed)
