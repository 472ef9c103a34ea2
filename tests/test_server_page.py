"""The query page at / in real headless Chromium: named queries to pick, results as a table
written as text, download links, no request leaving the server, nothing blocked by its CSP."""

from __future__ import annotations

import httpx
import pytest
from conftest import chromium

HOSTILE = '<img src=x onerror="document.title=1"><b>bold</b>'


@pytest.fixture(scope="module")
def page(endpoint_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        context = browser.new_context()
        tab = context.new_page()
        tab.problems = []
        tab.on("console", lambda message: message.type == "error" and tab.problems.append(message.text))
        tab.on("pageerror", lambda error: tab.problems.append(str(error)))
        tab.requests = []
        tab.on("request", lambda request: tab.requests.append(request.url))
        tab.goto(endpoint_server.url + "/")
        yield tab
        browser.close()


def test_page_runs_a_named_query(page, endpoint_server):
    page.wait_for_selector("#named option:nth-child(2)", state="attached")
    names = page.eval_on_selector_all("#named option", "options => options.map(o => o.value)")
    assert "officials-linked-to-cartels" in names
    page.select_option("#named", "entity-claims")
    assert "claim" in page.input_value("#query").lower()
    assert page.text_content("#summary").strip()
    page.fill("#query", "SELECT ?cartel ?label WHERE { ?cartel a cg:Cartel ; rdfs:label ?label } ORDER BY ?cartel")
    page.click("#run")
    page.wait_for_selector('#results th:text-is("cartel")')
    headers = page.eval_on_selector_all("#results th", "cells => cells.map(c => c.textContent)")
    assert headers == ["cartel", "label"]
    assert "cgr:sinaloa-cartel" in page.eval_on_selector_all("#results td", "cells => cells.map(c => c.textContent)")
    links = page.eval_on_selector_all("#download-links a", "links => links.map(a => [a.textContent, a.href])")
    assert [name for name, _ in links] == ["json", "xml", "csv", "tsv"]
    csv = httpx.get(dict(links)["csv"])
    assert csv.status_code == 200 and csv.text.startswith("cartel,label")


def test_values_are_shown_as_text_never_as_html(page):
    literal = HOSTILE.replace('"', '\\"')
    query = 'SELECT ?text WHERE { BIND("' + literal + '" AS ?text) }'
    page.fill("#query", query)
    page.click("#run")
    page.wait_for_selector('#results th:text-is("text")')
    assert page.text_content("#results td") == HOSTILE
    assert page.query_selector("#results b") is None and page.query_selector("#results img") is None
    assert page.title() != "1"


def test_errors_are_shown_and_nothing_leaves_the_server(page, endpoint_server):
    page.fill("#query", "SELECT ?x WHERE {")
    page.click("#run")
    page.wait_for_selector("#status.error")
    assert "malformed SPARQL" in page.text_content("#status")
    assert all(url.startswith(endpoint_server.url) for url in page.requests)
    # the only console error is the failed (400) request itself, never a CSP violation
    assert not [p for p in page.problems if "Content Security Policy" in p or "Refused" in p]
