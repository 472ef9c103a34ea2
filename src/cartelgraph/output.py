"""Writing answers: plain-text tables for people, and files written whole or not at all."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Sequence
from pathlib import Path

from cartelgraph.errors import OutputError


def render_table(headers: Sequence[str], rows: Sequence[Sequence[object]], *,
                 width: int | None = None, max_cell: int = 60) -> str:
    """A fixed-width text table; long cells wrap onto several lines so nothing is cut."""
    if width is None:
        width = shutil.get_terminal_size((120, 24)).columns
    cells = [[_text(value) for value in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], min(max_cell, max((len(p) for p in value.split("\n")), default=0)))
    # Shrink the widest columns until the table fits the terminal (never below 12 characters).
    while sum(widths) + 3 * (len(widths) - 1) > width and max(widths) > 12:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    lines = [_join([h.ljust(w) for h, w in zip(headers, widths, strict=True)]),
             _join(["-" * w for w in widths])]
    for row in cells:
        wrapped = [_wrap(value, w) for value, w in zip(row, widths, strict=True)]
        for part in range(max(len(c) for c in wrapped) if wrapped else 0):
            lines.append(_join([(c[part] if part < len(c) else "").ljust(w)
                                for c, w in zip(wrapped, widths, strict=True)]))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _join(parts: list[str]) -> str:
    return " | ".join(parts)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}" if abs(value) >= 10000 else str(int(value))
    return " ".join(str(value).split()) if not isinstance(value, str) or "\n" not in value else value


def _wrap(value: str, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in value.split("\n") or [""]:
        lines.extend(textwrap.wrap(paragraph, width, break_long_words=True) or [""])
    return lines


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
    """Write to stdout, or to ``path`` through a temporary file renamed into place."""
    if isinstance(data, str):
        data = data.encode()
    if path is None or str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    atomic_write(Path(path), data)


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
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual mode
        os.replace(tmp, path)
    except OSError as error:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    except BaseException:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
