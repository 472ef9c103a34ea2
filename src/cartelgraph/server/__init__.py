"""The SPARQL 1.1 endpoint (``cartelgraph serve``): protocol, limits, guard and query page."""
