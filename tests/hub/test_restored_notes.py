"""A notes file restored from an older copy never loses an edit: the hub's higher revision or
different text at the same revision is noticed, and the local text goes up as a new revision
(real hub, SQLite and PostgreSQL)."""

from __future__ import annotations

import shutil
from pathlib import Path

from agent.notes.store import NotesStore
from agent.notes.syncer import ONLINE, Syncer
from tests.hub.conftest import RunningHub
from tests.hub.test_roundtrip import exported


def sync(hub: RunningHub, path: Path) -> None:
    with NotesStore.open(path) as store:
        report = Syncer(store, hub.url, hub.agent).sync_once()
        assert report.state == ONLINE, report.error
        assert store.counts().pending == 0


def on_hub(hub: RunningHub, note_uuid: str) -> tuple[str, str]:
    row = next(r for r in exported(hub) if r["uuid"] == note_uuid)
    return row["revision"], row["text"]


def test_edits_made_after_restoring_an_older_file_reach_the_hub(hub: RunningHub,
                                                                 tmp_path: Path) -> None:
    path, backup = tmp_path / "notes.sqlite", tmp_path / "backup.sqlite"
    with NotesStore.open(path) as store:
        behind = store.create(None, "1", "in", text="v1").uuid  # restored copy: one behind
        level = store.create(None, "2", "in", text="v1").uuid  # same number, other text
        untouched = store.create(None, "3", "in", text="v1").uuid
    sync(hub, path)
    shutil.copy(path, backup)  # the store is closed: everything is in the main file
    with NotesStore.open(path) as store:
        for note_uuid in (behind, level, untouched):
            store.update(note_uuid, text="v2")
            store.update(note_uuid, text="v3")
    sync(hub, path)
    assert on_hub(hub, behind) == ("3", "v3")

    shutil.copy(backup, path)  # the operator restores last week's copy
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with NotesStore.open(path) as store:
        assert store.get(behind).revision == 1  # type: ignore[union-attr]
        store.update(behind, text="after restore")  # local revision 2 < the hub's 3
        store.update(level, text="after restore, 1")
        store.update(level, text="after restore, 2")  # local revision 3 == the hub's 3
    sync(hub, path)
    assert on_hub(hub, behind) == ("4", "after restore")
    assert on_hub(hub, level) == ("4", "after restore, 2")
    assert on_hub(hub, untouched) == ("3", "v3")  # nothing edited: the hub's text stays
    with NotesStore.open(path) as store:
        for note_uuid in (behind, level):
            note = store.get(note_uuid)
            assert note is not None and note.is_synced and note.revision == 4
        store.update(behind, text="later")
    sync(hub, path)
    assert on_hub(hub, behind) == ("5", "later")
