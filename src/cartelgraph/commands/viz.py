"""cartelgraph viz: the interactive network page, one offline HTML file."""

import click

from cartelgraph.commands._types import DATE, OutputPath

MEASURES = ["degree", "pagerank", "betweenness"]


@click.command()
@click.option("-o", "--output", type=OutputPath(dir_okay=False), required=True, help="Write the page to FILE.")
@click.option("--focus", metavar="ENTITY", help="Only the network around this entity (a name, alias or IRI).")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="With --focus: how many links away from it to go.")
@click.option("--type", "types", multiple=True, metavar="CLASS",
              help="Keep only entities of this class, subclasses included (Person, Cartel…); repeatable.")
@click.option("--relation", "relations", multiple=True, metavar="RELATION",
              help="Keep only this relation or claim class (colludedWith, Arrest…); repeatable.")
@click.option("--status", "statuses", multiple=True, metavar="STATUS",
              help="Keep only claims with this status (Convicted, Alleged…); repeatable.")
@click.option("--exclude-status", "exclude_statuses", multiple=True, metavar="STATUS",
              help="Leave out claims with this status; repeatable.")
@click.option("--as-of", type=DATE, metavar="DATE",
              help="The network as it stood on DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--size-by", type=click.Choice(MEASURES), default="degree", show_default=True,
              help="What the size of an entity's dot shows.")
@click.option("--max-nodes", type=click.IntRange(min=1), metavar="N",
              help="Keep only the N entities highest by --size-by (the page says so).")
@click.option("--title", help="The page's title.")
@click.pass_obj
def command(session, output, focus, depth, types, relations, statuses, exclude_statuses, as_of, size_by,
            max_nodes, title):
    """Write the interactive network page: one HTML file that works offline.

    Dots are entities, coloured by class and sized by --size-by; lines are claims, labelled by
    relation and drawn by status (solid: convicted or confirmed, dashed: asserted, dotted grey:
    dropped, acquitted or denied). Clicking a line shows its date, status, source and quote.

    \b
    Examples:
      cartelgraph viz -o network.html
      cartelgraph viz -o garcia-luna.html --focus "García Luna" --depth 2
      cartelgraph viz -o collusion.html --relation colludedWith --size-by pagerank
    """
    from cartelgraph.analytics.running import working
    from cartelgraph.viz import network_page

    with working("building the page"):  # seconds at a million triples: say so on a terminal
        page = network_page(session.graph, focus=focus, depth=depth, types=types, relations=relations,
                            statuses=statuses, exclude_statuses=exclude_statuses, as_of=as_of,
                            size_by=size_by, max_nodes=max_nodes, title=title)
    page.save(output)
    click.echo(f"{output}: {len(page.data['nodes'])} entities, {len(page.data['edges'])} claim edges", err=True)
