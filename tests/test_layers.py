"""The layers README draws hold: what is below never imports what is above it."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "itadocs"
FRONT = ("itadocs.api", "itadocs.batch", "itadocs.cli", "itadocs.web")


def _imports(path: Path) -> set[str]:
    """The itadocs modules a module imports, anywhere in it (lazy imports included)."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    package = parts[:-1] if parts[-1] != "__init__" else parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join([*base, *(node.module or "").split(".")]).strip(".")
            found |= {f"{module}.{alias.name}" for alias in node.names} | {module}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name.startswith("itadocs")}


def _layer(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    if parts[0] in ("cli", "web"):
        return parts[0]
    if path.stem in ("api", "batch", "desktop", "__init__", "__main__") and len(parts) == 1:
        return "front"
    return "core"  # the core modules, excel/ and word/ (desktop.py, the Windows launcher, starts the page)


def test_nothing_below_the_front_doors_imports_them():
    for path in sorted(PACKAGE.rglob("*.py")):
        imported = _imports(path)
        layer = _layer(path)
        if layer == "core":
            assert not [m for m in imported if m.startswith(FRONT)], path
        elif layer == "front" and path.stem in ("api", "batch"):
            assert not [m for m in imported if m.startswith(("itadocs.cli", "itadocs.web"))], path
        elif layer == "web":
            assert not [m for m in imported if m.startswith("itadocs.cli")], path


def test_only_the_edges_touch_the_office_libraries():
    edges = {"openpyxl": "excel", "python_calamine": "excel", "docxtpl": "word", "docx": "word"}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
        }
        names |= {
            (node.module or "").split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and not node.level
        }
        for library, edge in edges.items():
            if library in names:
                assert path.relative_to(PACKAGE).parts[0] == edge, (path, library)
