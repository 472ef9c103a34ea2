"""Running the endpoint's queries and updates on the embedded store, within limits.

Each query runs in a child process forked by :func:`cartelgraph.runner.run_with_timeout`,
which opens the store read-only and is killed at the time limit: the work really stops and
the server's thread is freed. The child also applies the row cap, so a query that would
answer millions of rows never sends more than the cap (plus one, to know it was cut) back.

Updates (only with ``allow_update``) go to a private working copy of the store, never to the
content-hashed store of the cache, which must keep matching the Turtle files it was built
from. A readers-writer lock keeps readers out while an update writes, because opening a store
read-only while another process writes it is undefined behaviour for Oxigraph.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from cartelgraph.sparql import PREFIXES, check_safe, query_form

RESULT_FORMATS = {"json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV"}
GRAPH_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "jsonld": "JSON_LD", "rdfxml": "RDF_XML"}


@dataclass
class Answer:
    """A serialized answer; ``truncated`` says the row cap cut it (``rows`` were kept)."""

    body: bytes
    form: str
    format: str
    truncated: bool = False
    rows: int | None = None


def local_graph(data=None):
    """The embedded graph of ``data`` (never a remote one, whatever $CARTELGRAPH_ENDPOINT says)."""
    from cartelgraph.data import find_data_dir
    from cartelgraph.graph import EmbeddedGraph
    from cartelgraph.store import ensure_store

    data_dir = find_data_dir(data)
    return EmbeddedGraph(data_dir, ensure_store(data_dir))


class ReadWriteLock:
    """Many readers or one writer; a waiting writer holds new readers back (no starvation)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    def acquire_read(self) -> None:
        with self._cond:
            while self._writing or self._writers_waiting:
                self._cond.wait()
            self._readers += 1

    def release_read(self) -> None:
        with self._cond:
            self._readers -= 1
            self._cond.notify_all()

    def acquire_write(self) -> None:
        with self._cond:
            self._writers_waiting += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writing = True

    def release_write(self) -> None:
        with self._cond:
            self._writing = False
            self._cond.notify_all()


class Executor:
    """Queries (and, if allowed, updates) on one store, under a time limit and a row cap."""

    def __init__(self, store_path: Path, *, timeout: float, max_rows: int, allow_update: bool = False,
                 base_iri: str | None = None):
        self.timeout = timeout
        self.base_iri = base_iri  # relative IRIs in queries and updates resolve against it
        self.max_rows = max_rows
        self.allow_update = allow_update
        self._lock = ReadWriteLock()
        self._workdir: Path | None = None
        if allow_update:
            self._workdir = Path(tempfile.mkdtemp(prefix="cartelgraph-serve-"))
            shutil.copytree(store_path, self._workdir / "store")
            store_path = self._workdir / "store"
        self.store_path = store_path

    def close(self) -> None:
        """Remove the working copy an updatable server wrote to."""
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def query(self, text: str, fmt: str, *, default_graphs=(), named_graphs=()) -> Answer:
        """Run a query; ``fmt`` is a short name of :data:`RESULT_FORMATS` or :data:`GRAPH_FORMATS`."""
        from cartelgraph.runner import run_with_timeout

        check_safe(text)
        form = query_form(text)
        work = _query_work(str(self.store_path), text, fmt, self.max_rows, list(default_graphs), list(named_graphs),
                           self.base_iri)
        self._lock.acquire_read()
        try:
            payload = run_with_timeout(work, self.timeout)
        finally:
            self._lock.release_read()
        rows, _, body = payload.partition(b"\n")
        count = int(rows)
        return Answer(body, form, fmt, truncated=count > self.max_rows, rows=min(count, self.max_rows))

    def update(self, text: str, *, default_graphs=(), named_graphs=()) -> None:
        """Apply a SPARQL update to the working copy (LOAD and SERVICE are still refused)."""
        from cartelgraph.errors import UnsafeQueryError
        from cartelgraph.runner import run_with_timeout

        if not self.allow_update:
            raise UnsafeQueryError("updates are refused: this endpoint is read-only")
        check_safe(text, allow_update=True)
        if default_graphs or named_graphs:
            from cartelgraph.errors import UsageError

            raise UsageError("using-graph-uri and using-named-graph-uri are not supported; "
                             "use USING or WITH in the update")
        store_path, base_iri = str(self.store_path), self.base_iri

        def work() -> bytes:
            import pyoxigraph as ox

            store = ox.Store(store_path)
            store.update(text, base_iri=base_iri, prefixes=PREFIXES)
            store.flush()
            del store
            return b""

        self._lock.acquire_write()
        try:
            run_with_timeout(work, self.timeout)
        finally:
            self._lock.release_write()


def _query_work(store_path, text, fmt, max_rows, default_graphs, named_graphs, base_iri=None):
    """The function the child process runs: ``b"<rows>\\n<body>"``."""

    def work() -> bytes:
        import pyoxigraph as ox

        store = ox.Store.read_only(store_path)
        options = {}
        if default_graphs:
            options["default_graph"] = [ox.NamedNode(iri) for iri in default_graphs]
        if named_graphs:
            options["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs]
        answer = store.query(text, base_iri=base_iri, prefixes=PREFIXES, **options)
        if isinstance(answer, ox.QueryBoolean):
            return b"1\n" + answer.serialize(format=getattr(ox.QueryResultsFormat, RESULT_FORMATS[fmt]))
        if isinstance(answer, ox.QueryTriples):
            triples = _first(answer, max_rows + 1)
            body = ox.serialize(triples[:max_rows], format=getattr(ox.RdfFormat, GRAPH_FORMATS[fmt]),
                                **({"prefixes": PREFIXES} if fmt == "turtle" else {}))
            return f"{len(triples)}\n".encode() + body
        variables = [v.value for v in answer.variables]
        solutions = _first(answer, max_rows + 1)
        data = results_json(variables, solutions[:max_rows])
        if fmt != "json":
            parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
            data = parsed.serialize(format=getattr(ox.QueryResultsFormat, RESULT_FORMATS[fmt]))
        return f"{len(solutions)}\n".encode() + data

    return work


def _first(iterable, count: int) -> list:
    found = []
    for item in iterable:
        found.append(item)
        if len(found) >= count:
            break
    return found


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
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False, separators=(",", ":")).encode()


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
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            entry["datatype"] = term.datatype.value
        return entry
    if kind == "Triple":
        return {"type": "triple", "value": {"subject": term_json(term.subject),
                                            "predicate": term_json(term.predicate),
                                            "object": term_json(term.object)}}
    raise TypeError(f"cannot write a {kind} in SPARQL results")


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
