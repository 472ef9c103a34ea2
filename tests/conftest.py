"""Shared fixtures: the real repository data, copies of it to break, and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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
def hostile_data(tmp_path_factory):
    """tests/fixtures/hostile.ttl: names, titles and quotes written to run script if parsed as HTML."""
    return make_data_dir(tmp_path_factory.mktemp("hostile"), [FIXTURES / "hostile.ttl"], [FIXTURES / "hostile.txt"])
