"""Remote mode as a user runs it: ``cartelgraph push --endpoint URL`` into a real Oxigraph
server and into a real Virtuoso (a named graph, with the documented credentials), then every
command that reads the graph run with ``--endpoint URL`` (and ``--graph IRI``) gives the same
answer, byte for byte, as on the embedded store; and the same against ``cartelgraph serve``.

Each command runs in its own process (``cartelgraph ...``), as a user would run it: so an
answer that depends on the process (the order of a set, which changes with the hash seed) shows
up as a difference here. The commands that work on the local data say so, or refuse
``--endpoint``; ``viz`` and ``export`` connect to nothing but the endpoint.

Every case runs against Virtuoso, the engine unlike the embedded store (its own SPARQL, its own
result writers, a named graph). The Oxigraph server and ``cartelgraph serve`` run the embedded
store's engine, so what they can get wrong is the protocol and the reading of each kind of
answer, which is the same for every option of a command: against ``cartelgraph serve`` (our
own server), one case per command and per kind of answer (ONE_PER_COMMAND); against the
Oxigraph server, one per kind of answer and of value (ONE_PER_KIND).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import REPO, Virtuoso, folder_hash, free_port, start_cartelgraph_server

from cartelgraph import queries

SCRIPT = str(Path(sys.executable).parent / "cartelgraph")

# (id, arguments); "{out}" is a file or folder the command writes, compared too.
COMMANDS = [
    ("query-named-json", ["query", "--name", "officials-linked-to-cartels", "--format", "json"]),
    (
        "query-param-csv",
        ["query", "--name", "entity-claims", "--param", "entity=cgr:genaro-garcia-luna", "--format", "csv"],
    ),
    ("query-ask", ["query", "ASK { cgr:sinaloa-cartel a cg:Cartel }"]),
    ("query-ask-no", ["query", "ASK { cgr:sinaloa-cartel a cg:Law }", "--format", "json"]),
    (
        "query-boolean-csv",
        [
            "query",
            "SELECT ?claim ?inferred WHERE { ?claim cg:dateInferred ?inferred } ORDER BY ?claim",
            "--format",
            "csv",
        ],
    ),
    ("query-table", ["query", "--name", "arrests-and-extraditions"]),
    # the pattern from an edge to its claims (cg:Link nodes) survives the push
    (
        "query-edge-claims-pair",
        [
            "query",
            "--name",
            "edge-claims",
            "--param",
            "source=cgr:salvador-cienfuegos",
            "--param",
            "target=cgr:beltran-leyva-cartel",
            "--format",
            "json",
        ],
    ),
    ("query-edge-claims-all", ["query", "--name", "edge-claims", "--format", "csv"]),
    ("search", ["search", "guzman", "--format", "json"]),
    ("search-class", ["search", "a", "--class", "Official", "--limit", "50", "--format", "csv"]),
    ("show-name", ["show", "García Luna", "--format", "json"]),
    ("show-cartel", ["show", "cgr:sinaloa-cartel", "--format", "json"]),
    ("show-state", ["show", "cgr:sedena", "--format", "csv"]),
    ("path", ["path", "Cienfuegos", "Ovidio Guzmán", "--max-hops", "6", "--format", "json"]),
    (
        "path-filtered",
        [
            "path",
            "cgr:genaro-garcia-luna",
            "cgr:united-states",
            "--exclude-status",
            "Alleged",
            "--max-hops",
            "6",
            "--format",
            "csv",
        ],
    ),
    ("timeline", ["timeline", "--undated", "--format", "json"]),
    ("timeline-entity", ["timeline", "Ovidio Guzmán", "--from", "2019", "--format", "csv"]),
    ("figures", ["figures", "--format", "json"]),
    ("contested", ["contested", "--format", "json"]),
    ("centrality-pagerank", ["centrality", "--top", "0", "--format", "csv"]),
    (
        "centrality-betweenness",
        ["centrality", "--measure", "betweenness", "--exclude-status", "Alleged", "--format", "json"],
    ),
    ("centrality-kcore-type", ["centrality", "--measure", "kcore", "--type", "Official,Cartel", "--format", "csv"]),
    ("centrality-eigenvector", ["centrality", "--measure", "eigenvector", "--top", "0", "--format", "csv"]),
    ("centrality-closeness-as-of", ["centrality", "--measure", "closeness", "--as-of", "2020", "--format", "json"]),
    ("centrality-save", ["centrality", "--measure", "degree", "--format", "csv", "--save", "{out}.ttl"]),
    ("communities", ["communities", "--format", "json"]),
    ("communities-csv", ["communities", "--method", "label-propagation", "--format", "csv"]),
    ("brokers", ["brokers", "--format", "json"]),
    ("bridges", ["brokers", "--bridges", "--administration", "amlo", "--format", "csv"]),
    ("stats", ["stats", "--format", "json"]),
    ("duplicates", ["duplicates", "--format", "json"]),
    ("export-graphml", ["export", "-o", "{out}.graphml"]),
    ("export-gexf-weighted", ["export", "--view", "weighted", "--format", "gexf"]),
    ("export-csv", ["export", "--format", "csv", "-o", "{out}"]),
    ("export-ttl", ["export", "--format", "ttl", "--status", "Convicted,Confirmed"]),
    ("export-all-nt", ["export", "--format", "nt", "--all"]),
    ("export-claims", ["export-claims", "-o", "{out}.csv"]),
    # issue 15: every role, every place, notes, ambiguity said aloud, entities shared by documents
    ("show-sinaloa", ["show", "Sinaloa", "--format", "json"]),
    ("show-subject-csv", ["show", "Cienfuegos", "--format", "csv"]),
    ("timeline-subject", ["timeline", "Cienfuegos", "--format", "json"]),
    ("path-through-law", ["path", "Cienfuegos", "cgr:dea", "--format", "json"]),
    ("path-through-operation-table", ["path", "cgr:interagency-task-force-counter-cartel", "El Mencho"]),
    (
        "path-asserter-csv",
        [
            "path",
            "cgr:sources-familiar-with-us-military-plans",
            "cgr:mexican-cartels",
            "--include-commentary",
            "--format",
            "csv",
        ],
    ),
    ("figures-csv", ["figures", "--format", "csv"]),
    ("figures-table-notes", ["figures", "--measure", "SEDENA"]),
    ("crossref", ["crossref", "--format", "json"]),
    ("crossref-type-csv", ["crossref", "--type", "Person,Cartel", "--format", "csv"]),
    ("crossref-table", ["crossref", "--min-sources", "3"]),
    ("query-context-links", ["query", "--name", "context-links", "--format", "csv"]),
    ("query-several-sources", ["query", "--name", "entities-in-several-sources", "--format", "csv"]),
    ("viz", ["viz", "-o", "{out}.html"]),
    ("viz-max-nodes", ["viz", "-o", "{out}.html", "--max-nodes", "30", "--exclude-status", "Alleged"]),
    ("viz-focus", ["viz", "-o", "{out}.html", "--focus", "García Luna", "--depth", "2", "--size-by", "pagerank"]),
]
# Every named query, in JSON (the ones above are there in other formats too).
COMMANDS += [
    (f"named-{name}-json", ["query", "--name", name, "--format", "json"])
    for name in sorted(queries.load_all())
    if ["query", "--name", name, "--format", "json"] not in [args for _, args in COMMANDS]
]


def run(
    args: list[str],
    *,
    endpoint: str | list[str] | None = None,
    data: Path = REPO,
    env: dict | None = None,
    cwd: Path | None = None,
    environ: dict | None = None,
) -> subprocess.CompletedProcess:
    """``cartelgraph [--endpoint URL] --data DATA ARGS`` in a process of its own; ``endpoint`` is
    a URL or the global options that name one (``["--endpoint", URL, "--graph", IRI]``);
    ``environ``: the environment to start from instead of this process's."""
    remote = ["--endpoint", endpoint] if isinstance(endpoint, str) else endpoint or []
    environment = {**(os.environ if environ is None else environ), **(env or {})}
    return subprocess.run(
        [SCRIPT, "--data", str(data), *remote, *args], capture_output=True, env=environment, cwd=cwd, timeout=300
    )


def answer(args: list[str], folder: Path, endpoint: str | list[str] | None = None, environ: dict | None = None) -> dict:
    """What the command gave: exit code, stdout and every file it wrote (by name)."""
    folder.mkdir(parents=True)
    done = run([a.replace("{out}", str(folder / "out")) for a in args], endpoint=endpoint, environ=environ)
    assert b"Traceback" not in done.stderr, done.stderr.decode()
    files = {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    return {"code": done.returncode, "stdout": done.stdout, "files": files, "stderr": done.stderr.decode()}


@pytest.fixture(scope="module")
def oxigraph_url(oxigraph_server):
    """The Oxigraph server's query URL, after ``cartelgraph push`` loaded the real graph into it."""
    url = oxigraph_server.url + "/query"
    done = run(["push", "--endpoint", url])
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().startswith("pushed ")
    return url


@pytest.fixture(scope="module")
def virtuoso_options(virtuoso, virtuoso_pushed_output):
    """``--endpoint URL --graph IRI`` of the Virtuoso server, after ``cartelgraph push`` loaded
    the real graph into that named graph with the documented user's credentials."""
    assert virtuoso_pushed_output.startswith("pushed ")
    return ["--endpoint", virtuoso.url, "--graph", Virtuoso.GRAPH]


@pytest.fixture(scope="module")
def serve_url():
    """``cartelgraph serve`` on the real graph, with a row cap above anything it holds."""
    server = start_cartelgraph_server("--max-rows", "10000000", "--timeout", "60")
    yield server.url + "/sparql"
    server.stop()


@pytest.fixture(scope="module")
def local_answers(tmp_path_factory):
    """Each command's answer on the embedded store, computed once per module. Those of COMMANDS
    are computed from the start by a thread of their own, one process at a time, while the
    tests run the remote ones (and while the servers are set up: the tests ask for this fixture
    first): two processes at once, one per core. The thread starts them with the environment as
    it is now (a test may patch this process's own while it runs)."""
    root = tmp_path_factory.mktemp("local-answers")
    environ = dict(os.environ)
    pool = ThreadPoolExecutor(max_workers=1)
    ahead = {name: pool.submit(answer, args, root / name, environ=environ) for name, args in COMMANDS}
    cache: dict[str, dict] = {}

    def get(name: str, args: list[str]) -> dict:
        if name not in cache:
            future = ahead.pop(name, None)
            if future is not None and not future.cancel():  # started or done: wait for it
                cache[name] = future.result()
            else:
                cache[name] = answer(args, root / name, environ=environ)
        return cache[name]

    yield get
    pool.shutdown(cancel_futures=True)


def assert_same(remote: dict, local: dict) -> None:
    assert local["code"] == 0, local["stderr"]
    assert remote["code"] == 0, remote["stderr"]
    assert local["stdout"] or local["files"], "the command answered nothing: the comparison would prove nothing"
    assert remote["stdout"] == local["stdout"]
    assert remote["files"].keys() == local["files"].keys()
    for name in local["files"]:
        assert comparable(remote["files"][name]) == comparable(local["files"][name]), name


def comparable(data: bytes) -> bytes:
    """``data`` without what two runs rightly differ in: the time a score file was made
    (``prov:generatedAtTime``) and the page's random Content-Security-Policy nonce."""
    import re

    data = re.sub(rb"nonce(-|=\")[A-Za-z0-9_-]+", rb"nonce\1N", data)
    return b"\n".join(line for line in data.split(b"\n") if b"prov:generatedAtTime" not in line)


@pytest.mark.parametrize(("name", "args"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_commands_on_virtuoso_answer_as_the_embedded_store(name, args, local_answers, virtuoso_options, tmp_path):
    assert_same(answer(args, tmp_path / "remote", virtuoso_options), local_answers(name, args))


# One case per command and per kind of answer (SELECT as JSON, CSV with booleans, a table; ASK;
# CONSTRUCT; bound parameters; files written) for the servers that run Oxigraph (see the top).
ONE_PER_COMMAND = [
    c
    for c in COMMANDS
    if c[0]
    in {
        "query-named-json",
        "query-param-csv",
        "query-ask",
        "query-boolean-csv",
        "query-table",
        "search",
        "show-cartel",
        "path",
        "timeline",
        "figures",
        "contested",
        "centrality-betweenness",
        "communities",
        "bridges",
        "stats",
        "duplicates",
        "export-graphml",
        "export-all-nt",
        "export-claims",
        "viz-focus",
        "crossref",
        "show-sinaloa",
    }
]


# SELECT as JSON, CSV (booleans) and a table, ASK, CONSTRUCT, a bound parameter, a file written,
# dates, decimals with units, notes and an ambiguous name.
ONE_PER_KIND = [
    c
    for c in COMMANDS
    if c[0]
    in {
        "query-named-json",
        "query-boolean-csv",
        "query-table",
        "query-ask",
        "export-all-nt",
        "query-param-csv",
        "export-graphml",
        "timeline",
        "figures",
        "show-sinaloa",
    }
]


def test_one_per_command_has_every_command():
    assert {args[0] for _, args in ONE_PER_COMMAND} == {args[0] for _, args in COMMANDS}
    assert len(ONE_PER_KIND) == 10 and all(case in ONE_PER_COMMAND for case in ONE_PER_KIND)


@pytest.mark.parametrize(("name", "args"), ONE_PER_KIND, ids=[c[0] for c in ONE_PER_KIND])
def test_commands_on_oxigraph_server_answer_as_the_embedded_store(name, args, local_answers, oxigraph_url, tmp_path):
    assert_same(answer(args, tmp_path / "remote", oxigraph_url), local_answers(name, args))


@pytest.mark.parametrize(("name", "args"), ONE_PER_COMMAND, ids=[c[0] for c in ONE_PER_COMMAND])
def test_commands_on_cartelgraph_serve_answer_as_the_embedded_store(name, args, local_answers, serve_url, tmp_path):
    assert_same(answer(args, tmp_path / "remote", serve_url), local_answers(name, args))


def test_an_ambiguous_name_is_said_the_same_on_a_server(oxigraph_url, local_answers, tmp_path):
    args = ["path", "García Luna", "Sinaloa", "--format", "csv"]
    remote, local = answer(args, tmp_path / "remote", oxigraph_url), local_answers("path-sinaloa", args)
    assert_same(remote, local)
    note = "note: 'Sinaloa' is taken as Sinaloa (State, cgr:sinaloa); it may also mean Sinaloa Cartel"
    assert note in local["stderr"] and note in remote["stderr"]


def test_the_environment_variable_names_the_endpoint(oxigraph_url, local_answers, tmp_path):
    args = ["show", "cgr:salvador-cienfuegos", "--format", "json"]
    done = run(args, env={"CARTELGRAPH_ENDPOINT": oxigraph_url}, data=tmp_path / "no-data")
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == local_answers("env-show", args)["stdout"]


def test_the_environment_variables_name_the_endpoint_and_its_graph(virtuoso_options, local_answers, tmp_path):
    args = ["show", "cgr:salvador-cienfuegos", "--format", "json"]
    done = run(
        args,
        env={"CARTELGRAPH_ENDPOINT": virtuoso_options[1], "CARTELGRAPH_GRAPH": virtuoso_options[3]},
        data=tmp_path / "no-data",
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == local_answers("env-show", args)["stdout"]


def test_a_row_capped_answer_is_an_error_not_a_short_answer(endpoint_url):
    """``endpoint_server`` cuts answers at 500 rows: the timeline needs more, and must not come
    out silently incomplete."""
    done = run(["timeline", "--undated", "--format", "json"], endpoint=endpoint_url)
    assert done.returncode == 1
    assert done.stdout == b""
    assert done.stderr.decode().strip() == (
        f"Error: the endpoint {endpoint_url} cut its answer at 500 rows (its row "
        "cap): the answer would be incomplete; raise the server's limit "
        "(cartelgraph serve --max-rows)"
    )


@pytest.fixture(scope="module")
def capped_virtuoso(tmp_path_factory):
    """A second Virtuoso, its answers cut at 500 rows (ResultSetMaxRows), holding the graph."""
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso-capped"), max_rows=500)
    yield server, server.push()  # push counts with one row: the cap does not stop it
    server.stop()


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "--undated", "--format", "json"],
        ["export", "--format", "nt", "--all"],
        ["centrality", "--format", "csv"],
    ],
    ids=["timeline", "export-all", "centrality"],
)
def test_virtuoso_row_cap_is_an_error_where_completeness_matters(capped_virtuoso, args):
    server, pushed = capped_virtuoso
    assert pushed.startswith("pushed ")
    done = run(args, endpoint=["--endpoint", server.url, "--graph", Virtuoso.GRAPH])
    assert done.returncode == 1
    assert done.stdout == b""
    assert done.stderr.decode().strip() == (
        f"Error: the endpoint {server.url} cut its answer at 500 rows (its row cap, X-SPARQL-MaxRows): the answer "
        "would be incomplete; raise the server's limit (Virtuoso: ResultSetMaxRows in the [SPARQL] section of "
        "virtuoso.ini)"
    )


def test_virtuoso_row_cap_is_a_warning_for_a_query(capped_virtuoso):
    server, _ = capped_virtuoso
    done = run(
        ["query", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "--format", "csv"],
        endpoint=["--endpoint", server.url, "--graph", Virtuoso.GRAPH],
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().count("\r\n") == 501  # the header and the 500 rows that came
    assert done.stderr.decode() == (
        f"warning: the endpoint {server.url} cut its answer at 500 rows (its row cap, X-SPARQL-MaxRows): this answer "
        "is incomplete; raise the server's limit (Virtuoso: ResultSetMaxRows in the [SPARQL] section of "
        "virtuoso.ini)\n"
    )


def test_virtuoso_anytime_answer_counts_as_cut(virtuoso_options):
    """Asked with its own ``timeout`` parameter, Virtuoso answers 200 with what it found in time
    and ``X-SQL-State: S1TAT``: read as a cut answer, like a row cap."""
    import httpx

    from cartelgraph.remote import truncation

    url = virtuoso_options[1]
    response = httpx.post(
        url,
        data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "timeout": "300"},
        headers={"Accept": "application/sparql-results+xml"},
        timeout=60,
    )
    assert response.status_code == 200
    assert response.headers["X-SQL-State"] == "S1TAT"
    assert truncation(response, url) == (
        f"the endpoint {url} stopped the query at its time limit and answered what it had found (X-SQL-State: S1TAT)"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["viz", "-o", "{out}/page.html", "--focus", "Ovidio Guzmán"],
        ["export", "--format", "graphml", "-o", "{out}/network.graphml"],
        ["export", "--format", "ttl", "--all", "-o", "{out}/all.ttl"],
    ],
    ids=["viz", "export-graphml", "export-all"],
)
def test_viz_and_export_fetch_from_the_endpoint_only(args, oxigraph_url, tmp_path, monkeypatch):
    """No data folder, an empty cache, and every connection the process opens recorded: the
    page and the export come from the endpoint, and from nothing else."""
    from click.testing import CliRunner

    from cartelgraph.cli import cli

    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("CARTELGRAPH_CACHE", str(cache))
    out = tmp_path / "out"
    out.mkdir()
    connections = []
    original = socket.socket.connect

    def recording_connect(self, address):
        connections.append(address)
        return original(self, address)

    monkeypatch.setattr(socket.socket, "connect", recording_connect)
    result = CliRunner().invoke(
        cli,
        [
            "--data",
            str(tmp_path / "no-data"),
            "--endpoint",
            oxigraph_url,
            *[a.replace("{out}", str(out)) for a in args],
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    host, port = oxigraph_url.split("//")[1].split("/")[0].split(":")
    assert connections, "nothing was fetched from the endpoint"
    assert {address[:2] for address in connections} == {(host, int(port))}
    assert list(cache.iterdir()) == [], "a local store was built"
    assert [p.stat().st_size > 0 for p in out.iterdir()] == [True]


# --- Commands that work on the local data -------------------------------------------------------


@pytest.fixture
def local_data(tmp_path, tiny_data):
    import shutil

    root = tmp_path / "data"
    shutil.copytree(tiny_data, root)
    return root


@pytest.mark.parametrize(
    "args", [["validate"], ["build"], ["candidates", "cgr:src"]], ids=["validate", "build", "candidates"]
)
@pytest.mark.parametrize("how", ["option", "environment"])
def test_reading_local_commands_say_they_work_on_the_local_data(args, how, local_data):
    """validate, build and candidates read the local files; with an endpoint set they say so,
    and work (the endpoint, a port nobody listens on, is never asked)."""
    endpoint = f"http://127.0.0.1:{free_port()}/sparql"
    if how == "option":
        done = run(args, endpoint=endpoint, data=local_data)
    else:
        done = run(args, env={"CARTELGRAPH_ENDPOINT": endpoint}, data=local_data)
    origin = "--endpoint" if how == "option" else "$CARTELGRAPH_ENDPOINT"
    assert done.returncode == 0, done.stderr.decode()
    assert (
        f"note: {args[0]} works on the local data in {local_data}, not on {origin} {endpoint}"
        in done.stderr.decode().splitlines()
    )


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", "{fixtures}/curation/good.csv", "--dry-run"],
        ["add-source", "{fixtures}/curation/news.txt", "--title", "Frontier Weekly"],
        ["same-as", "Ana Álvarez", "La Jefa", "--reason", "one person"],
        ["serve", "--port", "{port}"],
    ],
    ids=["ingest", "add-source", "same-as", "serve"],
)
def test_writing_local_commands_refuse_an_explicit_endpoint(args, local_data):
    from conftest import FIXTURES

    args = [a.replace("{fixtures}", str(FIXTURES)).replace("{port}", str(free_port())) for a in args]
    endpoint = f"http://127.0.0.1:{free_port()}/sparql"
    before = folder_hash(local_data)
    done = run(args, endpoint=endpoint, data=local_data)
    assert done.returncode == 2
    assert done.stdout == b""
    line = done.stderr.decode().strip()
    assert line.startswith(f"Error: --endpoint: {args[0]} ") and f"local data in {local_data}" in line
    assert line.endswith("; run it without --endpoint")
    assert folder_hash(local_data) == before


def test_ingest_with_the_environment_endpoint_works_on_the_local_data(local_data):
    """$CARTELGRAPH_ENDPOINT set for reading does not stop a curator: ingest says it writes
    locally and does, resolving names in the local graph (the endpoint is never asked)."""
    from conftest import FIXTURES

    endpoint = f"http://127.0.0.1:{free_port()}/sparql"
    added = run(
        [
            "add-source",
            str(FIXTURES / "curation" / "news.txt"),
            "--title",
            "Frontier Weekly",
            "--kind",
            "NewsArticle",
            "--date",
            "2024-03",
        ],
        env={"CARTELGRAPH_ENDPOINT": endpoint},
        data=local_data,
    )
    assert added.returncode == 0, added.stderr.decode()
    done = run(
        ["ingest", str(FIXTURES / "curation" / "good.csv")], env={"CARTELGRAPH_ENDPOINT": endpoint}, data=local_data
    )
    assert done.returncode == 0, done.stderr.decode()
    assert f"note: ingest works on the local data in {local_data}" in done.stderr.decode()
    assert list((local_data / "graph" / "ingested").glob("*.ttl"))
