"""The log in a built site (issue 24): each adopted version's place on its page, its
sheet and in the verify page's data; the log published with the site; and a build
whose sources the log does not hold, refused."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from mkdocs.exceptions import Abort

from gongyue.cli import gongyue
from gongyue.procedure.lock import LOCK_NAME
from gongyue.publish.log import folder_reader, read_published
from gongyue.record.fingerprint import SHORT
from gongyue.record.tlog import merkle
from gongyue.record.tlog.note import Verifier
from gongyue.record.tlog.places import prefix_roots

from .conftest import ROOT, build_site, lock_tree, write_tree
from .test_check_corpus import GOOD_V2, V2, C, good_site

NAME = "gongyue.example.cn/test"


def settings(key: str, extra: str = "      log: 日志\n", url: str = "") -> str:
    """mkdocs.yml of a small city with a log key (``extra``: more gongyue settings)."""
    address = f"site_url: {url}\n" if url else ""
    return (
        f"site_name: 测试\n{address}theme: material\nplugins:\n  - gongyue:\n"
        f'      build_date: "2024-06-01"\n      traditional: false\n      search: false\n'
        f'{extra}      log_key: "{key}"\n'
    )


def run(*args: str | Path, key: str = ""):
    return CliRunner().invoke(gongyue, [str(a) for a in args], env={"GONGYUE_LOG_KEY": key})


def new_keys() -> tuple[str, str]:
    """(the private key for GONGYUE_LOG_KEY, the public verifier key) of a new log key."""
    said = run("log", "key", NAME).output.splitlines()
    secret = next(line for line in said if line.startswith("PRIVATE+KEY+"))
    return secret, next(line for line in said if line.startswith(NAME + "+"))


@pytest.fixture(scope="module")
def keys() -> tuple[str, str]:
    return new_keys()


def project(tmp_path: Path, verifier: str) -> Path:
    root = write_tree(tmp_path / "site", {**good_site(), "mkdocs.yml": settings(verifier)})
    lock_tree(root)
    return root


def write_log(root: Path, secret: str, *previous: str | Path) -> None:
    written = run("log", "write", root / "日志", root, *previous, key=secret)
    assert written.exit_code == 0, written.output


def refusal(root: Path, caplog: pytest.LogCaptureFixture) -> str:
    with pytest.raises(Abort):
        build_site(root)
    return caplog.text


def test_pages_sheets_and_verify_data_name_each_versions_place(tmp_path, keys):
    secret, verifier = keys
    root = project(tmp_path, verifier)
    write_log(root, secret, "--first")
    built = build_site(root)
    log = read_published(folder_reader(built.site_dir), Verifier.parse(verifier))
    assert log.checkpoint.size == 3  # the log is published with the site
    pins = prefix_roots([e.encode() for e in log.entries], {1, 2})
    url = f"{C.removeprefix('docs/')}/2016-03-20/"
    place = built.main(url).select_one(".gy-record .gy-log-place")
    assert place is not None and "第 3 条" in place.get_text()
    assert pins[2].hex()[:16] in place.get_text()
    sheet = built.html(url).select_one(".gy-print-sheet .gy-log-place")
    assert sheet is not None and "第 3 条" in sheet.get_text() and pins[2].hex()[:16] in sheet.text
    # What the verify page reads: the entry's text and place, which hash into the tree.
    shards = [
        json.loads(p.read_text()) for p in (built.site_dir / "api/fingerprints").glob("*.json")
    ]
    schema = json.loads((ROOT / "docs/schema/fingerprints-v1.json").read_text(encoding="utf-8"))
    for shard in shards:
        jsonschema.validate(shard, schema)  # the published shape says what the log adds
    found = [v for s in shards for vs in s["fingerprints"].values() for v in vs]
    assert {v["log"]["position"] for v in found} == {1, 2}
    for version in found:
        entry = version["log"]["entry"].encode()
        assert entry == log.entries[version["log"]["position"]].encode()
        assert version["fingerprint"][:SHORT] in entry.decode()
    tree = merkle.MemoryTree.of_entries([e.encode() for e in log.entries])
    assert merkle.root(tree) == log.checkpoint.root


def test_a_version_the_log_does_not_hold_stops_the_build(tmp_path, keys, caplog):
    secret, verifier = keys
    root = project(tmp_path, verifier)
    write_log(root, secret, "--first")
    newer = GOOD_V2.replace("2016-03", "2020-05").replace("互相帮助", "互相帮助，爱护环境")
    (root / f"{C}/2020-05-20.md").write_text(newer, encoding="utf-8")
    (root / LOCK_NAME).unlink()
    lock_tree(root)
    said = refusal(root, caplog)
    assert "2020-05-20 版，网站的日志里还没有" in said and "gongyue log write" in said
    kept = tmp_path / "kept"
    (root / "日志").rename(kept)
    write_log(root, secret, "--previous", kept)
    built = build_site(root)
    assert "第 4 条" in built.main(f"{C.removeprefix('docs/')}/2020-05-20/").text


def test_a_text_rewritten_after_the_log_was_written_stops_the_build(tmp_path, keys, caplog):
    secret, verifier = keys
    root = project(tmp_path, verifier)
    write_log(root, secret, "--first")
    (root / V2).write_text(GOOD_V2.replace("邻里和睦", "邻里和谐"), encoding="utf-8")
    (root / LOCK_NAME).unlink()
    lock_tree(root)  # the insider's new lock agrees with the rewrite; the log does not
    said = refusal(root, caplog)
    assert "2016-03-20 版，现在的记录与它不同" in said


def test_a_log_signed_by_another_key_stops_the_build(tmp_path, keys, caplog):
    secret, _ = keys
    other = run("log", "key", NAME).output.splitlines()
    root = project(tmp_path, next(line for line in other if line.startswith(NAME + "+")))
    write_log(root, secret, "--first")
    assert "检查点无法核对" in refusal(root, caplog)
