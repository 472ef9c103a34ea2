"""Reading an FtM file: one JSON entity a line (what `ftm` and Aleph write). Fragments of one
entity (the same ID on several lines) are merged, as `ftm aggregate` does. The first problem
stops the reading with one message naming the file and the line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy

from cartelgraph.data import first_undecodable_line
from cartelgraph.errors import UsageError, visible
from cartelgraph.ftm.validation import problems, shown

# Reading validates every entity and then the whole graph with the proposals: a bound on the
# work one file asks for, as ingest has (an FtM file is larger a record: source texts travel in it).
MAX_BYTES = 200_000_000


@dataclass
class Loaded:
    line: int  # the first line the entity is on
    proxy: EntityProxy


def read_ftm(path: Path) -> dict[str, Loaded]:
    """The entities of ``path`` by ID; a :class:`UsageError` naming the file and line for a
    line that is not a JSON object, an unknown schema, an entity FtM's validation refuses, or a
    reference to an entity the file does not hold."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{path}: {'not a regular file' if path.exists() else 'no such file'}")
    if path.stat().st_size > MAX_BYTES:
        raise UsageError(f"{path}: more than {MAX_BYTES // 1_000_000} MB; split it (e.g. by collection)")
    raw: dict[str, tuple[int, dict]] = {}
    try:
        with path.open(encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    _add(raw, path, number, _parse(path, number, line))
    except UnicodeDecodeError as error:
        raise UsageError(
            f"{path}, line {first_undecodable_line(path)}: not UTF-8 text ({error.reason}); FtM files are UTF-8"
        ) from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read it ({error.strerror})") from None
    schemata = {entity_id: model[data["schema"]] for entity_id, (_, data) in raw.items()}
    loaded = {}
    for entity_id, (number, data) in raw.items():
        found = problems(data, schemata)
        if found:
            raise UsageError(f"{path}, line {number}: {data['schema']} {shown(entity_id)}: {visible(found[0])}")
        loaded[entity_id] = Loaded(number, model.get_proxy(data))
    return loaded


def _parse(path: Path, number: int, line: str) -> dict:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise UsageError(
            f"{path}, line {number}: not JSON ({error.msg}, column {error.colno}); "
            "an FtM file has one JSON entity a line"
        ) from None
    except RecursionError:
        raise UsageError(f"{path}, line {number}: nested too deep to be an FtM entity") from None
    if not isinstance(data, dict) or "schema" not in data:
        raise UsageError(f"{path}, line {number}: not an FtM entity (a JSON object with id, schema and properties)")
    found = problems(data)  # the entity alone: references are checked once the file is read
    if found:
        raise UsageError(
            f"{path}, line {number}: {shown(data.get('schema'))} {shown(data.get('id'))}: {visible(found[0])}"
        )
    return data


def _add(raw: dict, path: Path, number: int, data: dict) -> None:
    entity_id = data["id"]
    if entity_id not in raw:
        raw[entity_id] = (number, data)
        return
    first, previous = raw[entity_id]
    try:
        merged = model.get_proxy(previous).merge(model.get_proxy(data))
    except InvalidData as error:
        raise UsageError(
            f"{path}, line {number}: {shown(entity_id)} is also on line {first} as another kind of entity ({error})"
        ) from None
    raw[entity_id] = (first, merged.to_dict())
