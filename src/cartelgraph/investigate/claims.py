"""Claims and figures with their participants, status and evidence, as plain dicts.

Every investigator command reads claims through :func:`load_claims` so that each answer carries
the same fields: relation, participants with their roles, date as precise as the source, status
and evidence (source title, verbatim quote, cited document). A handful of queries load the whole
set at once; the curated graph holds hundreds of claims, which is quick to read in one go.
"""

from __future__ import annotations

from cartelgraph.graph import KnowledgeGraph
from cartelgraph.projection import earliest, latest

CLAIMS_QUERY = """
SELECT ?claim ?class ?classLabel ?date ?startDate ?endDate ?inferred ?status ?statusLabel WHERE {
  ?claim a cg:Claim ; a ?class .
  ?class rdfs:subClassOf* cg:Claim ; rdfs:label ?classLabel .
  FILTER NOT EXISTS { ?claim a ?sub . ?sub rdfs:subClassOf ?class . FILTER(?sub != ?class) }
  OPTIONAL { ?claim cg:date ?date }
  OPTIONAL { ?claim cg:startDate ?startDate }
  OPTIONAL { ?claim cg:endDate ?endDate }
  OPTIONAL { ?claim cg:dateInferred ?inferred }
  OPTIONAL { ?claim cg:status ?status . OPTIONAL { ?status rdfs:label ?statusLabel } }
}"""

PARTICIPANTS_QUERY = """
SELECT ?claim ?role ?roleLabel ?entity ?label WHERE {
  ?claim a cg:Claim ; ?role ?entity .
  ?role rdfs:subPropertyOf+ cg:participant ; rdfs:label ?roleLabel .
  ?entity rdfs:label ?label .
}"""

# Whatever else a claim says (location, outcome, charge, kinship, quantity, curator's note...),
# read generically so that a property added to the ontology shows up by itself.
DETAILS_QUERY = """
SELECT ?claim ?property ?propertyLabel ?value ?valueLabel WHERE {
  ?claim a cg:Claim ; ?property ?value .
  ?property rdfs:label ?propertyLabel .
  FILTER(?property NOT IN (cg:participant, cg:status, cg:date, cg:startDate, cg:endDate, cg:dateInferred,
                           cg:evidence, cg:source, cg:quote, cg:citedSource, cg:contradicts, cg:denies))
  FILTER NOT EXISTS { ?property rdfs:subPropertyOf+ cg:participant }
  OPTIONAL { ?value rdfs:label ?valueLabel }
}"""

EVIDENCE_QUERY = """
SELECT ?holder ?ev ?source ?sourceLabel ?sourceTitle ?quote ?cited ?citedLabel WHERE {
  VALUES ?kind { cg:Claim cg:Figure }
  ?holder a ?kind .
  { ?holder cg:quote ?quote . BIND(?holder AS ?ev) } UNION { ?holder cg:evidence ?ev . ?ev cg:quote ?quote }
  OPTIONAL { ?ev cg:source ?source .
             OPTIONAL { ?source rdfs:label ?sourceLabel } OPTIONAL { ?source cg:title ?sourceTitle } }
  OPTIONAL { ?ev cg:citedSource ?cited . OPTIONAL { ?cited rdfs:label ?citedLabel } }
}"""

LINKS_QUERY = """
SELECT ?a ?link ?b WHERE {
  VALUES ?link { cg:contradicts cg:denies }
  ?a ?link ?b .
}"""

# Statuses from the strongest support to none; used to rank tied paths and to sort.
STATUS_RANK = {"Convicted": 0, "Confirmed": 0, "Charged": 1, "Accused": 2, "Reported": 3, "Alleged": 4,
               "ChargesDropped": 5, "Acquitted": 5, "Denied": 5}


def load_evidence(graph: KnowledgeGraph) -> dict[str, list[dict]]:
    """Evidence of every claim and figure: ``{holder IRI: [{source, source_title, quote,
    cited_source, cited_title}, ...]}``, in a stable order."""
    evidence: dict[str, list[dict]] = {}
    seen = set()
    rows = sorted(graph.select(EVIDENCE_QUERY), key=lambda r: (r["holder"], r["ev"], r.get("source") or "",
                                                               r["quote"], r.get("cited") or ""))
    for row in rows:
        key = (row["holder"], row["ev"], row["quote"])
        if key in seen:  # several labels or cited documents on one evidence node
            continue
        seen.add(key)
        evidence.setdefault(row["holder"], []).append({
            "source": row.get("source"),
            "source_title": row.get("sourceLabel") or row.get("sourceTitle"),
            "quote": row["quote"],
            "cited_source": row.get("cited"),
            "cited_title": row.get("citedLabel"),
        })
    return evidence


def load_links(graph: KnowledgeGraph) -> list[tuple[str, str, str]]:
    """Every ``(a, link, b)`` where ``link`` is ``contradicts`` or ``denies``."""
    return [(r["a"], r["link"].rsplit("#", 1)[-1], r["b"]) for r in graph.select(LINKS_QUERY)]


def load_claims(graph: KnowledgeGraph, evidence: dict[str, list[dict]] | None = None) -> dict[str, dict]:
    """Every claim as a dict, keyed by IRI.

    Fields: ``claim`` (IRI), ``relation`` (the claim class's label), ``relation_class`` (IRI),
    ``date``, ``start_date``, ``end_date`` (as the source gives them: '2019', '2019-05',
    '2019-05-04'), ``date_inferred``, ``when`` (the dates as one text), ``status`` (label),
    ``status_iri``, ``participants`` (``[{entity, label, role}]``), ``details``
    (``[{property, value}]``: location, outcome, charge...), ``evidence`` (see
    :func:`load_evidence`) and ``summary`` (participants as one text).
    """
    evidence = load_evidence(graph) if evidence is None else evidence
    claims: dict[str, dict] = {}
    for row in graph.select(CLAIMS_QUERY):
        if row["claim"] in claims:
            continue
        status = row.get("status")
        claims[row["claim"]] = {
            "claim": row["claim"], "relation": row["classLabel"], "relation_class": row["class"],
            "date": row.get("date"), "start_date": row.get("startDate"), "end_date": row.get("endDate"),
            "date_inferred": bool(row.get("inferred")),
            "status": row.get("statusLabel") or (status.rsplit("#", 1)[-1] if status else None),
            "status_iri": status, "participants": [], "details": [],
            "evidence": evidence.get(row["claim"], []),
        }
    for row in sorted(graph.select(PARTICIPANTS_QUERY), key=lambda r: (r["roleLabel"], r["label"])):
        claim = claims.get(row["claim"])
        if claim is not None:
            part = {"entity": row["entity"], "label": row["label"], "role": row["roleLabel"]}
            if part not in claim["participants"]:
                claim["participants"].append(part)
    for row in sorted(graph.select(DETAILS_QUERY), key=lambda r: (r["propertyLabel"], str(r["value"]))):
        claim = claims.get(row["claim"])
        if claim is not None:
            value = row.get("valueLabel") or row["value"]
            claim["details"].append({"property": row["propertyLabel"], "value": plain_number(value)})
    for claim in claims.values():
        claim["when"] = when(claim)
        claim["summary"] = "; ".join(f"{p['label']} ({p['role']})" for p in claim["participants"])
    return claims


def when(item: dict) -> str:
    """The dates of a claim or figure as the source gives them: '2019', '2016 – 2020',
    'until 2028', '2019 (inferred)'; empty when undated."""
    date, start, end = item.get("date"), item.get("start_date"), item.get("end_date")
    if date and end and end != date:
        text = f"{date} – {end}"
    elif date:
        text = date
    elif start or end:
        text = f"{start or '…'} – {end or '…'}"
    else:
        return ""
    return text + (" (inferred)" if item.get("date_inferred") else "")


def sort_key(item: dict) -> tuple[str, str]:
    """Chronological order for dates of mixed precision ('2019' before '2019-03-15')."""
    first = item.get("date") or item.get("start_date") or item.get("end_date")
    last = item.get("end_date") or item.get("date") or item.get("start_date")
    return (earliest(first) if first else "9999", latest(last) if last else "9999")


def overlaps(item: dict, start: str | None, end: str | None) -> bool:
    """Whether a dated claim or figure overlaps the period from ``start`` to ``end`` (either
    may be None); undated items never do."""
    first = item.get("date") or item.get("start_date") or item.get("end_date")
    last = item.get("end_date") or item.get("date") or item.get("start_date")
    if first is None:
        return False
    if end is not None and earliest(first) > latest(end):
        return False
    if start is not None and latest(last) < earliest(start):
        return False
    return True


def status_rank(status_iri: str | None) -> int:
    return STATUS_RANK.get((status_iri or "").rsplit("#", 1)[-1], 6)


def plain_number(value):
    """286494.0 -> 286494; other values unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def flatten_claim(claim: dict, prefix: str = "") -> dict:
    """A claim as one flat row (for CSV and DataFrames): participants, details and evidence
    joined into text, several evidence items separated by ' | '."""
    evidence = claim.get("evidence", [])
    return {
        f"{prefix}claim": claim["claim"], f"{prefix}relation": claim["relation"],
        f"{prefix}participants": claim["summary"], f"{prefix}when": claim["when"],
        f"{prefix}date": claim["date"], f"{prefix}start_date": claim["start_date"],
        f"{prefix}end_date": claim["end_date"], f"{prefix}status": claim["status"],
        f"{prefix}details": "; ".join(f"{d['property']}: {d['value']}" for d in claim.get("details", [])),
        **flatten_evidence(evidence, prefix),
    }


def flatten_evidence(evidence: list[dict], prefix: str = "") -> dict:
    return {
        f"{prefix}sources": " | ".join(e["source_title"] or e["source"] or "" for e in evidence),
        f"{prefix}quotes": " | ".join(e["quote"] for e in evidence),
        f"{prefix}cited": " | ".join(e["cited_title"] or e["cited_source"] for e in evidence if e["cited_source"]),
    }


def to_frame(rows: list[dict], columns: list[str] | None = None):
    """A pandas DataFrame of flat rows."""
    import pandas as pd

    return pd.DataFrame.from_records(rows, columns=columns)
