"""The SPARQL 1.1 endpoint as a Starlette application.

``/sparql`` speaks the SPARQL 1.1 Protocol (see :mod:`cartelgraph.server.protocol`), ``/``
is the query page for people, ``/queries.json`` the named queries, ``/limits`` the limits
the server applies. :func:`create_app` gives the ASGI application; each serving worker of
``cartelgraph serve`` runs it with uvicorn (:mod:`cartelgraph.server.serving`).
"""

from __future__ import annotations

import hmac
import time
from dataclasses import dataclass, field
from importlib import resources

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from cartelgraph.errors import (
    CartelgraphError,
    QueryMemoryError,
    QuerySyntaxError,
    QueryTimeoutError,
    UnsafeQueryError,
    UsageError,
)
from cartelgraph.media import GRAPH_MEDIA, HTML, RESULT_MEDIA, SPARQL_QUERY, TRUNCATED_HEADER, media_type
from cartelgraph.server.answers import mark_truncated
from cartelgraph.server.execute import Busy, Executor, Limits
from cartelgraph.server.guard import Guard, bracketed, is_wildcard, parse_authority
from cartelgraph.server.protocol import ProtocolError, choose_format, read_operation, wants_rdf
from cartelgraph.sparql import query_form

STATIC = resources.files("cartelgraph.server") / "static"
STATIC_FILES = {"app.js": media_type("js"), "app.css": media_type("css")}
CORS_EXPOSED = (TRUNCATED_HEADER, "Link")


@dataclass
class Settings:
    """How the endpoint is exposed and limited (the options of ``cartelgraph serve``)."""

    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 10.0
    max_rows: int = 10000
    max_bytes: int = 16 << 20
    memory_mb: int | None = 1024
    allow_update: bool = False
    token: str | None = None
    cors: list[str] = field(default_factory=list)
    concurrency: int = 4
    allow_hosts: list[str] = field(default_factory=list)  # Host names answered besides the bound address
    read_timeout: float = 5.0  # a request must arrive whole within it (see cartelgraph.server.connections)
    max_connections: int = 200  # open connections; more are answered 503 and closed
    queue: int = 8
    max_wait: float = 0.5

    @property
    def limits(self) -> Limits:
        return Limits(
            timeout=self.timeout,
            max_rows=self.max_rows,
            max_bytes=self.max_bytes,
            memory_mb=self.memory_mb,
            workers=self.concurrency,
            queue=self.queue,
            max_wait=self.max_wait,
        )

    @property
    def base_url(self) -> str:
        """The server's URL; on a wildcard bind (0.0.0.0, ::), its loopback one."""
        host = self.host
        if is_wildcard(host):
            host = "::1" if ":" in host else "127.0.0.1"
        return f"http://{bracketed(host)}:{self.port}"

    @property
    def base_iri(self) -> str:
        """The endpoint's own URL: the base IRI of the queries and updates it runs."""
        return f"{self.base_url}/sparql"

    def check(self) -> None:
        if self.allow_update and not self.token:
            raise UsageError(
                "--allow-update needs --token (or $CARTELGRAPH_TOKEN): updates must be "
                "authorised with that bearer token"
            )
        if self.token is not None and len(self.token) < 16:
            raise UsageError("--token: use at least 16 characters")
        if self.max_rows < 1:
            raise UsageError("--max-rows must be at least 1")
        if self.max_bytes < 1024:
            raise UsageError("--max-bytes must be at least 1024")
        if self.read_timeout <= 0 or self.max_connections < 1:
            raise UsageError("--read-timeout must be above 0 and --max-connections at least 1")
        for name in self.allow_hosts:
            if parse_authority(name) is None:
                raise UsageError(
                    f"--allow-host {name!r}: give a host name or an IP address, with :PORT "
                    "if clients use another port than the server's (e.g. graph.lan or 192.168.1.20)"
                )


class Endpoint:
    """The request handlers, sharing one executor (its workers and their queue)."""

    def __init__(self, executor: Executor, settings: Settings, description: dict[str, bytes], isolation: dict):
        self.executor = executor
        self.isolation = isolation
        self.settings = settings
        self.description = description
        self.update_limiter = anyio.CapacityLimiter(1)
        self.max_body = (64 if settings.allow_update else 1) << 20
        self.cors = {origin.lower().rstrip("/") for origin in settings.cors}

    async def sparql(self, request: Request) -> Response:
        arrived = time.monotonic()  # the time limit counts waiting too
        try:
            body = await _read_body(request, self.max_body)
            operation = read_operation(request.method, request.headers.get("content-type"), request.url.query, body)
            accept = request.headers.get("accept")
            if operation.kind == "none":
                if operation.format or wants_rdf(accept):
                    fmt = choose_format("GRAPH", accept, operation.format)
                    return Response(self.description[fmt], media_type=_media(GRAPH_MEDIA[fmt]))
                if request.method == "GET" and HTML in (accept or ""):
                    return RedirectResponse("/", status_code=303)  # a person with a browser: the page
                raise ProtocolError(
                    400,
                    "missing query: give query= (GET or a POST form), or POST an "
                    f"{SPARQL_QUERY} body; ask with Accept: {GRAPH_MEDIA['turtle']} "
                    "for the service description",
                )
            if operation.kind == "update":
                return await self.update(request, operation)
            fmt = choose_format(query_form(operation.text), accept, operation.format)
            answer = await self.executor.query(
                operation.text,
                fmt,
                arrived=arrived,
                connection=request.scope.get("state", {}).get("connection", ""),
                headers=self._cors_lines(request.headers.get("origin")),
                default_graphs=operation.default_graphs,
                named_graphs=operation.named_graphs,
            )
        except Exception as error:  # noqa: BLE001 - every error becomes an HTTP answer, never a trace
            return _error_response(error)
        media = RESULT_MEDIA.get(fmt) or GRAPH_MEDIA[fmt]
        headers = {"Vary": "Accept"}
        body = answer.body
        if answer.truncated:
            link = f"{self.settings.base_url}/limits#truncated"
            body = mark_truncated(body, fmt, link)
            limit = (
                f"max-rows={self.settings.max_rows}"
                if answer.truncated == "rows"
                else f"max-bytes={self.settings.max_bytes}"
            )
            headers[TRUNCATED_HEADER] = f"true; rows={answer.rows}; {limit}"
            headers["Link"] = f'<{link}>; rel="describedby"'
        return Response(body, media_type=_media(media), headers=headers)

    def _cors_lines(self, origin: str | None) -> bytes:
        """The CORS header lines of an answer to a page from ``origin``, for an error answer the
        supervisor writes itself (the worker gone); empty unless ``--cors`` allows it."""
        if origin is None or origin.lower().rstrip("/") not in self.cors:
            return b""
        lines = (f"access-control-allow-origin: {origin}", f"access-control-expose-headers: {', '.join(CORS_EXPOSED)}")
        return "".join(f"{line}\r\n" for line in (*lines, "vary: Origin")).encode("latin-1")

    async def update(self, request: Request, operation) -> Response:
        if not self.settings.allow_update:
            return PlainTextResponse(
                "updates are refused: this endpoint is read-only (see cartelgraph serve --allow-update)\n",
                status_code=403,
            )
        given = request.headers.get("authorization", "")
        expected = f"Bearer {self.settings.token}"
        if not hmac.compare_digest(given.encode(), expected.encode()):
            return PlainTextResponse(
                "updates need the server's token as 'Authorization: Bearer TOKEN'\n",
                status_code=401,
                headers={"WWW-Authenticate": 'Bearer realm="cartelgraph"'},
            )
        try:
            await anyio.to_thread.run_sync(
                lambda: self.executor.update(
                    operation.text, default_graphs=operation.default_graphs, named_graphs=operation.named_graphs
                ),
                limiter=self.update_limiter,
            )
        except Exception as error:  # noqa: BLE001
            return _error_response(error)
        return Response(status_code=204)

    async def page(self, request: Request) -> Response:
        return Response((STATIC / "index.html").read_bytes(), media_type=_media(HTML))

    async def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC_FILES:
            return PlainTextResponse("not found\n", status_code=404)
        return Response((STATIC / name).read_bytes(), media_type=_media(STATIC_FILES[name]))

    async def named_queries(self, request: Request) -> Response:
        from cartelgraph.queries import load_all

        return JSONResponse(
            [{"name": q.name, "summary": q.summary, "params": q.params, "text": q.text} for q in load_all().values()]
        )

    async def limits(self, request: Request) -> Response:
        return JSONResponse(
            {
                "endpoint": f"{self.settings.base_url}/sparql",
                "timeoutSeconds": self.settings.timeout,
                "maxRows": self.settings.max_rows,
                "maxBytes": self.settings.max_bytes,
                "memoryLimitMB": self.settings.memory_mb,
                "workers": self.settings.concurrency,
                "queue": self.settings.queue,
                "maxWaitSeconds": self.settings.max_wait,
                "isolation": self.isolation,
                "updates": self.settings.allow_update,
                "truncated": (
                    f"An answer with more than {self.settings.max_rows} rows (or triples), or more than "
                    f"about {self.settings.max_bytes} bytes of values, is cut there; the response then "
                    f"carries the header {TRUNCATED_HEADER} and, in JSON and XML results, a head link "
                    "to this page."
                ),
                "now": self.executor.board.totals(),
                "busy": (
                    f"At most {self.settings.concurrency} queries run at once and {self.settings.queue} wait, "
                    f"each for at most {self.settings.max_wait:g} s; past that the answer is 503 with "
                    "Retry-After. The time limit counts from a request's arrival, waiting included."
                ),
            }
        )


async def _read_body(request: Request, limit: int) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(413, f"the request body is larger than {limit >> 20} MB")
        chunks.append(chunk)
    return b"".join(chunks)


def _media(media_type: str) -> str:
    return media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")


def _error_response(error: Exception) -> Response:
    """The HTTP status and one-line text for an error (the parser's message for bad SPARQL)."""
    if isinstance(error, ProtocolError):
        status = error.status
    elif isinstance(error, UnsafeQueryError):
        status = 403
    elif isinstance(error, (QuerySyntaxError, UsageError)):
        status = 400
    elif isinstance(error, (QueryTimeoutError, QueryMemoryError, Busy)):
        status = 503
    elif isinstance(error, CartelgraphError):
        status = 500
    else:
        status, error = 500, f"internal error: {type(error).__name__}"
    headers = {"Allow": "GET, POST, HEAD"} if status == 405 else None
    if isinstance(error, Busy):
        headers = {"Retry-After": str(error.retry_after)}
    return PlainTextResponse(f"{error}\n", status_code=status, headers=headers)


def create_app(store_path, settings: Settings | None = None, *, board=None, slot: int = 0, isolation=None) -> Guard:
    """The ASGI application a serving worker runs on the store at ``store_path`` with
    ``settings``: a Starlette application behind the :class:`~cartelgraph.server.guard.Guard`.
    ``board`` and ``slot``: where it says what it runs; ``isolation``: what its process gave up."""
    from contextlib import asynccontextmanager

    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware

    from cartelgraph.server.description import convert, service_description

    settings = settings or Settings()
    settings.check()
    executor = Executor(
        store_path,
        settings.limits,
        allow_update=settings.allow_update,
        base_iri=settings.base_iri,
        board=board,
        slot=slot,
    )
    try:
        triples = executor.count_triples()
    except BaseException:
        executor.close()
        raise
    turtle = service_description(
        f"{settings.base_url}/sparql",
        triples=triples,
        timeout=settings.timeout,
        allow_update=settings.allow_update,
        max_rows=settings.max_rows,
    )
    description = {fmt: convert(turtle, fmt) for fmt in GRAPH_MEDIA}
    endpoint = Endpoint(executor, settings, description, isolation or {"network": "not isolated", "memory": "no limit"})
    routes = [
        Route("/", endpoint.page, methods=["GET", "HEAD"]),
        Route("/sparql", endpoint.sparql, methods=["GET", "POST", "HEAD", "PUT", "DELETE", "PATCH"]),
        Route("/static/{name}", endpoint.static, methods=["GET", "HEAD"]),
        Route("/queries.json", endpoint.named_queries, methods=["GET", "HEAD"]),
        Route("/limits", endpoint.limits, methods=["GET", "HEAD"]),
    ]
    middleware = []
    if settings.cors:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors,
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type", "Authorization"],
                expose_headers=list(CORS_EXPOSED),
            )
        )

    @asynccontextmanager
    async def lifespan(app):
        yield
        executor.close()

    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.executor = executor
    return Guard(
        app, host=settings.host, port=settings.port, cors_origins=settings.cors, allow_hosts=settings.allow_hosts
    )
