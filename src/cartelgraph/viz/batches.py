"""Long lists of IRIs as several VALUES blocks."""

from __future__ import annotations

from cartelgraph.investigate.claims import values

# IRIs per VALUES block: past about 1,000, Oxigraph 0.5 switches to a plan that reads the
# whole store (17 s instead of 25 ms for 5,000 claims at 1M triples), so longer lists are split.
BATCH = 1000


def batches(variable: str, iris) -> list[str]:
    """VALUES blocks of at most :data:`BATCH` IRIs each, covering ``iris`` in order."""
    ordered = sorted(set(iris))
    return [values(variable, ordered[start:start + BATCH]) for start in range(0, len(ordered), BATCH)]
