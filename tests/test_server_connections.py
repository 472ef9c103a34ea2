"""Slow and idle clients against ``cartelgraph serve`` started as a real process, with real
sockets: a request must arrive whole within --read-timeout (a trickle of header bytes does not
extend it), and no more than --max-connections are held open; the server's own descriptors are
counted in /proc."""

from __future__ import annotations

import os
import resource
import selectors
import socket
import time

import httpx
import pytest
from conftest import start_cartelgraph_server

READ_TIMEOUT = 2.0
TRICKLE_FOR = 1.5  # seconds of sending a byte at a time: a deadline that each byte reset would end at 3.5 s
SLOW_CLIENTS = 300
CAP = 20


def descriptors(server) -> int:
    return len(os.listdir(f"/proc/{server.process.pid}/fd"))


def wait_for_descriptors(server, at_most: int, within: float) -> int:
    deadline = time.monotonic() + within
    while (count := descriptors(server)) > at_most and time.monotonic() < deadline:
        time.sleep(0.05)
    return count


@pytest.fixture(scope="module", autouse=True)
def enough_descriptors():
    """This test process holds a few hundred sockets at once."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = SLOW_CLIENTS + 200
    if soft != resource.RLIM_INFINITY and soft < needed:
        assert hard == resource.RLIM_INFINITY or hard >= needed, f"ulimit -n allows only {hard} open files"
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@pytest.fixture(scope="module")
def slow_server():
    server = start_cartelgraph_server("--read-timeout", str(READ_TIMEOUT), "--max-connections", "1000")
    yield server
    server.stop()


def run_clients(port: int, first_bytes: bytes, trickle: bytes, count: int) -> list[tuple[float, bytes]]:
    """Open ``count`` connections, send ``first_bytes`` on each, then one byte of ``trickle`` per
    connection every 0.1 s for TRICKLE_FOR seconds, then nothing; return, for each connection, how
    long after it opened the server closed it and what the server sent."""
    selector = selectors.DefaultSelector()
    opened: dict[socket.socket, float] = {}
    received: dict[socket.socket, bytes] = {}
    closed: dict[socket.socket, float] = {}
    for _ in range(count):
        client = socket.create_connection(("127.0.0.1", port))
        opened[client] = time.monotonic()
        client.sendall(first_bytes)
        client.setblocking(False)
        received[client] = b""
        selector.register(client, selectors.EVENT_READ)
    start = time.monotonic()
    sent = 0
    try:
        while len(closed) < count and time.monotonic() < start + READ_TIMEOUT + 5:
            if time.monotonic() - start < TRICKLE_FOR and sent < len(trickle):
                for client in opened:
                    if client not in closed:
                        client.send(trickle[sent : sent + 1])
                sent += 1
            for key, _ in selector.select(timeout=0.1):
                client = key.fileobj
                data = client.recv(4096)
                received[client] += data
                if not data:
                    closed[client] = time.monotonic()
                    selector.unregister(client)
    finally:
        for client in opened:
            client.close()
        selector.close()
    assert len(closed) == count, f"{count - len(closed)} of {count} connections were still open"
    return [(closed[client] - opened[client], received[client]) for client in opened]


def test_slow_headers_get_408_at_the_deadline(slow_server):
    port = int(slow_server.url.rsplit(":", 1)[1])
    before = descriptors(slow_server)
    head = f"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode()
    results = run_clients(port, head, b"X-Slow: " + b"a" * 200, SLOW_CLIENTS)
    times = sorted(elapsed for elapsed, _ in results)
    assert times[0] >= READ_TIMEOUT - 0.05, "a connection was closed before the deadline"
    assert times[-1] <= READ_TIMEOUT + 1.0, f"the last connection was closed after {times[-1]:.2f} s"
    expected = b"HTTP/1.1 408 Request Timeout\r\n"
    assert all(data.startswith(expected) and data.endswith(b"(the server's --read-timeout)\n") for _, data in results)
    assert wait_for_descriptors(slow_server, before + 2, within=2) <= before + 2


def test_idle_connections_and_slow_bodies_are_closed_at_the_deadline(slow_server):
    port = int(slow_server.url.rsplit(":", 1)[1])
    idle = run_clients(port, b"", b"", 20)
    head = (
        f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        "Content-Length: 1000\r\n\r\nquery=ASK"
    ).encode()
    slow_body = run_clients(port, head, b"%20" * 100, 20)
    for elapsed, data in idle + slow_body:
        assert READ_TIMEOUT - 0.05 <= elapsed <= READ_TIMEOUT + 1.0
        assert data == b""  # nothing to answer: an idle connection, or a request the application never got whole


def test_requests_that_arrive_in_time_are_answered_while_slow_clients_wait(slow_server):
    port = int(slow_server.url.rsplit(":", 1)[1])
    stalled = [socket.create_connection(("127.0.0.1", port)) for _ in range(100)]
    try:
        for client in stalled:
            client.sendall(b"GET / HTTP/1.1\r\n")
        with httpx.Client(timeout=5) as client:  # one kept-alive connection, two requests
            for _ in range(2):
                response = client.get(slow_server.url + "/sparql", params={"query": "ASK {}"})
                assert response.status_code == 200 and response.json()["boolean"] is True
    finally:
        for client in stalled:
            client.close()


def test_connections_over_the_cap_are_refused_at_once():
    server = start_cartelgraph_server("--read-timeout", "30", "--max-connections", str(CAP))
    port = int(server.url.rsplit(":", 1)[1])
    held = []
    try:
        before = wait_for_descriptors(server, at_most=10**6, within=0)
        held = [socket.create_connection(("127.0.0.1", port)) for _ in range(CAP)]
        for _ in range(50):
            extra = socket.create_connection(("127.0.0.1", port))
            extra.settimeout(2)
            answer = b""
            while chunk := extra.recv(4096):
                answer += chunk
            extra.close()
            assert answer.startswith(b"HTTP/1.1 503 Service Unavailable\r\n")
            assert b"retry-after: 1\r\n" in answer
            assert answer.endswith(f"too many connections (more than {CAP}): try again in a moment\n".encode())
        assert descriptors(server) <= before + CAP + 2
        busy = httpx.get(server.url + "/sparql", params={"query": "ASK {}"})
        assert busy.status_code == 503
        for client in held[:5]:
            client.close()
        wait_for_descriptors(server, at_most=before + CAP - 5, within=2)
        freed = httpx.get(server.url + "/sparql", params={"query": "ASK {}"})
        assert freed.status_code == 200
    finally:
        for client in held:
            client.close()
        server.stop()
