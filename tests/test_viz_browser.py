"""The network page in a real headless Chromium, opened from file:// with the network cut off.

Every request that is not file:// is aborted and recorded; console errors, page errors and
dialogs are recorded too. Needs Debian's ``chromium`` (``make test`` installs it).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import chromium

from cartelgraph.projection import project
from cartelgraph.viz import network_page

CGR = "https://w3id.org/cartelgraph/id/"
CG = "https://w3id.org/cartelgraph/ontology#"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SETTLE_MS = 180_000  # a guard against a hang on a loaded machine, not a speed requirement


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=ARGS)
        yield browser
        browser.close()


class Visit:
    """A page opened from file:// with every other request blocked and everything recorded."""

    def __init__(self, browser, path: Path, ready: bool = True, viewport: dict | None = None):
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport=viewport or {"width": 1400, "height": 860})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("request", self._request)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.resolve().as_uri())
        if ready:
            self.wait_until_settled(self.page)

    def wait_until_settled(self, where) -> None:
        """Wait for the page (or a frame locator) to mark its layout done; stop early on a script error.
        A locator, not wait_for_function: the page's CSP (rightly) refuses the eval that one uses."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        marker = where.locator("body[data-stabilized=true]")
        for _ in range(SETTLE_MS // 1000):
            assert not self.errors, f"the page failed: {self.errors}"
            try:
                marker.wait_for(state="attached", timeout=1000)
                return
            except PlaywrightTimeout:
                continue
        raise AssertionError("the network did not settle")

    def _request(self, request):  # seen even when a request does not go through the route
        if not request.url.startswith(("file://", "data:")) and request.url not in self.requests:
            self.requests.append(request.url)

    def _route(self, route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def data(self) -> dict:
        return self.page.evaluate("JSON.parse(document.getElementById('cg-data').textContent)")

    def drawn_pixels(self, at_least: int = 1000, tries: int = 20) -> int:
        """How many pixels of the network canvas are not blank. Read again for up to ~5 s while
        fewer than ``at_least``: vis-network clears the canvas between frames (fit, resize)."""
        count = 0
        for _ in range(tries):
            count = self.page.evaluate("""() => {
                const canvas = document.querySelector('#cg-network canvas');
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let drawn = 0;
                for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) drawn++;
                return drawn;
            }""")
            if count > at_least:
                break
            self.page.wait_for_timeout(250)
        return count

    def shown(self, kind: str) -> int:
        return self.page.evaluate(f"cartelgraphNetwork.body.data.{kind}.get({{filter: x => !x.hidden}}).length")

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser):
    opened = []

    def open_page(path, ready=True, viewport=None):
        opened.append(Visit(browser, path, ready, viewport))
        return opened[-1]

    yield open_page
    for page in opened:
        page.close()


def first_drawn(data: dict) -> dict:
    """The page's data cut to what it draws at first (not what it holds in reserve for expanding)."""
    here = {n["id"] for n in data["nodes"] if not n.get("reserve")}
    links = [link for link in data["links"] if link["from"] in here and link["to"] in here]
    return {
        **data,
        "nodes": [n for n in data["nodes"] if n["id"] in here],
        "links": links,
        "edges": [e for e in data["edges"] if e["from"] in here and e["to"] in here],
    }


def linked(data: dict) -> set[str]:
    return {end for link in data["links"] for end in (link["from"], link["to"])}


def click_link(page, link_id: str) -> str:
    page.page.evaluate(
        "id => cartelgraphNetwork.emit('click', {nodes: [], edges: [id], event: {}, pointer: {}})", link_id
    )
    return page.page.inner_text("#cg-panel")


def test_real_graph_page_renders_offline_without_loose_dots(repo_graph, visit, tmp_path):
    path = tmp_path / "network.html"
    network_page(repo_graph).save(path)
    page = visit(path)
    data = page.data()
    assert page.drawn_pixels() > 1000
    assert len(data["nodes"]) == project(repo_graph).number_of_nodes() > len(linked(data))
    # Entities without a link are hidden by default, counted, and one tick shows them.
    assert page.shown("nodes") == len(linked(data)) and page.shown("edges") == len(data["links"])
    unlinked = len(data["nodes"]) - len(linked(data))
    assert f"show the {unlinked} entities without a link" in page.page.inner_text("#cg-sidebar")
    page.page.check("#cg-show-unlinked")
    assert page.shown("nodes") == len(data["nodes"])
    assert not any(e["commentary"] for e in data["edges"])  # commentary is not a tie: left out by default
    assert page.requests == [] and page.errors == [] and page.dialogs == []


def test_clicking_a_line_shows_every_claim_behind_it(repo_graph, visit, tmp_path):
    path = tmp_path / "network.html"
    network_page(repo_graph, focus="cgr:genaro-garcia-luna", depth=2).save(path)
    page = visit(path)
    data = first_drawn(page.data())
    assert page.shown("edges") == len(data["links"]) < len(data["edges"])  # parallel claims merged
    edges = {e["id"]: e for e in data["edges"]}
    busiest = max(data["links"], key=lambda link: len(link["edges"]))
    drawn = page.page.evaluate("id => cartelgraphNetwork.body.data.edges.get(id).label", busiest["id"])
    assert drawn == f"{edges[busiest['edges'][0]]['label']} · {len(busiest['edges'])} claims"
    panel = click_link(page, busiest["id"])
    assert f"{len(busiest['edges'])} claims between them" in panel
    for edge_id in busiest["edges"]:
        assert data["claims"][edges[edge_id]["claim"]]["evidence"][0]["quote"] in panel
    assert page.page.locator("#cg-panel article.cg-claim").count() == len(busiest["edges"])

    collusion = next(
        link
        for link in data["links"]
        if edges[link["edges"][0]]["from"].endswith("genaro-garcia-luna")
        and edges[link["edges"][0]]["relation"].endswith("colludedWith")
    )
    panel = click_link(page, collusion["id"])
    assert "convicted" in panel and "Establishes the relation" in panel
    evidence = data["claims"][edges[collusion["edges"][0]]["claim"]]["evidence"][0]
    assert evidence["quote"] in panel and evidence["sourceTitle"] in panel
    # Unticking a status hides the lines whose every claim has it, and redraws the others.
    only_convicted = [
        link for link in data["links"] if all(edges[i]["status"].endswith("#Convicted") for i in link["edges"])
    ]
    total = page.shown("edges")
    page.page.locator("#cg-statuses label", has_text="convicted").locator("input").uncheck()
    assert page.shown("edges") == total - len(only_convicted) and only_convicted
    assert page.errors == [] and page.requests == []


def test_time_and_class_filters_in_the_page(tiny_graph, visit, tmp_path):
    path = tmp_path / "tiny.html"
    network_page(tiny_graph).save(path)
    page = visit(path)
    assert page.shown("edges") == 8 and page.shown("nodes") == 7  # Quique Pérez has no link: hidden
    assert "1 of 8 claims (13 %) give no date" in page.page.inner_text("#cg-time")
    page.page.evaluate("""() => { const to = document.getElementById('cg-to');
                                  to.value = 2019; to.dispatchEvent(new Event('input')); }""")
    assert page.shown("edges") == 2  # c1 (2019) and the undated membership c4
    assert page.shown("nodes") == 3  # Ana Álvarez, Cartel X and Pedro Pérez
    page.page.uncheck("#cg-undated")
    assert page.shown("edges") == 1 and page.shown("nodes") == 2
    page.page.check("#cg-show-unlinked")
    assert page.shown("nodes") == 8
    page.page.locator("#cg-classes label", has_text="country").locator("input").uncheck()
    assert page.shown("nodes") == 6
    assert "Showing 6 of 8 entities" in page.page.inner_text("#cg-summary")
    assert page.errors == []


def test_a_line_shows_the_whole_evidence_of_its_claims(repo_graph, visit, tmp_path):
    """Status and what it means (from the ontology), details, the curator's note, each quote's
    source with date and publisher, the cited document; an entity's description."""
    path = tmp_path / "network.html"
    network_page(repo_graph, focus="cgr:genaro-garcia-luna", depth=2).save(path)
    page = visit(path)
    data = first_drawn(page.data())
    edges = {e["id"]: e for e in data["edges"]}
    collusion = next(e for e in data["edges"] if e["claim"] == "cgr:collusion-garcia-luna-sinaloa-cartel")
    panel = click_link(page, collusion["link"])
    claim = data["claims"][collusion["claim"]]
    note = next(d["value"] for d in claim["details"] if d["property"] == "note")
    assert f"Curator's note: {note}" in panel
    for detail in claim["details"]:
        assert detail["value"] in panel
    assert "convicted: A court found the person guilty." in panel  # the ontology's comment
    assert "Establishes the relation" in panel and "colluder" in panel and "collusion partner" in panel

    cited = next(e for e in data["edges"] if any(ev["cited"] for ev in data["claims"][e["claim"]]["evidence"]))
    panel = click_link(page, cited["link"])
    ev = next(ev for ev in data["claims"][cited["claim"]]["evidence"] if ev["cited"])
    for short in ev["cited"]:
        source = data["sources"][short]
        title = source.get("title") or source.get("label")
        assert f"cites: {title}" in panel and source["date"] in panel and source["publisher"] in panel

    page.page.evaluate(
        "id => cartelgraphNetwork.emit('click', {nodes: [id], edges: [], event: {}, pointer: {}})",
        CGR + "genaro-garcia-luna",
    )
    assert "Former head of security in Mexico, convicted in the U.S." in page.page.inner_text("#cg-panel")
    assert edges and page.errors == [] and page.requests == []


def test_contested_claims_are_listed_and_told_side_by_side(repo_graph, visit, tmp_path):
    path = tmp_path / "network.html"
    network_page(repo_graph, focus="Cienfuegos", depth=1).save(path)
    page = visit(path)
    data = page.data()
    collusion = next(e for e in data["edges"] if e["relation"].endswith("colludedWith"))
    (link,) = data["claims"][collusion["claim"]]["links"]
    other = data["claims"][link["claim"]]
    assert page.page.locator("#cg-contested").is_visible()
    assert page.page.inner_text("#cg-contested-count") == "1"
    page.page.locator("#cg-contested summary").click()
    page.page.locator("#cg-contested-list button").first.click()
    panel = page.page.inner_text("#cg-panel")
    assert "contested" in panel and "contradicts:" in panel and other["evidence"][0]["quote"] in panel
    assert "Does not establish the relation" in panel  # charges dropped: no direct edge
    assert page.errors == [] and page.requests == []


def test_only_none_counts_that_follow_and_a_view_fitted_to_what_is_drawn(repo_graph, visit, tmp_path):
    path = tmp_path / "network.html"
    network_page(repo_graph).save(path)
    page = visit(path)
    data = page.data()
    nodes = {n["id"]: n for n in data["nodes"]}
    collusion = [e for e in data["edges"] if e["relation"] == CG + "colludedWith"]
    row = page.page.locator("#cg-relations li", has_text="colluded with")
    row.hover()
    row.locator("button", has_text="only").click()
    page.page.locator("body[data-fits='1']").wait_for(state="attached")
    assert page.shown("edges") == len({e["link"] for e in collusion})
    ends = {end for e in collusion for end in (e["from"], e["to"])}
    assert page.shown("nodes") == len(ends)
    # Counts follow the filters: each class counts its entities still linked; the relations'
    # own counts are those the other filters leave (what ticking one would show).
    officials = sum(1 for end in ends if nodes[end]["cls"] == CG + "Official")
    assert page.page.locator("#cg-classes li", has_text="official").locator(".cg-count").inner_text() == str(officials)
    assert row.locator(".cg-count").inner_text() == str(len(collusion))
    # The view is fitted to what is drawn: every entity shown is inside the canvas, and they fill it.
    page.page.wait_for_timeout(800)  # the fit's animation (400 ms)
    spread = page.page.evaluate("""() => {
        const net = cartelgraphNetwork, box = document.getElementById('cg-network').getBoundingClientRect();
        const ids = net.body.data.nodes.get({filter: n => !n.hidden}).map(n => n.id);
        const points = Object.values(net.getPositions(ids)).map(p => net.canvasToDOM(p));
        const xs = points.map(p => p.x), ys = points.map(p => p.y);
        return {inside: points.every(p => p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height),
                width: (Math.max(...xs) - Math.min(...xs)) / box.width,
                height: (Math.max(...ys) - Math.min(...ys)) / box.height};
    }""")
    assert spread["inside"] and max(spread["width"], spread["height"]) > 0.6, spread

    page.page.locator("#cg-relations .cg-group-buttons button", has_text="none").click()
    assert page.shown("edges") == 0
    page.page.locator("#cg-relations .cg-group-buttons button", has_text="all").click()
    assert page.shown("edges") == len(data["links"])
    before = page.page.evaluate("cartelgraphNetwork.getPositions()")
    page.page.click("#cg-relayout")
    page.page.locator("body[data-layouts='1']").wait_for(state="attached", timeout=60_000)
    assert page.page.evaluate("cartelgraphNetwork.getPositions()") != before
    assert page.page.evaluate("cartelgraphNetwork.physics.options.enabled") is False
    assert page.errors == [] and page.requests == []


def test_the_histogram_keeps_the_years_of_a_bar(tiny_graph, visit, tmp_path):
    path = tmp_path / "tiny.html"
    network_page(tiny_graph).save(path)
    page = visit(path)
    bars = page.page.locator("#cg-histogram button")
    assert bars.count() == 2023 - 2019 + 1  # one bar a year while there are 40 years or fewer
    page.page.locator("#cg-histogram button[data-first='2020']").click()
    assert page.page.input_value("#cg-from") == "2020" and page.page.input_value("#cg-to") == "2020"
    assert page.shown("edges") == 2  # the arrest of 2020 and the undated membership
    assert "cg-in" in page.page.get_attribute("#cg-histogram button[data-first='2020']", "class")
    title = page.page.get_attribute("#cg-histogram button[data-first='2019']", "title")
    assert title == "2019: 1 claim starting then (click to keep only these years, drag across bars for a range)"
    assert page.errors == []


def test_a_page_whose_filters_leave_nothing_says_so(tiny_graph, visit, tmp_path):
    path = tmp_path / "tiny.html"
    network_page(tiny_graph).save(path)
    page = visit(path)
    assert page.page.locator("#cg-empty").is_hidden()
    page.page.locator("#cg-statuses .cg-group-buttons button", has_text="none").click()
    assert page.shown("edges") == 0 and page.page.locator("#cg-empty").is_visible()
    assert "No link matches these filters" in page.page.inner_text("#cg-stage")
    page.page.click("#cg-reset")
    assert page.shown("edges") == 8 and page.page.locator("#cg-empty").is_hidden()
    assert page.errors == []


def test_search_focuses_a_name_and_shows_its_claims(repo_graph, visit, tmp_path):
    path = tmp_path / "network.html"
    network_page(repo_graph).save(path)
    page = visit(path)
    page.page.fill("#cg-search", "garcia luna")
    page.page.locator("#cg-results button").first.click()
    panel = page.page.inner_text("#cg-panel")
    assert "Genaro García Luna" in panel and "official" in panel and "colluded with" in panel
    assert page.page.evaluate("cartelgraphNetwork.getSelectedNodes()") == [
        "https://w3id.org/cartelgraph/id/genaro-garcia-luna"
    ]
    assert page.errors == []


# Description, note, activity, publisher and URL that would run script if parsed as HTML, added
# to tests/fixtures/hostile.ttl for the evidence the panels show.
HOSTILE_EVIDENCE = """
@prefix cg:   <https://w3id.org/cartelgraph/ontology#> .
@prefix cgr:  <https://w3id.org/cartelgraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
cgr:img-person rdfs:comment "Described as <img src=x onerror=\\"window.__pwned='description'\\">" .
cgr:hostile-claim cg:note "Note <script>window.__pwned='note'</script>" ;
    cg:activity "doing <iframe src=javascript:window.__pwned='activity'>" .
cgr:hostile-src cg:publisher cgr:plain-agency ; cg:url "javascript:window.__pwned='url'" .
"""


def test_hostile_names_are_shown_as_text_and_never_run(hostile_data, visit, tmp_path):
    import shutil

    from cartelgraph import open_graph

    data = tmp_path / "data"
    shutil.copytree(hostile_data, data)
    (data / "graph" / "hostile-evidence.ttl").write_text(HOSTILE_EVIDENCE, encoding="utf-8")
    graph = open_graph(data=data)
    path = tmp_path / "hostile.html"
    network_page(graph, title="<script>alert('title')</script>").save(path)
    page = visit(path)
    assert len(page.data()["nodes"]) == project(graph).number_of_nodes() == 3

    page.page.fill("#cg-search", "img")
    assert "<img src=x onerror=alert(1)>" in page.page.inner_text("#cg-results")
    page.page.locator("#cg-results button").first.click()
    panel = page.page.inner_text("#cg-panel")
    assert "<img src=x onerror=alert(1)>" in panel
    assert "<img src=x onerror=\"window.__pwned='alias'\">" in panel  # the alias
    assert "Described as <img src=x onerror=\"window.__pwned='description'\">" in panel

    page.page.fill("#cg-search", "script")
    cartel = 'Cartel <script>alert(1)</script> <a href="javascript:alert(2)">href</a>'
    assert cartel in page.page.inner_text("#cg-results")
    claim = next(e for e in page.data()["edges"] if e["claim"] == "cgr:hostile-claim")
    panel = click_link(page, claim["link"])
    assert 'He said <svg onload="window.__pwned=\'quote\'"> & </script> href="x".' in panel
    assert "Source <b onmouseover=\"window.__pwned='title'\">bold</b>" in panel
    assert "Note <script>window.__pwned='note'</script>" in panel
    assert "doing <iframe src=javascript:window.__pwned='activity'>" in panel
    assert "javascript:window.__pwned='url'" in panel

    # vis-network's hover tooltip: our DOM element, its text literal.
    page.page.click("#cg-close")
    centre = page.page.evaluate("""() => {
        const id = 'https://w3id.org/cartelgraph/id/img-person', net = cartelgraphNetwork;
        net.focus(id, {scale: 1.5});
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        const box = document.getElementById('cg-network').getBoundingClientRect();
        return [p.x + box.left, p.y + box.top];
    }""")
    page.page.mouse.move(centre[0] - 40, centre[1] - 40)
    page.page.mouse.move(*centre, steps=5)
    tooltip = page.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    assert "<img src=x onerror=alert(1)>" in tooltip.inner_text()

    assert page.page.title() == "<script>alert('title')</script>"
    assert page.page.evaluate("document.querySelectorAll('img, svg, a[href], b, iframe').length") == 0
    assert page.page.evaluate("document.scripts.length") == 3
    assert page.page.evaluate("window.__pwned === undefined")
    assert page.dialogs == [] and page.requests == [] and page.errors == []


def write_synthetic_data(root: Path, entities: int = 2000, seed: int = 3) -> Path:
    """A data folder with a scale-free network of ``entities`` entities and one claim per link."""

    import networkx as nx

    from tests.conftest import REPO

    shutil.copytree(REPO / "ontology", root / "ontology")
    (root / "graph" / "sources").mkdir(parents=True)
    (root / "graph" / "sources" / "synthetic.txt").write_text("A synthetic source.\n", encoding="utf-8")
    classes = ["Official", "Person", "Cartel", "Agency", "Organization", "City"]
    statuses = ["Convicted", "Confirmed", "Reported", "Alleged", "Accused", "ChargesDropped", "Denied"]
    lines = [
        "@prefix cg: <https://w3id.org/cartelgraph/ontology#> .",
        "@prefix cgr: <https://w3id.org/cartelgraph/id/> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        'cgr:synthetic a cg:Source ; rdfs:label "Synthetic source" ; cg:textFile "sources/synthetic.txt" .',
    ]
    for n in range(entities):
        lines.append(f'cgr:e{n} a cg:{classes[n % len(classes)]} ; rdfs:label "Entity {n}" .')
    links = nx.barabasi_albert_graph(entities, 1, seed=seed)
    links.add_edges_from(nx.gnm_random_graph(entities, entities // 4, seed=seed).edges())
    for i, (a, b) in enumerate(links.edges()):
        kind = (
            "a cg:Collusion ; cg:colluder cgr:e{a} ; cg:collusionPartner cgr:e{b}"
            if i % 2
            else "a cg:Cooperation ; cg:cooperatingParty cgr:e{a}, cgr:e{b}"
        ).format(a=a, b=b)
        status, year = statuses[i % len(statuses)], 2006 + i % 19
        lines.append(
            f'cgr:c{i} {kind} ; cg:status cg:{status} ; cg:date "{year}"^^xsd:gYear ; '
            'cg:source cgr:synthetic ; cg:quote "A synthetic source." .'
        )
    (root / "graph" / "synthetic.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def large_page(tmp_path_factory):
    """A 2,000-entity page (a scale-free synthetic network), written once for the module."""
    from cartelgraph import open_graph

    root = tmp_path_factory.mktemp("large")
    graph = open_graph(data=write_synthetic_data(root / "data"))
    page_object = network_page(graph, size_by="pagerank")
    assert len(page_object.data["nodes"]) == project(graph).number_of_nodes() == 2000
    assert page_object.data["positioned"]  # laid out in Python, drawn as it is in the browser
    page_object.save(root / "large.html")
    return root / "large.html"


LABEL_BOXES = "cartelgraphLabels()"


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    return [
        (a["id"], b["id"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]
    ]


def test_a_2000_entity_page_is_drawn_as_laid_out_in_python_with_hub_labels_that_never_overlap(large_page, visit):
    page = visit(large_page, viewport={"width": 1600, "height": 1000})
    data = page.data()
    # What makes a large page open fast: the browser lays nothing out (no physics, no
    # stabilisation), every entity is where Python put it. (How fast: a figure for benchmarks,
    # not a bound here, where other tests share the cores.)
    settle_ms = int(page.page.get_attribute("body", "data-settle-ms"))
    assert f"Ready in {settle_ms / 1000:.1f} s" in page.page.inner_text("#cg-progress")
    assert page.drawn_pixels() > 1000
    assert page.page.evaluate("cartelgraphNetwork.physics.options.enabled") is False
    assert page.page.evaluate("cartelgraphNetwork.physics.options.stabilization.enabled") is False
    drawn_at = page.page.evaluate("cartelgraphNetwork.getPositions()")
    assert len(drawn_at) == len(data["nodes"]) == 2000
    for node in data["nodes"]:
        assert drawn_at[node["id"]] == pytest.approx({"x": node["x"], "y": node["y"]}, abs=1), node["id"]  # rounded

    # At full view only hubs are labelled (the 24 largest are the candidates), none overlapping,
    # at a capped size.
    boxes = page.page.evaluate(LABEL_BOXES)
    sizes = sorted((n["size"] for n in data["nodes"]), reverse=True)
    size = {n["id"]: n["size"] for n in data["nodes"]}
    assert 5 <= len(boxes) <= 24 and overlapping(boxes) == []
    assert min(size[b["id"]] for b in boxes) >= sizes[23]
    assert max(b["bottom"] - b["top"] for b in boxes) <= 16 * 1.25 + 0.01

    # Zoomed in three times, more labels, still none overlapping.
    page.page.evaluate("cartelgraphNetwork.moveTo({scale: cartelgraphNetwork.getScale() * 3})")
    page.page.wait_for_timeout(300)
    zoomed = page.page.evaluate(LABEL_BOXES)
    assert len(zoomed) > len(boxes) and overlapping(zoomed) == []

    # A name searched for is labelled with its neighbours first.
    smallest = min(data["nodes"], key=lambda n: (n["size"], n["label"]))
    page.page.fill("#cg-search", smallest["label"])
    page.page.locator("#cg-results button").first.click()
    page.page.wait_for_timeout(800)
    labelled = {b["id"] for b in page.page.evaluate(LABEL_BOXES)}
    assert smallest["id"] in labelled and overlapping(page.page.evaluate(LABEL_BOXES)) == []
    assert page.requests == [] and page.errors == []


def test_a_large_page_is_a_map_of_groups(large_page, visit):
    page = visit(large_page)
    data = page.data()
    groups = {n["group"] for n in data["nodes"]}
    assert len(groups) >= 5
    assert page.page.is_checked("#cg-by-group")  # a large page opens coloured by group
    colours = page.page.evaluate("""() => {
        const seen = {};
        cartelgraphNetwork.body.data.nodes.get().forEach(n => { seen[n.color.background] = true; });
        return Object.keys(seen).length; }""")
    assert colours >= 5
    # Each group of five or more is drawn as a disk of its colour around its members.
    disks = page.page.evaluate("cartelgraphGroupDisks()")
    sizes = {g: sum(1 for n in data["nodes"] if n["group"] == g) for g in groups}
    assert {d["group"] for d in disks} == {g for g, size in sizes.items() if size >= 5 and g < 12}
    positions = page.page.evaluate("cartelgraphNetwork.getPositions()")
    for disk in disks:
        members = [positions[n["id"]] for n in data["nodes"] if n["group"] == disk["group"] and n["id"] in positions]
        inside = sum((p["x"] - disk["x"]) ** 2 + (p["y"] - disk["y"]) ** 2 <= disk["r"] ** 2 for p in members)
        assert inside >= 0.85 * len(members) - 1
    page.page.uncheck("#cg-by-group")
    by_class = page.page.evaluate("""() => {
        const seen = {};
        cartelgraphNetwork.body.data.nodes.get().forEach(n => { seen[n.color.background] = true; });
        return Object.keys(seen).sort(); }""")
    assert by_class == sorted(c["colour"] for c in data["classes"])
    assert page.errors == []


def test_a_focused_page_puts_its_entity_large_in_the_centre(repo_graph, visit, tmp_path):
    path = tmp_path / "focus.html"
    network_page(repo_graph, focus="García Luna", depth=2).save(path)
    page = visit(path, viewport={"width": 1600, "height": 1000})
    focus = CGR + "genaro-garcia-luna"
    where = page.page.evaluate(
        """id => {
        const net = cartelgraphNetwork, box = document.getElementById('cg-network').getBoundingClientRect();
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        const width = n => { const b = net.getBoundingBox(n); return b.right - b.left; };
        const widest = Math.max(...net.body.data.nodes.getIds().map(width));
        return {dx: p.x - box.width / 2, dy: p.y - box.height / 2, own: width(id), widest: widest};
    }""",
        focus,
    )
    assert abs(where["dx"]) < 2 and abs(where["dy"]) < 2, where
    assert where["own"] == where["widest"]
    boxes = page.page.evaluate(LABEL_BOXES)
    mine = next(b for b in boxes if b["id"] == focus)
    heights = [b["bottom"] - b["top"] for b in boxes]
    assert mine["bottom"] - mine["top"] == max(heights) == pytest.approx(20 * 1.25)
    assert len(boxes) == len(first_drawn(page.data())["nodes"]) and overlapping(boxes) == []  # few entities: all named
    assert page.errors == []


def test_notebook_iframe_renders_the_page(tiny_graph, visit, tmp_path):
    from cartelgraph.viz import show

    shown = show(tiny_graph, height=600)._repr_html_()
    path = tmp_path / "exported-notebook.html"
    path.write_text(f"<!DOCTYPE html><html><body><p>cell output:</p>{shown}</body></html>", encoding="utf-8")
    page = visit(path, ready=False)
    frame = page.page.frame_locator("iframe")
    page.wait_until_settled(frame)
    assert frame.locator("#cg-network canvas").count() == 1
    assert frame.locator("#cg-summary").inner_text().startswith("Showing 7 of 8 entities and 8 lines (8 claims)")
    assert page.requests == [] and page.errors == [] and page.dialogs == []
