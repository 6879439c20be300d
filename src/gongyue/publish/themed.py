"""gongyue's own pages inside the theme's frame, without the site engine's page machinery.

Every page of a charter (its text in force, versions, 对照, history, drafts)
and every Traditional twin is made here: the page's template renders its head
lines and content (the same templates the engine uses, found in the theme's
folders, so a city's overrides apply), and the frame the engine rendered once
for the page's depth (see ``chrome``) is filled around them. The bytes are the
ones the engine would write; ``tests/test_themed.py`` builds the demo both ways
and compares every file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from itertools import groupby

from gongyue.publish.chrome import CONTENT, HEAD, TITLE, URL, Frame
from gongyue.publish.compact import compact
from gongyue.publish.companions import Companions, GroupJob, Job, Output
from gongyue.publish.host import Host
from gongyue.publish.opendata import charter_data
from gongyue.publish.page_cache import PageCache
from gongyue.publish.pages import (
    CHANGES,
    CHARTER,
    COMPARE,
    DRAFT,
    HISTORY,
    VERSION,
    CharterScoped,
    Page,
)
from gongyue.publish.papers import papers_of
from gongyue.publish.posters import has_poster, poster_for_pdf
from gongyue.publish.templating import environment, template_for
from gongyue.publish.traditional import LANG_TAGS, table_output, to_traditional, traditional
from gongyue.publish.urls import HANT, depth
from gongyue.record.model import Charter, Site

FRAME = "gongyue/frame.html"  # the template probes are rendered with
# The kinds made here: everything under a charter, where a city's pages multiply.
THEMED_KINDS = frozenset({CHARTER, VERSION, CHANGES, COMPARE, DRAFT, HISTORY})
_SEPARATOR = "\x00gy-head-ends\x00"
# Stands in for the theme's main.html: base.html's two blocks and nothing around them.
_CONTENT_ONLY = (
    "{% block extrahead %}{% endblock %}" + _SEPARATOR + "{% block content %}{% endblock %}"
)


@dataclass(frozen=True)
class Setup:
    """What every themed page needs besides its model and frame (sent to helper processes)."""

    theme_dirs: tuple[str, ...]
    site_url: str
    companions: Companions
    twins: frozenset[str]  # URLs of pages with a Traditional twin
    host: Host | None = None  # the repository's git host, for committee links


def head_and_content(
    page: Page, setup: Setup, page_url: str, hant: bool = False
) -> tuple[str, str]:
    env = environment(setup.theme_dirs, (("main.html", _CONTENT_ONLY),))
    template = env.get_template(template_for(page.kind))
    html = template.render(
        gy=page,
        gy_companions=setup.companions,
        gy_host=setup.host,
        gy_hant=hant,
        hant_twins=setup.twins if hant else None,
        config={"site_url": setup.site_url},
        page_url=page_url,
    )
    head, _, content = html.partition(_SEPARATOR)
    return head, content


def themed(page: Page, frame: Frame, setup: Setup) -> Output:
    """The page as the engine would write it."""
    head, content = head_and_content(page, setup, page.url)
    values = {TITLE: page.safe_title, URL: page.url, HEAD: head, CONTENT: content}
    return Output(page.url + "index.html", compact(frame.fill(values)), compacted=True)


def themed_traditional(page: Page, frame: Frame, setup: Setup) -> Output:
    """The page's Traditional twin at ``<page>/hant/``, in the theme's layout.

    ``frame`` is the twin depth's frame, already in Traditional characters (see
    ``traditional_frame``): only the page's own values are converted here. OpenCC
    matches phrases within runs of Chinese, and every slot is bounded by markup,
    so converting the parts gives the characters converting the page would."""
    url = page.url + HANT
    head, content = head_and_content(page, setup, url, hant=True)
    variant = setup.companions.variant
    values = {
        TITLE: to_traditional(page.safe_title, variant),
        URL: url,
        HEAD: to_traditional(head, variant),
        CONTENT: to_traditional(content, variant),
    }
    return Output(url + "index.html", compact(frame.fill(values)), compacted=True)


def traditional_frame(frame: Frame, variant: str, twin_depth: int) -> Frame:
    """A frame for Traditional twins: its language and its words (menus, the theme's
    messages) in the variant's forms; links as they were, but the menu's 搜索, which
    goes to the search over the Traditional pages."""
    tagged = frame.with_lang(LANG_TAGS[variant])
    search = 'href="' + "../" * twin_depth + 'search/"'
    hant_search = search[:-1] + 'hant/"'
    pieces = (
        to_traditional(piece, variant).replace(search, hant_search) for piece in tagged.pieces
    )
    return Frame(tuple(pieces), tagged.slots)


@dataclass(frozen=True)
class Frames:
    """The frames a build needs: by depth for the pages, by depth for Traditional twins."""

    pages: Mapping[int, Frame]
    traditional: Mapping[int, Frame]


def build_parts(
    frames: Frames | None, setup: Setup, site_name: str, fast: bool, site: Site
) -> list[tuple[str, bytes]]:
    """What every themed page of this build is made with, for the page cache's key: the
    frames (menu, footer, the operator's pages in the menu), the values every template
    sees, and whether this is a preview (its banner is on every page)."""
    parts = [
        (
            "setup",
            repr((setup.site_url, setup.companions, sorted(setup.twins), setup.host)).encode(),
        ),
        ("site", repr((site_name, fast, site.preview, site.scope, site.docs_dir)).encode()),
    ]
    for name, by_depth in (("frame", frames.pages), ("hant", frames.traditional)) if frames else ():
        for at, frame in sorted(by_depth.items()):
            parts.append((f"{name}:{at}", frame.key()))
    return parts


def frame_depths(
    pages: Iterable[Page], companions: Companions, fast: bool
) -> tuple[set[int], set[int]]:
    """Depths of the themed pages and of the Traditional twins ``jobs`` will make (a
    charter's Traditional table reads its pages in their frame, made here or not)."""
    pages = list(pages)
    framed = fast or companions.traditional
    own = {depth(p.url) for p in pages if framed and p.kind in THEMED_KINDS}
    twins = {depth(p.url) + 1 for p in pages if companions.traditional and p.has_traditional_twin}
    return own, twins


def jobs(
    pages: Iterable[Page],
    frames: Frames | None,
    setup: Setup,
    site_name: str,
    fast: bool,
    cache: PageCache | None = None,
) -> list[GroupJob]:
    """Every page made outside the engine, in page order, one job per charter.

    With ``fast``, the charter pages in the theme's frame; the Traditional twins in
    it too, or in the small layout of ``companions`` when there are no ``frames``
    (a theme whose frame cannot be shared, with ``fast_pages: false``); sheets to print.
    With a ``cache``, a charter whose pages it holds for the same inputs is read back."""
    made: list[GroupJob] = []
    for _, group in groupby(pages, key=lambda page: id(_charter_of(page))):
        group_pages = tuple(group)
        charter = _charter_of(group_pages[0])
        group_jobs = tuple(_page_jobs(group_pages, frames, setup, site_name, fast))
        if charter is not None:
            group_jobs += (partial(_open_data, charter),)
        table = None
        if setup.companions.traditional and group_pages[0].traditional_table:
            table = partial(_traditional_table, group_pages, frames, setup)
        if not (group_jobs or table):
            continue
        job: GroupJob = partial(_made_together, group_jobs, group_pages, table)
        if cache is not None and charter is not None:
            job = cache.job(group_pages[0].site, charter, job)
        made.append(job)
    return made


def _open_data(charter: Charter) -> Output:
    """The charter's ``charter.json`` (open data), made with its pages and kept with them."""
    return Output(*charter_data(charter))


def _charter_of(page: Page) -> Charter | None:
    return page.charter if isinstance(page, CharterScoped) else None


def _made_together(
    jobs: tuple[Job, ...],
    pages: tuple[Page, ...],
    table: Callable[[list[Output]], Output] | None = None,
) -> list[Output]:
    """A charter's pages, made by one process: its lineage is traced once, then forgotten.
    ``table`` makes the charter's Traditional table from the pages just made."""
    outputs = [job() for job in jobs]
    if table is not None:
        outputs.append(table(outputs))
    for page in pages:
        page.release()
    first = pages[0] if pages else None
    if isinstance(first, CharterScoped) and first.lineage is not None:
        first.lineage.release(first.charter)
    return outputs


def _traditional_table(
    pages: tuple[Page, ...], frames: Frames | None, setup: Setup, outputs: list[Output]
) -> Output:
    """The charter's table (``traditional.table_output``) from its pages as written: made
    here (``outputs``), or rendered again when the engine writes them — the same bytes
    (``tests/test_themed.py``); content alone when the theme's frame cannot be shared."""
    written = {output.path: output.html for output in outputs}
    html = [
        written.get(page.url + "index.html") or _as_written(page, frames, setup) for page in pages
    ]
    url = pages[0].traditional_table
    assert url is not None
    return table_output(url, html, setup.companions.variant)


def _as_written(page: Page, frames: Frames | None, setup: Setup) -> str:
    frame = frames.pages.get(depth(page.url)) if frames else None
    if frame is not None:
        return themed(page, frame, setup).html
    head, content = head_and_content(page, setup, page.url)
    return head + content


def _page_jobs(
    pages: Iterable[Page], frames: Frames | None, setup: Setup, site_name: str, fast: bool
) -> list[Job]:
    made: list[Job] = []
    companions = setup.companions
    for page in pages:
        if fast and frames and page.kind in THEMED_KINDS:
            made.append(partial(themed, page, frames.pages[depth(page.url)], setup))
        if companions.traditional and page.has_traditional_twin and frames:
            frame = frames.traditional[depth(page.url) + 1]
            made.append(partial(themed_traditional, page, frame, setup))
        elif companions.traditional and page.has_traditional_twin:
            twin = partial(traditional, page, site_name, setup.twins, companions.variant)
            made.append(partial(twin, setup.site_url or None))
        if companions.posters and companions.pdf and has_poster(page):
            made.append(partial(poster_for_pdf, page, site_name, setup.site_url or None))
        made += papers_of(page, site_name, setup.site_url or None, companions)
    return made


def indexed(pages: Iterable[Page], companions: Companions, fast: bool) -> list[str]:
    """Output files made here that search indexes: themed pages and Traditional twins."""
    found: list[str] = []
    for page in pages:
        if not page.indexed:
            continue
        if fast and page.kind in THEMED_KINDS:
            found.append(page.url + "index.html")
        if companions.traditional and page.has_traditional_twin:
            found.append(page.url + HANT + "index.html")
    return found
