"""Imports go one way, down the pipeline, and no import cycle comes back.

The order (low → high) is the README's: base {config, errors, domain, catalogue, outputs, fonts, java_runtime,
labels}
→ document → tables → prose → reconcile → pipeline → present → batch → cli. A module may import
its own layer or any lower one, never a higher one: the document reader cannot ask the prose
readers, a check cannot ask the report. Imports inside functions count too (a lazy import is
still a dependency). The dev tools (juesuan_dev: renderer, benchmarks) may import analysis;
analysis names them only in cli.py, which loads them on demand for `juesuan render` and
`juesuan bench`.

The tree stays one a stranger can read: no module is shadowed by a package of the same name (Python
imports the package; the module is dead but reads as live), every module is imported by something
(another module, the console script, a module loaded by name, a notebook: tests do not count),
and none is over 450 lines. Each of these rules is shown catching a violation planted in a tmp tree.
"""

from __future__ import annotations

import ast
import json
import tomllib
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


def _module_name(path: Path, root: Path = SRC) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_package(name: str, root: Path = SRC) -> bool:
    return (root / Path(*name.split(".")) / "__init__.py").exists()


def _exists(name: str, root: Path = SRC) -> bool:
    base = root / Path(*name.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def _imports_in(tree: ast.AST, package: str, root: Path = SRC) -> list[tuple[str, int]]:
    """Every module a parsed source imports (absolute names), with its line; `package` resolves
    relative imports."""
    out = []
    for node in ast.walk(tree):
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
                out.append((sub if _exists(sub, root) else target, node.lineno))
    return out


def _imports(path: Path, root: Path = SRC) -> list[tuple[str, int]]:
    """Every module this file imports (absolute names), with its line."""
    name = _module_name(path, root)
    package = name if _is_package(name, root) else name.rpartition(".")[0]
    return _imports_in(ast.parse(path.read_text(encoding="utf-8")), package, root)


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



# -- the tree a stranger reads ------------------------------------------------------------------
ROOT = SRC.parent
LIMIT = 450  # lines: a module past it holds more than one job (the brief's rule)


def shadowed(root: Path = SRC) -> list[str]:
    """Modules `x.py` beside a package `x/`: Python imports the package, the module is dead."""
    return sorted(_module_name(p, root) for p in root.rglob("*.py")
                  if p.name != "__init__.py" and (p.with_suffix("") / "__init__.py").exists())


def _entry_points(project: Path) -> set[str]:
    """The console scripts' modules (pyproject's [project.scripts], `analysis.cli:app` → analysis.cli)."""
    data = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    return {target.split(":")[0] for target in data.get("project", {}).get("scripts", {}).values()}


def _notebook_imports(project: Path, root: Path) -> set[str]:
    """What the notebooks' code cells import (IPython's %magics and !shell lines left out)."""
    out: set[str] = set()
    for nb in sorted((project / "notebooks").glob("*.ipynb")):
        for cell in json.loads(nb.read_text(encoding="utf-8")).get("cells", []):
            if cell.get("cell_type") != "code":
                continue
            source = "".join(cell.get("source", []))
            source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
            out |= {t for t, _ in _imports_in(ast.parse(source), "", root)}
    return out


def _loaded_by_name(path: Path, modules: set[str]) -> set[str]:
    """Module names a source spells as a string (importlib.import_module("juesuan_dev.bench"))."""
    return {node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in modules}


def unimported(root: Path = SRC, project: Path = ROOT) -> list[str]:
    """Modules nothing imports: not another module (importing a.b.c imports a and a.b too), not the
    console script, not a module loaded by name, not a notebook. Tests do not count: code only
    a test reaches is dead to a user."""
    modules = {_module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    reached = _entry_points(project) | _notebook_imports(project, root)
    for name, path in modules.items():
        reached |= {t for t, _ in _imports(path, root) if t != name} | _loaded_by_name(path, set(modules))
    reached |= {".".join(t.split(".")[:i]) for t in set(reached) for i in range(1, t.count(".") + 1)}
    tops = {n for n in modules if "." not in n}  # the distributions' own packages: installed, imported by users
    return sorted(n for n in modules if n not in reached and n not in tops)


def too_long(root: Path = SRC, limit: int = LIMIT) -> list[str]:
    """Modules of src/analysis and src/juesuan_dev past the limit, with their length."""
    out = []
    for package in ("analysis", "juesuan_dev"):
        for p in sorted((root / package).rglob("*.py")):
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > limit:
                out.append(f"{_module_name(p, root)} ({n} lines)")
    return out


def test_no_module_is_shadowed_by_a_package() -> None:
    assert not shadowed(), "a package of the same name makes these modules dead: remove them"


def test_every_module_is_imported_by_something() -> None:
    assert not unimported(), "nothing imports these modules (tests do not count): wire them in or remove them"


def test_no_module_is_over_the_limit() -> None:
    assert not too_long(), f"past {LIMIT} lines: split where the domain splits"


def _plant(tmp: Path, files: dict[str, str], notebook: str = "") -> tuple[Path, Path]:
    """A tmp project: pyproject naming the console script, src/ with `files`, a notebook importing `notebook`."""
    (tmp / "pyproject.toml").write_text('[project.scripts]\njuesuan = "analysis.cli:app"\n', encoding="utf-8")
    (tmp / "notebooks").mkdir()
    cells = [{"cell_type": "code", "source": ["%matplotlib inline\n", notebook]}] if notebook else []
    (tmp / "notebooks" / "report.ipynb").write_text(json.dumps({"cells": cells}), encoding="utf-8")
    for rel, text in files.items():
        (tmp / "src" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / "src" / rel).write_text(text, encoding="utf-8")
    return tmp / "src", tmp


GOOD = {
    "analysis/__init__.py": "from .tables import read\n",
    "analysis/cli.py": "import importlib\nmod = importlib.import_module('juesuan_dev.bench')\n",
    "analysis/tables/__init__.py": "",
    "analysis/tables/read.py": "from . import grids\n",
    "analysis/tables/grids.py": "",
    "analysis/present/__init__.py": "",
    "analysis/present/charts.py": "",
    "juesuan_dev/__init__.py": "",
    "juesuan_dev/bench.py": "",
}


def test_a_planted_tree_without_violations_passes(tmp_path: Path) -> None:
    src, project = _plant(tmp_path, GOOD, "from analysis.present import charts\n")
    assert (shadowed(src), unimported(src, project), too_long(src)) == ([], [], [])


def test_a_planted_shadowed_module_is_caught(tmp_path: Path) -> None:
    src, project = _plant(tmp_path, {**GOOD, "analysis/tables.py": "from .tables import read\n"},
                          "from analysis.present import charts\n")
    assert shadowed(src) == ["analysis.tables"]


def test_a_planted_unimported_module_is_caught(tmp_path: Path) -> None:
    # charts is reached only by the notebook, bench only by name; the test imports of orphan do not count
    src, project = _plant(tmp_path, {**GOOD, "analysis/tables/orphan.py": "from . import grids\n"},
                          "from analysis.present import charts\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_orphan.py").write_text("from analysis.tables import orphan\n", encoding="utf-8")
    assert unimported(src, project) == ["analysis.tables.orphan"]
    # without the notebook, the module only it imports is unimported too
    (project / "notebooks" / "report.ipynb").write_text(json.dumps({"cells": []}), encoding="utf-8")
    assert unimported(src, project) == ["analysis.present", "analysis.present.charts", "analysis.tables.orphan"]


def test_a_planted_long_module_is_caught(tmp_path: Path) -> None:
    src, _ = _plant(tmp_path, {**GOOD, "juesuan_dev/bench.py": "x = 1\n" * (LIMIT + 1),
                               "analysis/tables/grids.py": "x = 1\n" * LIMIT})
    assert too_long(src) == [f"juesuan_dev.bench ({LIMIT + 1} lines)"]
