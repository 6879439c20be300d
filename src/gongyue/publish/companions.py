"""Pages that live beside a text page without the site engine's chrome.

Two companions, both plain HTML written straight to the output folder:

- ``<version>/print/``: the notice-board poster of an adopted version — title,
  status, effective date, decision record, short fingerprint and a QR code
  (inline SVG, made here) that leads to the version's own URL — then the text;
  ``<draft>/print/`` does the same for a draft put up for comment (公示).
- ``<page>/hant/``: every page that shows a charter's text (text in force,
  versions, 对照, drafts, history) in Traditional characters, for residents who
  read them: the page's own template in the small layout, then OpenCC. A build
  makes its twins in the theme's own layout instead (``themed.py``); this small
  layout is for the export, where no engine can be asked for a frame, and for
  a theme whose frame cannot be shared.

Posters use a small layout of their own: a sheet for the notice board has no
use for the site's header and navigation.
"""

from __future__ import annotations

import multiprocessing
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, partial
from html import escape
from pathlib import Path
from typing import Any

import jinja2
import opencc
import segno

from gongyue.publish import companion_process
from gongyue.publish.pages import DRAFT, VERSION, Page
from gongyue.publish.pdf import write_pdf
from gongyue.publish.templating import filters, helpers, template_for, templates_dir

# A text page's twin in Traditional characters: its own template, in the small layout.
TRADITIONAL_BASE = """\
{% extends "gongyue/standalone/layout.html" %}
{% block switch %}<a href="../" hreflang="zh-Hans">简体版</a>{% endblock %}
{% block search %}<form class="gy-search-bar" action="{{ 'search/hant/' | url }}" method="get" role="search">
<label class="gy-sr-only" for="gy-search-q">搜索公约</label>
<input id="gy-search-q" name="q" type="search" placeholder="搜索公约，如：电动车" autocomplete="off">
<button type="submit">搜索</button></form>{% endblock %}
{% block body %}<div class="gy-hant"{% if gy.indexed %} data-pagefind-body{% endif %}>
{% if gy.indexed %}{% include "gongyue/partials/search_meta.html" %}{% endif %}
{% block gy_content %}{% endblock %}</div>{% endblock %}
"""
TRADITIONAL_OVERRIDES = (("gongyue/base.html", TRADITIONAL_BASE),)
PRINT = "print/"
HANT = "hant/"
PARALLEL_PDFS_FROM = 8  # below this, starting worker processes costs more than it saves
PDF_JOB_WEIGHT = 100  # a PDF takes about as long as a hundred pages
BATCH = 16  # jobs claimed at a time from the shared counter
QUIET_ZONE = 4  # modules of white around the code, as the standard asks
QR_MASK = 0  # a fixed mask: choosing the best of eight costs 5x, any mask scans
_TAG = re.compile(r"(<[^>]*>)")
_READABLE_ATTRS = re.compile(r'\b(aria-label|title|alt|placeholder)="([^"]*)"')


@dataclass(frozen=True)
class Output:
    path: str  # relative to the site root, e.g. a/b/2019-03-01/print/index.html
    html: str


Job = Callable[[], Output]  # makes one companion page when called
GroupJob = Callable[[], list[Output]]  # makes several (a charter's pages) when called


@dataclass(frozen=True)
class Companions:
    """Which companions a build writes (each is a plugin option)."""

    posters: bool = True
    traditional: bool = True
    pdf: bool = False  # only with posters
    variant: str = "s2tw"  # OpenCC conversion: Taiwan forms (為, 群), or s2hk, or s2t


def relative_url(target: str, page_url: str) -> str:
    """``target`` (site-relative, like MkDocs's) as seen from the page at ``page_url``."""
    if target.startswith(("#", "http://", "https://", "mailto:")):
        return target
    path, _, fragment = target.partition("#")
    rel = posixpath.relpath(path or ".", page_url or ".")
    if path.endswith("/") or not path:
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{fragment}" if fragment else "")


def twin_target(target: str, twins: frozenset[str] | None) -> str:
    """On a Traditional page, a link to a page with a twin goes to the twin."""
    if twins:
        path, hash_, fragment = target.partition("#")
        if path in twins:
            return path + HANT + hash_ + fragment
    return target


@jinja2.pass_context
def _url_filter(context: jinja2.runtime.Context, target: str) -> str:
    return relative_url(twin_target(target, context.get("hant_twins")), context["page_url"])


@cache
def environment(overrides: tuple[tuple[str, str], ...] = ()) -> jinja2.Environment:
    """The package's templates without the engine; ``overrides`` replace named templates."""
    loader = jinja2.ChoiceLoader(
        [jinja2.DictLoader(dict(overrides)), jinja2.FileSystemLoader(str(templates_dir()))]
    )
    env = jinja2.Environment(loader=loader, autoescape=True, keep_trailing_newline=True)
    env.filters["url"] = _url_filter
    env.filters.update(filters())
    env.globals.update(helpers())
    env.globals["gy_companions"] = Companions()
    return env


LANG_TAGS = {"s2tw": "zh-Hant-TW", "s2hk": "zh-Hant-HK", "s2t": "zh-Hant"}


@cache
def _converter(variant: str) -> opencc.OpenCC:
    return opencc.OpenCC(variant)


class ConversionError(Exception):
    """OpenCC changed a page's markup: its twin under hant/ cannot be made (Chinese message)."""


def to_traditional(html: str, variant: str = "s2tw") -> str:
    """Convert the words of an HTML page, never its tags, links or anchors."""
    # One call over the whole page is ten times faster than one per text node. OpenCC
    # leaves ASCII alone, so the converted page splits into the same tags and texts.
    original = _TAG.split(html)
    converted = _TAG.split(_converter(variant).convert(html))
    if len(converted) != len(original):
        # OpenCC's tables never touch "<" or ">"; should one ever do, publishing the
        # Simplified page under hant/ would be a silent lie: stop the build instead.
        raise ConversionError(
            f"错误：繁体转换（OpenCC {variant}）改变了网页的标记，繁体页无法生成。"
            "修改建议：检查 OpenCC 的版本（pip show opencc）；仍然出错请报告这一行。"
        )
    for index in range(1, len(original), 2):  # tags: keep links, take readable attributes
        if converted[index] != original[index]:
            converted[index] = _merge_tag(original[index], converted[index])
    return "".join(converted)


def _merge_tag(original: str, converted: str) -> str:
    """The original tag with the converted values of its readable attributes."""
    readable = iter(m.group(2) for m in _READABLE_ATTRS.finditer(converted))
    return _READABLE_ATTRS.sub(lambda m: f'{m.group(1)}="{next(readable)}"', original)


def qr_svg(url: str) -> str:
    """A QR code for ``url`` as inline SVG: black modules on white, with the quiet zone.

    segno encodes; the SVG is drawn here, one rectangle per run of dark modules,
    which is a third of the time of segno's own writer and lets the code carry
    its URL as an accessible name.
    """
    matrix = segno.make_qr(url, error="m", mask=QR_MASK).matrix
    size = len(matrix) + 2 * QUIET_ZONE
    runs = "".join(
        f"M{x + QUIET_ZONE} {y + QUIET_ZONE}h{length}v1h-{length}z"
        for y, row in enumerate(matrix)
        for x, length in _dark_runs(row)
    )
    label = escape(f"二维码：{url}")
    return (
        f'<svg class="gy-qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'role="img" aria-label="{label}" shape-rendering="crispEdges"><title>{label}</title>'
        f'<path fill="#fff" d="M0 0h{size}v{size}H0z"/><path fill="#000" d="{runs}"/></svg>'
    )


def _dark_runs(row: Iterable[int]) -> Iterator[tuple[int, int]]:
    """(start, length) of each run of dark modules in a row of the matrix."""
    start = None
    cells = list(row)
    for x, dark in enumerate([*cells, 0]):
        if dark and start is None:
            start = x
        elif not dark and start is not None:
            yield start, x - start
            start = None


def poster(page: Page, site_name: str, site_url: str | None, pdf: bool = False) -> Output:
    version = page.version
    assert version is not None
    url = page.url + PRINT
    root = site_url.rstrip("/") + "/" if site_url else ""  # no address, no QR code
    html = (
        environment()
        .get_template("gongyue/standalone/poster.html")
        .render(
            gy=page,
            v=version,
            page_url=url,
            site_name=site_name,
            absolute_url=root + version.url if root else "",
            qr=qr_svg(root + version.url) if root else "",
            verify_url=root + "verify/" if root else "",
            pdf_url=pdf_name(page) if pdf else "",
            lang="zh-Hans",
        )
    )
    return Output(url + "index.html", html)


def pdf_name(page: Page) -> str:
    """The PDF beside a poster, named so that a downloaded file says what it is."""
    assert page.version is not None
    return f"{page.version.charter.slug}-{page.version.slug}.pdf"


def pdf_jobs(pages: Iterable[Page], companions: Companions) -> list[tuple[str, str]]:
    """(poster file, PDF name) for every poster that gets a PDF."""
    if not (companions.posters and companions.pdf):
        return []
    return [(page.url + PRINT + "index.html", pdf_name(page)) for page in pages if has_poster(page)]


def traditional(
    page: Page, site_name: str, twins: frozenset[str] = frozenset(), variant: str = "s2tw"
) -> Output:
    """The page's own content, in the small layout, converted to Traditional characters;
    links to the pages in ``twins`` (URLs with a Traditional twin) go to those twins."""
    url = page.url + HANT
    template = environment(TRADITIONAL_OVERRIDES).get_template(template_for(page.kind))
    html = template.render(
        gy=page, page_url=url, site_name=site_name, lang=LANG_TAGS[variant], hant_twins=twins
    )
    return Output(url + "index.html", to_traditional(html, variant))


def traditional_indexed(pages: Iterable[Page], companions: Companions) -> list[str]:
    """The Traditional twins search indexes (in their own language, zh-Hant)."""
    if not companions.traditional:
        return []
    return [p.url + HANT + "index.html" for p in pages if p.has_traditional_twin and p.indexed]


def has_poster(page: Page) -> bool:
    """Adopted versions (for the notice board) and drafts (put up for comment)."""
    return (page.kind == VERSION and page.fingerprint is not None) or page.kind == DRAFT


def companion_jobs(
    pages: Iterable[Page],
    site_name: str,
    site_url: str | None,
    companions: Companions = Companions(),
) -> list[Job]:
    """Every poster and Traditional page of ``pages``, in order; each is made when called."""
    pages = list(pages)
    twins = frozenset(page.url for page in pages if page.has_traditional_twin)
    jobs: list[Job] = []
    for page in pages:
        if companions.traditional and page.has_traditional_twin:
            jobs.append(partial(traditional, page, site_name, twins, companions.variant))
        if companions.posters and has_poster(page):
            jobs.append(partial(poster, page, site_name, site_url, companions.pdf))
    return jobs


def write_all(outputs: Iterable[Output], site_dir: Path) -> None:
    """Write each output under ``site_dir``."""
    for out in outputs:
        target = site_dir / out.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(out.html, encoding="utf-8")


def write_pdfs(
    jobs: Iterable[tuple[str, str]], site_dir: Path, method: str = companion_process.AUTO
) -> None:
    """Each written poster as a PDF beside it; reads the site's CSS, so runs last.

    A PDF takes about a quarter of a second, so a city's worth is spread over
    every core; each file depends only on its poster, so the bytes do not change.
    """
    tasks = [(site_dir, poster_path, name) for poster_path, name in jobs]
    cores = os.cpu_count() or 1
    method = companion_process.choose(method, len(tasks) * PDF_JOB_WEIGHT)
    if len(tasks) < PARALLEL_PDFS_FROM or cores == 1 or method == companion_process.NONE:
        for task in tasks:
            _pdf_task(*task)
        return
    with multiprocessing.get_context(method).Pool(cores) as pool:
        pool.starmap(_pdf_task, tasks, chunksize=4)


def _pdf_task(site_dir: Path, poster_path: str, name: str) -> None:
    page_file = site_dir / poster_path
    write_pdf(page_file.read_text(encoding="utf-8"), page_file, page_file.parent / name)


def cannot_write(error: OSError, site_dir: Path) -> str:
    return (
        f"错误：无法写入 {error.filename or site_dir}（{error.strerror or error}）。"
        "修改建议：检查输出文件夹是否可写、磁盘是否已满，再重新生成。"
    )


def failure(error: BaseException, site_dir: Path) -> str:
    """What went wrong while making companion pages, in one Chinese line."""
    if isinstance(error, OSError):
        return cannot_write(error, site_dir)
    if isinstance(error, KeyboardInterrupt):
        return "已中断：张贴版和繁体页没有写完。"
    if isinstance(error, ConversionError):
        return str(error)
    reason = " ".join(f"{type(error).__name__}: {error}".split())[:300]
    return f"错误：生成张贴版或繁体页时出错（{reason}）。修改建议：重新生成；仍然出错请报告这一行。"


def _work(jobs: Sequence[Job | GroupJob], claimed: Any, site_dir: Path) -> None:
    """Make and write jobs until none is left, claiming them a batch at a time."""
    batch = max(1, min(BATCH, len(jobs) // 64))  # small claims when the jobs are few
    while True:
        with claimed.get_lock():
            start = claimed.value
            claimed.value = start + batch
        if start >= len(jobs):
            return
        write_all(_outputs(jobs[start : start + batch]), site_dir)


def _outputs(jobs: Iterable[Job | GroupJob]) -> Iterator[Output]:
    for job in jobs:
        made = job()
        yield from [made] if isinstance(made, Output) else made


class Writer:
    """Writes the companion pages, with a helper process when ``background`` is set.

    The site engine renders its pages on one core; the companions need nothing
    from it, so a second process makes them meanwhile (see ``companion_process`` for how it
    starts), and the engine's own process joins in on what is left once it is
    done. Both take jobs from one shared counter; each job's file is the same
    whoever writes it.
    """

    def __init__(
        self,
        jobs: Sequence[Job | GroupJob],
        site_dir: Path,
        background: bool,
        pdfs: Iterable[tuple[str, str]] = (),
        method: str = companion_process.AUTO,
    ) -> None:
        self.jobs, self.site_dir, self.pdfs, self.asked = jobs, site_dir, pdfs, method
        chosen = (
            companion_process.choose(method, len(jobs))
            if background and jobs
            else companion_process.NONE
        )
        self.claimed = companion_process.counter(chosen)
        self.helper = companion_process.Helper(chosen, _work, partial(failure, site_dir=site_dir))
        self.helper.start(jobs, self.claimed, site_dir)

    def wait(self) -> None:
        """Help with what is left, then make the PDFs: they read the stylesheets, which
        the engine copies meanwhile. RuntimeError (one Chinese line) when anything failed;
        the helper is then stopped and this process as it was."""
        try:
            _work(self.jobs, self.claimed, self.site_dir)
            code = self.helper.join()
            if code != 0:
                raise RuntimeError(
                    "错误：写入张贴版或繁体页的进程没有正常结束"
                    f"（{'超时' if code == -1 else f'退出码 {code}'}），原因见上一行。"
                )
            write_pdfs(self.pdfs, self.site_dir, self.asked)
        except (RuntimeError, KeyboardInterrupt):
            raise
        except Exception as error:
            raise RuntimeError(failure(error, self.site_dir)) from None
        finally:
            self.helper.stop()

    def stop(self) -> None:
        self.helper.stop()
