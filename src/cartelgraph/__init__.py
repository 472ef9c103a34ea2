"""cartelgraph: a sourced knowledge graph of Mexico's drug war.

Library first: :func:`open_graph` gives a :class:`~cartelgraph.graph.KnowledgeGraph` whose
``query`` runs SPARQL on the embedded Oxigraph store (or a remote endpoint). A notebook needs a
handful of entry points, all here; entities are given by label, alias or IRI::

    import cartelgraph as cg

    G = cg.network()                                # the networkx graph of the claims
    cg.ranking(G, "pagerank", top=10)               # who is central
    cg.paths(G, "Cienfuegos", "Sinaloa Cartel")     # how two entities are linked
    cg.evidence(G, "García Luna", "Sinaloa Cartel") # the claims behind a link, with their quotes
    cg.node(G, "El Mencho")                         # a node's attributes, by name
    cg.communities(G)                               # groups, node -> number
    cg.search(G, "guzman")                          # entities by (part of) a name
    cg.show(cg.open_graph(), focus="García Luna")   # the network page, inline (cg.page: to save)

The entry points are imported on first use (a module ``__getattr__``), so that the command line,
which imports this package, starts fast.
"""

from importlib import import_module

__version__ = "0.1.0"

# name -> (module, attribute): what `cartelgraph.<name>` is, imported when first asked for.
ENTRY_POINTS = {
    "network": ("cartelgraph.analytics.network", "network"),
    "ranking": ("cartelgraph.analytics.ranking", "ranking"),
    "communities": ("cartelgraph.analytics.communities", "communities"),
    "paths": ("cartelgraph.analytics.paths", "paths"),
    "node": ("cartelgraph.analytics.nodes", "node"),
    "search": ("cartelgraph.investigate.search", "search"),
    "evidence": ("cartelgraph.investigate.evidence", "evidence"),
    "show": ("cartelgraph.viz", "show"),
    "page": ("cartelgraph.viz", "network_page"),
}

__all__ = ["__version__", "open_graph", *ENTRY_POINTS]


def open_graph(data=None, endpoint=None, **options):
    """Open the knowledge graph: the embedded store built from ``data`` (default: the
    repository's ontology/ and graph/, or ``$CARTELGRAPH_DATA``), or the SPARQL endpoint at
    ``endpoint`` (or ``$CARTELGRAPH_ENDPOINT``).

    >>> import cartelgraph as cg
    >>> graph = cg.open_graph()
    >>> graph.select("SELECT ?label WHERE { cgr:sinaloa-cartel rdfs:label ?label }")
    [{'label': 'Sinaloa Cartel'}]
    """
    from cartelgraph.graph import open_graph as _open

    return _open(data=data, endpoint=endpoint, **options)


def __getattr__(name: str):
    try:
        module, attribute = ENTRY_POINTS[name]
    except KeyError:
        raise AttributeError(f"module 'cartelgraph' has no attribute {name!r}") from None
    value = getattr(import_module(module), attribute)
    globals()[name] = value  # found directly next time
    return value


def __dir__():
    return sorted({*globals(), *ENTRY_POINTS})
