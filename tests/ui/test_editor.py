"""The KB editor's window driven by pytest-qt against a real hub process (SQLite and a throwaway
PostgreSQL): write and preview an article, publish it and find it on a workstation after its
pull; two editors and a merge; revert from history; invalid input, a hub that is down, an agent's
and a revoked token; a draft that survives SIGKILL mid-typing; an operator's failed searches
turning into a draft."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QMessageBox

from agent.editor.drafts import DRAFTS_FILE, DraftStore
from agent.editor.hub_api import EditorHub
from agent.notes.hub_client import make_client, store_token
from agent.notes.kb_pull import KbPuller
from agent.settings import Settings
from agent.ui.editor.app import build_editor, departments
from agent.ui.editor.service import EditorService
from agent.ui.editor.window import EditorWindow
from agent.ui.kb_service import KbService
from kb.knowledge_base import KnowledgeBase
from tests.hub.conftest import BACKENDS, database_url, pg_cluster  # noqa: F401  (fixture)
from tests.hub.servers import ROOT, HubProcess, python_env
from tests.ui.helpers import type_text

EDITOR_TIMEOUT = 30_000


class Hub:
    def __init__(self, process: HubProcess, tokens: dict[str, str]) -> None:
        self.process = process
        self.tokens = tokens
        self.url = process.url

    def call(self, method: str, path: str, token: str = "", **kwargs: Any) -> httpx.Response:
        return httpx.request(method, f"{self.url}/api/v1{path}", timeout=60, headers={
            "Authorization": f"Bearer {token or self.tokens['admin']}"}, **kwargs)

    def publish(self, *articles: dict[str, Any]) -> int:
        listing = self.call("GET", "/kb/articles").json()["articles"]
        bases = {(a["article"]["slug"], a["article"]["lang"]): a["revision"] for a in listing}
        answer = self.call("POST", "/kb/articles", json={"upserts": [
            {**a, "base_revision": bases.get((a["slug"], a["lang"]), 0)} for a in articles]})
        assert answer.status_code == 201, answer.text
        return int(answer.json()["revision"])

    def public_key(self) -> str:
        return str(self.call("GET", "/kb/public-key").json()["public_key"])


@pytest.fixture(scope="module", params=BACKENDS)
def hub(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
        ) -> Iterator[Hub]:
    home = tmp_path_factory.mktemp(f"editor-hub-{request.param}")
    process = HubProcess(home, database_url(request.param, home, request))
    tokens = {name: process.add_user(name, role) for name, role in (
        ("admin", "admin"), ("anna", "editor"), ("boris", "editor"), ("olga", "agent"))}
    process.start()
    try:
        yield Hub(process, tokens)
    finally:
        process.stop()


@pytest.fixture
def open_editor(qtbot: Any, sufler_home: Path, hub: Hub, tmp_path: Path
                ) -> Iterator[Callable[..., EditorWindow]]:
    """An editor window; the first editor's token is in the real keyring (as an editor would
    store it), others get theirs directly and a home of their own."""
    windows: list[EditorWindow] = []
    settings = Settings.load()
    settings.user.update({"hub.url": hub.url, "ui.language": "en"})

    def make(user: str = "anna", home: Path | None = None) -> EditorWindow:
        if home is None and not windows:
            store_token(hub.url, hub.tokens[user])
            window = build_editor(settings, sufler_home, "en")
        else:
            editor_home = home or tmp_path / f"editor-{len(windows)}"
            editor_home.mkdir(parents=True, exist_ok=True)
            service = EditorService(editor_home, EditorHub(hub.url, lambda: hub.tokens[user]))
            window = EditorWindow(service, KbService(editor_home), "en",
                                  departments(settings, "en"), {"company": "ВолнаТелеком"})
            service.setParent(window)
        qtbot.addWidget(window)
        window.show()
        window.start()
        qtbot.waitUntil(lambda: window.role != "" and window.service.store is not None,
                        timeout=EDITOR_TIMEOUT)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


def wait_published(qtbot: Any, window: EditorWindow, key: tuple[str, str]) -> None:
    try:
        qtbot.waitUntil(lambda: key in window.published, timeout=EDITOR_TIMEOUT)
    except Exception:
        problems = [window.form.problems.item(i).text()
                    for i in range(window.form.problems.count())]
        raise AssertionError(f"not published: {status(window)!r} {problems}") from None


def retype(line: Any, text: str) -> None:
    line.setFocus()
    line.selectAll()
    type_text(line, text)


def status(window: EditorWindow) -> str:
    bar = window.statusBar()
    return bar.currentMessage() if bar is not None else ""


def fill_new_article(qtbot: Any, window: EditorWindow, slug: str, title: str) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.form.isVisible() and window.current is not None)
    form = window.form
    type_text(form.title, title)
    type_text(form.slug, slug)
    type_text(form.body, "## Что делать\n\nСпокойно выслушайте и **предложите** помощь.")
    form.replies.add_button.click()
    reply = form.replies.reply_edit(0)
    assert reply is not None
    type_text(reply, "Здравствуйте, {caller_name}! Чем помочь?")
    form.action_list.add_button.click()
    row = form.action_list.inner(form.action_list.rows[0])
    row.kind.setCurrentIndex(row.kind.findData("transfer"))  # type: ignore[attr-defined]
    row.target.setCurrentIndex(row.target.findData("quality"))  # type: ignore[attr-defined]


def test_write_preview_publish_and_a_workstation_finds_it(
        qtbot: Any, open_editor: Callable[..., EditorWindow], hub: Hub, tmp_path: Path) -> None:
    window = open_editor()
    fill_new_article(qtbot, window, "lunar-tariff", "Тариф «Луна» не подключается")
    # The preview is the operator's panel: title, action button, reply card with a sample name.
    panel = window.preview.panel
    qtbot.waitUntil(lambda: panel.article is not None and panel.article.slug == "lunar-tariff"
                    and bool(panel.actions_row.buttons) and bool(panel.cards.cards)
                    and "Анна Сергеевна" in panel.cards.cards[0].reply.text
                    and "предложите" in panel.body.toPlainText(), timeout=10_000)
    assert "Тариф «Луна»" in panel.title.text()
    assert panel.cards.cards[0].reply.text == "Здравствуйте, Анна Сергеевна! Чем помочь?"
    assert panel.actions_row.buttons[0].property("actionType") == "transfer"
    # Highlighting: the placeholder in the reply is marked as known (no flag shown).
    reply_row = window.form.replies.inner(window.form.replies.rows[0])
    assert not reply_row.flag.isVisible()  # type: ignore[attr-defined]

    qtbot.waitUntil(lambda: window.current is not None and window.current.id in window.drafts
                    and window.current.updated_at > 0, timeout=10_000)
    window.commands["publish"].trigger()
    wait_published(qtbot, window, ("lunar-tariff", "ru"))
    assert "Published revision" in status(window)
    assert all(d.article.get("slug") != "lunar-tariff" for d in window.drafts.values())

    # A workstation's next pull makes it searchable for operators.
    kb = KnowledgeBase.open(tmp_path / "workstation", seed=False)
    try:
        with make_client(hub.url, hub.tokens["olga"]) as client:
            assert KbPuller(kb, hub.public_key()).pull(client).ok
        hits = kb.search("луна не подключается").hits
        assert hits and hits[0].slug == "lunar-tariff"
        assert kb.get("lunar-tariff", "ru").actions == [  # type: ignore[union-attr]
            {"type": "transfer", "target": "quality"}]
    finally:
        kb.close()


def test_invalid_articles_are_not_published_and_the_error_points_at_the_field(
        qtbot: Any, open_editor: Callable[..., EditorWindow], hub: Hub) -> None:
    window = open_editor()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.current is not None)
    type_text(window.form.slug, "no-title-yet")
    window.form.replies.add_button.click()
    type_text(window.form.replies.reply_edit(0), "Привет, {imya}")  # type: ignore[arg-type]
    reply_row = window.form.replies.inner(window.form.replies.rows[0])
    assert reply_row.flag.isVisible() and "{caller_name}" in reply_row.flag.text()  # type: ignore
    window.commands["publish"].trigger()
    assert "Not published" in status(window)
    items = [window.form.problems.item(i) for i in range(window.form.problems.count())]
    problems = [i.text() for i in items]
    assert any(i.text().startswith("Title") and i.data(257) == "error" for i in items)
    assert any("{imya}" in p for p in problems)
    assert window.form.title.hasFocus()
    assert ("no-title-yet", "ru") not in window.published


def test_two_editors_one_article_conflict_merge_and_publish(
        qtbot: Any, open_editor: Callable[..., EditorWindow], hub: Hub) -> None:
    hub.publish({"slug": "shared-case", "kind": "difficult-case", "lang": "ru",
                 "title": "Общий случай", "body": "Исходный текст.", "tags": ["общее"]})
    anna, boris = open_editor("anna"), open_editor("boris")
    for window in (anna, boris):
        wait_published(qtbot, window, ("shared-case", "ru"))
        window.list.select(("shared-case", "ru"))
        qtbot.waitUntil(lambda w=window: w.current_key == ("shared-case", "ru"))
    retype(anna.form.title, "Общий случай: Анна")
    anna.form.body.setPlainText("Текст Анны.")
    anna.commands["publish"].trigger()
    qtbot.waitUntil(lambda: anna.published.get(("shared-case", "ru"), (0, {}))[1]
                    .get("title") == "Общий случай: Анна", timeout=EDITOR_TIMEOUT)

    retype(boris.form.title, "Общий случай: Борис")
    boris.form.tags.setText("общее, борис")
    boris.form.tags.textEdited.emit(boris.form.tags.text())
    boris.commands["publish"].trigger()
    qtbot.waitUntil(lambda: getattr(boris, "conflict_dialog", None) is not None
                    and boris.conflict_dialog.isVisible(), timeout=EDITOR_TIMEOUT)
    dialog = boris.conflict_dialog
    assert dialog is not None
    merge = dialog.merge
    assert merge.conflicts == ["title"]  # both changed it
    assert merge.merged["body"] == "Текст Анны."  # only Anna changed the body
    assert merge.merged["tags"] == ["общее", "борис"]  # only Boris changed the tags
    assert not dialog.publish_button.isEnabled()
    dialog.choose("title", "mine")
    assert dialog.publish_button.isEnabled()
    dialog.publish_button.click()
    qtbot.waitUntil(lambda: boris.published.get(("shared-case", "ru"), (0, {}))[1]
                    .get("title") == "Общий случай: Борис", timeout=EDITOR_TIMEOUT)
    final = hub.call("GET", "/kb/articles/shared-case?lang=ru").json()["article"]
    assert (final["title"], final["body"], final["tags"]) == (
        "Общий случай: Борис", "Текст Анны.", ["общее", "борис"])


def test_revert_from_history_publishes_the_old_version_again(
        qtbot: Any, open_editor: Callable[..., EditorWindow], hub: Hub,
        monkeypatch: pytest.MonkeyPatch) -> None:
    first = hub.publish({"slug": "revert-me", "kind": "procedure", "lang": "ru",
                         "title": "Первая версия", "body": "Абонента просят подождать минуту."})
    hub.publish({"slug": "revert-me", "kind": "procedure", "lang": "ru",
                 "title": "Вторая версия", "body": "Абонента просят подождать две минуты."})
    window = open_editor()
    wait_published(qtbot, window, ("revert-me", "ru"))
    window.list.select(("revert-me", "ru"))
    qtbot.waitUntil(lambda: window.current_key == ("revert-me", "ru"))
    window.commands["history"].trigger()
    qtbot.waitUntil(lambda: getattr(window, "history_dialog", None) is not None
                    and window.history_dialog.isVisible(), timeout=EDITOR_TIMEOUT)
    dialog = window.history_dialog
    assert dialog.list.count() == 2
    qtbot.waitUntil(lambda: "две" in dialog.diff.toPlainText(), timeout=EDITOR_TIMEOUT)
    assert "минуту" in dialog.diff.toPlainText()  # the removed word is shown, struck through
    dialog.list.setCurrentRow(1)
    qtbot.waitUntil(lambda: dialog.revert_button.isEnabled() and first in dialog.versions)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    dialog.revert_button.click()
    qtbot.waitUntil(lambda: window.published.get(("revert-me", "ru"), (0, {}))[1]
                    .get("title") == "Первая версия", timeout=EDITOR_TIMEOUT)
    history = hub.call("GET", "/kb/articles/revert-me/history?lang=ru").json()["history"]
    assert [h["title"] for h in history] == ["Первая версия", "Вторая версия", "Первая версия"]


def test_hub_down_agent_token_and_revoked_token_keep_the_drafts(
        qtbot: Any, open_editor: Callable[..., EditorWindow], hub: Hub, tmp_path: Path) -> None:
    agent = open_editor("olga", tmp_path / "olga")
    assert agent.role == "agent" and not agent.commands["publish"].isEnabled()
    # The articles and the synonym sets are both refused; either answer says what to do.
    qtbot.waitUntil(lambda: "editor token" in status(agent), timeout=EDITOR_TIMEOUT)
    refusal = "the hub refused the token (403: this needs the editor role)"
    agent.on_hub_failed("synonyms", refusal, "auth")  # the synonym sets refused last
    assert "editor token" in status(agent)

    window = open_editor("boris", tmp_path / "boris")
    fill_new_article(qtbot, window, "offline-case", "Пока хаб выключен")
    hub.process.stop()
    try:
        window.commands["publish"].trigger()
        qtbot.waitUntil(lambda: "unreachable" in status(window), timeout=EDITOR_TIMEOUT)
        assert window._retry.isActive()
        assert any(d.article.get("slug") == "offline-case" for d in window.drafts.values())
    finally:
        hub.process.start()
    window.retry_publish()  # what the retry timer does after 30 s
    wait_published(qtbot, window, ("offline-case", "ru"))

    # A revoked token: a clear message, the draft stays.
    assert hub.call("DELETE", "/users/boris/tokens").status_code == 200
    window.list.select(("offline-case", "ru"))
    qtbot.waitUntil(lambda: window.current_key == ("offline-case", "ru"))
    retype(window.form.title, "После отзыва токена")
    window.commands["publish"].trigger()
    qtbot.waitUntil(lambda: "refused your token" in status(window), timeout=EDITOR_TIMEOUT)
    assert any(d.article.get("title") == "После отзыва токена" for d in window.drafts.values())


TYPIST = """
import sys, time
from PyQt6.QtWidgets import QApplication
from tests.ui.helpers import type_text
from agent.ui.app import create_application
from agent.settings import Settings
from agent.ui.editor.app import build_editor
from kb.paths import data_dir

app = create_application(["editor"])
settings = Settings.load()
window = build_editor(settings, data_dir(), "en")
window.show()
window.start()
while window.service.store is None:
    app.processEvents(); time.sleep(0.01)
window.new_article()
for i in range(10_000):
    type_text(window.form.title, f"слово{i} ")
    deadline = time.monotonic() + 0.05
    while time.monotonic() < deadline:
        app.processEvents(); time.sleep(0.005)
    print(i, flush=True)
"""


def test_a_draft_survives_the_editor_being_killed_mid_typing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = python_env(home, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-c", TYPIST], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    typed = -1
    started = time.monotonic()
    try:
        for line in proc.stdout:
            typed = int(line)
            if time.monotonic() - started > 4 and typed >= 30:
                break
        assert typed >= 30, "the editor did not start typing"
        typed_before_last_second = typed - 1
        os.kill(proc.pid, signal.SIGKILL)
        seen_at_kill = typed
    finally:
        proc.kill()
        proc.wait(30)
    store = DraftStore(home / DRAFTS_FILE)
    drafts = store.all()
    store.close()
    assert len(drafts) == 1
    title = drafts[0].article["title"]
    words = title.split()
    # Everything up to a second before the kill is on disk (the draft is saved within 0.4 s of
    # a keystroke; a second is more than 10 keystrokes at this pace).
    assert words[: typed_before_last_second - 10] == [
        f"слово{i}" for i in range(typed_before_last_second - 10)]
    assert len(words) <= seen_at_kill + 2


def test_operator_failed_searches_become_a_gap_and_a_draft_in_one_click(
        qtbot: Any, open_editor: Callable[..., EditorWindow], make_desktop: Any, hub: Hub,
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SUFLER_HUB_TOKEN", hub.tokens["olga"])
    desktop = make_desktop({"hub.url": hub.url, "hub.public_key": hub.public_key(),
                            "ui.language": "en"})
    panel = desktop.window.kb_panel
    # Words no article has, in any reading (a compound such as "телепорт" reads as "порт").
    for query in ("квантовая гравитация", "квантовая гравитация"):
        type_text(panel.search_field, query)
        qtbot.waitUntil(lambda q=query: panel.last_result is not None  # type: ignore[misc]
                        and panel.last_result.query == q
                        and "Nothing found" in panel.status.text(), timeout=15_000)
        panel.search_field.clear()
        qtbot.waitUntil(lambda: "Ready" in panel.status.text(), timeout=15_000)
    log = desktop.searches
    qtbot.waitUntil(lambda: desktop.sync.syncer is not None and log.log is not None,
                    timeout=30_000)
    reports: list[Any] = []
    desktop.sync.report_received.connect(reports.append)
    desktop.sync.sync_now()
    qtbot.waitUntil(lambda: any(r.finished and r.ok for r in reports), timeout=30_000)
    qtbot.waitUntil(lambda: log.log.count() == 0, timeout=30_000)

    window = open_editor("anna", tmp_path / "anna")  # SUFLER_HUB_TOKEN is the operator's here
    window.tabs.setCurrentWidget(window.gaps)
    qtbot.waitUntil(lambda: any(g["query"] == "квантовая гравитация" and g["no_results"] == 2
                                for g in window.gaps.gaps), timeout=EDITOR_TIMEOUT)
    row = next(i for i, g in enumerate(window.gaps.gaps) if g["query"] == "квантовая гравитация")
    window.gaps.table.selectRow(row)
    window.gaps.new_draft.click()
    assert window.tabs.currentIndex() == 0
    assert window.form.title.text() == "Квантовая гравитация"
    assert window.form.slug.text() == "kvantovaya-gravitatsiya"
    qtbot.waitUntil(lambda: any(d.article["title"] == "Квантовая гравитация"
                                for d in window.drafts.values()), timeout=10_000)


def test_the_desk_offers_the_editor_to_editor_tokens_only(
        qtbot: Any, make_desktop: Any, hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUFLER_HUB_TOKEN", hub.tokens["olga"])
    operator = make_desktop({"hub.url": hub.url, "ui.language": "en"})
    qtbot.waitUntil(lambda: operator.editor_launcher.role == "agent", timeout=EDITOR_TIMEOUT)
    assert operator.editor_launcher.action is None
    menus = [a.text() for a in operator.window.menuBar().actions()]
    assert "&Knowledge base" not in menus

    monkeypatch.setenv("SUFLER_HUB_TOKEN", hub.tokens["anna"])
    editor = make_desktop({"hub.url": hub.url, "ui.language": "en"})
    qtbot.waitUntil(lambda: editor.editor_launcher.action is not None, timeout=EDITOR_TIMEOUT)
    editor.editor_launcher.action.trigger()
    window = editor.editor_launcher.editor
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.isVisible() and window.role == "editor",
                    timeout=EDITOR_TIMEOUT)
    window.close()
