"""Page models: what each generated page shows, as plain data for templates.

The site engine's adapter turns these into pages; another engine (or
``gongyue export``) can use the same list. URLs are relative to the site root
and end in ``/``; ``src_uri`` is the path of the page's virtual source.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from typing import Any, ClassVar
from urllib.parse import urlencode

from gongyue.publish.charts import bar_chart
from gongyue.publish.render import line_html, markdown_to_html, plain_title, provision_html
from gongyue.publish.search import areas_of
from gongyue.publish.stats import Stats, site_stats
from gongyue.publish.urls import HANT_TABLE
from gongyue.record.fingerprint import SHORT, fingerprints
from gongyue.record.lineage import Event, Lineage, trace
from gongyue.record.model import (
    STATUS_CONSULTING,
    STATUS_IN_FORCE,
    STATUS_PENDING,
    Charter,
    Site,
    Unit,
    Version,
)
from gongyue.record.schema import get_literal_values
from gongyue.record.tlog.places import Place
from gongyue.text.articles import Clause, Provision, clauses
from gongyue.text.compare import Comparison, compare
from gongyue.text.decision.generate import Unsayable, decide
from gongyue.text.decision.items import numbered
from gongyue.text.decision.written import WrittenError, written_items
from gongyue.text.glance import Renumbered, Row, glance

HOME = "home"
UNIT = "unit"
CHARTER = "charter"
VERSION = "version"
CHANGES = "changes"
COMPARE = "compare"
DRAFT = "draft"
HISTORY = "history"
CONSULTATIONS = "consultations"
DIRECTORY = "directory"
SEARCH = "search"
STATS = "stats"
VERIFY = "verify"
SUBSCRIBE = "subscribe"
GLOSSARY = "glossary"

CONSULTATIONS_URI = "consultations/index.md"
DRAFTS_PER_PAGE = 40  # the consultations list is split so no page grows with the city
DIRECTORY_URI = "directory/index.md"
SEARCH_URI = "search/index.md"
STATS_URI = "stats/index.md"
VERIFY_URI = "verify/index.md"
SUBSCRIBE_URI = "subscribe/index.md"
GLOSSARY_URI = "glossary/index.md"
TOP_PAGES = [  # the whole nav, with the site's own pages after them
    ("首页", "index.md"),
    ("目录", DIRECTORY_URI),
    ("征求意见", CONSULTATIONS_URI),
    ("搜索", SEARCH_URI),
    ("统计", STATS_URI),
    ("术语说明", GLOSSARY_URI),
]
STATUS_INDEXED = (STATUS_IN_FORCE, STATUS_PENDING)  # a charter page shows a text worth finding
ALL_PAIRS_UP_TO = 6  # texts (15 pairs); above this, every version against the latest only


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str


@dataclass(frozen=True)
class ShownClause:
    clause: Clause
    html: str


@dataclass(frozen=True)
class ShownProvision:
    provision: Provision
    clauses: list[ShownClause]  # empty when the provision is rendered as one block
    html: str  # the whole provision, when it holds tables or lists
    events: list[Event]
    former: list[str]

    @property
    def has_history(self) -> bool:
        return len(self.events) > 1 or (bool(self.events) and self.events[0].op != "enacted")


@dataclass(frozen=True)
class Period:
    """A span of days during which one version was the text in force."""

    version: Version
    start: dt.date
    end: dt.date | None  # last day, None while still in force


@dataclass(eq=False, kw_only=True)
class Page:
    """What every page has. Each kind of page is a small model of its own (below); the
    kind names its template (``templates/gongyue/<kind>.html``)."""

    kind: ClassVar[str]
    traditional_twin: ClassVar[bool] = False  # also written in Traditional characters
    src_uri: str
    title: str
    site: Site = field(repr=False)
    crumbs: list[Crumb] = field(default_factory=list)
    markdown: str = ""  # free prose the engine renders (a unit's own words)

    @property
    def url(self) -> str:
        return self.src_uri.removesuffix("index.md")

    @property
    def has_traditional_twin(self) -> bool:
        """Pages that show a charter's text are also written in Traditional characters."""
        return self.traditional_twin

    @property
    def has_print_sheet(self) -> bool:
        """Whether the page prints as a notice-board sheet (张贴版): see ``CharterScoped``."""
        return False

    @property
    def traditional_table(self) -> str | None:
        """The table that turns the page's texts into Traditional characters in the
        browser (a charter's pages share their charter's), or None."""
        return None

    @property
    def safe_title(self) -> str:
        return plain_title(self.title)

    @property
    def indexed(self) -> bool:
        """Search finds the texts in force, the units and the drafts open for comment."""
        return False

    def in_docs(self, path: str) -> str:
        """A source path (from the site folder) as seen from the docs folder."""
        return path.removeprefix(self.site.docs_dir.rstrip("/") + "/")

    def release(self) -> None:
        """Drop what rendering computed and kept (keeps a city's memory flat)."""
        for name in _computed(type(self)):
            self.__dict__.pop(name, None)

    @property
    def feed_unit(self) -> Unit | None:
        """The unit whose feed this page offers; None: the site's."""
        return None

    @property
    def feed_url(self) -> str:
        """The Atom feed for this page's unit, or the site's."""
        return f"{self.feed_unit.url}feed.xml" if self.feed_unit else "feed.xml"

    @property
    def subscribe_url(self) -> str:
        """The 订阅 page, told which feed (site-relative); whose it is, the page reads
        from the feed itself."""
        return f"subscribe/?{urlencode({'feed': self.feed_url})}"

    @property
    def feed_title(self) -> str:
        return self.feed_unit.name if self.feed_unit else "全站"


# --- the site's own pages -----------------------------------------------------------------


class HomePage(Page):
    kind = HOME


class DirectoryPage(Page):
    kind = DIRECTORY


class VerifyPage(Page):
    kind = VERIFY


class SubscribePage(Page):
    kind = SUBSCRIBE


class GlossaryPage(Page):
    kind = GLOSSARY


class SearchPage(Page):
    kind = SEARCH
    traditional_twin = True  # Traditional queries, Traditional results

    @property
    def charter_types(self) -> list[str]:
        """The charter types present in the site, for the search page's filter."""
        present = {c.type for c in self.site.charters}
        return [t for t in get_literal_values("CharterType") if t in present]

    @property
    def search_areas_json(self) -> str:
        """The search page's areas (``search_areas``), as its script reads them; "" without."""
        areas = [
            {"bundle": a.bundle, "prefix": a.prefix, "name": a.name} for a in areas_of(self.site)
        ]
        return json.dumps(areas, ensure_ascii=False) if areas else ""


@dataclass(eq=False, kw_only=True)
class ConsultationsPage(Page):
    """One page of the drafts open for comment (the list is split so no page grows)."""

    kind = CONSULTATIONS
    listing: list[Version] = field(default_factory=list)
    pager: list[tuple[int, str]] = field(default_factory=list)  # (number, url) of every page
    page_number: int = 1


@dataclass(eq=False, kw_only=True)
class StatsPage(Page):
    kind = STATS
    stats: Stats

    @cached_property
    def chart(self) -> str:
        """Decisions per year as inline SVG, made at build time."""
        bars = [(str(y.year), y.adopted) for y in self.stats.years]
        description = "；".join(f"{label}年 {value} 件" for label, value in bars)
        return bar_chart(bars, "每年表决通过的公约版本数", description) if bars else ""


@dataclass(eq=False, kw_only=True)
class UnitPage(Page):
    kind = UNIT
    unit: Unit

    @property
    def indexed(self) -> bool:
        return True

    @property
    def feed_unit(self) -> Unit | None:
        return self.unit


# --- a charter's pages ----------------------------------------------------------------------


@dataclass(eq=False, kw_only=True)
class CharterScoped(Page):
    """A page of one charter: its text in force, a version, a comparison, a draft, its
    history. They share the charter's lineage (traced once) and what they compute from it."""

    charter: Charter
    lineage: Lineage | None = field(default=None, repr=False)
    version: Version | None = None
    base: Version | None = None  # what ``version`` is compared against
    fingerprint: str | None = None  # chained SHA-256 of the version shown, if adopted

    @property
    def feed_unit(self) -> Unit | None:
        return self.charter.unit

    @property
    def short_fingerprint(self) -> str | None:
        return self.fingerprint[:SHORT] if self.fingerprint else None

    @property
    def traditional_table(self) -> str | None:
        return self.charter.url + HANT_TABLE

    @property
    def has_print_sheet(self) -> bool:
        """An adopted version's page and a draft put up for comment print as the
        notice-board sheet: the sheet's head, then the text. The text in force leads to
        its version's page for it (one sheet per version, not two)."""
        adopted = self.kind == VERSION and self.fingerprint is not None
        return adopted or self.kind == DRAFT

    @property
    def log_place(self) -> Place | None:
        """Where the adopted version shown stands in the site's log (when it has one)."""
        log, version = self.site.log, self.version
        if log is None or version is None or not self.fingerprint:
            return None
        return log.of(self.charter.url, version.slug)

    @cached_property
    def provisions(self) -> list[ShownProvision]:
        if self.version is None:
            return []
        drafted = self._draft_former() if self.version.is_draft else {}
        return [
            _show(p, self.lineage, drafted.get(id(p), [])) for p in self.version.document.provisions
        ]

    def _draft_former(self) -> dict[int, list[str]]:
        """A draft is not in the lineage; its former numbers come from its own comparison."""
        changes = self.comparison.changes if self.comparison else ()
        return {
            id(c.new): [f"yuan-{c.old.anchor}"]
            for c in changes
            if c.old and c.new and c.old.anchor != c.new.anchor
        }

    @cached_property
    def comparison(self) -> Comparison | None:
        if self.version is None or self.base is None:
            return None
        if self.lineage is not None and not self.version.is_draft:
            return self.lineage.comparison(self.base, self.version)
        return compare(self.base.document, self.version.document)

    @cached_property
    def reasons_html(self) -> str:
        reasons = self.version.meta.reasons if self.version else None
        return markdown_to_html(reasons) if reasons else ""

    @cached_property
    def periods(self) -> list[Period]:
        return periods_in_force(self.charter)

    @cached_property
    def comparable_pairs(self) -> list[tuple[Version, Version]]:
        return comparable_pairs(self.charter)

    @cached_property
    def glance(self) -> list[Row | Renumbered]:
        """The comparison's rows as residents read them (see glance.py)."""
        if self.comparison is None or self.base is None or self.version is None:
            return []
        own = self.base is self.version.previous  # the committee's notes explain this step
        notes = self.version.meta.notes if own else {}
        return glance(self.comparison, self.base.document, self.version.document, notes)

    @property
    def against_model(self) -> bool:
        """A comparison with the 范本 (another charter), not with an earlier version."""
        return (
            self.base is not None
            and self.version is not None
            and (self.base.charter is not self.version.charter)
        )

    @cached_property
    def pair_urls(self) -> dict[str, str]:
        """Every comparison this charter has a page for: "old|new" (version slugs) -> URL."""
        texts = [v for v in self.charter.adopted if not v.is_repeal]
        pairs = {f"{v.previous.slug}|{v.slug}": v.changes_url for v in texts if v.previous}
        for old, new in self.comparable_pairs:
            pairs[f"{old.slug}|{new.slug}"] = f"{self.charter.url}compare/{old.slug}--{new.slug}/"
        return pairs

    @property
    def history_rows(self) -> list[ShownProvision]:
        return [p for p in self.provisions if p.has_history]


@dataclass(eq=False, kw_only=True)
class CharterPage(CharterScoped):
    """The charter's own page: the text in force (or the latest decided one)."""

    kind = CHARTER

    @property
    def indexed(self) -> bool:
        return self.charter.status in STATUS_INDEXED


class HistoryPage(CharterScoped):
    kind = HISTORY


class VersionPage(CharterScoped):
    kind = VERSION


@dataclass(frozen=True)
class ShownDecision:
    """The 修改决定 a page shows: each item's lines (its sentence, then what it quotes),
    and whether gongyue wrote it from the two texts (the committee's own is not recorded
    yet: issue 25)."""

    items: tuple[tuple[str, ...], ...]
    closing: str
    generated: bool = True


def shown_decision(page: CharterScoped) -> ShownDecision | None:
    """The decision from the page's base to its version, as the page shows it; None when
    there is no base, nothing changed, or the change cannot be said item by item."""
    base, version, title = page.base, page.version, page.charter.title
    if base is None or version is None:
        return None
    if version.meta.decision:
        return recorded_decision(title, version)
    try:
        documents = (base.document, version.document)
        items = decide(base.body, version.body, documents, page.comparison)
    except (Unsayable, ValueError):
        return None
    if not items:
        return None
    said = tuple(tuple(lines) for lines in numbered(items))
    return ShownDecision(said, _closing(title, version))


def recorded_decision(title: str, version: Version) -> ShownDecision | None:
    """The decision the committee recorded (and voted on), in its own items and closing;
    None when it cannot be read (``gongyue check`` says why)."""
    text = version.meta.decision or ""
    try:
        said = tuple(tuple(lines) for lines in written_items(text))
    except WrittenError:
        return None
    closing = next(
        (line.strip() for line in text.split("\n") if line.strip().startswith("本决定")), ""
    )
    return ShownDecision(said, closing or _closing(title, version), generated=False)


def _closing(title: str, version: Version) -> str:
    day = version.effective
    when = f"自{day.year}年{day.month}月{day.day}日起" if day else "自公布之日起"
    return f"本决定{when}施行。《{title}》根据本决定作相应修改并对条文顺序作相应调整，重新公布。"


class ChangesPage(CharterScoped):
    """A version against the one before it (修改对照)."""

    kind = CHANGES

    @cached_property
    def decision(self) -> ShownDecision | None:
        return shown_decision(self)


class ComparePage(CharterScoped):
    """Any two texts side by side, or the text against the model it was based on (范本)."""

    kind = COMPARE


class DraftPage(CharterScoped):
    kind = DRAFT

    @cached_property
    def decision(self) -> ShownDecision | None:
        return shown_decision(self)

    @property
    def indexed(self) -> bool:
        return self.version is not None and self.version.status == STATUS_CONSULTING


_COMPUTED: dict[type, tuple[str, ...]] = {}  # per kind of page, found once, not per page


def _computed(kind: type[Page]) -> tuple[str, ...]:
    """The cached values a kind of page keeps, its own and those it inherits."""
    if kind not in _COMPUTED:
        _COMPUTED[kind] = tuple(
            name
            for klass in kind.__mro__
            for name, value in vars(klass).items()
            if isinstance(value, cached_property)
        )
    return _COMPUTED[kind]


def _show(p: Provision, lineage: Lineage | None, extra_former: list[str]) -> ShownProvision:
    events = lineage.of(p) if lineage else []
    former = (lineage.former_anchors(p) if lineage else []) + extra_former
    if _is_block(p.text) or p.kind not in ("article", "closing", "preamble"):
        return ShownProvision(p, [], provision_html(p.text), events, former)
    shown = [ShownClause(c, line_html(c.text)) for c in clauses(p)]
    return ShownProvision(p, shown, "", events, former)


def _is_block(text: str) -> bool:
    """Tables, lists and quotes render as one Markdown block, not line by line."""
    return any(line.lstrip().startswith(("|", "- ", "* ", "> ")) for line in text.split("\n"))


def periods_in_force(charter: Charter) -> list[Period]:
    """Each adopted version with the days it governed, oldest first."""
    started = sorted(
        (v for v in charter.adopted if v.effective is not None),
        key=lambda v: (v.effective, v.date),
    )
    found: list[Period] = []
    for index, version in enumerate(started):
        if version.is_repeal:
            continue
        following = started[index + 1] if index + 1 < len(started) else None
        end = (
            following.effective - dt.timedelta(days=1)
            if following and following.effective
            else None
        )
        found.append(Period(version, version.effective, end))  # type: ignore[arg-type]
    return found


def comparable_pairs(charter: Charter) -> list[tuple[Version, Version]]:
    """Pairs beyond consecutive versions that get a precomputed 对照 page."""
    texts = [v for v in charter.adopted if not v.is_repeal]
    if len(texts) <= ALL_PAIRS_UP_TO:
        return [(a, b) for a, b in combinations(texts, 2) if b.previous is not a]
    # Each page costs build time in a city of thousands: beyond six texts, keep the
    # comparisons residents ask for most, each earlier text against the one in use.
    latest = texts[-1]
    return [(old, latest) for old in texts[:-2]]


def consultation_pages(site: Site) -> list[ConsultationsPage]:
    """Every draft open for comment, soonest-closing first, a bounded number per page."""
    drafts = site.open_drafts()
    chunks = [drafts[i : i + DRAFTS_PER_PAGE] for i in range(0, len(drafts), DRAFTS_PER_PAGE)] or [
        []
    ]
    urls = ["consultations/"] + [f"consultations/{n}/" for n in range(2, len(chunks) + 1)]
    pager = list(enumerate(urls, 1)) if len(chunks) > 1 else []
    return [
        ConsultationsPage(
            src_uri=f"{url}index.md",
            title="征求意见" if n == 1 else f"征求意见（第{n}页）",
            site=site,
            crumbs=unit_crumbs(None),
            listing=chunk,
            pager=pager,
            page_number=n,
        )
        for n, (url, chunk) in enumerate(zip(urls, chunks, strict=True), 1)
    ]


def own_pages_nav(uris: list[str], title_of: Callable[[str], str]) -> list[object]:
    """The operator's own pages for the nav: top-level pages as they are, each folder as
    one section named after its index page (or the folder), its index first."""
    top = [uri for uri in uris if "/" not in uri]
    folders: dict[str, list[str]] = {}
    for uri in uris:
        if "/" in uri:
            folders.setdefault(uri.split("/", 1)[0], []).append(uri)
    sections = [
        {
            title_of(f"{folder}/index.md") or folder: sorted(
                pages, key=lambda u: not u.endswith("/index.md")
            )
        }
        for folder, pages in folders.items()
    ]
    return [*top, *sections]


_FIRST_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def first_heading(markdown: str) -> str:
    """The first ``# `` heading of a Markdown page (a nav section's name), as plain text."""
    found = _FIRST_HEADING.search(markdown)
    return plain_title(found.group(1)) if found else ""


def unit_crumbs(unit: Unit | None) -> list[Crumb]:
    crumbs = [Crumb("首页", "")]
    if unit is not None:
        crumbs += [Crumb(u.name, u.url) for u in unit.lineage]
    return crumbs


def charter_crumbs(charter: Charter) -> list[Crumb]:
    return [*unit_crumbs(charter.unit), Crumb(charter.title, charter.url)]


def version_label(version: Version) -> str:
    if version.is_draft:
        return "草案" if version.slug == "draft" else f"草案（{version.slug[6:]}）"
    return f"{version.date} 版"


def compare_url(old: Version, new: Version) -> str:
    return f"{new.charter.url}compare/{old.slug}--{new.slug}/"


def stats_page(site: Site) -> StatsPage:
    crumbs = unit_crumbs(None)
    title = "公约覆盖情况统计"
    return StatsPage(
        src_uri=STATS_URI, title=title, site=site, crumbs=crumbs, stats=site_stats(site)
    )


def home_page(site: Site, title: str) -> HomePage:
    return HomePage(src_uri="index.md", title=title, site=site)


def _top_page(kind: type[Page], uri: str, title: str, site: Site) -> Page:
    return kind(src_uri=uri, title=title, site=site, crumbs=unit_crumbs(None))


def build_pages(site: Site) -> list[Page]:
    """Every generated page of the site, in a deterministic order."""
    pages = [
        *consultation_pages(site),
        _top_page(DirectoryPage, DIRECTORY_URI, "社区与院落目录", site),
        _top_page(SearchPage, SEARCH_URI, "搜索", site),
        stats_page(site),
        _top_page(VerifyPage, VERIFY_URI, "核对纸质文本", site),
        _top_page(SubscribePage, SUBSCRIBE_URI, "订阅公约的变化", site),
        _top_page(GlossaryPage, GLOSSARY_URI, "术语说明", site),
    ]
    by_url = {c.url: c for c in site.charters}
    for unit in (u for u in site.units if site.makes(u.url)):
        pages.append(
            UnitPage(
                src_uri=f"{unit.url}index.md",
                title=unit.name,
                site=site,
                crumbs=unit_crumbs(unit.parent),
                unit=unit,
                markdown=unit.prose,
            )
        )
        for charter in unit.charters:
            pages += _CharterPages(site, charter, by_url).build()
    return pages


def charter_pages(site: Site, charter: Charter) -> list[Page]:
    """The pages of one charter, as ``build_pages`` makes them."""
    return _CharterPages(site, charter, {c.url: c for c in site.charters}).build()


@dataclass
class _CharterPages:
    site: Site
    charter: Charter
    by_url: dict[str, Charter]

    def __post_init__(self) -> None:
        self.lineage = trace(self.charter)
        self.prints = {path: fp for path, (_, fp) in fingerprints(self.charter).items()}
        self.crumbs = charter_crumbs(self.charter)

    def page(self, kind: type[CharterScoped], uri: str, title: str, **fields: Any) -> Page:
        crumbs = fields.pop("crumbs", self.crumbs)
        return kind(
            src_uri=uri,
            title=title,
            site=self.site,
            crumbs=crumbs,
            charter=self.charter,
            lineage=self.lineage,
            **fields,
        )

    def build(self) -> list[Page]:
        c, shown = self.charter, self.charter.shown
        pages = [
            self.page(
                CharterPage,
                f"{c.url}index.md",
                c.title,
                crumbs=unit_crumbs(c.unit),
                version=shown,
                fingerprint=self._print(shown),
            ),
            self.page(
                HistoryPage, f"{c.url}history/index.md", f"{c.title} · 历次修订", version=c.in_force
            ),
        ]
        for version in c.versions:
            pages += self._version_pages(version)
        pages += [self._compare(old, new) for old, new in comparable_pairs(c)]
        pages += [self._draft(d) for d in c.drafts]
        model = self._model()
        if model is not None and shown is not None and model.shown is not None:
            pages.append(
                self.page(
                    ComparePage,
                    f"{c.url}fanben/index.md",
                    f"{c.title} · 与范本对照",
                    version=shown,
                    base=model.shown,
                )
            )
        return pages

    def _print(self, version: Version | None) -> str | None:
        return self.prints.get(version.path) if version else None

    def _version_pages(self, version: Version) -> list[Page]:
        label = f"{self.charter.title} · {version_label(version)}"
        pages = [
            self.page(
                VersionPage,
                f"{version.url}index.md",
                label,
                version=version,
                fingerprint=self._print(version),
            )
        ]
        if version.previous is not None:
            crumbs = [*self.crumbs, Crumb(version_label(version), version.url)]
            pages.append(
                self.page(
                    ChangesPage,
                    f"{version.changes_url}index.md",
                    f"{label} · 修改对照",
                    crumbs=crumbs,
                    version=version,
                    base=version.previous,
                )
            )
        return pages

    def _compare(self, old: Version, new: Version) -> Page:
        title = f"{self.charter.title} · {old.date} 版与 {new.date} 版对照"
        return self.page(
            ComparePage, f"{compare_url(old, new)}index.md", title, version=new, base=old
        )

    def _draft(self, draft: Version) -> Page:
        title = f"{self.charter.title} · {version_label(draft)}"
        return self.page(
            DraftPage, f"{draft.url}index.md", title, version=draft, base=draft.previous
        )

    def _model(self) -> Charter | None:
        shown = self.charter.shown
        based_on = shown.meta.based_on if shown else None
        return self.by_url.get(based_on.strip("/") + "/") if based_on else None
