"""Validation of the data: SHACL shapes, the ``checks/*-violation.rq`` rules, and the quote check.

Every problem names the file, the subject and what is wrong. ``validate`` returns them all;
the CLI prints them and exits non-zero when there is any.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cartelgraph.data import SHAPES_FILE, input_files, source_text_path
from cartelgraph.errors import DataError
from cartelgraph.graph import EmbeddedGraph, shorten
from cartelgraph.queries import load_all

QUOTES_QUERY = """
SELECT ?holder ?source ?quote ?textFile WHERE {
  ?holder cg:source ?source ; cg:quote ?quote .
  OPTIONAL { ?source cg:textFile ?textFile }
}"""


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    subject: str
    message: str
    check: str

    def __str__(self) -> str:
        return f"{self.file}: {shorten(self.subject)}: {self.message} [{self.check}]"


def fold_space(text: str) -> str:
    """Whitespace folding: every run of white space becomes one space."""
    return " ".join(text.split())


def validate(data_dir: Path, *, shacl: bool = True) -> list[Problem]:
    """Every problem in the data folder, sorted by file and subject."""
    from cartelgraph.store import ensure_store

    graph = EmbeddedGraph(data_dir, ensure_store(data_dir))
    where = _subject_files(data_dir)
    problems = check_rules(graph, where) + check_quotes(graph, data_dir, where)
    if shacl:
        problems += check_shapes(data_dir, where)
    return sorted(set(problems))


def _subject_files(data_dir: Path) -> dict[str, str]:
    """Which file describes each subject (the first one that gives it a type)."""
    import pyoxigraph as ox

    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    where: dict[str, str] = {}
    for path in input_files(data_dir):
        name = str(path.relative_to(data_dir))
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            if triple.predicate == rdf_type and isinstance(triple.subject, ox.NamedNode):
                where.setdefault(triple.subject.value, name)
    return where


def check_rules(graph: EmbeddedGraph, where: dict[str, str]) -> list[Problem]:
    problems = []
    for name, check in load_all("checks").items():
        for row in graph.select(check.text):
            subject = row.get("subject") or ""
            problems.append(Problem(where.get(subject, "graph/"), subject, row.get("message") or name, name))
    return problems


def check_quotes(graph: EmbeddedGraph, data_dir: Path, where: dict[str, str]) -> list[Problem]:
    """Each quote must occur in its own source's stored text, after whitespace folding."""
    texts: dict[str, str | None] = {}
    problems = []
    for row in graph.select(QUOTES_QUERY):
        holder, quote, text_file = row["holder"], row["quote"], row.get("textFile")
        if text_file is None:
            continue  # reported by quoted-source-without-text-violation
        file = where.get(holder, "graph/")
        if text_file not in texts:
            try:
                path = source_text_path(data_dir, text_file)
            except DataError as error:
                problems.append(Problem(file, holder, str(error), "quote-check"))
                texts[text_file] = ""
                continue
            texts[text_file] = fold_space(path.read_text(encoding="utf-8")) if path.is_file() else None
        text = texts[text_file]
        if text == "":
            continue  # an unsafe path, reported once
        if text is None:
            problems.append(Problem(file, holder, f"source text graph/{text_file} is missing", "quote-check"))
        elif fold_space(quote) not in text:
            problems.append(Problem(file, holder, f"quote not found in graph/{text_file}: "
                                    f"{_excerpt(quote)!r}", "quote-check"))
    return problems


def _excerpt(quote: str, size: int = 80) -> str:
    quote = fold_space(quote)
    return quote if len(quote) <= size else quote[: size - 1] + "…"


def check_shapes(data_dir: Path, where: dict[str, str]) -> list[Problem]:
    """Run the SHACL shapes with RDFS inference over the ontology, so subclasses are targeted."""
    import pyshacl
    from rdflib import Graph, Namespace

    sh = Namespace("http://www.w3.org/ns/shacl#")
    data = Graph()
    for path in input_files(data_dir):
        data.parse(path, format="turtle")
    shapes = Graph().parse(data_dir / SHAPES_FILE, format="turtle")
    ontology = Graph().parse(data_dir / "ontology" / "cartelgraph.ttl", format="turtle")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology,
                                           inference="rdfs", abort_on_first=False)
    problems = []
    if conforms:
        return problems
    for result in report.subjects(predicate=sh.focusNode):
        focus = str(report.value(result, sh.focusNode))
        message = str(report.value(result, sh.resultMessage) or "violates a shape")
        path = report.value(result, sh.resultPath)
        if path is not None:
            message = f"{message} (property {shorten(str(path))})"
        problems.append(Problem(where.get(focus, "graph/"), focus, message, "shacl"))
    return problems
