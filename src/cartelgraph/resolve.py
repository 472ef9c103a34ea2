"""From names to entities: accent- and case-insensitive search over labels and aliases, and
resolution of a user's name (label, alias or IRI) to exactly one entity."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from cartelgraph.errors import UnknownNameError, UsageError
from cartelgraph.graph import KnowledgeGraph
from cartelgraph.sparql import PREFIXES

NAMES_QUERY = """
SELECT ?entity ?label ?class ?name ?primary WHERE {
  ?entity a cg:Entity ; rdfs:label ?label ; a ?class .
  ?class rdfs:subClassOf* cg:Entity .
  FILTER NOT EXISTS { ?entity a ?sub . ?sub rdfs:subClassOf ?class . FILTER(?sub != ?class) }
  { ?entity rdfs:label ?name BIND(true AS ?primary) } UNION { ?entity skos:altLabel ?name BIND(false AS ?primary) }
}"""


SAME_AS_QUERY = """
SELECT ?e ?kept WHERE { ?e owl:sameAs+ ?kept . ?kept a cg:Entity }"""


class AmbiguousNameError(UsageError):
    """A name that fits several entities equally well; the message lists them."""

    def __init__(self, name: str, matches: list[Match]):
        self.matches = matches
        listing = "; ".join(f"{m.label} ({m.class_name}, {m.short_iri})" for m in matches)
        super().__init__(f"{name!r} names several entities: {listing}. Give one of their IRIs.")


def fold(text: str) -> str:
    """'García-Luna ' -> 'garcia luna': no accents, no case, punctuation as spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


@dataclass(frozen=True)
class Match:
    iri: str
    label: str
    cls: str
    matched: str  # the label or alias that matched
    score: int

    @property
    def class_name(self) -> str:
        return self.cls.rsplit("#", 1)[-1]

    @property
    def short_iri(self) -> str:
        from cartelgraph.graph import shorten

        return shorten(self.iri)


def _score(query: str, name: str, primary: bool) -> int:
    """Exact label 100, exact alias 95, prefix 80, every query word starts a word 70,
    substring 60, fuzzy 0-50."""
    if name == query:
        return 100 if primary else 95
    if name.startswith(query):
        return 80
    words = name.split()
    if all(any(w.startswith(q) for w in words) for q in query.split()):
        return 70
    if query in name:
        return 60
    ratio = difflib.SequenceMatcher(None, query, name).ratio()
    return int(ratio * 50) if ratio >= 0.75 else 0


def search(graph: KnowledgeGraph, text: str, *, limit: int | None = 20) -> list[Match]:
    """Entities whose label or any alias matches ``text``, best first (exact names first)."""
    query = fold(text)
    if not query:
        return []
    best: dict[str, Match] = {}
    for row in graph.select(NAMES_QUERY):
        score = _score(query, fold(row["name"]), bool(row["primary"]))
        if score and (row["entity"] not in best or score > best[row["entity"]].score):
            best[row["entity"]] = Match(row["entity"], row["label"], row["class"], row["name"], score)
    ranked = sorted(best.values(), key=lambda m: (-m.score, len(m.label), m.label))
    return ranked[:limit] if limit else ranked


def resolve(graph: KnowledgeGraph, name: str) -> str:
    """The IRI of the one entity ``name`` designates (an IRI, ``cgr:x``, a label or an alias).

    Raises :class:`UnknownNameError` with the closest names, or :class:`AmbiguousNameError`
    when an exact name fits several entities."""
    iri = _as_iri(name)
    if iri is not None:
        if graph.query("ASK { ?e a cg:Entity }", {"e": _node(iri)}).boolean:
            return iri
        merged = graph.select(SAME_AS_QUERY, {"e": _node(iri)})
        if merged:  # an entity recorded as the same as another (cartelgraph same-as)
            return merged[0]["kept"]
        raise UnknownNameError(f"no entity {name!r} in the graph")
    matches = search(graph, name, limit=None)
    labels = [m for m in matches if m.score == 100]
    if len(labels) == 1:
        return labels[0].iri  # an exact primary label wins over aliases of others
    if len(labels) > 1:
        raise AmbiguousNameError(name, labels)
    exact = [m for m in matches if m.score >= 95]
    if len(exact) == 1:
        return exact[0].iri  # one entity has this very name as an alias; partial matches don't compete
    if len(exact) > 1:
        raise AmbiguousNameError(name, exact)
    strong = [m for m in matches if m.score >= 70]
    if len(strong) == 1:
        return strong[0].iri
    if strong:  # an alias or partial name shared by several entities: let the user choose
        raise AmbiguousNameError(name, strong[:10])
    close = ", ".join(f"{m.label} ({m.short_iri})" for m in matches[:5])
    hint = f"; did you mean: {close}?" if close else "; try `cartelgraph search` with part of the name"
    raise UnknownNameError(f"no entity named {name!r}{hint}")


def _as_iri(name: str) -> str | None:
    if re.match(r"^https?://", name):
        return name
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, colon, local = name.partition(":")
    if colon and prefix in PREFIXES and " " not in local:
        return PREFIXES[prefix] + local
    return None


def _node(iri: str):
    import pyoxigraph as ox

    return ox.NamedNode(iri)
