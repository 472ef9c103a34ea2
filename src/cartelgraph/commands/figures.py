"""cartelgraph figures: the statistics, lined up by measure so trends read down the table."""

import click

from cartelgraph.commands._investigate import emit, output_options


@click.command()
@click.option("--measure", metavar="TEXT", help="Measures containing TEXT (accents and case ignored).")
@click.option("--place", metavar="ENTITY", help="Figures covering this place (name, alias or IRI).")
@click.option("--producer", metavar="ENTITY", help="Figures produced by this entity.")
@click.option("--about", metavar="ENTITY", help="Figures about this entity.")
@click.option("--period", metavar="DATE", help="Figures whose period overlaps DATE (2019, 2019-06…).")
@click.option("--from", "start", metavar="DATE", help="Figures whose period overlaps this date or later.")
@click.option("--to", "end", metavar="DATE", help="Figures whose period overlaps this date or earlier.")
@output_options
@click.pass_obj
def command(session, measure, place, producer, about, period, start, end, fmt, output):
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
    rows = figures(session.graph, measure=measure, place=place, producer=producer, about=about, start=start, end=end)
    emit(fmt, output, table=lambda: _render(rows), data=rows, rows=[flatten_figure(f) for f in rows],
         fields=FIELDS, empty=None if rows else "no figure matches")


def _render(rows):
    from cartelgraph.investigate.render import rendered

    return rendered(*figures_table(rows))


def figures_table(rows: list[dict], *, title: str | None = None, link: bool = False) -> list:
    """Figures as a table (the measure printed once per series) followed by the quotes, numbered
    as in the table's sources column, so the numbers stay readable on a narrow terminal."""
    from rich.text import Text

    from cartelgraph.investigate.render import evidence_text, table

    columns = ["measure", "value", "unit", "place", "period", "producer", "sources"]
    grid = table(*(columns + ["link"] if link else columns), title=title)
    quotes = Text()
    previous, number = None, 0
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
        cells = [figure["measure"] if series != previous else "", figure["value_text"], figure["unit"],
                 figure["place_label"] or "", period, figure["producer_label"] or "",
                 "\n".join(marks) or "no evidence recorded"]
        grid.add_row(*(cells + [figure["link"]] if link else cells))
        previous = series
    return [grid, quotes]
