"""From names to entities: accent- and case-insensitive search over labels and aliases, and
resolution of a user's name (label, alias or IRI) to exactly one entity."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cartelgraph.errors import UnknownNameError, UsageError
from cartelgraph.graph import KnowledgeGraph
from cartelgraph.internal_queries import query as internal_query
from cartelgraph.name_index import name_index
from cartelgraph.sparql import PREFIXES
from cartelgraph.substitute import filled_batches, limited
from cartelgraph.text import accent_pattern, fold, phrase_pattern, plain_score, similarity_scores

# A fuzzy match needs a candidate: a name holding the first letters of the query's longest word.
FUZZY_PREFIX = 3
# At most this many names are ranked in Python per pass (a prefix like "ana" matches many).
MAX_CANDIDATES = 20000


# The time limit of a search or resolution in its worker: the first one on a store also computes
# the name index (about 4 s at a million triples).
RUN_TIMEOUT = 120.0


class AmbiguousNameError(UsageError, LookupError):
    """A name that fits several entities equally well; the message lists them (a
    :class:`LookupError`, like :class:`UnknownNameError`)."""

    def __init__(self, name: str, matches: list[Match]):
        self.name, self.matches = name, matches
        listing = "; ".join(f"{m.label} ({m.class_name}, {m.short_iri})" for m in matches)
        super().__init__(f"{name!r} names several entities: {listing}. Give one of their IRIs.")

    def __reduce__(self):  # so that it comes back whole from a worker process (KnowledgeGraph.run)
        return type(self), (self.name, self.matches)


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


def search(
    graph: KnowledgeGraph, text: str, *, limit: int | None = 20, classes=None, fuzzy: bool = True
) -> list[Match]:
    """Entities whose label or any alias matches ``text``, best first (exact names first).

    The graph is asked only for names containing the longest word of ``text`` (accents and
    case ignored), which Python then ranks; when fewer than ``limit`` match (and ``fuzzy``), a
    second pass asks for names holding the first letters of that word and ranks them by
    similarity too (typos: 'Alvares' finds 'Álvarez'). ``classes``: class IRIs, subclasses
    included (officials are persons)."""
    return graph.run(_search, text, limit, classes, fuzzy, None, timeout=RUN_TIMEOUT)


def _search(
    graph: KnowledgeGraph, text: str, limit: int | None, classes, fuzzy: bool, at_least: int | None
) -> list[Match]:
    """:func:`search`, in one worker; with ``at_least``, only the matches scoring at least that
    are looked up and returned (all of them if none does), which is what :func:`resolve` needs."""
    query = fold(_checked_length(text))
    if not query:
        return []
    best: dict[str, tuple] = {}
    near = _rank(best, query, _candidates(graph, query, fuzzy))
    # Similarity scores at most 50: the names that only come close are compared only when
    # they could be returned (too few entities score 60 or more to fill the answer).
    if not (
        (at_least is not None and any(found[0] >= at_least for found in best.values()))
        or (limit and not classes and len(best) >= limit)
    ):
        _rank_near(best, query, near)
    if at_least is not None and any(found[0] >= at_least for found in best.values()):
        best = {iri: found for iri, found in best.items() if found[0] >= at_least}
    if classes and best:
        typed = _typed(graph, list(best), classes)
        best = {iri: found for iri, found in best.items() if iri in typed}
    labels = {iri: name for iri, (_, name, primary) in best.items() if primary}
    if limit and len(best) > limit:  # only the entities that may be shown need their label
        cut = sorted((found[0] for found in best.values()), reverse=True)[limit - 1]
        best = {iri: found for iri, found in best.items() if found[0] >= cut}
    labels.update(_labels(graph, [iri for iri in best if iri not in labels]))
    ranked = sorted(
        ((iri, labels[iri]) for iri in best if iri in labels),
        key=lambda item: (-best[item[0]][0], len(item[1]), item[1], item[0]),
    )
    ranked = ranked[:limit] if limit else ranked
    kinds = _classes(graph, [iri for iri, _ in ranked])
    return [Match(iri, label, kinds[iri], best[iri][1], best[iri][0]) for iri, label in ranked if iri in kinds]


def _candidates(graph: KnowledgeGraph, query: str, fuzzy: bool) -> list[dict]:
    """Names (rows of ``names-matching.rq``: entity, property, name) holding the longest word of
    ``query`` (folded) and, with ``fuzzy``, names of a similar length holding its first
    :data:`FUZZY_PREFIX` letters. The embedded store's names are read from its name index (see
    :mod:`cartelgraph.name_index`); a remote endpoint is asked with a FILTER whose patterns are
    bound values (see :func:`cartelgraph.text.accent_pattern`)."""
    word = max(query.split(), key=len)
    low, high = int(len(query) * 0.6), 2 * len(query) + 8
    if not hasattr(graph, "store_path"):
        import pyoxigraph as ox

        if fuzzy:  # one scan serves both: names holding the longest word, and near misses of similar length
            text = internal_query("names-matching-or-near")
            params = {"prefix": accent_pattern(word[:FUZZY_PREFIX]), "shortest": low, "longest": high}
        else:
            text, params = internal_query("names-matching"), {}
        params["pattern"] = accent_pattern(word)
        asked = limited(text, MAX_CANDIDATES)
        rows = graph.select(asked, {name: ox.Literal(value) for name, value in params.items()})
        if len(rows) >= MAX_CANDIDATES and len(query.split()) > 1:
            # Cut off in no order: ask for the names holding the whole query too and put them
            # first, as the index does below, so an exact name is not lost.
            whole = {"pattern": ox.Literal(phrase_pattern(query))}
            every = graph.select(limited(internal_query("names-matching"), MAX_CANDIDATES), whole)
            known = {(row["entity"], row["name"]) for row in every}
            rows = (every + [row for row in rows if (row["entity"], row["name"]) not in known])[:MAX_CANDIDATES]
        # The regex keeps more than it should (see accent_pattern): the folded names decide, as
        # in the index below.
        for row in rows:
            row["folded"] = fold(row["name"])
        return [
            row
            for row in rows
            if word in row["folded"]
            or (fuzzy and word[:FUZZY_PREFIX] in row["folded"] and low <= len(row["name"]) <= high)
        ]

    index = name_index(graph)
    if not fuzzy:
        found = index.containing(word)
    else:
        found = [
            i
            for i in index.containing(word[:FUZZY_PREFIX])
            if word in index.folded(i) or low <= len(index.name(i)) <= high
        ]
    if len(found) > MAX_CANDIDATES:
        # Too common a word (at 5M triples "agency" is in 36,000 names): the names holding the
        # whole query go first, so an exact name is never cut off by names that only share a word.
        whole = index.containing(query)
        kept = set(whole)
        found = whole + [i for i in found if i not in kept]
    return index.rows(found[:MAX_CANDIDATES])


def _rank(best: dict[str, tuple], query: str, rows: list[dict]) -> list[tuple]:
    """Score each name; keep each entity's best ``(score, name, primary)`` (its label first on a
    tie). The names only similarity can score are returned, for :func:`_rank_near`: they score
    less than any other, so scoring them afterwards keeps the same best names."""
    near = []
    for row in rows:
        primary = row["property"].endswith("#label")
        name = row.get("folded") or fold(row["name"])
        score = plain_score(query, name, primary)
        if score is None:
            near.append((row, name, primary))
        else:
            _keep(best, row, score, primary)
    return near


def _rank_near(best: dict[str, tuple], query: str, near: list[tuple]) -> None:
    """Score by similarity the names :func:`_rank` set aside, all at once (rapidfuzz), and keep
    them in the names' order, so that ties are broken as for the other names."""
    for (row, _, primary), score in zip(near, similarity_scores(query, [name for _, name, _ in near]), strict=True):
        _keep(best, row, score, primary)


def _keep(best: dict[str, tuple], row: dict, score: int, primary: bool) -> None:
    known = best.get(row["entity"])
    if score and (known is None or (score, primary) > known[::2]):
        best[row["entity"]] = (score, row["name"], primary)


def _labels(graph: KnowledgeGraph, iris: list[str]) -> dict[str, str]:

    texts = filled_batches(internal_query("labels-of-entities"), "entity", iris)
    return {r["entity"]: r["label"] for text in texts for r in graph.select(text)}


def _classes(graph: KnowledgeGraph, iris: list[str]) -> dict[str, str]:
    """The most specific entity class of each of ``iris`` that is an entity: one of its classes
    that none of its other classes is a direct subclass of (the first by IRI if several)."""

    types: dict[str, set[str]] = {}
    supers: dict[str, set[str]] = {}
    texts = filled_batches(internal_query("classes-of-entities"), "entity", iris)
    for row in (r for text in texts for r in graph.select(text)):
        if row.get("entity"):
            types.setdefault(row["entity"], set()).add(row["class"])
        else:
            supers.setdefault(row["class"], set()).update([row["super"]] if row.get("super") else [])
    found = {}
    for iri, kinds in types.items():
        specific = sorted(k for k in kinds if k in supers and not any(k in supers.get(o, ()) for o in kinds if o != k))
        if specific:
            found[iri] = specific[0]
    return found


def _typed(graph: KnowledgeGraph, iris: list[str], classes) -> set[str]:

    return {
        r["entity"]
        for text in filled_batches(internal_query("types-of-entities"), "entity", iris)
        for r in graph.select(text)
        if r["type"] in classes
    }


@dataclass(frozen=True)
class Resolution:
    """What a name was taken to mean: ``iri``, the ``picked`` match (None for an IRI) and the
    ``alternatives`` it may also have meant (see :func:`resolve_noting`)."""

    name: str
    iri: str
    picked: Match | None = None
    alternatives: tuple[Match, ...] = ()

    def as_dict(self) -> dict:
        """``{name, entity, alternatives: [{entity, id, label, class}], note}`` for answers."""
        return {
            "name": self.name,
            "entity": self.iri,
            "alternatives": [
                {"entity": m.iri, "id": m.short_iri, "label": m.label, "class": m.class_name} for m in self.alternatives
            ],
            "note": self.note(),
        }

    def note(self) -> str | None:
        """One line saying which entity the name was taken for and what else it may mean
        (None when nothing else fits)."""
        if not self.alternatives or self.picked is None:
            return None
        others = "; ".join(f"{m.label} ({m.class_name}, {m.short_iri})" for m in self.alternatives)
        return (
            f"note: {self.name!r} is taken as {self.picked.label} ({self.picked.class_name}, "
            f"{self.picked.short_iri}); it may also mean {others}: give the IRI or the full name to choose"
        )


def resolve(graph: KnowledgeGraph, name: str) -> str:
    """The IRI of the one entity ``name`` designates (an IRI, ``cgr:x``, a label or an alias).

    Raises :class:`UnknownNameError` with the closest names, or :class:`AmbiguousNameError`
    when an exact name fits several entities."""
    return graph.run(_resolve, name, timeout=RUN_TIMEOUT)


def resolve_noting(graph: KnowledgeGraph, name: str) -> Resolution:
    """:func:`resolve`, saying what else the name may mean.

    The rule: an IRI means that entity; an exact label wins over everything else, then an exact
    alias, then a single partial match (several are an error listing them). When the name was
    exact, the ``alternatives`` are the other entities that have it as an alias (a label beats
    an alias of another entity) and those named by it plus one word, before or after ('Sinaloa'
    is the state, and may also mean the Sinaloa Cartel; 'Mexico' may also mean Mexico City)."""
    return graph.run(_resolution, name, timeout=RUN_TIMEOUT)


def _resolve(graph: KnowledgeGraph, name: str) -> str:
    return _resolution(graph, name).iri


def _resolution(graph: KnowledgeGraph, name: str) -> Resolution:
    iri = _as_iri(name)
    if iri is not None:
        node = _node(iri, name)
        if graph.query(internal_query("is-entity"), {"e": node}).boolean:
            return Resolution(name, iri)
        merged = graph.select(internal_query("same-as"), {"e": node})
        if merged:  # an entity recorded as the same as another (cartelgraph same-as)
            return Resolution(name, merged[0]["kept"])
        raise UnknownNameError(f"no entity {name!r} in the graph")
    # Only the strong matches are needed when there are any (the usual case: a full name).
    matches = _search(graph, name, None, None, False, 70)
    if not any(m.score >= 70 for m in matches):
        matches = _search(graph, name, None, None, False, None)
    labels = [m for m in matches if m.score == 100]
    if len(labels) == 1:  # an exact primary label wins over aliases of others
        return Resolution(name, labels[0].iri, labels[0], _alternatives(name, labels[0], matches))
    if len(labels) > 1:
        raise AmbiguousNameError(name, labels)
    exact = [m for m in matches if m.score >= 95]
    if len(exact) == 1:  # one entity has this very name as an alias; partial matches don't compete
        return Resolution(name, exact[0].iri, exact[0], _alternatives(name, exact[0], matches))
    if len(exact) > 1:
        raise AmbiguousNameError(name, exact)
    strong = [m for m in matches if m.score >= 70]
    if len(strong) == 1:
        return Resolution(name, strong[0].iri, strong[0])
    if strong:  # an alias or partial name shared by several entities: let the user choose
        raise AmbiguousNameError(name, strong[:10])
    if len(matches) < 5:  # suggestions: look for misspellings too
        matches = _search(graph, name, 5, None, True, None)
    close = ", ".join(f"{m.label} ({m.short_iri})" for m in matches[:5])
    hint = f"; did you mean: {close}?" if close else "; try `cartelgraph search` with part of the name"
    raise UnknownNameError(f"no entity named {name!r}{hint}")


def _alternatives(name: str, picked: Match, matches: list[Match]) -> tuple[Match, ...]:
    """The other entities an exact ``name`` may mean (see :func:`resolve_noting`), in the order
    of the matches (best first, then shortest label)."""
    words = fold(name).split()

    def qualified(match: Match) -> bool:
        named = fold(match.matched).split()
        return len(named) == len(words) + 1 and (named[1:] == words or named[:-1] == words)

    return tuple(m for m in matches if m.iri != picked.iri and (m.score >= 95 or qualified(m)))


def _as_iri(name: str) -> str | None:
    if re.match(r"^https?://", name):
        return name
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, colon, local = name.partition(":")
    if colon and prefix in PREFIXES and " " not in local:
        return PREFIXES[prefix] + local
    return None


def _node(iri: str, name: str):
    """``iri`` as a pyoxigraph IRI, or a usage error quoting ``name``, which looked like one."""
    import pyoxigraph as ox

    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        raise UsageError(f"{name!r} is not a valid IRI ({error})") from None


# Names longer than this are refused: a name is a few words, and on a remote endpoint each word
# becomes a regular expression over every name of the graph (5,000 characters took 30 s there).
MAX_NAME = 200


def _checked_length(text: str) -> str:
    if len(text) > MAX_NAME:
        raise UsageError(f"a name of at most {MAX_NAME} characters, not {len(text):,}")
    return text
