"""Running the endpoint's queries and updates on the embedded store, within limits.

Queries run in a fixed set of warm workers (:class:`cartelgraph.runner.Worker`, spawned, never
forked from the server's threads): each has no network, a memory limit, and the store open.
:class:`WorkerSlots` hands them out fairly under abuse:

- the time limit counts from the request's arrival, so time spent waiting for a worker is
  part of it and no query holds a worker past its limit (the worker is killed there and a new
  one started in the background);
- a query waits for a worker at most ``max_wait`` seconds, and when ``queue`` queries are
  already waiting it is refused at once: both with 503 and Retry-After;
- the safety check and the query's parsing happen in the worker, never on the event loop;
- an answer is cut at ``max_rows`` rows or ``max_bytes`` bytes, and the response says so.

Updates (only with ``allow_update``) go to a private working copy of the store, never to the
content-hashed store of the cache, which must keep matching the Turtle files it was built
from. They run in a worker of their own, and readers then open the copy afresh for each query
(a read-only opening does not see later writes). A readers-writer lock keeps readers out while
an update writes, because opening a store read-only while another process writes it is
undefined behaviour for Oxigraph.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from cartelgraph.errors import CartelgraphError, QueryTimeoutError, UnsafeQueryError, UsageError
from cartelgraph.internal_queries import query as internal_query
from cartelgraph.runner import Worker
from cartelgraph.server.answers import query_task
from cartelgraph.sparql import PREFIXES, check_safe, query_form


class Busy(CartelgraphError):
    """Every worker is taken and the queue is full, or the wait ran out: try again later."""

    def __init__(self, message: str, retry_after: int = 1):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class Answer:
    """A serialized answer; ``truncated`` names the limit that cut it ("rows" or "bytes"),
    and ``rows`` how many rows (or triples) were kept."""

    body: bytes
    form: str
    format: str
    truncated: str | None = None
    rows: int | None = None


def local_graph(data=None):
    """The embedded graph of ``data`` (never a remote one, whatever $CARTELGRAPH_ENDPOINT says)."""
    from cartelgraph.data import find_data_dir
    from cartelgraph.graph import EmbeddedGraph
    from cartelgraph.store import ensure_store

    data_dir = find_data_dir(data)
    return EmbeddedGraph(data_dir, ensure_store(data_dir))


class ReadWriteLock:
    """Many readers or one writer; a waiting writer holds new readers back (no starvation)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    def acquire_read(self) -> None:
        with self._cond:
            while self._writing or self._writers_waiting:
                self._cond.wait()
            self._readers += 1

    def release_read(self) -> None:
        with self._cond:
            self._readers -= 1
            self._cond.notify_all()

    def acquire_write(self) -> None:
        with self._cond:
            self._writers_waiting += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writing = True

    def release_write(self) -> None:
        with self._cond:
            self._writing = False
            self._cond.notify_all()


@dataclass
class Limits:
    """What one query may take, and how many may wait (``cartelgraph serve``'s options)."""

    timeout: float = 10.0
    max_rows: int = 10000
    max_bytes: int = 16 << 20
    memory_mb: int | None = 1024
    workers: int = 4
    queue: int = 8
    max_wait: float = 0.5


class WorkerSlots:
    """The warm workers of one store and the fair queue in front of them (asyncio side)."""

    def __init__(self, store_path: str, limits: Limits, *, fresh_store: bool = False):
        self.store_path = store_path
        self.limits = limits
        self.fresh_store = fresh_store
        self.waiting = 0
        self.running = 0
        self.isolation: dict[str, str] = {}
        self._idle: asyncio.Queue | None = None
        self._starting: set[asyncio.Task] = set()
        self._workers: list[Worker] = []
        try:
            self._workers += [self._new_worker() for _ in range(limits.workers)]
            for worker in self._workers:
                self.isolation = worker.wait_ready()
        except BaseException:
            self.close()
            raise

    def _new_worker(self) -> Worker:
        return Worker(self.store_path, memory_mb=self.limits.memory_mb, spawn=True, fresh_store=self.fresh_store)

    def call_now(self, function, args: tuple, timeout: float):
        """Run a task on the first worker from a plain thread, before serving starts."""
        return self._workers[0].call(function, args, timeout)

    async def call(self, function, args: tuple, arrived: float, run=None):
        """``function(store, *args)`` on a free worker, within the time limit counted from
        ``arrived`` (``time.monotonic()``). The event loop waits for the worker's answer itself;
        ``run(worker, function, args, timeout, limit)``, when given, is called in a thread instead
        (for a call that must hold a lock)."""
        import anyio

        idle = self._queue()
        limits = self.limits
        if arrived + limits.timeout <= time.monotonic():  # spent reading a slow request's body
            raise QueryTimeoutError(
                f"query stopped after the time limit of {limits.timeout:g} s (raise it with --timeout)"
            )
        if idle.empty() and self.waiting >= limits.queue:
            raise Busy(
                f"the server is busy: {limits.workers} queries are running and {self.waiting} "
                "are waiting; try again in a moment"
            )
        self.waiting += 1
        try:
            wait = min(limits.max_wait, max(0.0, arrived + limits.timeout - time.monotonic()))
            worker = await asyncio.wait_for(idle.get(), wait)
        except TimeoutError:
            raise Busy(
                f"the server is busy: no query worker came free within {limits.max_wait:g} s; try again in a moment"
            ) from None
        finally:
            self.waiting -= 1
        left = max(arrived + limits.timeout - time.monotonic(), 0.001)
        self.running += 1
        try:
            if run is None:
                return await worker.call_async(function, args, left, limits.timeout)
            return await anyio.to_thread.run_sync(
                run, worker, function, args, left, limits.timeout, limiter=self._threads
            )
        finally:
            self.running -= 1
            self._return(worker)

    def load(self) -> dict[str, int]:
        """What the workers do now: queries running and waiting, workers idle and starting."""
        idle = self._idle.qsize() if self._idle is not None else len(self._workers)
        return {"running": self.running, "waiting": self.waiting, "idle": idle, "starting": len(self._starting)}

    def _queue(self) -> asyncio.Queue:
        if self._idle is None:  # made on the event loop it serves
            import anyio

            self._idle = asyncio.Queue()
            self._threads = anyio.CapacityLimiter(self.limits.workers)
            for worker in self._workers:
                self._idle.put_nowait(worker)
        return self._idle

    def _return(self, worker: Worker) -> None:
        if worker.alive:
            self._idle.put_nowait(worker)
            return
        task = asyncio.get_running_loop().create_task(self._replace())
        self._starting.add(task)
        task.add_done_callback(self._starting.discard)

    async def _replace(self) -> None:
        import anyio

        def start() -> Worker:
            worker = self._new_worker()
            worker.wait_ready()
            return worker

        while True:
            try:
                worker = await anyio.to_thread.run_sync(start)
                break
            except CartelgraphError:
                await asyncio.sleep(1)  # a failed start (out of processes?): try again shortly
        self._idle.put_nowait(worker)

    def close(self) -> None:
        for worker in self._workers:
            worker.kill()
        if self._idle is not None:
            while not self._idle.empty():
                self._idle.get_nowait().kill()


class Executor:
    """Queries (and, if allowed, updates) on one store, under the :class:`Limits`."""

    def __init__(self, store_path: Path, limits: Limits, *, allow_update: bool = False, base_iri: str | None = None):
        self.limits = limits
        self.allow_update = allow_update
        self.base_iri = base_iri
        self._lock = ReadWriteLock()
        self._workdir: Path | None = None
        if allow_update:
            self._workdir = Path(tempfile.mkdtemp(prefix="cartelgraph-serve-"))
        try:
            if self._workdir is not None:
                shutil.copytree(store_path, self._workdir / "store")
                store_path = self._workdir / "store"
            self.store_path = store_path
            self.slots = WorkerSlots(str(store_path), limits, fresh_store=allow_update)
        except BaseException:
            self._remove_workdir()  # a failed start (workers short of memory?) leaves no copy behind
            raise

    @property
    def isolation(self) -> dict[str, str]:
        return self.slots.isolation

    def close(self) -> None:
        """Stop the workers and remove the working copy an updatable server wrote to."""
        self.slots.close()
        self._remove_workdir()

    def _remove_workdir(self) -> None:
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def count_triples(self) -> int:
        """The number of triples, asked before serving starts."""
        answer = self.slots.call_now(
            query_task,
            self._query_args(internal_query("count-triples"), "json", (), ()),
            self.limits.timeout,
        )
        return int(json.loads(answer[2])["results"]["bindings"][0]["n"]["value"])

    async def query(self, text: str, fmt: str, *, arrived: float, default_graphs=(), named_graphs=()) -> Answer:
        """Run a query; ``fmt`` is a short name of :data:`RESULT_FORMATS` or :data:`GRAPH_FORMATS`."""
        args = self._query_args(text, fmt, default_graphs, named_graphs)
        count, cut, body = await self.slots.call(
            query_task, args, arrived, run=self._reading if self.allow_update else None
        )
        return Answer(body, query_form(text), fmt, truncated=cut, rows=count)

    def _query_args(self, text, fmt, default_graphs, named_graphs) -> tuple:
        return (
            text,
            fmt,
            self.limits.max_rows,
            self.limits.max_bytes,
            self.base_iri,
            list(default_graphs),
            list(named_graphs),
        )

    def _reading(self, worker: Worker, function, args, timeout, limit):
        self._lock.acquire_read()
        try:
            return worker.call(function, args, timeout, limit)
        finally:
            self._lock.release_read()

    def update(self, text: str, *, default_graphs=(), named_graphs=()) -> None:
        """Apply a SPARQL update to the working copy (LOAD and SERVICE are still refused), in a
        worker of its own; call it from a thread."""
        if not self.allow_update:
            raise UnsafeQueryError("updates are refused: this endpoint is read-only")
        if default_graphs or named_graphs:
            raise UsageError(
                "using-graph-uri and using-named-graph-uri are not supported; use USING or WITH in the update"
            )
        worker = Worker(None, memory_mb=self.limits.memory_mb, spawn=True)
        try:
            # The check parses the whole text (8 MB: 70 s and 400 MB), so it runs in the worker,
            # under its memory limit and away from the server's other clients, and before
            # readers are held back. It has no time limit: `cartelgraph push` sends the whole
            # graph as one update (2 MB, 6 s to check); the update itself has the time limit.
            text = worker.call(_checked_update, (text,))
            self._lock.acquire_write()
            try:
                worker.call(_update_task, (str(self.store_path), text, self.base_iri), self.limits.timeout)
            finally:
                self._lock.release_write()
        finally:
            worker.close()


def _checked_update(_store, text: str) -> str:
    return check_safe(text, allow_update=True)


def _update_task(_store, store_path: str, text: str, base_iri: str | None) -> None:
    import pyoxigraph as ox

    store = ox.Store(store_path)
    store.update(text, prefixes=PREFIXES, base_iri=base_iri)
    store.flush()
