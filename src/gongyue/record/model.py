"""The loaded site: units, charters and versions, with their derived facts.

Plain data; nothing here knows about MkDocs. ``loader.load_site`` builds it and
``status.derive`` fills in the facts that depend on the build date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from gongyue.record.schema import UnitInfo, VersionMeta
from gongyue.text.articles import Document

if TYPE_CHECKING:
    from gongyue.record.tlog.places import LogPlaces

STATUS_DRAFT = "草案"
STATUS_CONSULTING = "征求意见中"
STATUS_AWAITING_VOTE = "待表决"
STATUS_FAILED = "未通过"
STATUS_PENDING = "已通过待施行"
STATUS_IN_FORCE = "现行有效"
STATUS_AMENDED = "已被修订"
STATUS_REPEALED = "已废止"
STATUSES = (
    STATUS_DRAFT,
    STATUS_CONSULTING,
    STATUS_AWAITING_VOTE,
    STATUS_FAILED,
    STATUS_PENDING,
    STATUS_IN_FORCE,
    STATUS_AMENDED,
    STATUS_REPEALED,
)

# The charter types a unit of each kind is expected to have (shown as coverage).
STANDARD_TYPES: dict[str, tuple[str, ...]] = {
    "社区": ("居民公约", "居民自治章程"),
    "村": ("居民公约", "居民自治章程"),
    "院落": ("院落公约",),
    "小区": ("管理规约",),
    "楼栋": ("院落公约",),
}


@dataclass(eq=False)
class Version:
    path: str  # relative to the site directory, e.g. docs/chenghua/…/2016-03-20.md
    slug: str  # 2016-03-20, draft, draft-<name>
    meta: VersionMeta
    # The body's provisions, or what reads them the first time they are asked for
    # (``document``): a build from the page cache loads every version but needs the
    # provisions of the few whose pages it makes.
    parsed: Document | Callable[[], Document]
    body_line: int
    date: dt.date | None  # the adoption meeting's date, from the file name; None for drafts
    charter: Charter = field(repr=False)
    source_text: str = field(default="", repr=False)  # for locating keys in messages
    body: str = field(default="", repr=False)  # the Markdown after the front matter
    ordinal: int | None = None  # 第N版, counting adopted versions only
    status: str = STATUS_DRAFT
    # The day ``status`` began (将于…施行: the day it will end). Pages say this, never the
    # build date, so a page changes only when something on it does.
    status_since: dt.date | None = None
    previous: Version | None = field(default=None, repr=False)  # adopted version before
    superseded_by: Version | None = field(default=None, repr=False)

    @property
    def document(self) -> Document:
        if not isinstance(self.parsed, Document):
            self.parsed = self.parsed()
        return self.parsed

    def __getstate__(self) -> dict[str, object]:
        """Sent to a helper process with its provisions read, never with their reader."""
        return {**self.__dict__, "parsed": self.document}

    @property
    def is_draft(self) -> bool:
        return self.date is None

    @property
    def adopted(self) -> bool:
        return not self.is_draft and self.meta.result == "通过"

    @property
    def effective(self) -> dt.date | None:
        if not self.adopted:
            return None
        return self.meta.effective or self.meta.published or self.date

    @property
    def is_repeal(self) -> bool:
        return self.meta.change == "废止"

    @property
    def url(self) -> str:
        return f"{self.charter.url}{self.slug}/"

    @property
    def changes_url(self) -> str:
        return f"{self.url}changes/"


@dataclass(eq=False)
class Charter:
    path: str  # folder, relative to the site directory
    slug: str
    unit: Unit = field(repr=False)
    versions: list[Version] = field(default_factory=list)  # decided, in date order
    drafts: list[Version] = field(default_factory=list)
    in_force: Version | None = None
    status: str = STATUS_DRAFT

    @property
    def url(self) -> str:
        return f"{self.unit.url}{self.slug}/"

    @property
    def adopted(self) -> list[Version]:
        return [v for v in self.versions if v.adopted]

    @property
    def latest(self) -> Version:
        """The version whose title and type name the charter: the last adopted, else the
        last decided, else the last draft. (Looked for from the end, not by listing every
        adopted version: a build asks for a charter's title tens of thousands of times.)"""
        adopted = self._last_adopted()
        return adopted if adopted is not None else (self.versions or self.drafts)[-1]

    @property
    def title(self) -> str:
        return self.latest.meta.title

    @property
    def type(self) -> str:
        return self.latest.meta.type

    @property
    def shown(self) -> Version | None:
        """The text the charter page shows: in force, else the repeal record, else pending."""
        if self.in_force is not None:
            return self.in_force
        return self._last_adopted()

    def _last_adopted(self) -> Version | None:
        return next((v for v in reversed(self.versions) if v.adopted), None)


@dataclass(eq=False)
class Unit:
    path: str  # folder, relative to the site directory
    slugs: tuple[str, ...]  # URL parts from the docs root
    info: UnitInfo
    prose: str  # Markdown after the front matter
    parent: Unit | None = field(default=None, repr=False)
    children: list[Unit] = field(default_factory=list)
    charters: list[Charter] = field(default_factory=list)
    renamed: dict[str, str] = field(
        default_factory=dict
    )  # old charter folder -> new (gongyue move)
    prose_line: int = 1  # line of the prose's first line in index.md

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def kind(self) -> str:
        return self.info.kind

    @property
    def url(self) -> str:
        return "/".join(self.slugs) + "/"

    @property
    def takes_views_for(self) -> Unit | None:
        """The nearest unit, this one or one above, that says where residents can give views."""
        return next((u for u in reversed(self.lineage) if u.info.takes_views), None)

    @property
    def lineage(self) -> list[Unit]:
        """From the top-level unit down to this one."""
        chain: list[Unit] = []
        unit: Unit | None = self
        while unit is not None:
            chain.append(unit)
            unit = unit.parent
        return chain[::-1]

    @property
    def coverage(self) -> list[tuple[str, Charter | None]]:
        """Each standard charter type for this kind of unit, with the charter if any."""
        by_type = {c.type: c for c in self.charters}
        return [(t, by_type.get(t)) for t in STANDARD_TYPES.get(self.kind, ())]

    def walk(self) -> list[Unit]:
        units = [self]
        for child in self.children:
            units += child.walk()
        return units


@dataclass(eq=False)
class Site:
    docs_dir: str  # relative to the site directory, usually "docs"
    build_date: dt.date
    roots: list[Unit]
    scope: str = ""  # the unit folder a preview or shard is limited to; "" for the whole city
    preview: bool = False  # a committee's preview of ``scope`` (says so on every page)
    search_areas: bool = False  # one search index per top-level unit (a province's cities)
    elsewhere: frozenset[str] = frozenset()  # unit URLs whose subtrees shard builds make
    content_dirs: frozenset[str] = frozenset()  # unit and charter folders, relative to docs
    attachments: frozenset[str] = frozenset()  # files in them published as they are
    log: LogPlaces | None = None  # where the versions shown stand in the site's log, if it has one

    @property
    def units(self) -> list[Unit]:
        return [u for root in self.roots for u in root.walk()]

    def publishes_as_is(self, rel: str) -> bool:
        """A file under docs (``rel`` relative to it) that the engine may publish unchanged:
        the operator's own (outside every unit folder), or an attachment of a unit."""
        if rel in self.attachments:
            return True
        parts = rel.split("/")
        return not any("/".join(parts[:i]) in self.content_dirs for i in range(1, len(parts)))

    @property
    def charters(self) -> list[Charter]:
        return [c for u in self.units for c in u.charters]

    def makes(self, url: str) -> bool:
        """This build writes the pages at ``url`` (a top job leaves the shards' subtrees alone)."""
        return not any(url.startswith(prefix) for prefix in self.elsewhere)

    def charter_at(self, path: str) -> Charter | None:
        """The charter whose folder (from the docs root, as ``based_on`` names it) is ``path``."""
        return self._charters_by_url.get(path.strip("/") + "/")

    @cached_property
    def _charters_by_url(self) -> dict[str, Charter]:
        return {c.url: c for c in self.charters}

    def open_drafts(self) -> list[Version]:
        """Drafts open for comment on the build date, soonest-closing first."""
        drafts = [d for c in self.charters for d in c.drafts if d.status == STATUS_CONSULTING]
        return sorted(drafts, key=lambda d: (d.meta.consultation.end, d.path))  # type: ignore[union-attr]

    def latest_changes(self, limit: int = 10) -> list[Version]:
        decided = [v for c in self.charters for v in c.adopted]
        return sorted(decided, key=lambda v: (v.date, v.path), reverse=True)[:limit]
