"""What a query worker gives up before it reads a query: the network, and memory past a limit.

The safety check in :mod:`cartelgraph.sparql` refuses SERVICE and LOAD, but a parser gap
(there was one: a comment ended by a lone CR) would let the engine fetch any URL. So the
process that evaluates user SPARQL moves into a new, empty network namespace: it has no
interface but a loopback that is down, so every connect and every name lookup fails, whatever
the query says. This needs Linux and either root or unprivileged user namespaces; where
neither is there, :func:`isolate` says so and the worker runs with the check alone.

The memory limit is ``RLIMIT_DATA`` (the heap and other private writable memory, not the
store's mapped files), set to what the worker holds when it starts plus the budget, so an
ORDER BY over a cartesian product fails an allocation in the worker instead of taking the
machine's memory; the parent reports it as a memory error.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import sys

from cartelgraph.errors import UsageError

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
_PR_SET_PDEATHSIG = 1


def isolate(memory_mb: int | None, *, die_with_parent: bool = False) -> dict[str, str]:
    """Cut this process off the network and cap its memory; say what took effect.

    Call it first thing in a fresh worker, while it has a single thread (a user namespace
    cannot be entered by a threaded process), and before it opens the store. ``die_with_parent``:
    be killed when the thread that started this process ends (a query must not outlive the
    process that would stop it); for a process spawned by a thread that lives as long as it."""
    parent = os.getppid()
    libc = _libc()
    state = {"network": _leave_network(libc)}
    if die_with_parent:
        _die_with(parent, libc)
    if memory_mb:
        # On top of what the worker holds already: a worker forked from a process that has
        # grown (a notebook, a long test run) starts with that process's memory counted.
        limit = _data_in_use() + (memory_mb << 20)
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
        state["memory"] = f"{memory_mb} MB"
    else:
        state["memory"] = "no limit"
    return state


def _die_with(parent: int, libc) -> None:
    """Be killed when the parent process ends (set after entering a user namespace, which
    clears it), and end now if it has ended already."""
    if libc is not None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def _data_in_use() -> int:
    """Bytes of private writable memory this process holds (VmData: what RLIMIT_DATA counts)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) << 10
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _leave_network(libc) -> str:
    if libc is None:
        return "not isolated (only Linux can take the network away from a process)"
    if libc.unshare(_CLONE_NEWNET) == 0:
        return "isolated (own network namespace)"
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0:
        _map_ids(uid, gid)
        return "isolated (own user and network namespace)"
    error = os.strerror(ctypes.get_errno())
    return f"not isolated (the system refused a network namespace: {error})"


def _map_ids(uid: int, gid: int) -> None:
    """Keep the same user and group inside the new user namespace (files stay readable)."""
    try:
        with open("/proc/self/setgroups", "w") as handle:
            handle.write("deny")
        with open("/proc/self/uid_map", "w") as handle:
            handle.write(f"{uid} {uid} 1")
        with open("/proc/self/gid_map", "w") as handle:
            handle.write(f"{gid} {gid} 1")
    except OSError:
        pass  # unmapped ids read as nobody, but access is still checked against the real ones


def _libc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


# A query worker of the CLI or a notebook may use this much memory (heap, not mapped files).
DEFAULT_MEMORY_MB = 4096


def memory_limit() -> int | None:
    """The memory limit of a query worker in MB: ``$CARTELGRAPH_MEMORY_LIMIT`` (the CLI's
    ``--memory-limit`` sets it), else :data:`DEFAULT_MEMORY_MB`; 0 means none."""
    value = os.environ.get("CARTELGRAPH_MEMORY_LIMIT", "")
    try:
        megabytes = int(value) if value.strip() else DEFAULT_MEMORY_MB
    except ValueError:
        raise UsageError(f"CARTELGRAPH_MEMORY_LIMIT={value!r}: give a number of megabytes") from None
    return megabytes or None
