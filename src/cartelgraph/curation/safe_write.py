"""Changes to graph/ that are checked before they are made and made whole or not at all.

A change is a set of files (relative to the data folder) with their new content. It is first
applied to a temporary copy of the data folder and validated there (SHACL, violation checks,
quote check); only problems the change introduces count. It is then written through temporary
files outside graph/ that are renamed into place, so graph/ never holds a half-written file
nor a stray temporary one, whatever moment the process is stopped. What a killed process leaves
(the copy, its store, staged files) is removed by the next change to the same data.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cartelgraph.data import input_files
from cartelgraph.output import new_file_mode
from cartelgraph.scratch import in_use, remove_abandoned
from cartelgraph.store import _data_cache_dir, build_store
from cartelgraph.validate import Problem, validate

TMP_FOLDER = ".cartelgraph-tmp"
CHECK_PREFIX = "check-"
# Test hooks: seconds to wait after the temporary files are written and before any rename, and
# once the checked copy and its store are made, so a test can kill the process at that moment.
PAUSE_ENV = "CARTELGRAPH_PAUSE_BEFORE_RENAME"
CHECK_PAUSE_ENV = "CARTELGRAPH_PAUSE_IN_CHECK"


def problems_after(data_dir: Path, files: dict[Path, bytes]) -> list[Problem]:
    """The validation problems that writing ``files`` would add to the data in ``data_dir``."""
    with scratch_copy(data_dir) as copy:
        for relative, content in files.items():
            target = copy / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        store = store_for(copy)
        _pause(CHECK_PAUSE_ENV, f"paused in check: {copy.parent}")
        after = validate(copy, store=store)
    if not after:
        return []
    before = set(validate(data_dir))  # problems already there are not the change's fault
    return [problem for problem in after if problem not in before]


@contextmanager
def scratch_copy(data_dir: Path) -> Iterator[Path]:
    """A copy of ``data_dir``'s ontology/ and graph/, removed when the block ends. It is made
    in the data's cache folder (see :mod:`cartelgraph.scratch`), where the next run removes it
    if this one is killed."""
    cache = _data_cache_dir(data_dir)
    remove_abandoned(cache, (cache, CHECK_PREFIX + "*"))
    with in_use(cache):
        scratch = Path(tempfile.mkdtemp(prefix=CHECK_PREFIX, dir=cache))
        try:
            copy = scratch / "data"
            copy.mkdir()
            shutil.copytree(data_dir / "ontology", copy / "ontology")
            shutil.copytree(data_dir / "graph", copy / "graph")
            yield copy
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


def store_for(copy: Path) -> Path:
    """A store built from a :func:`scratch_copy` as it is now, kept beside it (not in the cache,
    so it goes with the copy)."""
    store = copy.parent / "store"
    build_store(copy, input_files(copy), store, progress=False)
    return store


def _pause(variable: str, message: str) -> None:
    seconds = float(os.environ.get(variable) or 0)
    if seconds:
        print(message, file=sys.stderr, flush=True)
        time.sleep(seconds)


def write_files(data_dir: Path, files: dict[Path, bytes]) -> None:
    """Write every file of ``files`` (paths relative to ``data_dir``): all contents go to
    temporary files first (flushed to disk), then each is renamed over its target. Files a
    killed run staged are removed first."""
    staging = data_dir / TMP_FOLDER
    cache = _data_cache_dir(data_dir)
    remove_abandoned(cache, (staging, "*.tmp"))
    staged: list[tuple[str, Path]] = []
    with in_use(cache):
        try:
            staging.mkdir(exist_ok=True)
            for relative, content in files.items():
                handle, tmp = tempfile.mkstemp(prefix=Path(relative).name + ".", suffix=".tmp", dir=staging)
                staged.append((tmp, data_dir / relative))
                os.chmod(tmp, new_file_mode())  # mkstemp makes it private; a data file is not
                with os.fdopen(handle, "wb") as out:
                    out.write(content)
                    out.flush()
                    os.fsync(out.fileno())
            _pause(PAUSE_ENV, f"paused before rename: {len(staged)} file(s) staged")
            for tmp, target in staged:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, target)
        finally:
            for tmp, _ in staged:
                Path(tmp).unlink(missing_ok=True)
            try:
                staging.rmdir()
            except OSError:
                pass  # another process is staging files too
