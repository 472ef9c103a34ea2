"""Writing answers, the one output layer of the commands: rich tables for people (colour only
on a terminal, plain text that pages well through ``less`` otherwise), JSON and CSV (escaped
against spreadsheet formulas) for machines, and files written whole or not at all."""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Mapping, Sequence
from numbers import Number
from pathlib import Path

from cartelgraph.errors import OutputError, visible
from cartelgraph.knowledge_graph import shorten, to_python


def console(width: int | None = None):
    """A rich console writing into a string: colour only when stdout is a terminal, ``width``
    or the terminal's (or ``$COLUMNS``, else 120), no markup read from the data, and every
    control or invisible character of a text shown as ``<U+XXXX>`` (:func:`errors.visible`): a
    remote endpoint's answer could otherwise carry a terminal escape sequence or a bidirectional
    override that acts on the reader's terminal instead of being read."""
    tty = sys.stdout.isatty()
    return _data_console()(
        file=io.StringIO(),
        width=width or terminal_width(),
        force_terminal=tty,
        no_color=not tty,
        color_system="auto" if tty else None,
        markup=False,
        highlight=False,
        emoji=False,
    )


@functools.cache
def _data_console():
    """rich's Console, with every text it is given made visible first (rich is imported here, on
    first use: a command that prints no table does not pay for it)."""
    from rich.console import Console

    class DataConsole(Console):
        def render_str(self, text: str, **options):
            return super().render_str(visible(text), **options)

    return DataConsole


# Short columns are capped so that, when the table is too wide, rich narrows the long ones
# (quotes, participants) first and wraps them; nothing is ever cut.
CAPS = {
    "relation": 16,
    "role": 16,
    "when": 12,
    "status": 10,
    "measure": 24,
    "value": 18,
    "unit": 14,
    "place": 14,
    "period": 14,
    "producer": 16,
    "sources": 22,
    "hop": 3,
}


def table(*columns: str, title: str | None = None, lines: bool = True):
    """A rich table; ``lines`` between rows (for cells of several lines, such as quotes)."""
    from rich import box
    from rich.table import Table

    tty = sys.stdout.isatty()
    grid = Table(
        box=box.SQUARE if tty else box.ASCII2,
        show_lines=lines,
        title=title,
        title_justify="left",
        title_style="bold" if tty else None,
    )
    for name in columns:
        grid.add_column(name, overflow="fold", max_width=CAPS.get(name))
    return grid


def terminal_width() -> int:
    return shutil.get_terminal_size((120, 24)).columns


def rendered(*parts, width: int | None = None) -> str:
    """Tables and texts rendered through one console (``width`` characters wide, by default
    the terminal's), as a string."""
    out = console(width)
    for part in parts:
        out.print(part)
    return "\n".join(line.rstrip() for line in out.file.getvalue().split("\n"))


def rows_table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], *, title: str | None = None, max_cell: int = 60
) -> str:
    """Rows of plain values as a rendered table, one line a row unless a cell wraps. Each column
    is as wide as its longest line (at most ``max_cell``); when that is too wide for the
    terminal, the widest columns give way first, down to 12 characters, so that short columns
    (names, counts) stay whole."""
    cells = [[cell_text(value) for value in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], min(max_cell, max((len(p) for p in value.split("\n")), default=0)))
    borders = 3 * len(widths) + 1  # "| " … " | " … " |"
    while sum(widths) + borders > terminal_width() and max(widths) > 12:
        widths[widths.index(max(widths))] -= 1
    grid = table(*headers, title=title, lines=False)
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    for row in cells:
        grid.add_row(*row)
    return rendered(grid, width=max(terminal_width(), sum(widths) + borders))  # wider than the terminal: as is


def result_text(result) -> str:
    """A SPARQL answer (:class:`~cartelgraph.knowledge_graph.Result`) as a table: rows with a
    count under them, triples as subject, predicate, object, or yes/no; IRIs shortened."""
    if result.form == "ASK":
        return f"{'yes' if result.boolean else 'no'}\n"
    if result.form != "SELECT":
        rows = [[_term(t.subject), _term(t.predicate), _term(t.object)] for t in result.triples]
        return rows_table(["subject", "predicate", "object"], rows)
    rows = [[_term(row.get(v)) for v in result.variables] for row in result.rows]
    if not rows:
        sys.stderr.write("no results\n")
        return rows_table(result.variables, rows) if result.variables else ""
    return rows_table(result.variables, rows) + f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n"


def _term(term):
    value = to_python(term)
    return shorten(value) if type(term).__name__ == "NamedNode" else value


def cell_text(value: object) -> str:
    """A value as a table shows it: None empty, 286494.0 as 286494 (30000.0 as 30,000), runs of
    spaces as one (a text of several lines keeps them)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}" if abs(value) >= 10000 else str(int(value))
    return " ".join(str(value).split()) if not isinstance(value, str) or "\n" not in value else value


def json_text(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


def csv_text(rows, fields: Sequence[str]) -> str:
    """CSV with a header: ``rows`` are dicts (read by ``fields``) or sequences (in their order).
    A text cell starting with = + - @ (or a tab or carriage return) gets a leading apostrophe,
    so a spreadsheet shows it instead of running it as a formula; numbers stay numbers."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        values = [row.get(k) for k in fields] if isinstance(row, Mapping) else row
        writer.writerow([_safe_cell(value) for value in values])
    return out.getvalue()


def _safe_cell(value):
    return "" if value is None else escape_cell(value if isinstance(value, Number) else str(value))


# A spreadsheet runs a cell starting with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    r"""A CSV cell a spreadsheet will not run: text starting with ``= + - @``, a tab or a
    carriage return gets a leading apostrophe, and so does text that starts with apostrophes
    before one of them (so that reading the cell back removes exactly the one added). Numbers,
    booleans and None pass unchanged.

    >>> escape_cell('=HYPERLINK("http://x")')
    '\'=HYPERLINK("http://x")'
    >>> escape_cell(-3)
    -3
    """
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_output(data: bytes | str, path: str | os.PathLike | None) -> None:
    """Write to stdout (a closed pipe, as with ``| head``, ends quietly), or to ``path`` through
    a temporary file renamed into place."""
    if isinstance(data, str):
        data = data.encode()
    if path is not None and str(path) != "-":
        atomic_write(Path(path), data)
        return
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that the exit-time flush does not fail again


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    A symlink is followed (the file it names is replaced, the link kept); a device or a pipe
    (``-o /dev/stdout``) is written to directly, since it cannot be replaced. A path that cannot
    be written (a missing or read-only folder) raises :class:`~cartelgraph.errors.OutputError`
    naming it, and leaves nothing behind."""
    import stat

    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"cannot write {path}: it is a folder")
    if mode is not None and not stat.S_ISREG(mode):
        try:
            with open(path, "wb") as out:
                out.write(data)
        except OSError as error:
            raise OutputError(f"cannot write {path}: {error.strerror}") from None
        return
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: the folder {folder} does not exist")
    tmp = None
    try:
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, new_file_mode())  # mkstemp makes 0600; give the file the usual mode
        os.replace(tmp, path)
    except OSError as error:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    except BaseException:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise


def new_file_mode() -> int:
    """The mode a new file gets here (0666 less the umask): a temporary file made private by
    ``mkstemp`` is given it before it is renamed into place."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
