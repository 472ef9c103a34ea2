"""Validation of the data: SHACL shapes, the ``checks/*-violation.rq`` rules, and the quote check.

Every problem names the file, the subject and what is wrong. ``validate`` returns them all;
the CLI prints them and exits non-zero when there is any.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cartelgraph.data import SHAPES_FILE, input_files, parse_turtle, read_text, source_text_path
from cartelgraph.errors import DataError, visible
from cartelgraph.graph import EmbeddedGraph, shorten
from cartelgraph.internal_queries import query
from cartelgraph.queries import load_all

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
BLANK_NODE_CHECK = "blank-node-violation"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    subject: str
    message: str
    check: str

    def __str__(self) -> str:
        about = f"{shorten(self.subject)}: " if self.subject else ""
        return visible(f"{self.file}: {about}{self.message} [{self.check}]")


def fold_space(text: str) -> str:
    """Whitespace folding: every run of white space becomes one space."""
    return " ".join(text.split())


def validate(data_dir: Path, *, shacl: bool = True, store: Path | None = None) -> list[Problem]:
    """Every problem in the data folder, sorted by file and subject. ``store`` is a store built
    from it (by default the cached one, built when needed)."""
    from cartelgraph.store import ensure_store

    graph = EmbeddedGraph(data_dir, store or ensure_store(data_dir))
    where, blank_files = _subject_files(data_dir)
    problems = check_rules(graph, where) + check_quotes(graph, data_dir, where)
    if shacl:
        problems += check_shapes(data_dir, where)
    return sorted(set(_blank_nodes_by_file(problems, blank_files)))


def _subject_files(data_dir: Path) -> tuple[dict[str, str], list[str]]:
    """Which file describes each subject (the first one that gives it a type), and which files
    hold blank nodes."""
    import pyoxigraph as ox

    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    where: dict[str, str] = {}
    blank_files = []
    for path in input_files(data_dir):
        name = str(path.relative_to(data_dir))
        blank = False
        for triple in parse_turtle(path):
            if triple.predicate == rdf_type and isinstance(triple.subject, ox.NamedNode):
                where.setdefault(triple.subject.value, name)
            blank = blank or isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)
        if blank:
            blank_files.append(name)
    return where, blank_files


def _blank_nodes_by_file(problems: list[Problem], blank_files: list[str]) -> list[Problem]:
    """One line for the blank nodes of the blank-node check rather than one per node: a file of
    nested ``[ … ]`` has hundreds, and a blank node cannot be traced back to its file, but the
    files that hold blank nodes are known."""
    blank = {p for p in problems if p.check == BLANK_NODE_CHECK and p.subject.startswith("_:")}
    if not blank:
        return problems
    files = ", ".join(blank_files) or "graph/"
    nodes = len({p.subject for p in blank})
    count = f"{nodes} blank node{'s' if nodes != 1 else ''}"
    return [p for p in problems if p not in blank] + [
        Problem(files, "", f"{count} in the data: give each an IRI", BLANK_NODE_CHECK)
    ]


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
    for row in graph.select(query("quotes")):
        holder, quote, text_file = row["holder"], row["quote"], row.get("textFile")
        if text_file is None:
            continue  # reported by quoted-source-without-text-violation
        file = where.get(holder, "graph/")
        if text_file not in texts:
            try:
                path = source_text_path(data_dir, text_file)
                texts[text_file] = fold_space(read_text(path, f"graph/{text_file}")) if path.is_file() else None
            except DataError as error:  # a path outside graph/sources/, or not UTF-8: told once
                problems.append(Problem(file, holder, str(error), "quote-check"))
                texts[text_file] = ""
                continue
        text = texts[text_file]
        if text == "":
            continue  # an unsafe path or an unreadable text, reported once
        if text is None:
            problems.append(Problem(file, holder, f"source text graph/{text_file} is missing", "quote-check"))
        elif fold_space(quote) not in text:
            problems.append(
                Problem(file, holder, f"quote not found in graph/{text_file}: {_excerpt(quote)!r}", "quote-check")
            )
    return problems


def _excerpt(quote: str, size: int = 80) -> str:
    quote = fold_space(quote)
    return quote if len(quote) <= size else quote[: size - 1] + "…"


def check_shapes(data_dir: Path, where: dict[str, str]) -> list[Problem]:
    """Run the SHACL shapes with RDFS inference over the ontology, so subclasses are targeted."""
    import pyshacl
    from rdflib import Namespace

    from cartelgraph.rdfs import rdfs_closure  # rdflib: loaded only when SHACL runs

    sh = Namespace("http://www.w3.org/ns/shacl#")
    # The data holds the ontology (input_files), so it needs no ont_graph, and the graph is ours
    # (inplace): each would copy the whole graph. The RDFS closure is ours too: the same
    # triples as pySHACL's inference="rdfs", in a fifth of the time (cartelgraph.rdfs).
    data = _rdflib_graph(rdfs_closure(_rdflib_triples(input_files(data_dir))))
    shapes = _rdflib_graph(_rdflib_triples([data_dir / SHAPES_FILE]))
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", inplace=True, abort_on_first=False
    )
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


def _rdflib_triples(paths: list[Path]) -> set[tuple]:
    """The triples of the Turtle files in rdflib terms, parsed by Oxigraph as the store is:
    rdflib's own parser is slower, and recurses once per nested ``[ … ]``, so that valid Turtle
    nested a few hundred deep ended in a RecursionError. Blank nodes are kept apart file by file.
    Each IRI and literal becomes one rdflib object, made once: the closure's sets and the rdflib
    store's indexes then find it by identity rather than comparing strings."""
    named: dict = {}
    triples = set()
    for path in paths:
        blank: dict = {}
        triples.update(
            (
                _converted(q.subject, named, blank),
                _converted(q.predicate, named, blank),
                _converted(q.object, named, blank),
            )
            for q in parse_turtle(path)
        )
    return triples


def _converted(node, named: dict, blank: dict):
    """``node`` in rdflib terms, from ``blank`` (a blank node) or ``named``, converted once."""
    import pyoxigraph as ox

    table = blank if isinstance(node, ox.BlankNode) else named
    found = table.get(node)
    if found is None:
        found = table[node] = _rdflib_term(node)
    return found


def _rdflib_graph(triples: set[tuple]):
    from rdflib import Graph

    graph = Graph()
    graph.addN((*triple, graph) for triple in triples)
    return graph


def _rdflib_term(node):
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(node, ox.NamedNode):
        return URIRef(node.value)
    if isinstance(node, ox.BlankNode):
        return BNode()
    if node.language:
        return Literal(node.value, lang=node.language)
    datatype = node.datatype.value
    return Literal(node.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))
