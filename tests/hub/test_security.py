"""Security: roles, missing tokens, size limits, malformed bodies, tampered revisions, fuzzing."""

from __future__ import annotations

import json
import stat
import uuid
from pathlib import Path

import httpx
import pytest
import schemathesis
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings

from agent.notes.hub_client import make_client
from agent.notes.kb_pull import KbPuller
from kb.knowledge_base import KnowledgeBase
from kb.wire.signing import public_key_text
from tests.hub.conftest import RunningHub
from tests.hub.servers import with_bases
from tests.notes.test_syncer import BadHub


def call(hub: RunningHub, method: str, path: str, token: str | None = None,
         **kwargs: object) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.request(method, f"{hub.url}/api/v1{path}", headers=headers, timeout=30,
                         **kwargs)  # type: ignore[arg-type]


def note(note_uuid: str | None = None, **fields: object) -> dict:
    return {"uuid": note_uuid or str(uuid.uuid4()), "revision": 1,
            "note": {"number": "1", "direction": "in", **fields}}


ENDPOINTS = [("POST", "/notes"), ("GET", "/kb/changes"), ("POST", "/kb/articles"),
             ("GET", "/kb/public-key"), ("GET", "/users"), ("GET", "/notes/export.csv")]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_no_token_or_a_wrong_token_is_401(hub: RunningHub, method: str, path: str) -> None:
    missing = call(hub, method, path, json={})
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert call(hub, method, path, "sfh_not-a-real-token", json={}).status_code == 401


def test_roles_are_enforced(hub: RunningHub) -> None:
    article = {"slug": "x", "kind": "procedure", "lang": "ru", "title": "X"}
    assert call(hub, "POST", "/kb/articles", hub.agent, json={"upserts": [article]}
                ).status_code == 403
    assert call(hub, "GET", "/notes/export.csv", hub.agent).status_code == 403
    assert call(hub, "GET", "/users", hub.agent).status_code == 403
    assert call(hub, "GET", "/users", hub.editor).status_code == 403
    assert call(hub, "POST", "/users", hub.editor, json={"name": "x", "role": "admin"}
                ).status_code == 403
    assert call(hub, "GET", "/users", hub.admin).status_code == 200


def test_oversize_bodies_and_batches_are_refused(hub: RunningHub) -> None:
    big = json.dumps({"notes": [note(text="я" * 600_000)]}).encode()
    assert len(big) > 1024 * 1024
    response = httpx.post(f"{hub.url}/api/v1/notes", content=big, timeout=30,
                          headers={"Authorization": f"Bearer {hub.agent}",
                                   "content-type": "application/json"})
    assert response.status_code == 413

    def chunks():  # no Content-Length: the limit holds while streaming
        for _ in range(20):
            yield b" " * 100_000

    streamed = httpx.post(f"{hub.url}/api/v1/notes", content=chunks(), timeout=30,
                          headers={"Authorization": f"Bearer {hub.agent}",
                                   "content-type": "application/json"})
    assert streamed.status_code == 413
    too_many = call(hub, "POST", "/notes", hub.agent, json={"notes": [note()] * 501})
    assert too_many.status_code == 413


def test_malformed_bodies_get_clear_4xx_and_store_nothing(hub: RunningHub) -> None:
    def post(content: bytes, content_type: str = "application/json") -> httpx.Response:
        return httpx.post(f"{hub.url}/api/v1/notes", content=content, timeout=30,
                          headers={"Authorization": f"Bearer {hub.agent}",
                                   "content-type": content_type})

    assert post(b"{not json").status_code == 400
    assert "not valid JSON" in post(b"{not json").json()["error"]
    assert post(b"\xff\xfe").status_code == 400
    assert post(b"notes=1", "application/x-www-form-urlencoded").status_code == 415
    assert post(b"[]").status_code == 422
    good, bad = str(uuid.uuid4()), str(uuid.uuid4())
    mixed = post(json.dumps({"notes": [note(good), note(bad, direction="sideways")]}).encode())
    assert mixed.status_code == 422
    assert mixed.json()["details"] == [
        {"index": 1, "uuid": bad,
         "error": "note.direction must be 'in' or 'out', got 'sideways'"}]
    for broken in ({"uuid": "nope", "revision": 1, "note": {}},
                   {"uuid": str(uuid.uuid4()), "revision": 0, "note": {}},
                   {"uuid": str(uuid.uuid4()), "revision": True, "note": {}},
                   note(started_at="yesterday"), note(articles="a"), note(number=None),
                   note(caller_name=None), note(caller_name=["Анна"]),
                   note(caller_name="я" * 201), note(caller_name="Ан\x00на")):
        assert post(json.dumps({"notes": [broken]}).encode()).status_code == 422
    export = call(hub, "GET", "/notes/export.csv", hub.editor).text
    assert good not in export and bad not in export  # one transaction per batch
    assert call(hub, "GET", "/kb/changes?since=-1", hub.agent).status_code == 400
    assert call(hub, "GET", "/kb/changes?limit=abc", hub.agent).status_code == 400
    bad_article = call(hub, "POST", "/kb/articles", hub.editor,
                       json={"upserts": [{"slug": "Bad Slug", "kind": "procedure",
                                          "lang": "ru", "title": "t"}]})
    assert bad_article.status_code == 422 and "slug" in bad_article.text


def test_tokens_are_stored_hashed_and_the_signing_key_is_private(hub: RunningHub) -> None:
    if hub.backend != "sqlite":
        pytest.skip("the files are checked on the SQLite layout")
    hub_dir = Path(hub.process.db_url.removeprefix("sqlite:///")).parent
    everything = b"".join(p.read_bytes() for p in hub_dir.glob("hub.sqlite*"))
    for token in (hub.admin, hub.editor, hub.agent):
        assert token.encode() not in everything
    key_file = hub_dir / "hub-signing.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert hub.admin not in hub.process.log.read_text()


def _real_page(hub: RunningHub) -> dict:
    article = {"slug": "sec-article", "kind": "procedure", "lang": "ru", "title": "Оригинал",
               "body": "Правильный текст"}
    upserts = with_bases(hub.url, hub.editor, [article])
    assert call(hub, "POST", "/kb/articles", hub.editor, json={"upserts": upserts}
                ).status_code == 201
    return call(hub, "GET", "/kb/changes?since=0&limit=100", hub.agent).json()


@pytest.mark.parametrize("tamper", ["body", "revision-gap", "no-signature", "wrong-key"])
def test_tampered_kb_revisions_are_refused(hub: RunningHub, tmp_path: Path, tamper: str) -> None:
    page = _real_page(hub)
    key = call(hub, "GET", "/kb/public-key", hub.agent).json()["public_key"]
    if tamper == "body":
        page["revisions"][-1]["upserts"][0]["body"] = "Звоните на этот номер: 0000"
    elif tamper == "revision-gap":
        del page["revisions"][0]
    elif tamper == "no-signature":
        page["revisions"][0]["signature"] = ""
    else:
        key = public_key_text(Ed25519PrivateKey.generate().public_key())
    page["more"] = False
    fake = BadHub()
    fake.body = json.dumps(page).encode()
    kb = KnowledgeBase.open(tmp_path / "kb", seed=False)
    try:
        with make_client(fake.url, "t") as client:
            report = KbPuller(kb, key).pull(client)
        assert report.problem == "signature"
        assert "refused a KB revision" in report.error
        assert kb.revision == 0 and kb.get("sec-article", "ru") is None
    finally:
        kb.close()
        fake.close()


def test_fuzzed_requests_never_cause_server_errors(hub: RunningHub) -> None:
    """Schemathesis-generated requests for every operation (bounded: a few examples each)."""
    schema = schemathesis.openapi.from_url(f"{hub.url}/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    failures: list[str] = []
    headers = {"Authorization": f"Bearer {hub.admin}"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=8, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def run(case: schemathesis.Case) -> None:
            response = case.call(base_url=f"{hub.url}/api/v1", headers=headers, timeout=30)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path}: "
                                f"{response.status_code} {response.text[:200]}")

        run()
    assert failures == []
