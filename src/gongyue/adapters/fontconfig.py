"""Whether this machine can make PDFs: WeasyPrint with Pango, and a Chinese font that
fontconfig knows (``fc-list``, the one place it is run)."""

from __future__ import annotations

import shutil
import subprocess

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
