"""The house rules, read from the source itself: data flows one way, and each concept has one place.

`argv -> cli -> packs -> matching -> render`, with `store` beside packs. The core (everything but `cli`
and `render`) imports neither Typer nor Rich, so it is a library; the engine (`matching`) imports nothing
else of leadercli; the module-level import graph has no cycle; modules stay small and word lists live
in data files. Imports inside functions count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "leadercli"
MAX_LINES = 600
MAX_LITERAL_WORDS = 30


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


@cache
def _tree(name: str) -> ast.Module:
    return ast.parse(MODULES[name].read_text(encoding="utf-8"))


def _imports(name: str, *, top_level_only: bool = False) -> set[str]:
    """Every module `name` imports (absolute names), at the top level only or anywhere in it."""
    tree = _tree(name)
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(name, node)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return {module for module in found if module.split(".")[0] != "leadercli" or module in MODULES}


def _absolute(name: str, node: ast.ImportFrom) -> str:
    """`from ..x import y` in module `name`, as the absolute module it names."""
    if not node.level:
        return node.module or ""
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
    return f"{base}.{node.module}" if node.module else base


def _in(module: str, *packages: str) -> bool:
    return any(module == package or module.startswith(package + ".") for package in packages)


CORE = [name for name in MODULES if not _in(name, "leadercli.cli", "leadercli.render", "leadercli.__main__")]


@pytest.mark.parametrize("name", CORE)
def test_the_core_imports_neither_typer_nor_rich(name: str) -> None:
    ui = {module for module in _imports(name) if _in(module, "typer", "click", "rich")}
    assert not ui, f"{name} imports {sorted(ui)}"
    upward = {module for module in _imports(name) if _in(module, "leadercli.cli", "leadercli.render")}
    assert not upward, f"{name} imports {sorted(upward)}"


@pytest.mark.parametrize("name", [name for name in MODULES if _in(name, "leadercli.matching")])
def test_the_engine_imports_nothing_of_the_pack(name: str) -> None:
    outside = {
        module
        for module in _imports(name)
        if _in(module, "leadercli") and not _in(module, "leadercli.matching")
    }
    assert not outside, f"{name} imports {sorted(outside)}"


@pytest.mark.parametrize("name", [name for name in MODULES if _in(name, "leadercli.packs")])
def test_packs_sit_below_the_store_and_the_outputs(name: str) -> None:
    above = {
        module
        for module in _imports(name)
        if _in(module, "leadercli.store", "leadercli.payloads", "leadercli.export", "leadercli.search")
    }
    assert not above, f"{name} imports {sorted(above)}"
    if name != "leadercli.packs.bridge":  # the one place a pack meets the matcher
        matcher = {module for module in _imports(name) if _in(module, "leadercli.matching.matcher")}
        assert not matcher, f"{name} imports the matcher; go through leadercli.packs.bridge"


def test_the_module_level_import_graph_has_no_cycle() -> None:
    graph = {
        name: {
            _owner(module)
            for module in _imports(name, top_level_only=True)
            if _in(module, "leadercli") and _owner(module) != name
        }
        for name in MODULES
    }
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for child in graph.get(node, ()):
            if state.get(child) == 1:
                cycle = [*path[path.index(child) :], child] if child in path else [node, child]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if child not in state:
                visit(child, [*path, child])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [name])


def _owner(module: str) -> str:
    """The module a dotted import name lives in (`leadercli.packs.sections.FAQ` -> `...sections`)."""
    while module not in MODULES and "." in module:
        module = module.rsplit(".", 1)[0]
    return module


@pytest.mark.parametrize("name", list(MODULES))
def test_modules_stay_small(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines (at most {MAX_LINES}: split it by concern)"


@pytest.mark.parametrize("name", list(MODULES))
def test_word_lists_are_data_files(name: str) -> None:
    for node in ast.walk(_tree(name)):
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            words = [
                item for item in node.elts if isinstance(item, ast.Constant) and isinstance(item.value, str)
            ]
            assert len(words) <= MAX_LITERAL_WORDS, (
                f"{name}:{node.lineno}: a list of {len(words)} strings belongs in a data file"
            )
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            assert len(node.value.split()) <= 200 or "\n\n" in node.value, (
                f"{name}:{node.lineno}: a {len(node.value.split())}-word string looks like a word list"
            )
