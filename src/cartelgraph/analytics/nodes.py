"""Nodes by name. A network made by :func:`~cartelgraph.analytics.network` keeps the knowledge
graph it was projected from (``G.graph["knowledge_graph"]``) and its filters
(``G.graph["filters"]``), so that every function taking a node takes a label, an alias or an
IRI as well: names are resolved by :mod:`cartelgraph.resolve`, the same rule as the command
line's (an exact label first, then an exact alias, then a single partial match).

Nodes stay keyed by IRI, so networkx itself and other code see the same graph; each carries
``iri``, ``label`` and ``class`` (the most specific class's short name, e.g. ``Official``).

>>> import cartelgraph as cg
>>> G = cg.network()
>>> cg.node(G, "Cienfuegos")["label"]
'Salvador Cienfuegos'
>>> node_key(G, "cgr:sinaloa-cartel")
'https://w3id.org/cartelgraph/id/sinaloa-cartel'
"""

from __future__ import annotations

import os
import sys
import warnings

from cartelgraph.errors import UnknownNameError
from cartelgraph.graph import KnowledgeGraph, shorten
from cartelgraph.projection import describe_filters
from cartelgraph.resolve import RUN_TIMEOUT, _resolution

# Where a network keeps the knowledge graph it was projected from, and the filters it applied.
KNOWLEDGE_GRAPH = "knowledge_graph"
FILTERS = "filters"


def knowledge_graph(G) -> KnowledgeGraph:
    """The knowledge graph behind ``G``: ``G`` itself when it is one (an
    :class:`~cartelgraph.graph.KnowledgeGraph`), else the one a network from
    :func:`~cartelgraph.analytics.network` was projected from.

    >>> import cartelgraph as cg
    >>> knowledge_graph(cg.network())                               # doctest: +ELLIPSIS
    EmbeddedGraph('...')
    >>> import networkx as nx
    >>> knowledge_graph(nx.Graph())
    Traceback (most recent call last):
    ...
    ValueError: this networkx graph was not made by cartelgraph.network(), so it has no knowledge graph...
    """
    if isinstance(G, KnowledgeGraph):
        return G
    found = getattr(G, "graph", {}).get(KNOWLEDGE_GRAPH)
    if found is None:
        raise ValueError(
            "this networkx graph was not made by cartelgraph.network(), so it has no knowledge graph "
            "behind it; pass graph=cartelgraph.open_graph()"
        )
    return found


def node_key(G, name: str, *, graph: KnowledgeGraph | None = None) -> str:
    """The node of ``G`` that ``name`` (a label, alias, IRI, ``cgr:…`` or node key) designates.

    Raises :class:`LookupError`: :class:`~cartelgraph.errors.UnknownNameError` with the closest
    names, :class:`~cartelgraph.resolve.AmbiguousNameError` listing the candidates, or
    :class:`NotInNetworkError` for an entity the network's filters left out. When the name may
    also mean another entity ('Sinaloa': the state, or the cartel?), a warning says which was taken.

    >>> import cartelgraph as cg
    >>> G = cg.network()
    >>> node_key(G, "García Luna")
    'https://w3id.org/cartelgraph/id/genaro-garcia-luna'
    >>> node_key(G, "Nobody at all")
    Traceback (most recent call last):
    ...
    cartelgraph.errors.UnknownNameError: no entity named 'Nobody at all'...
    """
    return node_keys(G, [name], graph=graph)[0]


def node_keys(G, names, *, graph: KnowledgeGraph | None = None) -> list[str]:
    """:func:`node_key` of each of ``names``, resolved together (one worker process for all).

    >>> import cartelgraph as cg
    >>> [shorten(key) for key in node_keys(cg.network(), ["Cienfuegos", "El Mencho"])]
    ['cgr:salvador-cienfuegos', 'cgr:nemesio-oseguera-cervantes']
    """
    names = list(names)
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"a node is named by a string (a label, alias or IRI), not {type(name).__name__}")
    unknown = [name for name in names if name not in G]
    found = {}
    if unknown:
        behind = graph if graph is not None else _knowledge_graph_or_none(G)
        if behind is None:
            raise UnknownNameError(
                f"no node {unknown[0]!r} in this graph (other names than node keys are resolved "
                "through a network made by cartelgraph.network(), or pass graph=)"
            )
        for name, resolution in zip(unknown, _resolve_all(behind, unknown), strict=True):
            note = resolution.note()
            if note:
                warnings.warn(note.removeprefix("note: "), stacklevel=_caller_level())
            if resolution.iri not in G:
                raise NotInNetworkError(name, resolution.iri, G.graph.get(FILTERS))
            found[name] = resolution.iri
    return [found.get(name, name) for name in names]


def node(G, name: str, *, graph: KnowledgeGraph | None = None) -> dict:
    """The attributes of the node ``name`` designates (see :func:`node_key`): ``G.nodes[…]`` by
    label, alias or IRI. The dict is networkx's own: changing it changes ``G``.

    >>> import cartelgraph as cg
    >>> G = cg.network()
    >>> attrs = cg.node(G, "El Mencho")
    >>> attrs["label"], attrs["class"], shorten(attrs["iri"])
    ('Nemesio Rubén Oseguera Cervantes', 'Person', 'cgr:nemesio-oseguera-cervantes')
    """
    return G.nodes[node_key(G, name, graph=graph)]


class NotInNetworkError(UnknownNameError):
    """A name of an entity that the network leaves out (its filters, or a subgraph)."""

    def __init__(self, name: str, iri: str, filters=None):
        self.name, self.iri, self.filters = name, iri, filters
        why = f" (its filters: {describe_filters(filters)})" if filters is not None else ""
        super().__init__(f"{name!r} is {shorten(iri)}, which this network leaves out{why}")

    def __reduce__(self):
        return type(self), (self.name, self.iri, self.filters)


def _caller_level() -> int:
    """The ``stacklevel`` of the first caller outside this package, for a warning to point at the
    user's own line however deep in the package it is raised."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    frame, level = sys._getframe(1), 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package + os.sep):
        frame, level = frame.f_back, level + 1
    return level


def _knowledge_graph_or_none(G) -> KnowledgeGraph | None:
    try:
        return knowledge_graph(G)
    except ValueError:
        return None


def _resolve_all(graph: KnowledgeGraph, names: list[str]) -> list:
    """Each name's :class:`~cartelgraph.resolve.Resolution`, in one worker."""
    return graph.run(_resolutions, names, timeout=RUN_TIMEOUT)


def _resolutions(graph: KnowledgeGraph, names: list[str]) -> list:
    return [_resolution(graph, name) for name in names]
