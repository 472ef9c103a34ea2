"""cartelgraph add-source: register a new document."""

import click

from cartelgraph.commands._types import DATE


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--title", required=True, help="The document's title (the source IRI is minted from it).")
@click.option(
    "--kind",
    default="NewsArticle",
    show_default=True,
    help="Source kind: NewsArticle, NGOReport, Commentary, OfficialDocument, AcademicWork, …",
)
@click.option("--publisher", help="The publishing entity (a name, alias or IRI in the graph).")
@click.option("--date", type=DATE, metavar="DATE", help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--author", help="The author as the document gives it.")
@click.option("--url", help="Where it was published (recorded, never fetched).")
@click.option("--dry-run", is_flag=True, help="Print the source's triples and write nothing.")
@click.pass_obj
def command(session, file, title, kind, publisher, date, author, url, dry_run):
    """Register FILE (UTF-8 text) as a source document.

    The text is copied to graph/sources/NNN-<title>.txt and the source described in
    graph/sources-added.ttl, so quotes from it can be ingested and checked.
    """
    from cartelgraph.cli import WRITES_LOCALLY
    from cartelgraph.curation import turtle
    from cartelgraph.curation.sources import add_source
    from cartelgraph.graph import shorten

    graph = session.local_graph("add-source", refuse=WRITES_LOCALLY)
    added = add_source(
        graph,
        graph.data_dir,
        file,
        title=title,
        kind=kind,
        publisher=publisher,
        date=date,
        author=author,
        url=url,
        dry_run=dry_run,
    )
    if dry_run:
        click.echo(turtle.serialize(added.triples), nl=False)
    elif not added.created:
        click.echo(f"already registered: {shorten(added.iri)} (graph/{added.text_file})", err=True)
    else:
        click.echo(f"registered {shorten(added.iri)}: text in graph/{added.text_file}", err=True)
    click.echo(shorten(added.iri))
