"""SPARQL text handling: predeclared prefixes, a lexer for the safety check, parameters.

Why a lexer and not a regex: the engines would run ``SERVICE`` and ``LOAD`` (fetching any URL,
``file:`` included), so they are refused. The decision is made on SPARQL tokens, after the
engine has accepted the query, so a keyword inside a string, an IRI or a comment does not
count, and no spelling, case or spacing slips past.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from cartelgraph.errors import UnsafeQueryError, UsageError

PREFIXES = {
    "cg": "https://w3id.org/cartelgraph/ontology#",
    "cgr": "https://w3id.org/cartelgraph/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
}

PROLOGUE = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())

# Token patterns in SPARQL grammar order; what matters is that strings, IRIs and comments are
# consumed whole so that nothing inside them is mistaken for a keyword.
_TOKEN_PATTERN = (
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
    | (?P<pname>[A-Za-z\u00C0-\uFFFF][\w.\-\u00C0-\uFFFF]*:[\w.\-:%\\\u00C0-\uFFFF]*|:[\w.\-:%\\\u00C0-\uFFFF]*)
    | (?P<word>[A-Za-z_][A-Za-z_0-9]*)
    | (?P<space>\s+)
    | (?P<other>.)
    """
)


@functools.cache
def _token_regex() -> re.Pattern:
    return re.compile(_TOKEN_PATTERN, re.VERBOSE | re.DOTALL)

UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


def tokenize(text: str):
    """SPARQL tokens as regex matches; ``match.lastgroup`` names the kind (word, iri, string…)."""
    return _token_regex().finditer(text)


def keywords(text: str) -> list[str]:
    """The bare words of a SPARQL text, upper-cased, outside strings, IRIs and comments."""
    return [m.group("word").upper() for m in tokenize(text) if m.lastgroup == "word"]


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE, from the first deciding keyword."""
    for word in keywords(text):
        if word in QUERY_FORMS:
            return word
        if word in UPDATE_KEYWORDS:
            return "UPDATE"
    return "SELECT"


def check_safe(text: str, *, allow_update: bool = False) -> None:
    """Refuse SERVICE and LOAD always, and updates unless allowed."""
    words = set(keywords(text))
    if "SERVICE" in words:
        raise UnsafeQueryError("SERVICE is refused: cartelgraph never fetches remote endpoints")
    if "LOAD" in words:
        raise UnsafeQueryError("LOAD is refused: cartelgraph never fetches documents by URL")
    if not allow_update and query_form(text) == "UPDATE":
        raise UnsafeQueryError("updates are refused: queries are read-only")


@dataclass(frozen=True)
class Param:
    name: str
    term: object  # a pyoxigraph term


def parse_param(spec: str) -> Param:
    """``name=value``: ``<iri>`` or ``prefix:local`` give an IRI, a number a typed literal,
    ``"text"@lang`` or ``"text"^^xsd:type`` what they say, anything else a plain string."""

    name, sep, value = spec.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z_0-9]*", name):
        raise UsageError(f"--param {spec!r}: expected name=value")
    return Param(name, parse_term(value))


def parse_term(value: str):
    import pyoxigraph as ox

    xsd = PREFIXES["xsd"]
    if value.startswith("<") and value.endswith(">"):
        return ox.NamedNode(value[1:-1])
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES and re.fullmatch(r"[\w.\-%]*", local):
        return ox.NamedNode(PREFIXES[prefix] + local)
    if re.fullmatch(r"[+-]?\d+", value):
        return ox.Literal(value, datatype=ox.NamedNode(xsd + "integer"))
    if re.fullmatch(r"[+-]?\d*\.\d+", value):
        return ox.Literal(value, datatype=ox.NamedNode(xsd + "decimal"))
    quoted = re.fullmatch(r'"(.*)"(?:@([A-Za-z\-]+)|\^\^(\S+))?', value, re.DOTALL)
    if quoted:
        text, lang, datatype = quoted.groups()
        if lang:
            return ox.Literal(text, language=lang)
        if datatype:
            return ox.Literal(text, datatype=parse_term(datatype))
        return ox.Literal(text)
    return ox.Literal(value)
