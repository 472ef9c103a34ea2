"""What the FtM export and import read of the curated graph: entities, claims with their
evidence, sources, the ontology's labels and derived edges, as plain Python values."""

from __future__ import annotations

from dataclasses import dataclass, field

from cartelgraph.graph import KnowledgeGraph
from cartelgraph.internal_queries import query
from cartelgraph.namespace import CG, NS
from cartelgraph.sparql import PREFIXES

RDFS, SKOS = PREFIXES["rdfs"], PREFIXES["skos"]
LABEL, ALT_LABEL, COMMENT = RDFS + "label", SKOS + "altLabel", RDFS + "comment"


def local(iri: str) -> str:
    """'https://w3id.org/cartelgraph/ontology#Cartel' -> 'Cartel'."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass
class Entity:
    iri: str
    classes: list[str]  # local names of its most specific classes
    statements: dict[str, list[str]] = field(default_factory=dict)  # property IRI -> values

    @property
    def label(self) -> str:
        return self.statements.get(LABEL, [local(self.iri)])[0]


@dataclass
class Evidence:
    iri: str | None  # None for the source and quote stated on the claim itself
    source: str
    quote: str


@dataclass
class Claim:
    iri: str
    cls: str  # local name of its class
    roles: dict[str, list[str]] = field(default_factory=dict)  # participant role -> entity IRIs
    details: list[tuple[str, object]] = field(default_factory=list)  # (property IRI, pyoxigraph term)
    evidence: list[Evidence] = field(default_factory=list)

    def first(self, prop: str) -> str | None:
        return next((term.value for p, term in self.details if p == prop), None)

    def values(self, prop: str) -> list[str]:
        return [term.value for p, term in self.details if p == prop]


@dataclass
class Edge:
    cls: str
    name: str
    source_role: str
    target_role: str
    commentary: bool
    for_outcome: bool  # made only from claims of one outcome (attempted, planned)


@dataclass
class Curated:
    entities: dict[str, Entity]
    claims: dict[str, Claim]
    sources: dict[str, dict[str, list[str]]]  # source IRI -> property IRI -> values
    labels: dict[str, str]  # ontology term IRI -> label
    edges: dict[str, list[Edge]]  # claim class -> its derived edges (none for an outcome)
    roles: set[str]  # participant role local names

    def label(self, iri: str) -> str:
        if iri in self.entities:
            return self.entities[iri].label
        if iri in self.sources:
            return self.sources[iri].get(LABEL, [local(iri)])[0]
        return self.labels.get(iri, local(iri))

    def commentary_classes(self) -> set[str]:
        """Claim classes whose derived edges are all commentary (who said what about whom)."""
        return {cls for cls, edges in self.edges.items() if edges and all(e.commentary for e in edges)}


def read_curated(graph: KnowledgeGraph) -> Curated:
    """Everything the FtM mapping needs, in a handful of queries."""
    roles = {local(row["role"]) for row in graph.select(query("ftm-roles"))}
    entities: dict[str, Entity] = {}
    for row in graph.select(query("ftm-entities")):
        entities.setdefault(row["entity"], Entity(row["entity"], [])).classes.append(local(row["class"]))
    for row in graph.query(query("ftm-entity-statements")).rows:
        entity = entities.get(row["entity"].value)
        if entity is not None:
            entity.statements.setdefault(row["p"].value, []).append(row["o"].value)
    claims: dict[str, Claim] = {}
    direct: dict[str, dict[str, list[str]]] = {}  # the source and quote stated on the claim itself
    for row in graph.query(query("ftm-claims")).rows:
        iri, prop, term = row["claim"].value, row["p"].value, row["o"]
        claim = claims.setdefault(iri, Claim(iri, local(row["class"].value)))
        if prop.startswith(NS) and local(prop) in roles:
            claim.roles.setdefault(local(prop), []).append(term.value)
        elif prop in (CG.source, CG.quote):
            direct.setdefault(iri, {}).setdefault(prop, []).append(term.value)
        elif prop != CG.evidence:
            claim.details.append((prop, term))
    for iri, props in direct.items():
        for source in props.get(CG.source, []):
            for quote in props.get(CG.quote, []):
                claims[iri].evidence.append(Evidence(None, source, quote))
    for row in graph.select(query("ftm-evidence")):
        if row["claim"] in claims:
            claims[row["claim"]].evidence.append(Evidence(row["evidence"], row["source"], row["quote"]))
    sources: dict[str, dict[str, list[str]]] = {}
    for row in graph.query(query("ftm-sources")).rows:
        sources.setdefault(row["source"].value, {}).setdefault(row["p"].value, []).append(row["o"].value)
    labels = {row["term"]: row["label"] for row in graph.select(query("ftm-labels"))}
    edges: dict[str, list[Edge]] = {}
    for row in graph.select(query("ftm-edges")):
        edge = Edge(
            local(row["class"]),
            local(row["edge"]),
            local(row["sourceRole"]),
            local(row["targetRole"]),
            bool(row["commentary"]),
            "forOutcome" in row,
        )
        edges.setdefault(edge.cls, []).append(edge)
    return Curated(entities, claims, sources, labels, edges, roles)
