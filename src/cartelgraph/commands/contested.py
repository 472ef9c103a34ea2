"""cartelgraph contested: claims that sources state against each other, side by side."""

import click

from cartelgraph.commands._output import emit, output_options, say_resolved

# Whole-graph listings are read a page at a time.
DEFAULT_LIMIT = 200


@click.command()
@click.argument("entity", required=False)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=DEFAULT_LIMIT,
    show_default=True,
    help="At most this many pairs (0: all of them).",
)
@output_options("table", "json", "csv")
@click.pass_obj
def command(session, entity, limit, fmt, output):
    """Pairs of claims (or figures) that contradict each other, or a denial and the claim it
    denies, side by side with their sources and quotes. Both sides are kept: the graph does not
    decide who is right. With ENTITY, only pairs that involve it.

    \b
    Examples:
      cartelgraph contested
      cartelgraph contested "López Obrador" --format json
    """
    from cartelgraph.investigate.contested import FIELDS, contested, flatten_pair
    from cartelgraph.investigate.render import contested_text

    pairs = contested(session.graph, entity, limit=limit or None)
    say_resolved(pairs.resolved)
    emit(
        fmt,
        output,
        text=lambda: contested_text(pairs),
        data=pairs,
        rows=[flatten_pair(p) for p in pairs],
        fields=FIELDS,
        empty=None if pairs else "no contradicting claims" + (f" involving {entity!r}" if entity else ""),
    )
    if pairs.more:
        click.echo(f"showing the first {len(pairs):,} of {pairs.total:,} pairs (--limit 0 lists all)", err=True)
