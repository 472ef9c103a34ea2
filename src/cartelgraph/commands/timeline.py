"""cartelgraph timeline: claims in date order."""

import click

from cartelgraph.commands._output import emit, output_options, say_resolved
from cartelgraph.commands._types import DATE

# A whole graph's timeline can hold millions of claims; a page is what a reader reads.
DEFAULT_LIMIT = 200


@click.command()
@click.argument("entity", required=False)
@click.option(
    "--from", "start", type=DATE, metavar="DATE", help="Only claims overlapping this date or later (2019, 2019-06…)."
)
@click.option("--to", "end", type=DATE, metavar="DATE", help="Only claims overlapping this date or earlier.")
@click.option("--undated", is_flag=True, help="Also list the claims that have no date (after the dated ones).")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=DEFAULT_LIMIT,
    show_default=True,
    help="At most this many claims, the earliest first (0: all of them).",
)
@output_options("table", "json", "csv")
@click.pass_obj
def command(session, entity, start, end, undated, limit, fmt, output):
    """Claims in date order, all of them or those naming ENTITY in any role (participant, subject,
    instrument, place, asserter; the role is shown). Dates are shown as precise as the source
    gives them: a year stays a year. Curators' notes are shown under the claim.

    \b
    Examples:
      cartelgraph timeline "Ovidio Guzmán"
      cartelgraph timeline --from 2019 --to 2022 --format csv -o claims.csv
    """
    from cartelgraph.dates import check_period
    from cartelgraph.investigate.claims import flatten_claim
    from cartelgraph.investigate.render import timeline_text
    from cartelgraph.investigate.timeline import FIELDS, timeline

    check_period(start, end, "--from/--to")
    rows = timeline(session.graph, entity, start=start, end=end, undated=undated, limit=limit or None)
    left_out = rows.undated_left_out
    say_resolved(rows.resolved)
    notes = []
    if not rows:
        notes.append("no claim in this period" if start or end else "no claim to show")
    if rows.more:
        notes.append(f"showing the first {len(rows):,} of {rows.total:,} claims (--limit 0 lists all)")
    if left_out:
        notes.append(f"{left_out} undated claim{'s' if left_out != 1 else ''} not shown (--undated lists them)")
    emit(
        fmt,
        output,
        text=lambda: timeline_text(rows),
        data=rows,
        rows=[{**flatten_claim(c), "date_inferred": c["date_inferred"]} for c in rows],
        fields=FIELDS,
        empty="; ".join(notes) if not rows else None,
    )
    for note in notes if rows else ():
        click.echo(note, err=True)
