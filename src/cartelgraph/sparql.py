"""SPARQL text handling: predeclared prefixes, the safety check, a lexer, parameters.

The engines would run ``SERVICE`` and ``LOAD`` (fetching any URL, ``file:`` included), so they
are refused before the engine sees the query. The check is layered so that it errs towards
refusing: a text that cannot contain either keyword (no "service" or "load" in any case, after
codepoint escapes are decoded) is let through at once; any other text is parsed with rdflib's
SPARQL grammar and refused if the parse tree holds a SERVICE pattern or a LOAD operation, if it
cannot be parsed, or if our own lexer sees either keyword as a token. A keyword inside a string
or a comment of a query that parses is therefore not refused; a spelling trick is.
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


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_MAY_FETCH = re.compile(r"service|load", re.IGNORECASE)


def check_safe(text: str, *, allow_update: bool = False) -> None:
    """Refuse SERVICE and LOAD always, and updates unless allowed."""
    # SPARQL decodes \u escapes before parsing, so look at the decoded text.
    decoded = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    if _MAY_FETCH.search(decoded):
        _refuse_fetching(decoded)
    if not allow_update and query_form(decoded) == "UPDATE":
        raise UnsafeQueryError("updates are refused: queries are read-only")


def _refuse_fetching(text: str) -> None:
    words = set(keywords(text))
    found = _fetching_operations(text)
    if "SERVICE" in words or "ServiceGraphPattern" in found:
        raise UnsafeQueryError("SERVICE is refused: cartelgraph never fetches remote endpoints")
    if "LOAD" in words or "Load" in found:
        raise UnsafeQueryError("LOAD is refused: cartelgraph never fetches documents by URL")


def _fetching_operations(text: str) -> set[str]:
    """Names of the SERVICE/LOAD nodes in rdflib's parse tree of ``text`` (query or update)."""
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    tree = None
    for parse in ((parseUpdate, parseQuery) if query_form(text) == "UPDATE" else (parseQuery, parseUpdate)):
        try:
            tree = parse(text)
            break
        except Exception:  # noqa: BLE001 - any parse failure means "cannot verify"
            continue
    if tree is None:
        raise UnsafeQueryError("the query mentions SERVICE or LOAD and could not be verified "
                               "as free of them, so it is refused")
    found: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        name = getattr(node, "name", None)
        if name in ("ServiceGraphPattern", "Load"):
            found.add(name)
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
            stack.extend(list(node))
    return found


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
    try:
        return Param(name, parse_term(value))
    except ValueError as error:  # pyoxigraph refuses a malformed IRI or language tag
        raise UsageError(f"--param {spec!r}: {error}") from None


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
