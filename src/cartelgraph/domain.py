"""Domain facts kept on the ontology's individuals, read in one place: each claim status's
support rank, meaning and how the tools show it (``cg:supportRank``, ``rdfs:comment``,
``cg:lineStyle``…), and each federal administration's term (``cg:Administration``). Adding a
status or an administration is editing ``ontology/cartelgraph.ttl`` and nothing else.

With a graph at hand the facts come from its store: computed once per store and kept beside it
like the name index (:meth:`~cartelgraph.knowledge_graph.KnowledgeGraph.cached`), and on the
graph object for the rest of the process. Without one (``administration("amlo")`` in a
notebook) they come from the ontology file of the data folder that
:func:`cartelgraph.data.find_data_dir` finds, read once per process.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cartelgraph.data import ONTOLOGY_FILE, find_data_dir
from cartelgraph.errors import UsageError
from cartelgraph.internal_queries import query
from cartelgraph.knowledge_graph import short
from cartelgraph.sparql import PREFIXES

# The file beside the store; its number goes up whenever what is kept in it changes.
FILE = "domain-1.marshal"


@dataclass(frozen=True)
class Status:
    """A claim status as the ontology describes it. The defaults are how the network page draws
    a status whose individual says nothing of its line."""

    iri: str
    label: str
    meaning: str | None
    rank: int | None  # None: the ontology gives none (the status-without-rank check fails then)
    line: str = "dashed"
    colour: str = "#7e57c2"
    width: int = 2
    terminal: str = ""


@dataclass(frozen=True)
class Administration:
    key: str  # its skos:notation, the name --administration takes ("amlo")
    label: str
    start: str
    end: str | None  # None: still in office

    @property
    def period(self) -> tuple[str, str | None]:
        return self.start, self.end


class Domain:
    """The statuses (by IRI, strongest first) and the administrations (by key, oldest first)."""

    def __init__(self, statuses: list[Status], administrations: list[Administration]):
        ranked = [s.rank for s in statuses if s.rank is not None]
        self._after_known = max(ranked, default=-1) + 1
        self.statuses = {s.iri: s for s in sorted(statuses, key=lambda s: (self.rank(s.iri, s), s.label, s.iri))}
        self.administrations = {a.key: a for a in sorted(administrations, key=lambda a: (a.start, a.key))}

    def rank(self, status_iri: str | None, status: Status | None = None) -> int:
        """Sort key, strongest support first: the status's ``cg:supportRank``; a status the
        ontology does not rank comes after every ranked one, and no status after that."""
        if not status_iri:
            return self._after_known + 1
        status = status or self.statuses.get(status_iri)
        return status.rank if status is not None and status.rank is not None else self._after_known

    def status_name(self, name: str) -> str:
        """The status a user's word names, as its local name: 'charges dropped',
        'charges-dropped', 'ChargesDropped' and 'cg:ChargesDropped' all give 'ChargesDropped';
        an unknown word is returned as given, for the filter check to report."""

        def key(text: str) -> str:
            return text.removeprefix("cg:").replace(" ", "").replace("-", "").casefold()

        known = {}
        for iri, status in self.statuses.items():
            known.setdefault(key(short(iri)), short(iri))
            known.setdefault(key(status.label), short(iri))
        return known.get(key(name), name)

    def terminal_style(self, label: str | None) -> str:
        """How a table prints the status it names by its label ('' for plain text)."""
        return next((s.terminal for s in self.statuses.values() if s.label == label), "")

    def administration(self, key: str, option: str | None = None) -> tuple[str, str | None]:
        """The ``(start, end)`` of the administration named ``key`` (``end`` None: in office)."""
        found = self.administrations.get(key)
        if found is None:
            where = f"{option} {key}: no such administration" if option else f"unknown administration {key!r}"
            raise UsageError(f"{where}; known: {', '.join(self.administrations) or 'none in the ontology'}")
        return found.period


def domain(graph=None) -> Domain:
    """The domain facts of ``graph``'s store, or of the default data's ontology file when
    ``graph`` is None."""
    if graph is None:
        return _of_file(find_data_dir() / ONTOLOGY_FILE)
    found = getattr(graph, "_domain", None)
    if found is None:
        found = _from_kept(graph.cached(FILE, _kept, check=_from_kept))
        graph._domain = found
    return found


def _kept(graph) -> tuple:
    """The facts as plain data for the file beside the store."""
    return _rows(graph.select(query("statuses")), graph.select(query("administrations")))


def _rows(statuses: list[dict], administrations: list[dict]) -> tuple:
    """Query rows as plain tuples, the smallest value first where an individual has several."""
    by_status: dict[str, dict] = {}
    for row in statuses:
        merged = by_status.setdefault(row["status"], {})
        for name, value in row.items():
            if value is not None and (merged.get(name) is None or str(value) < str(merged[name])):
                merged[name] = value
    status_rows = tuple(
        tuple(
            merged.get(name) for name in ("status", "label", "meaning", "rank", "line", "colour", "width", "terminal")
        )
        for _, merged in sorted(by_status.items())
    )
    admin_rows = tuple(
        (row["key"], row.get("label") or row["key"], row["start"], row.get("end")) for row in administrations
    )
    return status_rows, admin_rows


def _from_kept(data) -> Domain | None:
    """The facts from what :func:`_kept` gave, or None when that is not what it gives."""
    try:
        status_rows, admin_rows = data
        statuses = []
        for iri, label, meaning, rank, line, colour, width, terminal in status_rows:
            given = {
                "line": line,
                "colour": colour,
                "width": int(width) if width is not None else None,
                "terminal": terminal,
            }
            statuses.append(
                Status(
                    iri,
                    label or short(iri),
                    meaning,
                    int(rank) if rank is not None else None,
                    **{name: value for name, value in given.items() if value is not None},
                )
            )
        administrations = [
            Administration(key, label, str(start), str(end) if end else None) for key, label, start, end in admin_rows
        ]
    except (TypeError, ValueError):
        return None
    return Domain(statuses, administrations)


@functools.cache
def _of_file(ontology: Path) -> Domain:
    """The facts as the ontology file states them (no store: parsed into a store in memory)."""
    import pyoxigraph as ox

    from cartelgraph.knowledge_graph import to_python

    store = ox.Store()
    store.bulk_load(path=str(ontology), format=ox.RdfFormat.TURTLE)

    def select(name: str) -> list[dict]:
        results = store.query(query(name), prefixes=PREFIXES)
        variables = [v.value for v in results.variables]
        return [{name: to_python(row[name]) for name in variables} for row in results]

    return _from_kept(_rows(select("statuses"), select("administrations")))


class Administrations(Mapping):
    """The federal administrations of the default data's ontology, read when first used:
    ``{key: (president, start, end)}``, oldest first (``end`` None: in office)."""

    def _table(self) -> dict[str, tuple[str, str, str | None]]:
        return {a.key: (a.label, a.start, a.end) for a in domain().administrations.values()}

    def __getitem__(self, key: str):
        return self._table()[key]

    def __iter__(self):
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())

    def __repr__(self) -> str:
        return repr(self._table())

    def _repr_pretty_(self, printer, cycle: bool) -> None:  # IPython shows it as the dict it stands for
        printer.pretty(self._table())


ADMINISTRATIONS = Administrations()


def administration(name: str, graph=None) -> tuple[str, str | None]:
    """The ``(start, end)`` period of a federal administration (its name in
    :data:`ADMINISTRATIONS`: ``pena-nieto``, ``amlo``, ``sheinbaum``), ready for
    ``Filters.of(period=...)``; from ``graph``'s ontology when given.

    >>> administration("amlo")
    ('2018-12-01', '2024-09-30')
    """
    return domain(graph).administration(name)
