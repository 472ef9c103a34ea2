"""The domain facts on the ontology's individuals (status ranks, meanings and lines, the
administrations' terms): read from the store once and kept beside it, or from the ontology file;
a new status or administration in the data needs no Python."""

from __future__ import annotations

import json
import marshal
import re

import pytest

from cartelgraph import open_graph
from cartelgraph.analytics import ADMINISTRATIONS, administration, administration_views
from cartelgraph.domain import FILE, domain
from cartelgraph.errors import UsageError
from cartelgraph.investigate.paths import find_paths
from cartelgraph.namespace import CG
from cartelgraph.store import derived_file
from cartelgraph.validate import validate
from cartelgraph.viz import page_data

INDICTED = CG.Convicted.replace("Convicted", "Indicted")  # not in the real ontology: added below
# A status between charged and accused, once every rank is multiplied by ten.
NEW_STATUS = """
cg:Indicted a cg:Status ; rdfs:label "indicted" ; rdfs:comment "A grand jury returned an indictment." ;
    cg:supportRank 15 ; cg:lineStyle "dashed" ; cg:lineColour "#8e24aa" ; cg:lineWidth 2 ; cg:terminalStyle "magenta" .
"""
NEW_ADMINISTRATION = """
cg:FoxAdministration a cg:Administration ; rdfs:label "Vicente Fox" ; skos:notation "fox" ;
    rdfs:comment "The administration of President Vicente Fox." ;
    cg:startDate "2000-12-01"^^xsd:date ; cg:endDate "2006-11-30"^^xsd:date .
"""


def _add_to_ontology(data_dir, text: str, ranks_times_ten: bool = False) -> None:
    path = data_dir / "ontology" / "cartelgraph.ttl"
    ontology = path.read_text(encoding="utf-8")
    if ranks_times_ten:
        ontology = re.sub(r"cg:supportRank (\d+)", lambda m: f"cg:supportRank {int(m.group(1)) * 10}", ontology)
    path.write_text(ontology + text, encoding="utf-8")


def _edit_graph(data_dir, old: str, new: str) -> None:
    for path in sorted((data_dir / "graph").rglob("*.ttl")):
        text = path.read_text(encoding="utf-8")
        if old in text:
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
            return
    raise AssertionError(f"not found in graph/: {old!r}")


def test_every_status_has_a_rank_and_a_meaning():
    facts = domain()
    assert len(facts.statuses) == 9
    for status in facts.statuses.values():
        assert isinstance(status.rank, int) and status.rank >= 0, status
        assert status.meaning, status
        assert status.line in ("solid", "dashed", "dotted"), status
        assert re.fullmatch(r"#[0-9a-f]{6}", status.colour), status


def test_statuses_come_strongest_first_as_the_ontology_ranks_them():
    facts = domain()
    assert [s.label for s in facts.statuses.values()] == [
        "confirmed",
        "convicted",
        "charged",
        "accused",
        "reported",
        "alleged",
        "acquitted",
        "charges dropped",
        "denied",
    ]
    assert facts.rank(CG.Convicted) == facts.rank(CG.Confirmed) < facts.rank(CG.Charged) < facts.rank(CG.Alleged)
    # a status the ontology does not know ranks after every known one, no status after that
    assert facts.rank(CG.Denied) < facts.rank(INDICTED) < facts.rank(None)


def test_the_store_and_the_ontology_file_give_the_same_facts(repo_graph):
    from_store, from_file = domain(repo_graph), domain()
    assert from_store is not from_file
    assert from_store.statuses == from_file.statuses
    assert from_store.administrations == from_file.administrations


def test_the_facts_are_kept_beside_the_store_and_read_back(tiny_data):
    graph = open_graph(data=tiny_data)
    kept = derived_file(graph.store_path, FILE)
    kept.unlink(missing_ok=True)
    assert domain(graph).rank(CG.Alleged) == 4
    statuses, administrations = marshal.loads(kept.read_bytes())
    # what a later process reads is the file: change a rank there and a new graph object sees it
    doctored = tuple((row[:3] + (9,) + row[4:]) if row[0] == CG.Alleged else row for row in statuses)
    kept.write_bytes(marshal.dumps((doctored, administrations)))
    assert domain(open_graph(data=tiny_data)).rank(CG.Alleged) == 9
    kept.write_bytes(b"not marshal")  # unreadable: computed again from the store
    assert domain(open_graph(data=tiny_data)).rank(CG.Alleged) == 4


def test_a_new_status_sorts_where_its_rank_says_without_code(data_copy, cg):
    _add_to_ontology(data_copy, NEW_STATUS, ranks_times_ten=True)
    _edit_graph(data_copy, "cg:status cg:Convicted", "cg:status cg:Indicted")  # García Luna's collusion
    graph = open_graph(data=data_copy)
    facts = domain(graph)
    assert [s.label for s in facts.statuses.values()][:5] == [
        "confirmed",
        "convicted",
        "charged",
        "indicted",
        "accused",
    ]
    assert facts.rank(INDICTED) == 15

    # the page: its legend in rank order, its lines in the status's own style
    data = page_data(graph, focus="García Luna", depth=2)
    legend = [(s["label"], facts.rank(s["id"])) for s in data["statuses"] if s["id"]]
    assert legend == sorted(legend, key=lambda item: (item[1], item[0]))
    at = [label for label, _ in legend].index("indicted")
    assert at > 0 and at < len(legend) - 1  # statuses on both sides of it
    indicted = next(s for s in data["statuses"] if s["id"] == INDICTED)
    assert (indicted["line"], indicted["colour"], indicted["width"]) == ("dashed", "#8e24aa", 2)

    # paths: a hop lists its claims by the same ranks
    answer = find_paths(graph, "García Luna", "Sinaloa Cartel", max_hops=1)
    (step,) = answer["paths"][0]["steps"]
    ranks = [facts.rank(claim["status_iri"]) for claim in step["claims"] if not claim["context"]]
    assert 15 in ranks and ranks == sorted(ranks)

    # the commands take its name like any other status's
    result = cg("centrality", "--status", "indicted", "--format", "json", "--top", "2", data=data_copy)
    assert result.exit_code == 0, result.output
    assert " 1 links from 1 claims;" in result.stderr
    top = [(row["rank"], row["label"]) for row in json.loads(result.stdout)["results"]]
    assert top == [(1, "Genaro García Luna"), (1, "Sinaloa Cartel")]
    assert validate(data_copy, shacl=False) == []


def test_a_status_without_rank_or_meaning_fails_validation(data_copy):
    _add_to_ontology(
        data_copy,
        '\ncg:Sentenced a cg:Status ; rdfs:label "sentenced" .\n'
        '\ncg:Indicted a cg:Status ; rdfs:label "indicted" ; rdfs:comment "x" ;'
        ' cg:supportRank "high" .\n',
    )
    problems = {
        (p.subject.rsplit("#", 1)[-1], p.message)
        for p in validate(data_copy, shacl=False)
        if p.check == "status-without-rank-violation"
    }
    assert problems == {
        ("Sentenced", "status has no cg:supportRank (0 = the strongest support)"),
        ("Sentenced", "status has no meaning: give it an rdfs:comment"),
        ("Indicted", "cg:supportRank high is not a whole number, 0 or more"),
    }


def test_an_administration_without_its_name_or_start_fails_validation(data_copy):
    _add_to_ontology(
        data_copy,
        '\ncg:FoxAdministration a cg:Administration ; rdfs:label "Vicente Fox" .\n'
        '\ncg:Other a cg:Administration ; rdfs:label "Other" ; skos:notation "amlo" ;'
        ' cg:startDate "2001-01-01"^^xsd:date .\n',
    )
    problems = {
        (p.subject.rsplit("#", 1)[-1], p.message)
        for p in validate(data_copy, shacl=False)
        if p.check == "administration-without-term-violation"
    }
    assert problems == {
        ("FoxAdministration", "administration has no skos:notation (its name in --administration, e.g. amlo)"),
        ("FoxAdministration", "administration has no cg:startDate"),
        ("Other", "skos:notation amlo names another administration too"),
        ("LopezObradorAdministration", "skos:notation amlo names another administration too"),
    }


def test_administrations_are_read_from_the_ontology(data_copy, cg):
    assert dict(ADMINISTRATIONS) == {
        "pena-nieto": ("Enrique Peña Nieto", "2012-12-01", "2018-11-30"),
        "amlo": ("Andrés Manuel López Obrador", "2018-12-01", "2024-09-30"),
        "sheinbaum": ("Claudia Sheinbaum", "2024-10-01", None),
    }
    assert repr(ADMINISTRATIONS) == repr(dict(ADMINISTRATIONS))
    with pytest.raises(UsageError, match="unknown administration 'fox'; known: pena-nieto, amlo, sheinbaum"):
        administration("fox")

    _add_to_ontology(data_copy, NEW_ADMINISTRATION)
    graph = open_graph(data=data_copy)
    assert administration("fox", graph) == ("2000-12-01", "2006-11-30")
    assert list(administration_views(graph=graph))[0] == "Vicente Fox"  # oldest first
    result = cg("centrality", "--administration", "fox", "--dated-only", "--format", "csv", data=data_copy)
    period = cg("centrality", "--period", "2000-12-01..2006-11-30", "--dated-only", "--format", "csv", data=data_copy)
    assert result.exit_code == 0 == period.exit_code, result.output
    assert (result.stdout, result.stderr) == (period.stdout, period.stderr)
    assert " 0 links" not in result.stderr
    unknown = cg("centrality", "--administration", "fox", "--format", "json")
    assert unknown.exit_code == 2
    assert "--administration fox: no such administration; known: pena-nieto, amlo, sheinbaum" in unknown.output


def test_terminal_colours_come_from_the_ontology():
    from cartelgraph.investigate.render import terminal_style

    facts = domain()
    assert facts.terminal_style("convicted") == "bold green"
    assert facts.terminal_style("charges dropped") == "red"
    assert facts.terminal_style("no status") == ""
    assert terminal_style("convicted") == ""  # stdout is not a terminal here: no colour to choose


def test_the_analytics_names_statuses_by_their_label_too(cg):
    by_label = cg("centrality", "--exclude-status", "charges dropped,alleged", "--format", "csv")
    by_name = cg(
        "centrality", "--exclude-status", "cg:ChargesDropped", "--exclude-status", "Alleged", "--format", "csv"
    )
    everything = cg("centrality", "--format", "csv")
    assert by_label.exit_code == by_name.exit_code == everything.exit_code == 0, by_label.output
    assert (by_label.stdout, by_label.stderr) == (by_name.stdout, by_name.stderr)
    claims = [int(re.search(r"from (\d+) claims", r.stderr).group(1)) for r in (by_label, everything)]
    assert claims[0] < claims[1]
