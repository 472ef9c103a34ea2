"""From ingest records to triples: read every cell, check what a claim, figure or entity
needs, group the rows of one claim (same ``id``), mint IRIs, and tell new records from those
already in the graph. Errors are collected, never raised one at a time."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from cartelgraph.curation import turtle
from cartelgraph.curation.cells import CellError, node, terms
from cartelgraph.curation.names import Names
from cartelgraph.curation.records import FIXED_COLUMNS, Built, Parsed, Record, RowError
from cartelgraph.curation.schema import EVIDENCE_PROPERTIES, NAME_COLUMNS, Schema, load_schema
from cartelgraph.data import read_text, source_text_path
from cartelgraph.errors import CartelgraphError
from cartelgraph.graph import KnowledgeGraph, shorten
from cartelgraph.internal_queries import query
from cartelgraph.namespace import CG
from cartelgraph.resolve import _as_iri
from cartelgraph.text import fold
from cartelgraph.validate import fold_space

RDF_TYPE = turtle.RDF_TYPE
LABEL, ALT_LABEL = NAME_COLUMNS["label"], NAME_COLUMNS["altLabel"]


def build_all(
    graph: KnowledgeGraph, data_dir: Path, records: list[Record], *, create_entities: bool = False
) -> tuple[list[Built], list[RowError]]:
    """Every record as :class:`Built` items, or the list of every problem found."""
    builder = _Builder(graph, Path(data_dir), create_entities)
    return builder.run(records)


class _Builder:
    def __init__(self, graph: KnowledgeGraph, data_dir: Path, create_entities: bool):
        self.data_dir = data_dir
        self.create_entities = create_entities
        self.schema: Schema = load_schema(graph, data_dir)
        self.names = Names(graph)
        self.graph = self.names.graph
        self.errors: list[RowError] = []
        self.texts: dict[str, str | None] = {}
        self.existing = {row["s"] for row in self.graph.select(query("subjects"))}
        self.taken: dict[str, set] = {}
        self.quoted: dict[tuple[str, str], set[str]] = {}
        for row in self.graph.select(query("quoted-claims")):
            self.quoted.setdefault((row["class"], fold_space(row["quote"])), set()).add(row["claim"])
        self.roles: dict[str, set] = {}
        for row in self.graph.select(query("claim-participants")):
            self.roles.setdefault(row["claim"], set()).add((row["role"], row["value"]))
        self._statements: dict[str, set] | None = None

    def run(self, records: list[Record]):
        if not self._check_header(records):
            return [], self.errors
        entities = [r for r in records if self._kind(r) == "Entity"]
        others = [r for r in records if self._kind(r) != "Entity"]
        built = []
        for record in entities:
            parsed = self._parse(record)
            if parsed is not None:
                item = self._place_entity(parsed)
                if item is not None:
                    built.append(item)
        groups: dict[str, list[Parsed]] = {}
        for record in others:
            parsed = self._parse(record)
            if parsed is not None:
                groups.setdefault(parsed.explicit_id or f"\0{record.number}", []).append(parsed)
        for rows in groups.values():
            item = self._place_claim(rows)
            if item is not None:
                built.append(item)
        return built, sorted(set(self.errors), key=RowError.order)

    # -- reading -------------------------------------------------------------------------------
    def _check_header(self, records: list[Record]) -> bool:
        columns = {name for record in records for name, _ in record.cells}
        known = sorted({self.schema.column_name(p) for p in self.schema.properties} | set(NAME_COLUMNS))
        for name in sorted(columns):
            plain = name.removeprefix("evidence.")
            if name in FIXED_COLUMNS or name.startswith("#") or not name.strip() or self.schema.column(plain):
                continue
            close = difflib.get_close_matches(plain, known, n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            self.errors.append(RowError("header", name, f"not a column of the ingest format{hint}"))
        return not self.errors

    def _kind(self, record: Record) -> str | None:
        found = self.schema.find_class(record.get("class")) if record.get("class") else None
        return found[1] if found else None

    def _fail(self, record: Record, column: str, reason: str) -> None:
        """Record a problem, unless this column of this record already has one."""
        if not any(e.where == record.where and e.column == column for e in self.errors):
            self.errors.append(RowError(record.where, column, reason))

    def _parse(self, record: Record) -> Parsed | None:
        before = len(self.errors)
        name = record.get("class")
        found = self.schema.find_class(name) if name else None
        if not name:
            self._fail(
                record,
                "class",
                "empty: choose a claim class (Collusion, Arrest…), Figure, or an entity class (with --create-entities)",
            )
            return None
        if found is None:
            choices = sorted(set(self.schema.class_names.values()))
            close = difflib.get_close_matches(name, choices, n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            self._fail(record, "class", f"unknown class {name!r}{hint}")
            return None
        cls, kind = found
        if kind == "Entity" and not self.create_entities:
            self._fail(record, "class", f"{name} is an entity class: creating entities needs --create-entities")
            return None
        parsed = Parsed(record, kind, cls)
        for column, text in record.cells:
            if text.strip() and not column.startswith("#"):  # '#' columns are notes for people
                self._read_cell(parsed, column, text)
        self._check_needs(parsed)
        return parsed if len(self.errors) == before else None

    def _read_cell(self, parsed: Parsed, column: str, text: str) -> None:
        record = parsed.record
        try:
            if column == "class":
                return
            if column in ("id", "evidence"):
                iri = _as_iri(text.strip())
                if iri is None:
                    raise CellError(f"{text.strip()!r} is not an IRI (write cgr:name)")
                node(iri)  # a CellError when it is no valid IRI
                if column == "id":
                    parsed.explicit_id = iri
                else:
                    parsed.evidence_id = iri
                return
            if column == "participants":
                for role, value in self._participants(parsed, text):
                    self._add(parsed.values, role, value, parsed, column)
                return
            on_evidence = column.startswith("evidence.")
            prop = self.schema.column(column.removeprefix("evidence."))
            if prop.role and parsed.kind == "Claim":
                self._check_role(parsed, prop.iri)
            values = terms(prop, text, self.schema, self.names)
            if parsed.kind != "Entity" and (on_evidence or prop.iri in EVIDENCE_PROPERTIES):
                target = parsed.evidence
            else:
                target = parsed.values
            for value in values:
                self._add(target, prop.iri, value, parsed, column)
        except CellError as error:
            self._fail(record, column, str(error))

    @staticmethod
    def _add(target: dict, prop: str, value, parsed: Parsed, column: str) -> None:
        key = (target is parsed.evidence, prop, value)  # a set: a list search made big cells quadratic
        if key not in parsed.seen:
            parsed.seen.add(key)
            target.setdefault(prop, []).append(value)
        parsed.columns.setdefault(prop, column)

    def _participants(self, parsed: Parsed, text: str):
        """'colluder=García Luna; collusionPartner=Sinaloa Cartel' -> (role IRI, entity term)."""
        import pyoxigraph as ox

        roles = self.schema.roles.get(parsed.cls, [])
        for entry in filter(None, (e.strip() for e in text.split(";"))):
            role_name, sep, name = entry.partition("=")
            if not sep:
                if len(roles) != 1:
                    listing = ", ".join(self.schema.column_name(r) for r in roles) or "none declared"
                    raise CellError(f"{entry!r} needs a role, as role=name (roles of this class: {listing})")
                role, name = roles[0], entry
            else:
                prop = self.schema.column(role_name.strip())
                if prop is None or not prop.role:
                    raise CellError(f"{role_name.strip()!r} is not a role property")
                role = prop.iri
                self._check_role(parsed, role)
            try:
                yield role, ox.NamedNode(self.names.entity(name.strip()))
            except CartelgraphError as error:
                raise CellError(str(error)) from None

    def _check_role(self, parsed: Parsed, role: str) -> None:
        roles = self.schema.roles.get(parsed.cls)
        if roles and role not in roles:
            listing = ", ".join(self.schema.column_name(r) for r in roles)
            raise CellError(
                f"{self.schema.column_name(role)} is not a role of "
                f"{self.schema.class_names[parsed.cls]} (its roles: {listing})"
            )

    def _check_needs(self, parsed: Parsed) -> None:
        record, values = parsed.record, parsed.values
        if parsed.kind == "Entity":
            if len(values.get(LABEL, [])) != 1:
                self._fail(record, "label", "an entity needs exactly one label")
            return
        if parsed.kind == "Claim":
            if not any(self.schema.properties.get(p) and self.schema.properties[p].role for p in values):
                self._fail(record, "participants", "a claim needs at least one participant (role=name; …)")
        sources, quotes = parsed.evidence.get(CG.source, []), parsed.evidence.get(CG.quote, [])
        if not sources and not quotes and parsed.explicit_id:
            return  # a row of a claim with several rows may carry claim-level statements only
        if len(sources) != 1:
            self._fail(record, "source", "give exactly one registered source (see `cartelgraph add-source`)")
        if len(quotes) != 1:
            self._fail(record, "quote", "give the verbatim quote from the source that supports it")
        if len(sources) == 1 and len(quotes) == 1:
            self._check_quote(parsed, sources[0].value, quotes[0].value)

    def _check_quote(self, parsed: Parsed, source: str, quote: str) -> None:
        text_file = self.names.texts.get(source)
        if text_file is None:
            self._fail(parsed.record, "source", f"{shorten(source)} has no stored text to check the quote against")
            return
        if text_file not in self.texts:
            path = source_text_path(self.data_dir, text_file)
            self.texts[text_file] = fold_space(read_text(path, f"graph/{text_file}")) if path.is_file() else None
        text = self.texts[text_file]
        if text is None:
            self._fail(parsed.record, "source", f"the text of {shorten(source)}, graph/{text_file}, is missing")
        elif fold_space(quote) not in text:
            self._fail(
                parsed.record,
                parsed.columns.get(CG.quote, "quote"),
                f"not found in graph/{text_file} (quotes are verbatim, only white space may differ)",
            )

    # -- placing -------------------------------------------------------------------------------
    def _place_entity(self, parsed: Parsed) -> Built | None:
        import pyoxigraph as ox

        label = parsed.values[LABEL][0].value
        base = turtle.CGR + (turtle.slug(label) or "entity")
        alt = f"{base}-{turtle.slug(self.schema.class_names[parsed.cls])}"

        def make(iri: str) -> set:
            node = ox.NamedNode(iri)
            triples = {ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(parsed.cls))}
            return triples | {ox.Triple(node, ox.NamedNode(p), o) for p, os in parsed.values.items() for o in os}

        item = self._place(parsed.record.where, parsed.explicit_id, [base, alt], make, parsed.record)
        if item is not None:
            for name in [label] + [v.value for v in parsed.values.get(ALT_LABEL, [])]:
                self.names.new_entities.setdefault(fold(name), item.subject)
        return item

    def _place_claim(self, rows: list[Parsed]) -> Built | None:
        import pyoxigraph as ox

        first = rows[0]
        values = dict(first.values)
        for row in rows[1:]:
            if row.cls != first.cls:
                self._fail(row.record, "class", f"differs from {first.record.where}, which has the same id")
            for prop, terms_ in row.values.items():
                if prop in values and set(terms_) != set(values[prop]):
                    self._fail(
                        row.record,
                        row.columns.get(prop, ""),
                        f"differs from {first.record.where}, which has the same id",
                    )
                values.setdefault(prop, terms_)
        pieces = [r for r in rows if r.evidence.get(CG.source)]
        if not pieces:
            self._fail(first.record, "quote", "no row of this claim gives a source and a verbatim quote")
        if any(e.where in {r.record.where for r in rows} for e in self.errors):
            return None
        base, alt = self._mint(first, values)
        where = rows[0].record.where if len(rows) == 1 else "rows " + ", ".join(str(r.record.number) for r in rows)
        same = self._restated(first, pieces, values)
        if same is not None and not first.explicit_id:
            return Built(where, same, set(), already_present=True)

        def make(iri: str) -> set:
            node = ox.NamedNode(iri)
            triples = {ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(first.cls))}
            triples |= {ox.Triple(node, ox.NamedNode(p), o) for p, os in values.items() for o in os}
            for row in rows:
                if row not in pieces:  # claim-level statements such as cg:citedSource
                    triples.update(ox.Triple(node, ox.NamedNode(p), o) for p, os in row.evidence.items() for o in os)
            direct = [r for r in pieces if r.evidence_id is None]
            used = {r.evidence_id for r in rows if r.evidence_id}
            numbered, counter = [], 0
            for row in direct if len(direct) > 1 else []:
                counter += 1
                while f"{iri}-ev{counter}" in used:
                    counter += 1
                numbered.append((f"{iri}-ev{counter}", row))
            if len(direct) == 1:
                triples |= {ox.Triple(node, ox.NamedNode(p), o) for p, os in direct[0].evidence.items() for o in os}
            for ev_iri, row in numbered + [(r.evidence_id, r) for r in pieces if r.evidence_id]:
                ev = ox.NamedNode(ev_iri)
                triples.add(ox.Triple(node, ox.NamedNode(CG.evidence), ev))
                triples.add(ox.Triple(ev, ox.NamedNode(RDF_TYPE), ox.NamedNode(CG.Evidence)))
                triples |= {ox.Triple(ev, ox.NamedNode(p), o) for p, os in row.evidence.items() for o in os}
            return triples

        return self._place(where, first.explicit_id, [base, alt], make, first.record)

    def _restated(self, first: Parsed, pieces: list[Parsed], values: dict) -> str | None:
        """An existing claim of the same class, with one of these quotes and the same participants."""
        roles = {
            (p, o.value)
            for p, os in values.items()
            if self.schema.properties.get(p) and self.schema.properties[p].role
            for o in os
        }
        for row in pieces:
            quote = fold_space(row.evidence[CG.quote][0].value)
            for claim in sorted(self.quoted.get((first.cls, quote), ())):
                if self.roles.get(claim) == roles:
                    return claim
        return None

    def _mint(self, parsed: Parsed, values: dict) -> tuple[str, str]:
        quote = next(iter(parsed.evidence.get(CG.quote, [])), None)
        digest = turtle.short_hash(quote.value if quote else str(sorted(map(str, values))))
        date = next(iter(values.get(CG.date, []) or values.get(CG.startDate, [])), None)
        if parsed.kind == "Figure":
            measure = next(iter(values.get(CG.measure, [])), None)
            place = next(iter(values.get(CG.place, [])), None)
            parts = [
                "figure",
                turtle.slug(measure.value, 6) if measure else "",
                turtle.local_name(place.value) if place else "",
                date.value if date else "",
            ]
        else:
            cls_name = re.sub(r"(?<!^)(?=[A-Z])", "-", self.schema.class_names[parsed.cls]).lower()
            roles = self.schema.roles.get(parsed.cls) or sorted(values)
            people = [turtle.local_name(v.value) for r in roles for v in values.get(r, [])][:3]
            parts = [cls_name, *people, date.value[:4] if date else ""]
        base = "-".join(p for p in parts if p)[:90].rstrip("-")
        return turtle.CGR + base, f"{turtle.CGR}{base}-{digest}"

    def _place(self, where: str, explicit: str | None, candidates: list[str], make, record: Record) -> Built | None:
        """The first IRI that is free, or that already holds exactly these statements."""
        for iri in [explicit] if explicit else candidates:
            triples = make(iri)
            subjects = {t.subject.value for t in triples}
            if iri in self.taken:
                if self.taken[iri] == triples:
                    return Built(where, iri, triples, already_present=True)
                continue
            if not subjects & self.existing:
                self.taken[iri] = triples
                return Built(where, iri, triples)
            if triples <= self._describe(subjects):
                self.taken[iri] = triples
                return Built(where, iri, triples, already_present=True)
            if explicit:
                self.errors.append(
                    RowError(
                        where,
                        "id",
                        f"{shorten(iri)} already exists with other statements; "
                        "edit it in its file or choose another id",
                    )
                )
                return None
        self.errors.append(
            RowError(
                where,
                "",
                f"{shorten(candidates[0])} and {shorten(candidates[-1])} already exist "
                "with other statements; give this record an id",
            )
        )
        return None

    def _describe(self, subjects: set[str]) -> set:
        """What the graph states about ``subjects`` (read once for all ``cgr:`` subjects)."""
        if self._statements is None:
            self._statements = {}
            for quad in self.graph.query(query("curated-triples")).triples:
                self._statements.setdefault(quad.subject.value, set()).add(quad.triple)
        return set().union(*(self._statements.get(s, set()) for s in subjects))
