"""cartelgraph export: the network for Gephi, spreadsheets or other RDF tools."""

import click

from cartelgraph.commands._analytics import filter_options
from cartelgraph.commands._output import output_options
from cartelgraph.errors import UsageError

FORMATS = ["graphml", "gexf", "csv", "jsonld", "nt", "ttl", "ftm"]


@click.command()
@output_options(
    *FORMATS,
    default=None,
    folder=True,
    guess=[f for f in FORMATS if f != "csv"],  # csv: a folder
    output_help="FILE to write (csv: a FOLDER for nodes.csv and edges.csv).",
)
@click.option(
    "--view",
    type=click.Choice(["claims", "weighted"]),
    default="claims",
    show_default=True,
    help="claims: one directed edge per claim with its relation, date and status; weighted: one "
    "undirected edge per pair with weight (claims) and distance (1/weight).",
)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="RDF formats: the whole graph (ontology included) "
    "instead of the projected entities, claims, evidence and sources.",
)
@filter_options
@click.pass_obj
def command(session, fmt, output, view, everything, **filter_args):
    """Export the network: GraphML/GEXF (Gephi), node and edge CSVs, RDF (jsonld, nt, ttl), or
    FollowTheMoney entities for Aleph (ftm: every entity, every claim with its status, quotes
    and sources; see docs/ftm.md).

    \b
    Examples:
      cartelgraph export -o network.graphml
      cartelgraph export --format csv -o network/ --exclude-status Alleged
      cartelgraph export --format ttl -o convicted.ttl --status Convicted
      cartelgraph export --format ftm -o entities.ftm.json
    """
    from cartelgraph.analytics import export
    from cartelgraph.analytics.network import check_filters
    from cartelgraph.commands import _analytics as shared
    from cartelgraph.output import write_output
    from cartelgraph.projection import project, weighted

    if fmt is None:
        raise UsageError(
            "give --format (graphml, gexf, csv, jsonld, nt, ttl, ftm) or an -o file with that "
            "extension (.ftm.json for ftm)"
        )
    if fmt == "ftm":
        options = {param.name: param.opts[0] for param in click.get_current_context().command.params}
        refused = [options[name] for name, value in filter_args.items() if value and name != "include_commentary"]
        refused += [option for option, given in (("--all", everything), ("--view", view != "claims")) if given]
        _export_ftm(session, output, refused, filter_args.get("include_commentary", False))
        return
    if fmt == "csv" and not output:
        raise UsageError("--format csv writes nodes.csv and edges.csv: give -o FOLDER")
    if everything and fmt not in export.RDF_FORMATS:
        raise UsageError("--all applies to the RDF formats (jsonld, nt, ttl)")
    filters = shared.build_filters(session.graph, **filter_args)
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


def _export_ftm(session, output, refused: list[str], include_commentary: bool):
    """The curated graph as FollowTheMoney entities: the whole graph, so of the options only
    --include-commentary applies (``refused`` names the others given)."""
    from cartelgraph.ftm import check_installed

    check_installed()
    from cartelgraph.ftm.curated import read_curated
    from cartelgraph.ftm.export import export_ftm, to_lines
    from cartelgraph.output import write_output

    if refused:
        raise UsageError(
            f"{refused[0]}: --format ftm exports every entity and claim (of the filters it takes "
            "only --include-commentary)"
        )
    data_dir = None if session.endpoint else session.data_dir()  # source texts, when they are here
    proxies = export_ftm(read_curated(session.graph), data_dir, include_commentary=include_commentary)
    write_output(to_lines(proxies), output)
    if output:
        claims = sum(1 for proxy in proxies if proxy.has("recordId", quiet=True))
        click.echo(f"wrote {output} ({len(proxies)} FtM entities, {claims} of them claims)", err=True)
