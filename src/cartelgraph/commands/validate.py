"""cartelgraph validate: SHACL shapes, violation checks and the quote check."""

import click


@click.command()
@click.option("--no-shacl", is_flag=True, help="Skip the SHACL shapes (faster; the rules and quotes still run).")
@click.pass_obj
def command(session, no_shacl):
    """Check the data: every failure is printed with file, subject and message.

    Runs ontology/shapes.ttl (SHACL), src/cartelgraph/checks/*-violation.rq (any row is a
    failure) and the quote check (each quote is found, after whitespace folding, in the stored
    text of its source). Exits 1 when anything fails.
    """
    from cartelgraph.validate import validate

    problems = validate(session.local_data_dir("validate"), shacl=not no_shacl)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found", err=True)
        raise SystemExit(1)
    click.echo("valid: shapes, checks and quotes all pass", err=True)
