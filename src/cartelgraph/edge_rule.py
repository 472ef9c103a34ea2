"""The rule of direct edges, in the two places Python applies it: the build's fast inference
(:mod:`cartelgraph.inference`) and the projection to networkx (:mod:`cartelgraph.projection`).

The rule itself is written in the ontology (see ``cg:DerivedEdge``, ``cg:statusReading``,
``cg:forOutcome`` and ``cg:establishesAction`` in ontology/cartelgraph.ttl) and specified as
SPARQL updates in :data:`cartelgraph.store.INFERENCE_RULES`; this module only holds the two
set operations both Python readers need, so that they cannot drift apart. No claim class,
status or outcome is named here.

A claim of a derived edge's class gives that edge when its **outcome fits** the edge: an edge
declared ``cg:forOutcome`` some outcomes takes the claims with one of them (an attempted
arrest makes ``cg:attemptedArrestOf``); any other edge takes the claims with no outcome or
only outcomes that establish the action. Every such claim is linked from the edge's
``cg:Link``; the direct triple itself needs a claim that also **establishes** it: a status the
claim's class lists through its ``cg:statusReading``.
"""

from __future__ import annotations

import hashlib

LINK_NAMESPACE = "https://w3id.org/cartelgraph/link/"


def outcome_fits(required: frozenset[str] | set[str], outcomes, establishing) -> bool:
    """Whether a claim with ``outcomes`` gives an edge declared for the outcomes ``required``
    (empty: a plain edge), when ``establishing`` are the outcomes that establish the action."""
    if required:
        return any(outcome in required for outcome in outcomes)
    return all(outcome in establishing for outcome in outcomes)


def establishes(classes, statuses, readings: dict[str, frozenset[str]]) -> bool:
    """Whether a claim of ``classes`` (superclasses included) with ``statuses`` establishes what
    it states: one of its classes reads one of its statuses as establishing. ``readings`` maps
    a claim class to the statuses its reading lists."""
    return any(status in readings.get(cls, ()) for cls in classes for status in statuses)


def link_iri(source: str, relation: str, target: str) -> str:
    """The IRI of the ``cg:Link`` of one edge: the same as the SPARQL rule mints, a hash of the
    three IRIs (a literal end by its lexical form), so it is stable across builds."""
    digest = hashlib.sha1(f"{source} {relation} {target}".encode()).hexdigest()
    return LINK_NAMESPACE + digest
