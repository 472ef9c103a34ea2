"""What an FtM file proposes: rows in the ingest's columns (new entities first, since the claims
name them), and the count of what the graph already has."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from cartelgraph.curation.records import Record
from cartelgraph.ftm.load import Loaded

COLUMNS = [
    "id",
    "class",
    "label",
    "altLabel",
    "comment",
    "participants",
    "position",
    "kinRelation",
    "date",
    "startDate",
    "endDate",
    "status",
    "source",
    "quote",
    "#ftm",
]


@dataclass
class Proposal:
    path: Path
    read: int = 0  # FtM entities in the file
    entities_present: int = 0
    claims_present: int = 0
    entity_rows: list[list[str]] = field(default_factory=list)
    claim_rows: list[list[str]] = field(default_factory=list)

    def rows(self) -> list[list[str]]:
        """New entities first: the claims name them."""
        return self.entity_rows + self.claim_rows

    def summary(self) -> str:
        new_claims = len({row[0] or row[-1] for row in self.claim_rows})
        return (
            f"{self.path}: {self.read} FtM entities; {self.entities_present} entities and "
            f"{self.claims_present} claims already in the graph; proposes {len(self.entity_rows)} new "
            f"entit{'y' if len(self.entity_rows) == 1 else 'ies'} and {new_claims} new "
            f"claim{'' if new_claims == 1 else 's'}"
        )


def row_of(item: Loaded, **cells: str) -> list[str]:
    cells["#ftm"] = f"line {item.line}: {item.proxy.schema.name} {item.proxy.id}"
    return [cells.get(column, "") for column in COLUMNS]


def record_of(line: int, row: list[str], quote: int = 0) -> Record:
    """An ingest record; each quote of a relation is read as a claim of its own (so that the
    ingest's duplicate detection sees it), and named in messages ('line 8, quote 2'). The
    ingest groups records by number: each gets its own."""
    cells = [(column, value) for column, value in zip(COLUMNS, row, strict=True) if value]
    return Record(line * 10_000 + quote, f"line {line}, quote {quote}" if quote else f"line {line}", cells)


def number_of(where: str) -> int:
    digits = re.findall(r"\d+", where)
    return int(digits[0]) if digits else 0
