"""A serving worker: a process that answers the endpoint's HTTP connections itself and runs their
queries on the store it holds open, with no network and under a memory limit.

The supervisor (:mod:`cartelgraph.server.supervisor`) starts it as ``python -m
cartelgraph.server.serving CONTROL BOARD SLOT STORE``, sends it its settings, then, over the
``CONTROL`` socket, each connection it accepted for it. The worker gives up the network first
(:func:`cartelgraph.sandbox.isolate`): a connection made before that keeps working, and nothing
the worker does can open a new one. It then serves the application of :mod:`cartelgraph.server.app`
with uvicorn, and tells the supervisor when it is ready and when a connection ends (the supervisor
holds a copy of each connection, to answer on it if the worker dies).

Messages on the control socket, one per datagram. To the worker: its settings as JSON, then
``C`` + a connection's name with its descriptor. From it: ``R`` + its isolation as JSON (ready), ``E`` +
why it could not start, ``X`` + a connection's name when that connection ends.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys

import uvicorn

READY, FAILED, CLOSED, CONNECTION = b"R", b"E", b"X", b"C"


def main(control_fd: int, board_fd: int, slot: int, store_path: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's to handle
    # What Rust prints on its way out of a failed allocation is not for the user: the supervisor
    # says why a worker stopped.
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)
    os.close(quiet)
    control = socket.socket(fileno=control_fd)
    try:
        # Everything imported before the isolation, which needs a single thread.
        from cartelgraph.sandbox import isolate
        from cartelgraph.server.app import Settings, create_app
        from cartelgraph.server.board import Board
        from cartelgraph.server.connections import limited_protocol

        settings = Settings(**json.loads(control.recv(1 << 20)))
        isolation = isolate(settings.memory_mb, die_with_parent=True)
        board = Board(board_fd, settings.concurrency)
        app = Answering(create_app(store_path, settings, board=board, slot=slot, isolation=isolation), board, slot)
        protocol = limited_protocol(settings.read_timeout, on_close=lambda name: _send(control, CLOSED, name))
        config = uvicorn.Config(
            app,
            log_level="critical",
            access_log=False,
            server_header=False,
            proxy_headers=False,  # nothing here reads the client address: trust no X-Forwarded header
            http=protocol,
            ws="none",  # no WebSocket routes
            lifespan="on",
        )
        server = SupervisedServer(config, control, isolation)
    except BaseException as error:  # noqa: BLE001 - reported to the supervisor, in one line
        _send(control, FAILED, f"{type(error).__name__}: {error}")
        return
    server.run(sockets=[])


class Answering:
    """ASGI middleware: keeps on the board the connections whose request this worker is
    answering, so that the supervisor, should it kill this worker, tells those clients to try
    again and moves the others (idle between requests) to another worker."""

    def __init__(self, app, board, slot: int):
        self.app, self.board, self.slot = app, board, slot
        self.names: list[str] = []

    async def __call__(self, scope, receive, send):
        name = scope.get("state", {}).get("connection")
        if scope["type"] != "http" or not name:
            return await self.app(scope, receive, send)
        self.names.append(name)
        self.board.set_answering(self.slot, self.names)
        try:
            return await self.app(scope, receive, send)
        finally:
            self.names.remove(name)
            self.board.set_answering(self.slot, self.names)


class SupervisedServer(uvicorn.Server):
    """uvicorn's server, listening on nothing: its connections come from the supervisor."""

    def __init__(self, config: uvicorn.Config, control: socket.socket, isolation: dict):
        super().__init__(config)
        self.control = control
        self.isolation = isolation

    async def startup(self, sockets=None) -> None:
        await super().startup(sockets=[])
        if self.should_exit:
            return
        self._loop = asyncio.get_running_loop()
        self._loop.add_reader(self.control.fileno(), self._take_connection)
        _send(self.control, READY, json.dumps(self.isolation))

    def _take_connection(self) -> None:
        try:
            message, fds, _, _ = socket.recv_fds(self.control, 64, 1, socket.MSG_DONTWAIT)
        except BlockingIOError:
            return
        if not message:  # the supervisor is gone
            self._loop.remove_reader(self.control.fileno())
            self.should_exit = True
            return
        if not fds:
            return
        # The connection's name goes into every request's scope["state"] (a copy of the
        # protocol's app_state), where the application reads it for the board.
        state = {**self.lifespan.state, "connection": message[1:].decode()}
        self._loop.create_task(
            self._loop.connect_accepted_socket(
                lambda: self.config.http_protocol_class(
                    config=self.config, server_state=self.server_state, app_state=state
                ),
                socket.socket(fileno=fds[0]),
            )
        )


def _send(control: socket.socket, kind: bytes, text: str) -> None:
    try:
        control.send(kind + text.encode()[:60000])
    except OSError:
        pass  # the supervisor is gone; this worker ends with its control socket


if __name__ == "__main__":
    control, board, slot, store = sys.argv[1:5]
    main(int(control), int(board), int(slot), store)
