"""The network page's data and HTML, without a browser (see test_viz_browser.py for the page at work)."""

import json
import re

import pytest

from cartelgraph.errors import UnknownNameError, UsageError
from cartelgraph.projection import Filters, project
from cartelgraph.viz import network_page, page_data
from cartelgraph.viz.page import content_security_policy, json_for_script

CGR = "https://w3id.org/cartelgraph/id/"
CG = "https://w3id.org/cartelgraph/ontology#"


def drawn(data: dict) -> set[str]:
    """The entities a page draws (not those it holds in reserve for expanding)."""
    return {n["id"] for n in data["nodes"] if not n.get("reserve")}


@pytest.fixture(scope="module")
def tiny_page(tiny_graph):
    return page_data(tiny_graph)


def test_page_data_has_every_entity_and_claim_edge_of_the_projection(tiny_graph, tiny_page):
    data = tiny_page
    projection = project(tiny_graph)
    assert {n["id"] for n in data["nodes"]} == set(projection)
    assert len(data["edges"]) == projection.number_of_edges()
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])  # c6 has three parties, one claim


def test_every_edge_carries_status_date_and_evidence(tiny_page):
    edges = {e["claim"]: e for e in tiny_page["edges"]}
    c1 = edges["cgr:c1"]
    assert c1["status"] == CG + "Convicted" and c1["date"] == "2019" and c1["label"] == "colluded with"
    assert tiny_page["claims"]["cgr:c1"]["evidence"] == [
        {
            "quote": "Ana Álvarez was convicted of working with Cartel X in 2019.",
            "source": "cgr:src",
            "sourceTitle": "Tiny source",
            "cited": [],
        }
    ]
    assert tiny_page["sources"]["cgr:src"] == {"authors": [], "label": "Tiny source", "kind": "news article"}
    assert all(tiny_page["claims"][claim]["evidence"] for claim in edges)


def test_legends_count_classes_statuses_and_relations(tiny_page):
    data = tiny_page
    classes = {c["label"]: c["count"] for c in data["classes"]}
    assert classes == {"official": 2, "person": 2, "country": 2, "cartel": 1, "agency": 1}
    statuses = [s["label"] for s in data["statuses"]]
    # strongest support first (the ontology's cg:supportRank; convicted and confirmed share one)
    assert statuses == ["confirmed", "convicted", "reported", "alleged"]
    assert len({c["colour"] for c in data["classes"]}) == len(data["classes"])


def test_lines_are_solid_when_the_claim_establishes_the_relation(tiny_page):
    """Read from the ontology (the class's status reading), not from the status name: a reported
    membership is established and solid, an alleged collusion only asserted and dashed."""
    lines = {e["claim"]: (e["established"], e["line"]) for e in tiny_page["edges"]}
    assert lines["cgr:c1"] == (True, "solid") and lines["cgr:c4"] == (True, "solid")
    assert lines["cgr:c2"] == (False, "dashed")


def test_parallel_claims_between_two_entities_are_one_link(repo_graph):
    data = page_data(repo_graph, focus="García Luna", depth=2)
    edges = {e["id"]: e for e in data["edges"]}
    assert sorted(i for link in data["links"] for i in link["edges"]) == sorted(edges)  # each claim edge once
    pairs = [frozenset((link["from"], link["to"])) for link in data["links"]]
    assert len(pairs) == len(set(pairs)) < len(edges)
    for link in data["links"]:
        ends = {frozenset((edges[i]["from"], edges[i]["to"])) for i in link["edges"]}
        assert ends == {frozenset((link["from"], link["to"]))}
        assert all(edges[i]["link"] == link["id"] for i in link["edges"])
        ranks = [edges[i]["rank"] for i in link["edges"]]
        assert ranks == sorted(ranks)  # strongest first: the page draws the line as the first shown
    pair = {CGR + "sinaloa-cartel", CGR + "fentanyl"}
    fentanyl = next(link for link in data["links"] if {link["from"], link["to"]} == pair)
    assert len(fentanyl["edges"]) >= 2


def test_merge_links_orders_claims_strongest_first_whatever_their_direction():
    from cartelgraph.domain import domain
    from cartelgraph.viz.links import merge_links, style_claims

    def edge(i, a, b, established, status):
        return {
            "id": f"e{i}",
            "from": a,
            "to": b,
            "established": established,
            "status": CG + status,
            "date": None,
            "start": None,
        }

    edges = [
        edge(0, "a", "b", False, "Alleged"),
        edge(1, "b", "a", True, "Confirmed"),
        edge(2, "a", "c", True, "Convicted"),
        edge(3, "a", "b", True, "Convicted"),
    ]
    style_claims(edges, domain())
    links = merge_links(edges)
    # e1 and e3 are equally strong (established; convicted and confirmed share a cg:supportRank)
    assert [(link["from"], link["to"], link["edges"]) for link in links] == [
        ("a", "b", ["e1", "e3", "e0"]),
        ("a", "c", ["e2"]),
    ]
    assert [e["line"] for e in edges] == ["dashed", "solid", "solid", "solid"]


def test_filters_that_leave_no_link_are_an_error(tiny_graph):
    from cartelgraph.viz.data import EmptyNetworkError

    with pytest.raises(EmptyNetworkError, match="no link to draw.*among 8 entities.*statuses Acquitted"):
        page_data(tiny_graph, statuses=["Acquitted"])
    with pytest.raises(EmptyNetworkError, match="around Quique Pérez"):
        page_data(tiny_graph, focus="Quique Pérez")


def test_aliases_reach_the_nodes(tiny_page):
    nodes = {n["id"]: n for n in tiny_page["nodes"]}
    assert nodes[CGR + "official-a"]["aliases"] == ["La Jefa"]
    assert nodes[CGR + "official-b"]["aliases"] == []


def test_focus_keeps_the_ego_network(tiny_graph):
    one = page_data(tiny_graph, focus="Ana Álvarez", depth=1)
    assert drawn(one) == {CGR + "official-a", CGR + "cartel-x"}
    # The rest of a small network is in the page, held in reserve for expanding.
    assert {n["id"] for n in one["nodes"]} == set(project(tiny_graph)) and one["reserved"] == 6
    assert one["focus"] == CGR + "official-a"
    assert "Ana Álvarez" in one["title"] and any("1 link of Ana Álvarez" in n for n in one["notices"])
    two = page_data(tiny_graph, focus="la jefa", depth=2)
    assert drawn(two) == {CGR + n for n in ["official-a", "cartel-x", "official-b", "person-p"]}


def test_focus_on_an_unknown_or_filtered_out_name(tiny_graph):
    with pytest.raises(UnknownNameError, match="did you mean"):
        page_data(tiny_graph, focus="Ana Alvares Q")
    with pytest.raises(UsageError, match="left out by the other filters"):
        page_data(tiny_graph, focus="Ana Álvarez", types=["Cartel"])


@pytest.mark.parametrize(
    "options",
    [
        {"types": ["Person", "Cartel"]},
        {"relations": ["Collusion", "arrested"]},
        {"statuses": ["Confirmed"]},
        {"exclude_statuses": ["Alleged"]},
        {"as_of": "2020"},
    ],
)
def test_filters_are_the_projections(tiny_graph, options):
    data = page_data(tiny_graph, **options)
    names = {"types": "classes"}
    projection = project(tiny_graph, Filters.of(**{names.get(k, k): v for k, v in options.items()}))
    assert {n["id"] for n in data["nodes"]} == set(projection)
    assert len(data["edges"]) == projection.number_of_edges()
    assert data["notices"] and data["notices"][0].startswith("Filtered:")


def test_comma_separated_names_are_accepted(tiny_graph):
    assert len(page_data(tiny_graph, statuses=["Convicted,Confirmed"])["edges"]) == 3


@pytest.mark.parametrize(
    "options,message",
    [
        ({"types": ["Cartell"]}, "--type Cartell: not in the ontology; did you mean Cartel"),
        ({"relations": ["colludes"]}, "--relation colludes"),
        ({"statuses": ["Guilty"]}, "--status Guilty"),
        ({"exclude_statuses": ["Aleged"]}, "did you mean Alleged"),
        ({"as_of": "June 2020"}, "--as-of 'June 2020'"),
        ({"size_by": "nearness"}, "--size-by nearness: choose one of pagerank, degree, betweenness, closeness"),
        ({"max_nodes": 0}, "--max-nodes 0"),
    ],
)
def test_bad_options_get_one_clear_message(tiny_graph, options, message):
    with pytest.raises(UsageError) as error:
        page_data(tiny_graph, **options)
    assert message in str(error.value)


@pytest.mark.parametrize(
    "measure", ["degree", "pagerank", "betweenness", "closeness", "eigenvector", "kcore", "strength"]
)
def test_max_nodes_keeps_the_highest_by_the_measure_and_says_so(tiny_graph, measure):
    full = {n["id"]: n["size"] for n in page_data(tiny_graph, size_by=measure)["nodes"]}
    data = page_data(tiny_graph, size_by=measure, max_nodes=3)
    kept = drawn(data)
    assert len(kept) == 3
    assert min(full[n] for n in kept) >= max(full[n] for n in full if n not in kept)
    assert any(f"highest {measure} out of 8" in notice for notice in data["notices"])
    assert {n["id"]: n["size"] for n in data["nodes"]} == full  # sizes over the whole network, reserve too


def test_degree_counts_linked_entities(tiny_page):
    sizes = {n["id"]: n["size"] for n in tiny_page["nodes"]}  # as cartelgraph centrality: share of the others
    others = len(sizes) - 1
    assert sizes[CGR + "cartel-x"] * others == pytest.approx(3, abs=1e-5)  # sizes are rounded to 6 places
    assert sizes[CGR + "official-a"] * others == pytest.approx(1, abs=1e-5)


def test_json_for_script_cannot_close_the_element():
    text = json_for_script({"a": "</script><!-- & \u2028\u2029 >"})
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029 >"}


def test_html_is_self_contained_with_a_policy_forbidding_the_network(tiny_graph):
    page = network_page(tiny_graph, title='A <title> & "quotes"')
    html = page.html
    elements = _elements(html)
    assert not [e for e in elements if {"src", "href", "srcset", "data", "poster"} & set(e[1])]
    assert "@import" not in html and "@font-face" not in html
    (meta,) = [attrs for tag, attrs in elements if attrs.get("http-equiv") == "Content-Security-Policy"]
    policy = meta["content"]
    assert policy.startswith("default-src 'none';") and "unsafe-eval" not in policy
    tags = [tag for tag, _ in elements]
    assert tags.index("meta") < tags.index("style") < tags.index("script")
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    scripts = [attrs for tag, attrs in elements if tag == "script"]
    assert scripts == [{"type": "application/json", "id": "cg-data"}, {"nonce": nonce}, {"nonce": nonce}]
    assert [attrs for tag, attrs in elements if tag == "style"] == [{"nonce": nonce}, {"nonce": nonce}]
    assert "<title>A &lt;title&gt; &amp; &quot;quotes&quot;</title>" in html
    assert "vis-network" in html and "@version 9" in html  # vis-network, inlined from the pyvis wheel


def _elements(html):
    """(tag, attributes) of every element, as a browser's parser sees them (script text is not markup)."""
    from html.parser import HTMLParser

    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collect().feed(html)
    return found


def test_data_in_the_page_round_trips(hostile_data):
    from cartelgraph import open_graph

    page = network_page(open_graph(data=hostile_data))
    raw = re.search(r'<script type="application/json" id="cg-data">(.*?)</script>', page.html, re.S).group(1)
    assert "<" not in raw and "\u2028" not in raw
    assert json.loads(raw) == json.loads(json.dumps(page.data))
    labels = {n["label"] for n in page.data["nodes"]}
    assert "<img src=x onerror=alert(1)>" in labels


def test_each_page_gets_its_own_nonce(tiny_graph):
    nonces = {re.search(r"'nonce-([^']+)'", network_page(tiny_graph).html).group(1) for _ in range(3)}
    assert len(nonces) == 3
    assert "default-src 'none'" in content_security_policy("x")


def test_notebook_display_is_an_escaped_srcdoc_iframe(tiny_graph):
    from cartelgraph.viz import show

    page = show(tiny_graph, height=500)
    shown = page._repr_html_()
    assert shown.startswith('<iframe sandbox="allow-scripts allow-downloads" srcdoc="') and "height:500px" in shown
    srcdoc = re.search(r'srcdoc="([^"]*)"', shown).group(1)
    import html

    assert html.unescape(srcdoc) == page.html
    outside = shown.replace(srcdoc, "")
    assert " src=" not in outside and ".html" not in outside  # the page itself, never a file path
    assert "8 entities" in repr(page)


def test_cli_writes_the_page(cg, tmp_path):
    out = tmp_path / "network.html"
    result = cg("viz", "-o", str(out), "--size-by", "pagerank", "--title", "Seed network")
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<title>Seed network</title>" in html
    assert f"{out}:" in result.stderr and "entities" in result.stderr


def test_cli_focus_on_the_real_graph(cg, tmp_path):
    out = tmp_path / "focus.html"
    result = cg("viz", "-o", str(out), "--focus", "García Luna", "--depth", "2")
    assert result.exit_code == 0, result.output
    data = json.loads(re.search(r'id="cg-data">(.*?)</script>', out.read_text(encoding="utf-8"), re.S).group(1))
    assert data["focus"] == CGR + "genaro-garcia-luna"
    assert CGR + "sinaloa-cartel" in {n["id"] for n in data["nodes"]}


@pytest.mark.parametrize(
    "args,code,message",
    [
        (["--focus", "Nobody Whatsoever"], 2, "no entity named"),
        (["--type", "Cartell"], 2, "did you mean Cartel"),
        (["--as-of", "yesterday"], 2, "--as-of 'yesterday'"),
        (["--size-by", "nearness"], 2, "nearness"),
        (["--status", "Acquitted"], 1, "no link to draw"),
    ],
)
def test_cli_bad_input_leaves_nothing_on_disk(cg, tmp_path, args, code, message):
    out = tmp_path / "page.html"
    result = cg("viz", "-o", str(out), *args)
    assert result.exit_code == code
    assert message in result.stderr and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_spring_positions_are_seeded_bounded_and_pull_neighbours_together():
    import math

    import networkx as nx

    from cartelgraph.viz.layout import layout_positions, spring_positions

    graph = nx.barabasi_albert_graph(300, 1, seed=2)
    first, again = spring_positions(graph, seed=5), spring_positions(graph, seed=5)
    assert first == again and set(first) == set(graph)
    assert all(-1 <= x <= 1 and -1 <= y <= 1 for x, y in first.values())

    def mean_distance(pairs):
        return sum(math.dist(first[a], first[b]) for a, b in pairs) / len(pairs)

    others = [(a, b) for a, b in nx.non_edges(graph)][::50]
    assert mean_distance(list(graph.edges())) < mean_distance(others) / 3
    assert spring_positions(nx.Graph()) == {} and layout_positions(nx.Graph()) == {}
    assert set(layout_positions(nx.path_graph(1))) == {0}
    two = layout_positions(nx.path_graph(2))
    assert set(two) == {0, 1} and two[0] != two[1]


def test_notebook_shows_the_page_inline():
    import nbclient
    import nbformat

    from tests.conftest import REPO

    notebook = nbformat.read(REPO / "notebooks" / "network-page.ipynb", as_version=4)
    nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(REPO)}}
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    shown = [o["data"]["text/html"] for o in outputs if "<iframe" in o.get("data", {}).get("text/html", "")]
    assert len(shown) == 1 and shown[0].startswith('<iframe sandbox="allow-scripts allow-downloads" srcdoc="')
    assert "Genaro García Luna" in shown[0] and "colluded with" in shown[0]


# ---- the whole evidence on the page ----------------------------------------------------------


def test_claims_carry_what_show_prints(repo_graph):
    """The page reads its claims with the investigator commands' reader: details (activity,
    quantity, the curator's note…), participants with roles and evidence as ``show`` gives them."""
    from cartelgraph.investigate.dossier import dossier

    data = page_data(repo_graph, focus="García Luna", depth=1)
    shown = {c["claim"]: c for c in dossier(repo_graph, "García Luna")["claims"]}
    claim = data["claims"]["cgr:collusion-garcia-luna-sinaloa-cartel"]
    expected = shown[CGR + "collusion-garcia-luna-sinaloa-cartel"]
    assert claim["details"] == (
        [{"property": d["property"], "value": str(d["value"])} for d in expected["details"]]
        + [{"property": "note", "value": " ".join(expected["notes"])}]
    )
    properties = {d["property"] for d in claim["details"]}
    assert {"activity", "note", "quantity", "quantity unit"} <= properties
    assert [e["quote"] for e in claim["evidence"]] == [e["quote"] for e in expected["evidence"]]
    assert claim["participants"] == [  # labelled in nodes: a participant drawn is named once
        {"entity": CGR + "genaro-garcia-luna", "role": "colluder"},
        {"entity": CGR + "sinaloa-cartel", "role": "collusion partner"},
    ]


def test_sources_and_cited_documents_carry_date_and_publisher(repo_graph):
    data = page_data(repo_graph)
    cited = [ev for claim in data["claims"].values() for ev in claim["evidence"] if ev["cited"]]
    assert cited
    assert any(len(ev["cited"]) > 1 for ev in cited)  # a source citing two documents keeps both
    for ev in cited:
        assert all(iri in data["sources"] for iri in ev["cited"]) and ev["source"] in data["sources"]
    press = data["sources"]["cgr:doc-press-conference-2019-01-30"]
    assert press["date"] == "2019-01-30" and press["publisher"] == "Presidency of the Mexican Republic"
    assert press["kind"] == "press conference" and press["url"] == "dthx.short.gy/Ugveq9"
    assert data["sources"]["cgr:warlike-approach-to-drug-policy"]["publisher"] == "Elementa DDHH"


def test_entities_carry_their_description(repo_graph):
    nodes = {n["id"]: n for n in page_data(repo_graph, focus="García Luna", depth=1)["nodes"]}
    description = nodes[CGR + "genaro-garcia-luna"]["description"]
    assert description == "Former head of security in Mexico, convicted in the U.S."


def test_every_contested_pair_with_a_claim_in_the_page_is_on_it(repo_graph):
    """What ``contested`` lists, the page shows: each pair with a side drawn, the other side in
    ``claims`` too (``inPage`` False when it is not drawn)."""
    from cartelgraph.graph import shorten
    from cartelgraph.investigate.contested import contested

    data = page_data(repo_graph)
    drawn = {e["claim"] for e in data["edges"]}
    pairs = [
        (shorten(p["a"]["iri"]), p["link"], shorten(p["b"]["iri"]))
        for p in contested(repo_graph)
        if p["a"]["kind"] == "claim" and p["b"]["kind"] == "claim"
    ]
    in_page = [(a, link, b) for a, link, b in pairs if a in drawn or b in drawn]
    assert len(in_page) >= 10
    for a, link, b in in_page:
        assert {"kind": link, "claim": b} in data["claims"][a]["links"]
        back = "contradicts" if link == "contradicts" else "deniesBy"
        assert {"kind": back, "claim": a} in data["claims"][b]["links"]
        assert data["claims"][a]["inPage"] == (a in drawn) and data["claims"][b]["inPage"] == (b in drawn)
        assert data["claims"][a]["evidence"] and data["claims"][b]["evidence"]


def test_status_meanings_are_read_from_the_ontology(tmp_path):
    """Change the ontology's words and the page changes: nothing about statuses is hard-coded."""
    from cartelgraph import open_graph
    from tests.conftest import FIXTURES, make_data_dir

    root = make_data_dir(tmp_path / "data", [FIXTURES / "tiny.ttl"], [FIXTURES / "tiny.txt"])
    ontology = root / "ontology" / "cartelgraph.ttl"
    text = ontology.read_text(encoding="utf-8")
    old = '"Asserted by someone without formal accusation."'
    assert old in text
    ontology.write_text(text.replace(old, '"Said by somebody, and only said."'), encoding="utf-8")
    data = page_data(open_graph(data=root))
    alleged = next(s for s in data["statuses"] if s["id"] == CG + "Alleged")
    assert alleged["comment"] == "Said by somebody, and only said."
    c2 = next(e for e in data["edges"] if e["claim"] == "cgr:c2")
    reading = data["readings"][c2["reading"]]
    assert c2["reading"] == CG + "RelationReading" and reading["label"] == "relation reading"
    assert CG + "Alleged" not in reading["establishing"] and CG + "Convicted" in reading["establishing"]
    assert data["outcomes"][CG + "Attempted"]["comment"] == "The action was attempted and failed."


# ---- readable at 2,000 entities ------------------------------------------------------------


def _three_groups():
    import networkx as nx

    graph = nx.Graph()
    for g in range(3):
        members = [f"g{g}n{i}" for i in range(20)]
        graph.add_edges_from(
            (members[i], members[j], {"weight": 1})
            for i in range(20)
            for j in range(i + 1, 20)
            if (i * j) % 3 == 0 or j == i + 1
        )
    graph.add_edge("g0n0", "g1n0", weight=1)
    graph.add_edge("g1n5", "g2n5", weight=1)
    graph.add_nodes_from(f"loose{i}" for i in range(5))
    return graph


def test_grouped_layout_draws_a_map_of_groups():
    import math

    from cartelgraph.viz.layout import SPACING, communities, grouped_layout

    graph = _three_groups()
    groups = communities(graph)
    assert groups == communities(graph) and [len(g) for g in groups][:3] == [20, 20, 20]
    positions = grouped_layout(graph, groups)
    assert positions == grouped_layout(graph, groups) and set(positions) == set(graph)
    real = [g for g in groups if len(g) > 1]
    centres = [(sum(positions[n][0] for n in g) / len(g), sum(positions[n][1] for n in g) / len(g)) for g in real]
    spread = max(math.dist(positions[n], centres[i]) for i, g in enumerate(real) for n in g)
    between = min(math.dist(a, b) for i, a in enumerate(centres) for b in centres[i + 1 :])
    assert between > 2 * SPACING * math.sqrt(20)  # the groups' disks do not overlap
    assert spread < 3 * SPACING * math.sqrt(20)
    lowest = max(y for n, (_, y) in positions.items() if not n.startswith("loose"))
    assert all(positions[f"loose{i}"][1] > lowest for i in range(5))  # entities without a link: below the map


def test_the_layout_is_the_same_in_every_process(tmp_path):
    """Louvain and the layout read no set order: two processes with other hash seeds agree."""
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    script = (
        "import json, sys; sys.path.insert(0, '.'); from tests.test_viz import _three_groups; "
        "from cartelgraph.viz.layout import layout_positions; "
        "print(json.dumps(sorted(layout_positions(_three_groups()).items())))"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1] and len(runs[0]) > 100


def test_many_entities_drawn_are_warned_about(tiny_graph, cg, tmp_path, monkeypatch):
    import cartelgraph.viz.data as viz_data

    assert page_data(tiny_graph)["warning"] is None
    monkeypatch.setattr(viz_data, "WARN_ABOVE", 5)
    data = page_data(tiny_graph)
    assert data["warning"].startswith("7 entities drawn: the page takes seconds to open")
    assert data["notices"][-1] == data["warning"][0].upper() + data["warning"][1:] + "."
    out = tmp_path / "page.html"
    result = cg("viz", "-o", str(out), "--max-nodes", "50")
    assert result.exit_code == 0 and out.is_file()
    assert "Warning: 49 entities drawn" in result.stderr and "--max-nodes 2000" in result.stderr


# ---- the notebook bridge: networkx graphs, scores, communities, any measure -----------------


def test_show_draws_a_networkx_graph_from_the_analytics(tiny_graph):
    from cartelgraph.analytics import network as analytics_network
    from cartelgraph.viz import show

    G = analytics_network(tiny_graph, exclude_statuses=["Alleged"])
    G.remove_node(CGR + "country-u")  # a notebook's own cut
    page = show(G, store=tiny_graph)
    data = page.data
    assert drawn(data) == set(G)
    claims = {claim.rsplit("/", 1)[-1] for _, _, attrs in G.edges(data=True) for claim in attrs["claims"]}
    drawn_claims = {e["claim"].removeprefix("cgr:") for e in data["edges"] if e["from"] in set(G) and e["to"] in set(G)}
    assert drawn_claims == claims and "c2" not in claims  # the alleged collusion stays out, as in G
    assert any(f"The {len(G)} entities of the graph given" in n for n in data["notices"])
    assert '<iframe sandbox="allow-scripts' in page._repr_html_()


def test_a_claim_multigraph_draws_only_its_claims(tiny_graph):
    from cartelgraph.projection import project

    G = project(tiny_graph, Filters.of(relations=["Collusion"]))
    data = network_page(G, store=tiny_graph).data
    assert drawn(data) == set(G)
    drawn_edges = [e for e in data["edges"] if e["from"] in drawn(data) and e["to"] in drawn(data)]
    assert {e["claim"] for e in drawn_edges} == {
        "cgr:" + attrs["claim"].rsplit("/", 1)[-1] for _, _, attrs in G.edges(data=True)
    }


def test_a_graph_without_claims_on_its_edges_gets_the_claims_the_filters_keep(tiny_graph):
    import networkx as nx

    G = nx.Graph()
    G.add_edge(CGR + "official-a", CGR + "cartel-x")
    data = page_data(tiny_graph, network=G, statuses=["Convicted"])
    edges = [e for e in data["edges"] if e["from"] in drawn(data) and e["to"] in drawn(data)]
    assert [e["claim"] for e in edges] == ["cgr:c1"] and drawn(data) == set(G)


def test_scores_and_communities_from_a_notebook(tiny_graph):
    from cartelgraph.analytics import louvain
    from cartelgraph.analytics import network as analytics_network

    G = analytics_network(tiny_graph)
    scores = {n: float(i) for i, n in enumerate(sorted(G))}
    groups = louvain(G)
    data = network_page(G, store=tiny_graph, scores=scores, communities=groups).data
    sizes = {n["id"]: n["size"] for n in data["nodes"]}
    assert {n: sizes[n] for n in G} == scores and data["measure"] == "score"
    numbered = {n["id"]: n["group"] for n in data["nodes"]}
    assert {n: numbered[n] for n in G} == {n: groups[n] for n in G}  # louvain's numbers: largest first
    assert data["groupsGiven"] is True
    as_sets = [{n for n in G if groups[n] == k} for k in sorted(set(groups.values()))]
    again = network_page(G, store=tiny_graph, communities=as_sets).data
    assert {n["id"]: n["group"] for n in again["nodes"] if n["id"] in G} == {n: groups[n] for n in G}
    chosen = {**scores, CGR + "official-a": 10.0, CGR + "cartel-x": 9.0}
    top = network_page(G, store=tiny_graph, scores=chosen, max_nodes=2).data
    assert drawn(top) == {CGR + "official-a", CGR + "cartel-x"}
    assert any("highest score out of 8" in notice for notice in top["notices"])


@pytest.mark.parametrize(
    "options,message",
    [
        ({"scores": {CGR + "official-a": "high"}}, "scores['cgr:official-a'] = 'high': not a number"),
        ({"scores": [1, 2]}, "scores: give a dict of node to number, not list"),
        ({"scores": {CGR + "official-a": float("inf")}}, "scores['cgr:official-a'] = inf: not a finite number"),
        ({"scores": {CGR + "official-a": "1e999"}}, "scores['cgr:official-a'] = inf: not a finite number"),
        ({"communities": "louvain"}, "communities: give a list of sets of nodes or a dict"),
        (
            {"communities": [{CGR + "official-a"}, {CGR + "official-a", CGR + "cartel-x"}]},
            "cgr:official-a is in more than one community",
        ),
    ],
)
def test_bad_scores_and_communities_get_one_clear_message(tiny_graph, options, message):
    with pytest.raises(UsageError) as error:
        page_data(tiny_graph, **options)
    assert message in str(error.value)


def test_a_graph_of_unknown_nodes_is_refused(tiny_graph):
    import networkx as nx

    G = nx.Graph([("a", "b"), (CGR + "official-a", "b")])
    with pytest.raises(UsageError, match=r"2 of the graph's nodes not entities of the store \('a', 'b'\)"):
        network_page(G, store=tiny_graph)


@pytest.mark.parametrize("measure", ["pagerank", "betweenness", "closeness", "eigenvector", "kcore"])
def test_size_by_any_measure_is_the_analytics_measure(tiny_graph, measure):
    from cartelgraph.analytics import centrality
    from cartelgraph.analytics import network as analytics_network

    expected = centrality(analytics_network(tiny_graph), measure)
    sizes = {n["id"]: n["size"] for n in page_data(tiny_graph, size_by=measure)["nodes"]}
    assert sizes == {n: round(v, 6) for n, v in expected.items()}


def test_a_large_network_holds_the_most_linked_neighbours_one_step_beyond(monkeypatch):
    import networkx as nx

    import cartelgraph.viz.extent as extent

    G = nx.path_graph(10)  # 0-1-2-...-9, plus 3 linked to 0 and 1 too: most linked to the drawn
    G.add_edges_from([(0, 3), (1, 3)])
    labels = {n: f"n{n}" for n in G}
    assert extent.reserve(G, {0, 1}, {}, labels) == ([2, 3, 4, 5, 6, 7, 8, 9], None)  # small: all of it
    monkeypatch.setattr(extent, "WHOLE_UP_TO", 5)
    assert extent.reserve(G, {0, 1}, {}, labels) == (
        [2, 3],
        "Expanding can add the 2 entities one step beyond those drawn; the network's 6 others are not in the page.",
    )
    monkeypatch.setattr(extent, "FRINGE_UP_TO", 1)
    held, note = extent.reserve(G, {0, 1}, {}, labels)
    assert held == [3] and note == (
        "Expanding can add 1 of the 2 entities one step beyond those drawn (the most "
        "linked first); the network's 7 others are not in the page."
    )


def test_a_bidirectional_control_in_the_data_cannot_turn_the_page_around():
    from cartelgraph.viz.page import json_for_script

    text = json_for_script({"label": "Claudia Sheinbaum\u202e", "quote": "a\u2067b\x85c"})
    assert json.loads(text) == {"label": "Claudia Sheinbaum\ufffd", "quote": "a\ufffdb\ufffdc"}
