"""A canonical Turtle writer and readable, stable IRIs.

The files the tool owns are written sorted (subjects, then ``a`` and the other predicates,
then objects) with a fixed prefix block, so the same triples always give the same bytes and a
diff after an ingest shows exactly what was added.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from cartelgraph.data import parse_turtle
from cartelgraph.sparql import PREFIXES

RDF_TYPE = PREFIXES["rdf"] + "type"
XSD = PREFIXES["xsd"]
CGR = PREFIXES["cgr"]
PREFIXES_RDFS_LABEL = PREFIXES["rdfs"] + "label"
_SAFE_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")


def slug(text: str, max_words: int = 8) -> str:
    """'Genaro García Luna' -> 'genaro-garcia-luna' (ASCII, lower case, at most ``max_words``)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    return "-".join(words[:max_words])


def short_hash(text: str, size: int = 6) -> str:
    """A short, stable digest of ``text`` after whitespace folding, to tell IRIs apart."""
    return hashlib.sha1(" ".join(text.split()).encode()).hexdigest()[:size]


def local_name(iri: str) -> str:
    """The part after the last '#' or '/'."""
    return re.split(r"[#/]", iri)[-1]


def term_text(term) -> str:
    """One pyoxigraph term in Turtle syntax, with the predeclared prefixes."""
    kind = type(term).__name__
    if kind == "NamedNode":
        return _iri_text(term.value)
    if kind == "Literal":
        return _literal_text(term)
    raise ValueError(f"no blank nodes in graph/: {term}")


def _iri_text(iri: str) -> str:
    for name, base in PREFIXES.items():
        if iri.startswith(base) and _SAFE_LOCAL.match(iri[len(base) :]):
            return f"{name}:{iri[len(base) :]}"
    return f"<{iri}>"


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )


def _literal_text(literal) -> str:
    value, datatype = literal.value, literal.datatype.value if literal.datatype else None
    if literal.language:
        return f'"{_escape(value)}"@{literal.language}'
    if datatype in (None, XSD + "string"):
        return f'"{_escape(value)}"'
    if datatype == XSD + "boolean" and value in ("true", "false"):
        return value
    if datatype == XSD + "integer" and re.fullmatch(r"[+-]?\d+", value):
        return value
    if datatype == XSD + "decimal" and re.fullmatch(r"[+-]?\d*\.\d+", value):
        return value
    return f'"{_escape(value)}"^^{_iri_text(datatype)}'


def _object_key(term) -> tuple:
    kind = type(term).__name__
    if kind == "NamedNode":
        return (0, term.value, "")
    return (1, term.value, term.datatype.value if term.datatype else "", term.language or "")


def serialize(triples: Iterable, header: str = "") -> str:
    """Canonical Turtle for ``triples`` (pyoxigraph triples or quads): fixed prefixes, sorted
    subjects, ``a`` first then predicates by IRI, objects sorted, one statement per line."""
    by_subject: dict[str, dict[str, set]] = {}
    for triple in triples:
        if type(triple.subject).__name__ != "NamedNode":
            raise ValueError(f"no blank nodes in graph/: {triple.subject}")
        by_subject.setdefault(triple.subject.value, {}).setdefault(triple.predicate.value, set()).add(triple.object)
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines += [f"@prefix {name}: <{base}> ." for name, base in PREFIXES.items()]
    for subject in sorted(by_subject):
        predicates = by_subject[subject]
        order = sorted(predicates, key=lambda p: (p != RDF_TYPE, p))
        parts = []
        for predicate in order:
            name = "a" if predicate == RDF_TYPE else _iri_text(predicate)
            objects = ", ".join(term_text(o) for o in sorted(predicates[predicate], key=_object_key))
            parts.append(f"{name} {objects}")
        lines.append("")
        lines.append(f"{_iri_text(subject)} " + " ;\n    ".join(parts) + " .")
    return "\n".join(lines) + "\n"


def read_triples(path: Path) -> set:
    """The triples of a Turtle file (an empty set when it does not exist)."""
    if not Path(path).is_file():
        return set()
    return {quad.triple for quad in parse_turtle(path)}
