"""Dates as the sources give them: YYYY, YYYY-MM or YYYY-MM-DD, checked against the calendar."""

from __future__ import annotations

import datetime as dt
import re

from cartelgraph.errors import UsageError

_FORMS = ((re.compile(r"\d{4}"), "%Y"), (re.compile(r"\d{4}-\d{2}"), "%Y-%m"),
          (re.compile(r"\d{4}-\d{2}-\d{2}"), "%Y-%m-%d"))


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
    if start and end and start[:len(end)] > end[:len(start)]:
        raise UsageError(f"{option} {start}..{end}: the start comes after the end")
    return start, end
