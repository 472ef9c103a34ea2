"""The library's own SPARQL: one file per query in ``queries/internal/`` (``NAME.rq``, and
``NAME.ru`` for the build's updates), never text assembled in Python.

Each file opens with ``#+`` header lines, as the named queries do: ``summary``, and what the
caller gives it: a ``param`` is bound as a parameter (``graph.query(text, {name: term})``; a
SELECT projects it, as Oxigraph binds only projected variables), a ``values`` names an empty
``VALUES ?name { }`` block that :func:`cartelgraph.substitute.filled` fills with IRIs or terms,
and ``limit`` says the query's ``LIMIT`` is set by :func:`cartelgraph.substitute.limited`.
``tests/test_sparql_files.py`` runs every file on the curated graph. A leaf module: it reads
files only.
"""

from __future__ import annotations

import functools
from importlib import resources


def _folder():
    return resources.files("cartelgraph") / "queries" / "internal"


@functools.cache
def query(name: str) -> str:
    """The text of ``queries/internal/NAME.rq`` (read once per process)."""
    return (_folder() / f"{name}.rq").read_text(encoding="utf-8")


@functools.cache
def update(name: str) -> str:
    """The text of ``queries/internal/NAME.ru``, a SPARQL update the build runs."""
    return (_folder() / f"{name}.ru").read_text(encoding="utf-8")


def names(suffix: str = ".rq") -> list[str]:
    """Every query (or, with ``.ru``, update) of the folder, by name."""
    return sorted(entry.name[: -len(suffix)] for entry in _folder().iterdir() if entry.name.endswith(suffix))
