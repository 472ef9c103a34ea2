"""The query runner forks from many threads at once (the endpoint's workers do): each caller
gets its own child's answer, and a child keeps none of the parent's descriptors open."""

from __future__ import annotations

import os
import socket
import threading

from cartelgraph.runner import run_with_timeout


def test_concurrent_callers_each_get_their_own_answer():
    answers, failures = {}, []

    def caller(number):
        try:
            for round_ in range(10):
                expected = f"{number}-{round_}".encode() * 1000
                answer = run_with_timeout(lambda expected=expected: expected, 30)
                assert answer == expected
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


def test_child_holds_none_of_the_parents_descriptors():
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        read_end, write_end = os.pipe()
        try:
            held = run_with_timeout(lambda: " ".join(os.listdir("/proc/self/fd")).encode(), 30)
        finally:
            os.close(read_end)
            os.close(write_end)
        numbers = {int(fd) for fd in held.split()}
        assert not numbers & {listening.fileno(), read_end, write_end}
        assert {0, 1, 2} <= numbers and len(numbers) <= 5  # the standard streams, the answer pipe, the listing
