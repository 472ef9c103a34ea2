"""``cartelgraph push`` into real engines: the Oxigraph server (Graph Store Protocol and SPARQL
Update, default graph and named graph) and Virtuoso set up as docs/endpoints.md says (a named
graph, digest authentication, no anonymous update). Each push is counted afterwards, and a
second push replaces the first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from conftest import REPO

from cartelgraph.remote import RemoteGraph

SCRIPT = str(Path(sys.executable).parent / "cartelgraph")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# Not the graph the other modules read: these tests break it on purpose.
GRAPH = "https://w3id.org/cartelgraph/test/push"
STAGING = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'urn:cartelgraph:push:')) } LIMIT 1"


def push(*args: str, env: dict | None = None, home: Path | None = None) -> subprocess.CompletedProcess:
    """``cartelgraph push ARGS`` in its own process; nothing of the caller's credentials leaks in."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CARTELGRAPH_USER", "CARTELGRAPH_PASSWORD", "NETRC", "CARTELGRAPH_GRAPH")
    }
    if home:
        environment["HOME"] = str(home)
    return subprocess.run(
        [SCRIPT, "--data", str(REPO), "push", *args],
        capture_output=True,
        timeout=300,
        env={**environment, **(env or {})},
    )


def held(url: str, graph: str | None = None) -> int:
    remote = RemoteGraph(url, graph=graph)
    try:
        return remote.select(COUNT)[0]["n"]
    finally:
        remote.close()


@pytest.fixture(scope="module")
def local_count(repo_graph) -> int:
    count = repo_graph.select(COUNT)[0]["n"]
    assert count > 5000  # more than one SPARQL Update request holds
    return count


# --- Oxigraph server --------------------------------------------------------------------------------


def test_oxigraph_default_graph_through_the_graph_store_and_replaced(oxigraph_server, local_count):
    url = oxigraph_server.url + "/query"
    stale = httpx.post(oxigraph_server.url + "/update", data={"update": "INSERT DATA { <urn:stale> <urn:p> <urn:o> }"})
    assert stale.status_code == 204
    done = push("--endpoint", url)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode() == (
        f"pushed {local_count} triples to {oxigraph_server.url}/store (graph store "
        f"protocol); the default graph now holds {local_count}\n"
    )
    assert held(url) == local_count
    assert RemoteGraph(url).query("ASK { <urn:stale> ?p ?o }").boolean is False


def test_oxigraph_named_graph_through_sparql_update_in_chunks(oxigraph_server, local_count):
    url = oxigraph_server.url + "/query"
    for _ in range(2):  # the second replaces the first
        done = push("--endpoint", url, "--graph", GRAPH, "--update", oxigraph_server.url + "/update")
        assert done.returncode == 0, done.stderr.decode()
        requests = -(-local_count // 1000) + 1  # the chunks, then the MOVE onto the graph
        assert done.stdout.decode() == (
            f"pushed {local_count} triples to {oxigraph_server.url}/update (sparql "
            f"update) in {requests} requests; the graph <{GRAPH}> now holds "
            f"{local_count}\n"
        )
        assert held(url, GRAPH) == local_count
    assert RemoteGraph(url).select(STAGING) == [], "no staging graph is left behind"


# --- Virtuoso -------------------------------------------------------------------------------------


def test_virtuoso_named_graph_with_the_documented_user(virtuoso, local_count):
    """The documented recipe: credentials in the environment, digest auth on the Graph Store
    endpoint (after /data, which Virtuoso answers 501); then a second push replaces the first."""
    assert httpx.put(virtuoso.server.url + "/data", params={"graph": GRAPH}, content=b"").status_code == 501
    done = push("--endpoint", virtuoso.url, "--graph", GRAPH, env=virtuoso.env)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode() == (
        f"pushed {local_count} triples to {virtuoso.server.url}/sparql-graph-crud-auth "
        f"(graph store protocol); the graph <{GRAPH}> now holds {local_count}\n"
    )
    virtuoso.isql(f"SPARQL INSERT DATA {{ GRAPH <{GRAPH}> {{ <urn:stale> <urn:p> <urn:o> }} }};")
    assert held(virtuoso.url, GRAPH) == local_count + 1
    again = push("--endpoint", virtuoso.url, "--graph", GRAPH, env=virtuoso.env)
    assert again.returncode == 0, again.stderr.decode()
    assert held(virtuoso.url, GRAPH) == local_count
    assert RemoteGraph(virtuoso.url, graph=GRAPH).query("ASK { <urn:stale> ?p ?o }").boolean is False


def test_virtuoso_through_sparql_update_with_a_netrc_file(virtuoso, local_count, tmp_path):
    """Credentials from ~/.netrc, digest auth on /sparql-auth, ten chunks and a MOVE."""
    netrc = tmp_path / ".netrc"
    netrc.write_text(
        f"machine 127.0.0.1 login {virtuoso.env['CARTELGRAPH_USER']} password {virtuoso.env['CARTELGRAPH_PASSWORD']}\n"
    )
    netrc.chmod(0o600)
    done = push(
        "--endpoint", virtuoso.url, "--graph", GRAPH, "--update", virtuoso.server.url + "/sparql-auth", home=tmp_path
    )
    assert done.returncode == 0, done.stderr.decode()
    assert f"(sparql update) in {-(-local_count // 1000) + 1} requests" in done.stdout.decode()
    assert held(virtuoso.url, GRAPH) == local_count
    assert RemoteGraph(virtuoso.url).select(STAGING) == [], "no staging graph is left behind"


@pytest.mark.parametrize("credentials", ["none", "wrong"])
def test_virtuoso_without_the_right_password_writes_nothing(virtuoso, credentials):
    graph = f"{GRAPH}/{credentials}"
    wrong = {"CARTELGRAPH_USER": "cartelgraph", "CARTELGRAPH_PASSWORD": "not-the-password"}
    env = wrong if credentials == "wrong" else {}
    done = push("--endpoint", virtuoso.url, "--graph", graph, env=env)
    assert done.returncode == 1
    assert done.stdout == b""
    given = "those given were refused" if credentials == "wrong" else "none were given"
    assert done.stderr.decode() == (
        f"Error: {virtuoso.server.url}/sparql-graph-crud-auth asks for a user name and password (Digest) and {given}: "
        "set $CARTELGRAPH_USER and $CARTELGRAPH_PASSWORD, or add 'machine 127.0.0.1 login USER password PASSWORD' "
        "to ~/.netrc (a user allowed to write: on Virtuoso, one granted SPARQL_UPDATE)\n"
    )
    assert held(virtuoso.url, graph) == 0


def test_virtuoso_refuses_anonymous_updates(virtuoso):
    """The documented setup grants updates to its user only."""
    update = f"INSERT DATA {{ GRAPH <{GRAPH}/anonymous> {{ <urn:a> <urn:b> <urn:c> }} }}"
    answer = httpx.post(virtuoso.url, content=update.encode(), headers={"Content-Type": "application/sparql-update"})
    assert answer.status_code >= 400
    assert (
        httpx.put(
            virtuoso.server.url + "/sparql-graph-crud",
            params={"graph": f"{GRAPH}/anonymous"},
            content=b"<urn:a> <urn:b> <urn:c> .",
            headers={"Content-Type": "application/n-triples"},
        ).status_code
        >= 400
    )
    assert held(virtuoso.url, f"{GRAPH}/anonymous") == 0


def test_virtuoso_without_a_graph_says_to_give_one(virtuoso):
    done = push("--endpoint", virtuoso.url, env=virtuoso.env)
    assert done.returncode == 1
    message = done.stderr.decode()
    assert message.startswith(f"Error: the endpoint {virtuoso.server.url}/sparql-graph-crud-auth answered 500: ")
    assert message.endswith("(a server without a default graph of its own, such as Virtuoso, needs --graph IRI)\n")


def test_a_count_other_than_what_was_sent_is_an_error(tmp_path, local_count):
    """An Oxigraph server whose default graph is the union of its graphs, one of which holds
    other data: the default graph holds more than was sent, and push says so."""
    import shutil

    from conftest import RunningServer, free_port

    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    port = free_port()
    server = RunningServer(
        [binary, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        f"http://127.0.0.1:{port}",
        "/query?query=ASK%7B%7D",
    )
    try:
        other = "INSERT DATA { GRAPH <urn:other> { <urn:a> <urn:b> <urn:c> } }"
        assert httpx.post(server.url + "/update", data={"update": other}).status_code == 204
        done = push("--endpoint", server.url + "/query")
    finally:
        server.stop()
    assert done.returncode == 1
    assert done.stderr.decode() == (
        f"Error: pushed {local_count} triples to {server.url}/store, but the default graph of {server.url}/query now "
        f"holds {local_count + 1}: other data in it, or a default graph that is the union of all graphs "
        "(give --graph IRI)\n"
    )


def test_half_the_credentials_is_a_usage_error(virtuoso):
    done = push("--endpoint", virtuoso.url, "--graph", GRAPH, env={"CARTELGRAPH_USER": "cartelgraph"})
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "Error: $CARTELGRAPH_USER is set but $CARTELGRAPH_PASSWORD is not: set both, or neither to use the netrc file\n"
    )


def test_a_malformed_netrc_file_is_named_with_its_line(virtuoso, tmp_path):
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine 127.0.0.1 login cartelgraph password secret\nbogus entry\n")
    netrc.chmod(0o600)
    done = push("--endpoint", virtuoso.url, "--graph", GRAPH, home=tmp_path)
    assert done.returncode == 2
    assert done.stderr.decode() == f"Error: {netrc}, line 2: bad follower token 'bogus'\n"
