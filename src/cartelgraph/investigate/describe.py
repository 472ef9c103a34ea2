"""Reading a set of claims or figures in one query: their triples, the labels of what they point
to, their evidence nodes' triples and the contradicts/denies links pointing at them.

The query is one of the ``describe-*.rq`` files of ``queries/internal/``, chosen by what selects
the items (the claims or figures naming some entities, or given by IRI) and filled with those
entities or IRIs; the claims' files also return a few rows of the ontology's vocabulary, from
which its meaning (which class is the most specific, which properties are roles) is applied in
Python: asking the engine for it per claim (property paths, FILTER NOT EXISTS) cost several
times more at 1M triples.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from cartelgraph.graph import KnowledgeGraph
from cartelgraph.internal_queries import query
from cartelgraph.namespace import CG
from cartelgraph.substitute import filled_batches

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# Properties a claim's details leave out: shown elsewhere (dates, status, evidence, links).
NOT_DETAILS = {
    CG.participant,
    CG.involves,
    CG.status,
    CG.date,
    CG.startDate,
    CG.endDate,
    CG.dateInferred,
    CG.evidence,
    CG.source,
    CG.quote,
    CG.citedSource,
    CG.contradicts,
    CG.denies,
    CG.note,
}


def describe(graph: KnowledgeGraph, text: str) -> dict:
    """The rows of ``text`` (a ``describe-*.rq`` query, filled) sorted out:
    ``{"items": {iri: [row]}, "evidence": {ev: [row]}, "owner": {ev: item}, "linked": [(a, link, b)],
    "classes": {class: {superclasses}}, "roles": {role}, "context": {role: name}}`` (roles: the
    participant roles; context: the context roles and their cg:roleLabel, both given by the
    claims' queries only); each row has ``item``, ``p``, ``o``, ``pLabel``, ``oLabel``, ``oTitle``."""
    found = {
        "items": defaultdict(list),
        "evidence": defaultdict(list),
        "owner": {},
        "linked": [],
        "classes": defaultdict(set),
        "roles": set(),
        "context": {},
    }
    rows = graph.select(text)
    labels = _property_labels(graph, {row["p"] for row in rows if row["kind"] == "item"})
    for row in rows:
        kind = row["kind"]
        if kind == "item":  # one row per label of the property, as an OPTIONAL would give them
            found["items"][row["item"]].extend({**row, "pLabel": label} for label in labels.get(row["p"], (None,)))
        elif kind == "evidence":
            found["evidence"][row["ev"]].append(row)
            found["owner"].setdefault(row["ev"], set()).add(row["item"])
        elif kind == "linked":
            found["linked"].append((row["o"], row["p"].rsplit("#", 1)[-1], row["item"]))
        elif kind == "class":
            found["classes"][row["o"]]
            if row.get("ev"):
                found["classes"][row["o"]].add(row["ev"])
        elif kind == "role":
            found["roles"].add(row["o"])
        elif kind == "context":  # the smallest name if several, as first() picks values
            found["context"][row["o"]] = min(found["context"].get(row["o"], row["oLabel"]), row["oLabel"])
    return found


def described(graph: KnowledgeGraph, kind: str, focus=None, iris=None) -> Iterator[dict]:
    """:func:`describe` of the ``kind`` (``"claims"`` or ``"figures"``) naming any of the
    entities ``focus`` (an IRI or several) in any role, or else of those among ``iris``: one
    answer per batch of at most :data:`~cartelgraph.substitute.BATCH` IRIs, each read when the
    caller comes to it (so that one batch's rows are held at a time)."""
    if focus is not None:
        texts = filled_batches(query(f"describe-{kind}-of"), "focus", [focus] if isinstance(focus, str) else focus)
    else:
        texts = filled_batches(query(f"describe-{kind}"), "item", iris)
    return (describe(graph, text) for text in texts)


def _property_labels(graph: KnowledgeGraph, properties: set[str]) -> dict[str, list[str]]:
    labels: dict[str, list[str]] = {}
    for text in filled_batches(query("property-labels"), "p", properties):
        for row in graph.select(text):
            labels.setdefault(row["p"], []).append(row["pLabel"])
    return labels


def first(rows: list[dict], prop: str, field: str = "o"):
    """The smallest value of ``field`` among the rows of property ``prop`` (None if none)."""
    values = [row[field] for row in rows if row["p"] == prop and row.get(field) is not None]
    return min(values, key=str) if values else None


def evidence_rows(item: str, rows: list[dict], found: dict) -> list[dict]:
    """Rows as the evidence branch of a SELECT would give them (one per quote, source and
    cited document): the item's own quote, then each evidence node's."""
    out = []
    holders = [(item, rows)] + [
        (ev, found["evidence"][ev]) for ev in sorted(found["evidence"]) if item in found["owner"].get(ev, ())
    ]
    for ev, ev_rows in holders:
        quotes = {r["o"] for r in ev_rows if r["p"] == CG.quote}
        sources = _linked(ev_rows, CG.source) or [(None, None, None)]
        cited = _linked(ev_rows, CG.citedSource) or [(None, None, None)]
        for quote in quotes:
            for source, source_label, source_title in sources:
                for cited_iri, cited_label, _ in cited:
                    out.append(
                        {
                            "holder": item,
                            "ev": ev,
                            "quote": quote,
                            "source": source,
                            "sourceLabel": source_label,
                            "sourceTitle": source_title,
                            "cited": cited_iri,
                            "citedLabel": cited_label,
                        }
                    )
    return out


def _linked(rows: list[dict], prop: str) -> list[tuple]:
    return sorted(
        {(r["o"], r.get("oLabel"), r.get("oTitle")) for r in rows if r["p"] == prop},
        key=lambda t: tuple(str(x) for x in t),
    )


def out_links(item: str, rows: list[dict]) -> list[tuple[str, str, str]]:
    return [(item, r["p"].rsplit("#", 1)[-1], r["o"]) for r in rows if r["p"] in (CG.contradicts, CG.denies)]


def most_specific_class(rows: list[dict], classes: dict[str, set]) -> tuple[str, str] | None:
    """The claim's ``(class, label)``: a labelled claim class none of its other types is a
    direct subclass of (the smallest IRI if several)."""
    types = {r["o"] for r in rows if r["p"] == RDF_TYPE}
    labels = {r["o"]: r["oLabel"] for r in rows if r["p"] == RDF_TYPE and r.get("oLabel") is not None}
    candidates = [
        t for t in types if t in classes and t in labels and not any(t in classes.get(s, ()) for s in types if s != t)
    ]
    if not candidates:
        return None
    best = min(candidates)
    return best, min(
        lab for r in rows if r["p"] == RDF_TYPE and r["o"] == best for lab in [r.get("oLabel")] if lab is not None
    )
