import pytest

from cartelgraph.dates import earliest, latest
from cartelgraph.projection import Filters, project, weighted

CGR = "https://w3id.org/cartelgraph/id/"


def test_tiny_graph_is_valid(tiny_data):
    from cartelgraph.validate import validate

    assert validate(tiny_data) == []


def test_projection_has_entity_nodes_and_one_edge_per_claim_pair(tiny_graph):
    multigraph = project(tiny_graph)
    assert set(multigraph) == {
        CGR + n
        for n in ["official-a", "official-b", "cartel-x", "person-p", "person-q", "country-m", "country-u", "agency-g"]
    }
    # c1, c2, c3, c4, c5 give one edge each; the three-party cooperation c6 gives three pairs.
    assert multigraph.number_of_edges() == 8
    edge = multigraph.get_edge_data(CGR + "official-a", CGR + "cartel-x")
    (attrs,) = edge.values()
    assert attrs["relation_label"] == "colluded with"
    assert attrs["claim"] == CGR + "c1" and attrs["date"] == "2019"
    assert attrs["status"].endswith("#Convicted")
    assert multigraph.nodes[CGR + "official-a"]["label"] == "Ana Álvarez"
    assert multigraph.nodes[CGR + "official-a"]["cls"].endswith("#Official")


def test_no_literal_or_class_becomes_a_node(tiny_graph):
    for node, attrs in project(tiny_graph).nodes(data=True):
        assert node.startswith(CGR) and attrs["label"]


@pytest.mark.parametrize(
    "filters,edges",
    [
        (Filters.of(exclude_statuses=["Alleged"]), 7),
        (Filters.of(statuses=["Convicted", "Confirmed"]), 3),
        (Filters.of(relations=["Collusion"]), 2),
        (Filters.of(relations=["colludedWith", "arrested"]), 3),
        (Filters.of(exclude_relations=["Collusion"]), 6),
        (Filters.of(exclude_relations=["colludedWith", "arrested"]), 5),
        (Filters.of(as_of="2020", include_undated=False), 2),  # c1 (2019) and c3 (2020) have happened
        (Filters.of(as_of="2019", include_undated=False), 1),
        (Filters.of(as_of="2019"), 2),  # + the undated membership c4
        (Filters.of(as_of="2024", include_undated=False), 4),  # c6 ended in 2023
        (Filters.of(as_of="2022-06", include_undated=False), 7),
        (Filters.of(period=("2020", "2021"), include_undated=False), 5),
    ],
)
def test_filters(tiny_graph, filters, edges):
    assert project(tiny_graph, filters).number_of_edges() == edges


def test_class_filter_keeps_subclasses(tiny_graph):
    persons = project(tiny_graph, Filters.of(classes=["Person"]))
    assert set(persons) == {CGR + n for n in ["official-a", "official-b", "person-p", "person-q"]}


def test_weighted_view_sets_weight_and_distance(tiny_graph):
    simple = weighted(project(tiny_graph))
    assert simple.number_of_edges() == 8
    assert simple[CGR + "person-p"][CGR + "cartel-x"] == {
        "weight": 1,
        "distance": 1.0,
        "claims": [CGR + "c4"],
        "relations": {"https://w3id.org/cartelgraph/ontology#memberOf"},
    }


@pytest.mark.parametrize(
    "date,first,last",
    [
        ("2019", "2019-01-01", "2019-12-31"),
        ("2019-02", "2019-02-01", "2019-02-31"),
        ("2019-02-03", "2019-02-03", "2019-02-03"),
    ],
)
def test_date_bounds(date, first, last):
    assert earliest(date) == first and latest(date) == last


def test_real_graph_projection_matches_claim_count(repo_graph):
    multigraph = project(repo_graph, Filters.of(include_commentary=True))
    pairs = repo_graph.select("""
        SELECT (COUNT(*) AS ?n) WHERE {
          ?link rdf:subject ?s ; rdf:predicate ?edge ; rdf:object ?t ; cg:supportedBy ?claim .
          ?edge cg:fromClaim ?cls ; cg:sourceRole ?sr ; cg:targetRole ?tr .
          ?claim a ?cls ; ?sr ?s ; ?tr ?t . ?s rdfs:label ?ls . ?t rdfs:label ?lt .
          FILTER(?sr != ?tr || STR(?s) < STR(?t))
        }""")[0]["n"]
    assert multigraph.number_of_edges() == pairs > 0
