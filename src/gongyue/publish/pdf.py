"""PDF of the notice-board sheet, through WeasyPrint, for committees to print.

Optional: WeasyPrint needs Pango and a Chinese font on the machine, and a PDF
costs about as much as a hundred pages, so a city turns it on (``pdf: true``)
only where it wants it. When something is missing the build says what and how
to install it, and goes on without PDFs (``adapters/fontconfig.py`` asks the
machine, through fontconfig's ``fc-list``: the core starts no program).
"""

from __future__ import annotations

import logging
from pathlib import Path


def write_pdf(html: str, page_file: Path, target: Path) -> None:
    """Render ``html`` (which lives at ``page_file``, for relative links) to ``target``."""
    from weasyprint import HTML, URLFetcher

    # The stylesheets hold screen rules WeasyPrint does not know; that is not news to anyone.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    # Only the site's own files are read: nothing is fetched from the network.
    local_only = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)
    HTML(string=html, base_url=str(page_file), url_fetcher=local_only).write_pdf(target)
