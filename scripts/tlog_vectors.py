"""Write the test vectors of the log's tree, tiles and checkpoint (tests/vectors/tlog-v1.json).

Trees of ``entry 0`` … ``entry n-1`` at sizes around the edges that matter
(powers of two, a tile's 256), with their roots, some inclusion and consistency
proofs (RFC 9162 §2.1), the tile paths a tree of that size publishes
(C2SP tlog-tiles), and one checkpoint signed by a fixed test key (Ed25519
signatures are deterministic). Another implementation can check itself against
them; ``tests/test_tlog.py`` fails when this code would now write anything
different.

    python scripts/tlog_vectors.py          # rewrite the file (only for a new format)
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gongyue.record.tlog import merkle, note, tiles

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "vectors" / "tlog-v1.json"
SIZES = (1, 2, 3, 4, 5, 7, 8, 9, 255, 256, 257, 300)
ORIGIN = "gongyue.example.cn/test"
TEST_KEY = bytes(range(32))  # a published test key: never a real log's


def entries(size: int) -> list[bytes]:
    return [f"entry {i}".encode() for i in range(size)]


def tree_vector(size: int) -> dict[str, Any]:
    tree = merkle.MemoryTree.of_entries(entries(size))
    indices = sorted({0, size // 2, size - 1})
    olds = sorted({1, size // 2, size - 1} - {0})
    return {
        "size": size,
        "root": merkle.root(tree).hex(),
        "inclusion": {str(i): [h.hex() for h in merkle.inclusion_proof(tree, i)] for i in indices},
        "consistency": {str(m): [h.hex() for h in merkle.consistency_proof(tree, m)] for m in olds},
        "tiles": sorted(tiles.hash_tiles(tree)),
        "bundles": sorted(tiles.entry_bundles(entries(size))),
    }


def checkpoint_vector() -> dict[str, Any]:
    key = Ed25519PrivateKey.from_private_bytes(TEST_KEY)
    tree = merkle.MemoryTree.of_entries(entries(300))
    body = note.Checkpoint(ORIGIN, 300, merkle.root(tree)).body()
    return {
        "private_key": base64.b64encode(TEST_KEY).decode(),
        "verifier": note.verifier_of(ORIGIN, key).text(),
        "note": note.sign(body, ORIGIN, key),
    }


def vectors() -> dict[str, Any]:
    return {
        "format": "gongyue-tlog-v1",
        "entries": "entry 0, entry 1, … (UTF-8, no newline)",
        "trees": [tree_vector(size) for size in SIZES],
        "checkpoint": checkpoint_vector(),
    }


def main() -> None:
    text = json.dumps(vectors(), ensure_ascii=False, indent=1) + "\n"
    VECTORS.write_text(text, encoding="utf-8")
    print(f"wrote {VECTORS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
