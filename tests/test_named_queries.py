"""Every named query and every check runs against the real graph."""

import pytest

from cartelgraph import queries

NAMED = sorted(queries.load_all("queries"))
CHECKS = sorted(queries.load_all("checks"))


@pytest.mark.parametrize("name", NAMED)
def test_named_query_runs_on_the_real_graph(repo_graph, name):
    query = queries.get(name)
    assert query.summary, f"{name}.rq needs a '#+ summary:' header"
    result = repo_graph.query(query.text)
    assert result.form == "SELECT"
    assert len(result.rows) > 0, f"{name} returns nothing on the curated graph"


@pytest.mark.parametrize("name", CHECKS)
def test_check_is_clean_on_the_real_graph(repo_graph, name):
    check = queries.get(name, "checks")
    assert name.endswith("-violation")
    rows = repo_graph.select(check.text)
    assert rows == [], f"{name}: {rows[:3]}"


def test_named_query_parameter_narrows_the_answer(repo_graph):
    import pyoxigraph as ox

    text = queries.get("entity-claims").text
    everything = repo_graph.select(text)
    one = repo_graph.select(text, {"entity": ox.NamedNode("https://w3id.org/cartelgraph/id/ovidio-guzman")})
    assert 0 < len(one) < len(everything)
    assert {row["entity"] for row in one} == {"https://w3id.org/cartelgraph/id/ovidio-guzman"}
