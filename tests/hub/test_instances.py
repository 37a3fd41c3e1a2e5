"""Several hub instances (and workers) on one PostgreSQL database behave as one hub."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from agent.notes.hub_client import make_client
from agent.notes.kb_pull import KbPuller
from kb.knowledge_base import KnowledgeBase
from tests.hub.servers import HubProcess, PgCluster

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def two_hubs(pg_cluster: PgCluster, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[tuple[HubProcess, HubProcess, str, str]]:
    url = pg_cluster.create_database("hub_instances")
    shared = tmp_path_factory.mktemp("instances")
    key = shared / "hub-signing.key"  # IT copies one key file to every instance
    first = HubProcess(shared / "a", url, extra=["--signing-key", str(key)])
    editor = first.add_user("editor", "editor")
    agent = first.add_user("agent", "agent")
    second = HubProcess(shared / "b", url, workers=2, extra=["--signing-key", str(key)])
    first.start()
    second.start()
    yield first, second, editor, agent
    first.stop()
    second.stop()


def test_concurrent_publishing_allocates_each_revision_once(
    two_hubs: tuple[HubProcess, HubProcess, str, str], tmp_path: Path
) -> None:
    first, second, editor, agent = two_hubs

    def publish(n: int) -> int:
        hub = (first, second)[n % 2]
        article = {"slug": f"multi-{n}", "kind": "procedure", "lang": "ru",
                   "title": f"Версия {n}", "body": f"n={n}"}
        response = httpx.post(f"{hub.url}/api/v1/kb/articles", json={"upserts": [article]},
                              headers={"Authorization": f"Bearer {editor}"}, timeout=60)
        assert response.status_code == 201, response.text
        return int(response.json()["revision"])

    with ThreadPoolExecutor(8) as pool:
        numbers = list(pool.map(publish, range(40)))
    assert sorted(numbers) == list(range(min(numbers), min(numbers) + 40))

    kb = KnowledgeBase.open(tmp_path / "kb", seed=False)
    try:
        public = httpx.get(f"{second.url}/api/v1/kb/public-key", timeout=30,
                           headers={"Authorization": f"Bearer {agent}"}).json()["public_key"]
        with make_client(second.url, agent) as client:
            report = KbPuller(kb, public, page_size=7).pull(client)
        assert report.ok, report.error
        assert kb.revision == max(numbers)
    finally:
        kb.close()


def test_the_same_notes_through_both_instances_are_stored_once(
    two_hubs: tuple[HubProcess, HubProcess, str, str]
) -> None:
    first, second, editor, agent = two_hubs
    uuids = [str(uuid.uuid4()) for _ in range(50)]
    notes = [{"uuid": uuids[i], "revision": r, "note": {
        "number": str(i), "direction": "in", "text": f"r{r}"}}
        for i in range(50) for r in (1, 2, 3)]

    def upload(k: int) -> int:
        hub = (first, second)[k % 2]
        batch = notes[k::6]
        response = httpx.post(f"{hub.url}/api/v1/notes", json={"notes": batch}, timeout=60,
                              headers={"Authorization": f"Bearer {agent}"})
        assert response.status_code == 200, response.text
        return len(batch)

    with ThreadPoolExecutor(6) as pool:
        assert sum(pool.map(upload, range(6))) == len(notes)
    # Every note's three revisions went through different instances concurrently.
    export = httpx.get(f"{first.url}/api/v1/notes/export.csv", timeout=60,
                       headers={"Authorization": f"Bearer {editor}"}).text
    rows = [line for line in export.splitlines()[1:] if line]
    by_uuid = {}
    for line in rows:
        by_uuid.setdefault(line.split(",")[0], []).append(line.split(",")[1])
    sent = {n["uuid"] for n in notes}
    assert {u: v for u, v in by_uuid.items() if u in sent} == {u: ["3"] for u in sent}
