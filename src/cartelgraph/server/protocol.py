"""The SPARQL 1.1 Protocol, without the web framework: reading an operation out of a request,
and choosing the answer's format by ``Accept`` (or ``format=`` / ``output=``).

Kept free of Starlette so that every rule of https://www.w3.org/TR/sparql11-protocol/ the
endpoint follows can be read (and tested) in one place.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import pyoxigraph as ox

from cartelgraph.media import (
    FORM,
    FORMAT_ALIASES,
    GRAPH_ACCEPT,
    GRAPH_MEDIA,
    PLAIN_TEXT,
    RESULT_ACCEPT,
    RESULT_MEDIA,
    SPARQL_QUERY,
    SPARQL_UPDATE,
)

# Parameters naming graphs: each value must be an absolute IRI.
DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")


class ProtocolError(Exception):
    """A request the protocol does not allow; ``status`` is the HTTP status to answer."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class Operation:
    """What a request asks for: a query or an update, the dataset, and the format asked."""

    kind: str  # "query", "update" or "none" (no operation: the service description)
    text: str = ""
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    format: str | None = None  # from format= / output=, else None (use Accept)


def read_operation(method: str, content_type: str | None, query_string: str, body: bytes) -> Operation:
    """The operation of a request, by the rules of the protocol's sections 2.1 and 2.2.

    Raises :class:`ProtocolError` (400, 405 or 415) for what the protocol calls a bad request:
    two queries, a query and an update, a body in a charset other than UTF-8, a POST with no
    or an unknown content type, an update sent with GET.
    """
    url_params = _pairs(query_string)
    if method in ("GET", "HEAD"):
        params = url_params
        if "update" in params:
            raise ProtocolError(400, "updates must be sent with POST (SPARQL 1.1 Protocol, 2.2)")
        return _operation(params, body_text=None, body_kind=None)
    if method != "POST":
        raise ProtocolError(405, f"{method} is not allowed: use GET or POST")
    media, charset = _media_type(content_type)
    if media is None:
        raise ProtocolError(
            415, f"a POST needs a Content-Type: application/x-www-form-urlencoded, {SPARQL_QUERY} or {SPARQL_UPDATE}"
        )
    if charset not in (None, "utf-8", "utf8"):
        raise ProtocolError(415, f"the body must be UTF-8, not {charset}")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(400, f"the body is not valid UTF-8 (byte {error.start})") from None
    if media == FORM:
        form = _pairs(text)
        for key, values in url_params.items():  # the form's own values win over the URL's
            if key in ("format", "output", *DATASET_PARAMETERS):
                form.setdefault(key, values)
        return _operation(form, body_text=None, body_kind=None)
    if media in (SPARQL_QUERY, SPARQL_UPDATE):
        if "query" in url_params or "update" in url_params:
            raise ProtocolError(400, f"a {media} body and a query= or update= parameter: send one operation")
        return _operation(url_params, body_text=text, body_kind="query" if media == SPARQL_QUERY else "update")
    raise ProtocolError(415, f"unsupported Content-Type {media}: use {FORM}, {SPARQL_QUERY} or {SPARQL_UPDATE}")


def _operation(params: dict[str, list[str]], body_text: str | None, body_kind: str | None) -> Operation:
    queries, updates = params.get("query", []), params.get("update", [])
    if body_kind == "query":
        queries = [body_text]
    elif body_kind == "update":
        updates = [body_text]
    if len(queries) > 1 or len(updates) > 1:
        raise ProtocolError(400, "more than one query= or update= parameter: send one operation")
    if queries and updates:
        raise ProtocolError(400, "both a query and an update: send one operation")
    formats = params.get("format", []) + params.get("output", [])
    fmt = formats[0] if formats else None
    if updates:
        kind, text = "update", updates[0]
        default_graphs, named_graphs = params.get("using-graph-uri", []), params.get("using-named-graph-uri", [])
    elif queries:
        kind, text = "query", queries[0]
        default_graphs, named_graphs = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
    else:
        kind, text, default_graphs, named_graphs = "none", "", [], []
    if kind != "none" and not text.strip():
        raise ProtocolError(400, f"the {kind} is empty")
    for name in DATASET_PARAMETERS:
        for value in params.get(name, []):
            _check_iri(name, value)
    return Operation(kind, text, default_graphs, named_graphs, fmt)


def _check_iri(parameter: str, value: str) -> None:
    """Refuse a graph name that is not an absolute IRI, as the engine would (it is the engine's
    own IRI parser), before the query is run."""
    try:
        ox.NamedNode(value)
    except ValueError as error:
        raise ProtocolError(400, f"{parameter}={value!r} is not an absolute IRI ({error})") from None


def _pairs(encoded: str) -> dict[str, list[str]]:
    pairs: dict[str, list[str]] = {}
    for key, value in _decoded(encoded):
        pairs.setdefault(key, []).append(value)
    return pairs


@functools.lru_cache(maxsize=256)
def _decoded(encoded: str) -> tuple[tuple[str, str], ...]:
    # Remembered: percent-decoding is a Python loop over every escape (30 µs for a query with
    # a prologue), and clients send the same few query strings again and again.
    return tuple(parse_qsl(encoded, keep_blank_values=True))


def _media_type(header: str | None) -> tuple[str | None, str | None]:
    """('application/sparql-query', 'utf-8') from a Content-Type header; (None, None) if absent."""
    if not header or not header.strip():
        return None, None
    media, *options = (part.strip() for part in header.split(";"))
    charset = None
    for option in options:
        key, _, value = option.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.lower(), charset


def choose_format(form: str, accept: str | None, requested: str | None) -> str:
    """The short name of the format to answer a ``form`` query (SELECT, ASK, CONSTRUCT,
    DESCRIBE; ``GRAPH`` for the service description) with.

    ``requested`` (``format=`` / ``output=``, a short name or a media type) wins over the
    ``Accept`` header; raises :class:`ProtocolError` 406 when nothing asked for can be given.
    """
    graph = form in ("CONSTRUCT", "DESCRIBE", "GRAPH")
    table, media = (GRAPH_ACCEPT, GRAPH_MEDIA) if graph else (RESULT_ACCEPT, RESULT_MEDIA)
    if requested:
        name = requested.strip().lower()
        name = FORMAT_ALIASES.get(name, name)
        if name in media:
            return name
        if name in table:
            return table[name]
        if name == "xml" and graph:
            return "rdfxml"
        if name == "json" and graph:
            return "jsonld"
        raise ProtocolError(406, f"format={requested}: a {form} query gives one of {', '.join(media)}")
    default = next(iter(media))
    if not accept or not accept.strip():
        return default
    for media_range in accepted_types(accept):
        if media_range in table:
            return table[media_range]
        if media_range in ("*/*", "*"):
            return default
        if media_range.endswith("/*"):  # the first format served whose type is in that family
            family = media_range[:-1]
            for name, served in media.items():
                if served.startswith(family):
                    return name
    raise ProtocolError(406, f"cannot answer a {form} query as {accept}: available are " + ", ".join(media.values()))


def accepted_types(accept: str) -> list[str]:
    """Media ranges of an Accept header, most wanted first (q=0 dropped; ties keep order)."""
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, *options = (piece.strip() for piece in part.split(";"))
        if not media:
            continue
        quality = 1.0
        for option in options:
            key, _, value = option.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, position, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def wants_rdf(accept: str | None) -> bool:
    """True when the Accept header names an RDF syntax (the service description is RDF)."""
    return any(
        media in GRAPH_ACCEPT and media not in RESULT_ACCEPT and media != PLAIN_TEXT
        for media in accepted_types(accept or "")
    )


# An empty store to parse queries with: it is never asked to evaluate anything (see below).
