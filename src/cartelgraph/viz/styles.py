"""How the network page draws classes and statuses: colours for entity classes, line styles for
claim statuses. Presentation only; any class or status not listed here still gets a style."""

from __future__ import annotations

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

# Colour per status, and the line of a claim that does not establish what it states (a claim that
# does, under its class's cg:statusReading in the ontology, is always drawn solid): asserted
# dashed, withdrawn or refuted dotted and grey, so that nothing reads as stronger than it is.
STATUS_STYLES = {
    "Convicted": {"line": "solid", "colour": "#212121", "width": 3},
    "Confirmed": {"line": "solid", "colour": "#37474f", "width": 2},
    "Reported": {"line": "solid", "colour": "#546e7a", "width": 2},
    "Charged": {"line": "dashed", "colour": "#d84315", "width": 2},
    "Accused": {"line": "dashed", "colour": "#ef6c00", "width": 2},
    "Alleged": {"line": "dashed", "colour": "#f9a825", "width": 2},
    "ChargesDropped": {"line": "dotted", "colour": "#9e9e9e", "width": 2},
    "Acquitted": {"line": "dotted", "colour": "#9e9e9e", "width": 2},
    "Denied": {"line": "dotted", "colour": "#bdbdbd", "width": 2},
}
# Commentary (who spoke about whom), when a page includes it: thin and light, apart from the ties.
COMMENTARY_STYLE = {"colour": "#9fa8da", "width": 1}
NO_STATUS = ""
NO_STATUS_STYLE = {"line": "dashed", "colour": "#b0bec5", "width": 1}
ORDER = list(STATUS_STYLES)


def local_name(iri: str) -> str:
    """``https://w3id.org/cartelgraph/ontology#Cartel`` -> ``Cartel``."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def class_colours(class_iris: list[str]) -> dict[str, str]:
    """A colour for each class IRI: the chosen one for known classes, a fallback otherwise."""
    colours, spare = {}, iter(FALLBACK_COLOURS * (1 + len(class_iris) // len(FALLBACK_COLOURS)))
    for iri in class_iris:
        colours[iri] = CLASS_COLOURS.get(local_name(iri)) or next(spare)
    return colours


def status_style(status_iri: str | None) -> dict:
    """The line style, colour and width for a status IRI (``None``: the source gives none)."""
    if not status_iri:
        return dict(NO_STATUS_STYLE)
    return dict(STATUS_STYLES.get(local_name(status_iri), {"line": "dashed", "colour": "#7e57c2", "width": 2}))


def claim_line(status_iri: str | None, established: bool) -> str:
    """How a claim's line is drawn: ``solid`` when the claim establishes what it states (the
    projection's ``established``, read from the ontology), otherwise its status's line
    (``dashed`` asserted, ``dotted`` withdrawn)."""
    return "solid" if established else status_style(status_iri)["line"]


def status_rank(status_iri: str) -> int:
    """Sort key: established first, refuted last, unknown statuses after the known ones."""
    name = local_name(status_iri) if status_iri else ""
    return ORDER.index(name) if name in ORDER else len(ORDER) + (1 if not name else 0)
