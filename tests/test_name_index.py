"""The folded-name index kept beside the embedded store: computed once, rebuilt when missing or
unreadable, and giving the same answers as the store-side name filter a remote endpoint gets."""

import marshal
import pickle

import pytest

from cartelgraph import name_index
from cartelgraph.graph import KnowledgeGraph
from cartelgraph.resolve import AmbiguousNameError, Match, resolve, search
from cartelgraph.runner import close_shared_pools
from cartelgraph.store import derived_file

CGR = "https://w3id.org/cartelgraph/id/"


class StoreSide(KnowledgeGraph):
    """The same store without a store path: search takes the remote endpoints' path (a FILTER)."""

    def __init__(self, graph):
        self.inner = graph

    def serialize(self, text, fmt, params=None, timeout=30.0):
        return self.inner.serialize(text, fmt, params, timeout)


def kept_file(graph, module):
    return derived_file(graph.store_path, module.FILE)


def read_kept(graph, module):
    """The index kept beside ``graph``'s store, or None when there is none whole."""
    try:
        return module._from_kept(marshal.loads(kept_file(graph, module).read_bytes()))
    except (OSError, EOFError, ValueError, TypeError):
        return None


def test_index_is_written_beside_the_store_and_read_back(tiny_graph):
    path = kept_file(tiny_graph, name_index)
    path.unlink(missing_ok=True)
    first = search(tiny_graph, "alvarez")
    assert path.exists() and path.parent == tiny_graph.store_path.parent
    index = read_kept(tiny_graph, name_index)
    assert index is not None and len(index) > 0
    assert "ana alvarez" in [index.folded(i) for i in range(len(index))]
    assert index.rows(index.containing("alvarez")) and all(
        "alvarez" in row["folded"] for row in index.rows(index.containing("alvarez"))
    )
    assert search(tiny_graph, "alvarez") == first


@pytest.mark.parametrize(
    "content",
    [b"", b"not an index", b"\x00\x01\x02", marshal.dumps(("a", "b")), marshal.dumps(("", b"", b"", "", b"", "", b""))],
)
def test_index_is_rebuilt_when_missing_or_unreadable(tiny_graph, content):
    path = kept_file(tiny_graph, name_index)
    expected = search(tiny_graph, "ana alvarez")
    path.write_bytes(content)
    assert read_kept(tiny_graph, name_index) is None
    assert search(tiny_graph, "ana alvarez") == expected
    assert read_kept(tiny_graph, name_index) is not None  # written again


def test_index_of_an_older_version_is_not_read(tiny_graph):
    search(tiny_graph, "cartel")
    kept = kept_file(tiny_graph, name_index)
    kept.rename(kept.with_name(kept.name.replace(name_index.FILE, "names-1.marshal")))  # as older code kept it
    assert read_kept(tiny_graph, name_index) is None
    assert search(tiny_graph, "cartel")[0].iri == CGR + "cartel-x"
    assert read_kept(tiny_graph, name_index) is not None


@pytest.mark.parametrize(
    "text",
    ["ana alvarez", "la jefa", "ALVAR", "cx", "cartel", "beto", "pérez", "Ana Alvares", "pedro perez", "nobody at all"],
)
@pytest.mark.parametrize("fuzzy", [True, False])
def test_index_finds_what_the_store_side_filter_finds(tiny_graph, text, fuzzy):
    assert search(tiny_graph, text, fuzzy=fuzzy) == search(StoreSide(tiny_graph), text, fuzzy=fuzzy)
    assert search(tiny_graph, text, limit=None) == search(StoreSide(tiny_graph), text, limit=None)


@pytest.mark.parametrize("name", ["Ana Alvarez", "la jefa", "cgr:cartel-x", "Pedro Pérez"])
def test_resolve_agrees_with_the_store_side_filter(tiny_graph, name):
    assert resolve(tiny_graph, name) == resolve(StoreSide(tiny_graph), name)


def test_ambiguous_name_error_survives_the_worker(tiny_graph):
    error = AmbiguousNameError("Pérez", [Match(CGR + "person-p", "Pedro Pérez", "cg#Person", "Pérez", 95)])
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error) and copy.matches == error.matches
    with pytest.raises(AmbiguousNameError) as caught:  # raised inside the worker of graph.run
        resolve(tiny_graph, "Pérez")
    assert {m.iri for m in caught.value.matches} >= {CGR + "person-p", CGR + "person-q"}


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"limit": 3},
        {"limit": 100},
        {"undated": False, "limit": 100},
        {"undated": False, "limit": 2},
        {"start": "2020", "end": "2020"},
        {"start": "2020", "end": "2020", "limit": 2},
        {"start": "2019-06"},
        {"end": "2019", "limit": 1},
        {"limit": 8},
        {"limit": 9},
        {"limit": 10},
    ],
)
def test_timeline_from_the_date_index_is_the_store_side_one(investigate_graph, options):
    from cartelgraph.investigate import date_index, timeline

    kept_file(investigate_graph, date_index).unlink(missing_ok=True)
    indexed = timeline(investigate_graph, **options)
    again = timeline(investigate_graph, **options)  # from the file written by the first
    store_side = timeline(StoreSide(investigate_graph), **options)
    for page in (indexed, again):
        assert page == store_side
        assert (page.total, page.undated_left_out) == (store_side.total, store_side.undated_left_out)


def test_date_index_is_rebuilt_when_unreadable(investigate_graph):
    from cartelgraph.investigate import date_index, timeline

    expected = timeline(investigate_graph, limit=4)
    kept_file(investigate_graph, date_index).write_bytes(b"garbage")
    assert read_kept(investigate_graph, date_index) is None
    assert timeline(investigate_graph, limit=4) == expected
    assert read_kept(investigate_graph, date_index) is not None


@pytest.mark.parametrize("text", ["ana alvares", "alvarez", "carlos", "cartel equis", "pedro", "jefa"])
@pytest.mark.parametrize("limit", [1, 2, 3, 20])
def test_similarity_shortcut_gives_the_full_ranking(investigate_graph, monkeypatch, text, limit):
    from cartelgraph import resolve as module

    quick = search(investigate_graph, text, limit=limit)
    full_rank = module._rank_near
    monkeypatch.setattr(module, "_rank_near", lambda best, query, near, shown=None: full_rank(best, query, near))
    close_shared_pools()
    assert search(investigate_graph, text, limit=limit) == quick


@pytest.mark.parametrize(
    "text,kept",
    [
        ("Synthetic measure 0", True),
        ("synthetic  measure-0 (2019)", True),
        ("SYNTHÉTIC MEASURE 0", True),
        ("synthetic measure 10", False),
        ("synthetic measures 0", False),
        ("measure 0 synthetic", False),
        ("x-synthetic measure 01", True),
    ],
)
def test_phrase_pattern_keeps_what_holds_the_folded_phrase(text, kept):
    import pyoxigraph as ox

    from cartelgraph.text import fold, phrase_pattern

    store = ox.Store()
    pattern = ox.Literal(phrase_pattern("synthetic measure 0"))
    query = f'ASK {{ VALUES (?m ?pattern) {{ ({ox.Literal(text)} {pattern}) }} FILTER(REGEX(STR(?m), ?pattern, "i")) }}'
    assert bool(store.query(query)) == kept == ("synthetic measure 0" in fold(text))


@pytest.mark.parametrize(
    "measure",
    [
        "homicid",
        "rate",
        "personnel deployed",
        "aggressors killed",
        "seizure events (share)",
        "garcia luna",
        "no such measure",
    ],
)
def test_figures_by_measure_phrase_agree_with_the_store_side_words(repo_graph, measure):
    from cartelgraph.investigate import figures

    assert figures(repo_graph, measure=measure) == figures(StoreSide(repo_graph), measure=measure)


def test_an_exact_name_is_found_when_its_words_are_in_too_many_names(repo_graph, monkeypatch):
    """Past MAX_CANDIDATES names holding the query's longest word, the names holding the whole
    query come first (at 5M triples 'Agency Alta Laguna 409' was lost among 36,000 'agency's)."""
    from cartelgraph import resolve as resolving

    common = [m for m in search(repo_graph, "sinaloa", limit=None)]
    assert len(common) >= 2
    monkeypatch.setattr(resolving, "MAX_CANDIDATES", 1)
    close_shared_pools()
    assert resolve(repo_graph, "Sinaloa Cartel") == CGR + "sinaloa-cartel"
    assert search(repo_graph, "sinaloa cartel")[0].iri == CGR + "sinaloa-cartel"


def test_an_exact_name_is_found_on_an_endpoint_too_when_its_words_are_in_too_many_names(repo_graph, monkeypatch):
    from cartelgraph import resolve as resolving

    remote = StoreSide(repo_graph)
    monkeypatch.setattr(resolving, "MAX_CANDIDATES", 1)
    assert resolve(remote, "Sinaloa Cartel") == CGR + "sinaloa-cartel"
    assert search(remote, "sinaloa cartel")[0].iri == CGR + "sinaloa-cartel"
