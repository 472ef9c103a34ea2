"""``timeline``: claims in date order, each date as precise as its source gives it."""

from __future__ import annotations

from cartelgraph.graph import KnowledgeGraph
from cartelgraph.investigate.claims import flatten_claim, load_claims, overlaps, sort_key, to_frame

FIELDS = ["when", "relation", "participants", "status", "details", "sources", "quotes", "cited", "claim",
          "date", "start_date", "end_date", "date_inferred"]


def timeline(graph: KnowledgeGraph, entity: str | None = None, *, start: str | None = None,
             end: str | None = None, undated: bool = True, frame: bool = False):
    """Claims in date order, dated ones first, then (when ``undated``) the undated ones.

    Parameters
    ----------
    entity : only the claims this entity (a name, alias or IRI) takes part in.
    start, end : only claims whose date or period overlaps ``start``..``end`` (any precision:
        '2019', '2019-06', '2019-06-30'). Undated claims cannot be placed, so they are left out.
    undated : list undated claims after the dated ones (ignored when ``start``/``end`` is given).
    frame : return a flat pandas DataFrame (see ``FIELDS``) instead of a list of dicts.

    Returns
    -------
    Claim dicts (see :func:`cartelgraph.investigate.claims.load_claims`): ``when`` shows the
    dates as given ('2019' stays '2019'), ``status`` and ``evidence`` are always there.
    """
    focus = None
    if entity is not None:
        from cartelgraph.resolve import resolve

        focus = resolve(graph, entity)
    claims = [c for c in load_claims(graph).values()
              if focus is None or any(p["entity"] == focus for p in c["participants"])]
    dated = [c for c in claims if c["when"]]
    if start is not None or end is not None:
        dated = [c for c in dated if overlaps(c, start, end)]
        undated = False
    rows = sorted(dated, key=lambda c: (*sort_key(c), c["relation"], c["summary"], c["claim"]))
    if undated:
        rows += sorted((c for c in claims if not c["when"]), key=lambda c: (c["relation"], c["summary"], c["claim"]))
    if frame:
        return to_frame([{**flatten_claim(c), "date_inferred": c["date_inferred"]} for c in rows], FIELDS)
    return rows
