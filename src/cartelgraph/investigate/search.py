"""``search``: entities whose label or alias matches a text, ranked, with their claim counts."""

from __future__ import annotations

from cartelgraph.deprecation import renamed_function, renamed_keyword
from cartelgraph.graph import KnowledgeGraph, shorten
from cartelgraph.internal_queries import query
from cartelgraph.investigate.claims import check_limit, in_one_worker
from cartelgraph.substitute import filled

FIELDS = ["label", "class", "iri", "matched", "claims", "figures", "score"]


@renamed_keyword("frame", "as_frame")
def search(
    graph: KnowledgeGraph,
    text: str,
    *,
    classes: list[str] | None = None,
    limit: int | None = 20,
    as_frame: bool = False,
):
    """Entities whose label or alias matches ``text`` (accents, case and word order forgiven;
    partial words allowed), best first: exact label, exact alias, prefix, words, substring, fuzzy.

    Parameters
    ----------
    classes : class names (``Person``, ``cg:Cartel``) or IRIs; subclasses count (``Person``
        keeps officials).
    limit : at most this many rows (None for all).
    as_frame : return a pandas DataFrame instead of a list of dicts.

    Returns
    -------
    Rows with ``label``, ``class`` (most specific class, short name), ``iri``, ``matched`` (the
    alias that matched, if not the label), ``claims`` and ``figures`` (how many name it, in any
    role), ``score`` (100 exact label … 0).

    >>> import cartelgraph as cg
    >>> [(row["label"], row["class"]) for row in cg.search(cg.open_graph(), "guzman", limit=3)]
    [('Ovidio Guzmán', 'Person'), ('Culiacanazo', 'Operation'), ('Joaquín Guzmán', 'Person')]
    """
    check_limit(limit, least=1)
    rows = in_one_worker(graph, _search, text, classes, limit)
    if as_frame:
        from cartelgraph.investigate.claims import to_frame

        return to_frame(rows, FIELDS)
    return rows


def _search(graph: KnowledgeGraph, text: str, classes: list[str] | None, limit: int | None) -> list[dict]:
    from cartelgraph.projection import Filters
    from cartelgraph.resolve import _search as matches_of

    if classes:
        from cartelgraph.analytics.network import check_filters

        check_filters(graph, Filters.of(classes=classes))
    wanted = Filters.of(classes=classes).classes if classes else None
    matches = matches_of(graph, text, limit, wanted, True, None)
    counts = {}
    if matches:
        text = filled(query("entity-counts"), {"entity": [m.iri for m in matches]})
        counts = {r["entity"]: r for r in graph.select(text)}
    rows = [
        {
            "label": m.label,
            "class": m.class_name,
            "iri": shorten(m.iri),
            "matched": m.matched if m.matched != m.label else None,
            "claims": counts.get(m.iri, {}).get("claims") or 0,
            "figures": counts.get(m.iri, {}).get("figures") or 0,
            "score": m.score,
        }
        for m in matches
    ]
    return rows


search_entities = renamed_function(search, "search_entities")
