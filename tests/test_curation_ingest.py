"""ingest: a good file adds exactly its records, twice adds nothing, bad rows are all reported
and nothing is written, quotes are checked, and a killed write leaves graph/ intact."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CURATION, folder_hash

from cartelgraph import open_graph
from cartelgraph.curation import turtle
from cartelgraph.curation.ingest import IngestError, IngestRejected, ingest
from cartelgraph.namespace import CG

CLAIMS = "SELECT ?claim WHERE { ?claim a cg:Claim }"


def claims(data):
    return {row["claim"] for row in open_graph(data=data).select(CLAIMS)}


def run(data, name, **options):
    return ingest(open_graph(data=data), data, CURATION / name, **options)


def test_good_csv_adds_exactly_its_claims(curation_data):
    before = claims(curation_data)
    result = run(curation_data, "good.csv")
    added = claims(curation_data) - before
    assert result.written and len(added) == 3 == len(result.new_subjects)
    assert added == set(result.new_subjects)
    graph = open_graph(data=curation_data)
    rows = graph.select(
        "SELECT ?who ?status WHERE { ?c a cg:Arrest ; cg:arrestedPerson ?who ; cg:status ?status ; "
        "cg:source cgr:frontier-weekly }"
    )
    assert rows == [{"who": turtle.CGR + "person-q", "status": CG.Confirmed}]
    # the accent- and case-insensitive name and the alias resolved to the right entities
    collusion = graph.select(
        "SELECT ?a ?b WHERE { ?c a cg:Collusion ; cg:colluder ?a ; cg:collusionPartner ?b ; "
        "cg:source cgr:frontier-weekly }"
    )
    assert collusion == [{"a": turtle.CGR + "person-q", "b": turtle.CGR + "cartel-x"}]
    written = curation_data / "graph" / "ingested" / "good.ttl"
    text = written.read_text()
    assert text == turtle.serialize(turtle.read_triples(written), text.split("\n@prefix")[0].replace("# ", ""))
    assert "cgr:arrest-person-q-agency-g-2021 a cg:Arrest ;" in text  # minted from content


def test_ingesting_twice_adds_nothing(curation_data):
    run(curation_data, "good.csv")
    state = folder_hash(curation_data / "graph")
    again = run(curation_data, "good.csv")
    assert again.added == [] and len(again.present) == 3 and not again.written
    assert folder_hash(curation_data / "graph") == state


def test_one_bad_row_refuses_the_whole_file(curation_data, cg):
    state = folder_hash(curation_data / "graph")
    with pytest.raises(IngestError) as caught:
        run(curation_data, "one-bad-row.csv")
    assert [(e.where, e.column) for e in caught.value.errors] == [("row 3", "participants")]
    assert "Nobody Atall" in str(caught.value)
    result = cg("ingest", str(CURATION / "one-bad-row.csv"), data=curation_data)
    assert result.exit_code == 2
    assert "row 3, column participants: no entity named 'Nobody Atall'" in result.output
    assert "Traceback" not in result.output
    assert folder_hash(curation_data / "graph") == state


def test_every_bad_row_is_reported_at_once(curation_data, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "class,participants,date,status,source,quote\n"
        "Arrest,arrestedPerson=Pedro Pérez,2021-13,Confirmed,cgr:frontier-weekly,The Guard detained\n"
        "Colusion,member=X,,,,\n"
        "Arrest,colluder=Pedro Pérez,,Maybe,cgr:nowhere,The Guard detained Quique Pérez in 2021\n"
        "Arrest,arrestedPerson=Pérez,,Reported,cgr:frontier-weekly,"
        "The Guard detained Quique Pérez in 2021\n",
        encoding="utf-8",
    )
    state = folder_hash(curation_data / "graph")
    with pytest.raises(IngestError) as caught:
        ingest(open_graph(data=curation_data), curation_data, bad)
    found = {(e.where, e.column) for e in caught.value.errors}
    assert found == {
        ("row 2", "date"),
        ("row 3", "class"),
        ("row 4", "participants"),
        ("row 4", "status"),
        ("row 4", "source"),
        ("row 5", "participants"),
    }
    message = str(caught.value)
    assert "'2021-13' is not a real date" in message
    assert "did you mean Collusion" in message
    assert "colluder is not a role of Arrest" in message
    assert "'Pérez' names several entities" in message  # ambiguous alias lists the entities
    assert folder_hash(curation_data / "graph") == state


def test_a_control_character_in_a_cell_is_refused(curation_data, tmp_path):
    # It would reach a terminal as an escape sequence (show, search), or turn text around on a page.
    bad = tmp_path / "bad.csv"
    bad.write_text("class,label,altLabel\nPerson,Esc\x1b[31mRed,\nPerson,Ana Ruiz,Ana\u202e Ruiz\n", encoding="utf-8")
    state = folder_hash(curation_data / "graph")
    with pytest.raises(IngestError) as caught:
        ingest(open_graph(data=curation_data), curation_data, bad, create_entities=True)
    assert {(e.where, e.column) for e in caught.value.errors} == {("row 2", "label"), ("row 3", "altLabel")}
    assert "control character (U+001B)" in str(caught.value) and "U+202E" in str(caught.value)
    assert folder_hash(curation_data / "graph") == state


def test_quote_not_in_the_source_is_refused(curation_data, cg):
    state = folder_hash(curation_data / "graph")
    result = cg("ingest", str(CURATION / "bad-quote.csv"), data=curation_data)
    assert result.exit_code == 2
    assert "row 2, column quote: not found in graph/sources/" in result.output
    assert folder_hash(curation_data / "graph") == state


def test_a_graph_that_would_not_validate_is_refused(curation_data, tmp_path, cg):
    # Every cell reads cleanly, but the date-out-of-range check fails on the new claim.
    old = tmp_path / "old.csv"
    old.write_text(
        "class,participants,date,status,source,quote\n"
        "Arrest,arrestingAgent=Guard; arrestedPerson=Quique Pérez,1850,Confirmed,cgr:frontier-weekly,"
        "The Guard detained Quique Pérez in 2021\n",
        encoding="utf-8",
    )
    state = folder_hash(curation_data / "graph")
    with pytest.raises(IngestRejected) as caught:
        ingest(open_graph(data=curation_data), curation_data, old)
    assert "row 2: cgr:arrest-person-q-agency-g-1850: date 1850 is outside" in str(caught.value)
    assert cg("ingest", str(old), data=curation_data).exit_code == 1
    assert folder_hash(curation_data / "graph") == state


def test_dry_run_prints_the_triples_and_writes_nothing(curation_data, cg):
    state = folder_hash(curation_data / "graph")
    result = cg("ingest", "--dry-run", str(CURATION / "good.csv"), data=curation_data)
    assert result.exit_code == 0
    assert "cgr:arrest-person-q-agency-g-2021 a cg:Arrest ;" in result.output
    assert "would add 3 new node(s)" in result.output
    assert folder_hash(curation_data / "graph") == state


def test_new_entities_need_the_flag_and_then_serve_the_same_file(curation_data):
    with pytest.raises(IngestError, match="creating entities needs --create-entities"):
        run(curation_data, "new-entity.json")
    result = run(curation_data, "new-entity.json", create_entities=True)
    assert turtle.CGR + "frente-sur" in result.new_subjects
    rows = open_graph(data=curation_data).select(
        "SELECT ?party WHERE { ?c a cg:Clash ; cg:clashParty ?party } ORDER BY ?party"
    )
    assert [r["party"] for r in rows] == [turtle.CGR + "cartel-x", turtle.CGR + "frente-sur"]


def test_rows_with_one_id_are_one_claim_with_several_evidence_nodes(curation_data, tmp_path):
    rows = [
        {
            "id": "cgr:cooperation-us-guard",
            "class": "Cooperation",
            "participants": "United States; Guard",
            "status": "Reported",
            "source": "cgr:frontier-weekly",
            "quote": quote,
        }
        for quote in ("Officials of the United States said", "the Guard trained with them in 2022")
    ]
    path = tmp_path / "two.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    ingest(open_graph(data=curation_data), curation_data, path)
    found = open_graph(data=curation_data).select(
        "SELECT ?ev ?quote WHERE { cgr:cooperation-us-guard cg:evidence ?ev . ?ev cg:quote ?quote } ORDER BY ?ev"
    )
    assert [r["ev"].rsplit("/", 1)[-1] for r in found] == ["cooperation-us-guard-ev1", "cooperation-us-guard-ev2"]


def test_a_row_restating_an_existing_claim_adds_nothing(curation_data, tmp_path):
    path = tmp_path / "restated.csv"
    path.write_text(
        "class,participants,status,source,quote\n"
        "Membership,member=Pedro Pérez; memberOrganization=Cartel X,Reported,cgr:src,"
        "Pedro Pérez is a member of Cartel X.\n",
        encoding="utf-8",
    )
    result = ingest(open_graph(data=curation_data), curation_data, path)
    assert result.added == [] and result.present == ["row 2"]


@pytest.mark.parametrize(
    ("name", "content"),
    [("header-only.csv", "class,participants,status,source,quote\n\n"), ("empty-list.json", "[]\n")],
)
def test_a_file_with_no_records_says_so_and_writes_nothing(curation_data, tmp_path, cg, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    state = folder_hash(curation_data)
    result = cg("ingest", str(path), data=curation_data)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "nothing to add: the file holds no records\n"
    assert folder_hash(curation_data) == state


def test_format_reads_a_file_whatever_its_name(curation_data, tmp_path, cg):
    """Excel saves tab-separated text as .txt: refused by its name, read with --format tsv."""
    rows = list(csv.reader((CURATION / "good.csv").open(encoding="utf-8", newline="")))
    path = tmp_path / "claims.txt"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, delimiter="\t", lineterminator="\n").writerows(rows)
    assert cg("ingest", str(path), data=curation_data).exit_code == 2
    result = cg("ingest", str(path), "--format", "tsv", data=curation_data)
    assert result.exit_code == 0, result.output
    assert "added 3 new node(s)" in result.stderr
    assert (curation_data / "graph" / "ingested" / "claims.ttl").is_file()


def test_max_rows_is_a_limit_the_user_can_raise(curation_data, cg):
    state = folder_hash(curation_data)
    refused = cg("ingest", str(CURATION / "good.csv"), "--max-rows", "2", data=curation_data)
    assert refused.exit_code == 2 and "more than 2 records" in refused.stderr
    assert folder_hash(curation_data) == state
    result = cg("ingest", str(CURATION / "good.csv"), "--max-rows", "3", data=curation_data)
    assert result.exit_code == 0 and "added 3 new node(s)" in result.stderr


def _start(data, *args, cache, tmp, **env):
    """A real `cartelgraph` process with its own cache and temporary folders."""
    env = dict(os.environ, CARTELGRAPH_CACHE=str(cache), TMPDIR=str(tmp), **env)
    return subprocess.Popen(
        [sys.executable, "-c", "from cartelgraph.cli import main; main()", "--data", str(data), *args],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(process, text):
    line = process.stderr.readline()
    while line and text not in line:
        line = process.stderr.readline()
    assert text in line
    return line


def _left_behind(cache, tmp, data) -> list[str]:
    """Everything a finished run should not leave: scratch in the cache, the temporary folder, or
    beside graph/. What may stay: the stores, their digests and the lock file."""
    kept = ("store-", "digests.json", "scratch.lock")
    found = [
        str(p.relative_to(cache))
        for p in cache.glob("*/*")
        if not p.name.startswith(kept) or p.name.startswith("store-tmp")
    ]
    found += [str(p) for p in tmp.iterdir()]
    found += [p.name for p in data.iterdir() if p.name not in ("graph", "ontology")]
    return sorted(found)


def test_a_killed_write_leaves_graph_intact(curation_data, tmp_path):
    """The process is stopped (SIGKILL) after its temporary file is written, before the rename."""
    cache, tmp = tmp_path / "cache", tmp_path / "tmp"
    tmp.mkdir()
    state = folder_hash(curation_data / "graph")
    process = _start(
        curation_data, "ingest", str(CURATION / "good.csv"), cache=cache, tmp=tmp, CARTELGRAPH_PAUSE_BEFORE_RENAME="60"
    )
    try:
        _wait_for(process, "paused before rename")
        staged = list((curation_data / ".cartelgraph-tmp").glob("*.tmp"))
        assert staged and staged[0].stat().st_size > 0  # the new content was being written
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert folder_hash(curation_data / "graph") == state
    # the next ingest is not disturbed by what the killed one left outside graph/, and removes it
    again = _start(curation_data, "ingest", str(CURATION / "good.csv"), cache=cache, tmp=tmp)
    assert again.wait() == 0, again.stderr.read()
    assert "added 3 new node(s)" in again.stderr.read()
    assert _left_behind(cache, tmp, curation_data) == []


def test_a_killed_check_is_removed_by_the_next_run(curation_data, tmp_path):
    """Killed while validating the graph with its records: the copy of the data and its store
    stay in the cache until the next run, which removes them and leaves nothing else."""
    cache, tmp = tmp_path / "cache", tmp_path / "tmp"
    tmp.mkdir()
    state = folder_hash(curation_data / "graph")
    process = _start(
        curation_data, "ingest", str(CURATION / "good.csv"), cache=cache, tmp=tmp, CARTELGRAPH_PAUSE_IN_CHECK="60"
    )
    try:
        line = _wait_for(process, "paused in check: ")
        check = Path(line.split("paused in check: ", 1)[1].strip())
        assert check.parent.parent == cache
        assert (check / "data" / "graph" / "ingested" / "good.ttl").is_file()
        assert (check / "store" / "COMPLETE").is_file()
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert check.is_dir()  # what the killed run left
    assert folder_hash(curation_data / "graph") == state
    again = _start(curation_data, "ingest", str(CURATION / "good.csv"), cache=cache, tmp=tmp)
    assert again.wait() == 0, again.stderr.read()
    assert not check.exists()
    assert _left_behind(cache, tmp, curation_data) == []


def test_a_killed_store_build_is_removed_by_the_next_run(curation_data, tmp_path):
    """Killed while building the store: a graph file that is a named pipe holds the build at a
    known point (the way a slow disk would), with its temporary store made."""
    cache, tmp = tmp_path / "cache", tmp_path / "tmp"
    tmp.mkdir()
    pipe = curation_data / "graph" / "zz-slow.ttl"
    os.mkfifo(pipe)
    process = _start(curation_data, "ingest", str(CURATION / "good.csv"), cache=cache, tmp=tmp)
    try:
        with open(pipe, "wb"):
            pass  # the fingerprint reads the pipe to its end: an empty file
        deadline = time.monotonic() + 60
        while not list(cache.glob("*/store-tmp-*")) and time.monotonic() < deadline:
            time.sleep(0.01)  # the build then waits to read the pipe again
        building = list(cache.glob("*/store-tmp-*"))
        assert len(building) == 1 and process.poll() is None
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert building[0].is_dir()  # what the killed build left
    pipe.unlink()
    again = _start(curation_data, "ingest", str(CURATION / "good.csv"), cache=cache, tmp=tmp)
    assert again.wait() == 0, again.stderr.read()
    assert not building[0].exists()
    assert _left_behind(cache, tmp, curation_data) == []


def test_a_running_check_is_left_alone_by_another_ingest(curation_data, tmp_path):
    """Only what a dead process left is removed: an ingest running beside another one does not
    take away the other's copy of the data."""
    cache, tmp = tmp_path / "cache", tmp_path / "tmp"
    tmp.mkdir()
    first = _start(
        curation_data, "ingest", str(CURATION / "good.csv"), cache=cache, tmp=tmp, CARTELGRAPH_PAUSE_IN_CHECK="60"
    )
    try:
        line = _wait_for(first, "paused in check: ")
        check = Path(line.split("paused in check: ", 1)[1].strip())
        second = _start(
            curation_data, "ingest", str(CURATION / "new-entity.json"), "--create-entities", cache=cache, tmp=tmp
        )
        assert second.wait() == 0, second.stderr.read()
        assert check.is_dir() and (check / "store" / "COMPLETE").is_file()
        assert first.poll() is None
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()


def _run_on_terminal(args, env) -> tuple[int, str]:
    """Run ``args`` with stderr on a pseudo-terminal; return its exit code and what it wrote there."""
    import pty

    main, terminal = pty.openpty()
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=terminal)
    os.close(terminal)
    written = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closed: the process has ended
            break
        if not chunk:
            break
        written += chunk
    os.close(main)
    return process.wait(), written.decode("utf-8", "replace")


def test_a_long_ingest_shows_its_stage_on_a_terminal_only(curation_data, tmp_path):
    """Each stage of a run longer than a second is told on stderr when it is a terminal (here the
    check is held 2.5 seconds by its test hook), and the line is erased when the stage ends."""
    env = dict(os.environ, CARTELGRAPH_PAUSE_IN_CHECK="2.5")
    other = tmp_path / "other"
    shutil.copytree(curation_data, other)
    command = [sys.executable, "-c", "from cartelgraph.cli import main; main()", "ingest", str(CURATION / "good.csv")]
    code, written = _run_on_terminal([*command, "--into", "terminal"], dict(env, CARTELGRAPH_DATA=str(curation_data)))
    assert code == 0, written
    assert "ingest: validating the graph with 20 new triples… 2 s" in written
    assert "\r" + " " * 40 in written  # erased
    assert written.rstrip().endswith(
        "added 3 new node(s), 20 triple(s) to graph/ingested/terminal.ttl; 0 record(s) already in the graph"
    )
    # on a pipe, a stage longer than the one second after which a terminal shows it (1.2 s)
    piped = subprocess.run(
        [*command, "--into", "piped"],
        capture_output=True,
        text=True,
        env=dict(env, CARTELGRAPH_DATA=str(other), CARTELGRAPH_PAUSE_IN_CHECK="1.2"),
    )
    assert piped.returncode == 0, piped.stderr
    lines = piped.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith("paused in check: ")  # the test hook's own line
    assert lines[1] == "added 3 new node(s), 20 triple(s) to graph/ingested/piped.ttl; 0 record(s) already in the graph"
