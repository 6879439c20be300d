"""scripts/bench_phases.py times a real cached build, phase by phase: run on a small city."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def test_each_phase_of_a_cached_build_is_timed(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GONGYUE_BENCH_DIR", str(tmp_path))
    monkeypatch.delenv("GONGYUE_CACHE", raising=False)
    bench_incremental = importlib.reload(importlib.import_module("bench_incremental"))
    gen_corpus = importlib.import_module("gen_corpus")
    work = bench_incremental.WORK
    gen_corpus.city(work / "city", 4)
    bench_incremental.build(work / "city", work / "site", work / "cache")
    bench_phases = importlib.reload(importlib.import_module("bench_phases"))
    monkeypatch.setattr(sys, "argv", ["bench_phases.py", "--change", "draft"])
    bench_phases.main()
    said = capsys.readouterr().out
    assert "change: draft (" in said and "draft.md)" in said
    rows = {line.split(" | ")[0].strip("| "): line for line in said.splitlines()}
    for phase in ("whole build", "cache.load_remembering", "cache.index_search", "themed.jobs"):
        assert phase in rows, said
    # The timers wrap what the build really calls: each phase ran once.
    assert rows["cache.load_remembering"].split(" | ")[1] == "1"
