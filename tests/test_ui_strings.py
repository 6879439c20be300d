"""The words the page script writes are data the build converts, not a table in the script."""

from __future__ import annotations

import json
import re

import pytest

from gongyue.publish.templating import ASSETS_DIR
from gongyue.publish.traditional import to_traditional
from gongyue.publish.ui_strings import SCRIPT, WORDS, script, words

SOURCE = (ASSETS_DIR / SCRIPT).read_text(encoding="utf-8")
HAN = re.compile(r"[\u4e00-\u9fff]")


def published_table(text: str) -> dict[str, dict[str, str]]:
    match = re.search(r"var GONGYUE_WORDS = (\{.*?\});\n", text, re.DOTALL)
    assert match, "the published script starts with its words"
    return json.loads(match.group(1))


def test_every_word_the_script_asks_for_is_in_the_table_and_every_word_is_asked_for():
    calls = re.findall(r"gongyueText\(([^;]*)", SOURCE)
    asked = {key for call in calls for key in re.findall(r'"([a-z_]+)"', call)}
    assert asked <= set(WORDS)
    quoted = set(re.findall(r'"([a-z_]+)"', SOURCE))
    assert set(WORDS) <= quoted, set(WORDS) - quoted  # no word the script never writes


def test_the_script_writes_no_chinese_of_its_own_on_pages_with_a_twin():
    calls = re.findall(r"gongyueText\(([^;]*)", SOURCE)
    assert calls and not any(HAN.search(call) for call in calls)
    assert "GONGYUE_TRADITIONAL" not in SOURCE  # the 37-character table is gone


@pytest.mark.parametrize("variant", ["s2tw", "s2hk", "s2t"])
def test_the_traditional_words_are_openccs_as_for_every_other_text(variant):
    table = published_table(script(variant))
    assert table == words(variant)
    for key, simplified in WORDS.items():
        assert table["zh-Hans"][key] == simplified
        assert table["zh-Hant"][key] == to_traditional(simplified, variant)


def test_words_the_old_character_table_got_wrong_are_now_right():
    # 标注 is 標註 in Taiwan's forms; the character table wrote 標注.
    assert words("s2tw")["zh-Hant"]["to_inline"] == "改為行內標註（只看一欄）"


def test_the_built_site_publishes_the_script_with_its_words(demo):
    published = (demo.site_dir / "assets/gongyue/gongyue.js").read_text(encoding="utf-8")
    assert published == script("s2tw")
    assert published.endswith(SOURCE)
