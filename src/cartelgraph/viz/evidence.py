"""What the page shows behind its lines and dots, as ``cartelgraph show`` prints it: each claim's
participants with their roles, details (activity, quantity, charge, location, the curator's
note…), evidence (quote, source, cited document) and the claims that contradict or deny it;
each source's title, date, publisher and kind; each entity's aliases and description; and the
ontology's words for statuses, outcomes and how a claim class reads its status.

The claims are read by :func:`cartelgraph.investigate.claims.load_claims`, the reader of every
investigator command, so the page and ``show`` cannot tell a claim differently.
"""

from __future__ import annotations

from collections import defaultdict

from cartelgraph.graph import KnowledgeGraph, shorten
from cartelgraph.internal_queries import query
from cartelgraph.investigate.claims import load_claims
from cartelgraph.substitute import filled_batches


def vocabulary(graph: KnowledgeGraph) -> dict:
    """The ontology's terms the page names or explains (see ``queries/internal/page-vocabulary.rq``):
    ``{"class" | "status" | "relation" | "claim" | "outcome" | "reading": {iri: label}}``, plus
    ``"comment"`` (``{iri: comment}``), ``"class reading"`` (``{claim class: reading}``) and
    ``"establishing"`` (``{reading: [statuses]}``)."""
    terms: dict[str, dict] = defaultdict(dict)
    for row in graph.select(query("page-vocabulary")):
        kind, term = row["kind"], row["term"]
        if kind == "class reading":
            terms[kind].setdefault(term, row["value"])
        elif kind == "establishing":
            terms[kind].setdefault(term, []).append(row["value"])
        else:
            terms[kind].setdefault(term, row["label"])
            if row.get("comment"):
                terms["comment"].setdefault(term, row["comment"])
    return terms


def page_evidence(graph: KnowledgeGraph, entities: list[str], claims: list[str]) -> dict:
    """Everything the panels show, read in one worker (:meth:`KnowledgeGraph.run`):
    ``{"aliases": {entity: [..]}, "descriptions": {entity: text}, "claims": {claim IRI: record},
    "sources": {short IRI: record}}``. ``claims`` also holds, marked ``inPage: False``, the
    claims outside the page that contradict or deny one in it."""
    aliases, descriptions = defaultdict(list), {}
    for text in filled_batches(query("entity-texts"), "entity", entities):
        for row in graph.select(text):
            if row.get("alias") is not None:
                aliases[row["entity"]].append(row["alias"])
            elif row.get("description") is not None:
                entity, text = row["entity"], row["description"]
                descriptions[entity] = min(descriptions.get(entity, text), text)
    links: list[tuple[str, str, str]] = []
    found = _claims(graph, claims, links)
    outside = sorted({iri for a, _, b in links for iri in (a, b)} - set(found))
    found.update(_claims(graph, outside, []))
    shown = set(claims)  # once: a set per claim made 26,000 claims take 45 s at 1M triples
    records = {iri: _record(claim, iri in shown) for iri, claim in found.items()}
    for a, link, b in sorted(set(links)):
        if a in records and b in records:
            _add_link(records[a], link, b)
            _add_link(records[b], "contradicts" if link == "contradicts" else link + "By", a)
    cited = {
        iri
        for record in records.values()
        for ev in record["evidence"]
        for iri in ([ev["source"]] if ev["source"] else []) + ev["cited"]
    }
    return {
        "aliases": dict(aliases),
        "descriptions": descriptions,
        "claims": {shorten(iri): record for iri, record in sorted(records.items())},
        "sources": _sources(graph, cited),
    }


def _claims(graph: KnowledgeGraph, iris, links: list) -> dict[str, dict]:
    return load_claims(graph, iris=iris, links=links)


def _record(claim: dict, in_page: bool) -> dict:
    """A claim as the page's JSON holds it: short IRIs, camelCase keys, nothing twice."""
    return {
        "relation": claim["relation"],
        "relationClass": claim["relation_class"],
        "status": claim["status_iri"] or "",
        "when": claim["when"],
        "dateInferred": claim["date_inferred"],
        "inPage": in_page,
        "participants": [
            {"entity": part["entity"], "label": part["label"], "role": part["role"]} for part in claim["participants"]
        ],
        # The curator's notes travel as one "note" detail, which the panel sets apart.
        "details": [{"property": d["property"], "value": str(d["value"])} for d in claim["details"]]
        + ([{"property": "note", "value": " ".join(claim["notes"])}] if claim.get("notes") else []),
        "evidence": [
            {
                "quote": ev["quote"],
                "source": shorten(ev["source"]) if ev["source"] else None,
                "sourceTitle": ev["source_title"],
                # every cited document (an IRI holds no "; ": the reader joins them with it)
                "cited": [shorten(iri) for iri in (ev["cited_source"] or "").split("; ") if iri],
            }
            for ev in claim["evidence"]
        ],
        "links": [],
    }


def _add_link(record: dict, kind: str, other: str) -> None:
    entry = {"kind": kind, "claim": shorten(other)}
    if entry not in record["links"]:
        record["links"].append(entry)


def _sources(graph: KnowledgeGraph, wanted: set[str]) -> dict[str, dict]:
    """Title, date, publisher, kind, authors, URL and footnote of each source in ``wanted``
    (short IRIs), the least value where one field holds several (authors: all of them)."""
    sources: dict[str, dict] = {}
    for row in graph.select(query("page-sources")):
        short = shorten(row["source"])
        if short not in wanted:
            continue
        record = sources.setdefault(short, {"authors": []})
        field, value = row["field"], str(row["value"])
        if field == "author":
            record["authors"].append(value)
        elif field not in record or value < record[field]:
            record[field] = value
    return dict(sorted(sources.items()))
