"""``show``: everything the graph says about one entity, with the evidence for each statement."""

from __future__ import annotations

from cartelgraph.deprecation import renamed_keyword
from cartelgraph.graph import KnowledgeGraph, shorten
from cartelgraph.internal_queries import query
from cartelgraph.investigate.claims import flatten_claim, in_one_worker, sort_key, to_frame

CLAIM_FIELDS = [
    "relation",
    "role",
    "counterparts",
    "when",
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
]


@renamed_keyword("frame", "as_frame")
def dossier(graph: KnowledgeGraph, entity: str, *, as_frame: bool = False) -> dict:
    """The dossier of ``entity`` (a label, alias or IRI; an unknown or ambiguous name raises
    :class:`~cartelgraph.errors.UsageError` with the candidates).

    Returns
    -------
    A dict: ``iri``, ``id`` (``cgr:…``), ``label``, ``class``, ``class_label``, ``names`` (other
    names), ``description``; ``claims`` (every claim naming it in any role, sorted by relation
    then date; each claim dict also has ``role``, its role(s): 'arrested person', 'subject',
    'instrument', 'place'…, and ``counterparts``, the other entities as ``[{entity, label, role,
    context}]``); ``figures`` (figures about it, produced by it
    or covering it, each with ``link``: 'about', 'producer' or 'place'); ``contradictions``
    (pairs from :func:`~cartelgraph.investigate.contested.contested` involving it); ``resolved``
    (``{name, entity, alternatives, note}``: what else the name may mean, see
    :func:`cartelgraph.resolve.resolve_noting`).
    With ``as_frame=True`` the three lists are DataFrames.

    >>> import cartelgraph as cg
    >>> from cartelgraph.investigate import dossier
    >>> answer = dossier(cg.open_graph(), "García Luna")
    >>> answer["label"], answer["class"], [claim["relation"] for claim in answer["claims"]]
    ('Genaro García Luna', 'cg:Official', ['collusion', 'office holding'])
    """
    from cartelgraph.investigate.contested import flatten_pair
    from cartelgraph.investigate.figures import flatten_figure

    result = in_one_worker(graph, _dossier, entity)
    if as_frame:
        result["claims"] = to_frame([flatten_dossier_claim(c) for c in result["claims"]], CLAIM_FIELDS)
        result["figures"] = to_frame([{**flatten_figure(f), "link": f["link"]} for f in result["figures"]])
        result["contradictions"] = to_frame([flatten_pair(p) for p in result["contradictions"]])
    return result


def _dossier(graph: KnowledgeGraph, entity: str) -> dict:
    """:func:`dossier` (as dicts), every query in one worker."""
    from cartelgraph.investigate.contested import around
    from cartelgraph.resolve import _resolution

    resolution = _resolution(graph, entity)
    iri = resolution.iri
    rows = graph.select(query("entity-dossier"), {"entity": _node(iri)})
    info = next(r for r in rows if r.get("label") is not None)
    names = sorted({r["name"] for r in rows if r.get("name") is not None and r["name"] != info["label"]})
    own_claims, own_figures, pairs = around(graph, iri)
    claims = []
    for claim in own_claims.values():
        roles = [p["role"] for p in claim["participants"] if p["entity"] == iri]
        if roles:
            counterparts = [p for p in claim["participants"] if p["entity"] != iri]
            claims.append({**claim, "role": ", ".join(dict.fromkeys(roles)), "counterparts": counterparts})
    claims.sort(key=lambda c: (c["relation"], *sort_key(c), c["claim"]))
    figures = []
    for figure in own_figures:
        links = [
            name
            for name, key in (("about", "about"), ("producer", "producers"), ("place", "places"))
            if any(e["entity"] == iri for e in figure[key])
        ]
        if links:
            figures.append({**figure, "link": ", ".join(links)})
    result = {
        "iri": iri,
        "id": shorten(iri),
        "label": info["label"],
        "class": shorten(info["class"]),
        "class_label": info["classLabel"],
        "names": names,
        "description": info.get("comment"),
        "claims": claims,
        "figures": figures,
        "contradictions": pairs,
        "resolved": resolution.as_dict(),
    }
    return result


def flatten_dossier_claim(claim: dict) -> dict:
    row = flatten_claim(claim)
    row["role"] = claim["role"]
    row["counterparts"] = "; ".join(f"{p['label']} ({p['role']})" for p in claim["counterparts"])
    return {k: row[k] for k in CLAIM_FIELDS}


def _node(iri: str):
    import pyoxigraph as ox

    return ox.NamedNode(iri)
