"""Shared fixtures: the real repository data, copies of it to break, and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


# --- pytest-xdist (`make test` runs the suite in two processes) ------------------------------------

# A file's tests run in one worker, so that its module fixtures (servers, browsers) start once;
# the files named here share a worker with the others of their group.
SHARED_WORKER = {
    # One Virtuoso and one push into it for the session (conftest's `virtuoso`).
    "test_remote_commands.py": "virtuoso",
    "test_remote.py": "virtuoso",
    "test_push.py": "virtuoso",
    # Servers whose deadlines, queues and memory are measured: one such file at a time, so that
    # two of them never load the cores together.
    "test_server_fairness.py": "deadlines",
    "test_server_limits.py": "deadlines",
    "test_server_connections.py": "deadlines",
}


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: unknown when it is not loaded
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadFileScheduling

    class ByFileAndGroup(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = super()._split_scope(nodeid)
            return SHARED_WORKER.get(Path(path).name, path)

    return ByFileAndGroup(config, log)


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Stores built by the tests go to a temporary cache, not the user's."""
    import os

    cache = tmp_path_factory.mktemp("cache")
    old = os.environ.get("CARTELGRAPH_CACHE")
    os.environ["CARTELGRAPH_CACHE"] = str(cache)
    os.environ.pop("CARTELGRAPH_ENDPOINT", None)
    os.environ.pop("CARTELGRAPH_DATA", None)
    yield cache
    if old is None:
        os.environ.pop("CARTELGRAPH_CACHE", None)
    else:
        os.environ["CARTELGRAPH_CACHE"] = old


@pytest.fixture(autouse=True, scope="session")
def _bytecode_for_subprocesses(tmp_path_factory):
    """Where the environment forbids writing bytecode (PYTHONDONTWRITEBYTECODE, as here), each of
    the hundreds of processes the tests start compiled cartelgraph from source again, ~40 ms of
    a 0.2 s command. They write it to a folder of the session instead (PYTHONPYCACHEPREFIX), so
    nothing is written beside the sources. Elsewhere nothing changes."""
    import os

    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        yield
        return
    forbidden, prefix = os.environ.pop("PYTHONDONTWRITEBYTECODE"), os.environ.get("PYTHONPYCACHEPREFIX")
    os.environ["PYTHONPYCACHEPREFIX"] = str(tmp_path_factory.mktemp("bytecode"))
    yield
    os.environ["PYTHONDONTWRITEBYTECODE"] = forbidden
    if prefix is None:
        os.environ.pop("PYTHONPYCACHEPREFIX", None)
    else:
        os.environ["PYTHONPYCACHEPREFIX"] = prefix


@pytest.fixture(scope="session")
def repo_graph():
    """The real curated graph in the embedded store."""
    from cartelgraph import open_graph

    return open_graph(data=REPO)


@pytest.fixture
def data_copy(tmp_path):
    """A private copy of ontology/ and graph/ that a test may break."""
    for folder in ("ontology", "graph"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def cg(runner):
    """Run ``cartelgraph ARGS`` on the real data; returns click's Result."""
    from cartelgraph.cli import cli

    def invoke(*args, input=None, data=REPO):
        return runner.invoke(cli, ["--data", str(data), *args], input=input, catch_exceptions=False)

    return invoke


def make_data_dir(root: Path, ttl_files: list[Path], texts: list[Path] = ()) -> Path:
    """A data folder with the real ontology and the given Turtle files as its graph/."""
    shutil.copytree(REPO / "ontology", root / "ontology")
    (root / "graph" / "sources").mkdir(parents=True)
    for path in ttl_files:
        shutil.copy(path, root / "graph" / path.name)
    for path in texts:
        shutil.copy(path, root / "graph" / "sources" / path.name)
    return root


@pytest.fixture(scope="session")
def tiny_data(tmp_path_factory):
    """The hand-made graph of tests/fixtures/tiny.ttl as a data folder."""
    return make_data_dir(tmp_path_factory.mktemp("tiny"), [FIXTURES / "tiny.ttl"], [FIXTURES / "tiny.txt"])


@pytest.fixture(scope="session")
def tiny_graph(tiny_data):
    from cartelgraph import open_graph

    return open_graph(data=tiny_data)


@pytest.fixture(scope="session")
def network_data(tmp_path_factory):
    """The hand-made network of tests/fixtures/network.ttl (known brokers and betweenness)."""
    return make_data_dir(tmp_path_factory.mktemp("network"), [FIXTURES / "network.ttl"], [FIXTURES / "network.txt"])


@pytest.fixture(scope="session")
def network_graph(network_data):
    from cartelgraph import open_graph

    return open_graph(data=network_data)


# --- SPARQL endpoints started as real processes (issue 6) ---------------------------------------


@pytest.fixture(autouse=True)
def _no_worker_outlives_a_patch(request):
    """Warm query workers keep the module state they were forked with: around a test that
    patches modules, let the shared workers go, so that none forked while the patch held serves
    a later test. (A test that patches between two queries calls close_shared_pools() itself.)"""
    if "monkeypatch" not in request.fixturenames:
        yield
        return
    from cartelgraph.runner import close_shared_pools

    close_shared_pools()
    yield
    close_shared_pools()


def chromium() -> str:
    """Debian's Chromium for the browser tests: the one place the tests look for it. `make test`
    installs it when it is missing (scripts/system-packages.sh)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "Debian's chromium is needed for the browser tests: `make test` installs it"
    return found


def free_port() -> int:
    """A TCP port nobody uses right now on 127.0.0.1, for a server a test starts. Taken below the
    range the system gives connections their own ports from, so that no connection opened before
    the server binds it (by this test, or by the test another xdist worker runs) can take it."""
    import random
    import socket

    ephemeral = Path("/proc/sys/net/ipv4/ip_local_port_range")
    lowest = int(ephemeral.read_text().split()[0]) if ephemeral.exists() else 0
    for _ in range(100):
        port = random.SystemRandom().randrange(10_000, lowest) if lowest > 11_000 else 0
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise AssertionError(f"no free port between 10000 and {lowest}")


class RunningServer:
    """A server process started by a test; ``url`` is its base URL."""

    def __init__(self, args: list[str], url: str, ready_path: str, cwd: Path | None = None, log: Path | None = None):
        """``log``: a file for the server's output (a pipe nobody reads fills up and stops it)."""
        import subprocess
        import sys
        import time

        import httpx

        self.url = url
        output = open(log, "wb") if log else subprocess.PIPE  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            args, stdout=output, stderr=subprocess.STDOUT if log else subprocess.PIPE, cwd=cwd
        )
        self._log = output if log else None
        deadline = time.monotonic() + 90
        while True:
            if self.process.poll() is not None:
                err = log.read_bytes() if log else self.process.communicate()[1]
                raise RuntimeError(f"{args[:3]} exited with {self.process.returncode}: {err.decode()[-2000:]}")
            try:
                if httpx.get(url + ready_path, timeout=2).status_code < 500:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{args[:3]} did not start within 90 s")
            time.sleep(0.1 if sys.platform != "win32" else 0.5)

    def children(self) -> list[int]:
        """Process ids of the server's child processes (query workers), read from /proc."""
        found = []
        for task in Path(f"/proc/{self.process.pid}/task").glob("*"):
            try:
                found += [int(pid) for pid in (task / "children").read_text().split()]
            except OSError:
                pass
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except Exception:  # noqa: BLE001 - a server that ignores SIGTERM is killed
                self.process.kill()
                self.process.wait()
        for stream in (self.process.stdout, self.process.stderr, self._log):
            if stream:
                stream.close()


def start_cartelgraph_server(*options: str, data: Path = REPO) -> RunningServer:
    """``cartelgraph serve`` on a free loopback port, with ``options``."""
    import sys

    port = free_port()
    script = Path(sys.executable).parent / "cartelgraph"
    args = [str(script), "--data", str(data), "serve", "--port", str(port), *options]
    return RunningServer(args, f"http://127.0.0.1:{port}", "/limits")


@pytest.fixture(scope="session")
def endpoint_server():
    """``cartelgraph serve`` on the real graph: 3 s per query, answers cut at 500 rows."""
    server = start_cartelgraph_server("--timeout", "3", "--max-rows", "500")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def endpoint_url(endpoint_server):
    """The SPARQL endpoint URL of :func:`endpoint_server`."""
    return endpoint_server.url + "/sparql"


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real Oxigraph server (the ``oxigraph`` package from PyPI) on a free loopback port,
    empty, with its data in a temporary folder."""
    import shutil
    import sys

    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    assert binary, "the oxigraph server (pip package 'oxigraph', in the test extra) is not installed"
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    server = RunningServer(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        f"http://127.0.0.1:{port}",
        "/query?query=ASK%7B%7D",
    )
    yield server
    server.stop()


class Virtuoso:
    """A Virtuoso server set up as docs/endpoints.md says: the repository's virtuoso.ini (on
    free ports), the dba password changed and a user granted SPARQL_UPDATE by the documented
    isql-vt script; ``env`` holds that user's credentials as push reads them."""

    GRAPH = "https://w3id.org/cartelgraph/graph"

    def __init__(self, folder: Path, max_rows: int | None = None):
        """``max_rows``: Virtuoso's ResultSetMaxRows instead of the documented one."""
        import re
        import secrets
        import shutil
        import string

        binary = shutil.which("virtuoso-t")
        assert binary, "virtuoso-t is missing: scripts/system-packages.sh (make test) installs virtuoso-opensource"
        self.sql_port, http_port = free_port(), free_port()
        ini = (REPO / "docs" / "examples" / "virtuoso.ini").read_text()
        assert "127.0.0.1:1111" in ini and "127.0.0.1:8890" in ini
        if max_rows:
            ini, count = re.subn(r"(?m)^ResultSetMaxRows\s*=.*$", f"ResultSetMaxRows = {max_rows}", ini)
            assert count == 1
        (folder / "virtuoso.ini").write_text(
            ini.replace("127.0.0.1:1111", f"127.0.0.1:{self.sql_port}").replace(
                "127.0.0.1:8890", f"127.0.0.1:{http_port}"
            )
        )
        self._start = (
            [binary, "+configfile", "virtuoso.ini", "+foreground"],
            f"http://127.0.0.1:{http_port}",
            "/sparql?query=ASK%7B%7D",
            folder,
            folder / "output.log",
        )
        self.server = RunningServer(*self._start)
        self.url = self.server.url + "/sparql"
        self.dba_password = secrets.token_urlsafe(12)
        self.env = {"CARTELGRAPH_USER": "cartelgraph", "CARTELGRAPH_PASSWORD": secrets.token_urlsafe(12)}
        script = string.Template(documented_block("isql-vt 127.0.0.1:1111 dba dba <<SQL", "SQL"))
        self.isql(script.substitute(DBA_PASSWORD=self.dba_password, **self.env), password="dba")

    def push(self, graph: str = GRAPH) -> str:
        """``cartelgraph push`` of the real graph into ``graph`` as documented (the user's
        credentials in the environment), then the documented restart; push's output."""
        import os
        import subprocess
        import sys

        script = Path(sys.executable).parent / "cartelgraph"
        done = subprocess.run(
            [str(script), "--data", str(REPO), "push", "--endpoint", self.url, "--graph", graph],
            capture_output=True,
            env={**os.environ, **self.env},
            timeout=300,
        )
        assert done.returncode == 0, done.stderr.decode()
        self.restart()
        return done.stdout.decode()

    def restart(self) -> None:
        """Stop the server (it writes a checkpoint) and start it again on the same ports, as the
        docs say to after the first push (Virtuoso plans some queries badly until then)."""
        self.server.stop()
        self.server = RunningServer(*self._start)

    def isql(self, sql: str, password: str | None = None) -> str:
        """Run ``sql`` with isql-vt as dba; its output (an error in it fails the test)."""
        import subprocess

        done = subprocess.run(
            ["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", password or self.dba_password],
            input=sql.encode(),
            capture_output=True,
            timeout=60,
        )
        output = done.stdout.decode() + done.stderr.decode()
        assert done.returncode == 0 and "*** Error" not in output, output
        return output

    def stop(self) -> None:
        self.server.stop()


def documented_block(first_line: str, last_line: str, doc: Path = REPO / "docs" / "endpoints.md") -> str:
    """The lines of ``doc`` after ``first_line`` up to ``last_line`` (a shell here-document)."""
    lines = doc.read_text().splitlines()
    start = lines.index(first_line) + 1
    return "\n".join(lines[start : lines.index(last_line, start)]) + "\n"


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A real Virtuoso (Debian's virtuoso-opensource) on free loopback ports, set up as
    documented, with a scratch database in a temporary folder; it holds only its own system
    graphs until a test pushes."""
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_pushed_output(virtuoso) -> str:
    """What ``cartelgraph push --graph`` said when it loaded the real graph into the session's
    Virtuoso, into :attr:`Virtuoso.GRAPH` (as documented: the user's credentials, then the
    restart). Done once for the modules that read that graph; none of them writes to it."""
    return virtuoso.push()


@pytest.fixture(scope="session")
def investigate_data(tmp_path_factory):
    """The hand-made graph of tests/fixtures/investigate.ttl (investigator commands) as a data folder."""
    return make_data_dir(
        tmp_path_factory.mktemp("investigate"),
        [FIXTURES / "investigate.ttl"],
        [FIXTURES / "investigate-a.txt", FIXTURES / "investigate-b.txt"],
    )


@pytest.fixture(scope="session")
def investigate_graph(investigate_data):
    from cartelgraph import open_graph

    return open_graph(data=investigate_data)


CURATION = FIXTURES / "curation"


def folder_hash(folder: Path) -> str:
    """A hash of every file's relative path and bytes under ``folder``."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="session")
def _curation_template(tmp_path_factory, tiny_data):
    """The tiny data folder with tests/fixtures/curation/news.txt registered (through add-source)
    as the source cgr:frontier-weekly: made once, copied for each test."""
    from cartelgraph import open_graph
    from cartelgraph.curation.sources import add_source

    root = tmp_path_factory.mktemp("curation") / "data"
    shutil.copytree(tiny_data, root)
    add_source(
        open_graph(data=root), root, CURATION / "news.txt", title="Frontier Weekly", kind="NewsArticle", date="2024-03"
    )
    return root


@pytest.fixture
def curation_data(tmp_path, _curation_template):
    """A private copy of the tiny data folder with tests/fixtures/curation/news.txt registered
    as the source cgr:frontier-weekly (through add-source)."""
    root = tmp_path / "data"
    shutil.copytree(_curation_template, root)
    return root


@pytest.fixture(scope="session")
def hostile_data(tmp_path_factory):
    """tests/fixtures/hostile.ttl: names, titles and quotes written to run script if parsed as HTML."""
    return make_data_dir(tmp_path_factory.mktemp("hostile"), [FIXTURES / "hostile.ttl"], [FIXTURES / "hostile.txt"])
