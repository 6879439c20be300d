"""The code keeps the shape the README describes: a thin engine adapter over its layers.

(The layers and the engine-free core are import-linter contracts in pyproject.toml,
run by `make lint`; the size of functions is ruff's complexity rules, C901, PLR0912
and PLR0915, also in pyproject.toml: what makes a function hard to read, not a line
count that packing code onto fewer lines could meet.)
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "gongyue"
PLUGIN_LINES = 200  # the hooks alone; the rest of the adapter lives beside them


def test_the_plugin_module_is_the_hooks_and_little_else():
    lines = (PACKAGE / "adapters" / "plugin.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= PLUGIN_LINES


def test_each_layer_is_a_package_of_its_own():
    layers = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert layers == {"text", "record", "procedure", "publish", "adapters", "cli"}
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py"]


def test_no_code_is_packed_past_the_formatter():
    """`# fmt: skip` was used to squeeze code under a line limit; the formatter decides now."""
    packed = [
        f"{path.relative_to(PACKAGE.parent.parent)}:{number}"
        for folder in ("src", "tests", "scripts")
        for path in sorted((PACKAGE.parent.parent / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.rstrip().endswith("# fmt" + ": skip")
    ]
    assert packed == []


CORE = ("text", "record", "procedure", "publish")
# Each external program is started from one adapter module of its own.
PROGRAMS = {
    "adapters/engine.py": "MkDocs: a shard, the top job, a preview",
    "adapters/engines.py": "the engine that builds an export",
    "adapters/git.py": "git, for the record's history",
    "adapters/pagefind.py": "Pagefind, for the search index",
    "adapters/fontconfig.py": "fc-list, for Chinese fonts in PDFs",
    "adapters/libreoffice.py": "LibreOffice, for old Word and WPS files to import",
}


def _modules_saying(*words: str) -> list[str]:
    return sorted(
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if any(word in path.read_text(encoding="utf-8") for word in words)
    )


def test_the_core_starts_no_program_and_reads_no_environment():
    leaks = [
        module
        for module in _modules_saying("subprocess", "os.environ", "os.getenv", "os.system")
        if module.split("/")[0] in CORE
    ]
    assert leaks == []


def test_each_program_is_started_from_one_adapter_of_its_own():
    assert _modules_saying("subprocess") == sorted(PROGRAMS)
    engine = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if '"-m", "mkdocs"' in path.read_text(encoding="utf-8")
    ]
    assert engine == ["adapters/engine.py"]  # `python -m mkdocs` is written once


def test_only_one_adapter_goes_to_the_network():
    # A build never fetches; `gongyue log fetch` and `gongyue monitor` read sites through it.
    said = _modules_saying("import urllib", "from urllib.request", "http.client", "import socket")
    assert said == ["adapters/web.py"]
