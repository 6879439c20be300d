"""The code keeps the shape the README describes: small functions, a thin engine adapter.

(The layers and the engine-free core are import-linter contracts in pyproject.toml,
run by `make lint`.)
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "gongyue"
LONGEST_FUNCTION = 39  # lines, decorators excluded
PLUGIN_LINES = 200  # the hooks alone; the rest of the adapter lives beside them


def _functions(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (
            f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}",
            node.end_lineno - node.lineno + 1,
        )
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno
    ]


def test_every_function_is_shorter_than_forty_lines():
    found = [f for path in sorted(PACKAGE.rglob("*.py")) for f in _functions(path)]
    assert len(found) > 300  # the walk saw the package
    assert [name for name, lines in found if lines > LONGEST_FUNCTION] == []


def test_the_plugin_module_is_the_hooks_and_little_else():
    lines = (PACKAGE / "adapters" / "plugin.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= PLUGIN_LINES


def test_each_layer_is_a_package_of_its_own():
    layers = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert layers == {"text", "record", "procedure", "publish", "adapters"}
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "cli.py"]
