"""Values written into SPARQL text, never text given by a user: :func:`substitute` for a remote
endpoint (each bound variable replaced by its value), :func:`bind` for the embedded store (a
``VALUES`` block opening the WHERE group), and :func:`filled` / :func:`filled_batches` for the
empty ``VALUES`` blocks of the library's query files.

A ``VALUES`` block is how SPARQL binds, but engines do not all read it alike: Virtuoso 7 joins
an outer ``VALUES`` only into the ``UNION`` branches that mention its variable and drops the
others, and refuses a trailing one whose variable is not projected (``SQ200: No column``).
A constant in place of the variable is read the same way by every engine (Oxigraph, Virtuoso,
Jena), which is what SEP-0007 and Jena's ParameterizedSparqlString do.

The value written is the term's own N-Triples serialization (pyoxigraph's), and only variable
tokens found by the SPARQL tokenizer are replaced, so nothing the caller gave can change the
query's structure. Where the variable must stay a variable (the SELECT clause, GROUP BY, ORDER
BY), a ``BIND(value AS ?var)`` closing the WHERE group gives it its value. What substitution
cannot express is refused: a bound variable that the query assigns itself (``AS ?v``, ``VALUES
?v``) or that a subquery projects.

The library's own queries (:mod:`cartelgraph.internal_queries`) take sets of values the same
way: each file says where they go with an empty ``VALUES ?v { }`` block (valid SPARQL, which
matches nothing until filled), and :func:`filled` writes the terms into it, wherever the
query needs them (at the head of each ``UNION`` branch, inside a subquery); :func:`limited`
sets the number of a ``LIMIT``, which SPARQL cannot bind.
"""

from __future__ import annotations

import re

from cartelgraph.errors import UsageError
from cartelgraph.sparql import tokenize

_NAME = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def checked_values(params: dict) -> dict[str, str]:
    """``{name: N-Triples text}`` for ``params`` (``{name: pyoxigraph term}``), or a usage error
    naming the parameter that cannot be bound (a bad name, a blank node)."""
    values = {}
    for name, term in params.items():
        if not _NAME.fullmatch(name):
            raise UsageError(f"--param {name!r}: a variable name is letters, digits and _")
        kind = type(term).__name__
        if kind not in ("NamedNode", "Literal"):
            raise UsageError(f"--param {name}: only IRIs and literals can be bound on a remote endpoint, not a {kind}")
        values[name] = str(term)
    return values


def substitute(text: str, params: dict) -> str:
    """``text`` with each variable of ``params`` replaced by its value (see the module's text)."""
    if not params:
        return text
    values = checked_values(params)
    tokens = [m for m in tokenize(text) if m.lastgroup not in ("space", "comment")]
    group = _where_group(tokens)
    form = next((t.group().upper() for t in tokens if t.lastgroup == "word" and t.group().upper() in _FORMS), None)
    pieces, at, kept = [], 0, set()
    previous = ""
    subquery_head, values_head = False, False
    for index, token in enumerate(tokens):
        kind, word = token.lastgroup, token.group()
        inside = group is not None and group[0] < index < group[1]
        if kind == "word":
            upper = word.upper()
            if upper == "VALUES":
                values_head = True
            elif upper == "SELECT" and inside:
                subquery_head = True
            elif upper == "WHERE":
                subquery_head = False
        elif word == "{":
            subquery_head = values_head = False
        elif kind == "var" and word[1:] in values:
            name = word[1:]
            if previous.upper() == "AS" or values_head:
                raise UsageError(
                    f"--param {name}: the query assigns ?{name} itself "
                    f"({'AS' if previous.upper() == 'AS' else 'VALUES'} ?{name}), so it cannot be bound"
                )
            if subquery_head:
                raise UsageError(
                    f"--param {name}: a subquery projects ?{name}; bind it in the subquery's "
                    "pattern only, or not at all"
                )
            if inside or (form in ("CONSTRUCT", "DESCRIBE") and (group is None or index < group[0])):
                pieces += [text[at : token.start()], values[name]]
                at = token.end()
            else:  # the SELECT clause or a solution modifier: the variable stays, bound below
                kept.add(name)
        elif word == "*" and form == "SELECT" and group is not None and index < group[0]:
            kept.update(values)  # SELECT * projects the bound variables too
        previous = word
    if kept and group is not None:
        close = tokens[group[1]].start()
        binds = "".join(f" BIND({values[name]} AS ?{name})" for name in values if name in kept)
        pieces += [text[at:close], binds + " "]
        at = close
    pieces.append(text[at:])
    return "".join(pieces)


def _where_group(tokens) -> tuple[int, int] | None:
    """Indexes (in ``tokens``) of the ``{`` opening the query's WHERE group and its ``}``."""
    depth, form, braces_at_top, after_where, start = 0, None, 0, False, None
    for index, token in enumerate(tokens):
        kind, value = token.lastgroup, token.group()
        if kind == "word" and depth == 0:
            word = value.upper()
            if form is None and word in _FORMS:
                form = word
            elif word == "WHERE" and form is not None:
                after_where = True
        elif value == "{":
            if depth == 0 and form is not None and start is None:
                braces_at_top += 1
                # Without WHERE the group is the first top-level block, except after CONSTRUCT,
                # whose first block is the template.
                if after_where or (form != "CONSTRUCT" and braces_at_top == 1) or braces_at_top == 2:
                    start = index
            depth += 1
        elif value == "}":
            depth -= 1
            if depth == 0 and start is not None:
                return start, index
    return None


def bind(text: str, params: dict) -> str:
    """``text`` with ``params`` (``{name: pyoxigraph term}``) bound by a ``VALUES`` block
    at the start of the query's WHERE group (or, without one, a trailing ``VALUES``).

    The embedded store uses it to let Oxigraph's planner start from the bound values; a remote
    endpoint gets :func:`~cartelgraph.substitute.substitute` instead (Virtuoso reads an outer
    ``VALUES`` wrongly). The block is written from the terms' own N-Triples serialization, so
    nothing the caller gave can change the query's structure."""
    if not params:
        return text
    values = checked_values(params)
    names = [f"?{name}" for name in values]
    block = f" VALUES ({' '.join(names)}) {{ ({' '.join(values.values())}) }} "
    position = _where_group_start(text)
    if position is None:
        return f"{text}\n{block}"
    return text[:position] + block + text[position:]


def bound_to_each(text: str, variable: str, iris) -> str:
    """``text`` (a named query) with its parameter ``?variable`` bound to each of ``iris`` at
    once: :func:`bind`'s ``VALUES`` block, one row per IRI (each once, in IRI order)."""
    position = _where_group_start(text)
    if position is None:
        raise ValueError("the query has no WHERE group")
    rows = " ".join(_term_text(iri) for iri in sorted(set(iris)))
    return f"{text[:position]} VALUES ?{variable} {{ {rows} }} {text[position:]}"


def _where_group_start(text: str) -> int | None:
    """The offset just after the ``{`` that opens the query's WHERE group, or None."""
    depth, form, braces_at_top, after_where = 0, None, 0, False
    for match in tokenize(text):
        kind, value = match.lastgroup, match.group()
        if kind == "word" and depth == 0:
            word = value.upper()
            if form is None and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = word
            elif word == "WHERE" and form is not None:
                after_where = True
        elif kind == "other" and value == "{":
            if depth == 0 and form is not None:
                braces_at_top += 1
                # Without the WHERE keyword the group is the first top-level block, except after
                # CONSTRUCT, whose first block is the template.
                if after_where or (form != "CONSTRUCT" and braces_at_top == 1) or braces_at_top == 2:
                    return match.end()
            depth += 1
        elif kind == "other" and value == "}":
            depth -= 1
    return None


BATCH = 1000  # IRIs in one VALUES block


def filled(text: str, blocks: dict) -> str:
    """``text`` with its empty ``VALUES`` blocks filled: ``{"entity": iris}`` writes each of
    ``iris`` into every ``VALUES ?entity { }``, ``{("class", "status"): pairs}`` each pair into
    every ``VALUES (?class ?status) { }``. A value is an IRI (a ``str``) or a pyoxigraph
    ``NamedNode`` or ``Literal``, written as its N-Triples form, so no value can change the
    query's structure; each row is written once, in the order given. A block named here that
    the text lacks is an error (the file and the caller disagree)."""
    wanted = {(key,) if isinstance(key, str) else tuple(key): list(dict.fromkeys(rows)) for key, rows in blocks.items()}
    pieces, at, seen = [], 0, set()
    for names, parenthesized, start, end in _empty_blocks(text):
        if names in wanted:
            rows = " ".join(_row_text(row, names, parenthesized) for row in wanted[names])
            pieces += [text[at:start], f" {rows} "]
            at = end
            seen.add(names)
    missing = [names for names in wanted if names not in seen]
    if missing:
        raise ValueError(f"the query has no empty VALUES block of {', '.join('?' + ' ?'.join(n) for n in missing)}")
    pieces.append(text[at:])
    return "".join(pieces)


def _row_text(row, names: tuple[str, ...], parenthesized: bool) -> str:
    """One row of a ``VALUES`` block: ``(<a> "b")`` for several variables (a row of as many
    values), ``<a>`` for one (``(<a>)`` where the block names it in parentheses)."""
    if len(names) > 1:
        if not isinstance(row, tuple) or len(row) != len(names):
            raise ValueError(f"a row of VALUES (?{' ?'.join(names)}) holds {len(names)} values, not {row!r}")
        return "(" + " ".join(_term_text(value) for value in row) + ")"
    if isinstance(row, tuple):
        if len(row) != 1:
            raise ValueError(f"a row of VALUES ?{names[0]} holds one value, not {row!r}")
        row = row[0]
    return f"({_term_text(row)})" if parenthesized else _term_text(row)


def filled_batches(text: str, variables: str | tuple[str, ...], iris) -> list[str]:
    """``text`` filled (see :func:`filled`) with at most :data:`BATCH` of ``iris`` at a time,
    each IRI once, in IRI order: one query per batch (none for no IRIs). ``variables``: the
    block's variable, or several whose blocks each take the same IRIs."""
    names = (variables,) if isinstance(variables, str) else variables
    ordered = sorted(set(iris))
    return [
        filled(text, dict.fromkeys(names, ordered[start : start + BATCH])) for start in range(0, len(ordered), BATCH)
    ]


def _term_text(value) -> str:
    import pyoxigraph as ox

    if isinstance(value, str):
        return str(ox.NamedNode(value))  # pyoxigraph refuses what is not an IRI
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return str(value)
    raise TypeError(f"a VALUES block takes IRIs and literals, not {type(value).__name__}")


def _empty_blocks(text: str):
    """``(variable names, parenthesized, start, end)`` of each empty ``VALUES`` block: where its
    braces hold nothing (outside strings and comments), as offsets into ``text``; parenthesized
    when its variables are written in parentheses (its rows must be too)."""
    tokens = [m for m in tokenize(text) if m.lastgroup not in ("space", "comment")]
    for index, token in enumerate(tokens):
        if token.lastgroup != "word" or token.group().upper() != "VALUES":
            continue
        at, names = index + 1, []
        parenthesized = at < len(tokens) and tokens[at].group() == "("
        if parenthesized:
            at += 1
            while at < len(tokens) and tokens[at].lastgroup == "var":
                names.append(tokens[at].group()[1:])
                at += 1
            at += 1  # the closing parenthesis
        elif at < len(tokens) and tokens[at].lastgroup == "var":
            names.append(tokens[at].group()[1:])
            at += 1
        if at + 1 < len(tokens) and tokens[at].group() == "{" and tokens[at + 1].group() == "}":
            yield tuple(names), parenthesized, tokens[at].end(), tokens[at + 1].start()


_DIGITS = re.compile(r"\s*[0-9]+")


def limited(text: str, limit: int | None) -> str:
    """``text`` with the number of its last ``LIMIT`` set to ``limit`` (a whole number), or
    the ``LIMIT`` taken out for None (every row). SPARQL has no parameter for it, so the file
    writes ``LIMIT`` with a number and this writes the caller's number in its place."""
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ValueError(f"a LIMIT is a whole number, not {limit!r}")
    found = [m for m in tokenize(text) if m.lastgroup == "word" and m.group().upper() == "LIMIT"]
    number = _DIGITS.match(text, found[-1].end()) if found else None
    if number is None:
        raise ValueError("the query has no LIMIT with a number")
    if limit is None:
        return text[: found[-1].start()] + text[number.end() :]
    return f"{text[: found[-1].end()]} {limit}{text[number.end() :]}"
