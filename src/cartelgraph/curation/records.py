"""Reading an ingest file: CSV (one row per claim, figure, entity or piece of evidence) or JSON
(a list of objects with the same keys). Each record keeps its row number for error messages."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cartelgraph.data import first_undecodable_line
from cartelgraph.errors import UsageError
from cartelgraph.output import FORMULA_STARTS

FIXED_COLUMNS = ("id", "class", "participants", "evidence")
FORMATS = {".csv": "csv", ".tsv": "tsv", ".json": "json"}
# Each ingest validates the whole graph with the new records (seconds for thousands of rows),
# so a file is read in batches of at most this many; --max-rows raises it.
DEFAULT_MAX_ROWS = 10_000
# A file larger than this per allowed record is refused before it is read (100 MB by default):
# generous, as the curated graph's own export averages 720 bytes a row.
BYTES_PER_ROW = 10_000


def unescape_cell(value: str) -> str:
    """Undo :func:`cartelgraph.output.escape_cell` on a cell read back from our own CSV."""
    return value[1:] if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS) else value


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


def read_records(path: Path, *, file_format: str | None = None, max_rows: int = DEFAULT_MAX_ROWS) -> list[Record]:
    """The records of a ``.csv``, ``.tsv`` or ``.json`` file (or of any file read as
    ``file_format``); raises :class:`UsageError` naming the file when it cannot be read, and
    when it holds more than ``max_rows`` records or more than :data:`BYTES_PER_ROW` a record."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{path}: {'not a regular file' if path.exists() else 'no such file'}")
    kind = file_format or FORMATS.get(path.suffix.lower())
    if kind is None:
        # By name, not by content: prose sniffs as a one-column CSV, so a source text given by
        # mistake would be read as rows. --format is there for oddly named files.
        raise UsageError(
            f"{path}: ingest reads .csv, .tsv and .json files; "
            "give --format csv, tsv or json to read a file named otherwise"
        )
    size, most = path.stat().st_size, max_rows * BYTES_PER_ROW
    if size > most:
        raise UsageError(
            f"{path}: {_megabytes(size)} is more than ingest reads at once ({_megabytes(most)} for "
            f"--max-rows {max_rows:,}); split the file, or raise --max-rows"
        )
    try:
        if kind == "json":
            records = _json_records(path, path.read_text(encoding="utf-8-sig"))
        else:  # read as a stream: the text is never held whole, twice, in memory
            with path.open(encoding="utf-8-sig", newline="") as handle:
                records = _csv_records(path, handle, "\t" if kind == "tsv" else ",", max_rows)
    except UnicodeDecodeError as error:
        raise UsageError(
            f"{path}, line {first_undecodable_line(path)}: not UTF-8 text ({error.reason}); save it as UTF-8"
        ) from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read it ({error.strerror})") from None
    if len(records) > max_rows:
        raise _too_many(path, max_rows)
    return records


def _megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB" if size >= 100_000 else f"{size / 1e3:,.1f} KB"


def _first_line(header: list[str], delimiter: str) -> str:
    """What line 1 holds, for the message about a missing header row."""
    first = delimiter.join(header).strip()
    if not first:
        return "it is blank"
    other, name = ("\t", "tab") if delimiter == "," else (",", "comma")
    if "class" in (cell.strip() for cell in first.split(other)):
        return f"it is {name}-separated: give --format {'tsv' if other == chr(9) else 'csv'}"
    shown = first if len(first) <= 60 else first[:59] + "…"
    return f"it reads {shown!r}"


def _too_many(path: Path, max_rows: int) -> UsageError:
    return UsageError(
        f"{path}: more than {max_rows:,} records; ingest takes at most {max_rows:,} at a time "
        "(each ingest validates the whole graph with them); split the file, or raise --max-rows"
    )


def _csv_records(path: Path, lines: Iterable[str], delimiter: str, max_rows: int) -> list[Record]:
    # strict: a quote left open must be an error, not a cell that swallows every later row.
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        first = next(reader)
        header = [h.strip() for h in first]
    except StopIteration:
        raise UsageError(f"{path}: the file is empty (it needs a header row)") from None
    except csv.Error as error:
        raise UsageError(f"{path}, line 1: {error}") from None
    if "class" not in header:
        raise UsageError(
            f"{path}: no header row: line 1 must name the columns, `class` among them "
            "(class,participants,date,status,source,quote…; see docs/curation.md), but " + _first_line(first, delimiter)
        )
    records = []
    line = reader.line_num + 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
                    raise UsageError(f"{path}, row {line}: {len(row)} cells but the header has {len(header)}")
                if len(records) == max_rows:
                    raise _too_many(path, max_rows)
                cells = [(name, unescape_cell(cell)) for name, cell in zip(header, row, strict=False)]
                records.append(Record(line, f"row {line}", cells))
            line = reader.line_num + 1
    except csv.Error as error:
        problem = "a quoted cell is never closed" if "end of data" in str(error) else str(error)
        raise UsageError(f"{path}, row {line}: {problem}") from None
    return records


def _json_records(path: Path, text: str) -> list[Record]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(f"{path}, line {error.lineno}, column {error.colno}: {error.msg}") from None
    except RecursionError:
        raise UsageError(
            f"{path}: lists or objects nested too deep to read; expected a list of objects "
            "whose values are text, numbers, booleans or lists of them"
        ) from None
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
                if isinstance(one, (list, dict)):
                    raise UsageError(
                        f"{path}, item {number}, key {key}: a value is text, a number, a boolean "
                        "or a list of them, not a nested list or object"
                    )
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

    def order(self) -> tuple:
        """The header first, then by row number ('row 10' after 'row 9')."""
        digits = re.findall(r"\d+", self.where)
        return (self.where != "header", int(digits[0]) if digits else 0, self.where, self.column, self.reason)


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
    seen: set = field(default_factory=set)  # (values or evidence, property, term) already added
