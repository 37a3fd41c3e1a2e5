"""Enrollment: one-time codes that a workstation exchanges for its user's token.

IT issues codes in bulk (``sufler hub user import users.csv`` or ``sufler hub enroll``); only a
SHA-256 of each code is stored. A workstation posts the code to ``/api/v1/enroll`` once and gets a
fresh token, its SIP user and, when IT supplied one, the SIP password. The SIP password is kept at
rest sealed with a key derived from the code (HKDF-SHA256 → AES-256-GCM), so the hub's database
alone cannot reveal it; it is erased when the code is redeemed. A code is 80 random bits, valid for
a limited time, and a user's newer code cancels the older ones.

Thread rule: the functions take a :class:`HubService` and open their own transactions; call them
from a worker thread (or the command line), never the event loop.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
import secrets
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kb.hub import db
from kb.hub.service import HubService, new_token
from kb.hub.validation import ROLES, USER_NAME_RE
from kb.wire.problems import RequestError

# Crockford's base32: no I, L, O or U to misread on a printed sheet.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_CHARS = 16  # 80 bits
DEFAULT_TTL_DAYS = 14
_INFO = b"sufler-enrollment-sip-password"


@dataclass(frozen=True, slots=True)
class Enrollee:
    """One row of an import: who, with which role, and their SIP account (password optional)."""

    name: str
    role: str = "agent"
    sip_user: str = ""
    sip_password: str = ""


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_CHARS))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_CHARS, 4))


def normalize_code(text: str) -> str:
    """What the operator typed, as stored: upper case, no dashes or spaces, O→0, I/L→1."""
    cleaned = "".join(ch for ch in text.upper() if ch not in "- \t")
    return cleaned.translate(str.maketrans("OIL", "011"))


def code_hash(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode("ascii", "replace")).hexdigest()


def _key(code: str, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt,
                info=_INFO).derive(normalize_code(code).encode("ascii", "replace"))


def seal(code: str, secret: str) -> str:
    """``secret`` encrypted with a key only ``code`` gives (base64 of salt + nonce + ciphertext)."""
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_key(code, salt)).encrypt(nonce, secret.encode("utf-8"), None)
    return base64.b64encode(salt + nonce + sealed).decode("ascii")


def unseal(code: str, blob: str) -> str:
    raw = base64.b64decode(blob)
    salt, nonce, sealed = raw[:16], raw[16:28], raw[28:]
    return AESGCM(_key(code, salt)).decrypt(nonce, sealed, None).decode("utf-8")


def parse_csv(text: str) -> list[Enrollee]:
    """Rows ``name,role,sip_user,sip_password`` (a header row with those names, or positional;
    only ``name`` is required). Raises :class:`ValueError` naming the line of the first problem."""
    rows = [r for r in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in r)]
    if rows and rows[0] and rows[0][0].strip().lower() == "name":
        header = [h.strip().lower() for h in rows[0]]
        start = 1
    else:
        header = ["name", "role", "sip_user", "sip_password"]
        start = 0
    unknown = set(header) - {"name", "role", "sip_user", "sip_password"}
    if unknown:
        raise ValueError(f"line 1: unknown column(s) {', '.join(sorted(unknown))}; the columns "
                         "are name, role, sip_user, sip_password")
    people: list[Enrollee] = []
    seen: set[str] = set()
    for number, row in enumerate(rows[start:], start=start + 1):
        cells = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
        name, role = cells.get("name", ""), cells.get("role") or "agent"
        if not USER_NAME_RE.match(name):
            raise ValueError(f"line {number}: {name!r} is not a user name (1-100 letters, "
                             "digits, '.', '_', '@' or '-')")
        if role not in ROLES:
            raise ValueError(f"line {number}: role must be one of {', '.join(ROLES)}")
        if name in seen:
            raise ValueError(f"line {number}: {name} is listed twice")
        seen.add(name)
        people.append(Enrollee(name, role, cells.get("sip_user", ""),
                               cells.get("sip_password", "")))
    return people


def issue(service: HubService, people: list[Enrollee], ttl_days: float = DEFAULT_TTL_DAYS,
          create: bool = True) -> list[tuple[str, str]]:
    """A new code for each person (creating missing users when ``create``); older unused codes
    of the same users stop working. All or nothing. Returns ``(name, code)`` pairs."""
    now = time.time()
    issued: list[tuple[str, str]] = []
    with service._gate, service.engine.begin() as conn:
        existing = {r.name: r.id for r in conn.execute(
            sa.select(db.users.c.name, db.users.c.id)
            .where(db.users.c.name.in_([p.name for p in people])))}
        for person in people:
            user_id = existing.get(person.name)
            if user_id is None:
                if not create:
                    raise RequestError(404, f"no user {person.name!r}")
                user_id = conn.execute(
                    db.users.insert().values(name=person.name, role=person.role, created_at=now,
                                             disabled=False).returning(db.users.c.id)
                ).scalar_one()
            conn.execute(db.enrollment_codes.update()
                         .where(db.enrollment_codes.c.user_id == user_id,
                                db.enrollment_codes.c.used_at.is_(None))
                         .values(expires_at=now, sip_secret=None))
            code = new_code()
            conn.execute(db.enrollment_codes.insert().values(
                user_id=user_id, code_hash=code_hash(code), created_at=now,
                expires_at=now + ttl_days * 86400, used_at=None, sip_user=person.sip_user,
                sip_secret=seal(code, person.sip_password) if person.sip_password else None))
            issued.append((person.name, code))
    return issued


def redeem(service: HubService, code: str) -> dict[str, Any]:
    """Exchange ``code`` for a new token: ``{"user", "role", "token", "sip_user",
    "sip_password"}``. A code works once; unknown, used and expired codes are all a 403."""
    now = time.time()
    digest = code_hash(code)
    with service._gate, service.engine.begin() as conn:
        row = conn.execute(
            sa.select(db.enrollment_codes, db.users.c.name, db.users.c.role,
                      db.users.c.disabled)
            .join(db.users, db.users.c.id == db.enrollment_codes.c.user_id)
            .where(db.enrollment_codes.c.code_hash == digest)).first()
        claimed = conn.execute(
            db.enrollment_codes.update()
            .where(db.enrollment_codes.c.code_hash == digest,
                   db.enrollment_codes.c.used_at.is_(None),
                   db.enrollment_codes.c.expires_at > now)
            .values(used_at=now, sip_secret=None)).rowcount
        if row is None or claimed != 1 or row.disabled:
            raise RequestError(403, "this enrollment code is unknown, used or expired; ask IT "
                                    "for a new one")
        token = new_token()
        service._add_token(conn, row.user_id, token)
    password = unseal(code, row.sip_secret) if row.sip_secret else ""
    return {"user": row.name, "role": row.role, "token": token, "sip_user": row.sip_user,
            "sip_password": password}


def revoke(service: HubService, name: str) -> tuple[int, int]:
    """Revoke every token of ``name`` and cancel its unused codes: ``(tokens, codes)``."""
    tokens = service.revoke_tokens(name)
    now = time.time()
    with service._gate, service.engine.begin() as conn:
        user_id = service._user_id(conn, name)
        codes = conn.execute(db.enrollment_codes.update()
                             .where(db.enrollment_codes.c.user_id == user_id,
                                    db.enrollment_codes.c.used_at.is_(None),
                                    db.enrollment_codes.c.expires_at > now)
                             .values(expires_at=now, sip_secret=None)).rowcount
    return tokens, int(codes)
