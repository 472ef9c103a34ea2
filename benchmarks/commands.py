"""Timing of the investigator commands and the network page, through their library functions.

    python benchmarks/commands.py --data /tmp/synthetic-1m --repeat 5

:func:`time_commands` is what ``benchmarks/run.py`` calls: it opens the store for a data folder
(building it first if needed, untimed), picks the entities to ask about with one degree query
(the busiest entity, a lightly linked one, a name to search), then times each command
``repeat`` times and returns its median (p50) and p95 with the target it is held to.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

QUERY_TARGET = "<= 0.1 s at 1M triples"
VIZ_TARGET = "<= 5 s at 1M triples"

PICK_QUERY = """
SELECT ?entity ?label (COUNT(DISTINCT ?claim) AS ?claims) WHERE {
  ?claim cg:participant ?entity . ?entity rdfs:label ?label .
} GROUP BY ?entity ?label ORDER BY DESC(?claims) ?entity"""

MEASURE_QUERY = "SELECT ?measure WHERE { ?figure a cg:Figure ; cg:measure ?measure } ORDER BY ?measure LIMIT 1"
YEAR_QUERY = """
SELECT ?year (COUNT(*) AS ?claims) WHERE { ?claim a cg:Claim ; cg:date ?date BIND(SUBSTR(STR(?date), 1, 4) AS ?year) }
GROUP BY ?year ORDER BY DESC(?claims) ?year LIMIT 1"""


def pick_subjects(graph) -> dict:
    """What to ask about: ``hub`` (most claims), ``leaf`` (a lightly linked entity, for a
    path that has to search), ``search`` (the hub's name without accents, in lower case, so
    the accent-insensitive path is the one measured), ``measure`` (the first one) and ``year``
    (the year with the most claims)."""
    from cartelgraph.graph import shorten
    from cartelgraph.resolve import fold

    ranked = graph.select(PICK_QUERY)
    if not ranked:
        raise SystemExit("the graph has no claims to measure")
    hub = ranked[0]
    light = [r for r in ranked if r["claims"] == 2] or ranked[-1:]
    leaf = light[len(light) // 2]
    measures = graph.select(MEASURE_QUERY)
    years = graph.select(YEAR_QUERY)
    return {
        "hub": shorten(hub["entity"]),
        "hub_label": hub["label"],
        "leaf": shorten(leaf["entity"]),
        "search": fold(hub["label"]),
        "measure": measures[0]["measure"] if measures else "homicide",
        "year": years[0]["year"] if years else "2019",
    }


def commands(graph, subjects: dict) -> list[tuple[str, object, str]]:
    """``(name, function of no arguments, target)`` for each command measured, called as the
    command calls it (whole-graph listings with the command's default ``--limit``)."""
    from cartelgraph.commands.contested import DEFAULT_LIMIT as CONTESTED_LIMIT
    from cartelgraph.commands.figures import DEFAULT_LIMIT as FIGURES_LIMIT
    from cartelgraph.commands.timeline import DEFAULT_LIMIT as TIMELINE_LIMIT
    from cartelgraph.investigate import contested, dossier, figures, find_paths, search, timeline
    from cartelgraph.resolve import resolve
    from cartelgraph.viz import network_page

    page_file = Path(tempfile.gettempdir()) / "cartelgraph-bench-page.html"
    hub, leaf, year = subjects["hub"], subjects["leaf"], subjects["year"]
    return [
        (f"search {subjects['search']!r}", lambda: search(graph, subjects["search"]), QUERY_TARGET),
        (f"resolve {subjects['hub_label']!r}", lambda: resolve(graph, subjects["hub_label"]), QUERY_TARGET),
        (f"show {hub} (the busiest entity)", lambda: dossier(graph, hub), QUERY_TARGET),
        (f"path {leaf} {hub}", lambda: find_paths(graph, leaf, hub), QUERY_TARGET),
        (f"timeline {hub}", lambda: timeline(graph, hub), QUERY_TARGET),
        (
            f"timeline --from {year} --to {year}",
            lambda: timeline(graph, start=year, end=year, limit=TIMELINE_LIMIT),
            QUERY_TARGET,
        ),
        (
            f"figures --measure {subjects['measure']!r}",
            lambda: figures(graph, measure=subjects["measure"], limit=FIGURES_LIMIT),
            QUERY_TARGET,
        ),
        ("contested", lambda: contested(graph, limit=CONTESTED_LIMIT), QUERY_TARGET),
        ("viz --max-nodes 2000", lambda: network_page(graph, max_nodes=2000).save(page_file), VIZ_TARGET),
    ]


def time_commands(data_dir: Path, repeat: int) -> list[dict]:
    """Each command's median and p95 wall time in seconds over ``repeat`` runs on the store of
    ``data_dir``: rows ``{"measure", "p50", "p95", "target"}``."""
    from cartelgraph.errors import CartelgraphError
    from cartelgraph.graph import open_graph

    graph = open_graph(Path(data_dir))
    subjects = pick_subjects(graph)
    rows = []
    for name, work, target in commands(graph, subjects):
        runs = []
        try:
            for _ in range(max(1, repeat)):
                began = time.perf_counter()
                work()
                runs.append(time.perf_counter() - began)
        except CartelgraphError as error:  # a query past its time limit is a result, not a crash
            rows.append({"measure": name, "p50": None, "p95": None, "target": target, "error": str(error)})
            continue
        runs.sort()
        rows.append(
            {
                "measure": name,
                "p50": statistics.median(runs),
                "p95": runs[int(0.95 * (len(runs) - 1))],
                "target": target,
            }
        )
    return rows


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a data folder (ontology/ and graph/)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    for row in time_commands(args.data, args.repeat):
        if row["p50"] is None:
            print(f"{row['measure']:<60} failed: {row['error']}  ({row['target']})", flush=True)
        else:
            print(
                f"{row['measure']:<60} p50 {row['p50']:8.3f} s  p95 {row['p95']:8.3f} s  ({row['target']})", flush=True
            )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    main()
