"""What the page says about its own content: the legends (classes, relations, statuses, with
their counts and colours), the notices naming the filters, and the message for a page with
nothing to draw."""

from __future__ import annotations

from collections import defaultdict

from cartelgraph.projection import Filters
from cartelgraph.viz.styles import class_colours, local_name, status_style


def empty_message(nodes: dict, filters: Filters, focus_label: str | None) -> str:
    where = f"around {focus_label}" if focus_label else f"among {len(nodes):,} entities"
    chosen = filter_notices(filters)
    because = f" ({chosen[0].removeprefix('Filtered: ').rstrip('.')})" if chosen else ""
    return (
        f"no link to draw: the filters leave no claim {where}{because}; nothing written. "
        "Widen the filters (--relation, --status, --period…) or add --include-commentary"
    )


def default_title(focus_label: str | None) -> str:
    return f"cartelgraph: around {focus_label}" if focus_label else "cartelgraph network"


def filter_notices(filters: Filters) -> list[str]:
    parts = []
    for label, names in (
        ("types", filters.classes),
        ("relations", filters.relations),
        ("without relations", filters.exclude_relations),
        ("statuses", filters.statuses),
        ("without statuses", filters.exclude_statuses),
    ):
        if names:
            parts.append(f"{label} {', '.join(sorted(local_name(name) for name in names))}")
    undated = "undated claims kept" if filters.include_undated else "dated claims only"
    if filters.as_of:
        parts.append(f"as of {filters.as_of} ({undated})")
    if filters.period:
        parts.append(f"period {filters.period[0] or '…'}..{filters.period[1] or '…'} ({undated})")
    if filters.include_commentary:
        parts.append("commentary included")
    return [f"Filtered: {'; '.join(parts)}."] if parts else []


def legend(items: list[dict], field: str, labels: dict[str, str], colours: bool = False) -> list[dict]:
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[item[field]] += 1
    ordered = sorted(counts, key=lambda iri: (-counts[iri], labels.get(iri, local_name(iri))))
    palette = class_colours(ordered) if colours else {}
    entries = []
    for iri in ordered:
        entry = {"id": iri, "label": labels.get(iri, local_name(iri)), "count": counts[iri]}
        if colours:
            entry["colour"] = palette[iri]
        entries.append(entry)
    return entries


def relation_legend(edges: list[dict], labels: dict[str, str]) -> list[dict]:
    commentary = {edge["relation"] for edge in edges if edge["commentary"]}
    return [{**entry, "commentary": entry["id"] in commentary} for entry in legend(edges, "relation", labels)]


def status_legend(edges: list[dict], labels: dict[str, str], comments: dict[str, str], statuses) -> list[dict]:
    counts: dict[str, int] = defaultdict(int)
    for edge in edges:
        counts[edge["status"]] += 1
    return [
        {
            "id": iri,
            "label": labels.get(iri, local_name(iri)) if iri else "status not given",
            "comment": comments.get(iri) if iri else "The source gives no status for the claim.",
            "count": counts[iri],
            **status_style(statuses, iri),
        }
        for iri in sorted(counts, key=lambda iri: (statuses.rank(iri), labels.get(iri, iri)))
    ]
