"""The endpoint's supervisor: the process ``cartelgraph serve`` runs. It listens, keeps
``--concurrency`` serving workers (:mod:`cartelgraph.server.serving`) running, gives each new
connection to the least busy of them, and stops a query at its time limit by killing the
worker that runs it.

Why this shape: pyoxigraph cannot stop a query from another thread, so a query must run in a
process that can be killed; and a query handed from the process that reads HTTP to another one
costs two process switches and a copy each way, several times the engine's own time for a
small query. So each worker reads its own connections and runs their queries itself, and the
supervisor, which does no HTTP at all, keeps the power to kill. It holds a copy of every
connection it handed out; when a worker dies (killed at a deadline, out of its memory, crashed)
while the :class:`~cartelgraph.server.board.Board` says a query was running for a client, the
supervisor answers that client itself with the reason, then closes the worker's connections and
starts a new worker. A keep-alive connection stays with its worker: a client that sends a second
request while its worker is busy waits for that worker (at most ``--max-wait``).
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import asdict, dataclass, field
from pathlib import Path

from cartelgraph.errors import CartelgraphError
from cartelgraph.runner import START_TIMEOUT, death_error, memory_error, timeout_error
from cartelgraph.server.board import Board
from cartelgraph.server.connections import answer_and_close, closed_by_client
from cartelgraph.server.serving import CLOSED, CONNECTION, FAILED, READY

TICK = 0.02  # seconds between looks at the deadlines: a query is stopped at most this late
RECENT = 0.1  # seconds during which a query's connection just handed to a worker counts as its load


@dataclass
class ServingWorker:
    slot: int
    process: subprocess.Popen
    control: socket.socket
    ready: bool = False
    killed_at_deadline: bool = False
    connections: dict[str, socket.socket] = field(default_factory=dict)
    handed: deque[float] = field(default_factory=lambda: deque(maxlen=8))  # when the last query connections came
    # Connections on their way to the worker: a socket pair queues 10 messages at most
    # (net.unix.max_dgram_qlen), and the supervisor never waits for a worker to read.
    outbox: deque[tuple[bytes, socket.socket]] = field(default_factory=deque)


class Supervisor:
    """``cartelgraph serve``'s process: :meth:`start`, then :meth:`serve` until stopped."""

    def __init__(self, store_path: Path, settings, listener: socket.socket):
        self.settings = settings
        self.isolation: dict[str, str] = {}
        self.workers: list[ServingWorker | None] = [None] * settings.concurrency
        self.board = Board.create(settings.concurrency)
        self._selector = selectors.DefaultSelector()
        self._workdir: Path | None = None
        self._retry_at: dict[int, float] = {}  # slots whose worker failed to start, and when to try again
        self._waiting_for_request: set[socket.socket] = set()  # accepted, not handed out yet
        self.listener = listener
        # From here on a signal that ends the server ends it through close(), which stops the
        # workers and removes the working copy.
        for ending in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(ending, _exit)
        try:
            if settings.allow_update:  # a private working copy, thrown away at the end
                self._workdir = Path(tempfile.mkdtemp(prefix="cartelgraph-serve-"))
                shutil.copytree(store_path, self._workdir / "store")
                store_path = self._workdir / "store"
            self.store_path = Path(store_path)
        except BaseException:
            self.close()
            raise

    def start(self) -> None:
        """Start every worker and wait until each is ready; a worker that cannot start stops
        everything, with its reason."""
        try:
            for slot in range(len(self.workers)):
                self._spawn(slot)
            deadline = time.monotonic() + START_TIMEOUT
            while not all(worker and worker.ready for worker in self.workers):
                if time.monotonic() > deadline:
                    raise CartelgraphError("a query worker did not start in time")
                for key, _ in self._selector.select(TICK):
                    if key.data is not None:
                        self._read_control(key.data, starting=True)
        except BaseException:
            self.close()
            raise

    def serve(self) -> None:
        """Serve until interrupted (Ctrl-C or SIGTERM), then stop every worker."""
        self._selector.register(self.listener, selectors.EVENT_READ)
        try:
            while True:
                for key, events in self._selector.select(TICK):
                    if key.data is None:
                        self._accept()
                    elif isinstance(key.data, float):
                        self._route(key.fileobj)
                    else:
                        if events & selectors.EVENT_WRITE:
                            self._send_connections(key.data)
                        if events & selectors.EVENT_READ:
                            self._read_control(key.data)
                self._close_silent()
                self._stop_past_deadlines()
                self._retry_failed_starts()
        finally:
            self.close()

    def close(self) -> None:
        for connection in self._waiting_for_request:
            connection.close()
        for worker in self.workers:
            if worker is not None:
                self._end(worker, answer=False)
        self._selector.close()
        self.listener.close()
        self.board.close()
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    # Connections.
    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # out of descriptors, a connection reset before it was taken
                return
            if self._open_connections() >= self.settings.max_connections:
                too_many = f"too many connections (more than {self.settings.max_connections}): try again in a moment"
                answer_and_close(connection, 503, too_many, retry_after=1)
                continue
            if connection.family in (socket.AF_INET, socket.AF_INET6):
                connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            connection.setblocking(False)
            # Handed out once its first request shows whether it asks a query (see _route).
            self._selector.register(connection, selectors.EVENT_READ, time.monotonic())
            self._waiting_for_request.add(connection)

    def _route(self, connection: socket.socket) -> None:
        """Hand a new connection whose first bytes have come to a worker: a query to the least
        busy (the bytes are only peeked at: they stay for the worker to read)."""
        self._selector.unregister(connection)
        self._waiting_for_request.discard(connection)
        try:
            first = connection.recv(2048, socket.MSG_PEEK)
        except OSError:
            first = b""
        if not first:  # closed by the client before it asked anything
            connection.close()
            return
        asks_query = b" /sparql" in first.split(b"\r\n", 1)[0]
        # Its name: the socket's inode, unique while this process holds its copy (a client's
        # address and port can come back at once for a new connection).
        self._hand(str(os.fstat(connection.fileno()).st_ino), connection, asks_query)

    def _hand(self, name: str, connection: socket.socket, asks_query: bool) -> None:
        worker = self._least_busy()
        if worker is None:  # every worker failed to start, and is being tried again
            answer_and_close(connection, 503, "no query worker is running: try again in a moment", retry_after=1)
            return
        worker.connections[name] = connection
        if asks_query:
            worker.handed.append(time.monotonic())
        worker.outbox.append((CONNECTION + name.encode(), connection))
        self._send_connections(worker)

    def _close_silent(self) -> None:
        """Close the new connections that have sent nothing within --read-timeout (as a worker
        closes an idle one)."""
        now = time.monotonic()
        for connection in list(self._waiting_for_request):
            if now - self._selector.get_key(connection).data > self.settings.read_timeout:
                self._selector.unregister(connection)
                self._waiting_for_request.discard(connection)
                connection.close()

    def _open_connections(self) -> int:
        """Connections held; at the cap, those whose client has closed are let go first (their
        worker says so a moment later, and may not have yet)."""
        count = len(self._waiting_for_request) + sum(len(worker.connections) for worker in self.workers if worker)
        if count < self.settings.max_connections:
            return count
        for worker in self.workers:
            for name, connection in list(worker.connections.items() if worker else ()):
                if closed_by_client(connection):
                    connection.close()
                    del worker.connections[name]
                    count -= 1
        return count

    def _send_connections(self, worker: ServingWorker) -> None:
        """Send what a worker's outbox holds, until its queue is full; then wait until it can
        take more (the selector says so)."""
        while worker.outbox:
            message, connection = worker.outbox[0]
            try:
                socket.send_fds(worker.control, [message], [connection.fileno()], socket.MSG_DONTWAIT)
            except BlockingIOError:
                self._selector.modify(worker.control, selectors.EVENT_READ | selectors.EVENT_WRITE, worker)
                return
            except OSError:  # the worker is gone: handled when its socket reads as closed
                return
            worker.outbox.popleft()
        self._selector.modify(worker.control, selectors.EVENT_READ, worker)

    def _least_busy(self) -> ServingWorker | None:
        """Where a new connection goes, in this order: a ready worker with nothing to do; a
        worker still starting (ready in a moment); a ready worker with no query but a connection
        that asks a query handed to it in the last :data:`RECENT` seconds (not yet read: several
        clients querying at once are spread over the workers); the ready worker with the
        fewest queries running and waiting. Among equals, the one with the fewest connections."""
        now = time.monotonic()

        def rank(worker: ServingWorker) -> tuple[int, int, int, int]:
            queries = self.board.load(worker.slot)
            recent = sum(1 for when in worker.handed if now - when < RECENT)
            if not worker.ready:
                group = 1
            elif queries:
                group = 3
            else:
                group = 2 if recent else 0
            return group, queries, recent, len(worker.connections)

        return min((worker for worker in self.workers if worker is not None), key=rank, default=None)

    # Workers.
    def _spawn(self, slot: int) -> None:
        here, there = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        # The settings go through the socket, not the command line that anyone can read: the
        # update token is among them.
        here.send(json.dumps(asdict(self.settings)).encode())
        command = [
            sys.executable,
            "-m",
            "cartelgraph.server.serving",
            str(there.fileno()),
            str(self.board.fd),
            str(slot),
            str(self.store_path),
        ]
        # The worker imports what this process can.
        environment = dict(os.environ, PYTHONPATH=os.pathsep.join(path for path in sys.path if path))
        environment.pop("CARTELGRAPH_TOKEN", None)  # the worker has it from its settings, if at all
        try:
            process = subprocess.Popen(
                command,
                pass_fds=(there.fileno(), self.board.fd),
                env=environment,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # Ctrl-C reaches the supervisor, which stops the workers
            )
        except BaseException:
            here.close()
            raise
        finally:
            there.close()
        self.board.reset(slot)
        worker = ServingWorker(slot, process, here)
        self.workers[slot] = worker
        self._selector.register(here, selectors.EVENT_READ, worker)
        self._count_starting()

    def _read_control(self, worker: ServingWorker, starting: bool = False) -> None:
        try:
            message = worker.control.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            message = b""
        kind, text = message[:1], message[1:].decode(errors="replace")
        if kind == CLOSED:
            connection = worker.connections.pop(text, None)
            if connection is not None:
                connection.close()
        elif kind == READY:
            worker.ready = True
            self.isolation = json.loads(text)
            self.board.set_ready(worker.slot, True)
            self._count_starting()
        elif kind == FAILED or not message:
            self._ended(worker, reason=text if kind == FAILED else None, starting=starting)

    def _ended(self, worker: ServingWorker, reason: str | None, starting: bool) -> None:
        """A worker is gone (or says it cannot start): answer the client whose query it was
        running, close its connections, start another."""
        status, moved = self._end(worker)
        if not worker.ready:
            why = reason or self._start_failure(status)
            if starting:
                raise CartelgraphError(f"a query worker failed to start: {why}")
            print(f"cartelgraph: a query worker failed to start ({why}); trying again in 1 s", file=sys.stderr)
            self._retry_at[worker.slot] = time.monotonic() + 1.0
            self._count_starting()
        else:
            self._spawn(worker.slot)
        for name, connection in moved.items():
            self._hand(name, connection, asks_query=False)

    def _end(self, worker: ServingWorker, answer: bool = True) -> tuple[int | None, dict]:
        """Kill a worker if it still runs; answer for its running query and the requests it was
        answering (unless the server is stopping); its exit status, and its other connections,
        for another worker to take."""
        if worker.process.poll() is None:
            worker.process.kill()
        status = worker.process.wait()
        running = self.board.running(worker.slot)
        answering = self.board.answering(worker.slot)
        if running is not None and worker.ready and answer:
            name, _, headers = running
            connection = worker.connections.pop(name, None)
            if connection is not None:
                answer_and_close(connection, 503, str(self._why(worker, status)), extra=headers)
        moved = {}
        for name, connection in worker.connections.items():
            if not answer:
                connection.close()
            elif name in answering:  # its request was read by the worker that is gone
                again = "the server is busy: the worker answering this connection was stopped; try again in a moment"
                answer_and_close(connection, 503, again, retry_after=1)
            else:  # idle between requests, or its request not read yet: another worker takes it
                moved[name] = connection
        worker.connections.clear()
        worker.outbox.clear()
        try:
            self._selector.unregister(worker.control)
        except (KeyError, ValueError):
            pass
        worker.control.close()
        self.board.reset(worker.slot)
        self.workers[worker.slot] = None
        return status, moved

    def _start_failure(self, status: int | None) -> str:
        if self.settings.memory_mb and status == -signal.SIGABRT:  # Rust aborts when an allocation fails
            return str(memory_error(self.settings.memory_mb))
        return _died(status)

    def _why(self, worker: ServingWorker, status: int) -> CartelgraphError:
        if worker.killed_at_deadline:
            return timeout_error(self.settings.timeout)
        if self.settings.memory_mb and status == -signal.SIGABRT:  # Rust aborts when an allocation fails
            return memory_error(self.settings.memory_mb)
        return death_error(status)

    def _stop_past_deadlines(self) -> None:
        now = time.monotonic()
        for worker in self.workers:
            if worker is None or not worker.ready or worker.killed_at_deadline:
                continue
            running = self.board.running(worker.slot)
            if running is not None and running[1] <= now:
                worker.killed_at_deadline = True
                worker.process.kill()  # its control socket then reads as closed: see _ended

    def _retry_failed_starts(self) -> None:
        now = time.monotonic()
        for slot, when in list(self._retry_at.items()):
            if when <= now:
                del self._retry_at[slot]
                self._spawn(slot)

    def _count_starting(self) -> None:
        starting = sum(1 for worker in self.workers if worker is not None and not worker.ready)
        self.board.set_starting(starting + len(self._retry_at))


def _died(status: int | None) -> str:
    if status is not None and status < 0:
        return f"it was ended by {signal.Signals(-status).name}"
    return f"it exited with status {status}"


def _exit(signum, frame) -> None:
    raise SystemExit(0)
