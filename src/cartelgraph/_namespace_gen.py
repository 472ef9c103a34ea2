"""Generate ``namespace.py`` from the ontology: ``python -m cartelgraph._namespace_gen``.

The test suite regenerates it in memory and compares, so the Python names and the ontology
never drift apart. The namespace IRI is the ontology's own ``@prefix cg:``.

The generated module holds plain strings, not an rdflib ``DefinedNamespace``: importing rdflib
takes longer than a whole cold ``cartelgraph query`` (~0.15 s against ~0.09 s), and the modules
on that path (``sparql``, ``store``) need the terms. A class attribute gives what
``DefinedNamespace(_fail=True)`` gave: ``CG.Colusion`` raises ``AttributeError`` where it is read.
"""

from __future__ import annotations

import keyword
import sys
from pathlib import Path

HEADER = '''"""The cartelgraph vocabulary (cg:): each term of the ontology as its full IRI, a plain string.

Generated from ontology/cartelgraph.ttl by ``python -m cartelgraph._namespace_gen``; do not edit.
``CG.Collusion`` is ``"{ns}Collusion"``; a misspelt term (``CG.Colusion``) raises
``AttributeError`` where it is read. Plain strings, so that the modules every command imports
need no rdflib (whose import alone outlasts a cold ``cartelgraph query``): wrap a term in
``pyoxigraph.NamedNode`` or ``rdflib.URIRef`` where a term object is needed.
"""

NS = "{ns}"


class CG:
    """The terms of the cg: namespace (classes, properties and individuals of the ontology)."""

    __slots__ = ()

'''


def namespace(ontology: Path) -> str:
    """The IRI the ontology declares for ``cg:``."""
    import pyoxigraph as ox

    parser = ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE)
    for _ in parser:
        pass
    try:
        return parser.prefixes["cg"]
    except KeyError:
        raise SystemExit(f"{ontology}: no @prefix cg: declared") from None


def terms(ontology: Path) -> list[str]:
    """The local names of every cg: IRI the ontology describes (as a subject), classes first."""
    import pyoxigraph as ox

    ns = namespace(ontology)
    found = set()
    for triple in ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE):
        subject = triple.subject
        if isinstance(subject, ox.NamedNode) and subject.value.startswith(ns) and subject.value != ns:
            found.add(subject.value[len(ns) :])
    return sorted(found, key=lambda t: (t[0].islower(), t))


def render(ontology: Path) -> str:
    ns = namespace(ontology)
    unfit = [term for term in terms(ontology) if not term.isidentifier() or keyword.iskeyword(term)]
    if unfit:
        raise SystemExit(f"{ontology}: not a Python name, rename: {', '.join(unfit)}")
    body = "".join(f'    {term} = "{ns}{term}"\n' for term in terms(ontology))
    return HEADER.replace("{ns}", ns) + body


def main() -> None:
    repo = Path(__file__).resolve().parents[2]
    target = Path(__file__).with_name("namespace.py")
    target.write_text(render(repo / "ontology" / "cartelgraph.ttl"), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
