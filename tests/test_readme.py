"""The README's console examples show what the commands really print (scripts/readme_examples.py),
and its Python examples run as written."""

import importlib.util
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "readme_examples.py"


def test_readme_examples_are_up_to_date():
    spec = importlib.util.spec_from_file_location("readme_examples", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    stale = module.check()
    assert not stale, "README examples are stale; run `make readme`:\n" + "\n".join(stale)


# Run in a new interpreter: each ```pycon block of the README through doctest, one namespace for all.
PYCON = """
import doctest, re, sys
blocks = re.findall(r"```pycon\\n(.*?)```", open("README.md", encoding="utf-8").read(), re.DOTALL)
test = doctest.DocTestParser().get_doctest("\\n".join(blocks), {}, "README.md", "README.md", 0)
runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
runner.run(test)
print(len(test.examples))
sys.exit(1 if runner.failures else 0)
"""


def test_readme_python_examples_run_as_written_in_a_fresh_interpreter():
    """The ``>>>`` examples (```pycon blocks) give what they show, from the repository, as a
    notebook user would type them in a fresh kernel."""
    done = subprocess.run([sys.executable, "-c", PYCON], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert int(done.stdout.strip().split()[-1]) >= 4
