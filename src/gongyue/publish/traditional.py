"""Pages in Traditional characters: OpenCC over a page's words, never its markup.

Every page that shows a charter's text reads in Traditional characters in the
browser: the build writes one table per charter (``<charter>/hant.json``) that
maps each text a reader sees on the charter's pages — between tags, and in the
readable attributes — to what OpenCC makes of it, and the page's script puts
the Traditional texts in place (``gongyue.js``). The pages share the table, so
the Traditional edition costs a charter one small file instead of a twin of
every page; converting node by node gives the characters converting the whole
page would, since OpenCC matches phrases within runs of Chinese and every text
is bounded by markup (``tests/test_traditional_table.py`` checks it page by page).

The search page keeps a twin at ``search/hant/`` (``traditional``, or in the theme's
frame, ``themed.py``). A conversion that would change the markup stops the build:
publishing Simplified words as Traditional would be a silent lie.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from functools import cache
from html import unescape

import opencc

from gongyue.publish.companions import LANG_TAGS, Companions, Output
from gongyue.publish.pages import Page
from gongyue.publish.templating import environment, template_for, templates_dir
from gongyue.publish.urls import HANT

# A text page's twin in Traditional characters: its own template, in the small layout.
TRADITIONAL_BASE = """\
{% extends "gongyue/standalone/layout.html" %}
{% block switch %}<a href="../" hreflang="zh-Hans">简体版</a>{% endblock %}
{% block search %}<form class="gy-search-bar" action="{{ 'search/hant/' | url }}" method="get" role="search">
<label class="gy-sr-only" for="gy-search-q">搜索公约</label>
<input id="gy-search-q" name="q" type="search" placeholder="搜索公约，如：电动车" autocomplete="off">
<button type="submit">搜索</button></form>{% endblock %}
{% block body %}<div class="gy-hant"{% if gy.indexed %} data-pagefind-body{% endif %}>
{% if gy.indexed %}{% include "gongyue/partials/search_meta.html" %}{% endif %}
{% block gy_content %}{% endblock %}</div>{% endblock %}
"""
TRADITIONAL_OVERRIDES = (("gongyue/base.html", TRADITIONAL_BASE),)
_TAG = re.compile(r"(<[^>]*>)")
_READABLE_ATTRS = re.compile(r'\b(aria-label|title|alt|placeholder)="([^"]*)"')
_READABLE_TAG = re.compile(r'<[^>]*\b(?:aria-label|title|alt|placeholder)="[^>]*>')
_BETWEEN_TAGS = re.compile(r">([^<]+)<")
# Their contents are code, not words; they end at the first end tag, as in the browser.
_RAW_TEXT = re.compile(r"<(script|style)\b[^>]*>.*?</\1[^>]*>", re.IGNORECASE | re.DOTALL)
# What the table trims off each text, the same characters the script trims: ASCII
# whitespace only (JavaScript's trim() and Python's strip() disagree on others).
SPACES = " \t\n\r\f"
_SEPARATOR = "\ue000"  # a private-use character: in no OpenCC table, in no page


@cache
def _converter(variant: str) -> opencc.OpenCC:
    return opencc.OpenCC(variant)


class ConversionError(Exception):
    """OpenCC changed a page's markup: its twin under hant/ cannot be made (Chinese message)."""


def to_traditional(html: str, variant: str = "s2tw") -> str:
    """Convert the words of an HTML page, never its tags, links or anchors."""
    # One call over the whole page is ten times faster than one per text node. OpenCC
    # leaves ASCII alone, so the converted page splits into the same tags and texts.
    original = _TAG.split(html)
    converted = _TAG.split(_converter(variant).convert(html))
    if len(converted) != len(original):
        # OpenCC's tables never touch "<" or ">"; should one ever do, publishing the
        # Simplified page under hant/ would be a silent lie: stop the build instead.
        raise ConversionError(
            f"错误：繁体转换（OpenCC {variant}）改变了网页的标记，繁体页无法生成。"
            "修改建议：检查 OpenCC 的版本（pip show opencc）；仍然出错请报告这一行。"
        )
    for index in range(1, len(original), 2):  # tags: keep links, take readable attributes
        if converted[index] != original[index]:
            converted[index] = _merge_tag(original[index], converted[index])
    return "".join(converted)


def _merge_tag(original: str, converted: str) -> str:
    """The original tag with the converted values of its readable attributes."""
    readable = iter(m.group(2) for m in _READABLE_ATTRS.finditer(converted))
    return _READABLE_ATTRS.sub(lambda m: f'{m.group(1)}="{next(readable)}"', original)


def traditional(
    page: Page,
    site_name: str,
    twins: frozenset[str] = frozenset(),
    variant: str = "s2tw",
    site_url: str | None = None,
) -> Output:
    """The page's own content, in the small layout, converted to Traditional characters;
    links to the pages in ``twins`` (URLs with a Traditional twin) go to those twins.
    ``site_url`` is what the QR code of the page's notice-board sheet leads under."""
    url = page.url + HANT
    env = environment((str(templates_dir()),), TRADITIONAL_OVERRIDES)
    html = env.get_template(template_for(page.kind)).render(
        gy=page,
        gy_companions=Companions(),
        page_url=url,
        site_name=site_name,
        lang=LANG_TAGS[variant],
        hant_twins=twins,
        config={"site_url": site_url or ""},
    )
    return Output(url + "index.html", to_traditional(html, variant))


def readable_texts(html: str) -> Iterator[str]:
    """Every text a reader sees in ``html`` as the browser decodes it: the text between
    tags and the readable attributes, trimmed of ASCII whitespace; scripts and styles
    left out. Regular expressions, not a parser: a city has a gigabyte of pages."""
    html = _RAW_TEXT.sub("", html)
    for raw in _BETWEEN_TAGS.findall(html):
        text = (unescape(raw) if "&" in raw else raw).strip(SPACES)
        if text:
            yield text
    for tag in _READABLE_TAG.findall(html):
        for match in _READABLE_ATTRS.finditer(tag):
            text = unescape(match.group(2)).strip(SPACES)
            if text:
                yield text


def conversion_table(pages: Iterable[str], variant: str = "s2tw") -> dict[str, str]:
    """Each text of ``pages`` (HTML) that OpenCC writes otherwise than character by
    character (``by_character``), with how OpenCC writes it: 头发 → 頭髮, where 发 alone
    is 發. Nineteen texts in twenty convert character by character and are left out."""
    texts = sorted({text for html in pages for text in readable_texts(html)})
    if not texts:
        return {}
    converted = _converter(variant).convert(_SEPARATOR.join(texts)).split(_SEPARATOR)
    if len(converted) != len(texts):
        raise ConversionError(
            f"错误：繁体转换（OpenCC {variant}）改变了文字之间的分隔，繁体对照表无法生成。"
            "修改建议：检查 OpenCC 的版本（pip show opencc）；仍然出错请报告这一行。"
        )
    return {
        text: new
        for text, new in zip(texts, converted, strict=True)
        if new != by_character(text, variant)
    }


def by_character(text: str, variant: str = "s2tw") -> str:
    """``text`` with each character written as OpenCC writes it alone (``character_pairs``),
    as the page script does with every text the charter's table does not hold."""
    return text.translate(_character_map(variant))


@cache
def _character_map(variant: str) -> dict[int, str]:
    pairs = character_pairs(variant)
    return {ord(a): b for a, b in zip(pairs[::2], pairs[1::2], strict=True)}


def table_output(url: str, pages: Iterable[str], variant: str = "s2tw") -> Output:
    """A charter's table at ``url``: sorted keys, no spaces, the same bytes every build."""
    table = conversion_table(pages, variant)
    text = json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Output(url, text)


CJK_UNIFIED = range(0x4E00, 0xA000)  # the characters residents type in a search
_BASIC_PLANE = re.compile("[\u4e00-\u9fff]")


BACK = {"s2tw": "tw2s", "s2hk": "hk2s", "s2t": "t2s"}  # OpenCC's way back to Simplified


def search_characters(variant: str = "s2tw") -> dict[str, str]:
    """What the search page in Traditional characters reads a query through into the
    Simplified index ("simplified": "發发隻只…") and shows its results back in (
    "traditional": "发發…"); character by character, since a search's words are not a
    charter's text (that has its table)."""
    return {"simplified": character_pairs(BACK[variant]), "traditional": character_pairs(variant)}


@cache
def character_pairs(variant: str = "s2tw") -> str:
    """Each CJK character OpenCC's ``variant`` writes as another one, followed by it."""
    characters = [chr(code) for code in CJK_UNIFIED]
    converted = _converter(variant).convert(_SEPARATOR.join(characters)).split(_SEPARATOR)
    pairs = zip(characters, converted, strict=True)
    # One character for one, within the range the script reads (a UTF-16 unit each).
    return "".join(a + b for a, b in pairs if a != b and _BASIC_PLANE.fullmatch(b))
