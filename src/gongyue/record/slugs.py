"""Folder names are URLs: lower-case ASCII. Chinese names become pinyin."""

from __future__ import annotations

import re

_HAN_RUN = re.compile(r"([\u3400-\u9fff]+)")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """新鸿社区 -> xinhongshequ; 芳邻路131号院落 -> fanglinlu-131-haoyuanluo; ASCII is kept."""
    # Imported here: its dictionaries take a third of a second to load, and a build only
    # needs them to suggest a folder name in an error message.
    from pypinyin import lazy_pinyin

    parts = []
    for run in _HAN_RUN.split(name.strip()):
        if _HAN_RUN.fullmatch(run):
            parts.append("".join(lazy_pinyin(run)))
        else:
            parts.append(run.lower())
    slug = _NOT_SLUG.sub("-", "-".join(parts)).strip("-")
    return re.sub(r"-{2,}", "-", slug) or "weiming"
