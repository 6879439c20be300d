"""Committee Markdown to safe HTML.

Whatever a committee types, only a small allowlist of tags and attributes
reaches a resident's browser: no script, no event handler, no ``javascript:``
URL, no iframe. Committee text also loses ``class`` and ``id`` (a fake
现行有效 badge or a hijacked article anchor reads as the site's own word);
only heading ids outside the site's ``gy-`` namespace stay, for the table of
contents. A picture from another site becomes a link to it, so no third party
learns who reads which charter. Most charter lines are plain text, so they
take a fast path that only escapes; the rest go through Python-Markdown and
then nh3.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache

import markdown
import nh3

from gongyue.text.addresses import is_outside
from gongyue.text.limits import too_many_brackets

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
COMMITTEE_ATTRIBUTES = {
    **ALLOWED_ATTRIBUTES,
    "*": {"title", "lang"},
    **{h: {"id"} for h in ("h1", "h2", "h3", "h4", "h5", "h6")},
}
OWN_NAMESPACE = "gy-"  # ids and classes of the site's own templates
_HEADING = re.compile(r"h[1-6]")
_IMG = re.compile(r"<img\b([^>]*)>")
_ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')

# Characters that may start Markdown or HTML syntax; a line without them is plain text.
_MARKUP = re.compile(r"[*_\[\]<>&`|#!\\~]|^\s*([-+>]|\d+[.)])\s", re.MULTILINE)
# Lines that continue a Markdown block (table rows, list items) keep their single newline.
_LINE_BREAK = re.compile(r"\n(?![|\-*+\s]|\d+[.)]\s)")


def sanitize(fragment: str) -> str:
    """Reduce the operator's HTML (ordinary pages) to the allowlist."""
    return _clean(fragment, ALLOWED_ATTRIBUTES)


def sanitize_committee(fragment: str) -> str:
    """Reduce committee HTML to the allowlist, without classes or ids of its own."""
    return _clean(fragment, COMMITTEE_ATTRIBUTES, _committee_attribute)


def _clean(
    fragment: str,
    attributes: dict[str, set[str]],
    attribute_filter: Callable[[str, str, str], str | None] | None = None,
) -> str:
    html_text = nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=attributes,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
        strip_comments=True,
        attribute_filter=attribute_filter,
    )
    return _local_images(html_text)


def _committee_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "id" and (not _HEADING.fullmatch(tag) or value.startswith(OWN_NAMESPACE)):
        return None
    return value


def _local_images(html_text: str) -> str:
    """Pictures from other sites become links to them; pictures of this site stay."""
    if "<img" not in html_text:
        return html_text
    return _IMG.sub(_image_or_link, html_text)


def _image_or_link(match: re.Match[str]) -> str:
    attributes = dict(_ATTRIBUTE.findall(match.group(1)))
    src = attributes.get("src", "")
    if not is_outside(html.unescape(src)):
        return match.group(0)
    alt = attributes.get("alt") or "图片"
    return f'<a href="{src}" rel="noopener nofollow">{alt}（外部图片，点击查看）</a>'


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def markdown_to_html(text: str) -> str:
    """Render a free Markdown block (unit prose, reasons) safely; as plain paragraphs when
    it has more brackets than Markdown can parse in bounded time (``text.limits``)."""
    if too_many_brackets(text):
        return "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
    converter = _markdown()
    converter.reset()
    return sanitize_committee(converter.convert(text))


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
