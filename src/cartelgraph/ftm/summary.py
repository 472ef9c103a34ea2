"""A claim in words for FtM's ``summary``: its class, status and outcome first (accused is not
convicted, attempted is not done), then every role and every detail the graph states."""

from __future__ import annotations

from cartelgraph.ftm.curated import Claim, Curated, local
from cartelgraph.namespace import CG, NS

FIRST = (CG.status, CG.outcome)


def summary(claim: Claim, curated: Curated) -> str:
    """One line a statement: 'Collusion', 'status: accused', 'colluder: Genaro García Luna', …"""
    label = curated.labels.get
    lines = [label(NS + claim.cls, claim.cls).capitalize()]
    details: dict[str, list[str]] = {}
    for prop, term in claim.details:
        text = curated.label(term.value) if type(term).__name__ == "NamedNode" else term.value
        details.setdefault(prop, []).append(text)
    for prop in FIRST:
        if prop in details:
            lines.append(f"{label(prop, local(prop))}: {', '.join(details.pop(prop))}")
    for role in sorted(claim.roles):
        lines.append(f"{label(NS + role, role)}: {', '.join(sorted(curated.label(v) for v in claim.roles[role]))}")
    for prop in sorted(details, key=lambda p: label(p, local(p))):
        lines.append(f"{label(prop, local(prop))}: {'; '.join(details[prop])}")
    return "\n".join(lines)
