"""Keep the network page's screenshots in docs/screenshots/ current.

Three pages, opened in headless Chromium at 1600 x 1000 with the network blocked: the curated
graph's default page, the page around García Luna (its collusion line's evidence open) and
2,000 entities of the 100k-triple synthetic graph (``benchmarks/generate.py``). Beside them,
``inputs.json`` keeps a hash of what made each one: the page's data, the page's own scripts and
style, vis-network, and this script. A screenshot is stale when that hash changed, so the check
is deterministic (pixels are not compared).

    python scripts/screenshots.py            # exit 1 and the names of stale screenshots
    python scripts/screenshots.py --write    # take the stale ones again (--all: every one)
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import sys
import tempfile
from importlib import resources
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHOTS = REPO / "docs" / "screenshots"
INPUTS = SHOTS / "inputs.json"
VIEWPORT = {"width": 1600, "height": 1000}
# Run in the page once it is ready, before the screenshot (empty: the page as it opens): click
# the line of García Luna's collusion, then frame the drawing beside the panel it opens.
OPEN_COLLUSION = (
    "cartelgraphNetwork.emit('click', {nodes: [], edges: [cartelgraph_link('cgr:collusion-garcia-luna-"
    "sinaloa-cartel')], event: {}, pointer: {}}); cgPage.page.frame(null, false)"
)


def _synthetic(folder: Path) -> Path:
    """The 100k-triple synthetic data folder (same seed and size, same bytes)."""
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    generate.generate(generate.SIZES["100k"], folder)
    return folder


def pages(work: Path) -> dict[str, tuple]:
    """``{file name: (NetworkPage, script to run before the shot)}``."""
    from cartelgraph import open_graph
    from cartelgraph.viz import network_page

    curated = open_graph(data=REPO)
    cache = os.environ.get("CARTELGRAPH_CACHE")
    os.environ["CARTELGRAPH_CACHE"] = str(work / "cache")  # the synthetic store goes away with ``work``
    try:
        synthetic = open_graph(data=_synthetic(work / "synthetic"))
    finally:
        if cache is None:
            os.environ.pop("CARTELGRAPH_CACHE")
        else:
            os.environ["CARTELGRAPH_CACHE"] = cache
    return {
        "network.png": (network_page(curated), ""),
        "garcia-luna.png": (network_page(curated, focus="García Luna", depth=2), OPEN_COLLUSION),
        "synthetic-2000.png": (network_page(synthetic, max_nodes=2000), ""),
    }


def fingerprint(page, action: str) -> str:
    """A hash of everything that makes the screenshot: data, assets, vis-network, this script."""
    from cartelgraph.viz.page import json_for_script, vis_network_assets

    digest = hashlib.sha256()
    for part in [json_for_script(page.data), action, *vis_network_assets(), Path(__file__).read_text("utf-8")]:
        digest.update(part.encode("utf-8") + b"\0")
    assets = resources.files("cartelgraph.viz").joinpath("assets")
    for asset in sorted(assets.iterdir(), key=lambda item: item.name):
        digest.update(asset.name.encode() + b"\0" + asset.read_bytes() + b"\0")
    return digest.hexdigest()


def _recorded() -> dict[str, str]:
    return json.loads(INPUTS.read_text("utf-8")) if INPUTS.is_file() else {}


def stale(built: dict[str, tuple]) -> list[str]:
    """Names of the screenshots missing or made from other inputs than ``built``'s."""
    recorded = _recorded()
    return [
        name
        for name, (page, action) in built.items()
        if not (SHOTS / name).is_file() or recorded.get(name) != fingerprint(page, action)
    ]


def shoot(built: dict[str, tuple], names: list[str], work: Path) -> None:
    """Open each page in headless Chromium, network blocked, and save its screenshot."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("Debian's chromium is needed: make system-packages installs it")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        for name in names:
            page_object, action = built[name]
            html = work / (name + ".html")
            page_object.save(html)
            context = browser.new_context(viewport=VIEWPORT)
            context.route(
                "**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort()
            )
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
            page.goto(html.as_uri())
            page.locator("body[data-stabilized=true]").wait_for(state="attached", timeout=120_000)
            page.wait_for_timeout(600)  # the last fit's animation
            if action:
                page.evaluate(_action_js(action))
                page.wait_for_timeout(800)
            if errors:
                sys.exit(f"{name}: the page failed: {errors}")
            page.screenshot(path=str(SHOTS / name))
            context.close()
        browser.close()


def _action_js(action: str) -> str:
    """The action as a function the page's CSP lets Playwright run (it evaluates functions)."""
    return (
        "() => { const cartelgraph_link = claim => JSON.parse(document.getElementById('cg-data').textContent)"
        f".edges.find(e => e.claim === claim).link; {action}; }}"
    )


def main() -> None:
    write, every = "--write" in sys.argv, "--all" in sys.argv
    with tempfile.TemporaryDirectory(prefix="cartelgraph-screenshots-") as folder:
        work = Path(folder)
        built = pages(work)
        names = list(built) if every else stale(built)
        if not write:
            for name in names:
                print(f"{SHOTS.relative_to(REPO) / name} is stale: run `make screenshots`")
            sys.exit(1 if names else 0)
        shoot(built, names, work)
        recorded = _recorded()
        recorded.update({name: fingerprint(*built[name]) for name in names})
        INPUTS.write_text(json.dumps(dict(sorted(recorded.items())), indent=2) + "\n", encoding="utf-8")
        for name in names:
            print(f"wrote {SHOTS.relative_to(REPO) / name}")


if __name__ == "__main__":
    main()
