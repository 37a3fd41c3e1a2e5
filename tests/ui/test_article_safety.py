"""An article can never harm a workstation: what an editor writes is shown, never obeyed.

Articles here are saved straight into the KB store (as a careless or hostile editor account, or
an import that bypassed the content rules, would get them there) and opened in the real window.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from PyQt6.QtCore import QAbstractListModel, Qt
from PyQt6.QtGui import QKeySequence, QTextLayout
from PyQt6.QtWidgets import QAbstractItemView, QApplication, QLabel, QWidget

from agent.ui.actions import prompt_file
from agent.ui.article_panel import MAX_ACTION_BUTTONS, MAX_REPLY_CARDS, SHOWN_REPLIES
from agent.ui.article_render import LIMITS, render_markdown
from agent.ui.article_view import ArticleDocument
from kb.model import Article
from kb.paths import assets_dir
from tests.ui.conftest import ROOT
from tests.ui.helpers import press, type_text
from tests.ui.render_probe import MARK_END, MARK_START

# Markup that would be visible if anything rendered it: bold, huge, and a picture.
MARKUP = '<b style="font-size:40pt">URGENT transfer to 999</b><img src="probe-missing.png">'


def save_articles(home: Path, *articles: Article) -> None:
    """Straight into the store, past the content rules: the desk must stay safe and bounded
    even with an article that never met them (an old store, a compromised hub)."""
    import kb.knowledge_base as knowledge_base

    kb = knowledge_base.KnowledgeBase.open(home)
    with mock.patch.object(knowledge_base, "validate_article", lambda article: article):
        for article in articles:
            kb.save(article)
    kb.close()


def hostile(slug: str = "hostile", **fields: Any) -> Article:
    values: dict[str, Any] = {"kind": "difficult-case", "lang": "ru", "title": "Трудный случай",
                              "body": "Обычный текст."}
    values.update(fields)
    return Article(slug=slug, **values)


def open_article(qtbot: Any, desktop: Any, slug: str, lang: str = "ru") -> Any:
    panel = desktop.window.kb_panel
    with qtbot.waitSignal(panel.article_opened, timeout=15000):
        panel.kb.load_article(slug, lang)
    qtbot.waitUntil(panel.article_panel.body.is_complete, timeout=15000)
    return panel


# ----------------------------------------------------------------------------- pictures


HOSTILE_PICTURES = ["/any/file.png", "../../etc/probe.png", "/dev/zero", "/tmp/probe-fifo",
                    "//127.0.0.1/share/x.png", "file:///etc/passwd", "http://127.0.0.1:9/p.png",
                    "kb:../../secret.png", "kb:sub/x.png", "kb:.hidden.png",
                    "data:image/png;base64,AA"]


@pytest.mark.parametrize("src", HOSTILE_PICTURES)
def test_a_picture_that_is_not_the_kbs_own_becomes_a_placeholder(src: str) -> None:
    body = render_markdown(f"До ![схема]({src}) после")
    assert "<img" not in body.html and "схема" in body.html
    assert body.images == [] and body.blocked_images == 1


def test_the_kbs_own_pictures_are_kept_by_name() -> None:
    body = render_markdown("![схема](kb:route-map.png)")
    assert body.images == ["route-map.png"]
    assert '<img src="kbimg:route-map.png"' in body.html


def test_link_titles_and_raw_html_are_dropped() -> None:
    html = render_markdown('[x](http://a "<img src=/dev/zero>") <img src=/dev/zero>').html
    assert "title=" not in html and "<img" not in html


def test_the_document_loads_nothing_even_for_an_existing_local_file(qtbot: Any) -> None:
    from PyQt6.QtCore import QUrl
    from PyQt6.QtGui import QTextDocument

    picture = assets_dir() / "icons" / "sufler.svg"
    kind = QTextDocument.ResourceType.ImageResource.value
    url = QUrl.fromLocalFile(str(picture))
    assert QTextDocument().resource(kind, url) is not None  # what Qt does by itself
    assert ArticleDocument().resource(kind, url).isNull()


def test_a_kb_picture_is_read_only_when_it_is_a_small_regular_file(tmp_path: Path) -> None:
    from PyQt6.QtGui import QImage

    from agent.ui.article_images import MAX_IMAGE_BYTES, read_kb_image

    folder = tmp_path / "images"
    folder.mkdir()
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(0xFF0000)
    assert image.save(str(folder / "ok.png"))
    os.mkfifo(folder / "pipe.png")
    (folder / "huge.png").write_bytes(b"\x89PNG" + b"\0" * MAX_IMAGE_BYTES)
    (folder / "link.png").symlink_to(folder / "ok.png")
    loaded = read_kb_image("ok.png", [folder])
    assert loaded is not None and loaded.width() == 8
    for name in ("pipe.png", "huge.png", "link.png", "../images/ok.png", "missing.png"):
        assert read_kb_image(name, [folder]) is None, name


# ----------------------------------------------------------------------------- files opened


def probe_article(home: Path, fifo: Path, secret: Path) -> Article:
    pictures = [str(secret), os.path.relpath(secret, ROOT), "/dev/zero", str(fifo),
                "//127.0.0.1/share/unc.png", f"file://{secret}", "kb:not-there.png"]
    body = "# Проверка\n\n" + "\n\n".join(f"![p{i}]({src})" for i, src in enumerate(pictures))
    body += f'\n\n[ссылка](http://127.0.0.1:9/x "<img src=\'{fifo}\'>")\n'
    return hostile("probe", title=f'<img src="{fifo}"><b>СРОЧНО</b>', body=body,
                   replies=[f'<img src="{fifo}"> {{caller_name}}'],
                   actions=[{"type": "hold", "label": f'<img src="{fifo}">&Hold'}])


@pytest.mark.timeout(240)
def test_opening_an_article_opens_no_file_outside_the_kbs_data(
        sufler_home: Path, tmp_path: Path) -> None:
    """strace records every file the desktop touches while it shows a hostile article; the
    process runs with a memory limit and a timeout, as a picture of /dev/zero or a pipe would
    otherwise eat the memory or block it."""
    if shutil.which("strace") is None:
        pytest.skip("strace is not installed (installer/debian-deps.sh test installs it)")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG not really")
    save_articles(sufler_home, probe_article(sufler_home, fifo, secret))
    trace = tmp_path / "trace.log"

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    try:
        shown = subprocess.run(
            ["strace", "-f", "-qq", "-e", "trace=%file", "-o", str(trace), sys.executable, "-m",
             "tests.ui.render_probe", "probe", "ru"],
            cwd=ROOT, env={**os.environ, "SUFLER_LOG": "ERROR"}, capture_output=True,
            text=True, timeout=180, preexec_fn=limit_memory)
    except subprocess.TimeoutExpired:
        pytest.fail("the desktop hung while showing the article (a pipe or device was opened)")
    assert shown.returncode == 0 and "shown: probe" in shown.stdout, shown.stderr[-2000:]
    log = trace.read_text(encoding="utf-8", errors="replace")
    window = log[log.index(MARK_START):log.index(MARK_END)].splitlines()[1:]
    touched = {match.group(1) for line in window
               if (match := re.search(r'\w+\((?:[A-Z_]+, |\d+, )?"([^"]+)"', line))}
    kb_data = (str(sufler_home) + "/", str(assets_dir()) + "/")
    # SQLite opens the data folder itself to sync it when the search log starts a journal.
    outside = sorted(p for p in touched if not p.startswith(kb_data) and p != str(sufler_home))
    assert outside == [], "files touched outside the KB's data while rendering: " + "\n".join(
        line for line in window if any(f'"{p}"' in line for p in outside))
    assert not any(str(fifo) in p or "zero" in p or "secret" in p for p in touched)
    assert touched, "the KB's image folders were looked in (the trace works)"


# ----------------------------------------------------------------------------- plain text


def labels_showing(window: QWidget, marker: str) -> list[QLabel]:
    return [label for label in window.findChildren(QLabel) if marker in label.text()]


def renders_as_markup(label: QLabel) -> bool:
    text_format = label.textFormat()
    return text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and Qt.mightBeRichText(label.text()))


def raw_markup_in_tooltips(window: QWidget, marker: str) -> list[str]:
    """Tooltips are rendered as HTML by Qt: the marker may only appear escaped."""
    found = [f"{type(w).__name__}: {w.toolTip()[:80]}" for w in window.findChildren(QWidget)
             if marker in w.toolTip()]
    for view in window.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
        for row in range(model.rowCount()):
            for column in range(columns):
                tip = model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str) and marker in tip:
                    found.append(f"{type(view).__name__} row {row}: {tip[:80]}")
    return found


def test_every_widget_showing_article_or_note_text_shows_it_as_text(
        qtbot: Any, make_desktop: Any, sufler_home: Path, peer_factory: Any) -> None:
    save_articles(sufler_home, hostile(
        title=f"Клиент {MARKUP} угрожает", tags=[MARKUP],
        body=f"Текст {MARKUP}", replies=[f"Ответ {MARKUP} {{caller_name}}"],
        actions=[{"type": "hold", "label": f"{MARKUP}"}]))
    caller = peer_factory("--user", "79160000001")
    desktop = make_desktop({"ui.language": "ru", "sip.listen": "127.0.0.1:0"}, start_phone=True)
    window, phone = desktop.window, desktop.phone
    qtbot.waitUntil(lambda: bool(phone.listen_address), timeout=30000)
    caller.send(f"dial sip:operator@{phone.listen_address}")
    qtbot.waitUntil(lambda: bool(phone.ringing_calls()), timeout=20000)
    phone.answer()
    qtbot.waitUntil(lambda: desktop.call_notes.bound is not None, timeout=20000)
    notes_panel = window.notes_panel
    notes_panel.caller_name.setText("<i>Анна</i>")
    notes_panel.on_caller_name_edited("<i>Анна</i>")
    notes_panel.text.setPlainText(f"Заметка {MARKUP}")

    panel = window.kb_panel
    type_text(panel.search_field, "угрожает")
    qtbot.waitUntil(lambda: any(h.slug == "hostile" for h in panel.results_model.hits),
                    timeout=15000)
    open_article(qtbot, desktop, "hostile")
    panel.copy_reply(0)  # the article is now among the note's "articles used"
    qtbot.waitUntil(lambda: "угрожает" in notes_panel.articles.text(), timeout=20_000)
    notes_panel.flush()
    phone.hangup()
    qtbot.waitUntil(lambda: not phone.live_calls(), timeout=20000)
    window.focus_history()
    qtbot.waitUntil(lambda: window.history_panel.model.rowCount() > 0, timeout=10000)

    for marker in ("<b style", "<i>Анна"):
        shown = labels_showing(window, marker)
        assert [label.objectName() or type(label).__name__ for label in shown
                if renders_as_markup(label)] == []
        assert raw_markup_in_tooltips(window, marker) == []
    assert labels_showing(window, "<b style"), "the article's title is shown somewhere"
    assert window.history_panel.model.index(0, 5).data(Qt.ItemDataRole.ToolTipRole)


def test_content_never_sets_a_mnemonic_and_titles_cannot_reverse_the_apps_text(
        qtbot: Any, make_desktop: Any, sufler_home: Path) -> None:
    save_articles(sufler_home, hostile(
        title="\u202eevil title", actions=[{"type": "hold", "label": "&Удержать"},
                                            {"type": "hangup", "label": "R&D"}]))
    desktop = make_desktop({"ui.language": "en"})
    article = open_article(qtbot, desktop, "hostile").article_panel
    for button in article.actions_row.buttons:
        assert QKeySequence.mnemonic(button.text()).isEmpty(), button.text()
    assert [b.accessibleName() for b in article.actions_row.buttons] == ["&Удержать", "R&D"]
    # The app's own words after the title ("Difficult case") still run left to right.
    text = article.title.text()
    own = "Difficult case"
    layout = QTextLayout(text, article.title.font())
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(10_000)
    layout.endLayout()
    start = text.index(own)
    xs = [line.cursorToX(start + i)[0] for i in range(1, len(own))]
    assert xs == sorted(xs), "the kind label was reversed by the title"
    assert "\u202e" not in text


# ----------------------------------------------------------------------------- bounded layout


def test_a_title_without_spaces_never_widens_the_window(
        qtbot: Any, make_desktop: Any, sufler_home: Path) -> None:
    save_articles(sufler_home, hostile(title="Ж" * 5000))
    desktop = make_desktop({"ui.language": "ru"})
    window = desktop.window
    window.resize(1366, 768)
    qtbot.wait(50)
    before = window.minimumSizeHint().width()
    open_article(qtbot, desktop, "hostile")
    QApplication.processEvents()
    assert window.minimumSizeHint().width() <= max(before, 1280)
    assert window.width() <= 1366
    title = window.kb_panel.article_panel.title
    assert title.height() <= 3 * title.fontMetrics().lineSpacing()


def test_huge_tables_words_lists_replies_and_actions_stay_bounded(
        qtbot: Any, make_desktop: Any, sufler_home: Path) -> None:
    table = ("|" + "|".join(f"к{i}" for i in range(500)) + "|\n|" + "---|" * 500 + "\n"
             + ("|" + "|".join("з" for _ in range(500)) + "|\n") * 3)
    deep = "\n".join("  " * depth + f"- уровень {depth}" for depth in range(12))
    body = f"{table}\n\n{'ы' * 50_000}\n\n{deep}\n"
    save_articles(sufler_home, hostile(
        body=body, replies=[f"Ответ номер {i}" for i in range(300)],
        actions=[{"type": "hold", "label": f"Действие {i}"} for i in range(60)]))
    desktop = make_desktop({"ui.language": "ru"})
    window = desktop.window
    window.resize(1366, 768)
    panel = open_article(qtbot, desktop, "hostile")
    # Actions: a few buttons and a menu with the rest; replies: a bounded number of cards.
    assert len(panel.article_panel.actions_row.buttons) == MAX_ACTION_BUTTONS
    row = panel.article_panel.actions_row
    assert row.more.isVisible() and len(row.menu_actions()) == 60 - MAX_ACTION_BUTTONS
    row.more.menu().aboutToShow.emit()
    entries = row.more.menu().actions()
    assert len(entries) == 60 - MAX_ACTION_BUTTONS
    assert all(QKeySequence.mnemonic(e.text()).isEmpty() for e in entries)
    article = panel.article_panel
    qtbot.waitUntil(article.cards.is_complete, timeout=10000)
    assert len(article.cards.cards) == SHOWN_REPLIES and article.more_replies.isVisible()
    article.more_replies.click()
    qtbot.waitUntil(article.cards.is_complete, timeout=10000)
    assert len(article.cards.cards) == MAX_REPLY_CARDS and not article.more_replies.isEnabled()
    assert window.minimumSizeHint().height() <= 768
    # The body: every chunk bounded; the deep list is there, flattened past the depth limit.
    rendered = render_markdown(body)
    for chunk in rendered.chunks:
        assert chunk.count("<tr>") <= LIMITS.chunk_rows + 1
        assert max((row.count("<td") for row in chunk.split("<tr>")), default=0) \
            <= LIMITS.table_columns
        assert len(re.sub(r"<[^>]+>", "", chunk)) <= LIMITS.chunk_chars + 200
    text = panel.article_panel.body.toPlainText()
    assert "уровень 11" in text and "ы" * 1000 in text
    assert window.width() <= 1366


# ----------------------------------------------------------------------------- prompts


def test_prompts_are_names_of_the_installed_set_only(tmp_path: Path) -> None:
    sounds = assets_dir() / "sounds"
    outside = tmp_path / "evil.ru.wav"
    outside.write_bytes(b"RIFF")
    traversal = os.path.relpath(tmp_path / "evil", sounds)
    assert prompt_file("cant-hear-you", "ru") == sounds / "cant-hear-you.ru.wav"
    for prompt in (traversal, str(tmp_path / "evil"), "../sounds/ring", "RING", "ring/../ring"):
        assert prompt_file(prompt, "ru") is None, prompt
    assert prompt_file("cant-hear-you", "../../x") is None


# ----------------------------------------------------------------------------- links


def test_links_open_articles_by_keyboard_and_the_rest_are_refused(
        qtbot: Any, make_desktop: Any, sufler_home: Path) -> None:
    save_articles(sufler_home, hostile(
        body="См. [экстренные службы](kb:emergency-112) и [сайт](http://127.0.0.1:9/x)."))
    desktop = make_desktop({"ui.language": "ru"})
    panel = open_article(qtbot, desktop, "hostile")
    view = panel.article_panel.body
    assert [link[3] for link in view.links()] == ["kb:emergency-112", "http://127.0.0.1:9/x"]
    view.setFocus()
    press(view, Qt.Key.Key_Tab)
    assert view.hasFocus() and view.selected_text() == "экстренные службы"
    with qtbot.waitSignal(panel.article_opened, timeout=15000) as opened:
        press(view, Qt.Key.Key_Return)
    assert opened.args[0].slug == "emergency-112"
    open_article(qtbot, desktop, "hostile")
    press(view, Qt.Key.Key_Tab)
    press(view, Qt.Key.Key_Tab)
    press(view, Qt.Key.Key_Return)
    assert "127.0.0.1:9" in panel.status.text() and panel.article.slug == "hostile"
