"""Changes to graph/ that are checked before they are made and made whole or not at all.

A change is a set of files (relative to the data folder) with their new content. It is first
applied to a temporary copy of the data folder and validated there (SHACL, violation checks,
quote check); only problems the change introduces count. It is then written through temporary
files outside graph/ that are renamed into place, so graph/ never holds a half-written file
nor a stray temporary one, whatever moment the process is stopped.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from cartelgraph.validate import Problem, validate

TMP_FOLDER = ".cartelgraph-tmp"
# Test hook: seconds to wait after the temporary files are written and before any rename, so a
# test can kill the process in the middle of a write.
PAUSE_ENV = "CARTELGRAPH_PAUSE_BEFORE_RENAME"


def problems_after(data_dir: Path, files: dict[Path, bytes]) -> list[Problem]:
    """The validation problems that writing ``files`` would add to the data in ``data_dir``."""
    from cartelgraph.store import _data_cache_dir

    scratch = Path(tempfile.mkdtemp(prefix="cartelgraph-check-"))
    copy = scratch / "data"
    try:
        copy.mkdir()
        shutil.copytree(data_dir / "ontology", copy / "ontology")
        shutil.copytree(data_dir / "graph", copy / "graph")
        for relative, content in files.items():
            target = copy / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        after = validate(copy)
    finally:
        shutil.rmtree(_data_cache_dir(copy), ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
    if not after:
        return []
    before = set(validate(data_dir))  # problems already there are not the change's fault
    return [problem for problem in after if problem not in before]


def write_files(data_dir: Path, files: dict[Path, bytes]) -> None:
    """Write every file of ``files`` (paths relative to ``data_dir``): all contents go to
    temporary files first (flushed to disk), then each is renamed over its target."""
    staging = data_dir / TMP_FOLDER
    staging.mkdir(exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for relative, content in files.items():
            handle, tmp = tempfile.mkstemp(prefix=Path(relative).name + ".", suffix=".tmp", dir=staging)
            staged.append((tmp, data_dir / relative))
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; a data file is not
            with os.fdopen(handle, "wb") as out:
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
        pause = float(os.environ.get(PAUSE_ENV) or 0)
        if pause:
            print(f"paused before rename: {len(staged)} file(s) staged", file=sys.stderr, flush=True)
            time.sleep(pause)
        for tmp, target in staged:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        _remove_stale(staging)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_stale(staging: Path) -> None:
    """Temporary files left by a process that was killed: old ones are removed, and the folder
    itself when it is empty."""
    now = time.time()
    for leftover in staging.glob("*.tmp"):
        try:
            if now - leftover.stat().st_mtime > 3600:
                leftover.unlink()
        except OSError:
            pass
    try:
        staging.rmdir()
    except OSError:
        pass
