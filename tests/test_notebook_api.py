"""The notebook API: names wherever a node is expected, the top-level ``cartelgraph`` namespace,
evidence from a network's links, one keyword for DataFrames, and the old names still working.

Most cases run on tests/fixtures/investigate.ttl, whose claims and aliases are known: Ana Álvarez
('La Jefa') colluded (alleged) with the Cártel del Norte ('CDN'), which Carlos Chapa ('El Chapa')
leads; 'Ramírez' is the alias of two people.
"""

from __future__ import annotations

import subprocess
import sys
import warnings

import networkx as nx
import pandas as pd
import pytest

import cartelgraph as cg
from cartelgraph.analytics import Path, network, node_key
from cartelgraph.analytics.nodes import NotInNetworkError
from cartelgraph.errors import UnknownNameError
from cartelgraph.investigate import contested, evidence, figures, find_paths, timeline
from cartelgraph.investigate.evidence import FIELDS, NoLinkError
from cartelgraph.resolve import AmbiguousNameError

CGR = "https://w3id.org/cartelgraph/id/"


@pytest.fixture(scope="module")
def G(investigate_graph):
    return network(investigate_graph)


def test_nodes_are_iris_with_label_class_and_iri(G):
    for key, attrs in G.nodes(data=True):
        assert attrs["iri"] == key and attrs["label"]
        assert attrs["class"] == attrs["cls"].rsplit("#", 1)[-1]
    assert G.nodes[CGR + "inv-ana"]["class"] == "Official"


@pytest.mark.parametrize(
    "name", ["Ana Álvarez", "ana alvarez", "La Jefa", "cgr:inv-ana", CGR + "inv-ana", f"<{CGR}inv-ana>"]
)
def test_a_label_alias_or_iri_finds_the_node(G, name):
    assert node_key(G, name) == CGR + "inv-ana"
    assert cg.node(G, name) is G.nodes[CGR + "inv-ana"]


def test_an_ambiguous_name_is_a_lookup_error_listing_the_candidates(G):
    with pytest.raises(LookupError) as raised:
        cg.node(G, "Ramírez")
    assert isinstance(raised.value, AmbiguousNameError)
    assert "Rosa Ramírez" in str(raised.value) and "Raúl Ramírez" in str(raised.value)


def test_an_unknown_name_is_a_lookup_error_with_close_names(G):
    with pytest.raises(UnknownNameError, match="did you mean: Ana Álvarez"):
        cg.node(G, "Ana Alvares")


def test_an_entity_the_filters_left_out_is_said_so(investigate_graph):
    officials = network(investigate_graph, classes=["Official"])
    with pytest.raises(
        NotInNetworkError,
        match=r"'El Chapa' is cgr:inv-chapa, which this network leaves out "
        r"\(its filters: classes Official\)",
    ):
        cg.node(officials, "El Chapa")


def test_a_plain_networkx_graph_takes_node_keys_only():
    G = nx.Graph([("a", "b")])
    assert cg.node(G, "a") == {}
    with pytest.raises(UnknownNameError, match="no node 'A'"):
        cg.node(G, "A")


def test_paths_by_name_are_the_shortest_chains_best_documented_first(G):
    found = cg.paths(G, "La Jefa", "El Chapa")
    assert found == [[CGR + "inv-ana", CGR + "inv-norte", CGR + "inv-chapa"]]
    (path,) = found
    assert isinstance(path, Path) and path.hops == 2
    assert repr(path) == "<Path of 2 hops: Ana Álvarez — Cártel del Norte — Carlos Chapa>"
    assert nx.is_path(G, path)


def test_paths_with_ties_put_the_best_documented_chain_first(investigate_graph):
    G = network(investigate_graph)
    ties = cg.paths(G, "CDN", "Beto Bravo", limit=None)
    assert [p.labels for p in ties] == [
        ["Cártel del Norte", "Carlos Chapa", "Beto Bravo"],
        ["Cártel del Norte", "Cártel del Sur", "Beto Bravo"],
    ]
    # Chapa's link to the cartel stands on two claims (leadership, membership): shorter in distance.
    assert G[CGR + "inv-chapa"][CGR + "inv-norte"]["weight"] == 2


def test_paths_as_a_frame_has_one_row_per_hop(G):
    frame = cg.paths(G, "Ana Álvarez", "Carlos Chapa", as_frame=True)
    assert frame.columns.tolist() == ["path", "hop", "from_label", "to_label", "relations", "claims", "from", "to"]
    assert frame[["hop", "from_label", "to_label", "claims"]].values.tolist() == [
        [1, "Ana Álvarez", "Cártel del Norte", 1],
        [2, "Cártel del Norte", "Carlos Chapa", 2],
    ]


def test_no_chain_is_an_empty_answer(G):
    assert cg.paths(G, "Ana Álvarez", "Sola Soledad") == []
    assert cg.paths(G, "Ana Álvarez", "Sola Soledad", as_frame=True).empty


def test_evidence_of_one_link_gives_each_claim_with_status_date_source_and_quote(G):
    rows = evidence(G, "El Chapa", "CDN")
    assert isinstance(rows, pd.DataFrame) and rows.columns.tolist() == FIELDS
    assert rows[["kind", "relation", "status", "when", "quote"]].values.tolist() == [
        ["claim", "leadership", "reported", "2015", "Carlos Chapa has led the Cártel del Norte since 2015."],
        ["claim", "membership", "reported", "", "Chapa is a member of the Cártel del Norte."],
    ]
    # (the figure of the cartel's members names the cartel, not Chapa: it is not behind this link)
    assert set(rows["from_label"]) == {"Carlos Chapa"} and set(rows["to_label"]) == {"Cártel del Norte"}
    assert rows["source_title"].tolist() == ["Observatorio report", "Norte news story"]


def test_evidence_of_a_claim_quoted_twice_gives_a_row_per_quote_with_its_cited_document(G):
    rows = evidence(G, "Fiscalía Federal", "Beto Bravo", as_frame=False)
    charged = [row for row in rows if row["relation"] == "investigation"]
    assert [(row["quote"], row["source_title"], row["cited"]) for row in charged] == [
        ("In 2020 the Fiscalía Federal charged Beto Bravo.", "Observatorio report", "Transparency response 330024"),
        ("Federal prosecutors filed charges against Bravo.", "Norte news story", None),
    ]
    assert {row["status"] for row in charged} == {"charged"}


def test_evidence_of_a_node_covers_its_links_and_the_figures_naming_it(G):
    rows = evidence(G, "Cártel del Norte")
    claims = rows[rows["kind"] == "claim"]
    assert sorted(set(claims["to_label"])) == ["Ana Álvarez", "Carlos Chapa", "Cártel del Sur"]
    figures = rows[rows["kind"] == "figure"]
    assert figures["relation"].tolist() == ["members of the Cártel del Norte"]
    assert figures["participants"].tolist() == ["more than 3,000 people · Mexico · by Observatorio Cívico"]


def test_evidence_of_a_path_follows_its_hops_in_order(G):
    (path,) = cg.paths(G, "La Jefa", "El Chapa")
    rows = evidence(G, path)
    assert rows[["from_label", "to_label", "relation"]].drop_duplicates().values.tolist() == [
        ["Ana Álvarez", "Cártel del Norte", "collusion"],
        ["Cártel del Norte", "Carlos Chapa", "leadership"],
        ["Cártel del Norte", "Carlos Chapa", "membership"],
    ]
    assert rows["status"].tolist()[0] == "alleged"  # an allegation stays one
    assert evidence(G, ["Ana Álvarez", "CDN", "El Chapa"]).equals(rows)  # a list of names is a path too


def test_evidence_of_a_group_covers_the_links_inside_it(G):
    rows = evidence(G, {"Cártel del Norte", "Cártel del Sur", "Beto Bravo"})
    pairs = {tuple(sorted(pair)) for pair in rows[["from_label", "to_label"]].values.tolist()}
    assert pairs == {("Beto Bravo", "Cártel del Sur"), ("Cártel del Norte", "Cártel del Sur")}


def test_evidence_of_a_community_is_asked_with_a_set(G):
    membership = cg.communities(G)
    with pytest.raises(TypeError, match="a group \\(a set\\), not a dict"):
        evidence(G, membership)
    first = {node for node, number in membership.items() if number == 0}
    rows = evidence(G, first)
    assert len(rows) >= len(first) - 1  # a connected group has at least that many links, each with claims
    assert set(rows["from"]) | set(rows["to"].dropna()) <= first


def test_evidence_of_two_unlinked_nodes_says_where_to_look(G):
    with pytest.raises(NoLinkError, match="no link between 'Ana Álvarez' and 'Carlos Chapa'.*paths"):
        evidence(G, "Ana Álvarez", "Carlos Chapa")
    assert issubclass(NoLinkError, LookupError)


def test_evidence_needs_the_knowledge_graph_behind_a_plain_graph(investigate_graph, G):
    copy = nx.Graph(G)
    copy.graph.clear()
    with pytest.raises(ValueError, match="not made by cartelgraph.network"):
        evidence(copy, CGR + "inv-ana", CGR + "inv-norte")
    given = evidence(copy, CGR + "inv-ana", CGR + "inv-norte", graph=investigate_graph)
    assert given.equals(evidence(G, "Ana Álvarez", "CDN"))


def test_investigate_functions_take_the_network_for_its_knowledge_graph(investigate_graph, G):
    assert cg.search(G, "la jefa") == cg.search(investigate_graph, "la jefa")


def test_a_name_that_may_mean_another_entity_warns(repo_graph):
    G = network(repo_graph)
    with pytest.warns(UserWarning, match="'Sinaloa' is taken as Sinaloa .State.*may also mean Sinaloa Cartel"):
        key = node_key(G, "Sinaloa")
    assert key == CGR + "sinaloa"


def test_ranking_takes_a_measure_by_name(G):
    by_name = cg.ranking(G, "degree", top=2)
    assert [row["label"] for row in by_name] == ["Beto Bravo", "Cártel del Norte"]
    assert list(by_name[0]) == ["rank", "iri", "label", "class", "degree"]
    assert by_name == cg.ranking(G, cg.analytics.degree(G), top=2, column="degree")


def test_importing_cartelgraph_imports_no_library_the_cli_does_not_need():
    code = (
        "import sys, cartelgraph; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('networkx', 'pandas', 'pyoxigraph') "
        "or m.startswith(('cartelgraph.analytics', 'cartelgraph.investigate', 'cartelgraph.viz'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stdout + done.stderr


def test_the_namespace_gives_the_entry_points():
    import cartelgraph.viz

    assert cg.show is cartelgraph.viz.show and cg.page is cartelgraph.viz.network_page
    assert cg.evidence is evidence and cg.network is network
    assert (
        {"open_graph", "network", "search", "show", "paths", "evidence", "ranking", "communities", "page", "node"}
        <= set(cg.__all__)
        <= set(dir(cg))
    )
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        cg.nothing  # noqa: B018


def test_old_keywords_and_names_work_for_one_more_release_and_warn(investigate_graph, G):
    from cartelgraph.analytics import community_table, summary
    from cartelgraph.investigate import search_entities

    with pytest.warns(DeprecationWarning, match=r"timeline\(frame=…\) is deprecated; write as_frame=…"):
        old = timeline(investigate_graph, "Beto Bravo", frame=True)
    assert old.equals(timeline(investigate_graph, "Beto Bravo", as_frame=True))
    with pytest.warns(DeprecationWarning, match=r"search_entities\(\) is deprecated; call search\(\)"):
        assert search_entities(investigate_graph, "la jefa") == cg.search(investigate_graph, "la jefa")
    membership = cg.communities(G)
    with pytest.warns(DeprecationWarning, match="summary"):
        assert summary(G, membership) == community_table(G, membership)
    scores = cg.analytics.pagerank(G)
    with pytest.warns(DeprecationWarning, match=r"ranking\(scores, G\) is deprecated"):
        assert cg.ranking(scores, G) == cg.ranking(G, scores)
    with pytest.raises(TypeError, match="both frame= and as_frame="):
        timeline(investigate_graph, frame=True, as_frame=True)


def test_the_new_names_do_not_warn(investigate_graph, G):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cg.search(investigate_graph, "la jefa", as_frame=True)
        cg.ranking(G, "pagerank", top=3, as_frame=True)
        cg.evidence(G, "La Jefa", "CDN")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda g: timeline(g, start="2019-13"), "start='2019-13': no such date"),
        (lambda g: figures(g, end="yesterday"), "end='yesterday': give a date as YYYY, YYYY-MM or YYYY-MM-DD"),
        (lambda g: timeline(g, start="2021", end="2019"), "end='2019': comes before the start, 2021"),
        (lambda g: contested(g, limit=-1), "limit=-1: give a whole number, 0 or more (None: all)"),
        (lambda g: cg.search(g, "jefa", limit=0), "limit=0: give a whole number, 1 or more (None: all)"),
        (lambda g: find_paths(g, "Ana Álvarez", "CDN", max_hops=0), "max_hops=0: must be at least 1"),
    ],
)
def test_a_bad_value_names_the_python_parameter(investigate_graph, call, message):
    """A typo in a date or a count is an error naming the parameter, never a quietly different answer."""
    from cartelgraph.errors import ParameterError

    with pytest.raises(ParameterError) as raised:
        call(investigate_graph)
    assert str(raised.value) == message
