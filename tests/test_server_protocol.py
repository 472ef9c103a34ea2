"""The SPARQL 1.1 Protocol against ``cartelgraph serve`` started as a real process, written from
https://www.w3.org/TR/sparql11-protocol/ and checked case by case against the 34 cases of the
W3C protocol test manifest (``W3C_PROTOCOL_CASES`` at the end says which test covers which):
queries by GET, POST form and POST direct, content negotiation, the dataset parameters on a
server holding three named graphs, the bad-request cases; every update case is refused with
403 on a read-only server, and the ones an updatable server can run are run there."""

from __future__ import annotations

import io
import json
import select
import socket

import httpx
import pytest
import rdflib
from conftest import start_cartelgraph_server

from cartelgraph.errors import QuerySyntaxError
from cartelgraph.server.protocol import ProtocolError, accepted_types, choose_format, read_operation
from cartelgraph.sparql import check_query_syntax

ASK = "ASK { ?s ?p ?o }"
SELECT = "SELECT ?cartel ?label WHERE { ?cartel a cg:Cartel ; rdfs:label ?label } ORDER BY ?cartel"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT { ?c a cg:Cartel ; rdfs:label ?l } WHERE { ?c a cg:Cartel ; rdfs:label ?l }"
DESCRIBE = "DESCRIBE cgr:sinaloa-cartel"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}
UPDATE_BODY = {"Content-Type": "application/sparql-update"}
RDFLIB_RESULT_FORMATS = {
    "application/sparql-results+xml": "xml",
    "application/sparql-results+json": "json",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
UPDATE = 'INSERT DATA { cgr:x rdfs:label "injected" }'
TOKEN = "protocol-test-token-0123456789"

# The dataset server's three named graphs; each holds one triple: <graph> a ex:Document.
EX = "http://example.org/protocol/"
ONE, TWO, THREE = EX + "one", EX + "two", EX + "three"
BOTH_IN_DEFAULT = f"ASK {{ <{ONE}> a ?type . <{TWO}> a ?type }}"
BOTH_NAMED = f"ASK {{ GRAPH ?g1 {{ <{ONE}> a ?type }} GRAPH ?g2 {{ <{TWO}> a ?type }} }}"


def count(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def boolean(response) -> bool:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    return response.json()["boolean"]


@pytest.fixture(scope="module")
def dataset_server():
    """An updatable ``cartelgraph serve`` whose store also holds the graphs ONE, TWO and THREE."""
    server = start_cartelgraph_server("--allow-update", "--token", TOKEN)
    graphs = " ".join(f"GRAPH <{g}> {{ <{g}> a <{EX}Document> }}" for g in (ONE, TWO, THREE))
    loaded = httpx.post(
        server.url + "/sparql",
        content=f"INSERT DATA {{ {graphs} }}".encode(),
        headers={**UPDATE_BODY, "Authorization": f"Bearer {TOKEN}"},
    )
    assert loaded.status_code == 204, loaded.text
    yield server
    server.stop()


@pytest.fixture(scope="module")
def dataset_url(dataset_server):
    return dataset_server.url + "/sparql"


# --- query cases ------------------------------------------------------------------------------


def test_query_get(endpoint_url):
    response = httpx.get(endpoint_url, params={"query": ASK})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert response.json()["boolean"] is True
    # With a default-graph-uri that names no graph of the store, the empty pattern still matches once.
    assert boolean(httpx.get(endpoint_url, params={"query": "ASK {}", "default-graph-uri": EX + "none"})) is True
    assert boolean(httpx.get(endpoint_url, params={"query": ASK, "default-graph-uri": EX + "none"})) is False


def test_query_post_form(endpoint_url):
    response = httpx.post(endpoint_url, data={"query": SELECT})
    assert response.status_code == 200
    rows = response.json()["results"]["bindings"]
    assert "https://w3id.org/cartelgraph/id/sinaloa-cartel" in {row["cartel"]["value"] for row in rows}


def test_query_post_form_takes_the_dataset_from_the_url(dataset_url):
    """A form POST with default-graph-uri in the URL (as the W3C case sends it): the URL's
    dataset applies unless the form gives its own."""
    query = f"ASK {{ <{ONE}> a ?type }}"
    assert boolean(httpx.post(dataset_url, data={"query": query})) is False  # not in the store's default graph
    assert boolean(httpx.post(dataset_url, params={"default-graph-uri": ONE}, data={"query": query})) is True
    both = httpx.post(dataset_url, params={"default-graph-uri": ONE}, data={"query": query, "default-graph-uri": TWO})
    assert boolean(both) is False


def test_query_post_direct(endpoint_url):
    response = httpx.post(endpoint_url, content=SELECT.encode(), headers=DIRECT)
    assert response.status_code == 200
    assert response.json() == httpx.get(endpoint_url, params={"query": SELECT}).json()
    assert boolean(httpx.post(endpoint_url, content=b"ASK {}", headers=DIRECT)) is True


def test_query_post_direct_with_charset(endpoint_url):
    response = httpx.post(
        endpoint_url, content=ASK.encode(), headers={"Content-Type": "application/sparql-query; charset=UTF-8"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "accept, media",
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("*/*", "application/sparql-results+json"),
        ("text/*", "text/csv"),
        ("application/*", "application/sparql-results+json"),
    ],
)
def test_query_content_type_select(endpoint_url, accept, media):
    response = httpx.get(endpoint_url, params={"query": SELECT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert response.headers["vary"] == "Accept"
    parsed = rdflib.query.Result.parse(io.BytesIO(response.content), format=RDFLIB_RESULT_FORMATS[media])
    assert "https://w3id.org/cartelgraph/id/sinaloa-cartel" in {str(row[0]) for row in parsed}


def test_query_content_type_select_without_accept(endpoint_url):
    response = httpx.post(endpoint_url, content=b"SELECT (1 AS ?value) {}", headers=DIRECT)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert response.json()["results"]["bindings"] == [
        {"value": {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}
    ]


@pytest.mark.parametrize(
    "accept, expected",
    [
        (None, b'"boolean":true'),
        ("application/sparql-results+xml", b"<boolean>true</boolean>"),
        ("application/sparql-results+json", b'"boolean":true'),
    ],
)
def test_query_content_type_ask(endpoint_url, accept, expected):
    headers = {"Accept": accept} if accept else {}
    response = httpx.post(endpoint_url, data={"query": ASK}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept or "application/sparql-results+json")
    assert expected in response.content.replace(b" ", b"")


@pytest.mark.parametrize(
    "accept, rdflib_format",
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("text/*", "turtle"),
    ],
)
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE])
def test_query_content_type_construct_and_describe(endpoint_url, query, accept, rdflib_format):
    response = httpx.get(endpoint_url, params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    served = response.headers["content-type"].split(";")[0]
    assert served == ("text/turtle" if accept == "text/*" else accept)
    graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    sinaloa = rdflib.URIRef("https://w3id.org/cartelgraph/id/sinaloa-cartel")
    assert (sinaloa, rdflib.RDFS.label, None) in graph


def test_query_content_type_describe_of_an_unknown_resource(endpoint_url):
    response = httpx.post(endpoint_url, content=b"DESCRIBE <http://example.org/>", headers=DIRECT)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    assert len(rdflib.Graph().parse(data=response.content, format="turtle")) == 0


def test_query_content_type_construct_resolves_against_the_endpoint(endpoint_server, endpoint_url):
    """Relative IRIs in a query resolve against the endpoint's own URL (its base IRI)."""
    response = httpx.post(endpoint_url, content=b"CONSTRUCT { <s> <p> 1 } WHERE {}", headers=DIRECT)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.content, format="turtle")
    base = endpoint_server.url + "/"
    assert set(graph) == {(rdflib.URIRef(base + "s"), rdflib.URIRef(base + "p"), rdflib.Literal(1))}


@pytest.mark.parametrize(
    "fmt, media",
    [
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
        ("xml", "application/sparql-results+xml"),
        ("json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
    ],
)
def test_format_parameter_overrides_accept(endpoint_url, fmt, media):
    response = httpx.get(endpoint_url, params={"query": SELECT, "format": fmt}, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media


def test_unacceptable_accept_is_406(endpoint_url):
    response = httpx.get(endpoint_url, params={"query": SELECT}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text


# --- the dataset parameters, on a server holding three named graphs ---------------------------------


def test_query_dataset_default_graphs_get(dataset_url):
    assert boolean(httpx.get(dataset_url, params={"query": BOTH_IN_DEFAULT})) is False
    assert boolean(httpx.get(dataset_url, params={"query": BOTH_IN_DEFAULT, "default-graph-uri": ONE})) is False
    merged = httpx.get(dataset_url, params={"query": BOTH_IN_DEFAULT, "default-graph-uri": [ONE, TWO]})
    assert boolean(merged) is True


def test_query_dataset_default_graphs_post(dataset_url):
    response = httpx.post(
        dataset_url, params={"default-graph-uri": [ONE, TWO]}, content=BOTH_IN_DEFAULT.encode(), headers=DIRECT
    )
    assert boolean(response) is True
    form = httpx.post(dataset_url, data={"query": BOTH_IN_DEFAULT, "default-graph-uri": [ONE, TWO]})
    assert boolean(form) is True


def test_query_dataset_named_graphs_post(dataset_url):
    response = httpx.post(
        dataset_url, params={"named-graph-uri": [ONE, TWO]}, content=BOTH_NAMED.encode(), headers=DIRECT
    )
    assert boolean(response) is True
    only_one = httpx.post(dataset_url, params={"named-graph-uri": ONE}, content=BOTH_NAMED.encode(), headers=DIRECT)
    assert boolean(only_one) is False


def test_query_dataset_named_graphs_get(dataset_url):
    assert boolean(httpx.get(dataset_url, params={"query": BOTH_NAMED, "named-graph-uri": [ONE, TWO]})) is True
    assert boolean(httpx.get(dataset_url, params={"query": BOTH_NAMED, "named-graph-uri": [TWO, THREE]})) is False


def test_query_dataset_full(dataset_url):
    query = f"ASK {{ <{THREE}> a ?type GRAPH ?g1 {{ <{ONE}> a ?type }} GRAPH ?g2 {{ <{TWO}> a ?type }} }}"
    params = {"default-graph-uri": THREE, "named-graph-uri": [ONE, TWO]}
    assert boolean(httpx.post(dataset_url, params=params, content=query.encode(), headers=DIRECT)) is True
    swapped = {"default-graph-uri": ONE, "named-graph-uri": [TWO, THREE]}
    assert boolean(httpx.post(dataset_url, params=swapped, content=query.encode(), headers=DIRECT)) is False


def test_query_multiple_dataset(dataset_url):
    """The dataset of the protocol wins over the query's FROM / FROM NAMED."""
    query = f"ASK FROM <{THREE}> FROM NAMED <{THREE}> " + BOTH_NAMED.removeprefix("ASK ")
    assert boolean(httpx.post(dataset_url, content=query.encode(), headers=DIRECT)) is False
    protocol = httpx.post(dataset_url, params={"named-graph-uri": [ONE, TWO]}, content=query.encode(), headers=DIRECT)
    assert boolean(protocol) is True


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
@pytest.mark.parametrize("channel", ["get", "form", "direct"])
def test_a_graph_name_that_is_not_an_iri_is_a_bad_request(endpoint_url, parameter, channel):
    params = {parameter: "not an iri"}
    if channel == "get":
        response = httpx.get(endpoint_url, params={"query": ASK, **params})
    elif channel == "form":
        response = httpx.post(endpoint_url, data={"query": ASK, **params})
    else:
        response = httpx.post(endpoint_url, params=params, content=ASK.encode(), headers=DIRECT)
    assert response.status_code == 400
    assert response.text.startswith(f"{parameter}='not an iri' is not an absolute IRI")
    assert len(response.text.strip().splitlines()) == 1


def test_service_description(endpoint_url):
    response = httpx.get(endpoint_url, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = rdflib.URIRef(endpoint_url)
    assert (service, rdflib.RDF.type, sd.Service) in graph
    assert (service, sd.endpoint, service) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Update) not in graph
    jsonld = httpx.get(endpoint_url, headers={"Accept": "application/ld+json"})
    assert len(rdflib.Graph().parse(data=jsonld.text, format="json-ld")) == len(graph)


# --- bad requests -----------------------------------------------------------------------------


def test_bad_query_method(endpoint_url):
    for method in ("PUT", "DELETE", "PATCH"):
        response = httpx.request(
            method, endpoint_url, params={"query": "ASK {}", "default-graph-uri": ONE}, headers=FORM
        )
        assert response.status_code == 405
        assert response.headers["allow"] == "GET, POST, HEAD"


def test_bad_multiple_queries(endpoint_url):
    response = httpx.get(endpoint_url + "?query=ASK%7B%7D&query=SELECT%20*%7B%7D")
    assert response.status_code == 400
    assert "more than one" in response.text


def test_bad_multiple_updates(endpoint_url):
    response = httpx.post(endpoint_url, content=b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", headers=FORM)
    assert response.status_code == 400
    assert "more than one" in response.text


@pytest.mark.parametrize("body", [b"ASK {}", b"CLEAR NAMED"])
def test_bad_wrong_media_type(endpoint_url, body):
    response = httpx.post(endpoint_url, content=body, headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert "unsupported Content-Type text/plain" in response.text


@pytest.mark.parametrize("body", [b"query=ASK%20%7B%7D", b"update=CLEAR%20NAMED"])
def test_bad_missing_form_type(endpoint_url, body):
    response = httpx.post(endpoint_url, content=body)
    assert response.status_code == 415
    assert "needs a Content-Type" in response.text


def test_bad_query_missing_direct_type(endpoint_url):
    response = httpx.post(endpoint_url, content=b"ASK {}")
    assert response.status_code == 415


@pytest.mark.parametrize("media", ["application/sparql-query", "application/sparql-update"])
def test_bad_non_utf8(endpoint_url, media):
    text = "ASK {}" if media.endswith("query") else "CLEAR NAMED"
    response = httpx.post(
        endpoint_url, content=text.encode("utf-16"), headers={"Content-Type": f"{media}; charset=UTF-16"}
    )
    assert response.status_code == 415
    assert "must be UTF-8, not utf-16" in response.text


def test_bad_query_non_utf8_without_charset(endpoint_url):
    query = 'ASK { ?s rdfs:label "Petróleos" }'
    response = httpx.post(
        endpoint_url,
        content=query.encode("iso-8859-1"),
        headers={"Content-Type": "application/sparql-query; charset=ISO-8859-1"},
    )
    assert response.status_code == 415
    invalid = httpx.post(endpoint_url, content=query.encode("iso-8859-1"), headers=DIRECT)
    assert invalid.status_code == 400
    assert "UTF-8" in invalid.text


@pytest.mark.parametrize(
    "query, message",
    [
        ("ASK {", "malformed SPARQL: line 1, column 6: unexpected input"),
        ("SELECT ?x WHERE {\n  ?x ?y \n", "malformed SPARQL: line 3, column 1: unexpected input"),
        # The words "download" and "service" must not turn a syntax error into a refusal.
        ('SELECT ?x WHERE {\n  ?x rdfs:label "download" \n', "malformed SPARQL: line 3, column 1: unexpected input"),
        ("SELECT ?x WHERE { ?x ?y ?z . FILTER(?z = 'self-service' }", "malformed SPARQL: line 1, column 57:"),
        ("SELEC ?download WHERE { ?download ?p ?o }", "malformed SPARQL: line 1, column 10:"),
    ],
)
def test_bad_query_syntax_gets_the_parsers_line_and_column(endpoint_url, query, message):
    for response in (
        httpx.get(endpoint_url, params={"query": query}),
        httpx.post(endpoint_url, data={"query": query}),
        httpx.post(endpoint_url, content=query.encode(), headers=DIRECT),
    ):
        assert response.status_code == 400, response.text
        assert response.text.startswith(message), response.text
        assert len(response.text.strip().splitlines()) == 1


def test_syntax_check_only_parses(tmp_path):
    """check_query_syntax never evaluates: a SERVICE to a listener in every query form reaches
    nothing, and a malformed text gets Oxigraph's line and column."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        for query in (
            f"ASK {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
            f"DESCRIBE ?s WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        ):
            assert check_query_syntax(query, base_iri="http://127.0.0.1:1/sparql") is None
        ready, _, _ = select.select([listener], [], [], 0.5)
        assert ready == [], "the syntax check sent a request"
    with pytest.raises(QuerySyntaxError, match=r"^malformed SPARQL: line 3, column 1: unexpected input"):
        check_query_syntax("SELECT ?x WHERE {\n  ?x ?y \n", base_iri="http://127.0.0.1:1/sparql")
    assert check_query_syntax("ASK { <s> ?p ?o }", base_iri="http://127.0.0.1:1/sparql") is None
    with pytest.raises(QuerySyntaxError, match="^malformed SPARQL: line 1, column 15"):  # relative: needs a base
        check_query_syntax("ASK { <s> ?p ?o }", base_iri=None)


def test_missing_query(endpoint_url):
    for response in (
        httpx.get(endpoint_url, headers={"Accept": "application/sparql-results+json"}),
        httpx.post(endpoint_url, data={"default-graph-uri": "urn:a"}),
    ):
        assert response.status_code == 400
        assert "missing query" in response.text


def test_empty_query(endpoint_url):
    assert httpx.get(endpoint_url, params={"query": "  "}).status_code == 400


def test_query_and_update_together(endpoint_url):
    response = httpx.post(endpoint_url, data={"query": ASK, "update": UPDATE}, headers=FORM)
    assert response.status_code == 400


def test_body_and_parameter_together(endpoint_url):
    response = httpx.post(endpoint_url, params={"query": ASK}, content=ASK.encode(), headers=DIRECT)
    assert response.status_code == 400


# --- updates: refused on a read-only server, run on an updatable one -------------------------------

COPY = f"INSERT {{ GRAPH <{EX}copy> {{ ?s a <{EX}Copied> }} }} WHERE {{ ?s a <{EX}Document> }}"
UPDATE_CASES = {
    "update_dataset_default_graph": ({"using-graph-uri": ONE}, f"CLEAR ALL ; {COPY}"),
    "update_dataset_default_graphs": ({"using-graph-uri": [ONE, TWO]}, f"DROP ALL ; {COPY}"),
    "update_dataset_named_graphs": ({"using-named-graph-uri": [ONE, TWO]}, f"DROP ALL ; {COPY}"),
    "update_dataset_full": ({"using-graph-uri": ONE, "using-named-graph-uri": TWO}, f"DROP ALL ; {COPY}"),
    "update_post_direct": ({}, "CLEAR ALL"),
    "update_base_uri": ({}, f"INSERT DATA {{ GRAPH <{EX}base> {{ <{EX}s> <{EX}p> <relative> }} }}"),
    "bad_update_syntax": ({}, "CLEAR XYZ"),
    "bad_update_dataset_conflict": (
        {"using-named-graph-uri": ONE},
        f"WITH <{ONE}> DELETE {{ ?s a ?t }} INSERT {{ ?s a <{EX}Other> }} WHERE {{ ?s a ?t }}",
    ),
}


@pytest.mark.parametrize("case", sorted(UPDATE_CASES))
def test_update_cases_are_refused_on_a_read_only_server(endpoint_url, case):
    params, update = UPDATE_CASES[case]
    before = count(httpx.get(endpoint_url, params={"query": COUNT}))
    direct = httpx.post(endpoint_url, params=params, content=update.encode(), headers=UPDATE_BODY)
    form = httpx.post(endpoint_url, data={"update": update, **params})
    for response in (direct, form):
        assert response.status_code == 403
        assert response.text.startswith("updates are refused: this endpoint is read-only")
    assert count(httpx.get(endpoint_url, params={"query": COUNT})) == before


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"data": {"update": UPDATE}},
        {"content": UPDATE.encode(), "headers": UPDATE_BODY},
        {"data": {"update": UPDATE, "using-graph-uri": "urn:a"}},
        {"data": {"update": "BASE <http://example.org/> INSERT DATA { <a> <b> <c> }"}},
        {"data": {"update": "CLEAR ALL"}},
        {"data": {"update": UPDATE}, "headers": {"Authorization": "Bearer guessed-token-guessed"}},
        {"data": {"query": UPDATE}},
    ],
)
def test_updates_are_forbidden(endpoint_url, request_kwargs):
    response = httpx.post(endpoint_url, **request_kwargs)
    assert response.status_code == 403
    assert count(httpx.get(endpoint_url, params={"query": 'SELECT (COUNT(*) AS ?n) { ?s ?p "injected" }'})) == 0


def test_update_post_form_and_direct_on_an_updatable_server(dataset_url):
    scratch = f"{EX}scratch"
    ask = f"ASK {{ GRAPH <{scratch}> {{ ?s ?p ?o }} }}"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    added = httpx.post(
        dataset_url, data={"update": f"INSERT DATA {{ GRAPH <{scratch}> {{ <{EX}a> <{EX}b> 1 }} }}"}, headers=auth
    )
    assert added.status_code == 204, added.text
    assert boolean(httpx.get(dataset_url, params={"query": ask})) is True
    cleared = httpx.post(dataset_url, content=f"CLEAR GRAPH <{scratch}>".encode(), headers={**UPDATE_BODY, **auth})
    assert cleared.status_code == 204, cleared.text
    assert boolean(httpx.get(dataset_url, params={"query": ask})) is False


def test_update_base_uri_is_the_endpoint(dataset_server, dataset_url):
    _, update = UPDATE_CASES["update_base_uri"]
    response = httpx.post(
        dataset_url, content=update.encode(), headers={**UPDATE_BODY, "Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 204, response.text
    query = f"SELECT ?o WHERE {{ GRAPH <{EX}base> {{ <{EX}s> <{EX}p> ?o }} }}"
    answer = httpx.get(dataset_url, params={"query": query})
    assert answer.json()["results"]["bindings"] == [{"o": {"type": "uri", "value": dataset_server.url + "/relative"}}]


@pytest.mark.parametrize(
    "case, message",
    [
        ("bad_update_syntax", "malformed SPARQL: line 1, column 10"),
        ("bad_update_dataset_conflict", "using-graph-uri and using-named-graph-uri are not supported"),
    ],
)
def test_bad_updates_on_an_updatable_server(dataset_url, case, message):
    params, update = UPDATE_CASES[case]
    response = httpx.post(
        dataset_url, params=params, content=update.encode(), headers={**UPDATE_BODY, "Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 400
    assert response.text.startswith(message), response.text


def test_bad_update_get(endpoint_url):
    for update in (UPDATE, "CLEAR ALL"):
        response = httpx.get(endpoint_url, params={"update": update})
        assert response.status_code == 400
        assert "POST" in response.text


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * where { service <http://example.org/sparql> { ?s ?p ?o } }",
    ],
)
def test_service_is_refused(endpoint_url, query):
    response = httpx.get(endpoint_url, params={"query": query})
    assert response.status_code == 403
    assert "SERVICE" in response.text


def test_load_is_refused(endpoint_url):
    response = httpx.post(endpoint_url, data={"query": "LOAD <file:///etc/passwd>"})
    assert response.status_code == 403


# --- the protocol rules, without a server -------------------------------------------------------


def test_read_operation_rules():
    assert read_operation("GET", None, "query=ASK%7B%7D&format=csv", b"").format == "csv"
    direct = read_operation("POST", "application/sparql-query", "default-graph-uri=urn:a", b"ASK {}")
    assert (direct.kind, direct.text, direct.default_graphs) == ("query", "ASK {}", ["urn:a"])
    assert read_operation("POST", "application/sparql-update", "", b"CLEAR ALL").kind == "update"
    assert read_operation("GET", None, "", b"").kind == "none"
    form = read_operation("POST", "application/x-www-form-urlencoded", "default-graph-uri=urn:a", b"query=ASK%7B%7D")
    assert form.default_graphs == ["urn:a"]
    with pytest.raises(ProtocolError, match="named-graph-uri='a b' is not an absolute IRI"):
        read_operation("GET", None, "query=ASK%7B%7D&named-graph-uri=a%20b", b"")
    for args in [
        ("DELETE", None, "query=ASK", b""),
        ("POST", "text/plain", "", b"ASK {}"),
        ("POST", None, "", b"ASK {}"),
        ("GET", None, "query=a&query=b", b""),
        ("POST", "application/sparql-query; charset=latin-1", "", b"ASK {}"),
    ]:
        with pytest.raises(ProtocolError):
            read_operation(*args)


def test_content_negotiation_rules():
    assert accepted_types("text/csv;q=0.2, application/xml, */*;q=0.1") == ["application/xml", "text/csv", "*/*"]
    assert choose_format("SELECT", "application/xml", None) == "xml"
    assert choose_format("CONSTRUCT", "application/xml", None) == "rdfxml"
    assert choose_format("CONSTRUCT", "text/*", None) == "turtle"
    assert choose_format("SELECT", "text/*", None) == "csv"
    assert choose_format("ASK", "text/*;q=0.9, application/sparql-results+xml", None) == "xml"
    assert choose_format("ASK", None, None) == "json"
    assert choose_format("DESCRIBE", "text/csv", "ttl") == "turtle"
    with pytest.raises(ProtocolError):
        choose_format("SELECT", "text/turtle", None)
    with pytest.raises(ProtocolError):
        choose_format("SELECT", None, "turtle")


def test_limits_page(endpoint_server):
    limits = json.loads(httpx.get(endpoint_server.url + "/limits").text)
    assert limits["maxRows"] == 500 and limits["timeoutSeconds"] == 3 and limits["updates"] is False
    now = limits["now"]  # at rest: nothing runs or waits; every worker is idle or being started
    assert now["running"] == now["waiting"] == 0 and now["idle"] + now["starting"] == limits["workers"]


def test_browser_without_a_query_is_sent_to_the_page(endpoint_url):
    response = httpx.get(endpoint_url, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 303
    assert response.headers["location"] == "/"


# --- every case of the W3C SPARQL 1.1 Protocol manifest, and the test that covers it ----------------
# (https://github.com/w3c/rdf-tests, sparql/sparql11/protocol/manifest.ttl; the update cases
# are refused on a read-only server, as documented, and run on an updatable one where they can be)

W3C_PROTOCOL_CASES = {
    "query_post_form": [test_query_post_form, test_query_post_form_takes_the_dataset_from_the_url],
    "query_dataset_default_graphs_get": [test_query_dataset_default_graphs_get],
    "query_dataset_default_graphs_post": [test_query_dataset_default_graphs_post],
    "query_dataset_named_graphs_post": [test_query_dataset_named_graphs_post],
    "query_dataset_named_graphs_get": [test_query_dataset_named_graphs_get],
    "query_dataset_full": [test_query_dataset_full],
    "query_multiple_dataset": [test_query_multiple_dataset],
    "query_get": [test_query_get],
    "query_content_type_select": [test_query_content_type_select, test_query_content_type_select_without_accept],
    "query_content_type_ask": [test_query_content_type_ask],
    "query_content_type_describe": [test_query_content_type_describe_of_an_unknown_resource],
    "query_content_type_construct": [test_query_content_type_construct_resolves_against_the_endpoint],
    "update_dataset_default_graph": [test_update_cases_are_refused_on_a_read_only_server],
    "update_dataset_default_graphs": [test_update_cases_are_refused_on_a_read_only_server],
    "update_dataset_named_graphs": [test_update_cases_are_refused_on_a_read_only_server],
    "update_dataset_full": [test_update_cases_are_refused_on_a_read_only_server],
    "update_post_form": [test_updates_are_forbidden, test_update_post_form_and_direct_on_an_updatable_server],
    "update_post_direct": [
        test_update_cases_are_refused_on_a_read_only_server,
        test_update_post_form_and_direct_on_an_updatable_server,
    ],
    "update_base_uri": [test_update_cases_are_refused_on_a_read_only_server, test_update_base_uri_is_the_endpoint],
    "query_post_direct": [test_query_post_direct],
    "bad_query_method": [test_bad_query_method],
    "bad_multiple_queries": [test_bad_multiple_queries],
    "bad_query_wrong_media_type": [test_bad_wrong_media_type],
    "bad_query_missing_form_type": [test_bad_missing_form_type],
    "bad_query_missing_direct_type": [test_bad_query_missing_direct_type],
    "bad_query_non_utf8": [test_bad_non_utf8],
    "bad_query_syntax": [test_bad_query_syntax_gets_the_parsers_line_and_column],
    "bad_update_get": [test_bad_update_get],
    "bad_multiple_updates": [test_bad_multiple_updates],
    "bad_update_wrong_media_type": [test_bad_wrong_media_type],
    "bad_update_missing_form_type": [test_bad_missing_form_type],
    "bad_update_non_utf8": [test_bad_non_utf8],
    "bad_update_syntax": [test_update_cases_are_refused_on_a_read_only_server, test_bad_updates_on_an_updatable_server],
    "bad_update_dataset_conflict": [
        test_update_cases_are_refused_on_a_read_only_server,
        test_bad_updates_on_an_updatable_server,
    ],
}


def test_every_w3c_protocol_case_is_covered():
    assert len(W3C_PROTOCOL_CASES) == 34
    assert set(UPDATE_CASES) <= set(W3C_PROTOCOL_CASES)
    for tests in W3C_PROTOCOL_CASES.values():
        assert all(test.__name__.startswith("test_") and test.__module__ == __name__ for test in tests)
