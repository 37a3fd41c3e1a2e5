"""The floor's search prior on SQLite and PostgreSQL: the hub aggregates the search events one
workstation uploads into (query, opened article, searches), a second workstation pulls them with
its KB and its half-typed query ranks the article the floor opened first; the answer's ETag, the
cache on disk across a restart, a hub that is down or answers garbage, and the token's role."""

from __future__ import annotations

import json
import logging
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from agent.notes.hub_client import make_client
from agent.notes.kb_pull import KbPuller
from agent.notes.prior_pull import CACHE_FILE, SearchPriorPuller
from agent.notes.search_log import SearchLog
from agent.notes.store import NotesStore
from agent.notes.syncer import ONLINE, Syncer
from kb.knowledge_base import KnowledgeBase
from tests.hub.conftest import RunningHub
from tests.notes.test_syncer import BadHub


def call(hub: RunningHub, method: str, path: str, token: str | None,
         **kwargs: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    headers.update(kwargs.pop("headers", {}))
    return httpx.request(method, f"{hub.url}/api/v1{path}", timeout=60, headers=headers,
                         **kwargs)


def plan(slug: str, speed: str) -> dict[str, Any]:
    return {"slug": slug, "kind": "product", "lang": "ru", "title": f"Тариф Домашний {speed}",
            "tags": ["тариф", "домашний интернет"],
            "body": f"Домашний интернет на скорости {speed} Мбит/с, роутер в аренду.",
            "replies": ["Подключу за минуту, {caller_name}."]}


def event(query: str, opened: str | None, at: float | None = None) -> dict[str, Any]:
    return {"uuid": str(uuid.uuid4()), "at": time.time() if at is None else at, "query": query,
            "lang": "ru", "hits": 2, "opened": opened, "copied": False, "on_hold": False}


def first(kb: KnowledgeBase, text: str) -> str:
    return kb.search(text, limit=1).hits[0].slug


def test_the_hub_serves_the_frequent_recent_pairs_with_an_etag_to_any_role(
        hub: RunningHub) -> None:
    old = time.time() - 200 * 86_400
    batch = [event("sp-роутер мигает", "sp-router"), event("sp-роутер мигает", "sp-router"),
             event("sp-роутер мигает", "sp-router"), event("sp-роутер", "sp-router"),
             event("sp-роутер", "sp-router"), event("sp-роутер мигает", "sp-other"),
             event("sp-давно", "sp-router", at=old), event("sp-давно", "sp-router", at=old),
             event("sp-ничего", None), event("sp-ничего", None)]
    # a second account searched the same (all but the one-off); only the first typed "sp-мой"
    others = [{**e, "uuid": str(uuid.uuid4())} for e in batch if e["opened"] != "sp-other"]
    only_mine = [event("sp-мой абонент", "sp-router"), event("sp-мой абонент", "sp-router")]
    for token, events in ((hub.agent, batch + only_mine), (hub.editor, others)):
        assert call(hub, "POST", "/kb/search-events", token, json={"events": events}
                    ).json()["stored"] == len(events)

    answer = call(hub, "GET", "/kb/search-prior", hub.agent)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"days", "pairs"} and body["days"] == 90
    mine = [p for p in body["pairs"] if p[0].startswith("sp-")]
    # most searched first; once (a one-off), by one account only, too old, or nothing opened:
    # left out
    assert mine == [["sp-роутер мигает", "sp-router", 6], ["sp-роутер", "sp-router", 4]]

    etag = answer.headers["etag"]
    same = call(hub, "GET", "/kb/search-prior", hub.agent, headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.content == b""
    # new searches change the answer and its ETag at once
    call(hub, "POST", "/kb/search-events", hub.agent,
         json={"events": [event("sp-роутер", "sp-router")]})
    changed = call(hub, "GET", "/kb/search-prior", hub.editor, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert ["sp-роутер", "sp-router", 5] in changed.json()["pairs"]

    for token in (None, "sfh_unknown"):
        refused = call(hub, "GET", "/kb/search-prior", token)
        assert refused.status_code == 401, refused.text
        assert "pairs" not in refused.json()


def test_a_second_workstation_ranks_what_the_floor_opened_and_keeps_it_through_trouble(
        hub: RunningHub, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    published = call(hub, "POST", "/kb/articles", hub.editor, json={"upserts": [
        plan("home-100", "100"), plan("home-500", "500")]})
    assert published.status_code == 201, published.text
    key = call(hub, "GET", "/kb/public-key", hub.agent).json()["public_key"]

    # The first workstation's operators open the 500 plan after searching; the syncer uploads.
    first_home = tmp_path / "ws1"
    log = SearchLog(first_home / "search_events.sqlite", settle_seconds=0)
    for query in ("тариф домашний 500", "домашний 500", "тариф домашний", "тариф домашний 500"):
        log.searched(query, "ru", 2, on_hold=False)
        log.opened("home-500")
        log.seal()
    notes1 = NotesStore.open(first_home / "notes.sqlite")
    try:
        assert Syncer(notes1, hub.url, hub.agent, search_log=log).sync_once().state == ONLINE
        assert log.count() == 0
    finally:
        notes1.close()
        log.close()
    # …and someone else on the floor did too: what one account alone searched stays its own
    assert call(hub, "POST", "/kb/search-events", hub.editor, json={"events": [
        event("тариф домашний 500", "home-500")]}).status_code == 200

    # The second workstation: its KB from the hub, without and then with the floor's prior.
    home = tmp_path / "ws2"
    kb = KnowledgeBase.open(home / "kb", seed=False)
    notes2 = NotesStore.open(home / "notes.sqlite")
    try:
        puller = KbPuller(kb, key)
        with make_client(hub.url, hub.agent) as client:
            assert puller.pull(client).ok
        assert kb.wait_until_ready(60)
        assert first(kb, "тариф дом") == "home-100"  # a tie: the slug decides

        puller.prior = SearchPriorPuller(kb, home / CACHE_FILE)
        assert puller.prior.load_cached() == 0
        report = Syncer(notes2, hub.url, hub.agent, kb_puller=puller).sync_once()
        assert report.state == ONLINE and report.kb.prior.changed and not report.kb.prior.error
        assert first(kb, "тариф дом") == "home-500"
        assert first(kb, "тариф домашний 1") == "home-100"  # the letters typed still decide

        again = Syncer(notes2, hub.url, hub.agent, kb_puller=puller).sync_once()
        assert not again.kb.prior.changed and not again.kb.prior.error  # 304: unchanged
        assert first(kb, "тариф дом") == "home-500"

        # A hub that answers garbage, or one that is down: the last good prior stays.
        bad = BadHub()
        try:
            for body in (b"<html>oops</html>", json.dumps({"days": 90, "pairs": [["x"]]}).encode(),
                         json.dumps({"days": 90, "pairs": "all"}).encode()):
                bad.body = body
                with make_client(bad.url, "token") as client, caplog.at_level(logging.WARNING):
                    caplog.clear()
                    prior = puller.prior.pull(client)
                assert prior.error and "keeps the last one" in prior.error
                assert "keeps the last one" in caplog.text
                assert prior.pairs > 0
                assert first(kb, "тариф дом") == "home-500"
        finally:
            bad.close()
        with make_client("http://127.0.0.1:9", hub.agent, timeout=2) as down:
            pulled = puller.pull(down)
        assert pulled.problem == "offline"
        assert first(kb, "тариф дом") == "home-500"
    finally:
        notes2.close()
        kb.close()

    # A restart: the prior cached on disk is learned before any hub is asked.
    kb = KnowledgeBase.open(home / "kb", seed=False)
    try:
        assert kb.wait_until_ready(60)
        assert first(kb, "тариф дом") == "home-100"
        assert SearchPriorPuller(kb, home / CACHE_FILE).load_cached() > 0
        assert first(kb, "тариф дом") == "home-500"
        assert (home / CACHE_FILE).stat().st_mode & 0o077 == 0
    finally:
        kb.close()


def test_searches_not_uploaded_yet_count_with_the_floors_and_a_broken_cache_is_ignored(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from kb.model import Article

    articles = [Article(slug=p["slug"], kind="product", lang="ru", title=p["title"],
                        tags=p["tags"], body=p["body"])
                for p in (plan("home-100", "100"), plan("home-500", "500"))]
    kb = KnowledgeBase.open(tmp_path / "kb", seed=False)
    kb.apply_changes(articles, [], revision=1)
    log = SearchLog(tmp_path / "search_events.sqlite", settle_seconds=3600)
    try:
        assert kb.wait_until_ready(60)
        (tmp_path / CACHE_FILE).write_text("{not json", encoding="utf-8")
        prior = SearchPriorPuller(kb, tmp_path / CACHE_FILE, local=log)
        with caplog.at_level(logging.WARNING):
            assert prior.load_cached() == 0
        assert "cached floor search prior is unusable" in caplog.text
        assert first(kb, "тариф дом") == "home-100"
        for query in ("тариф домашний 500", "домашний 500"):
            log.searched(query, "ru", 2, on_hold=False)
            log.opened("home-500")
            log.seal()
        prior.refresh()  # the hub unreachable: this desk's own searches still count
        assert first(kb, "тариф дом") == "home-500"
    finally:
        log.close()
        kb.close()
