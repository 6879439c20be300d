"""The key of a shard's inputs: same key, same bytes.

A CI cache reuses a shard's output when its key is unchanged, so the key must
change whenever anything the output shows could: a page served stale is worse
than a rebuild. It hashes

* the shard's subtree, the ``index.md`` of every unit above it, and the
  operator's own pages (they are in every page's menu);
* each model charter (``based_on``) the shard's versions name, read with the
  front-matter parser like every other key, and the ``index.md`` of every unit
  above the model (their names are on the page);
* the configuration as the engine reads it: ``mkdocs.yml``, every file it
  ``INHERIT``s, its ``hooks``, the values of the environment variables its
  ``!ENV`` tags name, and the theme's ``custom_dir``;
* the shard's lock entries;
* which of the days on which a status in the shard can change have come by the
  build date (not the build date itself: a build one day later with no status
  change between is the same bytes, and reuses the cache);
* the versions of the programs that render it, and gongyue's own files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import yaml

from gongyue.procedure.lock import LOCK_NAME
from gongyue.record.loader import is_unit_folder
from gongyue.record.sources import SourceError, read_source

# What renders a page, beyond gongyue's own requirements (which are read from its metadata).
RENDERERS = ("gongyue", "mkdocs", "mkdocs-material", "pymdown-extensions", "Jinja2", "MarkupSafe")
PDF_RENDERER = "weasyprint"  # only when installed: PDFs are an option


def shard_key(parts: Iterable[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, content in parts:
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def source_parts(site_dir: Path, docs_dir: Path, shard: str) -> list[tuple[str, bytes]]:
    """The sources a shard's output shows: its subtree, units above it, operator pages,
    models and their units, its lock entries."""
    files = set(_operator_files(docs_dir, shard)) | set(_models_of(docs_dir, shard))
    parts = [(f"docs:{f.relative_to(docs_dir).as_posix()}", f.read_bytes()) for f in sorted(files)]
    parts.append(("lock", _lock_entries(site_dir, f"{_rel(site_dir, docs_dir)}/{shard}/")))
    return parts


def tool_parts() -> list[tuple[str, bytes]]:
    parts = [(f"tool:{name}", installed(name).encode()) for name in tools()]
    parts.append(("code:gongyue", own_code_digest().encode()))
    return parts


def tools() -> list[str]:
    """Every distribution whose version can change a page: gongyue's requirements and
    the renderers, each installed (a name that is not is a mistake in this list)."""
    required = [_name_of(r) for r in metadata.requires("gongyue") or [] if "extra ==" not in r]
    names = {*required, *RENDERERS}
    if installed(PDF_RENDERER) != "-":
        names.add(PDF_RENDERER)
    return sorted(names, key=str.lower)


def _name_of(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;(]", requirement, maxsplit=1)[0]


def installed(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


@lru_cache(maxsize=1)
def own_code_digest() -> str:
    """gongyue's own files (code, templates, assets): its version string stays 0.1.0
    from one commit to the next, its output does not."""
    return code_digest(Path(__file__).resolve().parent.parent)


def code_digest(package: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(package).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


# --- the configuration as the engine reads it -------------------------------------------


class _Tags(yaml.SafeLoader):
    """Reads mkdocs.yml whatever its tags; ``!ENV`` nodes are kept to be looked up."""


def _tagged(loader: _Tags, suffix: str, node: yaml.Node) -> object:
    if suffix == "ENV":  # registered under the prefix "!", so "!ENV" arrives as "ENV"
        value = (
            loader.construct_sequence(node)  # type: ignore[arg-type]
            if isinstance(node, yaml.SequenceNode)
            else [loader.construct_scalar(node)]  # type: ignore[arg-type]
        )
        return {"!ENV": [str(v) for v in value]}
    return None


_Tags.add_multi_constructor("!", _tagged)
_Tags.add_multi_constructor("tag:yaml.org,2002:python/", _tagged)


def config_parts(
    config_file: Path, theme_files: list[Path], environment: Mapping[str, str]
) -> list[tuple[str, bytes]]:
    """mkdocs.yml and what it reaches: INHERIT parents, hooks, the values its !ENV tags take
    in ``environment`` (the build's, handed in by the adapter), theme files."""
    parts: list[tuple[str, bytes]] = []
    for path, data in _config_chain(config_file):
        parts.append((f"config:{path.name}", path.read_bytes()))
        for hook in data.get("hooks") or [] if isinstance(data, dict) else []:
            hook_file = path.parent / str(hook)
            parts.append((f"hook:{hook}", hook_file.read_bytes() if hook_file.is_file() else b"-"))
        for names in _env_tags(data):
            parts.append((f"env:{'|'.join(names)}", _env_value(names, environment).encode()))
    parts += [(f"theme:{path.name}", path.read_bytes()) for path in theme_files if path.is_file()]
    return parts


def _config_chain(config_file: Path) -> Iterator[tuple[Path, object]]:
    """The configuration file and every parent it INHERITs, each once."""
    seen: set[Path] = set()
    path: Path | None = config_file
    while path is not None and path.is_file() and path.resolve() not in seen:
        seen.add(path.resolve())
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Tags)
        except (yaml.YAMLError, UnicodeDecodeError):
            data = None  # the engine will say what is wrong; the bytes are in the key
        yield path, data
        parent = data.get("INHERIT") if isinstance(data, dict) else None
        path = path.parent / parent if isinstance(parent, str) else None


def _env_tags(data: object) -> Iterator[list[str]]:
    if isinstance(data, dict):
        if set(data) == {"!ENV"}:
            yield data["!ENV"]
            return
        for value in data.values():
            yield from _env_tags(value)
    elif isinstance(data, list):
        for value in data:
            yield from _env_tags(value)


def _env_value(names: list[str], environment: Mapping[str, str]) -> str:
    """What MkDocs' !ENV gives: the first variable that is set, else the last item as default."""
    for name in names:
        if name in environment:
            return "set:" + environment[name]
    return "default:" + (names[-1] if len(names) > 1 else "")


# --- the sources ------------------------------------------------------------------------


def _rel(site_dir: Path, path: Path) -> str:
    try:
        return path.relative_to(site_dir).as_posix()
    except ValueError:
        return path.as_posix()


def _operator_files(docs_dir: Path, shard: str) -> list[Path]:
    """Every file outside unit folders, the index.md of the units above the shard, and
    every file of the shard's subtree."""
    chain = shard.strip("/").split("/")
    found: list[Path] = []
    for where, dirs, files in os.walk(docs_dir):
        here = Path(where)
        rel = here.relative_to(docs_dir).parts
        inside = tuple(chain) == rel[: len(chain)]
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if here != docs_dir and not inside and is_unit_folder(here):
            on_path = tuple(chain[: len(rel)]) == rel
            dirs[:] = [d for d in dirs if on_path and d == chain[len(rel)]]
            found += [here / "index.md"] if on_path else []
            continue
        found += [here / name for name in files if not name.startswith(".")]
    return found


def _models_of(docs_dir: Path, shard: str) -> list[Path]:
    """The files of the model charters (``based_on``) the shard's versions name, and the
    index.md of every unit above each model."""
    found: list[Path] = []
    for file in sorted((docs_dir / shard).rglob("*.md")):
        model = _based_on(file)
        folder = (docs_dir / model.strip("/")).resolve() if model else None
        if folder is None or not folder.is_dir() or docs_dir.resolve() not in folder.parents:
            continue
        found += [f for f in folder.iterdir() if f.is_file()]
        found += _units_above(folder, docs_dir.resolve())
    return [docs_dir / f.relative_to(docs_dir.resolve()) for f in found]


def _units_above(folder: Path, docs: Path) -> list[Path]:
    """The index.md of each unit between the docs folder and ``folder`` (resolved paths)."""
    above = [unit for unit in folder.parents if docs in unit.parents]
    return [unit / "index.md" for unit in above if (unit / "index.md").is_file()]


def _based_on(file: Path) -> str | None:
    """``based_on`` as the front-matter parser reads it (quoted keys, block scalars and a
    front matter of any length included)."""
    value = _front_matter(file).get("based_on")
    return value.strip() if isinstance(value, str) else None


def _front_matter(file: Path) -> dict[str, object]:
    """The file's front matter as the build reads it (``read_source``), read once per key
    computation however many parts ask for it."""
    stat = file.stat()
    return _front_matter_of(file, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4096)
def _front_matter_of(file: Path, mtime_ns: int, size: int) -> dict[str, object]:
    try:
        return read_source(file, file.name).meta
    except SourceError:
        return {}  # the shard's own check says what is wrong with this file


# --- the build date, as far as the output can tell -------------------------------------

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
ONE_DAY = dt.timedelta(days=1)


def status_days(docs_dir: Path, shard: str, today: dt.date) -> str:
    """Which of the days its statuses can change on have come, for the shard and its
    models: the output depends on the build date through statuses alone, and each
    status changes on a date its files name (or the day after one: a consultation
    closes after its last day). Any day a file names counts, which is more than needed
    and never less."""
    files = sorted((docs_dir / shard).rglob("*.md")) + [
        f for f in _models_of(docs_dir, shard) if f.suffix == ".md"
    ]
    named = {day for file in files for day in _days_in(_front_matter(file))}
    come = {d for day in named for d in (day, day + ONE_DAY) if d <= today}
    return ",".join(sorted(d.isoformat() for d in come))


def _days_in(value: object) -> Iterator[dt.date]:
    if isinstance(value, dt.date):
        yield value
    elif isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        try:
            yield dt.date.fromisoformat(value.strip())
        except ValueError:
            return
    elif isinstance(value, dict):
        for item in value.values():
            yield from _days_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _days_in(item)


def _lock_entries(site_dir: Path, prefix: str) -> bytes:
    path = site_dir / LOCK_NAME
    if not path.is_file():
        return b""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        versions = {k: v for k, v in data["versions"].items() if k.startswith(prefix)}
        return json.dumps([data.get("format"), versions], sort_keys=True).encode()
    except (ValueError, KeyError, TypeError, AttributeError):
        return path.read_bytes()  # unreadable: the shard's check will say so
