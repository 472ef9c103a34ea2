"""``figures``: the statistics as the sources print them, filtered and lined up so that the same
measure over several periods reads as a trend."""

from __future__ import annotations

from cartelgraph.graph import KnowledgeGraph
from cartelgraph.investigate.claims import (
    flatten_evidence,
    load_evidence,
    overlaps,
    plain_number,
    sort_key,
    to_frame,
    when,
)
from cartelgraph.resolve import fold

FIELDS = ["figure", "measure", "value_text", "value", "value_max", "qualifier", "unit", "place_label",
          "when", "period_label", "producer_label", "about", "sources", "quotes", "cited", "place", "producer",
          "date", "start_date", "end_date", "note"]

FIGURES_QUERY = """
SELECT ?figure ?value ?valueMax ?qualifier ?unit ?measure ?date ?startDate ?endDate ?periodLabel
       ?place ?placeLabel ?producer ?producerLabel ?note WHERE {
  ?figure a cg:Figure ; cg:value ?value ; cg:unit ?unit ; cg:measure ?measure .
  OPTIONAL { ?figure cg:valueMax ?valueMax }
  OPTIONAL { ?figure cg:qualifier ?qualifier }
  OPTIONAL { ?figure cg:date ?date }
  OPTIONAL { ?figure cg:startDate ?startDate }
  OPTIONAL { ?figure cg:endDate ?endDate }
  OPTIONAL { ?figure cg:periodLabel ?periodLabel }
  OPTIONAL { ?figure cg:place ?place . ?place rdfs:label ?placeLabel }
  OPTIONAL { ?figure cg:producedBy ?producer . ?producer rdfs:label ?producerLabel }
  OPTIONAL { ?figure cg:note ?note }
}"""

ABOUT_QUERY = """
SELECT ?figure ?entity ?label WHERE { ?figure a cg:Figure ; cg:about ?entity . ?entity rdfs:label ?label }"""


def load_figures(graph: KnowledgeGraph, evidence: dict | None = None) -> list[dict]:
    """Every figure as a dict (see :func:`figures` for the fields), in trend order."""
    evidence = load_evidence(graph) if evidence is None else evidence
    about: dict[str, list[dict]] = {}
    for row in sorted(graph.select(ABOUT_QUERY), key=lambda r: r["label"]):
        about.setdefault(row["figure"], []).append({"entity": row["entity"], "label": row["label"]})
    found: dict[str, dict] = {}
    for row in graph.select(FIGURES_QUERY):
        if row["figure"] in found:  # a second place or producer: keep the first, validate reports it
            continue
        figure = {
            "figure": row["figure"], "measure": row["measure"], "value": plain_number(row["value"]),
            "value_max": plain_number(row.get("valueMax")), "qualifier": row.get("qualifier"),
            "unit": row["unit"], "place": row.get("place"), "place_label": row.get("placeLabel"),
            "date": row.get("date"), "start_date": row.get("startDate"), "end_date": row.get("endDate"),
            "period_label": row.get("periodLabel"), "producer": row.get("producer"),
            "producer_label": row.get("producerLabel"), "about": about.get(row["figure"], []),
            "note": row.get("note"), "evidence": evidence.get(row["figure"], []),
        }
        figure["when"] = when(figure)
        figure["value_text"] = value_text(figure)
        found[row["figure"]] = figure
    return sorted(found.values(), key=trend_key)


def figures(graph: KnowledgeGraph, *, measure: str | None = None, place: str | None = None,
            producer: str | None = None, about: str | None = None, start: str | None = None,
            end: str | None = None, frame: bool = False):
    """The figures, filtered, in trend order: by measure, unit and place, then by period.

    Parameters
    ----------
    measure : text found in the measure, ignoring accents and case ("homicid" finds
        "homicide rate").
    place, producer, about : an entity (name, alias or IRI) the figure covers, was produced by,
        or is about.
    start, end : keep figures whose period overlaps ``start``..``end`` (dates of any precision:
        '2019', '2019-06'); undated figures are then left out.
    frame : return a flat pandas DataFrame (see ``FIELDS``) instead of a list of dicts.

    Returns
    -------
    Dicts with ``figure`` (IRI), ``measure``, ``value``, ``value_max`` (upper bound of a range),
    ``qualifier`` ('more than'…), ``value_text`` (all three as printed), ``unit``, ``place`` /
    ``place_label``, ``date`` / ``start_date`` / ``end_date``, ``when``, ``period_label`` (the
    source's words), ``producer`` / ``producer_label``, ``about`` (``[{entity, label}]``),
    ``note`` and ``evidence`` (``[{source, source_title, quote, cited_source, cited_title}]``).
    """
    from cartelgraph.resolve import resolve

    place_iri = resolve(graph, place) if place else None
    producer_iri = resolve(graph, producer) if producer else None
    about_iri = resolve(graph, about) if about else None
    wanted = fold(measure) if measure else None
    rows = [
        f for f in load_figures(graph)
        if (wanted is None or wanted in fold(f["measure"]))
        and (place_iri is None or f["place"] == place_iri)
        and (producer_iri is None or f["producer"] == producer_iri)
        and (about_iri is None or any(a["entity"] == about_iri for a in f["about"]))
        and (start is None and end is None or overlaps(f, start, end))
    ]
    if frame:
        return to_frame([flatten_figure(f) for f in rows], FIELDS)
    return rows


def trend_key(figure: dict):
    """Same measure, unit and place together, then in date order, so a series reads down."""
    return (fold(figure["measure"]), figure["unit"], figure["place_label"] or "", *sort_key(figure),
            figure["producer_label"] or "", figure["figure"])


def value_text(figure: dict) -> str:
    """'more than 3,000', '5–10', '28.4' — the number as the source prints it."""
    text = _number(figure["value"])
    if figure.get("value_max") is not None:
        text += f"–{_number(figure['value_max'])}"
    if figure.get("qualifier"):
        text = f"{figure['qualifier']} {text}"
    return text


def _number(value) -> str:
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}"
    return f"{value:,}" if isinstance(value, float) else str(value)


def figure_summary(figure: dict) -> str:
    """'28.4 per 100,000 inhabitants · Mexico · by Observatorio Cívico' for side-by-side views."""
    parts = [f"{figure['value_text']} {figure['unit']}"]
    parts += [p for p in (figure["place_label"], figure["producer_label"] and f"by {figure['producer_label']}") if p]
    return " · ".join(parts)


def flatten_figure(figure: dict) -> dict:
    row = {k: figure[k] for k in FIELDS if k in figure and k != "about"}
    row["about"] = "; ".join(a["label"] for a in figure["about"])
    row.update(flatten_evidence(figure["evidence"]))
    return row
