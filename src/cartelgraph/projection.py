"""Claims projected to networkx, driven by the ontology's cg:DerivedEdge declarations.

Only entities become nodes (never literals or classes); each claim gives one edge per
(source-role entity, target-role entity) pair of the derived edge its outcome fits (an attempted
arrest gives ``attemptedArrestOf``, not ``arrested``: see :mod:`cartelgraph.edge_rule`), carrying
the relation, the claim IRI, its class, date, status, outcome and whether the claim establishes
the relation (only then does the store hold the direct triple). These are the store's
``cg:Link`` nodes, one edge per supporting claim. There is no per-class code: a new claim class
with a derived edge in the ontology shows up here by itself.

The rows come from a few queries that each match one simple pattern (the entity types, the
labels, the claims of each derived edge, the claim dates and statuses), joined here in Python.
One query joining it all took 12 s at a million triples, because Oxigraph evaluated its
OPTIONALs and unbound predicates for every claim; the simple patterns take under 3 s, all in
one worker process.
"""

from __future__ import annotations

from dataclasses import dataclass

from cartelgraph.dates import OPEN, item_span, latest, overlaps
from cartelgraph.edge_rule import outcome_fits
from cartelgraph.graph import KnowledgeGraph
from cartelgraph.internal_queries import query
from cartelgraph.knowledge_graph import short
from cartelgraph.namespace import CG, NS
from cartelgraph.substitute import filled

PROJECTION_CACHE = "projection-3.marshal"  # raise the number when projection_rows changes
EDGE_FIELDS = (
    "relation",
    "relation_label",
    "claim",
    "claim_class",
    "date",
    "start_date",
    "end_date",
    "status",
    "symmetric",
    "outcome",
    "established",
    "commentary",
)
FIELDS = {CG.date: "date", CG.startDate: "start_date", CG.endDate: "end_date", CG.status: "status"}


def projection_rows(graph: KnowledgeGraph, timeout: float | None = 120.0) -> tuple[list[tuple], list[tuple]]:
    """The projection as plain rows, both lists sorted: nodes ``(iri, label, cls, classes)``
    for every labelled entity (``cls`` its most specific class, ``classes`` all of them), and
    edges ``(source, target, relation, relation_label, claim, claim_class, date, start_date,
    end_date, status, symmetric, outcome, established, commentary)``. Where a claim or entity
    holds two values of one field (two labels, two dates) the least one is taken, so the result
    does not depend on row order.

    The claims' edges are matched in one worker while the nodes and the claims' dates and
    statuses are read in another: on two cores that halves the time."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        matching = pool.submit(graph.run, _edge_matches, timeout=timeout)
        nodes, fields = graph.run(_nodes_and_claim_fields, timeout=timeout)
        rules, matches, outcomes, established = matching.result()
    edges = set()
    for number, claim, source, target in matches:
        relation, label, claim_class, symmetric, commentary = rules[number]
        if symmetric and not source < target:
            continue  # the same link seen from its other end
        edges.add(
            (
                source,
                target,
                relation,
                label,
                claim,
                claim_class,
                *fields.get(claim, NO_FIELDS),
                symmetric,
                min(outcomes.get(claim, ()), default=None),
                claim in established,
                commentary,
            )
        )
    return nodes, sorted(edges, key=lambda edge: edge[:6])


NO_FIELDS = (None,) * len(FIELDS)


def _nodes_and_claim_fields(graph: KnowledgeGraph) -> tuple[list[tuple], dict[str, tuple]]:
    """The sorted node rows, and each claim's ``(date, start_date, end_date, status)``."""
    from collections import defaultdict

    parents: dict[str, set[str]] = defaultdict(set)
    for row in graph.select(query("entity-classes")):
        parents[row["class"]].add(row.get("super"))
    types: dict[str, set[str]] = defaultdict(set)
    if parents:
        for row in graph.select(filled(query("members-of-classes"), {"class": sorted(parents)})):
            types[row["member"]].add(row["class"])
    labels: dict[str, str] = {}
    for row in graph.select(query("labels")):
        entity, label = row["entity"], str(row["label"])
        if CG.Entity in types.get(entity, ()) and (entity not in labels or label < labels[entity]):
            labels[entity] = label
    nodes = []
    for entity, label in labels.items():
        classes = types[entity]
        specific = sorted(c for c in classes if not any(c in parents[other] for other in classes if other != c))
        nodes.append((entity, label, specific[0], tuple(sorted(classes))))

    order = list(FIELDS.values())
    fields: dict[str, list] = {}
    for row in graph.select(query("claim-fields")):
        values = fields.setdefault(row["claim"], [None] * len(order))
        at, value = order.index(FIELDS[row["field"]]), row["value"]
        if values[at] is None or str(value) < str(values[at]):
            values[at] = value
    return sorted(nodes), {claim: tuple(values) for claim, values in fields.items()}


def _edge_matches(graph: KnowledgeGraph) -> tuple[list[tuple], list[tuple], dict, set]:
    """The derived-edge rules ``(relation, label, claim class, symmetric, commentary)``, each claim's
    matches ``(rule number, claim, source, target)`` whose outcome fits the rule, the claims'
    outcomes and the set of claims that establish what they state."""
    import pyoxigraph as ox

    labels = {}  # (relation, claim class, source role, target role) -> the relation's label
    commentary = set()
    for row in graph.select(query("edge-declarations")):
        key = (row["relation"], row["claimClass"], row["sr"], row["tr"])
        labels[key] = min(labels.get(key, row["relationLabel"]), row["relationLabel"])
        if row["commentary"]:
            commentary.add(row["relation"])
    if not labels:
        return [], [], {}, set()
    declared = sorted(labels)
    rules = [
        (relation, labels[key], cls, sr == tr, relation in commentary)
        for key in declared
        for relation, cls, sr, tr in [key]
    ]
    required: dict[str, set[str]] = {}
    for row in graph.select(query("edge-outcomes")):
        required.setdefault(row["relation"], set()).add(row["outcome"])
    establishing = {row["outcome"] for row in graph.select(query("establishing-outcomes"))}
    outcomes: dict[str, set[str]] = {}
    for row in graph.select(query("claim-outcomes")):
        outcomes.setdefault(row["claim"], set()).add(row["outcome"])
    numbered = [(ox.Literal(n), cls, sr, tr) for n, (_, cls, sr, tr) in enumerate(declared)]
    matches = [
        (row["rule"], row["claim"], row["source"], row["target"])
        for row in graph.select(filled(query("edge-matches"), {("rule", "claimClass", "sr", "tr"): numbered}))
        if outcome_fits(required.get(rules[row["rule"]][0], ()), outcomes.get(row["claim"], ()), establishing)
    ]
    readings = [(row["class"], row["status"]) for row in graph.select(query("status-readings"))]
    established = (
        {row["claim"] for row in graph.select(filled(query("established-claims"), {("class", "status"): readings}))}
        if readings
        else set()
    )
    return rules, matches, outcomes, established


@dataclass(frozen=True)
class Filters:
    """What every analytic may leave out. Names may be IRIs or cg: local names.

    ``classes``: keep only entities of these classes (subclasses included: ``Person`` keeps
    officials). ``relations``: keep only edges of these derived edges or claim classes
    (``colludedWith`` or ``Collusion``); ``exclude_relations``: leave those out (``spokeAbout``:
    who commented on whom is not a tie between actors). ``statuses`` / ``exclude_statuses``: keep or drop claims
    by status (``Alleged``, ``Convicted``…). ``as_of``: the network as it stood on a date
    (``2019``, ``2019-06``, ``2019-06-30``): claims that started by then and had not ended.
    ``period``: ``(start, end)``, claims overlapping it. Undated claims are kept unless
    ``include_undated`` is False, because a missing date is unknown, not absent.
    ``include_commentary``: keep the edges of commentary relations (``cg:CommentaryEdge``:
    who spoke about, recommended to or denied whom), which are left out by default because
    commentary is not a tie; a commentary relation named in ``relations`` is kept too.
    """

    classes: frozenset[str] | None = None
    relations: frozenset[str] | None = None
    statuses: frozenset[str] | None = None
    exclude_statuses: frozenset[str] | None = None
    as_of: str | None = None
    period: tuple[str | None, str | None] | None = None
    include_undated: bool = True
    exclude_relations: frozenset[str] | None = None
    include_commentary: bool = False

    @classmethod
    def of(
        cls,
        *,
        classes=None,
        relations=None,
        statuses=None,
        exclude_statuses=None,
        as_of=None,
        period=None,
        include_undated=True,
        exclude_relations=None,
        include_commentary=False,
    ) -> Filters:
        def iris(names):
            if not names:
                return None
            if isinstance(names, str):
                names = [names]
            return frozenset(n if "://" in n else NS + n.removeprefix("cg:") for n in names)

        return cls(
            iris(classes),
            iris(relations),
            iris(statuses),
            iris(exclude_statuses),
            as_of,
            tuple(period) if period else None,
            include_undated,
            exclude_relations=iris(exclude_relations),
            include_commentary=bool(include_commentary),
        )

    def keeps_node(self, attrs: dict) -> bool:
        return self.classes is None or bool(self.classes & set(attrs.get("classes", ())))

    def keeps_edge(self, attrs: dict) -> bool:
        named = {attrs["relation"], attrs["claim_class"]}
        if self.relations is not None and not (named & self.relations):
            return False
        if attrs.get("commentary") and not self.include_commentary and self.relations is None:
            return False
        if self.exclude_relations is not None and named & self.exclude_relations:
            return False
        status = attrs.get("status")
        if self.statuses is not None and status not in self.statuses:
            return False
        if self.exclude_statuses is not None and status in self.exclude_statuses:
            return False
        if self.as_of is None and self.period is None:
            return True
        days = item_span(attrs, open_end=True)  # a claim that began and is not said to end holds on
        if days is None:
            return self.include_undated
        if self.as_of is not None:  # what held on that day: begun by then, and not ended before it
            ended = attrs.get("end_date")
            if not overlaps((days[0], latest(ended) if ended else OPEN), self.as_of, self.as_of):
                return False
        return self.period is None or overlaps(days, *self.period)


def project(graph: KnowledgeGraph, filters: Filters | None = None, *, timeout: float | None = 120.0):
    """A ``networkx.MultiDiGraph``: entity nodes (``iri``, ``label``, ``class``: the most specific
    class's local name, ``cls``: its IRI, ``classes``: every class's IRI) and
    one edge per claim and participant pair (``relation``, ``relation_label``, ``claim``,
    ``claim_class``, ``date``, ``start_date``, ``end_date``, ``status``, ``symmetric``,
    ``outcome``, ``established``, ``commentary``), keyed by ``"<claim IRI> <relation IRI>"``.
    ``filters`` leaves out nodes and edges (see :class:`Filters`; by default the commentary
    edges); nodes left without any edge stay, so counts of actors remain honest."""
    return as_multigraph(*kept(graph, filters, timeout=timeout))


def as_multigraph(nodes: dict, edges: dict):
    """The ``networkx.MultiDiGraph`` of what :func:`kept` returns."""
    import networkx as nx

    multigraph = nx.MultiDiGraph()
    multigraph.add_nodes_from(nodes.items())
    multigraph.add_edges_from((source, target, key, attrs) for (source, target, key), attrs in edges.items())
    return multigraph


def kept(graph: KnowledgeGraph, filters: Filters | None = None, *, timeout: float | None = 120.0):
    """What :func:`project` builds, before it is a graph: ``{iri: node attributes}`` and
    ``{(source, target, key): edge attributes}``, in the order the graph adds them.

    The rows are computed once per store (:meth:`KnowledgeGraph.cached`): a million triples
    take seconds to project, and a notebook projects the same store again and again."""
    filters = filters or Filters()
    node_rows, edge_rows = graph.cached(PROJECTION_CACHE, projection_rows, timeout)
    nodes = {}
    for iri, label, cls, classes in node_rows:
        attrs = {"iri": iri, "label": label, "class": cls.rsplit("#", 1)[-1], "cls": cls, "classes": tuple(classes)}
        if filters.keeps_node(attrs):
            nodes[iri] = attrs
    keep_all = filters == Filters(include_commentary=True)
    edges = {}
    for source, target, *values in edge_rows:
        if source not in nodes or target not in nodes:
            continue  # a participant that is not a labelled entity is reported by validate
        attrs = dict(zip(EDGE_FIELDS, values, strict=True))
        if keep_all or filters.keeps_edge(attrs):
            edges[source, target, f"{attrs['claim']} {attrs['relation']}"] = attrs
    return nodes, edges


def weighted(multigraph):
    """A simple undirected ``networkx.Graph`` for centrality: one edge per pair of entities.

    ``weight`` is the number of claims linking the pair (a strength: PageRank and eigenvector
    read it so); ``distance`` is ``1 / weight`` (a length: pass ``weight="distance"`` to
    betweenness, closeness and shortest paths, which read weights as distances). ``claims``
    and ``relations`` list what the edge stands for."""
    return collapse(multigraph.nodes(data=True), multigraph.edges(data=True))


def weighted_network(graph: KnowledgeGraph, filters: Filters | None = None, *, timeout: float | None = 120.0):
    """``weighted(project(graph, filters))``, without building the multigraph in between."""
    nodes, edges = kept(graph, filters, timeout=timeout)
    return collapse(nodes.items(), ((source, target, attrs) for (source, target, _), attrs in edges.items()))


def collapse(nodes, edges):
    """The weighted simple graph of ``nodes`` ``(iri, attrs)`` and ``edges`` ``(source, target,
    attrs)`` (see :func:`weighted`)."""
    import networkx as nx

    pairs: dict[tuple[str, str], dict] = {}  # plain dict lookups: networkx's views cost 3x more
    for source, target, attrs in edges:
        edge = pairs.get((source, target)) or pairs.get((target, source))
        if edge is not None:
            edge["weight"] += 1
            edge["claims"].append(attrs["claim"])
            edge["relations"].add(attrs["relation"])
        else:
            pairs[source, target] = {"weight": 1, "claims": [attrs["claim"]], "relations": {attrs["relation"]}}
    for edge in pairs.values():
        edge["distance"] = 1.0 / edge["weight"]
    simple = nx.Graph()
    simple.add_nodes_from(nodes)
    simple.add_edges_from((source, target, edge) for (source, target), edge in pairs.items())
    return simple


def describe_filters(filters, **options) -> str:
    """The filters and options in words, e.g. ``exclude status Alleged; as of 2020; k=100``."""
    parts = []
    for label, values in (
        ("classes", filters.classes),
        ("relations", filters.relations),
        ("exclude relations", filters.exclude_relations),
        ("status", filters.statuses),
        ("exclude status", filters.exclude_statuses),
    ):
        if values:
            parts.append(f"{label} {', '.join(sorted(short(v) for v in values))}")
    if filters.as_of:
        parts.append(f"as of {filters.as_of}")
    if filters.period:
        parts.append(f"period {filters.period[0] or '…'}..{filters.period[1] or '…'}")
    if (filters.as_of or filters.period) and not filters.include_undated:
        parts.append("dated claims only")
    if filters.include_commentary:
        parts.append("commentary included")
    parts += [f"{key}={value}" for key, value in sorted(options.items()) if value is not None]
    return "; ".join(parts) or "the whole network"
