"""Scores as a ranking: rows ``rank, iri, label, class, <score>``, highest first."""

from __future__ import annotations

import warnings
from collections.abc import Mapping

from cartelgraph.analytics.centrality import centrality
from cartelgraph.analytics.network import describe

COLUMNS = ["rank", "iri", "label", "class"]


def ranking(
    G,
    by: str | Mapping = "pagerank",
    *,
    top: int | None = None,
    as_frame: bool = False,
    column: str | None = None,
    **options,
):
    """The nodes of ``G`` ranked by a measure, highest score first (ties by label).

    Parameters
    ----------
    by : a measure's name (one of :data:`~cartelgraph.analytics.centrality.MEASURES`:
        ``pagerank``, ``degree``, ``betweenness``, ``closeness``, ``eigenvector``, ``kcore``),
        or scores already computed (a dict keyed by node).
    top : only the first ``top`` rows.
    as_frame : return a pandas DataFrame instead of a list of dicts.
    column : the name of the score column (default: the measure's name, or ``score``).
    options : the measure's keywords (``k``, ``seed`` for betweenness; ``backend``).

    Returns
    -------
    Rows ``rank, iri, label, class, <column>``; equal scores share a rank (1, 2, 2, 4).
    ``ranking(scores, G)``, the order before 0.2, still works and warns.

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> for row in ranking(G, "degree"):
    ...     print(row)
    {'rank': 1, 'iri': 'b', 'label': 'b', 'class': '', 'degree': 1.0}
    {'rank': 2, 'iri': 'a', 'label': 'a', 'class': '', 'degree': 0.5}
    {'rank': 2, 'iri': 'c', 'label': 'c', 'class': '', 'degree': 0.5}
    >>> import cartelgraph as cg
    >>> top = cg.ranking(cg.network(), "pagerank", top=3, as_frame=True)
    >>> print(top[["rank", "label", "class"]].to_string())
       rank                            label    class
    0     1                           Mexico  Country
    1     2  Secretariat of National Defense   Agency
    2     3             Mexican Armed Forces   Agency
    """
    if isinstance(G, Mapping) and not isinstance(by, str | Mapping):
        warnings.warn("ranking(scores, G) is deprecated; write ranking(G, scores)", DeprecationWarning, stacklevel=2)
        G, by = by, G
    if isinstance(by, str):
        scores, column = centrality(G, by, **options), column or by
    else:
        if options:
            raise TypeError(f"ranking() options {sorted(options)} apply to a measure named by 'by', not to scores")
        scores, column = by, column or "score"
    ordered = sorted(scores.items(), key=lambda item: (-item[1], G.nodes[item[0]].get("label", item[0])))
    rows, rank, previous = [], 0, None
    for position, (node, value) in enumerate(ordered, 1):
        if value != previous:
            rank, previous = position, value
        if top is not None and position > top:
            break
        rows.append({"rank": rank, **describe(G, node), column: value})
    if as_frame:
        import pandas as pd

        return pd.DataFrame.from_records(rows, columns=[*COLUMNS, column])
    return rows
