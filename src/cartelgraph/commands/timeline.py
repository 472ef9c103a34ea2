"""cartelgraph timeline: claims in date order."""

import click

from cartelgraph.commands._investigate import emit, output_options


@click.command()
@click.argument("entity", required=False)
@click.option("--from", "start", metavar="DATE", help="Only claims overlapping this date or later (2019, 2019-06…).")
@click.option("--to", "end", metavar="DATE", help="Only claims overlapping this date or earlier.")
@click.option("--undated", is_flag=True, help="Also list the claims that have no date (after the dated ones).")
@output_options
@click.pass_obj
def command(session, entity, start, end, undated, fmt, output):
    """Claims in date order, all of them or those ENTITY takes part in. Dates are shown as
    precise as the source gives them: a year stays a year.

    \b
    Examples:
      cartelgraph timeline "Ovidio Guzmán"
      cartelgraph timeline --from 2019 --to 2022 --format csv -o claims.csv
    """
    from cartelgraph.investigate.claims import flatten_claim
    from cartelgraph.investigate.timeline import FIELDS, timeline

    everything = timeline(session.graph, entity, start=start, end=end, undated=True)
    rows = everything if undated else [c for c in everything if c["when"]]
    left_out = len(everything) - len(rows)
    notes = []
    if not rows:
        notes.append("no claim in this period" if start or end else "no claim to show")
    if left_out:
        notes.append(f"{left_out} undated claim{'s' if left_out != 1 else ''} not shown (--undated lists them)")
    emit(fmt, output, table=lambda: render(rows), data=rows,
         rows=[{**flatten_claim(c), "date_inferred": c["date_inferred"]} for c in rows], fields=FIELDS,
         empty="; ".join(notes) if not rows else None)
    if rows and left_out:
        click.echo(notes[-1], err=True)


def render(rows: list[dict]) -> str:
    from cartelgraph.investigate.render import details_text, evidence_text, rendered, status_text, table

    grid = table("when", "relation", "participants", "status", "evidence")
    for claim in rows:
        who = "\n".join(f"{p['label']} ({p['role']})" for p in claim["participants"])
        if claim["details"]:
            who += "\n" + details_text(claim["details"])
        grid.add_row(claim["when"] or "undated", claim["relation"], who, status_text(claim["status"]),
                     evidence_text(claim["evidence"]))
    return rendered(grid)
