"""`candidates --from-ftm FILE`: our own export proposes nothing; one new person and one new
relation propose exactly those (and the proposals ingest); bad FtM files get one clear message
naming the file and line, exit 2, and nothing written."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from conftest import REPO, folder_hash

from cartelgraph.ftm.propose import COLUMNS

ENTITIES = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a cg:Entity }"
CLAIMS = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a cg:Claim }"
NEW_SENTENCE = "Rosa Ruiz is a member of Cartel X."


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def tiny_copy(tmp_path, tiny_data):
    """The tiny graph, its source text with one more sentence naming someone it does not know."""
    data = tmp_path / "data"
    shutil.copytree(tiny_data, data)
    with open(data / "graph" / "sources" / "tiny.txt", "a", encoding="utf-8") as text:
        text.write(NEW_SENTENCE + "\n")
    return data


def export(cg, data, path, *extra):
    result = cg("export", "--format", "ftm", "-o", str(path), *extra, data=data)
    assert result.exit_code == 0, result.stderr
    return path


@pytest.mark.parametrize("extra", [[], ["--include-commentary"]])
def test_our_own_export_proposes_nothing(cg, repo_graph, tmp_path, extra):
    path = export(cg, REPO, tmp_path / "graph.ftm.json", *extra)
    result = cg("candidates", "--from-ftm", str(path))
    assert result.exit_code == 0, result.stderr
    assert rows(result.stdout) == []
    assert result.stdout.strip() == ",".join(COLUMNS)
    entities = repo_graph.select(ENTITIES)[0]["n"]
    relations = sum(1 for line in path.read_text().splitlines() if '"recordId"' in line)
    if extra:
        assert relations == repo_graph.select(CLAIMS)[0]["n"]
    assert f"{entities} entities and {relations} claims already in the graph" in result.stderr
    assert "proposes 0 new entities and 0 new claims" in result.stderr


def test_a_relation_restating_a_claim_under_another_id_is_no_new_claim(cg, tiny_copy, tmp_path):
    """Without the recordId (a file from elsewhere), the ingest's own duplicate detection knows
    a claim by class, participants and quote; an extradition's third role (the extraditing
    country) is not in FtM's two ends, so that claim comes back as another, smaller one."""
    lines = [json.loads(line) for line in export(cg, tiny_copy, tmp_path / "t.ftm.json").read_text().splitlines()]
    for data in lines:
        if data["properties"].pop("recordId", None):
            data["id"] = "elsewhere-" + data["id"]
    path = tmp_path / "elsewhere.ftm.json"
    path.write_text("".join(json.dumps(d) + "\n" for d in lines))
    result = cg("candidates", "--from-ftm", str(path), data=tiny_copy)
    assert result.exit_code == 0, result.stderr
    [(cls, participants)] = [(row["class"], row["participants"]) for row in rows(result.stdout)]
    assert (cls, participants) == ("Extradition", "extraditedPerson=cgr:person-p; receivingCountry=cgr:country-u")
    assert "5 claims already in the graph; proposes 0 new entities and 1 new claim" in result.stderr


def test_one_new_person_and_one_new_relation_propose_exactly_those(cg, tiny_copy, tmp_path):
    path = export(cg, tiny_copy, tmp_path / "t.ftm.json")
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps({"id": "rosa-ruiz", "schema": "Person", "properties": {"name": ["Rosa Ruiz"]}}) + "\n")
        out.write(
            json.dumps(
                {
                    "id": "rosa-ruiz-membership",
                    "schema": "Membership",
                    "properties": {
                        "member": ["rosa-ruiz"],
                        "organization": ["cartel-x"],
                        "status": ["reported"],
                        "description": [NEW_SENTENCE],
                        "proof": ["src"],
                    },
                }
            )
            + "\n"
        )
    proposals = tmp_path / "proposals.csv"
    result = cg("candidates", "--from-ftm", str(path), "-o", str(proposals), data=tiny_copy)
    assert result.exit_code == 0, result.stderr
    assert "proposes 1 new entity and 1 new claim" in result.stderr
    person, claim = rows(proposals.read_text(encoding="utf-8"))
    assert (person["class"], person["label"]) == ("Person", "Rosa Ruiz")
    assert (claim["class"], claim["participants"], claim["status"], claim["source"], claim["quote"]) == (
        "Membership",
        "member=cgr:rosa-ruiz; memberOrganization=cgr:cartel-x",
        "reported",
        "cgr:src",
        NEW_SENTENCE,
    )
    # The proposals are rows of the ingest format: they go in as they are.
    ingested = cg("ingest", str(proposals), "--create-entities", data=tiny_copy)
    assert ingested.exit_code == 0, ingested.stderr
    again = cg("candidates", "--from-ftm", str(path), data=tiny_copy)
    assert "proposes 0 new entities and 0 new claims" in again.stderr


def _lines(*entities) -> str:
    return "".join((e if isinstance(e, str) else json.dumps(e)) + "\n" for e in entities)


PERSON = {"id": "p1", "schema": "Person", "properties": {"name": ["Ana Álvarez"]}}
CARTEL = {"id": "c1", "schema": "Organization", "properties": {"name": ["Cartel X"]}}
BAD_FILES = [
    ("not-json", _lines(PERSON, "{'id': 'x'"), 2, ["line 2", "not JSON"]),
    ("not-an-object", _lines(PERSON, "[1, 2]"), 2, ["line 2", "not an FtM entity"]),
    ("unknown-schema", _lines({"id": "x", "schema": "Cartel", "properties": {}}), 2, ["line 1", "unknown FtM schema"]),
    ("abstract-schema", _lines({"id": "x", "schema": "Thing", "properties": {}}), 2, ["line 1", "abstract"]),
    (
        "invalid-value",
        _lines({"id": "x", "schema": "Person", "properties": {"name": ["A"], "birthDate": ["soon"]}}),
        2,
        ["line 1", "birthDate", "soon"],
    ),
    (
        "missing-required",
        _lines({"id": "x", "schema": "Person", "properties": {"alias": ["A"]}}),
        2,
        ["line 1", "name", "required"],
    ),
    (
        "unknown-property",
        _lines({"id": "x", "schema": "Person", "properties": {"name": ["A"], "rank": ["1"]}}),
        2,
        ["line 1", "rank"],
    ),
    ("bad-id", _lines({"id": "a b", "schema": "Person", "properties": {"name": ["A"]}}), 2, ["line 1", "ID"]),
    (
        "end-missing",
        _lines(
            PERSON, {"id": "m1", "schema": "Membership", "properties": {"member": ["p1"], "organization": ["nobody"]}}
        ),
        2,
        ["line 2", "organization", "nobody", "not in the file"],
    ),
    (
        "end-of-wrong-schema",
        _lines(PERSON, {"id": "m1", "schema": "Membership", "properties": {"member": ["p1"], "organization": ["p1"]}}),
        2,
        ["line 2", "organization", "Person"],
    ),
    (
        "role-names-no-class",
        _lines(
            PERSON,
            CARTEL,
            {
                "id": "u1",
                "schema": "UnknownLink",
                "properties": {"subject": ["p1"], "object": ["c1"], "role": ["business partner"]},
            },
        ),
        2,
        ["line 3", "business partner"],
    ),
    (
        "quote-not-in-source",
        _lines(
            PERSON,
            CARTEL,
            {"id": "s1", "schema": "Document", "properties": {"fileName": ["tiny.txt"], "title": ["Tiny source"]}},
            {
                "id": "u1",
                "schema": "UnknownLink",
                "properties": {
                    "subject": ["p1"],
                    "object": ["c1"],
                    "role": ["collusion"],
                    "status": ["alleged"],
                    "description": ["Ana never met anyone."],
                    "proof": ["s1"],
                },
            },
        ),
        2,
        ["line 4", "quote", "not found"],
    ),
    (
        "unregistered-source",
        _lines(
            PERSON,
            CARTEL,
            {"id": "s1", "schema": "Document", "properties": {"fileName": ["x.pdf"], "title": ["A leaked memo"]}},
            {
                "id": "u1",
                "schema": "UnknownLink",
                "properties": {
                    "subject": ["p1"],
                    "object": ["c1"],
                    "role": ["collusion"],
                    "description": ["q"],
                    "proof": ["s1"],
                },
            },
        ),
        2,
        ["line 4", "A leaked memo", "add-source"],
    ),
    (
        "entity-of-no-class",
        _lines({"id": "v1", "schema": "Vessel", "properties": {"name": ["Sea Queen"]}}),
        2,
        ["line 1", "Vessel", "keywords"],
    ),
    # From a hostile file: a name that would add a participant in the ingest's cell, a document
    # put where an entity takes part, escape sequences for the terminal, a schema that is no text.
    (
        "name-smuggles-a-participant",
        _lines({"id": "p9", "schema": "Person", "properties": {"name": ["Rosa Ruiz; colluder=cgr:cartel-x"]}}),
        2,
        ["line 1", "';'"],
    ),
    (
        "document-takes-part",
        _lines(
            PERSON,
            CARTEL,
            {"id": "s1", "schema": "Document", "properties": {"fileName": ["tiny.txt"], "title": ["Tiny source"]}},
            {
                "id": "u1",
                "schema": "UnknownLink",
                "properties": {
                    "subject": ["s1"],
                    "object": ["c1"],
                    "role": ["collusion"],
                    "status": ["alleged"],
                    "description": [NEW_SENTENCE],
                    "proof": ["s1"],
                },
            },
        ),
        2,
        ["line 4", "'s1'", "no entity of the file"],
    ),
    (
        "terminal-escape",
        _lines({"id": "p9", "schema": "Person", "properties": {"name": ["Esc\x1b[31mRED"]}}),
        2,
        ["line 1", "control character", "U+001B"],
    ),
    (
        "bidi-override",
        _lines({"id": "p9", "schema": "Person", "properties": {"name": ["Ana\u202e Álvarez"]}}),
        2,
        ["line 1", "U+202E"],
    ),
    (
        "schema-not-text",
        _lines({"id": "x", "schema": ["Person"], "properties": {"name": ["A"]}}),
        2,
        ["line 1", "unknown FtM schema"],
    ),
]


BAD_FILES.append(
    ("not-utf8", _lines(PERSON).encode() + '{"id": "Álvarez"}\n'.encode("latin-1"), 2, ["line 2", "UTF-8"])
)


@pytest.mark.parametrize(
    ("content", "code", "words"), [case[1:] for case in BAD_FILES], ids=[case[0] for case in BAD_FILES]
)
def test_bad_ftm_files_get_one_clear_message(cg, tiny_copy, tmp_path, content, code, words):
    path = tmp_path / "bad.ftm.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    out = tmp_path / "out" / "proposals.csv"
    out.parent.mkdir()
    before = folder_hash(tiny_copy)
    result = cg("candidates", "--from-ftm", str(path), "-o", str(out), data=tiny_copy)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert result.exit_code == code, result.stderr
    assert len(errors) == 1, result.stderr
    for word in [str(path)] + words:
        assert word.casefold() in result.stderr.casefold(), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert list(out.parent.iterdir()) == []
    assert folder_hash(tiny_copy) == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["candidates"], ["SOURCE", "--from-ftm"]),
        (["candidates", "cgr:src", "--from-ftm", "x.json"], ["SOURCE", "--from-ftm"]),
        (["candidates", "--from-ftm", "{tmp}/nothing.json"], ["nothing.json", "no such file"]),
        (["candidates", "--from-ftm", "{tmp}/x.json", "--entities", "{tmp}/e.csv"], ["--entities"]),
    ],
)
def test_bad_options_get_one_clear_message(cg, tiny_copy, tmp_path, args, words):
    (tmp_path / "x.json").write_text(_lines(PERSON))
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = cg(*args, data=tiny_copy)
    assert result.exit_code == 2, result.stderr
    assert all(w in result.stderr for w in words), result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "x.json"]


def test_a_huge_value_is_not_echoed_whole(cg, tiny_copy, tmp_path):
    path = tmp_path / "huge.ftm.json"
    path.write_text(_lines({"id": "x", "schema": "Person", "properties": {"name": ["A"], "birthDate": ["x" * 50_000]}}))
    result = cg("candidates", "--from-ftm", str(path), data=tiny_copy)
    assert result.exit_code == 2 and "line 1" in result.stderr
    assert len(result.stderr) < 1_000, len(result.stderr)
