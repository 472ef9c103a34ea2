"""The investigator functions on the real curated graph: only the stable seed IRIs are named,
and the answers are checked against independent SPARQL, never against hard-coded counts."""

import pytest

from cartelgraph.investigate import contested, dossier, figures, search, timeline
from cartelgraph.investigate.claims import sort_key
from cartelgraph.investigate.figures import trend_key
from cartelgraph.text import fold

CGR = "https://w3id.org/cartelgraph/id/"
SEEDS = [
    "genaro-garcia-luna",
    "sinaloa-cartel",
    "salvador-cienfuegos",
    "ovidio-guzman",
    "joaquin-guzman",
    "sedena",
    "national-guard",
    "mexico",
    "united-states",
    "andres-manuel-lopez-obrador",
]


def has_evidence(item):
    return bool(item["evidence"]) and all(e["quote"] and e["source"] for e in item["evidence"])


@pytest.mark.parametrize(
    "text,iri",
    [
        ("garcia luna", "cgr:genaro-garcia-luna"),
        ("SEDENA", "cgr:sedena"),
        ("cienfuegos", "cgr:salvador-cienfuegos"),
        ("amlo", "cgr:andres-manuel-lopez-obrador"),
    ],
)
def test_search_finds_seed_entities_first(repo_graph, text, iri):
    assert search(repo_graph, text)[0]["iri"] == iri


@pytest.mark.parametrize("seed", SEEDS)
def test_dossier_lists_every_claim_of_the_entity_with_status_and_evidence(repo_graph, seed):
    answer = dossier(repo_graph, "cgr:" + seed)
    # every role, written out rather than read through cg:involves: the participant roles and the
    # context roles around them
    expected = repo_graph.select(
        """SELECT ?claim ?e WHERE { ?claim a cg:Claim ; ?role ?e .
        { ?role rdfs:subPropertyOf+ cg:participant } UNION { VALUES ?role { cg:about cg:instrument cg:location
        cg:assertedBy } } }""",
        {"e": _node(CGR + seed)},
    )
    assert {c["claim"] for c in answer["claims"]} == {r["claim"] for r in expected if r["e"] == CGR + seed}
    for claim in answer["claims"]:
        assert claim["role"] and claim["status"] and has_evidence(claim)
        assert all(p["entity"] != CGR + seed for p in claim["counterparts"])
    for figure in answer["figures"]:
        assert has_evidence(figure) and figure["link"]


def test_timeline_is_in_date_order_with_evidence(repo_graph):
    rows = timeline(repo_graph, undated=False)
    assert rows and all(r["when"] and r["status"] and has_evidence(r) for r in rows)
    keys = [sort_key(r) for r in rows]
    assert keys == sorted(keys)
    everything = timeline(repo_graph)
    count = repo_graph.select("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a cg:Claim }")[0]["n"]
    assert len(everything) == count


def test_figures_read_as_series_and_filter_by_measure(repo_graph):
    rows = figures(repo_graph)
    assert rows, "the curated graph has figures"
    assert [trend_key(f) for f in rows] == sorted(trend_key(f) for f in rows)
    assert all(has_evidence(f) and f["value_text"] for f in rows)
    word = fold(rows[0]["measure"]).split()[0]
    filtered = figures(repo_graph, measure=word.upper())
    assert filtered and all(word in fold(f["measure"]) for f in filtered)


def test_contested_matches_the_links_in_the_graph(repo_graph):
    pairs = contested(repo_graph)
    links = repo_graph.select("""SELECT DISTINCT ?a ?b WHERE { ?a cg:contradicts|cg:denies ?b .
                                 FILTER(?a != ?b) }""")
    assert {frozenset((p["a"]["iri"], p["b"]["iri"])) for p in pairs} == {frozenset((r["a"], r["b"])) for r in links}
    assert all(has_evidence(p["a"]) and has_evidence(p["b"]) for p in pairs)


def _node(iri):
    import pyoxigraph as ox

    return ox.NamedNode(iri)
