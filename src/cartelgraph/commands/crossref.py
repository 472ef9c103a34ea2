"""cartelgraph crossref: the entities that appear in more than one source document."""

import click

from cartelgraph.commands._output import emit, output_options


@click.command()
@click.option(
    "--type",
    "types",
    multiple=True,
    metavar="CLASS",
    help="Only entities of this class (Person, Official, Cartel, Agency…; subclasses count); "
    "repeatable or comma-separated.",
)
@click.option(
    "--min-sources",
    type=click.IntRange(min=2),
    default=2,
    show_default=True,
    help="Only entities appearing in at least this many documents.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="At most this many entities, those in the most documents first (0: all of them).",
)
@output_options("table", "json", "csv")
@click.pass_obj
def command(session, types, min_sources, limit, fmt, output):
    """The people, organisations and every other entity that appear in more than one source
    document, with the documents: an entity appears in a document when a claim or figure quoted
    from it names the entity, in any role. Those in the most documents first. The named query
    entities-in-several-sources gives the same rows to SPARQL users. CSV and DataFrames have one
    row per entity and document.

    \b
    Examples:
      cartelgraph crossref --type Person,CriminalOrganization
      cartelgraph crossref --min-sources 3 --format csv -o shared.csv
    """
    from cartelgraph.investigate.crossref import FIELDS, crossref, flatten
    from cartelgraph.investigate.render import crossref_text
    from cartelgraph.text import name_list

    rows = crossref(session.graph, classes=name_list(types) or None, min_sources=min_sources, limit=limit or None)
    emit(
        fmt,
        output,
        text=lambda: crossref_text(rows),
        data=rows,
        rows=flatten(rows),
        fields=FIELDS,
        empty=None if rows else f"no entity appears in {min_sources} or more documents",
    )
    if rows.more:
        click.echo(f"showing the first {len(rows):,} of {rows.total:,} entities (--limit 0 lists all)", err=True)
