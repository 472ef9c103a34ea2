"""cartelgraph push: load the graph into a SPARQL server, replacing its previous copy."""

from __future__ import annotations

import click


@click.command()
@click.option(
    "--endpoint",
    "endpoint",
    metavar="URL",
    help="The server's SPARQL query URL (default: the global --endpoint or $CARTELGRAPH_ENDPOINT).",
)
@click.option(
    "--graph",
    "graph",
    metavar="IRI",
    help="The named graph to replace (default: the global --graph or $CARTELGRAPH_GRAPH; "
    "else the default graph). Virtuoso needs one.",
)
@click.option("--store", "store_url", metavar="URL", help="Its Graph Store Protocol URL, if not the usual one.")
@click.option("--update", "update_url", metavar="URL", help="Its SPARQL Update URL, to write with SPARQL Update.")
@click.option(
    "--token",
    envvar="CARTELGRAPH_TOKEN",
    metavar="TOKEN",
    help="Send 'Authorization: Bearer TOKEN' (default: $CARTELGRAPH_TOKEN).",
)
@click.option(
    "--timeout", type=click.FloatRange(min=1), default=300.0, show_default=True, help="Seconds to wait for the server."
)
@click.pass_obj
def command(session, endpoint, graph, store_url, update_url, token, timeout):
    """Replace a graph of a SPARQL server with the ontology and the graph.

    Sends what the embedded store holds (materialised types, roles and derived edges
    included) through the Graph Store Protocol, or SPARQL Update in chunks where that is what
    the server offers; then counts the triples the server holds there. A server that asks for
    a password gets $CARTELGRAPH_USER and $CARTELGRAPH_PASSWORD, or the ~/.netrc entry of its host.

    \b
    Examples:
      cartelgraph push --endpoint http://127.0.0.1:7878/query             # Oxigraph server
      cartelgraph push --endpoint http://127.0.0.1:8890/sparql --graph https://w3id.org/cartelgraph/graph
    """
    from cartelgraph.errors import UsageError
    from cartelgraph.push import push

    endpoint = endpoint or session.endpoint
    if not endpoint:
        raise UsageError("push needs --endpoint URL (the server's SPARQL query URL)")
    report = push(
        local_graph(session.data),
        endpoint,
        graph=graph or session.named_graph,
        store_url=store_url,
        update_url=update_url,
        token=token,
        timeout=timeout,
    )
    where = f"the graph <{report.graph}>" if report.graph else "the default graph"
    requests = f" in {report.requests} requests" if report.requests > 1 else ""
    click.echo(
        f"pushed {report.triples} triples to {report.target} ({report.method}){requests}; "
        f"{where} now holds {report.remote_triples}"
    )


def local_graph(data=None):
    """The embedded graph of ``data`` (never a remote one, whatever $CARTELGRAPH_ENDPOINT says)."""
    from cartelgraph.data import find_data_dir
    from cartelgraph.graph import EmbeddedGraph
    from cartelgraph.store import ensure_store

    data_dir = find_data_dir(data)
    return EmbeddedGraph(data_dir, ensure_store(data_dir))
