"""Dates as the sources give them: YYYY, YYYY-MM or YYYY-MM-DD, checked against the calendar, and
the days they cover: every test of whether a claim, a figure or an edge falls in a period is made
here. (The timeline's date index does the same arithmetic in SPARQL, in
:mod:`cartelgraph.investigate.date_index`, so the store can order and cut by it.)

Days are compared as text: '2019' covers '2019-01-01' to '2019-12-31', '2019-02' covers
'2019-02-01' to '2019-02-31' (a day that sorts after every day of the month, which is all a
comparison needs)."""

from __future__ import annotations

import datetime as dt
import re

from cartelgraph.errors import UsageError

_FORMS = (
    (re.compile(r"\d{4}"), "%Y"),
    (re.compile(r"\d{4}-\d{2}"), "%Y-%m"),
    (re.compile(r"\d{4}-\d{2}-\d{2}"), "%Y-%m-%d"),
)


def date_problem(value: str) -> str | None:
    """What is wrong with ``value`` as a date (None: nothing). ``2019-13`` and ``2019-02-30``
    have the right shape but are no dates."""
    text = str(value).strip()
    for pattern, fmt in _FORMS:
        if pattern.fullmatch(text):
            try:
                dt.datetime.strptime(text, fmt)
            except ValueError:
                return "no such date"
            return None
    return "give a date as YYYY, YYYY-MM or YYYY-MM-DD"


def check_date(value: str, option: str = "--as-of") -> str:
    """``value``, stripped, if it is a real date written YYYY, YYYY-MM or YYYY-MM-DD, else a
    :class:`UsageError` naming ``option``."""
    problem = date_problem(value)
    if problem:
        raise UsageError(f"{option} {value!r}: {problem}")
    return str(value).strip()


def check_period(start: str | None, end: str | None, option: str = "--period") -> tuple[str | None, str | None]:
    """Both ends checked with :func:`check_date` (either may be None: open), and in order."""
    start = check_date(start, option) if start else None
    end = check_date(end, option) if end else None
    if start and end and not in_order(start, end):
        raise UsageError(f"{option} {start}..{end}: the start comes after the end")
    return start, end


def earliest(date: str) -> str:
    """The first day a date of any precision covers: '2019' -> '2019-01-01'."""
    return (date + "-01-01"[len(date) - 4 :])[:10] if len(date) < 10 else date[:10]


def latest(date: str) -> str:
    """The last day (as text) a date of any precision covers: '2019' -> '2019-12-31'."""
    return (date + "-12-31"[len(date) - 4 :])[:10] if len(date) < 10 else date[:10]


OPEN = "9999-12-31"  # the last day of a period that has not ended


def span(
    date: str | None = None, start: str | None = None, end: str | None = None, *, open_end: bool = False
) -> tuple[str, str] | None:
    """The first and last day that a ``date`` or a period from ``start`` to ``end`` covers; None
    when all three are missing. A ``date`` with an ``end`` runs from the date to the end. A
    ``start`` without an end ends on its own last day, or runs on (``open_end``: the network
    "as it stood", where a membership that began and is not said to end still holds).

    >>> span("2019"), span(start="2018-05", end="2019"), span(start="2018-05", open_end=True)
    (('2019-01-01', '2019-12-31'), ('2018-05-01', '2019-12-31'), ('2018-05-01', '9999-12-31'))
    """
    first = date or start or end
    if first is None:
        return None
    last = end or date or (None if open_end else start)
    return earliest(first), latest(last) if last else OPEN


def item_span(item: dict, *, open_end: bool = False) -> tuple[str, str] | None:
    """:func:`span` of a claim, a figure or an edge (``date``, ``start_date``, ``end_date``)."""
    return span(item.get("date"), item.get("start_date"), item.get("end_date"), open_end=open_end)


def overlaps(days: tuple[str, str] | None, low: str | None, high: str | None) -> bool:
    """Whether the ``days`` of :func:`span` overlap the period from ``low`` to ``high`` (dates
    of any precision; either may be None: open). Undated (None) overlaps nothing.

    >>> overlaps(span("2019"), "2019-12", None), overlaps(span("2019"), "2020", None)
    (True, False)
    """
    if days is None:
        return False
    first, last = days
    return (high is None or first <= latest(high)) and (low is None or last >= earliest(low))


def in_order(start: str, end: str) -> bool:
    """Whether a period from ``start`` to ``end`` is one (the start does not come after the
    end): '2019-05'..'2019' is, '2020'..'2019-06' is not."""
    return earliest(start) <= latest(end)
