"""Is an address another site's? Decided as a browser would decide it.

A picture that loads from another site tells that site who reads which
charter, so committee pictures must be the site's own. The question is asked
twice — by ``gongyue check``, to warn the committee, and by the sanitizer, to
turn such a picture into a link — and both ask it here, so they cannot
disagree. The answer follows the WHATWG URL parser's leniencies, which an
insider can use and a regular expression over ``https://`` would miss:
leading and trailing spaces and control characters are dropped, tabs and line
breaks inside are ignored, a backslash is a slash (``\\evil``, ``/\\evil``), two
slashes start another host, and a scheme without slashes (``http:evil``)
still names a host when the page's own scheme differs. Only a path with no
scheme and no second leading slash stays on the site.
"""

from __future__ import annotations

import html
import re

_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
_INSIDE_IGNORED = str.maketrans({"\t": None, "\n": None, "\r": None, "\\": "/"})
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)

# Where a picture's address stands in Markdown and in HTML, as written in a source line.
_MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*(<[^>]*>|[^)\s]*)")
_HTML_IMAGE_SRC = re.compile(
    r"<img\b[^>]*?\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE
)


def is_outside(address: str) -> bool:
    """Whether a browser would fetch ``address`` from a host other than the page's own."""
    url = address.strip(_C0_AND_SPACE).translate(_INSIDE_IGNORED)
    return url.startswith("//") or bool(_SCHEME.match(url))


def picture_addresses(line: str) -> list[str]:
    """The addresses of the pictures a line of Markdown or HTML shows, entities decoded."""
    found = [m.group(1).strip("<>") for m in _MARKDOWN_IMAGE.finditer(line)]
    found += [next(g for g in m.groups() if g is not None) for m in _HTML_IMAGE_SRC.finditer(line)]
    return [html.unescape(address) for address in found]


# What every picture above starts with: a text without it shows none (checked first, as
# most charters have no picture at all).
_ANY_PICTURE = re.compile(r"!\[|<img\b", re.IGNORECASE)


def may_show_picture(text: str) -> bool:
    return bool(_ANY_PICTURE.search(text))


def shows_outside_picture(line: str) -> bool:
    return any(is_outside(address) for address in picture_addresses(line))
