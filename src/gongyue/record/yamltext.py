"""YAML values the tool writes into front matter, produced by the YAML library.

The files keep their hand-made layout (one key a line, a Chinese comment after
each), but every value in them is emitted by PyYAML, which knows what needs
quoting: ``yes``, ``on``, ``~``, ``101``, ``2024-05-01`` as text, a comma
inside a ``{…}`` mapping, a leading space, a ``#``. Whatever a committee types
reads back as the same string.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import yaml

ONE_LINE = 1 << 30  # a width no value reaches: the emitter never folds a line


def scalar(value: Any) -> str:
    """``value`` as one line of YAML, safe in a block and inside ``{…}`` or ``[…]``."""
    if isinstance(value, Decimal):  # an area in square metres: digits the schema reads back
        return str(value)
    # Emitted inside a flow sequence, so the emitter quotes what a flow context forbids.
    text = _dump([value], style=None)
    if "\n" in text:  # a string with a line break: escaped (\\n) rather than folded
        text = _dump([value], style='"')
    return text[1:-1]


def flow_mapping(mapping: Mapping[str, Any]) -> str:
    """``{key: value, …}`` on one line, in the given order."""
    return (
        "{" + ", ".join(f"{scalar(key)}: {scalar(value)}" for key, value in mapping.items()) + "}"
    )


def _dump(data: Any, style: str | None) -> str:
    text = yaml.safe_dump(
        data, allow_unicode=True, default_flow_style=True, default_style=style, width=ONE_LINE
    )
    return text.removesuffix("\n")


def text_block(key: str, text: str, comment: str) -> list[str]:
    """``key: |`` and the text's lines, easy to edit by hand; quoted on one line when a
    literal block would not read back the same (leading spaces, trailing blanks, tabs)."""
    body = text.rstrip("\n")
    lines = [f"{key}: |    # {comment}", *("  " + line for line in body.split("\n"))]
    # Read back as a file has it: with a line break at its end and another key after it.
    # A tab or another control character is refused in front matter unless quoted.
    plain = not any(c < " " and c != "\n" for c in body)
    if plain and yaml.safe_load("\n".join([*lines, "next: 1"])) == {key: body + "\n", "next": 1}:
        return lines
    return [f"{key}: {scalar(body + chr(10))}    # {comment}"]
