"""The KB panel on the real default knowledge base: typing, keyboard navigation, reply cards."""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QApplication

from tests.ui.helpers import press, search_for


def open_first_result(qtbot: Any, desktop: Any, query: str) -> Any:
    panel = desktop.window.kb_panel
    search_for(qtbot, panel, query)
    with qtbot.waitSignal(panel.article_opened, timeout=15000) as blocker:
        press(panel.search_field, Qt.Key.Key_Return)
    return blocker.args[0]


def test_typed_russian_query_opens_the_difficult_case(qtbot: Any, make_desktop: Any) -> None:
    desktop = make_desktop({"ui.language": "ru"})
    panel = desktop.window.kb_panel
    assert panel.search_field.isEnabled()
    article = open_first_result(qtbot, desktop, "дайте телефон директора")
    assert article.slug == "manager-contact" and article.lang == "ru"
    hits = panel.results_model.hits
    assert hits[0].slug == "manager-contact" and "<b>" in hits[0].snippet
    cards = panel.article_panel.cards
    qtbot.waitUntil(cards.is_complete, timeout=20_000)
    assert cards.cards and len(cards.cards) == len(cards.replies)
    assert panel.article_panel.actions_row.buttons
    assert panel.article_panel.body.toPlainText().strip()


def test_reply_copy_fills_company_and_highlights_the_missing_name(
        qtbot: Any, make_desktop: Any) -> None:
    desktop = make_desktop({"ui.language": "ru"})
    panel = desktop.window.kb_panel
    open_first_result(qtbot, desktop, "дайте телефон директора")
    replies = panel.article_panel.cards.replies
    with_name = next(i for i, reply in enumerate(replies) if "{caller_name}" in reply.template)
    reply = replies[with_name]
    assert "caller_name" in reply.missing and "background-color" in reply.html
    # Ctrl+N copies reply N from anywhere in the window (even before its card is filled).
    press(desktop.window, Qt.Key(Qt.Key.Key_1 + with_name), Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.clipboard().text() == reply.text, timeout=20_000)
    assert "{caller_name}" in QApplication.clipboard().text()


def test_site_values_fill_company_and_email(qtbot: Any, make_desktop: Any) -> None:
    desktop = make_desktop({"ui.language": "ru"})
    panel = desktop.window.kb_panel
    with qtbot.waitSignal(panel.article_opened, timeout=15000):
        panel.open_article("spam-offer")
    qtbot.waitUntil(panel.article_panel.cards.is_complete, timeout=20_000)
    cards = panel.article_panel.cards.cards
    with_company = next(c for c in cards if "{company}" in c.reply.template)
    assert "«ВолнаТелеком»" in with_company.reply.text  # from the site file
    assert "offers@volna.example" in with_company.reply.text
    assert not with_company.reply.missing
    with_company.setFocus()
    press(with_company, Qt.Key.Key_Return)
    assert QApplication.clipboard().text() == with_company.reply.text


def test_arrows_move_through_results_and_escape_returns(qtbot: Any, make_desktop: Any) -> None:
    desktop = make_desktop({"ui.language": "en"})
    panel = desktop.window.kb_panel
    assert panel.current_lang() is None  # all languages; hits come in the query's language
    search_for(qtbot, panel, "caller cannot be heard", rows=2)
    assert panel.results_model.hits[0].lang == "en"
    assert panel.results.currentIndex().row() == 0
    press(panel.search_field, Qt.Key.Key_Down)
    assert panel.results.currentIndex().row() == 1
    second = panel.results_model.hits[1]
    with qtbot.waitSignal(panel.article_opened, timeout=15000) as blocker:
        press(panel.search_field, Qt.Key.Key_Return)
    assert blocker.args[0].slug == second.slug
    panel.results.setFocus()
    press(panel.results, Qt.Key.Key_Escape)
    assert panel.search_field.hasFocus()


def test_a_newer_query_supersedes_the_older(qtbot: Any, make_desktop: Any) -> None:
    desktop = make_desktop({"ui.language": "ru"})
    service = desktop.kb
    delivered: list[int] = []
    service.search_finished.connect(lambda query_id, _r: delivered.append(query_id))
    first = service.search("угрожает")
    second = service.search("молчит")
    third = service.search("112 пожар")
    qtbot.waitUntil(lambda: third in delivered, timeout=15000)
    qtbot.wait(200)
    assert first not in delivered and second not in delivered
    assert delivered == [third]


def test_the_chosen_result_stays_selected_while_typing_on(qtbot: Any, make_desktop: Any) -> None:
    desktop = make_desktop({"ui.language": "ru"})
    panel = desktop.window.kb_panel
    panel.search_field.setFocus()
    search_for(qtbot, panel, "тариф", rows=4)
    assert panel.results.currentIndex().row() == 0  # nothing chosen yet: the best hit
    for _ in range(3):
        press(panel.search_field, Qt.Key.Key_Down)
    chosen = panel.results_model.hits[3]
    search_for(qtbot, panel, "ы")
    assert panel.search_field.text() == "тарифы"
    assert any(hit.slug == chosen.slug for hit in panel.results_model.hits)
    hits = panel.results_model.hits
    assert hits[0].slug != chosen.slug  # the list changed under the choice...
    current = panel.results.currentIndex().data(panel.results_model.HIT_ROLE)
    assert (current.slug, current.lang) == (chosen.slug, chosen.lang)  # ...and kept it
    assert panel.search_field.hasFocus()  # typing never loses the field
    # Emptying the box forgets the choice: the next query starts at its best hit.
    panel.search_field.clear()
    search_for(qtbot, panel, "тариф", rows=4)
    assert panel.results.currentIndex().row() == 0


def test_a_choice_holds_while_the_first_word_is_typed_on_or_erased_back() -> None:
    from agent.ui.kb_panel import same_topic

    assert same_topic("тарифы интер", "тариф")  # typed on
    assert same_topic("тар", "тариф")  # erased back into it
    assert same_topic("Тариф", "тариф")
    assert not same_topic("роутер", "тариф")  # typed over: a new query
    assert not same_topic("", "тариф")
    assert not same_topic("   ", "тариф")


def test_the_article_kind_never_leaves_its_dot_at_the_end_of_the_title_line(
        qtbot: Any, make_desktop: Any) -> None:
    """At 1366×768 a Russian title wrapped as «…за неуплату ·» / «Продукт»: the dot now goes
    to the next line with the kind."""
    desktop = make_desktop({"ui.language": "ru"})
    panel = desktop.window.kb_panel
    with qtbot.waitSignal(panel.article_opened, timeout=15000):
        panel.open_article("technical-failure")
    label = panel.article_panel.title
    text = label.text()
    dot = text.index("·")
    # Wide enough for the title and its dot, too narrow for the kind after them.
    width = label.fontMetrics().horizontalAdvance(text[: dot + 1]) + 4
    layout, _lines, _elided = label._lay_out(text, width)
    shown = [text[layout.lineAt(i).textStart():][: layout.lineAt(i).textLength()]
             for i in range(layout.lineCount())]
    assert len(shown) >= 2, shown
    assert not any(line.rstrip().endswith("·") for line in shown), shown
    assert any(line.lstrip().startswith("·") for line in shown[1:]), shown


def test_result_counts_read_as_plurals_in_either_language(qtbot: Any, make_desktop: Any) -> None:
    from PyQt6.QtCore import QCoreApplication

    from agent.ui.i18n import install_translators

    desktop = make_desktop({"ui.language": "en"})
    panel = desktop.window.kb_panel
    search_for(qtbot, panel, "caller cannot be heard", rows=2)
    assert panel.status.text().startswith(f"{panel.results_model.rowCount()} results")

    def count(n: int) -> str:
        return QCoreApplication.translate("KbPanel", "%n result(s)", "", n)

    app = QApplication.instance()
    assert app is not None
    assert (count(1), count(21)) == ("1 result", "21 results")
    install_translators(app, "ru")
    assert (count(1), count(3), count(25)) == ("1 результат", "3 результата", "25 результатов")
    install_translators(app, "en")


def test_a_word_only_begun_asks_to_type_on_not_that_nothing_exists(
        qtbot: Any, make_desktop: Any) -> None:
    from tests.ui.helpers import type_text

    desktop = make_desktop({"ui.language": "en"})
    panel = desktop.window.kb_panel
    type_text(panel.search_field, "мн")  # "мне" or "много" on its way: nothing to show yet
    qtbot.waitUntil(lambda: panel.last_result is not None and panel.last_result.query == "мн",
                    timeout=15000)
    assert panel.results_model.rowCount() == 0
    assert panel.status.text().startswith("Keep typing")
    panel.search_field.clear()
    type_text(panel.search_field, "квантовая гравитация")  # whole words no article has
    qtbot.waitUntil(lambda: panel.last_result is not None
                    and panel.last_result.query == "квантовая гравитация", timeout=15000)
    assert panel.status.text().startswith("Nothing found")


def test_a_full_title_never_leaves_its_language_tag_on_a_line_of_its_own(qapp: Any) -> None:
    """A long Russian title filled the row and its «RU» wrapped alone onto the next line: the
    tag now stands on the first line, beside the kind."""
    from PyQt6.QtGui import QTextDocument

    from agent.ui.results_view import hit_html
    from kb.model import SearchHit

    hit = SearchHit(slug="s", lang="ru", kind="procedure", score=1.0, snippet="…",
                    title="Расторжение договора — порядок, возврат оборудования и остатка средств")
    document = QTextDocument()
    document.setHtml(hit_html(hit))
    for width in (300, 420, 560, 700):
        document.setTextWidth(width)
        document.size()  # lays the document out
        block = document.begin()
        layout = block.layout()
        assert layout is not None
        lines = [block.text()[layout.lineAt(i).textStart():][: layout.lineAt(i).textLength()]
                 for i in range(layout.lineCount())]
        assert len(lines) >= 2, lines
        assert "RU" in lines[0], (width, lines)
        assert all(line.strip(" \xa0") != "RU" for line in lines), (width, lines)
