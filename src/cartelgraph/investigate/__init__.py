"""The investigator's questions, as library functions returning plain data (``as_frame=True``
for a pandas DataFrame): who is this (:func:`search`, :func:`dossier`), how are these two
linked (:func:`find_paths`), what happened when (:func:`timeline`), what do the numbers say
(:func:`figures`), where do the sources disagree (:func:`contested`), who appears in several
documents (:func:`crossref`), and what stands behind a link of the network (:func:`evidence`).
Entities are given by label, alias or IRI.

>>> import cartelgraph as cg
>>> graph = cg.open_graph()
>>> cg.search(graph, "garcia luna")[0]["label"]
'Genaro García Luna'
"""

from cartelgraph.investigate.contested import contested
from cartelgraph.investigate.crossref import crossref
from cartelgraph.investigate.dossier import dossier
from cartelgraph.investigate.evidence import evidence
from cartelgraph.investigate.figures import figures
from cartelgraph.investigate.paths import find_paths
from cartelgraph.investigate.search import search
from cartelgraph.investigate.search import search_entities as search_entities  # deprecated: search
from cartelgraph.investigate.timeline import timeline

__all__ = ["contested", "crossref", "dossier", "evidence", "figures", "find_paths", "search", "timeline"]
