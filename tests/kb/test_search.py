"""Search behaviour on a small fixture KB: what operators really type."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.knowledge_base import KnowledgeBase


def slugs(kb: KnowledgeBase, text: str, **kw: object) -> list[str]:
    return [h.slug for h in kb.search(text, **kw).hits]  # type: ignore[arg-type]


def top(kb: KnowledgeBase, text: str, **kw: object) -> str | None:
    found = slugs(kb, text, **kw)
    return found[0] if found else None


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("телефона не работают", "phone-broken"),  # inflected forms
        ("телефонами", "phone-broken"),
        ("жалобы ", "complaint"),
        ("доставкой курьером", "delivery"),
        ("phones broken", "phone-broken"),  # English morphology
        ("children calling", "child-caller"),
    ],
)
def test_morphology(kb: KnowledgeBase, query: str, slug: str) -> None:
    assert top(kb, query) == slug


def test_case_and_yo_folding(kb: KnowledgeBase) -> None:
    assert top(kb, "РЕБЕНОК ") == "child-caller"
    assert top(kb, "ребёнок ") == "child-caller"
    assert top(kb, "трех дней ") == "delivery"  # the body says «трёх»


@pytest.mark.parametrize(
    ("query", "slug"),
    [("телеф", "phone-broken"), ("жал", "complaint"), ("доставка кур", "delivery"),
     ("ребе", "child-caller")],
)
def test_last_word_is_a_prefix_while_typing(kb: KnowledgeBase, query: str, slug: str) -> None:
    assert top(kb, query) == slug


def test_finished_word_no_article_has_is_shorthand(kb: KnowledgeBase) -> None:
    # "телеф " is shorthand for the words it begins; two letters begin too much to mean any
    assert slugs(kb, "телеф ")[0] == "phone-broken"
    assert slugs(kb, "тл ") == []


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("тилефон ", "phone-broken"),  # substitution, 7 letters
        ("жлаоба ", "complaint"),  # adjacent transposition counts as one edit
        ("доставкка ", "delivery"),  # insertion
        ("несавиршеннолетний ", "child-caller"),  # two edits in a long word
    ],
)
def test_typos(kb: KnowledgeBase, query: str, slug: str) -> None:
    assert top(kb, query) == slug


def test_short_words_get_no_typo_tolerance(kb: KnowledgeBase) -> None:
    assert slugs(kb, "тлф ") == []


@pytest.mark.parametrize(
    ("query", "slug"),
    [("ntktajy", "phone-broken"), ("ht,tyjr", "child-caller"), (";fkj,f", "complaint"),
     ("ntktajy yt hf,jnftn", "phone-broken"), ("зрщту икщлут", "phone-broken")],
)
def test_wrong_keyboard_layout(kb: KnowledgeBase, query: str, slug: str) -> None:
    assert top(kb, query) == slug


def test_article_synonyms_find_the_article(kb: KnowledgeBase) -> None:
    assert top(kb, "несовершеннолетний") == "child-caller"
    assert top(kb, "школьник на линии") == "child-caller"


def test_global_synonym_sets(kb: KnowledgeBase) -> None:
    assert top(kb, "мат ") == "swearing"
    assert top(kb, "мчс ") == "emergency"


def test_title_and_tags_weigh_more_than_body(kb: KnowledgeBase) -> None:
    # «жалоба» is the title of "complaint" and only in the body of "delivery"
    assert slugs(kb, "жалоба ")[:2] == ["complaint", "delivery"]
    # «телефон» is the title of "phone-broken" and in the body of "delivery"
    assert slugs(kb, "телефон ")[:2] == ["phone-broken", "delivery"]


def test_coordination_prefers_articles_matching_more_words(kb: KnowledgeBase) -> None:
    assert top(kb, "жалоба на курьера доставки ") == "delivery"


def test_filters_by_kind_and_language(kb: KnowledgeBase) -> None:
    assert set(slugs(kb, "телефон ", kind="procedure")) == {"delivery"}
    hits = kb.search("phone", lang="en").hits
    assert hits and all(h.lang == "en" for h in hits)
    assert all(h.kind == "difficult-case" for h in kb.search("ребенок", kind="difficult-case").hits)
    with pytest.raises(ValueError):
        kb.search("x", kind="nonsense")


def test_one_hit_per_slug_in_the_query_language(kb: KnowledgeBase) -> None:
    ru = kb.search("ребенок ").hits
    assert [h.slug for h in ru].count("child-caller") == 1
    assert ru[0].lang == "ru"
    en = kb.search("child calling").hits
    assert en[0].slug == "child-caller" and en[0].lang == "en"
    both = kb.search("ребенок ", lang=None, limit=10).hits
    assert len({h.slug for h in both}) == len(both)


def test_snippet_is_escaped_and_highlights_matches(kb: KnowledgeBase) -> None:
    hit = kb.search("телефон не включается").hits[0]
    assert "<b>телефон</b>" in hit.snippet
    assert "<b>включается</b>" in hit.snippet
    markup = kb.search("разметка тегами").hits[0]
    assert markup.slug == "markup"
    without_bold = re.sub(r"</?b>", "", markup.snippet)
    assert "<" not in without_bold and "&amp;" in without_bold


def test_snippet_highlights_only_whole_matching_words(kb: KnowledgeBase) -> None:
    hit = kb.search("ремонт ").hits[0]
    assert "<b>Ремонт</b>" in hit.snippet
    assert hit.snippet.count("<b>") == 1


def test_snippet_drops_markdown_table_rules_and_code_ticks() -> None:
    from kb.analysis import cached_stem
    from kb.search import snippet, term_pattern

    body = "| Пакет | Цена |\n|---|:---:|\n| Базовый | 299 ₽ |\n\nСм. `caller-verification`."
    terms = {cached_stem("пакет")}
    text = snippet(body, terms, term_pattern(terms))
    assert "---" not in text and "`" not in text and "|" not in text
    assert text.startswith("<b>Пакет</b> Цена Базовый 299 ₽")
    assert "(caller-verification)" not in text and "caller-verification." in text


def test_limit(kb: KnowledgeBase) -> None:
    assert len(kb.search("телефон", limit=1).hits) == 1


@pytest.mark.parametrize(
    "query",
    ["", "   ", "?!…", "***", '"', "(", ")", ":", "AND", "OR NOT", "title:телефон*", "a" * 10_000,
     "телефон " * 2000, "\x00\x01", "\ud800", "' OR 1=1 --", "NEAR(телефон)", "телефон*", "^$"],
)
def test_hostile_queries_never_raise(kb: KnowledgeBase, query: str) -> None:
    result = kb.search(query)
    assert result.query == query
    assert isinstance(result.hits, tuple)


def test_empty_and_huge_queries_return_clean_empty_results(kb: KnowledgeBase) -> None:
    # ";:[]',." are letters on the Russian layout: punctuation alone still finds nothing.
    for query in ("", "   ", "?!.,;", "*:(", "[];',.", "x" * 10_240, "телефон " * 1300):
        assert kb.search(query).hits == ()


def test_query_syntax_characters_are_text(kb: KnowledgeBase) -> None:
    assert top(kb, 'телефон: "не работает" (AND) OR*') == "phone-broken"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=60))
def test_any_text_is_a_valid_query(kb: KnowledgeBase, text: str) -> None:
    result = kb.search(text, limit=5)
    assert len(result.hits) <= 5
    for hit in result.hits:
        assert hit.snippet.count("<b>") == hit.snippet.count("</b>")


def test_stop_words_are_not_read_as_the_other_layout(kb: KnowledgeBase) -> None:
    from kb.search import plan_query

    plan = plan_query("у ребенка и телефон ", kb._lexicon, kb._synonyms)
    assert [g.word for g in plan.groups] == ["ребенка", "телефон"]


def test_a_rare_word_outweighs_several_common_ones(kb: KnowledgeBase) -> None:
    # «ребенок» names one article; «телефон», «доставка» are spread over several
    assert top(kb, "ребенок звонит про телефон и доставку ") == "child-caller"


@pytest.mark.parametrize(
    ("query", "slug"), [("rebenok", "child-caller"), ("zhaloba ", "complaint"),
                        ("dostavka kurerom", "delivery")],
)
def test_russian_typed_in_latin_letters(kb: KnowledgeBase, query: str, slug: str) -> None:
    assert top(kb, query) == slug


def test_english_word_is_not_read_as_transliteration(kb: KnowledgeBase) -> None:
    assert top(kb, "phone ") == "phone-broken"


@pytest.mark.parametrize("typed", ["телефон д", "телефон до", "телефон дос"])
def test_half_typed_word_does_not_push_out_the_finished_ones(kb: KnowledgeBase,
                                                              typed: str) -> None:
    # «до…» completes towards delivery, which also mentions a phone: the phone article stays
    assert top(kb, typed) == "phone-broken"


def test_finished_second_word_does_decide(kb: KnowledgeBase) -> None:
    assert top(kb, "телефон доставки ") == "delivery"


def test_hold_first_keeps_a_near_tie_first() -> None:
    from kb.search import Candidate, hold_first

    ranked = [Candidate(1, "a", "ru", "product", "A", 1.0),
              Candidate(2, "b", "ru", "product", "B", 0.9),
              Candidate(3, "c", "ru", "product", "C", 0.5)]
    assert [c.slug for c in hold_first(ranked, "b")] == ["b", "a", "c"]
    assert [c.slug for c in hold_first(ranked, "c")] == ["a", "b", "c"]  # clearly beaten
    assert [c.slug for c in hold_first(ranked, None)] == ["a", "b", "c"]


def test_keep_applies_only_while_a_word_is_half_typed(kb: KnowledgeBase) -> None:
    # a finished word ranks afresh: the kept article does not outlive what was typed
    assert top(kb, "доставка ", keep="phone-broken") == "delivery"
    assert top(kb, "доставка кур", keep="delivery") == "delivery"


def test_noted_searches_lead_completions(kb: KnowledgeBase) -> None:
    before = top(kb, "д")  # one letter: nothing yet
    kb.note_searched(["доставка курьером", "доставка"])
    assert top(kb, "дос") == "delivery"
    assert top(kb, "д") == before
