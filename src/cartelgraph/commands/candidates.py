"""cartelgraph candidates: candidate claims from a registered source's text."""

import click


@click.command()
@click.argument("source")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the candidate claims to FILE (.csv).")
@click.option("--entities", "entities_output", type=click.Path(dir_okay=False),
              help="Write the unknown names to FILE (default with -o: NAME-new-entities.csv beside it).")
@click.pass_obj
def command(session, source, output, entities_output):
    """Propose claims from SOURCE (a registered source: cgr: name, IRI or title).

    Every sentence naming two or more known entities (labels and aliases, accent- and
    case-insensitive, whole words) becomes a row in the ingest format: the sentence as quote,
    the entities as participants. Fill in class, roles (role=name), status and date, delete
    the rows that state nothing, then `cartelgraph ingest`. Capitalised names the graph does not
    know are listed as possible new entities.
    """
    from pathlib import Path

    from cartelgraph.curation.candidates import CLAIM_COLUMNS, ENTITY_COLUMNS, find_candidates
    from cartelgraph.curation.records import write_csv
    from cartelgraph.output import write_output

    report = find_candidates(session.graph, session.data_dir(), source)
    write_output(write_csv(CLAIM_COLUMNS, report.claim_rows()), output)
    if entities_output is None and output:
        entities_output = str(Path(output).with_name(Path(output).stem + "-new-entities.csv"))
    if entities_output:
        write_output(write_csv(ENTITY_COLUMNS, report.entity_rows()), entities_output)
    where = f" (in {entities_output})" if entities_output else ""
    click.echo(f"{len(report.candidates)} candidate sentence(s) in graph/{report.text_file}; "
               f"{len(report.unknown)} unknown capitalised name(s){where}", err=True)
    if not entities_output and report.unknown:
        click.echo("most mentioned unknown names: " + ", ".join(
            f"{name} ({count})" for name, count in report.unknown.most_common(10)), err=True)
