import pytest

from cartelgraph.errors import UnknownNameError
from cartelgraph.resolve import AmbiguousNameError, fold, resolve, search

CGR = "https://w3id.org/cartelgraph/id/"


def test_fold():
    assert fold("  García-Luna ") == "garcia luna"
    assert fold("ÁLVAREZ") == "alvarez"


@pytest.mark.parametrize(
    "text,first",
    [
        ("ana alvarez", "official-a"),
        ("la jefa", "official-a"),
        ("ALVAR", "official-a"),
        ("cx", "cartel-x"),
        ("cartel", "cartel-x"),
        ("beto", "official-b"),
    ],
)
def test_search_accent_case_partial(tiny_graph, text, first):
    assert search(tiny_graph, text)[0].iri == CGR + first


def test_search_ranks_exact_names_first(tiny_graph):
    ranked = search(tiny_graph, "pedro perez")
    assert ranked[0].iri == CGR + "person-p" and ranked[0].score == 100


def test_resolve(tiny_graph):
    assert resolve(tiny_graph, "Ana Alvarez") == CGR + "official-a"
    assert resolve(tiny_graph, "cgr:cartel-x") == CGR + "cartel-x"
    assert resolve(tiny_graph, CGR + "cartel-x") == CGR + "cartel-x"


def test_shared_alias_is_ambiguous(tiny_graph):
    with pytest.raises(AmbiguousNameError) as caught:
        resolve(tiny_graph, "Pérez")
    assert {m.iri for m in caught.value.matches} >= {CGR + "person-p", CGR + "person-q"}


def test_unknown_name_suggests_close_names(tiny_graph):
    with pytest.raises(UnknownNameError) as caught:
        resolve(tiny_graph, "Ana Alvares")
    assert "Ana Álvarez" in str(caught.value)
    with pytest.raises(UnknownNameError):
        resolve(tiny_graph, "cgr:nobody")


def test_similarity_scores_a_typo_and_nothing_far():
    from cartelgraph.text import similarity_scores

    # 'alvares' and 'alvarez' share 6 of 7 letters in order: an Indel ratio of 85.7, halved.
    assert similarity_scores("alvares", ["alvarez", "garcia", "alvarez lopez"]) == [42, 0, 0]
    assert similarity_scores("alvares", []) == []


def test_a_typo_is_found_by_similarity_below_every_other_kind_of_match(tiny_graph):
    from cartelgraph.resolve import search

    found = search(tiny_graph, "Ana Alvares")
    assert found[0].label == "Ana Álvarez" and 0 < found[0].score <= 50


def test_name_list_reads_repeated_and_comma_separated_names():
    from cartelgraph.text import name_list, unaccented

    assert name_list(["Alleged", " Accused, Charged ,", ""]) == ["Alleged", "Accused", "Charged"]
    assert name_list("Official,Agency") == ["Official", "Agency"] and name_list(None) == []
    assert unaccented("García-Luna") == "Garcia-Luna"
