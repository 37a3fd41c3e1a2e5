"""Real workstations on a real hub (SQLite and PostgreSQL): phone engines calling each other,
their events recorded and sent live; the supervisor's stream shows the hold as it happens."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.floor_helpers import Collector, FloorHub, api, floor_hub
from tests.floor_workstation import Workstation
from tests.phone.conftest import EnginePeer

__all__ = ["floor_hub"]
pytestmark = pytest.mark.sip


@pytest.fixture
def engines(tmp_path: Path) -> Iterator[dict[str, EnginePeer]]:
    peers = {name: EnginePeer(name, ["--listen", "127.0.0.1:0", "--user", name,
                                     "--no-history", *extra], tmp_path / name)
             for name, extra in (("olga", ["--wrap-up", "2"]), ("caller", []))}
    yield peers
    for peer in peers.values():
        peer.close()


def olga_call(row: dict, key: str) -> dict | None:
    return next((c for c in row["calls"] if c["key"] == key), None)


def test_the_board_shows_a_held_call_and_its_hold_time(
        floor_hub: FloorHub, engines: dict[str, EnginePeer], tmp_path: Path) -> None:
    olga, caller = engines["olga"], engines["caller"]
    desk = Workstation(olga, tmp_path / "olga-desk")
    desk.go_live(floor_hub.url, floor_hub.olga)
    try:
        with Collector(floor_hub.url, floor_hub.supervisor) as board:
            board.wait("board")
            caller.send(f"dial {olga.uri}")
            ringing = olga.call_state("incoming")
            olga.send("answer")
            answered = olga.call_state("confirmed")
            desk.settle()
            key = desk.recorder.call_key(int(ringing["call"]))
            assert key is not None
            row = board.wait("presence", lambda d: d["operator"] == "olga"
                             and (olga_call(d, key) or {}).get("answered"))
            assert olga_call(row, key)["answered"] == pytest.approx(answered["answered"],
                                                                   abs=0.5)

            olga.send("hold")
            held = olga.wait("call", hold="local")
            row = board.wait("presence", lambda d: d["operator"] == "olga"
                             and (olga_call(d, key) or {}).get("held_since"))
            call = olga_call(row, key)
            # The board's hold time is measured from the engine's own moment of holding
            # (put on the hub's clock), with the operator's thresholds.
            assert call["held_since"] == pytest.approx(held["held_since"], abs=0.5)
            assert (call["warn_s"], call["alarm_s"]) == (30, 60)

            olga.send("resume")
            resumed = olga.wait("call", hold="none", where=lambda e: e["t"] > held["t"])
            board.wait("presence", lambda d: d["operator"] == "olga"
                       and olga_call(d, key) is not None
                       and olga_call(d, key)["held_since"] is None)
            caller.send("hangup")
            olga.call_state("disconnected")
            board.wait("presence", lambda d: d["operator"] == "olga" and not d["calls"])
            wrap = board.wait("presence", lambda d: d["operator"] == "olga"
                              and d["state"] == "wrap-up")
            assert wrap["waiting"] == 0
            # The two seconds of wrap-up end by themselves: the board shows her ready again.
            board.wait("presence", lambda d: d["operator"] == "olga" and d["state"] == "ready",
                       after=board.events.index(("presence", wrap)))
        desk.settle()
        # Everything was sent live: the outbox empties without a sync pass.
        deadline = time.monotonic() + 10
        while desk.outbox.pending() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert desk.outbox.pending() == []
        hold = resumed["t"] - held["held_since"]
        assert hold > 0
    finally:
        desk.close()


def test_a_call_refused_while_not_ready_counts_as_missed_in_the_report(
        floor_hub: FloorHub, engines: dict[str, EnginePeer], tmp_path: Path) -> None:
    from zoneinfo import ZoneInfo

    olga, caller = engines["olga"], engines["caller"]
    zone = api(floor_hub.url, floor_hub.supervisor, "GET", "/floor/settings").json()["timezone"]

    def olgas_missed(day: dt.date) -> int:
        answer = api(floor_hub.url, floor_hub.supervisor, "GET", "/floor/reports/daily",
                     params={"date": day.isoformat()})
        assert answer.status_code == 200, answer.text
        return next((f["missed"] for f in answer.json()["operators"] if f["name"] == "olga"), 0)

    desk = Workstation(olga, tmp_path / "olga-refusing")
    try:
        olga.send("state not-ready Lunch")
        olga.wait("agent_state", state="not-ready")
        refused_at = time.time()
        day = dt.datetime.fromtimestamp(refused_at, ZoneInfo(zone)).date()
        before = olgas_missed(day)
        caller.send(f"dial {olga.uri}")
        assert caller.call_state("disconnected")["code"] == 486
        refused = olga.wait("refused", code=486)
        assert (refused["reason"], refused["cause"], refused["agent_reason"]) == (
            "agent is not-ready", "not-ready", "Lunch")
        desk.settle()
        desk.go_live(floor_hub.url, floor_hub.olga)
        deadline = time.monotonic() + 10
        while desk.outbox.pending() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert desk.outbox.pending() == []
        assert olgas_missed(day) == before + 1
    finally:
        desk.close()
