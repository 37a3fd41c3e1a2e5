"""The manager's report against a hand count over a scripted day.

Three operators work one day in Almaty (UTC+5). Their calls go through the workstation's real
recorder and outbox (with a clock the script sets) to a real hub, their notes through the notes
API; the figures below were counted by hand from the script, not computed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agent.floor.outbox import FloorOutbox
from agent.floor.recorder import CallFacts, FloorRecorder
from agent.notes.hub_client import make_client
from tests.floor_helpers import FloorHub, api, floor_hub
from tests.hub.servers import run_cli

__all__ = ["floor_hub"]

ZONE = ZoneInfo("Asia/Almaty")
DAY = dt.date(2026, 3, 10)


def at(hour: int, minute: int, second: int = 0, day: dt.date = DAY) -> float:
    return dt.datetime.combine(day, dt.time(hour, minute, second), ZONE).timestamp()


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


class Desk:
    """One operator's workstation: the real recorder and outbox, driven by a script."""

    def __init__(self, home: Path, warn_s: int = 30, alarm_s: int = 60) -> None:
        self.clock = Clock()
        self.outbox = FloorOutbox(home / "floor.sqlite", clock=self.clock)
        self.recorder = FloorRecorder(self.outbox, warn_s, alarm_s, clock=self.clock)
        self.next_call = 1

    def state(self, when: float, state: str, reason: str = "") -> None:
        self.clock.t = when
        self.recorder.agent_state(state, reason)

    def call(self, direction: str, start: float, end: float, answered: float | None = None,
             holds: tuple[tuple[float, float], ...] = (), consult_for: int | None = None
             ) -> None:
        n, self.next_call = self.next_call, self.next_call + 1
        base = {"call": n, "direction": direction, "started": start,
                "consult_for": consult_for}
        self.clock.t = start
        self.recorder.call_changed(CallFacts(state="incoming" if direction == "in"
                                             else "calling", **base))
        if answered is not None:
            self.clock.t = answered
            self.recorder.call_changed(CallFacts(state="confirmed", answered=answered, **base))
        for held, length in holds:
            self.clock.t = held
            self.recorder.call_changed(CallFacts(state="confirmed", answered=answered,
                                                 hold="local", held_since=held, **base))
            self.clock.t = held + length
            self.recorder.call_changed(CallFacts(state="confirmed", answered=answered, **base))
        self.clock.t = end
        self.recorder.call_ended(CallFacts(state="disconnected", answered=answered, ended=end,
                                           **base))

    def upload(self, hub: FloorHub, token: str, now: float) -> None:
        self.clock.t = now  # sent with the real time: the hub keeps the scripted times
        with make_client(hub.url, token) as client:
            self.outbox.upload(client)
        assert self.outbox.pending_count() == 0
        self.outbox.close()


def note(started: float, code: str, **fields: object) -> dict:
    return {"uuid": str(uuid.uuid4()), "revision": 1, "note": {
        "number": "+7 701 555 00 00", "direction": "in", "started_at": started,
        "ended_at": started + 120, "wrap_up_code": code, "completed": True, **fields}}


@pytest.fixture(scope="module")
def scripted_day(floor_hub: FloorHub, tmp_path_factory: pytest.TempPathFactory) -> FloorHub:
    import time

    hub = floor_hub
    petr = hub.process.add_user("petr", "agent")
    base = tmp_path_factory.mktemp("desks")
    assert api(hub.url, hub.admin, "PUT", "/floor/settings",
               json={"timezone": "Asia/Almaty"}).status_code == 200
    for name, group in (("olga", "Тарифы"), ("ivan", "Техподдержка")):
        api(hub.url, hub.admin, "PUT", f"/floor/groups/{name}", json={"group": group})

    olga = Desk(base / "olga")
    olga.state(at(8, 0), "ready")
    # A: in, two holds (40 s, then 75 s: over the 60 s alarm), a consultation leg meanwhile.
    olga.call("in", at(9, 0), at(9, 5), answered=at(9, 0, 10),
              holds=((at(9, 2), 40.0), (at(9, 3), 75.0)))
    olga.call("out", at(9, 2, 5), at(9, 2, 30), answered=at(9, 2, 8), consult_for=1)
    olga.state(at(9, 5, 1), "wrap-up")
    olga.state(at(9, 5, 31), "ready")  # 30 s of wrap-up
    olga.call("in", at(10, 0), at(10, 0, 20))  # B: missed
    olga.call("out", at(11, 0), at(11, 2, 5), answered=at(11, 0, 5))  # C
    olga.state(at(11, 2, 6), "wrap-up")
    olga.state(at(11, 2, 26), "not-ready", "Обед")  # 20 s of wrap-up
    olga.state(at(12, 0), "ready")
    # D starts before midnight and ends after it: it belongs to the 10th.
    olga.call("in", at(23, 50), at(0, 10, day=DAY + dt.timedelta(days=1)),
              answered=at(23, 50, 5))
    olga.call("in", at(0, 5, day=DAY + dt.timedelta(days=1)),
              at(0, 6, day=DAY + dt.timedelta(days=1)))  # E: the 11th
    olga.call("in", at(23, 59, day=DAY - dt.timedelta(days=1)), at(0, 1),
              answered=at(23, 59, 30, day=DAY - dt.timedelta(days=1)))  # F: the 9th
    olga.upload(hub, hub.olga, time.time())

    ivan = Desk(base / "ivan", warn_s=60, alarm_s=120)
    ivan.state(at(13, 55), "ready")
    ivan.call("in", at(14, 0), at(14, 5, 3), answered=at(14, 0, 3),
              holds=((at(14, 1), 130.0),))  # G: one hold over his 120 s alarm
    ivan.state(at(14, 5, 4), "wrap-up")
    ivan.state(at(14, 6, 4), "ready")  # 60 s
    ivan.call("in", at(15, 0), at(15, 0, 30))  # H: missed
    ivan.upload(hub, hub.ivan, time.time())

    callback_kept = note(at(14, 0), "resolved", callback={"at": at(16, 0)})
    notes = {
        hub.olga: [note(at(9, 0), "resolved", articles=["manager-contact", "tariffs"]),
                   note(at(11, 0), "callback", callback={"at": at(12, 0), "comment": "тариф"}),
                   note(at(23, 50), "complaint", complaint={"text": "грубость"},
                        articles=["aggressive-complaint", "manager-contact"]),
                   note(at(0, 5, day=DAY + dt.timedelta(days=1)), "missed")],
        hub.ivan: [callback_kept],
        petr: [note(at(13, 0), "information", complaint={"text": "жалоба без кода"})],
    }
    for token, items in notes.items():
        assert api(hub.url, token, "POST", "/notes", json={"notes": items}).status_code == 200
    ivan_back = Desk(base / "ivan-2")
    ivan_back.clock.t = at(16, 5)
    ivan_back.recorder.callback_outcome(callback_kept["uuid"], "reached")
    ivan_back.upload(hub, hub.ivan, time.time())
    return hub


def report(hub: FloorHub, day: dt.date) -> dict:
    answer = api(hub.url, hub.supervisor, "GET", "/floor/reports/daily",
                 params={"date": day.isoformat()})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_the_days_figures_match_the_hand_count(scripted_day: FloorHub) -> None:
    data = report(scripted_day, DAY)
    assert data["timezone"] == "Asia/Almaty" and not data["empty"]
    people = {f["name"]: f for f in data["operators"]}
    assert sorted(people) == ["ivan", "olga", "petr"]

    olga = people["olga"]
    assert olga["group"] == "Тарифы"
    assert (olga["calls_in"], olga["answered"], olga["missed"]) == (3, 2, 1)  # A, D; B
    assert (olga["calls_out"], olga["out_answered"], olga["handled"]) == (1, 1, 3)  # C
    # talk A 175 + C 120 + D 1195; hold A 115; wrap-up A 30 + C 20: 1655 s over 3 calls
    assert olga["talk_s"] == pytest.approx(1490.0)
    assert olga["wrap_s"] == pytest.approx(50.0)
    assert olga["aht_s"] == pytest.approx(551.7, abs=0.05)
    assert (olga["holds"], olga["avg_hold_s"], olga["longest_hold_s"],
            olga["holds_over_alarm"]) == (2, 57.5, 75.0, 1)
    assert olga["wrap_up_codes"] == {"callback": 1, "complaint": 1, "resolved": 1}
    assert olga["complaints"] == 1
    assert (olga["callbacks_promised"], olga["callbacks_done"],
            olga["callbacks_overdue"]) == (1, 0, 1)
    assert olga["top_articles"] == [["manager-contact", 2], ["aggressive-complaint", 1],
                                    ["tariffs", 1]]

    ivan = people["ivan"]
    assert (ivan["calls_in"], ivan["answered"], ivan["missed"], ivan["calls_out"]) == (2, 1, 1,
                                                                                       0)
    assert ivan["aht_s"] == pytest.approx(360.0)  # talk 170 + hold 130 + wrap-up 60
    assert (ivan["holds"], ivan["longest_hold_s"], ivan["holds_over_alarm"]) == (1, 130.0, 1)
    assert (ivan["callbacks_promised"], ivan["callbacks_done"],
            ivan["callbacks_overdue"]) == (1, 1, 0)

    petr = people["petr"]
    assert (petr["calls_in"], petr["complaints"], petr["wrap_up_codes"]) == (
        0, 1, {"information": 1})

    floor = data["floor"]
    assert (floor["calls_in"], floor["answered"], floor["missed"], floor["calls_out"]) == (
        5, 3, 2, 1)
    assert floor["aht_s"] == 503.8  # 2015 s over 4 calls = 503.75, to a tenth
    assert (floor["holds"], floor["holds_over_alarm"], floor["longest_hold_s"]) == (3, 2,
                                                                                    130.0)
    assert floor["avg_hold_s"] == pytest.approx(81.7, abs=0.05)
    assert (floor["complaints"], floor["callbacks_promised"], floor["callbacks_done"],
            floor["callbacks_overdue"]) == (2, 2, 1, 1)
    groups = {g["group"]: g for g in data["groups"]}
    assert (groups["Тарифы"]["calls_in"], groups["Техподдержка"]["calls_in"],
            groups[""]["complaints"]) == (3, 2, 1)

    only = api(scripted_day.url, scripted_day.supervisor, "GET", "/floor/reports/daily",
               params={"date": DAY.isoformat(), "group": "Техподдержка"}).json()
    assert [f["name"] for f in only["operators"]] == ["ivan"]
    assert only["floor"]["calls_in"] == 2


def test_midnight_splits_the_days_and_a_quiet_day_is_empty(scripted_day: FloorHub) -> None:
    before = report(scripted_day, DAY - dt.timedelta(days=1))
    assert (before["floor"]["calls_in"], before["floor"]["answered"]) == (1, 1)  # F
    after = report(scripted_day, DAY + dt.timedelta(days=1))
    assert (after["floor"]["calls_in"], after["floor"]["missed"]) == (1, 1)  # E
    assert after["floor"]["wrap_up_codes"] == {"missed": 1}
    quiet = report(scripted_day, dt.date(2026, 3, 20))
    assert quiet["empty"] is True and quiet["operators"] == []
    assert quiet["floor"]["calls_in"] == 0
    html = api(scripted_day.url, scripted_day.supervisor, "GET", "/floor/reports/daily",
               params={"date": "2026-03-20", "format": "html", "lang": "ru"}).text
    assert "нет звонков" in html


def test_csv_html_charts_and_the_command_line_agree(scripted_day: FloorHub,
                                                   tmp_path: Path) -> None:
    hub = scripted_day
    text = api(hub.url, hub.supervisor, "GET", "/floor/reports/range",
               params={"from": "2026-03-09", "to": "2026-03-11", "format": "csv"}).text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    days = {r["name"]: r for r in rows if r["level"] == "day"}
    assert [days[d]["calls_in"] for d in ("2026-03-09", "2026-03-10", "2026-03-11")] == [
        "1", "5", "1"]
    floor = next(r for r in rows if r["level"] == "floor")
    assert (floor["calls_in"], floor["answered"], floor["missed"]) == ("7", "4", "3")
    olga = next(r for r in rows if r["level"] == "operator" and r["name"] == "olga")
    assert olga["wrap_up_codes"] == "callback=1;complaint=1;missed=1;resolved=1"

    svg = api(hub.url, hub.supervisor, "GET", "/floor/reports/daily", params={
        "date": DAY.isoformat(), "format": "svg", "chart": "calls", "lang": "ru"})
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.startswith("<svg") and "olga" in svg.text and "Принято" in svg.text
    page = api(hub.url, hub.supervisor, "GET", "/floor/reports/daily",
               params={"date": DAY.isoformat(), "format": "html"}).text
    assert page.count("<svg") == 3 and "Floor report: 2026-03-10" in page

    out = tmp_path / "reports"
    result = run_cli(["-m", "kb.hub", "report", "daily", "--date", DAY.isoformat(), "--db",
                      hub.process.db_url, "--out", f"{out}/"], hub.process.home)
    assert result.returncode == 0, result.stderr
    cli_rows = list(csv.DictReader(io.StringIO(
        (out / "floor-2026-03-10.csv").read_text(encoding="utf-8").lstrip("\ufeff"))))
    cli_floor = next(r for r in cli_rows if r["level"] == "floor")
    assert (cli_floor["calls_in"], cli_floor["aht_s"], cli_floor["timezone"]) == (
        "5", "503.8", "Asia/Almaty")
    assert sorted(p.name for p in out.iterdir()) == [
        "floor-2026-03-10-articles.svg", "floor-2026-03-10-calls.svg",
        "floor-2026-03-10-times.svg", "floor-2026-03-10.csv", "floor-2026-03-10.html",
        "floor-2026-03-10.json"]
    empty = run_cli(["-m", "kb.hub", "report", "daily", "--date", "2026-03-20", "--db",
                     hub.process.db_url, "--format", "json"], hub.process.home)
    assert empty.returncode == 0 and '"empty": true' in empty.stdout
