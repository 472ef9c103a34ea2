"""Temporary files and folders that the next run removes when the process that made them was
killed: a store being built, the checked copy of the data an ingest validates, files staged
before a rename.

Each data folder has one lock file in its cache folder. A process holds it shared while it makes
and uses scratch for that data; the kernel drops the lock when the process ends, however it
ends (SIGKILL too). Before making its own scratch, a process takes the lock exclusively, without
waiting: when it gets it, nobody is using any scratch, and whatever scratch is there was left
by a killed process and is removed. When another process holds it, the cleaning waits for a
later run.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # no advisory locks (Windows): leftovers are removed once a day old
    fcntl = None

LOCK_FILE = "scratch.lock"
UNLOCKED_AGE = 86_400.0


@contextmanager
def in_use(lock_dir: Path) -> Iterator[None]:
    """Hold the shared lock of ``lock_dir`` while the block makes and uses scratch."""
    try:
        lock_dir.mkdir(parents=True, exist_ok=True)
        handle = os.open(lock_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        yield  # a read-only cache: the scratch goes elsewhere or fails with its own message
        return
    try:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_SH)
        yield
    finally:
        os.close(handle)  # releases the lock


def remove_abandoned(lock_dir: Path, *places: tuple[Path, str]) -> None:
    """Remove the files and folders matching each ``(folder, glob pattern)`` of ``places``,
    unless a process is using scratch of ``lock_dir`` now."""
    if fcntl is None:
        _remove(places, older_than=UNLOCKED_AGE)
        return
    try:
        lock_dir.mkdir(parents=True, exist_ok=True)
        handle = os.open(lock_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        return  # a read-only cache: nothing of ours can be there
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return  # in use: what is there may be another process's work in progress
        _remove(places)
    finally:
        os.close(handle)


def _remove(places, older_than: float = 0.0) -> None:
    now = time.time()
    for folder, pattern in places:
        for path in folder.glob(pattern):
            try:
                if now - path.lstat().st_mtime < older_than:
                    continue
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink()
            except OSError:
                pass
