"""Inside a query worker process: its loop, and the messages both ends of its pipes exchange.

The parent (:mod:`cartelgraph.runner`) forks this loop or spawns it as ``python -m
cartelgraph.worker TASKS REPLIES STORE MB fresh|kept dies-with-parent|lives``. Each message is a
pickle preceded by its length; a task is ``(function, args)``, a reply ``(status, value)`` with
one of the statuses below.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import sys

from cartelgraph.errors import CartelgraphError

READY, OK, SYNTAX, RAISED, ERROR, MEMORY = range(6)
HEADER = struct.Struct(">Q")


def serve(
    task_read: int,
    reply_write: int,
    store_path: str | None,
    memory_mb: int | None,
    fresh_store: bool,
    die_with_parent: bool = False,
) -> None:
    """The worker's loop: isolate, open the store, then answer tasks until the pipe closes.
    ``die_with_parent``: see :func:`cartelgraph.sandbox.isolate` (an endpoint's update process,
    whose serving worker may be killed while it runs)."""
    from cartelgraph.sandbox import isolate

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # Everything a worker has to say goes through its reply pipe; what Rust prints on its way
    # out of a failed allocation ("memory allocation of 240 bytes failed") is not for the user.
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)
    os.close(quiet)
    try:
        isolation = isolate(memory_mb, die_with_parent=die_with_parent)
        store = None
        if store_path and not fresh_store:
            import pyoxigraph as ox

            store = ox.Store.read_only(store_path)
        send(reply_write, (READY, isolation))
    except BaseException as error:  # noqa: BLE001 - reported to the parent
        send(reply_write, (ERROR, f"{type(error).__name__}: {error}"))
        return
    while True:
        message = read_message(task_read)
        if message is None:
            return
        try:
            function, args = pickle.loads(message)
            if fresh_store and store_path:
                import pyoxigraph as ox

                store = ox.Store.read_only(store_path)
            reply = (OK, function(store, *args))
        except SyntaxError as error:
            reply = (SYNTAX, str(error.msg if hasattr(error, "msg") else error))
        except CartelgraphError as error:  # raised by our own code in the worker: kept whole
            reply = (RAISED, error)
        except MemoryError:
            reply = (MEMORY, None)
        except BaseException as error:  # noqa: BLE001 - everything is reported to the parent
            reply = (ERROR, f"{type(error).__name__}: {error}")
        finally:
            if fresh_store:
                store = None
        send(reply_write, reply)


def send(fd: int, reply: tuple) -> None:
    try:
        data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        data = pickle.dumps((MEMORY, None))
    except Exception as error:  # noqa: BLE001 - a result or error that does not pickle
        data = pickle.dumps((ERROR, f"its answer could not be sent: {error}"))
    write_all(fd, HEADER.pack(len(data)) + data)


def read_message(fd: int) -> bytes | None:
    header = _read_exactly(fd, HEADER.size)
    if header is None:
        return None
    return _read_exactly(fd, HEADER.unpack(header)[0])


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def close_all_but(*keep: int) -> None:
    low = 3
    for fd in sorted(keep):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, _max_fd())


def _max_fd() -> int:
    try:
        return os.sysconf("SC_OPEN_MAX")
    except (ValueError, OSError):
        return 4096


if __name__ == "__main__":
    tasks, replies, store, megabytes, mode, parent = sys.argv[1:7]
    dies = parent == "dies-with-parent"
    serve(int(tasks), int(replies), store or None, int(megabytes) or None, mode == "fresh", dies)
