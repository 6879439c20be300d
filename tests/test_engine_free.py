"""The core is free of the engine: only plugin.py may import MkDocs."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "gongyue"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_plugin_imports_mkdocs():
    offenders = [
        path.name
        for path in PACKAGE.rglob("*.py")
        if path.name != "plugin.py"
        and any(
            m == "mkdocs" or m.startswith(("mkdocs.", "material")) for m in imported_modules(path)
        )
    ]
    assert offenders == []
    assert "mkdocs.plugins" in imported_modules(PACKAGE / "plugin.py")
    assert "mkdocs.config" in imported_modules(PACKAGE / "plugin.py")  # read_config
