"""The embedded Oxigraph store: built from the Turtle files into a cache folder, rebuilt when
any input file's content changes, and opened read-only (near-instant) when nothing changed."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from cartelgraph.data import input_files, turtle_input
from cartelgraph.errors import DataError
from cartelgraph.internal_queries import query, update
from cartelgraph.scratch import in_use, remove_abandoned
from cartelgraph.sparql import PREFIXES

COMPLETE_MARKER = "COMPLETE"
SMALL_FILE = 1 << 20  # bytes: a Turtle file below this size is loaded in one transaction
DIGESTS = "digests.json"

# Rules run once at build time so that queries can stay simple: superclass types, super-property
# links (every role is a cg:participant), symmetric properties, the direct edges that the
# ontology's cg:DerivedEdge declarations define, and the cg:Link from each edge to its claims.
# Each is a SPARQL update in queries/internal/NAME.ru, run in this order (with PREFIXES).
# The identities recorded by `cartelgraph same-as` first: the merged entity becomes the kept one.
SAME_AS_RULES = [update(name) for name in ("same-as-move-statements", "same-as-move-references", "same-as-merged")]
# The inference proper. These updates are the specification; the build computes the same
# triples much faster with cartelgraph.inference and runs these only when it cannot.
INFERENCE_RULES = [
    update(name)
    for name in (
        "infer-superclasses",
        "infer-superproperties",
        "infer-symmetric",
        "infer-derived-edges",
        "infer-links",
    )
]
MATERIALIZE = SAME_AS_RULES + INFERENCE_RULES


def cache_root() -> Path:
    root = os.environ.get("CARTELGRAPH_CACHE")
    if root:
        return Path(root).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cartelgraph"


def fingerprint(data_dir: Path, files: list[Path], digests: Path | None = None) -> str:
    """A hash of every input file's relative path and content (content, not mtime).

    ``digests`` names a JSON file caching each file's SHA-256 by its size, mtime, ctime and
    inode, so that reopening a store of 100 MB of Turtle does not rehash it all: a file whose
    status changed in any way is hashed again (a ``touch`` too, which then finds the same
    content and keeps the store). An entry is trusted only if the file had not changed for
    two seconds when it was hashed, so a write landing in the same clock tick is not missed."""
    known = _read_digests(digests) if digests else {}
    fresh: dict[str, list] = {}
    now = time.time_ns()
    digest = hashlib.sha256()
    for path in files:
        name = str(path.relative_to(data_dir))
        status = os.stat(path)
        key = [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]
        entry = known.get(name)
        if entry and entry[:4] == key and key[2] < entry[5] - 2_000_000_000:
            file_hash = bytes.fromhex(entry[4])
            fresh[name] = entry
        else:
            with open(path, "rb") as handle:
                file_hash = hashlib.file_digest(handle, "sha256").digest()
            fresh[name] = [*key, file_hash.hex(), now]
        digest.update(name.encode() + b"\0")
        digest.update(file_hash)
    if digests and fresh != known:
        _write_digests(digests, fresh)
    return digest.hexdigest()[:20]


def _read_digests(path: Path) -> dict:
    import json

    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _write_digests(path: Path, digests: dict) -> None:
    import json

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix="digests-", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(digests, out)
        os.replace(name, path)
    except OSError:
        pass  # a read-only cache only costs rehashing next time


def _data_cache_dir(data_dir: Path) -> Path:
    tag = hashlib.sha256(str(data_dir).encode()).hexdigest()[:10]
    return cache_root() / f"{data_dir.name or 'data'}-{tag}"


def ensure_store(data_dir: Path, *, progress: bool | None = None) -> Path:
    """Return the path of an up-to-date store for ``data_dir``, building it if needed."""
    files = input_files(data_dir)
    folder = _data_cache_dir(data_dir)
    target = folder / f"store-{fingerprint(data_dir, files, folder / DIGESTS)}"
    if (target / COMPLETE_MARKER).exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    # What a build killed midway left (see cartelgraph.scratch)
    remove_abandoned(folder, (folder, "store-tmp-*"), (folder, "inferred-*"), (folder, "digests-*"))
    with in_use(folder):
        build_store(data_dir, files, target, progress=progress)
    _prune(folder, keep=target)
    return target


def derived_file(store: Path, name: str) -> Path:
    """Where something computed from ``store`` is kept (the projection's rows, a name index):
    beside the store, named after it, and removed with it. A store never changes (new content
    makes a new store), so such a file never goes stale; ``name`` carries a version for when
    the code that computes it changes."""
    return store.parent / f"{store.name}.{name}"


def _prune(folder: Path, keep: Path, spare: int = 2, grace: float = 600.0) -> None:
    """Remove stale stores, but not the ``spare`` newest ones nor any younger than ``grace``
    seconds: another process (a server, a second terminal on an older version of the files)
    may still be reading them, and deleting a store under a reader breaks its next query."""
    now = time.time()
    others = sorted(
        (p for p in folder.glob("store-*") if p != keep and p.is_dir() and not p.name.startswith("store-tmp")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in others[spare:]:
        if now - old.stat().st_mtime > grace:
            shutil.rmtree(old, ignore_errors=True)
            for derived in folder.glob(f"{old.name}.*"):
                derived.unlink(missing_ok=True)


def build_store(data_dir: Path, files: list[Path], target: Path, *, progress: bool | None = None):
    """Load ``files`` into a new store at ``target``: built in a temporary folder, then renamed,
    so a failed or interrupted build never leaves a half-built store behind."""
    import pyoxigraph as ox

    show = sys.stderr.isatty() if progress is None else progress
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="store-tmp-", dir=target.parent))
    try:
        store = ox.Store(str(tmp))
        for number, path in enumerate(files, 1):
            if show:
                print(
                    f"\rbuilding store: {number}/{len(files)} {path.name[:40]:<40}", end="", file=sys.stderr, flush=True
                )
            try:
                # bulk_load writes new files to disk each call (~10 ms: a third of a build of
                # the repository's 36 files); a small file goes in one transaction instead.
                load = store.load if path.stat().st_size < SMALL_FILE else store.bulk_load
                with turtle_input(path) as source:
                    load(format=ox.RdfFormat.TURTLE, **source)
            except SyntaxError as error:
                raise DataError(_syntax_message(_describe(path, data_dir), error)) from None
        if show:
            print("\rbuilding store: inferring" + " " * 50, end="", file=sys.stderr, flush=True)
        materialize(store, files, target.parent)
        if show:
            print("\rbuilding store: indexing" + " " * 50, end="", file=sys.stderr, flush=True)
        store.optimize()
        store.flush()
        del store
        (tmp / COMPLETE_MARKER).write_text(f"{len(files)} files\n")
        try:
            tmp.rename(target)
        except OSError:  # another process built the same store first
            if not (target / COMPLETE_MARKER).exists():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if show:
            print(
                f"\rbuilt store from {len(files)} files in {time.monotonic() - started:.1f} s" + " " * 30,
                file=sys.stderr,
            )


def materialize(store, files: list[Path], scratch: Path) -> None:
    """Apply :data:`MATERIALIZE` to ``store``, freshly loaded from ``files``: the same-as rules
    as updates (only when there is an owl:sameAs link), then the inference through
    :func:`cartelgraph.inference.infer` (one bulk load), or its SPARQL rules when it declines."""
    import pyoxigraph as ox

    from cartelgraph.inference import Unsupported, infer

    if store.query(query("has-same-as"), prefixes=PREFIXES):
        for rule in SAME_AS_RULES:
            store.update(rule, prefixes=PREFIXES)
    handle, name = tempfile.mkstemp(prefix="inferred-", suffix=".nt", dir=scratch)
    os.close(handle)
    inferred = Path(name)
    try:
        infer(store, files, inferred)
    except Unsupported:
        for rule in INFERENCE_RULES:
            store.update(rule, prefixes=PREFIXES)
    else:
        load = store.load if inferred.stat().st_size < SMALL_FILE else store.bulk_load  # as in build_store
        load(path=str(inferred), format=ox.RdfFormat.N_TRIPLES)
    finally:
        inferred.unlink(missing_ok=True)


def _describe(path: Path, data_dir: Path) -> str:
    try:
        return str(path.relative_to(data_dir))
    except ValueError:
        return str(path)


def _syntax_message(name: str, error: SyntaxError) -> str:
    """'graph/x.ttl, line 3, column 11: Unexpected end of file' from the parser's error."""
    reason = error.msg.split(": ", 1)[-1] if error.msg.startswith("Parser error") else error.msg
    if error.lineno:
        return f"{name}, line {error.lineno}, column {error.offset}: {reason}"
    return f"{name}: {reason}"
