"""KbService on a real KB: typing on passes the article shown first one keystroke earlier."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agent.ui.kb_service import KbService
from kb.knowledge_base import KnowledgeBase
from tests.kb.conftest import open_kb


class RecordingKb:
    """The real KB, noting the ``keep`` each search was given."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.kept: list[str | None] = []

    def search(self, text: str, **options: Any) -> Any:
        self.kept.append(options.get("keep"))
        return self.kb.search(text, **options)


def typed(qtbot: Any, service: KbService, text: str) -> Any:
    with qtbot.waitSignal(service.search_finished, timeout=15000) as blocker:
        service.search(text)
    return blocker.args[1]


def test_extending_the_text_keeps_the_shown_first_article(qtbot: Any, tmp_path: Path) -> None:
    kb = open_kb(tmp_path / "kb")
    recorder = RecordingKb(kb)
    service = KbService(tmp_path)
    service.kb = recorder
    try:
        first = typed(qtbot, service, "доставка")
        assert first.hits and first.hits[0].slug == "delivery"
        typed(qtbot, service, "доставка кур")  # extends what is shown
        typed(qtbot, service, "телефон")  # a new query: nothing to keep
        typed(qtbot, service, "телефо")  # a deletion is not an extension
        typed(qtbot, service, "телефо")  # the same text again is not one either
        assert recorder.kept == [None, "delivery", None, None, None]
    finally:
        service.close()
        kb.close()
