"""PDF of the notice-board sheet, through WeasyPrint, for committees to print.

Optional: WeasyPrint needs Pango and a Chinese font on the machine, and a PDF
costs about as much as a hundred pages, so a city turns it on (``pdf: true``)
only where it wants it. When something is missing the build says what and how
to install it, and goes on without PDFs.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

FONT_PACKAGE = "fonts-noto-cjk"


def unavailable() -> str | None:
    """Why PDFs cannot be made on this machine, in words for the operator; None if they can."""
    try:
        import weasyprint  # noqa: F401  (imports Pango through cffi)
    except (ImportError, OSError):
        return (
            "没有安装 WeasyPrint 或它需要的 Pango 库，PDF 没有生成。"
            "修改建议：pip install 'gongyue[pdf]'，并在 Debian 上 apt-get install libpango-1.0-0 libpangoft2-1.0-0。"
        )
    if not chinese_fonts():
        return (
            f"这台机器上没有中文字体，PDF 没有生成（否则汉字会印成方框）。"
            f"修改建议：在 Debian 上 apt-get install {FONT_PACKAGE}，再重新生成网站。"
        )
    return None


def chinese_fonts() -> list[str]:
    """Font families fontconfig knows for Chinese; what WeasyPrint will find."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    found = subprocess.run(
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False
    ).stdout
    return sorted({line.strip() for line in found.splitlines() if line.strip()})


def write_pdf(html: str, page_file: Path, target: Path) -> None:
    """Render ``html`` (which lives at ``page_file``, for relative links) to ``target``."""
    from weasyprint import HTML, URLFetcher

    # The stylesheets hold screen rules WeasyPrint does not know; that is not news to anyone.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    # Only the site's own files are read: nothing is fetched from the network.
    local_only = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)
    HTML(string=html, base_url=str(page_file), url_fetcher=local_only).write_pdf(target)
