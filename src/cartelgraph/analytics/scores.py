"""Scores written back as RDF, in a Turtle file of their own, so SPARQL can rank by them.

A run becomes a ``cg:ScoreSet`` (metric, filters, time) and each entity's value a ``cg:Score``
(``cg:scoreOf`` the entity, ``cg:scoreValue``, ``cg:rank``). Load the file next to the data
(an Oxigraph server, any triple store) and ask, for example::

    SELECT ?label ?value WHERE {
      ?score cg:metric "pagerank" ; cg:scoreOf ?entity ; cg:scoreValue ?value .
      ?entity rdfs:label ?label
    } ORDER BY DESC(?value)

The file is never written into the curated ``graph/`` folder: scores are computations over a
filtered projection, not sourced facts.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from cartelgraph.errors import ParameterError
from cartelgraph.namespace import CG
from cartelgraph.output import atomic_write
from cartelgraph.sparql import PREFIXES

SCORES_BASE = PREFIXES["cgr"] + "score-"


def to_turtle(
    scores: dict[str, float], metric: str, description: str = "the whole network", *, generated: datetime | None = None
) -> bytes:
    """``scores`` (IRI -> value) as Turtle: one ``cg:ScoreSet`` and one ``cg:Score`` per entity."""
    import pyoxigraph as ox

    from cartelgraph.analytics.ranking import ranking

    generated = generated or datetime.now(UTC).replace(microsecond=0)
    digest = hashlib.sha256(f"{metric}\n{description}".encode()).hexdigest()[:10]
    run = ox.NamedNode(f"{SCORES_BASE}{metric}-{digest}")
    rdf_type, label = ox.NamedNode(PREFIXES["rdf"] + "type"), ox.NamedNode(PREFIXES["rdfs"] + "label")

    metric_literal = ox.Literal(metric)
    triples = [
        ox.Triple(run, rdf_type, ox.NamedNode(CG.ScoreSet)),
        ox.Triple(run, label, ox.Literal(f"{metric} over {description}")),
        ox.Triple(run, ox.NamedNode(CG.metric), metric_literal),
        ox.Triple(run, ox.NamedNode(CG.filterDescription), ox.Literal(description)),
        ox.Triple(
            run,
            ox.NamedNode(PREFIXES["prov"] + "generatedAtTime"),
            ox.Literal(generated.isoformat(), datatype=ox.NamedNode(PREFIXES["xsd"] + "dateTime")),
        ),
    ]
    double, integer = (ox.NamedNode(PREFIXES["xsd"] + t) for t in ("double", "integer"))
    for row in ranking(_Labels(scores), scores):
        node = ox.NamedNode(f"{run.value}--{_local(row['iri'])}")
        triples += [
            ox.Triple(node, rdf_type, ox.NamedNode(CG.Score)),
            ox.Triple(node, ox.NamedNode(CG.scoreSet), run),
            ox.Triple(node, ox.NamedNode(CG.scoreOf), ox.NamedNode(row["iri"])),
            ox.Triple(node, ox.NamedNode(CG.metric), metric_literal),
            ox.Triple(node, ox.NamedNode(CG.scoreValue), ox.Literal(repr(float(row["score"])), datatype=double)),
            ox.Triple(node, ox.NamedNode(CG.rank), ox.Literal(str(row["rank"]), datatype=integer)),
        ]
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def save(
    path: str | Path,
    scores: dict[str, float],
    metric: str,
    description: str = "the whole network",
    *,
    data_dir: Path | None = None,
) -> Path:
    """Write :func:`to_turtle` to ``path`` (whole or not at all). A path inside ``data_dir``'s
    ``graph/`` folder is refused: the curated data holds sourced facts only."""
    path = Path(path)
    if data_dir is not None and path.resolve().is_relative_to((Path(data_dir) / "graph").resolve()):
        raise ParameterError("path", str(path), "scores stay out of the curated graph/ folder; choose another path")
    if path.suffix.lower() not in (".ttl", ".turtle"):
        raise ParameterError("path", str(path), "scores are written as Turtle; give a .ttl file name")
    if not path.parent.is_dir():
        raise ParameterError("path", str(path), f"folder {path.parent} does not exist")
    atomic_write(path, to_turtle(scores, metric, description))
    return path


def _local(iri: str) -> str:
    base = PREFIXES["cgr"]
    if iri.startswith(base) and "/" not in iri[len(base) :]:
        return iri[len(base) :]
    return hashlib.sha256(iri.encode()).hexdigest()[:16]


class _Labels:
    """Stand-in for a graph in :func:`ranking` when only IRIs are known (ties by IRI)."""

    def __init__(self, scores):
        self.nodes = {iri: {"label": iri} for iri in scores}

    def __contains__(self, iri) -> bool:
        return iri in self.nodes
