"""The shape of the code: no import cycle among the project's modules, counting the imports made
inside functions too (a cycle hidden there still ties the modules together), and no module
longer than a newcomer reads at a sitting."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
from conftest import REPO

SOURCE = REPO / "src"
MAX_LINES = 400
# The layers of ARCHITECTURE.md, top first: a module imports only from its own layer or above.
LAYERS = [
    [
        "errors",
        "text",
        "dates",
        "sparql",
        "substitute",
        "internal_queries",
        "sparql_json",
        "namespace",
        "deprecation",
        "credentials",
        "scratch",
        "media",
    ],
    ["data", "store", "inference", "edge_rule", "rdfs"],
    ["knowledge_graph", "graph", "remote", "runner", "worker", "sandbox", "push", "output"],
    ["queries", "projection", "subgraph", "name_index", "domain", "resolve", "stats", "validate"],
    ["analytics", "investigate", "viz", "curation", "ftm", "server"],
    ["cli", "commands", "_namespace_gen", ""],  # "": the package itself (import cartelgraph as cg)
]


def _modules() -> dict[str, Path]:
    found = {}
    for path in SOURCE.rglob("*.py"):
        parts = list(path.relative_to(SOURCE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def import_graph() -> nx.DiGraph:
    """module -> the project's modules it imports anywhere in its text."""
    modules = _modules()

    def owner(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph = nx.DiGraph()
    for module, path in modules.items():
        graph.add_node(module)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                names = [base] + [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            for name in names:
                target = owner(name) if name.startswith("cartelgraph") else None
                if target and target != module:
                    graph.add_edge(module, target)
    return graph


def test_the_import_graph_sees_imports_inside_functions():
    graph = import_graph()
    # knowledge_graph imports sparql at the top; graph imports remote inside open_graph().
    assert graph.has_edge("cartelgraph.knowledge_graph", "cartelgraph.sparql")
    assert graph.has_edge("cartelgraph.graph", "cartelgraph.remote")


def test_no_import_cycles():
    cycles = [sorted(group) for group in nx.strongly_connected_components(import_graph()) if len(group) > 1]
    assert cycles == [], cycles


def test_leaf_modules_import_nothing_of_the_project():
    graph = import_graph()
    for leaf in ("cartelgraph.text", "cartelgraph.errors"):
        assert list(graph.successors(leaf)) == [], leaf


def test_no_module_is_over_400_lines():
    long = {
        str(path.relative_to(REPO)): n
        for path in SOURCE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, long


def _layer(module: str) -> int:
    top = module.removeprefix("cartelgraph").removeprefix(".").split(".")[0]
    for number, names in enumerate(LAYERS):
        if top in names:
            return number
    raise AssertionError(f"{module}: put it in a layer of LAYERS here and of ARCHITECTURE.md")


def test_modules_import_only_from_their_layer_or_above():
    upward = [f"{a} -> {b}" for a, b in import_graph().edges() if _layer(b) > _layer(a)]
    assert upward == [], upward


def test_no_command_module_imports_another_command_module():
    """Renderers and helpers live outside the commands: a command imports the shared helpers
    (commands/_*.py) and the library, never another command."""
    graph = import_graph()
    commands = {m for m in graph if m.startswith("cartelgraph.commands.") and not m.rpartition(".")[2].startswith("_")}
    assert [(a, b) for a, b in graph.edges if a in commands and b in commands] == []
