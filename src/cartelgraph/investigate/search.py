"""``search``: entities whose label or alias matches a text, ranked, with their claim counts."""

from __future__ import annotations

from cartelgraph.graph import KnowledgeGraph, shorten
from cartelgraph.resolve import search

FIELDS = ["label", "class", "iri", "matched", "claims", "figures", "score"]

COUNTS_QUERY = """
SELECT ?entity (COUNT(DISTINCT ?claim) AS ?claims) (COUNT(DISTINCT ?figure) AS ?figures) WHERE {
  ?entity a cg:Entity .
  OPTIONAL { ?claim cg:participant ?entity }
  OPTIONAL { ?figure a cg:Figure ; ?link ?entity . VALUES ?link { cg:about cg:producedBy cg:place } }
} GROUP BY ?entity"""

TYPES_QUERY = "SELECT ?entity ?type WHERE { ?entity a cg:Entity ; a ?type }"


def search_entities(graph: KnowledgeGraph, text: str, *, classes: list[str] | None = None,
                    limit: int | None = 20, frame: bool = False):
    """Entities whose label or alias matches ``text`` (accents, case and word order forgiven;
    partial words allowed), best first: exact label, exact alias, prefix, words, substring, fuzzy.

    Parameters
    ----------
    classes : class names (``Person``, ``cg:Cartel``) or IRIs; subclasses count (``Person``
        keeps officials).
    limit : at most this many rows (None for all).
    frame : return a pandas DataFrame instead of a list of dicts.

    Returns
    -------
    Rows with ``label``, ``class`` (most specific class, short name), ``iri``, ``matched`` (the
    alias that matched, if not the label), ``claims`` and ``figures`` (how many it takes part
    in), ``score`` (100 exact label … 0).
    """
    from cartelgraph.projection import Filters

    matches = search(graph, text, limit=None)
    if classes:
        wanted = Filters.of(classes=classes).classes
        typed = {r["entity"] for r in graph.select(TYPES_QUERY) if r["type"] in wanted}
        matches = [m for m in matches if m.iri in typed]
    matches = matches[:limit] if limit else matches
    counts = {r["entity"]: r for r in graph.select(COUNTS_QUERY)} if matches else {}
    rows = [{
        "label": m.label, "class": m.class_name, "iri": shorten(m.iri),
        "matched": m.matched if m.matched != m.label else None,
        "claims": counts.get(m.iri, {}).get("claims", 0), "figures": counts.get(m.iri, {}).get("figures", 0),
        "score": m.score,
    } for m in matches]
    if frame:
        from cartelgraph.investigate.claims import to_frame

        return to_frame(rows, FIELDS)
    return rows
