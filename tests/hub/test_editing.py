"""The editor's hub API on SQLite and PostgreSQL: base revisions and 409 conflicts, per-article
history and old versions, the synonym sets as signed revisions, the token's role, and search
events with the search-gaps and most-used reports."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from agent.notes.hub_client import make_client
from agent.notes.kb_pull import KbPuller
from kb.knowledge_base import KnowledgeBase
from tests.hub.conftest import RunningHub


def call(hub: RunningHub, method: str, path: str, token: str, **kwargs: Any) -> httpx.Response:
    return httpx.request(method, f"{hub.url}/api/v1{path}", timeout=60,
                         headers={"Authorization": f"Bearer {token}"}, **kwargs)


def article(slug: str, title: str, body: str = "Текст статьи.", **extra: Any) -> dict[str, Any]:
    return {"slug": slug, "kind": "difficult-case", "lang": "ru", "title": title,
            "body": body, "replies": ["Минуту, {caller_name}."], **extra}


def test_stale_base_is_refused_with_both_versions_and_history_keeps_every_revision(
        hub: RunningHub) -> None:
    first = call(hub, "POST", "/kb/articles", hub.editor,
                 json={"upserts": [article("ed-conflict", "Первая")]})
    assert first.status_code == 201, first.text
    r1 = first.json()["revision"]
    # A new article whose slug exists already (base 0 or absent) is a conflict too.
    again = call(hub, "POST", "/kb/articles", hub.editor,
                 json={"upserts": [article("ed-conflict", "Тоже новая")]})
    assert again.status_code == 409
    second = call(hub, "POST", "/kb/articles", hub.editor,
                  json={"upserts": [{**article("ed-conflict", "Вторая"), "base_revision": r1}]})
    assert second.status_code == 201, second.text
    r2 = second.json()["revision"]

    latest_before = call(hub, "GET", "/kb/changes?since=0&limit=1", hub.agent).json()["latest"]
    stale = call(hub, "POST", "/kb/articles", hub.editor, json={"upserts": [
        {**article("ed-conflict", "Третья от второго редактора"), "base_revision": r1},
        {**article("ed-untouched", "Новая рядом"), "base_revision": 0}]})
    assert stale.status_code == 409
    conflict = stale.json()["conflicts"]
    assert conflict == [{"slug": "ed-conflict", "lang": "ru", "base_revision": r1,
                         "current_revision": r2, "current": conflict[0]["current"]}]
    assert conflict[0]["current"]["title"] == "Вторая"
    # Nothing of that request was published.
    assert call(hub, "GET", "/kb/changes?since=0&limit=1", hub.agent
                ).json()["latest"] == latest_before
    assert call(hub, "GET", "/kb/articles/ed-untouched?lang=ru", hub.editor).status_code == 404

    history = call(hub, "GET", "/kb/articles/ed-conflict/history?lang=ru", hub.editor).json()
    assert [(h["revision"], h["title"], h["author"], h["deleted"])
            for h in history["history"]] == [(r2, "Вторая", "editor", False),
                                             (r1, "Первая", "editor", False)]
    old = call(hub, "GET", f"/kb/articles/ed-conflict?lang=ru&revision={r2 - 1}", hub.editor)
    assert old.status_code == 200 and old.json()["article"]["title"] == "Первая"
    assert old.json()["revision"] == r1
    assert call(hub, "GET", "/kb/articles/ed-conflict?lang=ru", hub.editor
                ).json()["article"]["title"] == "Вторая"
    assert call(hub, "GET", f"/kb/articles/ed-conflict?lang=ru&revision={r1 - 1}",
                hub.editor).status_code == 404
    assert call(hub, "GET", "/kb/articles/ed-conflict?lang=en", hub.editor).status_code == 404

    # Deleting needs the current base as well, and shows in the history.
    gone = call(hub, "POST", "/kb/articles", hub.editor, json={"deletions": [
        {"slug": "ed-conflict", "lang": "ru", "base_revision": r2}]})
    assert gone.status_code == 201, gone.text
    assert call(hub, "GET", "/kb/articles/ed-conflict/history?lang=ru", hub.editor
                ).json()["history"][0]["deleted"] is True
    assert call(hub, "GET", "/kb/articles/ed-conflict?lang=ru", hub.editor).status_code == 404
    listing = call(hub, "GET", "/kb/articles", hub.editor).json()
    assert "ed-conflict" not in {a["article"]["slug"] for a in listing["articles"]}


def test_a_bad_base_is_a_clear_422(hub: RunningHub) -> None:
    bad = call(hub, "POST", "/kb/articles", hub.editor,
               json={"upserts": [{**article("ed-bad", "Т"), "base_revision": "3"}]})
    assert bad.status_code == 422 and "base_revision" in bad.text


def test_agents_are_refused_everywhere_in_the_editor_api(hub: RunningHub) -> None:
    for method, path in [("GET", "/kb/articles"), ("GET", "/kb/articles/x/history?lang=ru"),
                         ("GET", "/kb/articles/x?lang=ru"), ("GET", "/kb/synonyms"),
                         ("GET", "/reports/search-gaps"), ("GET", "/reports/most-used"),
                         ("POST", "/kb/articles")]:
        answer = call(hub, method, path, hub.agent, json={"upserts": [article("x", "X")]}
                      if method == "POST" else None)
        assert answer.status_code == 403, (path, answer.text)
        assert call(hub, method, path, "sfh_unknown").status_code == 401
    assert call(hub, "GET", "/me", hub.agent).json() == {"name": "agent", "role": "agent"}
    assert call(hub, "GET", "/me", hub.editor).json()["role"] == "editor"


def test_synonym_sets_are_published_as_signed_revisions_and_pulled(
        hub: RunningHub, tmp_path: Path) -> None:
    current = call(hub, "GET", "/kb/synonyms", hub.editor).json()
    sets = [["мат", "нецензурная брань"], ["шеф", "начальник", "руководство"]]
    answer = call(hub, "POST", "/kb/articles", hub.editor, json={
        "synonym_sets": sets, "synonyms_base_revision": current["revision"]})
    assert answer.status_code == 201, answer.text
    revision = answer.json()["revision"]
    assert call(hub, "GET", "/kb/synonyms", hub.editor).json() == {
        "revision": revision, "synonym_sets": sets}
    stale = call(hub, "POST", "/kb/articles", hub.editor, json={
        "synonym_sets": [["а", "б"]], "synonyms_base_revision": current["revision"]})
    assert stale.status_code == 409
    assert stale.json()["synonyms_conflict"]["current"] == sets
    assert call(hub, "POST", "/kb/articles", hub.editor, json={
        "synonym_sets": [["одно"]], "synonyms_base_revision": revision}).status_code == 422

    kb = KnowledgeBase.open(tmp_path / "kb", seed=False)
    try:
        key = call(hub, "GET", "/kb/public-key", hub.agent).json()["public_key"]
        with make_client(hub.url, hub.agent) as client:
            report = KbPuller(kb, key).pull(client)
        assert report.ok, report.error
        assert kb.synonym_sets() == sets
    finally:
        kb.close()


def event(query: str, hits: int, **extra: Any) -> dict[str, Any]:
    return {"uuid": str(uuid.uuid4()), "at": time.time(), "query": query, "lang": "ru",
            "hits": hits, "opened": None, "copied": False, "on_hold": False, **extra}


def test_search_events_are_stored_once_and_become_gaps_and_usage(hub: RunningHub) -> None:
    batch = [event("ed-квантовый роутер", 0), event("ed-квантовый роутер", 0, on_hold=True),
             event("ed-тариф луна", 3), event("ed-тариф луна", 3, opened="ed-a", copied=True,
                                             reply=1),
             event("ed-директор", 2, opened="ed-a")]
    first = call(hub, "POST", "/kb/search-events", hub.agent, json={"events": batch})
    assert first.json() == {"received": 5, "stored": 5}
    again = call(hub, "POST", "/kb/search-events", hub.agent, json={"events": batch})
    assert again.status_code == 200 and again.json() == {"received": 5, "stored": 0}

    broken = call(hub, "POST", "/kb/search-events", hub.agent, json={"events": [
        event("ok", 1), {**event("x", 1), "hits": -1}, {**event("y", 1), "uuid": "no"}]})
    assert broken.status_code == 422
    assert [d["index"] for d in broken.json()["details"]] == [1, 2]
    assert call(hub, "POST", "/kb/search-events", hub.agent, json={"events": "no"}
                ).status_code == 422

    gaps = call(hub, "GET", "/reports/search-gaps?days=7", hub.editor).json()["gaps"]
    mine = [g for g in gaps if g["query"].startswith("ed-")]
    assert sorted((g["query"], g["searches"], g["no_results"], g["no_open"]) for g in mine) == [
        ("ed-квантовый роутер", 2, 2, 0), ("ed-тариф луна", 2, 0, 1)]
    assert [g["searches"] for g in gaps] == sorted((g["searches"] for g in gaps), reverse=True)
    assert call(hub, "GET", "/reports/search-gaps?days=0", hub.editor).status_code == 400
    used = call(hub, "GET", "/reports/most-used", hub.editor).json()
    assert {"slug": "ed-a", "opens": 2, "copies": 1} in used["articles"]
    assert {"slug": "ed-a", "reply": 1, "copies": 1} in used["replies"]


def test_the_search_log_uploads_idempotently_and_keeps_events_while_the_hub_is_down(
        hub: RunningHub, tmp_path: Path) -> None:
    from agent.notes.hub_client import HubProblem
    from agent.notes.search_log import SearchLog

    log = SearchLog(tmp_path / "search.sqlite", settle_seconds=0)
    log.searched("ed-лог неизвестное слово", "ru", 0, on_hold=True)
    log.searched("ed-лог второе", "ru", 4, on_hold=False)
    log.opened("ed-b")
    log.seal()
    with make_client("http://127.0.0.1:9", hub.agent, timeout=2) as down, \
            pytest.raises(HubProblem):
        log.upload(down)
    assert log.count() == 2
    with make_client(hub.url, hub.agent) as client:
        assert log.upload(client) == 2
    assert log.count() == 0
    gaps = call(hub, "GET", "/reports/search-gaps", hub.editor).json()["gaps"]
    assert {"query": "ed-лог неизвестное слово", "searches": 1, "no_results": 1,
            "no_open": 0} in [{k: g[k] for k in ("query", "searches", "no_results", "no_open")}
                              for g in gaps]


FOLDER_ARTICLE = """---
slug: ed-cli-article
kind: procedure
lang: ru
title: {title}
updated: {updated}
---
Текст из папки.
"""


def test_publish_a_folder_through_the_api_with_the_token_on_stdin_or_in_the_keyring(
        hub: RunningHub, tmp_path: Path) -> None:
    from agent.notes.hub_client import store_token
    from tests.hub.servers import run_cli

    folder = tmp_path / "folder"
    folder.mkdir()
    page = folder / "ed-cli-article.ru.md"
    page.write_text(FOLDER_ARTICLE.format(title="Из папки", updated="2030-01-01T00:00:00Z"),
                    encoding="utf-8")
    args = ["-m", "kb.hub", "publish", str(folder), "--hub", hub.url]
    refused = run_cli([*args, "--token-stdin"], tmp_path, stdin=hub.agent + "\n")
    assert refused.returncode == 1 and "editor" in refused.stderr
    done = run_cli([*args, "--token-stdin"], tmp_path, stdin=hub.editor + "\n")
    assert done.returncode == 0, done.stderr
    assert "published revision" in done.stdout
    assert hub.editor not in done.stdout + done.stderr
    again = run_cli([*args, "--token-stdin"], tmp_path, stdin=hub.editor + "\n")
    assert "nothing changed" in again.stdout

    # Someone changes it on the hub; the folder's copy is older now: refused unless --force.
    current = call(hub, "GET", "/kb/articles/ed-cli-article?lang=ru", hub.editor).json()
    changed = {**current["article"], "title": "Изменено в редакторе",
               "base_revision": current["revision"], "updated": None}
    assert call(hub, "POST", "/kb/articles", hub.editor, json={"upserts": [changed]}
                ).status_code == 201
    page.write_text(FOLDER_ARTICLE.format(title="Из папки снова",
                                          updated="2020-01-01T00:00:00Z"), encoding="utf-8")
    store_token(hub.url, hub.editor)  # the keyring, as the desktop's settings store it
    stale = run_cli(args, tmp_path)
    assert stale.returncode == 1 and "newer" in stale.stderr
    forced = run_cli([*args, "--force"], tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert call(hub, "GET", "/kb/articles/ed-cli-article?lang=ru", hub.editor
                ).json()["article"]["title"] == "Из папки снова"
