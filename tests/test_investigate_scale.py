"""The investigator commands and the network page read only what they show: paging of whole-graph
listings, the store-side name filter, the breadth-first path search's budget, and the network
page ranked by the store (checked against the projection it replaces)."""

import re

import pytest

from cartelgraph import investigate
from cartelgraph.investigate import contested, figures, find_paths, timeline
from cartelgraph.projection import Filters
from cartelgraph.resolve import search
from cartelgraph.text import accent_pattern, fold, phrase_pattern

CGR = "https://w3id.org/cartelgraph/id/"


def test_timeline_pages_keep_order_and_say_how_many(investigate_graph):
    full = timeline(investigate_graph)
    page = timeline(investigate_graph, limit=3)
    assert [c["claim"] for c in page] == [c["claim"] for c in full[:3]]
    assert (page.total, page.more) == (len(full), len(full) - 3)
    dated = timeline(investigate_graph, undated=False, limit=100)
    assert len(dated) == len([c for c in full if c["when"]]) and dated.undated_left_out == 2
    spanning = timeline(investigate_graph, start="2020", end="2020", limit=2)
    assert [c["claim"] for c in spanning] == [CGR + "inv-k4", CGR + "inv-k5"] and spanning.total == 4
    undated_tail = timeline(investigate_graph, limit=10)
    assert [c["claim"] for c in undated_tail] == [c["claim"] for c in full[:10]] and undated_tail.total == len(full)


def test_timeline_limit_on_the_command(cg, investigate_data):
    result = cg("--data", str(investigate_data), "timeline", "--limit", "2", "--format", "csv")
    assert result.exit_code == 0 and result.stdout.count("\n") == 3
    assert "showing the first 2 of 9 claims" in result.stderr


def test_figures_and_contested_pages(investigate_graph):
    every = figures(investigate_graph)
    first = figures(investigate_graph, limit=2)
    assert [f["figure"] for f in first] == [f["figure"] for f in every[:2]] and first.total == len(every)
    pairs = contested(investigate_graph)
    one = contested(investigate_graph, limit=1)
    assert len(one) == 1 and one.total == len(pairs) >= 2


@pytest.mark.parametrize(
    "word,text", [("garcia", "Genaro García Luna"), ("alvarez", "ÁLVAREZ"), ("nino", "Niño"), ("sao", "São Paulo")]
)
def test_accent_patterns_find_what_folding_finds(word, text):
    assert word in fold(text)
    assert re.search(accent_pattern(word), text, re.IGNORECASE)


def test_search_text_cannot_change_the_query(investigate_graph):
    assert investigate.search(investigate_graph, 'a" ) } SELECT * WHERE { ?s ?p ?o } #') == []
    assert phrase_pattern('"}') == ""  # no word, no pattern: nothing is asked
    assert search(investigate_graph, "Ana Alvares")[0].iri == CGR + "inv-ana"  # a typo, found by similarity


def test_path_search_stops_at_its_budget(investigate_graph):
    strong = Filters.of(exclude_statuses=["Alleged"])
    assert find_paths(investigate_graph, "Ana Álvarez", "Carlos Chapa", max_hops=2, filters=strong)["shortest"] == 3
    answer = find_paths(investigate_graph, "Ana Álvarez", "Carlos Chapa", max_hops=2, filters=strong, budget=0)
    assert answer["shortest"] is None and answer["searched"] and answer["paths"] == []
