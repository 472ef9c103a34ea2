"""An FtM file read back as proposals: the entities and claims it holds that the graph does not,
as rows of the ingest format (docs/curation.md) for a person to check before `cartelgraph
ingest --create-entities`. Nothing is written in graph/.

Every record goes through the spreadsheet ingest's own reading (:func:`build_all`): roles,
statuses, dates, registered sources, verbatim quotes, and its duplicate detection (statements
already in the graph, or a claim restated under another IRI). Before that, an entity is the
graph's when one of its names is an entity's label or alias (accents and case aside), and a
relation is the graph's claim when its ``recordId`` names that claim and it states nothing the
claim does not (what an export by cartelgraph carries back: FtM keeps fewer roles than the graph).
"""

from __future__ import annotations

from pathlib import Path

from followthemoney.proxy import EntityProxy

from cartelgraph.curation.building import build_all
from cartelgraph.curation.ingest import IngestError
from cartelgraph.curation.records import Record, RowError
from cartelgraph.curation.schema import Schema, load_schema
from cartelgraph.curation.turtle import slug
from cartelgraph.data import read_text, source_text_path
from cartelgraph.errors import DataError
from cartelgraph.ftm import mapping as m
from cartelgraph.ftm.curated import ALT_LABEL, LABEL, Curated, local, read_curated
from cartelgraph.ftm.export import main_edge
from cartelgraph.ftm.ids import iri_of
from cartelgraph.ftm.load import Loaded, read_ftm
from cartelgraph.ftm.proposal import COLUMNS, Proposal, number_of, record_of, row_of
from cartelgraph.ftm.validation import shown
from cartelgraph.graph import KnowledgeGraph, shorten
from cartelgraph.namespace import CG, NS
from cartelgraph.text import fold
from cartelgraph.validate import fold_space


def propose_from_ftm(graph: KnowledgeGraph, data_dir: Path, path: Path) -> Proposal:
    """What ``path`` (an FtM file) adds to the graph. Raises :class:`UsageError` for a file FtM
    cannot read (naming its line) and :class:`IngestError` listing every record the ingest
    would refuse."""
    loaded = read_ftm(path)
    reader = _Reader(graph, Path(data_dir), read_curated(graph), loaded)
    return reader.run(Path(path))


class _Reader:
    def __init__(self, graph: KnowledgeGraph, data_dir: Path, curated: Curated, loaded: dict[str, Loaded]):
        self.graph, self.data_dir, self.curated, self.loaded = graph, data_dir, curated, loaded
        self.schema: Schema = load_schema(graph, data_dir)
        self.errors: list[RowError] = []
        self.names: dict[str, set[str]] = {}  # folded name -> entity IRIs
        for iri, entity in curated.entities.items():
            for name in entity.statements.get(LABEL, []) + entity.statements.get(ALT_LABEL, []):
                self.names.setdefault(fold(name), set()).add(iri)
        self.source_names: dict[str, str] = {}
        for iri, props in curated.sources.items():
            for name in props.get(LABEL, []) + props.get(CG.title, []):
                self.source_names.setdefault(fold(name), iri)
        # FtM ID -> the entity it is: the graph's (cgr:x), or the new one's explicit ID. A
        # participant is written by that ID only, never by a name from the file, which the
        # ingest would resolve (a name such as "A; colluder=cgr:b" would add a participant).
        self.entities: dict[str, str] = {}
        self.texts: dict[str, str] = {}

    def run(self, path: Path) -> Proposal:
        proposal = Proposal(path, read=len(self.loaded))
        records = self.read_entities(proposal) + self.read_relations(proposal)
        if self.errors:
            raise IngestError(path, sorted(set(self.errors), key=lambda e: number_of(e.where)))
        built, errors = build_all(self.graph, self.data_dir, [record for record, _ in records], create_entities=True)
        if errors:
            raise IngestError(path, errors)
        self.sort_out(proposal, built, records)
        return proposal

    def in_order(self) -> list[tuple[str, Loaded]]:
        return sorted(self.loaded.items(), key=lambda pair: pair[1].line)

    def read_entities(self, proposal: Proposal) -> list[tuple[Record, list[str]]]:
        """Records for the entities the graph lacks; those it has are counted and remembered."""
        relations = m.relation_schemata()
        cited = {
            v
            for item in self.loaded.values()
            if item.proxy.schema.name in relations
            for prop in (m.PROOF, m.ONE_SIDED_DOCUMENT)
            for v in item.proxy.get(prop, quiet=True)
        }
        records = []
        for entity_id, item in self.in_order():
            proxy = item.proxy
            if proxy.schema.name in relations or proxy.schema.name == "Position":
                continue  # a Position is read with the Occupancy that names it
            if proxy.schema.is_a("Document") and (entity_id in cited or self.source(proxy)):
                continue  # a source document
            iri = self.match(item)
            if iri is not None:
                self.entities[entity_id] = shorten(iri)
                proposal.entities_present += 1
            elif (row := self.new_entity(item)) is not None:
                self.entities[entity_id] = row[COLUMNS.index("id")]
                records.append((record_of(item.line, row), row))
        return records

    def read_relations(self, proposal: Proposal) -> list[tuple[Record, list[str]]]:
        """Records for the relations that are no claim of the graph (one a quote)."""
        records = []
        for _, item in self.in_order():
            if item.proxy.schema.name not in m.relation_schemata():
                continue
            claim = self.claim(item)
            if claim is None:
                continue
            if self.recognised(item.proxy, claim):
                proposal.claims_present += 1
            elif claim["unassigned"]:
                self.fail(item.line, "role", claim["unassigned"])
            else:
                rows = claim["rows"]
                records += [
                    (record_of(item.line, row, k if len(rows) > 1 else 0), row) for k, row in enumerate(rows, 1)
                ]
        return records

    def sort_out(self, proposal: Proposal, built: list, records: list[tuple[Record, list[str]]]) -> None:
        """Proposal rows for what the ingest found new; counts for what it found in the graph."""
        ids = {item.line: entity_id for entity_id, item in self.loaded.items()}
        rows_of = {record.where: row for record, row in records}
        new_rows: dict[int, list[list[str]]] = {}  # FtM line -> its rows the graph lacks
        present_claims: set[int] = set()
        for item in built:
            row = rows_of[item.record_where]
            line = number_of(item.record_where)
            if row[COLUMNS.index("label")]:
                proposal.entities_present += item.already_present
                proposal.entity_rows += [] if item.already_present else [row]
            elif item.already_present:
                present_claims.add(line)
            else:
                new_rows.setdefault(line, []).append(row)
        proposal.claims_present += len(present_claims - set(new_rows))
        for line, rows in new_rows.items():
            if len(rows) > 1:  # one claim with several pieces of evidence: the rows share an id
                for row in rows:
                    row[COLUMNS.index("id")] = f"cgr:ftm-{slug(ids[line], max_words=20)}"
            proposal.claim_rows += rows

    # -- entities --------------------------------------------------------------------------
    def fail(self, line: int, column: str, reason: str) -> None:
        self.errors.append(RowError(f"line {line}", column, reason))

    def match(self, item: Loaded) -> str | None:
        """The graph's entity this one is: its exported ID with one of its names, else the one
        entity one of its names (label or alias, accents and case aside) belongs to."""
        proxy = item.proxy
        names = [fold(n) for n in proxy.get("name") + proxy.get("alias", quiet=True)]
        iri = iri_of(proxy.id)
        if iri in self.curated.entities and any(iri in self.names.get(n, ()) for n in names):
            return iri
        for name in names:
            found = self.names.get(name, set())
            if len(found) == 1:
                return next(iter(found))
            if len(found) > 1:
                listing = ", ".join(sorted(shorten(f) for f in found))
                self.fail(
                    item.line,
                    "name",
                    f"{name!r} names several entities of the graph ({listing}); "
                    "give this one a name of one of them, or another name",
                )
                return None
        return None

    def new_entity(self, item: Loaded) -> list[str] | None:
        proxy = item.proxy
        cls = self.entity_class(proxy)
        if cls is None:
            choices = ", ".join(sorted(set(m.ENTITY_SCHEMATA)))
            self.fail(
                item.line,
                "class",
                f"an FtM {proxy.schema.name} has no cartelgraph class of its own; give it "
                f"keywords naming one ({choices})",
            )
            return None
        names = proxy.get("name") or proxy.get("title", quiet=True)
        others = [n for n in names[1:] + proxy.get("alias", quiet=True) if n != names[0]]
        if any(";" in name for name in names + others):
            self.fail(item.line, "label", "a name with ';' cannot be a cell of the ingest (it separates names)")
            return None
        return row_of(
            item,
            **{
                "id": self.new_id(names[0] if names else ""),
                "class": cls,
                "label": names[0] if names else "",
                "altLabel": "; ".join(others),
                "comment": " ".join(proxy.get("description", quiet=True)[:1]),
            },
        )

    def new_id(self, label: str) -> str:
        """``cgr:`` and the label's slug, unique in this file; the ingest refuses it when the
        graph already has that IRI for another entity."""
        base = f"cgr:{slug(label) or 'entity'}"
        taken = set(self.entities.values())
        return next(
            f"{base}-{n}" if n else base for n in range(len(taken) + 1) if (f"{base}-{n}" if n else base) not in taken
        )

    def entity_class(self, proxy: EntityProxy) -> str | None:
        """The class ``keywords`` names (one this schema is exported as), else the schema's."""
        for keyword in proxy.get("keywords", quiet=True):
            found = self.schema.find_class(keyword)
            if found and found[1] == "Entity" and m.ENTITY_SCHEMATA.get(local(found[0])) == proxy.schema.name:
                return local(found[0])
        if proxy.schema.is_a("Document"):
            return "Document"
        lineage = [proxy.schema.name] + sorted(s.name for s in proxy.schema.schemata)  # itself first
        return next((m.ENTITY_CLASSES[name] for name in lineage if name in m.ENTITY_CLASSES), None)

    def source(self, proxy: EntityProxy) -> str | None:
        """The registered source a document is: its exported ID, else its title or name."""
        iri = iri_of(proxy.id)
        if iri in self.curated.sources:
            return iri
        names = proxy.get("title", quiet=True) + proxy.get("name")
        return next((self.source_names[fold(n)] for n in names if fold(n) in self.source_names), None)

    # -- claims ----------------------------------------------------------------------------
    def claim(self, item: Loaded) -> dict | None:
        """The claim a relation states: class, participants by role, details and evidence."""
        proxy = item.proxy
        found = self.claim_class(item)
        if found is None:
            return None
        cls, roles, unassigned = found
        participants: list[tuple[str, str]] = []
        details: dict[str, str] = {}
        for prop, role in roles.items():
            for value in proxy.get(prop, quiet=True):
                if prop == "post":
                    post = self.loaded[value].proxy
                    details["position"] = post.first("name") or ""
                    participants += [(role, org) for org in post.get("organization")]
                else:
                    participants.append((role, value))
        relationship = proxy.first("relationship", quiet=True)
        if relationship and fold(relationship) != fold(self.label(cls)):
            details["kinRelation"] = relationship
        for prop in m.DATE_PROPERTIES:
            value = proxy.first(prop, quiet=True)
            if value:
                details[prop] = value.split("T", 1)[0]  # a time of day is more than the graph keeps
        details["status"] = proxy.first("status", quiet=True) or ""
        sources = sorted({v for p in (m.PROOF, m.ONE_SIDED_DOCUMENT) for v in proxy.get(p, quiet=True)})
        unknown = sorted({value for _, value in participants if value not in self.entities})
        if unknown:
            self.fail(
                item.line,
                "participants",
                f"{shown(unknown[0])} is no entity of the file that the graph has or "
                "that is proposed as new (a document or a position cannot take part)",
            )
            return None
        cells = {
            "class": cls,
            "participants": "; ".join(f"{role}={self.entities[value]}" for role, value in participants),
            **details,
        }
        quotes = proxy.get(m.QUOTE, quiet=True) or [""]
        rows = [row_of(item, source=self.source_for(quote, sources), quote=quote, **cells) for quote in quotes]
        return {
            "class": cls,
            "entities": {v for _, v in participants},
            "quotes": quotes,
            "status": details["status"],
            "rows": rows,
            "unassigned": unassigned,
        }

    def claim_class(self, item: Loaded) -> tuple[str, dict[str, str], str] | None:
        """(claim class, {FtM property: cg role}, why the roles are unknown or '') for a
        relation (see mapping); None, with the problem recorded, when it names no claim class."""
        proxy = item.proxy
        for cls, (schema, ends) in m.CLAIM_SCHEMATA.items():
            if schema == proxy.schema.name:
                return cls, {prop: role for role, prop in ends.items()}, ""
        text = proxy.first("role") or ""
        name, _, role_names = text.partition(":")
        found = self.schema.find_class(name.strip()) if name.strip() else None
        if found is None or found[1] != "Claim":
            self.fail(
                item.line,
                "role",
                f"{proxy.schema.name} role {text!r} names no claim class of cartelgraph "
                "(e.g. 'collusion', 'arrest'; see docs/ftm.md)",
            )
            return None
        cls = local(found[0])
        if proxy.schema.name == m.GENERIC_SCHEMA:
            edge = main_edge(self.curated.edges.get(cls, []))
            if edge is None:
                self.fail(item.line, "role", f"a {self.label(cls)} claim has no two ends to link")
                return None
            return cls, {m.GENERIC_SOURCE: edge.source_role, m.GENERIC_TARGET: edge.target_role}, ""
        roles = [r.strip() for r in role_names.split(",") if r.strip()] or [
            self.label(local(r)) for r in self.schema.roles.get(found[0], [])
        ]
        by_label = {fold(self.label(local(r))): local(r) for r in self.schema.roles.get(found[0], [])}
        if len(roles) != 1 or fold(roles[0]) not in by_label:
            example = f"'{self.label(cls)}: {sorted(by_label)[0]}'" if by_label else "a claim class"
            return (
                cls,
                {m.ONE_SIDED_ENTITY: ""},
                (
                    f"Documentation role {text!r}: name the claim class and the one "
                    f"role its entities have, e.g. {example}"
                ),
            )
        return cls, {m.ONE_SIDED_ENTITY: by_label[fold(roles[0])]}, ""

    def label(self, name: str) -> str:
        return self.curated.labels.get(NS + name, name)

    def source_for(self, quote: str, documents: list[str]) -> str:
        """The registered source of ``quote`` among a relation's documents: the one whose text
        holds it (an unregistered one by its title, for the ingest to report)."""
        named = []
        for document in documents:
            proxy = self.loaded[document].proxy
            iri = self.source(proxy)
            if iri is None:
                named.append(proxy.first("title", quiet=True) or proxy.first("name") or document)
            elif fold_space(quote) in self.text(iri):
                return shorten(iri)
            else:
                named.append(shorten(iri))
        return named[0] if named else ""

    def text(self, source: str) -> str:
        if source not in self.texts:
            text_file = self.curated.sources.get(source, {}).get(CG.textFile, [""])[0]
            try:
                path = source_text_path(self.data_dir, text_file) if text_file else None
                self.texts[source] = fold_space(read_text(path)) if path and path.is_file() else ""
            except DataError:
                self.texts[source] = ""
        return self.texts[source]

    def recognised(self, proxy: EntityProxy, claim: dict) -> bool:
        """Whether the relation is a claim of the graph its ``recordId`` names, stating nothing
        that claim does not (fewer roles, fewer quotes: FtM keeps less than the graph)."""
        for record_id in proxy.get(m.RECORD_ID, quiet=True):
            known = self.curated.claims.get(record_id)
            if known is None or known.cls != claim["class"]:
                continue
            entities = {shorten(v) for values in known.roles.values() for v in values}
            quotes = {fold_space(e.quote) for e in known.evidence}
            statuses = {fold(self.curated.label(s)) for s in known.values(CG.status)}
            if (
                {self.entities[v] for v in claim["entities"]} <= entities
                and {fold_space(q) for q in claim["quotes"]} <= quotes
                and (not claim["status"] or fold(claim["status"]) in statuses)
            ):
                return True
        return False
