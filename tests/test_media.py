"""One table of formats (cartelgraph.media): every media type, the truncation header and the
format a file's extension names are spelled there and nowhere else in the package."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest
import rdflib
from conftest import REPO

from cartelgraph.media import FORMATS, TRUNCATED_HEADER, format_of

SOURCE = REPO / "src" / "cartelgraph"


def test_media_types_and_the_truncation_header_are_spelled_only_in_the_table():
    spelled = {f.media_type for f in FORMATS.values()} | {m for f in FORMATS.values() for m in f.accepted}
    spelled |= {TRUNCATED_HEADER, "application/sparql-update", "application/sparql-query"}
    found = []
    for path in SOURCE.rglob("*.py"):
        if path.name == "media.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        prose = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}  # docstrings
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str | bytes) and id(node) not in prose:
                text = node.value.decode() if isinstance(node.value, bytes) else node.value
                found += [
                    f"{path.relative_to(REPO)}: {text}" for part in re.split(r"[\s;,:]+", text) if part in spelled
                ]
    assert found == []


@pytest.mark.parametrize(
    ("path", "choices", "expected"),
    [
        ("answer.srj", ["table", "json"], "json"),
        ("NET.GRAPHML", ["graphml", "gexf"], "graphml"),
        ("entities.ftm.json", ["ftm", "json"], "ftm"),
        ("entities.ftm.json", ["table", "json"], "json"),
        ("graph.ttl", ["turtle", "nt"], "turtle"),
        ("graph.ttl", ["nt", "ttl"], "ttl"),
        ("coverage.md", ["table", "markdown"], "markdown"),
        ("notes.txt", ["json", "csv"], None),
        ("-", ["json"], None),
        (None, ["json"], None),
    ],
)
def test_format_of_reads_the_extension_against_the_commands_choices(path, choices, expected):
    assert format_of(path, choices) == expected


def test_query_writes_rdfxml_as_the_endpoint_does(tmp_path):
    out = tmp_path / "cartels.rdf"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cartelgraph.cli",
            "query",
            "CONSTRUCT { ?c a cg:Cartel } WHERE { ?c a cg:Cartel } ORDER BY ?c LIMIT 2",
            "-o",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    parsed = rdflib.Graph().parse(out, format="xml")
    cartel = rdflib.URIRef("https://w3id.org/cartelgraph/ontology#Cartel")
    assert sorted(str(s) for s in parsed.subjects(rdflib.RDF.type, cartel)) == [
        "https://w3id.org/cartelgraph/id/beltran-leyva-cartel",
        "https://w3id.org/cartelgraph/id/cjng",
    ]
