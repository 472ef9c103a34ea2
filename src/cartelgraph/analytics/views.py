"""The same measure over several views of the graph (statuses, periods), side by side: how a
ranking changes when alleged links are left out, or from one administration to the next."""

from __future__ import annotations

from cartelgraph.analytics.centrality import centrality
from cartelgraph.analytics.network import describe, network
from cartelgraph.domain import domain
from cartelgraph.projection import Filters


def status_views(**filters) -> dict[str, Filters]:
    """Three views from most to least inclusive: every claim, every claim but the alleged ones,
    and only convicted or confirmed claims. ``filters`` (e.g. ``classes``) apply to all three.

    >>> list(status_views())
    ['all claims', 'without alleged', 'convicted or confirmed']
    """
    return {
        "all claims": Filters.of(**filters),
        "without alleged": Filters.of(exclude_statuses=["Alleged"], **filters),
        "convicted or confirmed": Filters.of(statuses=["Convicted", "Confirmed"], **filters),
    }


def administration_views(*, include_undated: bool = False, graph=None, **filters) -> dict[str, Filters]:
    """One view per federal administration (the ontology's ``cg:Administration``, those of
    ``graph`` when given), oldest first: claims overlapping its term. Undated claims are left
    out by default, since they cannot be placed in a term.

    >>> {name: view.period for name, view in administration_views().items()}    # doctest: +NORMALIZE_WHITESPACE
    {'Enrique Peña Nieto': ('2012-12-01', '2018-11-30'), 'Andrés Manuel López Obrador': ('2018-12-01', '2024-09-30'),
     'Claudia Sheinbaum': ('2024-10-01', None)}
    """
    return {
        term.label: Filters.of(period=term.period, include_undated=include_undated, **filters)
        for term in domain(graph).administrations.values()
    }


def rankings(graph, views: dict[str, Filters], *, measure: str = "pagerank", top: int | None = None, **options):
    """A pandas DataFrame: ``iri``, ``label``, ``class`` and the entity's rank in each view
    (1 is the highest score). An entity with no link in a view has no rank there (``<NA>``).
    Sorted by the first view, then the next ones; ``top`` keeps the entities in the top ``top`` of any view.
    ``options`` go to the measure (e.g. ``k``, ``seed`` for betweenness).

    >>> import cartelgraph as cg
    >>> ranks = rankings(cg.open_graph(), status_views(), measure="pagerank", top=2)
    >>> print(ranks.drop(columns="iri").to_string())
                                 label    class  all claims  without alleged  convicted or confirmed
    0                           Mexico  Country           1                1                       1
    1  Secretariat of National Defense   Agency           2                2                       3
    ...
    """
    import pandas as pd

    ranks: dict[str, dict[str, int]] = {}
    people: dict[str, dict] = {}
    for name, filters in views.items():
        G = network(graph, filters)
        scores = {node: value for node, value in centrality(G, measure, **options).items() if G.degree(node)}
        ordered = sorted(scores, key=lambda node: (-scores[node], G.nodes[node]["label"]))
        rank, previous = 0, None
        ranks[name] = {}
        for position, node in enumerate(ordered, 1):
            if scores[node] != previous:
                rank, previous = position, scores[node]
            ranks[name][node] = rank
            people.setdefault(node, describe(G, node))
    frame = pd.DataFrame.from_records(list(people.values()), columns=["iri", "label", "class"])
    for name in views:
        frame[name] = pd.array([ranks[name].get(node) for node in frame["iri"]], dtype="Int64")
    if top is not None:
        frame = frame[(frame[list(views)] <= top).any(axis=1)]
    return frame.sort_values([*views, "label"], na_position="last", ignore_index=True)


def sizes(graph, views: dict[str, Filters]):
    """A pandas DataFrame, one row per view: ``entities`` with at least one link, ``links``
    (pairs of entities) and ``claims``.

    >>> import cartelgraph as cg
    >>> print(sizes(cg.open_graph(), status_views()).to_string())
                         view  entities  links  claims
    0              all claims       119    178     162
    1         without alleged       110    160     146
    2  convicted or confirmed        36     45      42
    """
    import pandas as pd

    rows = []
    for name, filters in views.items():
        G = network(graph, filters)
        claims = {claim for _, _, edge in G.edges(data=True) for claim in edge["claims"]}
        rows.append(
            {
                "view": name,
                "entities": sum(1 for node in G if G.degree(node)),
                "links": G.number_of_edges(),
                "claims": len(claims),
            }
        )
    return pd.DataFrame.from_records(rows, columns=["view", "entities", "links", "claims"])
