"""Reading a published site by its address: the one place gongyue goes to the network.

``gongyue log fetch`` (CI, before a build) and ``gongyue monitor`` read a
site's files through ``site_reader``; the core only ever sees a function from a
path to bytes. A folder works the same way, for a site downloaded otherwise.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from gongyue.publish.log import MissingFile

TIMEOUT = 30  # seconds per file
AGENT = "gongyue-monitor (+https://gongyue.example.cn/guide/log/)"


class Unreachable(Exception):
    """The site could not be read (no answer, or an error other than a missing file)."""


def is_address(text: str) -> bool:
    return text.startswith(("https://", "http://"))


def site_reader(where: str) -> Callable[[str], bytes]:
    """path from the site's root -> bytes, for an address or a folder; MissingFile for a
    file the site does not have, Unreachable when it cannot be asked."""
    if is_address(where):
        return _fetcher(where.rstrip("/") + "/")
    return _folder(Path(where))


def _fetcher(base: str) -> Callable[[str], bytes]:
    def read(path: str) -> bytes:
        url = base + urllib.request.pathname2url(path)
        request = urllib.request.Request(url, headers={"User-Agent": AGENT})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return bytes(response.read())
        except urllib.error.HTTPError as error:
            if error.code in (404, 410):
                raise MissingFile(url) from None
            raise Unreachable(f"{url}：服务器回答 {error.code}") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise Unreachable(f"{url}：{reason}") from None

    return read


def _folder(root: Path) -> Callable[[str], bytes]:
    def read(path: str) -> bytes:
        file = root / path
        if path.endswith("/") or file.is_dir():
            file = file / "index.html"
        try:
            return file.read_bytes()
        except FileNotFoundError:
            raise MissingFile(str(file)) from None

    return read
