"""NotesStore rules: talk time, identity, searching and listing, sync-state changes and who hears
of them, the clock of a change, and opening and upgrading files."""

from __future__ import annotations

import itertools
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.notes.store import NotesStore

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


def test_stored_values_the_contract_refuses_are_listed_as_they_are(tmp_path: Path) -> None:
    """A value another tool wrote (broken JSON, invalid UTF-8) is listed, never a crash."""
    path = tmp_path / "notes.sqlite"
    with NotesStore.open(path) as store:
        note = store.create("c", "1", "in", text="ok")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE notes SET complaint = '{broken', text = CAST(X'6869FF' AS TEXT) "
                 "WHERE uuid = ?", [note.uuid])
    conn.commit()
    conn.close()
    with NotesStore.open(path) as store:
        listed = store.get(note.uuid)
        assert listed.complaint == "{broken"
        assert listed.text == "hi\udcff"
        assert [n.uuid for n in store.recent(query="hi")] == [note.uuid]
