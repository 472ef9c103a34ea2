"""validate passes on the real graph and catches each kind of broken copy."""

import re

import pytest

from cartelgraph.validate import fold_space as fold
from cartelgraph.validate import validate


def test_real_graph_is_valid(cg):
    result = cg("validate")
    assert result.exit_code == 0, result.output


def _edit(data_dir, old, new):
    """Replace ``old`` in whichever graph file holds it; return that file's path relative to data_dir."""
    for path in sorted((data_dir / "graph").rglob("*.ttl")):
        text = path.read_text(encoding="utf-8")
        if old in text:
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
            return str(path.relative_to(data_dir))
    raise AssertionError(f"fixture text not found in graph/: {old!r}")


def test_quote_altered_by_one_character_fails(data_copy, cg):
    where = _edit(
        data_copy, "was convicted in the U.S. for collaborating", "was convicted in the U.S. for collaboratinG"
    )
    result = cg("validate", "--no-shacl", data=data_copy)
    assert result.exit_code == 1
    assert re.search(rf"{re.escape(where)}: cgr:[\w-]+: quote not found", result.output)


PREFIXES = (
    "@prefix cg: <https://w3id.org/cartelgraph/ontology#> .\n"
    "@prefix cgr: <https://w3id.org/cartelgraph/id/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)


def test_claim_without_source_fails(data_copy, cg):
    (data_copy / "graph/claims/test-extra.ttl").write_text(
        PREFIXES
        + (
            "cgr:collusion-test a cg:Collusion ; cg:colluder cgr:genaro-garcia-luna ;\n"
            "  cg:collusionPartner cgr:sinaloa-cartel ; cg:status cg:Alleged ;\n"
            '  cg:quote "Former Security Chief Genaro García Luna was convicted" .\n'
        )
    )
    result = cg("validate", data=data_copy)
    assert result.exit_code == 1
    assert "graph/claims/test-extra.ttl: cgr:collusion-test: has no evidence" in result.output
    assert "[shacl]" in result.output


def test_status_outside_the_list_fails(data_copy, cg):
    _edit(data_copy, "cg:status cg:Convicted", "cg:status cg:Proven")
    result = cg("validate", data=data_copy)
    assert result.exit_code == 1
    assert "cgr:collusion-garcia-luna-sinaloa-cartel" in result.output
    assert "cg:status" in result.output


def test_dangling_reference_and_missing_label_fail(data_copy, cg):
    _edit(data_copy, "cg:collusionPartner cgr:sinaloa-cartel", "cg:collusionPartner cgr:sinaloa-cartell")
    where = _edit(data_copy, 'rdfs:label "Salvador Cienfuegos"', 'rdfs:comment "Salvador Cienfuegos"')
    result = cg("validate", "--no-shacl", data=data_copy)
    assert result.exit_code == 1
    assert "sinaloa-cartell>, which is not defined anywhere" in result.output
    assert f"{where}: cgr:salvador-cienfuegos: has no rdfs:label" in result.output


def test_duplicate_label_and_blank_node_and_bad_date_fail(data_copy):
    extra = data_copy / "graph/entities/extra.ttl"
    extra.write_text(
        PREFIXES + 'cgr:sinaloa-cartel-2 a cg:Cartel ; rdfs:label "sinaloa cartel" .\n'
        'cgr:odd a cg:Person ; rdfs:label "Odd" ; cg:partOf [ rdfs:label "anonymous" ] .\n'
        "cgr:arrest-x a cg:Arrest ; cg:arrestedPerson cgr:odd ; cg:status cg:Reported ;\n"
        '  cg:date "1850"^^xsd:gYear ; cg:source cgr:warlike-approach-to-drug-policy ;\n'
        '  cg:quote "Cienfuegos was released without facing any legal consequences" .\n'
    )
    checks = {p.check for p in validate(data_copy, shacl=False)}
    assert {"duplicate-label-violation", "blank-node-violation", "date-out-of-range-violation"} <= checks


def test_a_quote_from_another_source_fails(data_copy):
    # True text, wrong document: the quote must be found in its *own* source.
    (data_copy / "graph/claims/test-extra.ttl").write_text(
        PREFIXES
        + (
            "cgr:collusion-test a cg:Collusion ; cg:colluder cgr:genaro-garcia-luna ;\n"
            "  cg:collusionPartner cgr:sinaloa-cartel ; cg:status cg:Convicted ;\n"
            "  cg:source cgr:warlike-approach-to-drug-policy ;\n"
            '  cg:quote "Former Security Chief Genaro García Luna was convicted" .\n'
        )
    )
    problems = validate(data_copy, shacl=False)
    assert [(p.check, p.subject) for p in problems] == [
        ("quote-check", "https://w3id.org/cartelgraph/id/collusion-test")
    ]


@pytest.mark.parametrize("a,b", [("a  b\n c", "a b c"), ("\ta\u00a0b ", "a b")])
def test_fold(a, b):
    assert fold(a) == b


def test_contradicts_links_claims_or_figures_only(data_copy, cg):
    (data_copy / "graph/claims/test-extra.ttl").write_text(
        PREFIXES
        + (
            'cgr:figure-test a cg:Figure ; cg:value 1.0 ; cg:unit "people" ; cg:measure "test" ;\n'
            "  cg:contradicts cgr:collusion-garcia-luna-sinaloa-cartel ;\n"
            "  cg:source cgr:military-deployment-and-its-effectiveness ;\n"
            '  cg:quote "Former Security Chief Genaro García Luna was convicted" .\n'
            "cgr:collusion-test a cg:Collusion ; cg:colluder cgr:genaro-garcia-luna ;\n"
            "  cg:collusionPartner cgr:sinaloa-cartel ; cg:status cg:Convicted ; cg:contradicts cgr:mexico ;\n"
            "  cg:source cgr:military-deployment-and-its-effectiveness ;\n"
            '  cg:quote "Former Security Chief Genaro García Luna was convicted" .\n'
        )
    )
    result = cg("validate", data=data_copy)
    assert result.exit_code == 1
    failing = [line for line in result.output.splitlines() if "cg:contradicts" in line]
    assert failing and all("cgr:collusion-test" in line for line in failing)  # the figure link is fine


@pytest.mark.parametrize("text_file", ["/etc/os-release", "../../ontology/cartelgraph.ttl"])
def test_a_text_file_outside_graph_sources_is_refused_not_read(data_copy, cg, text_file):
    (data_copy / "graph/claims/test-extra.ttl").write_text(
        PREFIXES
        + (
            f'cgr:src-x a cg:Source ; rdfs:label "X" ; cg:sourceKind cg:NewsArticle ; cg:textFile "{text_file}" .\n'
            "cgr:collusion-test a cg:Collusion ; cg:colluder cgr:genaro-garcia-luna ;\n"
            "  cg:collusionPartner cgr:sinaloa-cartel ; cg:status cg:Alleged ; cg:source cgr:src-x ;\n"
            '  cg:quote "PRETTY_NAME and more" .\n'
        )
    )
    result = cg("validate", data=data_copy)
    assert result.exit_code == 1
    assert "outside graph/sources/" in result.output
    assert "cg:textFile is one file name under sources/" in result.output


def _nested(depth: int) -> str:
    """Valid Turtle: one entity whose note is a blank node nested ``depth`` deep."""
    return (
        PREFIXES
        + 'cgr:deep a cg:Person ; rdfs:label "Deep" ;\n  cg:note '
        + "[ cg:note " * depth
        + '"bottom"'
        + " ]" * depth
        + " .\n"
    )


def test_turtle_nested_far_deeper_than_python_recursion_is_read(tiny_data, tmp_path, cg):
    """rdflib's parser recursed once per [ … ]: 200 deep was a 3,000-line RecursionError."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(tiny_data, data)
    (data / "graph" / "deep.ttl").write_text(_nested(5000), encoding="utf-8")
    result = cg("validate", data=data)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr and result.stderr == "2 problems found\n"
    # the blank nodes are the only problem, told in one line naming the file
    assert result.stdout.splitlines() == [
        "graph/deep.ttl: 5000 blank nodes in the data: give each an IRI [blank-node-violation]",
        "graph/deep.ttl: cgr:deep: blank node in the data: give it an IRI [blank-node-violation]",
    ]


def test_every_curation_command_reads_deeply_nested_turtle(curation_data, cg, tmp_path):
    """ingest, add-source and same-as validate the graph with their change: the blank nodes
    were there before, so they are not the change's fault, and nothing recurses."""
    from conftest import CURATION

    (curation_data / "graph" / "deep.ttl").write_text(_nested(2000), encoding="utf-8")
    text = tmp_path / "another.txt"
    text.write_text("Another article about Cartel X and the Guard.\n", encoding="utf-8")
    for args in (
        ["build"],
        ["ingest", str(CURATION / "good.csv")],
        ["add-source", str(text), "--title", "Another article"],
        ["same-as", "Pedro Pérez", "Quique Pérez", "--reason", "the same man"],
    ):
        result = cg(*args, data=curation_data)
        assert result.exit_code == 0, (args, result.output)
        assert "Traceback" not in result.output and "Error" not in result.output


BOM = b"\xef\xbb\xbf"


def test_a_byte_order_mark_is_read_past_everywhere(curation_data, cg):
    """Editors on Windows start UTF-8 files with a BOM; Oxigraph and rdflib refuse it. The store,
    SHACL, the checks and ingest all read past it, so the graph is the same as without it."""
    from conftest import CURATION

    before = cg("stats", "--format", "csv", data=curation_data).stdout
    tiny = curation_data / "graph" / "tiny.ttl"
    tiny.write_bytes(BOM + tiny.read_bytes())
    assert cg("stats", "--format", "csv", data=curation_data).stdout == before
    assert cg("validate", data=curation_data).exit_code == 0
    assert cg("ingest", str(CURATION / "good.csv"), data=curation_data).exit_code == 0
    # a file ingest owns, saved again by an editor that adds a BOM, is read and rewritten
    ingested = curation_data / "graph" / "ingested" / "good.ttl"
    ingested.write_bytes(BOM + ingested.read_bytes())
    result = cg("ingest", str(CURATION / "new-entity.json"), "--create-entities", "--into", "good", data=curation_data)
    assert result.exit_code == 0, result.output
    content = ingested.read_bytes()
    assert not content.startswith(BOM)
    assert b"cgr:arrest-person-q-agency-g-2021 a cg:Arrest" in content and b"cgr:frente-sur a" in content


def test_a_stored_text_that_is_not_utf8_is_a_problem_of_its_quotes(tiny_data, tmp_path, cg):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(tiny_data, data)
    with open(data / "graph" / "sources" / "tiny.txt", "ab") as text:
        text.write("\nCafé de Olla.\n".encode("latin-1"))
    result = cg("validate", "--no-shacl", data=data)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1  # told once, for the first quote that needs the text
    assert lines[0].endswith(
        ": graph/sources/tiny.txt, line 6: not UTF-8 text (invalid continuation byte); save it as UTF-8 [quote-check]"
    )


def test_a_source_text_with_a_byte_order_mark_is_stored_without_it(curation_data, tmp_path, cg):
    text = tmp_path / "article.txt"
    text.write_bytes(BOM + b"Cartel X clashed with the Guard in Tierra Alta.\n")
    result = cg("add-source", str(text), "--title", "Article with a mark", data=curation_data)
    assert result.exit_code == 0, result.output
    stored = curation_data / "graph" / "sources" / "001-article-with-a-mark.txt"
    assert stored.read_bytes() == b"Cartel X clashed with the Guard in Tierra Alta.\n"


def test_a_control_or_bidirectional_character_in_a_text_fails(data_copy, cg):
    """An escape (which acts on a terminal) or a right-to-left override (which reverses what
    follows) hidden in a label fails validation, named by the character's kind, not printed."""
    where = _edit(data_copy, 'rdfs:label "Salvador Cienfuegos"', 'rdfs:label "Salvador\\u001B[31m Cienfuegos\\u202E"')
    result = cg("validate", "--no-shacl", data=data_copy)
    assert result.exit_code == 1
    assert f"{where}: cgr:salvador-cienfuegos: its label holds a control or invisible formatting character" in (
        result.output
    )
    assert "[hidden-character-violation]" in result.output
    assert not any(c in result.output for c in "\x1b\u202e")
