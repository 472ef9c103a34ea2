"""Positions for large networks, computed before the page opens so the browser only polishes.

networkx's ``spring_layout`` walks the nodes in a Python loop above 500 nodes (about 20 s for
2,000 nodes here); this is the same Fruchterman-Reingold model written as numpy array
operations, in row blocks so memory stays bounded (a few seconds for 2,000 nodes).
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


def layout_positions(simple, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Pixel positions for vis-network: about 55 px per node along each side's square root."""
    scale = 55.0 * math.sqrt(max(simple.number_of_nodes(), 1))
    return {node: (round(x * scale, 1), round(y * scale, 1))
            for node, (x, y) in force_layout(simple, seed=seed).items()}
