"""cartelgraph push: load the graph into a SPARQL server, replacing its previous copy."""

from __future__ import annotations

import click


@click.command()
@click.option("--endpoint", "endpoint", metavar="URL",
              help="The server's SPARQL query URL (default: the global --endpoint or $CARTELGRAPH_ENDPOINT).")
@click.option("--store", "store_url", metavar="URL", help="Its Graph Store Protocol URL, if not the usual one.")
@click.option("--update", "update_url", metavar="URL", help="Its SPARQL Update URL, to write with SPARQL Update.")
@click.option("--token", envvar="CARTELGRAPH_TOKEN", metavar="TOKEN",
              help="Send 'Authorization: Bearer TOKEN' (default: $CARTELGRAPH_TOKEN).")
@click.option("--timeout", type=click.FloatRange(min=1), default=300.0, show_default=True,
              help="Seconds to wait for the server.")
@click.pass_obj
def command(session, endpoint, store_url, update_url, token, timeout):
    """Replace the default graph of a SPARQL server with the ontology and the graph.

    Sends what the embedded store holds (materialised types, roles and derived edges
    included) through the Graph Store Protocol, or SPARQL Update where that is what the
    server offers; then counts the triples the server holds.

    \b
    Examples:
      cartelgraph push --endpoint http://localhost:7878/query              # Oxigraph server
      cartelgraph push --endpoint http://localhost:3030/cartelgraph/sparql  # Fuseki
    """
    from cartelgraph.errors import UsageError
    from cartelgraph.push import push
    from cartelgraph.server.execute import local_graph

    endpoint = endpoint or session.endpoint
    if not endpoint:
        raise UsageError("push needs --endpoint URL (the server's SPARQL query URL)")
    report = push(local_graph(session.data), endpoint, store_url=store_url, update_url=update_url,
                  token=token, timeout=timeout)
    click.echo(f"pushed {report.triples} triples to {report.target} ({report.method}); "
               f"the endpoint's default graph now holds {report.remote_triples}")
    if report.remote_triples != report.triples:
        click.echo(f"warning: the endpoint counts {report.remote_triples} triples, not {report.triples} "
                   "(a union default graph, or other data in it?)", err=True)
