"""docs/coverage.md is the output of `cartelgraph stats --format markdown` on the real graph."""

from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "coverage.md"


def test_coverage_doc_is_up_to_date(cg):
    result = cg("stats", "--format", "markdown")
    assert result.exit_code == 0
    assert result.output in DOC.read_text(encoding="utf-8"), "docs/coverage.md is stale: run `make coverage`"
