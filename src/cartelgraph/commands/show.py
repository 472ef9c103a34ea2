"""cartelgraph show: the dossier of one entity."""

import click

from cartelgraph.commands._output import emit, output_options, say_resolved


@click.command()
@click.argument("entity")
@output_options("table", "json", "csv")
@click.pass_obj
def command(session, entity, fmt, output):
    """The dossier of ENTITY (a name, an alias or an IRI such as cgr:sinaloa-cartel): its names,
    every claim naming it in any role (participant, subject, instrument, place, asserter; the
    role is shown) grouped by relation, with counterparts, date, status, curators' notes and the
    quoted evidence; the figures about it, by it or covering it; and where sources contradict
    each other about it.

    An exact label wins, then an exact alias; when the name may also mean other entities
    ("Sinaloa": the state, or the Sinaloa Cartel), a note on stderr names them with their IRIs
    (JSON: "resolved"). A partial name shared by several entities lists them and exits with 2.
    CSV gives the claims only; JSON gives everything.

    \b
    Examples:
      cartelgraph show "García Luna"
      cartelgraph show cgr:sinaloa-cartel --format json
    """
    from cartelgraph.investigate.dossier import CLAIM_FIELDS, dossier, flatten_dossier_claim
    from cartelgraph.investigate.render import dossier_text

    answer = dossier(session.graph, entity)
    say_resolved([answer["resolved"]])
    emit(
        fmt,
        output,
        text=lambda: dossier_text(answer),
        data=answer,
        rows=[flatten_dossier_claim(c) for c in answer["claims"]],
        fields=CLAIM_FIELDS,
        empty=None
        if answer["claims"] or answer["figures"]
        else f"{answer['label']} ({answer['id']}) takes part in no claim and no figure",
    )
