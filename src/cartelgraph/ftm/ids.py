"""FtM entity IDs from cartelgraph IRIs: readable and stable, so a re-export is identical and
an ID read back names its IRI."""

from __future__ import annotations

import hashlib

from followthemoney.types import registry

from cartelgraph.sparql import PREFIXES

CGR = PREFIXES["cgr"]


def ftm_id(iri: str) -> str:
    """'https://w3id.org/cartelgraph/id/sinaloa-cartel' -> 'sinaloa-cartel'; an IRI whose name
    FtM would refuse as an ID (outside cgr:, or with other characters) gets a digest of it."""
    name = iri[len(CGR) :] if iri.startswith(CGR) else ""
    if name and registry.entity.validate(name) and len(name) <= registry.entity.max_length:
        return name
    return "cg-" + hashlib.sha1(iri.encode()).hexdigest()


def derived_id(kind: str, *parts: str) -> str:
    """An ID for an FtM entity made from several graph values (a Position from a body and a post)."""
    return f"{kind}-" + hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]


def iri_of(entity_id: str) -> str | None:
    """The cgr: IRI an exported ID names (None for a digest or a derived ID)."""
    return None if entity_id.startswith(("cg-", "position-")) else CGR + entity_id
