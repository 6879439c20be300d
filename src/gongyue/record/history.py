"""What the repository's own history says each version file first contained.

``gongyue.lock`` can be deleted, emptied or regenerated; the commits that
added the version files cannot be changed without rewriting history. Two git
processes answer everything for a whole city: one ``git log`` (every content
each file had, following renames) and one ``git cat-file --batch`` for the
contents that are needed. Without git, outside a repository or in a shallow
clone there is no history, and ``reason`` says so. Nothing here writes, and
nothing goes to the network.

This module asks and reads; git itself is run by the adapter that is handed in
(``RunGit``; ``adapters/git.py`` runs the program, with replace objects and
grafts switched off), so the core starts no program.

The log is read the way an insider cannot bend it:

* over the whole repository, not only today's docs folder, so that moving the
  docs folder (or a file out of it and back) keeps each file's first content;
* along the main line only (``--first-parent``, oldest first in topological
  order), so that a branch with backdated commits, merged in, cannot supply a
  "first" content older than the one the main line first held;
* with ``git replace`` objects and grafts switched off, so that a local
  replacement cannot show other bytes under a committed id.

A path a file was moved away from keeps its history: a file added there later
answers to the first content the path ever had, and the move is remembered
(``moved_to``) so that the record check can ask whether it was allowed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# git run in a folder with these arguments (and input): its output, or None when it failed.
RunGit = Callable[[Path, Sequence[str], str | None], bytes | None]


def without_git(cwd: Path, args: Sequence[str], stdin: str | None) -> None:
    """No git program at all (a project read without an adapter: scripts, some tests):
    there is no history, and the check says git is missing."""
    return None


# Every commit of the main line, oldest first, with the raw changes it made
# (merges compared with their first parent, which --first-parent implies).
LOG_ARGUMENTS = [
    *("-c", "core.quotepath=off", "log", "--first-parent", "--topo-order", "--reverse"),
    *("--format=%x01%H %ct", "--raw", "--no-abbrev", "-M", "-z", "--no-color"),
]


@dataclass
class FileHistory:
    """One file's contents over time, oldest first, under its current name."""

    first_commit: str
    first_time: int  # commit time, seconds since the epoch
    blobs: list[str] = field(default_factory=list)
    deleted_in: str = ""  # the commit that removed (or moved) it, for files no longer there
    moved_to: str = ""  # where a file no longer there went, when git saw a rename


@dataclass
class History:
    available: bool
    reason: str = ""  # why there is no history (Chinese), when not available
    files: dict[str, FileHistory] = field(default_factory=dict)  # site-relative path
    deleted: dict[str, FileHistory] = field(default_factory=dict)
    top: Path | None = None
    git: RunGit | None = field(default=None, repr=False)

    def contents(self, blobs: list[str]) -> dict[str, bytes]:
        """The bytes of each blob, read in one ``git cat-file`` process."""
        wanted = sorted(set(blobs))
        if not wanted or self.top is None or self.git is None:
            return {}
        out = self.git(self.top, ["cat-file", "--batch"], "\n".join(wanted) + "\n")
        return _parse_batch(out) if out is not None else {}


def blob_id(data: bytes) -> str:
    """The id git gives these bytes: a file whose id equals a blob's is that content."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def read_history(site_dir: Path, docs_dir: Path, git: RunGit) -> History:
    top_out = git(site_dir, ["rev-parse", "--show-toplevel", "--is-shallow-repository"], None)
    if top_out is None:
        return History(False, _no_git_reason(site_dir, git))
    lines = top_out.decode("utf-8", "replace").split("\n")
    top = Path(lines[0]).resolve()
    if len(lines) > 1 and lines[1].strip() == "true":
        return History(
            False,
            "仓库是浅克隆（只取了最近的提交），看不到版本文件最初提交时的内容。"
            "CI 中请取完整历史（例如 GitHub Actions 的 actions/checkout 设 fetch-depth: 0）。",
        )
    try:
        docs_dir.resolve().relative_to(top)
        site_rel = site_dir.resolve().relative_to(top)
    except ValueError:
        return History(False, "docs 文件夹不在 git 仓库里。")
    log = git(top, LOG_ARGUMENTS, None)
    if log is None:
        return History(False, "读取 git 历史失败。")
    history = History(True, top=top, git=git)
    _replay(log.decode("utf-8", "replace"), history)
    history.files = _relative(history.files, top, site_rel)
    history.deleted = _relative(history.deleted, top, site_rel)
    return history


def _replay(log: str, history: History) -> None:
    """Follow every file through the log: added, modified, renamed, deleted."""
    tokens = log.split("\0")
    commit, time = "", 0
    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip("\n")
        if token.startswith("\x01"):
            commit, stamp = token[1:].split(" ")
            time = int(stamp)
            index += 1
        elif token.startswith(":"):
            status, blob = token.split(" ")[4], token.split(" ")[3]
            if status[0] in "RC":
                old, new = tokens[index + 1], tokens[index + 2]
                index += 3
                _move(history, old, new, blob, commit, time, copy=status[0] == "C")
            else:
                _change(history, tokens[index + 1], status[0], blob, commit, time)
                index += 2
        else:
            index += 1


def _change(history: History, path: str, status: str, blob: str, commit: str, time: int) -> None:
    files = history.files
    if status == "D":
        if path in files:
            gone = files.pop(path)
            gone.deleted_in = commit
            history.deleted[path] = gone
        return
    if path not in files:
        # A file added again after it was deleted or moved away keeps its first
        # content: neither is a way to start a version's history afresh.
        files[path] = (
            history.deleted.pop(path) if path in history.deleted else FileHistory(commit, time)
        )
        files[path].deleted_in, files[path].moved_to = "", ""
    if not files[path].blobs or files[path].blobs[-1] != blob:
        files[path].blobs.append(blob)


def _move(
    history: History, old: str, new: str, blob: str, commit: str, time: int, copy: bool
) -> None:
    source = history.files.get(old) if copy else history.files.pop(old, None)
    if source is None:
        _change(history, new, "A", blob, commit, time)
        return
    if not copy:
        # The path it left keeps its history: whatever is put there later answers
        # to the first content, and the check asks whether the move was allowed.
        source.deleted_in, source.moved_to = commit, new
        history.deleted[old] = source
    earlier = history.deleted.pop(new, None)  # a file moved back where it once was
    first = earlier if earlier is not None else source
    moved = FileHistory(first.first_commit, first.first_time, _joined(first, source))
    if moved.blobs[-1:] != [blob]:
        moved.blobs.append(blob)
    history.files[new] = moved


def _joined(first: FileHistory, then: FileHistory) -> list[str]:
    return list(first.blobs) if first is then else [*first.blobs, *then.blobs]


def _relative(files: dict[str, FileHistory], top: Path, site_rel: Path) -> dict[str, FileHistory]:
    prefix = site_rel.as_posix()
    if prefix in ("", "."):
        return files
    cut = len(prefix) + 1
    for moved in files.values():
        if moved.moved_to:  # outside the site folder it stays as the repository names it
            inside = moved.moved_to.startswith(prefix + "/")
            moved.moved_to = moved.moved_to[cut:] if inside else "../" + moved.moved_to
    return {path[cut:]: h for path, h in files.items() if path.startswith(prefix + "/")}


def _parse_batch(out: bytes) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    at = 0
    while at < len(out):
        end = out.index(b"\n", at)
        header = out[at:end].split(b" ")
        at = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue  # "<id> missing"
        size = int(header[2])
        found[header[0].decode()] = out[at : at + size]
        at += size + 1
    return found


def _no_git_reason(site_dir: Path, git: RunGit) -> str:
    if git(site_dir, ["--version"], None) is None:
        return "这台电脑没有可用的 git。"
    return "网站文件夹不在 git 仓库里（或 git 拒绝读取它）。"
