"""The core is free of the engine: only the adapters may import MkDocs."""

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


ADAPTERS = {"plugin.py", "mkdocs_config.py"}  # the build, and the CLI's reading of mkdocs.yml


def test_only_the_adapters_import_mkdocs():
    offenders = [
        path.name
        for path in PACKAGE.rglob("*.py")
        if path.name not in ADAPTERS
        and any(
            m == "mkdocs" or m.startswith(("mkdocs.", "material")) for m in imported_modules(path)
        )
    ]
    assert offenders == []
    assert "mkdocs.plugins" in imported_modules(PACKAGE / "plugin.py")
    assert "mkdocs.config" in imported_modules(PACKAGE / "mkdocs_config.py")
