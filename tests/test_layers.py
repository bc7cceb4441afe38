"""The package's layers: each imports only from the layers below it, and no module imports
itself back through others (no circle), counting imports inside functions too."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "dvc_cli"

# Lowest first. A module may import its own layer and the layers before it.
LAYERS = ["base", "core", "catalog", "store", "render", "batch", "authoring", "cli"]
BASE = {"dvc_cli", "dvc_cli.errors", "dvc_cli.i18n", "dvc_cli.text", "dvc_cli.log",
        "dvc_cli.fonts", "dvc_cli.privacy", "dvc_cli.context"}  # fmt: skip


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> str:
    if module in BASE:
        return "base"
    if module == "dvc_cli.__main__":
        return "cli"
    return module.split(".")[1]


def _imports() -> dict[str, set[str]]:
    """Module → the dvc_cli modules it imports (``from dvc_cli.x import y`` counts y when y
    is a module)."""
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module.split(".")[0] != "dvc_cli":
                    continue
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    found.add(sub if sub in modules else node.module)
            elif isinstance(node, ast.ImportFrom) and node.level:
                raise AssertionError(f"{name}: relative import; write dvc_cli.… in full")
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.split(".")[0] == "dvc_cli"}
        found.discard(name)
        graph[name] = {m for m in found if m in modules}
    return graph


def test_every_module_has_a_layer():
    for module in _imports():
        assert _layer(module) in LAYERS, module


def test_no_module_imports_a_layer_above_its_own():
    upward = [
        f"{module} ({_layer(module)}) imports {dep} ({_layer(dep)})"
        for module, deps in sorted(_imports().items())
        for dep in sorted(deps)
        if LAYERS.index(_layer(dep)) > LAYERS.index(_layer(module))
        and dep != "dvc_cli"  # the package itself: only its version
    ]
    assert not upward, "\n".join(upward)


def test_the_package_root_imports_nothing_at_start_up():
    """``dvc --version`` imports dvc_cli: its public API is loaded on first use only."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    top = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    assert all(isinstance(n, ast.ImportFrom) and n.module == "__future__" for n in top)


def test_the_public_api_names_library_objects_below_the_cli():
    import importlib

    import dvc_cli

    for name, (module, attribute) in dvc_cli._API.items():
        assert _layer(module) != "cli", name
        loaded = importlib.import_module(module)
        assert attribute is None or hasattr(loaded, attribute), name
        assert getattr(dvc_cli, name) is (
            loaded if attribute is None else getattr(loaded, attribute)
        )
    assert set(dvc_cli.__all__) == {"__version__", *dvc_cli._API}


def test_no_circle_of_imports():
    graph = _imports()
    circles = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                circles.append(" -> ".join(path[path.index(dep) :] + [dep]))
            elif dep not in state:
                visit(dep, [*path, dep])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not circles, "\n".join(circles)


def test_the_cli_uses_only_the_public_api():
    """cli/ imports the package root (its API), base modules and cli/ itself, nothing deeper."""
    deeper = [
        f"{module} imports {dep}"
        for module, deps in sorted(_imports().items())
        if _layer(module) == "cli"
        for dep in sorted(deps)
        if _layer(dep) not in ("base", "cli")
    ]
    assert not deeper, "\n".join(deeper)
