"""Content rules: what an article may hold, applied the same way to imported files, publications
to the hub and the editor's checks. Each hostile article of the rendering review is refused with
the field named, or cleaned up with a warning."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from kb.markdown_files import ArticleFormatError, parse_article, read_directory
from kb.model import Article
from kb.wire import content
from kb.wire.articles import article_from_json, publication
from kb.wire.content import content_problems, without_bidi_controls
from kb.wire.problems import RequestError


def article(**fields: Any) -> Article:
    base: dict[str, Any] = {"slug": "case", "kind": "difficult-case", "lang": "ru",
                            "title": "Абонент кричит", "body": "Говорите спокойно."}
    return Article(**{**base, **fields})


def errors(item: Article) -> list[str]:
    return [str(p) for p in content_problems(item) if p.is_error]


@pytest.mark.parametrize("src", [
    "/etc/passwd.png", "../../secret.png", "/dev/zero", "//127.0.0.1/share/unc.png",
    "file:///etc/x.png", "https://example.invalid/x.png", "kb:../x.png", "x.png",
])
def test_an_image_that_is_not_the_kbs_own_is_refused(src: str) -> None:
    found = errors(article(body=f"Схема:\n\n![схема]({src})"))
    assert len(found) == 1 and found[0].startswith("body: the image")
    assert "kb:NAME.png" in found[0]


def test_the_kbs_own_images_pass() -> None:
    assert errors(article(body="![роутер](kb:router-back.png) и ![](kb:a_b-2.jpg)")) == []


def test_a_named_pipe_as_an_image_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    # Opening the FIFO for reading would block this test forever: the rule never opens it.
    assert errors(article(body=f"![x]({fifo})"))[0].startswith("body: the image")


@pytest.mark.parametrize(("fields", "expected"), [
    ({"title": "Ж" * 5000}, "title: the title has 5000 characters"),
    ({"title": "Очень " + "д" * 61}, "title: a word of the title is longer than 60"),
    ({"body": "с" * 50_000}, "body: a word is longer than 300"),
    ({"replies": ["Ответ"] * 300}, "replies: 300 replies; at most 40"),
    ({"replies": ["слово " * 400]}, "replies[0]: the reply has 2400 characters"),
    ({"actions": [{"type": "hold"}] * 60}, "actions: 60 actions; at most 12"),
    ({"actions": [{"type": "hold", "label": "Д" * 81}]}, "actions[0].label: the label has 81"),
    ({"tags": ["тег"] * 101}, "tags: 101 entries"),
    ({"body": "x " * 140_000}, "body: the text is 273 KiB; at most 256 KiB"),
    ({"body": "| " + " | ".join("к" * 500) + " |\n|" + "---|" * 500 + "\n"},
     "body: a table has 500 columns; at most 12"),
    ({"body": "".join("  " * i + "- уровень\n" for i in range(10))},
     "body: lists and quotes are nested 10 deep; at most 6"),
    ({"body": "> " * 9 + "цитата"}, "body: lists and quotes are nested 9 deep"),
    ({"body": "\n\n".join(["![a](kb:a.png)"] * 21)}, "body: 21 images; at most 20"),
    ({"title": "Нуль\x00"}, "title: contains a NUL character"),
])
def test_layout_bombs_are_refused_naming_the_field(fields: dict[str, Any], expected: str) -> None:
    found = errors(article(**fields))
    assert any(f.startswith(expected) for f in found), found


def test_the_limits_leave_room_for_real_articles() -> None:
    table = "| " + " | ".join(["колонка"] * 12) + " |\n|" + "---|" * 12 + "\n"
    nested = "".join("  " * i + "- уровень\n" for i in range(6))
    rich = article(title=("Тема " * 40)[:200], body=table + "\n" + nested + "\n" + "word " * 40_000,
                   replies=["ответ"] * 40, actions=[{"type": "hold", "label": "Ж" * 80}] * 12)
    assert errors(rich) == []


def test_bidi_controls_are_removed_with_a_warning_not_refused() -> None:
    hostile = article(title="Difficult case\u202e", replies=["Минуту\u2066"],
                      actions=[{"type": "hold", "label": "\u202eПодождите"}])
    problems = content_problems(hostile)
    assert {p.field for p in problems if not p.is_error} == {"title", "replies[0]",
                                                             "actions[0].label"}
    assert not [p for p in problems if p.is_error]
    clean = without_bidi_controls(hostile)
    assert (clean.title, clean.replies, clean.actions[0]["label"]) == (
        "Difficult case", ["Минуту"], "Подождите")


def test_a_file_breaking_a_rule_names_the_file_and_the_field(tmp_path: Path) -> None:
    text = "---\nslug: wide\nkind: product\nlang: ru\ntitle: " + "Ш" * 300 + "\n---\nТекст\n"
    with pytest.raises(ArticleFormatError) as caught:
        parse_article(text, tmp_path / "wide.ru.md")
    assert "wide.ru.md" in str(caught.value) and "title: the title has 300" in str(caught.value)


def test_import_cleans_bidi_and_reports_it(tmp_path: Path) -> None:
    (tmp_path / "flip.ru.md").write_text(
        "---\nslug: flip\nkind: difficult-case\nlang: ru\ntitle: \"Трудный \\u202eслучай\"\n"
        "---\nТекст\n", encoding="utf-8")
    read = read_directory(tmp_path)
    assert read.articles[0].title == "Трудный случай"
    assert len(read.warnings) == 1 and "flip.ru.md" in read.warnings[0]


def test_the_hub_refuses_a_publication_breaking_a_rule_and_publishes_nothing() -> None:
    good = {"slug": "good", "kind": "product", "lang": "ru", "title": "Хорошая", "body": "Да."}
    bad = {**good, "slug": "bad", "body": "![](/dev/zero)"}
    with pytest.raises(RequestError) as caught:
        publication({"upserts": [good, bad]})
    assert caught.value.status == 422
    assert caught.value.details == [{"index": 1, "error": caught.value.details[0]["error"]}]
    assert "body: the image '/dev/zero'" in caught.value.details[0]["error"]
    # A workstation pulling a revision applies the same rules.
    with pytest.raises(ArticleFormatError):
        article_from_json(bad, "revision 7")


def test_the_renderers_image_form_is_the_content_rules() -> None:
    from agent.ui.article_render import LIMITS

    assert (LIMITS.table_columns, LIMITS.images) == (content.MAX_TABLE_COLUMNS, content.MAX_IMAGES)
    assert LIMITS.list_depth >= content.MAX_NESTING
    assert LIMITS.body_chars >= content.MAX_BODY_BYTES
