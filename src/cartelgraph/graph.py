"""The knowledge graph as a library object: ``open_graph().query(...)``.

Every command and notebook goes through :class:`KnowledgeGraph`, so the embedded store and a
remote SPARQL endpoint are interchangeable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from cartelgraph.errors import CartelgraphError, UsageError
from cartelgraph.sparql import PREFIXES, check_safe, query_form

DEFAULT_TIMEOUT = 30.0
# A query worker of the CLI or a notebook may use this much memory (heap, not mapped files).
DEFAULT_MEMORY_MB = 4096

RESULT_FORMATS = {"json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV"}
GRAPH_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "jsonld": "JSON_LD"}


@dataclass
class Result:
    """A query's answer: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE.
    Terms are pyoxigraph terms; :meth:`records` gives plain Python values."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    boolean: bool | None = None
    triples: list = field(default_factory=list)

    def records(self) -> list[dict]:
        """Rows as dicts of plain Python values (IRIs as strings, numbers as numbers)."""
        return [{name: to_python(row.get(name)) for name in self.variables} for row in self.rows]

    def to_dataframe(self):
        import pandas as pd

        return pd.DataFrame.from_records(self.records(), columns=self.variables)

    def __len__(self) -> int:
        return len(self.rows) if self.form == "SELECT" else len(self.triples)


class KnowledgeGraph:
    """Base class: subclasses implement :meth:`serialize`; the rest is shared."""

    def serialize(self, text: str, fmt: str, params: dict | None = None,
                  timeout: float | None = DEFAULT_TIMEOUT) -> bytes:
        raise NotImplementedError

    def query(self, text: str, params: dict | None = None,
              timeout: float | None = DEFAULT_TIMEOUT) -> Result:
        import pyoxigraph as ox

        form = query_form(text)
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        data = self.serialize(text, "nt" if graph_form else "json", params, timeout)
        try:
            if graph_form:
                return Result(form, triples=list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)))
            parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
            if isinstance(parsed, ox.QueryBoolean):
                return Result("ASK", boolean=bool(parsed))
            variables = [v.value for v in parsed.variables]
            rows = [{name: solution[name] for name in variables if solution[name] is not None}
                    for solution in parsed]
        except (SyntaxError, ValueError) as error:
            # Only a remote server can send what does not parse (an HTML page served as results).
            kind = "N-Triples" if graph_form else "SPARQL JSON results"
            raise CartelgraphError(f"{self} answered something that is not {kind}: {error}") from None
        return Result("SELECT", variables=variables, rows=rows)

    def select(self, text: str, params: dict | None = None,
               timeout: float | None = DEFAULT_TIMEOUT) -> list[dict]:
        """Rows of a SELECT as dicts of plain Python values."""
        return self.query(text, params, timeout).records()

    def run(self, task, *args, timeout: float | None = DEFAULT_TIMEOUT):
        """``task(graph, *args)``: a function that makes several queries. The embedded store runs
        it whole in one worker process under one time limit (``timeout``; the limits its
        queries pass are then ignored), so ``task``, its arguments and its result must pickle."""
        return task(self, *args)

    def cached(self, name: str, task, *args, check=None):
        """``task(graph, *args)``, computed once per store: the embedded store keeps the result
        beside itself (``name`` versions it) and later calls, in any process, read it back. The
        result must be plain data (lists, tuples, dicts, strings, numbers, None, bytes); ``task``
        runs in this process (give its queries to :meth:`run`). A kept result that cannot be
        read, or that ``check(result)`` refuses, is computed and kept again. A remote endpoint
        may change at any time, so there it is computed on every call."""
        return task(self, *args)


class EmbeddedGraph(KnowledgeGraph):
    """The Oxigraph store built from a data folder (see :mod:`cartelgraph.store`)."""

    def __init__(self, data_dir: Path, store_path: Path, memory_mb: int | None = None):
        self.data_dir = data_dir
        self.store_path = store_path
        self.memory_mb = memory_mb or memory_limit()

    def __repr__(self) -> str:
        return f"EmbeddedGraph({str(self.data_dir)!r})"

    def serialize(self, text, fmt, params=None, timeout=DEFAULT_TIMEOUT) -> bytes:
        return self._in_worker(_serialize_task, (text, params, fmt), timeout)

    def select(self, text, params=None, timeout=DEFAULT_TIMEOUT) -> list[dict]:
        # The worker sends plain values, not SPARQL JSON: at 200k rows that is 0.1 s against
        # 1.7 s to write and parse the JSON.
        variables, rows = self._in_worker(_select_task, (text, params), timeout)
        return [dict(zip(variables, row, strict=True)) for row in rows]

    def run(self, task, *args, timeout=DEFAULT_TIMEOUT):
        # One worker for the whole task: its queries cost no pipe round trip each.
        return self._in_worker(_run_task, (self, task, args), timeout)

    def cached(self, name, task, *args, check=None):
        import marshal

        from cartelgraph.output import atomic_write
        from cartelgraph.store import derived_file

        path = derived_file(self.store_path, name)
        try:
            kept = marshal.loads(path.read_bytes())
            if check is None or check(kept):
                return kept
        except (OSError, EOFError, ValueError, TypeError):
            pass  # not computed yet, or unreadable: computed again below
        result = task(self, *args)
        try:
            atomic_write(path, marshal.dumps(result))
        except (CartelgraphError, ValueError):
            pass  # a read-only cache folder only costs computing it again next time
        return result

    def workers(self):
        """This process's pool of query workers for the store (see :mod:`cartelgraph.runner`);
        its ``isolation`` says what the last worker gave up (network, memory)."""
        from cartelgraph.runner import shared_pool

        return shared_pool(str(self.store_path), self.memory_mb)

    def _in_worker(self, task, args: tuple, timeout):
        """``task(store, *args)`` in one of this process's workers for the store."""
        try:
            return self.workers().call(task, args, timeout)
        except CartelgraphError as error:
            if "in its SELECT projection" in str(error):
                raise UsageError("a bound --param variable must appear in the query's SELECT "
                                 f"clause ({str(error).rsplit(': ', 1)[-1]})") from None
            raise


class _OpenGraph(EmbeddedGraph):
    """The graph inside a worker (see :meth:`KnowledgeGraph.run`): queries run on the store
    already open, in this process, under the worker's time limit."""

    def __init__(self, graph: EmbeddedGraph, store):
        super().__init__(graph.data_dir, graph.store_path, graph.memory_mb)
        self._store = store

    def _in_worker(self, task, args, timeout):
        try:
            return task(self._store, *args)
        except SyntaxError as error:
            from cartelgraph.sparql import syntax_error

            raise syntax_error(str(error.msg if hasattr(error, "msg") else error)) from None

    def run(self, task, *args, timeout=DEFAULT_TIMEOUT):
        return task(self, *args)


# The tasks a worker runs for EmbeddedGraph (module-level, so that they pickle by name).

def _serialize_task(store, text: str, params: dict | None, fmt: str) -> bytes:
    import pyoxigraph as ox

    text, substitutions, out_format = _prepare(text, params, fmt)
    answer = store.query(text, prefixes=PREFIXES, substitutions=substitutions)
    if isinstance(answer, ox.QueryTriples):
        rdf_format = getattr(ox.RdfFormat, out_format)
        if rdf_format == ox.RdfFormat.TURTLE:
            return ox.serialize(answer, format=rdf_format, prefixes=PREFIXES)
        return answer.serialize(format=rdf_format)
    return answer.serialize(format=getattr(ox.QueryResultsFormat, out_format))


def _select_task(store, text: str, params: dict | None):
    text, substitutions, _ = _prepare(text, params, "json")
    return _plain_rows(store.query(text, prefixes=PREFIXES, substitutions=substitutions))


def _prepare(text: str, params: dict | None, fmt: str):
    """The checked text (parameters also given as VALUES), its substitutions, and the name
    of the pyoxigraph output format for ``fmt``. In the worker: the check reads the whole
    text (the lexer is quadratic on some texts), so it is under the query's time limit."""
    import pyoxigraph as ox

    text = check_safe(text)
    form = query_form(text)
    if form in ("SELECT", "ASK"):
        if fmt not in RESULT_FORMATS:
            raise UsageError(f"--format {fmt}: a {form} query gives one of {', '.join(RESULT_FORMATS)}")
        out_format = RESULT_FORMATS[fmt]
    else:
        if fmt not in GRAPH_FORMATS:
            raise UsageError(f"--format {fmt}: a {form} query gives one of {', '.join(GRAPH_FORMATS)}")
        out_format = GRAPH_FORMATS[fmt]
    substitutions = {ox.Variable(name): term for name, term in (params or {}).items()}
    if substitutions:
        # Oxigraph plans a query before it applies substitutions, so a bound variable does not
        # steer the join order (entity-claims for one entity scanned every claim: 2.4 s at 1M
        # triples). The same values as a VALUES block opening the WHERE group let the planner
        # start from them (0.05 s); the substitutions stay, so the answer is the same.
        text = _with_values(text, params)
    return text, substitutions, out_format


def _run_task(store, graph: EmbeddedGraph, task, args: tuple):
    return task(_OpenGraph(graph, store), *args)


def memory_limit() -> int | None:
    """The memory limit of a query worker in MB: ``$CARTELGRAPH_MEMORY_LIMIT`` (the CLI's
    ``--memory-limit`` sets it), else :data:`DEFAULT_MEMORY_MB`; 0 means none."""
    value = os.environ.get("CARTELGRAPH_MEMORY_LIMIT", "")
    try:
        megabytes = int(value) if value.strip() else DEFAULT_MEMORY_MB
    except ValueError:
        raise UsageError(f"CARTELGRAPH_MEMORY_LIMIT={value!r}: give a number of megabytes") from None
    return megabytes or None


def _plain_rows(answer) -> tuple[list[str], list[tuple]]:
    import pyoxigraph as ox

    if not isinstance(answer, ox.QuerySolutions):
        raise UsageError("select() needs a SELECT query")
    variables = [v.value for v in answer.variables]
    count = len(variables)
    return variables, [tuple(to_python(solution[i]) for i in range(count)) for solution in answer]


def _with_values(text: str, params: dict) -> str:
    from cartelgraph.remote import bind

    plain = {name: term for name, term in params.items() if type(term).__name__ in ("NamedNode", "Literal")}
    return bind(text, plain) if plain else text


def open_graph(data=None, endpoint=None, **options) -> KnowledgeGraph:
    """The embedded store for ``data`` (see :func:`cartelgraph.data.find_data_dir`), or the
    SPARQL endpoint at ``endpoint`` / ``$CARTELGRAPH_ENDPOINT`` when one is given."""
    endpoint = endpoint or os.environ.get("CARTELGRAPH_ENDPOINT")
    if endpoint:
        from cartelgraph.remote import RemoteGraph

        return RemoteGraph(endpoint, **options)
    from cartelgraph.data import find_data_dir
    from cartelgraph.store import ensure_store

    data_dir = find_data_dir(data)
    return EmbeddedGraph(data_dir, ensure_store(data_dir, progress=options.get("progress")))


_XSD = PREFIXES["xsd"]
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
_FLOATS = {_XSD + t for t in ("decimal", "double", "float")}


def to_python(term):
    """A pyoxigraph term as a plain value: IRI -> str, xsd numbers -> int/float,
    xsd:boolean -> bool; dates stay strings so their precision ('2019', '2019-10') is kept."""
    if term is None:
        return None
    kind = type(term).__name__
    if kind == "NamedNode":
        return term.value
    if kind == "BlankNode":
        return f"_:{term.value}"
    if kind == "Literal":
        datatype = term.datatype.value
        try:
            if datatype in _INTEGERS:
                return int(term.value)
            if datatype in _FLOATS:
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == _XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return str(term)


def shorten(iri: str) -> str:
    """``https://w3id.org/cartelgraph/id/x`` -> ``cgr:x`` for the predeclared prefixes."""
    for name, base in PREFIXES.items():
        if iri.startswith(base) and iri[len(base):] and "/" not in iri[len(base):]:
            return f"{name}:{iri[len(base):]}"
    return iri
