"""export-claims, add-source and the README walkthrough: an export ingests back to the same
claims, cells are safe for spreadsheets, and a new article goes from text to valid claims."""

from __future__ import annotations

import csv
import io
import re
import shutil

from conftest import REPO, folder_hash

from cartelgraph import open_graph
from cartelgraph.curation import turtle
from cartelgraph.curation.ingest import ingest
from cartelgraph.curation.records import unescape_cell
from cartelgraph.output import escape_cell

CLAIM_STATEMENTS = """CONSTRUCT { ?n ?p ?o } WHERE {
  { ?n a cg:Claim } UNION { ?n a cg:Figure } UNION { ?n a cg:Evidence } ?n ?p ?o }"""
EXAMPLES = REPO / "docs" / "examples"


def statements(data):
    return {quad.triple for quad in open_graph(data=data).query(CLAIM_STATEMENTS).triples}


def test_cells_are_escaped_against_formula_injection():
    for value in ("=1+1", "+1", "-2", "@SUM(A1)", "\tx"):
        assert escape_cell(value) == "'" + value and unescape_cell(escape_cell(value)) == value
    assert escape_cell("García Luna") == "García Luna" and unescape_cell("'quoted'") == "'quoted'"
    for value in ("'=1+1", "''+2", "'quoted'"):  # an apostrophe of the text itself comes back too
        assert unescape_cell(escape_cell(value)) == value


def test_export_then_ingest_into_a_graph_without_the_claims_reproduces_them(data_copy, cg, tmp_path):
    exported = tmp_path / "claims.csv"
    result = cg("export-claims", "-o", str(exported), data=data_copy)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8"))))
    assert {"id", "class", "participants", "status", "source", "quote", "#names"} <= set(rows[0])
    assert any(r["id"] == "cgr:collusion-garcia-luna-sinaloa-cartel" and r["status"] == "Convicted" for r in rows)
    original = statements(data_copy)
    for folder in ("claims", "figures"):
        shutil.rmtree(data_copy / "graph" / folder, ignore_errors=True)
    assert not statements(data_copy)
    result = cg("ingest", str(exported), data=data_copy)
    assert result.exit_code == 0, result.output
    assert statements(data_copy) == original
    assert cg("validate", data=data_copy).exit_code == 0


def test_exported_notes_that_look_like_formulas_are_escaped_and_come_back(curation_data, tmp_path, cg):
    source = tmp_path / "note.csv"
    source.write_text(
        "class,participants,status,source,quote,note\nCooperation,Mexico; United States,Reported,"
        'cgr:frontier-weekly,it names Mexico and the United States,"=HYPERLINK(""http://x"")"\n',
        encoding="utf-8",
    )
    ingest(open_graph(data=curation_data), curation_data, source)
    exported = tmp_path / "out.csv"
    cg("export-claims", "-o", str(exported), data=curation_data)
    assert "'=HYPERLINK" in exported.read_text(encoding="utf-8")
    original = statements(curation_data)
    tiny = curation_data / "graph" / "tiny.ttl"  # keep its entities and source, drop its claims c1…c6
    kept = {t for t in turtle.read_triples(tiny) if not re.fullmatch(r".*/c\d", t.subject.value)}
    tiny.write_text(turtle.serialize(kept), encoding="utf-8")
    shutil.rmtree(curation_data / "graph" / "ingested")
    assert cg("ingest", str(exported), data=curation_data).exit_code == 0
    assert statements(curation_data) == original


def test_add_source_registers_the_text_once(data_copy, cg):
    before = folder_hash(data_copy / "graph")
    args = [
        "add-source",
        str(EXAMPLES / "article.txt"),
        "--title",
        "Three cases that shaped the security debate",
        "--kind",
        "Commentary",
    ]
    result = cg(*args, data=data_copy)
    assert result.exit_code == 0, result.output
    assert "cgr:three-cases-that-shaped-the-security-debate" in result.output
    text_files = list((data_copy / "graph" / "sources").glob("*-three-cases-that-shaped-the-security-debate.txt"))
    assert len(text_files) == 1
    assert text_files[0].read_text(encoding="utf-8") == (EXAMPLES / "article.txt").read_text(encoding="utf-8")
    assert (data_copy / "graph" / "sources.ttl").read_bytes() == (REPO / "graph" / "sources.ttl").read_bytes()
    after = folder_hash(data_copy / "graph")
    again = cg(*args, data=data_copy)
    assert again.exit_code == 0 and "already registered" in again.output
    assert folder_hash(data_copy / "graph") == after != before
    bad = cg("add-source", str(EXAMPLES / "article.txt"), "--title", "Other", "--kind", "Tweet", data=data_copy)
    assert bad.exit_code == 2 and "--kind Tweet: one of" in bad.output


def test_readme_walkthrough_adding_an_article(data_copy, cg, tmp_path):
    """add-source, candidates, edit (docs/examples/article-claims.csv is the edited file), ingest, validate."""
    cg(
        "add-source",
        str(EXAMPLES / "article.txt"),
        "--title",
        "Three cases that shaped the security debate",
        "--kind",
        "Commentary",
        data=data_copy,
    )
    result = cg(
        "candidates", "cgr:three-cases-that-shaped-the-security-debate", "-o", str(tmp_path / "c.csv"), data=data_copy
    )
    assert result.exit_code == 0, result.output
    proposed = list(csv.DictReader(io.StringIO((tmp_path / "c.csv").read_text(encoding="utf-8"))))
    edited = list(csv.DictReader(io.StringIO((EXAMPLES / "article-claims.csv").read_text(encoding="utf-8"))))
    proposed_quotes = " ".join(row["quote"] for row in proposed)
    assert all(row["quote"] in proposed_quotes for row in edited)  # the edited rows come from the candidates
    result = cg("ingest", str(EXAMPLES / "article-claims.csv"), data=data_copy)
    assert result.exit_code == 0, result.output
    assert "added 3 new node(s)" in result.output
    assert cg("validate", data=data_copy).exit_code == 0
    assert "nothing to add" in cg("ingest", str(EXAMPLES / "article-claims.csv"), data=data_copy).output


def test_curation_commands_are_documented_and_have_help(cg):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in ("add-source", "ingest", "candidates", "same-as", "duplicates", "export-claims"):
        assert f"cartelgraph {name}" in readme
        result = cg(name, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output


def test_an_invalid_iri_in_a_cell_is_a_row_error(curation_data, cg, tmp_path):
    bad = tmp_path / "iri.csv"
    bad.write_text(
        "id,class,participants,status,source,quote\n<not an iri>,Clash,Mexico; <also bad>,Reported,"
        "cgr:frontier-weekly,it names Mexico and the United States\n",
        encoding="utf-8",
    )
    result = cg("ingest", str(bad), data=curation_data)
    assert result.exit_code == 2
    assert "row 2, column id: 'not an iri' is not a valid IRI" in result.output
    assert "Traceback" not in result.output
