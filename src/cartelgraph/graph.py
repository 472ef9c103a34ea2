"""The knowledge graph as a library object: ``open_graph().query(...)``.

Every command and notebook goes through :class:`KnowledgeGraph`, so the embedded store and a
remote SPARQL endpoint are interchangeable.
"""

from __future__ import annotations

import os
from pathlib import Path

from cartelgraph.errors import CartelgraphError, UsageError
from cartelgraph.knowledge_graph import (  # the interface; named here too, where most modules import it
    DEFAULT_TIMEOUT,
    KnowledgeGraph,
    Result,
    shorten,
    to_python,
)
from cartelgraph.media import GRAPH_FORMATS, RESULT_FORMATS
from cartelgraph.sandbox import memory_limit
from cartelgraph.sparql import PREFIXES, check_safe, query_form
from cartelgraph.substitute import bind

__all__ = [
    "DEFAULT_TIMEOUT",
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "EmbeddedGraph",
    "KnowledgeGraph",
    "Result",
    "memory_limit",
    "open_graph",
    "shorten",
    "to_python",
]


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
                raise UsageError(
                    "a bound --param variable must appear in the query's SELECT "
                    f"clause ({str(error).rsplit(': ', 1)[-1]})"
                ) from None
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


def _plain_rows(answer) -> tuple[list[str], list[tuple]]:
    import pyoxigraph as ox

    if not isinstance(answer, ox.QuerySolutions):
        raise UsageError("select() needs a SELECT query")
    variables = [v.value for v in answer.variables]
    count = len(variables)
    return variables, [tuple(to_python(solution[i]) for i in range(count)) for solution in answer]


def _with_values(text: str, params: dict) -> str:
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
