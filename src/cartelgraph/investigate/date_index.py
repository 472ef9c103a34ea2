"""The dated claims in timeline order, kept beside the embedded store, so that a page of the whole
graph's timeline does not make the store compute and sort the dates of every claim (2 s at a
million triples for the first 200 claims of one year).

The rows are what ``queries/internal/dated-claims.rq`` gives without a period:
``(first, last, claim)`` (the first and last day a claim's dates cover, as text), distinct, in its
order; and the undated claims in IRI order. The store computes them once (the same query, so the
same arithmetic), and kept beside the store like :mod:`cartelgraph.name_index`.
"""

from __future__ import annotations

import bisect

from cartelgraph.internal_queries import query
from cartelgraph.substitute import limited

# No bound: dated-claims.rq takes "" for an open period.
NO_BOUND = {"low": "", "high": ""}


FILE = "dates-2.marshal"  # the file beside the store; its number goes up when its content changes


class DateIndex:
    """``firsts``, ``lasts``, ``claims``: the dated rows ``(first, last, claim)`` in timeline
    order, as parallel lists; ``undated``: the undated claims in IRI order. Kept on disk as four
    texts of one line per entry, which read back several times faster than as tuples."""

    def __init__(self, firsts: list[str], lasts: list[str], claims: list[str], undated: list[str]):
        self.firsts, self.lasts, self.claims, self.undated = firsts, lasts, claims, undated

    def overlapping(self, low: str | None, high: str | None) -> list[str]:
        """The claims of the rows whose period overlaps ``low``..``high`` (either may be None),
        in timeline order: ``first <= high`` is a prefix of the rows, as they are ordered by it."""
        end = len(self.firsts) if high is None else bisect.bisect_right(self.firsts, high)
        if low is None:
            return self.claims[:end]
        lasts, claims = self.lasts, self.claims
        return [claims[i] for i in range(end) if lasts[i] >= low]


def date_index(graph) -> DateIndex:
    """The date index of ``graph``'s store, computed once per store and kept beside it
    (:meth:`cartelgraph.graph.KnowledgeGraph.cached`)."""
    return _from_kept(graph.cached(FILE, _kept, check=_from_kept))


def _kept(graph) -> tuple[str, str, str, str]:
    found = compute_index(graph)
    return tuple("\n".join(part) for part in (found.firsts, found.lasts, found.claims, found.undated))


def _from_kept(data) -> DateIndex | None:
    if not (isinstance(data, tuple) and len(data) == 4 and all(isinstance(text, str) for text in data)):
        return None
    firsts, lasts, claims, undated = (text.split("\n") if text else [] for text in data)
    if not len(firsts) == len(lasts) == len(claims):
        return None
    return DateIndex(firsts, lasts, claims, undated)


def compute_index(graph) -> DateIndex:
    import pyoxigraph as ox

    unbound = {name: ox.Literal(value) for name, value in NO_BOUND.items()}
    dated = graph.select(limited(query("dated-claims"), None), unbound, timeout=None)
    undated = [r["claim"] for r in graph.select(limited(query("undated-claims"), None), timeout=None)]
    return DateIndex([r["first"] for r in dated], [r["last"] for r in dated], [r["claim"] for r in dated], undated)
