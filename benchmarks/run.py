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

# Queries every benchmark runs besides the named ones: aggregates and a two-hop join, the shapes
# the issue measures against rdflib. The simple aggregate groups one pattern; the other groups a
# join of every claim's status with each of its classes (~400k rows at 1M triples).
BENCH_QUERIES = {
    "aggregate: claims by status": """
        SELECT ?status (COUNT(?c) AS ?n) WHERE { ?c cg:status ?status } GROUP BY ?status ORDER BY DESC(?n)""",
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

# A realistic value for each named-query parameter: the busiest entity of the right kind (a hub),
# which is how an investigator runs them. Parameters without an entry here run unbound only.
HUBS = {
    "entity": "SELECT ?v WHERE { ?c cg:participant ?v } GROUP BY ?v ORDER BY DESC(COUNT(?c)) ?v LIMIT 1",
    "person": """SELECT ?v WHERE { ?c cg:arrestedPerson|cg:extraditedPerson|cg:releasedPerson ?v }
                 GROUP BY ?v ORDER BY DESC(COUNT(?c)) ?v LIMIT 1""",
    "actor": "SELECT ?v WHERE { ?c cg:colluder ?v } GROUP BY ?v ORDER BY DESC(COUNT(?c)) ?v LIMIT 1",
    "instrument": """SELECT ?v WHERE { ?v a cg:Law . ?c cg:participant|cg:instrument ?v }
                     GROUP BY ?v ORDER BY DESC(COUNT(?c)) ?v LIMIT 1""",
    "measure": "SELECT ?v WHERE { ?f cg:measure ?v } GROUP BY ?v ORDER BY DESC(COUNT(?f)) ?v LIMIT 1",
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
    def terms(spec):
        import pyoxigraph as ox
        return {k: ox.NamedNode(v) if kind == "iri" else ox.Literal(v) for k, (kind, v) in (spec or {}).items()}
""")


def run_child(code: str, timeout: float, env: dict) -> dict | None:
    """Run Python ``code`` in a new process; return what it reported, or None past the timeout."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", PRELUDE + textwrap.dedent(code)],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return None
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(f"benchmark step failed:\n{done.stderr[-3000:]}")


def build_side_by_side(data: Path, env: dict, pairs: int) -> tuple[dict, dict]:
    """The build (checks, inference, indexing) against the bare engine loading the same files,
    in alternating pairs of fresh processes; the median of each."""
    ours_code = f"""
        import tempfile
        from pathlib import Path
        from cartelgraph.data import input_files
        from cartelgraph.store import build_store
        data = Path({str(data)!r})
        with tempfile.TemporaryDirectory() as scratch:
            t = time.perf_counter()
            build_store(data, input_files(data), Path(scratch) / "store", progress=False)
            report(seconds=time.perf_counter() - t)"""
    raw_code = f"""
        import tempfile
        from pathlib import Path
        import pyoxigraph as ox
        from cartelgraph.data import input_files
        files = input_files(Path({str(data)!r}))
        with tempfile.TemporaryDirectory() as scratch:
            t = time.perf_counter()
            store = ox.Store(scratch + "/store")
            for path in files:
                store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
            store.optimize()
            store.flush()
            report(seconds=time.perf_counter() - t)"""
    ours, raw = [], []
    for _ in range(pairs):
        ours.append(run_child(ours_code, 3600, env))
        raw.append(run_child(raw_code, 3600, env))

    def median(results: list[dict]) -> dict:
        results = sorted(results, key=lambda result: result["seconds"])
        return results[len(results) // 2]

    return median(ours), median(raw)


def named_queries(data: Path, cache: str, only: set[str] | None = None, bound_only: bool = False) -> dict:
    """Every named query unbound, and again with each parameter bound to a hub (see HUBS):
    ``{label: (text, {param: (kind, value)} or None)}``. ``only`` keeps those names."""
    import pyoxigraph as ox

    from cartelgraph import queries as named
    from cartelgraph.graph import open_graph

    os.environ["CARTELGRAPH_CACHE"] = cache
    graph = open_graph(data=data)
    found = {}
    for name, query in named.load_all().items():
        if only is not None and name not in only:
            continue
        if not (bound_only and query.params):
            found[f"named: {name}"] = (query.text, None)
        for param in query.params:
            if param not in HUBS:
                continue
            rows = graph.query(HUBS[param], timeout=600).rows
            if not rows:
                continue
            value = rows[0]["v"]
            kind = "iri" if isinstance(value, ox.NamedNode) else "literal"
            shown = value.value.rsplit("/", 1)[-1] if kind == "iri" else value.value
            found[f"named: {name} ({param} = hub {shown})"] = (query.text, {param: (kind, value.value)})
    return found


def measure(
    data: Path,
    repeat: int,
    baseline_timeout: float,
    cache: str,
    *,
    baseline_on: bool = True,
    only_named: set[str] | None = None,
    full: bool = True,
    endpoint_seconds: float = 20.0,
) -> list[dict]:
    env = {**os.environ, "CARTELGRAPH_CACHE": cache, "PYTHONPATH": str(REPO / "src")}
    rows: list[dict] = []

    def add(name, ours, base=None, target=None, unit="s"):
        rows.append({"measure": name, "ours": ours, "base": base, "target": target, "unit": unit})
        print(f"  {name}: {ours} | baseline {base}", file=sys.stderr, flush=True)

    build = run_child(
        f"""
        t = time.perf_counter()
        from pathlib import Path
        from cartelgraph.store import ensure_store
        ensure_store(Path({str(data)!r}), progress=False)
        report(seconds=time.perf_counter() - t)""",
        3600,
        env,
    )
    queries = {name: (text, None) for name, text in BENCH_QUERIES.items()}
    queries.update(named_queries(data, cache, only=only_named, bound_only=not full))
    # The baseline parses once, then runs every query with an alarm at the timeout (rdflib is pure
    # Python, so the alarm really interrupts it).
    baseline = (
        None
        if not baseline_on
        else run_child(
            f"""
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
        # The queries read what the build infers (superclass types, cg:participant, derived
        # edges): rdflib gets the same triples, from the built store, so both answer the same.
        import pyoxigraph as ox
        from cartelgraph.graph import open_graph
        from cartelgraph.inference import infer
        from cartelgraph.data import input_files
        import tempfile
        with tempfile.TemporaryDirectory() as scratch:
            inferred = Path(scratch) / "inferred.nt"
            infer(ox.Store.read_only(str(open_graph(data=data).store_path)), input_files(data), inferred)
            g.parse(inferred, format="nt")
        out = {{}}
        from cartelgraph.substitute import bind
        for name, (text, spec) in {queries!r}.items():
            runs = []
            text = bind(text, terms(spec))
            for _ in range(max(1, {repeat} // 3)):
                signal.setitimer(signal.ITIMER_REAL, {baseline_timeout})  # alarm() takes whole seconds only
                try:
                    t = time.perf_counter()
                    list(g.query(PROLOGUE + text))
                    runs.append(time.perf_counter() - t)
                except Late:
                    runs = None
                    break
                except Exception as error:  # rdflib cannot answer it (a bug of its own): say so
                    runs = {{"error": type(error).__name__ + " in rdflib"}}
                    break
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            if isinstance(runs, dict):
                out[name] = runs
            else:
                out[name] = None if runs is None else dict(zip(("seconds", "p95"), percentiles(runs)))
        report(build=build, queries=out)""",
            baseline_timeout * (len(queries) + 2) * max(1, repeat // 3) + 600,
            env,
        )
    )
    base_build = baseline["build"] if baseline else None
    if baseline and baseline["build"]["seconds"] > baseline_timeout:
        base_build = None
    add("store build (persisted)", build, base_build, target="<= 6 s, peak <= 1 GB")
    ours_build, raw_build = build_side_by_side(data, env, pairs=max(1, min(3, repeat)))
    add(
        "store build, side by side with raw pyoxigraph `bulk_load` + `optimize` of the same files "
        "(the baseline column)",
        ours_build,
        raw_build,
        target="within 1.5x of raw",
    )

    reopen = run_child(
        f"""
        from pathlib import Path
        runs = []
        for _ in range({repeat}):
            t = time.perf_counter()
            from cartelgraph.graph import open_graph
            g = open_graph(data=Path({str(data)!r}))
            g.query("ASK {{ ?s ?p ?o }}")
            runs.append(time.perf_counter() - t)
        p50, p95 = percentiles(runs)
        report(seconds=p50, p95=p95)""",
        600,
        env,
    )
    add("reopen the built store + first query", reopen, None, target="<= 0.5 s")

    ours = run_child(
        f"""
        from pathlib import Path
        from cartelgraph.graph import open_graph
        g = open_graph(data=Path({str(data)!r}))
        out = {{}}
        for name, (text, spec) in {queries!r}.items():
            runs = []
            params = terms(spec)
            for _ in range({repeat}):
                t = time.perf_counter()
                g.query(text, params, timeout=600)
                runs.append(time.perf_counter() - t)
            out[name] = percentiles(runs)
        report(results=out)""",
        3600,
        env,
    )["results"]
    for name in queries:
        base = baseline["queries"].get(name) if baseline else None
        p50, p95 = ours[name]
        add(f"query — {name}", {"seconds": p50, "p95": p95}, base, target="p50 <= 100 ms")

    if not full:
        return rows
    # The library functions users call: the projection behind every analytic, PageRank, and the
    # sampled betweenness (networkit above 5,000 nodes when installed).
    # The projection's rows are computed once per store and kept beside it (graph.cached): the
    # first projection of a new store and every later one are measured apart, as is the first
    # network page.
    analytics = run_child(
        f"""
        from pathlib import Path
        from cartelgraph.graph import open_graph
        from cartelgraph.analytics import network, pagerank, betweenness
        from cartelgraph.analytics.centrality import LARGE_GRAPH, _networkit
        from cartelgraph.projection import PROJECTION_CACHE
        from cartelgraph.store import derived_file
        from cartelgraph.viz import network_page
        g = open_graph(data=Path({str(data)!r}))
        rows = derived_file(g.store_path, PROJECTION_CACHE)
        rows.unlink(missing_ok=True)
        t = time.perf_counter(); w = network(g); first = time.perf_counter() - t
        runs = []
        for _ in range({repeat}):
            t = time.perf_counter(); w = network(g); runs.append(time.perf_counter() - t)
        later, later95 = percentiles(runs)
        t = time.perf_counter(); pagerank(w); pr = time.perf_counter() - t
        t = time.perf_counter(); betweenness(w, k=256, seed=1); bc = time.perf_counter() - t
        engine = "networkit" if len(w) > LARGE_GRAPH and _networkit() else "networkx"
        rows.unlink(missing_ok=True)
        import tempfile
        t = time.perf_counter()
        network_page(g, max_nodes=2000).save(Path(tempfile.gettempdir()) / "cartelgraph-bench-page.html")
        page = time.perf_counter() - t
        report(first=first, later=later, later95=later95, pagerank=pr, betweenness=bc, engine=engine, page=page,
               nodes=w.number_of_nodes(), edges=w.number_of_edges())""",
        3600,
        env,
    )
    size = f"{analytics['nodes']:,} nodes, {analytics['edges']:,} links"
    add(
        f"projection to networkx, `analytics.network` ({size}), first on a new store",
        {"seconds": analytics["first"], "peak_mb": analytics["peak_mb"]},
        None,
        target="<= 2 s",
    )
    add(
        "projection to networkx, `analytics.network`, later (rows kept beside the store)",
        {"seconds": analytics["later"], "p95": analytics["later95"]},
        None,
        target="<= 2 s",
    )
    add("PageRank, `analytics.pagerank`", {"seconds": analytics["pagerank"]}, None, target="<= 3 s")
    add(
        f"sampled betweenness, k = 256, `analytics.betweenness` ({analytics['engine']})",
        {"seconds": analytics["betweenness"]},
        None,
        target="<= 30 s",
    )
    add(
        "`viz --max-nodes 2000`, first page on a new store (projection rows computed)",
        {"seconds": analytics["page"]},
        None,
        target="<= 5 s",
    )

    cold = run_child(
        f"""
        import subprocess
        cli = os.path.join(os.path.dirname(sys.executable), "cartelgraph")
        runs = []
        for _ in range({repeat}):
            t = time.perf_counter()
            subprocess.run([cli, "--data", {str(data)!r}, "query", "SELECT (COUNT(*) AS ?n) WHERE {{ ?c a cg:Claim }}",
                            "--format", "tsv"], check=True, capture_output=True)
            runs.append(time.perf_counter() - t)
        p50, p95 = percentiles(runs)
        report(seconds=p50, p95=p95)""",
        600,
        env,
    )
    add("cold `cartelgraph query` process (store built)", cold, None, target="<= 0.5 s")

    # The investigator commands and the network page, through the library functions the commands
    # call (benchmarks/commands.py), in their own process.
    commands = run_child(
        f"""
        sys.path.insert(0, {str(HERE)!r})
        from pathlib import Path
        from commands import time_commands
        report(rows=time_commands(Path({str(data)!r}), {repeat}))""",
        3600,
        env,
    )
    for row in commands["rows"]:
        timed = {"error": row["error"]} if row["p50"] is None else {"seconds": row["p50"], "p95": row["p95"]}
        add(f"command — {row['measure']}", timed, None, target=row["target"])

    # The endpoint: 8 clients on `cartelgraph serve`, sending the hub-bound named queries and the
    # two benchmark queries in turn (endpoint_load.py does the same on the curated graph).
    import endpoint_load

    from cartelgraph.substitute import bind

    workload = [bind(text, _terms(spec)) for text, spec in queries.values() if spec or text in BENCH_QUERIES.values()]
    os.environ["CARTELGRAPH_CACHE"] = cache
    load = endpoint_load.run(8, endpoint_seconds, data=data, texts=workload)
    add(
        f"endpoint, 8 clients for {endpoint_seconds:g} s ({len(workload)} queries in turn; {load['errors']} errors)",
        {"seconds": load["median_ms"] / 1000, "p95": load["p95_ms"] / 1000, "throughput": load["throughput"]},
        None,
        target="throughput stated",
    )
    return rows


def _terms(spec):
    import pyoxigraph as ox

    return {k: ox.NamedNode(v) if kind == "iri" else ox.Literal(v) for k, (kind, v) in (spec or {}).items()}


def _fmt_seconds(result: dict | None, timeout: float) -> str:
    if result is None:
        return f"> {timeout:g} s"
    if "error" in result:
        return f"fails ({result['error']})"
    seconds = result["seconds"]
    text = f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"
    if "p95" in result:
        p95 = result["p95"]
        text += f" (p95 {p95 * 1000:.0f} ms)" if p95 < 1 else f" (p95 {p95:.2f} s)"
    if "throughput" in result:
        text = f"{result['throughput']:.1f} queries/s; median " + text
    if "peak_mb" in result:
        text += f", peak {result['peak_mb']:.0f} MB"
    return text


def table(rows: list[dict], size: str, counts: dict, timeout: float, baseline_on: bool = True) -> str:
    lines = [
        f"## Scale: {size} synthetic triples",
        "",
        f"`python benchmarks/run.py --size {size}` on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}. Data: "
        + ", ".join(f"{v:,} {k}" for k, v in counts.items())
        + ".",
        "",
        "Baseline: plain rdflib, and raw pyoxigraph for the build side by side; the ratio is the "
        "baseline's time over cartelgraph's (below 1: cartelgraph is slower).",
        "",
        "| measure | cartelgraph | baseline | ratio | target |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        ours, base = row["ours"], row["base"]
        if base is None and baseline_on and row["measure"].startswith(("store build", "query")):
            ratio = f"> {timeout / ours['seconds']:.0f}x"
        elif base is not None and "error" in base:
            ratio = "—"
        elif base is not None:
            ratio = f"{base['seconds'] / ours['seconds']:.1f}x"
        else:
            ratio = ""
        base_text = "—"
        if baseline_on and row["measure"].startswith(("store build", "query")):
            base_text = _fmt_seconds(base, timeout)
        lines.append(
            f"| {row['measure']} | {_fmt_seconds(ours, timeout)} | {base_text} | {ratio} | {row['target'] or ''} |"
        )
    return "\n".join(lines) + "\n"


def write_section(path: Path, heading: str, section: str) -> None:
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    start = text.find(heading)
    if start >= 0:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section.rstrip("\n") + "\n" + ("\n" + text[end + 1 :] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=sorted(SIZES), default="10k")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline-timeout", type=float, default=60.0)
    parser.add_argument("--no-baseline", action="store_true", help="skip rdflib (it needs ~7 GB at 5M triples)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="build, reopen and queries only (named ones bound to a hub when they take a "
        "parameter; no analytics, cold start or endpoint)",
    )
    parser.add_argument("--named", help="comma-separated named queries to run (default: all)")
    parser.add_argument("--endpoint-seconds", type=float, default=20.0, help="how long the endpoint is loaded")
    parser.add_argument("--data", type=Path, help="generated data folder (default: benchmarks/data/SIZE)")
    parser.add_argument("--write", metavar="FILE", help="replace this size's section of a Markdown file")
    args = parser.parse_args()
    data = args.data or HERE / "data" / args.size
    counts = generate(SIZES[args.size], data)
    with tempfile.TemporaryDirectory(prefix="cg-bench-") as cache:
        rows = measure(
            data,
            args.repeat,
            args.baseline_timeout,
            cache,
            baseline_on=not args.no_baseline,
            only_named=set(args.named.split(",")) if args.named else None,
            full=not args.quick,
            endpoint_seconds=args.endpoint_seconds,
        )
    section = table(rows, args.size, counts, args.baseline_timeout, baseline_on=not args.no_baseline)
    print(section)
    if args.write:
        write_section(Path(args.write), f"## Scale: {args.size} synthetic triples", section)


if __name__ == "__main__":
    main()
