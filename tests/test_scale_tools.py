"""The synthetic city generator and the scoped preview."""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongyue.cli import gongyue

from .conftest import build_site

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import gen_corpus  # noqa: E402


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return h.hexdigest()


def test_generator_is_deterministic_for_a_seed(tmp_path):
    gen_corpus.generate(tmp_path / "a", 30, seed=7)
    gen_corpus.generate(tmp_path / "b", 30, seed=7)
    gen_corpus.generate(tmp_path / "c", 30, seed=8)
    assert digest(tmp_path / "a") == digest(tmp_path / "b") != digest(tmp_path / "c")


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("city")
    assert gen_corpus.generate(out, 60, seed=3) == 60
    (out / "mkdocs.yml").write_text(
        gen_corpus.CONFIG.format(date=gen_corpus.BUILD_DATE), encoding="utf-8"
    )
    return out


def test_generated_city_has_the_promised_shape(city):
    import datetime as dt

    from gongyue.record.loader import load_site

    site = load_site(city, city / "docs", dt.date(2026, 11, 25))
    courtyards = [u for u in site.units if u.kind == "院落"]
    assert len(courtyards) == 60
    assert all(2 <= len(u.charters) <= 4 for u in courtyards)
    counts = [len(c.versions) for c in site.charters]
    assert min(counts) >= 1 and max(counts) <= 6 and max(counts) > 3
    sizes = [len(v.document.articles) for c in site.charters for v in c.versions if not v.is_repeal]
    assert min(sizes) >= 10 and max(sizes) <= 40
    assert {v.document.shape for c in site.charters for v in c.versions if not v.is_repeal} == {
        "tiao",
        "short",
    }
    assert any(c.drafts for c in site.charters)
    assert any(v.status == "未通过" for c in site.charters for v in c.versions)
    ops = {
        ch.op
        for c in site.charters
        for v in c.adopted
        if v.previous
        for ch in __import__("gongyue.text.compare", fromlist=["compare"])
        .compare(v.previous.document, v.document)
        .changes
    }
    assert {"added", "deleted", "modified", "renumbered"} <= ops


def test_generated_city_passes_the_checker(city):
    result = CliRunner().invoke(gongyue, ["check", str(city), "--date", "2026-11-25"])
    assert result.exit_code == 0, result.output


def test_scoped_build_has_the_subtree_and_the_home_page_only(city, tmp_path):
    unit = "qu-1/jie-1/she-1/yuan-2"
    config = (city / "mkdocs.yml").read_text(
        encoding="utf-8"
    ) + f"      only: {unit}\n      search: false\n"
    project = tmp_path / "p"
    project.mkdir()
    (project / "docs").symlink_to(city / "docs")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    built = build_site(project)
    pages = sorted(
        p.parent.relative_to(built.site_dir).as_posix() for p in built.site_dir.rglob("index.html")
    )
    outside = [
        p
        for p in pages
        if p.startswith("qu-")
        and not p.startswith(unit)
        and p not in ("qu-1", "qu-1/jie-1", "qu-1/jie-1/she-1")
    ]
    assert outside == []
    assert f"{unit}/yuanluo-gongyue" in pages and "." in pages
    assert "预览：只生成了" in built.text(unit + "/")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_gongyue_serve_only_previews_one_courtyard_and_a_stop_signal_cleans_up(
    city, tmp_path, stop
):
    """The preview serves the courtyard; stopped by a signal (a terminal closed, a service
    manager) it removes its temporary site, as Ctrl+C does."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    port = free_port()
    unit = city / "docs/qu-1/jie-1/she-1/yuan-2"
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gongyue"),
            "serve",
            "--only",
            str(unit),
            "--port",
            str(port),
        ],
        cwd=city,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=dict(os.environ, TMPDIR=str(temporary)),
    )
    try:
        url = f"http://127.0.0.1:{port}/qu-1/jie-1/she-1/yuan-2/"
        deadline = time.monotonic() + 60
        body = ""
        while time.monotonic() < deadline and not body:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    body = response.read().decode("utf-8")
            except OSError:
                time.sleep(0.2)
        assert "预览：只生成了" in body
        assert list(temporary.glob("mkdocs_*"))  # the site it serves
    finally:
        process.send_signal(stop)
        process.wait(timeout=20)
    assert list(temporary.glob("mkdocs_*")) == []


def test_serve_refuses_a_folder_that_is_not_a_unit(city):
    result = CliRunner().invoke(gongyue, ["serve", str(city), "--only", str(city / "docs")])
    assert result.exit_code == 1 and "不是一个社区或院落的文件夹" in result.output
