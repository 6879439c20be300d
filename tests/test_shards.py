"""A site built as shards, a top job and a merge is the same bytes as one build of it.

Every job runs through the command line (``gongyue build --shard``, ``--top``,
``gongyue merge``), which runs MkDocs as its own program, as CI would.
"""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from gongyue.cli import gongyue
from gongyue.publish import manifests, sitemap
from gongyue.record.loader import load_site
from gongyue.record.model import Site
from gongyue.record.summary import graft, unit_record

from .conftest import DEMO_DATE, ROOT, build_site, demo_date

sys.path.insert(0, str(ROOT / "scripts"))
import gen_corpus


def run(*args: str | Path):
    result = CliRunner().invoke(gongyue, [str(a) for a in args])
    return result


def differences(left: Path, right: Path) -> list[str]:
    """Every file that is in one tree only or differs in bytes (relative paths)."""
    found: list[str] = []
    names = {p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file()}
    names |= {p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file()}
    for name in sorted(names):
        a, b = left / name, right / name
        if not (a.is_file() and b.is_file() and filecmp.cmp(a, b, shallow=False)):
            found.append(name)
    return found


def build_in_shards(site_dir: Path, shards: list[str], out: Path) -> Path:
    """Every shard, the top job and the merge, through the command line; the merged site."""
    outputs = []
    for shard in shards:
        folder = out / shard.replace("/", "_")
        result = run("build", site_dir, "--shard", shard, "-d", folder)
        assert result.exit_code == 0, result.output
        outputs.append(folder)
    tops = [arg for folder in outputs for arg in ("--top", folder)]
    result = run("build", site_dir, *tops, "-d", out / "top")
    assert result.exit_code == 0, result.output
    result = run("merge", out / "top", *outputs, "-o", out / "site")
    assert result.exit_code == 0, result.output
    return out / "site"


@pytest.fixture(scope="module")
def whole_demo(demo) -> Path:
    """The demo built in one piece: the build every test shares (conftest.demo)."""
    return demo.site_dir


def test_shard_plan_is_the_top_level_units_or_a_level_below():
    assert json.loads(run("shards", ROOT).output) == ["chenghua", "qingyang", "wuhou"]
    deeper = json.loads(run("shards", ROOT, "--depth", "2").output)
    assert "qingyang/fanglinlu" in deeper and "qingyang" not in deeper


def test_the_demo_in_shards_is_byte_identical_to_one_build(whole_demo, tmp_path):
    with demo_date():
        merged = build_in_shards(ROOT, ["chenghua", "qingyang", "wuhou"], tmp_path)
    assert (merged / "pagefind" / "pagefind-entry.json").is_file()
    assert differences(whole_demo, merged) == []


def test_nested_shards_and_a_model_in_another_shard_are_identical_too(city_copy, tmp_path):
    # yuan-141's charter is based on yuan-131's (范本), which the top job builds; the
    # district above the shard, its street and the other districts are the top job's.
    # (The demo without PDFs: the test above compares them, built in shards.)
    with demo_date():
        whole = build_site(city_copy, tmp_path / "whole", lock=False).site_dir
        merged = build_in_shards(
            city_copy, ["chenghua/mengzhuiwan", "qingyang/fanglinlu/yuan-141"], tmp_path
        )
    assert (merged / "qingyang/fanglinlu/yuan-141/yuanluo-gongyue/fanben/index.html").is_file()
    assert differences(whole, merged) == []


def test_a_generated_city_in_shards_is_byte_identical(tmp_path):
    city = tmp_path / "city"
    gen_corpus.generate(city, 16, seed=5)  # two communities: two shards
    (city / "mkdocs.yml").write_text(
        gen_corpus.CONFIG.format(date=gen_corpus.BUILD_DATE), encoding="utf-8"
    )
    shards = json.loads(run("shards", city, "--depth", "3").output)  # the communities
    assert len(shards) >= 2
    with demo_date():  # the sitemap's dates and its gzip header
        whole = build_site(city, tmp_path / "whole", lock=False)
        merged = build_in_shards(city, shards, tmp_path / "parts")
    assert differences(whole.site_dir, merged) == []


def test_a_shard_keeps_only_its_own_files_and_says_what_it_made(city_copy, tmp_path):
    with demo_date():
        wuhou = city_copy / "docs/wuhou"  # a unit folder, as a committee would point at it
        built = run("build", city_copy, "--shard", wuhou, "-d", tmp_path / "w")
        assert built.exit_code == 0, built.output
    assert sorted(p.name for p in (tmp_path / "w").iterdir()) == ["gongyue-shard.json", "wuhou"]
    manifest = manifests.read_shard_manifest(tmp_path / "w")
    assert manifest.shard == "wuhou" and manifest.record["slugs"] == ["wuhou"]
    assert all("/wuhou/" in loc for loc in manifest.locs)
    assert manifest.indexed and all(p.startswith("wuhou/") for p in manifest.indexed)


# --- skipping what did not change -------------------------------------------------------


@pytest.fixture
def city_copy(tmp_path) -> Path:
    """The demo city, without its PDFs (a sixth of a second each; the byte-identity tests
    above build them in shards, these test what is skipped and refused)."""
    city = tmp_path / "demo"
    shutil.copytree(ROOT / "docs", city / "docs")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      pdf: true" in config
    (city / "mkdocs.yml").write_text(config.replace("      pdf: true", "      pdf: false"), "utf-8")
    shutil.copy(ROOT / "gongyue.lock", city / "gongyue.lock")
    return city


def key(city: Path, shard: str) -> str:
    result = run("build", city, "--shard", shard, "--print-key", "-d", city / "unused")
    assert result.exit_code == 0, result.output
    return result.output.strip()


def test_the_key_changes_with_the_shards_inputs_only(city_copy):
    before = {s: key(city_copy, s) for s in ("chenghua", "qingyang", "wuhou")}
    prose = city_copy / "docs/wuhou/huochenanzhan/index.md"
    prose.write_text(prose.read_text(encoding="utf-8") + "\n补充一句介绍。\n", encoding="utf-8")
    after = {s: key(city_copy, s) for s in ("chenghua", "qingyang", "wuhou")}
    assert after["wuhou"] != before["wuhou"]
    assert after["chenghua"] == before["chenghua"] and after["qingyang"] == before["qingyang"]
    guide = city_copy / "docs/guide/index.md"  # the operator's pages are in every menu
    guide.write_text(guide.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert key(city_copy, "chenghua") != after["chenghua"]


def test_the_key_follows_the_model_and_the_units_above(city_copy):
    nested = key(city_copy, "qingyang/fanglinlu/yuan-141")
    model = next((city_copy / "docs/qingyang/fanglinlu/yuan-131/yuanluo-gongyue").glob("20*.md"))
    model.write_text(model.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after_model = key(city_copy, "qingyang/fanglinlu/yuan-141")
    assert after_model != nested
    above = city_copy / "docs/qingyang/index.md"
    above.write_text(above.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert key(city_copy, "qingyang/fanglinlu/yuan-141") != after_model
    config = city_copy / "mkdocs.yml"
    before = key(city_copy, "wuhou")
    config.write_text(config.read_text(encoding="utf-8") + "\n# 运维改了设置\n", encoding="utf-8")
    assert key(city_copy, "wuhou") != before


def test_an_unchanged_shard_is_reused_and_a_changed_one_rebuilt(city_copy, tmp_path):
    out = tmp_path / "wuhou"
    with demo_date():
        assert "已构建" in run("build", city_copy, "--shard", "wuhou", "-d", out).output
        page = out / "wuhou/index.html"
        page.write_text("cache restored", encoding="utf-8")  # a marker: is it rebuilt?
        again = run("build", city_copy, "--shard", "wuhou", "-d", out)
        assert again.exit_code == 0 and "没有变化" in again.output
        assert page.read_text(encoding="utf-8") == "cache restored"
        prose = city_copy / "docs/wuhou/index.md"
        prose.write_text(prose.read_text(encoding="utf-8") + "\n新的一段。\n", encoding="utf-8")
        assert "已构建" in run("build", city_copy, "--shard", "wuhou", "-d", out).output
    assert "新的一段" in page.read_text(encoding="utf-8")


# --- what does not fit is refused in Chinese ---------------------------------------------


def test_a_folder_that_is_not_a_unit_is_refused(tmp_path):
    result = run("build", ROOT, "--shard", "docs/guide", "-d", tmp_path / "x")
    assert result.exit_code == 1 and "不是一个单位文件夹" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "x").exists()
    both = run("build", ROOT, "--shard", "wuhou", "--top", ROOT, "-d", tmp_path / "x")
    assert both.exit_code == 2 and "--shard 与 --top" in both.output


def test_the_top_job_refuses_a_folder_that_is_no_shard_output(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("build", ROOT, "--top", tmp_path / "empty", "-d", tmp_path / "top")
    assert result.exit_code == 1 and "没有找到分片的输出" in result.output
    (tmp_path / "empty" / manifests.SHARD_MANIFEST).write_text("{不是 JSON", encoding="utf-8")
    broken = run("build", ROOT, "--top", tmp_path / "empty", "-d", tmp_path / "top")
    assert broken.exit_code == 1 and "不是一个分片的输出" in broken.output
    assert "Traceback" not in broken.output


def test_merge_refuses_missing_stale_shards_and_a_full_folder(city_copy, tmp_path):
    with demo_date():
        for shard in ("wuhou", "qingyang"):
            built = run("build", city_copy, "--shard", shard, "-d", tmp_path / shard)
            assert built.exit_code == 0, built.output
        top = run(
            "build",
            city_copy,
            "--top",
            tmp_path / "wuhou",
            "--top",
            tmp_path / "qingyang",
            "-d",
            tmp_path / "top",
        )
        assert top.exit_code == 0, top.output
    missing = run("merge", tmp_path / "top", tmp_path / "wuhou", "-o", tmp_path / "s1")
    assert missing.exit_code == 1 and "缺少分片：qingyang" in missing.output
    manifest = tmp_path / "wuhou" / manifests.SHARD_MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**data, "key": "0" * 64}), encoding="utf-8")
    stale = run(
        "merge", tmp_path / "top", tmp_path / "wuhou", tmp_path / "qingyang", "-o", tmp_path / "s2"
    )
    assert stale.exit_code == 1 and "不是同一次构建" in stale.output
    manifest.write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "s3").mkdir()
    (tmp_path / "s3" / "keep.txt").write_text("运维的文件", encoding="utf-8")
    full = run(
        "merge", tmp_path / "top", tmp_path / "wuhou", tmp_path / "qingyang", "-o", tmp_path / "s3"
    )
    assert full.exit_code == 1 and "不是空文件夹" in full.output
    assert (tmp_path / "s3" / "keep.txt").read_text(encoding="utf-8") == "运维的文件"


# --- the hollow record and the sitemap ----------------------------------------------------


def test_a_hollow_record_round_trips_and_carries_the_fingerprints():
    import datetime as dt

    from gongyue.record.fingerprint import fingerprints

    site = load_site(ROOT, ROOT / "docs", dt.date.fromisoformat(DEMO_DATE))
    for unit in site.roots:
        record = unit_record(unit)
        shell = Site(site.docs_dir, site.build_date, [])
        graft(shell, [json.loads(json.dumps(record))])
        (hollow,) = shell.roots
        assert unit_record(hollow) == record
        for full, empty in zip(unit.walk(), hollow.walk(), strict=True):
            for a, b in zip(full.charters, empty.charters, strict=True):
                assert fingerprints(a) == fingerprints(b)
                assert [v.status for v in a.versions] == [v.status for v in b.versions]
                assert a.status == b.status and a.title == b.title


SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url>
         <loc>https://x.cn/</loc>
         <lastmod>2026-11-25</lastmod>
    </url>
</urlset>"""

LOCS = st.lists(st.from_regex(r"https://x\.cn/[a-z0-9\-/]{0,30}", fullmatch=True), max_size=30)


def read_locs(path: Path) -> list[str]:
    """The <loc> of every entry, read with an XML parser."""
    space = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    return [e.text or "" for e in ElementTree.parse(path).getroot().iter(f"{space}loc")]


def written_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@given(first=LOCS, second=LOCS, limit=st.integers(1, 40))
def test_the_sitemap_is_the_same_whatever_order_its_parts_arrive_in(
    first, second, limit, tmp_path_factory
):
    written = []
    for order in (first + second, second[::-1] + first):
        folder = tmp_path_factory.mktemp("map")
        (folder / "sitemap.xml").write_text(SITEMAP, encoding="utf-8")
        sitemap.write_sitemap(folder, sitemap.sitemap_locs(folder) + order, "https://x.cn/", limit)
        written.append(written_files(folder))
    assert written[0] == written[1]
    everything = sorted(set(first + second + ["https://x.cn/"]))
    listed = read_locs(folder / "sitemap.xml")
    if len(everything) <= limit:
        assert listed == everything
        return
    parts = [folder / "sitemaps" / f"sitemap-{n}.xml" for n in range(1, len(listed) + 1)]
    assert listed == [f"https://x.cn/sitemaps/sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    assert all(len(read_locs(part)) <= limit for part in parts)
    assert [loc for part in parts for loc in read_locs(part)] == everything


def test_overlapping_or_vanished_shards_are_refused_before_the_top_job(city_copy, tmp_path):
    with demo_date():
        for shard in ("qingyang", "qingyang/fanglinlu"):
            built = run("build", city_copy, "--shard", shard, "-d", tmp_path / shard)
            assert built.exit_code == 0, built.output
    both = run(
        "build",
        city_copy,
        "--top",
        tmp_path / "qingyang",
        "--top",
        tmp_path / "qingyang/fanglinlu",
        "-d",
        tmp_path / "top",
    )
    assert both.exit_code == 1 and "在分片“qingyang”里面" in both.output
    shutil.rmtree(city_copy / "docs/qingyang")
    gone = run("build", city_copy, "--top", tmp_path / "qingyang", "-d", tmp_path / "top")
    assert gone.exit_code == 1 and "已不在 docs/ 里" in gone.output
    assert not (tmp_path / "top").exists()


def test_an_error_in_one_shard_stops_that_shard_only(city_copy, tmp_path):
    broken = next((city_copy / "docs/wuhou").rglob("20*.md"))
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8"
    )
    with demo_date():
        failed = subprocess.run(
            [
                sys.executable,
                "-m",
                "gongyue.cli",
                "build",
                str(city_copy),
                "--shard",
                "wuhou",
                "-d",
                str(tmp_path / "w"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        fine = run("build", city_copy, "--shard", "chenghua", "-d", tmp_path / "c")
    said = failed.stdout + failed.stderr
    assert failed.returncode == 1 and "Traceback" not in said
    assert f"{broken.relative_to(city_copy).as_posix()}:" in said  # the file and its line
    assert "MkDocs 没有建成" in said
    assert fine.exit_code == 0, fine.output
