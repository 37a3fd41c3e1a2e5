"""Faults: hub restarts and crashes, syncers and KB pulls killed with SIGKILL at random points."""

from __future__ import annotations

import csv
import io
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from agent.notes.hub_client import make_client
from agent.notes.kb_pull import KbPuller
from agent.notes.store import NotesStore
from kb.knowledge_base import KnowledgeBase
from tests.hub.conftest import BACKENDS, RunningHub, database_url
from tests.hub.servers import ROOT, HubProcess, python_env, run_cli, with_bases

pytestmark = pytest.mark.slow

SYNC_LOOP = (
    'while true; do "$PYTHON" -m agent notes sync --hub "$HUB" --batch 20 --timeout 5 '
    ">/dev/null 2>&1; sleep 0.05; done"
)


def start_sync_loop(home: Path, hub_url: str, token: str) -> subprocess.Popen[bytes]:
    env = python_env(home, SUFLER_HUB_TOKEN=token, HUB=hub_url, PYTHON=sys.executable)
    return subprocess.Popen(["bash", "-c", SYNC_LOOP], cwd=ROOT, env=env,
                            start_new_session=True)


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)


def hub_notes(hub: HubProcess, token: str) -> list[dict[str, str]]:
    response = httpx.get(f"{hub.url}/api/v1/notes/export.csv",
                         headers={"Authorization": f"Bearer {token}"}, timeout=60)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_thousand_notes_survive_restarts_and_killed_syncers(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    rng = random.Random(20261128)
    hub = HubProcess(tmp_path / "hub", database_url(backend, tmp_path, request))
    editor = hub.add_user("pm", "editor")
    agent = hub.add_user("ws", "agent")
    home = tmp_path / "ws"
    home.mkdir()
    store = NotesStore.open(home / "notes.sqlite")
    made: list[str] = []

    def write(count: int, edits: int) -> None:
        for _ in range(count):
            i = len(made)
            made.append(store.create(f"call-{i}", f"+7 900 {i:05d}", rng.choice(["in", "out"]),
                                     started_at=1_760_000_000 + i, text=f"заметка {i}").uuid)
        for note_uuid in rng.sample(made, min(edits, len(made))):
            note = store.get(note_uuid)
            store.update(note_uuid, text=note.text + " +", duration=float(note.revision))

    def chaos(rounds: int) -> None:
        for _ in range(rounds):
            loop = start_sync_loop(home, hub.url, agent)
            time.sleep(rng.uniform(0.3, 2.0))
            kill_group(loop)
            write(rng.randint(40, 80), edits=20)

    try:
        write(300, edits=0)  # written while the hub has never run
        loop = start_sync_loop(home, hub.url, agent)
        time.sleep(1.5)
        kill_group(loop)
        assert store.counts().synced == 0  # offline: nothing can have been confirmed
        hub.start()
        chaos(3)
        loop = start_sync_loop(home, hub.url, agent)
        time.sleep(rng.uniform(0.5, 1.5))
        hub.kill()  # crash 1, mid-sync
        write(150, edits=30)
        time.sleep(0.5)
        hub.start()
        time.sleep(rng.uniform(0.5, 1.5))
        kill_group(loop)
        chaos(2)
        loop = start_sync_loop(home, hub.url, agent)
        time.sleep(rng.uniform(0.5, 1.5))
        hub.stop()  # orderly stop 2, mid-sync
        write(1000 - len(made), edits=30)
        hub.start()
        time.sleep(rng.uniform(0.3, 1.0))
        kill_group(loop)

        for _ in range(5):
            final = run_cli(["-m", "agent", "notes", "sync", "--hub", hub.url], home,
                            SUFLER_HUB_TOKEN=agent)
            if final.returncode == 0:
                break
        assert final.returncode == 0, final.stderr

        rows = hub_notes(hub, editor)
        local = {n.uuid: n for n in store.all()}
        assert len(made) == len(local) == 1000
        assert len(rows) == 1000
        assert len({r["uuid"] for r in rows}) == 1000
        assert {r["uuid"]: int(r["revision"]) for r in rows} == {
            u: n.revision for u, n in local.items()}
        assert {r["uuid"]: r["text"] for r in rows} == {u: n.text for u, n in local.items()}
        assert store.counts().synced == 1000
        assert any(n.revision > 1 for n in local.values())
        edited = sum(1 for n in local.values() if n.revision > 1)
        print(f"\n{backend}: hub holds {len(rows)} notes ({len({r['uuid'] for r in rows})} "
              f"distinct); {edited} edited, newest revision "
              f"{max(n.revision for n in local.values())}; all match the workstation")
    finally:
        hub.stop()
        store.close()


PULLER = """
import sys
from pathlib import Path
from agent.notes.hub_client import make_client
from agent.notes.kb_pull import KbPuller
from kb.knowledge_base import KnowledgeBase

class Loud:
    def __init__(self, kb):
        self.kb = kb
    @property
    def revision(self):
        return self.kb.revision
    def apply_changes(self, upserts, deletions, revision):
        self.kb.apply_changes(upserts, deletions, revision)
        print(revision, flush=True)

kb = KnowledgeBase.open(Path(sys.argv[1]), seed=False)
with make_client(sys.argv[2], sys.argv[3]) as client:
    report = KbPuller(Loud(kb), sys.argv[4], page_size=1).pull(client)
print("done", report.to_revision, report.error, flush=True)
"""


def _publish(hub: RunningHub, upserts: list[dict]) -> int:
    upserts = with_bases(hub.url, hub.editor, upserts)
    response = httpx.post(f"{hub.url}/api/v1/kb/articles", json={"upserts": upserts},
                          headers={"Authorization": f"Bearer {hub.editor}"}, timeout=60)
    assert response.status_code == 201, response.text
    return int(response.json()["revision"])


def _tracker(n: int) -> list[dict]:
    return [
        {"slug": "pull-tracker", "kind": "procedure", "lang": "ru", "title": "Счётчик",
         "body": f"v{n}"},
        {"slug": f"pull-bulk-{n}", "kind": "product", "lang": "ru", "title": f"Товар {n}",
         "body": "Описание товара " * 50, "tags": [f"n{n}"]},
    ]


def test_a_killed_kb_pull_leaves_a_whole_revision_and_the_next_pull_completes(
    hub: RunningHub, tmp_path: Path
) -> None:
    with httpx.Client(base_url=f"{hub.url}/api/v1",
                      headers={"Authorization": f"Bearer {hub.agent}"}) as client:
        key = client.get("/kb/public-key").json()["public_key"]
        start = client.get("/health").json()["kb_revision"]
    last = start
    for n in range(1, 31):
        last = _publish(hub, _tracker(n))
    kb_home = tmp_path / "kb"
    proc = subprocess.Popen([sys.executable, "-c", PULLER, str(kb_home), hub.url, hub.agent,
                             key], cwd=ROOT, env=python_env(tmp_path), stdout=subprocess.PIPE,
                            text=True, start_new_session=True)
    assert proc.stdout is not None
    first = proc.stdout.readline().strip()
    assert first.isdigit(), first
    time.sleep(random.Random(5).uniform(0.0, 0.3))
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)
    proc.stdout.close()

    kb = KnowledgeBase.open(kb_home, seed=False)
    try:
        revision = kb.revision
        assert start < revision <= last
        tracker_n = int(kb.get("pull-tracker", "ru").body[1:])
        assert tracker_n == revision - start  # the KB is exactly at one published revision
        for n in range(1, 31):
            assert (kb.get(f"pull-bulk-{n}", "ru") is not None) == (n <= tracker_n)
        with make_client(hub.url, hub.agent) as client:
            report = KbPuller(kb, key, page_size=7).pull(client)
        assert report.ok, report.error
        assert kb.revision == last
        assert kb.get("pull-tracker", "ru").body == "v30"
        assert kb.get("pull-bulk-30", "ru") is not None
    finally:
        kb.close()
