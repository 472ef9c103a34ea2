"""``timeline``: claims in date order, each date as precise as its source gives it.

One entity's timeline reads that entity's claims only. The whole graph's timeline is read a
page at a time: the dated claims are ordered by the first and last day they cover and the first
``limit`` are read in full; a count says how many more there are. The embedded store keeps that
order in a date index beside the store (:mod:`cartelgraph.investigate.date_index`), computed once
by the same query a remote endpoint is sent.
"""

from __future__ import annotations

from cartelgraph.dates import earliest, item_span, latest, overlaps
from cartelgraph.deprecation import renamed_keyword
from cartelgraph.graph import KnowledgeGraph
from cartelgraph.internal_queries import query
from cartelgraph.investigate.claims import (
    Page,
    check_limit,
    check_period,
    claims_by_iri,
    flatten_claim,
    in_one_worker,
    load_claims,
    sort_key,
    to_frame,
)
from cartelgraph.investigate.date_index import NO_BOUND, date_index
from cartelgraph.substitute import limited

FIELDS = [
    "when",
    "relation",
    "participants",
    "status",
    "details",
    "notes",
    "sources",
    "quotes",
    "cited",
    "claim",
    "date",
    "start_date",
    "end_date",
    "date_inferred",
]


@renamed_keyword("frame", "as_frame")
def timeline(
    graph: KnowledgeGraph,
    entity: str | None = None,
    *,
    start: str | None = None,
    end: str | None = None,
    undated: bool = True,
    limit: int | None = None,
    as_frame: bool = False,
):
    """Claims in date order, dated ones first, then (when ``undated``) the undated ones.

    Parameters
    ----------
    entity : only the claims naming this entity (a name, alias or IRI) in any role: participant,
        subject, instrument, place or asserter (each claim's ``participants`` names the role).
    start, end : only claims whose date or period overlaps ``start``..``end`` (any precision:
        '2019', '2019-06', '2019-06-30'). Undated claims cannot be placed, so they are left out.
    undated : list undated claims after the dated ones (ignored when ``start``/``end`` is given).
    limit : at most this many claims, the first in date order (None: all of them).
    as_frame : return a flat pandas DataFrame (see ``FIELDS``) instead of a list of dicts.

    Returns
    -------
    A :class:`~cartelgraph.investigate.claims.Page` (a list) of claim dicts (see
    :func:`cartelgraph.investigate.claims.load_claims`): ``when`` shows the dates as given
    ('2019' stays '2019'), ``status`` and ``evidence`` are always there. ``total`` says how many
    claims matched in all, ``undated_left_out`` how many undated claims were not listed
    (``undated=False`` without a period), ``resolved`` what the entity's name was taken for
    (see :func:`cartelgraph.resolve.resolve_noting`).

    >>> import cartelgraph as cg
    >>> from cartelgraph.investigate import timeline
    >>> claims = timeline(cg.open_graph(), "National Guard", limit=3, as_frame=True)
    >>> print(claims[["when", "relation", "status"]].to_string())
              when     relation     status
    0         2019     staffing  confirmed
    1  2019 – 2023       arrest  confirmed
    2  2019 – 2023  cooperation  confirmed
    """
    check_period(start, end)
    check_limit(limit)
    page = in_one_worker(graph, _timeline, entity, start, end, undated, limit)
    if as_frame:
        return to_frame([{**flatten_claim(c), "date_inferred": c["date_inferred"]} for c in page], FIELDS)
    return page


def _timeline(graph: KnowledgeGraph, entity, start, end, undated: bool, limit: int | None) -> Page:
    """:func:`timeline` (as a Page), every query in one worker."""
    if start is not None or end is not None:
        undated = False
        period = True
    else:
        period = False
    resolved = []
    if entity is not None:
        from cartelgraph.resolve import _resolution

        resolution = _resolution(graph, entity)
        resolved.append(resolution.as_dict())
        focus = resolution.iri
        claims = load_claims(graph, focus=focus)
        rows, left_out = _in_order(list(claims.values()), start, end, undated, period)
        page = Page(rows[:limit] if limit is not None else rows, total=len(rows))
    else:
        page, left_out = _whole(graph, start, end, undated, period, limit)
    page.undated_left_out = left_out
    page.resolved = resolved
    return page


def _in_order(claims: list[dict], start, end, undated: bool, period: bool) -> tuple[list[dict], int]:
    """Dated claims in date order (those overlapping the period), then undated ones if wanted;
    and how many undated claims were left out (none are counted when a period is given)."""
    dated = [c for c in claims if c["when"]]
    if period:
        dated = [c for c in dated if overlaps(item_span(c), start, end)]
    rows = sorted(dated, key=lambda c: (*sort_key(c), c["relation"], c["summary"], c["claim"]))
    without = sorted((c for c in claims if not c["when"]), key=lambda c: (c["relation"], c["summary"], c["claim"]))
    if undated:
        return rows + without, 0
    return rows, 0 if period else len(without)


def _whole(graph: KnowledgeGraph, start, end, undated: bool, period: bool, limit: int | None):
    """A page of the whole graph's timeline: the store picks and orders the claims, only the
    page is read in full (the embedded store picks them from its date index). Returns the page
    and how many undated claims it left out."""
    if hasattr(graph, "store_path"):
        dated, dated_total, without, undated_total = _pick_indexed(graph, start, end, undated, period, limit)
    else:
        dated, dated_total, without, undated_total = _pick(graph, start, end, undated, period, limit)
    chosen = dated + without
    claims = claims_by_iri(graph, chosen)
    rows, _ = _in_order(list(claims.values()), start, end, undated, period)
    if undated:
        return Page(rows, total=dated_total + undated_total), 0
    return Page(rows, total=dated_total), undated_total if not period else 0


def _pick_indexed(graph: KnowledgeGraph, start, end, undated: bool, period: bool, limit: int | None):
    """:func:`_pick` from the store's date index (see :mod:`cartelgraph.investigate.date_index`):
    the same rows, filtered and cut in Python instead of computed and sorted by the store."""

    index = date_index(graph)
    every_undated = index.undated
    matching = index.overlapping(
        earliest(start) if start is not None else None, latest(end) if end is not None else None
    )
    dated = matching if limit is None else matching[: limit + 1]
    dated_total = len(dated)
    if limit is not None and len(dated) > limit:
        dated = dated[:limit]
        dated_total = len(set(matching))
    without: list[str] = []
    undated_total = 0
    if not period:
        room = None if limit is None else max(0, limit - len(dated))
        asked = undated and room != 0
        if asked:
            without = list(every_undated) if room is None else every_undated[: room + 1]
        seen_all = asked and (room is None or len(without) <= room)
        undated_total = len(without) if seen_all else len(every_undated)
        without = without if room is None else without[:room]
    return dated, dated_total, without, undated_total


def _pick(graph: KnowledgeGraph, start, end, undated: bool, period: bool, limit: int | None):
    """The claims of the page, asked of the store: ``(dated claims, how many dated claims match,
    undated claims, how many undated claims there are)`` (the last 0 when not counted)."""
    import pyoxigraph as ox

    bounds = {**NO_BOUND}
    if end is not None:
        bounds["high"] = latest(end)
    if start is not None:
        bounds["low"] = earliest(start)
    params = {name: ox.Literal(value) for name, value in bounds.items()}
    # One row more than shown tells that more follow; only then are they counted.
    dated = [r["claim"] for r in graph.select(limited(query("dated-claims"), _more(limit)), params)]
    dated_total = len(dated)
    if limit is not None and len(dated) > limit:
        dated = dated[:limit]
        counted = graph.select(query("dated-claims-count"), params)
        dated_total = counted[0]["n"] if counted else 0
    without: list[str] = []
    undated_total = 0
    if not period:  # undated claims are listed after the dated ones, or counted as left out
        room = None if limit is None else max(0, limit - len(dated))
        asked = undated and room != 0
        if asked:
            without = [r["claim"] for r in graph.select(limited(query("undated-claims"), _more(room)))]
        seen_all = asked and (room is None or len(without) <= room)
        undated_total = len(without) if seen_all else graph.select(query("undated-claims-count"))[0]["n"]
        without = without if room is None else without[:room]
    return dated, dated_total, without, undated_total


def _more(limit: int | None) -> int | None:
    """The LIMIT that tells whether more than ``limit`` rows follow (None: every row)."""
    return None if limit is None else limit + 1
