"""Pages in Traditional characters: OpenCC over a page's words, never its markup.

Every page that shows a charter's text has a twin at ``<page>/hant/``. A build
makes the twins in the theme's frame (``themed.py``) and converts them here;
the export, where no engine can be asked for a frame, renders them in the small
layout (``traditional``). A conversion that would change the markup stops the
build: publishing the Simplified page under ``hant/`` would be a silent lie.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import opencc

from gongyue.publish.companions import Companions, Output
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


LANG_TAGS = {"s2tw": "zh-Hant-TW", "s2hk": "zh-Hant-HK", "s2t": "zh-Hant"}


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


def traditional_indexed(pages: Iterable[Page], companions: Companions) -> list[str]:
    """The Traditional twins search indexes (in their own language, zh-Hant)."""
    if not companions.traditional:
        return []
    return [p.url + HANT + "index.html" for p in pages if p.has_traditional_twin and p.indexed]
