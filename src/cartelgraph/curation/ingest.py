"""``ingest``: claims, figures and entities from a CSV or JSON file into graph/ingested/.

Nothing is written unless every record reads cleanly and the graph with the new triples
validates; every bad record is reported at once with its row, column and reason. IRIs are
minted from content, so ingesting the same file twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from cartelgraph.curation import turtle
from cartelgraph.curation.building import build_all
from cartelgraph.curation.records import DEFAULT_MAX_ROWS, FIXED_COLUMNS, Built, RowError, read_records
from cartelgraph.errors import CartelgraphError, UsageError
from cartelgraph.graph import KnowledgeGraph, shorten

INGESTED_FOLDER = Path("graph") / "ingested"
HEADER = (
    "Written by `cartelgraph ingest` in a canonical sorted form: each ingest re-sorts it.\n"
    "Edit it by hand if you must; keep it free of comments, they are not kept."
)


class IngestError(UsageError):
    """Records that cannot be read or resolved (exit 2); all of them are listed."""

    def __init__(self, path: Path, errors: list[RowError]):
        self.errors = errors
        count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
        super().__init__(f"{path}: {count}, nothing written:\n" + "\n".join(f"  {e}" for e in errors))


class IngestRejected(CartelgraphError):
    """The records read cleanly but the graph with them would not validate (exit 1)."""

    def __init__(self, path: Path, lines: list[str]):
        self.lines = lines
        super().__init__(
            f"{path}: the graph with these records would not validate, nothing written:\n"
            + "\n".join(f"  {line}" for line in lines)
        )


@dataclass
class IngestResult:
    """What an ingest added (or would add, for a dry run)."""

    target: Path  # relative to the data folder
    added: list  # the new triples, sorted as they are written
    new_subjects: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)  # records already in the graph
    written: bool = False
    records: int = -1  # how many records the file held (-1: not counted)

    def turtle(self) -> str:
        return turtle.serialize(self.added)

    def summary(self) -> str:
        if self.records == 0:
            return "nothing to add: the file holds no records"
        if not self.added:
            return f"nothing to add: {len(self.present)} record(s) already in the graph"
        verb = "added" if self.written else "would add"
        return (
            f"{verb} {len(self.new_subjects)} new node(s), {len(self.added)} triple(s) to {self.target}; "
            f"{len(self.present)} record(s) already in the graph"
        )


def ingest(
    graph: KnowledgeGraph,
    data_dir: Path,
    path: Path,
    *,
    create_entities: bool = False,
    dry_run: bool = False,
    target: str | None = None,
    validate: bool = True,
    file_format: str | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
    stage: Callable[[str], AbstractContextManager] = lambda task: nullcontext(),
) -> IngestResult:
    """Read ``path`` (.csv, .tsv or .json in the ingest format, or any file read as
    ``file_format``) and add its records to ``graph/ingested/<target or file name>.ttl``.

    Raises :class:`IngestError` listing every record that cannot be read, and
    :class:`IngestRejected` when the result would not validate; ``graph/`` is then untouched.
    A file of more than ``max_rows`` records is refused. ``stage(task)`` wraps each step (the
    CLI passes a progress line for the terminal).
    """
    from cartelgraph.curation.safe_write import problems_after, write_files

    path, data_dir = Path(path), Path(data_dir)
    with stage(f"reading {path.name}"):
        records = read_records(path, file_format=file_format, max_rows=max_rows)
    with stage(f"resolving {len(records):,} records"):
        built, errors = build_all(graph, data_dir, records, create_entities=create_entities)
    if errors:
        raise IngestError(path, errors)
    name = turtle.slug(target or path.stem, max_words=12) or "ingested"
    relative = INGESTED_FOLDER / f"{name}.ttl"
    result = _difference(graph, built, relative)
    result.records = len(records)
    if not result.added or dry_run:
        return result
    existing = turtle.read_triples(data_dir / relative)
    content = turtle.serialize(existing | set(result.added), HEADER).encode()
    if validate:
        with stage(f"validating the graph with {len(result.added):,} new triples"):
            problems = problems_after(data_dir, {relative: content})
        if problems:
            raise IngestRejected(path, _explain(problems, built))
    write_files(data_dir, {relative: content})
    result.written = True
    return result


def _difference(graph: KnowledgeGraph, built: list[Built], relative: Path) -> IngestResult:
    new, present, subjects = set(), [], []
    for item in built:
        if item.already_present:
            present.append(item.record_where)
            continue
        subjects.append(item.subject)
        new |= item.triples
    ordered = sorted(new, key=lambda t: (t.subject.value, t.predicate.value, str(t.object)))
    return IngestResult(relative, ordered, sorted(set(subjects)), present)


def _explain(problems, built: list[Built]) -> list[str]:
    """Validation problems, each attributed to the record that made the node it is about."""
    where = {}
    for item in built:
        for subject in item.subjects:
            where.setdefault(subject, item.record_where)
    lines = []
    for problem in problems:
        record = where.get(problem.subject)
        place = record or problem.file
        lines.append(f"{place}: {shorten(problem.subject)}: {problem.message} [{problem.check}]")
    return sorted(set(lines))


__all__ = ["FIXED_COLUMNS", "IngestError", "IngestRejected", "IngestResult", "ingest", "read_records"]
