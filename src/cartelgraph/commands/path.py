"""cartelgraph path: the shortest chains of claims between two entities."""

import click

from cartelgraph.commands._analytics import filter_options
from cartelgraph.commands._investigate import emit, output_options, say_resolved


@click.command()
@click.argument("source")
@click.argument("target")
@click.option("--max-hops", type=click.IntRange(min=1), default=4, show_default=True,
              help="Look no further than this many hops.")
@click.option("--limit", type=click.IntRange(min=1), default=5, show_default=True,
              help="At most this many paths when several are equally short (best supported first).")
@click.option("--avoid", multiple=True, metavar="ENTITY", help="Never pass through this entity; repeatable.")
@filter_options
@output_options
@click.pass_obj
def command(session, source, target, max_hops, limit, avoid, fmt, output, **filter_args):
    """The shortest chains of claims linking SOURCE to TARGET (names, aliases or IRIs), links read
    in both directions. Each hop lists the claims behind it with relation, direction, the role
    of each end, date, status, curators' notes and quote. Besides the derived edges, a claim links
    the entity it is about, the instrument it acts under and where it happened to each of its
    participants, so a chain can pass through an operation, a law or a place. "No path within N
    hops" is an answer (exit 0), not an error. The filters are those of the analytics commands;
    commentary (who spoke about whom, who asserts a claim) is not a link unless
    --include-commentary. A name that may mean several entities ("Sinaloa") is taken by the
    rule of `show`, and a note on stderr names the others.

    \b
    Examples:
      cartelgraph path "García Luna" "El Chapo" --max-hops 6
      cartelgraph path "Cienfuegos" "Sinaloa Cartel" --exclude-status Alleged
      cartelgraph path "García Luna" "Sinaloa Cartel" --administration amlo --dated-only
    """
    from cartelgraph.commands._analytics import build_filters
    from cartelgraph.investigate.paths import FIELDS, find_paths, path_rows

    filters = build_filters(session.graph, **filter_args)
    answer = find_paths(session.graph, source, target, max_hops=max_hops, limit=limit, filters=filters,
                        avoid=list(avoid))
    say_resolved(answer["resolved"])
    emit(fmt, output, table=lambda: render(answer), data=answer, rows=path_rows(answer), fields=FIELDS,
         empty=None if answer["paths"] else _no_path(answer))


def _no_path(answer: dict) -> str:
    ends = f"{answer['source']['label']} and {answer['target']['label']}"
    if answer["shortest"] is None and answer.get("searched"):
        return (f"no path within {answer['max_hops']} hops between {ends} "
                f"(a longer one was not searched for; try a larger --max-hops)")
    if answer["shortest"] is None:
        return f"no path between {ends} through the claims kept by the filters"
    return (f"no path within {answer['max_hops']} hops between {ends} "
            f"(the shortest has {answer['shortest']}; try --max-hops {answer['shortest']})")


def render(answer: dict) -> str:
    from rich.text import Text

    from cartelgraph.investigate.render import evidence_text, more_text, rendered, status_text, table

    shown, total = len(answer["paths"]), answer["total"]
    head = Text(f"{answer['source']['label']} → {answer['target']['label']}: {total} shortest "
                f"path{'s' if total != 1 else ''} of {answer['shortest']} hop{'s' if answer['shortest'] != 1 else ''}"
                + (f", showing {shown}" if shown < total else ""), style="bold")
    parts = [head]
    for number, path in enumerate(answer["paths"], 1):
        title = f"Path {number}: " + " — ".join(n["label"] for n in path["nodes"])
        grid = table("hop", "link", "when", "status", "evidence", title=title)
        for hop, step in enumerate(path["steps"], 1):
            if hop > 1:
                grid.add_section()
            for index, claim in enumerate(step["claims"]):
                a, b = (step["from_label"], claim["from_role"]), (step["to_label"], claim["to_role"])
                if claim["direction"] == "backward":
                    a, b = b, a
                arrow = "—" if claim["direction"] == "both" else "→"
                link = (f"{a[0]} —{claim['edge']}{arrow} {b[0]}\n"
                        f"({claim['relation']}: {a[0]} as {a[1]}; {b[0]} as {b[1]})")
                if more_text(claim):
                    link += "\n" + more_text(claim)
                grid.add_row(str(hop) if index == 0 else "", link, claim["when"], status_text(claim["status"]),
                             evidence_text(claim["evidence"]))
        parts.append(grid)
    return rendered(*parts)
