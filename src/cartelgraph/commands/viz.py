"""cartelgraph viz: the interactive network page, one offline HTML file."""

import click

from cartelgraph.commands._analytics import filter_options
from cartelgraph.commands._types import OutputPath
from cartelgraph.viz.bridge import SIZE_MEASURES

MEASURES = list(SIZE_MEASURES)


@click.command()
@click.option("-o", "--output", type=OutputPath(dir_okay=False), required=True, help="Write the page to FILE.")
@click.option("--focus", metavar="ENTITY", help="Only the network around this entity (a name, alias or IRI).")
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="With --focus: how many links away from it to go.",
)
@click.option(
    "--size-by",
    type=click.Choice(MEASURES),
    default="degree",
    show_default=True,
    help="What the size of an entity's dot shows.",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    metavar="N",
    help="Keep only the N entities highest by --size-by (the page says so).",
)
@click.option("--title", help="The page's title.")
@filter_options
@click.pass_obj
def command(session, output, focus, depth, size_by, max_nodes, title, **filter_args):
    """Write the interactive network page: one HTML file that works offline.

    Dots are entities, coloured by class and sized by --size-by; entities without a link are
    hidden until asked. A line joins two entities and stands for every claim between them: drawn
    as the strongest (solid when the claim establishes the relation, dashed when it only asserts
    it, dotted grey when withdrawn) and thicker with more claims. Clicking a line lists every
    claim with its date, status, source and quote. A focused or cut page holds the rest of the
    network (or the neighbours one step beyond) to expand dots and find paths offline. The
    filters are those of the analytics commands; commentary (who spoke about whom) is left out
    unless --include-commentary. Filters that leave no link are an error (exit 1, nothing
    written).

    \b
    Examples:
      cartelgraph viz -o network.html
      cartelgraph viz -o garcia-luna.html --focus "García Luna" --depth 2
      cartelgraph viz -o collusion.html --relation colludedWith --size-by pagerank
      cartelgraph viz -o amlo.html --administration amlo --dated-only
    """
    from cartelgraph.analytics.running import working
    from cartelgraph.commands._analytics import build_filters
    from cartelgraph.viz import network_page

    filters = build_filters(session.graph, **filter_args)
    with working("building the page"):  # seconds at a million triples: say so on a terminal
        page = network_page(
            session.graph, focus=focus, depth=depth, filters=filters, size_by=size_by, max_nodes=max_nodes, title=title
        )
    page.save(output)
    data = page.data
    drawn = {node["id"] for node in data["nodes"] if not node.get("reserve")}
    lines = [link for link in data["links"] if link["from"] in drawn and link["to"] in drawn]
    linked = len({end for link in lines for end in (link["from"], link["to"])})
    held = f"; {data['reserved']:,} more in reserve for expanding" if data["reserved"] else ""
    click.echo(
        f"{output}: {len(drawn)} entities ({linked} with a link), {len(lines)} lines, "
        f"{sum(len(link['edges']) for link in lines)} claim edges{held}",
        err=True,
    )
    if data["warning"]:
        click.echo(f"Warning: {data['warning']}", err=True)
