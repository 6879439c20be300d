"""What MkDocs is handed: generated pages, data files and assets, and the small nav."""

from __future__ import annotations

import html
import logging
import os
from typing import Any

from mkdocs.structure.files import File, Files, InclusionLevel

from gongyue.publish import pages as gp
from gongyue.publish.render import plain_title
from gongyue.publish.templating import template_for
from gongyue.publish.themed import THEMED_KINDS
from gongyue.publish.ui_strings import asset_files
from gongyue.record.model import Site
from gongyue.record.settings import TraditionalVariant


def generated(config: Any, src_uri: str, content: str) -> File:
    return File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)


def add_pages(files: Files, config: Any, models: list[gp.Page], fast: bool) -> None:
    """The generated pages MkDocs renders: every one, or with ``fast`` all but a charter's
    (gongyue makes those itself, ``themed.py``)."""
    for model in models:
        if not (fast and model.kind in THEMED_KINDS):
            files.append(generated(config, model.src_uri, model.markdown))


NO_SITE_URL = (
    "mkdocs.yml 没有设置 site_url，没有生成订阅（feed.xml），张贴版上也没有二维码。"
    "修改建议：在 mkdocs.yml 中写上网站的网址，例如 site_url: https://gongyue.example.cn/。"
)
log = logging.getLogger("mkdocs.plugins.gongyue")


def add_data_and_assets(
    files: Files, config: Any, data: dict[str, str], taken: list[str], variant: TraditionalVariant
) -> None:
    """The site's ``data`` files (feeds, open data: ``cache.data_files``) and the package's
    stylesheets and script (its words in ``variant``'s Traditional forms too), for MkDocs
    to write; the data files ``taken`` back into the output folder are listed as files
    there already, which MkDocs leaves as they are (and links to them resolve)."""
    if not config.site_url:
        log.info(NO_SITE_URL)
    # Each charter's charter.json is made with its pages (publish/themed.py), and cached with them.
    for uri, text in {**data, **asset_files(variant)}.items():
        files.append(File.generated(config, uri, content=text))
    for uri in taken:  # MkDocs' way for files a plugin wrote into the site: a copy onto itself
        written = os.path.join(config.site_dir, uri)
        files.append(File.generated(config, uri, abs_src_path=written))


def keep_only_published(files: Files, site: Site) -> None:
    """Nothing from a unit or charter folder reaches the site raw or the nav.

    The generated pages take the place of the sources; attachments (a unit's
    pictures, files named in ``extra_files``) are published as they are, off the nav.
    """
    for file in list(files):
        if file.generated_by or not file.src_uri:
            continue
        if not site.publishes_as_is(file.src_uri):
            files.remove(file)
        elif file.src_uri in site.attachments and file.is_documentation_page():
            file.inclusion = InclusionLevel.NOT_IN_NAV


def keep_only_home(files: Files) -> None:
    """A preview renders the home page and the previewed subtree; other pages are left out."""
    for file in list(files.documentation_pages()):
        if file.src_uri != "index.md":
            files.remove(file)


def small_nav(files: Files) -> list[Any]:
    """Home, directory, consultations and ordinary pages: never a unit or charter page.

    The operator's pages in a folder (the committees' guide) become one section of
    their own, apart from what residents look for."""
    nav: list[Any] = [{title: uri} for title, uri in gp.TOP_PAGES]
    own = {
        file.src_uri: file
        for file in files.documentation_pages()
        if file.inclusion != InclusionLevel.NOT_IN_NAV and file.src_uri != "index.md"
    }
    return nav + gp.own_pages_nav(
        list(own), lambda uri: gp.first_heading(own[uri].content_string) if uri in own else ""
    )


def set_meta(page: Any, model: gp.Page | None) -> None:
    """What the theme reads of a page: front matter a committee wrote never reaches it
    unfiltered, and the home page's title is the site's name, printed by the theme once."""
    if model is not None:
        page.meta = {"template": template_for(model.kind)}
        if model.kind != gp.HOME:
            page.meta["title"] = model.safe_title
    elif "title" in page.meta:
        page.meta["title"] = plain_title(str(page.meta["title"]))


def plain_own_title(page: Any) -> None:
    """A title taken from an operator page's first heading reaches <title> and the nav
    unescaped (Material prints it through |striptags, which decodes entities)."""
    if page.title is not None and "title" not in page.meta:
        page.meta["title"] = plain_title(html.unescape(str(page.title)))
