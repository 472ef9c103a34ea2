"""cartelgraph stats: coverage of the graph by class and by source document."""

import click

from cartelgraph.commands._output import output_options


@click.command()
@output_options("table", "markdown", "json")
@click.pass_obj
def command(session, fmt, output):
    """Count entities, claims and figures by class, and claims and figures by source document.

    docs/coverage.md is this command's `--format markdown` output (a test keeps it true).
    """
    import json

    from cartelgraph.graph import shorten
    from cartelgraph.output import rows_table, write_output
    from cartelgraph.stats import counts_by_class, counts_by_source

    classes = counts_by_class(session.graph)
    sources = counts_by_source(session.graph)
    if fmt == "json":
        write_output(json.dumps({"classes": classes, "sources": sources}, indent=2, ensure_ascii=False) + "\n", output)
        return
    class_rows = [[r["kind"], shorten(r["class"]), r["count"]] for r in classes]
    source_rows = [[r["title"], r["claims"], r["figures"]] for r in sources]
    table = _markdown if fmt == "markdown" else rows_table
    text = table(["kind", "class", "count"], class_rows) + "\n" + table(["source", "claims", "figures"], source_rows)
    write_output(text, output)


def _markdown(headers, rows):
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
