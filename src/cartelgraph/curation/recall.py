"""How much of a document's curated claims ``candidates`` would have proposed.

The document's claims (and their evidence nodes) are removed from a copy of the data; the
candidates are computed on that copy; a removed claim counts as covered when one of its quotes
from that document overlaps a proposed sentence in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from cartelgraph.curation import turtle
from cartelgraph.data import read_text, source_text_path
from cartelgraph.internal_queries import query


@dataclass
class Recall:
    source: str
    covered: int
    total: int
    missed: list[str] = field(default_factory=list)  # claim IRIs no candidate overlaps

    @property
    def share(self) -> float:
        return self.covered / self.total if self.total else 0.0


def quote_spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Where ``quote`` occurs in ``text``, allowing any white space between its words."""
    pattern = r"\s+".join(re.escape(word) for word in quote.split())
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)] if pattern else []


def measure_recall(data_dir: Path, source: str) -> Recall:
    """Remove ``source``'s claims from a copy of ``data_dir``, run the candidates there, and
    count the removed claims whose quote overlaps a proposed sentence."""
    import pyoxigraph as ox

    from cartelgraph.curation.candidates import find_candidates
    from cartelgraph.curation.names import Names
    from cartelgraph.curation.safe_write import scratch_copy, store_for
    from cartelgraph.graph import EmbeddedGraph, open_graph

    graph = open_graph(data=data_dir)
    iri = Names(graph).source(source)
    rows = graph.select(query("claim-quotes"), {"source": ox.NamedNode(iri)})
    quotes: dict[str, list[str]] = {}
    removed: set[str] = set()
    for row in rows:
        quotes.setdefault(row["claim"], []).append(row["quote"])
        removed |= {row["claim"], row["node"]}
    with scratch_copy(Path(data_dir)) as copy:
        for path in (copy / "graph").rglob("*.ttl"):
            triples = turtle.read_triples(path)
            kept = {
                t
                for t in triples
                if t.subject.value not in removed
                and not (isinstance(t.object, ox.NamedNode) and t.object.value in removed)
            }
            if kept != triples:
                path.write_text(turtle.serialize(kept), encoding="utf-8")
        report = find_candidates(EmbeddedGraph(copy, store_for(copy)), copy, iri)
        text = read_text(source_text_path(copy, report.text_file))
    sentences = [(c.start, c.end) for c in report.candidates]
    covered, missed = 0, []
    for claim, claim_quotes in sorted(quotes.items()):
        spans = [span for quote in claim_quotes for span in quote_spans(text, quote)]
        if any(start < s_end and s_start < end for start, end in spans for s_start, s_end in sentences):
            covered += 1
        else:
            missed.append(claim)
    return Recall(iri, covered, len(quotes), missed)
