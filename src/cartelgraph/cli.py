"""The ``cartelgraph`` command line: a thin layer over the library.

Each command lives in ``cartelgraph/commands/NAME.py`` (a module-level ``command``) and is
imported only when it runs, so the start-up stays fast. Library errors become one line on
stderr and click's exit codes (1 error, 2 usage); no traceback reaches the user.
"""

from __future__ import annotations

import os
from importlib import import_module

import click

from cartelgraph import __version__
from cartelgraph.errors import CartelgraphError, ParameterError, UsageError, visible


class Session:
    """What every command shares: where the data is and, once asked for, the open graph."""

    def __init__(
        self,
        data: str | None,
        endpoint: str | None,
        endpoint_origin: str = "--endpoint",
        named_graph: str | None = None,
    ):
        self.data = data
        self.endpoint = endpoint
        self.endpoint_origin = endpoint_origin  # "--endpoint" or "$CARTELGRAPH_ENDPOINT"
        self.named_graph = named_graph  # --graph: the endpoint's named graph to read (and push to)
        self.graph_origin = "--graph"  # or "$CARTELGRAPH_GRAPH"
        self.remote_options: dict = {}  # for RemoteGraph, e.g. partial_answers for `query`
        self._graph = None

    @property
    def graph(self):
        if self._graph is None:
            from cartelgraph.graph import open_graph

            if self.named_graph and not self.endpoint and self.graph_origin == "--graph":
                from cartelgraph.errors import UsageError

                raise UsageError(f"--graph {self.named_graph}: names a graph of a SPARQL endpoint; give --endpoint URL")
            options = {"graph": self.named_graph, **self.remote_options} if self.endpoint else {}
            self._graph = open_graph(data=self.data, endpoint=self.endpoint, **options)
        return self._graph

    def data_dir(self):
        from cartelgraph.data import find_data_dir

        return find_data_dir(self.data)

    def local_data_dir(self, command: str, *, refuse: str | None = None):
        """The local data folder, for a command that works on it whatever the endpoint.

        With an endpoint set, one line on stderr says which data the command works on; a
        command for which an explicit ``--endpoint`` would mislead (one that writes into the
        local data, ``serve``) gives ``refuse``, the reason, and stops with a usage error."""
        from cartelgraph.errors import UsageError

        data_dir = self.data_dir()
        if self.endpoint:
            if refuse and self.endpoint_origin == "--endpoint":
                raise UsageError(f"--endpoint: {command} {refuse.format(data=data_dir)}; run it without --endpoint")
            click.echo(
                f"note: {command} works on the local data in {data_dir}, not on {self.endpoint_origin} {self.endpoint}",
                err=True,
            )
        return data_dir

    def local_graph(self, command: str, *, refuse: str | None = None):
        """The embedded graph of :meth:`local_data_dir` (never the endpoint's)."""
        from cartelgraph.graph import EmbeddedGraph
        from cartelgraph.store import ensure_store

        data_dir = self.local_data_dir(command, refuse=refuse)
        return EmbeddedGraph(data_dir, ensure_store(data_dir))


# Why a command that writes into graph/ refuses an explicit --endpoint.
WRITES_LOCALLY = "writes to the local data in {data}, never to a server (send it there with `cartelgraph push`)"


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        # A directory listing, not pkgutil: it is on every command's start-up path.
        folder = os.path.join(os.path.dirname(__file__), "commands")
        return sorted(
            name[:-3].replace("_", "-")
            for name in os.listdir(folder)
            if name.endswith(".py") and not name.startswith("_")
        )

    def get_command(self, ctx, name):
        if name not in self.list_commands(ctx):
            return None
        return import_module(f"cartelgraph.commands.{name.replace('-', '_')}").command

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except CartelgraphError as error:
            if isinstance(error, ParameterError):
                error = option_error(ctx, error)
            click.echo(f"Error: {visible(str(error))}", err=True)
            ctx.exit(error.exit_code)


# Library parameters whose option is named otherwise (``classes`` is ``--type``, or ``--class``).
OPTION_NAMES = {"classes": "types"}


def option_error(ctx, error: ParameterError) -> UsageError:
    """A library's :class:`ParameterError` (``exclude_statuses='Aleged': …``) as the command's
    option shows it (``--exclude-status Aleged: …``): the option whose value became the parameter."""
    command = ctx.command.get_command(ctx, ctx.invoked_subcommand) if ctx.invoked_subcommand else None
    names = {error.parameter, OPTION_NAMES.get(error.parameter)}
    for param in getattr(command, "params", ()):
        if isinstance(param, click.Option) and param.name in names:
            return error.for_option(max(param.opts, key=len))
    return error.for_option("--" + error.parameter.replace("_", "-"))


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Folder holding ontology/ and graph/ (default: the repository around the "
    "current folder, or $CARTELGRAPH_DATA).",
)
@click.option(
    "--endpoint",
    metavar="URL",
    envvar="CARTELGRAPH_ENDPOINT",
    help="Read from this SPARQL 1.1 endpoint instead of the embedded store "
    "(default: $CARTELGRAPH_ENDPOINT). validate, build and candidates work on the local "
    "data; ingest, add-source, same-as and serve refuse it.",
)
@click.option(
    "--graph",
    "named_graph",
    metavar="IRI",
    envvar="CARTELGRAPH_GRAPH",
    help="With --endpoint: read this named graph of the endpoint (its default-graph-uri), "
    "and push into it (default: $CARTELGRAPH_GRAPH).",
)
@click.version_option(__version__, prog_name="cartelgraph")
@click.pass_context
def cli(ctx, data, endpoint, named_graph):
    """cartelgraph: a sourced knowledge graph of Mexico's drug war."""
    from_env = ctx.get_parameter_source("endpoint") == click.core.ParameterSource.ENVIRONMENT
    ctx.obj = Session(data, endpoint, "$CARTELGRAPH_ENDPOINT" if from_env else "--endpoint", named_graph)
    if ctx.get_parameter_source("named_graph") == click.core.ParameterSource.ENVIRONMENT:
        ctx.obj.graph_origin = "$CARTELGRAPH_GRAPH"


def main():
    cli(prog_name="cartelgraph")


if __name__ == "__main__":
    main()
