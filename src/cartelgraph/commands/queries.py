"""cartelgraph queries: list the named queries."""

import click


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def command(fmt):
    """List the named queries with their summaries and parameters."""
    import json

    from cartelgraph import queries
    from cartelgraph.output import render_table, write_output

    found = queries.load_all()
    if fmt == "json":
        data = [{"name": q.name, "summary": q.summary, "params": q.params} for q in found.values()]
        write_output(json.dumps(data, indent=2, ensure_ascii=False) + "\n", None)
        return
    rows = [[q.name, q.summary, ", ".join(q.params)] for q in found.values()]
    write_output(render_table(["name", "summary", "params"], rows), None)
