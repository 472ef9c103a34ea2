"""The curated graph as FollowTheMoney entities (see docs/ftm.md): every entity, every claim as
one relation entity carrying its status, quotes and sources, and the source documents the
claims cite. Written as line-delimited JSON, sorted by ID, so the same graph gives the same
bytes."""

from __future__ import annotations

import json
from pathlib import Path

from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from cartelgraph.data import read_text, source_text_path
from cartelgraph.errors import CartelgraphError, DataError
from cartelgraph.ftm import mapping as m
from cartelgraph.ftm.curated import COMMENT, Claim, Curated, Entity, local
from cartelgraph.ftm.ids import derived_id, ftm_id
from cartelgraph.ftm.summary import summary
from cartelgraph.ftm.validation import problems
from cartelgraph.namespace import CG, NS

ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"


def export_ftm(curated: Curated, data_dir: Path | None = None, *, include_commentary: bool = False) -> list:
    """FtM entity proxies for the graph, sorted by ID. Claims of commentary classes (statements,
    recommendations, denials) are left out unless ``include_commentary``. Source texts are read
    from ``data_dir`` when it holds them. Raises :class:`CartelgraphError` if an entity would
    not pass FtM's validation (a mapping error, never expected)."""
    builder = _Builder(curated, data_dir)
    for entity in curated.entities.values():
        builder.entity(entity)
    skipped = set() if include_commentary else curated.commentary_classes()
    for claim in curated.claims.values():
        if claim.cls not in skipped:
            builder.claim(claim)
    proxies = sorted(builder.proxies.values(), key=lambda proxy: proxy.id)
    schemata = {proxy.id: proxy.schema for proxy in proxies}
    for proxy in proxies:
        found = problems(proxy.to_dict(), schemata)
        if found:
            raise CartelgraphError(f"FtM export: {proxy.schema.name} {proxy.id} would not validate: {found[0]}")
    return proxies


def to_lines(proxies: list) -> str:
    """One JSON object a line, as `ftm` and Aleph's loaders read them."""
    return "".join(json.dumps(p.to_dict(), ensure_ascii=False, sort_keys=True) + "\n" for p in proxies)


class _Builder:
    def __init__(self, curated: Curated, data_dir: Path | None):
        self.curated = curated
        self.data_dir = data_dir
        self.proxies: dict[str, EntityProxy] = {}
        self.schemata = {iri: model[entity_schema(e)] for iri, e in curated.entities.items()}

    def make(self, schema: str, entity_id: str) -> EntityProxy:
        proxy = model.make_entity(schema)
        proxy.id = entity_id
        self.proxies[entity_id] = proxy
        return proxy

    # -- entities --------------------------------------------------------------------------
    def entity(self, entity: Entity) -> None:
        cls = main_class(entity)
        proxy = self.make(m.ENTITY_SCHEMATA[cls], ftm_id(entity.iri))
        proxy.add("name", entity.label)
        proxy.add("alias", entity.statements.get(ALT_LABEL, []))
        proxy.add("description", entity.statements.get(COMMENT, []))
        proxy.add("keywords", self.curated.labels.get(NS + cls, cls))
        proxy.add("topics", m.TOPICS.get(cls, []))
        if proxy.schema.is_a("Document"):
            proxy.add("title", entity.label)
        if entity.statements.get(CG.unnamed) == ["true"]:
            proxy.add("notes", "The sources describe this actor without naming it; the name is that description.")
        countries = entity.statements.get(CG.nationality, []) + ([entity.iri] if cls == "Country" else [])
        proxy.add("country", [code for c in countries if (code := registry.country.clean(self.curated.label(c)))])
        if proxy.schema.name == "Territory":
            proxy.add(
                "partOf",
                [ftm_id(p) for p in entity.statements.get(CG.partOf, []) if self.schemata.get(p) == proxy.schema],
            )

    def source(self, iri: str) -> str:
        """The ID of the document for a source, made on first use."""
        entity_id = ftm_id(iri)
        if entity_id in self.proxies:
            return entity_id
        props = self.curated.sources.get(iri, {})
        kind = local(props.get(CG.sourceKind, [""])[0])
        proxy = self.make(m.SOURCE_SCHEMATA.get(kind, m.DEFAULT_SOURCE_SCHEMA), entity_id)
        proxy.add("name", self.curated.label(iri))
        proxy.add("title", props.get(CG.title, []))
        proxy.add("author", props.get(CG.author, []))
        proxy.add("publisher", [self.curated.label(p) for p in props.get(CG.publisher, [])])
        proxy.add("publishedAt", props.get(CG.date, []))
        proxy.add("sourceUrl", web_addresses(props.get(CG.url, [])))
        for text_file in props.get(CG.textFile, []):
            proxy.add("fileName", Path(text_file).name)
            proxy.add("bodyText", self.text(text_file))
        return entity_id

    def text(self, text_file: str) -> str | None:
        if self.data_dir is None:
            return None
        try:
            path = source_text_path(self.data_dir, text_file)
            return read_text(path, f"graph/{text_file}") if path.is_file() else None
        except DataError:
            return None  # validate reports it; the export still carries the rest

    # -- claims ----------------------------------------------------------------------------
    def claim(self, claim: Claim) -> None:
        schema, ends = self.shape(claim)
        proxy = self.make(schema, ftm_id(claim.iri))
        documents = sorted({self.source(e.source) for e in claim.evidence})
        label = self.curated.labels.get(NS + claim.cls, claim.cls)
        for prop, values in ends.items():
            proxy.add(prop, [self.position(claim, v) if prop == "post" else ftm_id(v) for v in values])
        if schema == m.ONE_SIDED_SCHEMA:
            proxy.add(m.ONE_SIDED_DOCUMENT, documents)
            proxy.add(m.ONE_SIDED_ENTITY, [ftm_id(v) for r in sorted(claim.roles) for v in claim.roles[r]])
            label += ": " + ", ".join(self.curated.labels.get(NS + r, r) for r in sorted(claim.roles))
        if proxy.schema.get("role"):
            proxy.add("role", label)
        if proxy.schema.get("relationship"):
            proxy.add("relationship", claim.first(m.KIN_RELATION) or label)
        if proxy.schema.get("status"):
            proxy.add("status", [self.curated.label(s) for s in claim.values(CG.status)])
        if claim.first(CG.dateInferred) not in ("true", "1"):
            # A date the curator inferred (e.g. from a footnote's publication) is not the
            # source's: FtM would show it as the event's date, so it stays in the summary only.
            for prop in m.DATE_PROPERTIES:
                proxy.add(prop, claim.values(NS + prop))
        proxy.add(m.RECORD_ID, claim.iri)
        proxy.add(m.SUMMARY, summary(claim, self.curated))
        proxy.add(m.QUOTE, [e.quote for e in claim.evidence])
        proxy.add(m.PROOF, documents)
        sources = sorted({e.source for e in claim.evidence})
        details = [self.curated.sources.get(s, {}) for s in sources]
        proxy.add("publisher", [self.curated.label(p) for d in details for p in d.get(CG.publisher, [])])
        proxy.add("sourceUrl", web_addresses([u for d in details for u in d.get(CG.url, [])]))

    def shape(self, claim: Claim) -> tuple[str, dict[str, list[str]]]:
        """The claim's FtM schema and the entities of each of its end properties (see mapping)."""
        row = m.CLAIM_SCHEMATA.get(claim.cls)
        if row and all(role in claim.roles for role in row[1]) and self.fits(claim, *row):
            return row[0], {prop: claim.roles[role] for role, prop in row[1].items()}
        edge = main_edge(self.curated.edges.get(claim.cls, []))
        if edge is not None:
            sources, targets = claim.roles.get(edge.source_role, []), claim.roles.get(edge.target_role, [])
            if edge.source_role == edge.target_role and len(sources) > 1:  # parties of a symmetric claim
                ordered = sorted(sources)
                return m.GENERIC_SCHEMA, {m.GENERIC_SOURCE: ordered[:1], m.GENERIC_TARGET: ordered[1:]}
            if edge.source_role != edge.target_role and sources and targets:
                return m.GENERIC_SCHEMA, {m.GENERIC_SOURCE: sources, m.GENERIC_TARGET: targets}
        return m.ONE_SIDED_SCHEMA, {}

    def fits(self, claim: Claim, schema: str, ends: dict[str, str]) -> bool:
        """Whether every end is of the schema the property takes (a Membership's organization
        must be an organization; an Occupancy needs a named post in an organization)."""
        for role, prop in ends.items():
            values = claim.roles[role]
            if prop == "post":
                if len(values) != 1 or not claim.first(m.POSITION):
                    return False
                prop_range = model["Position"].get("organization").range
            else:
                prop_range = model[schema].get(prop).range
            if not all(v in self.schemata and self.schemata[v].is_a(prop_range) for v in values):
                return False
        return True

    def position(self, claim: Claim, body: str) -> str:
        """The Position a claim's cg:position names in its body, made on first use."""
        name = claim.first(m.POSITION)
        entity_id = derived_id("position", body, name)
        if entity_id not in self.proxies:
            proxy = self.make("Position", entity_id)
            proxy.add("name", name)
            proxy.add("organization", ftm_id(body))
        return entity_id


def main_edge(edges: list) -> object | None:
    """The derived edge whose two roles are a claim's UnknownLink ends: the first of the
    mapping's preferred edges, else the first the ontology declares for no outcome, else for one
    (reading back uses the same)."""
    preferred = {name: rank for rank, name in enumerate(m.PREFERRED_EDGES)}
    ranked = sorted(edges, key=lambda edge: (preferred.get(edge.name, len(preferred)), edge.for_outcome))
    return ranked[0] if ranked else None


def main_class(entity: Entity) -> str:
    """The entity's class the mapping uses: the first of its classes in the mapping's order."""
    known = [c for c in m.ENTITY_ORDER if c in entity.classes]
    if not known:
        raise CartelgraphError(f"{entity.iri}: no FtM schema for its classes {', '.join(entity.classes)}")
    return known[0]


def entity_schema(entity: Entity) -> str:
    return m.ENTITY_SCHEMATA[main_class(entity)]


def web_addresses(values: list[str]) -> list[str]:
    """The addresses that are full web addresses as written: one without its scheme is left out
    rather than guessed at."""
    return sorted({v for v in values if v.startswith(("http://", "https://")) and registry.url.clean(v)})
