"""Claims and figures with their participants, status and evidence, as plain dicts.

Every investigator command reads claims through :func:`load_claims` so that each answer carries
the same fields: relation, participants with their roles, date as precise as the source, status
and evidence (source title, verbatim quote, cited document). One query reads the claims a pattern
selects (one entity's, a page of a timeline, the claims on a path), so the cost follows the
answer, not the size of the graph.
"""

from __future__ import annotations

from cartelgraph.analytics.nodes import knowledge_graph
from cartelgraph.dates import date_problem, in_order, item_span
from cartelgraph.errors import ParameterError
from cartelgraph.graph import KnowledgeGraph
from cartelgraph.internal_queries import query
from cartelgraph.investigate.describe import (
    NOT_DETAILS,
    described,
    evidence_rows,
    first,
    most_specific_class,
    out_links,
)
from cartelgraph.namespace import CG

# The time limit of one investigator command: its queries run in one worker process (see
# KnowledgeGraph.run), under one limit.
COMMAND_TIMEOUT = 120.0


def in_one_worker(graph: KnowledgeGraph, task, *args):
    """``graph.run(task, *args)`` under :data:`COMMAND_TIMEOUT`. ``graph`` may also be a network
    made by :func:`cartelgraph.network`: its knowledge graph is used."""
    graph = knowledge_graph(graph)
    return graph.run(task, *args, timeout=COMMAND_TIMEOUT)


def check_period(start: str | None, end: str | None) -> None:
    """Raise :class:`~cartelgraph.errors.ParameterError` for a ``start`` or ``end`` that is not a
    date as the sources write them (YYYY, YYYY-MM, YYYY-MM-DD) or an ``end`` before ``start``:
    a typo must not quietly give another period.

    >>> check_period("2019", "2019-13")
    Traceback (most recent call last):
    ...
    cartelgraph.errors.ParameterError: end='2019-13': no such date
    """
    for name, value in (("start", start), ("end", end)):
        problem = date_problem(value) if value is not None else None
        if problem:
            raise ParameterError(name, value, problem)
    if start is not None and end is not None and not in_order(start, end):
        raise ParameterError("end", end, f"comes before the start, {start}")


def check_limit(limit: int | None, least: int = 0) -> None:
    """Raise :class:`~cartelgraph.errors.ParameterError` unless ``limit`` is None (all) or a
    whole number of at least ``least``.

    >>> check_limit(-1)
    Traceback (most recent call last):
    ...
    cartelgraph.errors.ParameterError: limit=-1: give a whole number, 0 or more (None: all)
    """
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < least):
        raise ParameterError("limit", limit, f"give a whole number, {least} or more (None: all)")


class Page(list):
    """A list of rows that may be the first part of a longer answer: ``total`` says how many
    rows matched in all (``len(page) < page.total`` when a limit cut the list)."""

    def __init__(self, rows=(), total: int | None = None):
        super().__init__(rows)
        self.total = len(self) if total is None else total

    @property
    def more(self) -> int:
        """How many matching rows the limit left out."""
        return max(0, self.total - len(self))


def add_evidence(evidence: dict[str, list[dict]], rows: list[dict], holder: str) -> None:
    """Collect evidence rows (see ``queries/internal/evidence.rq``) into ``{holder IRI: [items]}``: one
    item per quote of an evidence node, with every document it cites (``cited``, in title
    order; ``cited_source`` and ``cited_title`` join them with '; ')."""
    # Only the items of these rows' holders are read and changed: going over every holder's items
    # on each call made reading 26,000 claims in one call (the network page at 1M) quadratic.
    holders = {row[holder] for row in rows}
    known = {(h, e["ev"], e["quote"]): e for h in holders for e in evidence.get(h, ())}
    for row in sorted(
        rows,
        key=lambda r: (
            r[holder],
            r["ev"],
            r.get("source") or "",
            r["quote"],
            r.get("sourceLabel") or "",
            r.get("sourceTitle") or "",
            r.get("cited") or "",
            r.get("citedLabel") or "",
        ),
    ):
        key = (row[holder], row["ev"], row["quote"])
        item = known.get(key)
        if item is None:  # several labels or cited documents on one evidence node make several rows
            item = known[key] = {
                "ev": row["ev"],
                "source": row.get("source"),
                "source_title": row.get("sourceLabel") or row.get("sourceTitle"),
                "quote": row["quote"],
                "cited": [],
            }
            evidence.setdefault(row[holder], []).append(item)
        cited = {"source": row.get("cited"), "title": row.get("citedLabel")}
        if cited["source"] is not None and not any(c["source"] == cited["source"] for c in item["cited"]):
            item["cited"].append(cited)
        elif cited["source"] is not None and cited["title"] is not None:  # the smallest of several labels
            same = next(c for c in item["cited"] if c["source"] == cited["source"])
            same["title"] = min(filter(None, (same["title"], cited["title"])))
    for items in (evidence.get(h, ()) for h in holders):
        for item in items:
            item["cited"].sort(key=lambda c: (c["title"] or c["source"], c["source"]))
            item["cited_source"] = "; ".join(c["source"] for c in item["cited"]) or None
            item["cited_title"] = "; ".join(c["title"] or c["source"] for c in item["cited"]) or None


def strip_evidence_keys(evidence: dict[str, list[dict]]) -> dict[str, list[dict]]:
    for items in evidence.values():
        for item in items:
            item.pop("ev", None)
    return evidence


def load_evidence(graph: KnowledgeGraph) -> dict[str, list[dict]]:
    """Evidence of every claim and figure: ``{holder IRI: [{source, source_title, quote,
    cited_source, cited_title}, ...]}``, in a stable order. Reads the whole graph: prefer
    :func:`load_claims`, which reads the evidence of the claims it reads only."""
    evidence: dict[str, list[dict]] = {}
    add_evidence(evidence, graph.select(query("evidence")), "holder")
    return strip_evidence_keys(evidence)


def load_links(graph: KnowledgeGraph) -> list[tuple[str, str, str]]:
    """Every ``(a, link, b)`` where ``link`` is ``contradicts`` or ``denies``."""
    rows = graph.select(query("claim-links"))
    return [(r["a"], r["link"].rsplit("#", 1)[-1], r["b"]) for r in rows]


def load_claims(
    graph: KnowledgeGraph,
    evidence: dict[str, list[dict]] | None = None,
    *,
    focus=None,
    iris=None,
    links: list | None = None,
) -> dict[str, dict]:
    """The claims naming ``focus`` in any role, or those among ``iris``, as dicts keyed by IRI.

    Parameters
    ----------
    focus : an entity's IRI, or several: the claims naming any of them as participant, subject,
        instrument, place or asserter.
    iris : claim IRIs, read in batches of at most 1,000 (when ``focus`` is not given).
    evidence : evidence already read (``{claim IRI: [...]}``) to use instead of the claims' own.
    links : when a list, the ``(a, link, b)`` contradicts/denies links from or to these claims
        are appended to it.

    Returns
    -------
    Fields: ``claim`` (IRI), ``relation`` (the claim class's label), ``relation_class`` (IRI),
    ``date``, ``start_date``, ``end_date`` (as the source gives them: '2019', '2019-05',
    '2019-05-04'), ``date_inferred``, ``when`` (the dates as one text), ``status`` (label),
    ``status_iri``, ``participants`` (``[{entity, label, role, context}]``: every entity the
    claim names in a role, the participants first, then those in a context role, ``context``
    true, named by the role's cg:roleLabel: 'subject', 'instrument', 'place', 'asserter'),
    ``details`` (``[{property, value}]``: outcome, charge, activity...), ``notes`` (the
    curators' notes), ``evidence`` (``[{source, source_title, quote, cited, cited_source,
    cited_title}]``), ``cited`` (every document the claim or its evidence cites, ``[{source,
    title}]`` in title order) and ``summary`` (the entities and their roles as one text).
    """
    if (focus is None) == (iris is None):
        raise TypeError("load_claims() takes either focus or iris")
    claims, read_evidence = read_items(graph, "claims", focus, iris, _claim, evidence=evidence, links=links)
    for iri, claim in claims.items():
        claim["evidence"] = read_evidence.get(iri, [])
        claim["cited"] = merged_cited(claim["cited"], claim["evidence"])
        claim["when"] = when(claim)
        claim["summary"] = "; ".join(f"{p['label']} ({p['role']})" for p in claim["participants"])
    return claims


def read_items(graph: KnowledgeGraph, kind: str, focus, iris, make, *, evidence: dict | None, links: list | None):
    """The claims or figures (``kind``) that :func:`~cartelgraph.investigate.describe.described`
    reads, each made by ``make(iri, rows, found)`` (None leaves it out): ``({iri: item},
    {iri: evidence})``, the evidence being ``evidence`` when given, else the items' own. With
    ``links`` a list, their contradicts/denies links are appended to it."""
    own: dict[str, list[dict]] = {}
    evidence_found: list[dict] = []
    items: dict[str, dict] = {}
    for found in described(graph, kind, focus, iris):
        for iri, rows in found["items"].items():
            item = None if iri in items else make(iri, rows, found)
            if item is None:
                continue
            items[iri] = item
            if evidence is None:
                evidence_found.extend(evidence_rows(iri, rows, found))
            if links is not None:
                links.extend(out_links(iri, rows))
        if links is not None:
            links.extend(found["linked"])
    add_evidence(own, evidence_found, "holder")  # once: it reorders all it holds
    return items, strip_evidence_keys(own) if evidence is None else evidence


def _claim(iri: str, rows: list[dict], found: dict) -> dict | None:
    """The claim ``iri`` from its rows of :func:`~cartelgraph.investigate.describe.describe`
    (None when it has no labelled claim class), without its evidence yet."""
    kind = most_specific_class(rows, found["classes"])
    if kind is None:
        return None
    status = first(rows, CG.status)
    status_label = first([r for r in rows if r["o"] == status], CG.status, "oLabel") if status else None
    claim = {
        "claim": iri,
        "relation": kind[1],
        "relation_class": kind[0],
        "date": first(rows, CG.date),
        "start_date": first(rows, CG.startDate),
        "end_date": first(rows, CG.endDate),
        "date_inferred": bool(first(rows, CG.dateInferred)),
        "status": status_label or (status.rsplit("#", 1)[-1] if status else None),
        "status_iri": status,
        "participants": [],
        "details": [],
    }
    roles, context = found["roles"], found["context"]
    parts = sorted(
        (
            {
                "entity": r["o"],
                "label": r["oLabel"],
                "role": context.get(r["p"], r["pLabel"]),
                "context": r["p"] in context,
            }
            for r in rows
            if (r["p"] in roles and r.get("pLabel") is not None or r["p"] in context) and r.get("oLabel") is not None
        ),
        key=lambda p: (p["context"], p["role"], p["label"], p["entity"]),
    )
    for part in parts:
        if not any(
            known["entity"] == part["entity"] and known["role"] == part["role"] for known in claim["participants"]
        ):  # one entry per entity and role
            claim["participants"].append(part)
    details = {
        (r["pLabel"], r["p"], r["o"], r.get("oLabel"))
        for r in rows
        if r.get("pLabel") is not None and r["p"] not in NOT_DETAILS and r["p"] not in roles and r["p"] not in context
    }
    for label, _, value, value_label in sorted(details, key=lambda d: (d[0], str(d[2]))):
        claim["details"].append({"property": label, "value": plain_number(value_label or value)})
    claim["notes"] = sorted({r["o"] for r in rows if r["p"] == CG.note})
    claim["cited"] = _cited(rows)
    return claim


def _cited(rows: list[dict]) -> list[dict]:
    """The documents a claim or figure cites itself (``cg:citedSource`` on it, not on its evidence)."""
    titles: dict[str, str | None] = {}
    for row in rows:
        if row["p"] == CG.citedSource:
            label = row.get("oLabel")
            known = titles.get(row["o"])
            titles[row["o"]] = min(filter(None, (known, label)), default=None)
    return [{"source": iri, "title": title} for iri, title in titles.items()]


def merged_cited(own: list[dict], evidence: list[dict]) -> list[dict]:
    """The documents cited by an item and by its evidence, each once, in title order."""
    found: dict[str, str | None] = {}
    for cited in [*own, *(c for item in evidence for c in item.get("cited", []))]:
        found[cited["source"]] = found.get(cited["source"]) or cited["title"]
    return sorted(
        ({"source": iri, "title": title} for iri, title in found.items()),
        key=lambda c: (c["title"] or c["source"], c["source"]),
    )


def claims_by_iri(graph: KnowledgeGraph, iris) -> dict[str, dict]:
    """The claims among ``iris`` (see :func:`load_claims`), read in blocks of at most 1,000."""
    return load_claims(graph, iris=iris)


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
    return item_span(item) or ("9999", "9999")


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
        f"{prefix}claim": claim["claim"],
        f"{prefix}relation": claim["relation"],
        f"{prefix}participants": claim["summary"],
        f"{prefix}when": claim["when"],
        f"{prefix}date": claim["date"],
        f"{prefix}start_date": claim["start_date"],
        f"{prefix}end_date": claim["end_date"],
        f"{prefix}status": claim["status"],
        f"{prefix}details": "; ".join(f"{d['property']}: {d['value']}" for d in claim.get("details", [])),
        f"{prefix}notes": " | ".join(claim.get("notes", [])),
        **flatten_evidence(evidence, prefix),
        f"{prefix}cited": "; ".join(c["title"] or c["source"] for c in claim.get("cited", [])),
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
