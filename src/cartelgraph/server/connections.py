"""Connections that send nothing useful are closed: uvicorn's HTTP/1.1 protocol (httptools, or
h11 where httptools is missing) with a read deadline; and what the supervisor does with a
connection itself (listening, answering one no worker answers, the cap on open connections).

uvicorn closes a kept-alive connection that stays idle after an answer (``timeout_keep_alive``),
but it has no deadline for reading a request: a client that opens a connection and sends its
headers a byte at a time keeps it, and its descriptor, for as long as it likes; a thousand such
clients exhaust the process's descriptors. So here:

- a request (line, headers and body) must arrive whole within ``read_timeout`` seconds of the
  connection opening, or of the previous answer; a connection that has started a request and
  not finished it in time gets ``408`` and is closed, an idle one is closed;
- at most ``max_connections`` connections are open at once, counted by the supervisor; one more
  is answered ``503`` with ``Retry-After`` and closed at once, so it holds its descriptor for no
  time (:func:`answer_and_close`).
"""

from __future__ import annotations

import asyncio
import socket

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from cartelgraph.errors import CartelgraphError
from cartelgraph.media import PLAIN_TEXT
from cartelgraph.server.guard import SECURITY_HEADERS


def limited_protocol(read_timeout: float, on_close=None) -> type:
    """The protocol class to give uvicorn's ``http=``: on httptools' parser when it is installed
    (several times faster than h11, which is pure Python), else on h11. ``on_close(name)`` is
    called with a connection's name (``app_state["connection"]``, given by the serving worker)
    when it ends."""
    try:
        base = LimitedHttpToolsProtocol()
    except ImportError:
        base = LimitedH11Protocol
    settings = {"read_timeout": read_timeout, "on_close": staticmethod(on_close)}
    return type(f"Limited{base.__name__}", (base,), settings)


class ReadDeadline:
    """What both protocols share: the deadline for a request, and saying when a connection ends."""

    read_timeout: float = 5.0
    on_close = None
    _deadline: asyncio.TimerHandle | None = None

    def _closed(self) -> None:
        self._cancel_deadline()
        name = self.app_state.get("connection")
        if self.on_close is not None and name:
            self.on_close(name)

    def _expect_request(self) -> None:
        self._cancel_deadline()
        self._deadline = self.loop.call_later(self.read_timeout, self._too_slow)

    def _cancel_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self._request_started():  # part of a request line or headers: say why before closing
            self.transport.write(
                raw_answer(
                    408, f"the request did not arrive within {self.read_timeout:g} s (the server's --read-timeout)"
                )
            )
        # A request whose body is late has an application waiting for it: closing tells it so.
        self.transport.close()

    def _request_started(self) -> bool:
        raise NotImplementedError


class LimitedH11Protocol(ReadDeadline, H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._expect_request()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state not in (h11.IDLE, h11.SEND_BODY):
            self._cancel_deadline()  # the request is in (or the connection is ending)

    def on_response_complete(self) -> None:
        super().on_response_complete()  # may already have read a pipelined request
        if not self.transport.is_closing() and self.conn.their_state in (h11.IDLE, h11.SEND_BODY):
            self._expect_request()

    def connection_lost(self, exc: Exception | None) -> None:
        self._closed()
        super().connection_lost(exc)

    def _request_started(self) -> bool:
        return bool(self.conn.their_state is h11.IDLE and self.conn.trailing_data[0])


def LimitedHttpToolsProtocol() -> type:  # noqa: N802 - a class, made only when httptools imports
    """The same limits on uvicorn's httptools protocol."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class Limited(ReadDeadline, HttpToolsProtocol):
        _partial = False  # bytes of the next request's line or headers have arrived, not all of them
        _in_body = False  # the headers are in: the application has the request and reads its body

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._expect_request()

        def data_received(self, data: bytes) -> None:
            self._partial = not self._in_body
            super().data_received(data)

        def on_headers_complete(self) -> None:
            super().on_headers_complete()
            self._partial, self._in_body = False, True

        def on_message_complete(self) -> None:
            super().on_message_complete()
            self._partial = self._in_body = False
            self._cancel_deadline()

        def on_response_complete(self) -> None:
            super().on_response_complete()  # may start a pipelined request already read
            if not self.transport.is_closing() and not self.pipeline and self.cycle.response_complete:
                self._expect_request()

        def connection_lost(self, exc: Exception | None) -> None:
            self._closed()
            super().connection_lost(exc)

        def _request_started(self) -> bool:
            return self._partial

    Limited.__name__ = "HttpToolsProtocol"
    return Limited


def raw_answer(status: int, message: str, *, retry_after: int | None = None, extra: bytes = b"") -> bytes:
    """A whole HTTP/1.1 answer, with the security headers, written straight onto a connection no
    application answers (no request read whole, or its worker gone); ``extra``: header lines."""
    reason = {408: "Request Timeout", 503: "Service Unavailable"}[status]
    body = (message + "\n").encode()
    head = [
        f"HTTP/1.1 {status} {reason}",
        f"content-type: {PLAIN_TEXT}; charset=utf-8",
        f"content-length: {len(body)}",
        "connection: close",
        *(f"{name.decode()}: {value.decode()}" for name, value in SECURITY_HEADERS),
    ]
    if retry_after is not None:
        head.append(f"retry-after: {retry_after}")
    return ("\r\n".join(head) + "\r\n").encode() + extra + b"\r\n" + body


def answer_and_close(connection: socket.socket, status: int, message: str, **options) -> None:
    """Write :func:`raw_answer` on a connection (the supervisor's copy), then close it. Never
    waits: a client that does not read gets no answer, and one whose previous answer is still
    partly unsent gets none either (it would land in the middle of that one)."""
    try:
        if _unsent(connection) == 0:
            connection.send(raw_answer(status, message, **options), socket.MSG_DONTWAIT)
            connection.shutdown(socket.SHUT_WR)
    except OSError:
        pass  # the client is gone, or its buffer is full
    finally:
        connection.close()


def _unsent(connection: socket.socket) -> int:
    """Bytes written on a connection and not yet sent (Linux's SIOCOUTQ; 0 where unknown)."""
    import fcntl
    import struct
    import termios

    try:
        return struct.unpack("i", fcntl.ioctl(connection.fileno(), termios.TIOCOUTQ, b"\0\0\0\0"))[0]
    except OSError:
        return 0


def closed_by_client(connection: socket.socket) -> bool:
    """Whether the client has closed this connection and sent nothing more (a peek: the bytes of
    a request waiting there stay for the worker)."""
    try:
        return connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:  # reset by the client
        return True


def listen(host: str, port: int) -> socket.socket:
    """The server's listening socket, or one clear line on why it cannot be (before anything is
    built)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as error:
        raise CartelgraphError(f"--host {host}: {error.strerror}") from None
    listener = socket.socket(family, kind, proto)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(1024)
        listener.setblocking(False)
    except OSError as error:
        listener.close()
        raise CartelgraphError(f"cannot listen on {host}:{port}: {error.strerror} (choose another --port)") from None
    return listener
