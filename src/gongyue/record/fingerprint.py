"""Fingerprints of decided versions, chained per charter (format v1, see ``canonical.py``).

A version's digest is taken of its record and text as adopted (errata undone),
so a corrected typo never changes a printed fingerprint; the fingerprint chains
the previous adopted version's fingerprint with it.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from gongyue.record.canonical import chain
from gongyue.record.errata import sealed
from gongyue.record.model import Charter

SHORT = 12  # hex digits shown on pages and posters

# Pages, open data and the lock all ask for the same chain: compute it once per charter.
_computed: WeakKeyDictionary[Charter, dict[str, tuple[str, str | None]]] = WeakKeyDictionary()


def fingerprints(charter: Charter) -> dict[str, tuple[str, str]]:
    """path -> (digest, chained fingerprint) for every adopted version, in order."""
    return {p: (d, f) for p, (d, f) in chained(charter).items() if f is not None}


def chained(charter: Charter) -> dict[str, tuple[str, str | None]]:
    """path -> (digest, fingerprint) for every decided version; a failed vote has no fingerprint."""
    if charter not in _computed:
        _computed[charter] = _chain_of(charter)
    return _computed[charter]


def remember(charter: Charter, chain_of: dict[str, tuple[str, str | None]]) -> None:
    """The chain a shard computed from texts this process does not have (a top job)."""
    _computed[charter] = chain_of


def _chain_of(charter: Charter) -> dict[str, tuple[str, str | None]]:
    result: dict[str, tuple[str, str | None]] = {}
    previous = ""
    for version in charter.versions:
        content = sealed(version).digest
        if version.adopted:
            previous = chain(previous, content)
            result[version.path] = (content, previous)
        else:
            result[version.path] = (content, None)
    return result
