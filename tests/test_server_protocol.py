"""The SPARQL 1.1 Protocol test cases that apply to a read-only endpoint, written from
https://www.w3.org/TR/sparql11-protocol/ and run against ``cartelgraph serve`` started as a
real process: queries by GET, POST form and POST direct, content negotiation, the dataset
parameters, the bad-request cases; every update case is refused with 403."""

from __future__ import annotations

import io
import json

import httpx
import pytest
import rdflib

from cartelgraph.server.protocol import ProtocolError, accepted_types, choose_format, read_operation

ASK = "ASK { ?s ?p ?o }"
SELECT = "SELECT ?cartel ?label WHERE { ?cartel a cg:Cartel ; rdfs:label ?label } ORDER BY ?cartel"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT { ?c a cg:Cartel ; rdfs:label ?l } WHERE { ?c a cg:Cartel ; rdfs:label ?l }"
DESCRIBE = "DESCRIBE cgr:sinaloa-cartel"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}
RDFLIB_RESULT_FORMATS = {"application/sparql-results+xml": "xml", "application/sparql-results+json": "json",
                         "text/csv": "csv", "text/tab-separated-values": "tsv"}
UPDATE = "INSERT DATA { cgr:x rdfs:label \"injected\" }"


def count(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


# --- query cases ------------------------------------------------------------------------------

def test_query_get(endpoint_url):
    response = httpx.get(endpoint_url, params={"query": ASK})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert response.json()["boolean"] is True


def test_query_post_form(endpoint_url):
    response = httpx.post(endpoint_url, data={"query": SELECT})
    assert response.status_code == 200
    rows = response.json()["results"]["bindings"]
    assert "https://w3id.org/cartelgraph/id/sinaloa-cartel" in {row["cartel"]["value"] for row in rows}


def test_query_post_direct(endpoint_url):
    response = httpx.post(endpoint_url, content=SELECT.encode(), headers=DIRECT)
    assert response.status_code == 200
    assert response.json() == httpx.get(endpoint_url, params={"query": SELECT}).json()


def test_query_post_direct_with_charset(endpoint_url):
    response = httpx.post(endpoint_url, content=ASK.encode(),
                          headers={"Content-Type": "application/sparql-query; charset=UTF-8"})
    assert response.status_code == 200


@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ("*/*", "application/sparql-results+json"),
])
def test_query_content_type_select(endpoint_url, accept, media):
    response = httpx.get(endpoint_url, params={"query": SELECT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert response.headers["vary"] == "Accept"
    parsed = rdflib.query.Result.parse(io.BytesIO(response.content), format=RDFLIB_RESULT_FORMATS[media])
    assert "https://w3id.org/cartelgraph/id/sinaloa-cartel" in {str(row[0]) for row in parsed}


@pytest.mark.parametrize("accept, expected", [
    ("application/sparql-results+xml", b"<boolean>true</boolean>"),
    ("application/sparql-results+json", b'"boolean":true'),
])
def test_query_content_type_ask(endpoint_url, accept, expected):
    response = httpx.post(endpoint_url, data={"query": ASK}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    assert expected in response.content.replace(b" ", b"")


@pytest.mark.parametrize("accept, rdflib_format", [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
])
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE])
def test_query_content_type_construct_and_describe(endpoint_url, query, accept, rdflib_format):
    response = httpx.get(endpoint_url, params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    sinaloa = rdflib.URIRef("https://w3id.org/cartelgraph/id/sinaloa-cartel")
    assert (sinaloa, rdflib.RDFS.label, None) in graph


@pytest.mark.parametrize("fmt, media", [
    ("csv", "text/csv"), ("tsv", "text/tab-separated-values"), ("xml", "application/sparql-results+xml"),
    ("json", "application/sparql-results+json"), ("application/sparql-results+xml", "application/sparql-results+xml"),
])
def test_format_parameter_overrides_accept(endpoint_url, fmt, media):
    response = httpx.get(endpoint_url, params={"query": SELECT, "format": fmt}, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media


def test_unacceptable_accept_is_406(endpoint_url):
    response = httpx.get(endpoint_url, params={"query": SELECT}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text


def test_query_dataset_default_graph_get(endpoint_url):
    assert count(httpx.get(endpoint_url, params={"query": COUNT})) > 0
    missing = httpx.get(endpoint_url, params={"query": COUNT, "default-graph-uri": "urn:cartelgraph:no-such-graph"})
    assert count(missing) == 0


def test_query_dataset_default_graphs_post(endpoint_url):
    response = httpx.post(endpoint_url, data={"query": COUNT, "default-graph-uri": ["urn:a", "urn:b"]})
    assert count(response) == 0


def test_query_dataset_named_graphs(endpoint_url):
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert count(httpx.get(endpoint_url, params={"query": query, "named-graph-uri": "urn:a"})) == 0
    direct = httpx.post(endpoint_url, params={"named-graph-uri": "urn:a"}, content=query.encode(), headers=DIRECT)
    assert count(direct) == 0


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
    response = httpx.put(endpoint_url, params={"query": ASK})
    assert response.status_code == 405


def test_bad_multiple_queries(endpoint_url):
    response = httpx.get(endpoint_url + "?query=ASK%7B%7D&query=SELECT%20*%7B%7D")
    assert response.status_code == 400
    assert "more than one" in response.text


def test_bad_query_wrong_media_type(endpoint_url):
    response = httpx.post(endpoint_url, content=ASK.encode(), headers={"Content-Type": "text/plain"})
    assert response.status_code == 415


def test_bad_query_missing_form_type(endpoint_url):
    response = httpx.post(endpoint_url, content=b"query=ASK%20%7B%7D")
    assert response.status_code == 415


def test_bad_query_missing_direct_type(endpoint_url):
    response = httpx.post(endpoint_url, content=ASK.encode())
    assert response.status_code == 415


def test_bad_query_non_utf8(endpoint_url):
    query = 'ASK { ?s rdfs:label "Petróleos" }'
    response = httpx.post(endpoint_url, content=query.encode("iso-8859-1"),
                          headers={"Content-Type": "application/sparql-query; charset=ISO-8859-1"})
    assert response.status_code == 415
    invalid = httpx.post(endpoint_url, content=query.encode("iso-8859-1"), headers=DIRECT)
    assert invalid.status_code == 400
    assert "UTF-8" in invalid.text


def test_bad_query_syntax_gets_the_parsers_message(endpoint_url):
    response = httpx.get(endpoint_url, params={"query": "SELECT ?x WHERE {\n  ?x ?y \n"})
    assert response.status_code == 400
    assert response.text.startswith("malformed SPARQL: line 3")


def test_missing_query(endpoint_url):
    for response in (httpx.get(endpoint_url, headers={"Accept": "application/sparql-results+json"}),
                     httpx.post(endpoint_url, data={"default-graph-uri": "urn:a"})):
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


# --- updates and unsafe queries are refused ------------------------------------------------------

@pytest.mark.parametrize("request_kwargs", [
    {"data": {"update": UPDATE}},
    {"content": UPDATE.encode(), "headers": {"Content-Type": "application/sparql-update"}},
    {"data": {"update": UPDATE, "using-graph-uri": "urn:a"}},
    {"data": {"update": "BASE <http://example.org/> INSERT DATA { <a> <b> <c> }"}},
    {"data": {"update": "CLEAR ALL"}},
    {"data": {"update": UPDATE}, "headers": {"Authorization": "Bearer guessed-token-guessed"}},
    {"data": {"query": UPDATE}},
])
def test_updates_are_forbidden(endpoint_url, request_kwargs):
    response = httpx.post(endpoint_url, **request_kwargs)
    assert response.status_code == 403
    assert count(httpx.get(endpoint_url, params={"query": 'SELECT (COUNT(*) AS ?n) { ?s ?p "injected" }'})) == 0


def test_bad_update_get(endpoint_url):
    response = httpx.get(endpoint_url, params={"update": UPDATE})
    assert response.status_code == 400
    assert "POST" in response.text


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "select * where { service <http://example.org/sparql> { ?s ?p ?o } }",
])
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
    for args in [("DELETE", None, "query=ASK", b""), ("POST", "text/plain", "", b"ASK {}"),
                 ("POST", None, "", b"ASK {}"), ("GET", None, "query=a&query=b", b""),
                 ("POST", "application/sparql-query; charset=latin-1", "", b"ASK {}")]:
        with pytest.raises(ProtocolError):
            read_operation(*args)


def test_content_negotiation_rules():
    assert accepted_types("text/csv;q=0.2, application/xml, */*;q=0.1") == ["application/xml", "text/csv", "*/*"]
    assert choose_format("SELECT", "application/xml", None) == "xml"
    assert choose_format("CONSTRUCT", "application/xml", None) == "rdfxml"
    assert choose_format("CONSTRUCT", "text/*", None) == "turtle"
    assert choose_format("ASK", None, None) == "json"
    assert choose_format("DESCRIBE", "text/csv", "ttl") == "turtle"
    with pytest.raises(ProtocolError):
        choose_format("SELECT", "text/turtle", None)
    with pytest.raises(ProtocolError):
        choose_format("SELECT", None, "turtle")


def test_limits_page(endpoint_server):
    limits = json.loads(httpx.get(endpoint_server.url + "/limits").text)
    assert limits["maxRows"] == 500 and limits["timeoutSeconds"] == 3 and limits["updates"] is False


def test_browser_without_a_query_is_sent_to_the_page(endpoint_url):
    response = httpx.get(endpoint_url, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 303
    assert response.headers["location"] == "/"
