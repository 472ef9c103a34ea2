"""Real SPARQL clients against ``cartelgraph serve``: SPARQLWrapper and rdflib's SPARQLStore,
in every result format and request method they offer; answers compared with the embedded
store's."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from cartelgraph.sparql import PROLOGUE

SELECT = PROLOGUE + """SELECT ?claim ?status WHERE { ?claim a cg:Claim ; cg:status ?status } ORDER BY ?claim ?status"""
ASK = PROLOGUE + "ASK { cgr:sinaloa-cartel a cg:CriminalOrganization }"
CONSTRUCT = PROLOGUE + "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a cg:Cartel ; rdfs:label ?l }"
SINALOA = rdflib.URIRef("https://w3id.org/cartelgraph/id/sinaloa-cartel")


@pytest.fixture(scope="module")
def expected_select(repo_graph):
    rows = repo_graph.select(SELECT)
    assert rows, "the real graph has claims with a status"
    return sorted((row["claim"], row["status"]) for row in rows)


@pytest.fixture(scope="module")
def expected_labels(repo_graph):
    return {(row["c"], row["l"]) for row in repo_graph.select("SELECT ?c ?l WHERE { ?c a cg:Cartel ; rdfs:label ?l }")}


def wrapper(endpoint_url, fmt, method=None):
    client = SPARQLWrapper(endpoint_url)
    client.setReturnFormat(fmt)
    if method == POSTDIRECTLY:
        client.setMethod(POST)
        client.setRequestMethod(POSTDIRECTLY)
    elif method == POST:
        client.setMethod(POST)
    return client


def _rows_from_table(text: str, separator: str, clean) -> list[tuple[str, str]]:
    lines = [line for line in text.replace("\r\n", "\n").split("\n") if line]
    assert [clean(v) for v in lines[0].split(separator)] == ["claim", "status"]
    return sorted(tuple(clean(v) for v in line.split(separator)) for line in lines[1:])


@pytest.mark.parametrize("method", [None, POST, POSTDIRECTLY])
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select(endpoint_url, expected_select, fmt, method):
    client = wrapper(endpoint_url, fmt, method)
    client.setQuery(SELECT)
    converted = client.query().convert()
    if fmt == JSON:
        rows = sorted((b["claim"]["value"], b["status"]["value"]) for b in converted["results"]["bindings"])
    elif fmt == XML:
        ns = "{http://www.w3.org/2005/sparql-results#}"
        rows = sorted(
            tuple(binding.find(f"{ns}uri").text for binding in result.findall(f"{ns}binding"))
            for result in _xml_results(converted)
        )
    elif fmt == CSV:
        rows = _rows_from_table(converted.decode(), ",", lambda v: v)
    else:
        rows = _rows_from_table(converted.decode(), "\t", lambda v: v.strip("<>?"))
    assert rows == expected_select


def _xml_results(document):
    """The <result> elements of a SPARQL XML results DOM as ElementTree elements."""
    import xml.etree.ElementTree as ET

    return ET.fromstring(document.toxml()).iter("{http://www.w3.org/2005/sparql-results#}result")


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_sparqlwrapper_ask(endpoint_url, fmt):
    client = wrapper(endpoint_url, fmt)
    client.setQuery(ASK)
    converted = client.query().convert()
    if fmt == JSON:
        assert converted["boolean"] is True
    else:
        assert converted.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD, XML])
def test_sparqlwrapper_construct(endpoint_url, expected_labels, fmt):
    client = wrapper(endpoint_url, fmt)
    client.setQuery(CONSTRUCT)
    converted = client.query().convert()
    if isinstance(converted, bytes):  # SPARQLWrapper hands Turtle and N3 over unparsed
        converted = rdflib.Graph().parse(data=converted, format="turtle")
    assert {(str(s), str(o)) for s, _, o in converted} == expected_labels


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
@pytest.mark.parametrize("return_format", ["xml", "json", "csv", "tsv"])
def test_rdflib_sparqlstore_select(endpoint_url, expected_select, return_format, method):
    graph = rdflib.Graph(store=SPARQLStore(endpoint_url, returnFormat=return_format, method=method))
    rows = sorted((str(row.claim), str(row.status)) for row in graph.query(SELECT))
    assert rows == expected_select


def test_rdflib_sparqlstore_ask_construct_and_triples(endpoint_url, expected_labels):
    graph = rdflib.Graph(store=SPARQLStore(endpoint_url, returnFormat="xml"))
    assert graph.query(ASK).askAnswer is True
    constructed = graph.query(CONSTRUCT).graph
    assert {(str(s), str(o)) for s, _, o in constructed} == expected_labels
    assert (SINALOA, rdflib.RDFS.label, None) in graph
    assert any(True for _ in graph.triples((SINALOA, None, None)))
