"""A remote SPARQL 1.1 endpoint as a :class:`~cartelgraph.graph.KnowledgeGraph`.

Every command that reads through ``session.graph`` works against the Oxigraph server, Virtuoso
or ``cartelgraph serve`` (the engines the tests run) when given ``--endpoint URL``, and reads one
named graph of it with ``--graph IRI`` (sent as ``default-graph-uri``). The query text sent is
the caller's, with the predeclared prefixes it does not declare itself put in front (on the same
line, so the server's line numbers stay the user's), and parameters replaced by their values
(:func:`cartelgraph.substitute.substitute`), the form every engine reads alike.

What comes back is read into pyoxigraph terms, made engine-neutral (Virtuoso writes booleans as
``1``) and written again by pyoxigraph in the format asked for, so that an answer is the same
bytes whichever engine gave it, and the same as the embedded store's. An answer that a server
says it cut at its row cap is an error (a warning for ``query``, see ``partial_answers``).
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
from urllib.parse import urlsplit

from cartelgraph.credentials import challenge_auth
from cartelgraph.errors import CartelgraphError, QuerySyntaxError, QueryTimeoutError, UnsafeQueryError, UsageError
from cartelgraph.knowledge_graph import DEFAULT_TIMEOUT, KnowledgeGraph, Result
from cartelgraph.media import GRAPH_FORMATS, RESULT_FORMATS, TRUNCATED_HEADER, media_type
from cartelgraph.sparql import PREFIXES, check_safe, query_form, tokenize
from cartelgraph.sparql_json import term_json
from cartelgraph.substitute import substitute

# Virtuoso's header sent when an answer reached its ResultSetMaxRows (whether or not more rows
# existed); ours (`cartelgraph serve`'s) is media.TRUNCATED_HEADER.
MAX_ROWS_HEADER = "X-SPARQL-MaxRows"
# Virtuoso's "anytime" answer: the query ran out of time and what was found so far came back.
SQL_STATE_HEADER, ANYTIME_STATE = "X-SQL-State", "S1TAT"
GRAPH_VARIABLE = "CARTELGRAPH_GRAPH"
_XSD_BOOLEAN = PREFIXES["xsd"] + "boolean"


class TruncatedAnswerError(CartelgraphError):
    """A server cut its answer at its row cap: anything computed from it would be wrong."""


class RemoteGraph(KnowledgeGraph):
    """The graph held by the SPARQL endpoint at ``endpoint`` (its query URL).

    Parameters
    ----------
    endpoint : str
        The query URL, e.g. ``http://127.0.0.1:7878/query`` (Oxigraph server),
        ``http://127.0.0.1:8890/sparql`` (Virtuoso), ``http://127.0.0.1:8000/sparql``.
    graph : str, optional
        The named graph to read (sent as ``default-graph-uri``, so it replaces any ``FROM``);
        default ``$CARTELGRAPH_GRAPH``, else the server's default graph (on Virtuoso, the union
        of every graph it holds).
    headers : dict, optional
        Extra HTTP headers (an ``Authorization`` header for a protected endpoint).
    connect_timeout : float
        Seconds to wait for the connection; the read time limit is each query's ``timeout``.
    partial_answers : bool
        When a server cuts an answer at its row cap, warn on stderr and use what came, instead
        of the error (for a user's own query; never for what a command computes from answers).
    """

    def __init__(
        self,
        endpoint: str,
        *,
        graph: str | None = None,
        headers: dict | None = None,
        connect_timeout: float = 10.0,
        partial_answers: bool = False,
        **_options,
    ):
        self.endpoint = checked_url(endpoint, "--endpoint")
        self.graph = (
            checked_graph(graph) if graph else checked_graph(os.environ.get(GRAPH_VARIABLE), f"${GRAPH_VARIABLE}")
        )
        self.headers = {"User-Agent": f"cartelgraph/{_version()}", **(headers or {})}
        self.connect_timeout = connect_timeout
        self.partial_answers = partial_answers
        self._client = None
        self._close_connections = False  # see post()

    def __repr__(self) -> str:
        return f"RemoteGraph({self.endpoint!r}" + (f", graph={self.graph!r})" if self.graph else ")")

    def __str__(self) -> str:
        return f"the endpoint {self.endpoint}" + (f" (graph <{self.graph}>)" if self.graph else "")

    @property
    def client(self):
        import httpx

        if self._client is None:
            self._client = httpx.Client(
                headers=self.headers, follow_redirects=False, auth=challenge_auth(self.endpoint)
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def query(self, text, params=None, timeout=DEFAULT_TIMEOUT) -> Result:
        import pyoxigraph as ox

        from cartelgraph.runner import run_with_timeout
        from cartelgraph.sandbox import memory_limit

        # The check and the binding read the whole text, with parsers that can take minutes on
        # some texts or crash the process (Oxigraph's overflows its stack on a long property
        # path): in a worker, under the time limit. What is sent is the text that was checked.
        sent = run_with_timeout(_prepared, (text, params or {}), timeout, memory_limit())
        form = query_form(text)
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        # SPARQL XML results: Virtuoso writes them 2 to 3 times faster than JSON (the projection's
        # queries: 5 ms against 15 ms); the Oxigraph server writes both as fast.
        data = self.post({"query": sent}, media_type("nt" if graph_form else "xml"), timeout)
        try:
            if graph_form:
                triples = [
                    ox.Triple(t.subject, t.predicate, portable(t.object))
                    for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
                ]
                return Result(form, triples=triples)
            parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.XML)
            if isinstance(parsed, ox.QueryBoolean):
                return Result("ASK", boolean=bool(parsed))
            variables = [v.value for v in parsed.variables]
            rows = [
                {name: portable(solution[name]) for name in variables if solution[name] is not None}
                for solution in parsed
            ]
        except (SyntaxError, ValueError) as error:
            kind = "N-Triples" if graph_form else "SPARQL XML results"
            raise CartelgraphError(f"{self} answered something that is not {kind}: {error}") from None
        if form == "ASK":  # Virtuoso answers ASK as one row of one value (1 or 0)
            return Result("ASK", boolean=asked(rows, variables))
        return Result("SELECT", variables=variables, rows=rows)

    def serialize(self, text, fmt, params=None, timeout=DEFAULT_TIMEOUT) -> bytes:
        form = query_form(text)
        allowed = RESULT_FORMATS if form in ("SELECT", "ASK") else GRAPH_FORMATS
        if fmt not in allowed:
            raise UsageError(f"--format {fmt}: a {form} query gives one of {', '.join(allowed)}")
        return written(self.query(text, params, timeout), fmt)

    def post(self, form: dict, accept: str, timeout: float | None) -> bytes:
        """POST ``form`` (and ``default-graph-uri`` for :attr:`graph`) to the endpoint; the body
        in the ``accept`` format, converted if the server chose another format it may."""
        import httpx

        if self.graph:
            form = {**form, "default-graph-uri": self.graph}
        limits = httpx.Timeout(None if timeout is None else timeout + 5, connect=self.connect_timeout)
        headers = {"Accept": accept}
        if self._close_connections:
            headers["Connection"] = "close"
        try:
            response = self.client.post(self.endpoint, data=form, headers=headers, timeout=limits)
        except httpx.TimeoutException:
            raise QueryTimeoutError(
                f"the endpoint {self.endpoint} did not answer within {timeout:g} s (raise it with --timeout)"
            ) from None
        except httpx.HTTPError as error:
            raise CartelgraphError(f"cannot reach the endpoint {self.endpoint}: {error}") from None
        # Virtuoso's HTTP server, on a kept-alive connection, now and then holds an answer's last
        # packet until the client acknowledges the one before (Nagle's algorithm meeting delayed
        # acknowledgements): 40 ms a query, the projection 2.5 times slower than on the Oxigraph
        # server. Closing the connection after each answer sends it at once.
        self._close_connections = response.headers.get("server", "").startswith("Virtuoso/")
        body = checked_body(response, accept, self.endpoint)
        cut = truncation(response, self.endpoint)
        if cut and not self.partial_answers:
            raise TruncatedAnswerError(f"{cut}: the answer would be incomplete; {raise_limit(response)}")
        if cut:
            sys.stderr.write(f"warning: {cut}: this answer is incomplete; {raise_limit(response)}\n")
        return body


def checked_url(url: str, option: str) -> str:
    """``url`` if it is an http(s) URL, else a usage error naming ``option``."""
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise UsageError(f"{option} {url!r}: {error}") from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{option} {url!r}: expected an http:// or https:// URL")
    return url


def checked_graph(graph: str | None, origin: str = "--graph") -> str | None:
    """``graph`` if it is an absolute IRI (None for none), else a usage error naming ``origin``."""
    import pyoxigraph as ox

    if not graph:
        return None
    try:
        ox.NamedNode(graph)
    except ValueError as error:
        raise UsageError(f"{origin} {graph!r}: not an absolute IRI ({error})") from None
    return graph


def _prepared(_store, text: str, params: dict) -> str:
    """In a worker: the checked ``text`` with ``params`` substituted and the prefixes it needs."""
    return with_prologue(substitute(check_safe(text), params))


def checked_body(response, accept: str, endpoint: str) -> bytes:
    """The body of a successful answer in the ``accept`` format, or the server's error as a
    :class:`CartelgraphError` (400 as malformed SPARQL, 401/403 as refused)."""
    message = error_text(response) if response.status_code >= 300 else ""
    if response.status_code == 400:
        raise QuerySyntaxError(f"the endpoint refused the query: {message}")
    if response.status_code in (401, 403):
        raise UnsafeQueryError(f"the endpoint {endpoint} refused the request ({response.status_code}): {message}")
    if response.status_code >= 300:
        raise CartelgraphError(f"the endpoint {endpoint} answered {response.status_code}: {message}")
    given = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if not given or given == accept:
        return response.content
    return _convert(response.content, given, accept, endpoint)


def truncation(response, endpoint: str) -> str | None:
    """What the server says about cutting its answer at its row cap, or None: every command
    built on a cut answer would silently count less than the graph holds."""
    ours = response.headers.get(TRUNCATED_HEADER)
    if ours:
        limit = dict(part.strip().split("=", 1) for part in ours.split(";") if "=" in part).get("max-rows", "?")
        return f"the endpoint {endpoint} cut its answer at {limit} rows (its row cap)"
    theirs = response.headers.get(MAX_ROWS_HEADER)
    if theirs:
        return f"the endpoint {endpoint} cut its answer at {theirs.strip()} rows (its row cap, {MAX_ROWS_HEADER})"
    if response.headers.get(SQL_STATE_HEADER, "").strip() == ANYTIME_STATE:
        return (
            f"the endpoint {endpoint} stopped the query at its time limit and answered what it had found "
            f"({SQL_STATE_HEADER}: {ANYTIME_STATE})"
        )
    return None


def raise_limit(response) -> str:
    if response.headers.get(TRUNCATED_HEADER):
        return "raise the server's limit (cartelgraph serve --max-rows)"
    if response.headers.get(MAX_ROWS_HEADER):
        return "raise the server's limit (Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)"
    return "raise the server's time limit (Virtuoso: MaxQueryExecutionTime in the [SPARQL] section of virtuoso.ini)"


def portable(term):
    """``term`` as every engine writes it: Virtuoso writes an xsd:boolean as 1 or 0."""
    if type(term).__name__ == "Literal" and term.datatype.value == _XSD_BOOLEAN and term.value in ("1", "0"):
        import pyoxigraph as ox

        return ox.Literal("true" if term.value == "1" else "false", datatype=term.datatype)
    return term


def asked(rows: list[dict], variables: list[str]) -> bool:
    """The answer of an ASK given as rows (Virtuoso: one row of one value 1 for yes, no row for no)."""
    from cartelgraph.knowledge_graph import to_python

    if len(rows) > 1 or len(variables) != 1 or (rows and variables[0] not in rows[0]):
        raise CartelgraphError(f"the endpoint answered an ASK query with {len(rows)} rows of {variables}")
    return bool(rows) and to_python(rows[0][variables[0]]) not in (0, False, "false", "0")


def written(result: Result, fmt: str) -> bytes:
    """``result`` in ``fmt``, written by pyoxigraph as the embedded store writes its answers."""
    import pyoxigraph as ox

    if result.form in ("CONSTRUCT", "DESCRIBE"):
        out = getattr(ox.RdfFormat, GRAPH_FORMATS[fmt])
        if out == ox.RdfFormat.TURTLE:
            return ox.serialize(result.triples, format=out, prefixes=PREFIXES)
        return ox.serialize(result.triples, format=out)
    if result.form == "ASK":
        document = {"head": {}, "boolean": bool(result.boolean)}
    else:
        document = {
            "head": {"vars": result.variables},
            "results": {"bindings": [{name: term_json(term) for name, term in row.items()} for row in result.rows]},
        }
    parsed = ox.parse_query_results(json.dumps(document).encode(), format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=getattr(ox.QueryResultsFormat, RESULT_FORMATS[fmt]))


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
    raise CartelgraphError(
        f"the endpoint {endpoint} answered {given} where {wanted} was asked for: is it a SPARQL endpoint?"
    )


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


def _version() -> str:
    """The installed package's version (pyproject.toml says it once)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cartelgraph")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"
