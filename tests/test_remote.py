"""Remote mode against a real Oxigraph server (the ``oxigraph`` package from PyPI): ``push``
loads the graph, then queries, entity claims and the network projection give the same answers
as the embedded store; parameters are bound with VALUES, never pasted."""

from __future__ import annotations

import httpx
import networkx as nx
import pyoxigraph as ox
import pytest
from conftest import free_port

from cartelgraph import queries
from cartelgraph.errors import CartelgraphError, QuerySyntaxError, UnsafeQueryError, UsageError
from cartelgraph.graph import open_graph
from cartelgraph.projection import Filters, project
from cartelgraph.remote import RemoteGraph, bind, with_prologue
from cartelgraph.sparql import PREFIXES

SEEDS = ["genaro-garcia-luna", "sinaloa-cartel", "salvador-cienfuegos", "ovidio-guzman", "sedena", "mexico"]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def pushed(oxigraph_server):
    """The Oxigraph server's query URL, after ``cartelgraph push`` loaded the real graph."""
    from click.testing import CliRunner
    from conftest import REPO

    from cartelgraph.cli import cli

    url = oxigraph_server.url + "/query"
    result = CliRunner().invoke(cli, ["--data", str(REPO), "push", "--endpoint", url], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"{oxigraph_server.url}/store (graph store protocol)" in result.output
    return url


@pytest.fixture(scope="module")
def remote(pushed):
    graph = RemoteGraph(pushed)
    yield graph
    graph.close()


def unordered(rows: list[dict]) -> list[tuple]:
    return sorted(tuple(sorted((k, str(v)) for k, v in row.items())) for row in rows)


def test_push_loads_what_the_embedded_store_holds(remote, repo_graph):
    assert remote.select(COUNT) == repo_graph.select(COUNT)
    assert repo_graph.select(COUNT)[0]["n"] > 0


def test_push_replaces_the_previous_copy(oxigraph_server, pushed, remote, repo_graph, cg):
    stale = httpx.post(oxigraph_server.url + "/update",
                       data={"update": "INSERT DATA { <urn:stale> <urn:p> <urn:o> }"})
    assert stale.status_code == 204
    assert remote.query("ASK { <urn:stale> ?p ?o }").boolean is True
    result = cg("push", "--endpoint", pushed)
    assert result.exit_code == 0, result.output
    assert remote.query("ASK { <urn:stale> ?p ?o }").boolean is False
    assert remote.select(COUNT) == repo_graph.select(COUNT)


@pytest.mark.parametrize("name", [n for n, q in queries.load_all().items() if not q.params])
def test_named_queries_agree(remote, repo_graph, name):
    text = queries.get(name).text
    assert unordered(remote.select(text)) == unordered(repo_graph.select(text))


@pytest.mark.parametrize("seed", SEEDS)
def test_entity_claims_agree(remote, repo_graph, seed):
    text = queries.get("entity-claims").text
    params = {"entity": ox.NamedNode(PREFIXES["cgr"] + seed)}
    embedded = repo_graph.select(text, params)
    assert unordered(remote.select(text, params)) == unordered(embedded)
    assert all(row["entity"] == PREFIXES["cgr"] + seed for row in embedded)


def test_show_through_the_cli_agrees(pushed, cg):
    args = ["query", "--name", "entity-claims", "--param", "entity=cgr:genaro-garcia-luna", "--format", "csv"]
    embedded = cg(*args)
    remote = cg("--endpoint", pushed, *args)
    assert remote.exit_code == 0, remote.output
    assert sorted(remote.output.splitlines()) == sorted(embedded.output.splitlines())
    assert len(embedded.output.splitlines()) > 1


def test_endpoint_environment_variable_selects_the_remote_graph(pushed, monkeypatch):
    monkeypatch.setenv("CARTELGRAPH_ENDPOINT", pushed)
    graph = open_graph()
    assert isinstance(graph, RemoteGraph) and graph.endpoint == pushed


@pytest.mark.parametrize("filters", [None, Filters.of(classes=["Person"]), Filters.of(relations=["Collusion"])])
def test_projection_and_centrality_agree(remote, repo_graph, filters):
    here, there = project(repo_graph, filters), project(remote, filters)
    assert dict(there.nodes(data=True)) == dict(here.nodes(data=True))
    assert sorted(there.edges(keys=True, data=True), key=repr) == sorted(here.edges(keys=True, data=True), key=repr)
    assert here.number_of_edges() > 0 or filters is not None
    undirected_here, undirected_there = nx.Graph(here), nx.Graph(there)
    assert nx.degree_centrality(undirected_there) == nx.degree_centrality(undirected_here)
    assert nx.betweenness_centrality(undirected_there) == nx.betweenness_centrality(undirected_here)


def test_serialize_formats_come_back_as_asked(remote):
    select = "SELECT ?c WHERE { ?c a cg:Cartel }"
    assert remote.serialize(select, "csv").startswith(b"c\r\n")
    assert b"<sparql" in remote.serialize(select, "xml")
    turtle = remote.serialize("DESCRIBE cgr:sinaloa-cartel", "turtle")
    assert len(list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))) > 0
    with pytest.raises(UsageError):
        remote.serialize(select, "turtle")


# --- parameters are bound, never pasted ---------------------------------------------------------

def test_bound_literal_cannot_change_the_query(remote, repo_graph):
    text = "SELECT ?x WHERE { ?x rdfs:label ?label }"
    label = repo_graph.select("SELECT ?l WHERE { cgr:sinaloa-cartel rdfs:label ?l }")[0]["l"]
    found = remote.select(text, {"label": ox.Literal(label, language="en")}) + \
        remote.select(text, {"label": ox.Literal(label)})
    assert {row["x"] for row in found} == {PREFIXES["cgr"] + "sinaloa-cartel"}
    hostile = ox.Literal('x" } } ; DROP ALL ; SELECT * WHERE { ?s ?p "')
    assert remote.select(text, {"label": hostile}) == []
    assert remote.select(COUNT) == repo_graph.select(COUNT)


@pytest.mark.parametrize("query, expected", [
    ("SELECT ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE { VALUES (?x) { (<urn:a>) }  ?x ?p ?o }"),
    ("SELECT * { ?x ?p ?o }", "SELECT * { VALUES (?x) { (<urn:a>) }  ?x ?p ?o }"),
    ("CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }",
     "CONSTRUCT { ?x ?p ?o } WHERE { VALUES (?x) { (<urn:a>) }  ?x ?p ?o }"),
    ("CONSTRUCT { ?x ?p ?o } { ?x ?p ?o }", "CONSTRUCT { ?x ?p ?o } { VALUES (?x) { (<urn:a>) }  ?x ?p ?o }"),
    ("SELECT ?x # WHERE {\nWHERE { ?x ?p '{' }", "SELECT ?x # WHERE {\nWHERE { VALUES (?x) { (<urn:a>) }  ?x ?p '{' }"),
    ("DESCRIBE ?x", "DESCRIBE ?x\n VALUES (?x) { (<urn:a>) } "),
])
def test_values_block_goes_into_the_where_group(query, expected):
    assert bind(query, {"x": ox.NamedNode("urn:a")}) == expected


def test_bind_refuses_what_values_cannot_hold():
    with pytest.raises(UsageError):
        bind("SELECT ?x {}", {"x": ox.BlankNode()})
    with pytest.raises(UsageError):
        bind("SELECT ?x {}", {"x } DROP": ox.NamedNode("urn:a")})


def test_prologue_keeps_the_users_own_prefixes_and_lines():
    text = "PREFIX cg: <urn:mine#>\nSELECT * { ?s ?p ?o }"
    sent = with_prologue(text)
    assert sent.count("PREFIX cg:") == 1 and "PREFIX cgr:" in sent
    assert sent.count("\n") == text.count("\n")


# --- errors ---------------------------------------------------------------------------------

def test_malformed_query_gets_the_servers_message(remote):
    with pytest.raises(QuerySyntaxError, match="the endpoint refused the query"):
        remote.select("SELECT ?x WHERE {\n ?x ?y")


def test_service_and_updates_are_refused_before_any_request():
    graph = RemoteGraph(f"http://127.0.0.1:{free_port()}/query")  # nothing listens there
    with pytest.raises(UnsafeQueryError, match="SERVICE"):
        graph.select("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    with pytest.raises(UnsafeQueryError):
        graph.select("DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(CartelgraphError, match="cannot reach"):
        graph.select(COUNT)


def test_unreachable_endpoint_is_one_line_for_the_cli(cg):
    result = cg("--endpoint", f"http://127.0.0.1:{free_port()}/query", "query", COUNT)
    assert result.exit_code == 1
    assert "cannot reach the endpoint" in result.output
    assert "Traceback" not in result.output


def test_endpoint_must_be_a_url():
    with pytest.raises(UsageError):
        RemoteGraph("file:///etc/passwd")


def test_remote_reads_from_cartelgraph_serve(endpoint_url, repo_graph):
    graph = RemoteGraph(endpoint_url)
    text = queries.get("entity-claims").text
    params = {"entity": ox.NamedNode(PREFIXES["cgr"] + "sinaloa-cartel")}
    assert unordered(graph.select(text, params)) == unordered(repo_graph.select(text, params))


@pytest.mark.parametrize("name", ["garcia luna", "Sinaloa", "cienfuegos"])
def test_search_and_resolve_agree(remote, repo_graph, name):
    from cartelgraph.resolve import resolve, search

    assert search(remote, name) == search(repo_graph, name)
    assert search(repo_graph, name)
    assert resolve(remote, search(repo_graph, name)[0].label) == resolve(repo_graph, search(repo_graph, name)[0].label)


def test_a_query_that_crashes_the_parser_does_not_crash_the_cli(tmp_path):
    # For a remote endpoint the check ran in the calling process, and Oxigraph's parser (asked
    # for line and column of a text rdflib cannot read) overflows its stack on a long property
    # path: a segmentation fault of the CLI, or of a notebook's kernel.
    import subprocess
    import sys
    from pathlib import Path

    path = "/".join(["<urn:p>"] * 50_000)
    query = tmp_path / "long-path.rq"
    query.write_text(f'SELECT * WHERE {{ BIND(<<( <urn:a> <urn:b> "service" )>> AS ?t) ?s {path} ?o }}')
    script = Path(sys.executable).parent / "cartelgraph"
    done = subprocess.run([str(script), "--endpoint", f"http://127.0.0.1:{free_port()}/sparql", "query", "-f",
                           str(query)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, (done.returncode, done.stderr[-500:])
    assert done.stderr.startswith("Error: ") and done.stderr.count("\n") == 1, done.stderr
