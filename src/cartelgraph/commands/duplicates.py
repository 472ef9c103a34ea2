"""cartelgraph duplicates: entities that are likely one."""

import click


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.pass_obj
def command(session, fmt):
    """List likely duplicate entities: names that fold to the same form (accents, case and
    punctuation aside), or one entity's label inside another's name. Record a real one with
    `cartelgraph same-as KEPT MERGED --reason … --source …`."""
    import json
    from dataclasses import asdict

    from cartelgraph.curation.identity import find_duplicates
    from cartelgraph.curation.records import write_csv
    from cartelgraph.graph import shorten
    from cartelgraph.output import render_table, write_output

    found = find_duplicates(session.graph)
    headers = ["first", "second", "first_label", "second_label", "reason"]
    rows = [[shorten(d.first), shorten(d.second), d.first_label, d.second_label, d.reason] for d in found]
    if fmt == "json":
        write_output(json.dumps([asdict(d) for d in found], indent=2, ensure_ascii=False) + "\n", None)
    elif fmt == "csv":
        write_output(write_csv(headers, rows), None)
    else:
        write_output(render_table(headers, rows), None)
    click.echo(f"{len(found)} likely duplicate pair(s)", err=True)
