"""Loading the graph into a SPARQL server, replacing the copy it held before.

What is sent is what the embedded store holds: the ontology and the curated graph with the
build's materialised triples (superclass types, ``cg:participant`` links, symmetric
relations, derived edges), so that the same queries give the same answers remotely. It goes into
one named graph (``graph``) or the server's default graph, through the first way of writing the
server offers:

- the SPARQL 1.1 Graph Store Protocol: one ``PUT ?graph=IRI`` (or ``?default``) that replaces it;
- else SPARQL Update, in requests of :data:`CHUNK_TRIPLES` triples (Virtuoso's parser gives up
  near 5,000 in one ``INSERT DATA``) into a graph of their own, moved onto the target in one
  last request (``MOVE``), so that readers never see half a graph.

A server that asks for credentials gets them from the environment or a netrc file
(:mod:`cartelgraph.credentials`), in the scheme it asks for (Virtuoso: digest). Afterwards the
triples the server holds in the target are counted: a count other than what was sent is an error.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from cartelgraph.credentials import PASSWORD_VARIABLE, USER_VARIABLE, challenge_auth, credentials_for
from cartelgraph.errors import CartelgraphError, UsageError
from cartelgraph.graph import KnowledgeGraph
from cartelgraph.internal_queries import query
from cartelgraph.media import SPARQL_UPDATE, media_type
from cartelgraph.remote import GRAPH_VARIABLE, RemoteGraph, checked_body, checked_graph, checked_url

CHUNK_TRIPLES = 1000
# Answers that mean "no such service at this URL": the next candidate is tried.
NOT_HERE = {404, 405, 415, 501}


@dataclass
class PushReport:
    """What :func:`push` did: how many triples went where, and what the endpoint now holds."""

    endpoint: str
    method: str  # "graph store protocol" or "sparql update"
    target: str
    graph: str | None  # the named graph written, None for the default graph
    triples: int
    remote_triples: int
    requests: int


def candidate_targets(endpoint: str, store_url: str | None = None, update_url: str | None = None):
    """Where to send the data, in order: ``(method, url)`` pairs, method ``gsp`` or ``update``.

    An explicit ``store_url`` (Graph Store Protocol) or ``update_url`` (SPARQL Update) is used
    alone. Otherwise the usual layouts: Oxigraph server (``/query``, ``/store``, ``/update``),
    Fuseki (``/DATASET/sparql``, ``/data``, ``/update``), Virtuoso (``/sparql``,
    ``/sparql-graph-crud-auth``, ``/sparql-auth``), and last the endpoint itself
    (``cartelgraph serve --allow-update``).
    """
    if store_url:
        return [("gsp", checked_url(store_url, "--store"))]
    if update_url:
        return [("update", checked_url(update_url, "--update"))]
    parts = urlsplit(endpoint)
    base, _, last = parts.path.rpartition("/")

    def sibling(name):
        return urlunsplit((parts.scheme, parts.netloc, f"{base}/{name}", "", ""))

    if last == "query":
        return [("gsp", sibling("store")), ("gsp", sibling("data")), ("update", sibling("update"))]
    if last == "sparql":
        return [
            ("gsp", sibling("data")),
            ("gsp", sibling("sparql-graph-crud-auth")),
            ("update", sibling("update")),
            ("update", sibling("sparql-auth")),
            ("update", endpoint),
        ]
    return [("update", endpoint)]


def push(
    source: KnowledgeGraph,
    endpoint: str,
    *,
    graph: str | None = None,
    store_url: str | None = None,
    update_url: str | None = None,
    token: str | None = None,
    timeout: float = 300.0,
) -> PushReport:
    """Replace a graph of the SPARQL server at ``endpoint`` with ``source``'s triples.

    Parameters
    ----------
    source : KnowledgeGraph
        The graph to send (the embedded store: see :func:`cartelgraph.commands.push.local_graph`).
    endpoint : str
        The server's query URL; used to find where to write (see :func:`candidate_targets`)
        and to count what it holds afterwards.
    graph : str, optional
        The named graph to replace (default ``$CARTELGRAPH_GRAPH``, else the default graph;
        Virtuoso has no default graph of its own and needs one).
    store_url, update_url : str, optional
        The Graph Store Protocol or SPARQL Update URL, when the layout is not a usual one.
    token : str, optional
        Sent as ``Authorization: Bearer TOKEN`` (``cartelgraph serve --allow-update --token``).
    """
    import httpx

    endpoint = checked_url(endpoint, "--endpoint")
    graph = checked_graph(graph) if graph else checked_graph(os.environ.get(GRAPH_VARIABLE), f"${GRAPH_VARIABLE}")
    lines = [
        line
        for line in source.serialize(query("all-triples-construct"), "nt", timeout=timeout).splitlines()
        if line.strip()
    ]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    explicit = bool(store_url or update_url)
    tried = []
    with httpx.Client(
        headers=headers, timeout=httpx.Timeout(timeout, connect=10.0), auth=challenge_auth(endpoint)
    ) as client:
        for method, url in candidate_targets(endpoint, store_url, update_url):
            writer = _put if method == "gsp" else _update
            try:
                response, requests = writer(client, url, graph, lines)
            except httpx.HTTPError as error:
                raise CartelgraphError(f"cannot reach {url} (for the endpoint {endpoint}): {error}") from None
            if response.status_code in NOT_HERE and not explicit:
                tried.append(f"{url} ({response.status_code})")
                continue
            if response.status_code >= 300:
                _refused(response, url, graph)
            break
        else:
            raise UsageError(
                f"found no way to write to {endpoint}: tried {', '.join(tried)}; give the Graph Store "
                "Protocol URL with --store or the SPARQL Update URL with --update"
            )
    remote = RemoteGraph(endpoint, graph=graph, headers=headers)
    try:
        held = int(remote.select(query("count-triples"), timeout=timeout)[0]["n"])
    finally:
        remote.close()
    report = PushReport(
        endpoint, "graph store protocol" if method == "gsp" else "sparql update", url, graph, len(lines), held, requests
    )
    if held != len(lines):
        where = f"the graph <{graph}>" if graph else "the default graph"
        raise CartelgraphError(
            f"pushed {len(lines)} triples to {url}, but {where} of {endpoint} now holds {held}: "
            "other data in it, or a default graph that is the union of all graphs "
            "(give --graph IRI)"
        )
    return report


def _put(client, url: str, graph: str | None, lines: list[bytes]):
    """One Graph Store Protocol PUT of every triple: ``(response, 1)``."""
    target = {"graph": graph} if graph else {"default": ""}
    response = client.put(
        url, params=target, content=b"\n".join(lines) + b"\n", headers={"Content-Type": media_type("nt")}
    )
    return response, 1


def _update(client, url: str, graph: str | None, lines: list[bytes]):
    """SPARQL Update in chunks into a staging graph, then ``MOVE`` onto the target:
    ``(the first refusal or the last response, how many requests)``. A server that refuses the
    first chunk has been sent nothing; one that fails later has its staging graph dropped."""
    staging = f"urn:cartelgraph:push:{uuid.uuid4()}"
    target = f"GRAPH <{graph}>" if graph else "DEFAULT"
    chunks = [lines[i : i + CHUNK_TRIPLES] for i in range(0, len(lines), CHUNK_TRIPLES)]
    updates = [f"INSERT DATA {{ GRAPH <{staging}> {{\n".encode() + b"\n".join(chunk) + b"\n} }" for chunk in chunks]
    updates.append(
        f"MOVE GRAPH <{staging}> TO {target}".encode()
        if chunks
        else f"{'DROP' if graph else 'CLEAR'} SILENT {target}".encode()
    )
    for count, update in enumerate(updates, start=1):
        response = client.post(url, content=update, headers={"Content-Type": SPARQL_UPDATE})
        if response.status_code >= 300:
            if count > 1:
                client.post(
                    url, content=f"DROP SILENT GRAPH <{staging}>".encode(), headers={"Content-Type": SPARQL_UPDATE}
                )
            return response, count
    return response, len(updates)


def _refused(response, url: str, graph: str | None):
    """Raise the error for a server's refusal to be written, saying what would help."""
    if response.status_code == 401:
        schemes = ", ".join(h.split(None, 1)[0] for h in response.headers.get_list("www-authenticate") if h.strip())
        given = "those given were refused" if credentials_for(url) else "none were given"
        raise CartelgraphError(
            f"{url} asks for a user name and password ({schemes or 'no scheme named'}) and {given}: set "
            f"${USER_VARIABLE} and ${PASSWORD_VARIABLE}, or add 'machine {urlsplit(url).hostname} login USER "
            "password PASSWORD' to ~/.netrc (a user allowed to write: on Virtuoso, one granted SPARQL_UPDATE)"
        )
    try:
        checked_body(response, "", url)
    except CartelgraphError as error:
        if graph is None and response.status_code >= 500:
            raise CartelgraphError(
                f"{error} (a server without a default graph of its own, such as Virtuoso, needs --graph IRI)"
            ) from None
        raise
