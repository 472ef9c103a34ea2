"""cartelgraph serve: the graph as a SPARQL 1.1 endpoint, with a query page at /."""

from __future__ import annotations

import click


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but a loopback address exposes the graph to the network.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Stop each query after this many seconds.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=10000,
    show_default=True,
    help="Cut answers to this many rows or triples (the response says when it did).",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1024),
    default=16 << 20,
    show_default=True,
    help="Cut answers at about this many bytes of values (the response says when it did).",
)
@click.option(
    "--memory-limit",
    type=click.IntRange(min=0),
    default=1024,
    show_default=True,
    metavar="MB",
    help="Memory one query worker may use; a query needing more is stopped (0: no limit).",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="Query workers: queries run at the same time.",
)
@click.option(
    "--queue",
    type=click.IntRange(min=0),
    default=8,
    show_default=True,
    help="Queries that may wait for a worker; more are refused at once with 503 and Retry-After.",
)
@click.option(
    "--max-wait",
    type=click.FloatRange(min=0),
    default=0.5,
    show_default=True,
    help="Seconds a query may wait for a worker before it is refused with 503 (the wait counts "
    "against its --timeout too).",
)
@click.option(
    "--cors",
    multiple=True,
    metavar="ORIGIN",
    help="Let web pages from ORIGIN (e.g. https://yasgui.triply.cc) query the endpoint; repeatable.",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests whose Host is NAME (NAME:PORT if clients use another port): the LAN "
    "name or address other machines use, or a reverse proxy's name; repeatable. Only the bound "
    "address (and 127.0.0.1, localhost, [::1] on a loopback or 0.0.0.0 bind) is answered "
    "without it.",
)
@click.option(
    "--read-timeout",
    type=click.FloatRange(min=0.1),
    default=5.0,
    show_default=True,
    help="Close a connection whose request has not arrived whole within this many seconds (408).",
)
@click.option(
    "--max-connections",
    type=click.IntRange(min=1),
    default=200,
    show_default=True,
    help="Open connections at most; one more is answered 503 and closed.",
)
@click.option(
    "--allow-update",
    is_flag=True,
    help="Accept SPARQL updates carrying the --token; they change a private working copy of the "
    "store that is thrown away when the server stops (the Turtle files stay the truth).",
)
@click.option(
    "--token",
    envvar="CARTELGRAPH_TOKEN",
    metavar="TOKEN",
    help="Bearer token that updates must present (default: $CARTELGRAPH_TOKEN).",
)
@click.pass_obj
def command(
    session,
    host,
    port,
    timeout,
    max_rows,
    max_bytes,
    memory_limit,
    concurrency,
    queue,
    max_wait,
    cors,
    allow_hosts,
    read_timeout,
    max_connections,
    allow_update,
    token,
):
    """Serve the graph as a SPARQL 1.1 endpoint at http://HOST:PORT/sparql, and a query page at /.

    Read-only unless --allow-update; SERVICE and LOAD are refused; each query runs in a worker
    process with no network (where the system allows it), under --timeout and --memory-limit,
    and answers are cut at --max-rows or --max-bytes (header X-Cartelgraph-Truncated). Whatever
    the bind address, a request is refused (403) when its Host is not one of the server's names
    (DNS rebinding; add names with --allow-host), when its Origin is another site not given with
    --cors, or when the browser says another site's page sent it (Sec-Fetch-Site). Bound to
    0.0.0.0 or ::, the server does not guess the machine's addresses: give each name or address
    other machines use with --allow-host.

    \b
    Examples:
      cartelgraph serve
      cartelgraph serve --host 0.0.0.0 --allow-host 192.168.1.20 --allow-host graph.lan
      curl 'http://127.0.0.1:8000/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D'
      cartelgraph --endpoint http://127.0.0.1:8000/sparql query --name officials-linked-to-cartels
    """
    from cartelgraph.server.app import Settings
    from cartelgraph.server.connections import listen
    from cartelgraph.server.guard import is_loopback, is_wildcard
    from cartelgraph.server.supervisor import Supervisor

    settings = Settings(
        host=host,
        port=port,
        timeout=timeout,
        max_rows=max_rows,
        max_bytes=max_bytes,
        memory_mb=memory_limit or None,
        allow_update=allow_update,
        token=token,
        cors=list(cors),
        concurrency=concurrency,
        queue=queue,
        max_wait=max_wait,
        allow_hosts=list(allow_hosts),
        read_timeout=read_timeout,
        max_connections=max_connections,
    )
    settings.check()
    _ensure_descriptors(max_connections)
    listener = listen(host, port)
    try:
        graph = session.local_graph(
            "serve", refuse="serves the local data in {data}; it does not relay another endpoint"
        )
    except BaseException:
        listener.close()
        raise
    supervisor = Supervisor(graph.store_path, settings, listener)
    supervisor.start()
    if not is_loopback(host):
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can query the graph", err=True)
    if is_wildcard(host) and not allow_hosts:
        click.echo(
            "note: only requests naming 127.0.0.1, localhost or [::1] are answered; give the name or "
            "address other machines use with --allow-host NAME",
            err=True,
        )
    isolation = supervisor.isolation
    click.echo(
        f"cartelgraph: query workers: network {isolation['network']}; memory limit {isolation['memory']}", err=True
    )
    click.echo(
        f"cartelgraph: serving {graph.data_dir} at {settings.base_url}/ "
        f"(SPARQL endpoint {settings.base_url}/sparql); stop with Ctrl-C",
        err=True,
    )
    try:
        supervisor.serve()
    except KeyboardInterrupt:
        pass


def _ensure_descriptors(max_connections: int) -> None:
    """Raise the open-files limit to what --max-connections needs (a descriptor each, plus the
    store's files and the query workers' pipes), or say why it cannot be."""
    import resource

    from cartelgraph.errors import UsageError

    needed = max_connections + 100
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        if hard != resource.RLIM_INFINITY and hard < needed:
            raise UsageError(
                f"--max-connections {max_connections} needs {needed} open files, and this system "
                f"allows {hard} (ulimit -n): lower --max-connections"
            )
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
