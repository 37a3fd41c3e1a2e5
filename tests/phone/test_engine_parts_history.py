"""Call history as a subscriber of the call bus: one row per ended call, in a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.phone.history import CallHistory, HistoryRecorder, history_row
from agent.phone.lines import CallRecord
from agent.phone.protocol import CallState, Direction


def record(direction: Direction = Direction.IN, answered: float | None = 110.0,
           **extra: object) -> CallRecord:
    made = CallRecord(id=1, direction=direction, remote_uri="sip:555@pbx", caller_id="555",
                      display_name="Ann", state=CallState.DISCONNECTED, started=100.0,
                      answered=answered, ended=160.0, code=200, reason="Normal call clearing")
    for key, value in extra.items():
        setattr(made, key, value)
    return made


@pytest.mark.parametrize(("direction", "answered", "hidden", "result"), [
    (Direction.IN, 110.0, False, "answered"),
    (Direction.OUT, 110.0, False, "answered"),
    (Direction.IN, None, False, "missed"),
    (Direction.IN, None, True, "refused"),
    (Direction.OUT, None, False, "failed"),
])
def test_the_result_says_how_the_call_went(direction: Direction, answered: float | None,
                                           hidden: bool, result: str) -> None:
    row = history_row(record(direction, answered, hidden=hidden))
    assert row["result"] == f"{result} 200 Normal call clearing"


def test_the_row_carries_the_call(tmp_path: Path) -> None:
    assert history_row(record(code=486, reason="")) == {
        "number": "555", "remote_uri": "sip:555@pbx", "display_name": "Ann", "direction": "in",
        "started": 100.0, "answered": 110.0, "ended": 160.0, "code": 486,
        "result": "answered 486",
    }


def test_each_ended_call_is_written_but_not_a_queue_code_call(tmp_path: Path) -> None:
    store = CallHistory(tmp_path / "calls.sqlite")
    recorder = HistoryRecorder(store)
    recorder.call_ended(record())
    recorder.call_ended(record(Direction.OUT, None, queue_action="login"))
    recorder.call_ended(record(Direction.OUT, None, started=200.0))
    rows = store.recent()
    assert [(r["direction"], r["result"]) for r in rows] == [
        ("out", "failed 200 Normal call clearing"), ("in", "answered 200 Normal call clearing")]
    assert store.recent(limit=1)[0]["started"] == 200.0
    recorder.close()
    reopened = CallHistory(tmp_path / "calls.sqlite")
    assert len(reopened.recent()) == 2
    reopened.close()


def test_without_a_store_nothing_is_written_and_nothing_fails() -> None:
    recorder = HistoryRecorder()
    recorder.call_ended(record())
    recorder.close()


def test_a_failing_disk_never_stops_a_call(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                           ) -> None:
    store = CallHistory(tmp_path / "calls.sqlite")
    store.db.execute("CREATE TRIGGER full BEFORE INSERT ON calls "
                     "BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    HistoryRecorder(store).call_ended(record())
    assert "call history not written" in capsys.readouterr().err


def test_the_table_the_history_is_kept_in(tmp_path: Path) -> None:
    """IT and reports read calls.sqlite: its columns, key, index and version are a contract."""
    store = CallHistory(tmp_path / "calls.sqlite")
    columns = {row[1]: (row[2], row[5]) for row in store.db.execute("PRAGMA table_info(calls)")}
    assert columns == {
        "id": ("INTEGER", 1), "number": ("TEXT", 0), "remote_uri": ("TEXT", 0),
        "display_name": ("TEXT", 0), "direction": ("TEXT", 0), "started": ("REAL", 0),
        "answered": ("REAL", 0), "ended": ("REAL", 0), "code": ("INTEGER", 0),
        "result": ("TEXT", 0)}
    indexed = [[col[2] for col in store.db.execute(f"PRAGMA index_info({index[1]})")]
               for index in store.db.execute("PRAGMA index_list(calls)")]
    assert ["started"] in indexed
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == 1
    store.record(history_row(record()))
    assert set(store.recent()[0]) == {"id", *history_row(record())}
    store.close()


def test_recent_lists_the_newest_fifty_unless_asked_for_more_or_fewer(tmp_path: Path) -> None:
    store = CallHistory(tmp_path / "calls.sqlite")
    for n in range(55):
        store.record(history_row(record(started=float(n))))
    assert [row["started"] for row in store.recent()] == [float(n) for n in range(54, 4, -1)]
    assert len(store.recent(limit=2)) == 2 and len(store.recent(limit=100)) == 55
    assert [row["id"] for row in store.recent(limit=2)] == [55, 54]
    store.close()


def test_an_existing_history_is_opened_as_it_is(tmp_path: Path) -> None:
    store = CallHistory(tmp_path / "calls.sqlite")
    store.record(history_row(record()))
    store.db.execute("CREATE TABLE notes_by_it (x)")  # IT's own additions stay
    store.close()
    again = CallHistory(tmp_path / "calls.sqlite")
    assert len(again.recent()) == 1
    assert "notes_by_it" in again.db.table_names()
    again.close()


def test_a_history_whose_version_was_never_written_is_adopted(tmp_path: Path) -> None:
    """A file with the table but user_version 0 (written by a build that died before setting
    it) opens, keeps its rows and gets the version."""
    store = CallHistory(tmp_path / "calls.sqlite")
    store.record(history_row(record()))
    store.db.execute("PRAGMA user_version = 0")
    store.close()
    again = CallHistory(tmp_path / "calls.sqlite")
    assert len(again.recent()) == 1
    assert again.db.execute("PRAGMA user_version").fetchone()[0] == 1
    again.close()
