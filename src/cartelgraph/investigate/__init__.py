"""The investigator's questions, as library functions returning plain data (``frame=True`` for
a pandas DataFrame): who is this (:func:`search_entities`, :func:`dossier`), how are these two
linked (:func:`find_paths`), what happened when (:func:`timeline`), what do the numbers say
(:func:`figures`), where do the sources disagree (:func:`contested`)."""

from cartelgraph.investigate.contested import contested
from cartelgraph.investigate.dossier import dossier
from cartelgraph.investigate.figures import figures
from cartelgraph.investigate.paths import find_paths
from cartelgraph.investigate.search import search_entities
from cartelgraph.investigate.timeline import timeline

__all__ = ["contested", "dossier", "figures", "find_paths", "search_entities", "timeline"]
