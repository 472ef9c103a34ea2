"""Entities that are one: ``same-as`` records it (and ``--undo`` takes it back) in
graph/same-as.ttl, and ``duplicates`` lists the likely cases.

A record is ``<merged> owl:sameAs <kept>`` plus an ``owl:Axiom`` node carrying the reason and
the source. Nothing else in graph/ changes: the store canonicalises at build time (see
``store.MATERIALIZE``), so removing the record restores both entities as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cartelgraph.curation import turtle
from cartelgraph.curation.names import Names
from cartelgraph.errors import CartelgraphError, UsageError
from cartelgraph.graph import KnowledgeGraph, shorten
from cartelgraph.internal_queries import query
from cartelgraph.namespace import CG
from cartelgraph.resolve import _as_iri, resolve
from cartelgraph.sparql import PREFIXES
from cartelgraph.text import fold

SAME_AS_FILE = Path("graph") / "same-as.ttl"
OWL, RDFS = PREFIXES["owl"], PREFIXES["rdfs"]
SAME_AS = OWL + "sameAs"
HEADER = (
    "Entities recorded as one by `cartelgraph same-as` (merged owl:sameAs kept), with the\n"
    "reason and source on an owl:Axiom node. Undo with `cartelgraph same-as --undo`."
)


@dataclass(frozen=True)
class SameAs:
    merged: str
    kept: str
    record: str  # the owl:Axiom node


def _records(triples: set) -> list[SameAs]:
    by_node: dict[str, dict[str, str]] = {}
    for t in triples:
        by_node.setdefault(t.subject.value, {})[t.predicate.value] = t.object.value
    return [
        SameAs(props[OWL + "annotatedSource"], props[OWL + "annotatedTarget"], node)
        for node, props in sorted(by_node.items())
        if props.get(OWL + "annotatedProperty") == SAME_AS
    ]


def records(data_dir: Path) -> list[SameAs]:
    """The identities recorded in graph/same-as.ttl."""
    return _records(turtle.read_triples(Path(data_dir) / SAME_AS_FILE))


def record_same_as(
    graph: KnowledgeGraph, data_dir: Path, kept: str, merged: str, *, reason: str, source: str | None = None
) -> SameAs:
    """Record that ``merged`` is the same entity as ``kept`` (names, aliases or IRIs); ``kept``'s
    IRI and label stay, ``merged``'s names become aliases."""
    import pyoxigraph as ox

    from cartelgraph.curation.safe_write import problems_after, write_files

    if not reason.strip():
        raise UsageError("--reason: say why they are one entity")
    kept_iri, merged_iri = resolve(graph, kept), resolve(graph, merged)
    if kept_iri == merged_iri:
        raise UsageError(f"{kept!r} and {merged!r} are already one entity ({shorten(kept_iri)})")
    node = ox.NamedNode(f"{turtle.CGR}same-as-{turtle.local_name(merged_iri)}-{turtle.local_name(kept_iri)}")
    triples = {
        ox.Triple(ox.NamedNode(merged_iri), ox.NamedNode(SAME_AS), ox.NamedNode(kept_iri)),
        ox.Triple(node, ox.NamedNode(turtle.RDF_TYPE), ox.NamedNode(OWL + "Axiom")),
        ox.Triple(node, ox.NamedNode(OWL + "annotatedSource"), ox.NamedNode(merged_iri)),
        ox.Triple(node, ox.NamedNode(OWL + "annotatedProperty"), ox.NamedNode(SAME_AS)),
        ox.Triple(node, ox.NamedNode(OWL + "annotatedTarget"), ox.NamedNode(kept_iri)),
        ox.Triple(node, ox.NamedNode(RDFS + "comment"), ox.Literal(reason.strip())),
    }
    if source:
        try:
            triples.add(ox.Triple(node, ox.NamedNode(CG.source), ox.NamedNode(Names(graph).source(source))))
        except CartelgraphError as error:
            raise UsageError(f"--source: {error}") from None
    path = Path(data_dir) / SAME_AS_FILE
    content = turtle.serialize(turtle.read_triples(path) | triples, HEADER).encode()
    problems = problems_after(Path(data_dir), {SAME_AS_FILE: content})
    if problems:
        listing = "\n".join(f"  {p}" for p in problems)
        raise CartelgraphError(f"the graph would not validate, nothing written:\n{listing}")
    write_files(Path(data_dir), {SAME_AS_FILE: content})
    return SameAs(merged_iri, kept_iri, node.value)


def undo_same_as(graph: KnowledgeGraph, data_dir: Path, first: str, second: str) -> SameAs:
    """Remove the record linking ``first`` and ``second``. After a merge both names resolve to
    the kept entity, so when several entities were merged into it, give the merged one's IRI."""
    from cartelgraph.curation.safe_write import write_files

    path = Path(data_dir) / SAME_AS_FILE
    triples = turtle.read_triples(path)
    found = _records(triples)
    wanted = [_as_iri(name) or resolve(graph, name) for name in (first, second)]
    matches = [r for r in found if {r.merged, r.kept} == set(wanted)]
    if not matches and wanted[0] == wanted[1]:
        matches = [r for r in found if r.kept == wanted[0]]
        if len(matches) > 1:
            listing = ", ".join(shorten(r.merged) for r in matches)
            raise UsageError(
                f"several entities were merged into {shorten(wanted[0])} ({listing}); "
                "name the one to separate by its IRI"
            )
    if not matches:
        raise UsageError(f"no same-as record links {first!r} and {second!r} (see {SAME_AS_FILE})")
    record = matches[0]
    remaining = {
        t
        for t in triples
        if t.subject.value != record.record
        and not (t.predicate.value == SAME_AS and t.subject.value == record.merged and t.object.value == record.kept)
    }
    write_files(Path(data_dir), {SAME_AS_FILE: turtle.serialize(remaining, HEADER).encode()})
    return record


@dataclass(frozen=True)
class Duplicate:
    first: str
    second: str
    first_label: str
    second_label: str
    reason: str
    strength: int  # 2: a name that folds to the same form; 1: one label inside another's name


def find_duplicates(graph: KnowledgeGraph) -> list[Duplicate]:
    """Pairs of entities that are likely one: two names (labels or aliases) that fold to the same
    form (accents, case and punctuation aside), or one's label contained, as whole words, in
    a name of the other of the same kind (person, place, agency…)."""
    labels: dict[str, str] = {}
    names: dict[str, set[str]] = {}
    kinds: dict[str, set[str]] = {}
    for row in graph.select(query("entity-names-by-kind")):
        labels[row["entity"]] = min(row["label"], labels.get(row["entity"], row["label"]))
        names.setdefault(row["entity"], set()).add(fold(row["name"]))
        # Places compare by their own kind: Mexico City is no duplicate of the country Mexico.
        kinds.setdefault(row["entity"], set()).add(row.get("kind") or row["top"])
    found: dict[tuple[str, str], Duplicate] = {}
    holders: dict[str, set[str]] = {}
    # Sets are walked in sorted order: their own order changes with each process's hash seed,
    # and the reason given for a pair must not.
    for entity, folded in names.items():
        for name in folded:
            holders.setdefault(name, set()).add(entity)
    for name, entities in sorted(holders.items()):
        for a in sorted(entities):
            for b in sorted(entities):
                if a < b:
                    found.setdefault((a, b), Duplicate(a, b, labels[a], labels[b], f"both are named '{name}'", 2))
    for a in sorted(names):
        label = fold(labels[a])
        words = label.split()
        if len(words) < 2 and len(label) < 5:
            continue  # a short one-word label is inside too many names
        for b in sorted(names):
            if a == b or not kinds[a] & kinds[b] or tuple(sorted((a, b))) in found:
                continue
            for name in sorted(names[b]):
                if name != label and f" {label} " in f" {name} ":
                    pair = tuple(sorted((a, b)))
                    found[pair] = Duplicate(
                        pair[0],
                        pair[1],
                        labels[pair[0]],
                        labels[pair[1]],
                        f"'{labels[a]}' is part of the name '{name}' of {labels[b]}",
                        1,
                    )
                    break
    return sorted(found.values(), key=lambda d: (-d.strength, d.first_label, d.second_label))
