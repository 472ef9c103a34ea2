"""``cartelgraph serve`` against the native Oxigraph server, on the same store, in one run.

Both servers open the same embedded store read-only: ``cartelgraph serve`` and ``oxigraph
serve-read-only`` (the PyPI ``oxigraph`` package: the same engine and store format). The
same client drives both: CLIENTS keep-alive connections cycling four small SELECTs for
SECONDS. The client is a plain asyncio HTTP/1.1 loop (no HTTP library in the way); its own
ceiling is measured first against a trivial asyncio server that answers a fixed body. Then,
on each server, the latency of a small query while four slow ones run.

    python benchmarks/endpoint_compare.py [--size curated|1m] [--clients 8] [--seconds 10] [--write BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import SIZES, generate  # noqa: E402

from cartelgraph.sparql import PROLOGUE  # noqa: E402

SECTION = "## Endpoint against the Oxigraph server"  # + ": SIZE"
SMALL = [
    "SELECT ?c ?label WHERE { ?c a cg:Cartel ; rdfs:label ?label } ORDER BY ?c",
    "ASK { cgr:sinaloa-cartel a cg:Cartel }",
    "SELECT ?claim WHERE { ?claim cg:participant cgr:genaro-garcia-luna } ORDER BY ?claim LIMIT 20",
    "SELECT (COUNT(*) AS ?n) WHERE { ?claim a cg:Arrest }",
]
LIMIT = 5.0  # both servers' time limit, in seconds
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _request(reader, writer, path: str, host: str) -> int:
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/sparql-results+json\r\n\r\n".encode())
    await writer.drain()
    status_line = await reader.readline()
    length, chunked = 0, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if not chunked:
        await reader.readexactly(length)
    else:
        while size := int((await reader.readline()).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readline()
    if not status_line:
        raise ConnectionError(f"{host} closed the connection")
    return int(status_line.split()[1])


async def _drive(host: str, paths: list[str], clients: int, seconds: float, warmup: float = 1.0) -> dict:
    """Keep ``clients`` connections busy for ``warmup`` + ``seconds``; count only the last
    ``seconds`` (the same connections throughout: the Oxigraph server keeps a thread on a
    closed keep-alive connection for a while, so new connections would wait for them)."""
    latencies: list[float] = []
    errors: dict[int, int] = {}
    counting = time.monotonic() + warmup
    stop = counting + seconds
    address, port = host.split(":")

    async def client(offset: int):
        reader, writer = await asyncio.open_connection(address, int(port))
        number = offset
        while time.monotonic() < stop:
            started = time.perf_counter()
            status = await _request(reader, writer, paths[number % len(paths)], host)
            if time.monotonic() < counting:
                continue
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors[status] = errors.get(status, 0) + 1
            number += 1
        writer.close()

    await asyncio.gather(*(client(n) for n in range(clients)))
    elapsed = time.monotonic() - counting
    latencies.sort()
    return {
        "qps": len(latencies) / elapsed,
        "p50": _pct(latencies, 50),
        "p95": _pct(latencies, 95),
        "p99": _pct(latencies, 99),
        "errors": sum(errors.values()),
        "statuses": errors,
        "count": len(latencies),
    }


def _pct(values: list[float], percent: int) -> float:
    return values[min(len(values) - 1, int(len(values) * percent / 100))] * 1000


def trivial_server(port: int) -> None:
    """A fixed answer over HTTP/1.1 keep-alive, until killed: the client's ceiling (run in a
    process of its own, so that it does not share the client's interpreter)."""
    body = b'{"head":{},"boolean":true}'
    answer = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)

    async def handle(reader, writer):
        try:
            while True:
                await reader.readuntil(b"\r\n\r\n")
                writer.write(answer)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", port)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def _wait_up(url: str, process: subprocess.Popen | None = None) -> None:
    import httpx

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"server exited: {process.stderr.read().decode()[-2000:]}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not start")


def _small_while_slow(base: str, path_of, limit: float) -> dict:
    """With four slow queries running: the seconds a small query takes, and whether the slow
    ones were stopped at the server's time limit (answered within ``limit`` + 5 s)."""
    import httpx

    slow_times: list[float] = []

    def slow() -> None:
        started = time.monotonic()
        try:
            httpx.get(base + path_of(SLOW), timeout=limit + 5)
        except httpx.HTTPError:
            pass  # no answer in time: recorded by its duration
        slow_times.append(time.monotonic() - started)

    threads = [threading.Thread(target=slow) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    response = httpx.get(base + path_of(SMALL[1]), timeout=60)
    small = time.monotonic() - started
    for thread in threads:
        thread.join()
    return {"small": small, "status": response.status_code, "stopped": max(slow_times) < limit + 4}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="curated", help="curated, or a synthetic size such as 1m")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--write", metavar="FILE")
    parser.add_argument("--trivial-server", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.trivial_server:
        trivial_server(args.trivial_server)
        return 0

    from cartelgraph.store import ensure_store

    data = REPO if args.size == "curated" else _synthetic(args.size)
    store = ensure_store(data)
    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    cartelgraph = str(Path(sys.executable).parent / "cartelgraph")
    ports = {name: free_port() for name in ("trivial", "oxigraph", "oxigraph-limited", "cartelgraph")}
    # Two Oxigraph servers: with --timeout-s it starts a timer thread per query that lives as long
    # as the limit, and under this load it ran out of threads and aborted; so its throughput is
    # measured without a limit, and the slow queries on a second one that has the limit.
    servers = {
        "oxigraph": subprocess.Popen(
            [oxigraph, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{ports['oxigraph']}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        ),
        "oxigraph-limited": subprocess.Popen(
            [
                oxigraph,
                "serve-read-only",
                "--location",
                str(store),
                "--bind",
                f"127.0.0.1:{ports['oxigraph-limited']}",
                "--timeout-s",
                str(int(LIMIT)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        ),
        "cartelgraph": subprocess.Popen(
            [cartelgraph, "--data", str(data), "serve", "--port", str(ports["cartelgraph"]), "--timeout", str(LIMIT)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        ),
    }
    servers["trivial"] = subprocess.Popen(
        [sys.executable, __file__, "--trivial-server", str(ports["trivial"])], stderr=subprocess.PIPE
    )
    paths = {
        "trivial": lambda text: "/",
        "oxigraph": lambda text: "/query?query=" + quote(PROLOGUE + text),
        "oxigraph-limited": lambda text: "/query?query=" + quote(PROLOGUE + text),
        "cartelgraph": lambda text: "/sparql?query=" + quote(text),
    }
    try:
        for name, process in servers.items():
            _wait_up(f"http://127.0.0.1:{ports[name]}{paths[name](SMALL[1])}", process)
        rows = {}
        for name in ("trivial", "oxigraph", "cartelgraph"):
            host = f"127.0.0.1:{ports[name]}"
            rows[name] = asyncio.run(_drive(host, [paths[name](text) for text in SMALL], args.clients, args.seconds))
        # cartelgraph first: the Oxigraph server's time limit does not stop these slow queries,
        # which then keep its threads busy until it is stopped.
        rows["cartelgraph"]["busy"] = _small_while_slow(
            f"http://127.0.0.1:{ports['cartelgraph']}", paths["cartelgraph"], LIMIT
        )
        rows["oxigraph"]["busy"] = _small_while_slow(
            f"http://127.0.0.1:{ports['oxigraph-limited']}", paths["oxigraph-limited"], LIMIT
        )
    finally:
        for process in servers.values():
            process.kill()
            process.wait(30)
    report = _report(args, rows)
    print(report)
    if args.write:
        _write_section(Path(args.write), f"{SECTION}: {args.size}", report)
    return 1 if any(row["errors"] for row in rows.values()) else 0


def _synthetic(size: str) -> Path:
    """The synthetic graph of ``size`` (as benchmarks/run.py makes it), generated if missing."""
    if size not in SIZES:
        raise SystemExit(f"--size {size}: choose curated or one of {', '.join(SIZES)}")
    data = HERE / "data" / size
    generate(SIZES[size], data)
    return data


def _report(args, rows: dict) -> str:
    ratio = rows["cartelgraph"]["qps"] / rows["oxigraph"]["qps"]
    lines = [
        f"{SECTION}: {args.size}",
        "",
        f"`python benchmarks/endpoint_compare.py --size {args.size} --clients {args.clients} --seconds "
        f"{args.seconds:g}` on {platform.node() or 'this machine'} ({os.cpu_count()} cores), one run: "
        f"{args.clients} keep-alive clients cycling {len(SMALL)} small SELECTs; both servers read the same store.",
        "",
        "| server | queries/s | p50 | p95 | p99 | errors | small query while 4 slow run "
        "| slow ones stopped at the limit |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, label in (
        ("trivial", "fixed answer (the client's ceiling)"),
        ("oxigraph", "`oxigraph serve-read-only` (slow queries: with `--timeout-s`)"),
        ("cartelgraph", "`cartelgraph serve`"),
    ):
        row = rows[name]
        busy = row.get("busy")
        busy_text = f"{busy['small']:.2f} s (status {busy['status']})" if busy else "—"
        stopped = "—"
        if busy:
            stopped = "yes" if busy["stopped"] else f"no (no answer {LIMIT + 5:g} s after they were sent)"
        lines.append(
            f"| {label} | {row['qps']:,.0f} | {row['p50']:.1f} ms | {row['p95']:.1f} ms | "
            f"{row['p99']:.1f} ms | {row['errors']} | {busy_text} | {stopped} |"
        )
    lines += ["", f"cartelgraph's throughput is **{ratio:.0%}** of the Oxigraph server's in this run.", ""]
    return "\n".join(lines)


def _write_section(path: Path, heading: str, report: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start = text.find(heading + "\n")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + report
    else:
        end = text.find("\n## ", start + len(heading))
        text = text[:start] + report.rstrip("\n") + "\n\n" + (text[end + 1 :] if end != -1 else "")
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
