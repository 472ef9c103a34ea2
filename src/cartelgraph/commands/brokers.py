"""cartelgraph brokers: the entities and links that hold the network together."""

import click

from cartelgraph.commands._analytics import filter_options, save_option
from cartelgraph.commands._output import emit, output_options


@click.command()
@click.option(
    "--bridges", "show_bridges", is_flag=True, help="List the bridges (links whose removal splits the network)."
)
@filter_options
@output_options("table", "csv", "json")
@save_option
@click.pass_obj
def command(session, show_bridges, fmt, output, save, **filter_args):
    """Find brokers: entities whose removal splits the network (articulation points).

    separated_pairs counts the pairs of a criminal organization and an official or agency that
    are connected now and would have no path left without the entity; pieces counts the parts
    its own piece of the network would fall into. --save writes separated_pairs as scores.
    """
    from cartelgraph.analytics.brokers import bridge_table, broker_table, separators
    from cartelgraph.commands import _analytics as shared

    filters = shared.build_filters(session.graph, **filter_args)
    G = shared.open_network(session, filters)
    if save:  # first: a --save that cannot be written must leave nothing on stdout either
        shared.save(session, save, {n: float(v) for n, v in separators(G).items()}, "separated-pairs", filters)
    if show_bridges:
        rows = bridge_table(G)
        columns = ["source_label", "target_label", "relations", "claims", "source", "target"]
        emit(
            fmt,
            output,
            data={"kind": "bridges", "results": rows},
            rows=rows,
            fields=columns,
            headers=["from", "to", "relations", "claims", "from iri", "to iri"],
        )
    else:
        rows = broker_table(G)
        columns = ["label", "class", "separated_pairs", "pieces", "links", "iri"]
        emit(
            fmt,
            output,
            data={"kind": "articulation points", "results": rows},
            rows=rows,
            fields=columns,
            headers=["label", "class", "separated pairs", "pieces", "links", "iri"],
        )
