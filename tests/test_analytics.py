"""The measures, against networkx and against answers worked out by hand on
tests/fixtures/network.ttl (see the drawing at the top of that file)."""

import io
import math

import networkx as nx
import pytest

from cartelgraph.analytics import (
    MEASURES,
    administration,
    articulation_points,
    betweenness,
    bridges,
    broker_table,
    centrality,
    closeness,
    community_table,
    compare,
    degree,
    eigenvector,
    kcore,
    label_propagation,
    louvain,
    modularity,
    network,
    pagerank,
    ranking,
    separators,
)
from cartelgraph.analytics.running import working
from cartelgraph.errors import ParameterError, UsageError
from cartelgraph.namespace import CG
from cartelgraph.projection import Filters, project

CGR = "https://w3id.org/cartelgraph/id/"


def iri(name):
    return CGR + name


# The entities of tests/fixtures/network.ttl.
NAMES = ["cartel-a", "cartel-b", "xavier", "yago", "zoe", "felipe", "oscar", "paula", "guard"]


@pytest.fixture(scope="module")
def G(network_graph):
    return network(network_graph)


def test_weighted_network_of_the_fixture(G):
    assert len(G) == 9 and G.number_of_edges() == 8
    assert G[iri("oscar")][iri("felipe")]["weight"] == 2  # two collusion claims
    assert G[iri("oscar")][iri("felipe")]["distance"] == 0.5


def test_degree_and_cores_of_the_fixture_by_hand(G):
    # Degree: distinct neighbours over the n - 1 = 8 others. Core: 2 for the only triangle.
    neighbours = {"cartel-a": 3, "oscar": 3, "felipe": 2, "paula": 2, "guard": 2}
    assert degree(G) == pytest.approx({iri(n): neighbours.get(n, 1) / 8 for n in NAMES})
    assert kcore(G) == {iri(n): 2 if n in ("oscar", "paula", "guard") else 1 for n in NAMES}


def test_closeness_of_the_fixture_by_hand(G):
    # Oscar reaches the 6 others of his piece at a distance (1/claims) of 0.5 (Felipe, two
    # claims), 1 (Paula, the Guard), 1.5 (Cartel A) and 2.5 (Xavier, Yago): 9 in all, so
    # 6/9, scaled by the 6 of the 8 others he can reach: 1/2. Cartel B reaches Zoe only: 1/8.
    scores = closeness(G)
    assert scores[iri("oscar")] == pytest.approx(1 / 2)
    assert scores[iri("felipe")] == pytest.approx(36 / 68)  # 0.5 + 1 + 2 + 2 + 1.5 + 1.5 = 8.5
    assert scores[iri("cartel-a")] == pytest.approx(36 / 76)  # 1 + 1 + 1 + 1.5 + 2.5 + 2.5 = 9.5
    assert scores[iri("xavier")] == pytest.approx(36 / 116)  # 1 + 2 + 2 + 2.5 + 3.5 + 3.5 = 14.5
    assert scores[iri("cartel-b")] == scores[iri("zoe")] == pytest.approx(1 / 8)


def test_pagerank_reads_the_claims_as_strength(G):
    # a-b-c with three claims on a-b and one on b-c: the walker at b goes to a 3 times in 4.
    # With alpha = 0.85: b = 0.05 + 0.85 (a + c) = 0.05 + 0.85 (1 - b), so b = 18/37;
    # a = 0.05 + 0.85 * 3/4 * b = 13.325/37 and c = 0.05 + 0.85 * 1/4 * b = 5.675/37.
    path = nx.Graph()
    path.add_edge("a", "b", weight=3)
    path.add_edge("b", "c", weight=1)
    assert pagerank(path) == pytest.approx({"a": 13.325 / 37, "b": 18 / 37, "c": 5.675 / 37}, abs=1e-6)
    scores = pagerank(G)
    assert sum(scores.values()) == pytest.approx(1)
    assert scores[iri("xavier")] == pytest.approx(scores[iri("yago")])  # the same place in the network
    assert scores[iri("paula")] == pytest.approx(scores[iri("guard")])
    assert scores[iri("cartel-b")] == pytest.approx(scores[iri("zoe")])


def test_known_betweenness_and_cores(G):
    scores = betweenness(G)
    assert scores[iri("felipe")] == pytest.approx(9 / 28)
    assert scores[iri("cartel-a")] == pytest.approx(9 / 28)
    assert scores[iri("oscar")] == pytest.approx(8 / 28)
    assert {n for n, core in kcore(G).items() if core == 2} == {iri("oscar"), iri("paula"), iri("guard")}
    assert degree(G)[iri("oscar")] == pytest.approx(3 / 8)


def test_betweenness_reads_distance_not_weight():
    # a-b-d carries three claims per link, a-c-d one: the well-documented route is the short one.
    G = nx.Graph()
    for u, v, claims in [("a", "b", 3), ("b", "d", 3), ("a", "c", 1), ("c", "d", 1)]:
        G.add_edge(u, v, weight=claims, distance=1 / claims)
    scores = betweenness(G, normalized=False)
    assert scores["b"] == 1.0 and scores["c"] == 0.0
    assert closeness(G)["b"] > closeness(G)["c"]


def test_eigenvector_lives_on_the_leading_piece(G):
    scores = eigenvector(G)
    assert scores[iri("cartel-b")] == scores[iri("zoe")] == 0.0
    main = G.subgraph(nx.node_connected_component(G, iri("oscar")))
    reference = nx.eigenvector_centrality(main, weight="weight", max_iter=1000, tol=1e-9)
    for node, value in reference.items():
        assert scores[node] == pytest.approx(value, abs=1e-6)


def test_eigenvector_of_a_weighted_path_by_hand():
    # a-b-c with two claims on a-b, one on b-c: the adjacency matrix's leading eigenvalue is
    # sqrt(5), its eigenvector (2, sqrt(5), 1) / sqrt(10), of length 1.
    G = nx.Graph()
    G.add_edge("a", "b", weight=2)
    G.add_edge("b", "c", weight=1)
    assert eigenvector(G) == pytest.approx({"a": 2 / 10**0.5, "b": 0.5**0.5, "c": 1 / 10**0.5}, abs=1e-6)


def test_sampled_betweenness_is_reproducible_and_exact_when_k_covers_every_node(G):
    assert betweenness(G, k=4, seed=3) == betweenness(G, k=4, seed=3)
    assert betweenness(G, k=len(G), seed=3) == betweenness(G)
    with pytest.raises(UsageError):
        betweenness(G, k=0)


def test_networkit_agrees_with_networkx():
    pytest.importorskip("networkit", reason="networkit is in the test extra")
    G = nx.florentine_families_graph()
    for number, (u, v) in enumerate(G.edges):
        G[u][v]["distance"] = 1.0 + number % 3
    exact_nx = betweenness(G, engine="networkx")
    exact_nk = betweenness(G, engine="networkit")
    assert all(exact_nk[n] == pytest.approx(exact_nx[n], abs=1e-9) for n in G)
    sampled = betweenness(G, k=10, seed=1, engine="networkit")
    assert sampled == betweenness(G, k=10, seed=1, engine="networkit")
    assert max(sampled, key=sampled.get) == max(exact_nx, key=exact_nx.get) == "Medici"


def test_backend_is_passed_to_networkx(G):
    assert pagerank(G, backend="networkx") == pytest.approx(pagerank(G))
    with pytest.raises(UsageError, match="installed: .*networkx"):
        pagerank(G, backend="no-such-backend")


def test_measures_take_the_claim_multigraph_too(network_graph, G):
    assert pagerank(project(network_graph)) == pytest.approx(pagerank(G))


def test_brokers(G):
    assert set(articulation_points(G)) == {iri("cartel-a"), iri("felipe"), iri("oscar")}
    assert separators(G) == {iri("felipe"): 3, iri("oscar"): 2}
    assert {frozenset(b) for b in bridges(G)} >= {
        frozenset((iri("felipe"), iri("oscar"))),
        frozenset((iri("cartel-b"), iri("zoe"))),
    }
    table = broker_table(G)
    assert [row["label"] for row in table] == ["Felipe Fuentes", "Oscar Ortiz", "Cartel A"]
    assert table[2]["pieces"] == 3 and table[2]["separated_pairs"] == 0


def test_leaving_out_alleged_claims_cuts_felipe_off(network_graph):
    G = network(network_graph, exclude_statuses=["Alleged"])
    assert G[iri("oscar")][iri("felipe")]["weight"] == 1
    assert not G.has_edge(iri("felipe"), iri("cartel-a"))
    assert separators(G) == {}


def test_administrations_filter_by_period(network_graph):
    amlo = network(network_graph, period=administration("amlo"), include_undated=False)
    pena = network(network_graph, period=administration("pena-nieto"), include_undated=False)
    assert amlo[iri("oscar")][iri("felipe")]["claims"] == [iri("c-oscar-2020")]
    assert pena[iri("oscar")][iri("felipe")]["claims"] == [iri("c-oscar-2018")]
    assert amlo.has_edge(iri("oscar"), iri("paula"))  # cooperation 2019-2022
    assert not pena.has_edge(iri("oscar"), iri("paula"))
    with pytest.raises(UsageError, match="known: pena-nieto"):
        administration("fox")


@pytest.mark.parametrize(
    "options,message",
    [
        ({"classes": ["Oficial"]}, "classes='Oficial': no such class; did you mean Official?"),
        ({"statuses": ["Convicted", "Rumoured"]}, "statuses='Rumoured': no such status"),
        ({"relations": ["colludedWit"]}, "relations='colludedWit': no such relation"),
        ({"as_of": "2019/06"}, "as_of='2019/06': give a date"),
        ({"period": ("2021", "2019")}, "period='2021..2019': the start comes after the end"),
    ],
)
def test_bad_filters_name_the_python_parameter(network_graph, options, message):
    """A library error speaks of the parameter (the command line translates it to its option,
    tests/test_bad_input.py)."""
    with pytest.raises(ParameterError) as raised:
        network(network_graph, **options)
    assert str(raised.value).startswith(message)
    assert "--" not in str(raised.value)


def test_ranking_shares_ranks_and_gives_frames(G):
    rows = ranking(G, kcore(G))
    assert [row["rank"] for row in rows[:4]] == [1, 1, 1, 4]
    assert rows[0]["label"] == "Guard" and rows[0]["class"] == "Agency"
    frame = ranking(G, pagerank(G), top=3, as_frame=True)
    assert list(frame.columns) == ["rank", "iri", "label", "class", "score"] and len(frame) == 3
    assert frame["score"].is_monotonic_decreasing


def test_compare_has_a_column_per_measure(G):
    frame = compare(G)
    assert list(frame.columns) == ["iri", "label", "class", *MEASURES] and len(frame) == len(G)


def test_louvain_is_seeded_and_finds_the_pieces(G):
    first = louvain(G, seed=7)
    assert first == louvain(G, seed=7)
    assert first[iri("cartel-b")] == first[iri("zoe")]
    assert first[iri("paula")] == first[iri("guard")] == first[iri("oscar")]
    assert first[iri("cartel-b")] != first[iri("cartel-a")]
    sizes = [row["size"] for row in community_table(G, first)]
    assert sizes == sorted(sizes, reverse=True) and sum(sizes) == len(G)


def test_modularity_of_a_partition_by_hand(G):
    # Cartel A's side, the state's triangle, Cartel B's pair. The claims weigh m = 9 in all; inside
    # the groups 3, 3 and 1; the groups' weighted degrees add up to 8, 8 and 2 (of 2m = 18):
    # Q = 7/9 - ((8/18)^2 + (8/18)^2 + (2/18)^2) = 10/27.
    groups = [["xavier", "yago", "cartel-a", "felipe"], ["oscar", "paula", "guard"], ["cartel-b", "zoe"]]
    membership = {iri(name): number for number, group in enumerate(groups) for name in group}
    assert modularity(G, membership) == pytest.approx(10 / 27)
    # Counting ties, not claims: m = 8, inside 3, 3 and 1, degrees 7, 7 and 2 (of 16): Q = 7/8 -
    # 102/256 = 61/128, higher, since the tie with two claims (Felipe-Oscar) crosses two groups.
    assert modularity(G, membership, weight=None) == pytest.approx(61 / 128)


def test_label_propagation_is_seeded(G):
    membership = label_propagation(G, seed=1)
    assert membership == label_propagation(G, seed=1)
    assert membership[iri("cartel-b")] == membership[iri("zoe")] != membership[iri("paula")]


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_shows_on_a_terminal_only():
    import time

    terminal, pipe = Terminal(), io.StringIO()
    with working("betweenness", stream=terminal, delay=0, interval=0.01):
        time.sleep(0.1)
    with working("betweenness", stream=pipe, delay=0, interval=0.01):
        time.sleep(0.05)
    assert "betweenness… " in terminal.getvalue() and terminal.getvalue().endswith("\r")
    assert pipe.getvalue() == ""
    quick = Terminal()
    with working("pagerank", stream=quick, delay=5):
        pass
    assert quick.getvalue() == ""


def test_real_graph_sanity(repo_graph):
    multigraph = project(repo_graph, Filters.of(include_commentary=True))
    G = network(repo_graph, include_commentary=True)
    classes = {row["c"] for row in repo_graph.select("SELECT ?c WHERE { ?c a owl:Class }")}
    for node, attrs in G.nodes(data=True):
        assert node.startswith(CGR) and node not in classes and attrs["label"]
    pairs = repo_graph.select("""
        SELECT (COUNT(*) AS ?n) WHERE {
          ?link rdf:subject ?s ; rdf:predicate ?edge ; rdf:object ?t ; cg:supportedBy ?claim .
          ?edge cg:fromClaim ?cls ; cg:sourceRole ?sr ; cg:targetRole ?tr .
          ?claim a ?cls ; ?sr ?s ; ?tr ?t . ?s a cg:Entity ; rdfs:label ?ls . ?t a cg:Entity ; rdfs:label ?lt .
          FILTER(?sr != ?tr || STR(?s) < STR(?t))
        }""")[0]["n"]
    assert multigraph.number_of_edges() == pairs == sum(w for _, _, w in G.edges(data="weight"))
    for measure in MEASURES:
        scores = centrality(G, measure)
        assert scores.keys() == set(G) and all(math.isfinite(v) for v in scores.values())
    assert iri("sinaloa-cartel") in G
    assert set(louvain(G)) == set(G)
    # the filters the notebooks use name the status the ontology defines
    assert Filters.of(exclude_statuses=["Alleged"]).exclude_statuses == {CG.Alleged}


def test_rankings_across_status_views(network_graph):
    from cartelgraph.analytics import rankings, sizes, status_views

    views = status_views()
    frame = rankings(network_graph, views, measure="betweenness")
    felipe = frame.set_index("label").loc["Felipe Fuentes"]
    assert felipe["all claims"] == 1 and felipe["without alleged"] > 1  # cut off from Cartel A
    assert frame["convicted or confirmed"].isna().all()  # no such claim in the fixture
    table = sizes(network_graph, views).set_index("view")
    assert table.loc["all claims"].tolist() == [9, 8, 7]
    assert table.loc["without alleged", "claims"] == 5


def test_rankings_by_administration(network_graph):
    from cartelgraph.analytics import administration_views, rankings, sizes

    views = administration_views()
    assert list(views) == ["Enrique Peña Nieto", "Andrés Manuel López Obrador", "Claudia Sheinbaum"]
    frame = rankings(network_graph, views, measure="degree").set_index("label")
    assert frame.loc["Oscar Ortiz", "Andrés Manuel López Obrador"] == 1  # collusion 2020 + cooperation
    assert frame.loc["Oscar Ortiz", "Enrique Peña Nieto"] == 1  # the 2018 collusion only
    assert "Paula Paz" in frame.index and frame.loc["Paula Paz"].isna()["Enrique Peña Nieto"]
    assert sizes(network_graph, views)["claims"].tolist() == [1, 2, 0]


@pytest.mark.parametrize("module", ["output"])  # the analytics modules' examples: tests/test_doctests.py
def test_docstring_examples(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"cartelgraph.{module}"))
    assert result.failed == 0 and result.attempted > 0
