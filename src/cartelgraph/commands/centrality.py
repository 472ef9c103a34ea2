"""cartelgraph centrality: rank the entities of the network by one measure."""

import click

from cartelgraph.commands._analytics import backend_option, filter_options, save_option
from cartelgraph.commands._output import emit, output_options

MEASURES = ["pagerank", "degree", "betweenness", "closeness", "eigenvector", "kcore"]


@click.command()
@click.option("--measure", type=click.Choice(MEASURES), default="pagerank", show_default=True)
@click.option("--top", type=click.IntRange(min=0), default=15, show_default=True, help="How many to show (0: all).")
@click.option(
    "-k",
    "--samples",
    type=click.IntRange(min=1),
    help="Betweenness: estimate from this many sampled source nodes (for large graphs).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Betweenness: the seed of the sample.")
@click.option(
    "--engine",
    type=click.Choice(["auto", "networkx", "networkit"]),
    default="auto",
    show_default=True,
    help="Betweenness: networkit is much faster on large graphs (pip install 'cartelgraph[bench]').",
)
@backend_option
@filter_options
@output_options("table", "csv", "json")
@save_option
@click.pass_obj
def command(session, measure, top, samples, seed, engine, backend, fmt, output, save, **filter_args):
    """Rank entities by a centrality measure of the claim network.

    Edges join entities that share a claim; PageRank and eigenvector read the number of claims
    as a strength, betweenness and closeness read 1/claims as a distance.

    \b
    Examples:
      cartelgraph centrality --measure betweenness --top 10
      cartelgraph centrality --type Official --exclude-status Alleged
      cartelgraph centrality --administration amlo --format csv -o amlo.csv
    """
    from cartelgraph.analytics.centrality import centrality
    from cartelgraph.analytics.ranking import ranking
    from cartelgraph.commands import _analytics as shared

    filters = shared.build_filters(session.graph, **filter_args)
    G = shared.open_network(session, filters)
    options = {"backend": backend}
    if measure == "betweenness":
        options.update(k=samples, seed=seed if samples else None, engine=engine)
    scores = centrality(G, measure, **options)
    rows = ranking(G, scores, top=top or None, column=measure)
    columns = ["rank", "label", "class", measure, "iri"]
    if save:  # first: a --save that cannot be written must leave nothing on stdout either
        extra = {"k": samples, "seed": seed if samples else None}
        shared.save(session, save, scores, measure, filters, **extra)
    emit(fmt, output, data={"measure": measure, "results": rows}, rows=rows, fields=columns)
