"""The store's fast inference adds exactly the triples of the SPARQL rules it replaces."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from conftest import FIXTURES, REPO, make_data_dir
from rdflib import Graph
from rdflib.compare import isomorphic

from cartelgraph.data import input_files
from cartelgraph.sparql import PREFIXES
from cartelgraph.store import MATERIALIZE, build_store


def reference(data_dir) -> bytes:
    """The store as the SPARQL rules make it: every file loaded, every update run in turn."""
    store = ox.Store()
    for path in input_files(data_dir):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    for rule in MATERIALIZE:
        store.update(rule, prefixes=PREFIXES)
    return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())


def built(data_dir, tmp_path) -> bytes:
    target = tmp_path / "store"
    build_store(data_dir, input_files(data_dir), target, progress=False)
    return ox.Store.read_only(str(target)).dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())


def assert_same(expected: bytes, got: bytes) -> None:
    if b"_:" in expected or b"_:" in got:  # blank node labels differ between loads
        assert isomorphic(Graph().parse(data=expected, format="nt"), Graph().parse(data=got, format="nt"))
    else:
        missing = set(expected.splitlines()) - set(got.splitlines())
        extra = set(got.splitlines()) - set(expected.splitlines())
        assert not missing and not extra, (sorted(missing)[:5], sorted(extra)[:5])


@pytest.mark.parametrize("name", ["edge-cases", "blank-nodes"])
def test_inference_matches_the_rules_on_edge_cases(tmp_path, name):
    data = make_data_dir(tmp_path / "data", [FIXTURES / "inference" / f"{name}.ttl"])
    assert_same(reference(data), built(data, tmp_path))


def test_edge_cases_infer_what_they_should(tmp_path):
    """The fixture really exercises the rules (not two empty answers agreeing)."""
    data = make_data_dir(tmp_path / "data", [FIXTURES / "inference" / "edge-cases.ttl"])
    target = tmp_path / "store"
    build_store(data, input_files(data), target, progress=False)
    store = ox.Store.read_only(str(target))
    prefixes = {
        "cg": "https://w3id.org/cartelgraph/ontology#",
        "cgr": "https://w3id.org/cartelgraph/id/",
        "ex": "https://example.org/test#",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    }
    for ask in [
        "ASK { cgr:k1 cg:colluder cgr:a ; cg:participant cgr:a ; a cg:Claim }",  # merged, sub-sub-property
        "ASK { cgr:b ex:tiedTo cgr:k1 }",  # symmetric super-property, reversed
        "ASK { cgr:b ex:Pact cgr:a }",  # derived edge of a declared kind, from a subclass
        "ASK { cgr:a cg:colludedWith cgr:b }",  # k5: convicted, status through a sub-property
        "ASK { cgr:a cg:cooperatedWith cgr:b }",
        "ASK { cgr:b cg:attemptedArrestOf cgr:a }",  # k6
        "ASK { cgr:b cg:arrested cgr:a }",  # k7: reversed, so carried out
        "ASK { cgr:b cg:accused cgr:a }",  # k8: the accusing stands, whatever became of the charges
        # k1 (alleged) and k9 (charges dropped): no direct edge, but a link to the claim
        "ASK { ?l rdf:subject cgr:a ; rdf:predicate cg:colludedWith ; rdf:object cgr:b ; cg:supportedBy cgr:k1 }",
        "ASK { ?l rdf:subject cgr:b ; rdf:predicate cg:colludedWith ; rdf:object cgr:a ; cg:supportedBy cgr:k9 }",
        "ASK { ?l rdf:subject cgr:b ; rdf:predicate cg:attemptedArrestOf ; rdf:object cgr:a ; "
        "cg:supportedBy cgr:k6 ; a cg:Link }",
    ]:
        assert store.query(ask, prefixes=prefixes), ask
    for ask in [
        "ASK { cgr:b cg:colludedWith cgr:b }",
        "ASK { cgr:b cg:colludedWith cgr:a }",  # k9 only: charges dropped
        "ASK { ?l rdf:subject cgr:b ; rdf:predicate cg:arrested ; rdf:object cgr:a ; cg:supportedBy cgr:k6 }",
    ]:
        assert not store.query(ask, prefixes=prefixes), ask


@pytest.mark.parametrize("name, fast", [("edge-cases", True), ("blank-nodes", False)])
def test_the_fast_path_runs_unless_the_data_needs_the_rules(tmp_path, name, fast):
    from cartelgraph.inference import Unsupported, infer

    data = make_data_dir(tmp_path / "data", [FIXTURES / "inference" / f"{name}.ttl"])
    store = ox.Store()
    for path in input_files(data):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    for rule in MATERIALIZE[:3]:  # the same-as rules run first, as in the build
        store.update(rule, prefixes=PREFIXES)
    if fast:
        assert infer(store, input_files(data), tmp_path / "out.nt") > 0
    else:
        with pytest.raises(Unsupported):
            infer(store, input_files(data), tmp_path / "out.nt")


def test_inference_matches_the_rules_on_the_tiny_graph(tiny_data, tmp_path):
    assert_same(reference(tiny_data), built(tiny_data, tmp_path))


def test_inference_matches_the_rules_on_the_real_graph(tmp_path):
    assert_same(reference(REPO), built(REPO, tmp_path))


def test_inference_matches_the_rules_on_synthetic_data(tmp_path):
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import SIZES, generate

    generate(SIZES["10k"], tmp_path / "data")
    assert_same(reference(tmp_path / "data"), built(tmp_path / "data", tmp_path))
