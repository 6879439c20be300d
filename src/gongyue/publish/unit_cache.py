"""A unit's page kept between builds: the engine renders it again only when what it
shows changed.

After the charters' pages, a publish with nothing changed spent most of its time
letting the engine render the pages of the city's units (1,116 at 1,000
courtyards), each through the whole theme. A unit's page shows the unit (its
details and words), the units above it (the crumbs) and below it (their names,
how many charters each has), and its charters (titles, status, drafts open for
comment): its key holds all of that, as loaded and as the build date made it
(each charter's whole record, which is more than the page shows, never less),
plus the build's key (``page_cache.PageCache.build_key``), the theme's frame at
the page's depth as the engine renders it (menu, header, footer, whatever the
theme prints of the build) and what else the engine gives every page
(``engine``: the menu's titles and addresses, which files exist for a link to
find). The page then comes back as the last build left it
in the output folder (``KeptSite.take_file``), or out of its pack
(``units/<unit URL>.pages``, one file); otherwise the engine renders it and the
build keeps what it wrote.

Only the engine's side can tell whether another plugin also sees each page
(then nothing here is used: ``adapters/unit_pages.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gongyue.publish import packs
from gongyue.publish.kept_site import KeptSite
from gongyue.publish.packs import SUFFIX
from gongyue.publish.page_cache import UNITS, Digests, packed, said_of
from gongyue.publish.shard_key import shard_key
from gongyue.publish.urls import depth
from gongyue.record.model import Unit

PAGE = "index.html"


def unit_reads(unit: Unit, digests: Digests) -> Iterator[tuple[str, bytes]]:
    """Everything a unit's page shows beyond what every page of the build shows."""
    yield "unit", digests.unit(unit) + f"\0{unit.path}\0{unit.prose}".encode()
    for above in unit.lineage[:-1]:
        yield f"above:{above.path}", digests.unit(above)
    for child in unit.children:
        yield f"child:{child.path}", digests.unit(child) + f"\0{len(child.charters)}".encode()
    for charter in unit.charters:
        yield f"charter:{charter.path}", digests.charter(charter)


@dataclass
class UnitPageCache:
    """The unit pages of a build with a page cache in ``folder`` whose key is
    ``build_key``; ``engine`` is what the engine gives every page, ``frames`` the
    theme's frame at each depth, as the engine renders it (see the module)."""

    folder: Path
    build_key: str
    engine: list[tuple[str, bytes]]
    frames: Mapping[int, bytes]
    site_dir: Path
    digests: Digests  # the build's (``page_cache.digests_of``)
    site: KeptSite | None = None
    kept: set[str] = field(default_factory=set)  # unit URLs this build has a page for
    waiting: dict[str, str] = field(default_factory=dict)  # unit URL -> key, engine renders
    reused: int = 0
    in_place: int = 0  # of the reused: left in the output folder by the last build
    damaged: int = 0

    def key_of(self, unit: Unit) -> str:
        build, frame = ("build", self.build_key.encode()), ("frame", self.frames[depth(unit.url)])
        return shard_key([build, *self.engine, frame, *unit_reads(unit, self.digests)])

    def pack_of(self, unit_url: str) -> Path:
        return self.folder / UNITS / (unit_url.rstrip("/") + SUFFIX)

    def take(self, unit: Unit) -> bool:
        """True when the unit's page is in the output folder again, as the last build left
        it or out of its pack; False: the engine renders it (``keep`` keeps it after)."""
        key, path, pack = self.key_of(unit), unit.url + PAGE, self.pack_of(unit.url)
        self.kept.add(unit.url)
        if self.site is not None and self.site.take_file(path, key):
            self.reused += 1
            self.in_place += 1
            return True
        found, files = packs.opened(pack, key, (path,))
        if found == packs.HIT and self._unpack(files, path):
            self.reused += 1
            if self.site is not None:
                self.site.made(path, key)
            return True
        self.damaged += found == packs.DAMAGED
        self.waiting[unit.url] = key
        return False

    def _unpack(self, files: packs.Files, path: str) -> bool:
        if [name for name, _ in files] != [path]:
            return False
        packs.write_out(files, self.site_dir)
        return True

    def keep(self) -> None:
        """Once the engine has written the pages it rendered: keep each in its pack."""
        for url, key in sorted(self.waiting.items()):
            path = url + PAGE
            try:
                body = (self.site_dir / path).read_bytes()
            except OSError:
                continue  # the engine wrote nothing (an empty page): rendered again next time
            packs.write(self.pack_of(url), url, key, [(path, body)])
            if self.site is not None:
                self.site.made(path, key)
        self.waiting.clear()

    def prune(self, makes: Callable[[str], bool]) -> None:
        """Remove the packs of units this build would have made a page for but did not
        (moved or removed); ``makes`` says, of a unit URL, whether this build would."""
        for url, pack in packed(self.folder / UNITS):
            if url not in self.kept and makes(url):
                pack.unlink(missing_ok=True)

    def summary(self) -> str:
        made = len(self.kept) - self.reused
        return said_of(("个", "单位页", "单位页"), self.reused, made, self.damaged, self.in_place)
