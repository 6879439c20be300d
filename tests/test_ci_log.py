"""The log step of the CI templates `gongyue init` writes (issue 24), run as written: a
first publish started with GONGYUE_LOG_START=yes, then a publish that fetches the
live site's log by its address, extends it and builds; and one that would rewrite
the record, stopped before anything is built."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from gongyue.publish.log import folder_reader, read_published
from gongyue.record.tlog.note import Verifier

from .conftest import ROOT, lock_tree, write_tree
from .test_check_corpus import GOOD_V2, V2, good_site
from .test_monitor import newer_version, relock
from .test_site_log import new_keys, settings

TEMPLATES = ROOT / "src/gongyue/starter/ci"
HOSTS = ["github", "forgejo", "gitlab"]


def log_step(host: str) -> tuple[str, str]:
    """(the shell the host runs for the log and the build, the folder the site lands in)."""
    flow = yaml.safe_load((TEMPLATES / f"{host}.yml").read_text(encoding="utf-8"))
    if host == "gitlab":  # one job script, its items run in one shell
        lines = flow["pages"]["script"]
        ours = [line for line in lines if "GONGYUE_LOG" in line or line.startswith("mkdocs")]
        return "\n".join(ours), "public"
    steps = flow["jobs"]["publish"]["steps"]
    (step,) = [s for s in steps if s.get("name") == "记录日志并生成网站"]
    assert set(step["env"]) == {"GONGYUE_LOG_KEY", "GONGYUE_LOG_START", "GONGYUE_CACHE"}
    return step["run"], "site"


def cache_variable(host: str) -> str:
    """The page cache's folder, as the template hands it to the build, restored by the
    host's cache before it (``actions/cache``; GitLab's ``cache:``)."""
    flow = yaml.safe_load((TEMPLATES / f"{host}.yml").read_text(encoding="utf-8"))
    if host == "gitlab":
        folder = flow["pages"]["variables"]["GONGYUE_CACHE"]
        assert flow["pages"]["cache"]["paths"] == [f"{folder}/"]
        return str(folder)
    steps = flow["jobs"]["publish"]["steps"]
    (step,) = [s for s in steps if s.get("name") == "记录日志并生成网站"]
    folder = step["env"]["GONGYUE_CACHE"]
    restored = steps[steps.index(step) - 1]
    assert restored["uses"].startswith("actions/cache@") and restored["with"]["path"] == folder
    return str(folder)


def run_step(root: Path, host: str, **env: str) -> subprocess.CompletedProcess[str]:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    cache = {"GONGYUE_CACHE": cache_variable(host)}
    return subprocess.run(
        ["bash", "-e", "-c", log_step(host)[0]],
        cwd=root,
        env={**os.environ, "PATH": path, **cache, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def address(tmp_path):
    live = tmp_path / "live"
    live.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(live))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield live, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def deploy(root: Path, live: Path, out: str) -> None:
    shutil.rmtree(live)
    shutil.copytree(root / out, live)
    for leftover in (out, "log-new", "log-live"):
        shutil.rmtree(root / leftover, ignore_errors=True)


@pytest.mark.parametrize("host", HOSTS)
def test_the_template_starts_the_log_then_extends_what_the_live_site_serves(
    tmp_path, address, host
):
    live, url = address
    out = log_step(host)[1]
    secret, verifier = new_keys()
    root = write_tree(
        tmp_path / "city",
        {**good_site(), "mkdocs.yml": settings(verifier, "      posters: false\n", url)},
    )
    lock_tree(root)
    first = run_step(root, host, GONGYUE_LOG_KEY=secret, GONGYUE_LOG_START="yes")
    assert first.returncode == 0, first.stdout + first.stderr
    deploy(root, live, out)
    newer_version(root)
    second = run_step(root, host, GONGYUE_LOG_KEY=secret, GONGYUE_LOG_START="")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "新增 1 条" in second.stdout
    log = read_published(folder_reader(root / out), Verifier.parse(verifier))
    assert log.checkpoint.size == 4
    deploy(root, live, out)
    # The insider's rewrite, every witness in the repository agreeing: nothing is built.
    (root / V2).write_text(GOOD_V2.replace("邻里和睦", "邻里和谐"), encoding="utf-8")
    relock(root)
    refused = run_step(root, host, GONGYUE_LOG_KEY=secret, GONGYUE_LOG_START="")
    assert refused.returncode != 0 and "没有写出日志" in refused.stdout + refused.stderr
    assert not (root / out).exists()


@pytest.mark.parametrize("host", HOSTS)
def test_without_the_secret_the_template_builds_as_before(tmp_path, host):
    _, verifier = new_keys()
    root = write_tree(
        tmp_path / "city",
        {
            **good_site(),
            "mkdocs.yml": settings(verifier, "      posters: false\n", "https://x.example/"),
        },
    )
    lock_tree(root)
    built = run_step(root, host, GONGYUE_LOG_KEY="", GONGYUE_LOG_START="")
    assert built.returncode == 0, built.stdout + built.stderr
    out = root / log_step(host)[1]
    assert (out / "index.html").is_file() and not (out / "log").exists()
