"""Named queries rewritten for speed still say only what the graph says."""

from cartelgraph import queries


def test_arrests_name_only_agents_of_the_claim(repo_graph):
    rows = repo_graph.select(queries.get("arrests-and-extraditions").text)
    assert rows
    pairs = {(row["claim"], row["by"]) for row in rows if row["by"] is not None}
    participants = {(row["c"], row["p"]) for row in repo_graph.select("SELECT ?c ?p WHERE { ?c cg:participant ?p }")}
    assert pairs <= participants, sorted(pairs - participants)[:3]
    keys = [tuple(sorted(row.items(), key=lambda item: item[0])) for row in rows]
    assert len(keys) == len(set(keys))  # no row twice


def test_figure_series_repeats_no_row(repo_graph):
    rows = repo_graph.select(queries.get("figure-series").text)
    keys = [tuple(sorted((k, str(v)) for k, v in row.items())) for row in rows]
    assert rows and len(keys) == len(set(keys))
