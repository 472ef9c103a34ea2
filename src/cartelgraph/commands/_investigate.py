"""What the investigator commands share: the --format/-o options and writing the answer."""

from __future__ import annotations

import click

from cartelgraph.commands._types import OutputPath

FORMATS = ["table", "json", "csv"]


def output_options(function):
    function = click.option("-o", "--output", type=OutputPath(dir_okay=False), metavar="FILE",
                            help="Write to FILE (written whole or not at all) instead of stdout.")(function)
    return click.option("--format", "fmt", type=click.Choice(FORMATS),
                        help="table for people (default), json or csv for machines; guessed from -o's "
                             "extension.")(function)


def say_resolved(resolved: list[dict]) -> None:
    """On stderr, what each name given was taken for when it may also mean another entity
    (see :func:`cartelgraph.resolve.resolve_noting`)."""
    for item in resolved:
        if item.get("note"):
            click.echo(item["note"], err=True)


def emit(fmt: str | None, output: str | None, *, table, data, rows, fields, empty: str | None = None) -> None:
    """Write the answer in the chosen format. ``table`` is a function giving the rendered text;
    ``data`` is what JSON gets, ``rows``/``fields`` what CSV gets. ``empty`` (an empty answer)
    goes to stderr; the exit code stays 0."""
    from pathlib import Path

    from cartelgraph.investigate.render import csv_text, json_text, write

    if fmt is None:
        fmt = {".json": "json", ".csv": "csv"}.get(Path(output).suffix.lower(), "table") if output else "table"
    if empty:
        click.echo(empty, err=True)
    if fmt == "json":
        text = json_text(data)
    elif fmt == "csv":
        text = csv_text(rows, fields)
    else:
        text = "" if empty else table()
    if text or output:
        write(text, output)
