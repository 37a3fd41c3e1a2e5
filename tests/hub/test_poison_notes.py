"""Notes that cannot reach the hub never block the others, never crash a command, and the exit
code says so (real hub, SQLite and PostgreSQL; the workstation's command line)."""

from __future__ import annotations

import json
import sqlite3
import stat
import uuid
from pathlib import Path

import httpx

from agent.notes.cli import EXIT_NEEDS_ATTENTION
from tests.hub.conftest import RunningHub
from tests.hub.servers import run_cli
from tests.hub.test_roundtrip import exported

# What an older desktop (or a hand-edited file) may have stored: each breaks one field.
POISON = {
    "duration": "duration = 1e999",
    "started_at": "started_at = 1764000000000",
    "answered_at": "answered_at = -5",
    "number": "number = '" + "1" * 150 + "'",
    "complaint": "complaint = '{not json'",
    "caller_name": "caller_name = x'ff00'",  # bytes, not text
    "text": "text = CAST(x'6f6bc3' AS TEXT)",  # not UTF-8 (written by another tool)
}


def notes(home: Path, *args: str, stdin: str | None = None, token: str = ""
          ) -> tuple[int, str, str]:
    done = run_cli(["-m", "agent", "notes", *args], home, stdin=stdin,
                   **({"SUFLER_HUB_TOKEN": token} if token else {}))
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


def add(home: Path, **fields: object) -> str:
    code, out, err = notes(home, "add", stdin=json.dumps({"number": "1", "direction": "in",
                                                          **fields}))
    assert code == 0, err
    return out.strip()


def test_entry_refuses_what_the_hub_would_refuse(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    cases = {
        '{"number": "1", "direction": "in", "duration": 1e999}': "1e999",
        '{"number": "1", "direction": "in", "started_at": Infinity}': "Infinity",
        '{"number": "1", "direction": "in", "started_at": 1764000000000}': "milliseconds",
        '{"number": "1", "direction": "in", "ended_at": -1}': "negative",
        json.dumps({"number": "1" * 101, "direction": "in"}): "100 characters",
        '{"number": "1", "direction": "in", "text": "\\ud800"}': "surrogate",
        "[" * 100_000: "nested deeper",
    }
    for body, words in cases.items():
        code, out, err = notes(home, "add", stdin=body)
        assert (code, out) == (1, ""), body[:60]
        assert err.startswith("error: ") and words in err, err
    code, out, err = notes(home, "list")
    assert (code, out) == (0, "")


def test_a_poison_note_is_quarantined_and_never_blocks_the_outbox(hub: RunningHub,
                                                                  tmp_path: Path) -> None:
    home = tmp_path / "ws"
    poisoned = {field: add(home, text=f"poison {field}") for field in POISON}
    path = home / "notes.sqlite"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with sqlite3.connect(path) as conn:
        for field, change in POISON.items():
            conn.execute(f"UPDATE notes SET {change} WHERE uuid = ?", [poisoned[field]])
    good = [add(home, text=f"good {i}") for i in range(3)]

    code, out, err = notes(home, "list")
    assert code == 0 and len(out.splitlines()) == len(POISON) + 3
    code, out, err = notes(home, "list", "--json")
    assert code == 0 and len(out.splitlines()) == len(POISON) + 3

    code, out, err = notes(home, "sync", "--hub", hub.url, token=hub.agent)
    assert code == EXIT_NEEDS_ATTENTION, (out, err)
    assert f"confirmed 3, refused 0, quarantined {len(POISON)}" in out
    assert "notes status" in err
    on_hub = {r["uuid"] for r in exported(hub)}
    assert set(good) <= on_hub and not set(poisoned.values()) & on_hub

    code, out, err = notes(home, "status")
    assert code == EXIT_NEEDS_ATTENTION
    assert f"quarantined {len(POISON)}" in out
    for field, note_uuid in poisoned.items():
        line = next(x for x in out.splitlines() if x.startswith(note_uuid))
        assert "quarantined" in line and field in line, line
    assert out.count("what to do:") == len(POISON)

    # Later notes still go up; the quarantined ones are not sent again as they are.
    later = add(home, text="later")
    code, out, err = notes(home, "sync", "--hub", hub.url, token=hub.agent)
    assert code == EXIT_NEEDS_ATTENTION
    assert "sent 1, confirmed 1" in out and later in {r["uuid"] for r in exported(hub)}

    # Correcting the field named puts the note back in the outbox.
    code, out, err = notes(home, "update", poisoned["duration"], stdin='{"duration": 42}')
    assert code == 0, err
    notes(home, "sync", "--hub", hub.url, token=hub.agent)
    row = next(r for r in exported(hub) if r["uuid"] == poisoned["duration"])
    assert row["duration_s"] == "42"


def test_notes_the_hub_refuses_make_sync_exit_non_zero(hub: RunningHub, tmp_path: Path) -> None:
    taken = str(uuid.uuid4())
    answer = httpx.post(f"{hub.url}/api/v1/notes", headers={"Authorization": f"Bearer {hub.admin}"},
                        json={"notes": [{"uuid": taken, "revision": 1,
                                         "note": {"number": "1", "direction": "in"}}]})
    assert answer.status_code == 200
    home = tmp_path / "ws"
    add(home, uuid=taken, text="not mine")
    mine = add(home, text="mine")
    code, out, err = notes(home, "sync", "--hub", hub.url, token=hub.agent)
    assert code == EXIT_NEEDS_ATTENTION, (out, err)
    assert "confirmed 1, refused 1" in out
    assert mine in {r["uuid"] for r in exported(hub)}
    code, out, err = notes(home, "status")
    assert code == EXIT_NEEDS_ATTENTION
    assert "another user" in out and "administrator" in out
