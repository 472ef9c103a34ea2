"""Remote mode against real engines: an Oxigraph server (the ``oxigraph`` package from PyPI)
and Virtuoso (Debian's ``virtuoso-opensource``, one named graph of it). ``push`` loads the
graph, then queries, entity claims and the network projection give the same answers as the
embedded store; parameters are bound by substitution, never pasted."""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox
import pytest
from conftest import REPO, Virtuoso, free_port

from cartelgraph import queries
from cartelgraph.errors import CartelgraphError, QuerySyntaxError, UnsafeQueryError, UsageError
from cartelgraph.graph import open_graph
from cartelgraph.projection import Filters, project
from cartelgraph.remote import RemoteGraph, with_prologue
from cartelgraph.sparql import PREFIXES
from cartelgraph.substitute import bind, substitute

SEEDS = ["genaro-garcia-luna", "sinaloa-cartel", "salvador-cienfuegos", "ovidio-guzman", "sedena", "mexico"]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def pushed(oxigraph_server):
    """The Oxigraph server's query URL, after ``cartelgraph push`` loaded the real graph."""
    from click.testing import CliRunner

    from cartelgraph.cli import cli

    url = oxigraph_server.url + "/query"
    result = CliRunner().invoke(cli, ["--data", str(REPO), "push", "--endpoint", url], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"{oxigraph_server.url}/store (graph store protocol)" in result.output
    return url


@pytest.fixture(scope="module")
def virtuoso_pushed(virtuoso, virtuoso_pushed_output):
    """Virtuoso's query URL, after ``cartelgraph push --graph`` loaded the real graph into
    :attr:`Virtuoso.GRAPH` with the documented user's credentials (from the environment)."""
    assert f"{virtuoso.server.url}/sparql-graph-crud-auth (graph store protocol)" in virtuoso_pushed_output
    return virtuoso.url


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def remote(request):
    """The pushed graph on each engine, as a RemoteGraph."""
    if request.param == "oxigraph":
        graph = RemoteGraph(request.getfixturevalue("pushed"))
    else:
        graph = RemoteGraph(request.getfixturevalue("virtuoso_pushed"), graph=Virtuoso.GRAPH)
    yield graph
    graph.close()


def unordered(rows: list[dict]) -> list[tuple]:
    return sorted(tuple(sorted((k, str(v)) for k, v in row.items())) for row in rows)


def test_push_loads_what_the_embedded_store_holds(remote, repo_graph):
    assert remote.select(COUNT) == repo_graph.select(COUNT)
    assert repo_graph.select(COUNT)[0]["n"] > 0


# A value for each parameter of the named queries, one that selects some rows.
EXAMPLES = {
    "person": ox.NamedNode(PREFIXES["cgr"] + "ovidio-guzman"),
    "entity": ox.NamedNode(PREFIXES["cgr"] + "genaro-garcia-luna"),
    "actor": ox.NamedNode(PREFIXES["cgr"] + "genaro-garcia-luna"),
    "measure": ox.Literal("homicide rate"),
    "instrument": ox.NamedNode(PREFIXES["cgr"] + "national-guard-decree-2019"),
    # edge-claims: the convicted collusion, whose direct edge holds
    "source": ox.NamedNode(PREFIXES["cgr"] + "genaro-garcia-luna"),
    "relation": ox.NamedNode(PREFIXES["cg"] + "colludedWith"),
    "target": ox.NamedNode(PREFIXES["cgr"] + "sinaloa-cartel"),
}
# Where the shared example gives no row for a query (García Luna is no claim's subject, place…).
EXAMPLE_FOR = {("context-links", "entity"): ox.NamedNode(PREFIXES["cgr"] + "salvador-cienfuegos")}
NAMED = [(name, None) for name in queries.load_all()] + [
    (name, param) for name, query in queries.load_all().items() for param in query.params
]


@pytest.mark.parametrize(("name", "param"), NAMED, ids=[f"{n}-{p}" if p else n for n, p in NAMED])
def test_named_queries_agree_row_for_row(remote, repo_graph, name, param):
    """Every named query, alone and with each parameter bound: the same rows in the same
    order (each query orders its rows), with no duplicate an engine would add."""
    text = queries.get(name).text
    params = {param: EXAMPLE_FOR.get((name, param), EXAMPLES[param])} if param else None
    embedded = repo_graph.select(text, params)
    assert len(embedded) > 0
    assert remote.select(text, params) == embedded


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
    assert here.number_of_edges() > 0  # each view has links to compare
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
    found = remote.select(text, {"label": ox.Literal(label, language="en")}) + remote.select(
        text, {"label": ox.Literal(label)}
    )
    assert {row["x"] for row in found} == {PREFIXES["cgr"] + "sinaloa-cartel"}
    hostile = ox.Literal('x" } } ; DROP ALL ; SELECT * WHERE { ?s ?p "')
    assert remote.select(text, {"label": hostile}) == []
    assert remote.select(COUNT) == repo_graph.select(COUNT)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("SELECT ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE { VALUES (?x) { (<urn:a>) }  ?x ?p ?o }"),
        ("SELECT * { ?x ?p ?o }", "SELECT * { VALUES (?x) { (<urn:a>) }  ?x ?p ?o }"),
        (
            "CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }",
            "CONSTRUCT { ?x ?p ?o } WHERE { VALUES (?x) { (<urn:a>) }  ?x ?p ?o }",
        ),
        ("CONSTRUCT { ?x ?p ?o } { ?x ?p ?o }", "CONSTRUCT { ?x ?p ?o } { VALUES (?x) { (<urn:a>) }  ?x ?p ?o }"),
        (
            "SELECT ?x # WHERE {\nWHERE { ?x ?p '{' }",
            "SELECT ?x # WHERE {\nWHERE { VALUES (?x) { (<urn:a>) }  ?x ?p '{' }",
        ),
        ("DESCRIBE ?x", "DESCRIBE ?x\n VALUES (?x) { (<urn:a>) } "),
    ],
)
def test_values_block_goes_into_the_where_group(query, expected):
    """bind(): the embedded store's planner hint."""
    assert bind(query, {"x": ox.NamedNode("urn:a")}) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        # In the pattern: the value; where the variable must stay one (SELECT, GROUP/ORDER BY), a BIND.
        ("SELECT ?y WHERE { ?x ?p ?y }", "SELECT ?y WHERE { <urn:a> ?p ?y }"),
        ("SELECT ?x ?y WHERE { ?x ?p ?y }", "SELECT ?x ?y WHERE { <urn:a> ?p ?y  BIND(<urn:a> AS ?x) }"),
        ("SELECT * { ?x ?p $x }", "SELECT * { <urn:a> ?p <urn:a>  BIND(<urn:a> AS ?x) }"),
        (
            "SELECT (COUNT(*) AS ?n) ?x { { ?x ?p ?o } UNION { ?s ?p ?o } } GROUP BY ?x",
            "SELECT (COUNT(*) AS ?n) ?x { { <urn:a> ?p ?o } UNION { ?s ?p ?o }  BIND(<urn:a> AS ?x) } GROUP BY ?x",
        ),
        (
            "SELECT ?o WHERE { ?x ?p ?o } ORDER BY ?x",
            "SELECT ?o WHERE { <urn:a> ?p ?o  BIND(<urn:a> AS ?x) } ORDER BY ?x",
        ),
        ("SELECT ?s { ?s ?p ?o FILTER(?o = ?x) }", "SELECT ?s { ?s ?p ?o FILTER(?o = <urn:a>) }"),
        ("CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }", "CONSTRUCT { <urn:a> ?p ?o } WHERE { <urn:a> ?p ?o }"),
        ("DESCRIBE ?x", "DESCRIBE <urn:a>"),
        ("ASK { ?x ?p '?x' } # ?x", "ASK { <urn:a> ?p '?x' } # ?x"),
        ("SELECT ?s { ?s ?p ?o { SELECT * { ?x ?q ?o } } }", "SELECT ?s { ?s ?p ?o { SELECT * { <urn:a> ?q ?o } } }"),
        ("SELECT ?xy { ?xy ?p ?o }", "SELECT ?xy { ?xy ?p ?o }"),
    ],
)
def test_substitution_puts_the_value_where_the_variable_was(query, expected):
    assert substitute(query, {"x": ox.NamedNode("urn:a")}) == expected


def library_queries_with_parameters() -> list[tuple[str, str, dict]]:
    """Queries the library sends with bound parameters: each named query with each parameter,
    and each of the library's own files that takes parameters (filled and limited as the
    library sends them, see test_sparql_files.CASES)."""
    from test_sparql_files import CASES, prepared

    found = [
        (f"{name}-{param}", query.text, {param: EXAMPLES[param]})
        for name, query in queries.load_all().items()
        for param in query.params
    ]
    return found + [(name, prepared(name), case.params) for name, case in CASES.items() if case.params]


@pytest.mark.parametrize(
    ("name", "text", "params"),
    library_queries_with_parameters(),
    ids=[case[0] for case in library_queries_with_parameters()],
)
def test_substituted_queries_are_standard_sparql(name, text, params):
    """What a remote endpoint gets parses with rdflib's SPARQL 1.1 grammar too (a third
    parser, as strict as Jena's), and holds the values, not the variables."""
    from rdflib.plugins.sparql import prepareQuery

    sent = with_prologue(substitute(text, params))
    prepareQuery(sent)
    for value in params.values():
        assert str(value) in sent


def test_substitution_writes_the_terms_own_form():
    hostile = ox.Literal('x" } ; DROP ALL ; SELECT * { "', language="en")
    assert substitute("SELECT ?s { ?s ?p ?v }", {"v": hostile}) == f"SELECT ?s {{ ?s ?p {hostile} }}"
    assert str(hostile).startswith('"x\\" } ;')


@pytest.mark.parametrize(
    "query, message",
    [
        ("SELECT ?y { BIND(1 AS ?x) ?y ?p ?o }", "the query assigns ?x itself (AS ?x)"),
        ("SELECT ?y { VALUES ?x { 1 } ?y ?p ?x }", "the query assigns ?x itself (VALUES ?x)"),
        ("SELECT ?y { ?y ?p ?o { SELECT ?x { ?x ?p ?o } } }", "a subquery projects ?x"),
    ],
)
def test_substitution_refuses_what_it_cannot_express(query, message):
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        substitute(query, {"x": ox.NamedNode("urn:a")})


def test_bind_refuses_what_values_cannot_hold():
    with pytest.raises(UsageError):
        bind("SELECT ?x {}", {"x": ox.BlankNode()})
    with pytest.raises(UsageError):
        bind("SELECT ?x {}", {"x } DROP": ox.NamedNode("urn:a")})
    with pytest.raises(UsageError):
        substitute("SELECT ?x {}", {"x": ox.BlankNode()})


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


def test_a_named_graph_is_read_through_default_graph_uri(virtuoso_pushed, repo_graph):
    """Virtuoso's endpoint reads the union of its graphs (its own system graphs too) unless told
    which one: with ``graph`` the count is the pushed graph's."""
    union = RemoteGraph(virtuoso_pushed)
    assert union.select(COUNT)[0]["n"] > repo_graph.select(COUNT)[0]["n"]
    assert RemoteGraph(virtuoso_pushed, graph=Virtuoso.GRAPH).select(COUNT) == repo_graph.select(COUNT)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--graph", "urn:x", "stats"],
            "Error: --graph urn:x: names a graph of a SPARQL endpoint; give --endpoint URL",
        ),
        (
            ["--endpoint", "http://127.0.0.1:9/sparql", "--graph", "not an iri", "stats"],
            "Error: --graph 'not an iri': not an absolute IRI (Invalid IRI code point ' ')",
        ),
        (
            ["push", "--endpoint", "http://127.0.0.1:9/sparql", "--graph", "relative"],
            "Error: --graph 'relative': not an absolute IRI (No scheme found in an absolute IRI)",
        ),
    ],
)
def test_graph_option_errors_are_one_line(cg, args, message):
    result = cg(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == message


def test_a_server_that_never_asks_never_has_the_netrc_file_read(pushed, repo_graph, cg, tmp_path, monkeypatch):
    (tmp_path / ".netrc").write_text("machine 127.0.0.1 login a password b\nbogus entry\n")
    monkeypatch.setenv("HOME", str(tmp_path))
    result = cg("--endpoint", pushed, "query", COUNT, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["n", str(repo_graph.select(COUNT)[0]["n"])]


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
    done = subprocess.run(
        [str(script), "--endpoint", f"http://127.0.0.1:{free_port()}/sparql", "query", "-f", str(query)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, (done.returncode, done.stderr[-500:])
    assert done.stderr.startswith("Error: ") and done.stderr.count("\n") == 1, done.stderr


def test_a_hostile_servers_escape_sequences_are_shown_not_run(pushed, cg):
    """A remote endpoint's answer is data: an escape sequence (which would recolour or retitle
    the terminal) or a bidirectional override (which would reorder what is read) in a label is
    printed as <U+XXXX> in the table, never sent to the terminal."""
    import httpx

    update = pushed.rsplit("/", 1)[0] + "/update"
    label = "Cartel \x1b]0;owned\x07 \x1b[31mred\u202eesrever"
    text = 'INSERT DATA { GRAPH <urn:hostile> { <urn:x> <http://www.w3.org/2000/01/rdf-schema#label> "%s" } }'
    escaped = label.encode("unicode_escape").decode("ascii").replace("\\x", "\\u00")
    assert httpx.post(update, data={"update": text % escaped}).status_code in (200, 204)
    try:
        result = cg(
            "--endpoint", pushed, "query", "SELECT ?label WHERE { GRAPH <urn:hostile> { ?s rdfs:label ?label } }"
        )
        assert result.exit_code == 0, result.output
        assert "<U+001B>]0;owned<U+0007>" in result.output and "<U+001B>[31mred<U+202E>esrever" in result.output
        assert not any(c in result.output for c in "\x1b\x07\u202e")
    finally:
        httpx.post(update, data={"update": "DROP SILENT GRAPH <urn:hostile>"})
