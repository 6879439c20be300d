"""The log in a resident's browser (issue 24), driven in the system Chromium: a charter
page remembers the log it saw; a later visit to a log that only grew says so quietly,
one to a rewritten log warns in words; the verify page checks a version's inclusion."""

from __future__ import annotations

import functools
import hashlib
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gongyue.publish import ui_strings
from gongyue.publish.log import log_files
from gongyue.record.tlog.entries import DECIDED, Entry

from .test_check_corpus import GOOD_V2, V2, C
from .test_monitor import newer_version, publish, relock
from .test_site_log import new_keys, project

PAGE = f"{C.removeprefix('docs/')}/2016-03-20/"


@pytest.fixture
def site(tmp_path):
    """A site served over HTTP from ``live``, which a test may publish again."""
    secret, verifier = new_keys()
    root = project(tmp_path, verifier)
    live = publish(root, tmp_path / "live", secret, "--first")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(live))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, live, secret, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def republish(root: Path, live: Path, secret: str, *previous: str | Path) -> None:
    """Publish again into ``live``, as a deploy replaces the site's files."""
    staged = live.with_name("staged")
    shutil.rmtree(staged, ignore_errors=True)
    publish(root, staged, secret, *previous)
    shutil.rmtree(live)
    staged.rename(live)


def visit(page, address: str) -> str:
    page.goto(address + PAGE)
    page.locator(".gy-log-check, .gy-log-alarm").first.wait_for()
    return page.locator("div.gy").inner_text()


def test_a_grown_log_is_said_to_agree_and_a_rewritten_one_warns(chromium, site, tmp_path):
    root, live, secret, address = site
    context = chromium.new_context()
    page = context.new_page()
    assert "本机已记下这个网站记录日志的 3 条" in visit(page, address)
    assert "与您上次访问时看到的一致（当时 3 条，现在 3 条）" in visit(page, address)
    # A new version: the log grows, the page says so without alarm.
    shutil.copytree(live, tmp_path / "fetched")
    newer_version(root)
    republish(root, live, secret, "--previous", tmp_path / "fetched")
    grown = visit(page, address)
    assert "当时 3 条，现在 4 条" in grown and page.locator(".gy-log-alarm").count() == 0
    # The insider rewrites a text and starts the log afresh: the same number of entries.
    (root / V2).write_text(GOOD_V2.replace("邻里和睦", "邻里和谐"), encoding="utf-8")
    relock(root)
    republish(root, live, secret, "--first")
    warned = visit(page, address)
    alarm = page.get_by_role("alert")
    assert "被改写了" in alarm.inner_text() and "您上次看到的记录日志有 4 条" in warned
    # The warning is not forgotten: the next visit warns again.
    visit(page, address)
    assert page.get_by_role("alert").count() == 1
    context.close()


def test_the_verify_page_checks_the_version_is_in_the_log(chromium, site):
    _, live, _, address = site
    printed = (live / PAGE / "index.html").read_text(encoding="utf-8")
    short = printed.split('class="gy-fingerprint" title="SHA-256：')[1][:12]
    context = chromium.new_context()
    page = context.new_page()
    page.goto(address + "verify/?fp=" + short)
    found = page.locator(".gy-verify__log")
    found.wait_for()
    assert "✔" in found.inner_text() and "第 3 条" in found.inner_text()
    assert "共 3 条" in found.inner_text()
    context.close()


def synthetic(n: int) -> Entry:
    digest = hashlib.sha256(f"text {n}".encode()).hexdigest()
    fingerprint = hashlib.sha256(f"chain {n}".encode()).hexdigest()
    return Entry(DECIDED, (f"qu/yuan-{n}/gongyue", "2024-01-02", "通过", digest, fingerprint))


# 700 entries: level-0 tiles 0 and 1 are full, tile 2 holds 188; level 1 holds 2 hashes.
SHORT_PROOF = ["checkpoint", "peaks", "path/0/300", "tile/1/000.p/2"]  # no 8-KB tile
PARTIAL_TILE = ["checkpoint", "peaks", "tile/0/002.p/188"]  # the newest: its partial tile


@pytest.mark.parametrize(("position", "files"), [(300, SHORT_PROOF), (650, PARTIAL_TILE)])
def test_a_phone_proves_inclusion_with_a_few_hundred_bytes(chromium, tmp_path, position, files):
    """In a full tile the verify page reads the peaks and a path file, not the tiles; in
    the rightmost, partial tile it reads that tile. A wrong entry is never proven."""
    entries = [synthetic(n) for n in range(700)]
    root = tmp_path / "site"
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    for path, data in log_files(entries, "example.cn/t", key).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    (root / "gongyue.js").write_text(ui_strings.script("s2tw"), encoding="utf-8")
    page_html = (
        '<html lang="zh-Hans"><body><div class="gy"></div><script src="gongyue.js"></script>'
    )
    (root / "index.html").write_text(page_html, encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
    entry = entries[position].encode().decode()
    found = page.evaluate("([e, p]) => gongyueLog.includes('log/', e, p)", [entry, position])
    assert found == {"ok": True, "size": 700}
    # What the browser itself says it downloaded from log/ (same origin: sizes are given).
    fetched = dict(
        page.evaluate(
            """() => performance.getEntriesByType("resource")
                .filter((r) => r.name.includes("/log/"))
                .map((r) => [r.name.split("/log/")[1], r.encodedBodySize])"""
        )
    )
    assert sorted(fetched) == sorted(files)
    if position < 512:  # in a full tile: its path file instead of the tile, a few hundred bytes
        assert sum(fetched.values()) < 1000
    wrong = page.evaluate("([e, p]) => gongyueLog.includes('log/', e, p)", [entry, position - 1])
    assert wrong["ok"] is False
    context.close()
    server.shutdown()
    server.server_close()
