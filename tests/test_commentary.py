"""Commentary is not a tie (issue 14): commentary relations are declared in the ontology, marked
by the projection and left out by default of rankings, communities, brokers, paths, pages and
exports; every analytics command, path and viz take one shared set of filter options."""

from __future__ import annotations

import json

import pytest
from conftest import REPO

from cartelgraph.projection import Filters, project

CGR = "https://w3id.org/cartelgraph/id/"
CG = "https://w3id.org/cartelgraph/ontology#"
COMMENTARY = {CG + "spokeAbout", CG + "recommendedTo", CG + "denied"}
ELEMENTA = CGR + "elementa-ddhh"


def test_the_ontology_declares_the_commentary_relations(repo_graph):
    rows = repo_graph.select("SELECT ?edge WHERE { ?edge a cg:CommentaryEdge }")
    assert {row["edge"] for row in rows} == COMMENTARY


def test_the_projection_marks_commentary_and_leaves_it_out_by_default(repo_graph):
    everything = project(repo_graph, Filters.of(include_commentary=True))
    marked = {attrs["relation"] for _, _, attrs in everything.edges(data=True) if attrs["commentary"]}
    assert marked == COMMENTARY
    assert all(attrs["commentary"] == (attrs["relation"] in COMMENTARY) for _, _, attrs in everything.edges(data=True))
    default = project(repo_graph)
    assert not [attrs for _, _, attrs in default.edges(data=True) if attrs["commentary"]]
    assert default.number_of_edges() == sum(1 for _, _, a in everything.edges(data=True) if not a["commentary"])
    # naming a commentary relation keeps it, as asked
    asked = project(repo_graph, Filters.of(relations=["spokeAbout"]))
    assert asked.number_of_edges() > 0
    assert {attrs["relation"] for _, _, attrs in asked.edges(data=True)} == {CG + "spokeAbout"}


def test_the_shared_filter_options_are_on_every_network_command():
    from cartelgraph.cli import cli

    names = {
        "types",
        "relations",
        "exclude_relations",
        "statuses",
        "exclude_statuses",
        "as_of",
        "period",
        "administration",
        "dated_only",
        "include_commentary",
    }
    for command in ["centrality", "communities", "brokers", "export", "path", "viz"]:
        params = {param.name for param in cli.get_command(None, command).params}
        assert names <= params, (command, names - params)


def _json(cg, *args):
    result = cg(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_default_ranking_is_not_led_by_the_reports_author(cg):
    for measure in ["pagerank", "betweenness", "degree"]:
        top = _json(cg, "centrality", "--measure", measure, "--top", "3")["results"]
        assert ELEMENTA not in {row["iri"] for row in top}, measure
    assert _json(cg, "centrality", "--include-commentary", "--top", "1")["results"][0]["iri"] == ELEMENTA


def _community_of(answer, iri):
    return next(c for c in answer["results"] if iri in {m["iri"] for m in c["members"]})


def test_communities_and_brokers_leave_commentary_out(cg):
    """The report's author is tied to the rest mostly by what it said: its community is much
    smaller without commentary than with it."""
    default = _community_of(_json(cg, "communities"), ELEMENTA)
    assert default["size"] < _community_of(_json(cg, "communities", "--include-commentary"), ELEMENTA)["size"]
    brokers = {row["iri"] for row in _json(cg, "brokers")["results"]}
    assert ELEMENTA not in brokers
    assert ELEMENTA in {row["iri"] for row in _json(cg, "brokers", "--include-commentary")["results"]}


def test_path_does_not_pass_through_the_reports_author(cg):
    answer = _json(cg, "path", "García Luna", "Sinaloa Cartel", "--max-hops", "6")
    assert answer["paths"]
    for path in answer["paths"]:
        assert ELEMENTA not in [node["entity"] for node in path["nodes"]]
        assert not [c for step in path["steps"] for c in step["claims"] if c["edge"] == "spoke about"]


def test_path_uses_commentary_only_when_asked(cg):
    """Elementa DDHH is linked to the rest of the graph by what it said only."""
    default = _json(cg, "path", "Elementa DDHH", "Salvador Cienfuegos", "--max-hops", "3")
    asked = _json(cg, "path", "Elementa DDHH", "Salvador Cienfuegos", "--max-hops", "3", "--include-commentary")
    assert asked["shortest"] == 1
    assert default["shortest"] != 1
    edges = [c["edge"] for path in default["paths"] for step in path["steps"] for c in step["claims"]]
    assert "spoke about" not in edges


@pytest.mark.parametrize(
    "options",
    [
        ["--administration", "amlo", "--dated-only"],
        ["--period", "2019..2021"],
        ["--exclude-relation", "cooperatedWith"],
    ],
)
def test_path_and_viz_take_the_time_and_relation_filters(cg, tmp_path, options):
    answer = _json(cg, "path", "Salvador Cienfuegos", "United States", *options)
    for path in answer["paths"]:
        for step in path["steps"]:
            for claim in step["claims"]:
                assert claim["edge"] != "cooperated with"
                if "--dated-only" in options:
                    assert claim["when"]
    page = tmp_path / "page.html"
    result = cg("viz", "-o", str(page), *options)
    assert result.exit_code == 0, result.output
    assert page.is_file()


def test_viz_leaves_commentary_out_unless_asked(repo_graph):
    from cartelgraph.viz import page_data

    relations = {edge["relation"] for edge in page_data(repo_graph)["edges"]}
    assert not relations & COMMENTARY
    relations = {edge["relation"] for edge in page_data(repo_graph, include_commentary=True)["edges"]}
    assert CG + "spokeAbout" in relations


def test_export_leaves_commentary_out_unless_asked(cg, tmp_path):
    import networkx as nx

    for options, expected in [([], False), (["--include-commentary"], True)]:
        out = tmp_path / f"network{len(options)}.graphml"
        result = cg("export", "-o", str(out), *options)
        assert result.exit_code == 0, result.output
        G = nx.read_graphml(out)
        has = any(data.get("relation") == CG + "spokeAbout" for _, _, data in G.edges(data=True))
        assert has is expected


def test_notebooks_use_the_default_that_leaves_commentary_out():
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        assert "include_commentary=True" not in path.read_text(encoding="utf-8"), path.name
