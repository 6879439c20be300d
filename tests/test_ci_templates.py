"""The sharded CI templates run as written: their shell steps, job by job, as the host would.

No host runs here: the matrix (GitHub) and ``parallel: N`` (GitLab) are played
out by giving each job a fresh copy of the repository, its variables, and the
artifacts the host would hand it. The log's secret is set, as for a first
publish: the plan job writes the log, every shard and the top job use it. What
the steps produce must be the bytes of one build of the same sources with the
same log.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, build_site, demo_date
from .test_shards import differences
from .test_site_log import new_keys

TEMPLATES = ROOT / "src/gongyue/starter/ci-shards"
SKIPPED = ("pip install", "gongyue adopt-recorded")  # installing; committing votes back
SECRET, VERIFIER = new_keys()  # the operator's log key, as the CI secret and in mkdocs.yml


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    """A copy of the demo city's repository, as a checkout; without its PDFs, which the
    templates do not touch (tests/test_shards.py builds them in shards)."""
    repo = tmp_path_factory.mktemp("repo") / "city"
    shutil.copytree(ROOT / "docs", repo / "docs")
    shutil.copy(ROOT / "gongyue.lock", repo / "gongyue.lock")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      pdf: true" in config
    with_key = f"      pdf: false\n      log_key: {VERIFIER}"
    (repo / "mkdocs.yml").write_text(config.replace("      pdf: true", with_key), "utf-8")
    return repo


@pytest.fixture(scope="module")
def whole(repository, tmp_path_factory) -> Path:
    """One build of the same sources with the log the plan job writes (a first one)."""
    logged = tmp_path_factory.mktemp("whole") / "city"
    shutil.copytree(repository, logged)
    sh("gongyue log write log-new --first", logged, environment())
    with demo_date(), log_folder("log-new"):
        return build_site(logged, logged.parent / "site", lock=False).site_dir


@contextlib.contextmanager
def log_folder(name: str) -> Iterator[None]:
    os.environ["GONGYUE_LOG"] = name
    try:
        yield
    finally:
        del os.environ["GONGYUE_LOG"]


def environment(**extra: str) -> dict[str, str]:
    with demo_date():
        epoch = os.environ["SOURCE_DATE_EPOCH"]
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    log = {"GONGYUE_LOG_KEY": SECRET, "GONGYUE_LOG_START": "yes"}
    return {**os.environ, "PATH": path, "SOURCE_DATE_EPOCH": epoch, **log, **extra}


def with_exported(env: dict[str, str], exported: Path) -> dict[str, str]:
    """The variables earlier steps wrote to $GITHUB_ENV, as the runner hands them on."""
    if not exported.is_file():
        return env
    lines = exported.read_text(encoding="utf-8").splitlines()
    return {**env, **dict(line.split("=", 1) for line in lines)}


def job(repository: Path, folder: Path) -> Path:
    """A fresh checkout for one job."""
    shutil.copytree(repository, folder)
    return folder


def sh(script: str, cwd: Path, env: dict[str, str]) -> str:
    if script.strip().startswith(SKIPPED) or "git push" in script:
        return ""
    done = subprocess.run(
        ["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def outputs(file: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in file.read_text(encoding="utf-8").splitlines())


def publish_job(steps: list[dict], checkout: Path, exported: Path) -> None:
    """The publish job's shell steps, each with its own variables (the merge's cache
    folder), after the host restored that folder."""
    for step in steps:
        if "run" in step:
            variables = environment(GITHUB_ENV=str(exported), **step.get("env", {}))
            sh(step["run"], checkout, with_exported(variables, exported))
    (merging,) = [s for s in steps if "merge" in s.get("run", "")]
    kept = [s for s in steps if s.get("with", {}).get("path") == ".gongyue-cache"]
    assert kept[0]["uses"].startswith("actions/cache@") and merging["env"]["GONGYUE_CACHE"]
    assert list((checkout / ".gongyue-cache/merge").rglob("*.pages"))  # the whole site's index


def test_the_github_matrix_builds_the_same_site(repository, whole, tmp_path):
    flow = yaml.safe_load((TEMPLATES / "github.yml").read_text(encoding="utf-8"))
    jobs = flow["jobs"]
    assert jobs["shard"]["needs"] == "plan" and jobs["publish"]["needs"] == ["plan", "shard"]
    plan_out = tmp_path / "plan.out"
    planner = job(repository, tmp_path / "job-plan")
    (log_step,) = [s for s in jobs["plan"]["steps"] if s.get("name") == "记录日志"]
    sh(log_step["run"], planner, environment())
    logged = planner / "log-new"  # upload-artifact, name log
    (plan_step,) = [s for s in jobs["plan"]["steps"] if s.get("id") == "plan"]
    sh(plan_step["run"], planner, environment(GITHUB_OUTPUT=str(plan_out)))
    planned = outputs(plan_out)
    assert planned["epoch"].isdigit()  # one day for every job
    shards = json.loads(planned["shards"])
    assert shards == ["chenghua", "qingyang", "wuhou"]
    artifacts = tmp_path / "artifacts"
    for shard in shards:  # the matrix
        checkout = job(repository, tmp_path / f"job-{shard}")
        shutil.copytree(logged, checkout / "log-new")  # download-artifact, name log
        steps_out, exported = tmp_path / f"{shard}.out", tmp_path / f"{shard}.env"
        cache = jobs["shard"]["env"]["GONGYUE_CACHE"]  # the job's own variable
        env = environment(
            SHARD=shard, GONGYUE_CACHE=cache, GITHUB_OUTPUT=str(steps_out), GITHUB_ENV=str(exported)
        )
        for step in jobs["shard"]["steps"]:
            if "run" in step:
                sh(step["run"], checkout, with_exported(env, exported))
        named = outputs(steps_out)
        assert len(named["key"]) == 64
        restored = [s for s in jobs["shard"]["steps"] if s.get("with", {}).get("path") == cache]
        assert restored[0]["uses"].startswith("actions/cache@")  # the host restores it first
        assert list((checkout / cache).rglob("*.pages"))  # the shard's charters were kept
        shutil.copytree(checkout / "out", artifacts / named["name"])  # upload-artifact
    checkout = job(repository, tmp_path / "job-publish")
    shutil.copytree(artifacts, checkout / "shards")  # download-artifact, pattern shard-*
    shutil.copytree(logged, checkout / "log-new")
    exported = tmp_path / "publish.env"
    publish_job(jobs["publish"]["steps"], checkout, exported)
    assert (checkout / "site/log/checkpoint").is_file()
    pages = (checkout / "site").glob("*/*/*/*/*/index.html")  # a shard's version pages
    assert any("gy-log-place" in page.read_text(encoding="utf-8") for page in pages)
    assert differences(whole, checkout / "site") == []


def test_the_gitlab_parallel_jobs_build_the_same_site(repository, whole, tmp_path):
    flow = yaml.safe_load((TEMPLATES / "gitlab.yml").read_text(encoding="utf-8"))
    nodes = flow["shards"]["parallel"]
    assert flow["pages"]["needs"] == ["plan", "shards"]
    assert flow["plan"]["artifacts"]["reports"]["dotenv"] == "plan.env"
    planner = job(repository, tmp_path / "job-plan")
    for line in flow["plan"]["script"]:
        sh(line, planner, environment())
    assert outputs(tmp_path / "job-plan" / "plan.env")["SOURCE_DATE_EPOCH"].isdigit()
    assert flow["plan"]["artifacts"]["paths"] == ["log-new/"]
    gathered = tmp_path / "job-pages"
    job(repository, gathered)
    shutil.copytree(planner / "log-new", gathered / "log-new")  # the plan job's artifacts
    for node in range(1, nodes + 1):
        checkout = job(repository, tmp_path / f"job-{node}")
        shutil.copytree(planner / "log-new", checkout / "log-new")
        variables = flow["shards"]["variables"]
        env = environment(CI_NODE_INDEX=str(node), CI_NODE_TOTAL=str(nodes), **variables)
        sh("\n".join(flow["shards"]["script"]), checkout, env)  # one shell, as GitLab runs it
        cache = checkout / variables["GONGYUE_CACHE"]
        assert f"{variables['GONGYUE_CACHE']}/" in flow["shards"]["cache"]["paths"]
        assert not (checkout / "out").is_dir() or list(cache.rglob("*.pages"))
        if (checkout / "out").is_dir():  # GitLab lays every job's artifacts in one tree
            shutil.copytree(checkout / "out", gathered / "out", dirs_exist_ok=True)
    sh("\n".join(flow["pages"]["script"]), gathered, environment())
    assert differences(whole, gathered / "public") == []
    assert ".gongyue-cache/" in flow["pages"]["cache"]["paths"]
    assert list((gathered / ".gongyue-cache/merge").rglob("*.pages"))  # the whole site's index


def test_a_new_city_gets_the_templates_unused(tmp_path):
    from click.testing import CliRunner

    from gongyue.cli import gongyue

    result = CliRunner().invoke(gongyue, ["init", str(tmp_path / "city"), "--name", "新城市"])
    assert result.exit_code == 0, result.output
    for name in ("github.yml", "gitlab.yml"):
        written = tmp_path / "city" / "ci-shards" / name
        assert written.read_bytes() == (TEMPLATES / name).read_bytes()
    # Not where a host would run them: the single-build workflows stay in charge.
    assert "分片" not in (tmp_path / "city/.github/workflows/gongyue.yml").read_text("utf-8")
