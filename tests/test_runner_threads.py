"""Query workers called from many threads at once (the CLI's projection does it): each caller
gets its own worker's answer, and a worker keeps none of the parent's descriptors open."""

from __future__ import annotations

import os
import socket
import threading

from cartelgraph.runner import Pool, run_with_timeout


def _echo(_store, value):
    return value


def _open_descriptors(_store):
    return sorted(int(fd) for fd in os.listdir("/proc/self/fd"))


def test_concurrent_callers_each_get_their_own_answer():
    answers, failures = {}, []

    def caller(number):
        try:
            for round_ in range(10):
                expected = f"{number}-{round_}".encode() * 1000
                assert run_with_timeout(_echo, (expected,), 30) == expected
            answers[number] = True
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(repr(error))

    threads = [threading.Thread(target=caller, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert failures == []
    assert sorted(answers) == list(range(8))


def test_worker_holds_none_of_the_parents_descriptors():
    pool = Pool(None)
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        read_end, write_end = os.pipe()
        try:
            held = pool.call(_open_descriptors, (), 30)
        finally:
            os.close(read_end)
            os.close(write_end)
            pool.close()
        assert not set(held) & {listening.fileno(), read_end, write_end}
        assert {0, 1, 2} <= set(held) and len(held) <= 6  # standard streams, its two pipes, the listing


def test_a_worker_is_reused_and_a_killed_one_replaced():
    pool = Pool(None)
    try:
        first = pool.call(_pid, (), 30)
        assert pool.call(_pid, (), 30) == first  # warm: the same process answers again
        worker = pool.take()
        worker.kill()
        pool.give(worker)
        assert pool.call(_pid, (), 30) not in (first, os.getpid())
    finally:
        pool.close()


def _pid(_store):
    return os.getpid()
