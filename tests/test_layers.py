"""Imports go one way, down the pipeline, and no import cycle comes back.

The order (low → high) is the README's: base {config, errors, domain, catalogue, outputs, fonts, java_runtime,
labels}
→ document → tables → prose → reconcile → pipeline → present → batch → cli. A module may import
its own layer or any lower one, never a higher one: the document reader cannot ask the prose
readers, a check cannot ask the report. Imports inside functions count too (a lazy import is
still a dependency). The dev tools (juesuan_dev: renderer, benchmarks) may import analysis;
analysis names them only in cli.py, which loads them on demand for `juesuan render` and
`juesuan bench`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
ORDER = [
    {"config", "errors", "domain", "catalogue", "outputs", "fonts", "java_runtime", "labels"},
    {"document"},
    {"tables"},
    {"prose"},
    {"reconcile"},
    {"pipeline"},
    {"present"},
    {"batch"},
    {"cli"},
]
RANK = {name: i for i, names in enumerate(ORDER) for name in names}
DEV_ONLY = {"juesuan_dev", "reportlab"}  # the dev extra: never a dependency of the runtime package


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_package(name: str) -> bool:
    return (SRC / Path(*name.split(".")) / "__init__.py").exists()


def _exists(name: str) -> bool:
    base = SRC / Path(*name.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every module this file imports (absolute names), with its line."""
    name = _module_name(path)
    package = name if _is_package(name) else name.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                out.append((sub if _exists(sub) else target, node.lineno))
    return out


MODULES = {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}
ANALYSIS = {name: path for name, path in MODULES.items() if name.split(".")[0] == "analysis"}


def _layer(name: str) -> int | None:
    parts = name.split(".")
    if parts[0] != "analysis":
        return None
    # the package itself is its public face, analysis.read_pdf: the pipeline's layer
    return RANK.get(parts[1]) if len(parts) > 1 else RANK["pipeline"]


def test_every_module_has_a_layer() -> None:
    assert all(_layer(name) is not None for name in ANALYSIS), [n for n in ANALYSIS if _layer(n) is None]


@pytest.mark.parametrize("name", sorted(ANALYSIS))
def test_imports_go_down_the_pipeline(name: str) -> None:
    mine = _layer(name)
    upward = [(target, line) for target, line in _imports(ANALYSIS[name])
              if (layer := _layer(target)) is not None and layer > mine]
    assert not upward, f"{name} imports a later stage: {upward}"


@pytest.mark.parametrize("name", sorted(ANALYSIS))
def test_the_runtime_package_needs_no_dev_tool(name: str) -> None:
    path = ANALYSIS[name]
    dev = [(t, line) for t, line in _imports(path) if t.split(".")[0] in DEV_ONLY]
    assert not dev, f"{name} imports the dev extra: {dev}"
    if name != "analysis.cli":  # the one place that loads juesuan_dev, by name, on demand
        assert "juesuan_dev" not in path.read_text(encoding="utf-8"), name


def test_no_import_cycle() -> None:
    graph = {name: {t for t, _ in _imports(path) if t in MODULES and t != name} for name, path in MODULES.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                raise AssertionError(" → ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)

