"""The network as files for other tools: GraphML and GEXF (Gephi, yEd, Cytoscape), node and
edge CSVs (spreadsheets, Gephi's importer), and RDF of the projected subgraph.

GraphML and GEXF hold only strings, numbers and booleans: a missing date or status becomes
``""`` and a list becomes space-separated text, because Gephi rejects empty values and sets.
"""

from __future__ import annotations

import io
from pathlib import Path

from cartelgraph.analytics.network import short
from cartelgraph.internal_queries import query
from cartelgraph.output import atomic_write, csv_text
from cartelgraph.projection import EDGE_FIELDS

NODE_FIELDS = ["label", "iri", "class", "class_iri", "classes"]
# A claim edge's attributes as the projection gives them (EDGE_FIELDS), its label first: the
# outcome, whether its status establishes the edge, and commentary travel with it.
CLAIM_EDGE_FIELDS = ["label", *EDGE_FIELDS]
WEIGHTED_EDGE_FIELDS = ["weight", "distance", "relations", "claims"]


def portable(G):
    """A copy of ``G`` whose attributes GraphML, GEXF and Gephi all accept (see module doc):
    nodes get ``label``, ``iri``, ``class`` (local name), ``class_iri``, ``classes``; claim
    edges ``label`` (the relation's), ``relation``, ``claim``, ``claim_class``, dates, ``status``
    (local name, ``""`` when the source gives none), ``symmetric``, ``outcome``, ``established`` and
    ``commentary``; weighted edges
    ``weight``, ``distance``, ``relations`` and ``claims``."""
    copy = G.__class__()
    for node, attrs in G.nodes(data=True):
        copy.add_node(
            node,
            label=attrs.get("label", node),
            iri=attrs.get("iri", node),
            **{
                "class": short(attrs["cls"]) if attrs.get("cls") else "",
                "class_iri": attrs.get("cls") or "",
                "classes": " ".join(short(c) for c in attrs.get("classes", ())),
            },
        )
    if G.is_multigraph():
        for source, target, key, attrs in G.edges(keys=True, data=True):
            copy.add_edge(source, target, key=key, **_claim_edge(attrs))
    else:
        for source, target, attrs in G.edges(data=True):
            copy.add_edge(
                source,
                target,
                weight=attrs.get("weight", 1),
                distance=float(attrs.get("distance", 1.0)),
                relations=" ".join(sorted(short(r) for r in attrs.get("relations", ()))),
                claims=" ".join(attrs.get("claims", ())),
            )
    return copy


def _claim_edge(attrs: dict) -> dict:
    return {
        "label": attrs.get("relation_label") or "",
        "relation": attrs.get("relation") or "",
        "relation_label": attrs.get("relation_label") or "",
        "claim": attrs.get("claim") or "",
        "claim_class": short(attrs["claim_class"]) if attrs.get("claim_class") else "",
        "date": attrs.get("date") or "",
        "start_date": attrs.get("start_date") or "",
        "end_date": attrs.get("end_date") or "",
        "status": short(attrs["status"]) if attrs.get("status") else "",
        "symmetric": bool(attrs.get("symmetric", False)),
        "outcome": short(attrs["outcome"]) if attrs.get("outcome") else "",
        "established": bool(attrs.get("established", False)),
        "commentary": bool(attrs.get("commentary", False)),
    }


def graphml(G) -> bytes:
    """``G`` as GraphML (labels, classes and edge attributes; parallel claim edges keep their
    keys as edge ids)."""
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_graphml(portable(G), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def gexf(G) -> bytes:
    """``G`` as GEXF 1.2, Gephi's own format."""
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_gexf(portable(G), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def node_rows(G) -> list[dict]:
    """Node table rows with Gephi's column names (``Id``, ``Label``) and the class columns."""
    return [
        {"Id": node, "Label": attrs["label"], "class": attrs["class"], "classes": attrs["classes"]}
        for node, attrs in portable(G).nodes(data=True)
    ]


def edge_rows(G) -> list[dict]:
    """Edge table rows with Gephi's column names (``Source``, ``Target``, ``Type``) and the
    edge attributes."""
    ready = portable(G)
    kind = "Directed" if G.is_directed() else "Undirected"
    return [
        {"Source": source, "Target": target, "Type": kind, **attrs} for source, target, attrs in ready.edges(data=True)
    ]


def write_csv(G, folder: str | Path) -> tuple[Path, Path]:
    """Write ``nodes.csv`` and ``edges.csv`` into ``folder`` (created if missing): both files
    or neither. If ``edges.csv`` cannot be written, ``nodes.csv`` is put back as it was (or
    removed, and the folder with it if this call made it)."""
    from cartelgraph.errors import OutputError

    folder = Path(folder)
    made = not folder.exists()
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot write {folder}: {error.strerror}") from None
    fields = CLAIM_EDGE_FIELDS if G.is_multigraph() else WEIGHTED_EDGE_FIELDS
    nodes, edges = folder / "nodes.csv", folder / "edges.csv"
    node_text = csv_text(node_rows(G), ["Id", "Label", "class", "classes"]).encode()
    edge_text = csv_text(edge_rows(G), ["Source", "Target", "Type", *fields]).encode()
    before = nodes.read_bytes() if nodes.is_file() else None
    try:
        atomic_write(nodes, node_text)
        atomic_write(edges, edge_text)
    except OutputError:
        if before is not None:
            atomic_write(nodes, before)
        else:
            nodes.unlink(missing_ok=True)
            if made:
                folder.rmdir()
        raise
    return nodes, edges


RDF_FORMATS = {"ttl": "turtle", "turtle": "turtle", "nt": "nt", "jsonld": "jsonld"}


def rdf(graph, multigraph=None, fmt: str = "ttl", *, timeout: float | None = 120.0) -> bytes:
    """RDF of the projected subgraph: its entities, its claims with their evidence nodes and
    sources, and one derived edge (``cg:colludedWith`` …) per projected claim edge, so edges
    of claims the filters left out do not leak in. Without ``multigraph``, everything the graph
    holds (ontology included). ``fmt``: ``ttl``, ``nt`` or ``jsonld``."""
    import pyoxigraph as ox

    from cartelgraph.sparql import PREFIXES

    name = RDF_FORMATS[fmt]
    triples = [
        ox.Triple(row["s"], row["p"], row["o"]) for row in graph.query(query("all-triples"), timeout=timeout).rows
    ]
    if multigraph is None:
        return _written(triples, name)
    derived = {row["edge"] for row in graph.select(query("derived-edges"), timeout=timeout)}
    claims = {attrs["claim"] for _, _, attrs in multigraph.edges(data=True)}
    keep = set(multigraph) | claims
    for predicate in (PREFIXES["cg"] + "evidence", PREFIXES["cg"] + "source"):
        keep |= {
            t.object.value
            for t in triples
            if t.subject.value in keep and t.predicate.value == predicate and isinstance(t.object, ox.NamedNode)
        }
    chosen = [
        t
        for t in triples
        if isinstance(t.subject, ox.NamedNode) and t.subject.value in keep and t.predicate.value not in derived
    ]
    chosen += [
        ox.Triple(ox.NamedNode(s), ox.NamedNode(a["relation"]), ox.NamedNode(t))
        for s, t, a in multigraph.edges(data=True)
    ]
    return _written(chosen, name)


def _written(triples: list, name: str) -> bytes:
    """``triples`` in sorted order (the same bytes whichever store or engine gave them)."""
    import pyoxigraph as ox

    from cartelgraph.sparql import PREFIXES

    chosen = sorted(set(triples), key=str)
    format_ = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}[name]
    if format_ == ox.RdfFormat.TURTLE:
        return ox.serialize(chosen, format=format_, prefixes=PREFIXES)
    return ox.serialize(chosen, format=format_)
