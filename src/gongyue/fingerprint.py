"""Fingerprints of adopted versions, chained per charter.

A version's *content digest* is the SHA-256 of its canonical decision record
and canonical text. Its *fingerprint* chains the previous adopted version's
fingerprint with that digest, so the short form printed on a notice board
vouches for the whole history up to it. ``errata`` and ``filing`` are left
out of the record: they are the two things that legitimately change after
adoption.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from weakref import WeakKeyDictionary

from .model import Charter, Version

SHORT = 12  # hex digits shown on pages and posters
CHANGEABLE_AFTER_ADOPTION = {"errata", "filing"}


def canonical_text(body: str) -> str:
    """NFC, no trailing spaces, single blank lines: what a reader would call the same text."""
    lines = [line.rstrip() for line in unicodedata.normalize("NFC", body).split("\n")]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip("\n")


def canonical_record(version: Version) -> str:
    record = version.meta.model_dump(
        mode="json", by_alias=True, exclude_none=True, exclude=CHANGEABLE_AFTER_ADOPTION
    )
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_digest(version: Version) -> str:
    payload = canonical_record(version) + "\n" + canonical_text(version.body)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def chain(previous: str, digest: str) -> str:
    return hashlib.sha256(f"{previous}\n{digest}".encode()).hexdigest()


# Pages, open data and the lock check all ask for the same chain: compute it once per charter.
_computed: WeakKeyDictionary[Charter, dict[str, tuple[str, str]]] = WeakKeyDictionary()


def fingerprints(charter: Charter) -> dict[str, tuple[str, str]]:
    """path -> (content digest, chained fingerprint) for every adopted version, in order."""
    if charter not in _computed:
        _computed[charter] = _chain_of(charter)
    return _computed[charter]


def _chain_of(charter: Charter) -> dict[str, tuple[str, str]]:
    result: dict[str, tuple[str, str]] = {}
    previous = ""
    for version in charter.adopted:
        digest = content_digest(version)
        previous = chain(previous, digest)
        result[version.path] = (digest, previous)
    return result
