"""Positions for large networks, computed before the page opens so the browser draws them as
they are (no layout in the browser: a 2,000-entity page is ready in about a second).

networkx's ``spring_layout`` walks the nodes in a Python loop above 500 nodes (about 20 s for
2,000 nodes here), and its ``forceatlas2_layout`` took 15 s; :func:`force_layout` is the
Fruchterman-Reingold model written as numpy array operations, in row blocks so memory stays
bounded (about a second for 2,000 nodes). A force layout of a large network is a ball, though:
:func:`grouped_layout` first finds groups (Louvain communities), lays out the graph of groups,
then each group inside its own disk, so that the first view is a map of groups.
"""

from __future__ import annotations

import math

BLOCK = 512  # rows of the pairwise repulsion computed at once (BLOCK x n x 2 float32)


def force_layout(simple, *, iterations: int = 60, seed: int = 7, weight: str = "weight") -> dict:
    """Fruchterman-Reingold positions in the unit square for every node of ``simple``.

    Parameters
    ----------
    simple : networkx.Graph
        An undirected graph; ``weight`` pulls heavily linked pairs closer.
    iterations : int
        Cooling steps; the move allowed per step falls linearly to zero.
    seed : int
        Seed of the random start, so the same network gives the same picture.

    Returns
    -------
    dict
        ``{node: (x, y)}`` with coordinates between -1 and 1.
    """
    import numpy as np

    nodes = list(simple)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    edges = np.array([(index[u], index[v]) for u, v in simple.edges()], dtype=np.int64).reshape(-1, 2)
    weights = np.array([float(d.get(weight, 1.0)) for _, _, d in simple.edges(data=True)], dtype=np.float32)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2), dtype=np.float32)
    k = np.float32(math.sqrt(1.0 / n))  # the ideal distance between neighbours
    step = 0.1
    cool = step / (iterations + 1)
    for _ in range(iterations):
        move = np.zeros_like(pos)
        x, y = pos[:, 0], pos[:, 1]
        for start in range(0, n, BLOCK):  # repulsion between every pair: k^2 / d along the pair
            dx = x[start:start + BLOCK, None] - x[None, :]
            dy = y[start:start + BLOCK, None] - y[None, :]
            push = dx * dx
            push += dy * dy
            np.maximum(push, np.float32(1e-6), out=push)
            np.divide(k * k, push, out=push)
            move[start:start + BLOCK, 0] += (dx * push).sum(axis=1)
            move[start:start + BLOCK, 1] += (dy * push).sum(axis=1)
        if len(edges):  # attraction along each link: d^2 / k, times the link's weight
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            dist = np.sqrt((delta * delta).sum(axis=1))
            pull = delta * (weights * dist / k)[:, None]
            np.subtract.at(move, edges[:, 0], pull)
            np.add.at(move, edges[:, 1], pull)
        length = np.maximum(np.sqrt((move * move).sum(axis=1)), np.float32(1e-9))
        pos += move * (np.minimum(length, step) / length)[:, None]
        step -= cool
    pos -= pos.mean(axis=0)
    pos /= max(float(np.abs(pos).max()), 1e-9)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, pos, strict=True)}


SPACING = 55.0  # pixels per node along the square root of a group's size


def communities(simple, seed: int = 7) -> list[list]:
    """Louvain communities of ``simple`` (claims per pair as weights), each sorted, largest
    first: the same groups in every process (the seed, and no set order left)."""
    import networkx as nx

    if simple.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    order = {node: i for i, node in enumerate(simple)}
    groups = [sorted(group, key=order.__getitem__) for group in found]
    return sorted(groups, key=lambda group: (-len(group), order[group[0]]))


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
    centres = force_layout(between, seed=seed)
    radius = np.array([SPACING * math.sqrt(len(group)) for group in groups])
    # The map as wide as the disks' total area asks, then disks pushed apart until none overlap.
    span = 1.3 * math.sqrt(float((radius ** 2).sum()))
    points = separate(np.array([centres[i] for i in range(len(groups))], dtype=np.float64) * span, radius)
    positions = {}
    for i, group in enumerate(groups):
        inside = force_layout(ordered_subgraph(simple, group), seed=seed) if len(group) > 1 else {group[0]: (0.0, 0.0)}
        # A force layout puts a group's core in a small part of its square and a few leaves at
        # the edges: most of the group, not its farthest leaf, should fill the disk.
        local = np.array(list(inside.values()), dtype=np.float64)
        reach = float(np.percentile(np.sqrt((local ** 2).sum(axis=1)), 80)) if len(group) > 2 else 1.0
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
        dist = np.sqrt((delta ** 2).sum(axis=2))
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
    return {node: (round((i % side - side / 2) * SPACING, 1), round(top + SPACING * (2 + i // side), 1))
            for i, node in enumerate(nodes)}


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
