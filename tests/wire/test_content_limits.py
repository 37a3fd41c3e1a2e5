"""The content rules at their limits: each limit accepted exactly, one more refused with the
exact message, every text of an article checked, and errors listed before warnings."""

from __future__ import annotations

from typing import Any

import pytest

from kb.model import Article
from kb.wire import content
from kb.wire.content import content_problems, without_bidi_controls
from kb.wire.problems import Problem, Severity


def article(**fields: Any) -> Article:
    base: dict[str, Any] = {"slug": "case", "kind": "difficult-case", "lang": "ru",
                            "title": "Абонент кричит", "body": "Говорите спокойно."}
    return Article(**{**base, **fields})


def found(**fields: Any) -> list[str]:
    return [str(p) for p in content_problems(article(**fields))]


def test_the_limits_of_an_article() -> None:
    assert (content.MAX_TITLE, content.MAX_TITLE_WORD, content.MAX_WORD) == (200, 60, 300)
    assert content.MAX_BODY_BYTES == 256 * 1024
    assert (content.MAX_TABLE_COLUMNS, content.MAX_NESTING, content.MAX_IMAGES) == (12, 6, 20)
    assert (content.MAX_REPLIES, content.MAX_REPLY) == (40, 2_000)
    assert (content.MAX_ACTIONS, content.MAX_LABEL) == (12, 80)
    assert (content.MAX_LIST_ITEMS, content.MAX_LIST_ITEM) == (100, 200)


def test_the_placeholders_a_reply_may_hold() -> None:
    assert content.PLACEHOLDERS == ("caller_name", "company", "product", "operator_name",
                                    "email", "number", "callback_time")


def test_a_plain_article_has_no_problem() -> None:
    assert content_problems(article()) == []


def test_the_title_is_at_most_200_characters() -> None:
    assert found(title=("Тема " * 40)[:200]) == []
    assert found(title=("Тема " * 40)[:200] + "ы") == [
        "title: the title has 201 characters; at most 200"]


def test_a_title_word_is_at_most_60_characters() -> None:
    assert found(title="а" * 60) == []
    assert found(title="Тема " + "а" * 61) == [
        "title: a word of the title is longer than 60 characters; add spaces"]


def test_a_word_elsewhere_is_at_most_300_characters_in_every_text() -> None:
    word = "w" * 300
    assert found(body=word, tags=[word[:200]], replies=[word]) == []
    long = "w" * 301
    assert found(body=f"a {long} b") == ["body: a word is longer than 300 characters; add spaces"]
    assert found(replies=["ok", long]) == [
        "replies[1]: a word is longer than 300 characters; add spaces"]
    assert found(synonyms=[long]) == [
        "synonyms[0]: a word is longer than 300 characters; add spaces",
        "synonyms[0]: longer than 200 characters"]
    assert found(actions=[{"type": "hold", "target": long}]) == [
        "actions[0].target: a word is longer than 300 characters; add spaces"]


def test_the_body_is_at_most_256_kib_of_utf8() -> None:
    limit = content.MAX_BODY_BYTES
    assert found(body=("word " * (limit // 5 + 1))[:limit]) == []
    assert found(body="ж " * (limit // 3 + 1)) == [
        f"body: the text is {len(('ж ' * (limit // 3 + 1)).encode()) // 1024} KiB; at most "
        "256 KiB (split the article)"]


def test_replies_are_at_most_40_of_2000_characters() -> None:
    assert found(replies=["ответ"] * 40) == []
    assert found(replies=["ответ"] * 41) == ["replies: 41 replies; at most 40 (split the article)"]
    assert found(replies=["д " * 1000]) == []
    assert found(replies=["ok", "д " * 1000 + "x"]) == [
        "replies[1]: the reply has 2001 characters; at most 2000"]


def test_actions_are_at_most_12_with_labels_of_80_characters() -> None:
    assert found(actions=[{"type": "hold", "label": "Ж" * 80}] * 12) == []
    assert found(actions=[{"type": "hold"}] * 13) == ["actions: 13 actions; at most 12"]
    assert found(actions=[{"type": "hold"}, {"type": "hold", "label": "Ж" * 81}]) == [
        "actions[1].label: the label has 81 characters; at most 80"]
    assert found(actions=[{"type": "hold", "label": 5}]) == []


@pytest.mark.parametrize("name", ["tags", "synonyms"])
def test_tags_and_synonyms_are_at_most_100_of_200_characters(name: str) -> None:
    assert found(**{name: ["t"] * 100}) == []
    assert found(**{name: ["t"] * 101}) == [f"{name}: 101 entries; at most 100"]
    assert found(**{name: ["t" * 200]}) == []
    assert found(**{name: ["ok", "t" * 201]}) == [f"{name}[1]: longer than 200 characters"]


def test_every_known_placeholder_is_allowed() -> None:
    reply = " ".join("{" + name + "}" for name in content.PLACEHOLDERS)
    assert found(replies=[reply]) == []


def test_an_unknown_placeholder_is_named_with_the_known_ones() -> None:
    known = ", ".join("{" + name + "}" for name in content.PLACEHOLDERS)
    assert found(replies=["Здравствуйте, {name}! {caller_name}"]) == [
        f"replies[0]: unknown placeholder {{name}}; the known ones are {known}"]
    assert found(replies=["{" + "x" * 50 + "}"]) == [
        f"replies[0]: unknown placeholder {{{'x' * 40}}}; the known ones are {known}"]


@pytest.mark.parametrize("reply", ["Здравствуйте, {caller_name", "caller_name}", "{{number}",
                                   "{number}}"])
def test_a_brace_without_its_pair_is_refused(reply: str) -> None:
    assert "replies[0]: a '{' or '}' without its pair; a placeholder is written {name}" in found(
        replies=[reply])


def test_tables_of_12_columns_pass_and_13_do_not() -> None:
    def table(columns: int) -> str:
        return "| " + " | ".join(["к"] * columns) + " |\n|" + "---|" * columns + "\n"

    assert found(body=table(12)) == []
    assert found(body=table(13)) == ["body: a table has 13 columns; at most 12"]
    rows = table(3) + "| a | b | c |\n" * 5
    assert found(body=rows) == []  # columns are counted per row, not added up


def test_lists_and_quotes_nest_up_to_6_deep() -> None:
    def nested(depth: int) -> str:
        return "".join("  " * i + "- уровень\n" for i in range(depth))

    assert found(body=nested(6)) == []
    assert found(body=nested(7)) == ["body: lists and quotes are nested 7 deep; at most 6"]
    assert found(body="> " * 6 + "цитата") == []
    assert found(body="> " * 7 + "цитата") == [
        "body: lists and quotes are nested 7 deep; at most 6"]
    siblings = "\n\n".join(nested(4) for _ in range(3))
    assert found(body=siblings) == []  # depth goes back down when a list closes
    ordered = "".join("   " * i + "1. пункт\n" for i in range(7))
    assert found(body=ordered) == ["body: lists and quotes are nested 7 deep; at most 6"]


def test_up_to_20_images_of_the_kbs_own() -> None:
    assert found(body="\n\n".join(["![a](kb:a.png)"] * 20)) == []
    assert found(body="\n\n".join(["![a](kb:a.png)"] * 21)) == ["body: 21 images; at most 20"]


def test_an_image_elsewhere_is_named_and_the_way_to_show_one_is_given() -> None:
    assert found(body="![x](https://e.invalid/" + "p" * 100 + ".png)") == [
        "body: the image " + repr(("https://e.invalid/" + "p" * 100)[:80]) + " is not one of "
        "the KB's own: write ![description](kb:NAME.png) for an image stored with the KB; "
        "files, network addresses and shares are never opened"]
    assert found(body="![x](kb:Upper.png)")[0].startswith("body: the image 'kb:Upper.png'")
    assert found(body="![x](kb:" + "a" * 128 + ")") == []
    assert found(body="![x](kb:" + "a" * 129 + ")") != []


def test_a_text_that_cannot_travel_is_an_error_of_its_field() -> None:
    assert found(tags=["a\x00"]) == ["tags[0]: contains a NUL character"]
    assert found(actions=[{"type": "hold", "label": "a\x00"}]) == [
        "actions[0].label: contains a NUL character"]
    assert found(body="a\udc80") == [
        "body: contains a lone UTF-16 surrogate ('\\udc80') at position 1, which is not a "
        "character"]


def test_errors_come_before_warnings() -> None:
    problems = content_problems(article(title="Тема\u202e", replies=["x\x00"]))
    assert problems == [
        Problem("replies[0]", Severity.ERROR, "contains a NUL character"),
        Problem("title", Severity.WARNING, "bidi control characters (such as U+202E) are "
                                           "removed: they would reverse the text around them")]


def test_bidi_controls_are_removed_from_every_text_an_operator_sees() -> None:
    rlo = "\u202e"
    hostile = article(title=f"T{rlo}", body=f"B{rlo}", tags=[f"t{rlo}"],
                      synonyms=[f"s{rlo}"], replies=[f"r{rlo}"],
                      actions=[{"type": "hold", "label": f"L{rlo}", "n": 1}])
    clean = without_bidi_controls(hostile)
    assert (clean.title, clean.body, clean.tags, clean.synonyms, clean.replies,
            clean.actions) == ("T", "B", ["t"], ["s"], ["r"],
                               [{"type": "hold", "label": "L", "n": 1}])
    assert (clean.slug, clean.kind, clean.lang) == (hostile.slug, hostile.kind, hostile.lang)
    plain = article()
    assert without_bidi_controls(plain) is plain


@pytest.mark.parametrize("where", ["tags", "synonyms", "replies"])
def test_a_bidi_control_in_any_list_is_a_warning_of_that_entry(where: str) -> None:
    problems = content_problems(article(**{where: ["ok", "x\u2066"]}))
    assert [(p.field, p.severity) for p in problems] == [(f"{where}[1]", Severity.WARNING)]
    assert without_bidi_controls(article(**{where: ["ok", "x\u2066"]})) == article(
        **{where: ["ok", "x"]})


@pytest.mark.parametrize("body", ["- - - - - - - x", "1. 1. 1. 1. 1. 1. 1. x",
                                  "* + - * + - * x", "Текст\n\n- - - - - - - x",
                                  "- a\n\n- 1) 2) 3) 4) 5) 6) x"])
def test_lists_nested_on_one_line_count_too(body: str) -> None:
    assert found(body=body) == ["body: lists and quotes are nested 7 deep; at most 6"]


def test_lists_nested_by_tabs_count_too() -> None:
    body = "".join("\t" * i + "- уровень\n" for i in range(7))
    assert found(body=body) == ["body: lists and quotes are nested 7 deep; at most 6"]


def test_a_list_that_ends_takes_its_depth_with_it() -> None:
    back_then_deeper = ("- a\n  - b\n    - c\n  - d\n    - e\n      - f\n        - g\n"
                        "          - h\n")
    assert found(body=back_then_deeper) == []  # at most 6 deep at any point
    assert found(body=back_then_deeper + "            - i\n") == [
        "body: lists and quotes are nested 7 deep; at most 6"]


@pytest.mark.parametrize("opener", ["1. ", "> ", "- "])
def test_separate_nested_blocks_do_not_add_up(opener: str) -> None:
    block = "".join(("   " if opener == "1. " else "  ") * i + opener + "x\n" for i in range(4))
    if opener == "> ":
        block = "> " * 4 + "x\n"
    body = "\n\nабзац\n\n".join([block] * 3)
    assert found(body=body) == []


def test_every_image_elsewhere_is_named_even_when_a_kb_image_follows() -> None:
    problems = found(body="![a](/etc/a.png) ![b](http://e.invalid/b.png) ![c](kb:c.png)")
    assert [p[:40] for p in problems] == ["body: the image '/etc/a.png' is not one ",
                                          "body: the image 'http://e.invalid/b.png'"]


def test_a_body_holding_every_quick_mark_is_still_checked() -> None:
    body = "![a](/etc/a.png)\n\n| x |\n|---|\n| y |\n\n> q\n\n  two spaces\n\n\ttab\n"
    assert [p[:32] for p in found(body=body)] == ["body: the image '/etc/a.png' is "]
