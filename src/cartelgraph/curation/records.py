"""Reading an ingest file: CSV (one row per claim, figure, entity or piece of evidence) or JSON
(a list of objects with the same keys). Each record keeps its row number for error messages."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from cartelgraph.errors import UsageError

FIXED_COLUMNS = ("id", "class", "participants", "evidence")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula: one that starts with = + - @ or a tab
    gets a leading apostrophe (OWASP's advice), which :func:`unescape_cell` removes."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def unescape_cell(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA_START) else value


def write_csv(headers: list[str], rows: list[list[str]]) -> str:
    """CSV text with every cell escaped against formula injection."""
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([[escape_cell(str(cell)) for cell in row] for row in rows])
    return out.getvalue()


@dataclass
class Record:
    number: int  # the line of a CSV row (the header is line 1), or the position of a JSON object
    where: str  # "row 5" or "item 3"
    cells: list[tuple[str, str]] = field(default_factory=list)  # (column, text); a column may repeat

    def get(self, column: str) -> str:
        for name, value in self.cells:
            if name == column and value.strip():
                return value.strip()
        return ""


def read_records(path: Path) -> list[Record]:
    """The records of a ``.csv`` or ``.json`` file; raises :class:`UsageError` naming the file
    when it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise UsageError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    if suffix == ".json":
        return _json_records(path, text)
    if suffix in (".csv", ".tsv", ".txt"):
        return _csv_records(path, text, "\t" if suffix == ".tsv" else ",")
    raise UsageError(f"{path}: give a .csv, .tsv or .json file")


def _csv_records(path: Path, text: str, delimiter: str) -> list[Record]:
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise UsageError(f"{path}: the file is empty (it needs a header row)") from None
    except csv.Error as error:
        raise UsageError(f"{path}, line 1: {error}") from None
    records = []
    line = reader.line_num + 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
                    raise UsageError(f"{path}, row {line}: {len(row)} cells but the header has {len(header)}")
                cells = [(name, unescape_cell(cell)) for name, cell in zip(header, row, strict=False)]
                records.append(Record(line, f"row {line}", cells))
            line = reader.line_num + 1
    except csv.Error as error:
        raise UsageError(f"{path}, row {line}: {error}") from None
    return records


def _json_records(path: Path, text: str) -> list[Record]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(f"{path}, line {error.lineno}, column {error.colno}: {error.msg}") from None
    if isinstance(data, dict):
        data = data.get("records", [data])
    if not isinstance(data, list):
        raise UsageError(f"{path}: expected a list of objects, one per claim, figure or entity")
    records = []
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise UsageError(f"{path}, item {number}: expected an object with the ingest columns as keys")
        cells = []
        for key, value in item.items():
            for one in value if isinstance(value, list) else [value]:
                if one is not None:
                    cells.append((str(key), _json_text(one)))
        records.append(Record(number, f"item {number}", cells))
    return records


def _json_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True)
class RowError:
    where: str
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}, column {self.column}: {self.reason}" if self.column else f"{self.where}: {self.reason}"


@dataclass
class Built:
    """One claim, figure or entity ready to write (or already in the graph)."""

    record_where: str
    subject: str
    triples: set
    already_present: bool = False

    @property
    def subjects(self) -> set[str]:
        return {t.subject.value for t in self.triples}


@dataclass
class Parsed:
    record: Record
    kind: str  # "Claim", "Figure" or "Entity"
    cls: str
    explicit_id: str | None = None
    values: dict[str, list] = field(default_factory=dict)  # property IRI -> terms
    evidence: dict[str, list] = field(default_factory=dict)
    evidence_id: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # property IRI -> the column it came from
