"""The theme's frame around a page, rendered once per page shape and filled per page.

A theme wraps every page in the same header, navigation and footer; only a few
values change from page to page: the title, the page's own address (its
canonical link) and, on gongyue's pages, a few head lines and the content. Links
in the frame are relative, so they depend on the page's depth alone. The engine's
adapter therefore renders one *probe* page per depth, with marks in place of
those values, and ``frame_from_probes`` cuts the result at the marks; ``fill``
puts a page's own values back. Rendering a page then costs its content alone.

Two probes with different marks must give the same pieces. When they do not,
the theme prints a page's values in a form the marks cannot be found in
(escaped, URL-encoded, shortened), and a filled frame would be wrong: the split
refuses with a Chinese line instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

TITLE, URL, HEAD, CONTENT = "title", "url", "head", "content"
ONCE = (HEAD, CONTENT)  # slots that must appear exactly once
_HTML_LANG = re.compile(r'(<html\b[^>]*?\blang=")[^"]*(")')


class FrameError(ValueError):
    """The theme's frame cannot be reused (message in Chinese, for the build's log)."""


@dataclass(frozen=True)
class Probe:
    """The marked values a probe page is rendered with."""

    name: str
    depth: int

    @property
    def url(self) -> str:
        """A page address at ``depth`` that shares no folder with any real page."""
        return f"gy-probe-{self.name}/" + "p/" * (self.depth - 1)

    @property
    def marks(self) -> dict[str, str]:
        tag = self.name.upper()
        return {
            # Not ASCII alone: a title the theme escapes or URL-encodes no longer matches.
            TITLE: f"GYPROBE{tag}TITLE标&",
            HEAD: f"GYPROBE{tag}HEAD",
            CONTENT: f"GYPROBE{tag}CONTENT",
            URL: self.url,
        }


@dataclass(frozen=True)
class Frame:
    """Literal pieces with a slot between each two: ``pieces[0] slot[0] pieces[1] …``."""

    pieces: tuple[str, ...]
    slots: tuple[str, ...]

    def fill(self, values: Mapping[str, str]) -> str:
        out = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            out.append(values[slot])
            out.append(piece)
        return "".join(out)

    def key(self) -> bytes:
        """The frame as a part of a page cache key: every piece and slot, in order."""
        return repr((self.pieces, self.slots)).encode()

    def with_lang(self, lang: str) -> Frame:
        """The same frame for a page in another language (``<html lang>``)."""
        pieces = list(self.pieces)
        pieces[0], found = _HTML_LANG.subn(rf"\g<1>{lang}\g<2>", pieces[0], count=1)
        if not found:
            raise FrameError("主题的页面外框没有 <html lang>，繁体页无法标明语言。")
        return Frame(tuple(pieces), self.slots)


def split(html: str, probe: Probe) -> Frame:
    """Cut a probe page at its marks."""
    by_mark = {mark: slot for slot, mark in probe.marks.items()}
    parts = re.split("(" + "|".join(map(re.escape, by_mark)) + ")", html)
    slots = tuple(by_mark[mark] for mark in parts[1::2])
    for slot in ONCE:
        if slots.count(slot) != 1:
            raise FrameError(
                f"主题的页面外框里，页面的{_NAMES[slot]}出现了 {slots.count(slot)} 次（应为 1 次）。"
            )
    return Frame(tuple(parts[0::2]), slots)


def frame_from_probes(first: tuple[str, Probe], second: tuple[str, Probe]) -> Frame:
    """The frame two probes of one depth agree on; FrameError when they differ."""
    a, b = split(*first), split(*second)
    if a == b:
        return a
    differing = next(((x, y) for x, y in zip(a.pieces, b.pieces, strict=False) if x != y), None)
    hint = _first_difference(*differing) if differing else "页面的值出现的次数不同"
    raise FrameError(
        f"主题在页面外框里以认不出的方式印出了页面自己的内容（{hint}），"
        "不能让生成的页面共用一个外框。修改建议：在 mkdocs.yml 的 gongyue 设置中写 "
        "fast_pages: false，让 MkDocs 逐页渲染；并报告这一行。"
    )


def _first_difference(a: str, b: str) -> str:
    at = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    return " ".join(a[max(0, at - 40) : at + 40].split())


_NAMES = {HEAD: "头部附加内容", CONTENT: "正文"}
