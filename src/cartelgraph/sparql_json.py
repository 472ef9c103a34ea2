"""SPARQL 1.1 Query Results JSON written from pyoxigraph terms: by the endpoint's workers, and by
the remote graph when it writes an engine's answer again in one form for every engine."""

from __future__ import annotations

import json

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def results_json(variables: list[str], solutions) -> bytes:
    """SPARQL 1.1 Query Results JSON for ``solutions`` (pyoxigraph solutions or dicts)."""
    bindings = []
    for solution in solutions:
        row = {}
        for name in variables:
            term = solution[name]
            if term is not None:
                row[name] = term_json(term)
        bindings.append(row)
    return json.dumps(
        {"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False, separators=(",", ":")
    ).encode()


def term_json(term) -> dict:
    kind = type(term).__name__
    if kind == "NamedNode":
        return {"type": "uri", "value": term.value}
    if kind == "BlankNode":
        return {"type": "bnode", "value": term.value}
    if kind == "Literal":
        entry = {"type": "literal", "value": term.value}
        if term.language:
            entry["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            entry["datatype"] = term.datatype.value
        return entry
    if kind == "Triple":
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    raise TypeError(f"cannot write a {kind} in SPARQL results")
