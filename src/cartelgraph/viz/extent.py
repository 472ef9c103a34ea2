"""Which entities a page draws, and which it holds in reserve so that it can grow offline.

A focused or cut page (``--focus``, ``--max-nodes``, a notebook's subgraph) still carries the
entities it does not draw, with their claims and evidence, so that the analyst can expand a
dot's neighbours and find paths without running the command again:

- the **whole filtered network** when it has at most ``WHOLE_UP_TO`` entities (the curated graph
  has a few hundred: a focused page then grows any number of steps, and its paths are the
  paths of the whole network, as ``cartelgraph path`` finds them);
- otherwise the **neighbours one step beyond** what is drawn, at most ``FRINGE_UP_TO`` of them
  (those with the most links into the page first), so that the page stays light: each expansion
  from the edge of the page is one step, and the notice says when the fringe was cut.
"""

from __future__ import annotations

WHOLE_UP_TO = 1000
FRINGE_UP_TO = 1000


def reserve(simple, drawn: set, sizes: dict, labels: dict) -> tuple[list, str | None]:
    """The nodes of ``simple`` (the weighted view of the filtered network) to embed beyond
    ``drawn``, in ``simple``'s order, and a notice when the page holds only part of the rest."""
    rest = [node for node in simple if node not in drawn]
    if len(simple) <= WHOLE_UP_TO or not rest:
        return rest, None
    into = {}
    for node in drawn:
        for near in simple[node]:
            if near not in drawn:
                into[near] = into.get(near, 0) + 1
    chosen = set(sorted(into, key=lambda n: (-into[n], -sizes.get(n, 0.0), labels[n], n))[:FRINGE_UP_TO])
    note = None
    if len(chosen) < len(rest):
        held = (
            f"the {len(into):,} entities one step beyond those drawn"
            if len(chosen) == len(into)
            else f"{len(chosen):,} of the {len(into):,} entities one step beyond those drawn (the most linked first)"
        )
        note = f"Expanding can add {held}; the network's {len(rest) - len(chosen):,} others are not in the page."
    return [node for node in rest if node in chosen], note
