"""The network every analytic starts from, checked filters, and results as tables.

Every measure takes a ``networkx`` graph: the weighted view of the projection (one edge per pair
of entities, ``weight`` = claims, ``distance`` = 1/weight). A claim ``MultiDiGraph`` from
:func:`cartelgraph.projection.project` is accepted too and turned into that view.
"""

from __future__ import annotations

from cartelgraph.dates import date_problem
from cartelgraph.errors import ParameterError, UsageError
from cartelgraph.graph import KnowledgeGraph
from cartelgraph.projection import CG, Filters, earliest, latest, weighted, weighted_network

KNOWN_TERMS_QUERY = """
SELECT ?term ?kind WHERE {
  { ?term rdfs:subClassOf* cg:Entity BIND("class" AS ?kind) }
  UNION { ?term a cg:Status BIND("status" AS ?kind) }
  UNION { ?term a cg:DerivedEdge BIND("relation" AS ?kind) }
  UNION { ?edge a cg:DerivedEdge ; cg:fromClaim ?term BIND("relation" AS ?kind) }
}"""



def network(graph: KnowledgeGraph, filters: Filters | None = None, **filter_options):
    """The weighted ``networkx.Graph`` of the projection, after checking the filters.

    ``filters`` or the keywords of :meth:`Filters.of` (``classes``, ``relations``,
    ``exclude_relations``, ``statuses``,
    ``exclude_statuses``, ``as_of``, ``period``, ``include_undated``) choose what is kept.
    An unknown class, status or relation name, or a malformed date, raises
    :class:`~cartelgraph.errors.UsageError` naming it."""
    if filters is None:
        filters = Filters.of(**filter_options)
    elif filter_options:
        raise UsageError("give either filters or filter keywords, not both")
    check_filters(graph, filters)
    from cartelgraph.analytics.running import working

    with working("projecting the claims"):  # ~2 s at a million triples: say so on a terminal
        return weighted_network(graph, filters)


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
    for row in graph.select(KNOWN_TERMS_QUERY):
        known[row["kind"]].add(row["term"])
    for parameter, kind, values in (("classes", "class", filters.classes), ("relations", "relation", filters.relations),
                                    ("exclude_relations", "relation", filters.exclude_relations),
                                    ("statuses", "status", filters.statuses),
                                    ("exclude_statuses", "status", filters.exclude_statuses)):
        for value in sorted(values or ()):
            if value not in known[kind]:
                import difflib

                names = sorted(short(term) for term in known[kind] if term.startswith(CG))
                close = difflib.get_close_matches(short(value), names, n=3, cutoff=0.6)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                raise ParameterError(parameter, short(value), f"no such {kind}{hint}; known: {', '.join(names)}")
    dates = [("as_of", filters.as_of)] + [("period", d) for d in (filters.period or ())]
    for parameter, date in dates:
        problem = date_problem(date) if date is not None else None
        if problem:
            raise ParameterError(parameter, date, problem)
    low, high = filters.period or (None, None)
    if low and high and earliest(low) > latest(high):
        raise ParameterError("period", f"{low}..{high}", "the start comes after the end")


def as_simple(G):
    """``G`` as the weighted simple graph (a claim multigraph is collapsed by :func:`weighted`)."""
    return weighted(G) if G.is_multigraph() else G


def short(iri: str) -> str:
    """A cg: term's local name (``Official``); other IRIs in their prefixed form."""
    from cartelgraph.graph import shorten

    return iri[len(CG):] if iri.startswith(CG) else shorten(iri)


def ranking(scores: dict, G, *, top: int | None = None, as_frame: bool = False, column: str = "score"):
    """Rows ``rank, iri, label, class, <column>``, highest score first (ties by label).

    Equal scores share a rank (1, 2, 2, 4). ``as_frame`` returns a pandas DataFrame."""
    ordered = sorted(scores.items(), key=lambda item: (-item[1], G.nodes[item[0]].get("label", item[0])))
    rows, rank, previous = [], 0, None
    for position, (iri, value) in enumerate(ordered, 1):
        if value != previous:
            rank, previous = position, value
        if top is not None and position > top:
            break
        rows.append({"rank": rank, **describe(G, iri), column: value})
    if as_frame:
        import pandas as pd

        return pd.DataFrame.from_records(rows, columns=["rank", "iri", "label", "class", column])
    return rows


def describe(G, iri: str) -> dict:
    """``iri``, ``label`` and ``class`` (local name) of a node."""
    attrs = G.nodes[iri]
    return {"iri": iri, "label": attrs.get("label", iri), "class": short(attrs["cls"]) if "cls" in attrs else ""}
