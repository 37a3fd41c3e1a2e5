"""``python -m kb.hub`` (``sufler hub``) commands for IT: enrollment codes in bulk, backup, restore.

    user import FILE.csv [--ttl-days N] [--out CODES.csv]   (name,role,sip_user,sip_password)
    enroll NAME... [--role R] [--ttl-days N] [--out CODES.csv]
    enroll --count N --prefix P [--start 1] [--role R] ...  (P001..PN, created when missing)
    backup DEST_DIR          (consistent online copy of a SQLite hub and its signing key)
    restore SRC_DIR          (the hub stopped; replaces the database and the signing key)

Codes are printed once as CSV ``name,code`` (or written to ``--out``, created with mode 600);
the hub keeps only their hashes. PostgreSQL hubs are backed up with ``pg_dump`` (the command
says so) and the signing key by ``backup``.

Thread rule: a command-line program; runs on the main thread.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from kb.hub import enrollment
from kb.hub.validation import ROLES
from kb.wire.problems import RequestError

Opener = Callable[[str], Any]
KEY_NAME = "hub-signing.key"
DB_NAME = "hub.sqlite"


def _write_codes(pairs: list[tuple[str, str]], out: str | None) -> int:
    lines = "name,code\n" + "".join(f"{name},{code}\n" for name, code in pairs)
    if out is None:
        sys.stdout.write(lines)
    else:
        try:
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            print(f"error: {out} exists; choose a new file (codes are never overwritten)",
                  file=sys.stderr)
            return 1
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(lines)
        print(f"{len(pairs)} enrollment code(s) written to {out} (mode 600); hand each one to "
              "its operator and delete the file", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace, open_service: Opener, resolve_db: Callable[..., str]
            ) -> int:
    try:
        text = Path(args.file).read_text(encoding="utf-8-sig")
        people = enrollment.parse_csv(text)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {args.file}: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"error: {args.file}: {exc}; nothing was imported", file=sys.stderr)
        return 1
    if not people:
        print(f"error: {args.file} lists nobody", file=sys.stderr)
        return 1
    service = open_service(resolve_db(args.db))
    pairs = enrollment.issue(service, people, args.ttl_days)
    return _write_codes(pairs, args.out)


def _enroll(args: argparse.Namespace, open_service: Opener, resolve_db: Callable[..., str]
            ) -> int:
    names = list(args.names)
    if args.count:
        if not args.prefix:
            print("error: --count needs --prefix (users PREFIX001, PREFIX002, ...)",
                  file=sys.stderr)
            return 1
        width = max(3, len(str(args.start + args.count - 1)))
        names += [f"{args.prefix}{n:0{width}d}" for n in range(args.start,
                                                               args.start + args.count)]
    if not names:
        print("error: name the users, or give --count N --prefix P", file=sys.stderr)
        return 1
    try:
        people = enrollment.parse_csv("".join(f"{n},{args.role}\n" for n in names))
    except ValueError as exc:
        print(f"error: {exc.args[0].split(': ', 1)[-1]}", file=sys.stderr)
        return 1
    service = open_service(resolve_db(args.db))
    try:
        pairs = enrollment.issue(service, people, args.ttl_days)
    except RequestError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    return _write_codes(pairs, args.out)


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).resolve()


def _copy_key(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(src.read_bytes())
    os.replace(tmp, dest)


def _backup(args: argparse.Namespace, open_service: Opener, resolve_db: Callable[..., str],
            resolve_key: Callable[[str | None, str], Path]) -> int:
    url = resolve_db(args.db)
    dest = Path(args.dest)
    dest.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = resolve_key(None, url)
    if key.exists():
        _copy_key(key, dest / KEY_NAME)
    else:
        print(f"warning: no signing key at {key} (the hub creates one on first start)",
              file=sys.stderr)
    path = _sqlite_path(url)
    if path is None:
        print("the signing key is saved; back up a PostgreSQL database with pg_dump, e.g. "
              "`pg_dump -Fc -f hub.dump DBNAME` (see docs/it-deployment.md)")
        return 0
    open_service(url).engine.dispose()  # migrated, so a restore lands on a current schema
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    target = sqlite3.connect(dest / DB_NAME)
    with target:
        source.backup(target)
    source.close()
    target.close()
    os.chmod(dest / DB_NAME, 0o600)
    print(f"backed up {path} and its signing key to {dest}")
    return 0


def _restore(args: argparse.Namespace, open_service: Opener, resolve_db: Callable[..., str],
             resolve_key: Callable[[str | None, str], Path]) -> int:
    url = resolve_db(args.db)
    src = Path(args.src)
    path = _sqlite_path(url)
    if not (src / KEY_NAME).exists() and not (src / DB_NAME).exists():
        print(f"error: {src} has neither {DB_NAME} nor {KEY_NAME}", file=sys.stderr)
        return 1
    if path is not None and (src / DB_NAME).exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{src / DB_NAME}?mode=ro", uri=True)
        target = sqlite3.connect(path)
        with target:
            source.backup(target)
        source.close()
        target.close()
    elif path is None:
        print("restore a PostgreSQL database with pg_restore; restoring the signing key only")
    if (src / KEY_NAME).exists():
        _copy_key(src / KEY_NAME, resolve_key(None, url))
    open_service(url).engine.dispose()
    print(f"restored from {src}; start the hub again")
    return 0


def add_parsers(sub: Any, user_sub: Any, db_help: str, open_service: Opener,
                resolve_db: Callable[..., str],
                resolve_key: Callable[[str | None, str], Path]) -> None:
    """Add ``user import``, ``enroll``, ``backup`` and ``restore`` to the hub's command line."""
    ttl_help = f"days a code stays valid (default {enrollment.DEFAULT_TTL_DAYS})"
    out_help = "write the codes to this new file (mode 600) instead of standard output"

    imp = user_sub.add_parser("import", help="create users from a CSV and print one-time "
                                             "enrollment codes")
    imp.add_argument("file", help="CSV: name,role,sip_user,sip_password (only name required)")
    imp.add_argument("--ttl-days", type=float, default=enrollment.DEFAULT_TTL_DAYS,
                     help=ttl_help)
    imp.add_argument("--out", help=out_help)
    imp.add_argument("--db", help=db_help)
    imp.set_defaults(func=lambda a: _import(a, open_service, resolve_db))

    enroll = sub.add_parser("enroll", help="one-time enrollment codes for users (created when "
                                           "missing); a new code cancels the user's older ones")
    enroll.add_argument("names", nargs="*", metavar="NAME")
    enroll.add_argument("--count", type=int, default=0, help="also N numbered users")
    enroll.add_argument("--prefix", help="the numbered users' name prefix")
    enroll.add_argument("--start", type=int, default=1, help="the first number (default 1)")
    enroll.add_argument("--role", choices=ROLES, default="agent")
    enroll.add_argument("--ttl-days", type=float, default=enrollment.DEFAULT_TTL_DAYS,
                        help=ttl_help)
    enroll.add_argument("--out", help=out_help)
    enroll.add_argument("--db", help=db_help)
    enroll.set_defaults(func=lambda a: _enroll(a, open_service, resolve_db))

    backup = sub.add_parser("backup", help="copy the SQLite database (online, consistent) "
                                           "and the signing key into a directory")
    backup.add_argument("dest")
    backup.add_argument("--db", help=db_help)
    backup.set_defaults(func=lambda a: _backup(a, open_service, resolve_db, resolve_key))

    restore = sub.add_parser("restore", help="put a backup back (stop the hub first)")
    restore.add_argument("src")
    restore.add_argument("--db", help=db_help)
    restore.set_defaults(func=lambda a: _restore(a, open_service, resolve_db, resolve_key))
