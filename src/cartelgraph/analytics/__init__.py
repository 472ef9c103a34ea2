"""Network analytics over the projection of the claims: centrality, communities, brokers,
paths, exports and scores saved as RDF. Notebooks and the CLI call the same functions; every
function that takes a node takes its label, an alias or its IRI as well.

>>> import cartelgraph as cg
>>> G = cg.network(exclude_statuses=["Alleged"])
>>> cg.ranking(G, "pagerank", top=3, as_frame=True)["label"].tolist()
['Mexico', 'Secretariat of National Defense', 'Mexican Armed Forces']
"""

from cartelgraph.analytics.brokers import articulation_points, bridge_table, bridges, broker_table, separators
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
    community_table,
    label_propagation,
    louvain,
    membership_table,
    modularity,
)
from cartelgraph.analytics.communities import summary as summary  # deprecated: community_table
from cartelgraph.analytics.network import check_filters, describe, network
from cartelgraph.analytics.nodes import knowledge_graph, node, node_key, node_keys
from cartelgraph.analytics.paths import Path, paths
from cartelgraph.analytics.ranking import ranking
from cartelgraph.analytics.views import administration_views, rankings, sizes, status_views
from cartelgraph.domain import ADMINISTRATIONS, administration
from cartelgraph.projection import Filters, project, weighted

__all__ = [
    "ADMINISTRATIONS",
    "Filters",
    "MEASURES",
    "METHODS",
    "Path",
    "administration",
    "administration_views",
    "articulation_points",
    "betweenness",
    "bridge_table",
    "bridges",
    "broker_table",
    "centrality",
    "check_filters",
    "closeness",
    "communities",
    "community_table",
    "compare",
    "degree",
    "describe",
    "eigenvector",
    "kcore",
    "knowledge_graph",
    "label_propagation",
    "louvain",
    "membership_table",
    "modularity",
    "network",
    "node",
    "node_key",
    "node_keys",
    "pagerank",
    "paths",
    "project",
    "ranking",
    "rankings",
    "separators",
    "sizes",
    "status_views",
    "strength",
    "weighted",
]
