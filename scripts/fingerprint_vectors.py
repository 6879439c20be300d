"""Write the test vectors of fingerprint format v1 (tests/vectors/fingerprint-v1.json).

Each example is a whole version file, as a committee would keep it, with every
intermediate result of the specification (docs/guide/fingerprint.md): the
record lines, the canonical text, the exact payload, the digest; and chains of
versions with their fingerprints. Another implementation can check itself
stage by stage. ``tests/test_fingerprint.py`` fails when this code would now
write anything different: a printed fingerprint must never change.

    python scripts/fingerprint_vectors.py          # rewrite the file (only for a new format)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gongyue.record.canonical import V1, chain, digest, payload
from gongyue.record.errata import adopted_form
from gongyue.record.loader import version_from_text
from gongyue.record.model import Charter, Unit
from gongyue.record.schema import UnitInfo

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "vectors" / "fingerprint-v1.json"

MINIMAL = """---
title: 示例院落公约
type: 院落公约
change: 制定
meeting: {body: 坝坝会, date: 2012-06-18, eligible: 60, present: 41, for: 39}
result: 通过
---
第一条 爱护院落环境。
第二条 邻里和睦。
"""

FULL = """---
title: 示例社区居民公约
type: 居民公约
change: 修订
summary: 新增电动车停放充电的规定。
reasons: |
  小区新建了充电棚。\t统一充电更安全。
  路径写作 C:\\充电棚\\说明。
consultation:
  from: 2016-03-01
  to: 2016-03-10
  where: 连心驿站公告栏、院落微信群
  comments: 23
review: {by: 示例街道办事处, date: 2016-03-12, result: 同意提交表决}
meeting:
  body: 居民代表会议
  date: 2016-03-20
  place: 示例社区连心驿站
  unit: 户
  eligible: 120
  present: 96
  for: 88
  against: 3
  abstain: 5
result: 通过
published: 2016-03-22
effective: 2016-04-01
filing: {with: 示例街道办事处, date: 2016-03-25, status: 已备案}
based_on: /shili/fanben/jumin-gongyue
---

# 示例社区居民公约

## 第一章 总则

**第一条** 爱护环境。

**第二条** 电动车在充电棚统一充电。
"""

OWNERS = """---
title: 示例小区管理规约
type: 管理规约
change: 制定
meeting:
  body: 业主大会
  date: 2018-12-16
  unit: 业主
  eligible: 400
  present: 310
  for: 290
  area_eligible: 36000.50
  area_present: 28000.00
  area_for: 26000
result: 通过
---
一、业主应当遵守本规约。
二、本规约自业主大会表决通过之日起生效。
"""

# A file as pasted on Windows: BOM, CRLF line ends, trailing ideographic spaces,
# blank lines in runs, and a decomposed é (e + U+0301) that NFC composes.
PASTED = (
    "\ufeff---\r\ntitle: 示例院落公约\r\ntype: 院落公约\r\nchange: 修正\r\n"
    "meeting: {body: 院落议事会, date: 2014-09-10, eligible: 15, present: 12, for: 11}\r\n"
    "result: 通过\r\n---\r\n\r\n\r\n第一条 爱护院落环境。\u3000\u3000\r\n\r\n\r\n\r\n"
    "第二条 邻里和睦，Cafe\u0301 门前不堆放杂物。  \r\n\r\n"
)

ERRATA = (
    FULL.replace(
        "based_on: /shili/fanben/jumin-gongyue\n",
        "based_on: /shili/fanben/jumin-gongyue\nerrata:\n"
        "  - {date: 2016-04-02, where: 第二条, from: 统一充电, to: 集中充电, by: 居委会}\n"
        "  - {date: 2016-04-05, field: meeting.for, from: 88, to: 86, by: 居委会}\n",
    )
    .replace("统一充电。\n", "集中充电。\n")
    .replace("for: 88", "for: 86")
)

FAILED = (
    MINIMAL.replace("date: 2012-06-18", "date: 2014-05-10")
    .replace("present: 41, for: 39", "present: 41, for: 12, against: 29")
    .replace("result: 通过", "result: 未通过")
)

LATER = FULL.replace("date: 2016-03-20", "date: 2019-11-30").replace(
    "published: 2016-03-22\neffective: 2016-04-01\n", ""
)

EXAMPLES = {  # name -> (file text, date in the file name)
    "minimal": (MINIMAL, "2012-06-18"),
    "full-record": (FULL, "2016-03-20"),
    "owners-areas": (OWNERS, "2018-12-16"),
    "pasted-text": (PASTED, "2014-09-10"),
    "errata-undone": (ERRATA, "2016-03-20"),
    "failed-vote": (FAILED, "2014-05-10"),
    "later-amendment": (LATER, "2019-11-30"),
}
CHAINS = {
    "three-versions": ["minimal", "failed-vote", "full-record"],
    "with-errata": ["minimal", "errata-undone", "later-amendment"],
}


def _charter() -> Charter:
    unit = Unit("docs/shili", ("shili",), UnitInfo(name="示例社区", kind="社区"), "")
    return Charter("docs/shili/gongyue", "gongyue", unit)


def _version(name: str) -> Any:
    text, date = EXAMPLES[name]
    decoded = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return version_from_text(decoded, f"docs/shili/gongyue/{date}.md", _charter())


def vectors() -> dict[str, Any]:
    versions = []
    digests: dict[str, str] = {}
    for name, (text, date) in EXAMPLES.items():
        form = adopted_form(_version(name))
        assert not form.problems, form.problems
        content = digest(form.record, form.text)
        digests[name] = content
        versions.append(
            {
                "name": name,
                "file_name": f"{date}.md",
                "file": text,
                "record": [list(pair) for pair in form.record],
                "text": form.text,
                "payload": payload(form.record, form.text),
                "digest": content,
            }
        )
    chains = []
    for name, members in CHAINS.items():
        previous, prints = "", []
        for member in members:
            adopted = _version(member).adopted
            if adopted:
                previous = chain(previous, digests[member])
            prints.append(previous if adopted else None)
        chains.append({"name": name, "versions": members, "fingerprints": prints})
    return {
        "spec": V1,
        "note": "gongyue 指纹格式 v1 的测试向量；规范见 docs/guide/fingerprint.md。",
        "versions": versions,
        "chains": chains,
    }


def render() -> str:
    return json.dumps(vectors(), ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    VECTORS.parent.mkdir(parents=True, exist_ok=True)
    VECTORS.write_text(render(), encoding="utf-8")
    print(f"wrote {VECTORS}")
