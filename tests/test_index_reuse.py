"""The record of what a search index made of each page (publish/index_reuse.py).

A page file left as it was when the record was written is not read again: its
SHA-256 is the record's. Anything else — new bytes, the same bytes written
again, a damaged record, another build's — is read.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongyue.publish.index_reuse import (
    Made,
    page_digests,
    read_made,
    record_made,
    reuse_of,
)

BUILD = "build-1"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def recorded(tmp_path: Path, pages: dict[str, bytes]) -> tuple[Path, list[str]]:
    """A site of ``pages`` and the record of an index made of them (fragment ``f-<page>``)."""
    site = tmp_path / "site"
    for page, body in pages.items():
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_bytes(body)
    names = sorted(pages)
    digests = page_digests(site, names, Made())
    record_made(tmp_path / "index.made.json", BUILD, "key-1", digests, {p: f"f-{p}" for p in names})
    return site, names


def test_a_page_left_as_it_was_is_not_read_again(tmp_path, monkeypatch):
    site, names = recorded(tmp_path, {"a/index.html": b"<p>a</p>", "b/index.html": b"<p>b</p>"})
    made = read_made(tmp_path / "index.made.json", BUILD)
    read = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real(self))
    digests = page_digests(site, names, made)
    assert read == []
    assert digests.of == {"a/index.html": sha(b"<p>a</p>"), "b/index.html": sha(b"<p>b</p>")}


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    how=st.sampled_from(["new bytes", "same bytes written again", "same size", "moved in"]),
    body=st.binary(min_size=1, max_size=30),
)
def test_a_page_touched_since_is_read(tmp_path_factory, how, body):
    tmp_path = tmp_path_factory.mktemp("touched")
    site, names = recorded(tmp_path, {"a/index.html": body, "b/index.html": b"b"})
    page = site / "a/index.html"
    if how == "new bytes":
        page.write_bytes(body + b"!")
    elif how == "same bytes written again":  # another file: a new inode
        page.unlink()
        page.write_bytes(body)
    elif how == "same size":  # written in place: the time moves on
        stat = page.stat()
        page.write_bytes(bytes(255 - b for b in body))
        os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    else:
        (tmp_path / "other").write_bytes(body[::-1])
        os.replace(tmp_path / "other", page)
    digests = page_digests(site, names, read_made(tmp_path / "index.made.json", BUILD))
    assert digests.of["a/index.html"] == sha(page.read_bytes())


@pytest.mark.parametrize(
    "record",
    [
        "",
        "{",
        '{"build": "build-1", "key": "key-1", "pages": {"a/index.html": ["x", "f"]}}',
        '{"build": "build-1", "key": "key-1", "pages": {"a/index.html": [1, "f", [1, 2, 3]]}}',
        '{"build": "build-1", "key": 7, "pages": {}}',
        '{"build": "build-2", "key": "key-1", "pages": {}}',
    ],
)
def test_a_damaged_or_anothers_record_is_not_used(tmp_path, record):
    site, names = recorded(tmp_path, {"a/index.html": b"a"})
    (tmp_path / "index.made.json").write_text(record, encoding="utf-8")
    made = read_made(tmp_path / "index.made.json", BUILD)
    assert made == Made()
    assert reuse_of(made, "key-1", page_digests(site, names, made)) is None


def test_a_forged_digest_is_trusted_only_for_a_file_left_as_it_was(tmp_path):
    """The trust is the kept site's: the record is the cache's, the file's status the output
    folder's. A record naming other bytes for an untouched file is believed; that is why
    the cache folder is as trusted as the CI that writes it (guide: 页面缓存)."""
    site, names = recorded(tmp_path, {"a/index.html": b"a"})
    record = tmp_path / "index.made.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    data["pages"]["a/index.html"][0] = sha(b"forged")
    record.write_text(json.dumps(data), encoding="utf-8")
    assert page_digests(site, names, read_made(record, BUILD)).of["a/index.html"] == sha(b"forged")
    (site / "a/index.html").write_bytes(b"b")
    assert page_digests(site, names, read_made(record, BUILD)).of["a/index.html"] == sha(b"b")


def test_what_is_kept_is_what_was_made_of_unchanged_pages(tmp_path):
    site, names = recorded(tmp_path, {"a/index.html": b"a", "b/index.html": b"b"})
    (site / "b/index.html").write_bytes(b"B")
    made = read_made(tmp_path / "index.made.json", BUILD)
    digests = page_digests(site, names, made)
    reuse = reuse_of(made, "key-1", digests)
    assert reuse is not None and reuse.made == {"a/index.html": "f-a/index.html"}
    assert reuse_of(made, "key-2", digests) is None  # the last index was another
