"""Running the endpoint's queries and updates, inside a serving worker, within limits.

Each serving worker (:mod:`cartelgraph.server.serving`) is a process with no network and a
memory limit that holds the store open and answers its own HTTP connections. Its
:class:`Executor` runs one query at a time, in a thread of its own so that the event loop
stays free to read other requests and to refuse them when they wait too long. pyoxigraph lets
go of the GIL while it evaluates. A query cannot be stopped from inside the process, so the
supervisor (:mod:`cartelgraph.server.supervisor`) kills the worker at the query's deadline, or
finds it dead of its memory limit, and answers the client itself, as the :mod:`board
<cartelgraph.server.board>` tells it which client was waiting.

- the time limit counts from the request's arrival, so time spent waiting is part of it;
- a query waits at most ``max_wait`` seconds, and when ``queue`` queries are already waiting
  (in all workers) it is refused at once: both with 503 and Retry-After;
- the safety check and the query's parsing run in the query thread, never on the event loop;
- an answer is cut at ``max_rows`` rows or ``max_bytes`` bytes, and the response says so.

Updates (only with ``allow_update``) go to a private working copy of the store, never to the
content-hashed store of the cache, which must keep matching the Turtle files it was built from.
Each runs in a process of its own (:class:`cartelgraph.runner.Worker`), and readers then open
the copy afresh for each query (a read-only opening does not see later writes). A file lock
(shared for readers, exclusive for the writer) keeps readers in every worker out while an update
writes, because opening a store read-only while another process writes it is undefined
behaviour for Oxigraph.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cartelgraph.errors import CartelgraphError, QueryMemoryError, QueryTimeoutError, UnsafeQueryError, UsageError
from cartelgraph.internal_queries import query as internal_query
from cartelgraph.runner import Worker, memory_error, timeout_error
from cartelgraph.server.answers import query_task
from cartelgraph.server.board import Board
from cartelgraph.sparql import CACHED_TEXT, PREFIXES, check_safe, keywords, query_form, syntax_error

LOCK_FILE = "update.lock"  # beside the working copy of an updatable server
# A query text answered within QUICK seconds runs on the event loop the next time: handing a
# query to the query thread and its answer back costs two switches of the GIL between threads,
# about 100 µs of CPU, more than the engine spends on such a query; and holding the loop for a
# millisecond delays nobody. Any other text runs in the thread, so that the loop stays free to
# refuse what waits too long. The last REMEMBERED quick texts are kept.
QUICK = 0.002
REMEMBERED = 256
VOLATILE = {"NOW", "RAND", "UUID", "STRUUID", "BNODE"}  # functions whose value differs between runs


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


class Executor:
    """The queries (and, if allowed, updates) of one serving worker, under the :class:`Limits`.

    ``board`` and ``slot``: where this worker says what it runs (None for a worker that runs
    alone, as in a test). ``store_path``: the store, or with ``allow_update`` the working copy
    the supervisor made, beside its lock file."""

    def __init__(
        self,
        store_path: Path,
        limits: Limits,
        *,
        allow_update: bool = False,
        base_iri: str | None = None,
        board: Board | None = None,
        slot: int = 0,
    ):
        import pyoxigraph as ox

        self.limits = limits
        self.allow_update = allow_update
        self.base_iri = base_iri
        self.store_path = Path(store_path)
        self.board = board or Board.create(1)
        self.slot = slot
        self.waiting = 0
        self._store = None if allow_update else ox.Store.read_only(str(store_path))
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="query")
        self._turn: asyncio.Lock | None = None  # made on the event loop it serves
        self._quick: OrderedDict[tuple, None] = OrderedDict()
        self._readers = open(self.store_path.parent / LOCK_FILE, "a+b") if allow_update else None  # noqa: SIM115

    def close(self) -> None:
        self._thread.shutdown(wait=False, cancel_futures=True)
        if self._readers is not None:
            self._readers.close()

    def count_triples(self) -> int:
        """The number of triples, asked before serving starts."""
        args = self._query_args(internal_query("count-triples"), "json", (), ())
        _, _, body = self._run(query_task, args)
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    async def query(
        self,
        text: str,
        fmt: str,
        *,
        arrived: float,
        connection: str = "",
        headers: bytes = b"",
        default_graphs=(),
        named_graphs=(),
    ) -> Answer:
        """Run a query for the client of ``connection`` (its name on the board); ``fmt`` is a short name of
        :data:`RESULT_FORMATS` or :data:`GRAPH_FORMATS`. ``headers``: the extra header lines
        (CORS) of an answer the supervisor may have to write for it."""
        args = self._query_args(text, fmt, default_graphs, named_graphs)
        count, cut, body = await self._call(args, arrived, connection, headers)
        return Answer(body, query_form(text), fmt, truncated=cut, rows=count)

    async def _call(self, args: tuple, arrived: float, connection: str, headers: bytes):
        deadline = arrived + self.limits.timeout
        if deadline <= time.monotonic():  # spent reading a slow request's body
            raise timeout_error(self.limits.timeout)
        if self._turn is None:
            self._turn = asyncio.Lock()
        if self._turn.locked():
            await self._wait_turn(deadline)
        else:
            await self._turn.acquire()  # free: taken at once
        key = (*args[:2], *map(tuple, args[5:]))  # the text, format and graphs
        self.board.begin(self.slot, connection, deadline, headers)
        try:
            started = time.perf_counter()
            if key in self._quick:
                answer = self._run(query_task, args)
            else:
                answer = await asyncio.get_running_loop().run_in_executor(self._thread, self._run, query_task, args)
            self._remember(key, time.perf_counter() - started)
            return answer
        finally:
            self.board.end(self.slot)  # before the answer is written: see the board
            self._turn.release()

    async def _wait_turn(self, deadline: float) -> None:
        limits = self.limits
        waiting = self.board.waiting()
        if waiting >= limits.queue:
            raise Busy(f"the server is busy: {waiting} queries are already waiting; try again in a moment")
        self._set_waiting(+1)
        # A kept-alive connection stays with this worker: while another worker is idle, the
        # server is not full, and a 503 would only send the client back here; so the request
        # waits for this worker, within its time limit. When every worker is busy, the server
        # is full: at most max_wait, then 503.
        left = max(0.0, deadline - time.monotonic())
        wait = left if self.board.totals()["idle"] else min(limits.max_wait, left)
        try:
            await asyncio.wait_for(self._turn.acquire(), wait)
        except TimeoutError:
            if wait == left:
                raise timeout_error(limits.timeout) from None
            raise Busy(
                f"the server is busy: every worker is taken and none came free within {limits.max_wait:g} s; "
                "try again in a moment"
            ) from None
        finally:
            self._set_waiting(-1)

    def _remember(self, key: tuple, seconds: float) -> None:
        """Keep the texts last answered within :data:`QUICK` (at most :data:`REMEMBERED`, of up
        to CACHED_TEXT characters): they run on the event loop the next time, without the
        hand-over to the query thread. Not a text whose time may change: on an updatable store,
        or asking the time or a random number (fast in one second, slow in the next)."""
        if seconds >= QUICK:
            self._quick.pop(key, None)
        elif key in self._quick:
            self._quick.move_to_end(key)
        elif not self.allow_update and len(key[0]) <= CACHED_TEXT and not VOLATILE.intersection(keywords(key[0])):
            self._quick[key] = None
            if len(self._quick) > REMEMBERED:
                self._quick.popitem(last=False)

    def _set_waiting(self, change: int) -> None:
        self.waiting += change
        self.board.set_waiting(self.slot, self.waiting)

    def _run(self, function, args: tuple):
        """``function(store, *args)`` in this thread, its errors made the endpoint's."""
        try:
            with self._reading() as store:
                return function(store, *args)
        except SyntaxError as error:
            raise syntax_error(str(error.msg if hasattr(error, "msg") else error)) from None
        except MemoryError:
            raise memory_error(self.limits.memory_mb) from None
        except (CartelgraphError, QueryMemoryError, QueryTimeoutError):
            raise
        except Exception as error:  # noqa: BLE001 - any other failure is the query's, in one line
            raise CartelgraphError(f"query failed: {type(error).__name__}: {error}") from None

    @contextmanager
    def _reading(self):
        if self._readers is None:
            yield self._store
            return
        import pyoxigraph as ox

        fcntl.flock(self._readers, fcntl.LOCK_SH)
        try:
            yield ox.Store.read_only(str(self.store_path))
        finally:
            fcntl.flock(self._readers, fcntl.LOCK_UN)

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

    def update(self, text: str, *, default_graphs=(), named_graphs=()) -> None:
        """Apply a SPARQL update to the working copy (LOAD and SERVICE are still refused), in a
        process of its own; call it from a thread."""
        if not self.allow_update:
            raise UnsafeQueryError("updates are refused: this endpoint is read-only")
        if default_graphs or named_graphs:
            raise UsageError(
                "using-graph-uri and using-named-graph-uri are not supported; use USING or WITH in the update"
            )
        # It dies with this worker, should the supervisor kill it meanwhile.
        worker = Worker(None, memory_mb=self.limits.memory_mb, spawn=True, die_with_parent=True)
        try:
            # The check parses the whole text (8 MB: 70 s and 400 MB), so it runs in that process,
            # under its memory limit and away from this worker's clients, and before readers are
            # held back. It has no time limit: `cartelgraph push` sends the whole graph as one
            # update (2 MB, 6 s to check); the update itself has the time limit.
            text = worker.call(_checked_update, (text,))
            with open(self.store_path.parent / LOCK_FILE, "a+b") as writer:
                fcntl.flock(writer, fcntl.LOCK_EX)  # released when the file closes
                worker.call(_update_task, (str(self.store_path), text, self.base_iri), self.limits.timeout)
        finally:
            worker.close()


def _checked_update(_store, text: str) -> str:
    return check_safe(text, allow_update=True)


def _update_task(_store, store_path: str, text: str, base_iri: str | None) -> None:
    import pyoxigraph as ox

    store = ox.Store(store_path)
    store.update(text, prefixes=PREFIXES, base_iri=base_iri)
    store.flush()
