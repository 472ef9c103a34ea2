import json
import re
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

    for name in [
        "Person",
        "Official",
        "CriminalOrganization",
        "Cartel",
        "Agency",
        "Operation",
        "Law",
        "Place",
        "Country",
        "State",
        "City",
        "Organization",
        "Substance",
        "Source",
        "Collusion",
        "Arrest",
        "Extradition",
        "Deployment",
        "Claim",
        "Figure",
        "source",
        "quote",
        "evidence",
        "date",
        "startDate",
        "endDate",
        "status",
        "Alleged",
        "Accused",
        "Charged",
        "Convicted",
        "ChargesDropped",
        "Acquitted",
        "Denied",
        "Confirmed",
        "Reported",
        "value",
        "colludedWith",
        "arrested",
        "extraditedTo",
        "deployedTo",
    ]:
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


# Where Python, SPARQL and the docs name cg: terms: as prefixed names (cg:Collusion), through the
# namespace (CG.Collusion) or as full IRIs. Each must be a term the ontology describes.
TERM_USE = re.compile(
    r"(?<![\w/#.-])cg:([A-Za-z_]\w*)|\bCG\.([A-Za-z_]\w*)"
    r"|https://w3id\.org/cartelgraph/ontology#([A-Za-z_]\w*)"
)
# The namespace and its generator show a misspelt term on purpose.
NOT_SCANNED = {"namespace.py", "_namespace_gen.py"}


def ontology_terms() -> set[str]:
    """The local names of every cg: IRI the ontology describes, read with pyoxigraph (not
    through namespace.py, which is what is checked)."""
    import pyoxigraph as ox

    parser = ox.parse(path=str(REPO / "ontology" / "cartelgraph.ttl"), format=ox.RdfFormat.TURTLE)
    subjects = [triple.subject for triple in parser]
    ns = parser.prefixes["cg"]
    return {s.value[len(ns) :] for s in subjects if isinstance(s, ox.NamedNode) and s.value.startswith(ns)} - {""}


def undefined_terms(text: str, defined: set[str]) -> set[str]:
    return {next(name for name in match.groups() if name) for match in TERM_USE.finditer(text)} - defined


def scanned_texts():
    """``(path, text)`` for the code under src/ (.py, .rq, .js), the notebooks' code cells and
    the docs (README and docs/, whole: prose names terms too)."""
    for path in sorted((REPO / "src").rglob("*")):
        if path.suffix in (".py", ".rq", ".js") and path.name not in NOT_SCANNED:
            yield path, path.read_text(encoding="utf-8")
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        yield path, "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
    for path in [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]:
        yield path, path.read_text(encoding="utf-8")


def test_the_scan_finds_a_misspelt_term_in_each_form():
    defined = ontology_terms()
    text = 'SELECT ?c { ?c a cg:Colusion } ... CG.Arest ... "https://w3id.org/cartelgraph/ontology#Extradiction"'
    assert undefined_terms(text, defined) == {"Colusion", "Arest", "Extradiction"}
    assert undefined_terms("PREFIX cg: <x> ?c a cg:Collusion . CG.Arrest", defined) == set()


def test_every_cg_term_used_is_defined_in_the_ontology():
    defined = ontology_terms()
    assert {"Collusion", "status", "Alleged"} <= defined
    texts = list(scanned_texts())
    assert sum(path.suffix == ".rq" for path, _ in texts) > 10 and any(p.suffix == ".ipynb" for p, _ in texts)
    unknown = {str(path.relative_to(REPO)): sorted(undefined_terms(text, defined)) for path, text in texts}
    assert {path: terms for path, terms in unknown.items() if terms} == {}


def test_python_declares_the_cg_namespace_once():
    """Only namespace.py holds the cg: IRI: other modules take CG.x, NS or sparql.PREFIXES, and
    none builds a term by hand (``CG + "x"``)."""
    declared = re.compile(r"""["<]https://w3id\.org/cartelgraph/ontology#[">]""")
    by_hand = re.compile(r"""\b(CG|NS) \+ ["']""")
    offenders = []
    for path in sorted((REPO / "src").rglob("*.py")):
        if path.name == "namespace.py":
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.name}: {m.group(0)}" for m in (*declared.finditer(text), *by_hand.finditer(text))]
    assert offenders == []
    assert declared.search((REPO / "src/cartelgraph/namespace.py").read_text(encoding="utf-8"))


def test_the_query_page_knows_the_same_prefixes():
    from cartelgraph.sparql import PREFIXES

    script = (REPO / "src/cartelgraph/server/static/app.js").read_text(encoding="utf-8")
    block = script[script.index("const PREFIXES = {") :]
    block = block[: block.index("};")]
    assert dict(re.findall(r'(\w+): "([^"]+)"', block)) == PREFIXES
