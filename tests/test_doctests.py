"""The examples in the docstrings of the notebook API run as written (doctest), on the real
curated graph, and every public function has one (docs/api.md lists them)."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import cartelgraph
import cartelgraph.analytics
import cartelgraph.investigate

REPO = Path(__file__).resolve().parents[1]
API = REPO / "docs" / "api.md"
PACKAGES = [cartelgraph.analytics, cartelgraph.investigate]
MODULES = [
    "cartelgraph",
    *(f"{package.__name__}.{info.name}" for package in PACKAGES for info in pkgutil.iter_modules(package.__path__)),
    *(package.__name__ for package in PACKAGES),
]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def public_functions():
    """``(namespace, name, function)`` for every function or class of the public API: the top-level
    entry points and the ``__all__`` of cartelgraph.analytics and cartelgraph.investigate."""
    found = []
    for namespace in (cartelgraph, *PACKAGES):
        for name in namespace.__all__:
            value = getattr(namespace, name)
            if inspect.isfunction(value) or inspect.isclass(value):
                found.append((namespace.__name__, name, value))
    return found


@pytest.mark.parametrize("module_name", MODULES)
def test_docstring_examples_run(module_name, monkeypatch):
    monkeypatch.chdir(REPO)  # open_graph() reads the repository's data
    module = importlib.import_module(module_name)
    tests = [test for test in doctest.DocTestFinder().find(module, module_name) if test.examples]
    report = []
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in tests:
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)


def test_the_doctests_test_something():
    """Most modules have examples: a finder that found none would pass every test above."""
    counted = sum(
        len(test.examples)
        for name in MODULES
        for test in doctest.DocTestFinder().find(importlib.import_module(name), name)
    )
    assert counted >= 60


@pytest.mark.parametrize(
    ("namespace", "name", "function"),
    public_functions(),
    ids=[f"{namespace}.{name}" for namespace, name, _ in public_functions()],
)
def test_every_public_function_has_an_example(namespace, name, function):
    """Functions of cartelgraph.analytics and cartelgraph.investigate carry their example; those
    they re-export from elsewhere (the projection's, viz's) have theirs in docs/api.md."""
    if function.__module__.startswith(("cartelgraph.analytics", "cartelgraph.investigate")) and inspect.isfunction(
        function
    ):
        assert ">>>" in (function.__doc__ or ""), f"{namespace}.{name} has no example in its docstring"
    assert f"`{name}`" in API.read_text(encoding="utf-8"), f"docs/api.md does not list {namespace}.{name}"


def test_the_api_page_examples_run(monkeypatch):
    monkeypatch.chdir(REPO)
    failures, tried = doctest.testfile(
        str(API), module_relative=False, optionflags=FLAGS, report=False, verbose=False, encoding="utf-8"
    )
    assert tried >= 40 and failures == 0
