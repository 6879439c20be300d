"""Old Word (.doc) and WPS (.wps) files, converted to .docx by LibreOffice when the
machine has it — the only program ``gongyue import`` starts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

INSTALL = (
    "在 Debian、Ubuntu 上运行 apt-get install libreoffice-writer-nogui；"
    "或者用 Word、WPS 打开这个文件，“另存为” .docx 后再导入。"
)
TIMEOUT = 120  # seconds: a charter converts in a few


class CannotConvert(RuntimeError):
    """No LibreOffice on this machine, or it could not read the file (Chinese message)."""


def to_docx(path: Path, folder: Path) -> Path:
    """``path`` converted into ``folder`` as a .docx; the original is only read."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        raise CannotConvert(
            f"读 {path.suffix} 文件要用 LibreOffice，这台电脑上没有。修改建议：{INSTALL}"
        )
    profile = (
        (folder / "libreoffice-profile").resolve().as_uri()
    )  # not the user's, which may be open
    command = [
        program,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        "docx",
        "--outdir",
        str(folder),
        str(path),
    ]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        raise CannotConvert(
            f"LibreOffice 没能读出 {path.name}。修改建议：用 Word、WPS 打开它，“另存为” .docx 后再导入。"
        ) from None
    converted = folder / (path.stem + ".docx")
    if not converted.is_file():
        raise CannotConvert(f"LibreOffice 没有写出 {converted.name}。修改建议：{INSTALL}")
    return converted
