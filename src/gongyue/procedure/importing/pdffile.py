"""The text layer of a PDF, page by page, for ``gongyue import``.

pypdf gives each page's text as the PDF draws it: lines broken at the page's width,
page numbers, numbers glued to what follows. The charter parser already reads such
text (``text/reading.py`` joins wrapped lines and cuts run-on items), so the lines are
kept as they are, except page numbers, which are left out and counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gongyue.text.markers import PAGE_NUMBER


class NoTextLayer(ValueError):
    """A scanned PDF: pictures of pages, no text to read."""


@dataclass
class ReadPdf:
    lines: list[str]
    pages: int
    page_numbers: list[str] = field(default_factory=list)  # left out: “第 3 页：- 3 -”


def read_pdf(path: Path) -> ReadPdf:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    lines: list[str] = []
    dropped: list[str] = []
    for number, page in enumerate(reader.pages, 1):
        for line in (page.extract_text() or "").split("\n"):
            text = line.strip()
            if not text:
                continue
            if PAGE_NUMBER.match(text):
                dropped.append(f"第 {number} 页：{text}")
                continue
            lines.append(text)
    if not lines:
        raise NoTextLayer(str(path))
    return ReadPdf(lines, len(reader.pages), dropped)
