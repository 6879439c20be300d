"""The checkpoint: the log's size and root, as a C2SP signed note.

A checkpoint (C2SP tlog-checkpoint) is three lines — the log's origin (the
site's address), the number of entries, the root hash in base64 — each ending
in a newline, then optional extension lines. As a signed note (C2SP
signed-note) it is followed by a blank line and one line per signature:
``— <key name> <base64(key id || signature)>``, the em dash U+2014 and a
space first. An Ed25519 key's id is the first four bytes of
``SHA-256(key name || 0x0A || 0x01 || public key)``; its verifier key, the text
an operator publishes, is ``<name>+<hex key id>+<base64(0x01 || public key)>``.
More signature lines (witnesses that cosign) need no change of format: a reader
checks the lines of the keys it knows and ignores the others.

The signature comes from the well-kept ``cryptography`` library; nothing here
touches the network.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from gongyue.record.tlog.merkle import HASH_SIZE

ED25519 = b"\x01"  # the signature type byte of an Ed25519 key
DASH = "\u2014 "  # what every signature line starts with
MAX_SIGNATURES = 100
_NAME = re.compile(r"[^\s+]+")  # a key name: no spaces, no plus sign


class NoteError(ValueError):
    """A note or checkpoint that is not well formed, or not signed by the key asked for."""


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def body(self) -> str:
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode()]
        return "".join(f"{line}\n" for line in [*lines, *self.extensions])

    @classmethod
    def parse(cls, body: str) -> Checkpoint:
        lines = body.split("\n")
        if len(lines) < 4 or lines[-1] != "" or "" in lines[:-1]:
            raise NoteError("a checkpoint is three or more lines, each ending in a newline")
        origin, size, root, *extensions = lines[:-1]
        if not origin or not re.fullmatch(r"0|[1-9]\d*", size):
            raise NoteError("a checkpoint starts with its origin and its size in decimal")
        try:
            root_hash = base64.b64decode(root, validate=True)
        except binascii.Error:
            raise NoteError("a checkpoint's root hash is not base64") from None
        if len(root_hash) != HASH_SIZE:
            raise NoteError(f"a checkpoint's root hash has {len(root_hash)} bytes, not 32")
        return cls(origin, int(size), root_hash, tuple(extensions))


@dataclass(frozen=True)
class Verifier:
    """A public key as a reader knows it: by name and id."""

    name: str
    key_id: bytes
    key: Ed25519PublicKey

    def text(self) -> str:
        raw = self.key.public_bytes(Encoding.Raw, PublicFormat.Raw)
        return f"{self.name}+{self.key_id.hex()}+{base64.b64encode(ED25519 + raw).decode()}"

    @classmethod
    def parse(cls, text: str) -> Verifier:
        name, written_id, raw = _key_parts(text.strip(), "a verifier key")
        verifier = cls(name, key_id(name, raw), Ed25519PublicKey.from_public_bytes(raw))
        if verifier.key_id.hex() != written_id:
            raise NoteError("a verifier key's id does not match its key")
        return verifier


def key_id(name: str, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + public_key).digest()[:4]


def verifier_of(name: str, private: Ed25519PrivateKey) -> Verifier:
    public = private.public_key()
    raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return Verifier(name, key_id(name, raw), public)


def sign(body: str, name: str, private: Ed25519PrivateKey) -> str:
    """``body`` as a signed note with one signature, by the key called ``name``."""
    if not body.endswith("\n") or "\n\n" in body or not _NAME.fullmatch(name):
        raise NoteError("a note's text ends in one newline and has no blank line")
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    signature = private.sign(body.encode())
    line = base64.b64encode(key_id(name, raw) + signature).decode()
    return f"{body}\n{DASH}{name} {line}\n"


def open_note(note: str, verifier: Verifier) -> str:
    """The text of ``note`` if ``verifier``'s key signed it; NoteError otherwise."""
    body, sep, signatures = note.rpartition("\n\n")
    if not sep or not note.endswith("\n"):
        raise NoteError("a signed note is its text, a blank line, and signature lines")
    body += "\n"
    lines = signatures[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise NoteError(f"a note has more than {MAX_SIGNATURES} signatures")
    for line in lines:
        name, signature = _signature_line(line)
        if name != verifier.name or signature[:4] != verifier.key_id:
            continue  # another key: a witness this reader does not know
        try:
            verifier.key.verify(signature[4:], body.encode())
        except InvalidSignature:
            raise NoteError("the note's signature by this key is not valid") from None
        return body
    raise NoteError(f"the note has no signature by {verifier.name}")


def _signature_line(line: str) -> tuple[str, bytes]:
    if not line.startswith(DASH):
        raise NoteError("a signature line starts with an em dash and a space")
    name, _, encoded = line[len(DASH) :].partition(" ")
    try:
        signature = base64.b64decode(encoded, validate=True)
    except binascii.Error:
        raise NoteError("a signature is not base64") from None
    if not _NAME.fullmatch(name) or len(signature) < 5:
        raise NoteError("a signature line is a key name and a signature")
    return name, signature


PRIVATE = "PRIVATE+KEY"


def signer_text(name: str, private: Ed25519PrivateKey) -> str:
    """The private key as the operator stores it (a CI secret): its name and id with it,
    ``PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 || seed)>``."""
    if not _NAME.fullmatch(name):
        raise NoteError("a key name has no spaces and no plus sign")
    seed = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    encoded = base64.b64encode(ED25519 + seed).decode()
    return f"{PRIVATE}+{name}+{key_id(name, raw).hex()}+{encoded}"


def parse_signer(text: str) -> tuple[str, Ed25519PrivateKey]:
    """(name, key) of a stored private key; NoteError for anything else."""
    head, _, rest = text.strip().partition(PRIVATE + "+")
    if head:
        raise NoteError("a private key is PRIVATE+KEY+<name>+<key id>+<key>")
    name, written_id, seed = _key_parts(rest, "a private key")
    private = Ed25519PrivateKey.from_private_bytes(seed)
    if verifier_of(name, private).key_id.hex() != written_id:
        raise NoteError("a private key's id does not match its key")
    return name, private


def _key_parts(text: str, what: str) -> tuple[str, str, bytes]:
    """``<name>+<hex key id>+<base64(0x01 || 32 bytes)>`` as (name, id, the 32 bytes):
    how verifier keys and stored private keys are both written."""
    parts = text.split("+", 2)  # base64 may hold "+" too: it comes last
    if len(parts) != 3 or not _NAME.fullmatch(parts[0]):
        raise NoteError(f"{what} is <name>+<key id>+<key>")
    try:
        typed = base64.b64decode(parts[2], validate=True)
    except binascii.Error:
        raise NoteError(f"{what}'s key is not base64") from None
    if len(typed) != 33 or typed[:1] != ED25519:
        raise NoteError(f"only Ed25519 keys are known, not this {what}")
    return parts[0], parts[1].lower(), typed[1:]
