"""``python -m agent notes``: call notes from the command line (IT, scripts and tests).

    add                      a note as JSON on stdin (an object, or a list of them); prints uuids
                             (``Note`` fields: number, direction, caller_name, text...)
    update UUID              changed fields as a JSON object on stdin
    list [--json] [--limit N] [--query TEXT]
    status                   counts per sync state, then every failed or quarantined note with
                             its reason and what to do; exit 3 when there are any
    retry                    put failed and quarantined notes back in the outbox (after the
                             cause was fixed)
    sync [--hub URL] [--kb]  one pass; exit codes:
                               0  every note reached the hub (nothing pending, failed or
                                  quarantined)
                               1  an error (the message says which), or notes still pending
                               2  the hub is offline
                               3  the pass worked, but notes were refused by the hub or
                                  quarantined here: ``notes status`` lists them and the fix
    token [--hub URL]        read a hub token from stdin and store it in the keyring

Notes live in ``notes.sqlite`` under ``SUFLER_HOME``. The hub URL comes from ``--hub`` or the
``hub.url`` setting; the token from the keyring, or ``SUFLER_HUB_TOKEN`` for automation.

Thread rule: a command-line program; runs on the main thread.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from agent.notes.hub_client import resolve_token, store_token
from agent.notes.model import Note, NoteError
from agent.notes.store import NotesStore, NotesStoreError
from agent.notes.syncer import OFFLINE, ONLINE, Syncer
from kb.paths import data_dir
from kb.wire.jsonio import JsonError, parse_json
from kb.wire.states import NoteState

EXIT_OK, EXIT_ERROR, EXIT_OFFLINE, EXIT_NEEDS_ATTENTION = 0, 1, 2, 3


def notes_path(home: Path | None = None) -> Path:
    return (home or data_dir()) / "notes.sqlite"


def _settings_get(key: str) -> Any:
    from agent.settings import Settings

    return Settings.load(data_dir()).get(key)


def _hub_url(arg: str | None) -> str:
    return (arg or str(_settings_get("hub.url") or "")).rstrip("/")


def _read_stdin_json() -> Any:
    try:
        return parse_json(sys.stdin.buffer.read())
    except JsonError as exc:
        raise NoteError(f"stdin is not valid JSON: {exc}") from None


def _add(store: NotesStore, args: argparse.Namespace) -> int:
    data = _read_stdin_json()
    items = data if isinstance(data, list) else [data]
    created: list[Note] = []
    for item in items:
        if not isinstance(item, dict):
            raise NoteError("each note must be a JSON object")
        fields = dict(item)
        try:
            call_id, number, direction = (fields.pop("call_id", None), fields.pop("number"),
                                          fields.pop("direction"))
        except KeyError as exc:
            raise NoteError(f"a note needs {exc.args[0]!r}") from None
        created.append(store.create(call_id, number, direction, **fields))
    for note in created:
        print(note.uuid)
    return EXIT_OK


def _update(store: NotesStore, args: argparse.Namespace) -> int:
    data = _read_stdin_json()
    if not isinstance(data, dict):
        raise NoteError("the changes must be a JSON object")
    note = store.update(args.uuid, **data)
    print(f"{note.uuid} revision {note.revision}")
    return EXIT_OK


def _when(value: Any) -> str:
    """A stored time for people; whatever is stored (a time out of range, not a number) is
    shown as it is rather than failing the listing."""
    if value is None:
        return "-"
    try:
        return dt.datetime.fromtimestamp(value).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError, OverflowError, OSError):
        return f"?{str(value)[:15]}"


def _line(value: Any) -> str:
    """A stored value as one line of text (whatever its type)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                           default=str)
    return " ".join(text.split()).encode("utf-8", "replace").decode("utf-8")


def _list(store: NotesStore, args: argparse.Namespace) -> int:
    notes = store.recent(limit=args.limit, query=args.query)
    if args.json:
        for note in notes:
            line = json.dumps(note.to_json(), ensure_ascii=False, default=str)
            print(line.encode("utf-8", "replace").decode("utf-8"))
        return EXIT_OK
    for note in notes:
        state = note.sync_state + (f" ({_line(note.sync_error)})" if note.sync_error else "")
        text = _line(note.text)
        text = text[:60] + ("…" if len(text) > 60 else "")
        name = _line(note.caller_name)
        name = (name[:19] + "…" if len(name) > 20 else name) or "-"
        print(f"{note.uuid}  {_when(note.started_at or note.created_at)}  "
              f"{_line(note.direction):<3}  {_line(note.number)[:40]:<16}  {name:<20}  "
              f"r{note.revision:<3} {state:<8}  {text}")
    return EXIT_OK


_WHAT_TO_DO = {
    NoteState.QUARANTINED: "correct the field named (notes update UUID); it goes up on the "
                           "next sync",
    NoteState.FAILED: "correct it (notes update UUID), or after the hub's cause is fixed run "
                      "notes retry; a note of another user: ask the hub's administrator",
}


def _status(store: NotesStore, args: argparse.Namespace) -> int:
    counts = store.counts()
    print(f"pending {counts.pending}, synced {counts.synced}, failed {counts.failed}, "
          f"quarantined {counts.quarantined}")
    for note in store.needing_attention(limit=1000):
        print(f"{note.uuid}  r{note.revision}  {note.sync_state}: {_line(note.sync_error)}")
        print(f"    what to do: {_WHAT_TO_DO[note.sync_state]}")
    return EXIT_NEEDS_ATTENTION if counts.needing_attention else EXIT_OK


def _retry(store: NotesStore, args: argparse.Namespace) -> int:
    print(f"{store.retry_failed()} note(s) back in the outbox")
    return EXIT_OK


def _kb_puller() -> Any:
    from agent.notes.kb_pull import KbPuller
    from kb.knowledge_base import KnowledgeBase

    key = str(_settings_get("hub.public_key") or "").strip()
    if not key:
        raise NoteError("hub.public_key is not set: IT pins the hub's key at provisioning")
    return KbPuller(KnowledgeBase.open(data_dir()), key)


def _sync(store: NotesStore, args: argparse.Namespace) -> int:
    url = _hub_url(args.hub)
    if not url:
        print("error: no hub URL: pass --hub URL or set hub.url", file=sys.stderr)
        return EXIT_ERROR
    puller = _kb_puller() if args.kb else None
    floor = _floor_outbox(store.path.parent)
    syncer = Syncer(store, url, lambda: resolve_token(url), batch_size=args.batch,
                    timeout=args.timeout, kb_puller=puller, floor_outbox=floor)
    try:
        report = syncer.sync_once()
        floor_pending = floor.pending_count() if floor is not None else 0
    finally:
        if puller is not None:
            puller.kb.close()
        if floor is not None:
            floor.close()
    counts = report.counts
    print(f"sent {report.sent}, confirmed {report.confirmed}, refused {report.rejected}, "
          f"quarantined {report.quarantined}; pending {counts.pending}, synced {counts.synced}, "
          f"failed {counts.failed}, quarantined {counts.quarantined}"
          + (f"; floor events pending {floor_pending}" if floor is not None else ""))
    if report.kb is not None:
        print(f"kb revision {report.kb.from_revision} -> {report.kb.to_revision}"
              + (f" ({report.kb.error})" if report.kb.error else ""))
    if report.state == OFFLINE:
        print(f"offline: {report.error}", file=sys.stderr)
        return EXIT_OFFLINE
    if report.state != ONLINE or report.error:
        print(f"error: {report.error}", file=sys.stderr)
        return EXIT_ERROR
    if counts.pending or floor_pending:
        return EXIT_ERROR
    if counts.needing_attention:
        print(f"{counts.failed} note(s) refused by the hub and {counts.quarantined} "
              "quarantined here did not reach the hub; see `notes status`", file=sys.stderr)
        return EXIT_NEEDS_ATTENTION
    return EXIT_OK


def _floor_outbox(home: Path) -> Any:
    """The workstation's floor outbox when it has one (events recorded by the desktop)."""
    from agent.floor.outbox import OUTBOX_FILE, FloorOutbox

    path = home / OUTBOX_FILE
    return FloorOutbox(path) if path.exists() else None


def _token(args: argparse.Namespace) -> int:
    url = _hub_url(args.hub)
    if not url:
        print("error: no hub URL: pass --hub URL or set hub.url", file=sys.stderr)
        return EXIT_ERROR
    token = sys.stdin.readline().strip()
    if not token:
        print("error: no token on stdin", file=sys.stderr)
        return EXIT_ERROR
    store_token(url, token)
    stored = resolve_token(url)
    print("the hub token is stored in the keyring" if stored else "the keyring did not keep it")
    return EXIT_OK if stored else EXIT_ERROR


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m agent notes", description="Call notes.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("add", help="add notes (JSON on stdin)")
    update = sub.add_parser("update", help="change a note (JSON on stdin)")
    update.add_argument("uuid")
    listing = sub.add_parser("list", help="recent notes with their sync state")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.add_argument("--limit", type=int, default=100)
    listing.add_argument("--query",
                         help="search text, number, caller's name, wrap-up code, call id")
    sub.add_parser("status", help="counts per sync state, and the notes needing attention")
    sub.add_parser("retry", help="put failed and quarantined notes back in the outbox")
    sync = sub.add_parser("sync", help="one sync pass with the hub")
    sync.add_argument("--hub", help="hub URL (default: the hub.url setting)")
    sync.add_argument("--kb", action="store_true", help="also pull signed KB revisions")
    sync.add_argument("--batch", type=int, default=100, help="notes per request")
    sync.add_argument("--timeout", type=float, default=10.0)
    token = sub.add_parser("token", help="store a hub token (stdin) in the keyring")
    token.add_argument("--hub", help="hub URL (default: the hub.url setting)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "token":
            return _token(args)
        store = NotesStore.open(notes_path())
        try:
            handler = {"add": _add, "update": _update, "list": _list, "status": _status,
                       "retry": _retry, "sync": _sync}[args.command]
            return handler(store, args)
        finally:
            store.close()
    except (NoteError, NotesStoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:
        from agent.secrets import SecretStoreUnavailable

        if isinstance(exc, SecretStoreUnavailable):
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_ERROR
        raise


if __name__ == "__main__":
    sys.exit(main())
