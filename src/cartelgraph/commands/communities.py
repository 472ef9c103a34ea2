"""cartelgraph communities: groups of entities more tied to each other than to the rest."""

import click

from cartelgraph.commands._analytics import backend_option, filter_options, save_option
from cartelgraph.commands._output import emit, output_options


@click.command()
@click.option("--method", type=click.Choice(["louvain", "label-propagation"]), default="louvain", show_default=True)
@click.option("--seed", type=int, default=0, show_default=True, help="Fixes the random order: same seed, same answer.")
@click.option(
    "--resolution",
    type=click.FloatRange(min=0, min_open=True),
    default=1.0,
    show_default=True,
    help="Louvain: above 1 gives smaller communities, below 1 larger ones.",
)
@click.option(
    "--members",
    "member_count",
    type=click.IntRange(min=1),
    default=8,
    show_default=True,
    help="Table: how many members to list per community (most linked first).",
)
@backend_option
@filter_options
@output_options("table", "csv", "json")
@save_option
@click.pass_obj
def command(session, method, seed, resolution, member_count, backend, fmt, output, save, **filter_args):
    """Find communities in the claim network (Louvain or label propagation).

    The table lists each community with its size and best-linked members; csv gives one row per
    entity (community, iri, label, class); json gives each community with all its members.
    """
    from cartelgraph.analytics.communities import communities, community_table, membership_table, modularity
    from cartelgraph.commands import _analytics as shared

    filters = shared.build_filters(session.graph, **filter_args)
    G = shared.open_network(session, filters)
    options = {"seed": seed, "backend": backend}
    if method == "louvain":
        options["resolution"] = resolution
    membership = communities(G, method, **options)
    score = modularity(G, membership)
    click.echo(f"{len(set(membership.values()))} communities, modularity {score:.3f}", err=True)
    groups = community_table(G, membership)
    if save:  # first: a --save that cannot be written must leave nothing on stdout either
        shared.save(session, save, {n: float(c) for n, c in membership.items()}, method, filters, seed=seed)
    payload = {"method": method, "seed": seed, "modularity": score}
    if fmt == "csv":
        rows = membership_table(G, membership)
        emit(fmt, output, data=None, rows=rows, fields=["community", "iri", "label", "class"])
    elif fmt == "json":
        emit(fmt, output, data={**payload, "results": groups}, rows=groups, fields=[])
    else:
        rows = [
            {
                "community": g["community"],
                "size": g["size"],
                "members": "; ".join(m["label"] for m in g["members"][:member_count])
                + ("; …" if g["size"] > member_count else ""),
            }
            for g in groups
        ]
        emit(fmt, output, data=None, rows=rows, fields=["community", "size", "members"])
