"""The network page in a browser: how long a `viz --max-nodes 2000` page of a synthetic graph
takes to be ready (drawn, framed, labelled) in headless Chromium, from the start of its loading.

The page states that time itself ("Ready in 1.3 s", ``data-settle-ms`` on its body); the tests
check why it is short (the browser lays nothing out), this measures how short.

    python benchmarks/page_open.py [--size 100k] [--repeat 7] [--write BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import SIZES, generate  # noqa: E402

HEADING = "## The network page in a browser"
VIEWPORT = {"width": 1600, "height": 1000}


def settle_times(page_path: Path, repeat: int) -> list[float]:
    """Seconds to ready of ``repeat`` fresh openings of the page, each in a new browser context."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("Debian's chromium is needed: make system-packages installs it")
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        for _ in range(repeat):
            context = browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
            page.goto(page_path.resolve().as_uri())
            page.locator("body[data-stabilized=true]").wait_for(state="attached", timeout=180_000)
            times.append(int(page.get_attribute("body", "data-settle-ms")) / 1000)
            context.close()
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=sorted(SIZES), default="100k")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--write", metavar="FILE", help="replace this section of the Markdown file")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cg-page-"))
    try:
        generate(SIZES[args.size], work / "data")
        page = work / "page.html"
        cli = str(Path(sys.executable).with_name("cartelgraph"))
        env = {**os.environ, "CARTELGRAPH_CACHE": str(work / "cache")}
        made = subprocess.run(
            [cli, "--data", str(work / "data"), "viz", "--max-nodes", "2000", "-o", str(page)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        entities = made.stderr.split(": ", 1)[1].split(" entities", 1)[0]  # "page.html: 2000 entities (…"
        times = sorted(settle_times(page, args.repeat))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    median, p95 = statistics.median(times), times[math.ceil(0.95 * (len(times) - 1))]
    section = "\n".join(
        [
            HEADING,
            "",
            f"Measured by `benchmarks/page_open.py` on {platform.machine()} with {os.cpu_count()} cores: "
            f"`viz --max-nodes 2000` of the {args.size} synthetic graph opened {args.repeat} times in headless "
            f"Chromium ({VIEWPORT['width']} x {VIEWPORT['height']}), each time in a new context; the time to "
            "ready the page states (`data-settle-ms`). Target: under 5 s.",
            "",
            "| what | median | p95 |",
            "|---|---|---|",
            f"| page of {entities} entities ready, from the start of loading | {median:.2f} s | {p95:.2f} s |",
        ]
    )
    print(section)
    if args.write:
        from run import write_section  # the same section writer as the scale benchmark

        write_section(Path(args.write), HEADING, section + "\n")


if __name__ == "__main__":
    main()
