"""cartelgraph.rdfs gives SHACL the same RDFS closure as pySHACL's own inference="rdfs"."""

from __future__ import annotations

import owlrl
import pytest
from conftest import FIXTURES, REPO
from pyshacl.inference import CustomRDFSSemantics
from rdflib import Graph

from cartelgraph.data import input_files
from cartelgraph.rdfs import rdfs_closure
from cartelgraph.validate import _rdflib_triples

# Every rule at least once, chained: a sub-property of a sub-property with a domain and a range,
# a range reaching a literal, a class hierarchy three deep, rdf:Property, rdfs:Class,
# rdfs:Datatype and container-membership instances, and a literal as a super-property.
EVERY_RULE = """
@prefix : <urn:x:> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
:colluder rdfs:subPropertyOf :participant . :participant rdfs:subPropertyOf :involves .
:involves rdfs:domain :Claim ; rdfs:range :Entity .
:name rdfs:range :Name . :odd rdfs:subPropertyOf "not a property" .
:Cartel rdfs:subClassOf :Organization . :Organization rdfs:subClassOf :Entity . :Entity a rdfs:Class .
:c1 :colluder :sinaloa ; :name "Cartel" ; :odd :x .
:sinaloa a :Cartel . :p a rdf:Property . :d a rdfs:Datatype . :m a rdfs:ContainerMembershipProperty .
"""


def owlrl_closure(triples: set[tuple]) -> set[tuple]:
    """What pySHACL's inference="rdfs" adds, run as pySHACL runs it (improved_datatypes off:
    it would change how rdflib reads literals for the rest of the test session)."""
    graph = Graph()
    graph.addN((*triple, graph) for triple in triples)
    owlrl.DeductiveClosure(CustomRDFSSemantics, improved_datatypes=False).expand(graph)
    return set(graph)


@pytest.mark.parametrize(
    "files",
    [input_files(REPO), [FIXTURES / "hostile.ttl", FIXTURES / "investigate.ttl"]],
    ids=["real-graph", "fixtures"],
)
def test_the_closure_is_owlrls(files):
    triples = _rdflib_triples(files)
    assert rdfs_closure(triples) == owlrl_closure(triples)


def test_every_rule_gives_what_owlrl_gives(tmp_path):
    path = tmp_path / "rules.ttl"
    path.write_text(EVERY_RULE, encoding="utf-8")
    triples = _rdflib_triples([path])
    closure = rdfs_closure(triples)
    assert closure == owlrl_closure(triples)
    assert len(closure) > 2 * len(triples)  # the rules did add something
