"""The notice-board sheet of a version or a draft, and its PDF.

``<version>/print/`` shows an adopted version for the notice board — title,
status, effective date, decision record, short fingerprint and a QR code that
leads to the version's own page — then the text; ``<draft>/print/`` does the
same for a draft put up for comment (公示). The sheet has a small layout of its
own: a notice board has no use for the site's header and navigation.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TypeGuard

from gongyue.publish import companion_process
from gongyue.publish.companions import Companions, Output
from gongyue.publish.pages import ChangesPage, CharterScoped, DraftPage, Page, VersionPage
from gongyue.publish.paper_kinds import on_site, paper_pdf_name
from gongyue.publish.pdf import write_pdf
from gongyue.publish.qr import qr_svg
from gongyue.publish.templating import environment, templates_dir
from gongyue.publish.urls import DECISION, PAPERS, PRINT

PARALLEL_PDFS_FROM = 8  # below this, starting worker processes costs more than it saves
PDF_JOB_WEIGHT = 100  # a PDF takes about as long as a hundred pages


def poster(page: CharterScoped, site_name: str, site_url: str | None, pdf: bool = False) -> Output:
    version = page.version
    assert version is not None
    root = _root(site_url)  # no address, no QR code
    return _sheet(
        page,
        PRINT,
        "poster.html",
        site_name,
        absolute_url=root + version.url if root else "",
        qr=qr_svg(root + version.url) if root else "",
        verify_url=root + "verify/" if root else "",
        pdf_url=pdf_name(page) if pdf else "",
    )


def decision_sheet(page: CharterScoped, site_name: str, site_url: str | None) -> Output:
    """The 修改决定 of a version's changes (or of a draft) on one sheet, at ``decision/``."""
    root = _root(site_url)
    return _sheet(
        page, DECISION, "decision.html", site_name, absolute_url=root + page.url if root else ""
    )


def _root(site_url: str | None) -> str:
    return site_url.rstrip("/") + "/" if site_url else ""


def _sheet(page: CharterScoped, under: str, template: str, site_name: str, **extra: str) -> Output:
    """A sheet in the small layout of ``standalone/``, at ``page.url + under``."""
    assert page.version is not None
    url = page.url + under
    html = (
        environment((str(templates_dir()),))
        .get_template(f"gongyue/standalone/{template}")
        .render(
            gy=page,
            gy_companions=Companions(),
            v=page.version,
            page_url=url,
            site_name=site_name,
            lang="zh-Hans",
            **extra,
        )
    )
    return Output(url + "index.html", html)


def has_decision_sheet(page: Page) -> TypeGuard[CharterScoped]:
    """A version's changes page, or a draft with a text before it. Whether there is a
    decision to print is found when the sheet is made, in parallel with the other pages
    (the sheet of a change that cannot be said item by item says so, and is not linked)."""
    return isinstance(page, ChangesPage | DraftPage) and page.base is not None


def pdf_name(page: CharterScoped) -> str:
    """The PDF beside a poster, named so that a downloaded file says what it is."""
    assert page.version is not None
    return f"{page.version.charter.slug}-{page.version.slug}.pdf"


def pdf_jobs(pages: Iterable[Page], companions: Companions) -> list[tuple[str, str]]:
    """(sheet file, PDF name) for every poster that gets a PDF, and every paper of a draft
    (the papers a committee is printing now; a city has few drafts at a time)."""
    if not (companions.posters and companions.pdf):
        return []
    pages = list(pages)
    jobs = [(page.url + PRINT + "index.html", pdf_name(page)) for page in pages if has_poster(page)]
    if companions.papers:
        jobs += [
            (page.url + PAPERS + kind + "/index.html", paper_pdf_name(page.version, kind))
            for page in pages
            if isinstance(page, DraftPage) and page.version is not None
            for kind in on_site(page.version)
        ]
    return jobs


def has_poster(page: Page) -> TypeGuard[CharterScoped]:
    """Adopted versions (for the notice board) and drafts (put up for comment)."""
    adopted = isinstance(page, VersionPage) and page.fingerprint is not None
    return adopted or isinstance(page, DraftPage)


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
