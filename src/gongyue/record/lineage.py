"""What happened to each provision across a charter's adopted versions.

Consecutive versions are compared once per charter; following the pairs
backwards gives every provision its history (when it was made, changed or
renumbered) and the numbers it had before, so links to “原第九条” still land.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongyue.record.model import Charter, Version
from gongyue.text.articles import Provision
from gongyue.text.compare import Comparison, Op, compare


@dataclass(frozen=True)
class Event:
    version: Version
    op: Op | str  # added, modified, renumbered; "enacted" for the first version
    old_label: str | None
    new_label: str | None
    relations: str = ""  # “第九条拆分为第九条、第十条” when text crossed provisions

    @property
    def words(self) -> str:
        return self._what() + (f"（{self.relations}）" if self.relations else "")

    def _what(self) -> str:
        if self.op == "enacted":
            return "制定"
        if self.op == "added":
            return f"新增为{self.new_label}"
        if self.op == "modified":
            moved = self.old_label != self.new_label
            return f"修改（原{self.old_label}）" if moved else "修改"
        return f"序号由{self.old_label}改为{self.new_label}"


@dataclass
class Lineage:
    """Per adopted version: each provision's events and former anchors.

    Keyed by the provision object itself (its ``id``): equal texts in two
    versions are still two provisions.
    """

    comparisons: dict[tuple[str, str], Comparison] = field(default_factory=dict)
    events: dict[int, list[Event]] = field(default_factory=dict)  # id(provision) -> events
    former: dict[int, list[str]] = field(default_factory=dict)  # id(provision) -> old anchors
    held: dict[int, Provision] = field(default_factory=dict, repr=False)  # id -> provision
    # Traced when first asked (``trace``): a build makes its page models before its
    # worker processes start, and the comparisons are the costly part.
    pending: Charter | None = field(default=None, repr=False)

    def of(self, provision: Provision) -> list[Event]:
        self._settle()
        return self.events.get(id(provision), [])

    def former_anchors(self, provision: Provision) -> list[str]:
        self._settle()
        return self.former.get(id(provision), [])

    def release(self, charter: Charter) -> None:
        """Forget everything traced; it is traced again if asked (keeps a city's memory flat)."""
        self.comparisons, self.events, self.former, self.held = {}, {}, {}, {}
        self.pending = charter

    def _settle(self) -> None:
        charter, self.pending = self.pending, None
        if charter is not None:
            _trace_into(self, charter)

    def record(
        self, provision: Provision, events: list[Event], former: list[str] | None = None
    ) -> None:
        self.held[id(provision)] = provision
        self.events[id(provision)] = events
        if former is not None:
            self.former[id(provision)] = former

    def __getstate__(self) -> dict[str, object]:
        # An id means nothing in another process: a pickled lineage (the spawned helper's)
        # carries the provisions themselves, and the copy keys them by their new ids.
        # One not traced yet travels as its charter and is traced over there.
        return {
            "pending": self.pending,
            "comparisons": self.comparisons,
            "events": [(self.held[key], value) for key, value in self.events.items()],
            "former": [(self.held[key], value) for key, value in self.former.items()],
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.pending = state["pending"]
        self.comparisons = state["comparisons"]
        self.events = {id(p): value for p, value in state["events"]}
        self.former = {id(p): value for p, value in state["former"]}
        self.held = {id(p): p for p, _ in [*state["events"], *state["former"]]}

    def comparison(self, old: Version, new: Version) -> Comparison:
        key = (old.path, new.path)
        if key not in self.comparisons:
            self.comparisons[key] = compare(old.document, new.document)
        return self.comparisons[key]


def trace(charter: Charter) -> Lineage:
    """The charter's lineage, traced when first asked."""
    return Lineage(pending=charter)


def _trace_into(lineage: Lineage, charter: Charter) -> None:
    adopted = [v for v in charter.adopted if not v.is_repeal]
    for index, version in enumerate(adopted):
        if index == 0:
            _enact(lineage, version)
        else:
            _follow(lineage, adopted[index - 1], version)


def _enact(lineage: Lineage, version: Version) -> None:
    for p in version.document.provisions:
        lineage.record(p, [Event(version, "enacted", None, p.display_label)])


def _follow(lineage: Lineage, old: Version, new: Version) -> None:
    for change in lineage.comparison(old, new).changes:
        if change.new is None:
            continue
        relations = "；".join(r.words for r in change.relations)
        if change.old is None:
            lineage.record(change.new, [Event(new, "added", None, change.new_label, relations)])
            continue
        before = lineage.events.get(id(change.old), [])
        step = (
            []
            if change.op == "unchanged"
            else [Event(new, change.op, change.old_label, change.new_label, relations)]
        )
        former = _former(lineage, change.old, change.new, old)
        lineage.record(change.new, before + step, former)


def _former(lineage: Lineage, old: Provision, new: Provision, old_version: Version) -> list[str]:
    """Anchors this provision had before: “yuan-” for the last version, dated for older ones."""
    earlier = lineage.former.get(id(old), [])
    anchors = [a for a in earlier if not a.startswith("yuan-")]
    anchors.append(f"v{old_version.slug}-{old.anchor}")
    if old.anchor != new.anchor:
        anchors.insert(0, f"yuan-{old.anchor}")
    return anchors
