"""The screenshots of the network page in docs/ are current: made from the page data and the
page's code as they are now (scripts/screenshots.py; `make screenshots` takes them again)."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "screenshots.py"


def load_script():
    spec = importlib.util.spec_from_file_location("screenshots", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def screenshots():
    return load_script()


@pytest.fixture(scope="module")
def built(screenshots, tmp_path_factory):
    """The three pages as the script builds them (the synthetic one from a generated data folder)."""
    return screenshots.pages(tmp_path_factory.mktemp("screenshots"))


def test_the_screenshots_are_current(screenshots, built):
    assert sorted(built) == ["garcia-luna.png", "network.png", "synthetic-2000.png"]
    stale = screenshots.stale(built)
    assert stale == [], f"stale screenshots {stale}: run `make screenshots` and look at them before committing"
    readme = (SCRIPT.parents[1] / "README.md").read_text(encoding="utf-8")
    page_doc = (SCRIPT.parents[1] / "docs" / "network-page.md").read_text(encoding="utf-8")
    for name in built:
        assert f"docs/screenshots/{name}" in readme and f"screenshots/{name}" in page_doc


def test_a_change_of_data_or_code_makes_a_screenshot_stale(screenshots, built):
    page, action = built["network.png"]
    before = screenshots.fingerprint(page, action)
    page.data["nodes"][0]["label"] += " (renamed)"
    assert screenshots.fingerprint(page, action) != before
    page.data["nodes"][0]["label"] = page.data["nodes"][0]["label"].removesuffix(" (renamed)")
    assert screenshots.fingerprint(page, action) == before
    assert screenshots.fingerprint(page, action + ";") != before
