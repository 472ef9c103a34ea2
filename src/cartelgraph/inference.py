"""The build-time inference of :data:`cartelgraph.store.MATERIALIZE`, computed fast.

The SPARQL update rules in ``store.MATERIALIZE`` are the specification: superclass types,
super-property links, symmetric links, the derived direct edges and their links to claims, in
that order, each rule seeing what the previous ones added. Run as updates inside Oxigraph they cost ~20 s at a
million triples (every rule scans and decodes its matches, and each insert is a transaction).

Here the (small) schema is read from the store with a few constant-predicate queries, the
closures are computed in Python, and the data files are read once more with the Rust parser
to produce every inferred triple. They are written as N-Triples to one file and added with a
single ``bulk_load``. The result is the same set of triples; when the data does something that
this shortcut does not model (schema properties that are themselves sub-properties or
symmetric, blank nodes or literals in the schema, an inferred triple about a blank node), the
caller runs the SPARQL rules instead. ``tests/test_inference.py`` checks that both agree.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from cartelgraph.data import parse_turtle
from cartelgraph.edge_rule import establishes, link_iri, outcome_fits
from cartelgraph.internal_queries import query
from cartelgraph.namespace import CG
from cartelgraph.sparql import PREFIXES
from cartelgraph.substitute import filled

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
SUBPROPERTY = "http://www.w3.org/2000/01/rdf-schema#subPropertyOf"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
SYMMETRIC = "http://www.w3.org/2002/07/owl#SymmetricProperty"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
# Properties the rules read to find the schema: if inference could add triples of these, the
# schema itself would change while the rules run, which the shortcut does not follow.
SCHEMA_PROPERTIES = (
    RDF_TYPE,
    SUBCLASS,
    SUBPROPERTY,
    CG.fromClaim,
    CG.sourceRole,
    CG.targetRole,
    CG.forOutcome,
    CG.statusReading,
    CG.establishingStatus,
    CG.establishesAction,
)
STATUS, OUTCOME = CG.status, CG.outcome


class Unsupported(Exception):
    """The data needs the SPARQL rules themselves (see the module docstring)."""


def infer(store, files: list[Path], out: Path) -> int:
    """Write every triple the inference rules add to ``store`` into ``out`` (N-Triples) and
    return how many lines were written (duplicates included: the store keeps a set).

    ``store`` holds the loaded data, after the same-as rules; ``files`` are the Turtle files it
    was loaded from. Raises :class:`Unsupported` when the shortcut cannot vouch for the result.
    """
    import pyoxigraph as ox

    schema = _Schema.read(store)
    affected = _same_as_terms(store)
    claims_wanted = {cls for _, cls, _, _ in schema.derived} | set(schema.readings)
    roles_wanted = {role for _, _, sr, tr in schema.derived for role in (sr, tr)} | {STATUS, OUTCOME}
    type_node = ox.NamedNode(RDF_TYPE)
    # For each predicate: the predicates its triples also hold for (itself included), and those
    # of them that are symmetric (the triple then holds reversed, too).
    up = {p: (p, *schema.superproperties[p]) for p in schema.superproperties}
    plan = {}
    for p, ups in up.items():
        forward = tuple(q for q in ups if q != p)
        reverse = tuple(q for q in ups if q in schema.symmetric)
        if forward or reverse or set(ups) & roles_wanted:
            plan[ox.NamedNode(p)] = (
                forward,
                reverse,
                tuple(q for q in ups if q in roles_wanted),
                tuple(q for q in reverse if q in roles_wanted),
            )
    for p in schema.symmetric | roles_wanted:
        if ox.NamedNode(p) not in plan:
            plan[ox.NamedNode(p)] = (
                (),
                (p,) if p in schema.symmetric else (),
                (p,) if p in roles_wanted else (),
                (p,) if p in roles_wanted and p in schema.symmetric else (),
            )
    supers = schema.superclasses
    # claim -> its classes (inferred ones included) that derive edges or read statuses
    classes_of: dict = defaultdict(set)
    roles_of: dict = defaultdict(lambda: defaultdict(set))  # claim -> role -> values
    written = 0

    with open(out, "w", encoding="utf-8") as sink:

        def emit(s, p: str, o) -> None:
            nonlocal written
            if isinstance(s, ox.Literal):
                return  # not a valid triple: a SPARQL INSERT leaves it out too
            if isinstance(s, ox.BlankNode) or isinstance(o, ox.BlankNode):
                raise Unsupported("an inferred triple about a blank node")
            sink.write(f"{s} <{p}> {o} .\n")
            written += 1

        def triples():
            for path in files:
                for quad in parse_turtle(path):
                    if affected and (quad.subject in affected or quad.object in affected):
                        continue  # rewritten by the same-as rules: taken from the store below
                    yield quad
            for term in affected:
                yield from store.quads_for_pattern(term, None, None, ox.DefaultGraph())
                for quad in store.quads_for_pattern(None, None, term, ox.DefaultGraph()):
                    if quad.subject not in affected:  # already given by the line above
                        yield quad

        for quad in triples():
            p = quad.predicate
            if p == type_node:
                cls = quad.object
                if isinstance(cls, ox.NamedNode):
                    above = supers.get(cls.value, ())
                    for sup in above:
                        emit(quad.subject, RDF_TYPE, f"<{sup}>")
                    if claims_wanted:
                        found = claims_wanted.intersection((cls.value, *above))
                        if found:
                            classes_of[quad.subject].update(found)
                continue
            todo = plan.get(p)
            if todo is None:
                continue
            forward, reverse, role_forward, role_reverse = todo
            s, o = quad.subject, quad.object
            for q in forward:
                emit(s, q, o)
            for q in reverse:
                emit(o, q, s)
            for q in role_forward:
                roles_of[s][q].add(o)
            for q in role_reverse:
                if not isinstance(o, ox.Literal):
                    roles_of[o][q].add(s)

        link_type, supported_by = f"<{CG.Link}>", CG.supportedBy
        for claim, classes in classes_of.items():
            roles = roles_of.get(claim)
            if not roles:
                continue
            outcomes = {o.value for o in roles.get(OUTCOME, ()) if isinstance(o, ox.NamedNode)}
            if len(outcomes) != len(roles.get(OUTCOME, ())):
                raise Unsupported("an outcome that is not an IRI")
            statuses = {s.value for s in roles.get(STATUS, ()) if isinstance(s, ox.NamedNode)}
            established = establishes(classes, statuses, schema.readings)
            for edge, cls, sr, tr in schema.derived:
                if cls not in classes or not outcome_fits(
                    schema.outcomes.get(edge, ()), outcomes, schema.establishing_outcomes
                ):
                    continue
                for s in roles.get(sr, ()):
                    for t in roles.get(tr, ()):
                        if s == t:
                            continue
                        if established:
                            emit(s, edge, t)
                        link = ox.NamedNode(link_iri(s.value, edge, t.value))
                        emit(link, RDF_TYPE, link_type)
                        emit(link, RDF + "subject", s)
                        emit(link, RDF + "predicate", f"<{edge}>")
                        emit(link, RDF + "object", t)
                        emit(link, supported_by, claim)
    return written


class _Schema:
    """What the rules read from the data: class and property closures, the symmetric
    properties, the derived-edge declarations with the outcomes they are for, the statuses each
    claim class reads as establishing, and the outcomes that establish an action, all as IRI
    strings."""

    def __init__(
        self,
        superclasses,
        superproperties,
        symmetric,
        derived,
        outcomes=None,
        readings=None,
        establishing_outcomes=frozenset(),
    ):
        self.superclasses: dict[str, tuple[str, ...]] = superclasses
        self.superproperties: dict[str, tuple[str, ...]] = superproperties
        self.symmetric: set[str] = symmetric
        self.derived: list[tuple[str, str, str, str]] = derived
        self.outcomes: dict[str, frozenset[str]] = outcomes or {}
        self.readings: dict[str, frozenset[str]] = readings or {}
        self.establishing_outcomes: frozenset[str] = establishing_outcomes

    @classmethod
    def read(cls, store) -> _Schema:
        superclasses = _closure(_rows(store, query("subclass-pairs")))
        superproperties = _closure(_rows(store, query("subproperty-pairs")))
        involved = set(superproperties) | {q for ups in superproperties.values() for q in ups}
        below = {SYMMETRIC} | {c for c, ups in superclasses.items() if SYMMETRIC in ups}
        symmetric = {row[0] for row in _rows(store, filled(query("members-of-classes"), {"class": sorted(below)}))}
        clash = (involved | symmetric) & set(SCHEMA_PROPERTIES)
        if clash:
            raise Unsupported(f"schema property {sorted(clash)[0]} is itself inferred")
        below = {CG.DerivedEdge} | {c for c, ups in superclasses.items() if CG.DerivedEdge in ups}
        derived = sorted(set(_rows(store, filled(query("derived-edge-rules"), {"kind": sorted(below)}))))
        outcomes: dict[str, set[str]] = defaultdict(set)
        for edge, outcome in _rows(store, query("edge-outcomes")):
            outcomes[edge].add(outcome)
        readings: dict[str, set[str]] = defaultdict(set)
        for claim_class, status in _rows(store, query("status-readings")):
            readings[claim_class].add(status)
        establishing = frozenset(row[0] for row in _rows(store, query("establishing-outcomes")))
        return cls(
            superclasses,
            superproperties,
            symmetric,
            derived,
            {edge: frozenset(found) for edge, found in outcomes.items()},
            {claim_class: frozenset(found) for claim_class, found in readings.items()},
            establishing,
        )


def _rows(store, text: str) -> list[tuple[str, ...]]:
    """Rows of a SELECT as tuples of IRI strings; anything else is Unsupported."""
    import pyoxigraph as ox

    rows = []
    for solution in store.query(text, prefixes=PREFIXES):
        row = tuple(solution)
        if not all(isinstance(term, ox.NamedNode) for term in row):
            raise Unsupported("a blank node or literal in the schema")
        rows.append(tuple(term.value for term in row))
    return rows


def _closure(pairs: list[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """Transitive closure (paths of one step or more, like ``rdfs:subClassOf+``)."""
    direct: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        direct[a].add(b)
    closed = {}
    for start in direct:
        seen: set[str] = set()
        todo = list(direct[start])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(direct.get(node, ()))
        closed[start] = tuple(sorted(seen))
    return closed


def _same_as_terms(store) -> set:
    """Every term on either side of an owl:sameAs triple: the same-as rules rewrite triples
    about these (and only these), so their triples are read from the store, not the files."""
    import pyoxigraph as ox

    terms = set()
    for quad in store.quads_for_pattern(None, ox.NamedNode(SAME_AS), None, ox.DefaultGraph()):
        terms.update((quad.subject, quad.object))
    if any(not isinstance(term, ox.NamedNode) for term in terms):
        raise Unsupported("owl:sameAs with a blank node or literal")
    return terms
