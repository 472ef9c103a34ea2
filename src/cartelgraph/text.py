"""Text as names are compared: folded (no accents, no case, no punctuation), matched whatever
their accents (in Python, and in SPARQL by the regular expressions made here), and scored against a
query (exact, prefix, words, substring, then similarity). A leaf module: it imports nothing of
the project's."""

from __future__ import annotations

import re
import unicodedata

# Control characters (tab, line breaks excepted) and the bidirectional controls: from a file
# made elsewhere they would reach a terminal as escape sequences, or turn text around on a page.
HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def fold(text: str) -> str:
    """'García-Luna ' -> 'garcia luna': no accents, no case, punctuation as spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", unaccented(text).casefold()).split())


def unaccented(text: str) -> str:
    """Accents removed, case and punctuation kept: 'García' -> 'Garcia'."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def name_list(values) -> list[str]:
    """Names given as repeated options or comma-separated, or both: ``["Alleged", "Accused,
    Charged"]`` -> ``["Alleged", "Accused", "Charged"]`` (a single text is one value)."""
    if isinstance(values, str):
        values = [values]
    return [name.strip() for value in values or () for name in value.split(",") if name.strip()]


_VARIANTS: dict[str, str] | None = None


def _variants() -> dict[str, str]:
    """For each letter and digit a folded text can hold, the Latin characters that fold to it
    ('e' -> 'eèéêëēĕėęěEÈÉ…'), so that a regex finds 'García' from 'garcia'."""
    global _VARIANTS
    if _VARIANTS is None:
        table: dict[str, list[str]] = {}
        for code in (*range(0x30, 0x250), *range(0x1E00, 0x1F00)):
            char = chr(code)
            folded = fold(char)
            if len(folded) == 1 and folded.isascii() and folded.isalnum():
                table.setdefault(folded, []).append(char)
        _VARIANTS = {key: "".join(chars) for key, chars in table.items()}
    return _VARIANTS


def accent_pattern(word: str) -> str:
    """A regex (XPath syntax, use with the "i" flag) matching ``word`` (folded, one word) inside
    a text whatever its accents and case: 'garcia' -> 'g(a|[^ -~]{1,3})rc(i|[^ -~]{1,3})(a|…)'.

    It is ASCII: a letter that has accented forms matches any one to three characters outside
    printable ASCII, as the accented letter is one character (Oxigraph, Jena) or the two or three
    bytes of its UTF-8 (Virtuoso, whose REGEX reads stored text as bytes and a pattern's own
    accented letters otherwise). It keeps more than the word: check the folded text after."""
    table = _variants()
    parts = []
    for char in word:
        variants = table.get(char)
        if variants and len(variants) > 1:
            parts.append(f"({char}|[^ -~]{{1,3}})")
        elif char.isalnum() or char == "_":
            parts.append(char)
        else:
            parts.append("\\" + char if char in "\\|.-^?*+{}()[]$" else ".")
    return "".join(parts)


# Between two words of a phrase: what fold turns into a space. ASCII only, as in accent_pattern:
# an accented letter is several bytes to Virtuoso's REGEX, and \p{L} is not in every engine's
# dialect; so the separator may also stand for accented letters, which keeps more (check after).
_SEPARATOR = "[^A-Za-z0-9_]+"


def phrase_pattern(text: str) -> str:
    """A regex (XPath syntax, use with the "i" flag) matching ``text`` (folded) as one phrase:
    its words in order, accents and case ignored, with anything but letters and digits between
    them ("synthetic measure 0" matches "Synthetic measure-0", not "synthetic measure 10"). It
    keeps more than the phrase, as :func:`accent_pattern` does: check the folded text after.
    Empty when ``text`` has no words. A value to bind, never text to write into a query."""
    return _SEPARATOR.join(accent_pattern(word) for word in fold(text).split())


def plain_score(query: str, name: str, primary: bool) -> int | None:
    """How well ``name`` matches ``query`` (both folded): exact label 100, exact alias 95,
    prefix 80, every query word starts a word 70, substring 60; None below that, where
    similarity decides (0-50, see :func:`similarity_scores`)."""
    if name == query:
        return 100 if primary else 95
    if name.startswith(query):
        return 80
    words = name.split()
    if all(any(w.startswith(q) for w in words) for q in query.split()):
        return 70
    if query in name:
        return 60
    return None


def similarity_scores(query: str, names: list[str]) -> list[int]:
    """How close each of ``names`` comes to ``query`` (all folded), for the names
    :func:`plain_score` leaves unscored: rapidfuzz's ``fuzz.ratio`` (the Indel similarity, 0-100)
    halved to 0-50, and 0 below 75 (too far to be a typo of it)."""
    from rapidfuzz import fuzz, process

    if not names:
        return []
    ratios = process.cdist([query], names, scorer=fuzz.ratio, score_cutoff=75, workers=1)[0]
    return [int(ratio) // 2 for ratio in ratios]
