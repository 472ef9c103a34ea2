"""How every command writes its answer: one ``--format``/``-o`` pair of options (the format
guessed from -o's extension when not given), and :func:`emit`, which writes a table, JSON or
CSV. (A leading underscore keeps this module out of the command list.)"""

from __future__ import annotations

import functools

import click

from cartelgraph.commands._types import OutputPath
from cartelgraph.graph import shorten
from cartelgraph.media import format_of
from cartelgraph.output import csv_text, json_text, rows_table, write_output


def output_options(
    *formats: str,
    default: str | None = "table",
    folder: bool = False,
    guess=None,
    output_help: str = "Write to FILE (written whole or not at all) instead of stdout.",
):
    """``--format`` (one of ``formats``) and ``-o/--output``. The command gets ``fmt`` already
    chosen: the one given, else the one -o's extension names (:func:`cartelgraph.media.format_of`;
    of ``guess`` only, when given), else ``default`` (None: the command decides). ``folder``: -o
    may name a folder."""
    guessed = (
        f"Default: guessed from -o's extension, else {default}." if default else "Default: guessed from -o's extension."
    )
    guess = formats if guess is None else guess

    def decorate(function):
        @functools.wraps(function)
        def command(*args, fmt, output, **kwargs):
            return function(*args, fmt=fmt or format_of(output, guess) or default, output=output, **kwargs)

        command = click.option("-o", "--output", type=OutputPath(dir_okay=folder), metavar="FILE", help=output_help)(
            command
        )
        return click.option("--format", "fmt", type=click.Choice(formats), help=guessed)(command)

    return decorate


def emit(
    fmt: str,
    output: str | None,
    *,
    data,
    rows: list,
    fields: list[str],
    text=None,
    headers: list[str] | None = None,
    empty: str | None = None,
) -> None:
    """Write the answer in ``fmt``: for ``table``, ``text()`` (the rendered answer) or else the
    ``rows`` as a plain table of ``fields`` (titled ``headers``; numbers rounded, IRIs
    shortened); for ``json``, ``data``; for ``csv``, ``rows`` and ``fields`` (escaped against
    spreadsheet formulas). ``empty`` (an empty answer) goes to stderr; the exit code stays 0."""
    if empty:
        click.echo(empty, err=True)
    if fmt == "json":
        answer = json_text(data)
    elif fmt == "csv":
        answer = csv_text(rows, fields)
    elif empty:
        answer = ""
    elif text is not None:
        answer = text()
    else:
        answer = rows_table(headers or fields, [[_cell(row.get(c), c) for c in fields] for row in rows])
    if answer or output:
        write_output(answer, output)


def _cell(value, column: str):
    if isinstance(value, float):
        return f"{value:.4g}"
    if column in ("iri", "source", "target") and isinstance(value, str):
        return shorten(value)
    return value


def say_resolved(resolved: list[dict]) -> None:
    """On stderr, what each name given was taken for when it may also mean another entity
    (see :func:`cartelgraph.resolve.resolve_noting`)."""
    for item in resolved:
        if item.get("note"):
            click.echo(item["note"], err=True)
