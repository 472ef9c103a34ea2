"""cartelgraph ingest: claims, figures and entities from a CSV or JSON file."""

import click

from cartelgraph.curation.records import DEFAULT_MAX_ROWS


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["csv", "tsv", "json"]),
    help="Read FILE in this format whatever its name (default: from its extension).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_ROWS,
    show_default=True,
    help="Refuse a file of more records than this (and of more than 10 KB a record): "
    "each ingest validates the whole graph with them.",
)
@click.option(
    "--create-entities",
    is_flag=True,
    help="Allow rows whose class is an entity class (Person, Cartel…) to create new entities.",
)
@click.option("--dry-run", is_flag=True, help="Print the triples that would be added, and write nothing.")
@click.option(
    "--into", "target", metavar="NAME", help="Write to graph/ingested/NAME.ttl (default: the input file's name)."
)
@click.pass_obj
def command(session, file, file_format, max_rows, create_entities, dry_run, target):
    """Add the claims, figures and entities of FILE (.csv, .tsv or .json) to the graph.

    Each row names its class, its participants by role (names, aliases or IRIs), dates, status,
    source and verbatim quote; rows with the same id are one claim with several pieces of
    evidence. Nothing is written unless every row reads cleanly and the graph with the new
    triples validates (SHACL, checks, quotes); every bad row is listed with its row number and
    column. The same file ingested twice adds nothing. See docs/curation.md for the columns.
    """
    from cartelgraph.analytics.running import working
    from cartelgraph.cli import WRITES_LOCALLY
    from cartelgraph.curation.ingest import ingest

    graph = session.local_graph("ingest", refuse=WRITES_LOCALLY)
    result = ingest(
        graph,
        graph.data_dir,
        file,
        create_entities=create_entities,
        dry_run=dry_run,
        target=target,
        file_format=file_format,
        max_rows=max_rows,
        stage=lambda task: working(f"ingest: {task}"),
    )
    if dry_run and result.added:
        click.echo(result.turtle(), nl=False)
    click.echo(result.summary(), err=True)
