"""The floor's settings profile on the hub: ``site set FILE`` / ``site get`` and its endpoint.

Every ``set`` stores a new numbered revision signed with the KB signing key (see
:mod:`kb.wire.site_profile`); desks fetch the newest with their KB pull.

Thread rule: the service functions open their own transaction (thread-safe); the command-line
functions run on the main thread.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from kb.hub import db
from kb.wire import signing
from kb.wire.problems import RequestError
from kb.wire.site_profile import ProfileError, check_settings, parse_toml, signed_profile


def set_profile(service: Any, author: str, settings: dict[str, Any]) -> int:
    """Store ``settings`` as the next signed profile revision; answer its number."""
    checked = check_settings(settings)
    if service.signing_key is None:
        raise RequestError(503, "this hub has no signing key and cannot sign a profile")
    public = service.signing_key.public_key()
    with service._gate, service.engine.begin() as conn:
        last = conn.execute(sa.select(sa.func.max(db.site_profiles.c.revision))).scalar()
        number = int(last or 0) + 1
        document = signed_profile(number, checked)
        conn.execute(db.site_profiles.insert().values(
            revision=number, created_at=time.time(), author=author,
            key_id=signing.key_id(public), signature=signing.sign(service.signing_key, document),
            document=signing.canonical_json(document).decode("utf-8")))
    return number


def current_profile(service: Any) -> dict[str, Any]:
    """``{"revision", "settings", "signature", "key_id"}`` of the newest profile (revision 0 and
    no signature when none was ever set)."""
    with service.engine.connect() as conn:
        row = conn.execute(sa.select(db.site_profiles)
                           .order_by(db.site_profiles.c.revision.desc()).limit(1)).first()
    if row is None:
        return {"revision": 0, "settings": {}, "signature": None, "key_id": None}
    document = json.loads(row.document)
    return {"revision": row.revision, "settings": document["settings"],
            "signature": row.signature, "key_id": row.key_id}


def _set(args: argparse.Namespace, open_service: Callable[[str], Any],
         resolve_db: Callable[..., str], resolve_key: Callable[[str | None, str], Path]) -> int:
    try:
        text = Path(args.file).read_text(encoding="utf-8")
        settings = parse_toml(text, args.file)
    except OSError as exc:
        print(f"error: {args.file}: cannot be read: {exc.strerror}", file=sys.stderr)
        return 1
    except ProfileError as exc:
        print(f"error: {exc}; nothing was changed on the hub", file=sys.stderr)
        return 1
    url = resolve_db(args.db)
    service = open_service(url)
    service.signing_key = signing.load_or_create_private_key(resolve_key(args.signing_key, url))
    number = set_profile(service, args.author, settings)
    print(f"floor profile revision {number}: {len(settings)} setting(s); desks apply it with "
          "their next sync and show these settings locked")
    return 0


def _get(args: argparse.Namespace, open_service: Callable[[str], Any],
         resolve_db: Callable[..., str]) -> int:
    from kb.wire.site_profile import PROFILE_KEYS

    profile = current_profile(open_service(resolve_db(args.db)))
    if profile["revision"] == 0:
        print("# no floor profile is set (sufler hub site set FILE)")
        return 0
    print(f"# floor profile revision {profile['revision']}, key id {profile['key_id']}")
    sections: dict[str, list[str]] = {}
    for key in sorted(profile["settings"]):
        if key in PROFILE_KEYS:
            section, name = key.split(".", 1)
            sections.setdefault(section, []).append(
                f"{name} = {json.dumps(profile['settings'][key], ensure_ascii=False)}")
    for section, lines in sections.items():
        print(f"[{section}]\n" + "\n".join(lines))
    return 0


def add_parsers(sub: Any, db_help: str, open_service: Callable[[str], Any],
                resolve_db: Callable[..., str],
                resolve_key: Callable[[str | None, str], Path]) -> None:
    """Add ``site set FILE`` and ``site get`` to the hub's command line."""
    site = sub.add_parser("site", help="the floor's settings profile every desk applies")
    site_sub = site.add_subparsers(dest="site_command", required=True)
    put = site_sub.add_parser("set", help="publish a TOML profile (non-secret settings only) "
                                          "as the next signed revision")
    put.add_argument("file")
    put.add_argument("--author", default="cli")
    put.add_argument("--db", help=db_help)
    put.add_argument("--signing-key")
    put.set_defaults(func=lambda a: _set(a, open_service, resolve_db, resolve_key))
    get = site_sub.add_parser("get", help="print the current profile as TOML")
    get.add_argument("--db", help=db_help)
    get.set_defaults(func=lambda a: _get(a, open_service, resolve_db))
