"""cartelgraph.dates: the days a date or a period covers, and overlaps, in one place; the date
index's SPARQL arithmetic gives the same days."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from cartelgraph.dates import in_order, item_span, overlaps, span
from cartelgraph.internal_queries import query
from cartelgraph.investigate.date_index import NO_BOUND
from cartelgraph.sparql import PREFIXES
from cartelgraph.substitute import limited

CG = PREFIXES["cg"]
CASES = [  # (date, start, end) -> days
    (("2019", None, None), ("2019-01-01", "2019-12-31")),
    (("2019-02", None, None), ("2019-02-01", "2019-02-31")),
    ((None, "2018-05", "2019"), ("2018-05-01", "2019-12-31")),
    (("2018-05-04", None, "2019-03"), ("2018-05-04", "2019-03-31")),
    ((None, "2018-05", None), ("2018-05-01", "2018-05-31")),
    ((None, None, "2019-06-30"), ("2019-06-30", "2019-06-30")),
]


@pytest.mark.parametrize(("dates", "days"), CASES)
def test_span(dates, days):
    assert span(*dates) == days


def test_an_open_period_runs_on_only_when_asked():
    assert span(start="2018-05", open_end=True) == ("2018-05-01", "9999-12-31")
    assert span(start="2018-05", end="2019", open_end=True) == ("2018-05-01", "2019-12-31")
    assert span() is None and item_span({"date": None}, open_end=True) is None


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        ("2019-12", None, True),
        ("2020", None, False),
        (None, "2018-05", True),
        (None, "2018-04", False),
        ("2019-12-31", "2020", True),
        ("2018", "2018-04-30", False),
        (None, None, True),
    ],
)
def test_overlaps_with_either_end_open(low, high, expected):
    assert overlaps(("2018-05-01", "2019-12-31"), low, high) is expected


def test_undated_overlaps_nothing():
    assert overlaps(None, None, None) is False


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2019-05", "2019", True),
        ("2019", "2019-01", True),
        ("2020", "2019-06", False),
        ("2019-06-02", "2019-06-01", False),
    ],
)
def test_in_order(start, end, expected):
    assert in_order(start, end) is expected


def test_the_date_index_query_gives_the_same_days():
    store = ox.Store()
    for number, ((date, start, end), _) in enumerate(CASES):
        claim = ox.NamedNode(f"{CG}c{number}")
        store.add(ox.Quad(claim, ox.NamedNode(PREFIXES["rdf"] + "type"), ox.NamedNode(CG + "Claim")))
        for term, value in (("date", date), ("startDate", start), ("endDate", end)):
            if value:
                store.add(ox.Quad(claim, ox.NamedNode(CG + term), ox.Literal(value)))
    unbound = {ox.Variable(name): ox.Literal(value) for name, value in NO_BOUND.items()}
    rows = store.query(limited(query("dated-claims"), None), prefixes=PREFIXES, substitutions=unbound)
    found = {row["claim"].value: (row["first"].value, row["last"].value) for row in rows}
    assert found == {f"{CG}c{number}": days for number, (_, days) in enumerate(CASES)}
