"""The service description an endpoint gives about itself (SPARQL 1.1 Service Description,
https://www.w3.org/TR/sparql11-service-description/), in Turtle and the other RDF formats."""

from __future__ import annotations

from cartelgraph.media import TRUNCATED_HEADER

FORMATS_NS = "http://www.w3.org/ns/formats/"
RESULT_FORMAT_IRIS = [
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
]


def service_description(endpoint_url: str, *, triples: int, allow_update: bool, timeout: float, max_rows: int) -> str:
    """Turtle describing the endpoint at ``endpoint_url``: languages, formats, the dataset
    and the limits (as comments a person reads and as a ``rdfs:comment``)."""
    languages = "sd:SPARQL11Query" + (", sd:SPARQL11Update" if allow_update else "")
    formats = ",\n        ".join(f"<{FORMATS_NS}{name}>" for name in RESULT_FORMAT_IRIS)
    note = (
        f"cartelgraph endpoint: {'updates need a bearer token' if allow_update else 'read-only'}; "
        f"SERVICE and LOAD are refused; each query is stopped after {timeout:g} s; "
        f"answers are cut at {max_rows} rows (the {TRUNCATED_HEADER} header says so)."
    )
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<{endpoint_url}> a sd:Service ;
    sd:endpoint <{endpoint_url}> ;
    sd:supportedLanguage {languages} ;
    sd:resultFormat {formats} ;
    rdfs:comment {_turtle_string(note)} ;
    sd:defaultDataset [
        a sd:Dataset ;
        sd:defaultGraph [ a sd:Graph ; void:triples {int(triples)} ]
    ] .
"""


def _turtle_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def convert(turtle: str, fmt: str) -> bytes:
    """The description in another RDF format (``turtle``, ``nt``, ``jsonld``, ``rdfxml``)."""
    import pyoxigraph as ox

    from cartelgraph.media import GRAPH_FORMATS

    if fmt == "turtle":
        return turtle.encode()
    triples = list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    return ox.serialize(triples, format=getattr(ox.RdfFormat, GRAPH_FORMATS[fmt]))
