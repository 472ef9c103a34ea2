"""Load test of ``cartelgraph serve``: CLIENTS concurrent clients for SECONDS on loopback.

Starts the endpoint on the repository's graph on a free port, has every client send the named
queries (and ``entity-claims`` for the seed entities) in turn over a kept-alive connection,
and counts answers, errors and latencies. The result goes to BENCHMARKS.md, in its own
section; the exit code is 1 if any request failed.

    python benchmarks/endpoint_load.py [--clients 8] [--seconds 20] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
SECTION = "## SPARQL endpoint load test"
SEEDS = ["genaro-garcia-luna", "sinaloa-cartel", "salvador-cienfuegos", "ovidio-guzman", "sedena"]


def workload() -> list[str]:
    from cartelgraph import queries

    found = [q.text for q in queries.load_all().values() if not q.params]
    entity_claims = queries.get("entity-claims").text
    for seed in SEEDS:
        found.append(entity_claims.replace("WHERE {", f"WHERE {{ VALUES ?entity {{ cgr:{seed} }}", 1))
    found.append("ASK { cgr:sinaloa-cartel a cg:Cartel }")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, data: Path = REPO) -> subprocess.Popen:
    script = Path(sys.executable).parent / "cartelgraph"
    process = subprocess.Popen(
        [str(script), "--data", str(data), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited: {process.stderr.read().decode()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/limits", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start within 120 s")


def client(url: str, texts: list[str], stop_at: float, offset: int, results: list, errors: list) -> None:
    with httpx.Client(timeout=60) as session:
        number = offset
        while time.monotonic() < stop_at:
            text = texts[number % len(texts)]
            number += 1
            started = time.monotonic()
            try:
                response = session.post(
                    url, data={"query": text}, headers={"Accept": "application/sparql-results+json"}
                )
                if response.status_code != 200:
                    errors.append(f"{response.status_code}: {response.text[:200]}")
                    continue
                response.json()
            except (httpx.HTTPError, ValueError) as error:
                errors.append(repr(error))
                continue
            results.append(time.monotonic() - started)


def run(clients: int, seconds: float, data: Path = REPO, texts: list[str] | None = None) -> dict:
    """Load ``cartelgraph serve`` on ``data`` with ``texts`` (default: :func:`workload`)."""
    port = free_port()
    server = start_server(port, data)
    url = f"http://127.0.0.1:{port}/sparql"
    texts = texts or workload()
    results: list[float] = []
    errors: list[str] = []
    try:
        started = time.monotonic()
        threads = [
            threading.Thread(target=client, args=(url, texts, started + seconds, i, results, errors))
            for i in range(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies = sorted(results)
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(results),
        "errors": len(errors),
        "throughput": len(results) / elapsed,
        "median_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else float("nan"),
        "queries": len(texts),
        "first_errors": errors[:3],
    }


def write_section(summary: dict) -> None:
    from cartelgraph.output import atomic_write

    path = REPO / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    section = (
        f"{SECTION}\n\n"
        "`python benchmarks/endpoint_load.py`: `cartelgraph serve` (default limits: 4 queries at once, "
        "10 s each) on the repository's graph; "
        f"{summary['clients']} clients on loopback, each sending the {summary['queries']} named and "
        f"seed-entity queries in turn for {summary['seconds']} s.\n\n"
        "| clients | requests | errors | throughput (queries/s) | median (ms) | p95 (ms) |\n"
        "|---|---|---|---|---|---|\n"
        f"| {summary['clients']} | {summary['requests']} | {summary['errors']} | {summary['throughput']:.1f} "
        f"| {summary['median_ms']:.0f} | {summary['p95_ms']:.0f} |\n\n"
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} cores shared with other work, Python {platform.python_version()}. Each query runs in the "
        "serving worker that reads its connection; the mix includes the seed entities' claims, which take tens "
        "of milliseconds each (see the section comparing with the Oxigraph server for small queries).\n"
    )
    start = text.find(SECTION)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + (text[end + 1 :] if end != -1 else "")
        text = text.replace(section + "## ", section + "\n## ")
    atomic_write(path, text.encode("utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--no-write", action="store_true", help="print only, leave BENCHMARKS.md alone")
    args = parser.parse_args()
    summary = run(args.clients, args.seconds)
    print(
        f"{summary['requests']} requests, {summary['errors']} errors, {summary['throughput']:.1f} queries/s, "
        f"median {summary['median_ms']:.0f} ms, p95 {summary['p95_ms']:.0f} ms"
    )
    for error in summary["first_errors"]:
        print("error:", error, file=sys.stderr)
    if not args.no_write:
        write_section(summary)
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
