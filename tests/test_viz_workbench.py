"""The page's workbench in a real headless Chromium, network blocked (see test_viz_browser.py):
expanding and collapsing from the data the page holds, shortest paths with their evidence,
multi-select, dimming all but a selection's neighbourhood, and export of the view."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest
from test_viz_browser import browser, first_drawn, large_page, overlapping, visit  # noqa: F401 - shared fixtures

from cartelgraph.analytics import network
from cartelgraph.viz import network_page

CGR = "https://w3id.org/cartelgraph/id/"
GARCIA_LUNA, SINALOA = CGR + "genaro-garcia-luna", CGR + "sinaloa-cartel"


def shown_ids(page, kind: str) -> set[str]:
    return set(
        page.page.evaluate(f"cartelgraphNetwork.body.data.{kind}.get({{filter: x => !x.hidden}}).map(x => x.id)")
    )


def search_pick(page, name: str, *modifiers: str) -> None:
    page.page.fill("#cg-search", name)
    page.page.locator("#cg-results button").first.click(modifiers=list(modifiers))


def neighbours_in_page(data: dict, node: str) -> set[str]:
    return {
        link["to"] if link["from"] == node else link["from"]
        for link in data["links"]
        if node in (link["from"], link["to"])
    }


@pytest.fixture(scope="module")
def focused_page(repo_graph, tmp_path_factory):
    path = tmp_path_factory.mktemp("focus") / "garcia-luna.html"
    network_page(repo_graph, focus="García Luna", depth=1).save(path)
    return path


def test_a_focused_page_grows_by_expanding_and_shrinks_by_collapsing(focused_page, visit):  # noqa: F811
    page = visit(focused_page)
    data = page.data()
    drawn = {n["id"] for n in first_drawn(data)["nodes"]}
    assert shown_ids(page, "nodes") == drawn == {GARCIA_LUNA, SINALOA, CGR + "government-of-mexico"}
    assert data["reserved"] == len(data["nodes"]) - 3 > 100  # the curated network is small: all of it held
    assert "more entities in this page, not drawn" in page.page.inner_text("#cg-reserve")

    # Expanding Sinaloa Cartel adds its neighbours from the page's own data: nothing is fetched.
    added = neighbours_in_page(data, SINALOA) - drawn
    search_pick(page, "Sinaloa Cartel")
    assert page.page.inner_text("#cg-expand") == f"Expand (+{len(added)})"
    page.page.click("#cg-expand")
    assert shown_ids(page, "nodes") == drawn | added
    lines = {link["id"] for link in data["links"] if {link["from"], link["to"]} <= drawn | added}
    assert shown_ids(page, "edges") == lines
    assert f"{len(drawn | added)} entities and {len(lines)} lines" in page.page.inner_text("#cg-summary")
    panel = page.page.inner_text("#cg-panel")  # the panel follows: its lines are drawn now
    assert "not drawn: expand to add" not in panel and page.page.inner_text("#cg-expand") == "Expand"
    positions = page.page.evaluate("cartelgraphNetwork.getPositions()")
    assert len({(round(p["x"]), round(p["y"])) for p in positions.values()}) == len(positions)  # each its own place

    # Collapsing removes what the expansion added, never the focus entity.
    page.page.click("#cg-collapse")
    assert shown_ids(page, "nodes") == drawn

    # A double-click expands too.
    page.page.evaluate(
        "id => cartelgraphNetwork.emit('doubleClick', {nodes: [id], edges: [], event: {}, pointer: {}})",
        CGR + "government-of-mexico",
    )
    grown = drawn | neighbours_in_page(data, CGR + "government-of-mexico")
    assert shown_ids(page, "nodes") == grown and len(grown) > len(drawn)
    assert page.errors == [] and page.requests == [] and page.dialogs == []


def test_expanding_follows_the_filters(focused_page, visit):  # noqa: F811
    page = visit(focused_page)
    data = page.data()
    nodes = {n["id"]: n for n in data["nodes"]}
    drawn = {n["id"] for n in first_drawn(data)["nodes"]}
    page.page.locator("#cg-classes li", has_text="substance").locator("input").uncheck()
    search_pick(page, "Sinaloa Cartel")
    page.page.click("#cg-expand")
    added = {n for n in neighbours_in_page(data, SINALOA) - drawn if not nodes[n]["cls"].endswith("#Substance")}
    assert shown_ids(page, "nodes") == drawn | added
    assert page.errors == []


def chains_in_panel(page) -> list[list[str]]:
    heads = page.page.locator("#cg-panel .cg-path > h3").all_text_contents()
    return [head.split(": ", 1)[1].split(" — ") for head in heads]


def expected_chains(repo_graph, source: str, target: str) -> set[tuple[str, ...]]:
    """Every shortest path in the network the analytics use (commentary left out), by label."""
    G = network(repo_graph)
    return {tuple(G.nodes[n]["label"] for n in chain) for chain in nx.all_shortest_paths(G, source, target)}


def test_shortest_paths_between_two_selected_entities_with_their_evidence(repo_graph, visit, tmp_path):  # noqa: F811
    path = tmp_path / "commentary.html"
    network_page(repo_graph, include_commentary=True).save(path)  # commentary drawn, and never a path
    page = visit(path)
    data = page.data()
    assert sum(e["commentary"] for e in data["edges"]) > 100
    search_pick(page, "García Luna")
    search_pick(page, "Sinaloa Cartel", "Control")  # ctrl-click adds to the selection
    assert page.page.inner_text("#cg-selection") == "Selected: Genaro García Luna; Sinaloa Cartel"
    page.page.click("#cg-paths")
    panel = page.page.inner_text("#cg-panel")
    assert "Genaro García Luna → Sinaloa Cartel" in panel and "1 shortest path of 1 hop" in panel
    assert chains_in_panel(page) == [["Genaro García Luna", "Sinaloa Cartel"]]
    collusion = data["claims"]["cgr:collusion-garcia-luna-sinaloa-cartel"]
    assert collusion["evidence"][0]["quote"] in panel and collusion["evidence"][0]["sourceTitle"] in panel
    assert "convicted" in panel and "commentary: not a tie" not in panel  # no commentary claim listed
    # The path is drawn bright, everything else dimmed.
    assert shown_ids(page, "nodes") >= {GARCIA_LUNA, SINALOA}
    assert int(page.page.get_attribute("body", "data-dimmed")) == len(shown_ids(page, "nodes")) - 2

    # Longer ones: the same chains as networkx finds in the analytics' network, without
    # commentary (through "spoke about", García Luna is 2 hops from López Obrador; 4 without).
    for name, iri in [("Ovidio Guzmán", CGR + "ovidio-guzman"), ("López Obrador", CGR + "andres-manuel-lopez-obrador")]:
        page.page.click("#cg-clear")
        search_pick(page, "García Luna")
        search_pick(page, name, "Shift")
        page.page.click("#cg-paths")
        found = {tuple(chain) for chain in chains_in_panel(page)}
        assert found == expected_chains(repo_graph, GARCIA_LUNA, iri) and len(found) >= 2
    assert {len(chain) for chain in found} == {5}
    # Linked to García Luna only through commentary: no path.
    page.page.click("#cg-clear")
    search_pick(page, "García Luna")
    search_pick(page, "Elementa", "Control")
    page.page.click("#cg-paths")
    assert "No path between them" in page.page.inner_text("#cg-panel") and chains_in_panel(page) == []
    assert page.errors == [] and page.requests == []


def test_paths_reach_into_the_reserve_of_a_focused_page(repo_graph, focused_page, visit):  # noqa: F811
    page = visit(focused_page)
    search_pick(page, "García Luna")
    search_pick(page, "Ovidio Guzmán", "Control")  # in reserve: found, added, selected
    page.page.locator("#cg-panel button", has_text="Shortest paths between them").click()
    chains = {tuple(chain) for chain in chains_in_panel(page)}
    assert chains == expected_chains(repo_graph, GARCIA_LUNA, CGR + "ovidio-guzman")
    on_paths = {name for chain in chains for name in chain}
    labels = {n["id"]: n["label"] for n in page.data()["nodes"]}
    assert on_paths <= {labels[n] for n in shown_ids(page, "nodes")}  # every entity of every path drawn
    assert page.errors == [] and page.requests == []


def test_clicks_select_and_ctrl_click_adds_on_the_canvas(tiny_graph, visit, tmp_path):  # noqa: F811
    path = tmp_path / "tiny.html"
    network_page(tiny_graph).save(path)
    page = visit(path)
    official, cartel = CGR + "official-a", CGR + "cartel-x"

    def click(node, *modifiers):
        where = page.page.evaluate(
            """id => {
            const net = cartelgraphNetwork, p = net.canvasToDOM(net.getPositions([id])[id]);
            return {x: p.x, y: p.y}; }""",
            node,
        )
        page.page.locator("#cg-network canvas").click(position=where, modifiers=list(modifiers))
        page.page.wait_for_timeout(600)  # the zoom to the entity (450 ms)

    click(official)
    assert page.page.evaluate("cartelgraphNetwork.getSelectedNodes()") == [official]
    click(cartel, "Control")
    assert sorted(page.page.evaluate("cartelgraphNetwork.getSelectedNodes()")) == sorted([official, cartel])
    assert "2 entities selected" in page.page.inner_text("#cg-panel")
    assert not page.page.is_disabled("#cg-paths")
    click(cartel, "Shift")  # shift-click takes it out again
    assert page.page.evaluate("cartelgraphNetwork.getSelectedNodes()") == [official]
    assert page.errors == []


def test_highlighting_dims_all_but_the_selection_and_its_neighbours(repo_graph, visit, tmp_path):  # noqa: F811
    path = tmp_path / "network.html"
    network_page(repo_graph).save(path)
    page = visit(path)
    data = page.data()
    assert page.page.get_attribute("body", "data-dimmed") is None
    search_pick(page, "García Luna")
    near = neighbours_in_page(data, GARCIA_LUNA) | {GARCIA_LUNA}
    colours = page.page.evaluate("""() => Object.fromEntries(cartelgraphNetwork.body.data.nodes
        .get({filter: n => !n.hidden}).map(n => [n.id, n.color.background]))""")
    classes = {c["id"]: c["colour"] for c in data["classes"]}
    original = {n["id"]: classes[n["cls"]] for n in data["nodes"]}
    bright = {node for node, colour in colours.items() if colour == original[node]}
    assert bright == near
    assert int(page.page.get_attribute("body", "data-dimmed")) == len(colours) - len(near)
    labelled = {box["id"] for box in page.page.evaluate("cartelgraphLabels()")}
    assert labelled <= near and GARCIA_LUNA in labelled  # dimmed entities keep their dot, not their label
    opacities = page.page.evaluate("""() => cartelgraphNetwork.body.data.edges.get({filter: e => !e.hidden})
        .map(e => [e.from, e.to, e.color.opacity])""")
    for source, target, opacity in opacities:
        assert (opacity >= 0.8) == (GARCIA_LUNA in (source, target)), (source, target, opacity)
    page.page.uncheck("#cg-highlight")
    assert page.page.get_attribute("body", "data-dimmed") == "0"
    assert page.errors == []


def test_export_writes_the_view_as_png_and_its_lines_as_csv(repo_graph, visit, tmp_path):  # noqa: F811
    path = tmp_path / "network.html"
    network_page(repo_graph, title="Collusion <export>").save(path)
    page = visit(path)
    data = page.data()
    row = page.page.locator("#cg-relations li", has_text="colluded with")
    row.hover()
    row.locator("button", has_text="only").click()
    page.page.locator("#cg-statuses label", has_text="alleged").locator("input").uncheck()

    with page.page.expect_download() as download:
        page.page.click("#cg-png")
    png = tmp_path / "view.png"
    download.value.save_as(png)
    assert download.value.suggested_filename == "collusion-export.png"
    width, height = page.page.evaluate(
        "[document.querySelector('#cg-network canvas').width, document.querySelector('#cg-network canvas').height]"
    )
    raw = png.read_bytes()
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(raw[16:20], "big"), int.from_bytes(raw[20:24], "big")) == (width, height)
    assert len(raw) > 20_000  # a drawing, not a blank canvas

    with page.page.expect_download() as download:
        page.page.click("#cg-csv")
    assert download.value.suggested_filename == "collusion-export.csv"
    text = open(download.value.path(), encoding="utf-8-sig", newline="").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    edges = {e["id"]: e for e in data["edges"]}
    shown_links = shown_ids(page, "edges")
    shown = [
        edges[i]
        for link in data["links"]
        if link["id"] in shown_links
        for i in link["edges"]
        if edges[i]["relation"].endswith("#colludedWith") and not edges[i]["status"].endswith("#Alleged")
    ]
    expected = [
        (e["from"], e["to"], e["claim"], ev["quote"], ev["source"])
        for e in shown
        for ev in data["claims"][e["claim"]]["evidence"]
    ]
    assert sorted((r["from_iri"], r["to_iri"], r["claim"], r["quote"], r["source"]) for r in rows) == sorted(expected)
    pairs = {frozenset((link["from"], link["to"])) for link in data["links"] if link["id"] in shown_links}
    assert {frozenset((r["from_iri"], r["to_iri"])) for r in rows} == pairs and len(pairs) > 5
    assert {r["relation"] for r in rows} == {"colluded with"} and "alleged" not in {r["status"] for r in rows}
    collusion = next(r for r in rows if r["claim"] == "cgr:collusion-garcia-luna-sinaloa-cartel")
    assert collusion["status"] == "convicted" and collusion["established"] == "yes"
    assert collusion["source_title"] and collusion["date"] == "no date given"
    assert page.errors == [] and page.dialogs == []
    assert all(url.startswith("blob:") for url in page.requests)  # memory the page made, nothing else


def test_a_notebook_graph_with_scores_and_communities_displays_inline(repo_graph, visit, tmp_path):  # noqa: F811
    from cartelgraph.analytics import louvain, pagerank
    from cartelgraph.viz import show

    G = network(repo_graph, exclude_statuses=["Alleged"])
    G.remove_nodes_from([n for n, degree in list(G.degree()) if degree == 0])
    groups = louvain(G)
    cell = show(G, store=repo_graph, scores=pagerank(G), communities=groups, height=700)._repr_html_()
    path = tmp_path / "notebook.html"
    path.write_text(f"<!DOCTYPE html><html><body>{cell}</body></html>", encoding="utf-8")
    page = visit(path, ready=False, viewport={"width": 1500, "height": 800})
    frame = page.page.frame_locator("iframe")
    page.wait_until_settled(frame)
    assert frame.locator("#cg-by-group").is_checked()  # opens coloured by the communities given
    assert frame.locator("#cg-summary").inner_text().startswith(f"{len(G)} entities")
    assert "dot size: score" in frame.locator("#cg-summary").inner_text()
    colours = page.page.frames[1].evaluate("""() => Object.fromEntries(cartelgraphNetwork.body.data.nodes.get()
        .map(n => [n.id, n.color.background]))""")
    by_group: dict[int, set[str]] = {}
    for node, group in groups.items():
        by_group.setdefault(group, set()).add(colours[node])
    assert all(len(seen) == 1 for seen in by_group.values())  # one colour per community
    assert len({next(iter(by_group[g])) for g in range(min(12, len(by_group)))}) == min(12, len(by_group))
    with page.page.expect_download() as download:  # the sandbox lets the export save its file
        frame.locator("#cg-csv").click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert {frozenset((r["from_iri"], r["to_iri"])) for r in rows} == {frozenset(edge) for edge in G.edges()}
    assert page.requests == [] and page.errors == []


def test_on_a_large_page_a_selection_is_bright_and_the_rest_faint(large_page, visit):  # noqa: F811
    page = visit(large_page, viewport={"width": 1600, "height": 1000})
    data = page.data()
    hub = max(data["nodes"], key=lambda n: (n["size"], n["label"]))
    search_pick(page, hub["label"])
    near = neighbours_in_page(data, hub["id"]) | {hub["id"]}
    assert int(page.page.get_attribute("body", "data-dimmed")) == len(shown_ids(page, "nodes")) - len(near)
    looks = page.page.evaluate("""() => cartelgraphNetwork.body.data.edges.get({filter: e => !e.hidden})
        .map(e => [e.from, e.to, e.color.opacity])""")
    touching = [opacity for source, target, opacity in looks if hub["id"] in (source, target)]
    others = [opacity for source, target, opacity in looks if hub["id"] not in (source, target)]
    assert min(touching) >= 0.9 * 0.8 and max(others) <= 0.25  # its lines strong, the others as faint as before
    boxes = page.page.evaluate("cartelgraphLabels()")
    assert {box["id"] for box in boxes} <= near and overlapping(boxes) == []
    assert page.errors == [] and page.requests == []


def test_dragging_across_the_histogram_keeps_a_range_of_years(tiny_graph, visit, tmp_path):  # noqa: F811
    path = tmp_path / "tiny.html"
    network_page(tiny_graph).save(path)
    page = visit(path)
    page.page.locator("#cg-histogram").scroll_into_view_if_needed()

    def centre(year):
        box = page.page.locator(f"#cg-histogram button[data-first='{year}']").bounding_box()
        return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    page.page.mouse.move(*centre(2021))
    page.page.mouse.down()
    page.page.mouse.move(*centre(2020), steps=4)
    assert page.page.locator("#cg-histogram .cg-brushed").count() == 2  # the range shown while dragging
    page.page.mouse.move(*centre(2019), steps=4)
    page.page.mouse.up()
    assert page.page.input_value("#cg-from") == "2019" and page.page.input_value("#cg-to") == "2021"
    assert page.page.locator("#cg-histogram .cg-brushed").count() == 0
    in_range = page.page.locator("#cg-histogram button.cg-in")
    assert sorted(in_range.evaluate_all("bars => bars.map(b => b.dataset.first)")) == ["2019", "2020", "2021"]
    assert page.page.inner_text("#cg-from-out") == "2019" and page.page.inner_text("#cg-to-out") == "2021"
    assert page.errors == []
