"""The interactive network page: one offline, self-contained HTML file built on vis-network.

>>> from cartelgraph import open_graph
>>> from cartelgraph.viz import network_page
>>> page = network_page(open_graph(), focus="García Luna", depth=2)  # doctest: +SKIP
>>> page.save("garcia-luna.html")                                      # doctest: +SKIP

In a notebook, :func:`show` returns a page that displays inline (an iframe with ``srcdoc``),
from the store or from a networkx graph made with :mod:`cartelgraph.analytics`:

>>> from cartelgraph.analytics import louvain, network, pagerank   # doctest: +SKIP
>>> G = network(open_graph(), exclude_statuses=["Alleged"])        # doctest: +SKIP
>>> show(G, scores=pagerank(G), communities=louvain(G))             # doctest: +SKIP
"""

from __future__ import annotations

from cartelgraph.graph import open_graph
from cartelgraph.viz.bridge import SIZE_MEASURES, is_networkx, node_measure
from cartelgraph.viz.data import page_data
from cartelgraph.viz.page import NetworkPage, render_html

__all__ = ["SIZE_MEASURES", "NetworkPage", "network_page", "node_measure", "page_data", "render_html", "show"]


def network_page(graph=None, *, store=None, **options) -> NetworkPage:
    """Build the page for ``graph``: a store (default :func:`cartelgraph.open_graph`) or a
    networkx graph whose nodes are entity IRIs, read from ``store`` (default: the same).

    ``options`` are those of :func:`cartelgraph.viz.data.page_data`: ``focus``, ``depth``,
    ``filters`` (or ``types``, ``relations``, ``statuses``, ``exclude_statuses``, ``as_of`` and
    the other keywords of :meth:`cartelgraph.projection.Filters.of`), ``size_by``, ``scores``,
    ``communities``, ``max_nodes``, ``title``. Commentary edges are left out unless
    ``include_commentary=True``.
    """
    if is_networkx(graph):
        options["network"], graph = graph, store
    elif store is not None:
        raise TypeError("store= goes with a networkx graph; give the store as the first argument instead")
    data = page_data(graph if graph is not None else open_graph(), **options)
    return NetworkPage(data, render_html(data))


def show(graph=None, *, height: int = 720, **options) -> NetworkPage:
    """The network page for a notebook cell, displayed inline ``height`` pixels high.

    show(graph=None, *, height=720, store=None, focus=None, depth=1, filters=None, size_by="degree",
         scores=None, communities=None, max_nodes=None, title=None, **filter_keywords)

    Parameters
    ----------
    graph : KnowledgeGraph or networkx.Graph, optional
        The store (default :func:`cartelgraph.open_graph`), or a networkx graph keyed by entity
        IRI as :func:`cartelgraph.analytics.network` or :func:`cartelgraph.projection.project`
        make it: the page draws its nodes and the claims behind its edges (``claims`` or
        ``claim`` on an edge, else every claim the filters keep), with the evidence read from
        ``store`` (default :func:`cartelgraph.open_graph`).
    size_by : str
        Any measure of :mod:`cartelgraph.analytics` (``pagerank``, ``degree``, ``betweenness``,
        ``closeness``, ``eigenvector``, ``kcore``, ``strength``), over the filtered network.
    scores : dict, optional
        ``{node: number}`` to size by instead, e.g. a centrality computed in the notebook.
    communities : list of sets or dict, optional
        Groups to colour by (``louvain(G)`` or ``[{iri, ...}, ...]``); the page opens coloured
        by them.
    focus, depth, filters, max_nodes, title, **filter_keywords
        As for :func:`cartelgraph.viz.data.page_data` and ``cartelgraph viz``.

    Returns
    -------
    NetworkPage
        Displays itself in Jupyter; ``.save(path)`` writes the HTML, ``.data`` holds the data.
    """
    page = network_page(graph, **options)
    page.height = height
    return page
