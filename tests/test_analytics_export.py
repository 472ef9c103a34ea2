"""Exports read back by the tools that consume them, and scores saved as RDF queried with SPARQL."""

import csv
import io
import json

import networkx as nx
import pytest

from cartelgraph.analytics import export
from cartelgraph.analytics.scores import save, to_turtle
from cartelgraph.errors import OutputError, UsageError
from cartelgraph.output import escape_cell
from cartelgraph.projection import Filters, project, weighted

CGR = "https://w3id.org/cartelgraph/id/"


def _same_graph(original, read_back):
    ready = export.portable(original)
    assert set(read_back.nodes) == set(ready.nodes)
    for node, attrs in ready.nodes(data=True):
        assert read_back.nodes[node] == attrs
    if original.is_multigraph():
        assert sorted(read_back.edges(keys=True)) == sorted(ready.edges(keys=True))
        for source, target, key, attrs in ready.edges(keys=True, data=True):
            assert read_back.edges[source, target, key] == attrs
    else:
        assert {frozenset(e) for e in read_back.edges} == {frozenset(e) for e in ready.edges}
        for source, target, attrs in ready.edges(data=True):
            assert read_back.edges[source, target] == attrs


@pytest.mark.parametrize("view", ["claims", "weighted"])
def test_graphml_reads_back_with_the_same_nodes_edges_and_attributes(network_graph, view):
    multigraph = project(network_graph)
    G = multigraph if view == "claims" else weighted(multigraph)
    read_back = nx.read_graphml(io.BytesIO(export.graphml(G)), force_multigraph=G.is_multigraph())
    _same_graph(G, read_back)


def test_graphml_of_the_real_graph(repo_graph):
    multigraph = project(repo_graph)
    read_back = nx.read_graphml(io.BytesIO(export.graphml(multigraph)), force_multigraph=True)
    _same_graph(multigraph, read_back)


def test_gephi_attributes_have_no_none_or_sets(network_graph):
    ready = export.portable(project(network_graph))
    values = [v for _, attrs in ready.nodes(data=True) for v in attrs.values()]
    values += [v for _, _, attrs in ready.edges(data=True) for v in attrs.values()]
    assert all(isinstance(v, str | int | float | bool) for v in values)
    edge = ready.get_edge_data(CGR + "felipe", CGR + "cartel-a")  # member -> organization
    (attrs,) = edge.values()
    assert attrs["date"] == "" and attrs["status"] == "Alleged" and attrs["label"] == "member of"


def test_gexf_reads_back(network_graph):
    multigraph = project(network_graph)
    read_back = nx.read_gexf(io.BytesIO(export.gexf(multigraph)))
    assert set(read_back.nodes) == set(multigraph.nodes)
    assert read_back.number_of_edges() == multigraph.number_of_edges()
    assert read_back.nodes[CGR + "oscar"]["label"] == "Oscar Ortiz"
    assert read_back.nodes[CGR + "oscar"]["class"] == "Official"


def test_csv_cells_are_escaped_against_formulas(tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("https://x/1", label='=HYPERLINK("http://evil")', cls="https://w3id.org/cartelgraph/ontology#Person")
    G.add_node("https://x/2", label="@SUM(A1)", cls="https://w3id.org/cartelgraph/ontology#Person")
    G.add_node("https://x/3", label="-2+3", cls="https://w3id.org/cartelgraph/ontology#Person")
    G.add_edge(
        "https://x/1",
        "https://x/2",
        key="k",
        relation="r",
        relation_label="+cmd|' /C calc'!A0",
        claim="c",
        claim_class=None,
        date=None,
        start_date=None,
        end_date=None,
        status=None,
        symmetric=False,
    )
    nodes, edges = export.write_csv(G, tmp_path / "out")
    labels = [row["Label"] for row in csv.DictReader(nodes.open(encoding="utf-8"))]
    assert labels == ['\'=HYPERLINK("http://evil")', "'@SUM(A1)", "'-2+3"]
    (edge,) = csv.DictReader(edges.open(encoding="utf-8"))
    assert edge["relation_label"] == "'+cmd|' /C calc'!A0" and edge["status"] == "" and edge["Type"] == "Directed"
    assert escape_cell(-1) == -1 and escape_cell("Cartel A") == "Cartel A"
    assert escape_cell("\tx") == "'\tx"


def test_rdf_of_a_filtered_projection_does_not_leak_left_out_claims(network_graph):
    import pyoxigraph as ox

    multigraph = project(network_graph, Filters.of(exclude_statuses=["Alleged"]))
    store = ox.Store()
    store.load(export.rdf(network_graph, multigraph, "ttl"), format=ox.RdfFormat.TURTLE)
    cg = "https://w3id.org/cartelgraph/ontology#"
    claims = {r["c"].value for r in store.query(f"SELECT ?c WHERE {{ ?c a <{cg}Claim> }}")}
    assert CGR + "c-oscar-2020" in claims and CGR + "c-oscar-2018" not in claims and CGR + "m-felipe" not in claims
    assert not bool(store.query(f"ASK {{ <{CGR}felipe> <{cg}memberOf> ?x }}"))
    assert bool(store.query(f"ASK {{ <{CGR}oscar> <{cg}colludedWith> <{CGR}felipe> }}"))
    # every kept claim keeps its evidence: quote and source
    assert bool(store.query(f"ASK {{ <{CGR}c-oscar-2020> <{cg}quote> ?q ; <{cg}source> ?s . ?s <{cg}textFile> ?f }}"))
    for fmt, parse in (("nt", ox.RdfFormat.N_TRIPLES), ("jsonld", ox.RdfFormat.JSON_LD)):
        assert len(list(ox.parse(export.rdf(network_graph, multigraph, fmt), format=parse))) == len(store)


def test_saved_scores_rank_in_sparql(network_graph, network_data, tmp_path):
    import pyoxigraph as ox

    from cartelgraph.analytics import network, pagerank, ranking
    from cartelgraph.data import input_files

    G = network(network_graph)
    scores = pagerank(G)
    path = save(tmp_path / "pagerank.ttl", scores, "pagerank", data_dir=network_data)
    store = ox.Store()
    for file in [*input_files(network_data), path]:
        store.load(path=str(file), format=ox.RdfFormat.TURTLE)
    rows = store.query("""
        PREFIX cg: <https://w3id.org/cartelgraph/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?entity ?label ?value ?rank WHERE {
          ?score cg:metric "pagerank" ; cg:scoreOf ?entity ; cg:scoreValue ?value ; cg:rank ?rank .
          ?entity rdfs:label ?label
        } ORDER BY DESC(?value) ?label""")
    rows = [(r["entity"].value, float(r["value"].value), int(r["rank"].value)) for r in rows]
    assert [(r["iri"], r["rank"]) for r in ranking(G, scores)] == [(e, rank) for e, _, rank in rows]
    assert all(scores[e] == value for e, value, _ in rows)


def test_scores_stay_out_of_the_curated_folder(network_data, tmp_path):
    with pytest.raises(UsageError, match="graph/"):
        save(network_data / "graph" / "scores.ttl", {CGR + "x": 1.0}, "pagerank", data_dir=network_data)
    with pytest.raises(UsageError, match=".ttl"):
        save(tmp_path / "scores.csv", {CGR + "x": 1.0}, "pagerank")
    assert not (network_data / "graph" / "scores.ttl").exists()


def test_score_turtle_is_valid_and_typed():
    import pyoxigraph as ox

    triples = list(
        ox.parse(to_turtle({CGR + "a": 2.0, CGR + "b": 1.0}, "kcore", "as of 2020"), format=ox.RdfFormat.TURTLE)
    )
    values = {t.object.value for t in triples if t.predicate.value.endswith("#scoreValue")}
    assert values == {"2.0", "1.0"}
    assert any(t.object.value == "as of 2020" for t in triples)


def test_json_payload_is_plain(network_graph):
    from cartelgraph.analytics import broker_table, network

    json.dumps(broker_table(network(network_graph)))


@pytest.mark.parametrize("old_nodes", ["old nodes\n", None])
def test_csv_export_writes_both_files_or_neither(tmp_path, network_graph, old_nodes):
    """edges.csv cannot be written (a folder is in its way): nodes.csv is put back as it was,
    or removed when there was none."""
    out = tmp_path / "out"
    (out / "edges.csv").mkdir(parents=True)
    if old_nodes is not None:
        (out / "nodes.csv").write_text(old_nodes)
    with pytest.raises(OutputError, match="edges.csv"):
        export.write_csv(project(network_graph), out)
    assert sorted(p.name for p in out.iterdir()) == (["edges.csv", "nodes.csv"] if old_nodes else ["edges.csv"])
    if old_nodes:
        assert (out / "nodes.csv").read_text() == old_nodes


def test_a_failed_csv_export_removes_the_folder_it_made(tmp_path, network_graph, monkeypatch):
    original = export.atomic_write

    def disk_full_on_edges(path, data):
        if path.name == "edges.csv":
            raise OutputError(f"cannot write {path}: No space left on device")
        original(path, data)

    monkeypatch.setattr(export, "atomic_write", disk_full_on_edges)
    with pytest.raises(OutputError, match="No space left"):
        export.write_csv(project(network_graph), tmp_path / "new")
    assert not (tmp_path / "new").exists()
