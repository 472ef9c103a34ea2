"""Claims projected to networkx, driven by the ontology's cg:DerivedEdge declarations.

Only entities become nodes (never literals or classes); each claim gives one edge per
(source-role entity, target-role entity) pair, carrying the relation, the claim IRI, its class,
date and status. There is no per-class code: a new claim class with a derived edge in the
ontology shows up here by itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from cartelgraph.graph import KnowledgeGraph

EDGES_QUERY = """
SELECT ?claim ?claimClass ?relation ?relationLabel ?source ?target ?symmetric ?date ?startDate ?endDate ?status
WHERE {
  ?relation a cg:DerivedEdge ; cg:fromClaim ?claimClass ; cg:sourceRole ?sr ; cg:targetRole ?tr ;
            rdfs:label ?relationLabel .
  ?claim a ?claimClass ; ?sr ?source ; ?tr ?target .
  FILTER(?source != ?target && (?sr != ?tr || STR(?source) < STR(?target)))
  OPTIONAL { ?claim cg:date ?date }
  OPTIONAL { ?claim cg:startDate ?startDate }
  OPTIONAL { ?claim cg:endDate ?endDate }
  OPTIONAL { ?claim cg:status ?status }
  # BIND last: a BIND in the middle splits the pattern, and Oxigraph then matches the claim
  # patterns with unbound predicates against every triple before joining (75x slower).
  BIND(?sr = ?tr AS ?symmetric)
}"""

NODES_QUERY = """
SELECT ?entity ?label ?class (GROUP_CONCAT(STR(?type); separator=" ") AS ?types) WHERE {
  ?entity a cg:Entity ; rdfs:label ?label ; a ?class ; a ?type .
  ?class rdfs:subClassOf* cg:Entity .
  ?type rdfs:subClassOf* cg:Entity .
  # MINUS, not FILTER NOT EXISTS (same rows: ?entity and ?class are bound): one anti-join instead
  # of a join over every typed entity per row (30% of the projection at 1M triples).
  MINUS { ?entity a ?sub . ?sub rdfs:subClassOf ?class . FILTER(?sub != ?class) }
} GROUP BY ?entity ?label ?class"""

CG = "https://w3id.org/cartelgraph/ontology#"


@dataclass(frozen=True)
class Filters:
    """What every analytic may leave out. Names may be IRIs or cg: local names.

    ``classes``: keep only entities of these classes (subclasses included: ``Person`` keeps
    officials). ``relations``: keep only edges of these derived edges or claim classes
    (``colludedWith`` or ``Collusion``). ``statuses`` / ``exclude_statuses``: keep or drop claims
    by status (``Alleged``, ``Convicted``…). ``as_of``: the network as it stood on a date
    (``2019``, ``2019-06``, ``2019-06-30``): claims that started by then and had not ended.
    ``period``: ``(start, end)``, claims overlapping it. Undated claims are kept unless
    ``include_undated`` is False, because a missing date is unknown, not absent.
    """

    classes: frozenset[str] | None = None
    relations: frozenset[str] | None = None
    statuses: frozenset[str] | None = None
    exclude_statuses: frozenset[str] | None = None
    as_of: str | None = None
    period: tuple[str | None, str | None] | None = None
    include_undated: bool = True

    @classmethod
    def of(cls, *, classes=None, relations=None, statuses=None, exclude_statuses=None,
           as_of=None, period=None, include_undated=True) -> Filters:
        def iris(names):
            if not names:
                return None
            if isinstance(names, str):
                names = [names]
            return frozenset(n if "://" in n else CG + n.removeprefix("cg:") for n in names)

        return cls(iris(classes), iris(relations), iris(statuses), iris(exclude_statuses),
                   as_of, tuple(period) if period else None, include_undated)

    def keeps_node(self, attrs: dict) -> bool:
        return self.classes is None or bool(self.classes & set(attrs.get("classes", ())))

    def keeps_edge(self, attrs: dict) -> bool:
        if self.relations is not None and not ({attrs["relation"], attrs["claim_class"]} & self.relations):
            return False
        status = attrs.get("status")
        if self.statuses is not None and status not in self.statuses:
            return False
        if self.exclude_statuses is not None and status in self.exclude_statuses:
            return False
        if self.as_of is None and self.period is None:
            return True
        start = attrs.get("date") or attrs.get("start_date")
        end = attrs.get("end_date") or attrs.get("date")
        if start is None and end is None:
            return self.include_undated
        first, last = earliest(start or end), latest(end or "9999")
        if self.as_of is not None:
            ended = attrs.get("end_date")
            if first > latest(self.as_of) or (ended is not None and latest(ended) < earliest(self.as_of)):
                return False
        if self.period is not None:
            low, high = self.period
            if high is not None and first > latest(high):
                return False
            if low is not None and last < earliest(low):
                return False
        return True


def earliest(date: str) -> str:
    """The first day a date of any precision covers: '2019' -> '2019-01-01'."""
    return (date + "-01-01"[len(date) - 4:])[:10] if len(date) < 10 else date[:10]


def latest(date: str) -> str:
    """The last day (lexically) a date of any precision covers: '2019' -> '2019-12-31'."""
    return (date + "-12-31"[len(date) - 4:])[:10] if len(date) < 10 else date[:10]


def project(graph: KnowledgeGraph, filters: Filters | None = None, *, timeout: float | None = 120.0):
    """A ``networkx.MultiDiGraph``: entity nodes (``iri``, ``label``, ``cls``, ``classes``) and
    one edge per claim and participant pair (``relation``, ``relation_label``, ``claim``,
    ``claim_class``, ``date``, ``start_date``, ``end_date``, ``status``, ``symmetric``), keyed by
    ``"<claim IRI> <relation IRI>"``. ``filters`` leaves out nodes and edges (see
    :class:`Filters`); nodes left without any edge stay, so counts of actors remain honest."""
    import networkx as nx

    filters = filters or Filters()
    multigraph = nx.MultiDiGraph()
    for row in graph.select(NODES_QUERY, timeout=timeout):
        attrs = dict(iri=row["entity"], label=row["label"], cls=row["class"],
                     classes=tuple(sorted(row["types"].split())))
        if filters.keeps_node(attrs):
            multigraph.add_node(row["entity"], **attrs)
    for row in graph.select(EDGES_QUERY, timeout=timeout):
        source, target = row["source"], row["target"]
        if source not in multigraph or target not in multigraph:
            continue  # a participant that is not a labelled entity is reported by validate
        attrs = dict(
            relation=row["relation"], relation_label=row["relationLabel"], claim=row["claim"],
            claim_class=row["claimClass"], date=row.get("date"), start_date=row.get("startDate"),
            end_date=row.get("endDate"), status=row.get("status"), symmetric=bool(row.get("symmetric")),
        )
        if filters.keeps_edge(attrs):
            multigraph.add_edge(source, target, key=f"{row['claim']} {row['relation']}", **attrs)
    return multigraph


def weighted(multigraph):
    """A simple undirected ``networkx.Graph`` for centrality: one edge per pair of entities.

    ``weight`` is the number of claims linking the pair (a strength: PageRank and eigenvector
    read it so); ``distance`` is ``1 / weight`` (a length: pass ``weight="distance"`` to
    betweenness, closeness and shortest paths, which read weights as distances). ``claims``
    and ``relations`` list what the edge stands for."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(multigraph.nodes(data=True))
    for source, target, attrs in multigraph.edges(data=True):
        if simple.has_edge(source, target):
            edge = simple[source][target]
            edge["weight"] += 1
            edge["claims"].append(attrs["claim"])
            edge["relations"].add(attrs["relation"])
        else:
            simple.add_edge(source, target, weight=1, claims=[attrs["claim"]], relations={attrs["relation"]})
    for _, _, edge in simple.edges(data=True):
        edge["distance"] = 1.0 / edge["weight"]
    return simple


# Mexican federal administrations, for Filters.of(period=administration("amlo")). The end of the
# current one is open (None): claims up to today.
ADMINISTRATIONS = {
    "pena-nieto": ("Enrique Peña Nieto", "2012-12-01", "2018-11-30"),
    "amlo": ("Andrés Manuel López Obrador", "2018-12-01", "2024-09-30"),
    "sheinbaum": ("Claudia Sheinbaum", "2024-10-01", None),
}


def administration(name: str) -> tuple[str, str | None]:
    """The ``(start, end)`` period of an administration in :data:`ADMINISTRATIONS`
    (``pena-nieto``, ``amlo``, ``sheinbaum``), ready for ``Filters.of(period=...)``."""
    try:
        _, start, end = ADMINISTRATIONS[name]
    except KeyError:
        from cartelgraph.errors import UsageError

        raise UsageError(f"unknown administration {name!r}; known: {', '.join(ADMINISTRATIONS)}") from None
    return start, end
