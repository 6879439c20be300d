"""The notice-board sheet of a version or a draft, and its PDF.

A version's page (and a draft's, and the text in force) prints as its notice-board
sheet: title, status, effective date, decision record, short fingerprint and a QR
code that leads to the version's own page, then the text
(``partials/print_sheet.html``, shown on paper only). No second page is written
for it. The sheet in a small layout of its own (``standalone/poster.html``) is
still made here, for the PDF beside a page (``pdf: true``): rendered from it and
never published as a page.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard

from gongyue.publish import companion_process
from gongyue.publish.companions import Companions, Output
from gongyue.publish.pages import CharterScoped, DraftPage, Page, VersionPage
from gongyue.publish.paper_kinds import on_site, paper_pdf_name, sheet_pdf_name
from gongyue.publish.pdf import write_pdf
from gongyue.publish.qr import sheet_addresses
from gongyue.publish.templating import environment, templates_dir
from gongyue.publish.urls import PAPERS, PRINT

PARALLEL_PDFS_FROM = 8  # below this, starting worker processes costs more than it saves
PDF_JOB_WEIGHT = 100  # a PDF takes about as long as a hundred pages
SHEETS_FOR_PDF = ".gy-sheets-for-pdf/"  # under the site folder while the PDFs are made
INDEX = "index.html"


def pdf_name(page: CharterScoped) -> str:
    """The PDF beside a page, named so that a downloaded file says what it is."""
    assert page.version is not None
    return sheet_pdf_name(page.version)


@dataclass(frozen=True)
class PdfJob:
    """One PDF: the sheet's HTML (a file under the site folder), where that sheet stands
    for its relative links, and the PDF's own place; all relative to the site folder."""

    source: str
    at: str
    target: str


def poster_for_pdf(page: CharterScoped, site_name: str, site_url: str | None) -> Output:
    """The page's sheet in the small layout (``standalone/poster.html``) that its PDF is
    rendered from: written under ``SHEETS_FOR_PDF`` (removed once the PDFs are made) and
    standing at ``<page>/print/`` for its links. The site publishes the page itself,
    which prints as the sheet."""
    version = page.version
    assert version is not None
    url = page.url + PRINT
    html = (
        environment((str(templates_dir()),))
        .get_template("gongyue/standalone/poster.html")
        .render(
            gy=page,
            gy_companions=Companions(),
            v=version,
            page_url=url,
            site_name=site_name,
            lang="zh-Hans",
            **sheet_addresses(version.url, site_url),  # no address, no QR code
        )
    )
    return Output(SHEETS_FOR_PDF + url + INDEX, html)


def pdf_jobs(pages: Iterable[Page], companions: Companions) -> list[PdfJob]:
    """A PDF beside every page that prints as a sheet, and beside every paper of a draft
    (the papers a committee is printing now; a city has few drafts at a time)."""
    if not (companions.posters and companions.pdf):
        return []
    pages = list(pages)
    jobs = [
        PdfJob(
            SHEETS_FOR_PDF + page.url + PRINT + INDEX,
            page.url + PRINT + INDEX,
            page.url + pdf_name(page),
        )
        for page in pages
        if has_poster(page)
    ]
    if companions.papers:
        for page in pages:
            if isinstance(page, DraftPage) and page.version is not None:
                for kind in on_site(page.version):
                    paper = page.url + PAPERS + kind + "/" + INDEX
                    name = paper_pdf_name(page.version, kind)
                    jobs.append(PdfJob(paper, paper, page.url + PAPERS + kind + "/" + name))
    return jobs


def has_poster(page: Page) -> TypeGuard[CharterScoped]:
    """A version's or a draft's page that prints as a sheet: its PDF is made from the
    poster (the text in force links its version's PDF)."""
    return isinstance(page, VersionPage | DraftPage) and page.has_print_sheet


def write_pdfs(
    jobs: Iterable[PdfJob], site_dir: Path, method: str = companion_process.AUTO
) -> None:
    """Each job's sheet as a PDF; reads the site's CSS, so runs last. The sheets written
    only for their PDFs are removed after, made or not.

    A PDF takes about a quarter of a second, so a city's worth is spread over
    every core; each file depends only on its sheet, so the bytes do not change.
    """
    tasks = [(site_dir, job) for job in jobs]
    cores = os.cpu_count() or 1
    method = companion_process.choose(method, len(tasks) * PDF_JOB_WEIGHT)
    try:
        if len(tasks) < PARALLEL_PDFS_FROM or cores == 1 or method == companion_process.NONE:
            for task in tasks:
                _pdf_task(*task)
            return
        with multiprocessing.get_context(method).Pool(cores) as pool:
            pool.starmap(_pdf_task, tasks, chunksize=4)
    finally:
        shutil.rmtree(site_dir / SHEETS_FOR_PDF, ignore_errors=True)


def _pdf_task(site_dir: Path, job: PdfJob) -> None:
    html = (site_dir / job.source).read_text(encoding="utf-8")
    write_pdf(html, site_dir / job.at, site_dir / job.target)
