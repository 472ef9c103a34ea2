"""The analytics commands: centrality, communities, brokers, export."""

import csv
import io
import json

import networkx as nx
import pytest

CGR = "https://w3id.org/cartelgraph/id/"


@pytest.fixture
def net(cg, network_data):
    def invoke(*args):
        return cg(*args, data=network_data)

    return invoke


def test_centrality_json_matches_the_library(net, network_graph):
    from cartelgraph.analytics import betweenness, network, ranking

    result = net("centrality", "--measure", "betweenness", "--format", "json", "--top", "3")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    G = network(network_graph)
    expected = ranking(G, betweenness(G), top=3, column="betweenness")
    assert payload["measure"] == "betweenness"
    assert [(r["iri"], r["rank"]) for r in payload["results"]] == [(r["iri"], r["rank"]) for r in expected]
    assert payload["results"][0]["betweenness"] == pytest.approx(9 / 28)
    assert "alleged included" in result.stderr


def test_centrality_table_and_filters(net):
    result = net("centrality", "--measure", "kcore", "--type", "Official,Agency")
    assert result.exit_code == 0, result.output
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in result.stdout.splitlines()
        if line.startswith("|")
    ]  # the rich table's rows (borders: +---+ and |---|)
    assert rows[0][:4] == ["rank", "label", "class", "kcore"]
    assert {row[1] for row in rows[1:]} == {"Guard", "Oscar Ortiz", "Paula Paz"}
    assert "cgr:oscar" in result.stdout


def test_centrality_csv_with_sampling(net):
    result = net("centrality", "--measure", "betweenness", "-k", "3", "--seed", "1", "--format", "csv", "--top", "0")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 9 and rows[0]["rank"] == "1"
    again = net("centrality", "--measure", "betweenness", "-k", "3", "--seed", "1", "--format", "csv", "--top", "0")
    assert again.stdout == result.stdout


@pytest.mark.parametrize(
    "args,message",
    [
        (["centrality", "--type", "Oficial"], "--type Oficial: no such class"),
        (["centrality", "--exclude-status", "Rumoured"], "--exclude-status Rumoured"),
        (["centrality", "--period", "2019"], "--period 2019: write START..END"),
        (["centrality", "--period", "2019..", "--administration", "amlo"], "not both"),
        (["centrality", "--backend", "nope"], "--backend nope: not installed"),
        (["export", "-o", "x.unknown"], "give --format"),
        (["export", "--format", "csv"], "give -o FOLDER"),
    ],
)
def test_bad_options_exit_2_with_one_line(net, args, message):
    result = net(*args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_exclude_alleged_and_administration(net):
    result = net("brokers", "--exclude-status", "Alleged", "--format", "json")
    assert result.exit_code == 0, result.output
    assert all(row["separated_pairs"] == 0 for row in json.loads(result.stdout)["results"])
    amlo = net("centrality", "--administration", "amlo", "--dated-only", "--format", "json", "--top", "0")
    assert {r["label"] for r in json.loads(amlo.stdout)["results"]} >= {"Oscar Ortiz", "Felipe Fuentes"}
    assert "4 links from 2 claims" in amlo.stderr  # the 2020 collusion, the three pairs of the cooperation


def test_communities(net):
    table = net("communities", "--seed", "3")
    assert table.exit_code == 0, table.output
    assert "modularity" in table.stderr and "Cartel B" in table.stdout
    rows = list(csv.DictReader(io.StringIO(net("communities", "--format", "csv").stdout)))
    community = {row["iri"]: row["community"] for row in rows}
    assert community[CGR + "zoe"] == community[CGR + "cartel-b"] != community[CGR + "guard"]
    groups = json.loads(net("communities", "--method", "label-propagation", "--format", "json").stdout)
    assert groups["method"] == "label-propagation" and sum(g["size"] for g in groups["results"]) == 9


def test_brokers_and_bridges(net):
    result = net("brokers", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["label"], r["separated_pairs"]) for r in rows] == [
        ("Felipe Fuentes", "3"),
        ("Oscar Ortiz", "2"),
        ("Cartel A", "0"),
    ]
    bridges = json.loads(net("brokers", "--bridges", "--format", "json").stdout)["results"]
    assert {"Cartel B", "Zoe Zamora"} in [{b["source_label"], b["target_label"]} for b in bridges]


def test_save_round_trip_through_sparql(net, network_data, tmp_path):
    import pyoxigraph as ox

    from cartelgraph.data import input_files

    path = tmp_path / "betweenness.ttl"
    result = net("centrality", "--measure", "betweenness", "--save", str(path), "--format", "json", "--top", "0")
    assert result.exit_code == 0, result.output
    store = ox.Store()
    for file in [*input_files(network_data), path]:
        store.load(path=str(file), format=ox.RdfFormat.TURTLE)
    (top,) = store.query("""
        PREFIX cg: <https://w3id.org/cartelgraph/ontology#>
        SELECT ?entity ?value WHERE {
          ?score cg:metric "betweenness" ; cg:scoreOf ?entity ; cg:scoreValue ?value ;
                 cg:scoreSet/cg:filterDescription ?filters .
          ?entity a cg:Official .
        } ORDER BY DESC(?value) LIMIT 1""")
    assert top["entity"].value == CGR + "oscar" and float(top["value"].value) == pytest.approx(8 / 28)
    inside = net("centrality", "--save", str(network_data / "graph" / "scores.ttl"))
    assert inside.exit_code == 2 and "graph/" in inside.stderr
    for command in (["communities"], ["brokers"]):
        saved = tmp_path / f"{command[0]}.ttl"
        assert net(*command, "--save", str(saved)).exit_code == 0
        assert len(list(ox.parse(path=str(saved), format=ox.RdfFormat.TURTLE))) > 5


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_gephi_formats(net, tmp_path, fmt):
    path = tmp_path / f"network.{fmt}"
    result = net("export", "-o", str(path))
    assert result.exit_code == 0, result.output
    read = nx.read_graphml(path, force_multigraph=True) if fmt == "graphml" else nx.read_gexf(path)
    assert len(read) == 9 and read.number_of_edges() == 9  # 4 memberships, 2 collusions, 3 cooperation pairs
    assert read.nodes[CGR + "felipe"]["label"] == "Felipe Fuentes"


def test_export_csv_and_weighted_view(net, tmp_path):
    result = net("export", "--format", "csv", "--view", "weighted", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    edges = list(csv.DictReader((tmp_path / "out" / "edges.csv").open(encoding="utf-8")))
    assert len(edges) == 8 and {e["Type"] for e in edges} == {"Undirected"}
    assert max(int(e["weight"]) for e in edges) == 2


@pytest.mark.parametrize("fmt,parser", [("ttl", "TURTLE"), ("nt", "N_TRIPLES"), ("jsonld", "JSON_LD")])
def test_export_rdf(net, fmt, parser):
    import pyoxigraph as ox

    result = net("export", "--format", fmt, "--status", "Accused")
    assert result.exit_code == 0, result.output
    triples = list(ox.parse(result.stdout_bytes, format=getattr(ox.RdfFormat, parser)))
    subjects = {t.subject.value for t in triples}
    assert CGR + "c-oscar-2020" in subjects and CGR + "m-xavier" not in subjects
    everything = net("export", "--format", fmt, "--all")
    assert len(list(ox.parse(everything.stdout_bytes, format=getattr(ox.RdfFormat, parser)))) > len(triples)


def test_commands_are_listed(net):
    listing = net("--help").stdout
    for name in ("centrality", "communities", "brokers", "export"):
        assert name in listing


def test_commentary_is_left_out_of_the_ranking_by_default(cg):
    """On the curated graph the report's author leads PageRank through its 'spoke about'
    statements when commentary counts; by default it does not, and the actors are ranked by
    their ties to each other."""

    def top(*options):
        result = cg("centrality", "--format", "json", "--top", "1", *options)
        assert result.exit_code == 0, result.output
        assert "commentary left out" in result.stderr or "--include-commentary" in options
        return json.loads(result.stdout)["results"][0]["iri"]

    default = top()
    assert default != CGR + "elementa-ddhh"
    assert top("--include-commentary") == CGR + "elementa-ddhh"
    with_statements = top("--include-commentary", "--exclude-relation", "spokeAbout,recommendedTo,denied")
    assert with_statements == default  # the same as naming every commentary relation
    assert top("--include-commentary", "--exclude-relation", "Statement,Recommendation,Denial") == default


@pytest.mark.parametrize(
    ("command", "name", "check"),
    [
        (["centrality", "--top", "3"], "ranks.csv", lambda text: text.startswith("rank,label,class,pagerank,iri\n")),
        (["brokers"], "brokers.json", lambda text: json.loads(text)["kind"] == "articulation points"),
        (["communities"], "groups.CSV", lambda text: text.startswith("community,iri,label,class\n")),
    ],
)
def test_the_format_is_guessed_from_the_output_file(net, tmp_path, command, name, check):
    out = tmp_path / name
    result = net(*command, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert check(out.read_text(encoding="utf-8")), out.read_text(encoding="utf-8")[:300]
