"""Reading a set of claims or figures in one query: their triples, the labels of what they point
to, their evidence nodes' triples and the contradicts/denies links pointing at them.

The set is chosen by a pattern the caller gives (``?item cg:involves ?focus``, a ``VALUES``
block of IRIs...), repeated at the head of each branch so that the engine starts from those
items. The ontology's meaning (which class is the most specific, which properties are roles) is
applied in Python, from a few rows of vocabulary the same query returns: asking the engine for it
per claim (property paths, FILTER NOT EXISTS) cost several times more at 1M triples.
"""

from __future__ import annotations

from collections import defaultdict

from cartelgraph.graph import KnowledgeGraph
from cartelgraph.namespace import CG

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# cg:participant and cg:involves (inferred from every role) are left out: the roles say more, and
# they are a third of the rows. The properties' labels are read apart (:data:`PROPERTY_LABELS`), once per property
# rather than once per row.
ITEM_BRANCH = """{ %(where)s ?item ?p ?o . FILTER(?p != cg:participant && ?p != cg:involves)
    OPTIONAL { ?o rdfs:label ?oLabel } OPTIONAL { ?o cg:title ?oTitle }
    BIND("item" AS ?kind) }"""
PROPERTY_LABELS = "SELECT ?p ?pLabel WHERE { %s ?p rdfs:label ?pLabel }"
EVIDENCE_BRANCH = """{ %(where)s ?item cg:evidence ?ev . ?ev ?p ?o .
    OPTIONAL { ?o rdfs:label ?oLabel } OPTIONAL { ?o cg:title ?oTitle }
    BIND("evidence" AS ?kind) }"""
LINKED_BRANCH = """{ %(where)s VALUES ?p { cg:contradicts cg:denies } ?o ?p ?item .
    BIND("linked" AS ?kind) }"""
# The claim classes with their direct superclasses, the participant roles, and the context roles
# (subject, instrument, place, asserter) with the names answers give them.
VOCABULARY_BRANCHES = """{ ?o rdfs:subClassOf* cg:Claim . OPTIONAL { ?o rdfs:subClassOf ?ev } BIND("class" AS ?kind) }
  UNION { ?o rdfs:subPropertyOf+ cg:participant . BIND("role" AS ?kind) }
  UNION { ?o a cg:ContextRole ; cg:roleLabel ?oLabel . BIND("context" AS ?kind) }"""

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


def describe(
    graph: KnowledgeGraph, variable: str, where: str, params: dict | None = None, *, vocabulary: bool = False
) -> dict:
    """The rows about the items ``where`` binds to ``?variable``, sorted out:
    ``{"items": {iri: [row]}, "evidence": {ev: [row]}, "owner": {ev: item}, "linked": [(a, link, b)],
    "classes": {class: {superclasses}}, "roles": {role}, "context": {role: name}}`` (roles: the
    participant roles; context: the context roles and their cg:roleLabel, both read with
    ``vocabulary``); each row has ``p``, ``o``, ``pLabel``, ``oLabel``, ``oTitle``."""
    branches = [ITEM_BRANCH, EVIDENCE_BRANCH, LINKED_BRANCH]
    # The bound values also open each branch: Oxigraph plans a branch's joins without the values
    # bound outside it, and began the figures of one entity from every figure (31 ms, not 1).
    where = " ".join(
        [
            *(
                f"VALUES ?{name} {{ {term} }}"
                for name, term in (params or {}).items()
                if type(term).__name__ in ("NamedNode", "Literal")
            ),
            where,
        ]
    )
    body = " UNION ".join(branch % {"where": where} for branch in branches)
    if vocabulary:
        body += " UNION " + VOCABULARY_BRANCHES
    query = f"SELECT ?item ?kind ?p ?o ?pLabel ?oLabel ?oTitle ?ev WHERE {{\n  {body}\n}}".replace(
        "?item", f"?{variable}"
    )
    found = {
        "items": defaultdict(list),
        "evidence": defaultdict(list),
        "owner": {},
        "linked": [],
        "classes": defaultdict(set),
        "roles": set(),
        "context": {},
    }
    # Bound by the VALUES opening each branch only: bound for the whole query as well, Virtuoso
    # joined the values into the branches that mention them and dropped the vocabulary branches.
    rows = graph.select(query)
    labels = _property_labels(graph, {row["p"] for row in rows if row["kind"] == "item"})
    for row in rows:
        kind = row["kind"]
        if kind == "item":  # one row per label of the property, as an OPTIONAL would give them
            found["items"][row[variable]].extend({**row, "pLabel": label} for label in labels.get(row["p"], (None,)))
        elif kind == "evidence":
            found["evidence"][row["ev"]].append(row)
            found["owner"].setdefault(row["ev"], set()).add(row[variable])
        elif kind == "linked":
            found["linked"].append((row["o"], row["p"].rsplit("#", 1)[-1], row[variable]))
        elif kind == "class":
            found["classes"][row["o"]]
            if row.get("ev"):
                found["classes"][row["o"]].add(row["ev"])
        elif kind == "role":
            found["roles"].add(row["o"])
        elif kind == "context":  # the smallest name if several, as first() picks values
            found["context"][row["o"]] = min(found["context"].get(row["o"], row["oLabel"]), row["oLabel"])
    return found


def _property_labels(graph: KnowledgeGraph, properties: set[str]) -> dict[str, list[str]]:
    from cartelgraph.substitute import batches

    labels: dict[str, list[str]] = {}
    for block in batches("p", properties):
        for row in graph.select(PROPERTY_LABELS % block):
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
