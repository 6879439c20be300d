"""The companion writer under every start method: the same bytes, and clean failures.

The helper process starts by fork (Linux, one thread), by spawn (anywhere) or
not at all; the site must not depend on which, and every failure must stop the
helper, give the process back as it was and say one Chinese line.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import multiprocessing
import os
import shutil
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path

import pytest

from gongyue.publish import companion_process, posters
from gongyue.publish.companion_writer import Writer
from gongyue.publish.companions import Output

from .conftest import DEMO_DATE, ROOT

STARTS = [companion_process.FORK, companion_process.SPAWN, companion_process.NONE]


def _page(n: int, folder: str = "p", delay: float = 0.0) -> Output:
    time.sleep(delay)
    return Output(f"{folder}/{n}/index.html", f"<p>{n}</p>")


def _page_noting_who(n: int, notes: Path) -> Output:
    time.sleep(0.002)  # a page takes about a millisecond to make
    (notes / str(n)).write_text(str(os.getpid()), encoding="utf-8")
    return Output(f"p/{n}/index.html", f"<p>{n}</p>")


def _fails_in_helper(n: int, started: Path, engine: int) -> Output:
    if os.getpid() != engine:
        started.touch()
        raise ValueError("模板坏了")
    return _page(n, delay=0.01)


def _fails_in_engine(n: int, engine: int) -> Output:
    if os.getpid() == engine:
        raise ValueError("模板坏了")
    return _page(n, delay=0.001)


def _restored() -> bool:
    """No helper left running and the collector sees every object again."""
    return not multiprocessing.active_children() and gc.get_freeze_count() == 0


def _wait_for(path: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """The demo built by the `mkdocs` command once per start method. Without PDFs: they
    are made after the pages, by a pool of their own (a sixth of a second each); the
    pool is tried under every start method below, on eight of the demo's sheets."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      pdf: true" in config
    epoch = int(dt.datetime.fromisoformat(DEMO_DATE + "T12:00:00+08:00").timestamp())
    sites = {}
    for start in STARTS:
        project = tmp_path_factory.mktemp(f"start-{start}")
        shutil.copytree(ROOT / "docs", project / "docs")
        shutil.copy(ROOT / "gongyue.lock", project / "gongyue.lock")
        (project / "mkdocs.yml").write_text(
            config.replace(
                "      pdf: true", f"      pdf: false\n      companion_process: {start}"
            ),
            encoding="utf-8",
        )
        mkdocs = Path(sys.executable).parent / "mkdocs"
        result = subprocess.run(
            [str(mkdocs), "build", "--strict", "-f", "mkdocs.yml", "-d", "site"],
            cwd=project,
            env={**os.environ, "SOURCE_DATE_EPOCH": str(epoch)},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        sites[start] = project / "site"
    return sites


def test_every_start_method_writes_the_same_site(builds):
    digests = {start: tree_digest(site) for start, site in builds.items()}
    fork = digests[companion_process.FORK]
    assert any(path.endswith("/hant.json") for path in fork)
    assert any("/papers/" in path for path in fork)
    for start in (companion_process.SPAWN, companion_process.NONE):
        assert digests[start] == fork, start


@pytest.mark.parametrize("start", STARTS)
def test_every_start_method_makes_the_same_pdfs(demo, tmp_path, start, monkeypatch):
    """The PDFs of the demo's first papers, made by the pool under ``start``, are the bytes
    the demo's own build made (as many papers as it takes to use the pool)."""
    made = sorted(demo.site_dir.rglob("papers/*/*.pdf"))
    assert len(made) >= 4
    monkeypatch.setattr(posters, "PARALLEL_PDFS_FROM", len(made))  # the pool, not one by one
    shutil.copytree(demo.site_dir / "assets", tmp_path / "assets")
    jobs = []
    for pdf in made:
        sheet = pdf.parent / "index.html"
        rel = sheet.relative_to(demo.site_dir)
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(sheet, tmp_path / rel)
        target = pdf.relative_to(demo.site_dir).as_posix()
        jobs.append(posters.PdfJob(rel.as_posix(), rel.as_posix(), target))
    posters.write_pdfs(jobs, tmp_path, start)
    for pdf in made:
        copy = tmp_path / pdf.relative_to(demo.site_dir)
        assert copy.read_bytes() == pdf.read_bytes(), copy


@pytest.mark.parametrize("start", STARTS)
def test_every_page_is_written_once_whoever_makes_it(tmp_path, start):
    notes = tmp_path / "made-by"
    notes.mkdir()
    jobs = [partial(_page_noting_who, n, notes) for n in range(400)]
    writer = Writer(jobs, tmp_path / "site", background=True, method=start)
    if start != companion_process.NONE:
        _wait_for(notes / "0")  # the helper has begun while the engine renders its own pages
    writer.wait()
    written = {
        p.parent.name: p.read_text("utf-8") for p in (tmp_path / "site/p").glob("*/index.html")
    }
    assert written == {str(n): f"<p>{n}</p>" for n in range(400)}
    makers = {p.read_text("utf-8") for p in notes.iterdir()}
    assert len(makers) == (1 if start == companion_process.NONE else 2)
    assert _restored()


@pytest.mark.parametrize("start", [companion_process.FORK, companion_process.SPAWN])
def test_a_failure_in_the_helper_is_one_chinese_line(tmp_path, capfd, start):
    started = tmp_path / "started"
    jobs = [partial(_fails_in_helper, n, started, os.getpid()) for n in range(200)]
    writer = Writer(jobs, tmp_path / "site", background=True, method=start)
    _wait_for(started)
    with pytest.raises(RuntimeError) as raised:
        writer.wait()
    said = capfd.readouterr().err
    assert "ValueError: 模板坏了" in said and "Traceback" not in said
    assert len(said.strip().splitlines()) == 1, said
    assert "没有正常结束" in str(raised.value)
    assert _restored()


@pytest.mark.parametrize("start", STARTS)
def test_a_failure_in_the_engine_process_stops_the_helper(tmp_path, capfd, start):
    jobs = [partial(_fails_in_engine, n, os.getpid()) for n in range(2000)]
    writer = Writer(jobs, tmp_path / "site", background=True, method=start)
    with pytest.raises(RuntimeError) as raised:
        writer.wait()
    assert str(raised.value).startswith(
        "错误：生成公约页面、文书或繁体对照表时出错（ValueError: 模板坏了）"
    )
    assert "Traceback" not in capfd.readouterr().err
    assert _restored()


@pytest.mark.parametrize("start", STARTS)
def test_a_companion_that_cannot_be_written_is_reported_in_chinese(tmp_path, capfd, start):
    blocker = tmp_path / "site" / "a"
    blocker.parent.mkdir()
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    jobs = [partial(_page, n, "a") for n in range(40)]
    writer = Writer(jobs, tmp_path / "site", background=True, method=start)
    with pytest.raises(RuntimeError) as raised:
        writer.wait()
    said = str(raised.value) + capfd.readouterr().err
    assert "无法写入" in said and "Traceback" not in said
    assert blocker.read_text(encoding="utf-8") == "a file where a folder should be"
    assert _restored()


def test_stopping_a_build_ends_the_helper_and_unfreezes(tmp_path):
    jobs = [partial(_page, n, delay=0.01) for n in range(2000)]
    writer = Writer(jobs, tmp_path / "site", background=True, method=companion_process.FORK)
    assert gc.get_freeze_count() > 0 and multiprocessing.active_children()
    writer.stop()  # what the plugin does on a build error
    assert _restored()


def test_jobs_that_cannot_travel_are_made_here_instead(tmp_path):
    jobs = [lambda n=n: _page(n) for n in range(500)]  # a lambda cannot be pickled
    writer = Writer(jobs, tmp_path / "site", background=True, method=companion_process.SPAWN)
    assert writer.helper.method == companion_process.NONE
    writer.wait()
    assert len(list((tmp_path / "site/p").glob("*/index.html"))) == 500


def test_auto_forks_only_on_linux_with_one_thread(monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(sys, "platform", "linux")
    assert companion_process.choose(companion_process.AUTO, 10) == companion_process.FORK
    for platform in ("darwin", "win32"):
        monkeypatch.setattr(sys, "platform", platform)
        assert companion_process.choose(companion_process.AUTO, 10) == companion_process.NONE
        assert (
            companion_process.choose(companion_process.AUTO, companion_process.SPAWN_WORTH_FROM)
            == companion_process.SPAWN
        )
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(threading, "active_count", lambda: 3)  # a test session, a server
    assert companion_process.choose(companion_process.AUTO, 10) == companion_process.NONE
    assert (
        companion_process.choose(companion_process.FORK, 10) == companion_process.FORK
    )  # asked for: the caller knows
