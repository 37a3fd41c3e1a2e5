"""Syncer against an unreachable hub and against a hub that answers garbage."""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from agent.notes.store import NotesStore
from agent.notes.syncer import ERROR, NOT_CONFIGURED, OFFLINE, ONLINE, UNAUTHORIZED, Syncer
from tests.hub.servers import free_port


class BadHub:
    """A tiny HTTP server on 127.0.0.1 whose answer to every request is set by the test."""

    def __init__(self) -> None:
        self.status = 200
        self.body: bytes = b""
        self.content_type = "application/json"
        self.requests: list[dict] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                hub.requests.append({"path": self.path, "body": raw,
                                     "auth": self.headers.get("authorization"),
                                     "type": self.headers.get("content-type")})
                body = hub.body(raw) if callable(hub.body) else hub.body
                self.send_response(hub.status)
                self.send_header("content-type", hub.content_type)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def bad_hub() -> Iterator[BadHub]:
    hub = BadHub()
    yield hub
    hub.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[NotesStore]:
    s = NotesStore.open(tmp_path / "notes.sqlite")
    for i in range(5):
        s.create(f"c{i}", str(i), "in", text=f"note {i}")
    yield s
    s.close()


def test_hub_down_is_an_offline_state_with_growing_backoff(store: NotesStore) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    syncer = Syncer(store, url, "token", backoff_base=2.0, backoff_cap=60.0,
                    rng=random.Random(7))
    first = syncer.sync_once()
    second = syncer.sync_once()
    third = syncer.sync_once()
    assert first.state == second.state == OFFLINE
    assert "unreachable" in (first.error or "")
    assert syncer.counts().offline is True
    assert first.counts.pending == 5 and first.counts.synced == 0
    assert 1.0 <= first.retry_in <= 2.0
    assert 2.0 <= second.retry_in <= 4.0
    assert 4.0 <= third.retry_in <= 8.0


@pytest.mark.parametrize(
    ("status", "body", "content_type", "expected"),
    [
        (200, b"<html>proxy login</html>", "text/html", "not JSON"),
        (200, b'{"ok": true}', "application/json", "wrong shape"),
        (200, b'{"results": []}', "application/json", "did not confirm"),
        (200, b'{"results": "yes"}', "application/json", "wrong shape"),
        (500, b"Internal Server Error", "text/plain", "500"),
        (503, b'{"error": "maintenance"}', "application/json", "maintenance"),
        (302, b"", "text/html", "302"),
        (422, b'{"error": "bad"}', "application/json", "refused"),
    ],
)
def test_garbage_answers_are_a_clear_error_and_mark_nothing(
    store: NotesStore, bad_hub: BadHub, status: int, body: bytes, content_type: str,
    expected: str,
) -> None:
    bad_hub.status, bad_hub.body, bad_hub.content_type = status, body, content_type
    report = Syncer(store, bad_hub.url, "token").sync_once()
    assert report.state == ERROR
    assert expected in (report.error or "")
    assert report.counts.synced == 0 and report.counts.pending == 5
    assert report.retry_in is not None and report.retry_in > 0


def test_wrong_revisions_in_the_answer_mark_nothing_synced(store: NotesStore,
                                                           bad_hub: BadHub) -> None:
    def answer(raw: bytes) -> bytes:
        sent = json.loads(raw)["notes"]
        return json.dumps({"results": [{"uuid": n["uuid"], "revision": "1"}
                                       for n in sent]}).encode()

    bad_hub.body = answer
    report = Syncer(store, bad_hub.url, "token").sync_once()
    assert report.state == ERROR and report.counts.synced == 0


def test_an_older_stored_revision_keeps_the_note_pending(store: NotesStore,
                                                         bad_hub: BadHub) -> None:
    note = store.recent(limit=1)[0]
    store.update(note.uuid, text="changed")  # revision 2

    def answer(raw: bytes) -> bytes:
        sent = json.loads(raw)["notes"]
        return json.dumps({"results": [{"uuid": n["uuid"], "revision": 1}
                                       for n in sent]}).encode()

    bad_hub.body = answer
    report = Syncer(store, bad_hub.url, "token").sync_once()
    assert report.state == ONLINE
    assert store.get(note.uuid).sync_state == "pending"
    assert report.counts.synced == 4


def test_refused_token_stops_retrying_until_it_changes(store: NotesStore,
                                                       bad_hub: BadHub) -> None:
    bad_hub.status, bad_hub.body = 401, b'{"error": "the token is unknown or revoked"}'
    syncer = Syncer(store, bad_hub.url, "old-token")
    report = syncer.sync_once()
    assert report.state == UNAUTHORIZED and "new token" in (report.error or "")
    assert syncer.sync_once().state == UNAUTHORIZED
    assert len(bad_hub.requests) == 1  # no hammering with a refused token
    bad_hub.status, bad_hub.body = 403, b'{"error": "no"}'
    syncer.set_token("new-token")
    assert syncer.sync_once().state == UNAUTHORIZED
    assert [r["auth"] for r in bad_hub.requests] == ["Bearer old-token", "Bearer new-token"]


def test_invalid_notes_are_marked_failed_and_the_rest_go_through(store: NotesStore,
                                                                 bad_hub: BadHub) -> None:
    bad = store.recent(limit=1)[0]

    def answer(raw: bytes) -> bytes:
        sent = json.loads(raw)["notes"]
        if any(n["uuid"] == bad.uuid for n in sent):
            bad_hub.status = 422
            index = [n["uuid"] for n in sent].index(bad.uuid)
            return json.dumps({"error": "1 note(s) are invalid", "details": [
                {"index": index, "uuid": bad.uuid, "error": "note.number is too long"}]}).encode()
        bad_hub.status = 200
        return json.dumps({"results": [{"uuid": n["uuid"], "revision": n["revision"]}
                                       for n in sent]}).encode()

    bad_hub.body = answer
    report = Syncer(store, bad_hub.url, "token").sync_once()
    assert report.state == ONLINE
    assert report.rejected == 1 and report.confirmed == 4
    failed = store.get(bad.uuid)
    assert failed.sync_state == "failed" and "too long" in failed.sync_error


def test_no_token_and_no_url_are_states_not_exceptions(store: NotesStore) -> None:
    assert Syncer(store, "", "t").sync_once().state == NOT_CONFIGURED
    report = Syncer(store, "http://127.0.0.1:9", lambda: None).sync_once()
    assert report.state == UNAUTHORIZED and "no hub token" in report.error


def test_periodic_thread_reports_and_stops(store: NotesStore, bad_hub: BadHub) -> None:
    def answer(raw: bytes) -> bytes:
        sent = json.loads(raw)["notes"]
        return json.dumps({"results": [{"uuid": n["uuid"], "revision": n["revision"]}
                                       for n in sent]}).encode()

    bad_hub.body = answer
    done = threading.Event()
    syncer = Syncer(store, bad_hub.url, "token", interval=3600)
    syncer.add_listener(lambda r: done.set() if r.finished and r.counts.pending == 0 else None)
    syncer.start()
    try:
        assert done.wait(30)
        done.clear()
        store.create("late", "9", "out")
        syncer.sync_now()
        assert done.wait(30)
    finally:
        syncer.stop()
    assert store.counts().synced == 6


def test_a_note_edited_while_its_upload_is_in_flight_stays_pending(store: NotesStore,
                                                                  bad_hub: BadHub) -> None:
    target = store.recent(limit=1)[0]

    def answer(raw: bytes) -> bytes:
        sent = json.loads(raw)["notes"]
        if any(n["uuid"] == target.uuid and n["revision"] == 1 for n in sent):
            store.update(target.uuid, text="typed during the upload")  # revision 2, meanwhile
        return json.dumps({"results": [{"uuid": n["uuid"], "revision": n["revision"]}
                                       for n in sent]}).encode()

    bad_hub.body = answer
    report = Syncer(store, bad_hub.url, "token").sync_once()
    # The pass saw revision 2 appear and sent it too, within the same pass.
    assert report.state == ONLINE
    uploads = [json.loads(r["body"])["notes"] for r in bad_hub.requests]
    sent_revisions = [n["revision"] for batch in uploads for n in batch if n["uuid"] == target.uuid]
    assert sent_revisions == [1, 2]
    assert store.get(target.uuid).sync_state == "synced"
    assert store.get(target.uuid).synced_revision == 2


def test_the_confirmation_of_an_older_revision_is_not_a_sync(store: NotesStore) -> None:
    note = store.recent(limit=1)[0]
    store.update(note.uuid, text="later")  # revision 2 exists before the answer for 1 arrives
    store.mark_synced(note.uuid, 1)
    assert store.get(note.uuid).sync_state == "pending"


class _RefusingKb:
    revision = 0

    def apply_changes(self, upserts: list, deletions: list, revision: int) -> None:
        raise ValueError("article xyz is invalid")


def test_kb_pull_problems_are_reported_not_raised(store: NotesStore, bad_hub: BadHub) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from agent.notes.kb_pull import KbPuller
    from kb.wire.signing import sign, signed_document

    key = Ed25519PrivateKey.generate()
    upserts = [{"slug": "a", "kind": "procedure", "lang": "ru", "title": "A", "body": "b"}]
    document = signed_document(1, upserts, [])
    page = {"since": 0, "latest": 1, "more": False,
            "revisions": [{**document, "signature": sign(key, document)}]}

    def answer(raw: bytes) -> bytes:
        if raw:
            sent = json.loads(raw)["notes"]
            return json.dumps({"results": [{"uuid": n["uuid"], "revision": n["revision"]}
                                           for n in sent]}).encode()
        return json.dumps(page).encode()

    bad_hub.body = answer
    puller = KbPuller(_RefusingKb(), key.public_key())
    report = Syncer(store, bad_hub.url, "token", kb_puller=puller).sync_once()
    assert report.state == ERROR and "refused revision 1" in report.error
    assert report.counts.synced == 5  # the notes still went up

    behind = _RefusingKb()
    behind.revision = 7
    page.update(latest=1, revisions=[])
    report = Syncer(store, bad_hub.url, "token", kb_puller=KbPuller(behind, key.public_key())
                    ).sync_once()
    assert report.state == ERROR and "behind this workstation" in report.error


def test_too_large_batches_are_halved_and_a_too_large_note_fails(store: NotesStore,
                                                                 bad_hub: BadHub) -> None:
    huge = store.create("huge", "1", "in", text="x" * 5000)

    def answer(raw: bytes) -> bytes:
        if len(raw) > 4000 or len(json.loads(raw)["notes"]) > 2:
            bad_hub.status = 413
            return b'{"error": "the body is larger than allowed"}'
        bad_hub.status = 200
        sent = json.loads(raw)["notes"]
        return json.dumps({"results": [{"uuid": n["uuid"], "revision": n["revision"]}
                                       for n in sent]}).encode()

    bad_hub.body = answer
    report = Syncer(store, bad_hub.url, "token", batch_size=100).sync_once()
    assert report.state == ONLINE
    assert report.counts.synced == 5 and report.rejected == 1
    assert store.get(huge.uuid).sync_state == "failed"
    assert "too large" in store.get(huge.uuid).sync_error


def test_a_hub_that_never_holds_the_text_sent_cannot_make_a_pass_loop(store: NotesStore,
                                                                     bad_hub: BadHub) -> None:
    """'matches: false' renumbers a note at most once a pass, and marks nothing synced."""
    def answer(raw: bytes) -> bytes:
        sent = json.loads(raw)["notes"]
        return json.dumps({"results": [{"uuid": n["uuid"], "revision": n["revision"],
                                        "matches": False} for n in sent]}).encode()

    bad_hub.body = answer
    before = {n.uuid: n.revision for n in store.all()}
    report = Syncer(store, bad_hub.url, "t").sync_once()
    assert report.state == ONLINE and report.confirmed == 0
    assert len(bad_hub.requests) == 2
    assert {n.uuid: n.revision for n in store.all()} == {u: r + 1 for u, r in before.items()}
    assert store.counts().pending == 5
