"""Finding known entities in a text without a model: sentences, word tokens, and a gazetteer
of every label and alias in the graph, matched accent- and case-insensitively on whole words
(acronyms such as 'US' or 'SEDENA' only in capitals, so the pronoun 'us' is not the country)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cartelgraph.graph import KnowledgeGraph
from cartelgraph.internal_queries import query
from cartelgraph.text import unaccented

_WORD = re.compile(r"\w+")
_END = re.compile(r"[.!?…]+[\"”’»)\]*]*\s+")
_OPENERS = '"“‘«([*¿¡-•'
ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "lt",
    "col",
    "sgt",
    "capt",
    "cmdr",
    "adm",
    "sen",
    "rep",
    "gov",
    "pres",
    "st",
    "jr",
    "sr",
    "no",
    "vol",
    "vs",
    "etc",
    "approx",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "s",
    "u",
    "e",
    "i",
    "fig",
    "p",
    "pp",
    "lic",
}


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    folded: str  # no accents, case folded
    cased: str  # no accents, case kept


def tokens(text: str, offset: int = 0) -> list[Token]:
    return [
        Token(m.start() + offset, m.end() + offset, unaccented(m.group()).casefold(), unaccented(m.group()))
        for m in _WORD.finditer(text)
    ]


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence. Lines are paragraphs, except that a long line without
    final punctuation continues on the next (hard-wrapped text); blank lines always separate."""
    spans = []
    for start, end in _blocks(text):
        block = text[start:end]
        cut = 0
        for match in _END.finditer(block):
            before = block[: match.start()]
            word = re.search(r"(\w+)$", before)
            following = block[match.end() : match.end() + 2].lstrip(_OPENERS)[:1]
            if word and word.group(1).casefold() in ABBREVIATIONS:
                continue
            if following and not (following.isupper() or following.isdigit()):
                continue
            spans.append((start + cut, start + match.end()))
            cut = match.end()
        spans.append((start + cut, end))
    return [
        (s + len(text[s:e]) - len(text[s:e].lstrip()), s + len(text[s:e].rstrip()))
        for s, e in spans
        if text[s:e].strip()
    ]


def _blocks(text: str) -> list[tuple[int, int]]:
    lines, position = [], 0
    for line in text.split("\n"):
        lines.append((position, position + len(line)))
        position += len(line) + 1
    blocks: list[list[int]] = []
    joinable = False
    for start, end in lines:
        line = text[start:end].strip()
        if not line:
            joinable = False
            continue
        bullet = re.match(r"^([-*•]|\d+[.)])\s", line)
        if joinable and not bullet:
            blocks[-1][1] = end
        else:
            blocks.append([start, end])
        joinable = len(line) >= 60 and not re.search(r"[.!?:;…\"”’)\]]$", line)
    return [(s, e) for s, e in blocks]


@dataclass
class Mention:
    start: int
    end: int
    text: str
    entities: tuple[str, ...]  # several when the name belongs to several entities


@dataclass
class Gazetteer:
    """Every name of every entity, indexed by its first word."""

    labels: dict[str, str] = field(default_factory=dict)  # entity -> label
    index: dict[str, list[tuple[tuple[str, ...], bool, frozenset]]] = field(default_factory=dict)

    @classmethod
    def from_graph(cls, graph: KnowledgeGraph) -> Gazetteer:
        names: dict[tuple[tuple[str, ...], bool], set[str]] = {}
        gazetteer = cls()
        for row in graph.select(query("entity-names-by-label")):
            gazetteer.labels[row["entity"]] = row["label"]
            words = tokens(row["name"])
            if not words:
                continue
            acronym = row["name"] == row["name"].upper() and any(c.isalpha() for c in row["name"])
            key = tuple(t.cased if acronym else t.folded for t in words)
            if not acronym and len(key) == 1 and len(key[0]) < 3:
                continue  # a one- or two-letter word that is not in capitals is no name
            names.setdefault((key, acronym), set()).add(row["entity"])
        for (key, acronym), entities in names.items():
            gazetteer.index.setdefault(key[0], []).append((key, acronym, frozenset(entities)))
        for options in gazetteer.index.values():
            options.sort(key=lambda option: -len(option[0]))
        return gazetteer

    def mentions(self, text: str, offset: int = 0) -> list[Mention]:
        """Known names in ``text``, longest first, without overlaps."""
        words = tokens(text)
        found, i = [], 0
        while i < len(words):
            match = None
            for first in {words[i].folded, words[i].cased}:
                for key, acronym, entities in self.index.get(first, []):
                    end = i + len(key)
                    if end <= len(words) and all(
                        (w.cased if acronym else w.folded) == k for w, k in zip(words[i:end], key, strict=True)
                    ):
                        if match is None or len(key) > match[0]:
                            match = (len(key), entities)
                        break
            if match is None:
                i += 1
                continue
            size, entities = match
            start, end = words[i].start, words[i + size - 1].end
            found.append(Mention(start + offset, end + offset, text[start:end], tuple(sorted(entities))))
            i += size
        return found
