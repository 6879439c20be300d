"""Links into the repository's git host, for committee members (never for residents).

With ``repo_url`` and ``edit_uri`` in mkdocs.yml, a charter page links to the
host's web editor for its draft (or to the host's new-file page in the charter's
folder when there is none), and every version links to its file's history. The
host is recognised from ``edit_uri``, which already differs between them:

- GitHub, Gitee: ``edit/<branch>/<docs>/`` — new file ``new/…?filename=``, history ``commits/<branch>/…``;
- GitLab: ``-/edit/<branch>/<docs>/`` — ``-/new/…?file_name=``, ``-/commits/<branch>/…``;
- Gitea, Forgejo: ``_edit/<branch>/<docs>/`` — ``_new/…``, ``commits/branch/<branch>/…``.

Anything else gives no links rather than wrong ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

DRAFT = "draft.md"
_EDIT = re.compile(r"^(?P<mark>-/edit|_edit|edit)/(?P<branch>[^/]+)/(?P<docs>(?:[^/]+/)*)$")
_PAGES = {  # host -> (new file, history) path templates after the repository URL
    "github": ("new/{branch}/{path}?filename=" + DRAFT, "commits/{branch}/{path}"),
    "gitlab": ("-/new/{branch}/{path}?file_name=" + DRAFT, "-/commits/{branch}/{path}"),
    "gitea": ("_new/{branch}/{path}", "commits/branch/{branch}/{path}"),
}
_KIND = {"edit": "github", "-/edit": "gitlab", "_edit": "gitea"}


@dataclass(frozen=True)
class Host:
    repo_url: str  # ends with "/"
    kind: str
    branch: str
    docs: str  # the docs folder inside the repository, ending with "/" (or "")

    def edit(self, docs_path: str) -> str:
        """The web editor for a file (path relative to the docs folder)."""
        mark = {"github": "edit", "gitlab": "-/edit", "gitea": "_edit"}[self.kind]
        return f"{self.repo_url}{mark}/{self._in_repo(docs_path)}"

    def new_draft(self, docs_folder: str) -> str:
        """The host's page for a new file in a charter's folder (named draft.md where it can)."""
        return self.repo_url + _PAGES[self.kind][0].format(
            branch=quote(self.branch), path=self._path(docs_folder)
        )

    def history(self, docs_path: str) -> str:
        return self.repo_url + _PAGES[self.kind][1].format(
            branch=quote(self.branch), path=self._path(docs_path)
        )

    def _path(self, docs_path: str) -> str:
        return quote(self.docs + docs_path.strip("/"))

    def _in_repo(self, docs_path: str) -> str:
        return f"{quote(self.branch)}/{self._path(docs_path)}"


def host_of(repo_url: str | None, edit_uri: str | None) -> Host | None:
    """The host behind mkdocs.yml's ``repo_url`` and ``edit_uri``; None when either is missing
    or ``edit_uri`` is not one of the forms above (an absolute URL, a custom template)."""
    if not repo_url or not edit_uri or "://" in edit_uri:
        return None
    found = _EDIT.match(edit_uri.lstrip("/"))
    if found is None:
        return None
    repo = repo_url.rstrip("/") + "/"
    return Host(repo, _KIND[found["mark"]], found["branch"], found["docs"])
