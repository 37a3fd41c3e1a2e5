"""Hostile input to the hub: arbitrary JSON and Unicode at every JSON endpoint get a 2xx or a
4xx with a JSON ``{"error"}``, never a 500; exports never hand a spreadsheet a formula (real hub,
SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.hub.csv_cells import csv_cell
from kb.wire.signing import public_key_text
from tests.hub.conftest import RunningHub
from tests.hub.servers import run_cli
from tests.hub.test_roundtrip import exported
from tests.notes.test_syncer import BadHub

# Every endpoint that reads a JSON body (path parameters filled with a plausible value).
JSON_ENDPOINTS = [
    ("POST", "/notes"), ("POST", "/kb/articles"), ("POST", "/users"),
    ("POST", "/kb/search-events"), ("POST", "/floor/events"),
    ("POST", "/floor/callbacks/00000000-0000-4000-8000-000000000000/assign"),
    ("PUT", "/floor/groups/agent"), ("PUT", "/floor/settings"),
]

# Raw bodies Python's json module takes badly: deep nesting, huge numbers, lone surrogates,
# non-finite constants, not UTF-8.
HOSTILE_RAW = [
    b"[" * 100_000 + b"]" * 100_000,
    b'{"notes": [{"uuid": "x", "revision": ' + b"9" * 5000 + b"}]}",
    b'{"name": "\\ud800", "role": "agent"}',
    b'{"notes": [{"uuid": "\\udfff", "revision": 1, "note": {"number": "\\ud83d"}}]}',
    b'{"notes": [{"uuid": "00000000-0000-4000-8000-000000000001", "revision": 1,'
    b' "note": {"number": "1", "direction": "in", "duration": 1e999}}]}',
    b'{"a": NaN}', b'{"a": Infinity}', b'{"a": -Infinity}', b"1e99999",
    b'{"x": "\xff\xfe"}', b"\xef\xbb\xbf{}", b"", b"null", b'"text"',
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.text(max_size=20), children, max_size=5),
    max_leaves=20,
)
NOTE_FIELDS = ["number", "direction", "started_at", "duration", "text", "complaint", "callback",
               "articles", "caller_name", "completed", "call_id"]
shaped_notes = st.builds(
    lambda fields, revision: {"notes": [{"uuid": str(uuid.uuid4()), "revision": revision,
                                         "note": {"number": "1", "direction": "in", **fields}}]},
    st.dictionaries(st.sampled_from(NOTE_FIELDS), json_values, max_size=4),
    st.integers(min_value=-2, max_value=2**40),
)
shaped_articles = st.builds(
    lambda fields: {"upserts": [{"slug": "fuzz", "kind": "procedure", "lang": "ru",
                                 "title": "Fuzz", **fields}]},
    st.dictionaries(st.sampled_from(["title", "body", "replies", "actions", "tags", "synonyms",
                                     "slug", "lang", "kind", "base_revision"]), json_values,
                    max_size=3),
)


def _check(response: httpx.Response, what: str, failures: list[str]) -> None:
    if response.status_code >= 500:
        failures.append(f"{what}: {response.status_code} {response.text[:200]}")
    elif response.status_code >= 400:
        try:
            body: Any = response.json()
        except ValueError:
            body = None
        if not (isinstance(body, dict) and isinstance(body.get("error"), str)):
            failures.append(f"{what}: {response.status_code} without a JSON error: "
                            f"{response.text[:200]}")


def test_hostile_raw_bodies_get_a_clear_4xx(hub: RunningHub) -> None:
    failures: list[str] = []
    with httpx.Client(base_url=f"{hub.url}/api/v1", timeout=60,
                      headers={"Authorization": f"Bearer {hub.admin}",
                               "Content-Type": "application/json"}) as client:
        for method, path in JSON_ENDPOINTS:
            for raw in HOSTILE_RAW:
                response = client.request(method, path, content=raw)
                _check(response, f"{method} {path} {raw[:40]!r}", failures)
                assert response.status_code != 200 or raw in (b"null", b"{}"), (path, raw[:40])
    assert failures == []


def test_arbitrary_json_never_causes_a_server_error(hub: RunningHub) -> None:
    failures: list[str] = []
    client = httpx.Client(base_url=f"{hub.url}/api/v1", timeout=60,
                          headers={"Authorization": f"Bearer {hub.admin}"})

    @given(endpoint=st.sampled_from(JSON_ENDPOINTS),
           body=json_values | shaped_notes | shaped_articles)
    @settings(max_examples=150, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def run(endpoint: tuple[str, str], body: Any) -> None:
        method, path = endpoint
        raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
        _check(client.request(method, path, content=raw,
                              headers={"Content-Type": "application/json"}),
               f"{method} {path} {raw[:80]!r}", failures)

    try:
        run()
    finally:
        client.close()
    assert failures == []


FORMULAS = ["=1+1", "\n=1+1", " =1+1", '"=1+1', ";=1+1", "\uff1d1+1", "\uff0bcmd", "|calc",
            "\t=1", "@SUM(A1)", "-2+3"]


def test_csv_cells_never_start_like_a_formula() -> None:
    for text in FORMULAS:
        assert csv_cell(text) == "'" + text, text
    for text in ("Ольга", "1+1", "", "{}", "a=b"):
        assert csv_cell(text) == text


def test_the_notes_export_escapes_every_formula(hub: RunningHub) -> None:
    made = {str(uuid.uuid4()): text for text in FORMULAS}
    items = [{"uuid": u, "revision": 1,
              "note": {"number": "1", "direction": "in", "text": text, "caller_name": text,
                       "wrap_up_code": text}} for u, text in made.items()]
    answer = httpx.post(f"{hub.url}/api/v1/notes", json={"notes": items}, timeout=30,
                        headers={"Authorization": f"Bearer {hub.agent}"})
    assert answer.status_code == 200, answer.text
    rows = {r["uuid"]: r for r in exported(hub)}
    for note_uuid, text in made.items():
        for column in ("text", "caller_name", "wrap_up_code"):
            assert rows[note_uuid][column] == "'" + text, (column, text)


ROGUE_ANSWERS = [
    (500, "text/plain", b"Internal Server Error"),
    (200, "application/json", b"[" * 50_000),
    (200, "application/json", b'{"results": 1e999}'),
    (200, "application/json", b'{"since": 0, "latest": ' + b"9" * 5000 + b"}"),
    (200, "text/html", b"<html>captive portal</html>"),
    (404, "application/json", b'{"error": "\\ud800"}'),
]


def test_a_rogue_hub_never_crashes_a_workstation_command(tmp_path: Path) -> None:
    """Whatever a hub answers, ``notes sync --kb`` ends with a clear error and exit 1."""
    home = tmp_path / "ws"
    home.mkdir()
    key = public_key_text(Ed25519PrivateKey.generate().public_key())
    (home / "settings.toml").write_text(f'[hub]\npublic_key = "{key}"\n', encoding="utf-8")
    added = run_cli(["-m", "agent", "notes", "add"], home,
                    stdin='{"number": "1", "direction": "in"}')
    assert added.returncode == 0, added.stderr
    rogue = BadHub()
    try:
        for status, content_type, body in ROGUE_ANSWERS:
            rogue.status, rogue.content_type, rogue.body = status, content_type, body
            done = run_cli(["-m", "agent", "notes", "sync", "--kb", "--hub", rogue.url], home,
                           SUFLER_HUB_TOKEN="sfh_x",
                           SUFLER_SITE_FILE=str(tmp_path / "none.toml"))
            assert done.returncode == 1, (status, body[:30], done.stderr)
            assert "Traceback" not in done.stderr and "\nerror: " in "\n" + done.stderr, \
                done.stderr
    finally:
        rogue.close()
