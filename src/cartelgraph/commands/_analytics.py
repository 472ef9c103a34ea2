"""What the analytics commands share: the filter options (also those of ``path`` and ``viz``),
building the network, and saving scores. (A leading underscore keeps this module out of the
command list.)"""

from __future__ import annotations

import click

from cartelgraph.commands._types import DATE, OutputPath
from cartelgraph.errors import UsageError
from cartelgraph.text import name_list


def filter_options(function):
    """The projection filters every analytics command, ``path`` and ``viz`` accept, as the
    keywords of :func:`build_filters`."""
    options = [
        click.option(
            "--type",
            "types",
            multiple=True,
            metavar="CLASS",
            help="Keep only entities of this class (subclasses included), e.g. Official, Cartel; "
            "repeatable or comma-separated.",
        ),
        click.option(
            "--relation",
            "relations",
            multiple=True,
            metavar="NAME",
            help="Keep only these relations: a derived edge (colludedWith) or claim class (Collusion).",
        ),
        click.option(
            "--exclude-relation",
            "exclude_relations",
            multiple=True,
            metavar="NAME",
            help="Leave out these relations, e.g. spokeAbout (who commented on whom).",
        ),
        click.option(
            "--status",
            "statuses",
            multiple=True,
            metavar="STATUS",
            help="Keep only claims with this status, e.g. Convicted,Confirmed.",
        ),
        click.option(
            "--exclude-status",
            "exclude_statuses",
            multiple=True,
            metavar="STATUS",
            help="Leave out claims with this status, e.g. Alleged.",
        ),
        click.option(
            "--as-of", type=DATE, metavar="DATE", help="The network as it stood on DATE (YYYY, YYYY-MM or YYYY-MM-DD)."
        ),
        click.option(
            "--period",
            metavar="START..END",
            help="Only claims overlapping this period; either end may be empty (2019..2021, 2020..).",
        ),
        click.option(
            "--administration",
            metavar="NAME",
            help="Only claims overlapping this federal administration's term: its name in the "
            "ontology (cg:Administration), e.g. pena-nieto, amlo, sheinbaum.",
        ),
        click.option(
            "--dated-only", is_flag=True, help="With --as-of/--period/--administration, also leave out undated claims."
        ),
        click.option(
            "--include-commentary",
            is_flag=True,
            help="Keep commentary (spokeAbout, recommendedTo, denied: who said what about or to "
            "whom), left out by default because commentary is not a tie.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def build_filters(
    graph,
    types,
    relations,
    statuses,
    exclude_statuses,
    as_of,
    period,
    administration,
    dated_only,
    exclude_relations=(),
    include_commentary=False,
):
    """The filters the options name; status and administration names are read from ``graph``'s
    ontology (see :mod:`cartelgraph.domain`)."""
    from cartelgraph.dates import check_period
    from cartelgraph.domain import domain
    from cartelgraph.projection import Filters

    if period and administration:
        raise UsageError("give --period or --administration, not both")
    span = None
    if period:
        if ".." not in period:
            raise UsageError(f"--period {period}: write START..END, e.g. 2019..2021 or 2020-06..")
        start, end = period.split("..", 1)
        span = check_period(start.strip() or None, end.strip() or None)
    elif administration:
        span = domain(graph).administration(administration, "--administration")
    return Filters.of(
        classes=name_list(types),
        relations=name_list(relations),
        statuses=_status_names(graph, statuses),
        exclude_statuses=_status_names(graph, exclude_statuses),
        as_of=as_of,
        period=span,
        include_undated=not dated_only,
        exclude_relations=name_list(exclude_relations),
        include_commentary=include_commentary,
    )


def _status_names(graph, values) -> list[str]:
    """'charges dropped', 'charges-dropped', 'ChargesDropped' and 'cg:ChargesDropped' all name
    cg:ChargesDropped; other names are left for the filter check to report."""
    from cartelgraph.domain import domain

    names = name_list(values)
    return [domain(graph).status_name(name) for name in names] if names else names


def open_network(session, filters):
    """The checked weighted network, with a one-line account of it on stderr."""
    from cartelgraph.analytics.network import network

    G = network(session.graph, filters)
    claims = {claim for _, _, attrs in G.edges(data=True) for claim in attrs["claims"]}
    note = (
        ""
        if filters.statuses or filters.exclude_statuses
        else "; every status counted, alleged included (see --exclude-status)"
    )
    if not filters.include_commentary and filters.relations is None:
        note += "; commentary left out (see --include-commentary)"
    click.echo(f"{len(G)} entities, {G.number_of_edges()} links from {len(claims)} claims{note}", err=True)
    return G


def backend_option(function):
    return click.option(
        "--backend",
        metavar="NAME",
        help="networkx backend to run on (default: networkx decides, honouring NETWORKX_BACKEND_PRIORITY).",
    )(function)


def save_option(function):
    return click.option(
        "--save",
        type=OutputPath(dir_okay=False),
        metavar="FILE.ttl",
        help="Also write the scores as RDF (Turtle) to FILE, outside graph/, for SPARQL.",
    )(function)


def save(session, path, scores, metric, filters, **options):
    from cartelgraph.analytics.scores import save as write
    from cartelgraph.errors import ParameterError
    from cartelgraph.projection import describe_filters

    data_dir = session.data_dir() if session.endpoint is None else None
    try:
        written = write(path, scores, metric, describe_filters(filters, **options), data_dir=data_dir)
    except ParameterError as error:  # the library's ``path`` is this command's --save
        raise error.for_option("--save") from None
    click.echo(f"saved {len(scores)} {metric} scores to {written}", err=True)
