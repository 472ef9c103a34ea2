"""Running a query under a time limit.

pyoxigraph has no timeout and does not check for signals while it evaluates, so a thread cannot
stop it. Each query therefore runs in a forked child process that opens the store read-only
and writes the serialized answer to a pipe; at the deadline the parent kills the child, which
really stops the work and frees its memory.

Forking is safe from several threads at once (the endpoint's worker threads do it): a lock
keeps each pipe's write end out of the other children, so every parent sees its end of file
when its own child is done, and the child closes every descriptor it inherited (sockets of
the server, pipes of other queries) so that it holds nothing of the parent's open.
"""

from __future__ import annotations

import os
import select
import signal
import threading
import time
from collections.abc import Callable

from cartelgraph.errors import CartelgraphError, QuerySyntaxError, QueryTimeoutError

_OK, _SYNTAX, _ERROR, _RAISED = b"0", b"1", b"2", b"3"
_FORK_LOCK = threading.Lock()


def run_with_timeout(work: Callable[[], bytes], timeout: float | None) -> bytes:
    """Run ``work`` in a child process and return its bytes, or raise at the deadline."""
    with _FORK_LOCK:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid != 0:
            os.close(write_end)
    if pid == 0:  # child: do the work, report, and leave without running any cleanup
        try:
            os.closerange(3, write_end)
            os.closerange(write_end + 1, _max_fd())
            try:
                payload = _OK + work()
            except SyntaxError as error:
                payload = _SYNTAX + str(error.msg if hasattr(error, "msg") else error).encode()
            except CartelgraphError as error:  # raised by our own code in the worker: kept whole
                payload = _RAISED + _pickled(error)
            except BaseException as error:  # noqa: BLE001 - everything is reported to the parent
                payload = _ERROR + f"{type(error).__name__}: {error}".encode()
            view = memoryview(payload)
            while view:
                written = os.write(write_end, view)
                view = view[written:]
        finally:
            os._exit(0)
    chunks: list[bytes] = []
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        while True:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([read_end], [], [], wait)
            if not ready:
                os.kill(pid, signal.SIGKILL)
                raise QueryTimeoutError(f"query stopped after the time limit of {timeout:g} s "
                                        "(raise it with --timeout)")
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
    payload = b"".join(chunks)
    status, body = payload[:1], payload[1:]
    if status == _OK:
        return body
    if status == _SYNTAX:
        raise syntax_error(body.decode())
    if status == _RAISED:
        import pickle

        raise pickle.loads(body)
    if status == _ERROR:
        raise CartelgraphError(f"query failed: {body.decode()}")
    raise CartelgraphError("query failed: the worker process died without an answer")


def syntax_error(message: str) -> QuerySyntaxError:
    """The error for Oxigraph's parse error ``message``, in the user's lines and columns."""
    return QuerySyntaxError(f"malformed SPARQL: {_with_user_lines(message)}")


def _pickled(error: CartelgraphError) -> bytes:
    import pickle

    try:
        return pickle.dumps(error)
    except Exception:  # noqa: BLE001 - an error that does not pickle still reaches the user
        return pickle.dumps(CartelgraphError(str(error)))


def _with_user_lines(message: str) -> str:
    """'error at 3:7: expected one of …' -> 'line 3, column 7: unexpected input (expected …)'."""
    import re

    message = re.sub(r"error at (\d+):(\d+)", r"line \1, column \2", message)
    head, sep, expected = message.partition(": expected one of")
    if not sep:
        return message
    expected = " ".join(expected.split())
    expected = expected[:100] + ("…" if len(expected) > 100 else "")
    return f"{head}: unexpected input (expected one of {expected.strip()})"


def _max_fd() -> int:
    try:
        return os.sysconf("SC_OPEN_MAX")
    except (ValueError, OSError):
        return 4096
