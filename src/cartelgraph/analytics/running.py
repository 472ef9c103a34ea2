"""How measures run: through networkx's backend dispatch, with a progress line on a terminal."""

from __future__ import annotations

import sys
import threading
import time
from contextlib import contextmanager

from cartelgraph.errors import ParameterError


def call(function, *args, backend: str | None = None, task: str | None = None, **options):
    """Run a dispatchable networkx ``function``.

    ``backend`` is passed through (``"networkx"``, ``"parallel"``, ``"cugraph"`` … when
    installed); without it networkx chooses, honouring ``NETWORKX_BACKEND_PRIORITY``. A backend
    that is not installed is a :class:`ParameterError` listing the installed ones. ``task`` names
    the run for the progress line (see :func:`working`)."""
    if backend is not None:
        options["backend"] = backend
    with working(task or function.__name__.replace("_", " ")):
        try:
            return function(*args, **options)
        except ImportError as error:
            if backend is None or "backend" not in str(error):
                raise
            known = ", ".join(installed_backends())
            raise ParameterError("backend", backend, f"not installed; installed: {known}") from None


def installed_backends() -> list[str]:
    """Names of the networkx backends that can run here (``networkx`` itself included)."""
    from networkx.utils import backends

    return sorted(set(backends.backend_info) | {"networkx"})


@contextmanager
def working(task: str, *, stream=None, delay: float = 1.0, interval: float = 0.25):
    """Show ``task… 12 s`` on ``stream`` (stderr) while the block runs, but only when the stream
    is a terminal and the run lasts longer than ``delay`` seconds; the line is erased at the end,
    so piped or redirected output never carries it."""
    stream = sys.stderr if stream is None else stream
    if not _is_terminal(stream):
        yield
        return
    done = threading.Event()
    shown = []

    def tick():
        started = time.monotonic()
        if done.wait(delay):
            return
        frames = "|/-\\"
        count = 0
        while not done.is_set():
            stream.write(f"\r{frames[count % 4]} {task}… {time.monotonic() - started:.0f} s ")
            stream.flush()
            shown.append(True)
            count += 1
            done.wait(interval)

    thread = threading.Thread(target=tick, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        if shown:
            stream.write("\r" + " " * (len(task) + 20) + "\r")
            stream.flush()


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
