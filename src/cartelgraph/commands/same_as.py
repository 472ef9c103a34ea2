"""cartelgraph same-as: record that two entities are one (or undo it)."""

import click


@click.command()
@click.argument("kept")
@click.argument("merged")
@click.option("--reason", help="Why they are one entity (required unless --undo).")
@click.option("--source", help="The registered source that shows it.")
@click.option("--undo", is_flag=True, help="Remove the record linking the two entities.")
@click.pass_obj
def command(session, kept, merged, reason, source, undo):
    """Record that MERGED is the same entity as KEPT (names, aliases or IRIs).

    Non-destructive: one owl:sameAs statement with its reason and source goes to
    graph/same-as.ttl; the store then treats both as KEPT (MERGED's names become aliases,
    its claims KEPT's) in queries, search and analytics. `--undo` removes the record.
    """
    from cartelgraph.curation.identity import record_same_as, undo_same_as
    from cartelgraph.errors import UsageError
    from cartelgraph.graph import shorten

    if undo:
        record = undo_same_as(session.graph, session.data_dir(), kept, merged)
        click.echo(f"removed: {shorten(record.merged)} same as {shorten(record.kept)}", err=True)
        return
    if not reason:
        raise UsageError("--reason: say why they are one entity")
    record = record_same_as(session.graph, session.data_dir(), kept, merged, reason=reason, source=source)
    click.echo(f"recorded: {shorten(record.merged)} same as {shorten(record.kept)} (graph/same-as.ttl)", err=True)
