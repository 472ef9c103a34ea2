"""cartelgraph query: run SPARQL on the graph."""

from __future__ import annotations

import click

from cartelgraph.commands._output import output_options
from cartelgraph.errors import QuerySyntaxError, UsageError

FORMATS = ["table", "json", "xml", "csv", "tsv", "turtle", "nt", "jsonld", "rdfxml"]


def _read_query(text, file, name):
    from cartelgraph import queries

    given = [x for x in (text, file, name) if x is not None]
    if len(given) != 1:
        raise UsageError("give exactly one of: QUERY text, -f FILE (or - for stdin), --name NAME")
    if file is not None:
        try:
            return file.read()
        except UnicodeDecodeError as error:
            raise UsageError(f"-f {file.name}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    if name is not None:
        return queries.get(name).text
    return text


@click.command()
@click.argument("text", required=False, metavar="[QUERY]")
@click.option("-f", "--file", type=click.File("r", encoding="utf-8"), help="Read the query from FILE (- for stdin).")
@click.option("-n", "--name", help="Run a named query (see `cartelgraph queries`).")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind ?NAME to VALUE (an IRI like cgr:x or <...>, a number, or text); repeatable.",
)
@output_options(*FORMATS, default=None)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Stop the query after this many seconds.",
)
@click.option(
    "--memory-limit",
    type=click.IntRange(min=0),
    envvar="CARTELGRAPH_MEMORY_LIMIT",
    metavar="MB",
    help="Stop the query when its worker needs more memory than this (default 4096, or "
    "$CARTELGRAPH_MEMORY_LIMIT; 0: no limit).",
)
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Say on stderr how the query ran: its worker's network isolation and memory limit.",
)
@click.pass_obj
def command(session, text, file, name, params, fmt, output, timeout, memory_limit, verbose):
    """Run a SPARQL query: QUERY text, a file, or a named query.

    The prefixes cg: cgr: rdf: rdfs: owl: skos: xsd: prov: are predeclared. SERVICE, LOAD and
    updates are refused; the query runs in a worker process with no network (where the system
    allows it; --verbose says), under --timeout and --memory-limit.

    \b
    Examples:
      cartelgraph query 'SELECT ?x ?label WHERE { ?x a cg:Cartel ; rdfs:label ?label }'
      cartelgraph query --name officials-linked-to-cartels --format csv -o cases.csv
      cartelgraph query --name entity-claims --param entity=cgr:genaro-garcia-luna
    """
    from cartelgraph.output import result_text, write_output
    from cartelgraph.sparql import parse_param, query_form

    query = _read_query(text, file, name)
    bindings = {p.name: p.term for p in map(parse_param, params)}
    if fmt is None:  # neither given nor named by -o's extension
        fmt = "turtle" if query_form(query) in ("CONSTRUCT", "DESCRIBE") else "table"
    session.remote_options["partial_answers"] = True  # a server's row cap: a warning here, not an error
    graph = session.graph
    if memory_limit is not None and hasattr(graph, "memory_mb"):
        graph.memory_mb = memory_limit or None
    try:
        if fmt == "table":
            write_output(result_text(graph.query(query, bindings, timeout)), output)
        else:
            write_output(graph.serialize(query, fmt, bindings, timeout), output)
    except QuerySyntaxError as error:
        if file is None or file.name in ("-", "<stdin>"):
            raise
        raise QuerySyntaxError(f"{file.name}: {error}") from None  # the line is the file's: say which file
    finally:
        if verbose:
            _say_how_it_ran(graph)


def _say_how_it_ran(graph) -> None:
    if not hasattr(graph, "workers"):
        click.echo(f"query ran on {graph}: its isolation and limits are the server's", err=True)
        return
    isolation = graph.workers().isolation or {}
    click.echo(
        f"query worker: network {isolation.get('network', 'unknown (no worker answered)')}; "
        f"memory limit {isolation.get('memory', 'unknown')}",
        err=True,
    )
