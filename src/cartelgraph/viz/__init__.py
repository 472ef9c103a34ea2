"""The interactive network page: one offline, self-contained HTML file built on vis-network.

>>> from cartelgraph import open_graph
>>> from cartelgraph.viz import network_page
>>> page = network_page(open_graph(), focus="García Luna", depth=2)  # doctest: +SKIP
>>> page.save("garcia-luna.html")                                      # doctest: +SKIP

In a notebook, :func:`show` returns a page that displays inline (an iframe with ``srcdoc``).
"""

from __future__ import annotations

from cartelgraph.viz.data import SIZE_MEASURES, node_measure, page_data
from cartelgraph.viz.page import NetworkPage, render_html

__all__ = ["SIZE_MEASURES", "NetworkPage", "network_page", "node_measure", "page_data", "render_html", "show"]


def network_page(graph=None, **options) -> NetworkPage:
    """Build the page for ``graph`` (default: :func:`cartelgraph.open_graph`).

    ``options`` are those of :func:`cartelgraph.viz.data.page_data`: ``focus``, ``depth``,
    ``filters`` (or ``types``, ``relations``, ``statuses``, ``exclude_statuses``, ``as_of`` and
    the other keywords of :meth:`cartelgraph.projection.Filters.of`), ``size_by``,
    ``max_nodes``, ``title``. Commentary edges are left out unless ``include_commentary=True``.
    """
    if graph is None:
        from cartelgraph import open_graph

        graph = open_graph()
    data = page_data(graph, **options)
    return NetworkPage(data, render_html(data))


def show(graph=None, *, height: int = 720, **options) -> NetworkPage:
    """The page for a notebook cell: displayed inline, ``height`` pixels high."""
    page = network_page(graph, **options)
    page.height = height
    return page
