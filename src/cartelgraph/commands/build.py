"""cartelgraph build: build (or check) the embedded store."""

import click


@click.command()
@click.pass_obj
def command(session):
    """Build the embedded store from ontology/ and graph/ if any file changed, and say where it is."""
    from cartelgraph.store import ensure_store

    data_dir = session.local_data_dir("build")
    path = ensure_store(data_dir)
    click.echo(f"store for {data_dir} is up to date: {path}")
