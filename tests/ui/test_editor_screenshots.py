"""Screenshots of the KB editor for docs/screenshots (``make screenshots`` renders them under Xvfb):
the list, an article being edited with its preview, a conflict, the history, the search gaps —
in Russian and English, at 1366×768, against a real hub holding the default KB.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PyQt6.QtGui import QTextCursor
from PyQt6.QtWidgets import QApplication, QMessageBox

from agent.settings import Settings
from agent.ui.editor.app import build_editor
from agent.ui.i18n import install_translators
from kb.paths import assets_dir
from tests.hub.servers import HubProcess
from tests.ui.helpers import type_text
from tests.ui.test_screenshots import save, settle

pytestmark = pytest.mark.screenshots
SIZE = (1366, 768)
GAPS = {"квантовый роутер": 7, "оплата криптовалютой": 5, "тариф луна": 4, "перенос номера": 3,
        "жалоба на курьера": 2}


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[HubProcess, str, str]]:
    home = tmp_path_factory.mktemp("shots-hub")
    process = HubProcess(home, f"sqlite:///{home / 'hub.sqlite'}")
    editor = process.add_user("anna", "editor")
    other = process.add_user("boris", "editor")
    agent = process.add_user("olga", "agent")
    assert process.cli("publish", str(assets_dir() / "kb")).returncode == 0
    process.start()
    now = time.time()
    events = [{"uuid": str(uuid.uuid4()), "at": now - i * 600, "query": query, "lang": "ru",
               "hits": 0 if i % 3 else 2, "opened": None, "copied": False, "on_hold": i % 2 == 0}
              for query, count in GAPS.items() for i in range(count)]
    events += [{"uuid": str(uuid.uuid4()), "at": now, "query": "директор", "lang": "ru",
                "hits": 3, "opened": "manager-contact", "copied": True, "on_hold": True,
                "reply": 0} for _ in range(9)]
    httpx.post(f"{process.url}/api/v1/kb/search-events", json={"events": events}, timeout=30,
               headers={"Authorization": f"Bearer {agent}"}).raise_for_status()
    yield process, editor, other
    process.stop()


def republish(process: HubProcess, token: str, slug: str, **changes: Any) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    current = httpx.get(f"{process.url}/api/v1/kb/articles/{slug}?lang=ru", headers=headers,
                        timeout=30).json()
    article = {**current["article"], **changes, "base_revision": current["revision"]}
    article.pop("updated", None)
    httpx.post(f"{process.url}/api/v1/kb/articles", json={"upserts": [article]},
               headers=headers, timeout=30).raise_for_status()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_editor_screenshots(qtbot: Any, sufler_home: Path, hub: Any, lang: str,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    process, token, other = hub
    original = httpx.get(f"{process.url}/api/v1/kb/articles/manager-contact?lang=ru",
                         headers={"Authorization": f"Bearer {token}"}, timeout=30
                         ).json()["article"]
    monkeypatch.setenv("SUFLER_HUB_TOKEN", token)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translators(app, lang)
    settings = Settings.load()
    settings.user.update({"hub.url": process.url, "ui.language": lang})
    window = build_editor(settings, sufler_home, lang)
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    window.start()
    try:
        qtbot.waitUntil(lambda: len(window.published) > 20 and window.kb.is_open
                        and window.role == "editor", timeout=60_000)
        window.kb.kb.wait_until_ready(120)
        # The list, searched the way operators search.
        type_text(window.list.search, "директор")
        qtbot.waitUntil(lambda: window.list.tree.topLevelItemCount() > 0
                        and window.list._found is not None, timeout=20_000)
        window.list.select(("manager-contact", "ru"))
        qtbot.waitUntil(lambda: window.current_key == ("manager-contact", "ru"))
        settle(qtbot, 800)
        save(window, f"editor-list-{lang}")

        # Editing with the live preview.
        window.form.body.moveCursor(QTextCursor.MoveOperation.End)
        type_text(window.form.body, "\n\nЕсли абонент настаивает, предложите **перезвонить**.")
        window.form.replies.add_button.click()
        type_text(window.form.replies.reply_edit(len(window.form.replies.rows) - 1),
                  "Я передам вашу просьбу руководству, {caller_name}, и {имя} перезвонит.")
        qtbot.waitUntil(lambda: "перезвонить" in window.preview.panel.body.toPlainText(),
                        timeout=10_000)
        window.side.setCurrentIndex(0)
        settle(qtbot, 1200)
        save(window, f"editor-edit-preview-{lang}")

        # Someone else publishes the same article meanwhile: the conflict view.
        republish(process, other, "manager-contact", title="Абонент требует руководителя")
        window.form.replies.remove(window.form.replies.rows[-1])
        type_text(window.form.title, " (обновлено)")
        qtbot.wait(600)
        window.commands["publish"].trigger()
        qtbot.waitUntil(lambda: getattr(window, "conflict_dialog", None) is not None
                        and window.conflict_dialog.isVisible(), timeout=30_000)
        dialog = window.conflict_dialog
        dialog.resize(1100, 640)
        settle(qtbot, 600)
        save(dialog, f"editor-conflict-{lang}")
        dialog.choose("title", "mine")
        dialog.publish_button.click()
        qtbot.waitUntil(lambda: "(обновлено)" in window.published.get(
            ("manager-contact", "ru"), (0, {}))[1].get("title", ""), timeout=30_000)

        # The history with a word-level diff.
        window.open_entry(("manager-contact", "ru"), force=True)
        window.commands["history"].trigger()
        qtbot.waitUntil(lambda: getattr(window, "history_dialog", None) is not None
                        and window.history_dialog.isVisible(), timeout=30_000)
        history = window.history_dialog
        history.resize(1100, 620)
        qtbot.waitUntil(lambda: "перезвонить" in history.diff.toPlainText(), timeout=30_000)
        settle(qtbot, 600)
        save(history, f"editor-history-{lang}")
        history.close()

        # What operators could not find.
        window.tabs.setCurrentWidget(window.gaps)
        qtbot.waitUntil(lambda: len(window.gaps.gaps) >= len(GAPS)
                        and window.gaps.used.rowCount() > 0, timeout=30_000)
        settle(qtbot, 600)
        save(window, f"editor-search-gaps-{lang}")
    finally:
        monkeypatch.setattr(QMessageBox, "question",
                            lambda *_a, **_k: QMessageBox.StandardButton.No)
        window.close()
        for translator in translators:
            app.removeTranslator(translator)
        # the next language starts from the same article
        republish(process, token, "manager-contact", **{
            k: original[k] for k in ("title", "body", "replies")})
