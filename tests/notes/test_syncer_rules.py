"""Syncer rules: what goes up and how, what each answer of the hub means for the notes and the
state shown, backoff, listeners, the other outboxes and the KB pull, and the periodic thread."""

from __future__ import annotations

import json
import random
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from agent.notes.hub_client import HubProblem
from agent.notes.model import SyncCounts
from agent.notes.store import NotesStore
from agent.notes.syncer import (
    ERROR,
    NOT_CONFIGURED,
    OFFLINE,
    ONLINE,
    UNAUTHORIZED,
    Syncer,
    SyncReport,
)
from kb.wire.states import ProblemKind
from tests.hub.servers import free_port
from tests.notes.test_syncer import BadHub


@pytest.fixture
def hub() -> Iterator[BadHub]:
    server = BadHub()
    yield server
    server.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[NotesStore]:
    s = NotesStore.open(tmp_path / "notes.sqlite")
    yield s
    s.close()


def _fill(store: NotesStore, count: int) -> list[str]:
    return [store.create(f"c{i}", str(i), "in", started_at=float(i), text=f"note {i}").uuid
            for i in range(count)]


def confirm_all(raw: bytes) -> bytes:
    """The hub stores every note sent, at the revision sent."""
    sent = json.loads(raw)["notes"]
    return json.dumps({"results": [{"uuid": n["uuid"], "revision": n["revision"]}
                                   for n in sent]}).encode()


def _uploads(hub: BadHub) -> list[list[dict[str, Any]]]:
    return [json.loads(r["body"])["notes"] for r in hub.requests if r["body"]]


def _unreachable_url() -> str:
    return f"http://127.0.0.1:{free_port()}"


# -- what goes up --------------------------------------------------------------------------------


def test_each_note_goes_up_with_its_uuid_revision_and_content(store: NotesStore,
                                                             hub: BadHub) -> None:
    note = store.create("call-7", "+7 495", "in", started_at=10.0, ended_at=70.0,
                        caller_name="Анна", text="Жалоба", complaint={"тема": "роутер"},
                        articles=["a"], completed=True)
    note = store.update(note.uuid, wrap_up_code="done")  # revision 2
    hub.body = confirm_all
    report = Syncer(store, hub.url + "/", "token").sync_once()
    assert report.state == ONLINE and report.ok
    assert hub.requests[0]["path"] == "/api/v1/notes"
    assert hub.requests[0]["type"].lower() == "application/json"
    [[entry]] = _uploads(hub)
    assert entry == {"uuid": note.uuid, "revision": 2,
                     "note": json.loads(json.dumps(note.content()))}
    assert store.get(note.uuid).sync_state == "synced"


def test_a_pass_reports_what_it_sent_and_confirmed(store: NotesStore, hub: BadHub) -> None:
    _fill(store, 3)
    hub.body = confirm_all
    syncer = Syncer(store, hub.url, "token")
    report = syncer.sync_once()
    assert (report.sent, report.confirmed, report.rejected, report.quarantined) == (3, 3, 0, 0)
    assert report.finished and report.error is None and report.retry_in is None
    assert report.kb is None  # no KB puller configured
    assert report.counts == SyncCounts(synced=3)
    assert syncer.last_report == report and syncer.state == ONLINE
    # Nothing pending: the next pass sends nothing.
    again = syncer.sync_once()
    assert (again.sent, again.confirmed, again.state) == (0, 0, ONLINE)
    assert len(hub.requests) == 1


@pytest.mark.parametrize(("batch_size", "sizes"), [(2, [2, 2, 1]), (0, [1] * 5), (1, [1] * 5)])
def test_notes_go_up_in_batches(store: NotesStore, hub: BadHub, batch_size: int,
                                sizes: list[int]) -> None:
    _fill(store, 5)
    hub.body = confirm_all
    report = Syncer(store, hub.url, "token", batch_size=batch_size).sync_once()
    assert [len(batch) for batch in _uploads(hub)] == sizes
    assert report.sent == report.confirmed == 5


def test_a_batch_holds_at_most_500_notes(store: NotesStore, hub: BadHub) -> None:
    _fill(store, 501)
    hub.body = confirm_all
    report = Syncer(store, hub.url, "token", batch_size=10_000).sync_once()
    assert [len(batch) for batch in _uploads(hub)] == [500, 1]
    assert report.confirmed == 501


def test_listeners_follow_the_progress_of_a_pass(store: NotesStore, hub: BadHub) -> None:
    _fill(store, 3)
    hub.body = confirm_all
    heard: list[SyncReport] = []
    syncer = Syncer(store, hub.url, "token", batch_size=2)
    syncer.add_listener(heard.append)
    final = syncer.sync_once()
    progress = [(r.finished, r.state, r.total, r.sent, r.confirmed, r.counts.synced)
                for r in heard]
    assert progress == [(False, ONLINE, 3, 2, 2, 2), (False, ONLINE, 3, 3, 3, 3),
                        (True, ONLINE, 0, 3, 3, 3)]
    assert heard[-1] is final


def test_a_broken_or_removed_listener_does_not_stop_the_pass(store: NotesStore,
                                                             hub: BadHub) -> None:
    _fill(store, 1)
    hub.body = confirm_all
    heard: list[SyncReport] = []
    removed: list[SyncReport] = []

    def broken(report: SyncReport) -> None:
        raise RuntimeError("a listener bug")

    syncer = Syncer(store, hub.url, "token")
    syncer.add_listener(broken)
    syncer.add_listener(removed.append)
    syncer.add_listener(heard.append)
    syncer.remove_listener(removed.append)
    syncer.remove_listener(lambda r: None)  # never added: nothing happens
    report = syncer.sync_once()
    assert report.state == ONLINE and report.confirmed == 1
    assert heard and heard[-1] == report and removed == []


# -- notes the workstation cannot send -----------------------------------------------------------


def test_an_unsendable_note_is_quarantined_and_the_rest_go_up(store: NotesStore, tmp_path: Path,
                                                              hub: BadHub) -> None:
    uuids = _fill(store, 3)
    conn = sqlite3.connect(tmp_path / "notes.sqlite")  # another tool wrote a too long number
    conn.execute("UPDATE notes SET number = ? WHERE uuid = ?", ["9" * 500, uuids[1]])
    conn.commit()
    conn.close()
    hub.body = confirm_all
    report = Syncer(store, hub.url, "token").sync_once()
    assert report.state == ONLINE
    assert (report.sent, report.confirmed, report.quarantined) == (2, 2, 1)
    # One request for the rest: an unsendable note does not split the batch.
    assert [[n["uuid"] for n in batch] for batch in _uploads(hub)] == [[uuids[0], uuids[2]]]
    kept = store.get(uuids[1])
    assert kept.sync_state == "quarantined"
    assert kept.sync_error.startswith("cannot be sent as it is: ") and "number" in kept.sync_error
    assert kept.sync_error.endswith("correct that field (notes update) and it goes up again")
    assert report.counts == SyncCounts(synced=2, quarantined=1)
    # The next pass counts only what it quarantines itself.
    assert Syncer(store, hub.url, "token").sync_once().quarantined == 0


def test_a_pass_counts_every_note_it_quarantined(store: NotesStore, tmp_path: Path,
                                                hub: BadHub) -> None:
    uuids = _fill(store, 5)
    conn = sqlite3.connect(tmp_path / "notes.sqlite")
    conn.execute("UPDATE notes SET number = ? WHERE uuid IN (?, ?)",
                 ["9" * 500, uuids[0], uuids[2]])
    conn.commit()
    conn.close()
    hub.body = confirm_all
    report = Syncer(store, hub.url, "token", batch_size=2).sync_once()
    assert (report.quarantined, report.confirmed) == (2, 3)


def test_a_batch_too_large_is_halved_until_the_hub_takes_it(store: NotesStore,
                                                             hub: BadHub) -> None:
    _fill(store, 4)

    def answer(raw: bytes) -> bytes:
        if len(json.loads(raw)["notes"]) > 1:
            hub.status = 413
            return b'{"error": "too large"}'
        hub.status = 200
        return confirm_all(raw)

    hub.body = answer
    report = Syncer(store, hub.url, "token", batch_size=4).sync_once()
    assert (report.confirmed, report.rejected) == (4, 0)
    assert [len(b) for b in _uploads(hub)] == [4, 2, 1, 1, 1, 1]


def test_a_pass_of_unsendable_notes_only_sends_nothing(store: NotesStore, tmp_path: Path,
                                                       hub: BadHub) -> None:
    uuids = _fill(store, 2)
    conn = sqlite3.connect(tmp_path / "notes.sqlite")
    conn.execute("UPDATE notes SET complaint = '{broken'")
    conn.commit()
    conn.close()
    report = Syncer(store, hub.url, "token").sync_once()
    assert report.state == ONLINE and report.quarantined == 2 and report.sent == 0
    assert hub.requests == []
    assert {store.get(u).sync_state for u in uuids} == {"quarantined"}


# -- what the hub's answer means ----------------------------------------------------------------


def test_a_refusal_names_notes_by_uuid_or_by_index(store: NotesStore, hub: BadHub) -> None:
    uuids = _fill(store, 4)

    def answer(raw: bytes) -> bytes:
        sent = [n["uuid"] for n in json.loads(raw)["notes"]]
        if uuids[0] in sent:
            hub.status = 422
            return json.dumps({"error": "2 note(s) are invalid", "details": [
                {"uuid": uuids[2], "error": "note.text is too long"},
                {"index": sent.index(uuids[0]), "uuid": ["not", "a", "string"]},
                {"index": len(sent)},  # outside the batch
                {"index": -1, "uuid": "not one of ours"},
                {"index": "1"},
            ]}).encode()
        hub.status = 200
        return confirm_all(raw)

    hub.body = answer
    report = Syncer(store, hub.url, "token").sync_once()
    assert report.state == ONLINE and (report.rejected, report.confirmed) == (2, 2)
    assert store.get(uuids[2]).sync_error == "refused by the hub: note.text is too long"
    assert store.get(uuids[0]).sync_error == ("refused by the hub: the hub refused the request "
                                              "(422: 2 note(s) are invalid)")
    assert {store.get(u).sync_state for u in (uuids[1], uuids[3])} == {"synced"}


def test_a_refusal_of_a_revision_edited_meanwhile_leaves_the_new_one_pending(
        store: NotesStore, hub: BadHub) -> None:
    [uuid] = _fill(store, 1)

    def answer(raw: bytes) -> bytes:
        [sent] = json.loads(raw)["notes"]
        if sent["revision"] == 1:
            store.update(uuid, text="typed during the upload")  # revision 2, meanwhile
            hub.status = 422
            return json.dumps({"error": "invalid", "details": [{"index": 0}]}).encode()
        hub.status = 200
        return confirm_all(raw)

    hub.body = answer
    report = Syncer(store, hub.url, "token").sync_once()
    note = store.get(uuid)
    assert (note.revision, note.sync_state, note.sync_error) == (2, "synced", None)
    assert report.rejected == 1 and report.confirmed == 1


def test_a_refusal_reason_is_cut_to_500_characters(store: NotesStore, hub: BadHub) -> None:
    [uuid] = _fill(store, 1)
    hub.status = 422
    hub.body = json.dumps({"error": "invalid", "details": [
        {"uuid": uuid, "error": "x" * 2000}]}).encode()
    report = Syncer(store, hub.url, "token").sync_once()
    assert report.rejected == 1
    assert store.get(uuid).sync_error == "refused by the hub: " + "x" * 500


def test_another_users_note_is_refused_and_the_token_stays_good(store: NotesStore,
                                                               hub: BadHub) -> None:
    uuids = _fill(store, 2)

    def answer(raw: bytes) -> bytes:
        sent = [n["uuid"] for n in json.loads(raw)["notes"]]
        if uuids[1] in sent:
            hub.status = 403
            return json.dumps({"error": "not yours", "details": [
                {"index": sent.index(uuids[1]), "error": "the note belongs to another user"}
            ]}).encode()
        hub.status = 200
        return confirm_all(raw)

    hub.body = answer
    syncer = Syncer(store, hub.url, "token")
    report = syncer.sync_once()
    assert report.state == ONLINE and (report.rejected, report.confirmed) == (1, 1)
    assert store.get(uuids[1]).sync_state == "failed"
    assert syncer.sync_once().state == ONLINE  # the token was not marked refused


def test_a_refusal_naming_no_note_of_the_batch_is_an_error(store: NotesStore,
                                                           hub: BadHub) -> None:
    _fill(store, 2)
    hub.status = 422
    hub.body = json.dumps({"error": "no", "details": [{"index": 99}]}).encode()
    report = Syncer(store, hub.url, "token").sync_once()
    assert report.state == ERROR and report.error == "the hub refused the request (422: no)"
    assert report.counts == SyncCounts(pending=2)
    assert (report.sent, report.confirmed, report.rejected) == (0, 0, 0)
    assert report.retry_in is not None


@pytest.mark.parametrize("status", [400, 409])
def test_other_refusals_are_errors_that_mark_nothing(store: NotesStore, hub: BadHub,
                                                     status: int) -> None:
    _fill(store, 2)
    hub.status = status
    hub.body = json.dumps({"error": "no", "details": [{"index": 0, "error": "bad"}]}).encode()
    report = Syncer(store, hub.url, "token").sync_once()
    assert report.state == ERROR and report.error == f"the hub refused the request ({status}: no)"
    assert report.counts == SyncCounts(pending=2) and report.rejected == 0


def test_a_note_too_large_on_its_own_fails_and_the_pass_goes_on(store: NotesStore,
                                                                hub: BadHub) -> None:
    uuids = _fill(store, 2)

    def answer(raw: bytes) -> bytes:
        if uuids[0] in {n["uuid"] for n in json.loads(raw)["notes"]}:
            hub.status = 413
            return b'{"error": "too large"}'
        hub.status = 200
        return confirm_all(raw)

    hub.body = answer
    report = Syncer(store, hub.url, "token", batch_size=1).sync_once()
    assert report.state == ONLINE and (report.rejected, report.confirmed) == (1, 1)
    failed = store.get(uuids[0])
    assert (failed.sync_state, failed.sync_error) == ("failed", "the note is too large for the hub")
    assert [len(b) for b in _uploads(hub)] == [1, 1]


def test_confirmations_of_the_wrong_type_are_not_confirmations(store: NotesStore,
                                                              hub: BadHub) -> None:
    [uuid] = _fill(store, 1)
    for results in ([{"uuid": uuid, "revision": True}], [{"uuid": uuid, "revision": 1.0}],
                    [{"uuid": 7, "revision": 1}], [[uuid, 1]], [{"revision": 1}]):
        hub.body = json.dumps({"results": results}).encode()
        report = Syncer(store, hub.url, "token").sync_once()
        assert report.state == ERROR, results
        assert report.error == ("the hub did not confirm 1 of 1 notes; nothing was marked synced")
    assert store.get(uuid).sync_state == "pending"


def test_a_wrong_shaped_answer_is_named(store: NotesStore, hub: BadHub) -> None:
    _fill(store, 1)
    hub.body = b"[]"
    report = Syncer(store, hub.url, "token").sync_once()
    assert report.error == ("the hub answered JSON of the wrong shape (no 'results' list); "
                            "nothing was marked synced")


def test_a_hub_holding_this_text_at_a_higher_revision_is_a_sync(store: NotesStore,
                                                               hub: BadHub) -> None:
    [uuid] = _fill(store, 1)
    hub.body = json.dumps({"results": [{"uuid": uuid, "revision": 4, "matches": True}]}).encode()
    report = Syncer(store, hub.url, "token").sync_once()
    assert report.confirmed == 1
    note = store.get(uuid)
    assert (note.revision, note.synced_revision, note.sync_state) == (4, 4, "synced")


def test_a_word_on_the_content_that_is_not_a_yes_or_no_is_no_word(store: NotesStore,
                                                                 hub: BadHub) -> None:
    [uuid] = _fill(store, 1)
    hub.body = json.dumps({"results": [{"uuid": uuid, "revision": 4, "matches": "no"}]}).encode()
    report = Syncer(store, hub.url, "token").sync_once()
    note = store.get(uuid)
    assert report.confirmed == 1
    assert (note.revision, note.synced_revision, note.sync_state) == (1, 4, "synced")


def test_a_hub_holding_another_text_gets_the_note_again_as_the_next_revision(
        store: NotesStore, hub: BadHub) -> None:
    [uuid] = _fill(store, 1)

    def answer(raw: bytes) -> bytes:
        [sent] = json.loads(raw)["notes"]
        if sent["revision"] == 1:  # the hub has revision 2 with another text
            return json.dumps({"results": [{"uuid": uuid, "revision": 2, "matches": False}]}
                              ).encode()
        return confirm_all(raw)

    hub.body = answer
    report = Syncer(store, hub.url, "token").sync_once()
    assert [[n["revision"] for n in b] for b in _uploads(hub)] == [[1], [3]]
    assert (report.sent, report.confirmed) == (2, 1)
    note = store.get(uuid)
    assert (note.revision, note.sync_state) == (3, "synced")


# -- states, tokens and backoff -----------------------------------------------------------------


def test_a_new_syncer_shows_the_store_and_whether_a_hub_is_set(store: NotesStore) -> None:
    _fill(store, 2)
    configured = Syncer(store, "http://127.0.0.1:9/", "token")
    assert configured.last_report == SyncReport(state=ONLINE, counts=SyncCounts(pending=2))
    assert configured.last_report.finished is True and configured.hub_url == "http://127.0.0.1:9"
    assert Syncer(store, "", "token").state == NOT_CONFIGURED
    report = Syncer(store, "", "token").sync_once()
    assert (report.state, report.error) == (NOT_CONFIGURED, "no hub URL is configured")
    assert report.retry_in is None and not report.ok


def test_a_report_is_ok_only_online_and_without_an_error() -> None:
    assert SyncReport(state=ONLINE, counts=SyncCounts()).ok
    assert not SyncReport(state=ONLINE, counts=SyncCounts(), error="kb: trouble").ok
    assert not SyncReport(state=OFFLINE, counts=SyncCounts()).ok


def test_a_token_the_keyring_cannot_give_is_a_token_state(store: NotesStore) -> None:
    def locked() -> str:
        raise RuntimeError("the keyring is locked")

    report = Syncer(store, "http://127.0.0.1:9", locked).sync_once()
    assert report.state == UNAUTHORIZED
    assert report.error == "cannot read the hub token: the keyring is locked"
    assert report.retry_in is None
    empty = Syncer(store, "http://127.0.0.1:9", "").sync_once()
    assert (empty.state, empty.error) == (
        UNAUTHORIZED, "no hub token: ask the administrator for one and store it in the keyring")


def test_the_token_is_read_at_each_pass(store: NotesStore, hub: BadHub) -> None:
    tokens = iter(["first", "second"])
    hub.body = confirm_all
    _fill(store, 1)
    syncer = Syncer(store, hub.url, lambda: next(tokens))
    syncer.sync_once()
    store.create("late", "1", "in")
    syncer.sync_once()
    assert [r["auth"] for r in hub.requests] == ["Bearer first", "Bearer second"]


def test_a_refused_token_is_tried_again_once_set_again(store: NotesStore, hub: BadHub) -> None:
    _fill(store, 1)
    hub.status, hub.body = 401, b'{"error": "revoked"}'
    syncer = Syncer(store, hub.url, "token")
    report = syncer.sync_once()
    assert report.state == UNAUTHORIZED and report.retry_in is None
    assert syncer.sync_once().error == "the hub refused this token; it needs a new token"
    hub.status, hub.body = 200, confirm_all
    syncer.set_token("token")  # the same token, stored again after IT re-enabled it
    assert syncer.sync_once().state == ONLINE
    assert len(hub.requests) == 2


def test_offline_is_retried_with_capped_backoff_and_reset_when_back(store: NotesStore,
                                                                    hub: BadHub) -> None:
    _fill(store, 1)
    syncer = Syncer(store, _unreachable_url(), "token", backoff_base=1.0, backoff_cap=3.0,
                    rng=random.Random(3))
    delays = [syncer.sync_once().retry_in for _ in range(4)]
    assert 0.5 <= delays[0] <= 1.0 and 1.0 <= delays[1] <= 2.0
    assert all(1.5 <= d <= 3.0 for d in delays[2:])  # capped
    assert syncer.counts().offline is True and syncer.state == OFFLINE
    # Back online: the counts say so and the next trouble starts from the base again.
    syncer.hub_url = hub.url
    hub.body = confirm_all
    back = syncer.sync_once()
    assert back.state == ONLINE and back.retry_in is None and syncer.counts().offline is False
    store.create("next", "1", "in")
    hub.status, hub.body = 500, b"down"
    assert 0.5 <= syncer.sync_once().retry_in <= 1.0


def test_backoff_is_random_between_half_and_all_of_the_step(store: NotesStore) -> None:
    _fill(store, 1)
    url = _unreachable_url()
    seen = {round(Syncer(store, url, "t", backoff_base=8.0, rng=random.Random(seed)
                         ).sync_once().retry_in, 3) for seed in range(6)}
    assert len(seen) > 1 and all(4.0 <= d <= 8.0 for d in seen)


def test_the_same_random_source_gives_the_same_delays(store: NotesStore) -> None:
    _fill(store, 1)
    url = _unreachable_url()
    syncers = [Syncer(store, url, "t", rng=random.Random(11)) for _ in range(2)]
    runs = [[syncer.sync_once().retry_in for _ in range(3)] for syncer in syncers]
    assert runs[0] == runs[1]


def test_a_long_outage_waits_at_most_the_cap(store: NotesStore) -> None:
    _fill(store, 1)
    syncer = Syncer(store, _unreachable_url(), "t", rng=random.Random(1))
    delays = [syncer.sync_once().retry_in for _ in range(12)]
    assert max(delays) <= 300.0 and delays[-1] >= 150.0


# -- the other outboxes and the KB ---------------------------------------------------------------


@dataclass
class _Outbox:
    problem: HubProblem | None = None
    clients: int = 0

    def upload(self, client: Any) -> int:
        assert isinstance(client, httpx.Client)  # the pass's client, with the hub's token
        self.clients += 1
        if self.problem is not None:
            raise self.problem
        return 0


@dataclass
class _KbReport:
    error: str | None = None
    problem: ProblemKind | None = None


class _Puller:
    def __init__(self, report: _KbReport | Callable[[], _KbReport]) -> None:
        self.report = report
        self.pulls = 0

    def pull(self, client: Any) -> _KbReport:
        self.pulls += 1
        return self.report() if callable(self.report) else self.report


def test_the_search_and_floor_outboxes_go_up_in_the_same_pass(store: NotesStore,
                                                              hub: BadHub) -> None:
    searches, floor = _Outbox(), _Outbox()
    report = Syncer(store, hub.url, "token", search_log=searches, floor_outbox=floor).sync_once()
    assert report.state == ONLINE and (searches.clients, floor.clients) == (1, 1)


@pytest.mark.parametrize(("kind", "state"), [(ProblemKind.OFFLINE, OFFLINE),
                                             (ProblemKind.AUTH, UNAUTHORIZED),
                                             (ProblemKind.ERROR, ERROR)])
def test_an_outbox_problem_is_the_pass_state(store: NotesStore, hub: BadHub,
                                             kind: ProblemKind, state: str) -> None:
    _fill(store, 1)
    hub.body = confirm_all
    floor = _Outbox(HubProblem(kind, "floor events: trouble"))
    report = Syncer(store, hub.url, "token", floor_outbox=floor).sync_once()
    assert (report.state, report.error) == (state, "floor events: trouble")
    assert (report.sent, report.confirmed, report.rejected) == (1, 1, 0)
    assert report.counts.synced == 1


@pytest.mark.parametrize(("kind", "state"), [(ProblemKind.OFFLINE, OFFLINE),
                                             (ProblemKind.AUTH, UNAUTHORIZED),
                                             (ProblemKind.SIGNATURE, ERROR),
                                             (ProblemKind.ERROR, ERROR)])
def test_a_kb_problem_is_the_pass_state(store: NotesStore, hub: BadHub, kind: ProblemKind,
                                        state: str) -> None:
    _fill(store, 1)
    hub.body = confirm_all
    kb = _KbReport("kb: trouble", kind)
    puller = _Puller(kb)
    syncer = Syncer(store, hub.url, "token", kb_puller=puller)
    report = syncer.sync_once()
    assert (report.state, report.error, report.kb) == (state, "kb: trouble", kb)
    assert (report.sent, report.confirmed, report.rejected) == (1, 1, 0)
    # Only a refused token stops the next pass.
    assert (syncer.sync_once().state == UNAUTHORIZED) == (kind == ProblemKind.AUTH)
    assert puller.pulls == (1 if kind == ProblemKind.AUTH else 2)


def test_a_good_kb_pull_is_part_of_an_online_pass(store: NotesStore, hub: BadHub) -> None:
    kb = _KbReport()
    puller = _Puller(kb)
    report = Syncer(store, hub.url, "token", kb_puller=puller).sync_once()
    assert report.state == ONLINE and report.kb is kb and report.ok and puller.pulls == 1


def test_no_kb_pull_after_the_notes_failed(store: NotesStore, hub: BadHub) -> None:
    _fill(store, 1)
    hub.status, hub.body = 500, b"down"
    puller = _Puller(_KbReport())
    report = Syncer(store, hub.url, "token", kb_puller=puller).sync_once()
    assert report.state == ERROR and report.kb is None and puller.pulls == 0


# -- the periodic thread -------------------------------------------------------------------------


def test_the_thread_retries_on_its_own_after_a_failure(store: NotesStore, hub: BadHub) -> None:
    """A failing pass is retried after its backoff delay, not after the (long) interval."""
    _fill(store, 1)
    hub.status, hub.body = 500, b"down"
    passes: list[SyncReport] = []
    two = threading.Event()

    def heard(report: SyncReport) -> None:
        passes.append(report)
        if len(passes) >= 2:
            two.set()

    syncer = Syncer(store, hub.url, "token", interval=3600, backoff_base=0.01, backoff_cap=0.05)
    syncer.add_listener(heard)
    syncer.start()
    try:
        assert two.wait(5)
    finally:
        syncer.stop()
    assert all(r.state == ERROR for r in passes)


def test_the_thread_survives_a_failing_pass_and_starts_once(store: NotesStore,
                                                            hub: BadHub) -> None:
    outcomes = iter([RuntimeError("a bug in the KB"), _KbReport()])

    def pull() -> _KbReport:
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    heard: list[SyncReport] = []
    shown: list[SyncReport] = []
    threads: list[str] = []
    done = threading.Event()

    def listener(report: SyncReport) -> None:
        heard.append(report)
        shown.append(syncer.last_report)
        threads.append(threading.current_thread().name)
        if report.state == ONLINE:
            done.set()

    syncer = Syncer(store, hub.url, "token", interval=3600, kb_puller=_Puller(pull),
                    backoff_base=0.01, backoff_cap=0.05)
    syncer.add_listener(listener)
    syncer.start()
    syncer.start()  # already running: no second thread
    try:
        assert done.wait(5)
    finally:
        syncer.stop()
    failed = heard[0]
    assert failed.state == ERROR and failed.error == "RuntimeError('a bug in the KB')"
    assert failed.counts == SyncCounts() and failed.retry_in is not None
    assert [r.state for r in heard] == [ERROR, ONLINE]
    assert shown == heard and threads == ["notes-syncer"] * 2
    assert sum(t.name == "notes-syncer" for t in threading.enumerate()) == 0


def test_sync_now_without_the_thread_does_nothing(store: NotesStore, hub: BadHub) -> None:
    syncer = Syncer(store, hub.url, "token")
    syncer.sync_now()
    syncer.stop()
    assert hub.requests == []


def _passes_heard(syncer: Syncer, count: int) -> list[SyncReport]:
    """Run the syncer's thread until its listeners heard ``count`` finished passes."""
    heard: list[SyncReport] = []
    enough = threading.Event()

    def listener(report: SyncReport) -> None:
        if report.finished:
            heard.append(report)
        if len(heard) >= count:
            enough.set()

    syncer.add_listener(listener)
    syncer.start()
    try:
        assert enough.wait(5)
    finally:
        syncer.stop()
    return heard


def test_an_online_thread_passes_again_every_interval(store: NotesStore, hub: BadHub) -> None:
    heard = _passes_heard(Syncer(store, hub.url, "token", interval=0.05), 3)
    assert {r.state for r in heard} == {ONLINE}


def test_without_a_token_the_thread_looks_for_one_every_interval(store: NotesStore,
                                                                 hub: BadHub) -> None:
    """A token stored in the keyring later is picked up by the next pass on its own."""
    tokens = iter([None, None, "token"])
    heard = _passes_heard(Syncer(store, hub.url, lambda: next(tokens, "token"),
                                 interval=0.05), 3)
    assert [r.state for r in heard[:3]] == [UNAUTHORIZED, UNAUTHORIZED, ONLINE]


def test_a_thread_without_a_hub_url_keeps_its_interval(store: NotesStore) -> None:
    heard = _passes_heard(Syncer(store, "", "token", interval=0.05), 2)
    assert {r.state for r in heard} == {NOT_CONFIGURED}


def test_a_stopped_syncer_starts_again(store: NotesStore, hub: BadHub) -> None:
    syncer = Syncer(store, hub.url, "token", interval=3600)
    _passes_heard(syncer, 1)
    assert len(_passes_heard(syncer, 1)) >= 1


def test_a_hub_that_never_answers_is_offline_after_the_timeout(store: NotesStore) -> None:
    import socket

    _fill(store, 1)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # connections are accepted by the kernel, never answered
    try:
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        report = Syncer(store, url, "token", timeout=0.2).sync_once()
    finally:
        silent.close()
    assert report.state == OFFLINE and "unreachable" in report.error
    assert report.counts == SyncCounts(pending=1, offline=True)


_EXITS = """
import sys
from pathlib import Path
from agent.notes.store import NotesStore
from agent.notes.syncer import Syncer
syncer = Syncer(NotesStore.open(Path(sys.argv[1])), "", "token", interval=3600)
syncer.start()
print("started", flush=True)
"""


def test_an_application_exits_without_stopping_the_syncer(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (os.environ.get("PYTHONPATH"), str(root)) if p)}
    done = subprocess.run([sys.executable, "-c", _EXITS, str(tmp_path / "notes.sqlite")],
                          cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "started\n", done.stderr


def test_a_private_ca_file_makes_a_tls_hub_trusted(store: NotesStore, tmp_path: Path) -> None:
    import ssl

    from tests.hub.test_tls import self_signed

    cert, key = self_signed(tmp_path)
    server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_side.load_cert_chain(cert, key)
    hub = BadHub()
    hub.server.socket = server_side.wrap_socket(hub.server.socket, server_side=True)
    hub.body = confirm_all
    _fill(store, 1)
    url = hub.url.replace("http://", "https://")
    try:
        untrusted = Syncer(store, url, "token").sync_once()
        trusted = Syncer(store, url, "token", ca_file=cert).sync_once()
    finally:
        hub.close()
    assert untrusted.state == ERROR and "not trusted" in untrusted.error
    assert trusted.state == ONLINE and trusted.confirmed == 1


def test_a_pass_that_sends_nothing_reports_nothing_sent(store: NotesStore, hub: BadHub) -> None:
    _fill(store, 1)

    def locked() -> str:
        raise RuntimeError("locked")

    hub.status, hub.body = 401, b'{"error": "revoked"}'
    refused = Syncer(store, hub.url, "token")
    refused.sync_once()
    for syncer in (Syncer(store, "", "token"), Syncer(store, hub.url, locked),
                   Syncer(store, hub.url, ""), refused):
        report = syncer.sync_once()
        assert (report.sent, report.confirmed, report.rejected, report.quarantined) == (0, 0, 0, 0)


def test_refusals_add_up_over_the_batches_of_a_pass(store: NotesStore, hub: BadHub) -> None:
    uuids = _fill(store, 4)
    refuse = {uuids[0], uuids[2]}

    def answer(raw: bytes) -> bytes:
        sent = [n["uuid"] for n in json.loads(raw)["notes"]]
        named = [{"index": i} for i, u in enumerate(sent) if u in refuse]
        if named:
            hub.status = 422
            return json.dumps({"error": "invalid", "details": named}).encode()
        hub.status = 200
        return confirm_all(raw)

    hub.body = answer
    heard: list[SyncReport] = []
    syncer = Syncer(store, hub.url, "token", batch_size=2)
    syncer.add_listener(heard.append)
    report = syncer.sync_once()
    assert (report.rejected, report.confirmed) == (2, 2)
    assert [r.rejected for r in heard if not r.finished][-1] == 2


def test_notes_too_large_add_up_and_an_edited_one_gets_its_chance(store: NotesStore,
                                                                 hub: BadHub) -> None:
    uuids = _fill(store, 3)
    edited = uuids[1]

    def answer(raw: bytes) -> bytes:
        [sent] = json.loads(raw)["notes"]
        if sent["uuid"] == edited and sent["revision"] == 1:
            store.update(edited, text="shorter now")  # revision 2, while the hub refuses 1
            hub.status = 413
            return b'{"error": "too large"}'
        if sent["uuid"] != edited:
            hub.status = 413
            return b'{"error": "too large"}'
        hub.status = 200
        return confirm_all(raw)

    hub.body = answer
    report = Syncer(store, hub.url, "token", batch_size=1).sync_once()
    assert (report.rejected, report.confirmed) == (3, 1)
    assert store.get(edited).sync_state == "synced" and store.get(edited).revision == 2
    assert {store.get(u).sync_state for u in (uuids[0], uuids[2])} == {"failed"}


def test_the_defaults_a_batch_of_a_hundred_and_backoff_from_two_seconds(store: NotesStore,
                                                                        hub: BadHub) -> None:
    _fill(store, 101)
    hub.body = confirm_all
    Syncer(store, hub.url, "token").sync_once()
    assert [len(b) for b in _uploads(hub)] == [100, 1]
    store.create("late", "1", "in")
    offline = Syncer(store, _unreachable_url(), "token").sync_once()
    assert 1.0 <= offline.retry_in <= 2.0
    assert Syncer(store, "http://127.0.0.1:9/sufler-X/", "t").hub_url == (
        "http://127.0.0.1:9/sufler-X")


def test_a_pull_report_without_error_fields_is_a_good_pull(store: NotesStore,
                                                          hub: BadHub) -> None:
    report = Syncer(store, hub.url, "token", kb_puller=_Puller(lambda: None)).sync_once()
    assert report.state == ONLINE and report.kb is None and report.ok
