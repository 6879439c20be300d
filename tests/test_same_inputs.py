"""What a build reads, in one digest (same_inputs.py), and the whole last site as left
(whole_site.py): with hypothesis, on random folders, whatever is done to them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongyue.publish import same_inputs
from gongyue.publish.whole_site import as_left, rest_of, walk

names = st.sampled_from(["a", "b", "公约", "2020-01-01.md", "index.md", ".hidden", "附件.pdf"])
paths = st.lists(names, min_size=1, max_size=3).map("/".join)
trees = st.dictionaries(paths, st.binary(max_size=30), min_size=1, max_size=8)


def write(root: Path, tree: dict[str, bytes]) -> None:
    """The files of ``tree``; a path that would be a file inside another file is left out."""
    for path, body in sorted(tree.items()):
        target = root / path
        if any(p.is_file() for p in target.parents) or target.is_dir():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)


def digest_of(docs: Path, top: Path, date: str = "2026-11-25") -> str | None:
    return same_inputs.digest([("date", date.encode())], [docs], [top])


def changes(root: Path) -> dict[str, object]:
    """Each change a committee (or anyone) can make to a folder of sources."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    first = files[0]
    return {
        "a byte changed": lambda: first.write_bytes(first.read_bytes() + b"x"),
        "a file renamed": lambda: first.rename(first.with_name(first.name + "~")),
        "a file removed": first.unlink,
        "a file added": lambda: (root / "新.md").write_bytes(b""),
        "an empty folder added": lambda: (root / "新文件夹").mkdir(),
        "a file moved down": lambda: shutil.move(first, _fresh_folder(root) / first.name),
    }


def _fresh_folder(root: Path) -> Path:
    folder = root / "下一层"
    folder.mkdir(exist_ok=True)
    return folder


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tree=trees, change=st.integers(0, 5))
def test_the_digest_changes_exactly_when_something_read_does(tmp_path_factory, tree, change):
    root = tmp_path_factory.mktemp("city")
    docs, top = root / "docs", root
    docs.mkdir()
    write(docs, tree)
    (top / "gongyue.lock").write_bytes(b"lock")
    before = digest_of(docs, top)
    assert before is not None and digest_of(docs, top) == before  # the same, read again
    os.utime(next(p for p in docs.rglob("*") if p.is_file()), ns=(1, 1))  # times are not read
    assert digest_of(docs, top) == before
    assert digest_of(docs, top, "2026-11-26") != before  # another build date
    name, how = sorted(changes(docs).items())[change]
    how()
    assert digest_of(docs, top) != before, name


def test_a_file_beside_mkdocs_yml_is_read_and_a_folder_beside_it_is_not(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# 首页", encoding="utf-8")
    before = digest_of(docs, tmp_path)
    (tmp_path / "site").mkdir()  # the output folder, the cache: the build's own
    (tmp_path / "site" / "index.html").write_text("x", encoding="utf-8")
    assert digest_of(docs, tmp_path) == before
    (tmp_path / "gongyue.lock").write_text("# 锁", encoding="utf-8")
    assert digest_of(docs, tmp_path) != before


def test_a_link_or_a_pipe_gives_no_digest(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# 首页", encoding="utf-8")
    assert digest_of(docs, tmp_path) is not None
    (docs / "elsewhere.md").symlink_to("/etc/hostname")  # would read outside the folder
    assert digest_of(docs, tmp_path) is None
    (docs / "elsewhere.md").unlink()
    (docs / "others").symlink_to(tmp_path, target_is_directory=True)  # a loop
    assert digest_of(docs, tmp_path) is None
    (docs / "others").unlink()
    os.mkfifo(docs / "pipe")  # never opened: reading it would wait forever
    assert digest_of(docs, tmp_path) is None
    (docs / "pipe").unlink()
    (tmp_path / "mkdocs.yml").symlink_to(docs / "index.md")
    assert digest_of(docs, tmp_path) is None


def test_a_missing_folder_gives_no_digest(tmp_path):
    assert digest_of(tmp_path / "none", tmp_path) is None


# --- the whole last site ----------------------------------------------------------------------

SITE = {
    "index.html": b"home",
    "assets/a.css": b"css",
    "qu/index.html": b"unit",
    "qu/feed.xml": b"feed",
    "qu/c1/index.html": b"charter",
    "qu/c1/2020-01-01/index.html": b"version",
    "qu/c1/pic.png": b"copied by the engine",
    "qu/c2/index.html": b"charter 2",
}
ENTRIES = {  # the record: each charter folder's own files, each unit page, each data file
    "qu/c1/": ["qu/c1/index.html", "qu/c1/2020-01-01/index.html"],
    "qu/c2/": ["qu/c2/index.html"],
    "qu/index.html": ["qu/index.html"],
    "qu/feed.xml": ["qu/feed.xml"],
}


def recorded(site: Path) -> tuple[dict[str, dict[str, object]], dict[str, list[int]]]:
    """The entries and the rest, as ``KeptSite.finish`` records them."""
    listing = walk(site, site)[0]
    entries = {e: {"files": {p: listing[p] for p in own}} for e, own in ENTRIES.items()}
    return entries, rest_of(site, entries, ["qu/c1/pic.png", "assets/a.css"])


def _replace_by_copy(page: Path) -> None:
    """The same bytes, in another file (another inode)."""
    shutil.copy(page, page.with_name("copy"))
    os.replace(page.with_name("copy"), page)


def tamperings(site: Path) -> dict[str, object]:
    page = site / "qu/c1/2020-01-01/index.html"
    return {
        "a page edited, same size": lambda: page.write_bytes(page.read_bytes().upper()),
        "a page replaced by a copy": lambda: _replace_by_copy(page),
        "the home page edited": lambda: (site / "index.html").write_bytes(b"hacked"),
        "a picture removed": (site / "qu/c1/pic.png").unlink,
        "a file added to a charter": lambda: (site / "qu/c2/x.html").write_bytes(b""),
        "a file added at the top": lambda: (site / "x.html").write_bytes(b""),
        "an empty folder added": lambda: (site / "qu/c1/2020-01-01/new").mkdir(),
        "a unit page removed": (site / "qu/index.html").unlink,
        "a link added": lambda: (site / "qu/c1/l.html").symlink_to(page),
        "a charter folder removed": lambda: shutil.rmtree(site / "qu/c2"),
    }


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(which=st.sampled_from(sorted(tamperings(Path("/")))))
def test_the_last_site_is_as_left_exactly_when_nothing_in_it_was_touched(tmp_path_factory, which):
    site = tmp_path_factory.mktemp("site")
    write(site, SITE)
    entries, rest = recorded(site)
    walked = lambda folder: walk(site, site / folder)  # noqa: E731
    assert set(rest) == {"index.html", "assets/a.css", "qu/c1/pic.png"}
    assert as_left(site, entries, rest, walked)
    tamperings(site)[which]()
    assert not as_left(site, entries, rest, walked), which


def test_the_trust_boundary_a_page_edited_with_its_time_set_back_is_not_seen(tmp_path):
    """What the guide says: whoever can write the output folder and sets a page's time
    back is believed (so only the publisher may write it). Pinned here so that a check
    that does see it (the change time, say) is a decision, not an accident."""
    write(tmp_path, SITE)
    entries, rest = recorded(tmp_path)
    page = tmp_path / "qu/c1/2020-01-01/index.html"
    before = page.stat()
    page.write_bytes(page.read_bytes().upper())  # same size, same file
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert as_left(tmp_path, entries, rest, lambda folder: walk(tmp_path, tmp_path / folder))
