"""``candidates``: sentences of a registered source that name two or more known entities,
written as rows of the ingest format for a person to complete (class, roles, status), and the
capitalised names the graph does not know, as possible new entities."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from cartelgraph.curation.gazetteer import Gazetteer, Mention, sentences, tokens
from cartelgraph.curation.names import Names
from cartelgraph.data import read_text, source_text_path
from cartelgraph.errors import DataError
from cartelgraph.graph import KnowledgeGraph, shorten

CLAIM_COLUMNS = ["id", "class", "participants", "date", "status", "source", "quote", "#mentions"]
ENTITY_COLUMNS = ["class", "label", "altLabel", "comment", "#mentions", "#first seen in"]
# Capitalised words that start sentences or headings and name nothing.
_COMMON = {
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "to",
    "of",
    "and",
    "or",
    "but",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "his",
    "her",
    "their",
    "as",
    "with",
    "while",
    "however",
    "moreover",
    "although",
    "after",
    "before",
    "during",
    "since",
    "despite",
    "under",
    "according",
    "between",
    "what",
    "why",
    "how",
    "when",
    "where",
    "which",
    "who",
    "if",
    "there",
    "here",
    "also",
    "such",
    "some",
    "many",
    "most",
    "more",
    "all",
    "both",
    "each",
    "one",
    "two",
    "three",
    "first",
    "second",
    "third",
    "new",
    "former",
    "president",
    "mr",
    "ms",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "not",
    "no",
    "yes",
    "i",
    "you",
    "our",
}
_MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}
_CONNECTORS = {"de", "del", "la", "las", "los", "y", "of", "the", "and", "for", "el"}


@dataclass
class Candidate:
    start: int
    end: int
    quote: str
    mentions: list[Mention]

    def participants(self, gazetteer: Gazetteer) -> list[str]:
        """Labels of the entities named, in order; an ambiguous name is kept as written, so that
        ingest asks which entity it is."""
        out: list[str] = []
        for mention in self.mentions:
            name = gazetteer.labels[mention.entities[0]] if len(mention.entities) == 1 else mention.text
            if name not in out:
                out.append(name)
        return out


@dataclass
class CandidateReport:
    source: str
    text_file: str
    candidates: list[Candidate]
    unknown: Counter = field(default_factory=Counter)  # capitalised name -> mentions
    first_seen: dict[str, str] = field(default_factory=dict)
    gazetteer: Gazetteer | None = None

    def claim_rows(self) -> list[list[str]]:
        rows = []
        for c in self.candidates:
            found = "; ".join(f"{m.text}" for m in c.mentions)
            rows.append(
                ["", "", "; ".join(c.participants(self.gazetteer)), "", "", shorten(self.source), c.quote, found]
            )
        return rows

    def entity_rows(self) -> list[list[str]]:
        return [["", name, "", "", str(count), self.first_seen[name]] for name, count in self.unknown.most_common()]


def find_candidates(graph: KnowledgeGraph, data_dir: Path, source: str) -> CandidateReport:
    """Candidate claims in the stored text of ``source`` (an IRI, ``cgr:`` name or title)."""
    names = Names(graph)
    iri = names.source(source)
    text_file = names.texts.get(iri)
    path = source_text_path(Path(data_dir), text_file) if text_file else None
    if path is None or not path.is_file():
        raise DataError(f"{shorten(iri)} has no stored text (graph/{text_file or '?'})")
    text = read_text(path, f"graph/{text_file}")
    gazetteer = Gazetteer.from_graph(names.graph)
    report = CandidateReport(iri, text_file, [], gazetteer=gazetteer)
    seen = set()
    lowercase = {t.folded for t in tokens(text) if t.cased.islower()}
    for start, end in sentences(text):
        sentence = text[start:end]
        mentions = gazetteer.mentions(sentence, start)
        _unknown_names(report, sentence, mentions, start, lowercase)
        if len({m.entities for m in mentions}) >= 2:
            quote = " ".join(sentence.split())
            if quote not in seen:
                seen.add(quote)
                report.candidates.append(Candidate(start, end, quote, mentions))
    return report


def _unknown_names(
    report: CandidateReport, sentence: str, mentions: list[Mention], offset: int, lowercase: set[str]
) -> None:
    """Runs of capitalised words outside known mentions ('Omar García Harfuch', 'SEMAR')."""
    covered = [(m.start - offset, m.end - offset) for m in mentions]
    words = [t for t in tokens(sentence) if not any(s <= t.start < e for s, e in covered)]
    run: list = []
    for word in words + [None]:
        capital = word is not None and word.cased[:1].isupper() and not word.cased.isdigit()
        connector = word is not None and run and word.folded in _CONNECTORS and word.cased.islower()
        adjacent = word is not None and run and sentence[run[-1].end : word.start].strip() in ("", "-")
        if word is not None and (capital or connector) and (not run or adjacent):
            run.append(word)
            continue
        _keep_run(report, sentence, run, lowercase)
        run = [word] if capital else []


def _keep_run(report: CandidateReport, sentence: str, run: list, lowercase: set[str]) -> None:
    while run and run[-1].folded in _CONNECTORS:
        run = run[:-1]
    while run and run[0].folded in _COMMON:
        run = run[1:]
    if not run:
        return
    name = sentence[run[0].start : run[-1].end]
    if len(run) == 1 and not name.isupper():
        opening = not sentence[: run[0].start].strip(' "“‘«([*¿¡-•0123456789¹²³⁴⁵⁶⁷⁸⁹⁰.:')
        if len(name) < 3 or run[0].folded in lowercase or run[0].folded in _MONTHS or opening:
            return  # a common word with a capital: sentence start, heading, month
    if len(name) < 2 or re.fullmatch(r"[\W\d_]+", name):
        return
    report.unknown[name] += 1
    report.first_seen.setdefault(name, " ".join(sentence.split())[:200])
