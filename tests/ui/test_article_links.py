"""Articles refer to each other by title: the desk shows the target's title as a link (no raw
slug in the text), and following it opens the other article in the same language."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QUrl


def test_a_cross_reference_reads_as_a_title_and_opens_the_article(
        qtbot: Any, make_desktop: Any) -> None:
    desktop = make_desktop({"ui.language": "ru"})
    panel = desktop.window.kb_panel
    view = panel.article_panel.body
    panel.open_article("tv-packages")
    qtbot.waitUntil(lambda: panel.article is not None and panel.article.slug == "tv-packages"
                    and view.is_complete(), timeout=20000)
    assert panel.article.lang == "ru"
    text = view.toPlainText()
    assert "ТВ-приставка «Волна Бокс 4K»" in text
    assert "equipment-tv-box" not in text and "outage-status" not in text
    hrefs = [href for *_where, href in view.links()]
    assert "kb:equipment-tv-box" in hrefs and all(h.startswith("kb:") for h in hrefs)
    assert view.focusNextPrevChild(True)  # Tab reaches the first link (and scrolls to it)
    shots = os.environ.get("SUFLER_PROBLEM_SHOTS")
    if shots:
        qtbot.wait(300)
        desktop.window.grab().save(str(Path(shots) / "desk-ru-article-links.png"))
    view.follow_link(QUrl("kb:equipment-tv-box"))
    qtbot.waitUntil(lambda: panel.article is not None
                    and panel.article.slug == "equipment-tv-box", timeout=20000)
    assert panel.article.lang == "ru"
