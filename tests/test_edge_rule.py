"""The rule of direct edges (issue 14): the ontology states it, the build applies it, and
checks/derived-edge-without-claim-violation.rq fails on any direct edge it does not allow."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from conftest import REPO
from rdflib import Graph

from cartelgraph.edge_rule import establishes, link_iri, outcome_fits
from cartelgraph.namespace import CG
from cartelgraph.queries import get
from cartelgraph.sparql import PROLOGUE

CHECK = "derived-edge-without-claim-violation"
CGR = "https://w3id.org/cartelgraph/id/"
# The rule before issue 14: every claim of the class made the direct edge, whatever it said.
OLD_RULE = """PREFIX cg: <https://w3id.org/cartelgraph/ontology#>
INSERT { ?s ?edge ?t } WHERE {
    ?edge a cg:DerivedEdge ; cg:fromClaim ?cls ; cg:sourceRole ?sr ; cg:targetRole ?tr .
    ?claim a ?cls ; ?sr ?s ; ?tr ?t .
    FILTER(?s != ?t)
}"""


def violations(store) -> set[tuple[str, str, str]]:
    """(subject, edge, target) of every row the check returns."""
    rows = set()
    for solution in store.query(PROLOGUE + get(CHECK, "checks").text):
        message = solution["message"].value
        edge, target = message.split("<")[1].split(">")[0], message.split("<")[2].split(">")[0]
        rows.add((solution["subject"].value, edge, target))
    return rows


def store_copy(repo_graph, tmp_path):
    """A writable copy of the real built store."""
    copy = ox.Store(str(tmp_path / "store"))
    copy.bulk_load(
        ox.Store.read_only(str(repo_graph.store_path)).dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS
    )
    return copy


def test_the_check_passes_on_the_real_graph(repo_graph):
    assert violations(ox.Store.read_only(str(repo_graph.store_path))) == set()


def test_the_check_fails_when_the_build_derives_edges_as_it_did_before(repo_graph, tmp_path):
    """A broken build: the old rule adds a direct edge for every claim."""
    store = store_copy(repo_graph, tmp_path)
    store.update(OLD_RULE)
    found = violations(store)
    assert (CGR + "government-of-mexico", CG.arrested, CGR + "nemesio-oseguera-cervantes") in found
    assert (CGR + "mexican-armed-forces", CG.arrested, CGR + "nemesio-oseguera-cervantes") in found
    assert (CGR + "salvador-cienfuegos", CG.colludedWith, CGR + "beltran-leyva-cartel") in found
    # ...and names only edges that no claim establishes: García Luna's conviction still does
    assert (CGR + "genaro-garcia-luna", CG.colludedWith, CGR + "sinaloa-cartel") not in found


def test_validate_fails_on_a_copy_with_bare_edges(data_copy, cg):
    """A broken copy of the data: the two edges the rule forbids, typed into graph/."""
    (data_copy / "graph" / "bare-edges.ttl").write_text(
        "@prefix cg: <https://w3id.org/cartelgraph/ontology#> .\n"
        "@prefix cgr: <https://w3id.org/cartelgraph/id/> .\n"
        "cgr:government-of-mexico cg:arrested cgr:nemesio-oseguera-cervantes .\n"
        "cgr:salvador-cienfuegos cg:colludedWith cgr:beltran-leyva-cartel .\n",
        encoding="utf-8",
    )
    result = cg("validate", data=data_copy)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if f"[{CHECK}]" in line]
    assert len(lines) == 2, result.output
    assert any(
        "cgr:government-of-mexico: has <https://w3id.org/cartelgraph/ontology#arrested> to "
        "<https://w3id.org/cartelgraph/id/nemesio-oseguera-cervantes>" in line
        for line in lines
    ), lines
    assert any(
        "cgr:salvador-cienfuegos: has <https://w3id.org/cartelgraph/ontology#colludedWith> to "
        "<https://w3id.org/cartelgraph/id/beltran-leyva-cartel>" in line
        for line in lines
    ), lines


def test_the_store_holds_the_rule_on_the_real_graph(repo_graph):
    ask = lambda text: repo_graph.query(text).boolean  # noqa: E731
    assert not ask("ASK { ?who cg:arrested cgr:nemesio-oseguera-cervantes }")
    assert ask("ASK { cgr:government-of-mexico cg:attemptedArrestOf cgr:nemesio-oseguera-cervantes }")
    assert not ask("ASK { cgr:salvador-cienfuegos cg:colludedWith cgr:beltran-leyva-cartel }")
    assert ask("ASK { cgr:genaro-garcia-luna cg:colludedWith cgr:sinaloa-cartel }")
    assert not ask("ASK { cgr:trump-administration cg:struck ?target }")


def test_the_link_pattern_reaches_the_claims_behind_a_pair(repo_graph):
    """The documented pattern: from two entities (or a direct edge) to the claims, with status
    and outcome, whether or not the direct triple exists."""
    rows = repo_graph.select("""
        SELECT ?relation ?claim ?status ?outcome WHERE {
          ?link rdf:subject cgr:salvador-cienfuegos ; rdf:predicate ?relation ;
                rdf:object cgr:beltran-leyva-cartel ; cg:supportedBy ?claim .
          ?claim cg:status ?status OPTIONAL { ?claim cg:outcome ?outcome } }""")
    assert [(r["relation"], r["claim"], r["status"]) for r in rows] == [
        (CG.colludedWith, CGR + "collusion-cienfuegos-beltran-leyva", CG.ChargesDropped)
    ]


def test_every_claim_class_names_one_status_reading():
    ontology = Graph().parse(REPO / "ontology" / "cartelgraph.ttl")
    from rdflib import RDFS, URIRef

    classes = set(ontology.subjects(RDFS.subClassOf, URIRef(CG.Claim)))
    assert len(classes) > 30
    for cls in classes:
        readings = set(ontology.objects(cls, URIRef(CG.statusReading)))
        assert len(readings) == 1, cls
    edges = set(ontology.subjects(URIRef(CG.forOutcome), None))
    assert len(edges) > 3
    for edge in edges:
        for outcome in ontology.objects(edge, URIRef(CG.forOutcome)):
            assert ontology.value(outcome, URIRef(CG.establishesAction)) is not None, outcome


@pytest.mark.parametrize(
    "required, outcomes, fits",
    [
        ((), (), True),
        ((), ("done",), True),
        ((), ("done", "tried"), False),
        (("tried",), (), False),
        (("tried",), ("tried",), True),
        (("tried",), ("done",), False),
    ],
)
def test_outcome_fits(required, outcomes, fits):
    assert outcome_fits(frozenset(required), set(outcomes), {"done"}) is fits


def test_establishes_reads_any_class_of_the_claim():
    readings = {"Relation": frozenset({"Confirmed"}), "Act": frozenset({"Confirmed", "Dropped"})}
    assert establishes({"Sub", "Relation"}, {"Confirmed"}, readings)
    assert not establishes({"Sub", "Relation"}, {"Dropped"}, readings)
    assert establishes({"Act"}, {"Dropped"}, readings)
    assert not establishes({"Unread"}, {"Confirmed"}, readings)


def test_link_iri_is_the_one_the_sparql_rule_mints():
    store = ox.Store()
    [row] = store.query('SELECT (SHA1(CONCAT("https://x/a", " ", "https://x/p", " ", "https://x/b")) AS ?h) {}')
    assert link_iri("https://x/a", "https://x/p", "https://x/b").endswith(row["h"].value)


@pytest.mark.parametrize(
    "source, target, relation, direct, status",
    [
        ("salvador-cienfuegos", "beltran-leyva-cartel", "colludedWith", "no", "charges dropped"),
        ("genaro-garcia-luna", "sinaloa-cartel", "colludedWith", "yes", "convicted"),
        ("government-of-mexico", "nemesio-oseguera-cervantes", "attemptedArrestOf", "yes", "reported"),
    ],
)
def test_the_edge_claims_query_gives_each_claim_with_its_status(repo_graph, source, target, relation, direct, status):
    rows = repo_graph.select(
        get("edge-claims").text, {"source": ox.NamedNode(CGR + source), "target": ox.NamedNode(CGR + target)}
    )
    assert {(r["relation"], r["direct"], r["status"]) for r in rows} == {(getattr(CG, relation), direct, status)}
    assert all(r["quote"] for r in rows)
