"""What a query worker sends back: the query checked, run and serialized within the endpoint's
row and byte caps (:func:`query_task`, run in the worker), and the mark an answer that was cut
carries in its body (:func:`mark_truncated`, in the server)."""

from __future__ import annotations

import json

from cartelgraph.media import GRAPH_FORMATS, RESULT_FORMATS
from cartelgraph.sparql import PREFIXES, check_safe_cached
from cartelgraph.sparql_json import results_json


def query_task(store, text, fmt, max_rows, max_bytes, base_iri, default_graphs, named_graphs):
    """In the worker: check, run and serialize a query: ``(rows kept, cut by, body)``. The
    check runs here so that the event loop never parses and the time limit covers it."""
    import pyoxigraph as ox

    text = check_safe_cached(text)
    options = {}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(iri) for iri in default_graphs]
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs]
    answer = store.query(text, prefixes=PREFIXES, base_iri=base_iri, **options)
    if isinstance(answer, ox.QueryBoolean):
        return 1, None, answer.serialize(format=getattr(ox.QueryResultsFormat, RESULT_FORMATS[fmt]))
    if isinstance(answer, ox.QueryTriples):
        triples, cut = _first(answer, max_rows, max_bytes, _triple_size)
        body = ox.serialize(
            triples,
            format=getattr(ox.RdfFormat, GRAPH_FORMATS[fmt]),
            **({"prefixes": PREFIXES} if fmt == "turtle" else {}),
        )
        return len(triples), cut, body
    variables = [v.value for v in answer.variables]
    solutions, cut = _first(answer, max_rows, max_bytes, lambda row: _row_size(row, len(variables)))
    data = results_json(variables, solutions)
    if fmt != "json":
        parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        data = parsed.serialize(format=getattr(ox.QueryResultsFormat, RESULT_FORMATS[fmt]))
    return len(solutions), cut, data


def _first(items, max_rows: int, max_bytes: int, size) -> tuple[list, str | None]:
    """At most ``max_rows`` items whose sizes add up to at most ``max_bytes``; and which limit
    cut the rest ("rows", "bytes") or None."""
    found, total = [], 0
    for item in items:
        if len(found) >= max_rows:
            return found, "rows"
        total += size(item)
        if total > max_bytes:
            return found, "bytes"
        found.append(item)
    return found, None


def _term_size(term) -> int:
    if term is None:
        return 0
    if type(term).__name__ == "Literal":
        return len(term.value) + len(term.datatype.value) + len(term.language or "") + 40
    if type(term).__name__ == "Triple":
        return _triple_size(term)
    return len(term.value) + 30


def _row_size(solution, width: int) -> int:
    return sum(_term_size(solution[i]) for i in range(width)) + 10


def _triple_size(triple) -> int:
    return _term_size(triple.subject) + _term_size(triple.predicate) + _term_size(triple.object)


def mark_truncated(body: bytes, fmt: str, link: str) -> bytes:
    """Say in the body itself, where the format has room for it, that the rows were cut:
    the ``link`` of the results head in JSON and XML (CSV and TSV have only the header)."""
    if fmt == "json":
        data = json.loads(body)
        data["head"]["link"] = [link]
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    if fmt == "xml":
        from xml.sax.saxutils import quoteattr

        return body.replace(b"</head>", f"<link href={quoteattr(link)}/></head>".encode(), 1)
    return body
