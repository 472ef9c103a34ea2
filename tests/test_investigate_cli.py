"""The investigator commands as a user runs them: exit codes, messages, formats."""

import csv
import io
import json

import pytest


@pytest.fixture
def inv(cg, investigate_data, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")  # the same table width whatever terminal runs the tests

    def invoke(*args):
        return cg(*args, data=investigate_data)

    return invoke


def test_search_table_and_nothing_found(inv):
    result = inv("search", "la jefa")
    assert result.exit_code == 0 and "Ana Álvarez" in result.stdout and "cgr:inv-ana" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour codes when stdout is not a terminal
    empty = inv("search", "zzzz qqqq")
    assert empty.exit_code == 0 and empty.stdout == "" and "no entity matches" in empty.stderr


def test_show_unknown_and_ambiguous_names_exit_2(inv):
    unknown = inv("show", "Ana Alvares")
    assert unknown.exit_code == 2 and "did you mean: Ana Álvarez" in unknown.stderr
    ambiguous = inv("show", "Ramírez")
    assert ambiguous.exit_code == 2
    assert "Rosa Ramírez" in ambiguous.stderr and "Raúl Ramírez" in ambiguous.stderr
    assert "Traceback" not in ambiguous.output


def test_show_table_has_status_quotes_figures_and_contradictions(inv):
    result = inv("show", "Beto Bravo")
    assert result.exit_code == 0
    for text in (
        "Beto Bravo",
        "official",
        "investigation",
        "charged",
        "Transparency response 330024",
        "Contradictions (1)",
        "not in",
        "cousin of",
    ):
        assert text in result.stdout, text
    norte = inv("show", "CDN").stdout
    assert "Figures (1)" in norte and "more than 3,000" in norte and "denies" in norte


def test_show_json_and_csv(inv):
    answer = json.loads(inv("show", "cgr:inv-beto", "--format", "json").stdout)
    assert answer["id"] == "cgr:inv-beto" and len(answer["claims"]) == 5
    assert all(c["status"] and c["evidence"][0]["quote"] for c in answer["claims"])
    rows = list(csv.DictReader(io.StringIO(inv("show", "cgr:inv-beto", "--format", "csv").stdout)))
    assert [r["relation"] for r in rows] == ["arrest", "arrest", "collusion", "investigation", "kinship"]
    assert rows[3]["cited"] == "Transparency response 330024"


def test_person_without_claims_says_so(inv):
    result = inv("show", "Sola Soledad")
    assert result.exit_code == 0 and "takes part in no claim" in result.stderr


def test_path_status_filters_change_the_answer(inv):
    default = inv("path", "Ana Álvarez", "El Chapa")
    assert default.exit_code == 0 and "Cártel del Norte" in default.stdout and "alleged" in default.stdout
    strict = inv("path", "Ana Álvarez", "El Chapa", "--exclude-status", "Alleged")
    assert strict.exit_code == 0 and "Fiscalía Federal" in strict.stdout and "alleged" not in strict.stdout
    assert "3 hops" in strict.stdout
    convicted = inv("path", "Ana Álvarez", "El Chapa", "--status", "convicted")
    assert convicted.exit_code == 0 and convicted.stdout == "" and "no path between" in convicted.stderr
    short = inv("path", "Ana Álvarez", "El Chapa", "--exclude-status", "alleged", "--max-hops", "2")
    assert short.exit_code == 0 and "no path within 2 hops" in short.stderr and "--max-hops 3" in short.stderr


def test_path_formats_and_bad_input(inv):
    answer = json.loads(inv("path", "CDN", "Beto Bravo", "--format", "json").stdout)
    assert answer["total"] == 2 and answer["paths"][0]["steps"][0]["claims"][0]["evidence"]
    rows = list(csv.DictReader(io.StringIO(inv("path", "CDN", "Beto Bravo", "--format", "csv", "--limit", "1").stdout)))
    assert [r["hop"] for r in rows] == ["1", "2"] and all(r["quotes"] and r["status"] for r in rows)
    assert inv("path", "CDN", "Beto Bravo", "--status", "Rumoured").exit_code == 2
    assert inv("path", "CDN", "Nobody Whatsoever").exit_code == 2
    assert inv("path", "CDN", "CDN").exit_code == 2
    assert inv("path", "CDN", "Beto Bravo", "--max-hops", "0").exit_code == 2


def test_timeline_undated_count_and_range(inv):
    result = inv("timeline", "El Chapa")
    assert result.exit_code == 0 and "2015" in result.stdout
    assert "2 undated claims not shown" in result.stderr
    full = inv("timeline", "El Chapa", "--undated")
    assert "undated" in full.stdout and "cousin of" in full.stdout and full.stderr == ""
    text = inv("timeline", "--from", "2020", "--to", "2020", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["when"] for r in rows] == ["2016 – 2020", "2020", "2020-11-03", "2020-12"]
    empty = inv("timeline", "--from", "1990", "--to", "1991")
    assert empty.exit_code == 0 and "no claim in this period" in empty.stderr


def test_figures_filters_and_output_file(inv, tmp_path):
    result = inv("figures", "--measure", "homicide")
    assert result.exit_code == 0 and "approximately 26" in result.stdout and "[4]" in result.stdout
    target = tmp_path / "figures.json"
    assert inv("figures", "--period", "2020", "-o", str(target)).exit_code == 0
    assert [f["value"] for f in json.loads(target.read_text())] == [27, 28.4]
    assert inv("figures", "--period", "2020", "--from", "2019").exit_code == 2
    assert inv("figures", "--place", "Atlantis").exit_code == 2
    nothing = inv("figures", "--measure", "unicorns")
    assert nothing.exit_code == 0 and "no figure matches" in nothing.stderr


def test_contested_side_by_side(inv):
    result = inv("contested")
    assert result.exit_code == 0
    assert "Beto Bravo was arrested on 3 November 2020." in " ".join(result.stdout.replace("|", " ").split())
    assert "Norte news story" in result.stdout and "denies" in result.stdout
    rows = list(csv.DictReader(io.StringIO(inv("contested", "Beto Bravo", "--format", "csv").stdout)))
    assert len(rows) == 1 and rows[0]["a_quotes"] and rows[0]["b_quotes"]
    assert inv("contested", "Sola Soledad").stderr.startswith("no contradicting claims")


def test_every_investigator_command_is_documented():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for name in ("search", "show", "path", "timeline", "figures", "contested"):
        assert f"cartelgraph {name} " in readme, name
