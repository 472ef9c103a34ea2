"""KnowledgeGraph.select and .run on the embedded store: plain values, one worker per task,
errors and time limits that reach the caller as themselves."""

import os

import pytest

from cartelgraph.errors import QuerySyntaxError, QueryTimeoutError, UnknownNameError

LABELS = "SELECT ?entity ?label WHERE { ?entity a cg:Cartel ; rdfs:label ?label } ORDER BY ?entity"


def test_select_gives_the_same_plain_values_as_query_records(repo_graph):
    rows = repo_graph.select(LABELS)
    assert rows and rows == repo_graph.query(LABELS).records()
    assert all(isinstance(row["entity"], str) and isinstance(row["label"], str) for row in rows)


def test_select_keeps_numbers_booleans_and_unbound_values(repo_graph):
    (row,) = repo_graph.select("SELECT ?n ?x ?flag ?none WHERE { BIND(3 AS ?n) BIND(2.5 AS ?x) BIND(true AS ?flag) }")
    assert row == {"n": 3, "x": 2.5, "flag": True, "none": None}


def _pids_and_labels(graph):
    first = graph.select("SELECT (COUNT(*) AS ?n) WHERE { ?s a cg:Cartel }")[0]["n"]
    return os.getpid(), first, len(graph.select(LABELS))


def test_run_makes_every_query_of_a_task_in_one_worker(repo_graph):
    pid, cartels, labelled = repo_graph.run(_pids_and_labels)
    assert pid != os.getpid()  # the task ran in a worker process
    assert cartels == labelled == len(repo_graph.select(LABELS)) > 0


def _unknown(graph, name):
    graph.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    raise UnknownNameError(f"no entity named {name!r}")


def _malformed(graph):
    return graph.select("SELECT ?x WHERE { ?x a }")


def _slow(graph):
    return graph.select("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=None)


def test_run_passes_our_errors_through_with_their_type(repo_graph):
    with pytest.raises(UnknownNameError, match="no entity named 'Nadie'"):
        repo_graph.run(_unknown, "Nadie")
    with pytest.raises(QuerySyntaxError, match="line 1"):
        repo_graph.run(_malformed)


def test_run_stops_the_whole_task_at_its_time_limit(repo_graph):
    with pytest.raises(QueryTimeoutError):
        repo_graph.run(_slow, timeout=0.5)
