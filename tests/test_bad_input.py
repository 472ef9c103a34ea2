"""Bad input, for every command: one clear ``Error:`` line naming the parameter, file or line;
exit 2 for usage and 1 for other errors; no traceback (the runner re-raises any exception);
nothing on stdout and nothing written, in the data folder or where the output would go.

Each case is ``(id, arguments, exit code, words the error line must hold)``. Arguments may
name ``{missing}`` (a file in a folder that does not exist), ``{readonly}`` (a file in a
folder nobody may write), ``{tmp}`` (an empty scratch folder), the broken input files below,
``{unreachable}`` (a loopback port nobody listens on) and ``{garbage}`` (a local HTTP server
answering every request with an HTML page).
"""

from __future__ import annotations

import os
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, folder_hash, free_port

from cartelgraph.cli import cli

READ_COMMANDS = {
    "query": ["query", "--name", "officials-linked-to-cartels"],
    "search": ["search", "Pérez"],
    "show": ["show", "Cartel X"],
    "path": ["path", "Ana Álvarez", "Cartel X"],
    "timeline": ["timeline"],
    "figures": ["figures"],
    "contested": ["contested"],
    "crossref": ["crossref"],
    "centrality": ["centrality"],
    "communities": ["communities"],
    "brokers": ["brokers"],
    "stats": ["stats"],
    "duplicates": ["duplicates"],
    "export": ["export", "--format", "graphml"],
    "export-claims": ["export-claims"],
    "viz": ["viz", "-o", "{tmp}/page.html"],
}

# Commands with an output file, and the arguments that make each one write it.
OUTPUT_COMMANDS = {
    "query": ["query", "--name", "officials-linked-to-cartels", "-o", "{out}.csv"],
    "search": ["search", "Pérez", "-o", "{out}.json"],
    "show": ["show", "Cartel X", "-o", "{out}.json"],
    "path": ["path", "Ana Álvarez", "Cartel X", "-o", "{out}.csv"],
    "timeline": ["timeline", "-o", "{out}.csv"],
    "figures": ["figures", "-o", "{out}.csv"],
    "contested": ["contested", "-o", "{out}.json"],
    "crossref": ["crossref", "-o", "{out}.csv"],
    "centrality": ["centrality", "-o", "{out}.csv"],
    "centrality-save": ["centrality", "--save", "{out}.ttl"],
    "communities": ["communities", "-o", "{out}.csv"],
    "brokers": ["brokers", "-o", "{out}.csv"],
    "export": ["export", "-o", "{out}.graphml"],
    "export-csv-folder": ["export", "--format", "csv", "-o", "{out}"],
    "export-claims": ["export-claims", "-o", "{out}.csv"],
    "viz": ["viz", "-o", "{out}.html"],
    "candidates": ["candidates", "cgr:src", "-o", "{out}.csv"],
}

CASES = [
    # Unknown entities and sources.
    ("show-unknown", ["show", "Nobody Atall"], 2, ["Nobody Atall"]),
    ("show-ambiguous", ["show", "Pérez"], 2, ["Pérez"]),
    ("path-unknown-source", ["path", "Nobody Atall", "Cartel X"], 2, ["Nobody Atall"]),
    ("path-unknown-target", ["path", "Cartel X", "Nobody Atall"], 2, ["Nobody Atall"]),
    ("path-unknown-avoid", ["path", "Ana Álvarez", "Cartel X", "--avoid", "Nobody Atall"], 2, ["Nobody Atall"]),
    ("path-same-ends", ["path", "Cartel X", "CX"], 2, ["Cartel X"]),
    # A name that looks like an IRI but is none, and a name longer than any name.
    ("show-bad-iri", ["show", "http://x y"], 2, ["'http://x y' is not a valid IRI"]),
    ("timeline-bad-iri", ["timeline", "cgr:x>"], 2, ["'cgr:x>' is not a valid IRI"]),
    ("path-bad-iri", ["path", "Cartel X", "<http://x>y>"], 2, ["is not a valid IRI"]),
    ("search-too-long", ["search", "x" * 201], 2, ["at most 200 characters, not 201"]),
    ("show-too-long", ["show", "Cartel " * 40], 2, ["at most 200 characters, not 280"]),
    ("timeline-unknown", ["timeline", "Nobody Atall"], 2, ["Nobody Atall"]),
    ("contested-unknown", ["contested", "Nobody Atall"], 2, ["Nobody Atall"]),
    ("figures-unknown-place", ["figures", "--place", "Nowhere Land"], 2, ["Nowhere Land"]),
    ("figures-unknown-producer", ["figures", "--producer", "Nobody Atall"], 2, ["Nobody Atall"]),
    ("figures-unknown-about", ["figures", "--about", "Nobody Atall"], 2, ["Nobody Atall"]),
    ("viz-unknown-focus", ["viz", "-o", "{tmp}/page.html", "--focus", "Nobody Atall"], 2, ["Nobody Atall"]),
    ("same-as-unknown", ["same-as", "Cartel X", "Nobody Atall", "--reason", "r"], 2, ["Nobody Atall"]),
    ("same-as-itself", ["same-as", "Cartel X", "CX", "--reason", "r"], 2, ["already one entity", "cgr:cartel-x"]),
    ("same-as-no-reason", ["same-as", "Ana Álvarez", "Beto Bravo"], 2, ["--reason"]),
    (
        "same-as-undo-unrecorded",
        ["same-as", "Ana Álvarez", "Beto Bravo", "--undo"],
        2,
        ["no same-as record", "Ana Álvarez", "Beto Bravo"],
    ),
    ("candidates-unknown-source", ["candidates", "cgr:no-such-source"], 2, ["no-such-source"]),
    (
        "add-source-unknown-publisher",
        ["add-source", "{text}", "--title", "T", "--publisher", "Nobody Atall"],
        2,
        ["Nobody Atall"],
    ),
    ("query-unknown-name", ["query", "--name", "no-such-query"], 2, ["no-such-query"]),
    # Malformed dates.
    ("centrality-as-of-month-13", ["centrality", "--as-of", "2019-13"], 2, ["--as-of", "2019-13"]),
    ("communities-as-of-day-32", ["communities", "--as-of", "2019-01-32"], 2, ["--as-of", "2019-01-32"]),
    ("brokers-as-of-text", ["brokers", "--as-of", "yesterday"], 2, ["--as-of", "yesterday"]),
    (
        "export-period-bad-end",
        ["export", "--format", "graphml", "--period", "2019..2019-13"],
        2,
        ["--period", "2019-13"],
    ),
    ("export-period-no-dots", ["export", "--format", "graphml", "--period", "2019"], 2, ["--period"]),
    ("centrality-period-reversed", ["centrality", "--period", "2021..2019"], 2, ["--period"]),
    ("viz-as-of-month-13", ["viz", "-o", "{tmp}/page.html", "--as-of", "2019-13"], 2, ["--as-of", "2019-13"]),
    ("path-as-of-month-13", ["path", "Ana Álvarez", "Cartel X", "--as-of", "2019-13"], 2, ["--as-of", "2019-13"]),
    ("timeline-from-month-13", ["timeline", "--from", "2019-13"], 2, ["--from", "2019-13"]),
    ("timeline-to-text", ["timeline", "--to", "soon"], 2, ["--to", "soon"]),
    ("figures-period-month-13", ["figures", "--period", "2019-13"], 2, ["--period", "2019-13"]),
    ("figures-from-text", ["figures", "--from", "last year"], 2, ["--from", "last year"]),
    (
        "add-source-date-month-13",
        ["add-source", "{text}", "--title", "T", "--date", "2019-13"],
        2,
        ["--date", "2019-13"],
    ),
    # Negative or zero counts.
    ("centrality-top-negative", ["centrality", "--top", "-1"], 2, ["--top"]),
    ("centrality-samples-zero", ["centrality", "--measure", "betweenness", "-k", "0"], 2, ["--samples"]),
    ("path-max-hops-negative", ["path", "Ana Álvarez", "Cartel X", "--max-hops", "-1"], 2, ["--max-hops"]),
    ("path-max-hops-zero", ["path", "Ana Álvarez", "Cartel X", "--max-hops", "0"], 2, ["--max-hops"]),
    ("path-limit-zero", ["path", "Ana Álvarez", "Cartel X", "--limit", "0"], 2, ["--limit"]),
    ("search-limit-negative", ["search", "Pérez", "--limit", "-3"], 2, ["--limit"]),
    ("search-empty", ["search", ""], 2, ["TEXT", "search for"]),
    ("search-punctuation-only", ["search", " ¿?-"], 2, ["TEXT", "search for"]),
    ("viz-depth-negative", ["viz", "-o", "{tmp}/page.html", "--depth", "-1"], 2, ["--depth"]),
    ("viz-max-nodes-zero", ["viz", "-o", "{tmp}/page.html", "--max-nodes", "0"], 2, ["--max-nodes"]),
    ("communities-members-zero", ["communities", "--members", "0"], 2, ["--members"]),
    ("communities-resolution-negative", ["communities", "--resolution", "-1"], 2, ["--resolution"]),
    ("query-timeout-negative", ["query", "--name", "officials-linked-to-cartels", "--timeout", "-1"], 2, ["--timeout"]),
    ("serve-port-negative", ["serve", "--port", "-1"], 2, ["--port"]),
    ("serve-max-rows-zero", ["serve", "--max-rows", "0"], 2, ["--max-rows"]),
    ("push-timeout-zero", ["push", "--endpoint", "{unreachable}", "--timeout", "0"], 2, ["--timeout"]),
    # Unknown choices and names.
    ("centrality-unknown-measure", ["centrality", "--measure", "fame"], 2, ["--measure", "fame"]),
    ("communities-unknown-method", ["communities", "--method", "magic"], 2, ["--method", "magic"]),
    ("centrality-unknown-format", ["centrality", "--format", "xlsx"], 2, ["--format", "xlsx"]),
    ("show-unknown-format", ["show", "Cartel X", "--format", "xlsx"], 2, ["--format", "xlsx"]),
    (
        "query-unknown-format",
        ["query", "--name", "officials-linked-to-cartels", "--format", "xlsx"],
        2,
        ["--format", "xlsx"],
    ),
    (
        "query-graph-format-for-select",
        ["query", "--name", "officials-linked-to-cartels", "--format", "turtle"],
        2,
        ["--format", "turtle"],
    ),
    ("stats-unknown-format", ["stats", "--format", "xlsx"], 2, ["--format", "xlsx"]),
    ("duplicates-unknown-format", ["duplicates", "--format", "xlsx"], 2, ["--format", "xlsx"]),
    ("queries-unknown-format", ["queries", "--format", "xlsx"], 2, ["--format", "xlsx"]),
    ("export-unknown-format", ["export", "--format", "xlsx"], 2, ["--format", "xlsx"]),
    ("export-no-format", ["export", "-o", "{tmp}/network.xlsx"], 2, ["--format"]),
    ("export-unknown-view", ["export", "--format", "graphml", "--view", "pretty"], 2, ["--view", "pretty"]),
    ("centrality-unknown-type", ["centrality", "--type", "Wizard"], 2, ["--type", "Wizard"]),
    ("export-unknown-type", ["export", "--format", "graphml", "--type", "Wizard"], 2, ["--type", "Wizard"]),
    ("viz-unknown-type", ["viz", "-o", "{tmp}/page.html", "--type", "Wizard"], 2, ["--type", "Wizard"]),
    ("search-unknown-class", ["search", "Pérez", "--class", "Wizard"], 2, ["--class", "Wizard"]),
    ("crossref-unknown-type", ["crossref", "--type", "Wizard"], 2, ["--type", "Wizard"]),
    ("crossref-min-sources-one", ["crossref", "--min-sources", "1"], 2, ["--min-sources"]),
    ("crossref-limit-negative", ["crossref", "--limit", "-1"], 2, ["--limit"]),
    (
        "centrality-unknown-exclude-relation",
        ["centrality", "--exclude-relation", "spokeAbot"],
        2,
        ["--exclude-relation", "spokeAbot"],
    ),
    ("centrality-unknown-status", ["centrality", "--status", "Rumoured"], 2, ["--status", "Rumoured"]),
    (
        "brokers-unknown-exclude-status",
        ["brokers", "--exclude-status", "Rumoured"],
        2,
        ["--exclude-status", "Rumoured"],
    ),
    ("path-unknown-status", ["path", "Ana Álvarez", "Cartel X", "--status", "Rumoured"], 2, ["--status", "Rumoured"]),
    ("viz-unknown-status", ["viz", "-o", "{tmp}/page.html", "--status", "Rumoured"], 2, ["--status", "Rumoured"]),
    ("communities-unknown-relation", ["communities", "--relation", "marriedTo"], 2, ["--relation", "marriedTo"]),
    (
        "path-unknown-relation",
        ["path", "Ana Álvarez", "Cartel X", "--relation", "marriedTo"],
        2,
        ["--relation", "marriedTo"],
    ),
    (
        "viz-unknown-relation",
        ["viz", "-o", "{tmp}/page.html", "--relation", "marriedTo"],
        2,
        ["--relation", "marriedTo"],
    ),
    ("viz-unknown-size-by", ["viz", "-o", "{tmp}/page.html", "--size-by", "fame"], 2, ["--size-by", "fame"]),
    ("centrality-unknown-backend", ["centrality", "--backend", "nope"], 2, ["--backend", "nope"]),
    ("centrality-save-not-turtle", ["centrality", "--save", "{tmp}/scores.csv"], 2, ["--save", "scores.csv", ".ttl"]),
    ("centrality-unknown-administration", ["centrality", "--administration", "fox"], 2, ["--administration", "fox"]),
    ("add-source-unknown-kind", ["add-source", "{text}", "--title", "T", "--kind", "Rumour"], 2, ["--kind", "Rumour"]),
    ("query-param-without-value", ["query", "--name", "entity-claims", "--param", "entity"], 2, ["--param"]),
    (
        "query-param-not-in-query",
        ["query", "--name", "entity-claims", "--param", "nothing=cgr:cartel-x"],
        2,
        ["nothing"],
    ),
    ("query-two-sources", ["query", "ASK {}", "--name", "officials-linked-to-cartels"], 2, ["--name"]),
    ("query-malformed-sparql", ["query", "SELECT ?x WHERE { ?x ?y }"], 2, ["line 1"]),
    (
        "query-update-refused",
        ["query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"],
        2,
        ["updates are refused", "read-only"],
    ),
    (
        "query-service-refused",
        ["query", "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }"],
        2,
        ["SERVICE"],
    ),
    (
        "query-param-bad-iri",
        ["query", "--name", "entity-claims", "--param", "entity=<not an iri>"],
        2,
        ["--param", "not an iri"],
    ),
    ("query-param-bad-language", ["query", "--name", "entity-claims", "--param", 'entity="x"@-'], 2, ["--param"]),
    ("endpoint-malformed-url", ["--endpoint", "http://[::1/sparql", "stats"], 2, ["--endpoint"]),
    ("endpoint-not-http", ["--endpoint", "ftp://example.org/sparql", "stats"], 2, ["--endpoint"]),
    ("push-without-endpoint", ["push"], 2, ["--endpoint"]),
    # Missing, unreadable and malformed input files.
    ("query-file-missing", ["query", "-f", "{tmp}/nothing.rq"], 2, ["nothing.rq"]),
    ("query-file-is-folder", ["query", "-f", "{tmp}"], 2, ["--file"]),
    ("query-file-not-utf8", ["query", "-f", "{latin1}"], 2, ["latin1.rq"]),
    ("query-file-bad-sparql", ["query", "-f", "{bad_rq}"], 2, ["bad.rq", "line"]),
    ("ingest-file-missing", ["ingest", "{tmp}/nothing.csv"], 2, ["nothing.csv"]),
    ("ingest-file-is-folder", ["ingest", "{tmp}"], 2, ["FILE"]),
    ("ingest-file-is-a-device", ["ingest", "/dev/null"], 2, ["/dev/null", "not a regular file"]),
    ("ingest-broken-row", ["ingest", "{broken_csv}"], 2, ["broken.csv", "row 2", "never closed"]),
    ("ingest-bad-rows", ["ingest", "{one_bad_row}"], 2, ["row"]),
    ("ingest-not-utf8", ["ingest", "{latin1_csv}"], 2, ["latin1.csv", "line 2", "UTF-8"]),
    ("ingest-unknown-extension", ["ingest", "{text}"], 2, ["news.txt", ".csv", "--format"]),
    ("ingest-csv-named-txt", ["ingest", "{csv_as_txt}"], 2, ["claims.txt", ".csv", "--format"]),
    ("ingest-no-header-row", ["ingest", "{no_header}"], 2, ["no-header.csv", "no header row", "class"]),
    ("ingest-blank-first-line", ["ingest", "{blank_first}"], 2, ["blank-first.csv", "no header row", "blank"]),
    ("ingest-commas-in-tsv", ["ingest", "{commas_tsv}"], 2, ["commas.tsv", "no header row", "--format csv"]),
    ("ingest-too-many-rows", ["ingest", "{good_csv}", "--max-rows", "2"], 2, ["good.csv", "more than 2", "--max-rows"]),
    (
        "ingest-too-many-json-items",
        ["ingest", "{new_entity_json}", "--create-entities", "--max-rows", "1"],
        2,
        ["new-entity.json", "more than 1", "--max-rows"],
    ),
    ("ingest-file-too-large", ["ingest", "{large_csv}", "--max-rows", "1"], 2, ["large.csv", "KB", "--max-rows"]),
    ("ingest-max-rows-zero", ["ingest", "{good_csv}", "--max-rows", "0"], 2, ["--max-rows"]),
    ("ingest-unknown-format", ["ingest", "{good_csv}", "--format", "xlsx"], 2, ["--format", "xlsx"]),
    ("ingest-malformed-json", ["ingest", "{bad_json}"], 2, ["bad.json", "line"]),
    ("ingest-json-nested-too-deep", ["ingest", "{deep_json}"], 2, ["deep.json", "nested too deep"]),
    ("ingest-json-nested-value", ["ingest", "{nested_value_json}"], 2, ["nested-value.json", "item 1", "key note"]),
    ("add-source-file-missing", ["add-source", "{tmp}/nothing.txt", "--title", "T"], 2, ["nothing.txt"]),
    ("add-source-not-utf8", ["add-source", "{latin1}", "--title", "T"], 2, ["latin1.rq", "line 1", "UTF-8"]),
    (
        "candidates-stored-text-not-utf8",
        ["--data", "{latin1_text_data}", "candidates", "cgr:src"],
        1,
        ["graph/sources/tiny.txt", "line 6", "UTF-8"],
    ),
    ("data-folder-missing", ["--data", "{tmp}/nothing", "stats"], 1, ["--data"]),
    ("data-turtle-syntax-error", ["--data", "{broken_data}", "stats"], 1, ["graph/tiny.ttl", "line"]),
    ("validate-turtle-syntax-error", ["--data", "{broken_data}", "validate"], 1, ["graph/tiny.ttl", "line"]),
    ("build-turtle-syntax-error", ["--data", "{broken_data}", "build"], 1, ["graph/tiny.ttl", "line"]),
    # Invisible characters in what an error quotes are shown as <U+XXXX>, never printed raw.
    (
        "data-turtle-invisible-character",
        ["--data", "{invisible_data}", "stats"],
        1,
        ["graph/tiny.ttl", "line 10", "<U+200B>"],
    ),
    ("ingest-invisible-file-name", ["ingest", "{tmp}/claims\u200b\u202e.csv"], 2, ["claims<U+200B><U+202E>.csv"]),
    # Local-data commands and --endpoint.
    ("ingest-refuses-endpoint", ["--endpoint", "{unreachable}", "ingest", "{good_csv}"], 2, ["--endpoint", "local"]),
    (
        "add-source-refuses-endpoint",
        ["--endpoint", "{unreachable}", "add-source", "{text}", "--title", "T"],
        2,
        ["--endpoint", "local"],
    ),
    (
        "same-as-refuses-endpoint",
        ["--endpoint", "{unreachable}", "same-as", "Ana Álvarez", "Beto Bravo", "--reason", "r"],
        2,
        ["--endpoint", "local"],
    ),
    (
        "serve-refuses-endpoint",
        ["--endpoint", "{unreachable}", "serve", "--port", "{port}"],
        2,
        ["--endpoint", "local"],
    ),
]

# An output path in a missing folder, and in a folder nobody may write, for every command that writes one.
for _name, _args in OUTPUT_COMMANDS.items():
    CASES.append(
        (
            f"{_name}-output-in-missing-folder",
            [a.replace("{out}", "{missing}/out") for a in _args],
            2,
            ["does not exist"],
        )
    )
    CASES.append(
        (
            f"{_name}-output-in-read-only-folder",
            [a.replace("{out}", "{readonly}/out") for a in _args],
            2,
            ["cannot write"],
        )
    )
# An unreachable endpoint, and one that answers HTML, for every command that reads the graph.
for _name, _args in {**READ_COMMANDS, "push": ["push"]}.items():
    CASES.append(
        (f"{_name}-endpoint-refused", ["--endpoint", "{unreachable}", *_args], 1, ["{unreachable}", "cannot reach"])
    )
    CASES.append((f"{_name}-endpoint-answers-html", ["--endpoint", "{garbage}", *_args], 1, ["{garbage}", "text/html"]))


class _HTMLPage(BaseHTTPRequestHandler):
    """Any request gets a web page: what a URL that is not a SPARQL endpoint often answers."""

    def _answer(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b"<!doctype html><html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def garbage_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _HTMLPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, tiny_data):
    """The data folder (a private copy of the tiny graph) and the broken input files."""
    root = tmp_path_factory.mktemp("bad-input")
    data = root / "data"
    shutil.copytree(tiny_data, data)
    files = root / "files"
    files.mkdir()
    (files / "latin1.rq").write_bytes('SELECT * WHERE { ?s rdfs:label "Álvarez" }'.encode("latin-1"))
    (files / "latin1.csv").write_bytes("class,participants\nArrest,arrestedPerson=Pérez\n".encode("latin-1"))
    (files / "bad.rq").write_text("SELECT ?x\nWHERE { ?x ?y }\n")
    (files / "broken.csv").write_text(
        "class,participants,date,status,source,quote\n"
        'Arrest,arrestingAgent=Guard; arrestedPerson=Quique Pérez,2021,Confirmed,cgr:src,"an unclosed quote\n'
    )
    (files / "bad.json").write_text('[{"class": "Arrest",\n "participants": }]\n')
    (files / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (files / "nested-value.json").write_text('[{"class": "Arrest", "note": [["a"]]}]')
    good = (FIXTURES / "curation" / "good.csv").read_text(encoding="utf-8")
    (files / "claims.txt").write_text(good, encoding="utf-8")  # a good CSV under a name ingest does not read
    (files / "no-header.csv").write_text(good.split("\n", 1)[1], encoding="utf-8")
    (files / "blank-first.csv").write_text("\n" + good, encoding="utf-8")
    (files / "commas.tsv").write_text(good, encoding="utf-8")
    (files / "large.csv").write_text(good + "#," * 6000 + "\n", encoding="utf-8")  # over 10 KB for one row
    broken = root / "broken-data"
    shutil.copytree(tiny_data, broken)
    with open(broken / "graph" / "tiny.ttl", "a") as turtle:
        turtle.write('\ncgr:oops a cg:Person ; rdfs:label "unfinished\n')
    invisible = root / "invisible-data"
    shutil.copytree(tiny_data, invisible)
    lines = (invisible / "graph" / "tiny.ttl").read_text(encoding="utf-8").split("\n")
    lines.insert(9, "\u200bcgr:oops a cg:Person .")  # a zero-width space starting line 10
    (invisible / "graph" / "tiny.ttl").write_text("\n".join(lines), encoding="utf-8")
    latin1_text = root / "latin1-text-data"
    shutil.copytree(tiny_data, latin1_text)
    with open(latin1_text / "graph" / "sources" / "tiny.txt", "ab") as text:
        text.write("\nCafé de Olla.\n".encode("latin-1"))
    return {
        "data": data,
        "files": files,
        "broken_data": broken,
        "invisible_data": invisible,
        "latin1_text_data": latin1_text,
    }


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder this process cannot write into. root writes through permission bits, so as
    root it is /sys, which the kernel lets nobody create files in."""
    if os.geteuid() == 0:
        yield Path("/sys")
        return
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


def _fill(args, values):
    """``args`` with each ``{name}`` of ``values`` replaced (SPARQL's own braces are left alone)."""
    filled = []
    for arg in args:
        for name, value in values.items():
            arg = arg.replace("{" + name + "}", str(value))
        filled.append(arg)
    return filled


@pytest.mark.parametrize(("args", "code", "words"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_bad_input_gives_one_clear_line(args, code, words, inputs, tmp_path, read_only_folder, garbage_url):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    values = {
        "tmp": scratch,
        "missing": tmp_path / "no-such-folder",
        "readonly": read_only_folder,
        "unreachable": f"http://127.0.0.1:{free_port()}/sparql",
        "garbage": garbage_url,
        "port": free_port(),
        "text": FIXTURES / "curation" / "news.txt",
        "good_csv": FIXTURES / "curation" / "good.csv",
        "one_bad_row": FIXTURES / "curation" / "one-bad-row.csv",
        "broken_data": inputs["broken_data"],
        "invisible_data": inputs["invisible_data"],
        "latin1_text_data": inputs["latin1_text_data"],
        "bad_rq": inputs["files"] / "bad.rq",
        "broken_csv": inputs["files"] / "broken.csv",
        "latin1": inputs["files"] / "latin1.rq",
        "latin1_csv": inputs["files"] / "latin1.csv",
        "bad_json": inputs["files"] / "bad.json",
        "new_entity_json": FIXTURES / "curation" / "new-entity.json",
        "csv_as_txt": inputs["files"] / "claims.txt",
        "no_header": inputs["files"] / "no-header.csv",
        "blank_first": inputs["files"] / "blank-first.csv",
        "commas_tsv": inputs["files"] / "commas.tsv",
        "large_csv": inputs["files"] / "large.csv",
        "deep_json": inputs["files"] / "deep.json",
        "nested_value_json": inputs["files"] / "nested-value.json",
    }
    args = _fill(args, values)
    words = _fill(words, values)
    before = folder_hash(inputs["data"])
    readonly_before = sorted(os.listdir(read_only_folder))

    result = CliRunner().invoke(cli, ["--data", str(inputs["data"]), *args], catch_exceptions=False)

    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert result.exit_code == code, result.stderr
    assert len(errors) == 1, result.stderr
    assert errors[0].isprintable(), f"an invisible or control character printed raw: {errors[0]!r}"
    for word in words:
        assert word.casefold() in errors[0].casefold(), errors[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert folder_hash(inputs["data"]) == before, "the data folder changed"
    assert os.listdir(scratch) == [], "something was written"
    assert not (tmp_path / "no-such-folder").exists()
    assert sorted(os.listdir(read_only_folder)) == readonly_before


def test_output_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path):
    from cartelgraph.output import atomic_write

    target = tmp_path / "real.csv"
    target.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    atomic_write(link, b"new\n")
    assert link.is_symlink() and target.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "real.csv"]


def test_output_to_a_pipe_writes_into_it_and_leaves_it_a_pipe(tmp_path):
    """``-o /dev/stdout`` is a link to a pipe or a terminal: replacing it by a file (as a rename
    would) broke /dev/stdout for the whole machine when run as root."""
    import stat

    from cartelgraph.output import atomic_write

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    atomic_write(fifo, b"through the pipe\n")
    reader.join(10)
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_output_onto_a_folder_is_refused(tmp_path):
    from cartelgraph.errors import OutputError
    from cartelgraph.output import atomic_write

    with pytest.raises(OutputError, match="it is a folder"):
        atomic_write(tmp_path, b"x")
