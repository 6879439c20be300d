"""The closed content format: which names may stand where, and what a misnamed file meant.

Under a unit folder every file and folder is part of the format (``index.md``,
sub-units, charter folders, version files, pictures for the unit's page), a
file the operator named in ``extra_files``, or an error. The errors guess what
the committee meant — ``2024-6-5.md`` was ``2024-06-05.md``, ``Draft.md`` was
``draft.md`` — because a suggestion fixes a mistake faster than a rule does.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re

from gongyue.record.slugs import slugify

VERSION_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2}|draft|draft-[a-z0-9-]+)\.md$")
# Pictures a unit's page may show. SVG is left out: it can carry script.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
TEXT_SUFFIXES = (".md", ".markdown", ".mdown", ".txt", ".doc", ".docx", ".wps", ".pdf")
DRAFT_WORDS = (
    "草案",
    "讨论稿",
    "征求意见稿",
    "修改稿",
    "草稿",
    "修订稿",
    "初稿",
    "送审稿",
    "表决稿",
)
COPY_WORDS = ("副本", "copy", "拷贝", "复件", "复制")

_DATE_PARTS = re.compile(r"^\D*(\d{4})\D{0,3}?(\d{1,2})\D{0,3}?(\d{1,2})\D*$")
_COPY_TAIL = re.compile(r"\s*(\(\d+\)|（\d+）|-\s*\d+|_\d+)\s*$")


def is_version_file(name: str) -> bool:
    return bool(VERSION_FILE.match(name))


def is_image(name: str) -> bool:
    return name.lower().endswith(IMAGE_SUFFIXES)


def is_named_in(path: str, patterns: tuple[str, ...]) -> bool:
    """``path`` (relative to docs) matches one of the operator's ``extra_files`` patterns."""
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns)


def _stem_and_suffix(name: str) -> tuple[str, str]:
    stem, dot, suffix = name.rpartition(".")
    return (stem, "." + suffix.lower()) if dot and stem else (name, "")


def meant_date(name: str) -> dt.date | None:
    """The date a misnamed version file stands for: 2024-6-5, 2024.06.05, 2024年6月5日, 20240605."""
    stem, _ = _stem_and_suffix(name)
    stem = stem.strip()
    match = _DATE_PARTS.match(stem) or re.match(r"^(\d{4})(\d{2})(\d{2})$", stem)
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def meant_draft(name: str) -> str | None:
    """What a misnamed draft should be called; None when the name does not look like a draft."""
    stem, _ = _stem_and_suffix(name)
    lowered = stem.strip().lower()
    if lowered == "draft" or lowered in DRAFT_WORDS:
        return "draft.md"
    if not (lowered.startswith("draft") or any(w in stem for w in DRAFT_WORDS)):
        return None
    rest = lowered.removeprefix("draft").strip(" -_")
    for word in DRAFT_WORDS:
        rest = rest.replace(word, "")
    rest = _COPY_TAIL.sub("", rest).strip(" -_")
    return f"draft-{slugify(rest)}.md" if rest and not _is_copy(name) else "draft.md"


def _is_copy(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in COPY_WORDS) or bool(
        _COPY_TAIL.search(_stem_and_suffix(name)[0])
    )


def looks_like_version(name: str) -> bool:
    """A file a committee meant as a version or a draft, wherever it was put."""
    return is_version_file(name) or meant_date(name) is not None or meant_draft(name) is not None


def charter_file_hint(name: str) -> tuple[str, str]:
    """(what is wrong, how to fix) for a file in a charter folder that is not a version."""
    suffix = _stem_and_suffix(name)[1]
    date = meant_date(name)
    if date is not None:
        right = f"{date.isoformat()}.md"
        return (
            f"“{name}”不是版本文件的名称，不会发布。",
            f"您是不是想写 {right}？已表决的版本以表决日期命名，格式 YYYY-MM-DD.md。",
        )
    draft = meant_draft(name)
    if draft is not None and _is_copy(name):
        return (
            f"“{name}”像是草案的副本，不会发布。",
            "删除这个副本；如果它确实是另一份草案，改名为 draft-2.md 这样的名称"
            "（draft- 后面只用小写字母、数字和连字符）。",
        )
    if draft is not None:
        return (
            f"“{name}”不是草案文件的名称，不会发布。",
            f"您是不是想写 {draft}？草案命名为 draft.md，同时有几份时命名为 draft-名称.md（小写字母、数字、连字符）。",
        )
    if suffix in (".doc", ".docx", ".wps", ".pdf"):
        return (
            f"“{name}”是 Word、WPS 或 PDF 文件，不会发布。",
            f"用“gongyue import {name} --into 这个公约文件夹”把它导入成 draft.md（Word 的自动编号会写成文字），"
            "再删除这个文件；见编辑指南《从 Word、PDF 文件开始》。",
        )
    if suffix in TEXT_SUFFIXES and suffix != ".md":
        return (
            f"“{name}”不是 Markdown 文件，不会发布。",
            "公约的文本写在 .md 文件里：把内容复制到 draft.md（或以表决日期命名的版本）中，再删除这个文件。",
        )
    return (
        f"公约文件夹里的“{name}”不属于公约的格式，不会发布。",
        "公约文件夹里只放以表决日期命名的版本（如 2016-03-20.md）和草案（draft.md）；"
        "其他文件请删除，或由运维人员在 mkdocs.yml 的 extra_files 中列出。",
    )


def unit_file_hint(name: str, charter_slug: str | None) -> tuple[str, str]:
    """(what is wrong, how to fix) for a file in a unit folder that is not part of the format."""
    if looks_like_version(name):
        folder = charter_slug or "公约文件夹（如 jumin-gongyue）"
        return (
            f"“{name}”像是公约的版本或草案，但直接放在了单位文件夹里，不会发布。",
            f"把它移到这个单位的 {folder}/ 文件夹里，并按版本的规则命名（YYYY-MM-DD.md 或 draft.md）。",
        )
    if name.lower().endswith(".svg"):
        return (
            f"SVG 图片“{name}”可能带有脚本，不会发布。",
            "换成 PNG 或 JPG 图片。",
        )
    return (
        f"单位文件夹里的“{name}”不属于公约的格式，不会发布。",
        "单位的介绍写在 index.md 里，图片可以放在 index.md 旁边（PNG、JPG）；"
        "其他页面放到单位以外的文件夹，或由运维人员在 mkdocs.yml 的 extra_files 中列出。",
    )
