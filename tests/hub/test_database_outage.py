"""The hub's database goes away and comes back: clear 503s, nothing lost, no restart needed."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from agent.notes.store import NotesStore
from agent.notes.syncer import ERROR, ONLINE, Syncer
from tests.hub.servers import HubProcess, PgCluster, pg_bin_dir

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def test_postgres_outage_is_a_503_and_the_hub_recovers(tmp_path: Path) -> None:
    if pg_bin_dir() is None:
        pytest.skip("PostgreSQL server binaries are not installed")
    cluster = PgCluster().start()
    hub = HubProcess(tmp_path / "hub", cluster.create_database("outage"))
    try:
        agent = hub.add_user("ws", "agent")
        hub.start()
        store = NotesStore.open(tmp_path / "notes.sqlite")
        store.create("before", "1", "in")
        syncer = Syncer(store, hub.url, agent)
        assert syncer.sync_once().state == ONLINE

        cluster.stop_server()
        store.create("during", "2", "in")
        report = syncer.sync_once()
        assert report.state == ERROR
        assert "503" in report.error and "database is unavailable" in report.error
        assert report.counts.pending == 1
        health = httpx.get(f"{hub.url}/api/v1/health", timeout=30)
        assert health.status_code == 503

        cluster.start_server()
        for _ in range(3):  # stale pooled connections are dropped on the first error
            report = syncer.sync_once()
            if report.state == ONLINE:
                break
        assert report.state == ONLINE and report.counts.synced == 2
        store.close()
    finally:
        hub.stop()
        cluster.stop()
