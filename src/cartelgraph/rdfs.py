"""The RDFS closure that ``validate`` gives SHACL, computed with Python sets.

The shapes need RDFS entailment so that subclasses are targeted, role properties count as
``cg:participant`` and ``rdfs:domain``/``rdfs:range`` type what they reach. pySHACL's
``inference="rdfs"`` runs owlrl's rule engine, which looks every premise up in the rdflib
store, triple by triple, cycle after cycle: half of ``validate``'s time. This computes the
same closure (the rules of RDF 1.1 Semantics, section 9.2.1, as owlrl applies them: rdf1,
rdfs2–rdfs12 and a datatype's ``rdfs:subClassOf rdfs:Literal``; rdfs4a/4b on the given
triples only; no axiomatic triples; no triple with a literal predicate) from indexes kept in
dictionaries. ``tests/test_rdfs.py`` checks that both give the same triples.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import RDF, RDFS, Literal

TYPE, DOMAIN, RANGE = RDF.type, RDFS.domain, RDFS.range
SUBCLASS, SUBPROPERTY = RDFS.subClassOf, RDFS.subPropertyOf


def rdfs_closure(triples: set[tuple]) -> set[tuple]:
    """``triples`` (rdflib terms) and every triple RDFS entails from them."""
    closure = set(triples) | {(node, TYPE, RDFS.Resource) for s, _, o in triples for node in (s, o)}  # rdfs4a/b
    while found := _one_round(closure) - closure:
        closure |= found
    return closure


def _one_round(graph: set[tuple]) -> set[tuple]:
    """What one application of every rule to ``graph`` gives."""
    grouped = defaultdict(list)
    for s, p, o in graph:
        grouped[p].append((s, o))
    by_predicate = dict(grouped)
    instances = _index(by_predicate, TYPE, by_object=True)
    superclasses, superproperties = _index(by_predicate, SUBCLASS), _index(by_predicate, SUBPROPERTY)

    found = {(p, TYPE, RDF.Property) for p in by_predicate}  # rdf1
    for prop, cls in by_predicate.get(DOMAIN, ()):  # rdfs2
        found.update((s, TYPE, cls) for s, _ in by_predicate.get(prop, ()))
    for prop, cls in by_predicate.get(RANGE, ()):  # rdfs3
        found.update((o, TYPE, cls) for _, o in by_predicate.get(prop, ()))
    for prop, upper in by_predicate.get(SUBPROPERTY, ()):
        found.update((prop, SUBPROPERTY, top) for top in superproperties.get(upper, ()))  # rdfs5
        if not isinstance(upper, Literal):  # rdfs7 (a literal is no predicate)
            found.update((s, upper, o) for s, o in by_predicate.get(prop, ()))
    for node in instances.get(RDF.Property, ()):  # rdfs6
        found.add((node, SUBPROPERTY, node))
    for node in instances.get(RDFS.Class, ()):  # rdfs8, rdfs10
        found.update(((node, SUBCLASS, RDFS.Resource), (node, SUBCLASS, node)))
    for cls, upper in by_predicate.get(SUBCLASS, ()):
        found.update((node, TYPE, upper) for node in instances.get(cls, ()))  # rdfs9
        found.update((cls, SUBCLASS, top) for top in superclasses.get(upper, ()))  # rdfs11
    for node in instances.get(RDFS.ContainerMembershipProperty, ()):  # rdfs12
        found.add((node, SUBPROPERTY, RDFS.member))
    for node in instances.get(RDFS.Datatype, ()):  # rdfs13
        found.add((node, SUBCLASS, RDFS.Literal))
    return found


def _index(by_predicate: dict, predicate, by_object: bool = False) -> dict:
    """The subjects of ``predicate`` with their objects (or the objects with their subjects)."""
    index = defaultdict(list)
    for s, o in by_predicate.get(predicate, ()):
        if by_object:
            index[o].append(s)
        else:
            index[s].append(o)
    return index
