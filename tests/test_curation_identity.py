"""same-as and duplicates: two entities recorded as one are one for queries, search and
analytics, and --undo brings both back."""

from __future__ import annotations

from conftest import folder_hash

from cartelgraph import open_graph
from cartelgraph.curation import turtle
from cartelgraph.curation.identity import find_duplicates, records
from cartelgraph.projection import project
from cartelgraph.resolve import resolve, search

P, Q = turtle.CGR + "person-p", turtle.CGR + "person-q"


def test_duplicates_lists_names_that_fold_to_the_same_form(tiny_graph, cg, tiny_data):
    found = find_duplicates(tiny_graph)
    assert [(d.first, d.second, d.strength) for d in found] == [(P, Q, 2)]
    assert "pérez" not in found[0].reason and "perez" in found[0].reason
    result = cg("duplicates", data=tiny_data)
    assert result.exit_code == 0 and "cgr:person-p" in result.output and "1 likely duplicate pair" in result.output


def test_duplicates_finds_a_label_inside_another_name(curation_data, tmp_path):
    from cartelgraph.curation.ingest import ingest

    path = tmp_path / "e.csv"
    path.write_text(
        "class,label,altLabel\nOfficial,Ana Ruiz,Doña Ana Álvarez\nCity,Bravo Town,Beto Bravo Town\n", encoding="utf-8"
    )
    ingest(open_graph(data=curation_data), curation_data, path, create_entities=True)
    found = {(d.first_label, d.second_label, d.strength) for d in find_duplicates(open_graph(data=curation_data))}
    assert ("Ana Ruiz", "Ana Álvarez", 1) in found  # 'Ana Álvarez' is inside the alias 'Doña Ana Álvarez'
    assert not any("Bravo" in first + second for first, second, _ in found)  # a city is no official


def test_same_as_makes_one_entity_and_undo_restores_both(curation_data, cg):
    before = folder_hash(curation_data / "graph")
    graph = open_graph(data=curation_data)
    assert {m.iri for m in search(graph, "Pérez")} == {P, Q}
    result = cg(
        "same-as",
        "Pedro Pérez",
        "cgr:person-q",
        "--reason",
        "one man under two names in the test data",
        "--source",
        "cgr:frontier-weekly",
        data=curation_data,
    )
    assert result.exit_code == 0, result.output
    assert [(r.merged, r.kept) for r in records(curation_data)] == [(Q, P)]
    graph = open_graph(data=curation_data)
    assert {m.iri for m in search(graph, "Pérez")} == {P}
    assert [m.iri for m in search(graph, "Quique Pérez")] == [P]  # the merged label is an alias now
    assert resolve(graph, "cgr:person-q") == P  # the merged IRI still resolves
    nodes = project(graph).nodes
    assert P in nodes and Q not in nodes
    label_count = graph.select("SELECT (COUNT(?l) AS ?n) WHERE { cgr:person-p rdfs:label ?l }")
    assert label_count == [{"n": 1}]
    assert cg("validate", data=curation_data).exit_code == 0

    assert cg("same-as", "Pedro Pérez", "Quique Pérez", "--reason", "again", data=curation_data).exit_code == 2

    result = cg("same-as", "--undo", "cgr:person-p", "cgr:person-q", data=curation_data)
    assert result.exit_code == 0, result.output
    graph = open_graph(data=curation_data)
    assert {m.iri for m in search(graph, "Pérez")} == {P, Q}
    assert Q in project(graph).nodes
    assert records(curation_data) == []
    (curation_data / "graph" / "same-as.ttl").unlink()
    assert folder_hash(curation_data / "graph") == before


def test_same_as_moves_claims_to_the_kept_entity(curation_data, cg):
    cg("same-as", "Quique Pérez", "Pedro Pérez", "--reason", "test", data=curation_data)
    graph = open_graph(data=curation_data)
    rows = graph.select("SELECT ?c WHERE { ?c cg:participant cgr:person-q }")
    assert {r["c"].rsplit("/", 1)[-1] for r in rows} >= {"c3", "c4", "c5"}  # Pedro's claims
    assert graph.select("SELECT ?c WHERE { ?c cg:participant cgr:person-p }") == []


def test_same_as_needs_a_reason(curation_data, cg):
    result = cg("same-as", "Pedro Pérez", "Quique Pérez", data=curation_data)
    assert result.exit_code == 2 and "--reason" in result.output


def test_a_link_to_an_outside_iri_merges_nothing(curation_data):
    (curation_data / "graph" / "links.ttl").write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n@prefix cgr: <https://w3id.org/cartelgraph/id/> .\n"
        "cgr:person-p owl:sameAs <http://www.wikidata.org/entity/Q1> .\n",
        encoding="utf-8",
    )
    graph = open_graph(data=curation_data)
    assert {m.iri for m in search(graph, "Pérez")} == {P, Q}
    assert P in project(graph).nodes
