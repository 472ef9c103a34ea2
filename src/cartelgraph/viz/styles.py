"""How the network page draws classes and statuses: colours for entity classes, and the line of
each claim status as the ontology gives it (:mod:`cartelgraph.domain`). Presentation only; any
class or status not described still gets a style."""

from __future__ import annotations

from cartelgraph.domain import Domain, Status

# Colours chosen to stay apart from each other on white and to keep related classes close
# (people in blues, criminal groups in reds, the state in greens, places in greys).
CLASS_COLOURS = {
    "Official": "#1f5fbf",
    "Person": "#6fa8e8",
    "Cartel": "#c62828",
    "CriminalOrganization": "#ef7a6a",
    "Agency": "#2e7d32",
    "Operation": "#8bc34a",
    "Policy": "#00897b",
    "Law": "#6a1b9a",
    "Event": "#f9a825",
    "Organization": "#ef6c00",
    "Country": "#455a64",
    "State": "#78909c",
    "City": "#90a4ae",
    "Region": "#b0bec5",
    "Place": "#9e9e9e",
    "Substance": "#8d6e63",
    "Document": "#5d4037",
}
FALLBACK_COLOURS = ["#d81b60", "#5e35b1", "#00acc1", "#c0ca33", "#6d4c41", "#3949ab", "#43a047", "#fb8c00"]

# Commentary (who spoke about whom), when a page includes it: thin and light, apart from the ties.
COMMENTARY_STYLE = {"colour": "#9fa8da", "width": 1}
NO_STATUS = ""
NO_STATUS_STYLE = {"line": "dashed", "colour": "#b0bec5", "width": 1}


def local_name(iri: str) -> str:
    """``https://w3id.org/cartelgraph/ontology#Cartel`` -> ``Cartel``."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def class_colours(class_iris: list[str]) -> dict[str, str]:
    """A colour for each class IRI: the chosen one for known classes, a fallback otherwise."""
    colours, spare = {}, iter(FALLBACK_COLOURS * (1 + len(class_iris) // len(FALLBACK_COLOURS)))
    for iri in class_iris:
        colours[iri] = CLASS_COLOURS.get(local_name(iri)) or next(spare)
    return colours


def status_style(statuses: Domain, status_iri: str | None) -> dict:
    """The line style, colour and width of a status (``None``: the source gives none), as the
    ontology's status individual says (cg:lineStyle, cg:lineColour, cg:lineWidth)."""
    if not status_iri:
        return dict(NO_STATUS_STYLE)
    status = statuses.statuses.get(status_iri) or Status(status_iri, local_name(status_iri), None, None)
    return {"line": status.line, "colour": status.colour, "width": status.width}


def claim_line(statuses: Domain, status_iri: str | None, established: bool) -> str:
    """How a claim's line is drawn: ``solid`` when the claim establishes what it states (the
    projection's ``established``, read from the ontology), otherwise its status's line
    (``dashed`` asserted, ``dotted`` withdrawn)."""
    return "solid" if established else status_style(statuses, status_iri)["line"]
