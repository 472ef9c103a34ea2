"""A remote SPARQL 1.1 endpoint as a :class:`~cartelgraph.graph.KnowledgeGraph`.

Every command that reads through ``session.graph`` works against Oxigraph server, Fuseki,
Virtuoso or ``cartelgraph serve`` when given ``--endpoint URL``. The query text sent is the
caller's, with the predeclared prefixes it does not declare itself put in front (on the same
line, so the server's line numbers stay the user's), and parameters bound by a ``VALUES``
block written from the terms pyoxigraph serializes, never by pasting caller text.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from cartelgraph import __version__
from cartelgraph.errors import CartelgraphError, QuerySyntaxError, QueryTimeoutError, UnsafeQueryError, UsageError
from cartelgraph.graph import DEFAULT_TIMEOUT, GRAPH_FORMATS, RESULT_FORMATS, KnowledgeGraph
from cartelgraph.sparql import PREFIXES, check_safe, query_form, tokenize

MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}
_NAME = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
# The header `cartelgraph serve` sets when its row cap cut an answer (docs/endpoints.md).
TRUNCATED_HEADER = "X-Cartelgraph-Truncated"


class RemoteGraph(KnowledgeGraph):
    """The graph held by the SPARQL endpoint at ``endpoint`` (its query URL).

    Parameters
    ----------
    endpoint : str
        The query URL, e.g. ``http://localhost:7878/query`` (Oxigraph server),
        ``http://localhost:3030/cartelgraph/sparql`` (Fuseki), ``http://localhost:8000/sparql``.
    headers : dict, optional
        Extra HTTP headers (an ``Authorization`` header for a protected endpoint).
    connect_timeout : float
        Seconds to wait for the connection; the read time limit is each query's ``timeout``.
    """

    def __init__(self, endpoint: str, *, headers: dict | None = None, connect_timeout: float = 10.0, **_options):
        try:
            parts = urlsplit(endpoint)
        except ValueError as error:
            raise UsageError(f"--endpoint {endpoint!r}: {error}") from None
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UsageError(f"--endpoint {endpoint!r}: expected an http:// or https:// URL")
        self.endpoint = endpoint
        self.headers = {"User-Agent": f"cartelgraph/{__version__}", **(headers or {})}
        self.connect_timeout = connect_timeout
        self._client = None

    def __repr__(self) -> str:
        return f"RemoteGraph({self.endpoint!r})"

    def __str__(self) -> str:
        return f"the endpoint {self.endpoint}"

    @property
    def client(self):
        import httpx

        if self._client is None:
            self._client = httpx.Client(headers=self.headers, follow_redirects=False)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def serialize(self, text, fmt, params=None, timeout=DEFAULT_TIMEOUT) -> bytes:
        from cartelgraph.graph import memory_limit
        from cartelgraph.runner import run_with_timeout

        # The check and the binding read the whole text, with parsers that can take minutes on
        # some texts or crash the process (Oxigraph's overflows its stack on a long property
        # path): in a worker, under the time limit.
        query = run_with_timeout(_prepared, (text, params or {}), timeout, memory_limit())
        form = query_form(text)
        allowed = RESULT_FORMATS if form in ("SELECT", "ASK") else GRAPH_FORMATS
        if fmt not in allowed:
            raise UsageError(f"--format {fmt}: a {form} query gives one of {', '.join(allowed)}")
        return self.post({"query": query}, MEDIA_TYPES[fmt], timeout)

    def post(self, form: dict, accept: str, timeout: float | None) -> bytes:
        """POST ``form`` to the endpoint; the body in the ``accept`` format, converted if the
        server chose another format it may (some servers ignore parts of ``Accept``)."""
        import httpx

        limits = httpx.Timeout(None if timeout is None else timeout + 5, connect=self.connect_timeout)
        try:
            response = self.client.post(self.endpoint, data=form, headers={"Accept": accept}, timeout=limits)
        except httpx.TimeoutException:
            raise QueryTimeoutError(f"the endpoint {self.endpoint} did not answer within {timeout:g} s "
                                    "(raise it with --timeout)") from None
        except httpx.HTTPError as error:
            raise CartelgraphError(f"cannot reach the endpoint {self.endpoint}: {error}") from None
        return checked_body(response, accept, self.endpoint)


def _prepared(_store, text: str, params: dict) -> str:
    """In a worker: the checked ``text`` with ``params`` bound and the prefixes it needs."""
    check_safe(text)
    return with_prologue(bind(text, params))


def checked_body(response, accept: str, endpoint: str) -> bytes:
    """The body of a successful answer in the ``accept`` format, or the server's error as a
    :class:`CartelgraphError` (400 as malformed SPARQL, 401/403 as refused). An answer the
    server says it cut short (``cartelgraph serve``'s row cap) is an error too: every command
    built on it would silently count less than the graph holds."""
    message = error_text(response) if response.status_code >= 300 else ""
    if response.status_code == 400:
        raise QuerySyntaxError(f"the endpoint refused the query: {message}")
    if response.status_code in (401, 403):
        raise UnsafeQueryError(f"the endpoint {endpoint} refused the request ({response.status_code}): {message}")
    if response.status_code >= 300:
        raise CartelgraphError(f"the endpoint {endpoint} answered {response.status_code}: {message}")
    truncated = response.headers.get(TRUNCATED_HEADER)
    if truncated:
        limit = dict(part.strip().split("=", 1) for part in truncated.split(";") if "=" in part).get("max-rows", "?")
        raise CartelgraphError(f"the endpoint {endpoint} cut its answer at {limit} rows (its row cap): the answer "
                               "would be incomplete; raise the server's limit (cartelgraph serve --max-rows)")
    given = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if not given or given == accept:
        return response.content
    return _convert(response.content, given, accept, endpoint)


def error_text(response, limit: int = 300) -> str:
    """The gist of an error answer on one line: the text of an HTML page, not its markup."""
    text = response.text
    if "html" in response.headers.get("content-type", "").lower() or text.lstrip().startswith("<"):
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", text)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _convert(data: bytes, given: str, wanted: str, endpoint: str = "") -> bytes:
    import pyoxigraph as ox

    try:
        results_in = ox.QueryResultsFormat.from_media_type(given)
        results_out = ox.QueryResultsFormat.from_media_type(wanted)
        if results_in is not None and results_out is not None:
            return ox.parse_query_results(data, format=results_in).serialize(format=results_out)
        rdf_in, rdf_out = ox.RdfFormat.from_media_type(given), ox.RdfFormat.from_media_type(wanted)
        if rdf_in is not None and rdf_out is not None:
            return ox.serialize(ox.parse(data, format=rdf_in), format=rdf_out)
    except (SyntaxError, ValueError) as error:
        raise CartelgraphError(f"the endpoint {endpoint} answered {given} that cannot be read: {error}") from None
    raise CartelgraphError(f"the endpoint {endpoint} answered {given} where {wanted} was asked for: "
                           "is it a SPARQL endpoint?")


def with_prologue(text: str) -> str:
    """``text`` with the predeclared prefixes it does not declare itself in front, on the
    same first line so that line numbers in the server's messages stay the user's."""
    declared = set()
    tokens = [m for m in tokenize(text) if m.lastgroup not in ("space", "comment")]
    for first, second in zip(tokens, tokens[1:], strict=False):
        if first.lastgroup == "word" and first.group().upper() == "PREFIX" and second.lastgroup == "pname":
            declared.add(second.group().split(":", 1)[0])
    missing = [f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items() if name not in declared]
    return " ".join(missing) + " " + text if missing else text


def bind(text: str, params: dict) -> str:
    """``text`` with ``params`` (``{name: pyoxigraph term}``) bound by a ``VALUES`` block
    at the start of the query's WHERE group (or, without one, a trailing ``VALUES``).

    The block is written from the terms' own N-Triples serialization, so nothing the caller
    gave can change the query's structure."""
    if not params:
        return text
    names, values = [], []
    for name, term in params.items():
        if not _NAME.fullmatch(name):
            raise UsageError(f"--param {name!r}: a variable name is letters, digits and _")
        kind = type(term).__name__
        if kind not in ("NamedNode", "Literal"):
            raise UsageError(f"--param {name}: only IRIs and literals can be bound on a remote endpoint, not a {kind}")
        names.append(f"?{name}")
        values.append(str(term))
    block = f" VALUES ({' '.join(names)}) {{ ({' '.join(values)}) }} "
    position = _where_group_start(text)
    if position is None:
        return f"{text}\n{block}"
    return text[:position] + block + text[position:]


def _where_group_start(text: str) -> int | None:
    """The offset just after the ``{`` that opens the query's WHERE group, or None."""
    depth, form, braces_at_top, after_where = 0, None, 0, False
    for match in tokenize(text):
        kind, value = match.lastgroup, match.group()
        if kind == "word" and depth == 0:
            word = value.upper()
            if form is None and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = word
            elif word == "WHERE" and form is not None:
                after_where = True
        elif kind == "other" and value == "{":
            if depth == 0 and form is not None:
                braces_at_top += 1
                # Without the WHERE keyword the group is the first top-level block, except after
                # CONSTRUCT, whose first block is the template.
                if after_where or (form != "CONSTRUCT" and braces_at_top == 1) or braces_at_top == 2:
                    return match.end()
            depth += 1
        elif kind == "other" and value == "}":
            depth -= 1
    return None
