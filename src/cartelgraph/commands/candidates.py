"""cartelgraph candidates: candidate claims from a registered source's text."""

import click

from cartelgraph.commands._types import OutputPath


@click.command()
@click.argument("source", required=False)
@click.option("-o", "--output", type=OutputPath(dir_okay=False), help="Write the candidate claims to FILE (.csv).")
@click.option(
    "--entities",
    "entities_output",
    type=OutputPath(dir_okay=False),
    help="Write the unknown names to FILE (default with -o: NAME-new-entities.csv beside it).",
)
@click.option(
    "--from-ftm",
    "ftm_file",
    type=click.Path(dir_okay=False),
    help="Instead of a source: propose the entities and claims of this FollowTheMoney file "
    "(an Aleph export) that the graph does not hold, as ingest rows (docs/ftm.md).",
)
@click.pass_obj
def command(session, source, output, entities_output, ftm_file):
    """Propose claims from SOURCE (a registered source: cgr: name, IRI or title), or from an
    FtM file (--from-ftm FILE).

    Every sentence naming two or more known entities (labels and aliases, accent- and
    case-insensitive, whole words) becomes a row in the ingest format: the sentence as quote,
    the entities as participants. Fill in class, roles (role=name), status and date, delete
    the rows that state nothing, then `cartelgraph ingest`. Capitalised names the graph does not
    know are listed as possible new entities.
    """
    from pathlib import Path

    from cartelgraph.curation.candidates import CLAIM_COLUMNS, ENTITY_COLUMNS, find_candidates
    from cartelgraph.errors import UsageError
    from cartelgraph.output import csv_text, write_output

    if (source is None) == (ftm_file is None):
        raise UsageError("give SOURCE (a registered source) or --from-ftm FILE, one of them")
    if ftm_file is not None:
        if entities_output:
            raise UsageError("--entities: with --from-ftm, new entities are rows of the -o file, before the claims")
        from cartelgraph.ftm import check_installed

        check_installed()
        from cartelgraph.ftm.propose import COLUMNS, propose_from_ftm

        graph = session.local_graph("candidates")
        proposal = propose_from_ftm(graph, graph.data_dir, ftm_file)
        write_output(csv_text(proposal.rows(), COLUMNS), output)
        click.echo(proposal.summary(), err=True)
        return
    graph = session.local_graph("candidates")
    report = find_candidates(graph, graph.data_dir, source)
    write_output(csv_text(report.claim_rows(), CLAIM_COLUMNS), output)
    if entities_output is None and output:
        entities_output = str(Path(output).with_name(Path(output).stem + "-new-entities.csv"))
    if entities_output:
        write_output(csv_text(report.entity_rows(), ENTITY_COLUMNS), entities_output)
    where = f" (in {entities_output})" if entities_output else ""
    click.echo(
        f"{len(report.candidates)} candidate sentence(s) in graph/{report.text_file}; "
        f"{len(report.unknown)} unknown capitalised name(s){where}",
        err=True,
    )
    if not entities_output and report.unknown:
        click.echo(
            "most mentioned unknown names: "
            + ", ".join(f"{name} ({count})" for name, count in report.unknown.most_common(10)),
            err=True,
        )
