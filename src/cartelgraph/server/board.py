"""The endpoint's board: what each serving worker is doing, in memory shared by the supervisor
and every worker (an anonymous ``memfd``, mapped by each; no file on disk).

A worker writes, at the start of each query, the deadline and the connection it answers,
and clears them once the answer is computed, before it writes it: so when the supervisor finds a
dead worker's slot still marked, it knows that client got no byte of an answer and can tell it
why (the time limit, the memory limit). The supervisor writes which workers are ready and how
many are starting. ``/limits`` adds it all up. A slot is written by one process only, field by
field, so no lock is needed.
"""

from __future__ import annotations

import mmap
import os
import struct

# One slot per worker: deadline, the connection's name, extra header lines for an answer written
# by the supervisor (CORS), then the counters, written last (the supervisor reads running first).
_SLOT = struct.Struct("<d64s448sii?")
# After each slot's fields: the names of its connections with a request being answered.
_ANSWERING = struct.Struct("<512s")
_DEADLINE = struct.Struct("<d64s448s")
_COUNTS = struct.Struct("<ii")
_READY = struct.Struct("<?")
_STARTING = struct.Struct("<i")  # at offset 0, before the slots
_SLOTS_AT = 8
_COUNTS_AT = _DEADLINE.size
_READY_AT = _DEADLINE.size + _COUNTS.size
_STRIDE = _SLOT.size + _ANSWERING.size


class Board:
    def __init__(self, fd: int, slots: int):
        self.fd = fd
        self.slots = slots
        self._map = mmap.mmap(fd, _SLOTS_AT + slots * _STRIDE)

    @classmethod
    def create(cls, slots: int) -> Board:
        fd = os.memfd_create("cartelgraph-board", 0)
        os.ftruncate(fd, _SLOTS_AT + slots * _STRIDE)
        return cls(fd, slots)

    def _at(self, slot: int) -> int:
        return _SLOTS_AT + slot * _STRIDE

    # Written by the worker of a slot.
    def begin(self, slot: int, connection: str, deadline: float, headers: bytes = b"") -> None:
        """A query for the client of ``connection`` runs until ``deadline`` (``time.monotonic()``,
        system-wide)."""
        at = self._at(slot)
        _DEADLINE.pack_into(self._map, at, deadline, connection.encode()[:64], headers[:448])
        running, waiting = _COUNTS.unpack_from(self._map, at + _COUNTS_AT)
        _COUNTS.pack_into(self._map, at + _COUNTS_AT, 1, waiting)

    def end(self, slot: int) -> None:
        at = self._at(slot) + _COUNTS_AT
        _, waiting = _COUNTS.unpack_from(self._map, at)
        _COUNTS.pack_into(self._map, at, 0, waiting)

    def set_answering(self, slot: int, names) -> None:
        """The connections whose request the slot's worker is answering now (any route)."""
        _ANSWERING.pack_into(self._map, self._at(slot) + _SLOT.size, " ".join(names).encode()[:512])

    def answering(self, slot: int) -> set[str]:
        return set(_ANSWERING.unpack_from(self._map, self._at(slot) + _SLOT.size)[0].rstrip(b"\0").decode().split())

    def set_waiting(self, slot: int, waiting: int) -> None:
        at = self._at(slot) + _COUNTS_AT
        running, _ = _COUNTS.unpack_from(self._map, at)
        _COUNTS.pack_into(self._map, at, running, waiting)

    # Written by the supervisor.
    def reset(self, slot: int) -> None:
        _SLOT.pack_into(self._map, self._at(slot), 0.0, b"", b"", 0, 0, False)
        _ANSWERING.pack_into(self._map, self._at(slot) + _SLOT.size, b"")

    def set_ready(self, slot: int, ready: bool) -> None:
        _READY.pack_into(self._map, self._at(slot) + _READY_AT, ready)

    def set_starting(self, starting: int) -> None:
        _STARTING.pack_into(self._map, 0, starting)

    # Read by anyone.
    def running(self, slot: int) -> tuple[str, float, bytes] | None:
        """``(connection, deadline, header lines)`` of the query a slot's worker runs, or None."""
        deadline, connection, headers, running, _, _ = _SLOT.unpack_from(self._map, self._at(slot))
        if not running:
            return None
        return connection.rstrip(b"\0").decode(), deadline, headers.rstrip(b"\0")

    def load(self, slot: int) -> int:
        """Queries running and waiting in a slot's worker."""
        running, waiting = _COUNTS.unpack_from(self._map, self._at(slot) + _COUNTS_AT)
        return running + waiting

    def waiting(self) -> int:
        return sum(_COUNTS.unpack_from(self._map, self._at(slot) + _COUNTS_AT)[1] for slot in range(self.slots))

    def totals(self) -> dict[str, int]:
        """What the workers do now: queries running and waiting, workers idle and starting."""
        running = waiting = idle = 0
        for slot in range(self.slots):
            _, _, _, busy, queued, ready = _SLOT.unpack_from(self._map, self._at(slot))
            running += busy
            waiting += queued
            idle += ready and not busy
        starting = _STARTING.unpack_from(self._map, 0)[0]
        return {"running": running, "waiting": waiting, "idle": idle, "starting": starting}

    def close(self) -> None:
        self._map.close()
        os.close(self.fd)
