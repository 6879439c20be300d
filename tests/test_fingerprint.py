"""Fingerprint format v1: the committed vectors, a second implementation from the spec alone,
and the errata that are undone before a digest is taken."""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from gongyue.record.canonical import RECORD_FIELDS, canonical_text, digest
from gongyue.record.errata import adopted_form
from gongyue.record.loader import version_from_text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import fingerprint_vectors  # noqa: E402

VECTORS = json.loads(fingerprint_vectors.VECTORS.read_text(encoding="utf-8"))
BY_NAME = {v["name"]: v for v in VECTORS["versions"]}


def test_the_committed_vectors_are_what_this_code_computes():
    # If this fails, a change would alter fingerprints already printed on notice boards.
    assert fingerprint_vectors.vectors() == VECTORS


# A second implementation, written from docs/guide/fingerprint.md and nothing else.

WHITE_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + ("\u2028\u2029\u202f\u205f\u3000")
)
INTEGERS = {
    "consultation.comments",
    "meeting.eligible",
    "meeting.present",
    "meeting.for",
    "meeting.against",
    "meeting.abstain",
}
AREAS = {"meeting.area_eligible", "meeting.area_present", "meeting.area_for"}
DEFAULTS = {"meeting.unit": "人", "meeting.against": "0", "meeting.abstain": "0"}


def spec_text(value: str) -> str:
    lines = [line.rstrip(WHITE_SPACE) for line in unicodedata.normalize("NFC", value).split("\n")]
    return "\n".join(lines).strip("\n")


def spec_value(field: str, value: str) -> str:
    if field in INTEGERS:
        return str(int(value))
    if field in AREAS:
        text = format(Decimal(value).normalize(), "f")
        return (text.rstrip("0").rstrip(".") if "." in text else text) or "0"
    return spec_text(value)


def spec_body(body: str) -> str:
    kept: list[str] = []
    for line in (ln.rstrip(WHITE_SPACE) for ln in unicodedata.normalize("NFC", body).split("\n")):
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip("\n")


def spec_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def spec_digest(record: list[list[str]], text: str) -> str:
    lines = "".join(f"{k}\t{spec_escape(v)}\n" for k, v in record)
    return hashlib.sha256(f"gongyue-fingerprint-v1\n{lines}\n{text}".encode()).hexdigest()


def spec_read(file: str) -> tuple[list[list[str]], str]:
    """Record and text of a version file without errata, with PyYAML's BaseLoader (all text)."""
    text = file.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    _, front, body = text.split("---\n", 2)
    data = yaml.load(front, Loader=yaml.BaseLoader)
    record = []
    for field in RECORD_FIELDS:
        node = data
        for part in field.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node is None and field.startswith("meeting.") and "meeting" in data:
            node = DEFAULTS.get(field)
        if node not in (None, ""):
            record.append([field, spec_value(field, node)])
    return record, spec_body(body)


@pytest.mark.parametrize("name", [n for n in BY_NAME if n != "errata-undone"])
def test_a_second_implementation_from_the_spec_agrees(name):
    vector = BY_NAME[name]
    record, text = spec_read(vector["file"])
    assert record == vector["record"] and text == vector["text"]
    assert spec_digest(record, text) == vector["digest"]
    assert hashlib.sha256(vector["payload"].encode()).hexdigest() == vector["digest"]


def test_errata_are_undone_before_the_digest():
    assert BY_NAME["errata-undone"]["digest"] == BY_NAME["full-record"]["digest"]
    vector = BY_NAME["errata-undone"]
    assert spec_digest(vector["record"], vector["text"]) == vector["digest"]


@pytest.mark.parametrize("chain", VECTORS["chains"], ids=lambda c: c["name"])
def test_chains_follow_the_spec(chain):
    previous = ""
    for name, expected in zip(chain["versions"], chain["fingerprints"], strict=True):
        vector = BY_NAME[name]
        if "result\t未通过" in vector["payload"]:
            assert expected is None
            continue
        previous = hashlib.sha256(
            f"gongyue-chain-v1\n{previous}\n{vector['digest']}".encode()
        ).hexdigest()
        assert previous == expected


def test_the_demo_lock_holds_the_fingerprints_pages_show():
    import datetime as dt

    from gongyue.record.fingerprint import fingerprints
    from gongyue.record.loader import load_site

    lock = json.loads((ROOT / "gongyue.lock").read_text(encoding="utf-8"))["versions"]
    site = load_site(ROOT, ROOT / "docs", dt.date(2026, 11, 25))
    for charter in site.charters:
        for path, (content, fingerprint) in fingerprints(charter).items():
            shown = {k: v for k, v in lock[path].items() if k in ("digest", "fingerprint", "spec")}
            assert shown == {
                "digest": content,
                "fingerprint": fingerprint,
                "spec": "gongyue-fingerprint-v1",
            }


# Errata: any stated replacement undoes to the text as adopted.

BODY = "第一条 爱护院落环境，垃圾分类投放。\n第二条 邻里和睦，互相帮助。\n第三条 本公约自公布之日起施行。"
FRONT = (
    "---\ntitle: 公约\ntype: 院落公约\nchange: 制定\n"
    "meeting: {body: 坝坝会, date: 2020-01-05, eligible: 30, present: 20, for: 18}\n"
    "result: 通过\n{errata}---\n"
)


def version_of(body: str, errata: str = "") -> object:
    return version_from_text(
        FRONT.replace("{errata}", errata) + body, "docs/y/g/2020-01-05.md", charter=_charter()
    )


def _charter():
    return fingerprint_vectors._charter()


def adopted_digest(version) -> str:
    form = adopted_form(version)
    assert not form.problems, form.problems
    return digest(form.record, form.text)


@settings(max_examples=60, deadline=None)
@given(
    start=st.integers(min_value=0, max_value=len(BODY) - 1),
    length=st.integers(min_value=2, max_value=8),
    new=st.text(alphabet="甲乙丙丁的地得，。", min_size=1, max_size=6),
)
def test_a_stated_correction_always_undoes_to_the_adopted_text(start, length, new):
    old = BODY[start : start + length]
    if "\n" in old or len(old) < 2 or old == new:
        return
    corrected = BODY[:start] + new + BODY[start + length :]
    if corrected.count(new) != 1:
        return  # ambiguous: the tool must refuse (tested below)
    erratum = f'errata:\n  - {{date: 2020-02-01, from: "{old}", to: "{new}"}}\n'
    assert adopted_digest(version_of(corrected, erratum)) == adopted_digest(version_of(BODY))


def test_an_erratum_that_does_not_match_the_text_is_an_error_at_its_line():
    erratum = "errata:\n  - {date: 2020-02-01, where: 第二条, from: 和睦, to: 和谐}\n"
    form = adopted_form(version_of(BODY, erratum))
    assert [(p.line, p.code) for p in form.problems] == [(8, "erratum")]
    assert "找不到“和谐”" in form.problems[0].message


def test_an_ambiguous_erratum_asks_for_where_or_more_context():
    body = BODY.replace("互相帮助", "互相帮助，环境")
    erratum = "errata:\n  - {date: 2020-02-01, from: 卫生, to: 环境}\n"
    form = adopted_form(version_of(body, erratum))
    assert form.problems and "出现了 2 次" in form.problems[0].message
    assert "where" in form.problems[0].hint
    scoped = "errata:\n  - {date: 2020-02-01, where: 第二条, from: 卫生, to: 环境}\n"
    assert not adopted_form(version_of(body, scoped)).problems


def test_a_record_erratum_undoes_one_field():
    fixed = version_of(
        BODY, "errata:\n  - {date: 2020-02-01, field: meeting.for, from: 19, to: 18}\n"
    )
    original = FRONT.replace("for: 18", "for: 19").replace("{errata}", "") + BODY
    first = version_from_text(original, "docs/y/g/2020-01-05.md", _charter())
    assert adopted_digest(fixed) == adopted_digest(first)
    wrong = version_of(
        BODY, "errata:\n  - {date: 2020-02-01, field: meeting.for, from: 19, to: 17}\n"
    )
    assert "现在是“18”" in adopted_form(wrong).problems[0].message
    unknown = version_of(
        BODY, "errata:\n  - {date: 2020-02-01, field: filing.status, to: 已备案}\n"
    )
    assert "不是表决记录里可以更正的一项" in adopted_form(unknown).problems[0].message


@given(st.text(alphabet=" \t\u3000\n第一条甲乙。", max_size=60))
def test_canonical_text_is_idempotent_and_blind_to_line_ends_and_trailing_space(text):
    once = canonical_text(text)
    assert canonical_text(once) == once
    assert canonical_text(text.replace("\n", "  \n")) == once
