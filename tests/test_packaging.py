"""The installed tool: a wheel carries the curated data, and the CLI behaves in a shell pipe."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "cartelgraph.cli"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("cartelgraph-*.whl")
    return path


def test_wheel_carries_ontology_graph_and_source_texts(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "cartelgraph/_data/ontology/cartelgraph.ttl" in names
    assert "cartelgraph/_data/graph/sources.ttl" in names
    assert any(n.startswith("cartelgraph/_data/graph/sources/") and n.endswith(".txt") for n in names)
    assert "cartelgraph/queries/officials-linked-to-cartels.rq" in names
    assert "cartelgraph/checks/dangling-reference-violation.rq" in names
    assert "cartelgraph/queries/internal/statuses.rq" in names  # read by cartelgraph.domain


def test_installed_wheel_works_from_any_folder(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "CARTELGRAPH_CACHE": str(tmp_path / "cache")}
    env.pop("CARTELGRAPH_DATA", None)
    result = subprocess.run(
        [*CLI, "query", "ASK { cgr:genaro-garcia-luna a cg:Official }", "--format", "json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert '"boolean":true' in result.stdout
    where = subprocess.run(
        [sys.executable, "-c", "import cartelgraph.data as d; print(d.find_data_dir())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.stdout.strip() == str(target / "cartelgraph" / "_data")


def test_data_option_and_environment_variable(tmp_path, data_copy):
    env = {**os.environ, "CARTELGRAPH_CACHE": str(tmp_path / "cache"), "CARTELGRAPH_DATA": str(data_copy)}
    result = subprocess.run([*CLI, "build"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0 and str(data_copy) in result.stdout
    wrong = subprocess.run(
        [*CLI, "--data", str(tmp_path / "nothing"), "build"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert wrong.returncode == 1
    assert "--data" in wrong.stderr and "Traceback" not in wrong.stderr


def test_piping_into_head_stays_quiet(tmp_path):
    env = {**os.environ, "CARTELGRAPH_CACHE": str(tmp_path / "cache")}
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    result = subprocess.run(
        f"{sys.executable} -m cartelgraph.cli query '{query}' --format tsv | head -n 2",
        shell=True,
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    assert len(result.stdout.splitlines()) == 2
    assert result.stderr == ""
