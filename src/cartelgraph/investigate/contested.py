"""``contested``: pairs of claims (or figures) that sources state against each other, kept side by
side (``cg:contradicts``, and ``cg:denies`` from a denial to the claim it denies)."""

from __future__ import annotations

from cartelgraph.graph import KnowledgeGraph
from cartelgraph.investigate.claims import flatten_evidence, load_claims, load_evidence, load_links, to_frame

FIELDS = ["link", "a_kind", "a", "a_title", "a_summary", "a_when", "a_status", "a_sources", "a_quotes",
          "b_kind", "b", "b_title", "b_summary", "b_when", "b_status", "b_sources", "b_quotes"]


def contested(graph: KnowledgeGraph, entity: str | None = None, *, frame: bool = False):
    """Every pair of claims or figures linked by ``cg:contradicts`` or ``cg:denies``.

    Parameters
    ----------
    entity : keep only pairs where this entity (a name or IRI) takes part in either side, or
        either figure is about, produced by or placed at it.
    frame : return a flat pandas DataFrame (see ``FIELDS``) instead of a list of dicts.

    Returns
    -------
    Rows ``{"link", "a", "b"}``: ``link`` is ``"denies"`` (``a`` denies ``b``) or
    ``"contradicts"``; ``a`` and ``b`` are items (see :func:`item`) with their status and evidence.
    """
    from cartelgraph.investigate.figures import load_figures

    focus = None
    if entity is not None:
        from cartelgraph.resolve import resolve

        focus = resolve(graph, entity)
    evidence = load_evidence(graph)
    claims = load_claims(graph, evidence)
    figures = {f["figure"]: f for f in load_figures(graph, evidence)}
    pairs = linked_pairs(graph, claims, figures)
    if focus is not None:
        pairs = [p for p in pairs if focus in p["a"]["entities"] or focus in p["b"]["entities"]]
    if frame:
        return to_frame([flatten_pair(p) for p in pairs], FIELDS)
    return pairs


def linked_pairs(graph, claims: dict, figures: dict) -> list[dict]:
    """Every contradicts/denies pair among ``claims`` and ``figures`` (as loaded), each pair once."""
    links: dict[frozenset, dict] = {}
    for a, link, b in load_links(graph):
        if a == b or (a not in claims and a not in figures) or (b not in claims and b not in figures):
            continue
        key = frozenset((a, b))
        known = links.get(key)
        if link == "denies":  # a denial reads one way: the denial, then what it denies
            links[key] = {"link": "denies", "a": a, "b": b}
        elif known is None:
            first, second = sorted((a, b))
            links[key] = {"link": "contradicts", "a": first, "b": second}
    rows = [{"link": p["link"], "a": item(p["a"], claims, figures), "b": item(p["b"], claims, figures)}
            for p in links.values()]
    rows.sort(key=lambda p: (p["a"].pop("sort"), p["b"].pop("sort"), p["a"]["iri"], p["b"]["iri"]))
    return rows


def item(iri: str, claims: dict, figures: dict) -> dict:
    """One side of a pair: ``kind`` ('claim' or 'figure'), ``iri``, ``title`` (relation or
    measure), ``summary`` (participants, or value, place and producer), ``when``, ``status``
    (None for a figure), ``evidence``, ``entities`` (IRIs it involves)."""
    from cartelgraph.investigate.claims import sort_key
    from cartelgraph.investigate.figures import figure_summary

    if iri in claims:
        claim = claims[iri]
        return {"kind": "claim", "iri": iri, "title": claim["relation"], "summary": claim["summary"],
                "when": claim["when"], "status": claim["status"], "evidence": claim["evidence"],
                "details": claim["details"], "entities": sorted({p["entity"] for p in claim["participants"]}),
                "sort": sort_key(claim)}
    figure = figures[iri]
    entities = {figure["place"], figure["producer"], *(a["entity"] for a in figure["about"])} - {None}
    return {"kind": "figure", "iri": iri, "title": figure["measure"], "summary": figure_summary(figure),
            "when": figure["when"], "status": None, "evidence": figure["evidence"], "details": [],
            "entities": sorted(entities), "sort": sort_key(figure)}


def flatten_pair(pair: dict) -> dict:
    row = {"link": pair["link"]}
    for side in ("a", "b"):
        it = pair[side]
        row.update({f"{side}_kind": it["kind"], side: it["iri"], f"{side}_title": it["title"],
                    f"{side}_summary": it["summary"], f"{side}_when": it["when"], f"{side}_status": it["status"]})
        evidence = flatten_evidence(it["evidence"], f"{side}_")
        row.update({f"{side}_sources": evidence[f"{side}_sources"], f"{side}_quotes": evidence[f"{side}_quotes"]})
    return row
