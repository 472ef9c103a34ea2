"""One cell of the ingest format to RDF terms, as the ontology types its column."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from cartelgraph.curation.names import Names
from cartelgraph.curation.schema import LIST_SEPARATOR, XSD, Property, Schema
from cartelgraph.errors import CartelgraphError
from cartelgraph.resolve import _as_iri
from cartelgraph.text import HIDDEN, fold


class CellError(ValueError):
    """A cell that cannot be read; the message is the reason."""


def terms(prop: Property, text: str, schema: Schema, names: Names) -> list:
    """The terms a cell stands for (several for a list column)."""
    import pyoxigraph as ox

    values = [v.strip() for v in text.split(LIST_SEPARATOR)] if prop.is_list else [text.strip()]
    out = []
    for value in filter(None, values):
        if prop.kind == "entity":
            out.append(ox.NamedNode(_entity(value, names)))
        elif prop.kind == "source":
            out.append(ox.NamedNode(_call(names.source, value)))
        elif prop.kind in ("claim", "iri"):
            iri = _as_iri(value)
            if iri is None:
                raise CellError(f"{value!r} is not an IRI (write cgr:name or <https://…>)")
            out.append(node(iri))
        elif prop.kind == "enum":
            out.append(ox.NamedNode(_member(value, prop, schema)))
        else:
            out.append(literal(prop, value))
    return out


def node(iri: str):
    """A NamedNode, or a :class:`CellError` when ``iri`` is not a valid IRI."""
    import pyoxigraph as ox

    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        raise CellError(f"{iri!r} is not a valid IRI ({error})") from None


def _call(function, value):
    try:
        return function(value)
    except CartelgraphError as error:
        raise CellError(str(error)) from None


def _entity(value: str, names: Names) -> str:
    return _call(names.entity, value)


def _member(value: str, prop: Property, schema: Schema) -> str:
    table = schema.members.get(prop.range or "", {})
    iri = _as_iri(value)
    if iri in table.values():
        return iri
    found = table.get(fold(value.removeprefix("cg:")))
    if found is None:
        choices = sorted({m.rsplit("#", 1)[-1] for m in table.values()})
        raise CellError(f"{value!r} is not one of: {', '.join(choices)}")
    return found


def literal(prop: Property, value: str):
    import pyoxigraph as ox

    if prop.kind == "date":
        return ox.Literal(value, datatype=ox.NamedNode(XSD + _date_type(value)))
    if prop.kind == "decimal":
        return ox.Literal(decimal_text(value), datatype=ox.NamedNode(XSD + "decimal"))
    if prop.kind == "boolean":
        folded = value.lower()
        if folded in ("true", "yes", "1"):
            return ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))
        if folded in ("false", "no", "0"):
            return ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean"))
        raise CellError(f"{value!r} is not true or false")
    hidden = HIDDEN.search(value)
    if hidden:
        raise CellError(f"holds a control character (U+{ord(hidden.group()):04X}) at character {hidden.start() + 1}")
    return ox.Literal(value)


def _date_type(value: str) -> str:
    patterns = (
        ("%Y-%m-%d", r"\d{4}-\d{2}-\d{2}", "date"),
        ("%Y-%m", r"\d{4}-\d{2}", "gYearMonth"),
        ("%Y", r"\d{4}", "gYear"),
    )
    for fmt, pattern, datatype in patterns:
        if re.fullmatch(pattern, value):
            try:
                dt.datetime.strptime(value, fmt)
            except ValueError:
                raise CellError(f"{value!r} is not a real date") from None
            return datatype
    raise CellError(f"date {value!r} must be YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source")


def decimal_text(value: str) -> str:
    """'286,494' or '286494.0' -> '286494' (the canonical xsd:decimal form the store keeps)."""
    plain = value.replace(" ", "")
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", plain):
        plain = plain.replace(",", "")
    try:
        number = Decimal(plain)
    except InvalidOperation:
        raise CellError(f"{value!r} is not a number") from None
    if not number.is_finite():
        raise CellError(f"{value!r} is not a number")
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "+0") else text
