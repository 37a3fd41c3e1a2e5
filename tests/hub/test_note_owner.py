"""One owner per note: only the user who first uploaded a note may change it (real hub, SQLite
and PostgreSQL)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import httpx
import pytest

from agent.notes.store import NotesStore
from agent.notes.syncer import ONLINE, Syncer
from kb.wire.states import NoteState
from tests.hub.conftest import RunningHub
from tests.hub.test_roundtrip import exported


def post(hub: RunningHub, token: str, items: list[dict]) -> httpx.Response:
    return httpx.post(f"{hub.url}/api/v1/notes", json={"notes": items},
                      headers={"Authorization": f"Bearer {token}"}, timeout=30)


def wire(note_uuid: str, revision: int, text: str) -> dict:
    return {"uuid": note_uuid, "revision": revision,
            "note": {"number": "+7 495 000", "direction": "in", "text": text}}


@pytest.fixture(scope="module")
def intruder(hub: RunningHub) -> str:
    return hub.process.add_user(f"intruder-{uuid.uuid4().hex[:8]}", "agent")


def test_another_agents_upload_is_refused_and_reveals_nothing(hub: RunningHub,
                                                               intruder: str) -> None:
    note_uuid = str(uuid.uuid4())
    assert post(hub, hub.agent, [wire(note_uuid, 7, "the owner's text")]).status_code == 200
    for revision in (8, 7, 1):  # newer, the same, older: never stored, never answered
        answer = post(hub, intruder, [wire(note_uuid, revision, "the intruder's text")])
        assert answer.status_code == 403, answer.text
        body = answer.json()
        assert "another user" in body["error"]
        assert body["details"] == [{"index": 0, "uuid": note_uuid, "error": body["details"][0]
                                    ["error"]}]
        assert "results" not in body and "7" not in json.dumps(body).replace(note_uuid, "")
    row = next(r for r in exported(hub) if r["uuid"] == note_uuid)
    assert (row["revision"], row["text"], row["uploaded_by"]) == ("7", "the owner's text",
                                                                  "agent")
    # The owner's later edit is stored and confirmed as such.
    answer = post(hub, hub.agent, [wire(note_uuid, 8, "the owner's edit")])
    assert answer.status_code == 200
    assert answer.json()["results"][0]["revision"] == 8
    row = next(r for r in exported(hub) if r["uuid"] == note_uuid)
    assert (row["revision"], row["text"]) == ("8", "the owner's edit")


def test_a_batch_with_a_foreign_note_stores_nothing(hub: RunningHub, intruder: str) -> None:
    theirs, mine = str(uuid.uuid4()), str(uuid.uuid4())
    assert post(hub, hub.agent, [wire(theirs, 1, "owner")]).status_code == 200
    answer = post(hub, intruder, [wire(mine, 1, "mine"), wire(theirs, 2, "not mine")])
    assert answer.status_code == 403
    assert [d["index"] for d in answer.json()["details"]] == [1]
    assert mine not in {r["uuid"] for r in exported(hub)}


def test_the_intruders_workstation_counts_it_refused_and_keeps_syncing(
        hub: RunningHub, intruder: str, tmp_path: Path) -> None:
    owners_uuid = str(uuid.uuid4())
    assert post(hub, hub.agent, [wire(owners_uuid, 1, "owner")]).status_code == 200
    with NotesStore.open(tmp_path / "notes.sqlite") as store:
        stolen = store.create(None, "1", "in", text="stolen", uuid=owners_uuid)
        store.update(stolen.uuid, text="stolen again")
        own = [store.create(None, "2", "out", text=f"mine {i}") for i in range(3)]
        syncer = Syncer(store, hub.url, intruder, batch_size=2)
        report = syncer.sync_once()
        assert report.state == ONLINE, report.error
        assert (report.rejected, report.confirmed) == (1, 3)
        refused = store.get(stolen.uuid)
        assert refused is not None and refused.sync_state is NoteState.FAILED
        assert "another user" in (refused.sync_error or "")
        assert all(store.get(n.uuid).is_synced for n in own)  # type: ignore[union-attr]
        store.create(None, "3", "in", text="later")
        assert syncer.sync_once().confirmed == 1  # the token was not taken for a bad one
    row = next(r for r in exported(hub) if r["uuid"] == owners_uuid)
    assert (row["text"], row["uploaded_by"]) == ("owner", "agent")


def test_an_admin_gives_a_note_to_another_user(hub: RunningHub, intruder: str) -> None:
    note_uuid = str(uuid.uuid4())
    assert post(hub, hub.agent, [wire(note_uuid, 1, "first")]).status_code == 200
    new_owner = next(u["name"] for u in httpx.get(
        f"{hub.url}/api/v1/users", headers={"Authorization": f"Bearer {hub.admin}"}
    ).json()["users"] if u["name"].startswith("intruder-"))
    done = hub.process.cli("note", "owner", note_uuid, new_owner)
    assert done.returncode == 0, done.stderr
    assert post(hub, intruder, [wire(note_uuid, 2, "handed over")]).status_code == 200
    assert post(hub, hub.agent, [wire(note_uuid, 3, "old owner")]).status_code == 403
    unknown = hub.process.cli("note", "owner", str(uuid.uuid4()), new_owner)
    assert unknown.returncode == 1 and "no note" in unknown.stderr
