"""cartelgraph figures: the statistics, lined up by measure so trends read down the table."""

import click

from cartelgraph.commands._output import emit, output_options, say_resolved
from cartelgraph.commands._types import DATE

# Whole-graph listings are read a page at a time.
DEFAULT_LIMIT = 500


@click.command()
@click.option("--measure", metavar="TEXT", help="Measures containing TEXT (accents and case ignored).")
@click.option("--place", metavar="ENTITY", help="Figures covering this place (name, alias or IRI).")
@click.option("--producer", metavar="ENTITY", help="Figures produced by this entity.")
@click.option("--about", metavar="ENTITY", help="Figures about this entity.")
@click.option("--period", type=DATE, metavar="DATE", help="Figures whose period overlaps DATE (2019, 2019-06…).")
@click.option("--from", "start", type=DATE, metavar="DATE", help="Figures whose period overlaps this date or later.")
@click.option("--to", "end", type=DATE, metavar="DATE", help="Figures whose period overlaps this date or earlier.")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=DEFAULT_LIMIT,
    show_default=True,
    help="At most this many figures, the first in trend order (0: all of them).",
)
@output_options("table", "json", "csv")
@click.pass_obj
def command(session, measure, place, producer, about, period, start, end, limit, fmt, output):
    """Statistics as the sources print them: value (with its qualifier and range), unit, measure,
    place, period, producer and the quoted source. Figures of one measure, unit and place are
    grouped and in date order, so a series reads as a trend.

    \b
    Examples:
      cartelgraph figures --measure deployed
      cartelgraph figures --producer SEDENA --from 2018 --format csv -o figures.csv
    """
    from cartelgraph.errors import UsageError
    from cartelgraph.investigate.figures import FIELDS, figures, flatten_figure
    from cartelgraph.investigate.render import figures_text

    if period and (start or end):
        raise UsageError("give --period, or --from/--to, not both")
    if period:
        start = end = period
    from cartelgraph.dates import check_period

    check_period(start, end, "--from/--to")
    rows = figures(
        session.graph,
        measure=measure,
        place=place,
        producer=producer,
        about=about,
        start=start,
        end=end,
        limit=limit or None,
    )
    say_resolved(rows.resolved)
    emit(
        fmt,
        output,
        text=lambda: figures_text(rows),
        data=rows,
        rows=[flatten_figure(f) for f in rows],
        fields=FIELDS,
        empty=None if rows else "no figure matches",
    )
    if rows.more:
        click.echo(f"showing the first {len(rows):,} of {rows.total:,} figures (--limit 0 lists all)", err=True)
