"""The house's import graph: imports run one way, and no files import each other in a circle.

Rooms are the top-level packages (and ``app.py``). Every ``import`` and ``from … import`` of a
project module counts, at module level or inside a function (a local import is still a
dependency). The allowed directions:

    pages, app  →  ui  →  text / model / store        store → model / text
    cli → model / store / text       tools → server / text       model, text, server → nothing

``model/__main__.py`` is the one exception: a 3-line entry script that keeps ``python -m model``
working by handing over to ``cli`` (nothing imports it, so no model code depends on the CLI);
it is counted in the ``cli`` room.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROOMS = ("app", "pages", "ui", "text", "model", "store", "cli", "server", "tools")
ALLOWED: dict[str, set[str]] = {
    "app": {"ui", "text"},
    "pages": {"ui", "text", "model", "store"},
    "ui": {"text", "model", "store"},
    "store": {"model", "text"},
    "cli": {"model", "store", "text"},
    "tools": {"server", "text"},
    "model": set(),
    "text": set(),
    "server": set(),
}
ENTRY_SHIMS = {"model.__main__": "cli"}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def project_modules(root: Path) -> dict[str, Path]:
    files = [root / "app.py", *(p for room in ROOMS[1:] for p in sorted((root / room).rglob("*.py")))]
    return {module_name(p, root): p for p in files if p.exists()}


def import_graph(root: Path) -> dict[str, set[str]]:
    """module → the project modules it imports (resolved to the longest existing module)."""
    modules = project_modules(root)
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        graph[name]  # every module is a node
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                # `from ui import cache` imports the module ui.cache; `from store import Register`
                # the package store (its __init__)
                targets = [
                    f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in modules else node.module
                    for alias in node.names
                ]
            else:
                continue
            for target in targets:
                parts = target.split(".")
                for k in range(len(parts), 0, -1):
                    candidate = ".".join(parts[:k])
                    if candidate in modules:
                        if candidate != name:
                            graph[name].add(candidate)
                        break
    return dict(graph)


def room_of(module: str) -> str:
    return ENTRY_SHIMS.get(module, module.split(".")[0])


def back_arrows(graph: dict[str, set[str]]) -> list[str]:
    """Imports from one room into a room it may not use."""
    return sorted(
        f"{a} -> {b}"
        for a, targets in graph.items()
        for b in targets
        if room_of(a) != room_of(b) and room_of(b) not in ALLOWED[room_of(a)]
    )


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def test_the_graph_sees_the_imports_it_should(tmp_path):
    for room in ("model", "store", "ui"):
        (tmp_path / room).mkdir()
        (tmp_path / room / "__init__.py").write_text("")
    (tmp_path / "model" / "engine.py").write_text("from store import register\n")
    (tmp_path / "store" / "register.py").write_text("from model import engine\n")
    (tmp_path / "ui" / "cache.py").write_text("def g():\n    from ui import state\n")
    (tmp_path / "ui" / "state.py").write_text("from ui import cache\nimport model.engine\n")
    graph = import_graph(tmp_path)
    assert graph["ui.state"] == {"ui.cache", "model.engine"}
    assert back_arrows(graph) == ["model.engine -> store.register"]
    assert circles(graph) == [["model.engine", "store.register"], ["ui.cache", "ui.state"]]


def test_every_room_is_known_to_the_rules():
    rooms = {room_of(m) for m in project_modules(ROOT)}
    assert rooms == set(ROOMS), rooms ^ set(ROOMS)


def test_no_import_runs_back_up():
    assert back_arrows(import_graph(ROOT)) == []


def test_no_import_circles():
    assert circles(import_graph(ROOT)) == []


def test_the_model_entry_shim_only_hands_over_to_the_cli():
    shim = (ROOT / "model" / "__main__.py").read_text(encoding="utf-8")
    code = [line for line in shim.splitlines() if line.strip() and not line.startswith(('"""', "#")) and "python -m" not in line]
    assert code[-2:] == ["from cli.main import main", "raise SystemExit(main())"], code
