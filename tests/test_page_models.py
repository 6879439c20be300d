"""One small model per kind of page: each kind its class, its template, its own fields."""

from __future__ import annotations

import dataclasses
import datetime as dt

from gongyue.publish import pages as gp
from gongyue.publish import themed
from gongyue.publish.templating import template_for, templates_dir
from gongyue.record.loader import load_tolerantly

from .conftest import DEMO_DATE, ROOT

KINDS = {
    gp.HOME,
    gp.UNIT,
    gp.CHARTER,
    gp.VERSION,
    gp.CHANGES,
    gp.COMPARE,
    gp.DRAFT,
    gp.HISTORY,
    gp.CONSULTATIONS,
    gp.DIRECTORY,
    gp.SEARCH,
    gp.STATS,
    gp.VERIFY,
    gp.SUBSCRIBE,
    gp.GLOSSARY,
}


def models() -> list[type[gp.Page]]:
    found, waiting = [], [gp.Page]
    while waiting:
        klass = waiting.pop()
        waiting += klass.__subclasses__()
        if "kind" in vars(klass):
            found.append(klass)
    return found


def test_every_kind_has_one_model_and_one_template():
    kinds = [model.kind for model in models()]
    assert sorted(kinds) == sorted(KINDS)  # each kind once
    for kind in kinds:
        assert (templates_dir() / template_for(kind)).is_file(), kind


def test_a_model_carries_only_what_its_kind_shows():
    fields = {model.kind: {f.name for f in dataclasses.fields(model)} for model in models()}
    assert "listing" in fields[gp.CONSULTATIONS] and "listing" not in fields[gp.UNIT]
    assert "stats" in fields[gp.STATS] and "stats" not in fields[gp.CHARTER]
    assert "charter" in fields[gp.VERSION] and "charter" not in fields[gp.HOME]
    assert "unit" in fields[gp.UNIT] and "version" not in fields[gp.UNIT]


def test_the_demo_city_makes_every_kind_but_the_home_page():
    site, problems = load_tolerantly(ROOT, ROOT / "docs", dt.date.fromisoformat(DEMO_DATE))
    assert not [p for p in problems if p.severity == "错误"]
    made = {page.kind for page in gp.build_pages(site)}
    assert made == KINDS - {gp.HOME}  # the demo has its own index.md
    twins = {page.kind for page in gp.build_pages(site) if page.has_traditional_twin}
    assert twins == {gp.SEARCH}  # the search page; a charter's pages share its table
    tables = {page.kind for page in gp.build_pages(site) if page.traditional_table}
    assert tables == themed.THEMED_KINDS
