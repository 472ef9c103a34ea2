"""Named queries: one ``queries/NAME.rq`` file each, with ``#+ key: value`` headers
(``summary``, and ``param`` lines naming the variables a caller may bind)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from importlib import resources

from cartelgraph.errors import UnknownNameError


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    summary: str = ""
    params: dict[str, str] = field(default_factory=dict)


def _parse(name: str, text: str) -> NamedQuery:
    summary, params = "", {}
    for line in text.splitlines():
        if not line.startswith("#+"):
            continue
        key, _, value = line[2:].partition(":")
        key, value = key.strip(), value.strip()
        if key == "summary":
            summary = value
        elif key == "param":
            pname, _, description = value.partition(" ")
            params[pname.lstrip("?$")] = description.strip(" -—")
    return NamedQuery(name, text, summary, params)


def _folder(kind: str):
    return resources.files("cartelgraph") / kind


def load_all(kind: str = "queries") -> dict[str, NamedQuery]:
    """Every ``.rq`` file of ``queries`` (or ``checks``), by name."""
    found = {}
    for entry in sorted(_folder(kind).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            found[name] = _parse(name, entry.read_text(encoding="utf-8"))
    return found


def get(name: str, kind: str = "queries") -> NamedQuery:
    entry = _folder(kind) / f"{name}.rq"
    if entry.is_file():
        return _parse(name, entry.read_text(encoding="utf-8"))
    names = list(load_all(kind))
    close = difflib.get_close_matches(name, names, n=5, cutoff=0.4) or names
    raise UnknownNameError(f"no named query {name!r}; did you mean: {', '.join(close)}?")
