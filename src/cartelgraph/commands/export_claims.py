"""cartelgraph export-claims: every claim and figure with its evidence, for spreadsheets."""

import click

from cartelgraph.commands._types import OutputPath


@click.command()
@click.option("-o", "--output", type=OutputPath(dir_okay=False), help="Write to FILE (.csv) instead of stdout.")
@click.pass_obj
def command(session, output):
    """Write every claim and figure with its evidence as CSV in the ingest format.

    One row per piece of evidence; rows of one claim share its id. Cells that a spreadsheet
    would run as a formula (starting with = + - @) get a leading apostrophe, which ingest
    removes, so the file ingests back to the same claims.
    """
    from cartelgraph.curation.export import claim_table
    from cartelgraph.curation.schema import load_schema
    from cartelgraph.output import csv_text, write_output

    graph = session.graph
    headers, rows = claim_table(graph, load_schema(graph, session.data_dir()))
    write_output(csv_text(rows, headers), output)
    click.echo(f"{len({row[0] for row in rows})} claim(s) and figure(s), {len(rows)} row(s)", err=True)
