"""``crossref``: the entities that appear in more than one source document, with the documents.

The first question of anyone merging sources: who (and what) do the documents have in common?
An entity appears in a document when a claim or figure quoted from it names the entity, in any
role (``cg:involves``). The named query ``entities-in-several-sources`` gives the same rows to
SPARQL users; this function groups them by entity and adds each one's class.
"""

from __future__ import annotations

from cartelgraph.deprecation import renamed_keyword
from cartelgraph.graph import KnowledgeGraph, shorten
from cartelgraph.investigate.claims import Page, check_limit, in_one_worker, to_frame
from cartelgraph.text import fold

FIELDS = ["label", "class", "id", "sources", "document", "document_id", "claims", "figures", "entity"]


@renamed_keyword("frame", "as_frame")
def crossref(
    graph: KnowledgeGraph,
    *,
    classes: list[str] | None = None,
    min_sources: int = 2,
    limit: int | None = None,
    as_frame: bool = False,
):
    """The entities named by claims or figures of at least ``min_sources`` source documents,
    those in the most documents first (then by name).

    Parameters
    ----------
    classes : class names (``Person``, ``cg:Cartel``) or IRIs; subclasses count (``Person``
        keeps officials). None: every entity.
    min_sources : at least this many documents (2 or more).
    limit : at most this many entities (None: all); the list's ``total`` says how many matched.
    as_frame : return a flat pandas DataFrame, one row per entity and document (see ``FIELDS``).

    Returns
    -------
    A :class:`~cartelgraph.investigate.claims.Page` (a list) of dicts: ``entity`` (IRI), ``id``
    (``cgr:…``), ``label``, ``class`` (most specific class, short name), ``sources`` (in how
    many documents it appears), ``documents`` (``[{source, id, title, claims, figures}]``, by
    title: how many claims and figures quoted from each name the entity).

    >>> import cartelgraph as cg
    >>> from cartelgraph.investigate import crossref
    >>> people = crossref(cg.open_graph(), classes=["Person"], limit=3)
    >>> [(entity["label"], entity["sources"]) for entity in people], people.total
    ([('Joaquín Guzmán', 3), ('Andrés Manuel López Obrador', 2), ('Claudia Sheinbaum', 2)], 5)
    """
    check_limit(limit)
    page = in_one_worker(graph, _crossref, classes, min_sources, limit)
    if as_frame:
        return to_frame(flatten(page), FIELDS)
    return page


def _crossref(graph: KnowledgeGraph, classes: list[str] | None, min_sources: int, limit: int | None) -> Page:
    from cartelgraph.errors import ParameterError
    from cartelgraph.projection import Filters
    from cartelgraph.queries import get
    from cartelgraph.resolve import _classes, _typed

    if min_sources < 2:
        raise ParameterError("min_sources", min_sources, "must be at least 2 (an entity in one document is not shared)")
    wanted = None
    if classes:
        from cartelgraph.analytics.network import check_filters

        check_filters(graph, Filters.of(classes=classes))
        wanted = Filters.of(classes=classes).classes
    entities: dict[str, dict] = {}
    for row in graph.select(get("entities-in-several-sources").text):
        entity = entities.setdefault(
            row["entity"],
            {
                "entity": row["entity"],
                "id": shorten(row["entity"]),
                "label": row["entityLabel"],
                "class": None,
                "sources": row["sourceCount"],
                "documents": [],
            },
        )
        entity["label"] = min(entity["label"], row["entityLabel"])  # an entity with two labels, once
        if not any(d["source"] == row["source"] for d in entity["documents"]):
            entity["documents"].append(
                {
                    "source": row["source"],
                    "id": shorten(row["source"]),
                    "title": row["sourceLabel"],
                    "claims": row["claims"],
                    "figures": row["figures"],
                }
            )
    kept = [e for e in entities.values() if e["sources"] >= min_sources]
    if wanted is not None:
        typed = _typed(graph, [e["entity"] for e in kept], wanted)
        kept = [e for e in kept if e["entity"] in typed]
    kinds = _classes(graph, [e["entity"] for e in kept])
    for entity in kept:
        entity["class"] = kinds.get(entity["entity"], "").rsplit("#", 1)[-1] or None
        entity["documents"].sort(key=lambda d: (fold(d["title"]), d["source"]))
    kept.sort(key=lambda e: (-e["sources"], fold(e["label"]), e["label"], e["entity"]))
    return Page(kept[:limit] if limit is not None else kept, total=len(kept))


def flatten(entities: list[dict]) -> list[dict]:
    """One row per entity and document, for CSV and DataFrames."""
    return [
        {
            "label": e["label"],
            "class": e["class"],
            "id": e["id"],
            "sources": e["sources"],
            "document": d["title"],
            "document_id": d["id"],
            "claims": d["claims"],
            "figures": d["figures"],
            "entity": e["entity"],
        }
        for e in entities
        for d in e["documents"]
    ]
