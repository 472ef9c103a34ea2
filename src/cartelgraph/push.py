"""Loading the graph into a SPARQL server, replacing the copy it held before.

What is sent is what the embedded store holds: the ontology and the curated graph with the
build's materialised triples (superclass types, ``cg:participant`` links, symmetric
relations, derived edges), so that the same queries give the same answers remotely. It goes
through the SPARQL 1.1 Graph Store Protocol (``PUT ?default``, one request that replaces the
default graph) or, where the server offers only that, one SPARQL Update request
(``CLEAR DEFAULT ; INSERT DATA { … }``), which an Oxigraph or Fuseki server applies atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from cartelgraph.errors import CartelgraphError, UsageError
from cartelgraph.graph import KnowledgeGraph

ALL_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@dataclass
class PushReport:
    """What :func:`push` did: how many triples went where, and what the endpoint now holds."""

    endpoint: str
    method: str  # "graph store protocol" or "sparql update"
    target: str
    triples: int
    remote_triples: int


def candidate_targets(endpoint: str, store_url: str | None = None, update_url: str | None = None):
    """Where to send the data, in order: ``(method, url)`` pairs.

    An explicit ``store_url`` (Graph Store Protocol) or ``update_url`` (SPARQL Update) is used
    alone. Otherwise the usual layouts are tried: Oxigraph server (``/query`` with ``/store``),
    Fuseki (``/DATASET/query`` or ``/DATASET/sparql`` with ``/data`` and ``/update``), and last
    SPARQL Update at the endpoint itself (Virtuoso, ``cartelgraph serve --allow-update``).
    """
    if store_url:
        return [("gsp", store_url)]
    if update_url:
        return [("update", update_url)]
    parts = urlsplit(endpoint)
    base, _, last = parts.path.rpartition("/")

    def sibling(name):
        return urlunsplit((parts.scheme, parts.netloc, f"{base}/{name}", "", ""))

    if last == "query":
        return [("gsp", sibling("store")), ("gsp", sibling("data")), ("update", sibling("update"))]
    if last == "sparql":
        return [("gsp", sibling("data")), ("update", sibling("update")), ("update", endpoint)]
    return [("update", endpoint)]


def push(source: KnowledgeGraph, endpoint: str, *, store_url: str | None = None, update_url: str | None = None,
         token: str | None = None, timeout: float = 300.0) -> PushReport:
    """Replace the default graph of the SPARQL server at ``endpoint`` with ``source``'s triples.

    Parameters
    ----------
    source : KnowledgeGraph
        The graph to send (the embedded store: see :func:`cartelgraph.server.execute.local_graph`).
    endpoint : str
        The server's query URL; used to find where to write (see :func:`candidate_targets`)
        and to count what it holds afterwards.
    store_url, update_url : str, optional
        The Graph Store Protocol or SPARQL Update URL, when the layout is not a usual one.
    token : str, optional
        Sent as ``Authorization: Bearer TOKEN`` (``cartelgraph serve --allow-update --token``).
    """
    import httpx

    from cartelgraph.remote import RemoteGraph, checked_body

    data = source.serialize(ALL_TRIPLES, "nt", timeout=timeout)
    count = sum(1 for line in data.splitlines() if line.strip())
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    limits = httpx.Timeout(timeout, connect=10.0)
    tried = []
    with httpx.Client(headers=headers, timeout=limits) as client:
        for method, url in candidate_targets(endpoint, store_url, update_url):
            try:
                if method == "gsp":
                    response = client.put(url, params={"default": ""}, content=data,
                                          headers={"Content-Type": "application/n-triples"})
                else:
                    update = "CLEAR SILENT DEFAULT ;\nINSERT DATA {\n" + data.decode() + "\n}"
                    response = client.post(url, content=update.encode(),
                                           headers={"Content-Type": "application/sparql-update"})
            except httpx.HTTPError as error:
                raise CartelgraphError(f"cannot reach {url}: {error}") from None
            if response.status_code in (404, 405, 415) and not (store_url or update_url):
                tried.append(f"{url} ({response.status_code})")
                continue
            if response.status_code >= 300:
                checked_body(response, "", url)  # raises with the server's message
            name = "graph store protocol" if method == "gsp" else "sparql update"
            remote = RemoteGraph(endpoint, headers=headers)
            try:
                held = remote.select(COUNT_TRIPLES, timeout=timeout)[0]["n"]
            finally:
                remote.close()
            return PushReport(endpoint, name, url, count, int(held))
    raise UsageError(f"found no way to write to {endpoint}: tried {', '.join(tried)}; "
                     "give the Graph Store Protocol URL with --store or the SPARQL Update URL with --update")
