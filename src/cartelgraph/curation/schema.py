"""What the ontology says about the columns of the ingest format.

A column is named after a property: a ``cg:`` property by its local name (``colluder``,
``startDate``, ``status``; ``start_date`` works too), ``label``/``altLabel``/``comment`` for the
name properties, or any prefixed name (``prov:wasDerivedFrom``). How a cell is read follows the
ontology: role properties and other object properties take entity names, ``cg:Source`` ranges
take a registered source, enumerations (status, outcome, source kind) take one of their members,
and datatype properties take a date, a number, a boolean or text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from cartelgraph.data import parse_turtle
from cartelgraph.graph import KnowledgeGraph
from cartelgraph.internal_queries import query
from cartelgraph.namespace import CG, NS
from cartelgraph.sparql import PREFIXES
from cartelgraph.text import fold as fold_name

XSD = PREFIXES["xsd"]
NAME_COLUMNS = {
    "label": PREFIXES["rdfs"] + "label",
    "altLabel": PREFIXES["skos"] + "altLabel",
    "comment": PREFIXES["rdfs"] + "comment",
}
DATE_PROPERTIES = {CG.date, CG.startDate, CG.endDate}
EVIDENCE_PROPERTIES = {CG.source, CG.quote, CG.citedSource}
# Object properties between claims that the ontology gives no range.
CLAIM_LINKS = {CG.contradicts, CG.denies}
# Properties whose cells hold several values separated by ';' (names and aliases never hold one).
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Property:
    iri: str
    kind: str  # "entity", "source", "claim", "enum", "iri", "date", "decimal", "boolean", "text"
    role: bool = False
    range: str | None = None

    @property
    def is_list(self) -> bool:
        return self.kind in ("entity", "source", "claim", "enum", "iri") or self.iri == NAME_COLUMNS["altLabel"]


@dataclass
class Schema:
    """The ontology as the ingest format reads it."""

    properties: dict[str, Property]
    classes: dict[str, tuple[str, str]]  # folded name -> (class IRI, "Claim" | "Entity" | "Figure")
    roles: dict[str, list[str]]  # claim class -> its role properties
    members: dict[str, dict[str, str]]  # enumeration class -> folded name -> member IRI
    class_names: dict[str, str] = field(default_factory=dict)  # class IRI -> local name

    def column(self, name: str) -> Property | None:
        """The property a column header names, or None."""
        name = name.strip()
        if name in NAME_COLUMNS:
            return Property(NAME_COLUMNS[name], "text")
        prefix, colon, local = name.partition(":")
        if colon and prefix in PREFIXES:
            iri = PREFIXES[prefix] + local
            return self.properties.get(iri) or Property(iri, "iri" if prefix in ("rdf", "owl") else "text")
        camel = re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)
        return self.properties.get(NS + camel)

    def column_name(self, iri: str) -> str:
        """The header the export writes for a property."""
        for name, full in NAME_COLUMNS.items():
            if full == iri:
                return name
        if iri.startswith(NS):
            return iri[len(NS) :]
        from cartelgraph.graph import shorten

        return shorten(iri)

    def find_class(self, text: str) -> tuple[str, str] | None:
        return self.classes.get(fold_name(text.removeprefix("cg:")))


def load_schema(graph: KnowledgeGraph, data_dir: Path) -> Schema:
    """Read properties, classes, roles and enumerations from the ontology in ``graph``, and
    datatypes the ontology leaves open from the SHACL shapes in ``data_dir``."""
    shape_types = _shape_datatypes(data_dir / "ontology" / "shapes.ttl")
    enums = {row["class"] for row in graph.select(query("schema-members"))}
    properties = {}
    for row in graph.select(query("schema-properties")):
        iri, rng = row["property"], row.get("range")
        if row["kind"].endswith("ObjectProperty"):
            if rng == CG.Source:
                kind = "source"
            elif rng in (CG.Claim, CG.Evidence) or iri in CLAIM_LINKS:
                kind = "claim"
            elif rng in enums:
                kind = "enum"
            else:
                kind = "entity"
        elif iri in DATE_PROPERTIES:
            kind = "date"
        else:
            datatype = rng if rng and rng.startswith(XSD) else shape_types.get(iri)
            kind = {XSD + "decimal": "decimal", XSD + "boolean": "boolean"}.get(datatype or "", "text")
        previous = properties.get(iri)
        if previous is None or previous.kind == "text":
            properties[iri] = Property(iri, kind, bool(row["role"]), rng)
    classes, names = {}, {}
    for row in graph.select(query("schema-classes")):
        top = row["top"].rsplit("#", 1)[-1]
        local = row["class"].rsplit("#", 1)[-1]
        names[row["class"]] = local
        for name in (local, row.get("label")):
            if name:
                classes.setdefault(fold_name(name), (row["class"], top))
    roles: dict[str, list[str]] = {}
    for row in graph.select(query("schema-roles")):
        roles.setdefault(row["class"], []).append(row["role"])
    members: dict[str, dict[str, str]] = {}
    for row in graph.select(query("schema-members")):
        table = members.setdefault(row["class"], {})
        for name in (row["member"].rsplit("#", 1)[-1], row.get("label")):
            if name:
                table[fold_name(name)] = row["member"]
    return Schema(properties, classes, {c: sorted(r) for c, r in roles.items()}, members, names)


def _shape_datatypes(path: Path) -> dict[str, str]:
    """sh:path -> sh:datatype for the property shapes that give one."""
    if not path.is_file():
        return {}
    sh = "http://www.w3.org/ns/shacl#"
    paths, datatypes = {}, {}
    for quad in parse_turtle(path):
        if quad.predicate.value == sh + "path":
            paths[quad.subject] = quad.object.value
        elif quad.predicate.value == sh + "datatype":
            datatypes[quad.subject] = quad.object.value
    return {paths[node]: datatype for node, datatype in datatypes.items() if node in paths}
