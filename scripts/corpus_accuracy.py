"""Accuracy of the 修改对照 on the real amendment pairs in tests/corpus (bench/RESULTS.md).

For each pair: reference lines the comparison meets / all (lines marked ``?`` are
not scored), the same for lines about a provision whose text or number changed,
and the time to parse and compare both texts (best of three).

``--pasted`` scores the same pairs with the new text of each as a committee would
paste it from a PDF: numbers glued to the text, lines broken every 38 characters,
page numbers, invisible characters (``tests/pasted.py``).

To measure another version of the engine, put its source first on the path:

    git worktree add /tmp/before <commit>
    PYTHONPATH=/tmp/before/src .venv/bin/python scripts/corpus_accuracy.py
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from tests import pasted
from tests.corpus_reference import load, names, score

from gongyue.text.articles import parse
from gongyue.text.compare import compare


def as_pasted(text: str) -> str:
    return pasted.sprinkled(pasted.pdf_wrapped(pasted.glued(text), 38), random.Random(1))


def main() -> None:
    print("| pair | articles | aligned | changed provisions aligned | parse + compare |")
    print("|---|---:|---:|---:|---:|")
    met = total = changed_met = changed_total = 0
    for name in names():
        ref = load(name)
        mangle = as_pasted if "--pasted" in sys.argv else None
        result = score(ref, mangle)
        old_text, new_text = ref.texts()
        new_text = mangle(new_text) if mangle else new_text
        old_doc, new_doc = parse(old_text), parse(new_text)
        seconds = min(_timed(old_text, new_text) for _ in range(3))
        met, total = met + len(result.met), total + result.total
        changed_met += result.changed_met
        changed_total += result.changed_total
        print(
            f"| {name} | {len(old_doc.articles)} → {len(new_doc.articles)} "
            f"| {len(result.met)}/{result.total} | {result.changed_met}/{result.changed_total} "
            f"| {seconds * 1000:.0f} ms |"
        )
        for line in result.missed:
            print(f"|   missed: `{line.text}` | | | | |", file=sys.stderr)
    print(
        f"| **all** | | **{met}/{total}** ({met / total:.1%}) | **{changed_met}/{changed_total}** "
        f"({changed_met / changed_total:.1%}) | |"
    )


def _timed(old_text: str, new_text: str) -> float:
    start = time.perf_counter()
    compare(parse(old_text), parse(new_text))
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
