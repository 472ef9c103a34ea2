"""The endpoint under abuse, on a real server process: slow queries cannot starve a small one,
no query keeps a worker past its limit, waiting is bounded and counted, a query that needs too
much memory is stopped while the server's own memory stays flat, an answer too large is cut
and says so, and a huge query text does not stall the event loop."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pytest
from conftest import start_cartelgraph_server

TIMEOUT = 3.0
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
QUICK = "ASK { cgr:sinaloa-cartel a cg:Cartel }"
# Sorting a cartesian product holds it all in memory: far past 400 MB on the curated graph.
HUNGRY = "SELECT ?a ?b ?d ?e WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d ?b ?e"


@pytest.fixture(scope="module")
def server():
    found = start_cartelgraph_server(
        "--timeout",
        str(TIMEOUT),
        "--memory-limit",
        "400",
        "--queue",
        "1",
        "--max-wait",
        "0.5",
        "--max-bytes",
        "1000000",
    )
    yield found
    found.stop()


def _timed(url: str, query: str, results: list, **headers) -> None:
    """The seconds the server took to answer, and its answer. The client is made before the
    clock starts: setting up its TLS context (~20 ms of CPU, several times that on a loaded
    machine) is not the server's time."""
    with httpx.Client(timeout=60) as client:
        started = time.monotonic()
        response = client.get(url, params={"query": query}, headers=headers)
        results.append((time.monotonic() - started, response))


def _start_slow(url: str, count: int, server) -> tuple[list, list[threading.Thread]]:
    _wait_for_load(server, idle=4)  # the workers an earlier test had stopped are back
    results: list = []
    threads = [threading.Thread(target=_timed, args=(url, SLOW, results)) for _ in range(count)]
    for thread in threads:
        thread.start()
    _wait_for_load(server, running=4)
    return results, threads


def _wait_for_load(server, **expected: int) -> None:
    """Until the server's /limits says its workers are in this state (no sleeping and hoping)."""
    deadline = time.monotonic() + 30
    while True:
        now = httpx.get(server.url + "/limits", timeout=10).json()["now"]
        if all(now[key] == value for key, value in expected.items()):
            return
        assert time.monotonic() < deadline, now
        time.sleep(0.01)


def test_a_small_query_is_answered_or_refused_at_once_while_four_slow_ones_run(server):
    url = server.url + "/sparql"
    slow, threads = _start_slow(url, 4, server)
    quick: list = []
    _timed(url, QUICK, quick)
    # A second small query while the first waits finds the queue (1 place) full.
    waiting = threading.Thread(target=_timed, args=(url, QUICK, quick))
    waiting.start()
    waiting.join(30)
    for thread in threads:
        thread.join(60)
    for elapsed, response in quick:
        assert elapsed < 1.0, elapsed
        assert response.status_code in (200, 503)
        if response.status_code == 503:
            assert response.headers["Retry-After"].isdigit() and "busy" in response.text
    for elapsed, response in slow:
        assert response.status_code == 503 and f"time limit of {TIMEOUT:g} s" in response.text
        assert elapsed < TIMEOUT + 1.0, elapsed  # nobody keeps a worker past the limit


def test_a_full_queue_refuses_at_once(server):
    url = server.url + "/sparql"
    slow, threads = _start_slow(url, 4, server)
    first: list = []
    waiting = threading.Thread(target=_timed, args=(url, QUICK, first))
    waiting.start()
    _wait_for_load(server, waiting=1)  # the first small query took the one place in the queue
    second: list = []
    _timed(url, QUICK, second)
    waiting.join(30)
    for thread in threads:
        thread.join(60)
    ((elapsed, response),) = second
    assert response.status_code == 503 and "waiting" in response.text
    assert elapsed < 0.3, elapsed
    ((waited, response),) = first
    assert response.status_code == 503 and 0.4 < waited < 1.0  # it waited max-wait, then was refused


def test_waiting_counts_against_the_time_limit(server):
    url = server.url + "/sparql"
    slow, threads = _start_slow(url, 8, server)  # four run; four wait, of which one is queued
    for thread in threads:
        thread.join(60)
    assert len(slow) == 8
    for elapsed, response in slow:
        assert response.status_code == 503
        assert elapsed < TIMEOUT + 1.0, elapsed
    assert httpx.get(url, params={"query": QUICK}, timeout=30).status_code in (200, 503)


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_a_query_past_the_memory_limit_is_stopped_and_the_server_stays_flat(server):
    url = server.url + "/sparql"
    _wait_for_load(server, idle=4)
    before = _rss_kb(server.process.pid)
    response = httpx.get(url, params={"query": HUNGRY}, timeout=60)
    assert response.status_code == 503
    assert response.text.strip() == (
        "query stopped: it needed more than the memory limit of 400 MB (raise it with --memory-limit)"
    )
    assert _rss_kb(server.process.pid) - before < 30_000
    _wait_for_load(server, idle=4)
    assert httpx.get(url, params={"query": QUICK}, timeout=30).json()["boolean"] is True


def test_an_answer_past_the_byte_cap_is_cut_and_says_so(server):
    url = server.url + "/sparql"
    # One row whose value is 2,000,000 characters: twice the server's --max-bytes.
    big = (
        'BIND(REPLACE(REPLACE(REPLACE(REPLACE("' + "x" * 200 + '", "x", "xxxxxxxxxx"), "x", "xxxxxxxxxx"), '
        '"x", "xxxxxxxxxx"), "x", "xxxxxxxxxx") AS ?v)'
    )
    response = httpx.get(url, params={"query": f"SELECT ?v WHERE {{ {big} }}"}, timeout=60)
    assert response.status_code == 200
    assert response.headers["X-Cartelgraph-Truncated"] == "true; rows=0; max-bytes=1000000"
    assert len(response.content) < 2000
    assert response.json()["results"]["bindings"] == []


def test_a_huge_query_text_does_not_stall_other_requests(server):
    url = server.url + "/sparql"
    rows = " ".join(f'("load {n}")' for n in range(30_000))  # ~350 KB, with the word "load" in it
    huge = f"SELECT ?x WHERE {{ VALUES (?x) {{ {rows} }} }} LIMIT 1"
    assert len(huge) > 300_000
    answered, response = _other_route_while_sent(
        server, lambda: httpx.post(url, data={"query": huge}, timeout=60), settle=0.05
    )
    assert answered < 0.5, answered
    assert response.status_code in (200, 503)


def _other_route_while_sent(server, send, settle: float) -> tuple[float, httpx.Response]:
    """Seconds ``/limits`` takes to answer while ``send()`` runs in another thread; and what
    ``send()`` got."""
    results: list = []
    sender = threading.Thread(target=lambda: results.append(send()))
    with httpx.Client(timeout=120) as client:  # made before the clock starts, as in _timed
        sender.start()
        time.sleep(settle)
        started = time.monotonic()
        limits = client.get(server.url + "/limits")
        answered = time.monotonic() - started
    sender.join(120)
    assert limits.status_code == 200
    return answered, results[0]


def test_a_query_text_slow_to_lex_does_not_stall_other_requests(server):
    # The lexer rescans a run like "a.a.a…" from each name in it (quadratic): when the endpoint
    # read the whole text on its event loop to find the query form, 256 KB of it stalled every
    # client for 74 s.
    url = server.url + "/sparql"
    slow_to_lex = "a." * 150_000
    answered, response = _other_route_while_sent(
        server,
        lambda: httpx.post(url, content=slow_to_lex, headers={"Content-Type": "application/sparql-query"}, timeout=120),
        settle=0.3,
    )
    assert answered < 0.5, answered
    assert response.status_code == 400, response.text


def test_a_query_whose_body_took_its_time_limit_says_so(server):
    # The limit counts from the request's arrival, so a body sent slowly can spend it all: the
    # answer was "busy: no query worker came free within 0.5 s", with every worker idle.
    import socket

    host, port = server.url.removeprefix("http://").split(":")
    body = b"query=" + QUICK.replace(" ", "+").encode()
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        head = (
            f"POST /sparql HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/x-www-form-urlencoded"
            f"\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        connection.sendall(head.encode())
        time.sleep(TIMEOUT + 0.5)  # within the server's --read-timeout (5 s)
        connection.sendall(body)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 503 "), answer
    assert answer.endswith(f"query stopped after the time limit of {TIMEOUT:g} s (raise it with --timeout)\n".encode())
