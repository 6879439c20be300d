"""Coverage figures for the street office: which units have their charters, what is pending.

Everything here is counted per top-level unit (a district) so that the
statistics page stays the same size however many courtyards a city has; the
unit-by-unit detail goes to a CSV file instead of the page.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from gongyue.record.model import STANDARD_TYPES, STATUS_CONSULTING, Charter, Site, Unit, Version

FILED = "已备案"
CSV_PATH = "stats/units.csv"
CHANGE_KINDS = ("制定", "修正", "修订", "废止")


@dataclass(frozen=True)
class Column:
    """One standard charter type of one kind of unit, e.g. 社区 · 居民公约."""

    kind: str
    type: str


@dataclass
class Tally:
    """Counts for one district (or the whole city)."""

    name: str
    url: str
    having: Counter[Column] = field(default_factory=Counter)  # units with one in force
    units: Counter[str] = field(default_factory=Counter)  # units of each kind
    with_convention: int = 0  # units whose main convention is in force
    without_convention: int = 0
    open_drafts: int = 0
    pending_filings: int = 0

    def cell(self, column: Column) -> tuple[int, int]:
        return self.having[column], self.units[column.kind]

    def add(self, other: Tally) -> None:
        self.having.update(other.having)
        self.units.update(other.units)
        self.with_convention += other.with_convention
        self.without_convention += other.without_convention
        self.open_drafts += other.open_drafts
        self.pending_filings += other.pending_filings


@dataclass(frozen=True)
class Year:
    year: int
    changes: dict[str, int]  # adopted versions by kind of change
    failed: int

    @property
    def adopted(self) -> int:
        return sum(self.changes.values())


@dataclass(frozen=True)
class Stats:
    columns: list[Column]
    districts: list[Tally]
    total: Tally
    years: list[Year]


def main_type(unit: Unit) -> str | None:
    """The convention a unit of this kind is expected to have first (居民公约, 院落公约…)."""
    types = STANDARD_TYPES.get(unit.kind, ())
    return types[0] if types else None


def filing_pending(charter: Charter) -> bool:
    """The text in force was adopted but its filing is not complete."""
    version = charter.in_force
    if version is None or version.is_repeal:
        return False
    filing = version.meta.filing
    return filing is None or filing.status != FILED


def in_force_types(unit: Unit) -> set[str]:
    return {c.type for c in unit.charters if c.in_force is not None}


def open_drafts(unit: Unit) -> list[Version]:
    return [d for c in unit.charters for d in c.drafts if d.status == STATUS_CONSULTING]


def columns_of(site: Site) -> list[Column]:
    kinds = {u.kind for u in site.units}
    return [Column(k, t) for k, types in STANDARD_TYPES.items() if k in kinds for t in types]


def tally(district: Unit) -> Tally:
    counts = Tally(district.name, district.url)
    for unit in district.walk():
        counts.open_drafts += len(open_drafts(unit))
        counts.pending_filings += sum(filing_pending(c) for c in unit.charters)
        main = main_type(unit)
        if main is None:
            continue
        present = in_force_types(unit)
        counts.units[unit.kind] += 1
        for kind_type in STANDARD_TYPES[unit.kind]:
            counts.having[Column(unit.kind, kind_type)] += kind_type in present
        if main in present:
            counts.with_convention += 1
        else:
            counts.without_convention += 1
    return counts


def years_of(site: Site) -> list[Year]:
    """Decisions per year of the meeting, every year from the first to the last."""
    adopted: dict[int, Counter[str]] = {}
    failed: Counter[int] = Counter()
    for charter in site.charters:
        for version in charter.versions:
            year = version.date.year  # type: ignore[union-attr]  # decided versions have a date
            if version.adopted:
                adopted.setdefault(year, Counter())[version.meta.change] += 1
            else:
                failed[year] += 1
    seen = set(adopted) | set(failed)
    if not seen:
        return []
    return [
        Year(y, {k: adopted.get(y, Counter())[k] for k in CHANGE_KINDS}, failed[y])
        for y in range(min(seen), max(seen) + 1)
    ]


def site_stats(site: Site) -> Stats:
    districts = [tally(root) for root in site.roots]
    total = Tally("合计", "")
    for district in districts:
        total.add(district)
    return Stats(columns_of(site), districts, total, years_of(site))


def units_csv(site: Site) -> str:
    """One row per unit that is expected to have charters; opens in Excel (UTF-8 with BOM)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "区",
            "单位",
            "类别",
            "所属",
            "网址",
            "应有公约",
            "现行有效",
            "尚缺",
            "征求意见中的草案",
            "备案未完成",
        ]
    )
    for unit in site.units:
        expected = STANDARD_TYPES.get(unit.kind, ())
        if not expected:
            continue
        present = in_force_types(unit)
        writer.writerow(
            _cells(
                unit.lineage[0].name,
                unit.name,
                unit.kind,
                " / ".join(u.name for u in unit.lineage[:-1]),
                unit.url,
                "、".join(expected),
                "、".join(t for t in expected if t in present),
                "、".join(t for t in expected if t not in present),
                len(open_drafts(unit)),
                sum(filing_pending(c) for c in unit.charters),
            )
        )
    return "\ufeff" + out.getvalue()


# A cell Excel would read as a formula (=, +, -, @, or a tab or return before one).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cells(*values: str | int) -> list[str | int]:
    """Text that starts like a formula is shown as text (a leading apostrophe), never run."""
    return [f"'{v}" if isinstance(v, str) and v.startswith(FORMULA_START) else v for v in values]
