import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from rdflib.plugins.sparql.results.csvresults import CSVResultParser
from rdflib.plugins.sparql.results.jsonresults import JSONResultParser
from rdflib.plugins.sparql.results.tsvresults import TSVResultParser
from rdflib.plugins.sparql.results.xmlresults import XMLResultParser

QUERY = """SELECT ?claim ?status ?date WHERE {
  ?claim a cg:Claim ; cg:status ?status . OPTIONAL { ?claim cg:date ?date }
} ORDER BY ?claim"""


def _rows(result):
    return sorted(tuple(str(row[v]) if row[v] is not None else None for v in result.vars) for row in result)


def test_result_formats_agree_when_parsed_back_independently(cg):
    outputs = {fmt: cg("query", QUERY, "--format", fmt) for fmt in ("json", "xml", "csv", "tsv")}
    for result in outputs.values():
        assert result.exit_code == 0, result.output
    parsed = {
        "json": JSONResultParser().parse(io.StringIO(outputs["json"].output)),
        "xml": XMLResultParser().parse(io.BytesIO(outputs["xml"].output.encode())),
        "csv": CSVResultParser().parse(io.StringIO(outputs["csv"].output)),
        "tsv": TSVResultParser().parse(io.StringIO(outputs["tsv"].output)),
    }
    reference = _rows(parsed["json"])
    assert len(reference) >= 5
    assert _rows(parsed["xml"]) == reference
    assert _rows(parsed["tsv"]) == reference
    # CSV carries no datatypes or term kinds: compare lexical values only.
    assert _rows(parsed["csv"]) == reference
    body = json.loads(outputs["json"].output)
    assert body["head"]["vars"] == ["claim", "status", "date"]


def test_ask_and_construct(cg):
    assert json.loads(cg("query", "ASK { ?x a cg:Cartel }", "--format", "json").output)["boolean"] is True
    result = cg("query", "CONSTRUCT { ?x a cg:Cartel } WHERE { ?x a cg:Cartel }", "--format", "nt")
    assert "<https://w3id.org/cartelgraph/ontology#Cartel>" in result.output
    from rdflib import Graph

    turtle = cg("query", "CONSTRUCT { ?x rdfs:label ?l } WHERE { ?x a cg:Cartel ; rdfs:label ?l }").output
    assert len(Graph().parse(data=turtle, format="turtle")) >= 2
    construct = "CONSTRUCT { ?x rdfs:label ?l } WHERE { ?x a cg:Cartel ; rdfs:label ?l }"
    jsonld = cg("query", construct, "--format", "jsonld").output
    assert len(Graph().parse(data=jsonld, format="json-ld")) >= 2


def test_table_is_the_default(cg):
    result = cg("query", "SELECT ?label WHERE { cgr:genaro-garcia-luna rdfs:label ?label }")
    assert result.exit_code == 0
    assert "García Luna" in result.output and "(1 row)" in result.output


def test_param_is_bound_not_pasted(cg):
    query = "SELECT ?x ?label WHERE { ?x rdfs:label ?label }"
    result = cg("query", query, "--param", "x=cgr:genaro-garcia-luna", "--format", "csv")
    assert result.output.splitlines() == [
        "x,label",
        "https://w3id.org/cartelgraph/id/genaro-garcia-luna,Genaro García Luna",
    ]
    unprojected = cg("query", "SELECT ?label WHERE { ?x rdfs:label ?label }", "--param", "x=cgr:a")
    assert unprojected.exit_code == 2 and "SELECT clause" in unprojected.output
    hostile = cg(
        "query",
        "SELECT ?x ?name WHERE { ?x rdfs:label ?name }",
        "--param",
        'name=" } SERVICE <http://127.0.0.1:1/> { ',
        "--format",
        "csv",
    )
    assert hostile.exit_code == 0 and hostile.output.splitlines() == ["x,name"]


def test_query_from_file_stdin_and_name(cg, tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?x a cg:Cartel }")
    from_file = cg("query", "-f", str(path), "--format", "csv").output
    from_stdin = cg("query", "-f", "-", "--format", "csv", input=path.read_text()).output
    assert from_file == from_stdin and from_file.startswith("n")
    named = cg("query", "--name", "officials-linked-to-cartels", "--format", "json")
    assert named.exit_code == 0 and json.loads(named.output)["results"]["bindings"]


def test_output_file_guesses_format_from_extension(cg, tmp_path):
    target = tmp_path / "out.json"
    result = cg("query", "SELECT ?x WHERE { ?x a cg:Cartel }", "-o", str(target))
    assert result.exit_code == 0
    assert json.loads(target.read_text())["head"]["vars"] == ["x"]
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left


def test_malformed_sparql_gives_line_and_column_exit_2(cg):
    result = cg("query", "SELECT ?x WHERE {\n  ?x a cg:Cartel \n  FILTER( }")
    assert result.exit_code == 2
    assert "line 3, column" in result.output and "Traceback" not in result.output


def test_unknown_named_query_lists_close_names(cg):
    result = cg("query", "--name", "oficials-linked")
    assert result.exit_code == 2
    assert "officials-linked-to-cartels" in result.output


def test_updates_are_refused(cg):
    result = cg("query", "INSERT DATA { cgr:a cgr:b cgr:c }")
    assert result.exit_code == 2 and "read-only" in result.output


def test_wrong_format_for_query_form_is_a_usage_error(cg):
    result = cg("query", "ASK {}", "--format", "turtle")
    assert result.exit_code == 2 and "--format turtle" in result.output


class _Recorder(BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):  # noqa: N802
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.hits
    server.shutdown()


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "select * where {{ ?x ?y ?z . service silent <{url}/q> {{ ?s ?p ?o }} }}",
        "LOAD <{url}/data.ttl>",
        "SELECT * WHERE {{ BIND(cgr:\\' AS ?q) SERVICE <{url}/f> {{?x ?y ?z}} }} # '",
        "PREFIX : <{url}/> SELECT * WHERE {{ FILTER(1<2)SERVICE:c#>\n{{ ?s ?p ?o }} }}",
    ],
)
def test_service_and_load_are_refused_and_nothing_is_fetched(cg, recorder, template):
    url, hits = recorder
    result = cg("query", template.format(url=url))
    assert result.exit_code == 2
    assert "refused" in result.output
    assert hits == []


def test_a_query_past_its_time_limit_is_stopped(cg):
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    result = cg("query", heavy, "--timeout", "0.5")
    assert result.exit_code == 1
    assert "time limit of 0.5 s" in result.output


def test_queries_command_lists_summaries(cg, runner):
    """Whatever the terminal's width: the JSON lists every query with its summary and
    parameters; the table, given room (COLUMNS), has each name whole at the start of a row."""
    from conftest import REPO

    from cartelgraph import queries
    from cartelgraph.cli import cli

    found = queries.load_all()
    result = cg("queries", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output) == [
        {"name": q.name, "summary": q.summary, "params": q.params} for q in found.values()
    ]
    table = runner.invoke(cli, ["--data", str(REPO), "queries"], env={"COLUMNS": "200"}, catch_exceptions=False)
    assert table.exit_code == 0
    first_cells = [line.split("|")[1].strip() for line in table.output.splitlines() if line.startswith("|")]
    assert [cell for cell in first_cells if cell] == ["name", *found]
    assert "officials-linked-to-cartels" in found and "status" in found["officials-linked-to-cartels"].summary


def test_the_time_limit_covers_the_safety_check(cg, tmp_path):
    # The check reads the whole text, and the lexer is quadratic on a run like a.a.a…: run in
    # the calling process before the worker, 120 KB of it took 38 s under --timeout 1.
    import time

    query = tmp_path / "slow.rq"
    query.write_text('SELECT * WHERE { ?s ?p "service" } ' + "a." * 60_000)
    started = time.monotonic()
    result = cg("query", "--timeout", "1", "-f", str(query))
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert result.output == "Error: query stopped after the time limit of 1 s (raise it with --timeout)\n"
    assert elapsed < 3.0, elapsed
