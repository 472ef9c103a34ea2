"""The benchmark: cartelgraph's embedded store against a plain rdflib ``Graph()`` baseline, on the
same synthetic data, in one run.

    python benchmarks/run.py --size 1m --write BENCHMARKS.md

Each measure runs in a fresh subprocess (so peak memory is its own and nothing is warm that a
user's process would not have). The baseline gets the same queries; a baseline step that runs
past ``--baseline-timeout`` seconds (default 60) is recorded as "> 60 s". Results are medians
(p50) and p95 over ``--repeat`` runs, and the ratio baseline / cartelgraph.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import SIZES, generate  # noqa: E402

# Queries every benchmark runs besides the named ones: an aggregate and a two-hop join, the two
# shapes the issue measures against rdflib.
BENCH_QUERIES = {
    "aggregate: claims by class and status": """
        SELECT ?class ?status (COUNT(?c) AS ?n) WHERE { ?c a ?class ; cg:status ?status }
        GROUP BY ?class ?status ORDER BY DESC(?n)""",
    "two-hop: officials to cartels through one intermediary": """
        SELECT ?official (COUNT(DISTINCT ?cartel) AS ?cartels) WHERE {
          ?official a cg:Official ; ?first ?middle .
          ?middle ?second ?cartel .
          ?cartel a cg:Cartel .
          ?first a cg:DerivedEdge . ?second a cg:DerivedEdge .
        } GROUP BY ?official ORDER BY DESC(?cartels) LIMIT 20""",
}

PRELUDE = textwrap.dedent("""
    import json, os, resource, sys, time, statistics
    def peak_mb():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    def report(**values):
        values["peak_mb"] = round(peak_mb(), 1)
        print("RESULT " + json.dumps(values))
    def percentiles(runs):
        runs = sorted(runs)
        return statistics.median(runs), runs[int(0.95 * (len(runs) - 1))]
""")


def run_child(code: str, timeout: float, env: dict) -> dict | None:
    """Run Python ``code`` in a new process; return what it reported, or None past the timeout."""
    try:
        done = subprocess.run([sys.executable, "-c", PRELUDE + textwrap.dedent(code)], env=env,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(f"benchmark step failed:\n{done.stderr[-3000:]}")


def measure(data: Path, repeat: int, baseline_timeout: float, cache: str) -> list[dict]:
    env = {**os.environ, "CARTELGRAPH_CACHE": cache, "PYTHONPATH": str(REPO / "src")}
    rows: list[dict] = []

    def add(name, ours, base=None, target=None, unit="s"):
        rows.append({"measure": name, "ours": ours, "base": base, "target": target, "unit": unit})
        print(f"  {name}: {ours} | baseline {base}", file=sys.stderr, flush=True)

    build = run_child(f"""
        t = time.perf_counter()
        from pathlib import Path
        from cartelgraph.store import ensure_store
        ensure_store(Path({str(data)!r}), progress=False)
        report(seconds=time.perf_counter() - t)""", 3600, env)
    queries = {**BENCH_QUERIES}
    from cartelgraph import queries as named  # the repo's package, for the list of named queries

    queries.update({f"named: {n}": q.text for n, q in named.load_all().items()})
    # The baseline parses once, then runs every query with an alarm at the timeout (rdflib is pure
    # Python, so the alarm really interrupts it).
    baseline = run_child(f"""
        import signal
        from pathlib import Path
        from rdflib import Graph
        from cartelgraph.sparql import PROLOGUE
        class Late(Exception):
            pass
        def late(*_):
            raise Late()
        signal.signal(signal.SIGALRM, late)
        t = time.perf_counter()
        g = Graph()
        data = Path({str(data)!r})
        for p in sorted((data / "ontology").glob("*.ttl")) + sorted((data / "graph").rglob("*.ttl")):
            if p.name != "shapes.ttl":
                g.parse(p, format="turtle")
        build = {{"seconds": time.perf_counter() - t, "peak_mb": round(peak_mb(), 1)}}
        out = {{}}
        for name, text in {queries!r}.items():
            runs = []
            for _ in range(max(1, {repeat} // 3)):
                signal.alarm(int({baseline_timeout}))
                try:
                    t = time.perf_counter()
                    list(g.query(PROLOGUE + text))
                    runs.append(time.perf_counter() - t)
                except Late:
                    runs = None
                    break
                finally:
                    signal.alarm(0)
            out[name] = None if runs is None else dict(zip(("seconds", "p95"), percentiles(runs)))
        report(build=build, queries=out)""", baseline_timeout * (len(queries) + 2) * max(1, repeat // 3) + 600, env)
    base_build = baseline["build"] if baseline else None
    if baseline and baseline["build"]["seconds"] > baseline_timeout:
        base_build = None
    add("store build (persisted)", build, base_build, target="<= 6 s, peak <= 1 GB")

    reopen = run_child(f"""
        from pathlib import Path
        runs = []
        for _ in range({repeat}):
            t = time.perf_counter()
            from cartelgraph.graph import open_graph
            g = open_graph(data=Path({str(data)!r}))
            g.query("ASK {{ ?s ?p ?o }}")
            runs.append(time.perf_counter() - t)
        p50, p95 = percentiles(runs)
        report(seconds=p50, p95=p95)""", 600, env)
    add("reopen the built store + first query", reopen, None, target="<= 0.5 s")

    ours = run_child(f"""
        from pathlib import Path
        from cartelgraph.graph import open_graph
        g = open_graph(data=Path({str(data)!r}))
        out = {{}}
        for name, text in {queries!r}.items():
            runs = []
            for _ in range({repeat}):
                t = time.perf_counter()
                g.query(text, timeout=600)
                runs.append(time.perf_counter() - t)
            out[name] = percentiles(runs)
        report(results=out)""", 3600, env)["results"]
    for name in queries:
        base = baseline["queries"].get(name) if baseline else None
        p50, p95 = ours[name]
        add(f"query — {name}", {"seconds": p50, "p95": p95}, base, target="p50 <= 100 ms")

    analytics = run_child(f"""
        from pathlib import Path
        from cartelgraph.graph import open_graph
        from cartelgraph.projection import project, weighted
        import networkx as nx
        g = open_graph(data=Path({str(data)!r}))
        t = time.perf_counter(); m = project(g); projection = time.perf_counter() - t
        w = weighted(m)
        t = time.perf_counter(); nx.pagerank(w, weight="weight"); pagerank = time.perf_counter() - t
        try:
            import networkit as nk
            t = time.perf_counter()
            index = {{node: i for i, node in enumerate(w)}}
            G = nk.Graph(len(index), weighted=True)
            for a, b, d in w.edges(data=True):
                G.addEdge(index[a], index[b], d["distance"])
            nk.centrality.EstimateBetweenness(G, 256, normalized=True, parallel=True).run()
            betweenness, engine = time.perf_counter() - t, "networkit"
        except ImportError:
            t = time.perf_counter()
            nx.betweenness_centrality(w, k=min(256, len(w)), seed=1, weight="distance")
            betweenness, engine = time.perf_counter() - t, "networkx"
        report(projection=projection, pagerank=pagerank, betweenness=betweenness, engine=engine,
               nodes=w.number_of_nodes(), edges=m.number_of_edges())""", 3600, env)
    add(f"projection to networkx ({analytics['nodes']:,} nodes, {analytics['edges']:,} edges)",
        {"seconds": analytics["projection"], "peak_mb": analytics["peak_mb"]}, None, target="<= 2 s")
    add("PageRank on the weighted projection", {"seconds": analytics["pagerank"]}, None, target="<= 3 s")
    add(f"sampled betweenness, k = 256 ({analytics['engine']})", {"seconds": analytics["betweenness"]}, None,
        target="<= 30 s")

    cold = run_child(f"""
        import subprocess
        cli = os.path.join(os.path.dirname(sys.executable), "cartelgraph")
        runs = []
        for _ in range({repeat}):
            t = time.perf_counter()
            subprocess.run([cli, "--data", {str(data)!r}, "query", "SELECT (COUNT(*) AS ?n) WHERE {{ ?c a cg:Claim }}",
                            "--format", "tsv"], check=True, capture_output=True)
            runs.append(time.perf_counter() - t)
        p50, p95 = percentiles(runs)
        report(seconds=p50, p95=p95)""", 600, env)
    add("cold `cartelgraph query` process (store built)", cold, None, target="<= 0.5 s")
    return rows


def _fmt_seconds(result: dict | None, timeout: float) -> str:
    if result is None:
        return f"> {timeout:g} s"
    seconds = result["seconds"]
    text = f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"
    if "p95" in result:
        p95 = result["p95"]
        text += f" (p95 {p95 * 1000:.0f} ms)" if p95 < 1 else f" (p95 {p95:.2f} s)"
    if "peak_mb" in result:
        text += f", peak {result['peak_mb']:.0f} MB"
    return text


def table(rows: list[dict], size: str, counts: dict, timeout: float) -> str:
    lines = [f"## Scale: {size} synthetic triples", "",
             f"`python benchmarks/run.py --size {size}` on {platform.machine()}, {os.cpu_count()} cores, "
             f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}. Data: "
             + ", ".join(f"{v:,} {k}" for k, v in counts.items()) + ".", "",
             "| measure | cartelgraph | plain rdflib baseline | ratio | target |", "|---|---|---|---|---|"]
    for row in rows:
        ours, base = row["ours"], row["base"]
        if base is None and row["measure"].startswith(("store build", "query")):
            ratio = f"> {timeout / ours['seconds']:.0f}x"
        elif base is not None:
            ratio = f"{base['seconds'] / ours['seconds']:.1f}x"
        else:
            ratio = ""
        base_text = _fmt_seconds(base, timeout) if row["measure"].startswith(("store build", "query")) else "—"
        lines.append(f"| {row['measure']} | {_fmt_seconds(ours, timeout)} | {base_text} | {ratio} | "
                     f"{row['target'] or ''} |")
    return "\n".join(lines) + "\n"


def write_section(path: Path, heading: str, section: str) -> None:
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    start = text.find(heading)
    if start >= 0:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end + 1:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=sorted(SIZES), default="10k")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline-timeout", type=float, default=60.0)
    parser.add_argument("--write", metavar="FILE", help="replace this size's section of a Markdown file")
    args = parser.parse_args()
    data = HERE / "data" / args.size
    counts = generate(SIZES[args.size], data)
    with tempfile.TemporaryDirectory(prefix="cg-bench-") as cache:
        rows = measure(data, args.repeat, args.baseline_timeout, cache)
    section = table(rows, args.size, counts, args.baseline_timeout)
    print(section)
    if args.write:
        write_section(Path(args.write), f"## Scale: {args.size} synthetic triples", section)


if __name__ == "__main__":
    main()
