"""cartelgraph figures: the statistics, lined up by measure so trends read down the table."""

import click

from cartelgraph.commands._investigate import emit, output_options, say_resolved
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
@click.option("--limit", type=click.IntRange(min=0), default=DEFAULT_LIMIT, show_default=True,
              help="At most this many figures, the first in trend order (0: all of them).")
@output_options
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

    if period and (start or end):
        raise UsageError("give --period, or --from/--to, not both")
    if period:
        start = end = period
    from cartelgraph.dates import check_period

    check_period(start, end, "--from/--to")
    rows = figures(session.graph, measure=measure, place=place, producer=producer, about=about, start=start, end=end,
                   limit=limit or None)
    say_resolved(rows.resolved)
    emit(fmt, output, table=lambda: _render(rows), data=rows, rows=[flatten_figure(f) for f in rows],
         fields=FIELDS, empty=None if rows else "no figure matches")
    if rows.more:
        click.echo(f"showing the first {len(rows):,} of {rows.total:,} figures (--limit 0 lists all)", err=True)


def _render(rows):
    from cartelgraph.investigate.render import rendered

    return rendered(*figures_table(rows))


def figures_table(rows: list[dict], *, title: str | None = None, link: bool = False) -> list:
    """Figures as a table (the measure printed once per series) followed by the quotes, numbered
    as in the table's sources column, and the curators' notes, marked [n1], [n2]… by the value
    they concern, so the numbers stay readable on a narrow terminal. Every place and producer
    of a figure is shown, one a line, in label order."""
    from rich.text import Text

    from cartelgraph.investigate.render import evidence_text, table

    columns = ["measure", "value", "unit", "place", "period", "producer", "sources"]
    grid = table(*(columns + ["link"] if link else columns), title=title)
    quotes, notes = Text(), Text()
    previous, number, noted = None, 0, 0
    for figure in rows:
        series = (figure["measure"], figure["unit"], figure["place_label"])
        if previous is not None and series != previous:
            grid.add_section()
        period = figure["when"]
        if figure["period_label"] and figure["period_label"] != period:
            period = f"{period}\n“{figure['period_label']}”" if period else f"“{figure['period_label']}”"
        marks = []
        for item in figure["evidence"]:
            number += 1
            marks.append(f"[{number}] {item['source_title'] or item['source']}")
            quotes.append(f"[{number}] ")
            quotes.append_text(evidence_text([item]))
            quotes.append("\n")
        value = figure["value_text"]
        if figure["notes"]:
            noted += 1
            value += f" [n{noted}]"
            for note in figure["notes"]:
                notes.append(f"[n{noted}] ", style="bold")
                notes.append(f"{' '.join(note.split())}\n")
        cells = [figure["measure"] if series != previous else "", value, figure["unit"],
                 "\n".join(p["label"] for p in figure["places"]), period,
                 "\n".join(p["label"] for p in figure["producers"]), "\n".join(marks) or "no evidence recorded"]
        grid.add_row(*(cells + [figure["link"]] if link else cells))
        previous = series
    if notes:
        notes = Text("Curators' notes\n", style="bold").append_text(notes)
        return [grid, quotes, notes]
    return [grid, quotes]
