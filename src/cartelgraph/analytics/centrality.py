"""Centrality measures over the weighted projection, each a dict keyed by entity IRI.

Weights are chosen per measure, on purpose. An edge's ``weight`` counts the claims linking two
entities: a *strength* (more sourced links, a stronger tie). networkx reads the weight of
PageRank and eigenvector centrality as a strength, so they get ``weight``. Betweenness and
closeness read it as a *length* (shortest paths add weights up), so they get ``distance`` =
1/weight: a pair linked by three claims is closer than a pair linked by one. Passing ``weight``
to betweenness would make the best-documented ties the longest paths, exactly backwards.

Every function takes the graph first and options as keywords, and passes ``backend`` to
networkx's dispatcher (``NETWORKX_BACKEND_PRIORITY`` is honoured when no backend is given).

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_edge("a", "b", weight=1, distance=1.0)
>>> G.add_edge("b", "c", weight=2, distance=0.5)
>>> betweenness(G)
{'a': 0.0, 'b': 1.0, 'c': 0.0}
>>> kcore(G)
{'a': 1, 'b': 1, 'c': 1}
"""

from __future__ import annotations

from cartelgraph.analytics.network import as_simple
from cartelgraph.analytics.running import call, working
from cartelgraph.errors import ParameterError

# Above this many nodes, betweenness runs on networkit (when installed) unless told otherwise.
LARGE_GRAPH = 5000


def degree(G, *, backend: str | None = None) -> dict[str, float]:
    """Degree centrality: the share of the other entities a node has a sourced link with
    (distinct neighbours / (n - 1)); how many actors one actor is tied to.

    >>> import networkx as nx
    >>> degree(nx.path_graph(["a", "b", "c"]))
    {'a': 0.5, 'b': 1.0, 'c': 0.5}
    """
    import networkx as nx

    return call(nx.degree_centrality, as_simple(G), backend=backend, task="degree")


def strength(G, *, weight: str = "weight") -> dict[str, float]:
    """Weighted degree: the number of claims a node takes part in (pairs counted once each).

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", weight=1)
    >>> G.add_edge("b", "c", weight=2)
    >>> strength(G)
    {'a': 1, 'b': 3, 'c': 2}
    """
    return dict(as_simple(G).degree(weight=weight))


def betweenness(
    G,
    *,
    k: int | None = None,
    seed: int | None = None,
    weight: str | None = "distance",
    normalized: bool = True,
    backend: str | None = None,
    engine: str = "auto",
) -> dict[str, float]:
    """Betweenness centrality: the share of shortest paths between other entities that pass
    through a node; the go-betweens. ``weight`` is a length (``distance`` = 1/claims).

    ``k`` samples that many source nodes (an estimate, for large graphs) and ``seed`` fixes the
    sample. ``engine``: ``"networkx"``, ``"networkit"`` (compiled, much faster on large graphs;
    needs the ``bench`` extra) or ``"auto"`` (networkit above :data:`LARGE_GRAPH` nodes when it
    is installed and no networkx ``backend`` is asked for). Exact results agree between engines;
    sampled ones are different estimators (networkit: Geisberger-Sanders-Schultes).

    >>> import cartelgraph as cg
    >>> G = cg.network()
    >>> scores = betweenness(G)
    >>> round(scores[cg.node(G, "National Guard")["iri"]], 4)
    0.0699
    """
    import networkx as nx

    G = as_simple(G)
    if k is not None and not 1 <= k:
        raise ParameterError("k", k, "the number of samples must be at least 1")
    if k is not None and k >= len(G):
        k = None  # sampling every node is the exact computation
    if engine not in ("auto", "networkx", "networkit"):
        raise ParameterError("engine", engine, "give auto, networkx or networkit")
    if engine == "auto":
        engine = "networkit" if backend is None and len(G) > LARGE_GRAPH and _networkit() else "networkx"
    if engine == "networkit":
        if _networkit() is None:
            raise ParameterError("engine", engine, "not installed (pip install 'cartelgraph[bench]')")
        return _networkit_betweenness(G, k=k, seed=seed, weight=weight, normalized=normalized)
    task = f"betweenness ({k} samples)" if k else "betweenness"
    return call(
        nx.betweenness_centrality, G, k=k, seed=seed, weight=weight, normalized=normalized, backend=backend, task=task
    )


def closeness(G, *, weight: str | None = "distance", backend: str | None = None) -> dict[str, float]:
    """Closeness centrality: how near a node is to every entity it can reach (the inverse of
    the mean ``distance``), scaled by the share of the network it can reach (Wasserman-Faust),
    so that a node in a small fragment does not look central.

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", distance=1.0)
    >>> G.add_edge("b", "c", distance=0.5)
    >>> closeness(G)
    {'a': 0.8, 'b': 1.3333333333333333, 'c': 1.0}
    """
    import networkx as nx

    return call(nx.closeness_centrality, as_simple(G), distance=weight, backend=backend, task="closeness")


def eigenvector(
    G, *, weight: str | None = "weight", max_iter: int = 1000, tol: float = 1e-9, backend: str | None = None
) -> dict[str, float]:
    """Eigenvector centrality: a node is central when its neighbours are central; ``weight``
    (claims per pair) is a strength.

    It is the leading eigenvector of the adjacency matrix. In a network split into pieces that
    vector lives on the piece with the largest leading eigenvalue (the densest core) and is zero
    elsewhere, so that piece is computed with networkx and every other node scores 0.0.

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])   # two pieces: the denser one counts
    >>> {node: round(score, 3) for node, score in eigenvector(G).items()}
    {'a': 0.5, 'b': 0.707, 'c': 0.5, 'x': 0.0, 'y': 0.0}
    """
    import networkx as nx

    G = as_simple(G)
    scores = dict.fromkeys(G, 0.0)
    pieces = [piece for piece in nx.connected_components(G) if len(piece) > 1]
    if not pieces:
        return scores
    core = max(pieces, key=lambda piece: (_leading_eigenvalue(G.subgraph(piece), weight), len(piece)))
    # The piece in G's own order: G.subgraph(core) walks the set when it is under half of G, and a
    # set's order changes with the hash seed, and with it the last digits of the sums.
    piece = nx.Graph()
    piece.add_nodes_from(n for n in G if n in core)
    piece.add_edges_from((u, v, d) for u, v, d in G.edges(data=True) if u in core)
    scores.update(
        call(
            nx.eigenvector_centrality,
            piece,
            weight=weight,
            max_iter=max_iter,
            tol=tol,
            backend=backend,
            task="eigenvector",
        )
    )
    return scores


def pagerank(G, *, weight: str | None = "weight", alpha: float = 0.85, backend: str | None = None) -> dict[str, float]:
    """PageRank: the share of time a random walker spends at a node, following links in
    proportion to ``weight`` (claims per pair) and jumping anywhere with probability
    1 - ``alpha``. Links are taken both ways: a relation's direction (who arrested whom) says
    nothing about whose importance flows to whom.

    >>> import networkx as nx
    >>> {node: round(score, 3) for node, score in pagerank(nx.path_graph(["a", "b", "c"])).items()}
    {'a': 0.257, 'b': 0.486, 'c': 0.257}
    """
    import networkx as nx

    return call(nx.pagerank, as_simple(G), alpha=alpha, weight=weight, backend=backend, task="pagerank")


def kcore(G, *, backend: str | None = None) -> dict[str, int]:
    """Core number: the largest k such that the node belongs to a group where everyone has at
    least k links inside the group; the tightly knit centre of the network has the highest.

    >>> import networkx as nx
    >>> kcore(nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]))
    {'a': 2, 'b': 2, 'c': 2, 'd': 1}
    """
    import networkx as nx

    return call(nx.core_number, as_simple(G), backend=backend, task="k-core")


MEASURES = {
    "pagerank": pagerank,
    "degree": degree,
    "betweenness": betweenness,
    "closeness": closeness,
    "eigenvector": eigenvector,
    "kcore": kcore,
}


def centrality(G, measure: str = "pagerank", **options) -> dict[str, float]:
    """One of :data:`MEASURES` by name, with that measure's keyword options.

    >>> import networkx as nx
    >>> centrality(nx.path_graph(["a", "b", "c"]), "degree")
    {'a': 0.5, 'b': 1.0, 'c': 0.5}
    >>> centrality(nx.path_graph(["a", "b", "c"]), "fame")
    Traceback (most recent call last):
    ...
    cartelgraph.errors.ParameterError: measure='fame': no such measure; known: pagerank, degree, ...
    """
    try:
        function = MEASURES[measure]
    except KeyError:
        raise ParameterError("measure", measure, f"no such measure; known: {', '.join(MEASURES)}") from None
    return function(G, **options)


def compare(G, measures=tuple(MEASURES), **options):
    """A pandas DataFrame with one column per measure (rows: ``iri``, ``label``, ``class``),
    sorted by the first measure. ``options`` go to betweenness (``k``, ``seed``) and every
    measure (``backend``).

    >>> import cartelgraph as cg
    >>> table = compare(cg.network(), ["pagerank", "degree", "betweenness"])
    >>> print(table[["label", "pagerank", "betweenness"]].head(3).round(4).to_string())
                                 label  pagerank  betweenness
    0                           Mexico    0.0575       0.1138
    1  Secretariat of National Defense    0.0421       0.0657
    2             Mexican Armed Forces    0.0400       0.0775
    """
    import pandas as pd

    from cartelgraph.analytics.network import describe

    G = as_simple(G)
    columns = {}
    for name in measures:
        own = {
            key: value
            for key, value in options.items()
            if key == "backend" or (name == "betweenness" and key in ("k", "seed", "engine"))
        }
        columns[name] = centrality(G, name, **own)
    frame = pd.DataFrame.from_records([describe(G, node) for node in G], columns=["iri", "label", "class"])
    for name, scores in columns.items():
        frame[name] = [scores[node] for node in G]
    return frame.sort_values([measures[0], "label"], ascending=[False, True], ignore_index=True)


def _leading_eigenvalue(G, weight) -> float:
    import networkx as nx
    import numpy as np

    matrix = nx.to_scipy_sparse_array(G, weight=weight, dtype=float)
    if matrix.shape[0] <= 2000:
        return float(np.linalg.eigvalsh(matrix.toarray())[-1])
    from scipy.sparse.linalg import eigsh

    return float(eigsh(matrix, k=1, which="LA", return_eigenvectors=False)[0])


def _networkit():
    try:
        import networkit
    except ImportError:
        return None
    return networkit


def _networkit_betweenness(G, *, k, seed, weight, normalized) -> dict[str, float]:
    nk = _networkit()
    nodes = list(G)
    converted = nk.nxadapter.nx2nk(G, weightAttr=weight)  # node i is nodes[i]
    if seed is not None:
        nk.setSeed(seed, False)
    with working(f"betweenness on networkit ({k} samples)" if k else "betweenness on networkit"):
        if k is None:
            algorithm = nk.centrality.Betweenness(converted, normalized=normalized)
        else:
            algorithm = nk.centrality.EstimateBetweenness(converted, k, normalized, False)
        algorithm.run()
        scores = algorithm.scores()
    return {node: float(scores[i]) for i, node in enumerate(nodes)}
