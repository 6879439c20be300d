"""`gongyue monitor` and `gongyue log fetch` (issue 24): someone outside the committee
keeps what the site's log said and checks, run after run, that the log only grew and
that every new entry is what the site publishes — over HTTP, as from cron.

The insider's ways to launder the record (a text rewritten with a new lock and a
new history, a version deleted or moved, a version backdated before the logged
ones, docs_dir pointed elsewhere) are each refused by the next publish's
`gongyue log write`; and when the insider starts the log afresh instead, the
monitor that kept the old one raises the alarm.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gongyue.cli import gongyue
from gongyue.procedure.lock import LOCK_NAME
from gongyue.publish.log import MissingFile, log_files
from gongyue.publish.monitor import monitor as check
from gongyue.record.canonical import chain
from gongyue.record.tlog import note
from gongyue.record.tlog.entries import DECIDED, Entry, started

from .conftest import build_site, lock_tree
from .test_check_corpus import GOOD_V1, GOOD_V2, V2, C
from .test_site_log import new_keys, project, run, write_log


def monitor(*args: str | Path):
    return CliRunner().invoke(gongyue, ["monitor", *map(str, args)])


def publish(root: Path, out: Path, secret: str, *previous: str | Path) -> Path:
    shutil.rmtree(root / "日志", ignore_errors=True)
    write_log(root, secret, *previous)
    return build_site(root, out).site_dir


def newer_version(root: Path) -> None:
    newer = GOOD_V2.replace("2016-03", "2020-05").replace("互相帮助", "互相帮助，爱护环境")
    (root / f"{C}/2020-05-20.md").write_text(newer, encoding="utf-8")
    relock(root)


def relock(root: Path) -> None:
    (root / LOCK_NAME).unlink(missing_ok=True)
    lock_tree(root)


@pytest.fixture(scope="module")
def keys() -> tuple[str, str]:
    return new_keys()


@pytest.fixture
def serve() -> Iterator[Callable[[Path], str]]:
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
        handler.log_message = lambda *args: None  # type: ignore[method-assign]
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_a_monitor_follows_the_site_over_http_run_after_run(tmp_path, keys, serve):
    secret, verifier = keys
    root = project(tmp_path, verifier)
    live = publish(root, tmp_path / "live", secret, "--first")
    address = serve(live)
    kept = tmp_path / "kept"
    first = monitor(address, "--keep", kept, "--key", verifier)
    assert first.exit_code == 0, first.output
    assert "第 3 条：“qu/shequ/jumin-gongyue”的 2016-03-20 版表决通过" in first.output
    assert "与日志相符" in first.output and (kept / "log/checkpoint").is_file()
    # The next publish: fetched over HTTP, extended, built, served where the old one was.
    fetched = run("log", "fetch", tmp_path / "fetched", "--from", address, root)
    assert fetched.exit_code == 0, fetched.output
    newer_version(root)
    shutil.rmtree(live)
    publish(root, live, secret, "--previous", tmp_path / "fetched")
    second = monitor(address, "--keep", kept)  # the key is kept from the first run
    assert second.exit_code == 0, second.output
    assert "上次看到 3 条" in second.output and "第 4 条" in second.output
    assert "第 3 条" not in second.output  # only what is new is reported


def test_fetch_says_when_the_site_has_no_log_yet(tmp_path, keys, serve):
    _, verifier = keys
    empty = tmp_path / "empty"
    empty.mkdir()
    said = run(
        "log", "fetch", tmp_path / "out", "--from", serve(empty), project(tmp_path, verifier)
    )
    assert said.exit_code == 1 and "没有日志" in said.output and "--first" in said.output
    gone = run("log", "fetch", tmp_path / "out", "--from", "http://127.0.0.1:9/", tmp_path / "site")
    assert gone.exit_code == 1 and "下载日志失败" in gone.output and "Traceback" not in gone.output


def watched(tmp_path: Path, keys: tuple[str, str]) -> tuple[Path, Path, Path]:
    """A city published with its first log, and a monitor that has seen it once:
    (sources, the live site, the monitor's keep folder)."""
    secret, verifier = keys
    root = project(tmp_path, verifier)
    live = publish(root, tmp_path / "live", secret, "--first")
    kept = tmp_path / "kept"
    assert monitor(live, "--keep", kept, "--key", verifier).exit_code == 0
    return root, live, kept


def rewrite_text(root: Path) -> None:
    (root / V2).write_text(GOOD_V2.replace("邻里和睦", "邻里和谐"), encoding="utf-8")


def delete_version(root: Path) -> None:
    (root / V2).unlink()


def move_charter(root: Path) -> None:  # a deletion by rename, without gongyue move
    (root / C).rename(root / "docs/qu/shequ/wenming-gongyue")


def park_and_readd(root: Path) -> None:
    """The charter parked under another name, then added again at its old place, rewritten."""
    parked = root / "docs/qu/shequ/jumin-gongyue-jiu"
    (root / C).rename(parked)
    shutil.copytree(parked, root / C)
    rewrite_text(root)


def backdate_version(root: Path) -> None:  # an orphan version before the logged ones
    older = GOOD_V1.replace("2015", "2012").replace("爱护", "保护")
    (root / f"{C}/2012-06-18.md").write_text(older, encoding="utf-8")


def move_docs_dir(root: Path) -> None:
    shutil.copytree(root / "docs", root / "docs2")
    (root / "docs2" / V2.removeprefix("docs/")).write_text(
        GOOD_V2.replace("邻里和睦", "邻里和谐"), encoding="utf-8"
    )
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "docs_dir: docs2\n", encoding="utf-8")


def rewrite_history(root: Path) -> None:
    """The text rewritten, then the repository's history made anew around it (force-push)."""
    rewrite_text(root)
    shutil.rmtree(root / ".git", ignore_errors=True)
    git = ["git", "-C", str(root), "-c", "user.name=x", "-c", "user.email=x@x"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "原始记录"], check=True)


ATTACKS = [
    rewrite_text,
    delete_version,
    move_charter,
    park_and_readd,
    backdate_version,
    move_docs_dir,
]


@pytest.mark.parametrize("attack", [*ATTACKS, rewrite_history], ids=lambda a: a.__name__)
def test_each_laundering_is_refused_at_publish_and_caught_by_the_monitor(tmp_path, keys, attack):
    root, live, kept = watched(tmp_path, keys)
    secret = keys[0]
    attack(root)
    relock(root)  # every witness in the repository made to agree
    assert run("check", root).exit_code == 0, run("check", root).output
    refused = run("log", "write", tmp_path / "next", root, "--previous", live, key=secret)
    assert refused.exit_code == 1 and "没有写出日志" in refused.output, refused.output
    # The insider starts the log afresh instead; whoever kept the old one sees it.
    rewritten = publish(root, tmp_path / "rewritten", secret, "--first")
    alarm = monitor(rewritten, "--keep", kept)
    assert alarm.exit_code == 1 and "警报" in alarm.output, alarm.output
    assert "改写" in alarm.output


def test_a_page_that_differs_from_its_entry_raises_the_alarm(tmp_path, keys):
    secret, verifier = keys
    root = project(tmp_path, verifier)
    live = publish(root, tmp_path / "live", secret, "--first")
    page = live / f"{C.removeprefix('docs/')}/2016-03-20/index.html"
    html = page.read_text(encoding="utf-8")
    at = html.index('class="gy-fingerprint" title="SHA-256：') + len(
        'class="gy-fingerprint" title="SHA-256：'
    )
    page.write_text(html[:at] + "0" * 64 + html[at + 64 :], encoding="utf-8")
    alarm = monitor(live, "--key", verifier)
    assert alarm.exit_code == 1 and "页面上的指纹与日志记下的不同" in alarm.output


def test_a_site_that_stops_publishing_its_log_raises_the_alarm(tmp_path, keys):
    _, live, kept = watched(tmp_path, keys)
    shutil.rmtree(live / "log")
    alarm = monitor(live, "--keep", kept)
    assert alarm.exit_code == 1 and "没有日志" in alarm.output


def test_a_new_key_stated_in_the_log_is_followed_and_said(tmp_path, keys):
    root, live, kept = watched(tmp_path, keys)
    verifier = keys[1]
    new_secret, new_verifier = new_keys()
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(verifier, new_verifier))
    args = ("--previous", live, "--previous-key", verifier)
    later = publish(root, tmp_path / "later", new_secret, *args)
    followed = monitor(later, "--keep", kept)
    assert followed.exit_code == 0, followed.output
    assert "换了签名密钥" in followed.output
    assert (kept / "key").read_text(encoding="utf-8").strip() == new_verifier


def test_the_first_run_needs_the_key_and_says_so(tmp_path):
    said = monitor(tmp_path, "--keep", tmp_path / "kept")
    assert said.exit_code == 1 and "--key" in said.output and "Traceback" not in said.output


def test_a_wrong_short_proof_file_raises_the_alarm(tmp_path, keys):
    secret, verifier = keys
    root = project(tmp_path, verifier)
    live = publish(root, tmp_path / "live", secret, "--first")
    (live / "log/peaks").write_text("3\n" + "0" * 64 + "\n", encoding="utf-8")
    alarm = monitor(live, "--key", verifier)
    assert alarm.exit_code == 1 and "log/peaks 与日志不符" in alarm.output


def test_a_fingerprint_that_does_not_chain_from_its_digest_raises_the_alarm(tmp_path):
    """Even a log its own key signed: an adopted version's fingerprint must be the chain of
    its digest onto the charter's previous one (fingerprint v1)."""
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    verifier = note.verifier_of("example.cn/t", key)
    digest = "ab" * 32
    honest = Entry(DECIDED, ("qu/a/gongyue", "2020-01-02", "通过", digest, chain("", digest)))
    forged = Entry(DECIDED, ("qu/a/gongyue", "2021-01-02", "通过", digest, "cd" * 32))
    files = log_files([started(verifier.text(), "-"), honest, forged], "example.cn/t", key)

    def read(path: str) -> bytes:
        if path not in files:
            raise MissingFile(path)
        return files[path]

    alarms = check(read, verifier, None).alarms
    assert any("第 3 条的指纹不是由它的摘要" in alarm for alarm in alarms)
    assert not any("第 2 条的指纹" in alarm for alarm in alarms)
