import time

import pytest

from cartelgraph.errors import DataError
from cartelgraph.store import derived_file, ensure_store


def _forbid_building(monkeypatch) -> None:
    import cartelgraph.store

    def build_store(*args, **kwargs):
        raise AssertionError("the store was built again")

    monkeypatch.setattr(cartelgraph.store, "build_store", build_store)


def test_store_is_reused_when_nothing_changed(data_copy, monkeypatch):
    first = ensure_store(data_copy)
    _forbid_building(monkeypatch)
    assert ensure_store(data_copy) == first


def test_touching_a_file_without_changing_it_does_not_rebuild(data_copy, monkeypatch):
    first = ensure_store(data_copy)
    path = data_copy / "graph" / "sources.ttl"
    path.write_bytes(path.read_bytes())
    _forbid_building(monkeypatch)
    assert ensure_store(data_copy) == first


def test_changing_content_rebuilds_and_the_new_data_is_queried(data_copy):
    from cartelgraph.graph import EmbeddedGraph

    first = ensure_store(data_copy)
    extra = data_copy / "graph" / "entities" / "extra.ttl"
    extra.write_text(
        "@prefix cg: <https://w3id.org/cartelgraph/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/cartelgraph/id/test-cartel> a cg:Cartel ; rdfs:label "Test Cartel" .\n'
    )
    second = ensure_store(data_copy)
    assert second != first
    assert first.exists()  # a reader may still use it: kept for a while
    rows = EmbeddedGraph(data_copy, second).select(
        'SELECT ?x WHERE { ?x rdfs:label "Test Cartel" ; a cg:CriminalOrganization }'
    )
    assert rows == [{"x": "https://w3id.org/cartelgraph/id/test-cartel"}]


def test_malformed_turtle_names_the_file_and_line(data_copy):
    bad = data_copy / "graph" / "claims" / "broken.ttl"
    bad.write_text(
        "@prefix cg: <https://w3id.org/cartelgraph/ontology#> .\n\n"
        '<https://w3id.org/cartelgraph/id/x> a cg:Claim ;\n    cg:quote "unterminated .\n'
    )
    with pytest.raises(DataError) as caught:
        ensure_store(data_copy)
    assert "graph/claims/broken.ttl, line 4" in str(caught.value)


def test_malformed_turtle_cli_exit_1_without_traceback(data_copy, cg):
    (data_copy / "graph" / "bad.ttl").write_text("this is not turtle\n")
    result = cg("query", "ASK {}", data=data_copy)
    assert result.exit_code == 1
    assert "graph/bad.ttl, line 1" in result.output
    assert "Traceback" not in result.output


def test_derived_edges_and_superclasses_are_materialized(repo_graph):
    assert repo_graph.query("ASK { cgr:genaro-garcia-luna cg:colludedWith cgr:sinaloa-cartel }").boolean
    assert repo_graph.query("ASK { cgr:genaro-garcia-luna a cg:Person, cg:Entity }").boolean
    assert repo_graph.query("ASK { ?c a cg:Collusion ; cg:participant cgr:genaro-garcia-luna }").boolean


def test_stale_stores_are_pruned_but_recent_ones_kept(data_copy):
    import os

    extra = data_copy / "graph" / "entities" / "extra.ttl"
    built = []
    for number in range(5):
        extra.write_text(f"# version {number}\n")
        built.append(ensure_store(data_copy))
        derived_file(built[-1], "index-1").write_text("computed from this store")
        os.utime(built[-1], (time.time() - 3600 * (10 - number),) * 2)  # pretend they are old
    assert built[-1].exists()
    remaining = [path for path in built if path.exists()]
    assert built[0] not in remaining and len(remaining) == 3  # the newest plus two spares
    # what was computed from a store goes with it, and only with it
    assert [path for path in built if derived_file(path, "index-1").exists()] == remaining


def _settle(digests):
    """Make every cached digest look recorded long after its file last changed (trusted)."""
    import json

    entries = json.loads(digests.read_text())
    for entry in entries.values():
        entry[5] = entry[2] + 10_000_000_000
    digests.write_text(json.dumps(entries))
    return entries


def test_same_size_rewrite_with_the_old_mtime_still_rebuilds(data_copy):
    """The digest cache is keyed by ctime too, which no one can set back."""
    import os

    from cartelgraph.store import DIGESTS, _data_cache_dir

    first = ensure_store(data_copy)
    _settle(_data_cache_dir(data_copy) / DIGESTS)
    assert ensure_store(data_copy) == first
    path = data_copy / "graph" / "sources.ttl"
    text, old = path.read_bytes(), os.stat(path)
    changed = text.replace(b"a", b"e", 1)
    assert changed != text and len(changed) == len(text)
    path.write_bytes(changed)
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))
    assert ensure_store(data_copy) != first


def test_cached_digests_are_trusted_for_settled_files_only(data_copy):
    import json

    from cartelgraph.data import input_files
    from cartelgraph.store import fingerprint

    files = input_files(data_copy)
    cache = data_copy / "digests.json"
    honest = fingerprint(data_copy, files)
    assert fingerprint(data_copy, files, cache) == honest
    entries = _settle(cache)
    name = str(files[0].relative_to(data_copy))
    entries[name][4] = "00" * 32  # a wrong digest under the file's current key
    cache.write_text(json.dumps(entries))
    assert fingerprint(data_copy, files, cache) != honest  # trusted: the file was not hashed
    entries[name][5] = entries[name][2] + 1_000_000_000  # hashed within 2 s of a change
    cache.write_text(json.dumps(entries))
    assert fingerprint(data_copy, files, cache) == honest  # not trusted: hashed again
