"""Pages that live beside a text page without the site engine's chrome: what they are.

Plain HTML written straight to the output folder: the notice-board sheet of a
version or draft (``posters.py``), the papers of the procedure (``papers.py``) and
every text page's twin in Traditional characters (``traditional.py``). A build makes them while
the engine works (``companion_writer.py``); this module says which a site
writes and how a made page is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from gongyue.procedure.rules import DEFAULT_RULES, Rules
from gongyue.publish.compact import compact
from gongyue.record.settings import TraditionalVariant


@dataclass(frozen=True)
class Output:
    path: str  # relative to the site root, e.g. a/b/2019-03-01/index.html
    html: str
    compacted: bool = False  # already without its templates' indentation (see compact.py)

    def final(self) -> Output:
        """The output as it is written: a page without its templates' indentation."""
        if self.compacted or not self.path.endswith(".html"):
            return self
        return Output(self.path, compact(self.html), compacted=True)


Job = Callable[[], Output]  # makes one companion page when called
GroupJob = Callable[[], list[Output]]  # makes several (a charter's pages) when called


# <html lang> of a page in each Traditional variant OpenCC writes.
LANG_TAGS = {"s2tw": "zh-Hant-TW", "s2hk": "zh-Hant-HK", "s2t": "zh-Hant"}


@dataclass(frozen=True)
class Companions:
    """Which companions a build writes (each is a setting)."""

    posters: bool = True
    traditional: bool = True
    pdf: bool = False  # only with posters
    variant: TraditionalVariant = "s2tw"  # OpenCC: Taiwan forms (為, 群), or s2hk, or s2t
    papers: bool = True  # the papers of the procedure (issue 26), with the posters
    rules: Rules = DEFAULT_RULES  # what the papers work out quorums and periods from


def write_all(outputs: Iterable[Output], site_dir: Path) -> None:
    """Write each output under ``site_dir``, a page without its templates' indentation."""
    for out in outputs:
        target = site_dir / out.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(out.final().html, encoding="utf-8")
