"""Claim edges merged into links: one line per pair of entities, whatever the number of claims.

Two entities stated to be related by five claims are drawn as one line that counts them (83
lines among 25 entities around García Luna were 52 once merged); the page lists every claim of
a line in its panel, and draws the line as its strongest claim still shown after the filters.
"""

from __future__ import annotations

from cartelgraph.domain import Domain
from cartelgraph.viz.styles import claim_line


def claim_rank(edge: dict, statuses: Domain) -> tuple[int, int]:
    """Sort key, strongest first: a claim that establishes what it states before one that only
    asserts or withdraws it, then by status (see :meth:`cartelgraph.domain.Domain.rank`)."""
    return (0 if edge["established"] else 1, statuses.rank(edge["status"]))


def style_claims(edges: list[dict], statuses: Domain) -> None:
    """Give each claim edge its ``line`` (``solid`` when the claim establishes the relation)
    and ``rank`` (0 = strongest), which the page reads to draw a link as its strongest claim."""
    order = sorted({claim_rank(edge, statuses) for edge in edges})
    for edge in edges:
        edge["line"] = claim_line(statuses, edge["status"], edge["established"])
        edge["rank"] = order.index(claim_rank(edge, statuses))


def merge_links(edges: list[dict]) -> list[dict]:
    """One link per unordered pair of entities, ``{id, from, to, edges}``, in the order of the
    pair's first claim edge; ``from`` and ``to`` are that edge's ends, ``edges`` the ids of
    every claim edge between the two, strongest first. Sets ``link`` on each claim edge."""
    by_pair: dict[tuple[str, str], dict] = {}
    for edge in edges:
        pair = (edge["from"], edge["to"]) if edge["from"] <= edge["to"] else (edge["to"], edge["from"])
        link = by_pair.get(pair)
        if link is None:
            link = by_pair[pair] = {"id": f"l{len(by_pair)}", "from": edge["from"], "to": edge["to"], "edges": []}
        link["edges"].append(edge)
        edge["link"] = link["id"]
    links = []
    for link in by_pair.values():
        ordered = sorted(link["edges"], key=lambda e: (e["rank"], e["date"] or e["start"] or "9999", e["id"]))
        links.append({**link, "edges": [edge["id"] for edge in ordered]})
    return links
