"""``contested``: pairs of claims (or figures) that sources state against each other, kept side by
side (``cg:contradicts``, and ``cg:denies`` from a denial to the claim it denies)."""

from __future__ import annotations

from cartelgraph.deprecation import renamed_keyword
from cartelgraph.graph import KnowledgeGraph
from cartelgraph.investigate.claims import (
    Page,
    check_limit,
    claims_by_iri,
    flatten_evidence,
    in_one_worker,
    load_claims,
    load_links,
    to_frame,
)

FIELDS = [
    "link",
    "a_kind",
    "a",
    "a_title",
    "a_summary",
    "a_when",
    "a_status",
    "a_sources",
    "a_quotes",
    "b_kind",
    "b",
    "b_title",
    "b_summary",
    "b_when",
    "b_status",
    "b_sources",
    "b_quotes",
    "a_notes",
    "b_notes",
]


@renamed_keyword("frame", "as_frame")
def contested(graph: KnowledgeGraph, entity: str | None = None, *, limit: int | None = None, as_frame: bool = False):
    """Every pair of claims or figures linked by ``cg:contradicts`` or ``cg:denies``.

    Parameters
    ----------
    entity : keep only pairs where this entity (a name or IRI) takes part in either side, or
        either figure is about, produced by or placed at it.
    limit : at most this many pairs (None: all). Only the pairs shown are read in full, so a
        graph with many contradictions stays quick; the list's ``total`` says how many there are.
    as_frame : return a flat pandas DataFrame (see ``FIELDS``) instead of a list of dicts.

    Returns
    -------
    A :class:`~cartelgraph.investigate.claims.Page` (a list) of rows ``{"link", "a", "b"}``:
    ``link`` is ``"denies"`` (``a`` denies ``b``) or
    ``"contradicts"``; ``a`` and ``b`` are items (see :func:`item`) with their status and evidence.

    >>> import cartelgraph as cg
    >>> from cartelgraph.investigate import contested
    >>> pairs = contested(cg.open_graph(), "cgr:fentanyl")
    >>> [(pair["link"], pair["a"]["title"], pair["b"]["title"]) for pair in pairs][2]
    ('denies', 'denial', 'production')
    """
    check_limit(limit)
    pairs = in_one_worker(graph, _contested, entity, limit)
    if as_frame:
        return to_frame([flatten_pair(p) for p in pairs], FIELDS)
    return pairs


def _contested(graph: KnowledgeGraph, entity: str | None, limit: int | None) -> Page:
    """:func:`contested` (as a Page), every query in one worker."""
    if entity is not None:
        from cartelgraph.resolve import _resolution

        resolution = _resolution(graph, entity)
        _, _, pairs = around(graph, resolution.iri)
        pairs = Page(pairs[:limit] if limit is not None else pairs, total=len(pairs))
        pairs.resolved = [resolution.as_dict()]
    else:
        links = load_links(graph)
        keys = sorted({frozenset((a, b)) for a, _, b in links if a != b}, key=sorted)
        left_out = 0
        if limit is not None and len(keys) > limit:  # read the first pairs (by IRI) only
            keep = set(keys[:limit])
            left_out = len(keys) - limit
            links = [link for link in links if frozenset((link[0], link[2])) in keep]
        claims, figures = load_items(graph, {iri for a, _, b in links for iri in (a, b)})
        pairs = linked_pairs(links, claims, figures)
        pairs = Page(pairs, total=len(pairs) + left_out)
        pairs.resolved = []
    return pairs


def around(graph: KnowledgeGraph, iri: str) -> tuple[dict, list, list]:
    """What a dossier shows of ``iri``: the claims naming it in any role (``{IRI: claim}``), the
    figures about, by or at it (a list, in trend order), and the contradicts/denies pairs
    involving it (the items on their other ends read too)."""
    from cartelgraph.investigate.figures import load_figures

    links: list[tuple[str, str, str]] = []
    claims = load_claims(graph, focus=iri, links=links)
    figures = load_figures(graph, focus=iri, links=links)
    by_iri = {f["figure"]: f for f in figures}
    others = {x for a, _, b in links for x in (a, b)} - claims.keys() - by_iri.keys()
    more_claims, more_figures = load_items(graph, others)
    pairs = linked_pairs(links, {**claims, **more_claims}, {**by_iri, **more_figures})
    return claims, figures, involving(pairs, iri)


def load_items(graph: KnowledgeGraph, iris: set[str]) -> tuple[dict, dict]:
    """The claims and the figures among ``iris``: ``({IRI: claim}, {IRI: figure})``."""
    from cartelgraph.investigate.figures import load_figures

    if not iris:
        return {}, {}
    claims = claims_by_iri(graph, iris)
    figures = {f["figure"]: f for f in load_figures(graph, iris=iris)}
    return claims, figures


def involving(pairs: list[dict], iri: str) -> list[dict]:
    return [p for p in pairs if iri in p["a"]["entities"] or iri in p["b"]["entities"]]


def linked_pairs(links: list[tuple[str, str, str]], claims: dict, figures: dict) -> list[dict]:
    """Every contradicts/denies pair among ``claims`` and ``figures`` (as loaded), each pair once."""
    links_by_pair: dict[frozenset, dict] = {}
    for a, link, b in links:
        if a == b or (a not in claims and a not in figures) or (b not in claims and b not in figures):
            continue
        key = frozenset((a, b))
        known = links_by_pair.get(key)
        if link == "denies":  # a denial reads one way: the denial, then what it denies
            links_by_pair[key] = {"link": "denies", "a": a, "b": b}
        elif known is None:
            first, second = sorted((a, b))
            links_by_pair[key] = {"link": "contradicts", "a": first, "b": second}
    rows = [
        {"link": p["link"], "a": item(p["a"], claims, figures), "b": item(p["b"], claims, figures)}
        for p in links_by_pair.values()
    ]
    rows.sort(key=lambda p: (p["a"].pop("sort"), p["b"].pop("sort"), p["a"]["iri"], p["b"]["iri"]))
    return rows


def item(iri: str, claims: dict, figures: dict) -> dict:
    """One side of a pair: ``kind`` ('claim' or 'figure'), ``iri``, ``title`` (relation or
    measure), ``summary`` (participants, or value, place and producer), ``when``, ``status``
    (None for a figure), ``evidence``, ``details``, ``notes`` (the curators' notes), ``entities``
    (IRIs it names, in any role)."""
    from cartelgraph.investigate.claims import sort_key
    from cartelgraph.investigate.figures import figure_summary

    if iri in claims:
        claim = claims[iri]
        return {
            "kind": "claim",
            "iri": iri,
            "title": claim["relation"],
            "summary": claim["summary"],
            "when": claim["when"],
            "status": claim["status"],
            "evidence": claim["evidence"],
            "details": claim["details"],
            "notes": claim["notes"],
            "entities": sorted({p["entity"] for p in claim["participants"]}),
            "sort": sort_key(claim),
        }
    figure = figures[iri]
    entities = {e["entity"] for key in ("places", "producers", "about") for e in figure[key]}
    return {
        "kind": "figure",
        "iri": iri,
        "title": figure["measure"],
        "summary": figure_summary(figure),
        "when": figure["when"],
        "status": None,
        "evidence": figure["evidence"],
        "details": [],
        "notes": figure["notes"],
        "entities": sorted(entities),
        "sort": sort_key(figure),
    }


def flatten_pair(pair: dict) -> dict:
    row = {"link": pair["link"]}
    for side in ("a", "b"):
        it = pair[side]
        row.update(
            {
                f"{side}_kind": it["kind"],
                side: it["iri"],
                f"{side}_title": it["title"],
                f"{side}_summary": it["summary"],
                f"{side}_when": it["when"],
                f"{side}_status": it["status"],
            }
        )
        evidence = flatten_evidence(it["evidence"], f"{side}_")
        row.update(
            {
                f"{side}_sources": evidence[f"{side}_sources"],
                f"{side}_quotes": evidence[f"{side}_quotes"],
                f"{side}_notes": " | ".join(it["notes"]),
            }
        )
    return row
