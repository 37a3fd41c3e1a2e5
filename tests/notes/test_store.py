"""NotesStore: saving, revisions, sync states, search, migrations and crash safety."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlite_utils

from agent.notes.model import MAX_CALLER_NAME, Note, NoteError, SyncCounts
from agent.notes.store import MIGRATIONS, SCHEMA_VERSION, NotesStore, NotesStoreError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path: Path) -> NotesStore:
    s = NotesStore.open(tmp_path / "notes.sqlite")
    yield s
    s.close()


def test_create_saves_at_once_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    store = NotesStore.open(path)
    note = store.create("call-1", "+79991234567", "inbound", started_at=100.0,
                        answered_at=105.0, ended_at=165.0, text="Клиент просит перезвонить",
                        callback={"when": "2026-11-28T10:00", "number": "+7999", "reason": "x"},
                        articles=["manager-contact"], wrap_up_code="callback")
    assert note.direction == "in"
    assert note.revision == 1 and note.sync_state == "pending" and note.synced_revision == 0
    assert note.duration == 60.0
    store.close()
    again = NotesStore.open(path)
    assert again.get(note.uuid) == note
    assert again.for_call("call-1") == note
    assert again.schema_version == SCHEMA_VERSION
    again.close()


def test_update_bumps_revision_and_marks_pending(store: NotesStore) -> None:
    note = store.create(None, "100", "out")
    store.mark_synced(note.uuid, 1)
    assert store.get(note.uuid).sync_state == "synced"
    updated = store.update(note.uuid, text="hello", complaint={"product": "router"})
    assert updated.revision == 2 and updated.sync_state == "pending"
    assert updated.synced_revision == 1
    assert updated.complaint == {"product": "router"}
    assert store.update(note.uuid, text="hello") == updated  # no change, no revision


def test_mark_synced_ignores_an_older_confirmation(store: NotesStore) -> None:
    note = store.create("c", "1", "in")
    store.update(note.uuid, text="a")
    store.update(note.uuid, text="ab")  # revision 3
    store.mark_synced(note.uuid, 2)  # the hub confirmed what was sent before the last keystroke
    current = store.get(note.uuid)
    assert current.sync_state == "pending" and current.synced_revision == 2
    assert [n.uuid for n in store.dirty(10)] == [note.uuid]
    store.mark_synced(note.uuid, 3)
    assert store.get(note.uuid).sync_state == "synced"
    assert store.dirty(10) == []


def test_mark_failed_keeps_reason_until_the_note_changes(store: NotesStore) -> None:
    note = store.create("c", "1", "in")
    store.mark_failed(note.uuid, "text too long")
    failed = store.get(note.uuid)
    assert failed.sync_state == "failed" and failed.sync_error == "text too long"
    assert store.dirty(10) == []
    assert store.counts() == SyncCounts(pending=0, synced=0, failed=1)
    again = store.update(note.uuid, text="short")
    assert again.sync_state == "pending" and again.sync_error is None
    # A refusal of an older revision does not mark the newer one failed.
    assert store.mark_failed(note.uuid, "old", revision=1).sync_state == "pending"


def test_counts_and_recent_search(store: NotesStore) -> None:
    a = store.create("a", "+7 495 111", "in", started_at=1.0, text="Жалоба на РОУТЕР")
    b = store.create("b", "+7 495 222", "out", started_at=2.0, text="Вопрос о тарифе")
    store.create("c", "+7 812 333", "in", started_at=3.0, wrap_up_code="spam")
    store.mark_synced(b.uuid, 1)
    assert store.counts() == SyncCounts(pending=2, synced=1, failed=0)
    assert [n.call_id for n in store.recent()] == ["c", "b", "a"]
    assert [n.uuid for n in store.recent(query="роутер")] == [a.uuid]
    assert [n.call_id for n in store.recent(query="495")] == ["b", "a"]
    assert [n.call_id for n in store.recent(query="SPAM")] == ["c"]
    assert len(store.recent(limit=1)) == 1


def test_bad_fields_are_refused_and_nothing_is_saved(store: NotesStore) -> None:
    with pytest.raises(NoteError, match="direction"):
        store.create("c", "1", "sideways")
    with pytest.raises(NoteError, match="articles"):
        store.create("c", "1", "in", articles="manager-contact")
    with pytest.raises(NoteError, match="unknown"):
        store.create("c", "1", "in", colour="red")
    note = store.create("c", "1", "in")
    with pytest.raises(NoteError, match="complaint"):
        store.update(note.uuid, complaint=["not", "a", "dict"])
    with pytest.raises(NotesStoreError):
        store.update("00000000-0000-0000-0000-000000000000", text="x")
    assert store.counts().total == 1


def test_note_json_round_trip(store: NotesStore) -> None:
    note = store.create("c", "1", "in", complaint={"severity": "high"}, articles=["x"],
                        completed=True)
    data = json.loads(json.dumps(note.to_json()))
    assert Note.from_json(data) == note
    wire = note.to_wire()
    assert wire["uuid"] == note.uuid and wire["revision"] == 1
    assert wire["note"]["completed"] is True and "sync_state" not in wire["note"]


def test_listeners_hear_every_change(store: NotesStore) -> None:
    heard: list[tuple[str, int, str]] = []
    store.add_listener(lambda n: heard.append((n.uuid, n.revision, n.sync_state)))
    note = store.create("c", "1", "in")
    store.update(note.uuid, text="t")
    store.mark_synced(note.uuid, 2)
    assert heard == [(note.uuid, 1, "pending"), (note.uuid, 2, "pending"),
                     (note.uuid, 2, "synced")]


def test_caller_name_is_a_field_saved_searched_and_checked(store: NotesStore) -> None:
    note = store.create("a", "+7 495 111", "in", caller_name="Анна Петровна")
    store.create("b", "+7 495 222", "in", text="без имени")
    assert note.caller_name == "Анна Петровна"
    assert note.to_wire()["note"]["caller_name"] == "Анна Петровна"
    assert [n.uuid for n in store.recent(query="АННА")] == [note.uuid]
    renamed = store.update(note.uuid, caller_name="Анна")
    assert renamed.revision == 2 and renamed.sync_state == "pending"
    assert store.update(note.uuid, caller_name="Анна") == renamed  # unchanged: no new revision
    assert store.create("c", "1", "in").caller_name == ""
    with pytest.raises(NoteError, match="caller_name"):
        store.update(note.uuid, caller_name=42)
    with pytest.raises(NoteError, match="caller_name"):
        store.update(note.uuid, caller_name="я" * (MAX_CALLER_NAME + 1))
    assert store.get(note.uuid) == renamed
    assert Note.from_json(renamed.to_json()) == renamed


def test_a_version_1_file_upgrades_in_place_and_keeps_its_notes(tmp_path: Path) -> None:
    """A notes.sqlite of the previous desktop: no caller_name column, the name kept inside the
    complaint/callback forms (the only place that desktop had for it)."""
    path = tmp_path / "notes.sqlite"
    old = sqlite_utils.Database(sqlite3.connect(path))
    MIGRATIONS[0](old)
    old.execute("PRAGMA user_version=1")
    common = {"number": "+7 495 111", "direction": "in", "started_at": 10.0, "text": "",
              "wrap_up_code": "", "articles": "[]", "completed": 0, "created_at": 10.0,
              "updated_at": 11.0}
    old["notes"].insert_all([
        {**common, "uuid": "00000000-0000-4000-8000-000000000001", "call_id": "with-complaint",
         "complaint": json.dumps({"subject": "роутер", "caller_name": "Ирина"}),
         "callback": "{}", "revision": 3, "sync_state": "synced", "synced_revision": 3},
        {**common, "uuid": "00000000-0000-4000-8000-000000000002", "call_id": "with-callback",
         "complaint": "{}", "callback": json.dumps({"number": "+7", "caller_name": "Олег"}),
         "revision": 2, "sync_state": "pending", "synced_revision": 1},
        {**common, "uuid": "00000000-0000-4000-8000-000000000003", "call_id": "nameless",
         "complaint": json.dumps({"caller_name": 7}), "callback": "{}", "revision": 1,
         "sync_state": "pending", "synced_revision": 0, "text": "кто-то звонил"},
    ])
    old.conn.commit()
    old.close()

    store = NotesStore.open(path)
    assert store.schema_version == SCHEMA_VERSION == 3
    notes = {n.call_id: n for n in store.all()}
    assert set(notes) == {"with-complaint", "with-callback", "nameless"}
    assert notes["with-complaint"].caller_name == "Ирина"
    assert notes["with-callback"].caller_name == "Олег"
    assert notes["nameless"].caller_name == "" and notes["nameless"].text == "кто-то звонил"
    # Revisions and sync states are kept: the upgrade itself uploads nothing.
    assert (notes["with-complaint"].revision, notes["with-complaint"].sync_state) == (3, "synced")
    assert store.counts() == SyncCounts(pending=2, synced=1, failed=0)
    assert notes["with-complaint"].complaint == {"subject": "роутер", "caller_name": "Ирина"}
    assert [n.call_id for n in store.recent(query="олег")] == ["with-callback"]
    store.update(notes["nameless"].uuid, caller_name="Пётр")
    store.close()
    again = NotesStore.open(path)  # opening an upgraded file again changes nothing
    assert again.schema_version == SCHEMA_VERSION
    assert again.for_call("nameless").caller_name == "Пётр"
    again.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    NotesStore.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(NotesStoreError, match="newer"):
        NotesStore.open(path)


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(NotesStoreError, match="cannot open"):
        NotesStore.open(path)


def test_wal_and_full_sync(store: NotesStore) -> None:
    conn = store._db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_shared_between_threads(store: NotesStore) -> None:
    errors: list[BaseException] = []

    def writer(prefix: str) -> None:
        try:
            for i in range(50):
                note = store.create(f"{prefix}{i}", str(i), "in")
                store.update(note.uuid, text=prefix)
                store.dirty(5)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(p,)) for p in "abc"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.counts().pending == 150


_WRITER = """
import sys
from pathlib import Path
from agent.notes.store import NotesStore
store = NotesStore.open(Path(sys.argv[1]))
note = store.create("crash", "1", "in")
print(note.uuid, flush=True)
i = 0
while True:
    i += 1
    store.update(note.uuid, text="x" * (i % 500), duration=float(i))
    print(i, flush=True)
"""


def test_sigkill_mid_typing_loses_at_most_the_last_change(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(path)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout is not None
    note_uuid = proc.stdout.readline().strip()
    last = 0
    for line in proc.stdout:
        last = int(line)
        if last >= 200:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    store = NotesStore.open(path)
    note = store.get(note_uuid)
    store.close()
    assert note is not None
    # Every change printed as done was committed (printing happens after the commit).
    assert note.duration is not None and note.duration >= last
    assert note.revision == int(note.duration) + 1


def test_personal_data_files_are_private(tmp_path: Path) -> None:
    """Call notes, call events, searches and drafts: 0600 files in a 0700 directory."""
    import stat

    from agent.editor.drafts import DraftStore
    from agent.floor.outbox import FloorOutbox
    from agent.notes.search_log import SearchLog

    home = tmp_path / "home"
    opened = [NotesStore.open(home / "notes.sqlite"), FloorOutbox(home / "floor.sqlite"),
              SearchLog(home / "searches.sqlite"), DraftStore(home / "editor.sqlite")]
    try:
        assert stat.S_IMODE(home.stat().st_mode) == 0o700
        for name in ("notes.sqlite", "floor.sqlite", "searches.sqlite", "editor.sqlite"):
            assert stat.S_IMODE((home / name).stat().st_mode) == 0o600, name
    finally:
        for item in opened:
            item.close()
