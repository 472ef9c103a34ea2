"""Query workers: processes that evaluate SPARQL under a time limit, a memory limit and with no
network, kept warm between queries.

pyoxigraph has no timeout and does not check for signals while it evaluates, so a thread cannot
stop a query; a process can be killed. A :class:`Worker` is such a process. It first gives up
the network and memory past its limit (:mod:`cartelgraph.sandbox`), opens the store read-only
once, then runs tasks one at a time: a module-level function and its arguments, pickled, called
as ``function(store, *args)``, its result pickled back. At a deadline the parent kills it, which
really stops the work and frees its memory; a worker that died is replaced by a new one.

A :class:`Pool` keeps idle workers of one store for reuse, so a query costs a pipe round trip
rather than a fork and a store opening (~20 ms). Workers start one of two ways:

- forked from the caller (the CLI and notebooks): about a millisecond, and the worker has the
  caller's modules already imported. A lock keeps each worker's pipes out of the others, and
  the child closes every descriptor it inherited.
- spawned as ``python -m cartelgraph.worker`` (a process with threads of native code, such as a
  serving worker of the endpoint running an update): its threads must not fork, since a lock
  held by another thread at that moment would stay held in the child forever.

The endpoint's own workers are different: each answers its HTTP connections itself, and the
supervisor kills it at a query's deadline (:mod:`cartelgraph.server.supervisor`).
"""

from __future__ import annotations

import atexit
import os
import pickle
import select
import signal
import sys
import threading
import time
from dataclasses import dataclass, field

from cartelgraph.errors import CartelgraphError, QueryMemoryError, QueryTimeoutError
from cartelgraph.sparql import syntax_error
from cartelgraph.worker import ERROR, HEADER, MEMORY, OK, RAISED, READY, SYNTAX, close_all_but, serve, write_all

_FORK_LOCK = threading.Lock()
START_TIMEOUT = 60.0  # for a spawned worker to import its modules and open the store


class Worker:
    """One worker process for the store at ``store_path`` (``None``: tasks get no store).

    ``fresh_store`` opens the store again for every task (a store that another process
    updates: a read-only opening does not see later writes)."""

    def __init__(
        self,
        store_path: str | None,
        *,
        memory_mb: int | None = None,
        spawn: bool = False,
        fresh_store: bool = False,
        die_with_parent: bool = False,
    ):
        self.memory_mb = memory_mb
        self.isolation: dict[str, str] | None = None
        self._process = None  # the subprocess.Popen of a spawned worker
        self._received = bytearray()  # read from the reply pipe, not yet taken as a message
        settings = (store_path, memory_mb, fresh_store)
        self.die_with_parent = die_with_parent  # a spawned worker only: see sandbox.isolate
        if spawn:
            self._spawn(settings)
        else:
            self._fork(settings)

    def _fork(self, settings) -> None:
        with _FORK_LOCK:
            task_read, task_write = os.pipe()
            reply_read, reply_write = os.pipe()
            pid = os.fork()
            if pid == 0:
                try:
                    close_all_but(task_read, reply_write)
                    serve(task_read, reply_write, *settings)
                finally:
                    os._exit(0)
            os.close(task_read)
            os.close(reply_write)
        self.pid, self._tasks, self._replies = pid, task_write, reply_read
        os.set_blocking(reply_read, False)  # read after poll

    def _spawn(self, settings) -> None:
        import subprocess  # here: the CLI, which only forks, does not pay for its import

        task_read, task_write = os.pipe()
        reply_read, reply_write = os.pipe()
        store_path, memory_mb, fresh_store = settings
        command = [
            sys.executable,
            "-m",
            "cartelgraph.worker",
            str(task_read),
            str(reply_write),
            store_path or "",
            str(memory_mb or 0),
            "fresh" if fresh_store else "kept",
            "dies-with-parent" if self.die_with_parent else "lives",
        ]
        # The worker unpickles tasks by module and name: let it import what this process can.
        environment = dict(os.environ, PYTHONPATH=os.pathsep.join(path for path in sys.path if path))
        try:
            self._process = subprocess.Popen(
                command,
                pass_fds=(task_read, reply_write),
                env=environment,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        finally:
            os.close(task_read)
            os.close(reply_write)
        self.pid, self._tasks, self._replies = self._process.pid, task_write, reply_read
        os.set_blocking(reply_read, False)

    @property
    def alive(self) -> bool:
        return self._replies is not None

    def wait_ready(self, timeout: float = START_TIMEOUT) -> dict[str, str]:
        """Wait until the worker has isolated itself and opened the store; its isolation."""
        if self.isolation is None:
            self._take_ready(time.monotonic() + timeout, timeout)
        return self.isolation

    def _take_ready(self, deadline: float, timeout: float) -> None:
        status, body = self._receive(deadline, timeout, starting=True)
        if status != READY:
            self.kill()
            raise CartelgraphError(f"a query worker failed to start: {body}")
        self.isolation = body

    def call(self, function, args: tuple = (), timeout: float | None = None, limit: float | None = None):
        """``function(store, *args)`` in the worker; raises at the deadline (the worker is then
        killed), or the error the task raised. ``limit``: the time limit to name in that error,
        when ``timeout`` is what is left of it."""
        if not self.alive:
            raise CartelgraphError("this query worker has stopped")
        deadline = None if timeout is None else time.monotonic() + timeout
        message = pickle.dumps((function, args), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            write_all(self._tasks, HEADER.pack(len(message)) + message)
        except OSError:
            raise self._died() from None
        if self.isolation is None:  # its first answer: it says it is ready first
            self._take_ready(deadline or time.monotonic() + START_TIMEOUT, timeout or START_TIMEOUT)
        status, body = self._receive(deadline, limit or timeout)
        return self._result(status, body)

    def _take(self, size: int) -> bytes:
        taken = bytes(self._received[:size])
        del self._received[:size]
        return taken

    def _result(self, status: int, body):
        if status == OK:
            return body
        if status == SYNTAX:
            raise syntax_error(body)
        if status == RAISED:
            raise body
        if status == MEMORY:
            raise memory_error(self.memory_mb)
        if status == READY:
            raise CartelgraphError("query failed: the worker answered out of turn")
        raise CartelgraphError(f"query failed: {body}")

    def _receive(self, deadline: float | None, timeout: float | None, starting: bool = False):
        header = self._read(HEADER.size, deadline, timeout, starting)
        body = self._read(HEADER.unpack(header)[0], deadline, timeout, starting)
        try:
            return pickle.loads(body)
        except Exception as error:  # noqa: BLE001 - a result that does not unpickle here
            return ERROR, f"its answer could not be read: {error}"

    def _read(self, size: int, deadline: float | None, timeout: float | None, starting: bool) -> bytes:
        poller = select.poll()
        poller.register(self._replies, select.POLLIN)
        while len(self._received) < size:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not poller.poll(None if wait is None else wait * 1000):
                self.kill()
                if starting:
                    raise CartelgraphError("a query worker did not start in time")
                raise timeout_error(timeout)
            try:
                chunk = os.read(self._replies, max(size - len(self._received), 1 << 16))
            except BlockingIOError:
                continue
            if not chunk:
                raise self._died()
            self._received += chunk
        return self._take(size)

    def _died(self) -> CartelgraphError:
        """The error for a worker that is gone without an answer: out of memory (Rust aborts when
        an allocation fails), or another crash, named by its signal."""
        status = self.kill()
        if self.memory_mb and status == -signal.SIGABRT:
            return memory_error(self.memory_mb)
        return death_error(status)

    def kill(self) -> int | None:
        """Stop the worker now; its exit status (negative: the signal that ended it)."""
        if not self.alive:
            return None
        for fd in (self._tasks, self._replies):
            os.close(fd)
        self._tasks = self._replies = None
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if self._process is not None:
            return self._process.wait()
        _, status = os.waitpid(self.pid, 0)
        return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)

    def close(self) -> None:
        """Let an idle worker go (it leaves when its task pipe closes)."""
        self.kill()


@dataclass
class Pool:
    """Idle workers of one store, reused by later calls; as many as are called at once."""

    store_path: str | None
    memory_mb: int | None = None
    spawn: bool = False
    fresh_store: bool = False
    isolation: dict[str, str] | None = None  # what the last worker to answer gave up
    _idle: list[Worker] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def call(self, function, args: tuple = (), timeout: float | None = None):
        worker = self.take()
        try:
            return worker.call(function, args, timeout)
        finally:
            self.give(worker)

    def take(self) -> Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive:
                    return worker
        return self.start()

    def give(self, worker: Worker) -> None:
        self.isolation = worker.isolation or self.isolation
        if worker.alive:
            with self._lock:
                self._idle.append(worker)

    def start(self) -> Worker:
        # Fork only where it is safe: a thread of native code (a store this process opened, with
        # its engine's threads) may hold a lock at the fork that stays held in the child.
        spawn = self.spawn or _native_threads()
        return Worker(self.store_path, memory_mb=self.memory_mb, spawn=spawn, fresh_store=self.fresh_store)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.close()


_POOLS: dict[tuple, Pool] = {}
_POOLS_LOCK = threading.Lock()


def shared_pool(store_path: str | None, memory_mb: int | None = None) -> Pool:
    """This process's pool of forked workers for ``store_path`` (the CLI's and notebooks')."""
    key = (store_path, memory_mb, os.getpid())
    with _POOLS_LOCK:
        pool = _POOLS.get(key)
        if pool is None:
            pool = _POOLS[key] = Pool(store_path, memory_mb=memory_mb)
        return pool


@atexit.register
def close_shared_pools() -> None:
    """Let this process's idle workers go: the next query forks new ones, which see the modules
    as they are now (a notebook that changed a module's setting, a test that patched one)."""
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for pool in pools:
        pool.close()


def run_with_timeout(function, args: tuple = (), timeout: float | None = None, memory_mb: int | None = None):
    """``function(None, *args)`` in an isolated worker under ``timeout`` seconds."""
    return shared_pool(None, memory_mb).call(function, args, timeout)


def _native_threads() -> bool:
    """Whether this process runs threads that Python did not start (a pyoxigraph store opened
    here starts its engine's): /proc counts every thread, ``threading`` only its own."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("Threads:"):
                    return int(line.split()[1]) > threading.active_count()
    except (OSError, ValueError, IndexError):
        pass
    return False


def timeout_error(limit: float) -> QueryTimeoutError:
    return QueryTimeoutError(f"query stopped after the time limit of {limit:g} s (raise it with --timeout)")


def death_error(status: int | None) -> CartelgraphError:
    """The error for a worker that died without an answer and not of its memory limit: a
    crash, named by its signal (``status`` negative), or an exit."""
    if status == -signal.SIGKILL:  # not the limits: those are named before this is asked
        return CartelgraphError(
            "query failed: the worker process was killed (SIGKILL) from outside, perhaps by the "
            "system's out-of-memory killer"
        )
    if status is not None and status < 0:
        name = signal.Signals(-status).name
        return CartelgraphError(
            f"query failed: the worker process crashed ({name}); the query may be too deeply nested for the engine"
        )
    return CartelgraphError(f"query failed: the worker process died without an answer (status {status})")


def memory_error(memory_mb: int | None) -> QueryMemoryError:
    return QueryMemoryError(
        f"query stopped: it needed more than the memory limit of {memory_mb} MB (raise it with --memory-limit)"
    )
