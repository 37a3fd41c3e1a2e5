"""NotesStore rules: talk time, identity, searching and listing, sync-state changes and who hears
of them, the clock of a change, and opening and upgrading files."""

from __future__ import annotations

import itertools
import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from agent.notes.model import MAX_CALLER_NAME, Note, NoteError, SyncCounts
from agent.notes.store import MIGRATIONS, SCHEMA_VERSION, NotesStore, NotesStoreError

UUID = "3f1c2a9e-6b7d-4c1e-9a5f-0123456789ab"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[NotesStore]:
    s = NotesStore.open(tmp_path / "notes.sqlite")
    yield s
    s.close()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[float]:
    """time.time() as a counter that moves ten seconds per reading, from 1000."""
    ticks = itertools.count(1000.0, 10.0)
    monkeypatch.setattr(time, "time", lambda: next(ticks))
    yield 1000.0


# -- talk time -----------------------------------------------------------------------------------


def test_talk_time_runs_from_the_answer_to_the_end(store: NotesStore) -> None:
    note = store.create("c", "1", "in", started_at=100.0, answered_at=110.0, ended_at=170.0)
    assert note.duration == 60.0


def test_talk_time_runs_from_the_start_when_the_call_was_never_answered(store: NotesStore) -> None:
    note = store.create("c", "1", "out", started_at=100.0, ended_at=130.0)
    assert note.duration == 30.0
    assert store.get(note.uuid).duration == 30.0


def test_talk_time_is_unknown_without_an_end_or_a_beginning(store: NotesStore) -> None:
    assert store.create("c", "1", "in", started_at=100.0).duration is None
    assert store.create("c", "1", "in", ended_at=100.0).duration is None
    assert store.create("c", "1", "in", started_at=100.0, answered_at=110.0).duration is None


def test_talk_time_is_never_negative(store: NotesStore) -> None:
    """A clock step backwards between answer and hang-up gives zero, not a negative time."""
    note = store.create("c", "1", "in", started_at=100.0, answered_at=150.0, ended_at=140.0)
    assert note.duration == 0.0


def test_a_given_talk_time_is_kept(store: NotesStore) -> None:
    note = store.create("c", "1", "in", started_at=100.0, ended_at=200.0, duration=42.0)
    assert note.duration == 42.0
    # Changing another field keeps it; so does changing the end together with a new talk time.
    assert store.update(note.uuid, text="x").duration == 42.0
    assert store.update(note.uuid, ended_at=300.0, duration=7.0).duration == 7.0


def test_talk_time_follows_a_changed_call_time(store: NotesStore) -> None:
    note = store.create("c", "1", "in", started_at=100.0)
    assert note.duration is None
    ended = store.update(note.uuid, ended_at=160.0)
    assert ended.duration == 60.0
    answered = store.update(note.uuid, answered_at=130.0)
    assert answered.duration == 30.0
    # Without an answer time the start counts; a changed start recomputes it.
    other = store.create("d", "1", "out", started_at=100.0, ended_at=160.0)
    assert store.update(other.uuid, started_at=150.0).duration == 10.0


def test_talk_time_is_forgotten_when_the_end_goes(store: NotesStore) -> None:
    note = store.create("c", "1", "in", started_at=100.0, ended_at=160.0)
    assert store.update(note.uuid, ended_at=None).duration is None


# -- identity ------------------------------------------------------------------------------------


def test_a_given_uuid_is_kept(store: NotesStore) -> None:
    note = store.create("c", "1", "in", uuid=UUID)
    assert note.uuid == UUID
    assert store.get(UUID) == note


def test_a_new_note_gets_a_fresh_uuid(store: NotesStore) -> None:
    first, second = store.create("c", "1", "in"), store.create("c", "1", "in")
    assert first.uuid != second.uuid
    assert len(first.uuid) == 36 and first.uuid.count("-") == 4


def test_a_uuid_that_is_not_one_is_refused(store: NotesStore) -> None:
    with pytest.raises(NoteError, match="'not-a-uuid' is not a UUID"):
        store.create("c", "1", "in", uuid="not-a-uuid")
    assert store.all() == []


def test_a_uuid_used_twice_is_refused_and_the_first_note_stays(store: NotesStore) -> None:
    first = store.create("c", "1", "in", uuid=UUID, text="first")
    with pytest.raises(NoteError, match=f"a note with uuid {UUID} already exists"):
        store.create("d", "2", "out", uuid=UUID, text="second")
    assert store.all() == [first]


def test_a_new_note_starts_empty_pending_at_revision_one(store: NotesStore, clock: float) -> None:
    note = store.create(None, "", "in")
    assert note == Note(uuid=note.uuid, number="", direction="in", call_id=None, caller_name="",
                        started_at=None, answered_at=None, ended_at=None, duration=None,
                        wrap_up_code="", text="", complaint={}, callback={}, articles=[],
                        completed=False, created_at=clock, updated_at=clock, revision=1,
                        sync_state="pending", sync_error=None, synced_revision=0)


def test_fields_keep_their_types_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    with NotesStore.open(path) as store:
        note = store.create("c", "1", "in", completed=True, complaint={"тема": "роутер"},
                            callback={"number": "+7"}, articles=["a", "b"])
        undone = store.update(note.uuid, completed=False)
    with NotesStore.open(path) as again:
        stored = again.get(note.uuid)
    assert stored == undone
    assert stored.completed is False and stored.complaint == {"тема": "роутер"}
    assert stored.articles == ["a", "b"] and stored.callback == {"number": "+7"}


def test_the_store_keeps_the_times_of_creation_and_change(store: NotesStore) -> None:
    with pytest.raises(NoteError, match="unknown note field"):
        store.create("c", "1", "in", updated_at=5.0)
    note = store.create("c", "1", "in")
    for name in ("created_at", "updated_at"):
        with pytest.raises(NoteError, match=f"unknown note field.*{name}"):
            store.update(note.uuid, **{name: 5.0})
    assert store.get(note.uuid) == note


def test_changing_a_note_that_does_not_exist_names_it(store: NotesStore) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    with pytest.raises(NotesStoreError, match=f"^no note {missing}$"):
        store.update(missing, text="x")


# -- finding notes ------------------------------------------------------------------------------


def test_a_call_without_notes_has_none(store: NotesStore) -> None:
    store.create("known", "1", "in")
    assert store.for_call("unknown") is None
    assert store.get("00000000-0000-4000-8000-000000000000") is None


def test_the_newest_note_of_a_call_is_its_note(store: NotesStore, clock: float) -> None:
    store.create("call", "1", "in", text="first")
    store.create("other", "1", "in")
    newest = store.create("call", "1", "in", text="second")
    assert store.for_call("call") == newest


def test_search_covers_notes_without_a_call_id(store: NotesStore) -> None:
    """A note typed by hand has no call id (NULL): searching must still look at its text."""
    manual = store.create(None, "+7 495", "out", text="Перезвонить Ивану")
    store.create("call-9", "+7 812", "in", text="другое")
    assert [n.uuid for n in store.recent(query="ивану")] == [manual.uuid]
    assert [n.call_id for n in store.recent(query="CALL-9")] == ["call-9"]


def test_search_ignores_surrounding_spaces_and_a_blank_query_lists_all(store: NotesStore) -> None:
    a = store.create("a", "1", "in", started_at=1.0, text="роутер")
    b = store.create("b", "2", "in", started_at=2.0)
    assert [n.uuid for n in store.recent(query="  Роутер  ")] == [a.uuid]
    assert [n.uuid for n in store.recent(query="   ")] == [b.uuid, a.uuid]
    assert [n.uuid for n in store.recent(query="")] == [b.uuid, a.uuid]
    assert store.recent(query="nowhere") == []


def test_recent_lists_by_call_time_else_by_creation(store: NotesStore, clock: float) -> None:
    """Newest first by the call's start; a note without one counts from its creation; notes of
    the same moment list the later-created first."""
    old_call = store.create("old", "1", "in", started_at=500.0)   # created at 1000
    manual = store.create(None, "1", "in")                         # created at 1010
    new_call = store.create("new", "1", "in", started_at=2000.0)  # created at 1020
    same_a = store.create("a", "1", "in", started_at=1005.0)       # created at 1030
    same_b = store.create("b", "1", "in", started_at=1005.0)       # created at 1040
    assert [n.uuid for n in store.recent()] == [
        new_call.uuid, manual.uuid, same_b.uuid, same_a.uuid, old_call.uuid]


def test_recent_limit(store: NotesStore) -> None:
    for i in range(3):
        store.create(str(i), "1", "in", started_at=float(i))
    assert [n.call_id for n in store.recent(limit=2)] == ["2", "1"]
    assert store.recent(limit=0) == []
    assert store.recent(limit=-5) == []
    assert len(store.recent()) == 3


def test_all_lists_every_note_in_creation_order(store: NotesStore, clock: float) -> None:
    notes = [store.create(str(i), "1", "in", started_at=float(10 - i)) for i in range(3)]
    store.mark_failed(notes[1].uuid, "no")
    assert [n.uuid for n in store.all()] == [n.uuid for n in notes]


def test_the_outbox_lists_pending_notes_oldest_change_first(store: NotesStore,
                                                            clock: float) -> None:
    a, b, c = (store.create(x, "1", "in") for x in "abc")
    store.update(a.uuid, text="changed last")
    store.mark_synced(b.uuid, 1)
    assert [n.uuid for n in store.dirty()] == [c.uuid, a.uuid]
    assert [n.uuid for n in store.dirty(limit=1)] == [c.uuid]


def test_lists_hold_a_hundred_notes_unless_told(store: NotesStore) -> None:
    for i in range(101):
        store.mark_failed(store.create(str(i), "1", "in").uuid, "refused")
    assert len(store.needing_attention()) == 100
    assert store.retry_failed() == 101
    assert len(store.recent()) == 100 and len(store.dirty()) == 100
    assert len(store.recent(limit=101)) == len(store.dirty(limit=200)) == 101


# -- sync states ---------------------------------------------------------------------------------


def test_counts_cover_every_state(store: NotesStore) -> None:
    pending, synced, failed, quarantined = (store.create(x, "1", "in") for x in "abcd")
    store.mark_synced(synced.uuid, 1)
    store.mark_failed(failed.uuid, "refused")
    store.quarantine(quarantined.uuid, "bad number", 1)
    assert store.counts() == SyncCounts(pending=1, synced=1, failed=1, quarantined=1)
    assert store.get(pending.uuid).sync_state == "pending"


def test_a_quarantined_note_leaves_the_outbox_with_its_reason(store: NotesStore) -> None:
    note = store.create("c", "1", "in")
    kept = store.quarantine(note.uuid, "number: too long", 1)
    assert kept.sync_state == "quarantined" and kept.sync_error == "number: too long"
    assert store.get(note.uuid) == kept
    assert store.dirty() == []
    corrected = store.update(note.uuid, number="2")
    assert corrected.sync_state == "pending" and corrected.sync_error is None
    assert [n.uuid for n in store.dirty()] == [note.uuid]


def test_quarantine_of_an_older_revision_changes_nothing(store: NotesStore) -> None:
    note = store.create("c", "1", "in")
    current = store.update(note.uuid, text="fixed meanwhile")
    assert store.quarantine(note.uuid, "old problem", 1) == current
    assert store.get(note.uuid) == current
    assert store.quarantine("00000000-0000-4000-8000-000000000000", "x", 1) is None


def test_notes_needing_attention_are_the_failed_and_quarantined(store: NotesStore,
                                                                clock: float) -> None:
    a, b, c, d = (store.create(x, "1", "in") for x in "abcd")
    store.quarantine(b.uuid, "bad", 1)
    store.mark_failed(a.uuid, "refused")
    store.mark_synced(c.uuid, 1)
    # Oldest change first: marking a state is not a change of the note.
    assert [n.uuid for n in store.needing_attention()] == [a.uuid, b.uuid]
    assert [n.uuid for n in store.needing_attention(limit=1)] == [a.uuid]
    assert d.uuid not in {n.uuid for n in store.needing_attention()}


def test_retry_puts_failed_and_quarantined_notes_back_in_the_outbox(store: NotesStore) -> None:
    failed, quarantined, synced, pending = (store.create(x, "1", "in") for x in "abcd")
    store.mark_failed(failed.uuid, "refused")
    store.quarantine(quarantined.uuid, "bad", 1)
    store.mark_synced(synced.uuid, 1)
    assert store.retry_failed() == 2
    assert store.counts() == SyncCounts(pending=3, synced=1)
    assert store.get(pending.uuid) == pending
    for uuid in (failed.uuid, quarantined.uuid):
        note = store.get(uuid)
        assert note.sync_state == "pending" and note.sync_error is None and note.revision == 1
    assert store.retry_failed() == 0


def test_a_refusal_after_the_confirmation_is_moot(store: NotesStore) -> None:
    note = store.create("c", "1", "in")
    synced = store.mark_synced(note.uuid, 1)
    assert store.mark_failed(note.uuid, "late refusal", revision=1) == synced
    assert store.mark_failed(note.uuid, "late refusal") == synced
    assert store.get(note.uuid).sync_state == "synced"


def test_marking_an_unknown_note_is_nothing(store: NotesStore) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    heard: list[Note] = []
    store.add_listener(heard.append)
    assert store.mark_failed(missing, "x") is None
    assert store.mark_synced(missing, 1) is None
    assert store.mark_synced(missing, 1, matches=False) is None
    assert heard == []


def test_a_hub_holding_another_text_makes_the_note_go_up_again(store: NotesStore) -> None:
    """The hub stores revision 3 with a text this (restored) file never had: the note takes
    revision 4 and stays pending, so its own text goes up as the newer one."""
    note = store.create("c", "1", "in", text="restored")
    renumbered = store.mark_synced(note.uuid, 3, matches=False)
    assert renumbered.revision == 4 and renumbered.sync_state == "pending"
    assert renumbered.sync_error is None and renumbered.synced_revision == 0
    # Once renumbered in a pass, another mismatch leaves it as it is.
    assert store.mark_synced(note.uuid, 4, matches=False, may_renumber=False) == renumbered


def test_a_mismatch_for_an_older_revision_changes_nothing(store: NotesStore) -> None:
    note = store.create("c", "1", "in")
    current = store.update(note.uuid, text="newer")  # revision 2
    assert store.mark_synced(note.uuid, 1, matches=False) == current
    failed = store.mark_failed(note.uuid, "refused")
    renumbered = store.mark_synced(note.uuid, 2, matches=False)
    assert renumbered.revision == 3 and renumbered.sync_state == "pending"
    assert failed.sync_error == "refused" and renumbered.sync_error is None


def test_a_hub_holding_this_text_under_a_higher_number_is_a_sync(store: NotesStore) -> None:
    note = store.create("c", "1", "in")
    synced = store.mark_synced(note.uuid, 5, matches=True)
    assert (synced.revision, synced.synced_revision, synced.sync_state) == (5, 5, "synced")
    assert store.update(note.uuid, text="next").revision == 6


def test_a_confirmation_without_a_word_on_the_content_keeps_the_number(store: NotesStore) -> None:
    note = store.create("c", "1", "in")
    synced = store.mark_synced(note.uuid, 5)
    assert (synced.revision, synced.synced_revision, synced.sync_state) == (1, 5, "synced")


def test_a_confirmation_clears_an_earlier_refusal(store: NotesStore) -> None:
    note = store.create("c", "1", "in")
    store.mark_failed(note.uuid, "refused")
    synced = store.mark_synced(note.uuid, 1, matches=True)
    assert synced.sync_state == "synced" and synced.sync_error is None


def test_an_older_confirmation_keeps_a_refusal_of_the_newer_revision(store: NotesStore) -> None:
    note = store.create("c", "1", "in")
    store.update(note.uuid, text="x")  # revision 2
    store.mark_failed(note.uuid, "too long", revision=2)
    kept = store.mark_synced(note.uuid, 1, matches=True)
    assert (kept.sync_state, kept.sync_error, kept.synced_revision) == ("failed", "too long", 1)


# -- who hears of a change -----------------------------------------------------------------------


def test_listeners_hear_refusals_quarantines_and_renumbering(store: NotesStore) -> None:
    heard: list[tuple[str, str | None, int]] = []
    store.add_listener(lambda n: heard.append((n.sync_state, n.sync_error, n.revision)))
    a = store.create("a", "1", "in")
    store.mark_failed(a.uuid, "refused")
    store.quarantine(a.uuid, "bad", 1)
    store.mark_synced(a.uuid, 1, matches=False)
    assert heard == [("pending", None, 1), ("failed", "refused", 1), ("quarantined", "bad", 1),
                     ("pending", None, 2)]


def test_nothing_is_heard_when_nothing_changed(store: NotesStore) -> None:
    note = store.create("c", "1", "in", text="same")
    heard: list[Note] = []
    store.add_listener(heard.append)
    store.update(note.uuid, text="same")
    store.quarantine(note.uuid, "old", revision=7)
    store.mark_failed(note.uuid, "old", revision=7)
    assert heard == []


def test_a_removed_listener_hears_nothing_more(store: NotesStore) -> None:
    kept: list[Note] = []
    removed: list[Note] = []
    store.add_listener(kept.append)
    store.add_listener(removed.append)
    store.remove_listener(removed.append)
    store.remove_listener(lambda n: None)  # never added: nothing happens
    note = store.create("c", "1", "in")
    assert kept == [note] and removed == []


# -- the clock of a change -----------------------------------------------------------------------


def test_a_change_moves_updated_at_and_keeps_created_at(store: NotesStore, clock: float) -> None:
    note = store.create("c", "1", "in")
    assert note.created_at == note.updated_at == 1000.0
    changed = store.update(note.uuid, text="x")
    assert changed.created_at == 1000.0 and changed.updated_at == 1010.0
    # A state mark is not a change of the note.
    assert store.mark_synced(note.uuid, 2).updated_at == 1010.0


# -- opening and upgrading -----------------------------------------------------------------------


def test_open_creates_missing_folders(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "notes.sqlite"
    with NotesStore.open(path) as store:
        store.create("c", "1", "in")
        assert store.path == path
    assert path.is_file()


def test_a_file_of_a_newer_desktop_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    NotesStore.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(NotesStoreError) as refused:
        NotesStore.open(path)
    assert str(refused.value) == (
        f"{path}: written by a newer Sufler (schema {SCHEMA_VERSION + 1}, this one knows "
        f"{SCHEMA_VERSION}); update the application")


def test_a_file_that_is_no_notes_file_is_a_clear_error(tmp_path: Path) -> None:
    """A database with a notes table of another shape cannot be upgraded, and is refused."""
    path = tmp_path / "notes.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (uuid TEXT PRIMARY KEY)")
    conn.execute("PRAGMA user_version=2")
    conn.close()
    with pytest.raises(NotesStoreError) as refused:
        NotesStore.open(path)
    assert str(refused.value) == "the notes table does not have the expected sync_state check"
    conn = sqlite3.connect(path)  # and it is left as it was
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()


def _version_1_file(path: Path, rows: list[dict[str, object]]) -> None:
    old = sqlite_utils.Database(sqlite3.connect(path))
    MIGRATIONS[0](old)
    old.execute("PRAGMA user_version=1")
    common = {"number": "1", "direction": "in", "text": "", "wrap_up_code": "", "articles": "[]",
              "completed": 0, "created_at": 10.0, "updated_at": 11.0, "complaint": "{}",
              "callback": "{}", "revision": 1, "sync_state": "pending", "synced_revision": 0}
    old["notes"].insert_all([{**common, **row} for row in rows])
    old.conn.commit()
    old.close()


def test_the_upgrade_takes_the_name_from_the_complaint_first(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    long_name = "Я" * (MAX_CALLER_NAME + 20)
    _version_1_file(path, [
        {"uuid": "00000000-0000-4000-8000-000000000001", "call_id": "both",
         "complaint": json.dumps({"caller_name": "Ирина"}),
         "callback": json.dumps({"caller_name": "Олег"})},
        {"uuid": "00000000-0000-4000-8000-000000000002", "call_id": "empty-complaint-name",
         "complaint": json.dumps({"caller_name": ""}),
         "callback": json.dumps({"caller_name": "Олег"})},
        {"uuid": "00000000-0000-4000-8000-000000000003", "call_id": "long",
         "complaint": json.dumps({"caller_name": long_name})},
        {"uuid": "00000000-0000-4000-8000-000000000004", "call_id": "broken",
         "complaint": "{not json", "callback": json.dumps({"caller_name": "Анна"})},
    ])
    with NotesStore.open(path) as store:
        names = {n.call_id: n.caller_name for n in store.all()}
        assert store.schema_version == SCHEMA_VERSION
    assert names == {"both": "Ирина", "empty-complaint-name": "Олег",
                     "long": "Я" * MAX_CALLER_NAME, "broken": "Анна"}


def test_an_upgraded_file_takes_quarantined_notes(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    _version_1_file(path, [{"uuid": UUID, "call_id": "c", "started_at": 5.0}])
    with NotesStore.open(path) as store:
        kept = store.quarantine(UUID, "bad", 1)
        assert kept.sync_state == "quarantined"
        assert store.for_call("c") == kept


def test_stored_values_the_contract_refuses_are_listed_as_they_are(tmp_path: Path) -> None:
    """A value another tool wrote (broken JSON, invalid UTF-8) is listed, never a crash."""
    path = tmp_path / "notes.sqlite"
    with NotesStore.open(path) as store:
        note = store.create("c", "1", "in", text="ok")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE notes SET complaint = '{broken', callback = 5, articles = X'FF', "
                 "text = CAST(X'6869FF' AS TEXT) WHERE uuid = ?", [note.uuid])
    conn.commit()
    conn.close()
    with NotesStore.open(path) as store:
        listed = store.get(note.uuid)
        assert listed.complaint == "{broken"
        assert listed.callback == 5 and listed.articles == b"\xff"
        assert listed.text == "hi\udcff"
        assert [n.uuid for n in store.recent(query="hi")] == [note.uuid]
