"""The browser guard of ``cartelgraph serve`` on every bind address: the Host allow-list (the
bound address, the loopback names, ``--allow-host``), Origin, and Sec-Fetch-Site, so that a page
of another site cannot query the endpoint even with an ``<img>`` that carries no Origin. The
rules first, then real servers (loopback, 0.0.0.0, with --cors) and real Chromium visiting
pages of another site."""

from __future__ import annotations

import http.server
import threading

import httpx
import pytest
from conftest import chromium, free_port, start_cartelgraph_server

from cartelgraph.server.guard import Guard, parse_authority

QUICK = "ASK { cgr:sinaloa-cartel a cg:Cartel }"
QUERY_PATH = "/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D"


def guard(host="127.0.0.1", port=8000, cors=(), allow_hosts=()) -> Guard:
    return Guard(None, host=host, port=port, cors_origins=list(cors), allow_hosts=list(allow_hosts))


# --- the rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, parsed",
    [
        ("localhost:8000", ("localhost", 8000)),
        ("LocalHost", ("localhost", None)),
        ("[::1]:8000", ("[::1]", 8000)),
        ("[0:0:0:0:0:0:0:1]:8000", ("[::1]", 8000)),
        ("fe80::1", ("[fe80::1]", None)),
        ("192.168.1.20:9000", ("192.168.1.20", 9000)),
        ("graph.lan", ("graph.lan", None)),
        ("evil.example/x", None),
        ("user@host", None),
        ("host:99999", None),
        ("a b", None),
        ("", None),
        ("[not-an-address]", None),
    ],
)
def test_parse_authority(value, parsed):
    assert parse_authority(value) == parsed


@pytest.mark.parametrize(
    "bind, allowed, refused",
    [
        (
            "127.0.0.1",
            ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST:8000"],
            ["127.0.0.1:9000", "127.0.0.2:8000", "evil.example:8000", "evil.example", "0.0.0.0:8000", None],
        ),
        ("127.0.0.2", ["127.0.0.2:8000", "127.0.0.1:8000"], ["127.0.0.3:8000"]),
        ("::1", ["[::1]:8000", "localhost:8000"], ["[::2]:8000"]),
        (
            "0.0.0.0",
            ["127.0.0.1:8000", "localhost:8000", "[::1]:8000"],
            ["0.0.0.0:8000", "192.168.1.20:8000", "evil.example:8000"],
        ),
        ("::", ["[::1]:8000", "127.0.0.1:8000"], ["[::]:8000", "[fe80::1]:8000"]),
        ("192.168.1.20", ["192.168.1.20:8000"], ["127.0.0.1:8000", "localhost:8000", "192.168.1.21:8000"]),
    ],
)
def test_host_allow_list_on_every_bind(bind, allowed, refused):
    rules = guard(host=bind)
    for host in allowed:
        assert rules.refusal({"host": host}) is None, host
    for host in refused:
        assert rules.refusal({"host": host} if host else {}).startswith(("Host ", "a request without a Host")), host


def test_allow_host_adds_names():
    rules = guard(host="0.0.0.0", allow_hosts=["graph.lan", "192.168.1.20", "proxy.example:443", "fe80::1"])
    for host in (
        "graph.lan",
        "graph.lan:8000",
        "GRAPH.LAN:1234",
        "192.168.1.20:8000",
        "proxy.example:443",
        "[fe80::1]:8000",
    ):
        assert rules.refusal({"host": host}) is None, host
    for host in ("proxy.example", "proxy.example:8000", "other.lan:8000"):
        assert rules.refusal({"host": host}) is not None, host


def test_host_refusals_say_how_to_allow_a_name():
    wildcard = guard(host="0.0.0.0").refusal({"host": "graph.lan:8000"})
    assert wildcard == (
        "Host 'graph.lan:8000' is not a name of this server (it answers to 127.0.0.1:8000, "
        "[::1]:8000, localhost:8000), refused against DNS rebinding; listening on 0.0.0.0, it does "
        "not guess this machine's own names and addresses; if clients reach this server by that "
        "name, start it with --allow-host graph.lan"
    )
    loopback = guard().refusal({"host": "evil.example"})
    assert "--allow-host evil.example" in loopback and "does not guess" not in loopback
    assert "\n" not in guard().refusal({"host": "a\nb"})


@pytest.mark.parametrize("bind", ["127.0.0.1", "0.0.0.0", "192.168.1.20"])
def test_origin_must_be_the_server_itself_on_every_bind(bind):
    rules = guard(host=bind, allow_hosts=["graph.lan"])
    host = "graph.lan:8000"
    assert rules.refusal({"host": host, "origin": "http://graph.lan:8000"}) is None
    assert rules.refusal({"host": host, "origin": "https://graph.lan:8000"}) is None  # behind a TLS proxy
    for origin in ("http://evil.example", "http://graph.lan:9000", "null", "http://127.0.0.1:8000", "graph.lan:8000"):
        assert rules.refusal({"host": host, "origin": origin}).startswith(f"Origin {origin!r} is not allowed"), origin


@pytest.mark.parametrize("bind", ["127.0.0.1", "0.0.0.0"])
@pytest.mark.parametrize("site", ["cross-site", "same-site"])
def test_requests_sent_by_another_sites_page_are_refused_without_origin(bind, site):
    rules = guard(host=bind)
    for headers in (
        {"sec-fetch-site": site, "sec-fetch-mode": "no-cors", "sec-fetch-dest": "image"},
        {"sec-fetch-site": site, "sec-fetch-mode": "navigate"},
    ):
        refusal = rules.refusal({"host": "127.0.0.1:8000", **headers}, path="/sparql")
        assert refusal.startswith(f"a request made by a page of another site (Sec-Fetch-Site: {site}) is refused")
    for site_ok in ("same-origin", "none"):
        assert rules.refusal({"host": "127.0.0.1:8000", "sec-fetch-site": site_ok}, path="/sparql") is None


def test_a_link_to_the_query_page_is_followed():
    rules = guard()
    link = {"host": "127.0.0.1:8000", "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate"}
    assert rules.refusal(link, path="/") is None
    assert rules.refusal(link, path="/sparql") is not None
    assert rules.refusal(link, method="POST", path="/") is not None
    assert rules.refusal({**link, "sec-fetch-mode": "no-cors"}, path="/") is not None


def test_cors_origins_pass_the_site_check():
    rules = guard(cors=["https://yasgui.example"])
    cors = {"host": "127.0.0.1:8000", "origin": "https://yasgui.example", "sec-fetch-site": "cross-site"}
    assert rules.refusal(cors, method="POST", path="/sparql") is None
    assert rules.refusal({**cors, "origin": "https://other.example"}) is not None
    assert rules.refusal({"host": "127.0.0.1:8000", "sec-fetch-site": "cross-site"}) is not None  # no Origin


# --- real servers -----------------------------------------------------------------------------------


def one_line_403(response, start: str) -> None:
    assert response.status_code == 403
    assert response.text.startswith(start)
    assert response.text.count("\n") == 1 and response.text.endswith("\n")


@pytest.mark.parametrize("site", ["cross-site", "same-site"])
def test_loopback_server_refuses_other_sites_without_origin(endpoint_url, site):
    image = httpx.get(
        endpoint_url,
        params={"query": QUICK},
        headers={"Sec-Fetch-Site": site, "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image"},
    )
    one_line_403(image, "a request made by a page of another site")
    own = httpx.get(endpoint_url, params={"query": QUICK}, headers={"Sec-Fetch-Site": "same-origin"})
    assert own.status_code == 200 and own.json()["boolean"] is True


@pytest.fixture(scope="module")
def wildcard_server():
    server = start_cartelgraph_server("--host", "0.0.0.0", "--allow-host", "graph.lan")
    yield server
    server.stop()


def test_wildcard_bind_keeps_the_guard(wildcard_server):
    url = wildcard_server.url + "/sparql"
    port = wildcard_server.url.rsplit(":", 1)[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "graph.lan", f"graph.lan:{port}"):
        response = httpx.get(url, params={"query": QUICK}, headers={"Host": host})
        assert response.status_code == 200, (host, response.text)
    for host in ("attacker.example", f"0.0.0.0:{port}", f"192.168.1.20:{port}"):
        response = httpx.get(url, params={"query": QUICK}, headers={"Host": host})
        one_line_403(response, f"Host {host!r} is not a name of this server")
        assert "listening on 0.0.0.0, it does not guess" in response.text
    origin = httpx.get(url, params={"query": QUICK}, headers={"Host": "graph.lan", "Origin": "http://attacker.example"})
    one_line_403(origin, "Origin 'http://attacker.example' is not allowed")
    same_origin = httpx.post(url, data={"query": QUICK}, headers={"Host": "graph.lan", "Origin": "http://graph.lan"})
    assert same_origin.status_code == 200
    image = httpx.get(url, params={"query": QUICK}, headers={"Host": "graph.lan", "Sec-Fetch-Site": "cross-site"})
    one_line_403(image, "a request made by a page of another site")


def test_serve_explains_a_wildcard_bind_and_refuses_a_bad_allow_host(cg):
    result = cg("serve", "--allow-host", "graph lan")
    assert result.exit_code == 2
    assert "--allow-host 'graph lan': give a host name or an IP address" in result.output
    help_text = cg("serve", "--help").output
    assert "--allow-host" in help_text and "does not guess the machine's addresses" in " ".join(help_text.split())


# --- real Chromium on pages of another site ---------------------------------------------------------------


class AttackerSite:
    """A web site on another port of 127.0.0.1 serving ``pages`` (path -> HTML, read at each request)."""

    def __init__(self, pages: dict[str, str]):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the name http.server calls
                body = pages.get(self.path, "").encode()
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.port = free_port()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        yield launched
        launched.close()


def visit(browser, url: str, wanted: str, action=None) -> tuple[int, str]:
    """Open ``url`` in a fresh tab, run ``action(tab)`` if given, and return, for the first request
    whose URL contains ``wanted``, the status the server answered and the Sec-Fetch-Site the
    browser sent. Read from Chromium's network events: the answer to an image of another site is
    withheld from the page (Cross-Origin-Resource-Policy), but its status is still seen here."""
    tab = browser.new_context().new_page()
    cdp = tab.context.new_cdp_session(tab)
    urls, sites, statuses = {}, {}, {}
    cdp.on("Network.requestWillBeSent", lambda event: urls.setdefault(event["requestId"], event["request"]["url"]))
    cdp.on(
        "Network.requestWillBeSentExtraInfo",
        lambda event: sites.setdefault(event["requestId"], event["headers"].get("Sec-Fetch-Site")),
    )
    cdp.on(
        "Network.responseReceivedExtraInfo", lambda event: statuses.setdefault(event["requestId"], event["statusCode"])
    )
    cdp.send("Network.enable")

    def answered():
        return [
            (statuses[key], sites.get(key)) for key, address in urls.items() if wanted in address and key in statuses
        ]

    try:
        tab.goto(url)
        if action:
            action(tab)
        for _ in range(300):
            if answered():
                return answered()[0]
            tab.wait_for_timeout(100)
        raise AssertionError(f"no answer to a request for {wanted} (requests: {sorted(urls.values())})")
    finally:
        tab.context.close()


@pytest.mark.parametrize("attacker_host, site", [("localhost", "cross-site"), ("127.0.0.1", "same-site")])
def test_a_page_of_another_site_cannot_query_with_an_image(browser, endpoint_server, attacker_host, site):
    target = endpoint_server.url + QUERY_PATH
    attacker = AttackerSite({"/image.html": f'<img src="{target}">'})
    try:
        answer = visit(browser, f"http://{attacker_host}:{attacker.port}/image.html", "/sparql?query=")
    finally:
        attacker.close()
    assert answer == (403, site)


def test_a_page_of_another_site_cannot_query_with_a_form_or_a_link(browser, endpoint_server):
    form = (
        f'<form method="GET" action="{endpoint_server.url}/sparql"><input name="query" value="ASK {{}}">'
        "</form><script>document.forms[0].submit()</script>"
    )
    link = f'<a id="go" href="{endpoint_server.url}{QUERY_PATH}">results</a>'
    page = f'<a id="go" href="{endpoint_server.url}/">the query page</a>'
    attacker = AttackerSite({"/form.html": form, "/link.html": link, "/page.html": page})
    base = f"http://localhost:{attacker.port}"
    try:
        assert visit(browser, f"{base}/form.html", "/sparql?query=") == (403, "cross-site")
        click = lambda tab: tab.click("#go")  # noqa: E731
        assert visit(browser, f"{base}/link.html", "/sparql?query=", click) == (403, "cross-site")
        # A person following a link to the query page gets it.
        assert visit(browser, f"{base}/page.html", endpoint_server.url + "/", click) == (200, "cross-site")
    finally:
        attacker.close()


def test_cors_lets_the_named_origin_read_answers_and_nothing_more(browser):
    pages = {}
    site = AttackerSite(pages)
    origin = f"http://localhost:{site.port}"
    server = start_cartelgraph_server("--cors", origin)
    pages["/cors.html"] = (
        f'<script>fetch("{server.url}/sparql", {{method: "POST", headers: {{"Content-Type": '
        f'"application/x-www-form-urlencoded"}}, body: "query=" + encodeURIComponent("{QUICK}")}})'
        '.then(r => r.json()).then(j => { document.title = "answer " + j.boolean; })'
        '.catch(e => { document.title = "failed " + e; });</script>'
    )
    pages["/image.html"] = f'<img src="{server.url}{QUERY_PATH}">'
    try:
        tab = browser.new_context().new_page()
        tab.goto(f"{origin}/cors.html")
        tab.wait_for_function("document.title.length > 0", timeout=30000)
        title = tab.title()
        tab.context.close()
        image = visit(browser, f"{origin}/image.html", "/sparql?query=")
    finally:
        site.close()
        server.stop()
    assert title == "answer true"
    assert image == (403, "cross-site")  # an image carries no Origin: --cors does not let it through
