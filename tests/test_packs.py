"""The page cache's pack files: what goes in comes out, and nothing else is ever trusted."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongyue.publish import packs

KEY = "k" * 64
names = st.text(st.sampled_from("abc-公约01."), min_size=1, max_size=8).filter(
    lambda name: name not in (".", "..")
)
paths = st.lists(names, min_size=1, max_size=3).map("/".join)
files = st.lists(st.tuples(paths, st.binary(max_size=200)), max_size=5, unique_by=lambda f: f[0])


@given(files=files)
def test_a_pack_gives_back_its_files(tmp_path_factory, files):
    pack = tmp_path_factory.mktemp("p") / "a.pages"
    packs.write(pack, "a/", KEY, files)
    assert packs.state(pack, KEY) == packs.HIT
    assert packs.unpacked(pack) == files
    assert packs.opened(pack, KEY) == (packs.HIT, files)  # read once, checked and given
    assert packs.listed(pack) == [path for path, _ in files]  # from the header alone
    assert packs.state(pack, "other") == packs.MISS
    assert packs.opened(pack, "other") == (packs.MISS, [])


def _no_file_is_a_folder(files: list[tuple[str, bytes]]) -> bool:
    names = {path for path, _ in files}
    return not any(path.startswith(other + "/") for path in names for other in names)


@given(files=files.filter(_no_file_is_a_folder))
def test_a_pack_is_written_out_byte_for_byte(tmp_path_factory, files):
    """Pages, tables, PDFs: what ``write_out`` puts in the output folder is what was
    packed, not decoded (bytes that are not UTF-8 come out as they went in)."""
    root = tmp_path_factory.mktemp("out")
    pack = root / "a.pages"
    packs.write(pack, "a/", KEY, [*files, ("z/ÿ.bin", b"\xff\xfe%PDF")])  # z: not in names
    packs.write_out(packs.unpacked(pack), root / "site")
    written = {
        p.relative_to(root / "site").as_posix(): p.read_bytes()
        for p in (root / "site").rglob("*")
        if p.is_file()
    }
    assert written == dict(files) | {"z/ÿ.bin": b"\xff\xfe%PDF"}


@given(files=files.filter(bool), at=st.integers(min_value=0), bit=st.integers(0, 7))
def test_a_changed_byte_never_gives_other_files(tmp_path_factory, files, at, bit):
    """A flipped bit is found (or falls where it changes nothing given back: the pack's
    name, the header's spacing)."""
    pack = tmp_path_factory.mktemp("p") / "a.pages"
    packs.write(pack, "a/", KEY, files)
    data = bytearray(pack.read_bytes())
    data[at % len(data)] ^= 1 << bit
    pack.write_bytes(bytes(data))
    found, given = packs.opened(pack, KEY)
    assert packs.state(pack, KEY) == found
    if found == packs.HIT:
        assert given == files
        assert at % len(data) < data.index(b"\n")  # in the header, never in a file's bytes
    else:
        assert given == []  # nothing of a pack that does not check out is handed on


@given(
    hostile=st.sampled_from(
        ["../docs/a.md", "/etc/passwd", "a/../../b", "a//b", "a\\..\\b", "./a", "", "b/index.html"]
    )
)
def test_a_pack_writes_only_where_its_own_files_belong(tmp_path_factory, hostile):
    """Hashes in a pack are the pack's own word: a path outside the charter is refused
    however well the rest of it checks out."""
    pack = tmp_path_factory.mktemp("p") / "a.pages"
    packs.write(pack, "a/", KEY, [("a/index.html", b"ok"), (hostile, b"x")])
    assert packs.state(pack, KEY, ("a/",)) == packs.DAMAGED


def test_a_missing_or_unreadable_pack(tmp_path: Path):
    assert packs.state(tmp_path / "none.pages", KEY) == packs.MISS
    (tmp_path / "dir.pages").mkdir()
    assert packs.state(tmp_path / "dir.pages", KEY) == packs.DAMAGED
    (tmp_path / "text.pages").write_text("not a pack\n", encoding="utf-8")
    assert packs.state(tmp_path / "text.pages", KEY) == packs.DAMAGED
    assert packs.opened(tmp_path / "text.pages", KEY) == (packs.DAMAGED, [])


def test_an_interrupted_write_leaves_the_old_pack_and_nothing_else(tmp_path: Path, monkeypatch):
    pack = tmp_path / "a.pages"
    packs.write(pack, "a/", KEY, [("a/index.html", b"old")])

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(packs.os, "replace", full_disk)
    with pytest.raises(OSError):
        packs.write(pack, "a/", KEY, [("a/index.html", b"new")])
    assert packs.unpacked(pack) == [("a/index.html", b"old")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pages"]


@pytest.mark.parametrize("header", [b"", b"not json\n", b'{"format": 99, "files": []}\n', b"[]\n"])
def test_a_pack_without_a_header_of_this_format_lists_nothing(tmp_path, header):
    (tmp_path / "a.pages").write_bytes(header + b"bytes")
    with pytest.raises(ValueError):
        packs.listed(tmp_path / "a.pages")
