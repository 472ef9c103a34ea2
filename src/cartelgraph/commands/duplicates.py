"""cartelgraph duplicates: entities that are likely one."""

import click

from cartelgraph.commands._output import emit, output_options


@click.command()
@output_options("table", "csv", "json")
@click.pass_obj
def command(session, fmt, output):
    """List likely duplicate entities: names that fold to the same form (accents, case and
    punctuation aside), or one entity's label inside another's name. Record a real one with
    `cartelgraph same-as KEPT MERGED --reason … --source …`."""
    from dataclasses import asdict

    from cartelgraph.curation.identity import find_duplicates
    from cartelgraph.graph import shorten

    found = find_duplicates(session.graph)
    rows = [{**asdict(d), "first": shorten(d.first), "second": shorten(d.second)} for d in found]
    emit(
        fmt,
        output,
        data=[asdict(d) for d in found],
        rows=rows,
        fields=["first", "second", "first_label", "second_label", "reason"],
    )
    click.echo(f"{len(found)} likely duplicate pair(s)", err=True)
