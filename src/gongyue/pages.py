"""Page models: what each generated page shows, as plain data for templates.

The site engine's adapter turns these into pages; another engine (or
``gongyue export``) can use the same list. URLs are relative to the site root
and end in ``/``; ``src_uri`` is the path of the page's virtual source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .articles import Provision
from .compare import Comparison, compare
from .fingerprint import SHORT, fingerprints
from .model import Charter, Site, Unit, Version
from .render import markdown_to_html, plain_title, provision_html

HOME = "home"
UNIT = "unit"
CHARTER = "charter"
VERSION = "version"
CHANGES = "changes"
DRAFT = "draft"
HISTORY = "history"
CONSULTATIONS = "consultations"
DIRECTORY = "directory"

CONSULTATIONS_URI = "consultations/index.md"
DIRECTORY_URI = "directory/index.md"


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str


@dataclass(frozen=True)
class ShownProvision:
    provision: Provision
    html: str


@dataclass(eq=False)
class Page:
    kind: str
    src_uri: str
    title: str
    site: Site = field(repr=False)
    crumbs: list[Crumb] = field(default_factory=list)
    unit: Unit | None = None
    charter: Charter | None = None
    version: Version | None = None
    markdown: str = ""  # free prose the engine renders (unit pages)
    fingerprint: str | None = None  # chained SHA-256 of the version shown, if adopted

    @property
    def short_fingerprint(self) -> str | None:
        return self.fingerprint[:SHORT] if self.fingerprint else None

    @property
    def safe_title(self) -> str:
        return plain_title(self.title)

    @cached_property
    def provisions(self) -> list[ShownProvision]:
        if self.version is None:
            return []
        return [ShownProvision(p, provision_html(p.text)) for p in self.version.document.provisions]

    @cached_property
    def comparison(self) -> Comparison | None:
        """Changes of this page's version against the one before (or in force, for drafts)."""
        if self.version is None or self.version.previous is None:
            return None
        return compare(self.version.previous.document, self.version.document)

    @cached_property
    def reasons_html(self) -> str:
        reasons = self.version.meta.reasons if self.version else None
        return markdown_to_html(reasons) if reasons else ""


def unit_crumbs(unit: Unit | None) -> list[Crumb]:
    crumbs = [Crumb("首页", "")]
    if unit is not None:
        crumbs += [Crumb(u.name, u.url) for u in unit.lineage]
    return crumbs


def charter_crumbs(charter: Charter) -> list[Crumb]:
    return [*unit_crumbs(charter.unit), Crumb(charter.title, charter.url)]


def version_label(version: Version) -> str:
    if version.is_draft:
        return "草案" if version.slug == "draft" else f"草案（{version.slug[6:]}）"
    return f"{version.date} 版"


def home_page(site: Site, title: str) -> Page:
    return Page(HOME, "index.md", title, site)


def build_pages(site: Site) -> list[Page]:
    """Every generated page of the site, in a deterministic order."""
    pages = [
        Page(CONSULTATIONS, CONSULTATIONS_URI, "征求意见", site, unit_crumbs(None)),
        Page(DIRECTORY, DIRECTORY_URI, "社区与院落目录", site, unit_crumbs(None)),
    ]
    for unit in site.units:
        pages.append(_unit_page(site, unit))
        for charter in unit.charters:
            pages += _charter_pages(site, charter)
    return pages


def _unit_page(site: Site, unit: Unit) -> Page:
    return Page(
        UNIT,
        f"{unit.url}index.md",
        unit.name,
        site,
        unit_crumbs(unit.parent),
        unit=unit,
        markdown=unit.prose,
    )


def _charter_pages(site: Site, charter: Charter) -> list[Page]:
    crumbs = charter_crumbs(charter)
    prints = {path: fp for path, (_, fp) in fingerprints(charter).items()}
    pages = [
        Page(
            CHARTER,
            f"{charter.url}index.md",
            charter.title,
            site,
            unit_crumbs(charter.unit),
            charter=charter,
            version=charter.shown,
            fingerprint=prints.get(charter.shown.path) if charter.shown else None,
        ),
        Page(
            HISTORY,
            f"{charter.url}history/index.md",
            f"{charter.title} · 历次修订",
            site,
            crumbs,
            charter=charter,
        ),
    ]
    for version in charter.versions:
        label = f"{charter.title} · {version_label(version)}"
        pages.append(
            Page(
                VERSION,
                f"{version.url}index.md",
                label,
                site,
                crumbs,
                charter=charter,
                version=version,
                fingerprint=prints.get(version.path),
            )
        )
        if version.previous is not None:
            vcrumbs = [*crumbs, Crumb(version_label(version), version.url)]
            pages.append(
                Page(
                    CHANGES,
                    f"{version.changes_url}index.md",
                    f"{label} · 修改对照",
                    site,
                    vcrumbs,
                    charter=charter,
                    version=version,
                )
            )
    for draft in charter.drafts:
        pages.append(
            Page(
                DRAFT,
                f"{draft.url}index.md",
                f"{charter.title} · {version_label(draft)}",
                site,
                crumbs,
                charter=charter,
                version=draft,
            )
        )
    return pages


def consumed_sources(site: Site) -> list[str]:
    """Source files (relative to docs) that the generated pages replace."""
    paths = [f"{u.url}index.md" for u in site.units]
    for charter in site.charters:
        paths += [f"{charter.url}{v.slug}.md" for v in charter.versions + charter.drafts]
    return paths
