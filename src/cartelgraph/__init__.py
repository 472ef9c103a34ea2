"""cartelgraph: a sourced knowledge graph of Mexico's drug war.

Library first: ``cartelgraph.open_graph()`` gives a :class:`~cartelgraph.graph.KnowledgeGraph`
whose ``query`` runs SPARQL on the embedded Oxigraph store (or a remote endpoint).
Imports stay lazy so the command line starts fast.
"""

__version__ = "0.1.0"


def open_graph(data=None, endpoint=None, **options):
    """Open the knowledge graph: the embedded store built from ``data``, or a remote endpoint."""
    from cartelgraph.graph import open_graph as _open

    return _open(data=data, endpoint=endpoint, **options)
