"""FollowTheMoney's own check of an entity, and the graph-level ones it leaves to loaders: the
schema exists and is not abstract, the ID is one FtM accepts, every value is valid for its
property (``Schema.validate``), required properties are there, and every entity a property
names is in the file and of the schema the property takes."""

from __future__ import annotations

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.schema import Schema
from followthemoney.types import registry

from cartelgraph.text import HIDDEN


def shown(value, limit: int = 80) -> str:
    """A value from the file as a message quotes it: repr'd and cut at ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text):,} characters)"


def problems(data: dict, schemata: dict[str, Schema] | None = None) -> list[str]:
    """What is wrong with the serialised entity ``data``, in words; ``schemata`` holds the
    schema of every entity in the same file by ID (None: references are not checked). An empty
    list: the entity is valid."""
    name = data.get("schema")
    schema = model.get(name) if isinstance(name, str) and name else None
    if schema is None:
        return [f"unknown FtM schema {shown(name)}"]
    if schema.abstract:
        return [f"{schema.name} is an abstract FtM schema: no entity can have it"]
    entity_id = data.get("id")
    if not isinstance(entity_id, str) or not registry.entity.validate(entity_id):
        return [f"{shown(entity_id)} is not an FtM entity ID (letters, digits, '.' and '-')"]
    properties = data.get("properties") or {}
    if not isinstance(properties, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in properties.values()
    ):
        return ["properties must map each property name to a list of text values"]
    found = [
        f"{schema.name} has no property {shown(name)}" for name in sorted(properties) if name not in schema.properties
    ]
    found += [
        f"{name}: {shown(value)} holds a control character (U+{ord(HIDDEN.search(value).group()):04X})"
        for name, values in sorted(properties.items())
        for value in values
        if HIDDEN.search(value)
    ]
    try:
        schema.validate(data)
    except InvalidData as error:
        found += [
            f"{name}: {shown(reason, 160)[1:-1]}" for name, reason in sorted(error.errors.get("properties", {}).items())
        ]
    found += [
        f"{name}: required by {schema.name}, and missing"
        for name in sorted(schema.required)
        if not properties.get(name)
    ]
    for name, values in sorted(properties.items()):
        prop = schema.properties.get(name)
        if prop is None or prop.type != registry.entity or schemata is None:
            continue
        for value in values:
            target = schemata.get(value)
            if target is None:
                found.append(f"{name}: the entity {value!r} is not in the file")
            elif prop.range is not None and not target.is_a(prop.range):
                found.append(
                    f"{name}: {value!r} is a {target.name}, and {schema.name}'s {name} takes a {prop.range.name}"
                )
    return found
