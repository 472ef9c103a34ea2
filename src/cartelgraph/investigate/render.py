"""The investigator commands' answers as people read them: the dossier, timeline, paths,
figures, contradictions, search and crossref tables, and the pieces they share (status in its
colour, quotes with their sources, curators' notes). Built on :mod:`cartelgraph.output`'s rich
tables; the commands only choose which to print."""

from __future__ import annotations

import sys

from cartelgraph.domain import domain
from cartelgraph.errors import CartelgraphError
from cartelgraph.output import rendered, table


def status_text(status: str | None):
    from rich.text import Text

    status = status or "no status"
    return Text(status, style=terminal_style(status))


def terminal_style(label: str) -> str:
    """The status's colour on a terminal, as the ontology gives it (cg:terminalStyle; tables
    name statuses by label, and the default data's ontology is read, once). Nothing is read when
    stdout is not a terminal: there is no colour there."""
    if not sys.stdout.isatty():
        return ""
    try:
        return domain().terminal_style(label)
    except CartelgraphError:  # no data folder found: plain text
        return ""


def evidence_text(evidence: list[dict]):
    """Each quote in quotation marks, then its source (and the document it cites)."""
    from rich.text import Text

    text = Text()
    for number, item in enumerate(evidence):
        if number:
            text.append("\n")
        text.append(f"“{' '.join(item['quote'].split())}”\n")
        source = item["source_title"] or item["source"] or "no source"
        cited = f" (citing {item['cited_title'] or item['cited_source']})" if item["cited_source"] else ""
        text.append(f"— {source}{cited}", style="dim")
    if not evidence:
        text.append("no evidence recorded", style="red")
    return text


def details_text(details: list[dict]) -> str:
    return "; ".join(f"{d['property']}: {d['value']}" for d in details)


def notes_text(notes: list[str]) -> str:
    """The curators' notes, one a line: 'note: …'."""
    return "\n".join(f"note: {' '.join(note.split())}" for note in notes)


def more_text(item: dict) -> str:
    """What a claim says besides its entities, for the cell under them: details, then notes
    (empty when it has neither)."""
    parts = [details_text(item.get("details", [])), notes_text(item.get("notes", []))]
    return "\n".join(part for part in parts if part)


def dossier_text(answer: dict) -> str:
    """``show``: the entity's names, its claims grouped by relation, its figures and the
    contradictions about it."""
    from rich.text import Text

    head = Text()
    head.append(answer["label"], style="bold")
    head.append(f"  {answer['class_label']} · {answer['id']}")
    if answer["names"]:
        head.append("\nalso: " + "; ".join(answer["names"]))
    if answer["description"]:
        head.append("\n" + answer["description"])
    parts = [head]
    if answer["claims"]:
        grid = table("relation", "with", "when", "status", "evidence", title=f"Claims ({len(answer['claims'])})")
        previous = None
        for claim in answer["claims"]:
            if previous is not None and claim["relation"] != previous:
                grid.add_section()
            with_text = "\n".join(f"{p['label']} ({p['role']})" for p in claim["counterparts"]) or "—"
            if more_text(claim):
                with_text += "\n" + more_text(claim)
            relation = f"{claim['relation'] if claim['relation'] != previous else ''}\n(as {claim['role']})"
            grid.add_row(
                relation.lstrip("\n"),
                with_text,
                claim["when"],
                status_text(claim["status"]),
                evidence_text(claim["evidence"]),
            )
            previous = claim["relation"]
        parts.append(grid)
    if answer["figures"]:
        parts.extend(figures_table(answer["figures"], title=f"Figures ({len(answer['figures'])})", link=True))
    if answer["contradictions"]:
        parts.append(pairs_table(answer["contradictions"], title=f"Contradictions ({len(answer['contradictions'])})"))
    return rendered(*parts)


def timeline_text(rows: list[dict]) -> str:
    """``timeline``: one row a claim, in the order given."""
    grid = table("when", "relation", "participants", "status", "evidence")
    for claim in rows:
        who = "\n".join(f"{p['label']} ({p['role']})" for p in claim["participants"])
        if more_text(claim):
            who += "\n" + more_text(claim)
        grid.add_row(
            claim["when"] or "undated",
            claim["relation"],
            who,
            status_text(claim["status"]),
            evidence_text(claim["evidence"]),
        )
    return rendered(grid)


def paths_text(answer: dict) -> str:
    """``path``: a line saying how many shortest paths there are, then a table a path, one
    section a hop, each claim behind the hop with its roles, date, status and quotes."""
    from rich.text import Text

    shown, total = len(answer["paths"]), answer["total"]
    head = Text(
        f"{answer['source']['label']} → {answer['target']['label']}: {total} shortest "
        f"path{'s' if total != 1 else ''} of {answer['shortest']} hop{'s' if answer['shortest'] != 1 else ''}"
        + (f", showing {shown}" if shown < total else ""),
        style="bold",
    )
    parts = [head]
    for number, path in enumerate(answer["paths"], 1):
        title = f"Path {number}: " + " — ".join(n["label"] for n in path["nodes"])
        grid = table("hop", "link", "when", "status", "evidence", title=title)
        for hop, step in enumerate(path["steps"], 1):
            if hop > 1:
                grid.add_section()
            for index, claim in enumerate(step["claims"]):
                a, b = (step["from_label"], claim["from_role"]), (step["to_label"], claim["to_role"])
                if claim["direction"] == "backward":
                    a, b = b, a
                arrow = "—" if claim["direction"] == "both" else "→"
                link = (
                    f"{a[0]} —{claim['edge']}{arrow} {b[0]}\n({claim['relation']}: {a[0]} as {a[1]}; {b[0]} as {b[1]})"
                )
                if more_text(claim):
                    link += "\n" + more_text(claim)
                grid.add_row(
                    str(hop) if index == 0 else "",
                    link,
                    claim["when"],
                    status_text(claim["status"]),
                    evidence_text(claim["evidence"]),
                )
        parts.append(grid)
    return rendered(*parts)


def figures_text(rows: list[dict]) -> str:
    """``figures``: :func:`figures_table` rendered."""
    return rendered(*figures_table(rows))


def figures_table(rows: list[dict], *, title: str | None = None, link: bool = False) -> list:
    """Figures as a table (the measure printed once per series) followed by the quotes, numbered
    as in the table's sources column, and the curators' notes, marked [n1], [n2]… by the value
    they concern, so the numbers stay readable on a narrow terminal. Every place and producer
    of a figure is shown, one a line, in label order."""
    from rich.text import Text

    columns = ["measure", "value", "unit", "place", "period", "producer", "sources"]
    grid = table(*(columns + ["link"] if link else columns), title=title)
    quotes, notes = Text(), Text()
    previous, number, noted = None, 0, 0
    for figure in rows:
        series = (figure["measure"], figure["unit"], figure["place_label"])
        if previous is not None and series != previous:
            grid.add_section()
        period = figure["when"]
        if figure["period_label"] and figure["period_label"] != period:
            period = f"{period}\n“{figure['period_label']}”" if period else f"“{figure['period_label']}”"
        marks = []
        for item in figure["evidence"]:
            number += 1
            marks.append(f"[{number}] {item['source_title'] or item['source']}")
            quotes.append(f"[{number}] ")
            quotes.append_text(evidence_text([item]))
            quotes.append("\n")
        value = figure["value_text"]
        if figure["notes"]:
            noted += 1
            value += f" [n{noted}]"
            for note in figure["notes"]:
                notes.append(f"[n{noted}] ", style="bold")
                notes.append(f"{' '.join(note.split())}\n")
        cells = [
            figure["measure"] if series != previous else "",
            value,
            figure["unit"],
            "\n".join(p["label"] for p in figure["places"]),
            period,
            "\n".join(p["label"] for p in figure["producers"]),
            "\n".join(marks) or "no evidence recorded",
        ]
        grid.add_row(*(cells + [figure["link"]] if link else cells))
        previous = series
    if notes:
        notes = Text("Curators' notes\n", style="bold").append_text(notes)
        return [grid, quotes, notes]
    return [grid, quotes]


def contested_text(pairs: list[dict]) -> str:
    """``contested``: :func:`pairs_table` rendered."""
    return rendered(pairs_table(pairs))


def pairs_table(pairs: list[dict], *, title: str | None = None):
    """Contradicting claims or figures side by side, each with its summary, date, status and quotes."""
    from rich.text import Text

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


def search_text(rows: list[dict]) -> str:
    """``search``: one row an entity, with the alias that matched and its claims and figures."""
    grid = table("name", "class", "id", "matched alias", "claims", "figures")
    for row in rows:
        grid.add_row(
            row["label"], row["class"], row["iri"], row["matched"] or "", str(row["claims"]), str(row["figures"])
        )
    return rendered(grid)


def crossref_text(rows: list[dict]) -> str:
    """``crossref``: one row an entity, with the documents it appears in and how often."""
    grid = table("entity", "class", "id", "docs", "appears in")
    for row in rows:
        places = []
        for document in row["documents"]:
            counts = [
                f"{n} {what}{'s' if n != 1 else ''}"
                for n, what in ((document["claims"], "claim"), (document["figures"], "figure"))
                if n
            ]
            places.append(f"{document['title']} ({', '.join(counts)})")
        grid.add_row(row["label"], row["class"] or "", row["id"], str(row["sources"]), "\n".join(places))
    return rendered(grid)
