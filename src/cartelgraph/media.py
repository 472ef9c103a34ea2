"""The formats answers and files travel in, in one table: each short name (``--format``,
``format=``) with its media type, the other media types and names that ask for it, its file
extensions and pyoxigraph's name for it. The endpoint, the remote client, ``push`` and the
commands' ``-o FILE`` guess all read it. A leaf module: it imports nothing of the project's."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str  # the short name
    media_type: str
    kind: str  # "results" (SELECT, ASK), "graph" (RDF: CONSTRUCT, DESCRIBE), "file" (the CLI's own)
    extensions: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other names for it in format= / output= / --format
    accepted: tuple[str, ...] = ()  # other media types a client may ask for it by
    oxigraph: str | None = None  # the member of pyoxigraph's QueryResultsFormat or RdfFormat


# In order of preference within a kind: the first is what a client that has none (*/*) gets.
FORMATS = {
    f.name: f
    for f in (
        Format(
            "json",
            "application/sparql-results+json",
            "results",
            (".json", ".srj"),
            ("srj", "sparql-results+json"),
            ("application/json",),
            "JSON",
        ),
        Format(
            "xml",
            "application/sparql-results+xml",
            "results",
            (".xml", ".srx"),
            ("srx", "sparql-results+xml"),
            ("application/xml", "text/xml"),
            "XML",
        ),
        Format("csv", "text/csv", "results", (".csv",), oxigraph="CSV"),
        Format("tsv", "text/tab-separated-values", "results", (".tsv",), oxigraph="TSV"),
        Format(
            "turtle",
            "text/turtle",
            "graph",
            (".ttl",),
            ("ttl", "n3"),
            ("application/x-turtle", "text/n3", "text/rdf+n3"),
            "TURTLE",
        ),
        Format(
            "nt", "application/n-triples", "graph", (".nt",), ("ntriples", "n-triples"), ("text/plain",), "N_TRIPLES"
        ),
        Format("jsonld", "application/ld+json", "graph", (".jsonld",), ("json-ld",), ("application/json",), "JSON_LD"),
        Format(
            "rdfxml",
            "application/rdf+xml",
            "graph",
            (".rdf",),
            ("rdf", "rdf+xml"),
            ("application/xml", "text/xml"),
            "RDF_XML",
        ),
        Format("table", "text/plain", "file", (".txt",)),
        Format("markdown", "text/markdown", "file", (".md",)),
        Format("graphml", "application/graphml+xml", "file", (".graphml",)),
        Format("gexf", "application/gexf+xml", "file", (".gexf",)),
        Format("ftm", "application/json", "file", (".ftm.json", ".ftm")),  # FollowTheMoney entities, one a line
        Format("html", "text/html", "file", (".html", ".htm")),
        Format("js", "text/javascript", "file", (".js",)),
        Format("css", "text/css", "file", (".css",)),
    )
}

RESULT_MEDIA = {f.name: f.media_type for f in FORMATS.values() if f.kind == "results"}
GRAPH_MEDIA = {f.name: f.media_type for f in FORMATS.values() if f.kind == "graph"}
# pyoxigraph's name of each format, for getattr(ox.QueryResultsFormat / ox.RdfFormat, ...).
RESULT_FORMATS = {f.name: f.oxigraph for f in FORMATS.values() if f.kind == "results"}
GRAPH_FORMATS = {f.name: f.oxigraph for f in FORMATS.values() if f.kind == "graph"}
# Every media type a client may ask for (Accept), by short name, in order of preference.
RESULT_ACCEPT = {
    media: f.name for f in FORMATS.values() if f.kind == "results" for media in (f.media_type, *f.accepted)
}
GRAPH_ACCEPT = {media: f.name for f in FORMATS.values() if f.kind == "graph" for media in (f.media_type, *f.accepted)}
# Names accepted in format= / output= besides the short names and the media types.
FORMAT_ALIASES = {alias: f.name for f in FORMATS.values() if f.kind != "file" for alias in f.aliases}

PLAIN_TEXT = FORMATS["table"].media_type  # errors and messages, UTF-8
HTML = FORMATS["html"].media_type

# The bodies of a SPARQL request (SPARQL 1.1 Protocol).
FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"

# The header `cartelgraph serve` sets when its row cap cut an answer (docs/endpoints.md).
TRUNCATED_HEADER = "X-Cartelgraph-Truncated"


def media_type(name: str) -> str:
    """The media type of a short name: ``media_type("nt")`` is ``application/n-triples``."""
    return FORMATS[name].media_type


def format_of(path: str | None, choices) -> str | None:
    """Which of ``choices`` (a command's ``--format`` names) the extension of ``path`` names,
    or None. The longest extension wins (``x.ftm.json`` is ``ftm`` where ``ftm`` is a choice,
    else ``json``), and a choice may be an alias (``ttl`` for Turtle).

    >>> format_of("out/claims.CSV", ["table", "json", "csv"])
    'csv'
    >>> format_of("net.ttl", ["graphml", "ttl"]), format_of("x.ftm.json", ["json", "csv"])
    ('ttl', 'json')
    >>> format_of("notes.txt", ["json"]) is None
    True
    """
    if not path or str(path) == "-":
        return None
    name = str(path).rsplit("/", 1)[-1].lower()
    endings = sorted(((ext, f) for f in FORMATS.values() for ext in f.extensions), key=lambda item: -len(item[0]))
    for ext, found in endings:
        if name.endswith(ext):
            named = [choice for choice in choices if choice in (found.name, *found.aliases)]
            if named:
                return named[0]
    return None
