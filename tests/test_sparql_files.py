"""The library's SPARQL lives in files and is filled only through values.

No module of ``src/`` assembles query text (``%``, ``.format``, ``.replace``, f-strings, ``+``
or ``join`` of fragments), and none holds a query of its own: every query the library runs is a
``queries/internal/*.rq`` file (updates: ``*.ru``), whose ``#+`` headers say what the caller
gives it. Each file parses with rdflib's SPARQL 1.1 grammar, and runs on the curated store with
its parameters bound to real values, each answer checked against what the curated graph holds.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox
import pytest
from conftest import REPO

from cartelgraph import internal_queries
from cartelgraph.namespace import CG, NS
from cartelgraph.sparql import PREFIXES, PROLOGUE
from cartelgraph.substitute import filled, limited

SOURCE = REPO / "src" / "cartelgraph"
CGR = PREFIXES["cgr"]
# What makes a text SPARQL: a query form or update with its syntax after it (not the word in an
# error message), a triple pattern starting from a variable, or a keyword of a group pattern.
SPARQL_TEXT = re.compile(
    r"""\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?[?$*(]|\b(?:ASK|CONSTRUCT|WHERE)\s*\{|\bDESCRIBE\s+[?$<*]
    |\b(?:INSERT|DELETE)\s*(?:DATA\s*)?\{|\?[A-Za-z_]\w*\s+(?:a\s|<|[?$]|[A-Za-z]*:)
    |\b(?:FILTER|BIND)\s*\(|\b(?:OPTIONAL|UNION|MINUS)\s*\{|\bVALUES\s*[?$(]""",
    re.IGNORECASE | re.VERBOSE,
)
# What makes a text a query of its own: it opens with a prologue, a query form or an update.
QUERY_TEXT = re.compile(
    r"^\s*(?:PREFIX\s|SELECT\s|ASK\s*\{|CONSTRUCT\s*\{|DESCRIBE\s|INSERT\s|DELETE\s)", re.IGNORECASE
)
# The one module that writes into query text: values, as their N-Triples form, at the places
# its tokenizer finds (a variable, an empty VALUES block, a LIMIT's number).
BINDING_MODULE = "substitute.py"
# push's SPARQL Update fallback is a transport, not a query: INSERT DATA carries the graph's own
# N-Triples lines, written by pyoxigraph, and MOVE, DROP and CLEAR take graph IRIs where the
# grammar admits no variable to bind. That function alone writes update text.
TRANSPORT = ("push.py", "_update")


def _sparql_names(tree: ast.AST) -> set[str]:
    """Names bound to SPARQL-looking text anywhere in the module (``QUERY = "SELECT …"``)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _text_of(node.value, set()):
            names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
    return names


def _text_of(node: ast.AST, names: set[str]) -> bool:
    """Whether ``node`` is, or is made from, SPARQL-looking text: a string constant holding a
    SPARQL word, a name bound to one, an f-string or a ``+`` with such a part."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(SPARQL_TEXT.search(node.value))
    if isinstance(node, ast.Name):
        return node.id in names
    if isinstance(node, ast.Attribute):
        return node.attr in names
    if isinstance(node, ast.JoinedStr):
        return any(_text_of(part, names) for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _text_of(node.left, names) or _text_of(node.right, names)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return any(_text_of(item, names) for item in node.elts)
    if isinstance(node, (ast.GeneratorExp, ast.ListComp)):
        return _text_of(node.elt, names)
    return False


def assembly(source: str) -> list[str]:
    """Each place in ``source`` that assembles SPARQL text, as ``line: what``."""
    tree = ast.parse(source)
    names = _sparql_names(tree)
    found = []
    for node in ast.walk(tree):
        what = None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _text_of(node.left, names):
            what = "%"
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and _text_of(node, names):
            what = "+"
        elif isinstance(node, ast.JoinedStr) and _text_of(node, names):
            what = "f-string"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method, receiver = node.func.attr, node.func.value
            if method in ("format", "replace") and _text_of(receiver, names):
                what = f".{method}"
            elif method == "join" and any(_text_of(arg, names) for arg in node.args):
                what = ".join"
        if what:
            found.append(f"{node.lineno}: {what}")
    return found


def query_constants(source: str) -> list[str]:
    """Each string constant of ``source`` (docstrings aside) that is a query of its own."""
    tree = ast.parse(source)
    docstrings = {
        id(body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        for body in [node.body]
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
    }
    return [
        f"{node.lineno}: {node.value[:60]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and QUERY_TEXT.match(node.value)
        and "{" in node.value
    ]


MODULES = sorted(SOURCE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(SOURCE)) for p in MODULES])
def test_no_module_assembles_sparql_or_holds_a_query(path):
    source, name = path.read_text(encoding="utf-8"), str(path.relative_to(SOURCE))
    glued, kept = assembly(source), query_constants(source)
    if name == TRANSPORT[0]:
        function = next(
            node
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.FunctionDef) and node.name == TRANSPORT[1]
        )
        lines = range(function.lineno, function.end_lineno + 1)
        glued, kept = ([hit for hit in hits if int(hit.split(":")[0]) not in lines] for hits in (glued, kept))
    assert name == BINDING_MODULE or glued == []
    assert kept == []


@pytest.mark.parametrize(
    "code, found",
    [
        ('Q = "SELECT ?x WHERE { %s }"\nQ % block', ["2: %"]),
        ('"SELECT ?x WHERE { ?x ?p ?o } LIMIT %d" % n', ["1: %"]),
        ('f"SELECT ?x WHERE {{ ?x a <{cls}> }}"', ["1: f-string"]),
        ('PAGE = "SELECT DISTINCT ?c WHERE {" + DATED + "}"', ["1: +", "1: +"]),
        ('B = "{ ?item ?p ?o }"\nQ = "SELECT * WHERE { ?item ?p ?o }"\nQ.replace("?item", v)', ["3: .replace"]),
        ('"ASK { ?s ?p ?o }".format()', ["1: .format"]),
        ('" UNION ".join(["{ SELECT ?a WHERE { ?a ?b ?c } }", more])', ["1: .join"]),
        ('graph.select(query("entity-names"), {"e": node})', []),
        ('f"cannot read {path}: {error}"', []),
    ],
)
def test_the_assembly_check_sees_each_way_of_gluing_text(code, found):
    assert assembly(code) == found


def test_the_query_check_sees_a_query_kept_in_a_module():
    code = (
        '"""A module: SELECT its parts { as you like }."""\n'
        'Q = """\nSELECT ?x WHERE { ?x ?p ?o }"""\n'
        'M = "select() needs a SELECT query"\n'
    )
    assert query_constants(code) == ["2: '\\nSELECT ?x WHERE { ?x ?p ?o }'"]


# What each file of queries/internal/ is given on the curated graph, and what its answer must hold.


@dataclass
class Case:
    check: Callable  # rows (dicts of plain values), the boolean of an ASK, or the triples -> bool
    params: dict = field(default_factory=dict)  # bound as parameters
    values: dict = field(default_factory=dict)  # filled into empty VALUES blocks
    limit: int | None = None  # the LIMIT substitute.limited sets


def iri(name: str) -> ox.NamedNode:
    return ox.NamedNode(CGR + name)


GARCIA_LUNA, SINALOA, MEXICO = CGR + "genaro-garcia-luna", CGR + "sinaloa-cartel", CGR + "mexico"
COLLUSION = CGR + "collusion-garcia-luna-sinaloa-cartel"  # convicted, undated, one quote of its own
FIGURE = CGR + "figure-crimes-reported-share-mexico-2022"
CONTRADICTING = CGR + "statement-amlo-end-of-war-2019"  # contradicts the next one
CONTRADICTED = CGR + "deployment-militarization-intensified-amlo"
UNDATED = CGR + "recommendation-000-shift-strategy"
DROPPED = CGR + "collusion-cienfuegos-beltran-leyva"  # charges dropped: establishes no collusion
DATED = CGR + "arrest-ovidio-guzman-2019"  # 2019
SOURCE_DOC = CGR + "military-deployment-and-its-effectiveness"
LABEL, ALT_LABEL = PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "altLabel"


CONVICTED = (COLLUSION, CG.status, CG.Convicted)


def spelled(triples) -> set[tuple]:
    return {(t.subject.value, t.predicate.value, t.object.value) for t in triples}


def column(rows, name: str) -> set:
    return {row.get(name) for row in rows}


def has(rows, **wanted) -> bool:
    return any(all(row.get(key) == value for key, value in wanted.items()) for row in rows)


CASES: dict[str, Case] = {
    "administrations": Case(lambda rows: has(rows, key="amlo", start="2018-12-01")),
    "all-figures": Case(lambda rows: FIGURE in column(rows, "figure") and COLLUSION not in column(rows, "figure")),
    "all-triples": Case(lambda rows: has(rows, s=COLLUSION, p=CG.status, o=CG.Convicted)),
    "all-triples-construct": Case(lambda triples: CONVICTED in spelled(triples) and len(triples) > 10000),
    "claim-and-figure-classes": Case(
        lambda rows: (
            has(rows, node=COLLUSION, **{"class": CG.Collusion})
            and not has(rows, node=COLLUSION, **{"class": CG.Claim})
        )
    ),
    "claim-and-figure-statements": Case(
        lambda rows: (
            has(rows, node=COLLUSION, p=CG.colluder, o=GARCIA_LUNA) and not has(rows, node=COLLUSION, p=CG.participant)
        )
    ),
    "claim-dates": Case(
        lambda rows: (
            has(rows, claim=COLLUSION, property=CG.status, value=CG.Convicted) and column(rows, "claim") == {COLLUSION}
        ),
        values={"claim": [COLLUSION]},
    ),
    "claim-fields": Case(lambda rows: has(rows, claim=COLLUSION, field=CG.status, value=CG.Convicted)),
    "claim-links": Case(lambda rows: has(rows, a=CONTRADICTING, link=CG.contradicts, b=CONTRADICTED)),
    "claim-outcomes": Case(lambda rows: len(rows) > 0 and all(row["outcome"].startswith(NS) for row in rows)),
    "claim-participants": Case(lambda rows: has(rows, claim=COLLUSION, role=CG.colluder, value=GARCIA_LUNA)),
    "claim-quotes": Case(lambda rows: has(rows, claim=COLLUSION, node=COLLUSION, source=SOURCE_DOC)),
    "classes-of-claims": Case(
        lambda rows: has(rows, claim=COLLUSION, claimClass=CG.Collusion) and column(rows, "claim") == {COLLUSION},
        values={"claim": [COLLUSION]},
    ),
    "classes-of-entities": Case(
        lambda rows: (
            has(rows, entity=GARCIA_LUNA, **{"class": CG.Official})
            and has(rows, **{"class": CG.Official, "super": CG.Person})
        ),
        values={"entity": [GARCIA_LUNA]},
    ),
    "count-triples": Case(lambda rows: rows[0]["n"] > 1000),
    "counts-by-class": Case(
        lambda rows: has(rows, kind="Claim", **{"class": CG.Collusion}) and all(r["count"] > 0 for r in rows)
    ),
    "counts-by-source": Case(lambda rows: any(r["source"] == SOURCE_DOC and r["claims"] > 0 for r in rows)),
    "curated-triples": Case(
        lambda triples: CONVICTED in spelled(triples) and all(t.subject.value.startswith(CGR) for t in triples)
    ),
    "dated-claims": Case(
        lambda rows: (
            len(rows) == 3
            and all("2019-01-01" <= r["last"] and r["first"] <= "2019-12-31" for r in rows)
            and [r["first"] for r in rows] == sorted(r["first"] for r in rows)
        ),
        params={"low": ox.Literal("2019-01-01"), "high": ox.Literal("2019-12-31")},
        limit=3,
    ),
    "dated-claims-count": Case(
        lambda rows: rows[0]["n"] > 3, params={"low": ox.Literal("2019-01-01"), "high": ox.Literal("2019-12-31")}
    ),
    "derived-edge-rules": Case(
        lambda rows: has(rows, edge=CG.spokeAbout) and not has(rows, edge=CG.colludedWith),
        values={"kind": [CG.CommentaryEdge]},
    ),
    "derived-edges": Case(lambda rows: CG.colludedWith in column(rows, "edge")),
    "describe-claims": Case(
        lambda rows: (
            has(rows, item=COLLUSION, kind="item", p=CG.colluder, o=GARCIA_LUNA)
            and has(rows, kind="class", o=CG.Collusion)
            and column([r for r in rows if r["kind"] == "item"], "item") == {COLLUSION}
        ),
        values={"item": [COLLUSION]},
    ),
    "describe-claims-of": Case(
        lambda rows: (
            has(rows, item=COLLUSION, kind="item", p=CG.colluder, o=GARCIA_LUNA)
            and has(rows, kind="role", o=CG.colluder)
        ),
        values={"focus": [GARCIA_LUNA]},
    ),
    "describe-figures": Case(
        lambda rows: has(rows, item=FIGURE, kind="item", p=CG.place, o=MEXICO) and "class" not in column(rows, "kind"),
        values={"item": [FIGURE]},
    ),
    "describe-figures-of": Case(
        lambda rows: (
            has(rows, item=FIGURE, kind="item", p=CG.place, o=MEXICO) and COLLUSION not in column(rows, "item")
        ),
        values={"focus": [MEXICO]},
    ),
    "edge-declarations": Case(
        lambda rows: (
            has(rows, relation=CG.colludedWith, claimClass=CG.Collusion, commentary=False)
            and has(rows, relation=CG.spokeAbout, commentary=True)
        )
    ),
    "edge-matches": Case(
        lambda rows: (
            has(rows, rule=7, claim=COLLUSION, source=GARCIA_LUNA, target=SINALOA) and column(rows, "rule") == {7}
        ),
        values={("rule", "claimClass", "sr", "tr"): [(ox.Literal(7), CG.Collusion, CG.colluder, CG.collusionPartner)]},
    ),
    "edge-outcomes": Case(lambda rows: len(rows) > 0 and all(row["relation"].startswith(NS) for row in rows)),
    "entities": Case(lambda rows: {GARCIA_LUNA, SINALOA} <= column(rows, "e") and COLLUSION not in column(rows, "e")),
    "entities-with-context-links": Case(
        # Mexico is the place or subject of claims, Sinaloa Cartel takes part in claims about
        # something; García Luna neither takes a context role nor shares a claim with one.
        lambda rows: column(rows, "entity") == {SINALOA, MEXICO},
        values={
            "entity": [GARCIA_LUNA, SINALOA, MEXICO],
            "role": [CG.about, CG.assertedBy, CG.instrument, CG.location],
        },
    ),
    "entity-classes": Case(lambda rows: has(rows, **{"class": CG.Official, "super": CG.Person})),
    "entity-counts": Case(
        lambda rows: len(rows) == 1 and rows[0]["entity"] == GARCIA_LUNA and rows[0]["claims"] >= 1,
        values={"entity": [GARCIA_LUNA]},
    ),
    "entity-dossier": Case(
        lambda rows: has(rows, entity=GARCIA_LUNA, label="Genaro García Luna", **{"class": CG.Official}),
        params={"entity": ox.NamedNode(GARCIA_LUNA)},
    ),
    "entity-labels": Case(lambda rows: has(rows, entity=GARCIA_LUNA, label="Genaro García Luna")),
    "entity-names": Case(lambda rows: has(rows, entity=GARCIA_LUNA, property=LABEL, name="Genaro García Luna")),
    "entity-names-by-kind": Case(
        lambda rows: has(rows, entity=MEXICO, top=CG.Place) and has(rows, entity=GARCIA_LUNA, top=CG.Person)
    ),
    "entity-names-by-label": Case(
        lambda rows: has(rows, entity=GARCIA_LUNA, label="Genaro García Luna", name="Genaro García Luna")
    ),
    "entity-texts": Case(
        lambda rows: column(rows, "entity") == {GARCIA_LUNA} and any(r.get("alias") for r in rows),
        values={"entity": [GARCIA_LUNA]},
    ),
    "established-among": Case(
        lambda rows: column(rows, "claim") == {COLLUSION}, values={"claim": [COLLUSION, DROPPED]}
    ),
    "established-claims": Case(
        lambda rows: COLLUSION in column(rows, "claim"), values={("class", "status"): [(CG.Collusion, CG.Convicted)]}
    ),
    "establishing-outcomes": Case(lambda rows: len(rows) > 0 and all(row["outcome"].startswith(NS) for row in rows)),
    "evidence": Case(lambda rows: has(rows, holder=COLLUSION, ev=COLLUSION, source=SOURCE_DOC)),
    "figure-measures": Case(lambda rows: "crimes reported (share)" in column(rows, "measure")),
    "figures-meeting": Case(
        lambda rows: has(rows, figure=FIGURE, met=2),
        values={
            ("condition", "link", "target"): [
                (ox.Literal(0), CG.place, MEXICO),
                (ox.Literal(1), CG.measure, ox.Literal("crimes reported (share)")),
            ]
        },
    ),
    "filter-terms": Case(
        lambda rows: has(rows, term=CG.Person, kind="class") and has(rows, term=CG.Convicted, kind="status")
    ),
    "ftm-claims": Case(
        lambda rows: has(rows, claim=COLLUSION, **{"class": CG.Collusion}, p=CG.colluder, o=GARCIA_LUNA)
    ),
    "ftm-edges": Case(lambda rows: has(rows, edge=CG.colludedWith, **{"class": CG.Collusion})),
    "ftm-entities": Case(lambda rows: has(rows, entity=GARCIA_LUNA, **{"class": CG.Official})),
    "ftm-entity-statements": Case(lambda rows: has(rows, entity=GARCIA_LUNA, p=LABEL, o="Genaro García Luna")),
    "ftm-evidence": Case(lambda rows: len(rows) > 0 and all(r["quote"] for r in rows)),
    "ftm-labels": Case(lambda rows: has(rows, term=CG.Collusion, label="collusion")),
    "ftm-roles": Case(lambda rows: CG.colluder in column(rows, "role") and CG.participant not in column(rows, "role")),
    "ftm-sources": Case(lambda rows: has(rows, source=SOURCE_DOC, p=PREFIXES["cg"] + "textFile")),
    "has-same-as": Case(lambda answer: answer is False),  # the curated graph records no merge
    "is-entity": Case(lambda answer: answer is True, params={"e": ox.NamedNode(GARCIA_LUNA)}),
    "labels": Case(
        lambda rows: has(rows, entity=GARCIA_LUNA, label="Genaro García Luna") and has(rows, entity=CG.Collusion)
    ),
    "labels-of-entities": Case(
        lambda rows: rows == [{"entity": GARCIA_LUNA, "label": "Genaro García Luna"}], values={"entity": [GARCIA_LUNA]}
    ),
    "members-of-classes": Case(
        lambda rows: has(rows, member=CG.Convicted, **{"class": CG.Status}) and column(rows, "class") == {CG.Status},
        values={"class": [CG.Status]},
    ),
    "links-from": Case(
        lambda rows: (
            has(rows, claim=COLLUSION, relation=CG.colludedWith, source=GARCIA_LUNA, target=SINALOA)
            and column(rows, "source") == {GARCIA_LUNA}
        ),
        values={"source": [GARCIA_LUNA]},
    ),
    "links-from-or-to": Case(
        lambda rows: (
            has(rows, claim=COLLUSION, source=GARCIA_LUNA, target=SINALOA)
            and has(rows, source=SINALOA)
            and all(SINALOA in (row["source"], row["target"]) for row in rows)
        ),
        values={"source": [SINALOA], "target": [SINALOA]},
    ),
    "names-matching": Case(
        lambda rows: has(rows, entity=GARCIA_LUNA, name="Genaro García Luna") and len(rows) <= 5,
        params={"pattern": ox.Literal("g(a|[^ -~]{1,3})rc(i|[^ -~]{1,3})a l")},
        limit=5,
    ),
    "names-matching-or-near": Case(
        lambda rows: has(rows, entity=GARCIA_LUNA, name="Genaro García Luna"),
        params={
            "pattern": ox.Literal("no such name"),
            "prefix": ox.Literal("gen"),
            "shortest": ox.Literal(10),
            "longest": ox.Literal(30),
        },
        limit=20000,
    ),
    "page-sources": Case(lambda rows: has(rows, source=SOURCE_DOC, field="title")),
    "page-vocabulary": Case(lambda rows: has(rows, term=CG.Convicted, kind="status")),
    "property-labels": Case(lambda rows: has(rows, p=CG.colluder), values={"p": [CG.colluder]}),
    "quoted-claims": Case(lambda rows: has(rows, claim=COLLUSION, **{"class": CG.Collusion})),
    "quotes": Case(lambda rows: has(rows, holder=COLLUSION, source=SOURCE_DOC)),
    "same-as": Case(lambda rows: rows == [], params={"e": ox.NamedNode(GARCIA_LUNA)}),  # nothing merged into it
    "schema-classes": Case(lambda rows: has(rows, **{"class": CG.Collusion, "top": CG.Claim})),
    "schema-members": Case(lambda rows: has(rows, member=CG.Convicted, **{"class": CG.Status})),
    "schema-properties": Case(
        lambda rows: has(rows, property=CG.colluder, role=True) and has(rows, property=CG.date, role=False)
    ),
    "schema-roles": Case(lambda rows: has(rows, **{"class": CG.Collusion, "role": CG.colluder})),
    "sources": Case(lambda rows: SOURCE_DOC in column(rows, "source")),
    "status-readings": Case(lambda rows: has(rows, **{"class": CG.Collusion, "status": CG.Convicted})),
    "statuses": Case(lambda rows: has(rows, status=CG.Convicted, label="convicted")),
    "subclass-pairs": Case(lambda rows: has(rows, a=CG.Official, b=CG.Person)),
    "subgraph-nodes": Case(
        lambda rows: has(rows, entity=GARCIA_LUNA, type=CG.Official) and has(rows, type=CG.Official, super=CG.Person),
        values={"entity": [GARCIA_LUNA]},
    ),
    "subjects": Case(lambda rows: {COLLUSION, GARCIA_LUNA} <= column(rows, "s")),
    "subproperty-pairs": Case(lambda rows: has(rows, a=CG.colluder, b=CG.participant)),
    "types-of-entities": Case(
        lambda rows: (
            {CG.Official, CG.Person, CG.Entity} <= column(rows, "type") and column(rows, "entity") == {GARCIA_LUNA}
        ),
        values={"entity": [GARCIA_LUNA]},
    ),
    "undated-claims": Case(
        lambda rows: {COLLUSION, UNDATED} <= column(rows, "claim") and DATED not in column(rows, "claim"), limit=1000
    ),
    "undated-claims-count": Case(lambda rows: rows[0]["n"] >= 2),
}


def headers(text: str) -> dict[str, list[str]]:
    """The ``#+ key: value`` header lines of a file, ``{key: [value, ...]}``."""
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.startswith("#+"):
            key, _, value = line[2:].partition(":")
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def declared(values: list[str]) -> set:
    """The names a ``param`` or ``values`` header declares: ``entity - …`` -> ``entity``,
    ``(class status) - …`` -> ``("class", "status")``."""
    names = set()
    for value in values:
        head = value.split(" - ", 1)[0].strip()
        names.add(tuple(head.strip("()").split()) if head.startswith("(") else head)
    return names


def given(case: Case) -> set:
    return {key if isinstance(key, str) else tuple(key) for key in case.values}


QUERIES = internal_queries.names()
UPDATES = internal_queries.names(".ru")


def test_every_query_file_has_its_case_here():
    assert sorted(CASES) == QUERIES


@pytest.mark.parametrize("name", QUERIES)
def test_headers_say_what_the_caller_gives(name):
    from cartelgraph.substitute import _empty_blocks

    text = internal_queries.query(name)
    found, case = headers(text), CASES[name]
    assert len(found["summary"]) == 1 and len(found["summary"][0]) >= 10
    blocks = {names if len(names) > 1 else names[0] for names, _, _, _ in _empty_blocks(text)}
    assert declared(found.get("values", [])) == blocks == given(case)
    assert declared(found.get("param", [])) == set(case.params)
    assert ("limit" in found) == (case.limit is not None) == bool(re.search(r"\bLIMIT\s+[0-9]+\s*$", text))


def prepared(name: str) -> str:
    """The file's text as the library sends it on the curated graph: blocks filled, LIMIT set."""
    case = CASES[name]
    text = internal_queries.query(name)
    if case.values:
        text = filled(text, case.values)
    if case.limit is not None:
        text = limited(text, case.limit)
    return text


@pytest.mark.parametrize("name", QUERIES)
def test_query_files_are_standard_sparql(name):
    """rdflib's SPARQL 1.1 grammar (a third parser, as strict as Jena's) reads each file as
    given and as filled."""
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(PROLOGUE + internal_queries.query(name))
    prepareQuery(PROLOGUE + prepared(name))


@pytest.mark.parametrize("name", QUERIES)
def test_query_files_answer_on_the_curated_graph(repo_graph, name):
    case = CASES[name]
    result = repo_graph.query(prepared(name), case.params or None)
    answer = {"SELECT": result.records, "ASK": lambda: result.boolean}.get(result.form, lambda: result.triples)()
    assert case.check(answer), answer if not isinstance(answer, list) else answer[:10]


@pytest.mark.parametrize("name", UPDATES)
def test_build_rules_parse_and_add_nothing_to_the_built_store(repo_graph, name):
    """Each rule, run on a copy of the built store, finds everything it would infer already
    there: the build (which computes most of them faster in Python) left nothing out."""
    from rdflib.plugins.sparql import prepareUpdate

    text = internal_queries.update(name)
    prepareUpdate(PROLOGUE + text)
    built = ox.Store.read_only(str(repo_graph.store_path))
    copy = ox.Store()
    copy.extend(built.quads_for_pattern(None, None, None))
    before = len(copy)
    copy.update(text, prefixes=PREFIXES)
    assert len(copy) == before > 1000


def test_filled_writes_rows_as_the_block_names_its_variables():
    """One variable bare or in parentheses, several in parentheses: each row written as SPARQL
    reads that block, each once; a row of the wrong width is refused, not written."""
    text = "SELECT * WHERE { VALUES ?e { } VALUES (?f) { } VALUES (?a ?b) { } }"
    one = filled(text, {"e": [GARCIA_LUNA, GARCIA_LUNA], "f": [SINALOA], ("a", "b"): [(MEXICO, ox.Literal(7))]})
    assert f"VALUES ?e {{ <{GARCIA_LUNA}> }}" in one and f"VALUES (?f) {{ (<{SINALOA}>) }}" in one
    assert f'VALUES (?a ?b) {{ (<{MEXICO}> "7"^^<http://www.w3.org/2001/XMLSchema#integer>) }}' in one
    ox.Store().query(one)  # what was written parses
    for bad in ({("a", "b"): [(MEXICO,)]}, {("a", "b"): [MEXICO]}, {"e": [(GARCIA_LUNA, SINALOA)]}):
        with pytest.raises(ValueError, match="a row of VALUES"):
            filled(text, bad)
