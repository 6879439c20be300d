"""Shared fixtures: write a content tree, build it with the real plugin, parse the HTML."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import http.server
import os
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

ROOT = Path(__file__).resolve().parent.parent
DEMO_DATE = "2026-11-25"  # tests pin the build date; the demo's draft is open then

# The longest test files first: pytest-xdist hands out whole files (--dist loadfile) in
# collection order, so starting with these lets both workers finish together instead of
# one waiting while the other runs a long file last. The first four do not need the demo
# city, so one worker builds it (conftest.demo) while the other goes on working instead
# of both waiting for it. Figures: pytest --durations=0.
LONGEST_FIRST = (
    "test_companion_process.py",
    "test_ci_templates.py",
    "test_build.py",
    "test_insider_shards.py",
    "test_shards.py",
    "test_accessibility.py",
    "test_elders.py",
    "test_engines.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: each file's tests keep their order


MINIMAL_CONFIG = """\
site_name: 测试城市
theme:
  name: material
plugins:
  - gongyue:
      build_date: "{date}"
"""


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (path -> text, dedented, or raw bytes) under ``root``."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


@dataclass
class Built:
    site_dir: Path

    def path(self, url: str) -> Path:
        return self.site_dir / url.strip("/") / "index.html"

    def exists(self, url: str) -> bool:
        return self.path(url).is_file()

    def html(self, url: str) -> BeautifulSoup:
        return BeautifulSoup(self.path(url).read_text(encoding="utf-8"), "lxml")

    def main(self, url: str) -> BeautifulSoup:
        """The page's own content, without Material's header, nav and footer."""
        main = self.html(url).select_one("div.gy")
        assert main is not None, f"no gongyue content on {url}"
        return main

    def text(self, url: str) -> str:
        return " ".join(self.main(url).get_text(" ", strip=True).split())


def lock_tree(project: Path, date: str = "2024-01-01") -> None:
    """Record the lock a committee would have made with ``gongyue lock`` (if there is none)."""
    from gongyue.adapters.git import run_git
    from gongyue.adapters.options import load_project  # mkdocs.yml as the build reads it
    from gongyue.procedure.integrity import verify
    from gongyue.procedure.lock import LOCK_NAME, render_lock
    from gongyue.record.loader import load_tolerantly

    if (project / LOCK_NAME).exists():
        return
    docs = load_project(project).docs_dir
    site, _ = load_tolerantly(project, docs, dt.date.fromisoformat(date))
    entries = verify(project, site, run_git).entries
    if entries:
        (project / LOCK_NAME).write_text(render_lock(entries), encoding="utf-8")


def build_site(
    project: Path, out: Path | None = None, strict: bool = True, lock: bool = True
) -> Built:
    """Run a real MkDocs build of ``project`` in this process (locked first, unless told not to)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    if lock:
        lock_tree(project)
    out = out or project / "site"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(out), strict=strict)
    build(config)
    return Built(out)


@pytest.fixture
def make_site(tmp_path: Path):
    """Write a project (mkdocs.yml defaults to the minimal one) and build it."""

    def make(files: dict[str, str | bytes], date: str = "2024-01-01") -> Built:
        files = {"mkdocs.yml": MINIMAL_CONFIG.format(date=date), **files}
        write_tree(tmp_path / "project", files)
        return build_site(tmp_path / "project")

    return make


@contextlib.contextmanager
def demo_date() -> Iterator[None]:
    """SOURCE_DATE_EPOCH at the demo's build date, put back as it was afterwards."""
    epoch = dt.datetime.fromisoformat(DEMO_DATE + "T12:00:00+08:00").timestamp()
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch))
    try:
        yield
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def build_demo(out: Path, adjust: Callable[[Any], None] = lambda config: None) -> Built:
    """The demo built with the repository's mkdocs.yml at its date; ``adjust`` may change
    the loaded configuration first (another feature, another option)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with demo_date():
        config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(out), strict=True)
        adjust(config)
        build(config)
    return Built(out)


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The demo city, built once per test run with the repository's own mkdocs.yml and a
    fixed date: parallel workers (pytest-xdist) share one build, the first one makes it."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        with demo_date():
            return build_site(ROOT, tmp_path_factory.mktemp("demo-site"))
    shared = tmp_path_factory.getbasetemp().parent  # the same folder for every worker
    target, done = shared / "demo-site", shared / "demo-site.done"
    with open(shared / "demo-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the others wait here while the first builds
        if not done.exists():
            with demo_date():
                build_site(ROOT, target)
            done.touch()
    return Built(target)


def unit_md(name: str, kind: str, prose: str = "") -> str:
    return f"---\nunit: {{name: {name}, kind: {kind}}}\n---\n{prose}\n"


def version_md(
    body: str,
    *,
    date: str | None = "2016-03-20",
    title: str = "测试社区居民公约",
    change: str = "制定",
    result: str = "通过",
    extra: str = "",
    counts: tuple[int, int, int, int, int] = (100, 80, 70, 5, 5),
) -> str:
    """A version file; ``date=None`` gives a draft without a meeting."""
    lines = ["---", f"title: {title}", "type: 居民公约", f"change: {change}", "summary: 测试"]
    if date is not None:
        e, p, f, a, b = counts
        lines += [
            f"meeting: {{body: 居民代表会议, date: {date}, eligible: {e}, present: {p}, "
            f"for: {f}, against: {a}, abstain: {b}}}",
            f"result: {result}",
        ]
    if extra:
        lines += textwrap.dedent(extra).strip().split("\n")
    lines += ["---", textwrap.dedent(body).strip(), ""]
    return "\n".join(lines)


# Browser: Debian's Chromium driven by Playwright, serving the built demo.

sys.path.insert(0, str(ROOT / "scripts"))
from browser import CHROMIUM, FLAGS  # noqa: E402  (one list for the tests and the benchmarks)

PHONE = {"width": 375, "height": 740}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def served(demo):
    handler = functools.partial(_QuietHandler, directory=str(demo.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def phone(chromium, served):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    yield context.new_page()
    context.close()


def no_sideways_scroll(page) -> bool:
    # Against the device's width: on a phone, the browser widens innerWidth to fit the content.
    width = page.evaluate("document.documentElement.scrollWidth")
    return width <= page.viewport_size["width"]
