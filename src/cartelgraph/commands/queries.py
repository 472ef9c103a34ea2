"""cartelgraph queries: list the named queries."""

import click

from cartelgraph.commands._output import emit, output_options


@click.command()
@output_options("table", "json")
def command(fmt, output):
    """List the named queries with their summaries and parameters."""
    from cartelgraph import queries

    found = [{"name": q.name, "summary": q.summary, "params": q.params} for q in queries.load_all().values()]
    rows = [{**q, "params": ", ".join(q["params"])} for q in found]
    emit(fmt, output, data=found, rows=rows, fields=["name", "summary", "params"])
