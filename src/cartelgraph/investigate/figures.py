"""``figures``: the statistics as the sources print them, filtered and lined up so that the same
measure over several periods reads as a trend."""

from __future__ import annotations

from cartelgraph.dates import item_span, overlaps
from cartelgraph.deprecation import renamed_keyword
from cartelgraph.graph import KnowledgeGraph
from cartelgraph.internal_queries import query
from cartelgraph.investigate.claims import (
    Page,
    _cited,
    check_limit,
    check_period,
    flatten_evidence,
    in_one_worker,
    merged_cited,
    plain_number,
    read_items,
    sort_key,
    to_frame,
    when,
)
from cartelgraph.investigate.describe import first
from cartelgraph.namespace import CG
from cartelgraph.substitute import filled
from cartelgraph.text import fold

FIELDS = [
    "figure",
    "measure",
    "value_text",
    "value",
    "value_max",
    "qualifier",
    "unit",
    "place_label",
    "when",
    "period_label",
    "producer_label",
    "about",
    "sources",
    "quotes",
    "cited",
    "place",
    "producer",
    "date",
    "start_date",
    "end_date",
    "note",
]

# Between the values of a field that has several (places, producers, notes), in CSV and tables.
JOIN = "; "


def load_figures(
    graph: KnowledgeGraph,
    evidence: dict | None = None,
    *,
    focus=None,
    iris=None,
    links: list | None = None,
) -> list[dict]:
    """The figures linked to ``focus`` (an entity's IRI, or several: about it, produced by it
    or covering it), or those among ``iris``, as dicts (see :func:`figures` for the fields), in
    trend order. ``evidence`` and ``links`` as in
    :func:`cartelgraph.investigate.claims.load_claims`."""
    if (focus is None) == (iris is None):
        raise TypeError("load_figures() takes either focus or iris")
    figures, read_evidence = read_items(
        graph, "figures", focus, iris, lambda iri, rows, _: _figure(iri, rows), evidence=evidence, links=links
    )
    for figure in figures.values():
        figure["evidence"] = read_evidence.get(figure["figure"], [])
        figure["cited"] = merged_cited(figure["cited"], figure["evidence"])
    return sorted(figures.values(), key=trend_key)


def _figure(iri: str, rows: list[dict]) -> dict | None:
    """The figure ``iri`` from its rows (None without a value, unit and measure), without its
    evidence yet."""
    value, unit, measure = (first(rows, p) for p in (CG.value, CG.unit, CG.measure))
    if value is None or unit is None or measure is None:
        return None
    places, producers = _labelled(rows, CG.place), _labelled(rows, CG.producedBy)
    notes = sorted({r["o"] for r in rows if r["p"] == CG.note})
    figure = {
        "figure": iri,
        "measure": measure,
        "value": plain_number(value),
        "value_max": plain_number(first(rows, CG.valueMax)),
        "qualifier": first(rows, CG.qualifier),
        "unit": unit,
        "places": places,
        "place": _joined(places, "entity"),
        "place_label": _joined(places, "label"),
        "date": first(rows, CG.date),
        "start_date": first(rows, CG.startDate),
        "end_date": first(rows, CG.endDate),
        "period_label": _joined_values(rows, CG.periodLabel),
        "producers": producers,
        "producer": _joined(producers, "entity"),
        "producer_label": _joined(producers, "label"),
        "about": _labelled(rows, CG.about),
        "notes": notes,
        "note": JOIN.join(notes) or None,
        "cited": _cited(rows),
    }
    figure["when"] = when(figure)
    figure["value_text"] = value_text(figure)
    return figure


def _labelled(rows: list[dict], prop: str) -> list[dict]:
    """Every labelled entity a figure links to by ``prop``, ``[{entity, label}]`` in label order
    (the same on every engine; an entity with several labels is named by the smallest)."""
    labels: dict[str, str] = {}
    for row in rows:
        if row["p"] == prop and row.get("oLabel") is not None:
            labels[row["o"]] = min(labels.get(row["o"], row["oLabel"]), row["oLabel"])
    return [{"entity": e, "label": label} for e, label in sorted(labels.items(), key=lambda item: (item[1], item[0]))]


def _joined(entities: list[dict], field: str) -> str | None:
    return JOIN.join(e[field] for e in entities) or None


def _joined_values(rows: list[dict], prop: str) -> str | None:
    return JOIN.join(sorted({str(r["o"]) for r in rows if r["p"] == prop})) or None


@renamed_keyword("frame", "as_frame")
def figures(
    graph: KnowledgeGraph,
    *,
    measure: str | None = None,
    place: str | None = None,
    producer: str | None = None,
    about: str | None = None,
    start: str | None = None,
    end: str | None = None,
    limit: int | None = None,
    as_frame: bool = False,
):
    """The figures, filtered, in trend order: by measure, unit and place, then by period.

    Parameters
    ----------
    measure : text found in the measure, ignoring accents and case ("homicid" finds
        "homicide rate").
    place, producer, about : an entity (name, alias or IRI) the figure covers, was produced by,
        or is about.
    start, end : keep figures whose period overlaps ``start``..``end`` (dates of any precision:
        '2019', '2019-06'); undated figures are then left out.
    limit : at most this many figures, the first in trend order (None: all); the list's
        ``total`` says how many matched.
    as_frame : return a flat pandas DataFrame (see ``FIELDS``) instead of a list of dicts.

    Returns
    -------
    A :class:`~cartelgraph.investigate.claims.Page` (a list) of dicts with ``figure`` (IRI),
    ``measure``, ``value``, ``value_max`` (upper bound of a range),
    ``qualifier`` ('more than'…), ``value_text`` (all three as printed), ``unit``, ``places``
    (``[{entity, label}]``, every place the figure covers, in label order) with ``place`` /
    ``place_label`` (the same joined with '; '), ``date`` / ``start_date`` / ``end_date``,
    ``when``, ``period_label`` (the source's words), ``producers`` with ``producer`` /
    ``producer_label`` (likewise), ``about`` (``[{entity, label}]``), ``notes`` (the curators'
    notes; ``note`` joins them), ``cited`` (``[{source, title}]``, every document the figure or
    its evidence cites) and ``evidence`` (``[{source, source_title, quote, cited, cited_source,
    cited_title}]``).

    >>> import cartelgraph as cg
    >>> from cartelgraph.investigate import figures
    >>> rates = figures(cg.open_graph(), measure="homicide", limit=3)
    >>> [(figure["measure"], figure["value_text"], figure["when"]) for figure in rates], rates.total
    ([('homicide rate', '29', '2019'), ('homicide rate', '29', '2019'), ('homicide rate', '25', '2022')], 7)
    """
    check_period(start, end)
    check_limit(limit)
    rows = in_one_worker(graph, _figures, measure, place, producer, about, start, end, limit)
    if as_frame:
        return to_frame([flatten_figure(f) for f in rows], FIELDS)
    return rows


def _figures(graph: KnowledgeGraph, measure, place, producer, about, start, end, limit) -> Page:
    """:func:`figures` (as a Page), every query in one worker."""
    import pyoxigraph as ox

    from cartelgraph.resolve import _resolution

    resolved = [_resolution(graph, name) if name else None for name in (place, producer, about)]
    wanted = fold(measure) if measure else None
    # Each condition as the values it accepts: (property, value) rows, numbered by condition.
    links = (CG.place, CG.producedBy, CG.about)
    conditions = [[(link, r.iri)] for link, r in zip(links, resolved, strict=True) if r]
    if wanted:
        # The measures holding the text, found in Python among the few distinct measures: the
        # figures read in full are then those shown, and the user's text is never in a query.
        measures = [row["measure"] for row in graph.query(query("figure-measures")).rows]
        conditions.append([(CG.measure, m) for m in measures if wanted in fold(m.value)])
    if not conditions:
        iris = [row["figure"] for row in graph.select(query("all-figures"))]
    elif not all(conditions):
        iris = []  # no measure holds the text
    else:
        rows = [(ox.Literal(n), link, value) for n, accepted in enumerate(conditions) for link, value in accepted]
        meeting = graph.select(filled(query("figures-meeting"), {("condition", "link", "target"): rows}))
        iris = [row["figure"] for row in meeting if row["met"] == len(conditions)]
    found = load_figures(graph, iris=iris)
    rows = [
        f
        for f in found
        if (wanted is None or wanted in fold(f["measure"]))
        and (start is None and end is None or overlaps(item_span(f), start, end))
    ]
    if limit is not None and len(rows) > limit:
        rows = Page(rows[:limit], total=len(rows))
    else:
        rows = Page(rows, total=len(rows))
    rows.resolved = [r.as_dict() for r in resolved if r]
    return rows


def trend_key(figure: dict):
    """Same measure, unit and place together, then in date order, so a series reads down."""
    return (
        fold(figure["measure"]),
        figure["unit"],
        figure["place_label"] or "",
        *sort_key(figure),
        figure["producer_label"] or "",
        figure["figure"],
    )


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
    """A figure as one flat row (CSV, DataFrames): several places, producers, subjects, notes
    and cited documents joined with '; ', in the order of the lists."""
    row = {k: figure[k] for k in FIELDS if k in figure and k not in ("about", "cited")}
    row["about"] = JOIN.join(a["label"] for a in figure["about"])
    row.update(flatten_evidence(figure["evidence"]))
    row["cited"] = JOIN.join(c["title"] or c["source"] for c in figure["cited"])
    return row
