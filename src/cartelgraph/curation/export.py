"""``export-claims``: every claim and figure with its evidence, in the ingest format.

One row per piece of evidence (the claim's own source and quote first, then each evidence
node); rows of one claim share its ``id``. Entities are written as ``cgr:`` IRIs so the file
ingests back exactly; a ``#names`` column gives their labels for people."""

from __future__ import annotations

from cartelgraph.curation.schema import EVIDENCE_PROPERTIES, Schema
from cartelgraph.graph import KnowledgeGraph, shorten
from cartelgraph.internal_queries import query
from cartelgraph.namespace import CG

LEADING = [
    "id",
    "class",
    "participants",
    "date",
    "startDate",
    "endDate",
    "status",
    "source",
    "quote",
    "citedSource",
    "evidence",
]


def claim_table(graph: KnowledgeGraph, schema: Schema) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the export (see the module docstring)."""
    classes = {row["node"]: row["class"] for row in graph.select(query("claim-and-figure-classes"))}
    statements: dict[str, dict[str, list]] = {}
    # Values of one property in their N-Triples order, not the store's (each engine has its own).
    for row in sorted(graph.query(query("claim-and-figure-statements")).rows, key=lambda row: str(row["o"])):
        node, prop = row["node"].value, row["p"].value
        statements.setdefault(node, {}).setdefault(prop, []).append(row["o"])
    labels = {row["entity"]: row["label"] for row in graph.select(query("entity-labels"))}
    records: list[dict[str, list[str]]] = []
    for node in sorted(classes):
        props = statements.get(node, {})
        claim_cells, names = _claim_cells(node, classes[node], props, schema, labels)
        direct = {p: v for p, v in props.items() if p in EVIDENCE_PROPERTIES}
        evidence_nodes = sorted(o.value for o in props.get(CG.evidence, []))
        pieces = [(None, direct)] if direct or not evidence_nodes else []
        pieces += [(ev, statements.get(ev, {})) for ev in evidence_nodes]
        for ev_iri, ev_props in pieces:
            record = {name: list(values) for name, values in claim_cells.items()}
            if ev_iri:
                record["evidence"] = [shorten(ev_iri)]
            for prop, values in ev_props.items():
                prefix = "" if prop in EVIDENCE_PROPERTIES or ev_iri is None else "evidence."
                record[prefix + schema.column_name(prop)] = [_text(v, schema, prop) for v in values]
            record["#names"] = [names]
            records.append(record)
    return _layout(records, schema)


def _claim_cells(node: str, cls: str, props: dict, schema: Schema, labels: dict) -> tuple[dict, str]:
    cells = {"id": [shorten(node)], "class": [cls.rsplit("#", 1)[-1]]}
    roles, names = [], []
    for prop in sorted(props):
        if prop in EVIDENCE_PROPERTIES or prop == CG.evidence:
            continue
        info = schema.properties.get(prop)
        values = sorted(props[prop], key=lambda t: t.value)
        if info is not None and info.role:
            for value in values:
                roles.append(f"{schema.column_name(prop)}={shorten(value.value)}")
                names.append(f"{schema.column_name(prop)}: {labels.get(value.value, shorten(value.value))}")
            continue
        cells[schema.column_name(prop)] = [_text(v, schema, prop) for v in values]
    cells["participants"] = ["; ".join(roles)] if roles else []
    return cells, "; ".join(names)


def _text(term, schema: Schema, prop: str) -> str:
    if type(term).__name__ == "NamedNode":
        info = schema.properties.get(prop)
        return term.value.rsplit("#", 1)[-1] if info is not None and info.kind == "enum" else shorten(term.value)
    return term.value


def _layout(records: list[dict[str, list[str]]], schema: Schema) -> tuple[list[str], list[list[str]]]:
    """One column per property; list properties join values with '; ', other properties with
    several values get as many columns of the same name."""
    width: dict[str, int] = {}
    for record in records:
        for name, values in record.items():
            prop = schema.column(name.removeprefix("evidence.")) if name not in LEADING[:3] else None
            joined = name in ("participants", "#names") or (prop is not None and prop.is_list)
            if joined and len(values) > 1:
                record[name] = ["; ".join(values)]
            width[name] = max(width.get(name, 0), len(record[name]))
    order = [n for n in LEADING if n in width] + sorted(n for n in width if n not in LEADING and n != "#names")
    order += ["#names"] if "#names" in width else []
    headers = [name for name in order for _ in range(max(1, width[name]))]
    rows = []
    for record in records:
        row = []
        for name in order:
            values = record.get(name, [])
            row += [values[i] if i < len(values) else "" for i in range(max(1, width[name]))]
        rows.append(row)
    return headers, rows
