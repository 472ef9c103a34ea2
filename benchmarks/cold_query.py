"""Cold start: a new `cartelgraph query` process on an already-built store, and the store build.

Baseline, measured in the same run: a new Python process that parses the same Turtle files with
plain rdflib and answers the same query (what a script without cartelgraph would do).

    python benchmarks/cold_query.py [--data DIR] [--repeat 15] [--write BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
QUERY = "SELECT ?c (COUNT(?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c ORDER BY DESC(?n) LIMIT 5"
BASELINE = """
import sys
from pathlib import Path
from rdflib import Graph
data = Path(sys.argv[1])
graph = Graph()
for path in sorted((data / "ontology").glob("*.ttl")) + sorted((data / "graph").rglob("*.ttl")):
    if path.name != "shapes.ttl":
        graph.parse(path, format="turtle")
for row in graph.query(sys.argv[2]):
    print(*row, sep="\\t")
"""


def timed(command: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def median_of(command, env, repeat):
    runs = sorted(timed(command, env) for _ in range(repeat))
    return statistics.median(runs), runs[int(0.95 * (len(runs) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default=str(REPO))
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--write", metavar="FILE", help="replace the cold-start section of this Markdown file")
    args = parser.parse_args()
    cli = str(Path(sys.executable).with_name("cartelgraph"))
    cache = tempfile.mkdtemp(prefix="cg-bench-")
    env = {**os.environ, "CARTELGRAPH_CACHE": cache}
    build = timed([cli, "--data", args.data, "build"], env)
    query = [cli, "--data", args.data, "query", QUERY, "--format", "tsv"]
    cold, cold95 = median_of(query, env, args.repeat)
    base, base95 = median_of(
        [sys.executable, "-c", BASELINE, args.data, "PREFIX cg: <x:>\n" + QUERY], env, max(3, args.repeat // 3)
    )
    rows = [
        ("store build (first run, empty cache)", f"{build:.2f} s", "", ""),
        ("cold `cartelgraph query` (store built)", f"{cold:.3f} s", f"{cold95:.3f} s", f"{base / cold:.1f}x faster"),
        ("baseline: new process, rdflib parse + query", f"{base:.3f} s", f"{base95:.3f} s", "1.0x"),
    ]
    lines = [
        "## Cold start on the curated graph",
        "",
        f"Measured by `benchmarks/cold_query.py` on {platform.machine()} with {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; medians of {args.repeat} runs (baseline "
        f"{max(3, args.repeat // 3)}). Target: cold query under 0.3 s.",
        "",
        "| what | median | p95 | vs baseline |",
        "|---|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    section = "\n".join(lines) + "\n"
    print(section)
    if args.write:
        from run import write_section  # the same section writer as the scale benchmark

        write_section(Path(args.write), "## Cold start on the curated graph", section)


if __name__ == "__main__":
    main()
