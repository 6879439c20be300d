"""Committee Markdown to safe HTML.

Whatever a committee types, only a small allowlist of tags and attributes
reaches a resident's browser: no script, no event handler, no ``javascript:``
URL, no iframe. Most charter lines are plain text, so they take a fast path
that only escapes; the rest go through Python-Markdown and then nh3.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import markdown
import nh3

ALLOWED_TAGS = {
    "h1",
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "del",
    "ins",
    "mark",
    "sub",
    "sup",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "hr",
    "span",
    "div",
    "a",
    "abbr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "dl",
    "dt",
    "dd",
    "img",
    "figure",
    "figcaption",
    "details",
    "summary",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "align"},
    "td": {"colspan", "rowspan", "align"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Characters that may start Markdown or HTML syntax; a line without them is plain text.
_MARKUP = re.compile(r"[*_\[\]<>&`|#!\\~]|^\s*([-+>]|\d+[.)])\s", re.MULTILINE)
# Lines that continue a Markdown block (table rows, list items) keep their single newline.
_LINE_BREAK = re.compile(r"\n(?![|\-*+\s]|\d+[.)]\s)")


def sanitize(fragment: str) -> str:
    """Reduce arbitrary HTML to the allowlist."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
        strip_comments=True,
    )


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def markdown_to_html(text: str) -> str:
    """Render a free Markdown block (unit prose, reasons) safely."""
    converter = _markdown()
    converter.reset()
    return sanitize(converter.convert(text))


def provision_html(text: str) -> str:
    """Render one provision: each line of a charter is its own paragraph."""
    if not text:
        return ""
    if not _MARKUP.search(text):
        return "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line)
    # Charter lines are meaningful: keep each one as its own paragraph in Markdown too.
    return markdown_to_html(_LINE_BREAK.sub("\n\n", text))


def plain_title(text: str) -> str:
    """A title safe inside any template, escaped or not: no markup characters at all."""
    return (
        text.replace("&", "＆").replace("<", "＜").replace(">", "＞").replace('"', "＂")
    ).strip()


_ONE_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)


def line_html(line: str) -> str:
    """One line of a provision as inline HTML (no wrapping paragraph)."""
    if not _MARKUP.search(line):
        return html.escape(line)
    # “1. …” inside an article is a numbered item of text, not a Markdown list.
    rendered = markdown_to_html(re.sub(r"^(\s*\d+)([.)])", r"\1\\\2", line)).strip()
    match = _ONE_PARAGRAPH.match(rendered)
    return match.group(1) if match and "<p>" not in match.group(1) else rendered
