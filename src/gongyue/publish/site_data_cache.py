"""The site's own data files kept between builds: written again only when what they
read changed.

The charters' index, the fingerprint shards, the units' table and the feeds
(``opendata.data_files``, without each charter's ``charter.json``: that one is
in its charter's pack) read every charter and every unit of the city, so one
change anywhere makes them all again. With nothing changed they are the same
bytes as last time: they are kept in one pack (``data.pages`` in the cache
folder) under a key of everything they read — each charter's digest and each
unit's (``page_cache.Digests``: every file's text and what the build date made
of it; the unit's details), the units' order, each adopted version's place in
the log, the build date, the site's name and address, and the build's family
(gongyue's code, the programs, the configuration) — and taken from it while
that key holds. A pack that does not check out is made again, as any pack.

When the last output folder was set aside (``kept_site.py``), a data file
the last build wrote for the same key and nobody touched since is moved back
instead of written again (1,400 files at 1,000 courtyards, most of them
feeds): only the others are handed to the engine to write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from gongyue.publish import packs
from gongyue.publish.kept_site import KeptSite
from gongyue.publish.page_cache import digests_of, log_parts
from gongyue.publish.shard_key import shard_key
from gongyue.record.model import Site

DATA = "data.pages"


def data_key(family: str, site: Site, site_name: str, site_url: str) -> str:
    return shard_key([("family", family.encode()), *_reads(site, site_name, site_url)])


def _reads(site: Site, site_name: str, site_url: str) -> Iterator[tuple[str, bytes]]:
    yield "site", repr((site_name, site_url, str(site.build_date), site.scope)).encode()
    digests = digests_of(site)
    for unit in site.units:
        yield f"unit:{unit.path}", digests.unit(unit)
        for charter in unit.charters:
            yield f"charter:{charter.path}", digests.charter(charter)
            yield from log_parts(site, charter)


def kept_data(
    folder: Path, key: str, make: Callable[[], dict[str, str]], site: KeptSite | None = None
) -> tuple[dict[str, str], list[str]]:
    """The data files (path -> text) still to be written, and the paths of those moved back
    into the output folder from the last ``site``: from the pack when it holds them for
    ``key``, else ``make``'s, kept in the pack for the next build."""
    pack = folder / DATA
    found, unpacked = packs.opened(pack, key)
    if found == packs.HIT:
        files = {path: body.decode("utf-8") for path, body in unpacked}
    else:
        files = make()
        packs.write(pack, "data", key, ((path, text.encode()) for path, text in files.items()))
    if site is None:
        return files, []
    taken = [path for path in files if site.take_file(path, key)]
    for path in taken:
        del files[path]
    for path in files:
        site.made(path, key)
    return files, taken
