"""Keep the README's examples true: run every ```console block that starts with a plain
`$ cartelgraph ...` command and compare (or, with --write, replace) the output shown.

A block whose last line is `…` shows only the beginning of the output. Blocks with more than
one command, a pipe, `&`, or an endpoint are illustrations and are left alone.

    python scripts/readme_examples.py            # exit 1 and a diff when an example is stale
    python scripts/readme_examples.py --write    # rewrite the outputs in README.md
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
BLOCK = re.compile(r"```console\n(\$ cartelgraph [^\n]*)\n(.*?)```", re.DOTALL)
WIDTH = "100"
MORE = "…"


def runnable(command: str) -> bool:
    return not re.search(r"[|&;<>]|--endpoint|\bserve\b|\bpush\b", command)


def run(command: str) -> str:
    args = shlex.split(command[2:])
    env = {**os.environ, "COLUMNS": WIDTH, "NO_COLOR": "1"}
    env.pop("CARTELGRAPH_ENDPOINT", None)
    done = subprocess.run(
        [sys.executable, "-m", "cartelgraph.cli", *args[1:]], cwd=REPO, env=env, capture_output=True, text=True
    )
    return done.stderr + done.stdout  # the summary line on stderr comes first on a terminal


def shown(expected: str, actual: str) -> str:
    """What the README should show: the whole output, or as many lines as it showed before."""
    lines = expected.rstrip("\n").split("\n")
    if lines and lines[-1] == MORE:
        return "\n".join(actual.rstrip("\n").split("\n")[: len(lines) - 1] + [MORE]) + "\n"
    return actual.rstrip("\n") + "\n"


def check(write: bool = False) -> list[str]:
    text = README.read_text(encoding="utf-8")
    stale: list[str] = []

    def replace(match: re.Match) -> str:
        command, expected = match.group(1), match.group(2)
        if not runnable(command):
            return match.group(0)
        wanted = shown(expected, run(command))
        if wanted != expected:
            stale.append(
                "".join(
                    difflib.unified_diff(
                        expected.splitlines(True), wanted.splitlines(True), f"README: {command}", "actual output"
                    )
                )
            )
        return f"```console\n{command}\n{wanted}```"

    updated = BLOCK.sub(replace, text)
    if write and updated != text:
        README.write_text(updated, encoding="utf-8")
    return stale


if __name__ == "__main__":
    problems = check(write="--write" in sys.argv)
    for diff in problems:
        print(diff)
    if problems and "--write" not in sys.argv:
        sys.exit(1)
