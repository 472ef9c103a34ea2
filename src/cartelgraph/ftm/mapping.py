"""How cartelgraph's classes map to FollowTheMoney schemata, in one place (docs/ftm.md explains
each choice and what is lost). Names are the ontology's local names (``Cartel``, ``colluder``)
and FtM's schema and property names; the code reads these tables and has no per-class cases.

Claims whose class has no row in :data:`CLAIM_SCHEMATA`, or whose ends do not fit the row's
property ranges, become ``UnknownLink`` between the two roles of the class's main derived edge
(the ontology's ``cg:sourceRole`` and ``cg:targetRole``). A claim that names no entity in one
of those roles becomes ``Documentation`` linking its source documents to its participants.
"""

from __future__ import annotations

from cartelgraph.namespace import CG

# cg entity class -> FtM schema. Officials are people (FtM has no class for them); an FtM
# ``Document`` needs a file name, which only sources have, so documents known by description
# and legal instruments are ``Pages``.
ENTITY_SCHEMATA: dict[str, str] = {
    "Person": "Person",
    "Official": "Person",
    "CriminalOrganization": "Organization",
    "Cartel": "Organization",
    "Organization": "Organization",
    "Agency": "PublicBody",
    "Operation": "Event",
    "Event": "Event",
    "Policy": "Project",
    "Law": "Pages",
    "Document": "Pages",
    "Place": "Territory",
    "Country": "Territory",
    "State": "Territory",
    "City": "Territory",
    "Region": "Territory",
    "Substance": "Asset",
}

# When several classes of one entity map, the first in this order wins (the most telling).
ENTITY_ORDER = list(ENTITY_SCHEMATA)

# FtM topics a class implies by its own definition (a cartel is a drug trafficking
# organization; an agency is a government body). None is put on people: a person's ties to
# crime are claims with a status, never a label on the person.
TOPICS: dict[str, list[str]] = {
    "Cartel": ["crime", "crime.traffick.drug"],
    "CriminalOrganization": ["crime"],
    "Agency": ["gov"],
}

# Reading back: an FtM entity of these schemata with no ``keywords`` naming a cartelgraph
# class gets this class. Schemata whose meaning is wider than ours (Asset, Pages) need the
# keyword.
ENTITY_CLASSES: dict[str, str] = {
    "Person": "Person",
    "Organization": "Organization",
    "Company": "Organization",
    "LegalEntity": "Organization",
    "PublicBody": "Agency",
    "Event": "Event",
    "Project": "Policy",
    "Territory": "Place",
}

# A source document's FtM schema by its cg:sourceKind (a news article is an Article); every
# other kind is a Document, whose file name is the stored text's.
SOURCE_SCHEMATA: dict[str, str] = {"NewsArticle": "Article"}
DEFAULT_SOURCE_SCHEMA = "Document"

# cg claim class -> (FtM schema, {cg role: FtM property}). The two roles are the claim's ends;
# ``post`` of an Occupancy is a Position made from the claim's cg:position and officeBody.
CLAIM_SCHEMATA: dict[str, tuple[str, dict[str, str]]] = {
    "Membership": ("Membership", {"member": "member", "memberOrganization": "organization"}),
    "Leadership": ("Directorship", {"leader": "director", "ledOrganization": "organization"}),
    "Kinship": ("Family", {"kinPerson": "person", "kinOf": "relative"}),
    "LegalRepresentation": ("Representation", {"legalRepresentative": "agent", "representedParty": "client"}),
    "Replacement": ("Succession", {"replacedEntity": "predecessor", "replacingEntity": "successor"}),
    "OfficeHolding": ("Occupancy", {"officeHolder": "holder", "officeBody": "post"}),
}
GENERIC_SCHEMA, GENERIC_SOURCE, GENERIC_TARGET = "UnknownLink", "subject", "object"
ONE_SIDED_SCHEMA, ONE_SIDED_DOCUMENT, ONE_SIDED_ENTITY = "Documentation", "document", "entity"

# A class with several derived edges takes the first listed here as its pair (a deployment is
# first a force deployed to an area); otherwise the ontology's first.
PREFERRED_EDGES: list[str] = ["deployedTo", "leakedFrom", "extraditedTo"]

# Claim properties with an FtM property of their own on some schemata (else they are words in
# the summary): the text of ``relationship`` on a Family, the Position's name on an Occupancy.
# (Full IRIs, unlike the local names above.)
KIN_RELATION, POSITION = CG.kinRelation, CG.position

# FtM properties every claim carries, by what they hold.
RECORD_ID = "recordId"  # the claim's IRI
QUOTE = "description"  # each verbatim quote, one value per piece of evidence
PROOF = "proof"  # the source documents
SUMMARY = "summary"  # the claim in words: class, status, outcome, every role, every detail
DATE_PROPERTIES = ("date", "startDate", "endDate")


def relation_schemata() -> set[str]:
    """The FtM schemata that reading back takes as claims."""
    return {schema for schema, _ in CLAIM_SCHEMATA.values()} | {GENERIC_SCHEMA, ONE_SIDED_SCHEMA}
