"""The floor on a real hub (SQLite and PostgreSQL): events once, the board and its live stream,
roles, raised hands, callbacks from notes, groups and the OpenAPI description."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest

from tests.floor_helpers import Collector, FloorHub, api, event, floor_hub, post_events
from tests.hub.servers import HubProcess

__all__ = ["floor_hub"]  # the fixture


def operator_row(board: dict, name: str) -> dict:
    return next(o for o in board["operators"] if o["operator"] == name)


def test_events_are_stored_once_and_make_the_board(floor_hub: FloorHub) -> None:
    now = time.time()
    key = str(uuid.uuid4())
    events = [
        event(1, "state", now - 100, state="ready"),
        event(2, "call", now - 60, call=key, phase="started", direction="in",
              started_at=now - 60),
        event(3, "call", now - 50, call=key, phase="answered", answered_at=now - 50),
        event(4, "call", now - 20, call=key, phase="held", held_since=now - 20, warn_s=30,
              alarm_s=60),
        event(5, "waiting", now - 10, count=2),
    ]
    first = post_events(floor_hub.url, floor_hub.olga, events)
    again = post_events(floor_hub.url, floor_hub.olga, events)
    assert first.status_code == again.status_code == 200
    assert (first.json()["stored"], again.json()["stored"]) == (5, 0)

    board = api(floor_hub.url, floor_hub.supervisor, "GET", "/floor/board").json()
    row = operator_row(board, "olga")
    assert row["state"] == "ready" and row["waiting"] == 2
    (call,) = row["calls"]
    assert call["key"] == key and call["alarm_s"] == 60
    assert call["held_since"] == pytest.approx(now - 20, abs=0.5)  # the hub's clock
    assert call["answered"] == pytest.approx(now - 50, abs=0.5)

    resumed = post_events(floor_hub.url, floor_hub.olga, [
        event(6, "call", now - 5, call=key, phase="resumed", hold_s=15.0)])
    assert resumed.json()["stored"] == 1
    board = api(floor_hub.url, floor_hub.supervisor, "GET", "/floor/board").json()
    assert operator_row(board, "olga")["calls"][0]["held_since"] is None


def test_a_workstation_clock_that_is_off_is_put_on_the_hubs_clock(floor_hub: FloorHub) -> None:
    skew = 3600.0  # the workstation is an hour ahead
    now = time.time()
    post_events(floor_hub.url, floor_hub.ivan, [event(1, "state", now + skew - 30,
                                                      state="not-ready", reason="Обед")],
                station="ws-2", sent_at=now + skew)
    board = api(floor_hub.url, floor_hub.supervisor, "GET", "/floor/board").json()
    row = operator_row(board, "ivan")
    assert row["reason"] == "Обед"
    assert row["state_since"] == pytest.approx(now - 30, abs=2.0)


def test_roles_guard_the_floor(floor_hub: FloorHub) -> None:
    url = floor_hub.url
    assert api(url, floor_hub.olga, "GET", "/floor/board").status_code == 403
    assert api(url, floor_hub.olga, "GET", "/floor/reports/daily").status_code == 403
    assert api(url, floor_hub.olga, "GET", "/floor/alerts").status_code == 403
    for token in (floor_hub.supervisor, floor_hub.editor, floor_hub.admin):
        assert api(url, token, "GET", "/floor/board").status_code == 200
        assert api(url, token, "GET", "/floor/reports/daily").status_code == 200
    article = {"slug": "floor-role-test", "kind": "procedure", "lang": "ru", "title": "Тест"}
    refused = api(url, floor_hub.supervisor, "POST", "/kb/articles", json={"upserts": [article]})
    assert refused.status_code == 403 and "editor" in refused.json()["error"]
    assert api(url, floor_hub.supervisor, "GET", "/users").status_code == 403
    assert api(url, floor_hub.supervisor, "PUT", "/floor/groups/olga",
               json={"group": "A"}).status_code == 403
    assert api(url, "sfh_not-a-token", "GET", "/floor/stream").status_code == 401


def test_invalid_events_are_refused_by_index_and_nothing_is_stored(floor_hub: FloorHub) -> None:
    now = time.time()
    good = event(1, "state", now, state="ready")
    bad = [event(2, "call", now, call="x", phase="held"),  # held without held_since
           event(3, "state", now, state="asleep"),
           event(4, "alert", now, text="x" * 201),
           event(5, "call", now, call="x", phase="started", direction="in", number="+7900")]
    answer = post_events(floor_hub.url, floor_hub.olga, [good, *bad])
    assert answer.status_code == 422
    details = {d["index"]: d["error"] for d in answer.json()["details"]}
    assert sorted(details) == [1, 2, 3, 4]
    assert details[1].startswith("held_since")
    assert details[2].startswith("state")
    assert details[3].startswith("text")
    assert details[4].startswith("number")  # no caller data travels
    assert post_events(floor_hub.url, floor_hub.olga, [good]).json()["stored"] == 1


def test_the_stream_brings_a_hold_to_the_board_and_a_hand_and_its_answer(
        floor_hub: FloorHub) -> None:
    key = str(uuid.uuid4())
    with Collector(floor_hub.url, floor_hub.supervisor) as board, \
            Collector(floor_hub.url, floor_hub.olga) as desk:
        snapshot = board.wait("board")
        assert "operators" in snapshot and "alerts" in snapshot
        mine = desk.wait("mine")
        assert "callbacks" in mine and "operators" not in mine
        held_since = time.time() - 0.25
        post_events(floor_hub.url, floor_hub.olga, [
            event(1, "call", held_since - 30, call=key, phase="started", direction="in",
                  started_at=held_since - 30),
            event(2, "call", held_since - 25, call=key, phase="answered",
                  answered_at=held_since - 25),
            event(3, "call", held_since, call=key, phase="held", held_since=held_since,
                  warn_s=30, alarm_s=60)])
        row = board.wait("presence", lambda d: d["operator"] == "olga" and any(
            c["key"] == key and c["held_since"] for c in d["calls"]))
        assert next(c for c in row["calls"] if c["key"] == key)["held_since"] == \
            pytest.approx(held_since, abs=0.5)

        hand = event(4, "alert", time.time(), text="Абонент угрожает, помогите",
                     article="threats-insults", call=key, call_s=30.0, on_hold=True,
                     held_since=held_since)
        post_events(floor_hub.url, floor_hub.olga, [hand])
        alert = board.wait("alert", lambda d: d["id"] == hand["uuid"])
        assert (alert["operator"], alert["article"], alert["on_hold"]) == (
            "olga", "threats-insults", True)
        assert desk.wait("alert", lambda d: d["id"] == hand["uuid"])["state"] == "open"

        answer = api(floor_hub.url, floor_hub.supervisor, "POST",
                     f"/floor/alerts/{hand['uuid']}/ack", json={"kind": "call-me",
                                                                 "line": "2001"})
        assert answer.status_code == 200
        acked = desk.wait("alert", lambda d: d["id"] == hand["uuid"]
                          and d["state"] == "acknowledged")
        assert (acked["ack_kind"], acked["ack_line"], acked["ack_by"]) == ("call-me", "2001",
                                                                           "sup")
        # Another operator's stream never sees olga's alert.
        with Collector(floor_hub.url, floor_hub.ivan) as other:
            assert not any(a["id"] == hand["uuid"] for a in other.wait("mine")["alerts"])
        closed = api(floor_hub.url, floor_hub.supervisor, "POST",
                     f"/floor/alerts/{hand['uuid']}/close")
        assert closed.json()["state"] == "closed"
        assert api(floor_hub.url, floor_hub.supervisor, "POST",
                   f"/floor/alerts/{hand['uuid']}/close").status_code == 409
    missing = api(floor_hub.url, floor_hub.supervisor, "POST",
                  f"/floor/alerts/{uuid.uuid4()}/ack", json={"kind": "coming"})
    assert missing.status_code == 404
    no_line = api(floor_hub.url, floor_hub.supervisor, "POST",
                  f"/floor/alerts/{hand['uuid']}/ack", json={"kind": "join-conference"})
    assert no_line.status_code == 422 and "line" in no_line.json()["error"]


def _note(number: str, revision: int, note_uuid: str, callback: dict | None,
          started: float) -> dict:
    content = {"number": number, "direction": "in", "started_at": started,
               "ended_at": started + 60, "text": "обещали перезвонить"}
    if callback is not None:
        content["callback"] = callback
    return {"uuid": note_uuid, "revision": revision, "note": content}


def test_a_callback_promised_in_a_note_is_due_moved_reassigned_and_done(
        floor_hub: FloorHub) -> None:
    url = floor_hub.url
    note_uuid = str(uuid.uuid4())
    started = time.time() - 600
    due = time.time() + 1800
    with Collector(url, floor_hub.olga) as olga_desk, Collector(url, floor_hub.ivan) as ivan:
        olga_desk.wait("mine")
        ivan.wait("mine")
        upload = api(url, floor_hub.olga, "POST", "/notes", json={"notes": [_note(
            "+7 900 111-22-33", 1, note_uuid, {"number": "+7 900 111-22-33", "at": due,
                                               "comment": "уточнить тариф"}, started)]})
        assert upload.status_code == 200
        item = olga_desk.wait("callback", lambda d: d["id"] == note_uuid)
        assert (item["number"], item["promised_by"], item["assigned_to"], item["state"]) == (
            "+7 900 111-22-33", "olga", "olga", "open")
        assert item["due_at"] == pytest.approx(due) and item["comment"] == "уточнить тариф"

        # The note changes: the due time moves; the same revision again changes nothing.
        later = due + 3600
        for _ in range(2):
            api(url, floor_hub.olga, "POST", "/notes", json={"notes": [_note(
                "+7 900 111-22-33", 2, note_uuid, {"at": later, "comment": "после обеда"},
                started)]})
        listed = api(url, floor_hub.olga, "GET", "/floor/callbacks").json()["callbacks"]
        (mine,) = [c for c in listed if c["id"] == note_uuid]
        assert mine["due_at"] == pytest.approx(later) and mine["comment"] == "после обеда"
        assert mine["number"] == "+7 900 111-22-33"  # the note's number when the form has none

        # An attempt that did not reach the caller keeps it due.
        post_events(url, floor_hub.olga, [event(1, "callback", time.time(),
                                                callback=note_uuid, outcome="no-answer")])
        item = olga_desk.wait("callback", lambda d: d["id"] == note_uuid and d["attempts"] == 1)
        assert item["state"] == "open" and item["outcome"] == "no-answer"

        # The supervisor gives it to ivan; both operators hear of it.
        assert api(url, floor_hub.olga, "POST", f"/floor/callbacks/{note_uuid}/assign",
                   json={"to": "ivan"}).status_code == 403
        moved = api(url, floor_hub.supervisor, "POST", f"/floor/callbacks/{note_uuid}/assign",
                    json={"to": "ivan"})
        assert moved.json()["assigned_to"] == "ivan"
        assert ivan.wait("callback", lambda d: d["id"] == note_uuid)["assigned_to"] == "ivan"
        olga_desk.wait("callback", lambda d: d["id"] == note_uuid and d["assigned_to"] == "ivan")
        assert api(url, floor_hub.olga, "POST",
                   f"/floor/callbacks/{note_uuid}/claim").status_code == 409
        assert not [c for c in api(url, floor_hub.olga, "GET", "/floor/callbacks")
                    .json()["callbacks"] if c["id"] == note_uuid]

        post_events(url, floor_hub.ivan, [event(1, "callback", time.time(),
                                                callback=note_uuid, outcome="reached")],
                    station="ws-2")
        done = ivan.wait("callback", lambda d: d["id"] == note_uuid and d["state"] == "done")
        assert (done["closed_by"], done["attempts"]) == ("ivan", 2)
    # A later revision of the note does not reopen a callback that was done.
    api(url, floor_hub.olga, "POST", "/notes", json={"notes": [_note(
        "+7 900 111-22-33", 3, note_uuid, {"at": later + 60}, started)]})
    all_items = api(url, floor_hub.supervisor, "GET", "/floor/callbacks",
                    params={"state": "all"}).json()["callbacks"]
    assert next(c for c in all_items if c["id"] == note_uuid)["state"] == "done"


def test_a_cleared_callback_form_cancels_and_unclaimed_ones_can_be_claimed(
        floor_hub: FloorHub) -> None:
    url = floor_hub.url
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    started = time.time() - 300
    api(url, floor_hub.olga, "POST", "/notes", json={"notes": [
        _note("+7 701 000-00-01", 1, first, {"at": time.time() - 60}, started),
        _note("+7 701 000-00-02", 1, second, {"at": time.time() + 60}, started)]})
    api(url, floor_hub.olga, "POST", "/notes", json={"notes": [
        _note("+7 701 000-00-01", 2, first, None, started)]})
    items = {c["id"]: c for c in api(url, floor_hub.supervisor, "GET", "/floor/callbacks",
                                     params={"state": "all"}).json()["callbacks"]}
    assert items[first]["state"] == "cancelled"
    overdue = api(url, floor_hub.supervisor, "GET", "/floor/callbacks",
                  params={"due_before": time.time()}).json()["callbacks"]
    assert second not in {c["id"] for c in overdue}
    released = api(url, floor_hub.supervisor, "POST", f"/floor/callbacks/{second}/assign",
                   json={"to": None})
    assert released.json()["assigned_to"] is None
    assert second in {c["id"] for c in api(url, floor_hub.ivan, "GET", "/floor/callbacks")
                      .json()["callbacks"]}
    claimed = api(url, floor_hub.ivan, "POST", f"/floor/callbacks/{second}/claim")
    assert claimed.json()["assigned_to"] == "ivan"
    assert api(url, floor_hub.supervisor, "POST", f"/floor/callbacks/{second}/assign",
               json={"to": "nobody-here"}).status_code == 404


def test_groups_and_the_time_zone_are_set_by_admins(floor_hub: FloorHub) -> None:
    url = floor_hub.url
    assert api(url, floor_hub.admin, "PUT", "/floor/groups/olga",
               json={"group": "Тарифы"}).status_code == 200
    assert api(url, floor_hub.supervisor, "GET", "/floor/groups").json()["groups"]["olga"] \
        == "Тарифы"
    bad = api(url, floor_hub.admin, "PUT", "/floor/settings", json={"timezone": "Mars/Base"})
    assert bad.status_code == 422
    assert api(url, floor_hub.admin, "PUT", "/floor/settings",
               json={"timezone": "Asia/Almaty"}).status_code == 200
    assert api(url, floor_hub.supervisor, "GET", "/floor/settings").json() == {
        "timezone": "Asia/Almaty"}


def test_openapi_lists_the_floor_endpoints_with_their_roles(floor_hub: FloorHub) -> None:
    paths = api(floor_hub.url, floor_hub.olga, "GET", "/openapi.json").json()["paths"]
    for path in ("/floor/events", "/floor/stream", "/floor/board", "/floor/alerts/{id}/ack",
                 "/floor/callbacks/{id}/assign", "/floor/reports/daily",
                 "/floor/reports/range"):
        assert path in paths, path
    assert "supervisor" in paths["/floor/board"]["get"]["summary"]
    assert "agent" in paths["/floor/events"]["post"]["summary"]


@pytest.mark.postgres
def test_two_hub_instances_share_the_live_stream(pg_cluster: object, tmp_path: Path) -> None:
    url = pg_cluster.create_database("floor_instances")  # type: ignore[attr-defined]
    first = HubProcess(tmp_path / "a", url)
    sup = first.add_user("sup", "supervisor")
    agent = first.add_user("olga", "agent")
    second = HubProcess(tmp_path / "b", url)
    first.start()
    second.start()
    try:
        with Collector(first.url, sup) as board:
            board.wait("board")
            hand = event(1, "alert", time.time(), text="нужна помощь")
            post_events(second.url, agent, [hand])
            assert board.wait("alert", lambda d: d["id"] == hand["uuid"])["text"] == \
                "нужна помощь"
            # The listening connection comes back after the database drops it.
            import psycopg

            with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"),
                                 autocommit=True) as conn:
                conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()")
            mark = board.count
            board.wait("board", after=mark)  # told to resync: a fresh snapshot
            again = event(2, "alert", time.time(), text="ещё раз")
            post_events(second.url, agent, [again])
            board.wait("alert", lambda d: d["id"] == again["uuid"])
    finally:
        second.stop()
        first.stop()
