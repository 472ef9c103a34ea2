"""The network every analytic starts from, checked filters, and the columns every table opens with.

Every measure takes a ``networkx`` graph: the weighted view of the projection (one edge per pair
of entities, ``weight`` = claims, ``distance`` = 1/weight). A claim ``MultiDiGraph`` from
:func:`cartelgraph.projection.project` is accepted too and turned into that view.
"""

from __future__ import annotations

from cartelgraph.analytics.nodes import FILTERS, KNOWLEDGE_GRAPH, node_key
from cartelgraph.analytics.running import working
from cartelgraph.dates import date_problem, in_order
from cartelgraph.errors import ParameterError, UsageError
from cartelgraph.graph import KnowledgeGraph, open_graph
from cartelgraph.internal_queries import query
from cartelgraph.knowledge_graph import short  # noqa: F401 (named here too: the tables' column form)
from cartelgraph.namespace import NS
from cartelgraph.projection import Filters, weighted, weighted_network


def network(graph: KnowledgeGraph | None = None, filters: Filters | None = None, **filter_options):
    """The weighted ``networkx.Graph`` of the projection, after checking the filters.

    Parameters
    ----------
    graph : the knowledge graph (default: :func:`cartelgraph.open_graph`, the curated data).
    filters : a :class:`~cartelgraph.projection.Filters`, or instead its keywords
        (:meth:`Filters.of <cartelgraph.projection.Filters.of>`: ``classes``, ``relations``,
        ``exclude_relations``, ``statuses``, ``exclude_statuses``, ``as_of``, ``period``,
        ``include_undated``, ``include_commentary``). Commentary (who spoke about whom) is left
        out unless ``include_commentary=True``: it is not a tie.

    Returns
    -------
    A ``networkx.Graph`` keyed by entity IRI. Nodes carry ``iri``, ``label``, ``class`` (the
    most specific class's short name), ``cls`` (its IRI) and ``classes``; edges ``weight``
    (claims linking the pair), ``distance`` (1/weight), ``claims`` (their IRIs) and
    ``relations``. ``G.graph["knowledge_graph"]`` and ``G.graph["filters"]`` say where it
    comes from, so that names work wherever a node is expected (:mod:`cartelgraph.analytics.nodes`).

    An unknown class, status or relation name, or a malformed date, raises
    :class:`~cartelgraph.errors.ParameterError` naming the parameter.

    >>> import cartelgraph as cg
    >>> G = cg.network(exclude_statuses=["Alleged"])
    >>> G.nodes["https://w3id.org/cartelgraph/id/genaro-garcia-luna"]["class"]
    'Official'
    >>> G.graph["filters"].exclude_statuses
    frozenset({'https://w3id.org/cartelgraph/ontology#Alleged'})
    """
    if filters is None:
        filters = Filters.of(**filter_options)
    elif filter_options:
        raise UsageError("give either filters or filter keywords, not both")
    if graph is None:
        graph = open_graph()
    check_filters(graph, filters)
    with working("projecting the claims"):  # ~2 s at a million triples: say so on a terminal
        G = weighted_network(graph, filters)
    G.graph[KNOWLEDGE_GRAPH], G.graph[FILTERS] = graph, filters
    return G


def check_filters(graph: KnowledgeGraph, filters: Filters) -> None:
    """Raise :class:`~cartelgraph.errors.ParameterError` for names the ontology does not define
    and malformed dates, so that a typo (``classes=["Oficial"]``) is an error rather than an
    empty network. The error names the parameter of :meth:`Filters.of` (the command line shows
    its option instead: ``--type Oficial``).

    >>> from cartelgraph import open_graph
    >>> check_filters(open_graph(), Filters.of(exclude_statuses=["Aleged"]))
    Traceback (most recent call last):
    ...
    cartelgraph.errors.ParameterError: exclude_statuses='Aleged': no such status; did you mean Alleged?; ...
    """
    known: dict[str, set[str]] = {"class": set(), "status": set(), "relation": set()}
    for row in graph.select(query("filter-terms")):
        known[row["kind"]].add(row["term"])
    for parameter, kind, values in (
        ("classes", "class", filters.classes),
        ("relations", "relation", filters.relations),
        ("exclude_relations", "relation", filters.exclude_relations),
        ("statuses", "status", filters.statuses),
        ("exclude_statuses", "status", filters.exclude_statuses),
    ):
        for value in sorted(values or ()):
            if value not in known[kind]:
                import difflib

                names = sorted(short(term) for term in known[kind] if term.startswith(NS))
                close = difflib.get_close_matches(short(value), names, n=3, cutoff=0.6)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                raise ParameterError(parameter, short(value), f"no such {kind}{hint}; known: {', '.join(names)}")
    dates = [("as_of", filters.as_of)] + [("period", d) for d in (filters.period or ())]
    for parameter, date in dates:
        problem = date_problem(date) if date is not None else None
        if problem:
            raise ParameterError(parameter, date, problem)
    low, high = filters.period or (None, None)
    if low and high and not in_order(low, high):
        raise ParameterError("period", f"{low}..{high}", "the start comes after the end")


def as_simple(G):
    """``G`` as the weighted simple graph (a claim multigraph is collapsed by :func:`weighted`)."""
    return weighted(G) if G.is_multigraph() else G


def describe(G, node: str) -> dict:
    """``iri``, ``label`` and ``class`` (local name) of a node (a node key, label, alias or IRI:
    see :func:`~cartelgraph.analytics.nodes.node_key`), the first columns of every table.

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node("https://w3id.org/cartelgraph/id/x", label="X", cls="https://w3id.org/cartelgraph/ontology#Cartel")
    >>> describe(G, "https://w3id.org/cartelgraph/id/x")
    {'iri': 'https://w3id.org/cartelgraph/id/x', 'label': 'X', 'class': 'Cartel'}
    """
    if node not in G:
        node = node_key(G, node)
    attrs = G.nodes[node]
    kind = attrs.get("class") or (short(attrs["cls"]) if attrs.get("cls") else "")
    return {"iri": node, "label": attrs.get("label", node), "class": kind}
