"""The templates and their helpers; engine-neutral (Jinja only, no MkDocs).

``environment`` is the one Jinja environment factory for every page rendered
outside the engine: the themed pages (the theme's folders, ``themed.py``) and
the small layout of posters and the export's Traditional pages (the package's
own folder). The engine's environment gets the same filters and helpers from
the adapter.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from gongyue.publish.companions import LANG_TAGS
from gongyue.publish.glossary import TERMS, term_link
from gongyue.publish.paper_kinds import papers, sheet_pdf_name
from gongyue.publish.qr import sheet_addresses
from gongyue.publish.urls import url_filter
from gongyue.record.errata import describe
from gongyue.record.model import (
    STATUS_AMENDED,
    STATUS_AWAITING_VOTE,
    STATUS_CONSULTING,
    STATUS_DRAFT,
    STATUS_FAILED,
    STATUS_IN_FORCE,
    STATUS_PENDING,
    STATUS_REPEALED,
    Version,
)
from gongyue.record.status import last_change

_STATUS_CLASSES = {
    STATUS_DRAFT: "draft",
    STATUS_CONSULTING: "consulting",
    STATUS_AWAITING_VOTE: "awaiting",
    STATUS_FAILED: "failed",
    STATUS_PENDING: "pending",
    STATUS_IN_FORCE: "in-force",
    STATUS_AMENDED: "amended",
    STATUS_REPEALED: "repealed",
}


ASSETS_DIR = Path(__file__).parent / "assets"
ASSET_NAMES = (
    "gongyue.css",
    "gongyue.js",
    "standalone.css",
    "papers.css",
)  # served under assets/gongyue/


def templates_dir() -> Path:
    return Path(__file__).parent / "templates"


def template_for(kind: str) -> str:
    return f"gongyue/{kind}.html"


def status_class(status: str) -> str:
    """A CSS class for a status; the status is always printed as text as well."""
    return "gy-status--" + _STATUS_CLASSES.get(status, "other")


def since(version: Version) -> str:
    """When a decided version's status began, said after the status: （2022-03-26 起）.

    A page names this day rather than the build date: built again tomorrow with nothing
    changed, it is the same bytes."""
    day = version.status_since
    if day is None or version.is_draft:
        return ""
    return {
        STATUS_IN_FORCE: f"（{day} 起施行）",
        STATUS_PENDING: f"（将于 {day} 起施行）",
        STATUS_FAILED: f"（{day} 表决）",
    }.get(version.status, f"（{day} 起）")


LOCAL_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0", "::1", "[::1]")


def local_address(url: str) -> bool:
    """A site address that only works on the machine that built it (a preview)."""
    host = urlsplit(url).hostname or ""
    return host in LOCAL_HOSTS or host.endswith((".local", ".localhost"))


_QUOTE_MARK = re.compile(r"(^|\n)[ \t]*>[ \t]?")
_STRONG = re.compile(r"\*\*|__")


def plain(markdown: str) -> str:
    """A provision's Markdown as the words a reader sees in a 对照 cell: no quote
    markers or bold marks (the cell shows text, not rendered Markdown)."""
    return _STRONG.sub("", _QUOTE_MARK.sub(r"\1", markdown))


def print_sheet(version: Version, site_url: str | None) -> dict[str, str]:
    """The values of a page's own notice-board sheet (``partials/print_sheet.html``)."""
    return sheet_addresses(version.url, site_url)


_ESCAPED = re.compile(r"\\(?:\\|u([0-9a-fA-F]{4}))")  # an escaped backslash, or \uXXXX
_KEEP_ESCAPED = range(0xD800, 0xE000), range(0x2028, 0x202A)  # surrogates; line separators


def json_text(html: str) -> str:
    """JSON in a page with the characters past ASCII written as themselves, not as
    ``\\uXXXX``: the same JSON. Escapes below 0x80 (``<``, ``>``, ``&``, ``'`` as the theme
    writes them, kept out of the HTML), surrogates and line separators stay as they are."""

    def written(found: re.Match[str]) -> str:
        if found.group(1) is None:  # "\\": a backslash, with what follows it as it is
            return found.group(0)
        code = int(found.group(1), 16)
        if code < 0x80 or any(code in kept for kept in _KEEP_ESCAPED):
            return found.group(0)
        return chr(code)

    return _ESCAPED.sub(written, html)


def paper_sheets(page: object, companions: object, site_url: str | None) -> list[tuple[str, str]]:
    """(kind, article) of each paper a decided version's page carries (``papers.embedded``)."""
    from gongyue.publish.companions import Companions
    from gongyue.publish.pages import VersionPage
    from gongyue.publish.papers import embedded  # it renders with this module's environment

    if not isinstance(page, VersionPage) or not isinstance(companions, Companions):
        return []
    if not (companions.posters and companions.papers):
        return []
    return embedded(page, site_url, companions.rules)


def filters() -> dict[str, object]:
    return {"gy_plain": plain, "gy_json_text": json_text}


def helpers() -> dict[str, object]:
    return {
        "gy_status_class": status_class,
        "gy_since": since,
        "gy_last_change": last_change,
        "gy_erratum": describe,
        "gy_local_address": local_address,
        "gy_term": term_link,
        "gy_terms": TERMS,
        "gy_papers": papers,
        "gy_print_sheet": print_sheet,
        "gy_pdf_name": sheet_pdf_name,
        "gy_lang_tags": LANG_TAGS,
        "gy_paper_sheets": paper_sheets,
    }


def owns_template(name: str | None) -> bool:
    """gongyue's templates escape what they print; the theme's are written without."""
    return bool(name) and str(name).startswith("gongyue/")


@cache
def environment(
    folders: tuple[str, ...], overrides: tuple[tuple[str, str], ...] = ()
) -> jinja2.Environment:
    """Templates from ``folders`` (first found wins), ``overrides`` replacing named ones,
    with gongyue's filters, helpers and ``url`` rule, escaped as the engine's adapter
    escapes them."""
    loader = jinja2.ChoiceLoader(
        [jinja2.DictLoader(dict(overrides)), jinja2.FileSystemLoader(folders)]
    )
    env = jinja2.Environment(loader=loader, autoescape=owns_template, auto_reload=False)
    env.filters.update(filters())
    env.filters["url"] = url_filter
    env.globals.update(helpers())
    return env
