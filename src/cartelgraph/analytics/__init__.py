"""Network analytics over the projection of the claims: centrality, communities, brokers,
exports and scores saved as RDF. Notebooks and the CLI call the same functions.

>>> from cartelgraph import open_graph                        # doctest: +SKIP
>>> from cartelgraph.analytics import network, pagerank, ranking
>>> G = network(open_graph(), exclude_statuses=["Alleged"])   # doctest: +SKIP
>>> ranking(pagerank(G), G, top=5, as_frame=True)             # doctest: +SKIP
"""

from cartelgraph.analytics.brokers import (
    articulation_points,
    bridge_table,
    bridges,
    broker_table,
    separators,
)
from cartelgraph.analytics.centrality import (
    MEASURES,
    betweenness,
    centrality,
    closeness,
    compare,
    degree,
    eigenvector,
    kcore,
    pagerank,
    strength,
)
from cartelgraph.analytics.communities import (
    METHODS,
    communities,
    label_propagation,
    louvain,
    membership_table,
    modularity,
    summary,
)
from cartelgraph.analytics.network import check_filters, describe, network, ranking
from cartelgraph.analytics.views import administration_views, rankings, sizes, status_views
from cartelgraph.projection import ADMINISTRATIONS, Filters, administration, project, weighted

__all__ = [
    "ADMINISTRATIONS", "Filters", "MEASURES", "METHODS", "administration", "administration_views",
    "articulation_points", "betweenness",
    "bridge_table", "bridges", "broker_table", "centrality", "check_filters", "closeness", "communities",
    "compare", "degree", "describe", "eigenvector", "kcore", "label_propagation", "louvain", "membership_table",
    "modularity", "network", "pagerank", "project", "ranking", "rankings", "separators", "sizes", "status_views",
    "strength", "summary", "weighted",
]
