"""The workstation's search log: one row per search while typing, sealed by the next search,
nothing about the caller, survives reopening, ready rows only."""

from __future__ import annotations

from pathlib import Path

from agent.notes.search_log import SearchLog
from kb.wire.search_events import normalize_query


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def test_typing_grows_one_search_and_the_next_search_seals_it(tmp_path: Path) -> None:
    clock = Clock()
    log = SearchLog(tmp_path / "s.sqlite", settle_seconds=60, clock=clock)
    for text, hits in (("дай", 5), ("дайте тел", 3), ("Дайте телефон ДИРЕКТОРА!", 1)):
        log.searched(text, "ru", hits, on_hold=False)
        clock.now += 0.5
    log.opened("manager-contact")
    log.copied("manager-contact", 2)
    assert log.pending() == []  # still the current search, not settled
    clock.now += 10
    log.searched("квантовый роутер", "ru", 0, on_hold=True)
    ready = log.pending()
    assert [(e.query, e.hits, e.opened, e.copied, e.reply, e.on_hold) for e in ready] == [
        ("дайте телефон директора", 1, "manager-contact", True, 2, False)]
    log.searched("", None, 0, on_hold=False)  # the field was cleared
    assert [e.query for e in log.pending()] == ["дайте телефон директора", "квантовый роутер"]
    log.close()

    reopened = SearchLog(tmp_path / "s.sqlite", clock=clock)
    assert reopened.count() == 2
    reopened.forget([e.uuid for e in reopened.pending()])
    assert reopened.count() == 0


def test_unsealed_searches_become_ready_once_settled(tmp_path: Path) -> None:
    clock = Clock()
    log = SearchLog(tmp_path / "s.sqlite", settle_seconds=30, clock=clock)
    log.searched("тариф", "ru", 2, on_hold=False)
    assert log.pending() == []
    clock.now += 31
    assert [e.query for e in log.pending()] == ["тариф"]


def test_phone_numbers_never_reach_the_query() -> None:
    assert normalize_query("перезвоните +7 (916) 123-45-67 срочно") == "перезвоните срочно"
    assert normalize_query("  Ёлка   Зелёная?! ") == "елка зеленая"
