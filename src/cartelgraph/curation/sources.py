"""``add-source``: a new document's text under graph/sources/ and its ``cg:Source`` in
graph/sources-added.ttl (the hand-written graph/sources.ttl is never touched)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from cartelgraph.curation import turtle
from cartelgraph.curation.cells import CellError, literal
from cartelgraph.curation.names import Names
from cartelgraph.curation.schema import Property, load_schema
from cartelgraph.data import read_text
from cartelgraph.errors import CartelgraphError, DataError, UsageError
from cartelgraph.graph import KnowledgeGraph, shorten
from cartelgraph.namespace import CG
from cartelgraph.text import fold as fold_name
from cartelgraph.validate import fold_space as fold

SOURCES_FILE = Path("graph") / "sources-added.ttl"
HEADER = "Sources registered with `cartelgraph add-source`, in a canonical sorted form."


@dataclass
class AddedSource:
    iri: str
    text_file: str  # relative to graph/
    triples: list
    created: bool


def add_source(
    graph: KnowledgeGraph,
    data_dir: Path,
    text_path: Path,
    *,
    title: str,
    kind: str = "NewsArticle",
    publisher: str | None = None,
    date: str | None = None,
    author: str | None = None,
    url: str | None = None,
    dry_run: bool = False,
) -> AddedSource:
    """Register the document in ``text_path`` (UTF-8 text) as a source.

    The IRI is minted from the title (``cgr:<title-slug>``); the text is copied to
    ``graph/sources/NNN-<slug>.txt``. Registering the same text under the same title again
    changes nothing."""
    import pyoxigraph as ox

    from cartelgraph.curation.safe_write import problems_after, write_files

    data_dir, text_path = Path(data_dir), Path(text_path)
    if not text_path.is_file():
        raise UsageError(f"{text_path}: no such file")
    try:
        text = read_text(text_path)  # a byte order mark is not part of the stored text
    except DataError as error:
        raise UsageError(str(error)) from None
    if not text.strip():
        raise UsageError(f"{text_path}: the file is empty")
    if not title.strip():
        raise UsageError("--title: give the document's title")
    schema = load_schema(graph, data_dir)
    kinds = schema.members.get(CG.SourceKind, {})
    if fold_name(kind) not in kinds:
        choices = ", ".join(sorted(k.rsplit("#", 1)[-1] for k in set(kinds.values())))
        raise UsageError(f"--kind {kind}: one of {choices}")
    names = Names(graph)
    same_text = _registered_text(data_dir, names, text)
    name = turtle.slug(title) or "source"
    iri = turtle.CGR + name
    if same_text is not None:
        if same_text[0] == iri:
            return AddedSource(iri, same_text[1], [], created=False)
        raise UsageError(
            f"{text_path}: this text is already registered as {shorten(same_text[0])} (graph/{same_text[1]})"
        )
    if iri in names.texts:
        raise UsageError(f"--title: a source {shorten(iri)} already exists with another text; choose another title")
    text_file = f"sources/{_next_number(data_dir)}-{name}.txt"
    node = ox.NamedNode(iri)

    def add(prop: str, term) -> None:
        triples.append(ox.Triple(node, ox.NamedNode(prop), term))

    triples: list = [ox.Triple(node, ox.NamedNode(turtle.RDF_TYPE), ox.NamedNode(CG.Source))]
    add(turtle.PREFIXES_RDFS_LABEL, ox.Literal(title.strip()))
    add(CG.title, ox.Literal(title.strip()))
    add(CG.textFile, ox.Literal(text_file))
    add(CG.sourceKind, ox.NamedNode(kinds[fold_name(kind)]))
    try:
        if date:
            add(CG.date, literal(Property(CG.date, "date"), date.strip()))
    except CellError as error:
        raise UsageError(f"--date: {error}") from None
    if publisher:
        try:
            add(CG.publisher, ox.NamedNode(names.entity(publisher)))
        except CartelgraphError as error:
            raise UsageError(f"--publisher: {error}") from None
    if author:
        add(CG.author, ox.Literal(author.strip()))
    if url:
        add(CG.url, ox.Literal(url.strip()))
    result = AddedSource(iri, text_file, triples, created=True)
    if dry_run:
        return result
    existing = turtle.read_triples(data_dir / SOURCES_FILE)
    files = {
        Path("graph") / text_file: text.encode("utf-8"),
        SOURCES_FILE: turtle.serialize(existing | set(triples), HEADER).encode(),
    }
    problems = problems_after(data_dir, files)
    if problems:
        raise CartelgraphError(
            "the source would not validate, nothing written:\n" + "\n".join(f"  {p}" for p in problems)
        )
    write_files(data_dir, files)
    return result


def _registered_text(data_dir: Path, names: Names, text: str) -> tuple[str, str] | None:
    folded = fold(text)
    for iri, text_file in names.texts.items():
        path = data_dir / "graph" / (text_file or "")
        if text_file and path.is_file() and fold(read_text(path, f"graph/{text_file}")) == folded:
            return iri, text_file
    return None


def _next_number(data_dir: Path) -> str:
    numbers = [
        int(m.group(1)) for p in (data_dir / "graph" / "sources").glob("*.txt") if (m := re.match(r"(\d+)-", p.name))
    ]
    return f"{max(numbers, default=-1) + 1:03d}"
