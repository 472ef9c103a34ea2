"""cartelgraph export: the network for Gephi, spreadsheets or other RDF tools."""

import click

from cartelgraph.commands._analytics import filter_options
from cartelgraph.commands._types import OutputPath
from cartelgraph.errors import UsageError

FORMATS = ["graphml", "gexf", "csv", "jsonld", "nt", "ttl"]
EXTENSIONS = {".graphml": "graphml", ".gexf": "gexf", ".jsonld": "jsonld", ".nt": "nt", ".ttl": "ttl"}


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Output format (default: from -o's extension).")
@click.option("-o", "--output", type=OutputPath(), help="FILE to write (csv: a FOLDER for nodes.csv and edges.csv).")
@click.option("--view", type=click.Choice(["claims", "weighted"]), default="claims", show_default=True,
              help="claims: one directed edge per claim with its relation, date and status; weighted: one "
                   "undirected edge per pair with weight (claims) and distance (1/weight).")
@click.option("--all", "everything", is_flag=True, help="RDF formats: the whole graph (ontology included) "
              "instead of the projected entities, claims, evidence and sources.")
@filter_options
@click.pass_obj
def command(session, fmt, output, view, everything, **filter_args):
    """Export the network: GraphML/GEXF (Gephi), node and edge CSVs, or RDF (jsonld, nt, ttl).

    \b
    Examples:
      cartelgraph export -o network.graphml
      cartelgraph export --format csv -o network/ --exclude-status Alleged
      cartelgraph export --format ttl -o convicted.ttl --status Convicted
    """
    from pathlib import Path

    from cartelgraph.analytics import export
    from cartelgraph.analytics.network import check_filters
    from cartelgraph.commands import _analytics as shared
    from cartelgraph.output import write_output
    from cartelgraph.projection import project, weighted

    if fmt is None:
        fmt = EXTENSIONS.get(Path(output).suffix.lower()) if output else None
        if fmt is None:
            raise UsageError("give --format (graphml, gexf, csv, jsonld, nt, ttl) or an -o file with that extension")
    if fmt == "csv" and not output:
        raise UsageError("--format csv writes nodes.csv and edges.csv: give -o FOLDER")
    if everything and fmt not in export.RDF_FORMATS:
        raise UsageError("--all applies to the RDF formats (jsonld, nt, ttl)")
    filters = shared.build_filters(**filter_args)
    check_filters(session.graph, filters)
    from cartelgraph.analytics.running import working

    with working("projecting the claims"):
        multigraph = project(session.graph, filters)
        G = multigraph if view == "claims" else weighted(multigraph)
    with working(f"exporting {fmt}"):  # a spinner on a terminal when it takes over a second
        if fmt == "csv":
            nodes, edges = export.write_csv(G, output)
        elif fmt in export.RDF_FORMATS:
            data = export.rdf(session.graph, None if everything else multigraph, fmt)
        else:
            data = export.graphml(G) if fmt == "graphml" else export.gexf(G)
    if fmt == "csv":
        click.echo(f"wrote {nodes} ({len(G)} entities) and {edges} ({G.number_of_edges()} edges)", err=True)
        return
    write_output(data, output)
    if output:
        click.echo(f"wrote {output} ({len(G)} entities, {G.number_of_edges()} edges)", err=True)
