"""The investigator library functions on a hand-made graph with known answers
(tests/fixtures/investigate.ttl)."""

import pytest

from cartelgraph.errors import UnknownNameError, UsageError
from cartelgraph.investigate import contested, dossier, figures, find_paths, search, timeline
from cartelgraph.output import csv_text
from cartelgraph.projection import Filters
from cartelgraph.resolve import AmbiguousNameError

CGR = "https://w3id.org/cartelgraph/id/"


def ids(items, key="claim"):
    return [item[key].removeprefix(CGR) for item in items]


def labels(path):
    return [node["label"] for node in path["nodes"]]


def test_fixture_is_valid(investigate_data):
    from cartelgraph.validate import validate

    assert validate(investigate_data) == []


@pytest.mark.parametrize(
    "text,first",
    [
        ("la jefa", "cgr:inv-ana"),
        ("ALVAREZ", "cgr:inv-ana"),
        ("cartel del norte", "cgr:inv-norte"),
        ("cdn", "cgr:inv-norte"),
        ("fiscalia", "cgr:inv-fiscalia"),
        ("chapa", "cgr:inv-chapa"),
    ],
)
def test_search_ranks_and_forgives_accents(investigate_graph, text, first):
    assert search(investigate_graph, text)[0]["iri"] == first


def test_search_rows_carry_class_alias_and_counts(investigate_graph):
    (ana,) = search(investigate_graph, "la jefa")
    assert ana == {
        "label": "Ana Álvarez",
        "class": "Official",
        "iri": "cgr:inv-ana",
        "matched": "La Jefa",
        "claims": 3,
        "figures": 0,
        "score": 95,
    }
    (observatorio,) = search(investigate_graph, "observatorio civico")
    assert observatorio["figures"] == 4 and observatorio["matched"] is None


def test_search_class_filter_counts_subclasses(investigate_graph):
    assert {r["iri"] for r in search(investigate_graph, "a", classes=["Person"], limit=None)} >= {
        "cgr:inv-ana",
        "cgr:inv-chapa",
    }  # officials are persons
    assert [r["iri"] for r in search(investigate_graph, "cartel", classes=["cg:Cartel"])] == [
        "cgr:inv-sur",
        "cgr:inv-norte",
    ]  # equal prefix matches: the shorter name first
    assert search(investigate_graph, "no such name at all") == []


def test_dossier_groups_claims_with_roles_counterparts_and_evidence(investigate_graph):
    beto = dossier(investigate_graph, "Beto Bravo")
    assert (beto["id"], beto["class"], beto["class_label"]) == ("cgr:inv-beto", "cg:Official", "official")
    assert [(c["relation"], c["role"]) for c in beto["claims"]] == [
        ("arrest", "arrested person"),
        ("arrest", "arrested person"),
        ("collusion", "colluder"),
        ("investigation", "investigated party"),
        ("kinship", "kin person"),
    ]
    assert ids(beto["claims"]) == ["inv-k11", "inv-k12", "inv-k3", "inv-k5", "inv-k6"]
    investigation = beto["claims"][3]
    assert investigation["counterparts"] == [
        {"entity": CGR + "inv-fiscalia", "label": "Fiscalía Federal", "role": "investigating body", "context": False}
    ]
    assert investigation["status"] == "charged" and investigation["when"] == "2020"
    assert [(e["source_title"], e["cited_title"]) for e in investigation["evidence"]] == [
        ("Observatorio report", "Transparency response 330024"),
        ("Norte news story", None),
    ]
    assert beto["claims"][4]["details"] == [{"property": "kin relation", "value": "cousin of"}]
    (pair,) = beto["contradictions"]
    assert (pair["link"], pair["a"]["iri"], pair["b"]["iri"]) == ("contradicts", CGR + "inv-k11", CGR + "inv-k12")
    assert beto["figures"] == []


def test_dossier_names_figures_and_denials(investigate_graph):
    norte = dossier(investigate_graph, "cgr:inv-norte")
    assert norte["names"] == ["CDN"] and norte["label"] == "Cártel del Norte"
    assert [(f["figure"], f["link"]) for f in norte["figures"]] == [(CGR + "inv-f-members", "about")]
    (pair,) = norte["contradictions"]  # Ana's denial is not a claim of the cartel, the allegation is
    assert (pair["link"], pair["a"]["iri"], pair["b"]["iri"]) == ("denies", CGR + "inv-k10", CGR + "inv-k1")
    fiscalia = dossier(investigate_graph, "FF")
    assert [(f["figure"], f["link"]) for f in fiscalia["figures"]] == [
        (CGR + "inv-f2020-fiscalia", "producer"),
        (CGR + "inv-f-poppy", "producer"),
    ]
    assert [f["figure"] for f in dossier(investigate_graph, "Sonora")["figures"]] == [CGR + "inv-f-poppy"]


def test_dossier_frames(investigate_graph):
    frames = dossier(investigate_graph, "Beto Bravo", as_frame=True)
    assert list(frames["claims"]["claim"].str.removeprefix(CGR)) == ["inv-k11", "inv-k12", "inv-k3", "inv-k5", "inv-k6"]
    assert frames["claims"].loc[3, "quotes"] == (
        "In 2020 the Fiscalía Federal charged Beto Bravo. | Federal prosecutors filed charges against Bravo."
    )
    assert len(frames["contradictions"]) == 1


def test_dossier_bad_names(investigate_graph):
    with pytest.raises(AmbiguousNameError) as caught:
        dossier(investigate_graph, "Ramírez")
    assert {m.iri for m in caught.value.matches} == {CGR + "inv-rosa", CGR + "inv-raul"}
    with pytest.raises(UnknownNameError, match="did you mean: Ana Álvarez"):
        dossier(investigate_graph, "Ana Alvares")


def test_shortest_path_with_a_quote_on_every_hop(investigate_graph):
    answer = find_paths(investigate_graph, "La Jefa", "El Chapa")
    assert answer["shortest"] == 2 and answer["total"] == 1
    (path,) = answer["paths"]
    assert labels(path) == ["Ana Álvarez", "Cártel del Norte", "Carlos Chapa"]
    first, second = path["steps"]
    assert [(c["claim"], c["edge"], c["direction"], c["status"]) for c in first["claims"]] == [
        (CGR + "inv-k1", "colluded with", "forward", "alleged")
    ]
    assert ids(second["claims"]) == ["inv-k2", "inv-k7"]  # both claims linking Chapa to the cartel
    assert all(c["direction"] == "backward" for c in second["claims"])
    assert all(c["evidence"][0]["quote"] for step in path["steps"] for c in step["claims"])


@pytest.mark.parametrize(
    "filters,expected",
    [
        (Filters.of(exclude_statuses=["Alleged"]), ["Ana Álvarez", "Fiscalía Federal", "Beto Bravo", "Carlos Chapa"]),
        (
            Filters.of(statuses=["Confirmed", "Charged", "Reported"]),
            ["Ana Álvarez", "Fiscalía Federal", "Beto Bravo", "Carlos Chapa"],
        ),
        (Filters.of(statuses=["Convicted"]), None),
        (Filters.of(relations=["Collusion", "Leadership"]), ["Ana Álvarez", "Cártel del Norte", "Carlos Chapa"]),
        (Filters.of(relations=["colludedWith"]), None),
        (Filters.of(as_of="2017"), None),  # the collusion (2018) and the charges (2020) came later
        (Filters.of(as_of="2021"), ["Ana Álvarez", "Cártel del Norte", "Carlos Chapa"]),
    ],
)
def test_filters_change_the_answer(investigate_graph, filters, expected):
    answer = find_paths(investigate_graph, "Ana Álvarez", "Carlos Chapa", filters=filters)
    assert [labels(p) for p in answer["paths"]] == ([expected] if expected else [])


def test_path_beyond_max_hops_is_an_answer(investigate_graph):
    answer = find_paths(
        investigate_graph, "Ana Álvarez", "Carlos Chapa", max_hops=2, filters=Filters.of(exclude_statuses=["Alleged"])
    )
    assert answer["paths"] == [] and answer["shortest"] == 3
    alone = find_paths(investigate_graph, "Ana Álvarez", "Sola Soledad")
    assert alone["paths"] == [] and alone["shortest"] is None


def test_tied_paths_best_supported_first_and_limit(investigate_graph):
    answer = find_paths(investigate_graph, "CDN", "Beto Bravo")
    assert answer["total"] == 2
    # via the Cártel del Sur: a conviction; via Chapa: only reported links
    assert [labels(p) for p in answer["paths"]] == [
        ["Cártel del Norte", "Cártel del Sur", "Beto Bravo"],
        ["Cártel del Norte", "Carlos Chapa", "Beto Bravo"],
    ]
    assert [c["direction"] for s in answer["paths"][0]["steps"] for c in s["claims"]] == ["both", "backward"]
    assert len(find_paths(investigate_graph, "CDN", "Beto Bravo", limit=1)["paths"]) == 1


def test_multi_claim_hop_lists_strongest_first(investigate_graph):
    answer = find_paths(investigate_graph, "Fiscalía Federal", "Beto Bravo")
    (step,) = answer["paths"][0]["steps"]
    assert ids(step["claims"]) == ["inv-k5", "inv-k11", "inv-k12"]  # charged before reported, then by date


def test_avoid_and_bad_endpoints(investigate_graph):
    answer = find_paths(investigate_graph, "Ana Álvarez", "Carlos Chapa", avoid=["CDN"])
    assert labels(answer["paths"][0]) == ["Ana Álvarez", "Fiscalía Federal", "Beto Bravo", "Carlos Chapa"]
    with pytest.raises(UsageError, match="same entity"):
        find_paths(investigate_graph, "La Jefa", "Ana Álvarez")
    with pytest.raises(UnknownNameError):
        find_paths(investigate_graph, "Nobody Here", "Ana Álvarez")


def test_path_frame_has_one_row_per_claim(investigate_graph):
    frame = find_paths(investigate_graph, "CDN", "Beto Bravo", as_frame=True)
    assert list(frame["path"]) == [1, 1, 2, 2, 2] and list(frame["hop"]) == [1, 2, 1, 1, 2]
    assert frame["quotes"].str.len().min() > 0 and set(frame["status"]) == {"reported", "convicted"}


def test_timeline_order_and_precision(investigate_graph):
    rows = timeline(investigate_graph)
    assert [r["when"] for r in rows] == [
        "2015",
        "2016 – 2020",
        "2018-05",
        "2018-06",
        "2019-03-15",
        "2020",
        "2020-11-03",
        "2020-12",
        "2021-08-02",
        "",
        "",
    ]
    assert ids(rows) == [
        "inv-k2",
        "inv-k4",
        "inv-k1",
        "inv-k10",
        "inv-k3",
        "inv-k5",
        "inv-k11",
        "inv-k12",
        "inv-k8",
        "inv-k6",
        "inv-k7",
    ]
    assert all(r["status"] and r["evidence"] for r in rows)


def test_timeline_filters(investigate_graph):
    assert ids(timeline(investigate_graph, start="2020", end="2020")) == ["inv-k4", "inv-k5", "inv-k11", "inv-k12"]
    # a year overlaps each of its months: '2020' and '2016 – 2020' reach into December 2020
    assert ids(timeline(investigate_graph, start="2020-12")) == ["inv-k4", "inv-k5", "inv-k12", "inv-k8"]
    assert ids(timeline(investigate_graph, end="2016-06")) == ["inv-k2", "inv-k4"]
    assert ids(timeline(investigate_graph, "El Chapa")) == ["inv-k2", "inv-k6", "inv-k7"]
    assert ids(timeline(investigate_graph, "El Chapa", undated=False)) == ["inv-k2"]
    frame = timeline(investigate_graph, "Beto Bravo", as_frame=True)
    assert list(frame["when"]) == ["2019-03-15", "2020", "2020-11-03", "2020-12", ""]


def test_figures_line_up_as_series(investigate_graph):
    rows = figures(investigate_graph)
    assert [(f["measure"], f["when"], f["value_text"]) for f in rows] == [
        ("homicide rate", "2019", "29"),
        ("homicide rate", "2020", "27"),
        ("homicide rate", "2020", "28.4"),
        ("homicide rate", "2021", "approximately 26"),
        ("members of the Cártel del Norte", "2021", "more than 3,000"),
        ("poppy área eradicated", "2018 – 2019", "5–10"),
    ]
    poppy = rows[-1]
    assert (poppy["value"], poppy["value_max"], poppy["unit"], poppy["period_label"]) == (
        5,
        10,
        "percent",
        "2018 and 2019",
    )
    assert rows[4]["evidence"][0]["cited_title"] == "Transparency response 330024"


@pytest.mark.parametrize(
    "options,expected",
    [
        ({"measure": "AREA"}, ["inv-f-poppy"]),
        ({"measure": "cartel"}, ["inv-f-members"]),
        ({"place": "Sonora"}, ["inv-f-poppy"]),
        ({"producer": "FF"}, ["inv-f2020-fiscalia", "inv-f-poppy"]),
        ({"about": "Cártel del Norte"}, ["inv-f-members"]),
        ({"start": "2020", "end": "2020"}, ["inv-f2020-fiscalia", "inv-f2020"]),
        ({"start": "2019", "end": "2019"}, ["inv-f2019", "inv-f-poppy"]),
        ({"measure": "homicide", "start": "2020"}, ["inv-f2020-fiscalia", "inv-f2020", "inv-f2021"]),
    ],
)
def test_figure_filters(investigate_graph, options, expected):
    assert ids(figures(investigate_graph, **options), "figure") == expected


def test_contested_pairs(investigate_graph):
    pairs = contested(investigate_graph)
    assert [(p["link"], p["a"]["iri"].removeprefix(CGR), p["b"]["iri"].removeprefix(CGR)) for p in pairs] == [
        ("denies", "inv-k10", "inv-k1"),
        ("contradicts", "inv-f2020", "inv-f2020-fiscalia"),
        ("contradicts", "inv-k11", "inv-k12"),
    ]
    assert pairs[1]["a"]["kind"] == "figure" and pairs[1]["a"]["status"] is None
    assert all(side["evidence"] for p in pairs for side in (p["a"], p["b"]))
    assert [p["b"]["iri"] for p in contested(investigate_graph, "Beto Bravo")] == [CGR + "inv-k12"]
    assert len(contested(investigate_graph, "Fiscalía Federal")) == 2  # the arrests and its figure
    statuses = contested(investigate_graph, as_frame=True)["a_status"]
    assert list(statuses.isna()) == [False, True, False] and statuses[0] == "reported"


def test_csv_cells_cannot_start_a_formula():
    text = csv_text([{"a": "=HYPERLINK(1)", "b": -5, "c": "@x", "d": "+1", "e": "-y", "f": "plain"}], list("abcdef"))
    assert text.splitlines()[1] == "'=HYPERLINK(1),-5,'@x,'+1,'-y,plain"
