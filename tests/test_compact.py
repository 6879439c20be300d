"""Fewer bytes, the same page: whitespace between tags, and the theme's settings in Chinese."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from gongyue.publish.compact import compact
from gongyue.publish.templating import json_text

PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        '<div class="a">',
        "</div>",
        "<td>",
        "</td>",
        "<pre>",
        "</pre>",
        "<textarea>",
        "</textarea>",
        "<span>",
        "</span>",
        "\n",
        "\n    ",
        "  ",
        "\n\n  \n",
        "\t",
        "第一条",
        "a b",
        "文字\n  接着",
        '<a href="x" title="一\n    二">',
        "</a>",
        "<script>if (a\n  <b) {}\n</script>",
        "<style>p {\n  margin: 0;\n}</style>",
    ]
)


class Reader(HTMLParser):
    """Tags with their attributes, and the words between them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.seen: list[object] = []

    def handle_starttag(self, tag, attrs):
        self.seen.append((tag, attrs))

    def handle_endtag(self, tag):
        self.seen.append(("/", tag))

    def handle_data(self, data):
        self.seen.extend(data.split())


def read(html: str) -> list[object]:
    reader = Reader()
    reader.feed(html)
    reader.close()
    return reader.seen


KEPT = re.compile(r"<(pre|textarea|script|style|td)\b.*?</\1\s*>", re.DOTALL)


@given(st.lists(PIECES, max_size=30))
def test_compacting_keeps_every_tag_attribute_word_and_kept_block(pieces):
    html = "".join(pieces)
    out = compact(html)
    assert read(out) == read(html)
    assert [m.group(0) for m in KEPT.finditer(out)] == [m.group(0) for m in KEPT.finditer(html)]
    assert compact(out) == out and len(out) <= len(html)


def test_indentation_between_tags_becomes_one_newline():
    html = "<ul>\n    <li>一</li>\n\n    <li>二</li>\n</ul>\n<pre>\n  x\n</pre>"
    assert compact(html) == "<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n<pre>\n  x\n</pre>"


@given(st.dictionaries(st.text(max_size=5), st.text(max_size=20), max_size=4))
def test_the_themes_settings_read_the_same_with_chinese_written_as_itself(value):
    escaped = json.dumps(value)  # as the theme's tojson writes it: ASCII only
    written = json_text(escaped)
    assert json.loads(written) == value
    left = [int(code, 16) for code in re.findall(r"(?<!\\)\\u([0-9a-f]{4})", written)]
    assert all(code < 0x80 or 0xD800 <= code < 0xE000 or code in (0x2028, 0x2029) for code in left)


def test_a_page_carries_the_themes_settings_in_chinese(demo):
    config = demo.html("stats/").select_one("script#__config").string
    assert "已复制" in config and "\\u5df2" not in config
    assert json.loads(config)["translations"]["clipboard.copied"] == "已复制"
