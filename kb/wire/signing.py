"""Ed25519 signatures of published KB revisions, and the canonical JSON they sign.

The hub signs ``canonical_json({"revision", "upserts", "deletions"})`` of every revision it
publishes; a workstation that pinned the hub's public key at provisioning verifies it before
applying anything. The private key lives in a file of mode 600 next to the hub's data (generated on
first start), never in the repository, never in the database.

Pure functions plus file I/O on the caller's thread; key objects are immutable and thread-safe.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALGORITHM = "Ed25519"


class SignatureError(ValueError):
    """A revision's signature is missing, malformed or does not match the pinned key."""


def canonical_json(value: Any) -> bytes:
    """The one byte form that is signed: sorted keys, no spaces, UTF-8, no NaN."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def signed_document(revision: int, upserts: list[dict[str, Any]],
                    deletions: list[list[str]],
                    synonym_sets: list[list[str]] | None = None) -> dict[str, Any]:
    """What a revision's signature covers; ``synonym_sets`` only in revisions that replace the
    floor-wide synonym sets (so revisions without them sign exactly as before)."""
    document: dict[str, Any] = {"revision": revision, "upserts": upserts,
                                "deletions": deletions}
    if synonym_sets is not None:
        document["synonym_sets"] = synonym_sets
    return document


def public_key_text(key: Ed25519PublicKey) -> str:
    """The pinned form of a public key: base64 of the 32 raw bytes."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def key_id(key: Ed25519PublicKey) -> str:
    """A short fingerprint of a public key (first 16 hex digits of the SHA-256 of its bytes)."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_public_key(text: str) -> Ed25519PublicKey:
    """Parse a pinned key (base64 of 32 bytes, or a PEM ``PUBLIC KEY``)."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode("ascii"))
            if not isinstance(key, Ed25519PublicKey):
                raise SignatureError("the pinned hub key is not an Ed25519 key")
            return key
        raw = base64.b64decode(text, validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except SignatureError:
        raise
    except (ValueError, binascii.Error) as exc:
        raise SignatureError(
            f"the pinned hub key is not a valid Ed25519 public key: {exc}") from exc


def sign(private_key: Ed25519PrivateKey, document: dict[str, Any]) -> str:
    return base64.b64encode(private_key.sign(canonical_json(document))).decode("ascii")


def verify(public_key: Ed25519PublicKey, document: dict[str, Any], signature: Any) -> None:
    """Raise :class:`SignatureError` unless ``signature`` signs ``document`` with ``public_key``."""
    if not isinstance(signature, str) or not signature:
        raise SignatureError(f"revision {document.get('revision')} carries no signature")
    try:
        raw = base64.b64decode(signature, validate=True)
    except (ValueError, binascii.Error):
        raise SignatureError(
            f"revision {document.get('revision')} has a malformed signature") from None
    try:
        public_key.verify(raw, canonical_json(document))
    except InvalidSignature:
        raise SignatureError(
            f"revision {document.get('revision')} is not signed by the pinned hub key "
            "(tampered with, or the hub's key changed)"
        ) from None


def load_or_create_private_key(path: Path) -> Ed25519PrivateKey:
    """Read the hub's signing key, creating it (mode 600, exclusively) on first start."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)  # atomic and exclusive: a concurrent first start keeps one key
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    if path.stat().st_mode & 0o077 and os.name == "posix":
        raise SignatureError(f"{path}: the signing key must be readable by its owner only "
                             "(chmod 600)")
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise SignatureError(f"{path}: not an Ed25519 private key")
    return loaded
