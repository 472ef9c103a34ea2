"""cartelgraph contested: claims that sources state against each other, side by side."""

import click

from cartelgraph.commands._investigate import emit, output_options, say_resolved

# Whole-graph listings are read a page at a time.
DEFAULT_LIMIT = 200


@click.command()
@click.argument("entity", required=False)
@click.option("--limit", type=click.IntRange(min=0), default=DEFAULT_LIMIT, show_default=True,
              help="At most this many pairs (0: all of them).")
@output_options
@click.pass_obj
def command(session, entity, limit, fmt, output):
    """Pairs of claims (or figures) that contradict each other, or a denial and the claim it
    denies, side by side with their sources and quotes. Both sides are kept: the graph does not
    decide who is right. With ENTITY, only pairs that involve it.

    \b
    Examples:
      cartelgraph contested
      cartelgraph contested "López Obrador" --format json
    """
    from cartelgraph.investigate.contested import FIELDS, contested, flatten_pair
    from cartelgraph.investigate.render import rendered

    pairs = contested(session.graph, entity, limit=limit or None)
    say_resolved(pairs.resolved)
    emit(fmt, output, table=lambda: rendered(pairs_table(pairs)), data=pairs,
         rows=[flatten_pair(p) for p in pairs], fields=FIELDS,
         empty=None if pairs else "no contradicting claims" + (f" involving {entity!r}" if entity else ""))
    if pairs.more:
        click.echo(f"showing the first {len(pairs):,} of {pairs.total:,} pairs (--limit 0 lists all)", err=True)


def pairs_table(pairs: list[dict], *, title: str | None = None):
    from rich.text import Text

    from cartelgraph.investigate.render import evidence_text, more_text, status_text, table

    def side(it: dict):
        text = Text()
        text.append(f"{it['title']}", style="bold")
        text.append(f" ({it['kind']})\n" if it["kind"] == "figure" else "\n")
        text.append(it["summary"] + "\n")
        if more_text(it):
            text.append(more_text(it) + "\n")
        text.append(it["when"] or "undated")
        if it["status"]:
            text.append(" · ")
            text.append_text(status_text(it["status"]))
        text.append("\n")
        text.append_text(evidence_text(it["evidence"]))
        return text

    grid = table("side A", "link", "side B", title=title)
    for pair in pairs:
        grid.add_row(side(pair["a"]), "denies →" if pair["link"] == "denies" else "contradicts", side(pair["b"]))
    return grid
