"""Write the generated pages to disk for another site engine (``gongyue export``).

MkDocs 1.x is frozen and Material's support ends in 2027. The export is a
folder any Markdown site engine can build without the gongyue plugin:

- ``docs/``: the site's own pages and files as they are, every generated page
  as Markdown whose body is that page's HTML (one block, rendered here with the
  same templates), the companion pages, the feeds, open data and assets;
- ``mkdocs.yml``: a plain MkDocs + Material configuration with the small nav,
  which builds the export as it is — proof that nothing depends on the plugin.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import pathspec
import yaml

from gongyue.procedure.checks import check_tree
from gongyue.procedure.workflow import WorkflowError, project_rules
from gongyue.publish import pages as gp
from gongyue.publish.companions import Companions, Job, write_all
from gongyue.publish.opendata import data_files
from gongyue.publish.papers import papers_of
from gongyue.publish.redirects import PAGE, moved_charters, redirect_pages
from gongyue.publish.render import markdown_to_html
from gongyue.publish.templating import environment, template_for, templates_dir
from gongyue.publish.traditional import table_output, traditional
from gongyue.publish.ui_strings import asset_files
from gongyue.record.model import Site
from gongyue.record.project import Project
from gongyue.record.settings import TraditionalVariant

# What a page's template extends, in place of the theme: its content and nothing else.
EXPORT_BASE = """\
<div class="gy gy-{{ gy.kind }}"{% if gy.indexed %} data-pagefind-body{% endif %}>
{% if gy.indexed %}{% include "gongyue/partials/search_meta.html" %}{% endif %}
{% include "gongyue/partials/crumbs.html" %}
{% include "gongyue/partials/lang_switch.html" %}
{% block gy_tools %}{% include "gongyue/partials/tools.html" %}{% endblock %}
{% block gy_content %}{% endblock %}
</div>
"""
# The home page when the site has its own index.md: that page's Markdown stays as it
# is and the sections (units, consultations, latest changes) follow it.
HOME_SECTIONS = (
    '{% extends "gongyue/home.html" %}{% block gy_home_intro %}{% endblock %}'
    "{% block gy_tools %}{% endblock %}"  # in the middle of the operator's page, they would confuse
)
ALL_COMPANIONS = Companions()  # every companion, Taiwan forms for the Traditional pages
# Settings of the site's own mkdocs.yml that its own pages need in any engine.
CARRIED_OVER = ("site_description", "site_author", "copyright", "markdown_extensions", "extra")


@dataclass(frozen=True)
class Exported:
    pages: int  # generated pages written as Markdown
    files: int  # every file written


def page_html(
    env: jinja2.Environment, page: gp.Page, config: SimpleNamespace, template: str = ""
) -> str:
    content = markdown_to_html(page.markdown) if page.markdown.strip() else ""
    return (
        env.get_template(template or template_for(page.kind))
        .render(
            gy=page,
            gy_companions=ALL_COMPANIONS,
            page=SimpleNamespace(content=content),
            config=config,
            page_url=page.url,
        )
        .strip()
    )


def page_markdown(page: gp.Page, html: str) -> str:
    """Front matter for the engine, then the page's HTML as one raw block."""
    front = yaml.safe_dump({"title": page.safe_title, "gongyue": page.kind}, allow_unicode=True)
    return f"---\n{front}---\n\n{html}\n"


def export_site(
    site: Site,
    docs_dir: Path,
    out: Path,
    site_name: str,
    site_url: str,
    source_config: dict[str, Any] | None = None,
    companions: Companions = ALL_COMPANIONS,
) -> Exported:
    """Write the export of ``site`` into the new folder ``out``.

    ``source_config`` is the site's own mkdocs.yml; its Markdown extensions and
    theme settings carry over, so the site's own pages build as they did.
    """
    target = out / "docs"
    written: list[Path] = []
    models = gp.build_pages(site)
    overrides = (("gongyue/base.html", EXPORT_BASE), ("gongyue/home-sections.html", HOME_SECTIONS))
    env = environment((str(templates_dir()),), overrides)
    config = SimpleNamespace(site_name=site_name, site_url=site_url)
    if (docs_dir / "index.md").is_file():
        written.append(_write_own_home(env, site, docs_dir / "index.md", target, config))
    else:
        models.append(gp.home_page(site, site_name))
    tables: dict[str, list[str]] = {}  # a charter's Traditional table, from its pages
    for page in models:
        html = page_html(env, page, config)
        written.append(_write(target / page.src_uri, page_markdown(page, html)))
        if companions.traditional and page.traditional_table:
            tables.setdefault(page.traditional_table, []).append(html)
    for url, pages in tables.items():
        written.append(_write(target / url, table_output(url, pages, companions.variant).html))
    own = _copy_own_files(site, docs_dir, target, _excluded_by(source_config or {}))
    written += own + _write_data_and_assets(site, site_name, site_url, target, companions.variant)
    jobs = companion_jobs(models, site_name, site_url or None, replace(companions, pdf=False))
    write_all((job() for job in jobs), target)
    written += _write_redirects(site, target)
    own_pages = sorted(
        (p.relative_to(target).as_posix() for p in own if p.suffix == ".md"), key=_nav_order
    )
    config_text = engine_config(site_name, site_url, own_pages, source_config or {}, target)
    written.append(_write(out / "mkdocs.yml", config_text))
    return Exported(len(models), len(written) + len(jobs))


def _write_data_and_assets(
    site: Site, site_name: str, site_url: str, target: Path, variant: TraditionalVariant
) -> list[Path]:
    files = {**data_files(site, site_name, site_url), **asset_files(variant)}
    return [_write(target / path, text) for path, text in files.items()]


def _write_own_home(env: Any, site: Site, own_home: Path, target: Path, config: Any) -> Path:
    """The operator's home page with the site's own sections after it."""
    home = gp.home_page(site, config.site_name)
    sections = page_html(env, home, config, "gongyue/home-sections.html")
    own_text = own_home.read_text(encoding="utf-8-sig").rstrip()
    return _write(target / "index.md", f"{own_text}\n\n{sections}\n")


def _nav_order(rel: str) -> tuple[int, str, bool, str]:
    """Shallow pages first, each folder's index before its other pages."""
    return (rel.count("/"), Path(rel).parent.as_posix(), Path(rel).name != "index.md", rel)


def engine_config(
    site_name: str, site_url: str, own_pages: list[str], source: dict[str, Any], docs: Path
) -> str:
    """A plain MkDocs + Material configuration for the export: the small nav only."""
    kept = {key: source[key] for key in CARRIED_OVER if key in source}
    own_theme = source.get("theme")
    theme = {
        k: v
        for k, v in (own_theme.items() if isinstance(own_theme, dict) else ())
        if k != "custom_dir"  # a path of the old site
    }
    config = {
        "site_name": site_name,
        **({"site_url": site_url} if site_url else {}),
        **kept,
        "theme": {**theme, "name": "material", "language": "zh", "font": False},
        "plugins": [],
        "extra_css": ["assets/gongyue/gongyue.css"],
        "extra_javascript": ["assets/gongyue/gongyue.js"],
        "nav": [{title: uri} for title, uri in gp.TOP_PAGES]
        + gp.own_pages_nav([p for p in own_pages if p != "index.md"], partial(_title, docs)),
        "validation": {"nav": {"omitted_files": "ignore"}},
    }
    header = "# gongyue export 生成：不需要 gongyue 插件，用 MkDocs + Material 即可构建。\n"
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def _title(docs: Path, uri: str) -> str:
    page = docs / uri
    return gp.first_heading(page.read_text(encoding="utf-8-sig")) if page.is_file() else ""


def _excluded_by(config: dict[str, Any]) -> pathspec.PathSpec:
    """The files mkdocs.yml's ``exclude_docs`` keeps out of the site (gitignore patterns,
    as MkDocs reads them): the export leaves them out too."""
    patterns = config.get("exclude_docs")
    lines = patterns.splitlines() if isinstance(patterns, str) else []
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _copy_own_files(
    site: Site, docs_dir: Path, target: Path, excluded: pathspec.PathSpec
) -> list[Path]:
    """The operator's own files and the units' attachments; never a source, a symlink or
    what ``exclude_docs`` leaves out."""
    copied = []
    for folder, dirs, files in os.walk(docs_dir):  # does not follow symlinked folders
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            source = Path(folder) / name
            rel = source.relative_to(docs_dir).as_posix()
            if name.startswith(".") or source.is_symlink() or not site.publishes_as_is(rel):
                continue
            if excluded.match_file(rel):
                continue
            if not (target / rel).exists():
                copied.append(_copy(source, target / rel))
    return copied


def _write_redirects(site: Site, target: Path) -> list[Path]:
    """Old addresses of renamed charters: the engine copies these pages as they are."""
    outputs = []
    for _, new in moved_charters(site):
        for path in (target / new).rglob("*"):
            rel = path.relative_to(target).as_posix()
            if rel.endswith("/index.md"):
                outputs.append(rel.removesuffix("index.md") + PAGE)
            elif rel.endswith(PAGE):
                outputs.append(rel)
    stubs = redirect_pages(site, outputs).items()
    return [_write(target / old, text) for old, text in stubs if not _page_at(target, old)]


def _page_at(target: Path, output: str) -> bool:
    """A page already stands at ``output`` (…/index.html), as HTML or as its Markdown source."""
    return (target / output).exists() or (target / output).with_suffix(".md").exists()


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _copy(source: Path, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, path)
    return path


def export_project(project: Project, out: Path, today: dt.date) -> Exported:
    """Write the site's generated pages to the new folder ``out`` for another engine."""
    out = out.resolve()
    docs = project.docs_dir.resolve()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise WorkflowError(f"{out} 已存在且不是空文件夹，没有导出。", "换一个新的文件夹名。")
    if out.is_relative_to(docs):
        raise WorkflowError(f"{out} 在 {docs} 里面，没有导出。", "导出到 docs 以外的文件夹。")
    site, report = check_tree(
        project.site_dir,
        project.docs_dir,
        project_rules(project),
        today,
        "",
        project.settings.extra_files,
        git=project.git,
    )
    if report.errors:
        raise WorkflowError(
            "检查有错误，没有导出。", "先按提示改正（与“gongyue check”相同）。", report.errors
        )
    name = project.site_name or "公约"
    companions = Companions(
        variant=project.settings.traditional_variant, rules=project_rules(project)
    )
    return export_site(
        site, project.docs_dir, out, name, project.site_url, project.config, companions
    )


def companion_jobs(
    pages: list[gp.Page], site_name: str, site_url: str | None, companions: Companions
) -> list[Job]:
    """Every sheet to print and Traditional page of ``pages`` in the small layout (no engine is
    there to lend its frame), in order; each is made when called."""
    twins = frozenset(page.url for page in pages if page.has_traditional_twin)
    jobs: list[Job] = []
    for page in pages:
        if companions.traditional and page.has_traditional_twin:
            jobs.append(partial(traditional, page, site_name, twins, companions.variant, site_url))
        jobs += papers_of(page, site_name, site_url, companions)
    return jobs
