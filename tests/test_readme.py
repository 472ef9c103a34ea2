"""The README's console examples show what the commands really print (scripts/readme_examples.py)."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "readme_examples.py"


def test_readme_examples_are_up_to_date():
    spec = importlib.util.spec_from_file_location("readme_examples", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    stale = module.check()
    assert not stale, "README examples are stale; run `make readme`:\n" + "\n".join(stale)
