"""The benchmark runs end to end at the smallest size (correctness only: no timings asserted)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

from generate import SIZES, generate  # noqa: E402


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic") / "10k"
    counts = generate(SIZES["10k"], out)
    return out, counts


def test_generator_is_deterministic(synthetic, tmp_path):
    out, counts = synthetic
    again = generate(SIZES["10k"], tmp_path / "again")
    assert again == counts
    assert digest(tmp_path / "again") == digest(out)
    other = generate(SIZES["10k"], tmp_path / "other", seed=8)
    assert digest(tmp_path / "other") != digest(out) and other["triples"] > 0


def test_generated_data_is_the_size_asked_and_valid(synthetic, cg):
    out, counts = synthetic
    assert 0.8 * SIZES["10k"] < counts["triples"] < 1.2 * SIZES["10k"]
    result = cg("validate", "--no-shacl", data=out)
    assert result.exit_code == 0, result.output[-2000:]


def test_generated_data_has_every_claim_class_and_hubs(synthetic):
    from generate import claim_roles

    from cartelgraph import open_graph

    out, _ = synthetic
    graph = open_graph(data=out)
    classes = {row["c"] for row in graph.select("SELECT DISTINCT ?c WHERE { ?x a ?c . ?c rdfs:subClassOf cg:Claim }")}
    assert set(claim_roles(REPO / "ontology" / "cartelgraph.ttl")) <= classes
    degrees = [
        row["n"]
        for row in graph.select(
            "SELECT ?e (COUNT(?c) AS ?n) WHERE { ?c cg:participant ?e } GROUP BY ?e ORDER BY DESC(?n)"
        )
    ]
    assert degrees[0] > 10 * degrees[len(degrees) // 2]  # a few hubs, many leaves


def test_benchmark_writes_every_row(tmp_path):
    from cartelgraph import queries

    report = tmp_path / "BENCHMARKS.md"
    report.write_text("# Benchmarks\n\n## Other section\n\nkept\n")
    # A short baseline limit (rdflib waits out its alarm on the slow queries: 60 s each by default)
    # and a short endpoint load: this checks the rows, not the figures.
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "run.py"),
            "--size",
            "10k",
            "--repeat",
            "1",
            "--baseline-timeout",
            "0.2",
            "--endpoint-seconds",
            "2",
            "--data",
            str(tmp_path / "data"),
            "--write",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    text = report.read_text()
    assert "## Other section\n\nkept" in text
    section = text[text.index("## Scale: 10k synthetic triples") :]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| measure")]
    measures = [row.split(" | ")[0][2:] for row in rows]
    expected = [
        "store build (persisted)",
        "reopen the built store + first query",
        "store build, side by side with raw pyoxigraph `bulk_load` + `optimize` of the same files "
        "(the baseline column)",
        "query — aggregate: claims by class and status",
        "query — two-hop: officials to cartels through one intermediary",
    ]
    expected += [f"query — named: {name}" for name in queries.load_all()]
    for measure in expected:
        assert measure in measures, measure
    for start in (
        "projection to networkx",
        "PageRank",
        "sampled betweenness",
        "cold `cartelgraph query`",
        "`viz",
        "endpoint, 8 clients",
    ):
        assert any(m.startswith(start) for m in measures), start
    assert any("(entity = hub" in m for m in measures)  # parameterised queries also run bound
    for row in rows:
        cells = row.split(" | ")
        assert cells[1].strip() and cells[1].strip() != "—", row  # every measure has a value
