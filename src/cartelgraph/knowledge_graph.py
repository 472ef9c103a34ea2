"""The knowledge graph's interface: what every command and notebook calls, on the embedded
store (:mod:`cartelgraph.graph`) and on a remote SPARQL endpoint (:mod:`cartelgraph.remote`)
alike, and the plain values its answers become."""

from __future__ import annotations

from dataclasses import dataclass, field

from cartelgraph.errors import CartelgraphError
from cartelgraph.namespace import NS
from cartelgraph.sparql import PREFIXES, query_form

DEFAULT_TIMEOUT = 30.0


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

    def serialize(
        self, text: str, fmt: str, params: dict | None = None, timeout: float | None = DEFAULT_TIMEOUT
    ) -> bytes:
        raise NotImplementedError

    def query(self, text: str, params: dict | None = None, timeout: float | None = DEFAULT_TIMEOUT) -> Result:
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
            rows = [{name: solution[name] for name in variables if solution[name] is not None} for solution in parsed]
        except (SyntaxError, ValueError) as error:
            # Only a remote server can send what does not parse (an HTML page served as results).
            kind = "N-Triples" if graph_form else "SPARQL JSON results"
            raise CartelgraphError(f"{self} answered something that is not {kind}: {error}") from None
        return Result("SELECT", variables=variables, rows=rows)

    def select(self, text: str, params: dict | None = None, timeout: float | None = DEFAULT_TIMEOUT) -> list[dict]:
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
        if iri.startswith(base) and iri[len(base) :] and "/" not in iri[len(base) :]:
            return f"{name}:{iri[len(base) :]}"
    return iri


def short(iri: str) -> str:
    """A cg: term's local name (``Official``); other IRIs in their prefixed form.

    >>> short("https://w3id.org/cartelgraph/ontology#Official"), short("https://w3id.org/cartelgraph/id/x")
    ('Official', 'cgr:x')
    """
    return iri[len(NS) :] if iri.startswith(NS) else shorten(iri)
