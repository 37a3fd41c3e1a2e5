"""The desk's sync adapter after a reconfigure: only the new syncer is heard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agent.ui.notes_service import NotesService
from agent.ui.sync_service import SyncService

OLD_HUB = "http://127.0.0.1:9"  # nothing listens: each pass ends offline at once
NEW_HUB = "http://127.0.0.1:10"


@pytest.fixture
def notes(qtbot: Any, tmp_path: Path) -> Any:
    service = NotesService(tmp_path / "notes.sqlite")
    service.open()
    qtbot.waitUntil(lambda: service.store is not None, timeout=10000)
    yield service
    service.executor.close()
    service.store.close()


def test_the_old_syncer_stops_reporting_after_a_reconfigure(
        qtbot: Any, notes: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUFLER_HUB_TOKEN", "token-for-the-test")
    sync = SyncService(notes, OLD_HUB, interval=3600)
    reports: list[Any] = []
    sync.report_received.connect(reports.append)
    sync.start()
    qtbot.waitUntil(lambda: sync.syncer is not None, timeout=10000)
    old = sync.syncer
    # Its last report at start and its first pass's.
    qtbot.waitUntil(lambda: sum(r.finished for r in reports) >= 2, timeout=10000)

    reports.clear()
    sync.reconfigure(NEW_HUB, 3600, "")
    qtbot.waitUntil(lambda: sync.syncer is not None and sync.syncer is not old, timeout=10000)
    new = sync.syncer
    # The new syncer's first pass is over; with an hour's interval it stays quiet now.
    qtbot.waitUntil(lambda: sum(r.finished for r in reports) >= 2, timeout=10000)
    qtbot.wait(200)
    reports.clear()

    old.sync_once()  # a pass the old syncer was still running while it was replaced
    qtbot.wait(200)
    assert reports == []

    new.sync_once()
    qtbot.waitUntil(lambda: any(r.finished for r in reports), timeout=10000)
    sync.stop()
    assert sync.syncer is None
