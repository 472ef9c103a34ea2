"""cartelgraph path: the shortest chains of claims between two entities."""

import click

from cartelgraph.commands._analytics import filter_options
from cartelgraph.commands._output import emit, output_options, say_resolved


@click.command()
@click.argument("source")
@click.argument("target")
@click.option(
    "--max-hops", type=click.IntRange(min=1), default=4, show_default=True, help="Look no further than this many hops."
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="At most this many paths when several are equally short (best supported first).",
)
@click.option("--avoid", multiple=True, metavar="ENTITY", help="Never pass through this entity; repeatable.")
@filter_options
@output_options("table", "json", "csv")
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
    from cartelgraph.investigate.render import paths_text

    filters = build_filters(session.graph, **filter_args)
    answer = find_paths(
        session.graph, source, target, max_hops=max_hops, limit=limit, filters=filters, avoid=list(avoid)
    )
    say_resolved(answer["resolved"])
    emit(
        fmt,
        output,
        text=lambda: paths_text(answer),
        data=answer,
        rows=path_rows(answer),
        fields=FIELDS,
        empty=None if answer["paths"] else _no_path(answer),
    )


def _no_path(answer: dict) -> str:
    ends = f"{answer['source']['label']} and {answer['target']['label']}"
    if answer["shortest"] is None and answer.get("searched"):
        return (
            f"no path within {answer['max_hops']} hops between {ends} "
            f"(a longer one was not searched for; try a larger --max-hops)"
        )
    if answer["shortest"] is None:
        return f"no path between {ends} through the claims kept by the filters"
    return (
        f"no path within {answer['max_hops']} hops between {ends} "
        f"(the shortest has {answer['shortest']}; try --max-hops {answer['shortest']})"
    )
