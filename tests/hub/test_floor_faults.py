"""A workstation offline for a whole call catches up: its floor events reach the hub through the
notes sync (killed with SIGKILL mid-sync, the hub crashed mid-sync), none lost, none twice, and
the call is in the day's report."""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from kb.hub import db
from kb.hub import floor_tables as ft
from tests.floor_helpers import api
from tests.floor_workstation import Workstation
from tests.hub.conftest import BACKENDS, database_url
from tests.hub.servers import HubProcess, run_cli
from tests.hub.test_faults import kill_group, start_sync_loop
from tests.phone.conftest import EnginePeer

pytestmark = [pytest.mark.slow, pytest.mark.sip]
BUSY_DAY = 3000  # presence events of a long shift, so that syncs are slow enough to kill


def hub_events(url: str, operator: str) -> list[str]:
    engine = db.create_hub_engine(url, pool_size=1)
    try:
        with engine.connect() as conn:
            return [str(u) for u in conn.execute(sa.select(ft.floor_events.c.uuid).where(
                ft.floor_events.c.operator == operator)).scalars()]
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_whole_offline_call_arrives_once_after_killed_syncs(
        backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    rng = random.Random(20260310)
    hub = HubProcess(tmp_path / "hub", database_url(backend, tmp_path, request))
    token = hub.add_user("olga", "agent")
    supervisor = hub.add_user("sup", "supervisor")
    home = tmp_path / "olga"
    engines = [EnginePeer(name, ["--listen", "127.0.0.1:0", "--user", name, "--no-history",
                                 "--wrap-up", "1"], tmp_path / name)
               for name in ("olga", "caller")]
    olga, caller = engines
    desk = Workstation(olga, home)
    try:
        # The hub has never run: the whole call is recorded offline.
        caller.send(f"dial {olga.uri}")
        olga.call_state("incoming")
        olga.send("answer")
        olga.call_state("confirmed")
        for _ in range(2):
            olga.mark()
            olga.send("hold")
            olga.wait("call", hold="local")
            olga.send("resume")
            olga.wait("call", hold="none")
        desk.recorder.raise_hand("нет связи с залом", "technical-failure")
        caller.send("hangup")
        olga.call_state("disconnected")
        olga.wait("agent_state", state="ready")  # after the wrap-up
        desk.settle()
        for i in range(BUSY_DAY):
            desk.recorder.waiting(i % 3)
        desk.settle()
        recorded = list(desk.recorded)
        assert len(recorded) == len(set(recorded)) > BUSY_DAY
        assert desk.outbox.pending_count() == len(recorded)

        loop = start_sync_loop(home, hub.url, token)
        time.sleep(1.0)
        kill_group(loop)  # offline the whole time
        assert desk.outbox.pending_count() == len(recorded)
        hub.start()
        for _ in range(4):
            loop = start_sync_loop(home, hub.url, token)
            time.sleep(rng.uniform(0.3, 1.5))
            kill_group(loop)
        loop = start_sync_loop(home, hub.url, token)
        time.sleep(rng.uniform(0.4, 1.2))
        hub.kill()  # crash mid-sync
        time.sleep(0.3)
        hub.start()
        time.sleep(rng.uniform(0.3, 1.0))
        kill_group(loop)
        for _ in range(5):
            final = run_cli(["-m", "agent", "notes", "sync", "--hub", hub.url], home,
                            SUFLER_HUB_TOKEN=token)
            if final.returncode == 0:
                break
        assert final.returncode == 0, final.stdout + final.stderr
        assert "floor events pending 0" in final.stdout

        stored = hub_events(hub.db_url, "olga")
        assert len(stored) == len(set(stored)) == len(recorded)  # none twice
        assert set(stored) == set(recorded)  # none lost
        assert desk.outbox.pending_count() == 0 and desk.outbox.quarantined() == []

        today = dt.datetime.now(dt.UTC).date()
        report = api(hub.url, supervisor, "GET", "/floor/reports/range", params={
            "from": (today - dt.timedelta(days=1)).isoformat(),
            "to": (today + dt.timedelta(days=1)).isoformat()}).json()
        floor = report["floor"]
        assert (floor["calls_in"], floor["answered"], floor["holds"]) == (1, 1, 2)
        board = api(hub.url, supervisor, "GET", "/floor/board").json()
        (row,) = board["operators"]
        assert row["state"] == "ready" and row["calls"] == [] and row["waiting"] == \
            (BUSY_DAY - 1) % 3
        alerts = api(hub.url, supervisor, "GET", "/floor/alerts").json()["alerts"]
        assert [a["text"] for a in alerts] == ["нет связи с залом"]
        print(f"\n{backend}: {len(recorded)} events recorded offline, {len(stored)} on the "
              "hub after killed syncs and a hub crash; the call is in the report")
    finally:
        desk.close()
        for engine in engines:
            engine.close()
        hub.stop()
