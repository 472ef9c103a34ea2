"""The projection's rows: equal to the one-query specification they replaced, kept beside the
store once computed, and recomputed when that file is missing or unreadable."""

import os
import sys
from pathlib import Path

import pytest

from cartelgraph.graph import open_graph
from cartelgraph.projection import PROJECTION_CACHE, Filters, project, projection_rows, weighted, weighted_network
from cartelgraph.store import derived_file

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

# The specification: what the projection meant as one SPARQL query each for nodes and edges
# (12 s at a million triples, which is why projection_rows reads simpler patterns instead). The
# edges are the store's cg:Link nodes, one per supporting claim: the projection and the links
# that SPARQL users follow apply the same rule.
SPEC_EDGES = """
SELECT ?claim ?claimClass ?relation ?relationLabel ?source ?target ?symmetric ?date ?startDate ?endDate ?status
       ?outcome ?established ?commentary
WHERE {
  ?link a cg:Link ; rdf:subject ?source ; rdf:predicate ?relation ; rdf:object ?target ; cg:supportedBy ?claim .
  ?relation a cg:DerivedEdge ; cg:fromClaim ?claimClass ; cg:sourceRole ?sr ; cg:targetRole ?tr ;
            rdfs:label ?relationLabel .
  ?claim a ?claimClass ; ?sr ?source ; ?tr ?target .
  FILTER(?sr != ?tr || STR(?source) < STR(?target))
  OPTIONAL { ?claim cg:date ?date }
  OPTIONAL { ?claim cg:startDate ?startDate }
  OPTIONAL { ?claim cg:endDate ?endDate }
  OPTIONAL { ?claim cg:status ?status }
  OPTIONAL { ?claim cg:outcome ?outcome }
  BIND(EXISTS { ?claim cg:status ?st ; a ?c . ?c cg:statusReading ?r . ?r cg:establishingStatus ?st }
       AS ?established)
  BIND(?sr = ?tr AS ?symmetric)
  BIND(EXISTS { ?relation a cg:CommentaryEdge } AS ?commentary)
}"""
SPEC_NODES = """
SELECT ?entity ?label ?class (GROUP_CONCAT(STR(?type); separator=" ") AS ?types) WHERE {
  ?entity a cg:Entity ; rdfs:label ?label ; a ?class ; a ?type .
  ?class rdfs:subClassOf* cg:Entity .
  ?type rdfs:subClassOf* cg:Entity .
  FILTER NOT EXISTS { ?entity a ?sub . ?sub rdfs:subClassOf ?class . FILTER(?sub != ?class) }
} GROUP BY ?entity ?label ?class"""


def specification(graph):
    nodes = {
        row["entity"]: (row["entity"], row["label"], row["class"], tuple(sorted(row["types"].split())))
        for row in graph.select(SPEC_NODES)
    }
    edges = {
        (
            row["source"],
            row["target"],
            row["relation"],
            row["relationLabel"],
            row["claim"],
            row["claimClass"],
            row["date"],
            row["startDate"],
            row["endDate"],
            row["status"],
            row["symmetric"],
            row["outcome"],
            row["established"],
            row["commentary"],
        )
        for row in graph.select(SPEC_EDGES)
        if row["source"] in nodes and row["target"] in nodes
    }
    return sorted(nodes.values()), sorted(edges)


@pytest.fixture(scope="module")
def synthetic_graph(tmp_path_factory):
    from generate import SIZES, generate

    out = tmp_path_factory.mktemp("synthetic") / "10k"
    generate(SIZES["10k"], out)
    return open_graph(data=out)


@pytest.mark.parametrize("name", ["repo_graph", "tiny_graph", "network_graph", "synthetic_graph"])
def test_rows_equal_the_one_query_specification(name, request):
    graph = request.getfixturevalue(name)
    nodes, edges = projection_rows(graph)
    spec_nodes, spec_edges = specification(graph)
    assert nodes == spec_nodes and len(nodes) > 0
    assert sorted(edges) == spec_edges and len(edges) > 0


def test_rows_are_kept_beside_the_store_and_read_back(data_copy):
    graph = open_graph(data=data_copy)
    kept = derived_file(graph.store_path, PROJECTION_CACHE)
    assert not kept.exists()
    first = project(graph)
    assert kept.is_file()
    os.utime(kept, (1, 1))
    again = project(open_graph(data=data_copy))
    assert os.stat(kept).st_mtime == 1  # read back, not written again
    assert list(first.edges(keys=True, data=True)) == list(again.edges(keys=True, data=True))
    assert dict(first.nodes(data=True)) == dict(again.nodes(data=True))


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"\xe9"])
def test_an_unreadable_rows_file_is_computed_again(data_copy, damage):
    graph = open_graph(data=data_copy)
    expected = list(project(graph).edges(keys=True, data=True))
    kept = derived_file(graph.store_path, PROJECTION_CACHE)
    kept.write_bytes(damage)
    assert list(project(graph).edges(keys=True, data=True)) == expected
    assert kept.stat().st_size > 100  # rewritten whole


def test_rows_that_cannot_be_kept_are_still_given(data_copy):
    graph = open_graph(data=data_copy)
    expected = list(project(graph).edges(keys=True, data=True))
    kept = derived_file(graph.store_path, PROJECTION_CACHE)
    kept.unlink()
    kept.mkdir()  # neither readable as a file nor replaceable by one (as in a read-only folder)
    assert list(project(graph).edges(keys=True, data=True)) == expected
    assert kept.is_dir()


def test_a_changed_graph_gets_its_own_rows(data_copy):
    graph = open_graph(data=data_copy)
    before = project(graph)
    (data_copy / "graph" / "entities" / "zz-extra.ttl").write_text(
        "@prefix cg: <https://w3id.org/cartelgraph/ontology#> .\n"
        "@prefix cgr: <https://w3id.org/cartelgraph/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'cgr:zz-new-cartel a cg:Cartel ; rdfs:label "Cártel Nuevo" .\n',
        encoding="utf-8",
    )
    after = project(open_graph(data=data_copy))
    assert "https://w3id.org/cartelgraph/id/zz-new-cartel" in after
    assert after.number_of_nodes() == before.number_of_nodes() + 1


@pytest.mark.parametrize(
    "filters",
    [Filters(), Filters.of(exclude_statuses=["Alleged"]), Filters.of(classes=["Person"]), Filters.of(as_of="2019")],
)
def test_weighted_network_equals_weighted_projection(repo_graph, filters):
    direct, via = weighted_network(repo_graph, filters), weighted(project(repo_graph, filters))
    assert list(direct.nodes(data=True)) == list(via.nodes(data=True))
    assert list(direct.edges(data=True)) == list(via.edges(data=True))
