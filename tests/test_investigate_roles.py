"""Issue 15 on the real curated graph: every role an entity takes counts (show, timeline, path),
every place and producer of a figure is shown in a fixed order, curators' notes travel with the
data, an ambiguous name is said aloud, and the entities shared by several documents are listed.

Expectations are the content an investigator needs (the role, the second place, the note's
text, the alternatives), checked against SPARQL written out here, not read through the code's
own queries."""

import csv
import io
import json

import pyoxigraph as ox
import pytest

from cartelgraph.investigate import dossier, figures, find_paths, timeline
from cartelgraph.investigate.crossref import crossref
from cartelgraph.projection import Filters
from cartelgraph.resolve import resolve_noting

CGR = "https://w3id.org/cartelgraph/id/"
# Every role an entity can take in a claim, written out: the participant roles and the context roles.
ROLE_PATTERN = """{ ?role rdfs:subPropertyOf+ cg:participant } UNION
                  { VALUES ?role { cg:about cg:instrument cg:location cg:assertedBy } }"""


@pytest.fixture
def cli(cg, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    return cg


def cells(table: str) -> list[str]:
    """The text of every cell of rich's ASCII tables, a cell's wrapped lines joined by spaces."""
    found, rows = [], []
    for line in table.splitlines() + ["+"]:
        if line.startswith("|"):
            rows.append([part.strip() for part in line.strip("|").split("|")])
        elif rows:
            found += [" ".join(filter(None, column)) for column in zip(*rows, strict=True)]
            rows = []
    return found


def claims_of(answer: dict) -> dict:
    return {c["claim"].removeprefix(CGR): c for c in answer["claims"]}


# -- Every role counts --------------------------------------------------------------------------


def test_show_cienfuegos_lists_the_consequences_of_his_arrest_as_their_subject(repo_graph):
    claims = claims_of(dossier(repo_graph, "Cienfuegos"))
    pressure = claims["diplomatic-pressure-foreign-ministry-cienfuegos-2020"]
    assert (pressure["relation"], pressure["role"]) == ("diplomatic pressure", "subject")
    assert {(p["label"], p["role"]) for p in pressure["counterparts"]} == {
        ("Ministry of Foreign Affairs", "pressuring party"),
        ("United States", "pressured party"),
    }
    law = claims["enactment-dea-law-2020"]
    assert (law["relation"], law["role"]) == ("enactment", "subject")
    assert ("2020 law restricting DEA agents in Mexico", "enacted instrument") in {
        (p["label"], p["role"]) for p in law["counterparts"]
    }
    # his own participant roles are still there, named as before
    assert claims["arrest-cienfuegos-2020"]["role"] == "arrested person"


def test_operation_dossier_lists_the_task_force_and_the_intelligence_sharing(repo_graph):
    claims = claims_of(dossier(repo_graph, "cgr:operation-against-el-mencho"))
    cooperation = claims["cooperation-us-mexico-operation-cjng"]
    assert cooperation["role"] == "subject"
    assert ("Interagency Task Force Counter Cartel", "cooperating party") in {
        (p["label"], p["role"]) for p in cooperation["counterparts"]
    }
    assert any(d["property"] == "activity" and "intelligence sharing" in d["value"] for d in cooperation["details"])
    assert claims["arrest-el-mencho"]["role"] == "subject"


def test_show_fto_designation_lists_both_designations_as_their_instrument(repo_graph):
    claims = claims_of(dossier(repo_graph, "cgr:fto-designation"))
    designations = {iri for iri, c in claims.items() if c["relation"] == "designation"}
    assert designations == {
        "designation-state-department-mexican-cartels-fto",
        "designation-trump-administration-cjng-fto",
    }
    assert {claims[iri]["role"] for iri in designations} == {"instrument"}


def test_national_effort_dossier_has_its_cooperation_and_arrests(repo_graph):
    iri = CGR + "national-effort-combat-drug-trafficking"
    expected = repo_graph.select(
        f"SELECT DISTINCT ?claim ?e WHERE {{ ?claim a cg:Claim ; ?role ?e . {ROLE_PATTERN} }}", {"e": ox.NamedNode(iri)}
    )
    claims = claims_of(dossier(repo_graph, "cgr:national-effort-combat-drug-trafficking"))
    assert {c.removeprefix(CGR) for c in (r["claim"] for r in expected)} == set(claims)
    assert {"cooperation", "arrest"} <= {c["relation"] for c in claims.values() if c["role"] == "subject"}


def test_show_table_names_the_role(cli):
    result = cli("show", "Cienfuegos")
    assert result.exit_code == 0
    found = cells(result.stdout)
    assert "diplomatic pressure (as subject)" in found and "enactment (as subject)" in found
    assert any(
        cell.startswith("United States (pressured party) Ministry of Foreign Affairs (pressuring party)")
        for cell in found
    )


def test_timeline_of_an_entity_has_the_claims_it_is_the_subject_of(repo_graph):
    rows = {c["claim"].removeprefix(CGR): c for c in timeline(repo_graph, "cgr:salvador-cienfuegos")}
    assert {
        "diplomatic-pressure-foreign-ministry-cienfuegos-2020",
        "enactment-dea-law-2020",
        "arrest-cienfuegos-2020",
    } <= set(rows)
    subject = [p for p in rows["enactment-dea-law-2020"]["participants"] if p["entity"] == CGR + "salvador-cienfuegos"]
    assert subject == [
        {"entity": CGR + "salvador-cienfuegos", "label": "Salvador Cienfuegos", "role": "subject", "context": True}
    ]


def test_timeline_csv_names_places_and_subjects(cli):
    result = cli("timeline", "cgr:operation-capture-ovidio-guzman-2023", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    arrest = next(r for r in rows if r["claim"] == CGR + "arrest-ovidio-guzman-sinaloa-2023")
    assert "Sinaloa (place)" in arrest["participants"]
    assert "2023 capture of Ovidio Guzmán (subject)" in arrest["participants"]
    assert "does not say where the capture itself took place" in arrest["notes"]


def test_path_passes_through_a_law_with_the_roles_named(repo_graph):
    answer = find_paths(repo_graph, "Cienfuegos", "cgr:dea")
    assert answer["shortest"] == 2
    path = answer["paths"][0]
    assert [n["entity"] for n in path["nodes"]] == [CGR + "salvador-cienfuegos", CGR + "dea-law-2020", CGR + "dea"]
    first = path["steps"][0]["claims"][0]
    assert (first["claim"], first["edge"], first["context"]) == (
        CGR + "enactment-dea-law-2020",
        "subject of enactment",
        True,
    )
    assert (first["from_role"], first["to_role"]) == ("subject", "enacted instrument")
    assert any("resulted in the passage of new legislation" in n for n in first["notes"])
    second = path["steps"][1]["claims"][0]
    assert (second["edge"], second["context"], second["to_role"]) == ("restricts", False, "restricted party")


def test_path_passes_through_an_operation(repo_graph):
    answer = find_paths(repo_graph, "cgr:interagency-task-force-counter-cartel", "El Mencho")
    assert answer["shortest"] == 2
    middles = {p["nodes"][1]["entity"] for p in answer["paths"]}
    assert CGR + "operation-against-el-mencho" in middles


def test_path_length_matches_the_projection_plus_context_links(repo_graph):
    """The shortest chain find_paths reports is the one networkx finds on the projection with
    the context links added (read here with a query of their own)."""
    import networkx as nx

    from cartelgraph.projection import project

    network = nx.Graph(project(repo_graph).to_undirected(as_view=True))
    rows = repo_graph.select("""SELECT DISTINCT ?a ?b WHERE { ?claim a cg:Claim ; ?role ?a ; ?part ?b .
        VALUES ?role { cg:about cg:instrument cg:location } ?part rdfs:subPropertyOf+ cg:participant .
        ?a rdfs:label ?al . ?b rdfs:label ?bl . FILTER(?a != ?b) }""")
    network.add_edges_from((r["a"], r["b"]) for r in rows)
    for source, target in (
        ("genaro-garcia-luna", "joaquin-guzman"),
        ("salvador-cienfuegos", "ovidio-guzman"),
        ("genaro-garcia-luna", "sinaloa"),
    ):
        answer = find_paths(repo_graph, "cgr:" + source, "cgr:" + target, max_hops=8, limit=3)
        assert answer["shortest"] == nx.shortest_path_length(network, CGR + source, CGR + target)
        for path in answer["paths"]:
            for step in path["steps"]:
                for claim in step["claims"]:
                    assert {step["from"], step["to"]} <= {p["entity"] for p in claim["participants"]}
                    assert claim["from_role"] and claim["to_role"]


def test_path_reads_the_context_links_the_named_query_gives_for_each_entity(repo_graph):
    """path first looks for the entities that have context links at all and reads the links of
    those only: over every entity of the graph, that is what the named query context-links
    gives for each entity alone."""
    from collections import Counter

    from cartelgraph.investigate.paths import context_links
    from cartelgraph.queries import get

    entities = [row["e"] for row in repo_graph.select("SELECT DISTINCT ?e WHERE { ?c cg:involves ?e }")]
    expected = Counter(
        (row["claim"], row["role"], row["contextEntity"], row["participant"])
        for entity in entities
        for row in repo_graph.select(get("context-links").text, {"entity": ox.NamedNode(entity)})
    )
    found = Counter((r["claim"], r["relation"], r["source"], r["target"]) for r in context_links(repo_graph, entities))
    assert len(expected) > 100
    assert found == expected


def test_asserters_are_commentary_in_paths(repo_graph):
    ends = ("cgr:sources-familiar-with-us-military-plans", "cgr:mexican-cartels")
    assert find_paths(repo_graph, *ends)["paths"] == []
    answer = find_paths(repo_graph, *ends, filters=Filters.of(include_commentary=True))
    (claim,) = answer["paths"][0]["steps"][0]["claims"]
    assert (claim["edge"], claim["from_role"]) == ("asserter of strike", "asserter")


def test_path_table_and_csv_carry_roles_and_notes(cli):
    table = cli("path", "Cienfuegos", "cgr:dea")
    assert table.exit_code == 0
    link = next(cell for cell in cells(table.stdout) if cell.startswith("Salvador Cienfuegos —subject of"))
    assert (
        "(enactment: Salvador Cienfuegos as subject; 2020 law restricting DEA agents in Mexico as enacted "
        "instrument)" in link
    )
    assert "note: About Cienfuegos (cg:about): the report presents the law as a result of his detention" in link
    rows = list(csv.DictReader(io.StringIO(cli("path", "Cienfuegos", "cgr:dea", "--format", "csv").stdout)))
    assert (rows[0]["from_role"], rows[0]["relation"], rows[0]["to_role"]) == (
        "subject",
        "subject of enactment",
        "enacted instrument",
    )
    assert "resulted in the passage of new legislation" in rows[0]["notes"]


# -- Every value, in a fixed order ----------------------------------------------------------------

SEVERAL_PLACES = {
    "drug seizures by SEDENA in Guanajuato, Baja California and Sonora (share)": [
        "Baja California",
        "Guanajuato",
        "Sonora",
    ],
    "migrants 'rescued' by SEDENA (cumulative)": ["Mexico's southern border", "U.S.-Mexico border"],
    "people killed in U.S. strikes on suspected drug smuggling vessels": ["Caribbean", "Pacific Ocean"],
}


def test_figures_show_every_place_in_label_order(repo_graph):
    by_measure = {f["measure"]: f for f in figures(repo_graph)}
    for measure, places in SEVERAL_PLACES.items():
        figure = by_measure[measure]
        assert [p["label"] for p in figure["places"]] == places
        assert figure["place_label"] == "; ".join(places)
        expected = repo_graph.select(
            "SELECT ?f ?place WHERE { ?f cg:place ?place }", {"f": ox.NamedNode(figure["figure"])}
        )
        assert {p["entity"] for p in figure["places"]} == {r["place"] for r in expected}


def test_figures_keep_every_producer(repo_graph):
    several = repo_graph.select("""SELECT ?f (COUNT(DISTINCT ?p) AS ?n) WHERE { ?f a cg:Figure ; cg:producedBy ?p }
                                   GROUP BY ?f HAVING (COUNT(DISTINCT ?p) > 1)""")
    assert several  # the curated graph has figures with several producers
    by_iri = {f["figure"]: f for f in figures(repo_graph)}
    for row in several:
        producers = by_iri[row["f"]]["producers"]
        assert len(producers) == row["n"] and producers == sorted(producers, key=lambda p: (p["label"], p["entity"]))


def test_figures_table_json_and_csv_show_every_place_and_the_notes(cli):
    table = cli("figures", "--measure", "Guanajuato, Baja California and Sonora")
    assert table.exit_code == 0
    assert "Baja California Guanajuato Sonora" in cells(table.stdout)  # the place column, one a line
    data = json.loads(cli("figures", "--format", "json").stdout)
    rows = list(csv.DictReader(io.StringIO(cli("figures", "--format", "csv").stdout)))
    for measure, places in SEVERAL_PLACES.items():
        (figure,) = [f for f in data if f["measure"] == measure]
        assert [p["label"] for p in figure["places"]] == places
        (row,) = [r for r in rows if r["measure"] == measure]
        assert row["place_label"] == "; ".join(places)
        assert row["place"] == "; ".join(p["entity"] for p in figure["places"])
    noted = next(f for f in data if f["notes"])
    (row,) = [r for r in rows if r["figure"] == noted["figure"]]
    assert row["note"] == "; ".join(noted["notes"])


def test_figures_table_lists_the_notes_under_a_marker(cli):
    result = cli("figures", "--measure", "crimes not investigated")
    text = " ".join(result.stdout.split())
    assert "92.4 [n1]" in text and "Curators' notes" in text
    assert "[n1] The report's arithmetic does not hold" in text


def test_several_cited_documents_are_all_kept(repo_graph):
    claims = claims_of(dossier(repo_graph, "cgr:bicentennial-agreement"))
    enactment = claims["enactment-bicentennial-agreement-2021"]
    expected = repo_graph.select(
        "SELECT ?c ?doc WHERE { ?c cg:citedSource|cg:evidence/cg:citedSource ?doc }",
        {"c": ox.NamedNode(CGR + "enactment-bicentennial-agreement-2021")},
    )
    assert {c["source"] for c in enactment["cited"]} == {r["doc"] for r in expected}
    assert len(enactment["cited"]) >= 2


# -- Ambiguity is said aloud ----------------------------------------------------------------------


def test_sinaloa_is_the_state_and_the_cartel_is_named_as_the_alternative(repo_graph):
    taken = resolve_noting(repo_graph, "Sinaloa")
    assert taken.iri == CGR + "sinaloa"
    assert [m.iri for m in taken.alternatives] == [CGR + "sinaloa-cartel"]
    assert "Sinaloa Cartel (Cartel, cgr:sinaloa-cartel)" in taken.note()
    assert resolve_noting(repo_graph, "Sinaloa Cartel").alternatives == ()
    assert resolve_noting(repo_graph, "cgr:sinaloa").note() is None


def test_show_and_path_say_what_sinaloa_was_taken_for(cli):
    show = cli("show", "Sinaloa", "--format", "json")
    assert show.exit_code == 0
    assert "it may also mean Sinaloa Cartel (Cartel, cgr:sinaloa-cartel)" in show.stderr
    resolved = json.loads(show.stdout)["resolved"]
    assert resolved["entity"] == CGR + "sinaloa"
    assert resolved["alternatives"] == [
        {"entity": CGR + "sinaloa-cartel", "id": "cgr:sinaloa-cartel", "label": "Sinaloa Cartel", "class": "Cartel"}
    ]
    path = cli("path", "García Luna", "Sinaloa")
    assert path.exit_code == 0 and "'Sinaloa' is taken as Sinaloa (State, cgr:sinaloa)" in path.stderr
    for args in (("timeline", "Sinaloa"), ("figures", "--place", "Sinaloa"), ("contested", "Sinaloa")):
        assert "cgr:sinaloa-cartel" in cli(*args).stderr, args
    quiet = cli("show", "Sinaloa Cartel")
    assert quiet.exit_code == 0 and "may also mean" not in quiet.stderr


# -- Across documents -----------------------------------------------------------------------------

SHARED = [
    "joaquin-guzman",
    "ovidio-guzman",
    "andres-manuel-lopez-obrador",
    "claudia-sheinbaum",
    "sinaloa-cartel",
    "cjng",
]


def documents_by_entity(repo_graph) -> dict[str, set[str]]:
    """The documents that quote a claim or figure naming each entity, in any role, written out."""
    rows = repo_graph.select(f"""SELECT DISTINCT ?e ?doc WHERE {{
        {{ ?item a cg:Claim ; ?role ?e . {ROLE_PATTERN} }}
        UNION {{ ?item a cg:Figure ; ?role ?e . VALUES ?role {{ cg:about cg:place cg:producedBy }} }}
        ?item cg:source|cg:evidence/cg:source ?doc }}""")
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row["e"], set()).add(row["doc"])
    return found


def test_crossref_lists_the_entities_of_several_documents_with_them(repo_graph):
    expected = {e: docs for e, docs in documents_by_entity(repo_graph).items() if len(docs) > 1}
    answer = crossref(repo_graph)
    assert {e["entity"]: {d["source"] for d in e["documents"]} for e in answer} == expected
    assert all(e["sources"] == len(e["documents"]) for e in answer)
    counts = [e["sources"] for e in answer]
    assert counts == sorted(counts, reverse=True)
    listed = {e["entity"].removeprefix(CGR) for e in answer}
    assert set(SHARED) <= listed


def test_crossref_by_type_and_in_three_documents(repo_graph):
    people = crossref(repo_graph, classes=["Person"])
    assert {"joaquin-guzman", "ovidio-guzman", "andres-manuel-lopez-obrador", "claudia-sheinbaum"} <= {
        e["entity"].removeprefix(CGR) for e in people
    }
    assert {e["class"] for e in people} <= {"Person", "Official"}
    wide = crossref(repo_graph, min_sources=3)
    assert wide and all(e["sources"] >= 3 for e in wide)
    assert CGR + "joaquin-guzman" in {e["entity"] for e in wide}


def test_crossref_cli_table_json_csv(cli):
    table = cli("crossref", "--type", "Person,Cartel")
    assert table.exit_code == 0
    text = " ".join(table.stdout.split())
    assert "Ovidio Guzmán" in text and "Warlike Approach to Drug Policy" in text and "Jalisco New Generation" in text
    data = json.loads(cli("crossref", "--format", "json").stdout)
    by_id = {e["id"]: e for e in data}
    assert all(f"cgr:{name}" in by_id for name in SHARED)
    assert {d["id"] for d in by_id["cgr:claudia-sheinbaum"]["documents"]} == {
        "cgr:el-mencho-death-and-policy-shift",
        "cgr:us-troops-potentially-deployed",
    }
    rows = list(csv.DictReader(io.StringIO(cli("crossref", "--format", "csv").stdout)))
    assert len(rows) == sum(len(e["documents"]) for e in data)
    assert {r["document_id"] for r in rows if r["id"] == "cgr:ovidio-guzman"} == {
        d["id"] for d in by_id["cgr:ovidio-guzman"]["documents"]
    }


def test_named_query_gives_the_same_documents(repo_graph):
    from cartelgraph import queries

    rows = repo_graph.select(queries.get("entities-in-several-sources").text)
    pairs = {(r["entity"], r["source"]) for r in rows}
    assert pairs == {(e["entity"], d["source"]) for e in crossref(repo_graph) for d in e["documents"]}
