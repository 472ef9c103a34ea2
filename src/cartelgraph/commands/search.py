"""cartelgraph search: find entities by name."""

import click

from cartelgraph.commands._output import emit, output_options


@click.command()
@click.argument("text")
@click.option(
    "--class",
    "classes",
    multiple=True,
    metavar="CLASS",
    help="Only entities of this class (Person, Official, Cartel, Agency…; subclasses count); repeatable.",
)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most this many.")
@output_options("table", "json", "csv")
@click.pass_obj
def command(session, text, classes, limit, fmt, output):
    """Entities whose name or alias matches TEXT: accents and case ignored, partial words allowed,
    exact names first.

    \b
    Examples:
      cartelgraph search "garcia luna"
      cartelgraph search guzman --class Person
    """
    from cartelgraph.errors import UsageError
    from cartelgraph.investigate.render import search_text
    from cartelgraph.investigate.search import FIELDS, search
    from cartelgraph.text import fold

    if not fold(text):
        raise UsageError(f"TEXT {text!r}: give a name or a word to search for")
    rows = search(session.graph, text, classes=list(classes) or None, limit=limit)
    emit(
        fmt,
        output,
        text=lambda: search_text(rows),
        data=rows,
        rows=rows,
        fields=FIELDS,
        empty=None if rows else f"no entity matches {text!r}",
    )
