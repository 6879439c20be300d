"""`gongyue init`: a new city site, ready to build and to put on a git host.

The files come from the package's ``starter`` folder: mkdocs.yml with the plugin
and Chinese defaults, a home page, one example district, community and
courtyard with a first charter (all marked 示例, in one folder to delete), the
committees' guide, ``.gitignore``, ``requirements.txt`` and CI workflows for
GitHub, Gitea/Forgejo and GitLab that check every change request (findings on
the changed line) and build and publish on main. The example charter is locked
as ``gongyue lock`` would, so the new site passes ``gongyue check`` at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from gongyue.procedure.workflow import WorkflowError, lock
from gongyue.procedure.writing import write_atomic
from gongyue.record.history import RunGit
from gongyue.record.project import load_project
from gongyue.record.yamltext import scalar

STARTER = Path(__file__).resolve().parent.parent / "starter"
EXAMPLE_FOLDER = "docs/shili"
# Files of the starter that land under another name (hidden folders do not travel well).
TARGETS = {
    "gitignore": [".gitignore"],
    "ci/github.yml": [".github/workflows/gongyue.yml"],
    "ci/forgejo.yml": [".forgejo/workflows/gongyue.yml", ".gitea/workflows/gongyue.yml"],
    "ci/gitlab.yml": [".gitlab-ci.yml"],
}
FILLED = ("mkdocs.yml", "docs/index.md")  # the files that carry the city's own settings


@dataclass(frozen=True)
class City:
    site_name: str
    site_url: str = ""
    repo_url: str = ""


def init_city(folder: Path, city: City, today: dt.date, git: RunGit) -> list[Path]:
    """Write the new site into ``folder`` (new or empty); the files written, in order.
    ``git`` runs the program for the lock's history check (``adapters/git.py``)."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise WorkflowError(
            f"{folder} 已存在且不是空文件夹，没有写入任何文件。",
            "换一个新的文件夹名，或先清空它。",
        )
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for source in sorted(p for p in STARTER.rglob("*") if p.is_file()):
        rel = source.relative_to(STARTER).as_posix()
        text = source.read_text(encoding="utf-8")
        if rel in FILLED:
            text = _filled(text, city)
        for target in TARGETS.get(rel, [rel]):
            write_atomic(folder / target, text)
            written.append(folder / target)
    # Our own mkdocs.yml, just written: plain YAML reads it as MkDocs does.
    lock(load_project(folder, git=git), today)
    return written


def _filled(text: str, city: City) -> str:
    site_url = (
        f"site_url: {scalar(city.site_url)}"
        if city.site_url
        else "# site_url: https://公约.example.cn/"
    )
    if city.repo_url:
        repo = f"repo_url: {scalar(city.repo_url)}\nedit_uri: {edit_uri_for(city.repo_url)}"
    else:
        repo = "# repo_url: https://代码托管平台/组织/仓库\n# edit_uri: edit/main/docs/"
    name = city.site_name
    filled = text.replace("{site_url_line}", site_url).replace("{repo_lines}", repo)
    return filled.replace("site_name: {site_name}", f"site_name: {scalar(name)}").replace(
        "{site_name}", name
    )


def edit_uri_for(repo_url: str) -> str:
    """Where the host's web editor lives, from the host's name (the operator may change it)."""
    host = urlsplit(repo_url).hostname or ""
    if "gitlab" in host:
        return "-/edit/main/docs/"
    if host in ("github.com", "gitee.com"):
        return "edit/main/docs/"
    return "_edit/main/docs/"  # Gitea, Forgejo (Codeberg and self-hosted)
