"""`export --format ftm` on the real graph, checked by the real followthemoney library and its
`ftm` tool: every entity valid, every reference in the file, every claim once with its status,
quotes, sources and dates, the counts the graph's own SPARQL gives."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from followthemoney import model
from followthemoney.types import registry

from cartelgraph.ftm.ids import ftm_id

COMMENTARY_CLASSES = """
SELECT DISTINCT ?class WHERE { ?edge a cg:CommentaryEdge ; cg:fromClaim ?class }"""
CLAIMS = """
SELECT ?claim ?class ?status WHERE {
  ?claim a cg:Claim ; a ?class ; cg:status ?st . ?st rdfs:label ?status .
  ?class rdfs:subClassOf+ cg:Claim .
  FILTER NOT EXISTS { ?claim a ?sub . ?sub rdfs:subClassOf+ ?class . FILTER(?sub != ?class) }
}"""
QUOTES = """
SELECT ?claim ?source ?quote WHERE {
  ?claim a cg:Claim .
  { ?claim cg:source ?source ; cg:quote ?quote }
  UNION { ?claim cg:evidence ?ev . ?ev cg:source ?source ; cg:quote ?quote }
}"""
DATES = """
SELECT ?claim ?p ?date WHERE {
  VALUES ?p { cg:date cg:startDate cg:endDate } ?claim a cg:Claim ; ?p ?date
  FILTER NOT EXISTS { ?claim cg:dateInferred true }  # an inferred date stays in the summary
}"""
ENTITIES = "SELECT ?entity WHERE { ?entity a cg:Entity }"


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The export without and with commentary, as written by the CLI."""
    from click.testing import CliRunner

    from cartelgraph.cli import cli

    folder = tmp_path_factory.mktemp("ftm")
    files = {}
    for name, extra in (("plain", []), ("commentary", ["--include-commentary"])):
        path = folder / f"{name}.ftm.json"
        result = CliRunner().invoke(
            cli, ["--data", str(REPO), "export", "-o", str(path), *extra], catch_exceptions=False
        )
        assert result.exit_code == 0, result.stderr
        files[name] = path
    return files


@pytest.fixture(scope="module")
def commentary_classes(repo_graph):
    return {row["class"] for row in repo_graph.select(COMMENTARY_CLASSES)}


def test_every_entity_passes_followthemoney_validation(exported):
    entities = read_lines(exported["commentary"])
    ids = {data["id"]: model[data["schema"]] for data in entities}
    assert len(ids) == len(entities), "an ID is used twice"
    for data in entities:
        schema = model[data["schema"]]
        schema.validate(data)  # raises InvalidData on any invalid value
        missing = [name for name in schema.required if not data["properties"].get(name)]
        assert missing == [], (data["id"], missing)
        # Re-parsed as untrusted input (every value cleaned again), nothing changes or drops.
        assert model.get_proxy(data, cleaned=False).to_dict() == data, data["id"]
        for name, values in data["properties"].items():
            prop = schema.properties[name]
            if prop.type == registry.entity:
                for value in values:
                    assert value in ids, f"{data['id']}: {name} {value} is not in the file"
                    assert ids[value].is_a(prop.range), f"{data['id']}: {name} {value} is a {ids[value].name}"


def test_the_ftm_tool_reads_the_file_back_unchanged(exported, tmp_path):
    ftm = Path(sys.executable).parent / "ftm"
    out = tmp_path / "validated.json"
    subprocess.run([str(ftm), "validate", "-i", str(exported["plain"]), "-o", str(out)], check=True, timeout=120)

    def core(data):  # the tool adds empty `datasets` and `referents`
        return data["id"], data["schema"], data["properties"]

    assert sorted(map(core, read_lines(out))) == [core(d) for d in read_lines(exported["plain"])]


def test_one_entity_per_graph_entity_and_one_relation_per_claim(exported, repo_graph, commentary_classes):
    entity_ids = {ftm_id(row["entity"]) for row in repo_graph.select(ENTITIES)}
    claims = {row["claim"]: row["class"] for row in repo_graph.select(CLAIMS)}
    ties = {claim for claim, cls in claims.items() if cls not in commentary_classes}
    assert len(ties) < len(claims)  # the graph has commentary to leave out
    for name, expected in (("plain", ties), ("commentary", set(claims))):
        entities = read_lines(exported[name])
        records = [d["properties"]["recordId"] for d in entities if "recordId" in d["properties"]]
        assert all(len(r) == 1 for r in records)
        assert sorted(r[0] for r in records) == sorted(expected)
        others = {
            d["id"]
            for d in entities
            if "recordId" not in d["properties"] and d["schema"] not in ("Document", "Article", "Position")
        }
        assert others == entity_ids


def test_every_relation_carries_its_status_quotes_sources_and_only_given_dates(exported, repo_graph):
    claims = {row["claim"]: row for row in repo_graph.select(CLAIMS)}
    quotes: dict[str, set] = {}
    sources: dict[str, set] = {}
    for row in repo_graph.select(QUOTES):
        quotes.setdefault(row["claim"], set()).add(row["quote"])
        sources.setdefault(row["claim"], set()).add(ftm_id(row["source"]))
    dates: dict[str, dict] = {}
    for row in repo_graph.query(DATES).rows:
        dates.setdefault(row["claim"].value, {})[row["p"].value.rsplit("#", 1)[1]] = [row["date"].value]
    documents = {d["id"]: d for d in read_lines(exported["commentary"]) if model[d["schema"]].is_a("Document")}
    relations = [d for d in read_lines(exported["commentary"]) if "recordId" in d["properties"]]
    assert len(relations) == len(claims)
    for data in relations:
        props = data["properties"]
        claim = props["recordId"][0]
        status = claims[claim]["status"]
        assert f"\nstatus: {status}\n" in props["summary"][0] + "\n", claim  # accused is not convicted
        if model[data["schema"]].get("status"):
            assert props["status"] == [status], claim
        assert set(props["description"]) == quotes[claim], claim
        assert set(props["proof"]) == sources[claim], claim
        assert all(documents[s]["properties"]["fileName"] for s in props["proof"])
        for name in ("date", "startDate", "endDate"):
            assert props.get(name) == dates.get(claim, {}).get(name), (claim, name)


def test_a_source_document_carries_its_stored_text(exported):
    documents = [d for d in read_lines(exported["plain"]) if d["schema"] in ("Document", "Article")]
    assert documents
    for data in documents:
        text_file = REPO / "graph" / "sources" / data["properties"]["fileName"][0]
        # FtM keeps text values without leading and trailing white space.
        assert data["properties"]["bodyText"] == [text_file.read_text(encoding="utf-8-sig").strip()]


def test_a_re_export_is_identical(exported, tmp_path, cg):
    again = tmp_path / "again.ftm.json"
    assert cg("export", "--format", "ftm", "-o", str(again)).exit_code == 0
    assert again.read_bytes() == exported["plain"].read_bytes()


@pytest.mark.parametrize("option", [["--status", "Convicted"], ["--all"], ["--view", "weighted"], ["--as-of", "2020"]])
def test_options_that_do_not_apply_are_refused(cg, tmp_path, option):
    result = cg("export", "--format", "ftm", "-o", str(tmp_path / "x.ftm.json"), *option)
    assert result.exit_code == 2
    assert option[0] in result.stderr and "--include-commentary" in result.stderr
    assert list(tmp_path.iterdir()) == []
