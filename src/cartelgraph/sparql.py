r"""SPARQL text handling: predeclared prefixes, the safety check, a lexer, parameters.

The engines would run ``SERVICE`` and ``LOAD`` (fetching any URL, ``file:`` included), so they
are refused before the engine sees the query. The check is layered so that it errs towards
refusing, and :func:`check_safe` returns the text that runs, which is exactly the text it
checked:

1. Line breaks are made plain: SPARQL comments run to the end of a line, and the parsers do not
   agree on what ends one (Oxigraph ends a comment at a lone CR, rdflib and our lexer did not,
   so ``#x<CR>SERVICE <…>`` hid a SERVICE from the check). CR, CRLF, VT, FF, NEL, U+2028 and
   U+2029 all become LF; any other control character is refused.
2. A text that cannot contain either keyword (no "service" or "load" in any case) is let
   through at once. Otherwise it is read as written and, when it holds ``\u`` escapes, also
   with each escape as a plain letter (Oxigraph decodes them only inside strings and IRIs,
   rdflib everywhere) and as decoded (SPARQL decodes them before parsing), and
   each reading is refused if our lexer sees either keyword as a token or rdflib's parse tree
   holds a SERVICE pattern or a LOAD operation. A text rdflib cannot parse is refused as
   malformed, with rdflib's line and column.

A keyword inside a string or a comment of a query that parses is therefore not refused; a
spelling trick is. The processes that run queries also have no network where the system
allows it (:mod:`cartelgraph.sandbox`), in case a parser gap remains.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from cartelgraph.errors import QuerySyntaxError, UnsafeQueryError, UsageError
from cartelgraph.namespace import NS

PREFIXES = {
    "cg": NS,
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
_TOKEN_PATTERN = r"""
      (?P<comment>\#[^\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
    | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00C0-\uFFFF]*)?:(?:[\w.\-:%\u00C0-\uFFFF]|\\[_~.\-!$&'()*+,;=/?\#@%])*)
    | (?P<word>[A-Za-z_][A-Za-z_0-9]*)
    | (?P<space>\s+)
    | (?P<other>.)
    """


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
    return list(_words(text))


def _words(text: str):
    return (m.group("word").upper() for m in tokenize(text) if m.lastgroup == "word")


# The endpoint asks the form and the check for every request, and clients repeat their queries:
# both are remembered for the last 256 texts of up to CACHED_TEXT characters (a long-lived worker
# must not keep 256 texts of a megabyte each).
CACHED_TEXT = 16_384


def query_form(text: str) -> str:
    """:func:`read_query_form`, remembered for short texts."""
    return _cached_form(text) if len(text) <= CACHED_TEXT else read_query_form(text)


def read_query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE, from the keyword that follows the prologue
    (BASE and PREFIX declarations, comments); SELECT when none does.

    Only the prologue is read. The lexer is slow on some texts (a long run of ``a.a.a…`` is
    rescanned from each name in it, quadratic), and the endpoint asks for the form on its
    event loop: reading past the prologue let one 256 KB query stall every client for 74 s."""
    for match in tokenize(text):
        kind = match.lastgroup
        if kind in ("space", "comment", "iri", "pname"):
            continue
        word = match.group().upper() if kind == "word" else ""
        if word in ("BASE", "PREFIX"):
            continue
        if word in QUERY_FORMS:
            return word
        return "UPDATE" if word in UPDATE_KEYWORDS else "SELECT"
    return "SELECT"


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_MAY_FETCH = re.compile(r"service|load", re.IGNORECASE)
# Every line terminator one of the three parsers might end a comment at, CRLF first.
LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def check_safe(text: str, *, allow_update: bool = False) -> str:
    """Refuse SERVICE and LOAD always, and updates unless allowed; return the text to run
    (line breaks made plain), which is the text that was checked."""
    text = plain_lines(text)
    readings = [text]
    if _CODEPOINT.search(text):
        # Oxigraph decodes escapes only inside strings and IRIs, where a decoded quote ends
        # nothing; rdflib decodes them everywhere first. So the escapes are also read as a
        # plain letter, which gives rdflib the token structure Oxigraph sees.
        readings.append(_CODEPOINT.sub("x", text))
        decoded = _CODEPOINT.sub(lambda m: _codepoint(m.group(1) or m.group(2)), text)
        readings.append(plain_lines(decoded, refuse_controls=False))
    for reading in readings:
        if _MAY_FETCH.search(reading):
            _refuse_fetching(reading)
        if not allow_update and query_form(reading) == "UPDATE":
            raise UnsafeQueryError("updates are refused: queries are read-only")
    return text


@functools.lru_cache(maxsize=256)
def _cached_form(text: str) -> str:
    return read_query_form(text)


@functools.lru_cache(maxsize=256)
def _cached_check(text: str, allow_update: bool) -> str:
    return check_safe(text, allow_update=allow_update)


def check_safe_cached(text: str, *, allow_update: bool = False) -> str:
    """:func:`check_safe`, remembered for the last 256 texts of up to :data:`CACHED_TEXT`
    characters; a refusal is not remembered and is raised again each time."""
    if len(text) > CACHED_TEXT:
        return check_safe(text, allow_update=allow_update)
    return _cached_check(text, allow_update)


def plain_lines(text: str, *, refuse_controls: bool = True) -> str:
    """``text`` with every line terminator made LF; a control character other than tab and the
    line breaks is refused with its line and column."""
    text = LINE_BREAKS.sub("\n", text)
    bad = _CONTROL.search(text) if refuse_controls else None
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise QuerySyntaxError(
            f"malformed SPARQL: line {line}, column {column}: control character "
            f"U+{ord(bad.group()):04X} is not allowed in a query"
        )
    return text


def _codepoint(digits: str) -> str:
    code = int(digits, 16)
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def _refuse_fetching(text: str) -> None:
    words = set(keywords(text))
    if "SERVICE" in words:
        raise UnsafeQueryError("SERVICE is refused: cartelgraph never fetches remote endpoints")
    if "LOAD" in words:
        raise UnsafeQueryError("LOAD is refused: cartelgraph never fetches documents by URL")
    found = _fetching_operations(text)
    if "ServiceGraphPattern" in found:
        raise UnsafeQueryError("SERVICE is refused: cartelgraph never fetches remote endpoints")
    if "Load" in found:
        raise UnsafeQueryError("LOAD is refused: cartelgraph never fetches documents by URL")


def _fetching_operations(text: str) -> set[str]:
    """Names of the SERVICE/LOAD nodes in rdflib's parse tree of ``text`` (query or update)."""
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    tree, failure, too_deep = None, None, False
    for parse in (parseUpdate, parseQuery) if query_form(text) == "UPDATE" else (parseQuery, parseUpdate):
        try:
            tree = parse(text)
            break
        except RecursionError:
            failure, too_deep = failure or "it is nested too deeply to be checked", True
        except Exception as error:  # noqa: BLE001 - any parse failure means "cannot verify"
            failure = failure or _parse_failure(error)
    if tree is None:
        # Oxigraph's own parser says whether the text is malformed (400, with its line and
        # column); a text that Oxigraph reads and rdflib cannot is refused as unverifiable.
        # Not on a text too deep for rdflib: Oxigraph's parser overflows its stack on it
        # (a segmentation fault of the process, from 900 nested NOT EXISTS).
        if not too_deep:
            check_query_syntax(text, base_iri="http://cartelgraph.invalid/")
        raise UnsafeQueryError(
            f"the query mentions SERVICE or LOAD and could not be verified as free of "
            f"them ({failure}), so it is refused"
        )
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


_NOWHERE = "urn:cartelgraph:nowhere"


@functools.cache
def _parser():
    import pyoxigraph as ox

    return ox.Store()


def check_query_syntax(text: str, *, base_iri: str | None) -> None:
    """Raise :class:`~cartelgraph.errors.QuerySyntaxError`, with line and column, when Oxigraph
    cannot parse the query ``text`` (resolving relative IRIs against ``base_iri``).

    pyoxigraph has no parse-only call, so the query is given two dataset options that pyoxigraph
    refuses together: it then stops with ValueError just after parsing, before evaluating
    anything (tests/test_server_protocol.py holds it to that with SERVICE queries and a listener
    that must receive nothing). A text written as an update is not looked at."""
    import pyoxigraph as ox

    if query_form(text) == "UPDATE":
        return
    try:
        _parser().query(
            text,
            base_iri=base_iri,
            prefixes=PREFIXES,
            use_default_graph_as_union=True,
            default_graph=[ox.NamedNode(_NOWHERE)],
        )
    except SyntaxError as error:
        raise syntax_error(str(error.msg if hasattr(error, "msg") else error)) from None
    except ValueError as error:
        if "use_default_graph_as_union" in str(error):
            return  # parsed; then the two options were refused, as intended
        raise
    raise RuntimeError("pyoxigraph evaluated a query it was only asked to parse")


def syntax_error(message: str) -> QuerySyntaxError:
    """The error for Oxigraph's parse error ``message``, in the user's lines and columns."""
    return QuerySyntaxError(f"malformed SPARQL: {_with_user_lines(message)}")


def _with_user_lines(message: str) -> str:
    """'error at 3:7: expected one of …' -> 'line 3, column 7: unexpected input (expected …)'."""
    message = re.sub(r"error at (\d+):(\d+)", r"line \1, column \2", message)
    head, sep, expected = message.partition(": expected one of")
    if not sep:
        return message
    expected = " ".join(expected.split())
    expected = expected[:100] + ("…" if len(expected) > 100 else "")
    return f"{head}: unexpected input (expected one of {expected.strip()})"


def _parse_failure(error: Exception) -> str:
    """'line 3, column 7: …' from a pyparsing exception, or its text."""
    line, column = getattr(error, "lineno", None), getattr(error, "col", None)
    message = str(getattr(error, "msg", "") or error).splitlines()[0] if str(error) else type(error).__name__
    if line and column:
        return f"line {line}, column {column}: {message}"
    return message


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
