"""Screenshots of the floor for docs/supervisor.md (``make screenshots`` renders them under Xvfb).

Skipped unless SUFLER_SCREENSHOT_DIR is set. A real hub; the desk with its engine and a caller
peer; the other operators of the floor are workstations sending their events over HTTP, as the
live link does.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PyQt6.QtCore import Qt

from tests.floor_helpers import api, event, post_events
from tests.hub.servers import HubProcess
from tests.ui.helpers import press, type_text
from tests.ui.test_floor_desk import answer_a_call, open_desk, open_supervisor, to_front
from tests.ui.test_screenshots import save, settle

pytestmark = [pytest.mark.screenshots, pytest.mark.sip]
TEAM = (("anna", "Тарифы"), ("boris", "Тарифы"), ("vera", "Техподдержка"),
        ("gleb", "Техподдержка"), ("dina", "Тарифы"))


@pytest.fixture
def floor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    hub = HubProcess(tmp_path / "hub", f"sqlite:///{tmp_path / 'hub' / 'hub.sqlite'}")
    tokens = {"sup": hub.add_user("sup", "supervisor"), "admin": hub.add_user("admin", "admin"),
              "olga": hub.add_user("olga", "agent")}
    tokens.update({name: hub.add_user(name, "agent") for name, _group in TEAM})
    hub.start()
    monkeypatch.setenv("SUFLER_HUB_TOKEN", tokens["olga"])
    for name, group in (*TEAM, ("olga", "Тарифы")):
        api(hub.url, tokens["admin"], "PUT", f"/floor/groups/{name}", json={"group": group})
    try:
        yield {"hub": hub, **tokens}
    finally:
        hub.stop()


def a_day_of_calls(url: str, token: str, name: str, calls: int, seed: int) -> None:
    """Finished calls of today (this morning), for the report."""
    events, seq = [], 100
    start = dt.datetime.combine(dt.date.today(), dt.time(9, 0)).timestamp()
    for n in range(calls):
        started = start + n * 600 + seed * 37
        answered = None if (n + seed) % 6 == 0 else started + 8
        hold = 20.0 + (n * 7 + seed * 13) % 70
        seq += 1
        events.append(event(seq, "call", started + 300, call=uuid.uuid4().hex, phase="ended",
                            direction="out" if n % 5 == 4 else "in",
                            result="answered" if answered else "missed",
                            started_at=started, answered_at=answered,
                            ended_at=started + 300, talk_s=200.0 if answered else 0.0,
                            hold_total_s=hold if answered else 0.0,
                            holds=1 if answered else 0,
                            longest_hold_s=hold if answered else 0.0,
                            holds_over_alarm=int(bool(answered) and hold >= 60), code=200))
    post_events(url, token, events, station=f"ws-{name}")


def the_floor_now(floor: dict[str, Any]) -> None:
    url, now = floor["hub"].url, time.time()
    anna_call, vera_call, dina_call = (uuid.uuid4().hex for _ in range(3))
    post_events(url, floor["anna"], [
        event(1, "state", now - 1500, state="ready"),
        event(2, "call", now - 260, call=anna_call, phase="started", direction="in",
              started_at=now - 260),
        event(3, "call", now - 250, call=anna_call, phase="answered", answered_at=now - 250),
        event(4, "call", now - 82, call=anna_call, phase="held", held_since=now - 82,
              warn_s=30, alarm_s=60),
        event(5, "waiting", now - 20, count=2)], station="ws-anna")
    post_events(url, floor["boris"], [event(1, "state", now - 640, state="not-ready",
                                            reason="Обед")], station="ws-boris")
    post_events(url, floor["vera"], [
        event(1, "state", now - 900, state="ready"),
        event(2, "call", now - 130, call=vera_call, phase="started", direction="out",
              started_at=now - 130),
        event(3, "call", now - 121, call=vera_call, phase="answered", answered_at=now - 121),
        event(4, "call", now - 41, call=vera_call, phase="held", held_since=now - 41,
              warn_s=30, alarm_s=60)], station="ws-vera")
    post_events(url, floor["gleb"], [event(1, "state", now - 18, state="wrap-up")],
                station="ws-gleb")
    post_events(url, floor["dina"], [
        event(1, "state", now - 2000, state="ready"),
        event(2, "call", now - 95, call=dina_call, phase="started", direction="in",
              started_at=now - 95),
        event(3, "call", now - 90, call=dina_call, phase="answered", answered_at=now - 90)],
        station="ws-dina")
    for seed, (name, _group) in enumerate(TEAM):
        a_day_of_calls(url, floor[name], name, 6 + seed * 2, seed)


def promised(floor: dict[str, Any], token: str, number: str, due: float, comment: str) -> None:
    started = time.time() - 3 * 3600
    api(floor["hub"].url, token, "POST", "/notes", json={"notes": [{
        "uuid": str(uuid.uuid4()), "revision": 1, "note": {
            "number": number, "direction": "in", "started_at": started,
            "articles": ["tariff-change"], "wrap_up_code": "callback",
            "callback": {"at": due, "comment": comment}}}]})


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_floor_screens(qtbot: Any, make_desktop: Any, peer_factory: Any,
                       floor: dict[str, Any], lang: str) -> None:
    hub = floor["hub"]
    the_floor_now(floor)
    now = time.time()
    ru = lang == "ru"
    promised(floor, floor["olga"], "+7 916 204-11-38", now - 900,
             "уточнить тариф «Домашний»" if ru else "confirm the Home tariff")
    promised(floor, floor["olga"], "+7 903 555-72-10", now + 1800,
             "перезвонить после проверки линии" if ru else "call back after the line check")
    promised(floor, floor["boris"], "+7 727 310-44-02", now - 3600,
             "вернуть деньги за март" if ru else "refund for March")
    unclaimed = floor["dina"]
    promised(floor, unclaimed, "+7 701 880-15-15", now + 600,
             "жалоба на мастера" if ru else "complaint about the technician")
    caller = peer_factory("--user", "79161234567")
    desktop = open_desk(make_desktop, qtbot, hub.url, **{
        "ui.language": lang, "sip.display_name": "Ольга" if ru else "Olga",
        "hold.warn_seconds": 30, "hold.alarm_seconds": 60})
    window = open_supervisor(qtbot, hub.url, floor["sup"], lang)
    pending = [c for c in window.service.api.callbacks() if c["number"] == "+7 701 880-15-15"]
    window.service.api.assign(pending[0]["id"], None)

    answer_a_call(qtbot, desktop, caller)
    to_front(qtbot, desktop.window)
    press(desktop.window, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: desktop.phone.held_call() is not None, timeout=20000)
    qtbot.waitUntil(lambda: window.board.model.row_of("olga") >= 0, timeout=20000)
    window.tabs.setCurrentWidget(window.board)
    window.resize(1366, 768)
    settle(qtbot, 1500)
    save(window, f"supervisor-board-{lang}")
    window.resize(1920, 1080)
    settle(qtbot)
    save(window, f"supervisor-board-1920-{lang}")
    window.resize(1366, 768)

    # The operator raises a hand; the supervisor sees it and answers.
    desktop.window.showNormal()  # the first start opens maximized on a large screen
    desktop.window.resize(1366, 768)
    to_front(qtbot, desktop.window)
    press(desktop.window, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: desktop.window.help_dialog is not None
                    and desktop.window.help_dialog.isVisible(), timeout=20_000)
    type_text(desktop.window.help_dialog.line, "Абонент угрожает судом" if ru
              else "The caller threatens to sue")
    settle(qtbot)
    save(desktop.window.help_dialog, f"desk-help-dialog-{lang}")
    press(desktop.window.help_dialog.line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: any(a["operator"] == "olga"
                                for a in window.service.alerts.values()), timeout=20000)
    settle(qtbot)
    save(window, f"supervisor-alert-{lang}")
    window.alerts.coming.click()
    qtbot.waitUntil(lambda: desktop.window.status.help_label.isVisible(), timeout=20000)
    settle(qtbot)
    save(desktop.window, f"desk-answer-{lang}")

    window.tabs.setCurrentWidget(window.callbacks)
    settle(qtbot)
    save(window, f"supervisor-callbacks-{lang}")
    desktop.window.focus_callbacks()
    settle(qtbot)
    save(desktop.window, f"desk-callbacks-{lang}")

    window.tabs.setCurrentWidget(window.reports)
    window.reports.load()
    qtbot.waitUntil(lambda: window.reports.report is not None and bool(window.reports.svg),
                    timeout=20000)
    settle(qtbot)
    save(window, f"supervisor-report-{lang}")
    window.reports.chart.setCurrentIndex(1)  # handle time and hold
    qtbot.waitUntil(lambda: b"AHT" in window.reports.svg or "обработки".encode()
                    in window.reports.svg, timeout=20000)
    settle(qtbot)
    save(window, f"supervisor-report-times-{lang}")
    chart = Path(os.environ["SUFLER_SCREENSHOT_DIR"]) / f"report-chart-{lang}.png"
    window.reports.chart.setCurrentIndex(0)
    qtbot.waitUntil(lambda: b"Answered" in window.reports.svg
                    or "Принято".encode() in window.reports.svg, timeout=20000)
    window.reports.save("png", str(chart))
    assert chart.stat().st_size > 1000
    window.close()
