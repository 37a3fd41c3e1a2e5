"""``python -m kb.hub``: serve the hub, manage users, print the public key, publish a folder.

    serve [--db URL] [--host HOST] [--port PORT] [--cert FILE --key FILE] [--workers N]
    user add NAME... --role agent|editor|admin [--db URL]   (each token once, as the last word)
    user list | revoke NAME | import FILE.csv [--db URL]
    enroll NAME... | --count N --prefix P      (one-time enrollment codes, see kb.hub.admin_cli)
    backup DEST | restore SRC                  (SQLite database and signing key)
    key [--db URL] [--signing-key FILE]                   (the public key workstations pin)
    note owner UUID USER [--db URL]                     (give a note to another user)
    publish DIR [--db URL] [--author NAME] [--delete-missing]   (the server's own admin)
    publish DIR --hub URL [--token-stdin] [--delete-missing] [--force]   (an editor, over HTTP)
    migrate [--db URL]
    report daily|range …, floor group|groups|timezone …   (see :mod:`kb.hub.floor_cli`)

The database URL comes from ``--db``, else ``SUFLER_HUB_DB`` (keep PostgreSQL passwords there or in
``~/.pgpass``, not in argv), else the service's ``/etc/sufler/hub.env`` when readable (so
``sudo -u sufler-hub sufler hub …`` needs no ``--db``), else ``hub.sqlite`` under ``SUFLER_HOME``.
The signing key file is ``hub-signing.key`` next to a SQLite database, else under
``SUFLER_HOME`` (``--signing-key``, ``SUFLER_HUB_SIGNING_KEY`` or the service file override); it
is created with mode 600 on first start.

Thread rule: a command-line program; runs on the main thread.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import uuid
from pathlib import Path

from sqlalchemy.engine import make_url

from kb.hub import db
from kb.hub.app import DB_URL_ENV, KEY_FILE_ENV
from kb.hub.service import HubService, Principal
from kb.hub.validation import ROLES, USER_NAME_RE
from kb.paths import data_dir
from kb.wire import signing
from kb.wire.problems import RequestError

DEFAULT_PORT = 8470


ENV_FILE_ENV = "SUFLER_HUB_ENV_FILE"
SERVICE_ENV_FILE = Path("/etc/sufler/hub.env")


def service_env(path: Path | None = None) -> dict[str, str]:
    """``KEY=value`` lines of the hub service's environment file (``SUFLER_HUB_ENV_FILE`` or
    ``/etc/sufler/hub.env``), so that admin commands run as the service user find its database
    without repeating ``--db``. Empty when the file is missing or unreadable."""
    where = path or Path(os.environ.get(ENV_FILE_ENV) or SERVICE_ENV_FILE)
    try:
        text = where.read_text(encoding="utf-8")
    except OSError:
        return {}
    values = {}
    for line in text.splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and not key.startswith("#"):
            values[key.strip()] = value.strip().strip('"').strip("'")
    return values


def resolve_db_url(arg: str | None) -> str:
    return (arg or os.environ.get(DB_URL_ENV) or service_env().get(DB_URL_ENV)
            or db.default_sqlite_url(data_dir()))


def resolve_key_file(arg: str | None, url: str) -> Path:
    if arg or os.environ.get(KEY_FILE_ENV):
        return Path(arg or os.environ[KEY_FILE_ENV])
    if not os.environ.get(DB_URL_ENV) and service_env().get(DB_URL_ENV) == url \
            and service_env().get(KEY_FILE_ENV):
        return Path(service_env()[KEY_FILE_ENV])
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return Path(parsed.database).resolve().parent / "hub-signing.key"
    return data_dir() / "hub-signing.key"


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _open(url: str) -> HubService:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        Path(parsed.database).resolve().parent.mkdir(parents=True, exist_ok=True)
    engine = db.create_hub_engine(url, pool_size=2)
    db.migrate(engine)
    return HubService(engine, None)


def server_stack() -> tuple[str, str]:
    """(event loop, HTTP parser) that uvicorn's ``"auto"`` picks here: uvloop and httptools
    when installed (they cost a fraction of the CPU per request), else asyncio and h11."""
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    return loop, http


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    url = resolve_db_url(args.db)
    if bool(args.cert) != bool(args.key):
        print("error: --cert and --key go together", file=sys.stderr)
        return 1
    service = _open(url)
    service.engine.dispose()
    key_file = resolve_key_file(args.signing_key, url)
    key = signing.load_or_create_private_key(key_file)
    os.environ[DB_URL_ENV] = url
    os.environ[KEY_FILE_ENV] = str(key_file)
    scheme = "https" if args.cert else "http"
    loop, http = server_stack()
    print(f"Sufler hub on {scheme}://{args.host}:{args.port} (db {_safe_url(url)}, key id "
          f"{signing.key_id(key.public_key())}, {loop} + {http})", flush=True)
    # "auto" takes uvloop and httptools when they are installed; no WebSocket endpoints.
    uvicorn.run("kb.hub.app:app_from_env", factory=True, host=args.host, port=args.port,
                loop="auto", http="auto", ws="none",
                workers=args.workers, ssl_certfile=args.cert, ssl_keyfile=args.key,
                log_level=args.log_level, access_log=args.access_log,
                timeout_keep_alive=args.keep_alive, timeout_graceful_shutdown=3)
    return 0


def _user(args: argparse.Namespace) -> int:
    service = _open(resolve_db_url(args.db))
    if args.user_command == "list":
        for user in service.list_users():
            state = "disabled" if user["disabled"] else f"{user['active_tokens']} token(s)"
            print(f"{user['name']}\t{user['role']}\t{state}")
        return 0
    names = args.names if args.user_command == "add" else [args.name]
    bad = [name for name in names if not USER_NAME_RE.match(name)]
    if bad:
        print(f"error: {bad[0]!r} is not a user name (1-100 letters, digits, '.', '_', '@' "
              "or '-')", file=sys.stderr)
        return 1
    status = 0
    for name in names:
        try:
            if args.user_command == "revoke":
                from kb.hub.enrollment import revoke

                tokens, codes = revoke(service, name)
                print(f"revoked {tokens} token(s) and {codes} unused enrollment code(s) of "
                      f"{name}; hubs stop accepting them within seconds")
                continue
            token = service.add_user(name, args.role) if args.user_command == "add" \
                else service.issue_token(name)
        except RequestError as exc:
            print(f"error: {name}: {exc.message}", file=sys.stderr)
            status = 1
            continue
        print(f"Token for {name} (shown once, store it in the workstation's keyring): {token}")
    return status


def _note(args: argparse.Namespace) -> int:
    """``note owner UUID USER``: give a note to another user (only its owner may change it)."""
    service = _open(resolve_db_url(args.db))
    try:
        service.reassign_note(str(uuid.UUID(args.uuid)), args.user)
    except ValueError as exc:
        message = exc.message if isinstance(exc, RequestError) else f"{args.uuid!r} is not a UUID"
        print(f"error: {message}", file=sys.stderr)
        return 1
    print(f"note {args.uuid} now belongs to {args.user}")
    return 0


def _key(args: argparse.Namespace) -> int:
    url = resolve_db_url(args.db)
    key = signing.load_or_create_private_key(resolve_key_file(args.signing_key, url))
    public = key.public_key()
    print(f"key id {signing.key_id(public)}; pin this as hub.public_key in the site file:")
    print(signing.public_key_text(public))
    return 0


def _publish(args: argparse.Namespace) -> int:
    from kb.hub import editing
    from kb.markdown_files import SYNONYMS_FILE, ArticleFormatError, read_directory
    from kb.wire.articles import article_to_json

    try:
        folder = read_directory(Path(args.dir))
    except ArticleFormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.hub:
        from kb.hub.publish_client import run

        return run(folder, args.hub, args.token_stdin, args.delete_missing, args.force)
    url = resolve_db_url(args.db)
    service = _open(url)
    service.signing_key = signing.load_or_create_private_key(
        resolve_key_file(args.signing_key, url))
    current = service.current_articles()
    upserts = []
    for article in folder.articles:
        fresh = article_to_json(article)
        old = current.get(article.key)
        if old is None or {**old, "updated": None} != {**fresh, "updated": None}:
            upserts.append(article)
    deletions = []
    if args.delete_missing:
        keys = {a.key for a in folder.articles}
        deletions = sorted(k for k in current if k not in keys)
    # The folder's synonyms.yaml, when it has one, replaces the floor's synonym sets.
    synonym_sets = None
    if (Path(args.dir) / SYNONYMS_FILE).is_file():
        synonyms = editing.synonyms(service.engine)
        if synonyms["synonym_sets"] != folder.synonym_sets:
            synonym_sets = folder.synonym_sets
    if not upserts and not deletions and synonym_sets is None:
        print(f"nothing changed; the hub stays at revision {service.latest_revision()}")
        return 0
    result = service.publish(Principal(args.author, "editor"), upserts, deletions,
                             synonym_sets=synonym_sets)
    print(f"published revision {result['revision']}: {result['upserts']} article(s) updated, "
          f"{result['deletions']} deleted"
          + (f", {len(synonym_sets)} synonym set(s)" if synonym_sets is not None else ""))
    return 0


def _migrate(args: argparse.Namespace) -> int:
    url = resolve_db_url(args.db)
    _open(url)
    print(f"schema up to date ({_safe_url(url)})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kb.hub", description="The Sufler floor hub.")
    sub = parser.add_subparsers(dest="command", required=True)
    db_help = "database URL (sqlite:///FILE or postgresql+psycopg://...)"

    serve = sub.add_parser("serve", help="run the hub")
    serve.add_argument("--db", help=db_help)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--cert", help="TLS certificate (PEM)")
    serve.add_argument("--key", help="TLS private key (PEM)")
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    serve.add_argument("--signing-key", help="the Ed25519 signing key file")
    serve.add_argument("--log-level", default="warning")
    serve.add_argument("--keep-alive", type=int, default=75,
                       help="seconds an idle connection stays open (longer than clients keep "
                            "theirs, so a reused connection is never closed under a request)")
    serve.add_argument("--access-log", action="store_true")
    serve.set_defaults(func=_serve)

    user = sub.add_parser("user", help="manage users and tokens")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add", help="create users; prints each one's token once "
                                          "(prefer `user import` or `enroll` for a floor)")
    add.add_argument("names", nargs="+", metavar="NAME")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--db", help=db_help)
    token = user_sub.add_parser("token", help="issue a further token for a user")
    token.add_argument("name")
    token.add_argument("--db", help=db_help)
    listing = user_sub.add_parser("list", help="list users")
    listing.add_argument("--db", help=db_help)
    revoke = user_sub.add_parser("revoke", help="revoke every token and unused enrollment code "
                                                "of a user")
    revoke.add_argument("name")
    revoke.add_argument("--db", help=db_help)
    user.set_defaults(func=_user)

    note = sub.add_parser("note", help="manage uploaded call notes")
    note_sub = note.add_subparsers(dest="note_command", required=True)
    owner = note_sub.add_parser("owner", help="give a note to another user (only the owner of "
                                              "a note may change it)")
    owner.add_argument("uuid")
    owner.add_argument("user")
    owner.add_argument("--db", help=db_help)
    note.set_defaults(func=_note)

    from kb.hub import admin_cli

    admin_cli.add_parsers(sub, user_sub, db_help, _open, resolve_db_url, resolve_key_file)

    key = sub.add_parser("key", help="print the public key that workstations pin")
    key.add_argument("--db", help=db_help)
    key.add_argument("--signing-key")
    key.set_defaults(func=_key)

    publish = sub.add_parser("publish", help="publish a folder of Markdown articles")
    publish.add_argument("dir")
    publish.add_argument("--hub", help="publish through this hub's HTTP API (an editor's token "
                                       "from the keyring or --token-stdin) instead of writing "
                                       "the database directly")
    publish.add_argument("--token-stdin", action="store_true",
                         help="read the editor's token from the first line of stdin")
    publish.add_argument("--force", action="store_true",
                         help="with --hub: overwrite articles the hub changed after the "
                              "folder's copy was made")
    publish.add_argument("--db", help=db_help)
    publish.add_argument("--signing-key")
    publish.add_argument("--author", default="cli")
    publish.add_argument("--delete-missing", action="store_true",
                         help="also delete published articles the folder no longer has")
    publish.set_defaults(func=_publish)

    from kb.hub import floor_cli

    floor_cli.add_parsers(sub, db_help, _open, resolve_db_url)

    migrate = sub.add_parser("migrate", help="upgrade the database schema")
    migrate.add_argument("--db", help=db_help)
    migrate.set_defaults(func=_migrate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))
