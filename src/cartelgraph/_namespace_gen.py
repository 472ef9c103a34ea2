"""Generate ``namespace.py`` from the ontology: ``python -m cartelgraph._namespace_gen``.

The test suite regenerates it in memory and compares, so the Python names and the ontology
never drift apart.
"""

from __future__ import annotations

import sys
from pathlib import Path

CG = "https://w3id.org/cartelgraph/ontology#"
HEADER = '''"""The cartelgraph vocabulary (cg:) as an rdflib ``DefinedNamespace``.

Generated from ontology/cartelgraph.ttl by ``python -m cartelgraph._namespace_gen``; do not edit.
A misspelled term raises ``AttributeError`` (``_fail = True``).
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class CG(DefinedNamespace):
    _NS = Namespace("{ns}")
    _fail = True

'''


def terms(ontology: Path) -> list[str]:
    import pyoxigraph as ox

    found = set()
    for triple in ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE):
        subject = triple.subject
        if isinstance(subject, ox.NamedNode) and subject.value.startswith(CG) and subject.value != CG:
            found.add(subject.value[len(CG):])
    return sorted(found, key=lambda t: (t[0].islower(), t))


def render(ontology: Path) -> str:
    body = "".join(f"    {term}: URIRef\n" for term in terms(ontology))
    return HEADER.replace("{ns}", CG) + body


def main() -> None:
    repo = Path(__file__).resolve().parents[2]
    target = Path(__file__).with_name("namespace.py")
    target.write_text(render(repo / "ontology" / "cartelgraph.ttl"), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
