"""The sharded CI templates run as written: their shell steps, job by job, as the host would.

No host runs here: the matrix (GitHub) and ``parallel: N`` (GitLab) are played
out by giving each job a fresh copy of the repository, its variables, and the
artifacts the host would hand it. What the steps produce must be the bytes of
one build of the same sources.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, build_site, demo_date
from .test_shards import differences

TEMPLATES = ROOT / "src/gongyue/starter/ci-shards"
SKIPPED = ("pip install", "gongyue adopt-recorded")  # installing; committing votes back


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    """A copy of the demo city's repository, as a checkout; without its PDFs, which the
    templates do not touch (tests/test_shards.py builds them in shards)."""
    repo = tmp_path_factory.mktemp("repo") / "city"
    shutil.copytree(ROOT / "docs", repo / "docs")
    shutil.copy(ROOT / "gongyue.lock", repo / "gongyue.lock")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      pdf: true" in config
    (repo / "mkdocs.yml").write_text(config.replace("      pdf: true", "      pdf: false"), "utf-8")
    return repo


@pytest.fixture(scope="module")
def whole(repository, tmp_path_factory) -> Path:
    with demo_date():
        return build_site(
            repository, tmp_path_factory.mktemp("whole") / "site", lock=False
        ).site_dir


def environment(**extra: str) -> dict[str, str]:
    with demo_date():
        epoch = os.environ["SOURCE_DATE_EPOCH"]
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, "PATH": path, "SOURCE_DATE_EPOCH": epoch, **extra}


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


def test_the_github_matrix_builds_the_same_site(repository, whole, tmp_path):
    flow = yaml.safe_load((TEMPLATES / "github.yml").read_text(encoding="utf-8"))
    jobs = flow["jobs"]
    assert jobs["shard"]["needs"] == "plan" and jobs["publish"]["needs"] == ["plan", "shard"]
    plan_out = tmp_path / "plan.out"
    (plan_step,) = [s for s in jobs["plan"]["steps"] if s.get("id") == "plan"]
    sh(plan_step["run"], repository, environment(GITHUB_OUTPUT=str(plan_out)))
    planned = outputs(plan_out)
    assert planned["epoch"].isdigit()  # one day for every job
    shards = json.loads(planned["shards"])
    assert shards == ["chenghua", "qingyang", "wuhou"]
    artifacts = tmp_path / "artifacts"
    for shard in shards:  # the matrix
        checkout = job(repository, tmp_path / f"job-{shard}")
        steps_out = tmp_path / f"{shard}.out"
        env = environment(SHARD=shard, GITHUB_OUTPUT=str(steps_out))
        for step in jobs["shard"]["steps"]:
            if "run" in step:
                sh(step["run"], checkout, env)
        named = outputs(steps_out)
        assert len(named["key"]) == 64
        shutil.copytree(checkout / "out", artifacts / named["name"])  # upload-artifact
    checkout = job(repository, tmp_path / "job-publish")
    shutil.copytree(artifacts, checkout / "shards")  # download-artifact, pattern shard-*
    for step in jobs["publish"]["steps"]:
        if "run" in step:
            sh(step["run"], checkout, environment())
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
    gathered = tmp_path / "job-pages"
    job(repository, gathered)
    for node in range(1, nodes + 1):
        checkout = job(repository, tmp_path / f"job-{node}")
        env = environment(CI_NODE_INDEX=str(node), CI_NODE_TOTAL=str(nodes))
        for line in flow["shards"]["script"]:
            sh(line, checkout, env)
        if (checkout / "out").is_dir():  # GitLab lays every job's artifacts in one tree
            shutil.copytree(checkout / "out", gathered / "out", dirs_exist_ok=True)
    for line in flow["pages"]["script"]:
        sh(line, gathered, environment())
    assert differences(whole, gathered / "public") == []


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
