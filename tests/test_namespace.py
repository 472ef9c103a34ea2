from pathlib import Path

import pytest

from cartelgraph import _namespace_gen

REPO = Path(__file__).resolve().parents[1]


def test_namespace_module_matches_the_ontology():
    generated = _namespace_gen.render(REPO / "ontology" / "cartelgraph.ttl")
    current = (REPO / "src" / "cartelgraph" / "namespace.py").read_text(encoding="utf-8")
    assert current == generated, "run: python -m cartelgraph._namespace_gen"


def test_unknown_terms_raise():
    from cartelgraph.namespace import CG

    assert CG.Collusion == "https://w3id.org/cartelgraph/ontology#Collusion"
    assert type(CG.Collusion) is str
    with pytest.raises(AttributeError):
        CG.Colusion  # noqa: B018


def test_the_namespace_needs_no_rdflib():
    """The modules every command imports use the namespace: it must not pull rdflib in (its
    import alone outlasts a cold `cartelgraph query`)."""
    import subprocess
    import sys

    code = "import sys, cartelgraph.namespace; print(sorted(m for m in sys.modules if m.startswith('rdflib')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_every_term_has_label_and_comment():
    from rdflib import RDFS, Graph, URIRef

    from cartelgraph.namespace import CG

    graph = Graph().parse(REPO / "ontology" / "cartelgraph.ttl")
    for term in _namespace_gen.terms(REPO / "ontology" / "cartelgraph.ttl"):
        iri = URIRef(getattr(CG, term))
        assert graph.value(iri, RDFS.label), f"cg:{term} has no rdfs:label"
        assert graph.value(iri, RDFS.comment), f"cg:{term} has no rdfs:comment"


def test_contract_terms_exist():
    from cartelgraph.namespace import CG, NS

    for name in ["Person", "Official", "CriminalOrganization", "Cartel", "Agency", "Operation", "Law",
                 "Place", "Country", "State", "City", "Organization", "Substance", "Source",
                 "Collusion", "Arrest", "Extradition", "Deployment", "Claim", "Figure", "source",
                 "quote", "evidence", "date", "startDate", "endDate", "status", "Alleged", "Accused",
                 "Charged", "Convicted", "ChargesDropped", "Acquitted", "Denied", "Confirmed",
                 "Reported", "value", "colludedWith", "arrested", "extraditedTo", "deployedTo"]:
        assert getattr(CG, name) == NS + name


def test_every_derived_edge_names_roles_of_its_claim_class():
    from rdflib import Graph, URIRef

    from cartelgraph.namespace import CG

    graph = Graph().parse(REPO / "ontology" / "cartelgraph.ttl")
    from_claim, role = URIRef(CG.fromClaim), URIRef(CG.role)
    edges = list(graph.subjects(predicate=from_claim))
    assert len(edges) >= 20
    for edge in edges:
        cls = graph.value(edge, from_claim)
        roles = set(graph.objects(cls, role))
        assert graph.value(edge, URIRef(CG.sourceRole)) in roles, edge
        assert graph.value(edge, URIRef(CG.targetRole)) in roles, edge
