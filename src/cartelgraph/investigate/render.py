"""Answers for people and for machines: rich tables (colour only on a terminal, plain text that
pages well through ``less`` otherwise), JSON, and CSV escaped against spreadsheet formulas."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys

from cartelgraph.domain import domain
from cartelgraph.errors import CartelgraphError
from cartelgraph.output import escape_cell


def console():
    """A rich console writing into a string: colour only when stdout is a terminal, width from
    the terminal (or ``$COLUMNS``, else 120), and no markup read from the data."""
    from rich.console import Console

    tty = sys.stdout.isatty()
    return Console(file=io.StringIO(), width=shutil.get_terminal_size((120, 24)).columns, force_terminal=tty,
                   no_color=not tty, color_system="auto" if tty else None, markup=False, highlight=False,
                   emoji=False)


# Short columns are capped so that, when the table is too wide, rich narrows the long ones
# (quotes, participants) first and wraps them; nothing is ever cut.
CAPS = {"relation": 16, "role": 16, "when": 12, "status": 10, "measure": 24, "value": 18, "unit": 14,
        "place": 14, "period": 14, "producer": 16, "sources": 22, "hop": 3}


def table(*columns: str, title: str | None = None):
    """A table with lines between rows (cells hold several lines: quotes wrap)."""
    from rich import box
    from rich.table import Table

    tty = sys.stdout.isatty()
    grid = Table(box=box.SQUARE if tty else box.ASCII2, show_lines=True, title=title, title_justify="left",
                 title_style="bold" if tty else None)
    for name in columns:
        grid.add_column(name, overflow="fold", max_width=CAPS.get(name))
    return grid


def rendered(*parts) -> str:
    """Tables and texts rendered through one console, as a string."""
    out = console()
    for part in parts:
        out.print(part)
    return "\n".join(line.rstrip() for line in out.file.getvalue().split("\n"))


def status_text(status: str | None):
    from rich.text import Text

    status = status or "no status"
    return Text(status, style=terminal_style(status))


def terminal_style(label: str) -> str:
    """The status's colour on a terminal, as the ontology gives it (cg:terminalStyle; tables
    name statuses by label, and the default data's ontology is read, once). Nothing is read when
    stdout is not a terminal: there is no colour there."""
    if not sys.stdout.isatty():
        return ""
    try:
        return domain().terminal_style(label)
    except CartelgraphError:  # no data folder found: plain text
        return ""


def evidence_text(evidence: list[dict]):
    """Each quote in quotation marks, then its source (and the document it cites)."""
    from rich.text import Text

    text = Text()
    for number, item in enumerate(evidence):
        if number:
            text.append("\n")
        text.append(f"“{' '.join(item['quote'].split())}”\n")
        source = item["source_title"] or item["source"] or "no source"
        cited = f" (citing {item['cited_title'] or item['cited_source']})" if item["cited_source"] else ""
        text.append(f"— {source}{cited}", style="dim")
    if not evidence:
        text.append("no evidence recorded", style="red")
    return text


def details_text(details: list[dict]) -> str:
    return "; ".join(f"{d['property']}: {d['value']}" for d in details)


def notes_text(notes: list[str]) -> str:
    """The curators' notes, one a line: 'note: …'."""
    return "\n".join(f"note: {' '.join(note.split())}" for note in notes)


def more_text(item: dict) -> str:
    """What a claim says besides its entities, for the cell under them: details, then notes
    (empty when it has neither)."""
    parts = [details_text(item.get("details", [])), notes_text(item.get("notes", []))]
    return "\n".join(part for part in parts if part)


def json_text(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


def csv_text(rows: list[dict], fields: list[str]) -> str:
    """CSV with a header; a text cell starting with = + - @ (or a tab or carriage return) gets a
    leading apostrophe, so a spreadsheet shows it instead of running it as a formula."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _safe_cell(row.get(k)) for k in fields})
    return out.getvalue()


def _safe_cell(value):
    return "" if value is None else escape_cell(value if isinstance(value, bool | int | float) else str(value))


def write(text: str, output: str | None) -> None:
    """To stdout (a closed pipe, as with ``| head``, ends quietly) or atomically to a file."""
    from cartelgraph.output import write_output

    try:
        write_output(text, output)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that the exit-time flush does not fail again
