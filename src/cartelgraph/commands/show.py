"""cartelgraph show: the dossier of one entity."""

import click

from cartelgraph.commands._investigate import emit, output_options, say_resolved


@click.command()
@click.argument("entity")
@output_options
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

    answer = dossier(session.graph, entity)
    say_resolved([answer["resolved"]])
    emit(fmt, output, table=lambda: render(answer), data=answer,
         rows=[flatten_dossier_claim(c) for c in answer["claims"]], fields=CLAIM_FIELDS,
         empty=None if answer["claims"] or answer["figures"] else
         f"{answer['label']} ({answer['id']}) takes part in no claim and no figure")


def render(answer: dict) -> str:
    from rich.text import Text

    from cartelgraph.investigate.render import evidence_text, more_text, rendered, status_text, table

    head = Text()
    head.append(answer["label"], style="bold")
    head.append(f"  {answer['class_label']} · {answer['id']}")
    if answer["names"]:
        head.append("\nalso: " + "; ".join(answer["names"]))
    if answer["description"]:
        head.append("\n" + answer["description"])
    parts = [head]
    if answer["claims"]:
        grid = table("relation", "with",  "when", "status", "evidence",
                     title=f"Claims ({len(answer['claims'])})")
        previous = None
        for claim in answer["claims"]:
            if previous is not None and claim["relation"] != previous:
                grid.add_section()
            with_text = "\n".join(f"{p['label']} ({p['role']})" for p in claim["counterparts"]) or "—"
            if more_text(claim):
                with_text += "\n" + more_text(claim)
            relation = f"{claim['relation'] if claim['relation'] != previous else ''}\n(as {claim['role']})"
            grid.add_row(relation.lstrip("\n"), with_text,
                         claim["when"], status_text(claim["status"]), evidence_text(claim["evidence"]))
            previous = claim["relation"]
        parts.append(grid)
    if answer["figures"]:
        from cartelgraph.commands.figures import figures_table

        parts.extend(figures_table(answer["figures"], title=f"Figures ({len(answer['figures'])})", link=True))
    if answer["contradictions"]:
        from cartelgraph.commands.contested import pairs_table

        parts.append(pairs_table(answer["contradictions"],
                                 title=f"Contradictions ({len(answer['contradictions'])})"))
    return rendered(*parts)
