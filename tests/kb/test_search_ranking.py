"""More rules of kb.search: synonym phrases in the query, whole words while typing, the weights
of the partial last word, on hand-built lexicons (see test_search_rules.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.analysis import cached_stem
from kb.lexicon import Lexicon
from kb.search import Group, QueryPlan, SynonymSets, mid_word, plan_query, rerank
from kb.store import TermRow
from tests.kb.conftest import open_kb

NO_SYNONYMS = SynonymSets([])


def lexicon(*words: tuple[str, int], docs: int = 100) -> Lexicon:
    return Lexicon([(cached_stem(w), n) for w, n in words], docs=docs)


SWEARING = SynonymSets.compile([["мат", "нецензурная брань"]])
SWEAR_WORDS = lexicon(("мат", 1), ("брань", 3), ("нецензурная", 2), ("погода", 2),
                      ("сегодня", 2), ("вечером", 2), ("грубая", 2), ("очень", 2))


def synonym_hits(text: str) -> list[int]:
    """The positions of the query words that stand for «мат» through the synonym set."""
    plan = plan_query(text, SWEAR_WORDS, SWEARING)
    return [i for i, g in enumerate(plan.groups) if g.alts.get("мат") == 0.9]


def test_a_phrase_entry_matches_its_words_in_order_with_at_most_two_between() -> None:
    assert synonym_hits("нецензурная брань ") == [0, 1]
    assert synonym_hits("нецензурная грубая брань ") == [0, 2]
    assert synonym_hits("нецензурная очень грубая брань ") == [0, 3]
    assert synonym_hits("нецензурная очень грубая сегодня брань ") == []
    assert synonym_hits("брань нецензурная ") == []  # the other order is another phrase


def test_a_phrase_entry_is_found_after_a_false_start() -> None:
    assert synonym_hits("нецензурная погода сегодня вечером нецензурная брань ") == [4, 5]


def test_an_entry_starting_with_the_typed_one_is_not_its_synonym() -> None:
    lex = lexicon(("роутер", 3), ("asus", 1), ("маршрутизатор", 2))
    sets = SynonymSets.compile([["роутер", "роутер asus", "маршрутизатор"]])
    plan = plan_query("роутер ", lex, sets)
    assert set(plan.groups[0].alts) == {"роутер", cached_stem("маршрутизатор")}


def test_a_two_letter_word_being_typed_is_still_a_beginning() -> None:
    lex = lexicon(("тв", 2), ("твиттер", 3))
    assert mid_word(plan_query("тв", lex, NO_SYNONYMS))
    assert not mid_word(plan_query("тв ", lex, NO_SYNONYMS))


def test_an_entry_none_of_whose_words_the_kb_uses_adds_nothing() -> None:
    sets = SynonymSets.compile([["мат", "обсценная лексика"]])
    plan = plan_query("мат ", SWEAR_WORDS, sets)
    assert plan.groups[0].alts == {"мат": 1.0}


def test_a_hit_carries_the_article_it_stands_for(tmp_path: Path) -> None:
    kb = open_kb(tmp_path)
    try:
        (hit,) = kb.search("курьер ", limit=1).hits
        assert (hit.slug, hit.lang, hit.kind, hit.title) == (
            "delivery", "ru", "procedure", "Доставка заказа")
        assert hit.score > 0
        assert "<b>Курьер</b> привозит заказ" in hit.snippet
    finally:
        kb.close()


NUMBERS = Lexicon([("100", 3), ("350", 2), ("2000", 2), ("500", 2), ("2", 4), ("120", 1),
                   (cached_stem("мегабит"), 3), (cached_stem("стоимость"), 5),
                   (cached_stem("рублей"), 2)], docs=50)


def number_plan(text: str) -> list[tuple[str, dict[str, float], bool]]:
    plan = plan_query(text, NUMBERS, NO_SYNONYMS)
    return [(g.word, {t: round(w, 4) for t, w in g.alts.items()}, g.typing) for g in plan.groups]


def test_finished_number_words_read_as_the_digits_articles_use() -> None:
    assert number_plan("сто мегабит ") == [
        ("100", {"100": 1.0}, False), ("мегабит", {"мегаб": 1.0}, False)]
    assert number_plan("триста пятьдесят рублей ") == [
        ("350", {"350": 1.0}, False), ("рублей", {"рубл": 1.0}, False)]
    assert number_plan("мегабит пятьсот ") == [
        ("мегабит", {"мегаб": 1.0}, False), ("500", {"500": 1.0}, False)]
    assert number_plan("one hundred ") == [("100", {"100": 1.0}, False)]
    # typed in the other layout: "cnj" is "сто", "ецщ" is "two"
    assert number_plan("cnj vtuf,bn ") == [
        ("100", {"100": 1.0}, False), ("мегабит", {"мегаб": 1.0}, False)]
    assert number_plan("ецщ ")[0][:2] == ("2", {"2": 1.0})
    # spelt in Latin letters, where the soft sign has no letter: "sto" is "сто", "pyatsot"
    # "пятьсот", finished or typed last
    assert number_plan("sto megabit ")[0] == ("100", {"100": 1.0}, False)
    assert number_plan("megabit pyatsot")[-1][:2] == ("pyatsot", {"500": 1.0})


def test_a_number_word_being_typed_stands_for_its_number_too() -> None:
    # "сто" may still become "стоимость": both readings
    assert number_plan("сто") == [("сто", {"стоимост": 0.68, "100": 1.0}, True)]
    # a beginning that can only become one number word: the number at prefix weight
    assert number_plan("пятьс") == [("пятьс", {"500": 0.85}, True)]
    # … counting the number words finished before it, which it then holds (the "2" of "две"
    # alone would match every 2 in the KB while the number is still being typed), and as sure as
    # a number word typed in full: the words before it already say which number
    assert number_plan("две тыс") == [("тыс", {"2000": 1.0}, True)]
    assert number_plan("сто двадц")[-1] == ("двадц", {"120": 1.0}, True)
    # a whole number word going on with the one before: one number, not two
    assert number_plan("триста пятьдесят") == [("пятьдесят", {"350": 1.0}, True)]


def test_an_article_gone_before_its_body_was_read_has_an_empty_snippet() -> None:
    from kb.search import Candidate, QueryPlan, make_hits

    chosen = [Candidate(7, "gone", "ru", "product", "Ушла", 1.5)]
    (hit,) = make_hits(chosen, QueryPlan([], "ru"), {})
    assert (hit.slug, hit.title, hit.score, hit.snippet) == ("gone", "Ушла", 1.5, "")


def test_hold_margin_is_a_share_of_the_leaders_score() -> None:
    from kb.search import Candidate, hold_first

    ranked = [Candidate(1, "a", "ru", "product", "A", 2.0),
              Candidate(2, "b", "ru", "product", "B", 1.5),
              Candidate(3, "c", "ru", "product", "C", 1.7)]
    assert [c.slug for c in hold_first(ranked, "b")] == ["a", "b", "c"]  # 1.5 < 0.8 × 2.0
    assert [c.slug for c in hold_first(ranked, "c")] == ["c", "a", "b"]


def test_first_stage_returns_the_best_documents_for_any_depth() -> None:
    import numpy as np

    from kb.search import Retrieval, first_stage

    # one word whose readings match one document each, document d at weight (d + 1) / 40
    size = 40
    lookup = Retrieval([{f"t{d}": (d + 1) / size for d in range(size)}], False)

    def docs(field: str, t: str) -> np.ndarray:
        return np.array([int(t[1:])] if field == "body" else [], dtype=np.int64)

    for depth in (1, 2, 3, 17, 40, 60):
        found = first_stage(lookup, docs, lambda t: 1, 100, size, None, depth)
        assert found == list(range(size - 1, size - 1 - min(depth, size), -1))


def test_a_snippet_without_matches_to_mark_is_the_cleaned_beginning() -> None:
    from kb.search import snippet, term_pattern

    assert snippet("**Курьер** привозит заказ", set(), None) == "Курьер привозит заказ"
    # a body whose folded form is longer than the text cannot be marked by position: not marked
    terms = {cached_stem("курьер")}
    text = "İstanbul: курьер привозит заказ"
    assert snippet(text, terms, term_pattern(terms)) == text


def partial_scores(typed: Group, rows: list[tuple[str, str, str]]) -> dict[str, float]:
    """Scores of rows (slug, head, body) for the finished word «x» then the half-typed ``typed``."""
    plan = QueryPlan([Group("x", "x", {"x": 1.0}), typed], "ru")
    term_rows = [TermRow(i, slug, "ru", "product", slug, head, body, 1)
                 for i, (slug, head, body) in enumerate(rows)]
    return {c.slug: c.score for c in rerank(plan, term_rows, 10, lambda t: 2)}


def test_a_half_typed_last_word_only_lifts_the_articles_it_matches() -> None:
    # (never next to «x»: adjacent query words in a head earn a bonus of their own)
    rows = [("plain", "x q r", ""), ("head", "x q abcdef", ""), ("body", "x q r", "abcdef"),
            ("starts", "x q abcdexyz", ""), ("late", "x q r", "abcdexyz"),
            ("cut", "x q abcxyz", "")]
    scores = partial_scores(Group("abcde", "abcde", {"abcdef": 0.85}, typing=True), rows)
    base = scores["plain"]
    assert base > 0  # the finished word alone still finds it
    # sure after five letters: up to 1 + PARTIAL_BOOST × weight, half of it in the body
    assert scores["head"] == pytest.approx(base * (1 + 2.0 * 0.85), rel=1e-4)
    assert scores["body"] == pytest.approx(base * (1 + 2.0 * 0.5 * 0.85), rel=1e-4)
    # a head word starting with the typed letters counts as a completion (a rarer word of this
    # very article); one that only shares their beginning does not
    assert scores["starts"] == pytest.approx(base * (1 + 2.0 * 0.85), rel=1e-4)
    assert scores["late"] == pytest.approx(base, rel=1e-4)
    assert scores["cut"] == pytest.approx(base, rel=1e-4)


def test_a_half_word_that_can_become_only_one_word_counts_as_that_word() -> None:
    # «подключить автоплат»: only «автоплатеж» starts so, and it is the rarer, more telling word
    rows = [("action", "x q r", ""), ("telling", "q r abcdefgh", "")]

    def first(typed: Group) -> str:
        plan = QueryPlan([Group("x", "x", {"x": 1.0}), typed], "ru")
        term_rows = [TermRow(i, slug, "ru", "product", slug, head, body, 1)
                     for i, (slug, head, body) in enumerate(rows)]
        df = {"x": 8}.get
        return rerank(plan, term_rows, 10, lambda t: df(t, 1))[0].slug

    assert first(Group("abcdef", "abcdef", {"abcdefgh": 0.85}, typing=True)) == "telling"
    # fewer letters, or letters that still begin two words, only lift what the finished word found
    assert first(Group("abcde", "abcde", {"abcdefgh": 0.85}, typing=True)) == "action"
    assert first(Group("abcdef", "abcdef", {"abcdefgh": 0.85, "abcdefxy": 0.6},
                       typing=True)) == "action"


def test_the_lift_grows_with_the_letters_typed() -> None:
    rows = [("plain", "x q r", ""), ("head", "x q abcdef", "")]
    for word, confidence in (("abc", 0.5), ("abcd", 0.75)):
        scores = partial_scores(Group(word, word, {"abcdef": 0.85}, typing=True), rows)
        assert scores["head"] == pytest.approx(
            scores["plain"] * (1 + 2.0 * confidence * 0.85), rel=1e-4), word
    # two letters known as a word of their own: half sure already
    scores = partial_scores(Group("ab", "ab", {"ab": 1.0, "abcdef": 0.5}, typing=True),
                            [("plain", "x q r", ""), ("head", "x q ab", "")])
    assert scores["head"] == pytest.approx(scores["plain"] * (1 + 2.0 * 0.5 * 1.0), rel=1e-4)


def test_a_whole_word_being_typed_counts_as_typed() -> None:
    rows = [("one", "x q", ""), ("both", "x abcdef", "")]
    plan = QueryPlan([Group("x", "x", {"x": 1.0}),
                      Group("abcdef", "abcdef", {"abcdef": 1.0}, typing=True)], "ru")
    term_rows = [TermRow(i, slug, "ru", "product", slug, head, body, 1)
                 for i, (slug, head, body) in enumerate(rows)]
    scores = {c.slug: c.score for c in rerank(plan, term_rows, 10, lambda t: 2)}
    # not a lift of the one article: the word weighs in coverage, so "one" loses more
    assert scores["both"] > scores["one"] * (1 + 2.0)


def test_snippet_window_counts_matches_that_start_within_it() -> None:
    from kb.search import snippet, term_pattern

    long = "переадресовывающимися"
    terms = {cached_stem(long), cached_stem("курьер")}
    # a long match at the start ends within reach of the next one, but starts too far before it
    body = f"{long} {'да ' * 12}курьер {'нет ' * 60}курьер курьер {'нет ' * 30}"
    out = snippet(body, terms, term_pattern(terms), 80)
    assert "<b>курьер</b> <b>курьер</b>" in out and long not in out
    # two matches exactly width − 40 apart count as one window, which wins by coming first
    body = f"курьер {'да ' * 11}курьер {'нет ' * 60}курьер курьер {'нет ' * 30}"
    assert body.index("курьер", 1) == 40
    out = snippet(body, terms, term_pattern(terms), 80)
    assert out.startswith("<b>курьер</b> да") and out.count("<b>") == 2


def test_snippet_window_starts_and_ends_at_word_boundaries() -> None:
    from kb.search import snippet, term_pattern

    terms = {cached_stem("курьер")}
    pattern = term_pattern(terms)
    body = f"Первое слово. {'словечко ' * 20}курьер приедет завтра {'словечко ' * 40}"
    assert snippet(body, terms, pattern, 80) == (
        "…словечко словечко словечко словечко <b>курьер</b> приедет завтра словечко словечко…")
    body = f"курьер {'словечко ' * 40}"
    assert snippet(body, terms, pattern, 80) == "<b>курьер</b>" + " словечко" * 8 + "…"
    body = f"{'словечко ' * 3}курьер {'да' * 60}"
    assert snippet(body, terms, pattern, 80) == "словечко словечко словечко <b>курьер</b>…"
    # one endless word is cut at the width
    assert snippet("д" * 300, terms, pattern, 80) == "д" * 80 + "…"
    # matches beyond the scanned beginning of a long body are not looked for
    far = f"{'слово ' * 1100}курьер"
    assert "<b>" not in snippet(far, terms, pattern) and snippet(far, terms, pattern)[:5] == "слово"


def test_the_other_languages_stems_come_in_through_the_bridge() -> None:
    from kb.bridge import TermBridge

    bridge = TermBridge({"роутер": {"router": 0.65, "modem": 0.39, "unknown": 0.9},
                         "how": {"как": 0.9}})
    lex = lexicon(("роутер", 3), ("router", 2), ("modem", 2), ("how", 5), ("как", 5))
    plan = plan_query("роутер ", lex, NO_SYNONYMS, bridge)
    # a sure link weighs W_BRIDGE, a weaker one in proportion; stems no article uses are left out
    assert alts(plan) == [{"роутер": 1.0, "router": 0.94, "modem": round(0.94 * 0.6, 4)}]
    # an article written only in English is found from the Russian word
    english_only = lexicon(("router", 2))
    assert alts(plan_query("роутер ", english_only, NO_SYNONYMS, bridge)) == [{"router": 0.94}]
    # filler words are not translated
    plan = plan_query("how роутер ", lex, NO_SYNONYMS, bridge)
    assert plan.groups[0].alts == {"how": 1.0}
    assert plan.groups[1].alts["router"] == 0.94  # … and the words after them still are


def test_a_synonym_is_not_translated_a_transliteration_is() -> None:
    from kb.bridge import TermBridge

    bridge = TermBridge({"мат": {"swear": 0.65}, "тариф": {"tariff": 0.65}})
    lex = lexicon(("брань", 3), ("мат", 1), ("swear", 2), ("тариф", 2), ("tariff", 2))
    sets = SynonymSets.compile([["брань", "мат"]])
    plan = plan_query("брань ", lex, sets, bridge)
    assert alts(plan) == [{cached_stem("брань"): 1.0, "мат": 0.9}]
    plan = plan_query("tarif ", lex, NO_SYNONYMS, bridge)
    assert alts(plan)[0]["tariff"] == pytest.approx(0.94 * 0.95, abs=1e-4)


def alts(plan: QueryPlan) -> list[dict[str, float]]:
    return [{t: round(w, 4) for t, w in g.alts.items()} for g in plan.groups]


def test_a_stop_word_being_typed_may_be_the_start_of_a_word() -> None:
    lex = lexicon(("настройка", 3), ("роутер", 2))
    assert alts(plan_query("нас", lex, NO_SYNONYMS)) == [{"настройк": round(0.85 * 0.8, 4)}]
    assert plan_query("на", lex, NO_SYNONYMS).groups == []  # two letters: the word itself
    assert plan_query("на ", lex, NO_SYNONYMS).groups == []
    assert [g.word for g in plan_query("настройка на ", lex, NO_SYNONYMS).groups] == [
        "настройка"]


def test_digits_say_nothing_about_the_querys_language() -> None:
    lex = lexicon(("роутер", 2), ("100", 2), ("router", 2))
    assert plan_query("100 ", lex, NO_SYNONYMS).lang is None
    # a number word read as digits still says the language it was typed in: a Russian desk
    # shows the Russian version of the plan for "сто", not whichever sorts first
    assert plan_query("сто ", lex, NO_SYNONYMS).lang == "ru"
    assert plan_query("one hundred ", lex, NO_SYNONYMS).lang == "en"
    assert plan_query("router 100 ", lex, NO_SYNONYMS).lang == "en"
    assert plan_query("роутер 100 ", lex, NO_SYNONYMS).lang == "ru"


def test_wrong_layout_while_typing_completes_in_the_right_one() -> None:
    lex = lexicon(("роутер", 2), ("router", 2))
    assert alts(plan_query("hjen", lex, NO_SYNONYMS)) == [{"роутер": round(0.85 * 0.9, 4)}]
    plan = plan_query("hjenth", lex, NO_SYNONYMS)
    assert alts(plan) == [{"роутер": 1.0}] and plan.groups[0].word == "роутер"


def test_snippet_window_starts_forty_letters_before_the_first_match_at_a_word() -> None:
    from kb.search import snippet, term_pattern

    terms = {cached_stem("курьер")}
    pattern = term_pattern(terms)
    # the word starting 40 letters before the match is cut, so the window starts at the next one
    body = f"{'а' * 100} бб {'в' * 36} курьер конец"
    assert body.index("курьер") - 41 == 100
    assert snippet(body, terms, pattern, 80) == f"…{'в' * 36} <b>курьер</b> конец"
    # no space between the window's start and the match: the window starts mid-word
    body = f"{'а' * 60} {'б' * 50}-курьер конец"
    assert snippet(body, terms, pattern, 80) == f"…{'б' * 39}-<b>курьер</b> конец"


def test_snippet_window_holds_the_most_matches() -> None:
    from kb.search import snippet, term_pattern

    terms = {cached_stem("курьер")}
    body = (f"курьер {'нет ' * 40}курьер курьер {'нет ' * 40}курьер курьер курьер "
            f"{'нет ' * 20}")
    out = snippet(body, terms, term_pattern(terms), 80)
    assert out.count("<b>курьер</b>") == 3


def test_snippet_after_a_double_space_still_shows_the_match() -> None:
    from kb.search import snippet, term_pattern

    terms = {cached_stem("курьер")}
    body = f"{'а' * 60}  курьер-{'ш' * 100}"
    out = snippet(body, terms, term_pattern(terms), 80)
    assert out.startswith("… <b>курьер</b>-шшш") and out.endswith("…")


def test_readings_from_the_phrase_weight_up_form_phrases() -> None:
    rows = [TermRow(1, "apart", "ru", "product", "A", "x q y", "", 1),
            TermRow(2, "pair", "ru", "product", "P", "x y q", "", 1)]
    plan = QueryPlan([Group("x", "x", {"x": 0.8}), Group("y", "y", {"y": 0.8})], "ru")
    scores = {c.slug: c.score for c in rerank(plan, rows, 10, lambda t: 2)}
    assert scores["pair"] == pytest.approx(scores["apart"] * 1.5, rel=1e-4)


def test_a_half_typed_word_neither_lowers_nor_over_lifts() -> None:
    rows = [("plain", "x q r", ""), ("head", "x q abcdefghij", "")]
    finished_only = QueryPlan([Group("x", "x", {"x": 1.0})], "ru")
    term_rows = [TermRow(i, slug, "ru", "product", slug, head, body, 1)
                 for i, (slug, head, body) in enumerate(rows)]
    alone = {c.slug: c.score for c in rerank(finished_only, term_rows, 10, lambda t: 2)}
    # (letters that still begin two words: one that can only become one word is that word)
    typed = Group("abcdefgh", "abcdefgh", {"abcdefghij": 0.85, "abcdefghxy": 0.6}, typing=True)
    scores = partial_scores(typed, rows)
    # an article the half-typed word does not match scores as if it were not typed
    assert scores["plain"] == pytest.approx(alone["plain"], rel=1e-5)
    # however many letters are typed, the lift is at most 1 + PARTIAL_BOOST × weight
    assert scores["head"] == pytest.approx(alone["head"] * (1 + 2.0 * 0.85), rel=1e-4)


def test_few_letters_typed_lift_little() -> None:
    rows = [("plain", "x q r", ""), ("head", "x q abcdef", "")]

    def lift(typed: Group) -> float:
        scores = partial_scores(typed, rows)
        return scores["head"] / scores["plain"]

    # one letter lifts nothing; two letters a quarter; two letters that are a known word, half
    assert lift(Group("a", "a", {"abcdef": 0.85}, typing=True)) == pytest.approx(1.0)
    assert lift(Group("ab", "ab", {"abcdef": 0.85}, typing=True)) == pytest.approx(
        1 + 2.0 * 0.25 * 0.85, rel=1e-4)
    assert lift(Group("ab", "ab", {"ab": 1.0, "abcdef": 0.85}, typing=True)) == pytest.approx(
        1 + 2.0 * 0.5 * 0.85, rel=1e-4)


def test_a_head_word_starting_like_the_typed_word_is_a_completion() -> None:
    def lift(word: str, head_word: str, stem: str | None = None) -> float:
        rows = [("plain", "x q r", ""), ("head", f"x q {head_word}", "")]
        typed = Group(word, stem or word, {"zzz": 0.85}, typing=True)
        return partial_scores(typed, rows)["head"] / partial_scores(typed, rows)["plain"]

    sure = 1 + 2.0 * 0.85  # seven and three letters typed: confidence 1 and 0.5
    assert lift("abcdefg", "abcdefgxx") == pytest.approx(sure, rel=1e-4)
    # typed past the end of the stem: the stem of the typed letters starts the head word
    assert lift("abcdefg", "abcdexx", stem="abcde") == pytest.approx(sure, rel=1e-4)
    # sharing only a beginning is not enough (марш… is not маркетинг)
    assert lift("abcdefg", "abcdexx") == pytest.approx(1.0)
    assert lift("abc", "abcxx") == pytest.approx(1 + 2.0 * 0.5 * 0.85, rel=1e-4)  # three at least
    # two letters start too many words: they count only when they tell the contenders apart
    # (here one of the two has such a word: they do)
    assert lift("ab", "abxxx") == pytest.approx(1 + 2.0 * 0.25 * 0.85, rel=1e-4)


def test_few_letters_count_when_they_tell_the_contenders_apart() -> None:
    typed = Group("ab", "ab", {"zzz": 0.85}, typing=True)
    lifted = 1 + 2.0 * 0.25 * 0.85  # two letters: confidence 0.25
    rows = [("plain", "x q r", ""), ("starts", "x q abxxx", ""), ("also", "x q abyyy", "")]
    scores = partial_scores(typed, rows)
    assert scores["starts"] == scores["also"] == pytest.approx(scores["plain"] * lifted, rel=1e-4)
    # when every contender has such a word the letters tell nothing
    alone = partial_scores(typed, [("one", "x q abxxx", ""), ("plain", "x q r", "")])["one"]
    both = partial_scores(typed, [("one", "x q abxxx", ""), ("two", "x q abyyy", "")])["one"]
    assert both == pytest.approx(alone / lifted, rel=1e-4)
    # an article far behind the best (x only in its body) is no contender: not lifted apart
    rows = [("best", "x q r", ""), ("weak", "q r abxxx", "x"), ("weak2", "q r s", "x")]
    scores = partial_scores(typed, rows)
    assert scores["weak"] < 0.5 * scores["best"]
    assert scores["weak"] == pytest.approx(scores["weak2"], rel=1e-4)


def test_scores_are_rounded_to_six_places_so_float_noise_ties() -> None:
    rows = [TermRow(i, f"s{i}", "ru", "product", "T", f"x {'q ' * i}", "w " * (i + 1), 1)
            for i in range(6)]
    plan = QueryPlan([Group("x", "x", {"x": 1.0})], "ru")
    scores = [c.score for c in rerank(plan, rows, 10, lambda t: 3)]
    assert all(s == round(s, 6) for s in scores)
    assert any(s != round(s, 5) for s in scores)


def test_importance_rules_for_typed_synonym_and_corrected_words() -> None:
    from kb.search import group_importance

    idfs = {"a": 1.0, "b": 4.0, "ab": 2.0, "abcdef": 4.0}

    def importance(*groups: Group) -> list[float]:
        return group_importance(QueryPlan(list(groups), "ru"), idfs)

    # a word being typed that is already a known word counts fully; one letter after a topic
    # word counts nothing
    assert importance(Group("ab", "ab", {"ab": 1.0}, typing=True)) == pytest.approx([2.0])
    assert importance(Group("x", "x", {"a": 1.0}),
                      Group("a", "a", {"abcdef": 0.85}, typing=True)) == pytest.approx([1.0, 0.0])
    # a word matched only through a synonym is exact enough to cap a corrected word
    assert importance(Group("s", "s", {"a": 0.9}), Group("bb", "bb", {"b": 0.7})) == (
        pytest.approx([0.9, 0.9 * 0.9]))
    # a word being typed is no correction: its completions are not capped
    assert importance(Group("x", "x", {"a": 1.0}),
                      Group("abcde", "abcde", {"abcdef": 0.85}, typing=True)) == (
        pytest.approx([1.0, 0.85 * 4.0]))


def test_an_inflected_word_being_typed_completes_from_its_stem() -> None:
    # nothing starts with "телефоны", but "телефон" (its stem) starts "телефонист"
    lex = Lexicon([("телефон", 5), ("телефонист", 2)], docs=10)
    (g,) = plan_query("телефоны", lex, NO_SYNONYMS).groups
    assert g.alts["телефон"] == 1.0
    assert g.alts["телефонист"] == pytest.approx(0.85 * (0.6 + 0.4 * (2 / 5) ** 0.5))


def test_a_word_known_as_typed_is_not_read_in_the_other_layout() -> None:
    # "ntktajx" is one edit from "ntktajy", "телефон" typed on the English layout
    lex = Lexicon([("телефон", 5), ("ntktajx", 1)], docs=10)
    assert alts(plan_query("телефон ", lex, NO_SYNONYMS)) == [{"телефон": 1.0}]


def test_a_typo_in_a_transliterated_word_weighs_as_both() -> None:
    lex = Lexicon([("телефон", 5)], docs=10)
    assert alts(plan_query("tklefon ", lex, NO_SYNONYMS)) == [{"телефон": round(0.7 * 0.95, 4)}]


def test_a_prefix_typed_on_the_wrong_layout_is_read_in_the_right_one_from_three_letters() -> None:
    # the word read matters beyond its completions: its letters find words an article's head
    # starts with while it is typed
    lex = Lexicon([("телефон", 5), ("тест", 2)], docs=10)
    assert [g.word for g in plan_query("ntk", lex, NO_SYNONYMS).groups] == ["тел"]
    assert [g.word for g in plan_query("ntkt", lex, NO_SYNONYMS).groups] == ["теле"]
    # two letters tell nothing about the layout: read as typed (both readings complete)
    (g,) = plan_query("nt", lex, NO_SYNONYMS).groups
    assert g.word == "nt" and set(g.alts) == {"телефон", "тест"}


def test_a_typo_typed_on_the_wrong_layout_is_read_in_the_right_one() -> None:
    # "nrktajy" is "тклефон" on the English layout: a correctable word beats an unknown one
    lex = Lexicon([("телефон", 5)], docs=10)
    (g,) = plan_query("nrktajy ", lex, NO_SYNONYMS).groups
    assert (g.word, g.alts) == ("тклефон", {"телефон": 0.7})


def test_a_known_word_on_the_other_layout_beats_a_typo_as_typed() -> None:
    # "cnfnec" is "статус" on the English layout, and one edit from the English stem "cnfnes"
    lex = Lexicon([("статус", 5), ("cnfnes", 1)], docs=10)
    assert alts(plan_query("cnfnec ", lex, NO_SYNONYMS)) == [{"статус": 1.0}]


def test_a_half_word_that_continues_a_head_phrase_reads_the_two_words_as_one() -> None:
    # «x ab…»: the head has «x» followed by a word starting «ab» (обещанный пл → обещанный платеж)
    # (every head has a word starting «ab», so the letters alone tell none apart)
    rows = [("plain", "abq r x", ""), ("phrase", "abq x abcdef", ""), ("apart", "abcdef q x", "")]
    scores = partial_scores(Group("ab", "ab", {"zzz": 0.85}, typing=True), rows)
    # two letters alone lift nothing here; going on from the word before they count as sure
    assert scores["apart"] == pytest.approx(scores["plain"], rel=1e-4)
    assert scores["phrase"] == pytest.approx(scores["plain"] * (1 + 2.0 * 0.75), rel=1e-4)
    # a stop word being typed is most likely that stop word, not the start of a phrase's word
    rows = [("plain", "q r x", ""), ("phrase", "q x заказ", "")]
    scores = partial_scores(Group("за", "за", {"zzz": 0.85}, typing=True), rows)
    assert scores["phrase"] == pytest.approx(scores["plain"], rel=1e-4)


def test_two_letters_being_typed_follow_the_layout_of_the_words_before() -> None:
    # «ку» is «re» on the other layout, and «re» is a known word: after words read as typed,
    # the two letters are read as typed too, while they start a known word that way
    lex = lexicon(("курьер", 2), ("где", 3), ("re", 2), ("repair", 2), ("where", 2))
    plan = plan_query("где ку", lex, NO_SYNONYMS)
    assert plan.groups[-1].word == "ку" and "re" not in plan.groups[-1].alts
    assert "курьер" in plan.groups[-1].alts
    # and a query typed on the wrong layout goes on in it: «ult re» is «где ку»
    plan = plan_query("ult re", lex, NO_SYNONYMS)
    assert plan.groups[-1].word == "ку" and "курьер" in plan.groups[-1].alts
    assert "re" not in plan.groups[-1].alts
    # alone, two letters still read both ways
    assert "re" in plan_query("ку", lex, NO_SYNONYMS).groups[-1].alts


def test_one_digit_being_typed_already_stands_for_the_numbers_it_begins() -> None:
    lex = lexicon(("тариф", 5), ("300", 2), ("350", 1), ("телефон", 4))
    assert {"300", "350"} <= set(plan_query("тариф 3", lex, NO_SYNONYMS).groups[-1].alts)
    assert len(plan_query("тариф т", lex, NO_SYNONYMS).groups) == 1  # one letter: anything
    # and it lifts the articles with such a number as surely as three letters would
    rows = [("plain", "x q r", ""), ("head", "x q 300", "")]
    scores = partial_scores(Group("3", "3", {"300": 0.85}, typing=True), rows)
    assert scores["head"] == pytest.approx(scores["plain"] * (1 + 2.0 * 0.5 * 0.85), rel=1e-4)


def test_a_typo_in_the_half_typed_word_reads_as_the_words_its_fix_begins() -> None:
    lex = lexicon(("автоплатеж", 3), ("автоматический", 5), ("оплата", 4))
    # «автоплот» begins nothing; one edit away, «автоплат» begins «автоплатеж»
    assert set(plan_query("автоплот", lex, NO_SYNONYMS).groups[-1].alts) == {"автоплатеж"}
    weight = plan_query("автоплот", lex, NO_SYNONYMS).groups[-1].alts["автоплатеж"]
    assert weight == pytest.approx(0.7 * 1.0 * min(1.0, 0.5 + 8 / 10))
    # a beginning that completes as typed is not read as a typo (the exact prefix is not
    # swamped: «автома» stays «автоматический» alone), and four letters are too few to fix
    assert set(plan_query("автома", lex, NO_SYNONYMS).groups[-1].alts) == {"автоматическ"}
    assert plan_query("авпо", lex, NO_SYNONYMS).groups == []
    assert lex.typo_completions("автоплот") == ["автоплатеж"]


def test_the_numbers_a_digit_being_typed_begins_lift_alike() -> None:
    # «3» alone is most likely the start of a longer number: the article that has the digit
    # itself is lifted no more than one with 300 or 350
    typed = Group("3", "3", {"3": 1.0, "300": 0.42, "350": 0.35}, typing=True)
    rows = [("plain", "x q r", ""), ("digit", "x q 3", ""), ("300", "x q 300", ""),
            ("350", "x q 350", "")]
    scores = partial_scores(typed, rows)
    lifted = scores["plain"] * (1 + 2.0 * 0.5 * 0.85)
    assert scores["digit"] == scores["300"] == scores["350"] == pytest.approx(lifted, rel=1e-4)


def test_a_word_known_only_through_a_translation_keeps_the_querys_language() -> None:
    # «починят» is a glossary word no article uses: its only reading is the English «fix»
    lex = lexicon(("fix", 2), ("сеть", 3), ("network", 3))
    sets = SynonymSets.compile([["починить", "починят", "fix"]])
    plan = plan_query("починят ", lex, sets)
    assert alts(plan) == [{"fix": 0.94}]
    assert plan.lang == "ru"
    assert plan_query("когда починят сеть ", lex, sets).lang == "ru"
    assert plan_query("fix network ", lex, sets).lang == "en"


def test_a_rare_word_of_when_or_where_does_not_outweigh_the_topic() -> None:
    # "tomorrow" is in one article only (very rare), "callback" names the other in its head
    words = lexicon(("callback", 20), ("tomorrow", 2), ("visit", 10), docs=100)
    plan = plan_query("callback tomorrow ", words, NO_SYNONYMS)
    assert [g.context for g in plan.groups] == [False, True]
    rows = [TermRow(1, "callback", "en", "procedure", "Callback", "callback", "call", 1),
            TermRow(2, "visit", "en", "procedure", "Visit", "visit",
                    "callback tomorrow visit", 1)]
    df = {"callback": 20, "tomorrow": 2, "visit": 10}
    ranked = rerank(plan, rows, 100, lambda t: df.get(t, 1))
    assert ranked[0].slug == "callback"
    # "после шести", "after 6": when, not what (a title saying "after the greeting" is no
    # answer to a callback after six): the hour is a circumstance and "после" adds nothing to
    # it; "после соединения" still names the situation
    words = lexicon(("перезвонить", 20), ("после", 3), ("6", 2), ("тишина", 4), ("соединения", 4),
                    docs=100)
    assert [(g.filler, g.context) for g in plan_query(
        "перезвонить после шести ", words, NO_SYNONYMS).groups] == [
        (False, False), (True, False), (False, True)]
    rows = [TermRow(1, "callback", "ru", "procedure", "Перезвонить абоненту", "перезвон", "", 1),
            TermRow(2, "silent", "ru", "difficult-case", "Тишина после соединения",
                    "тишин посл соединен перезвон", "", 1)]
    df = {"перезвон": 20, "посл": 3, "6": 2, "тишин": 4, "соединен": 4}
    plan = plan_query("перезвонить после шести ", words, NO_SYNONYMS)
    assert rerank(plan, rows, 100, lambda t: df.get(t, 1))[0].slug == "callback"
    assert [g.context for g in plan_query("тишина после соединения ", words, NO_SYNONYMS).groups
            ] == [False, False, False]


def test_a_quantifier_is_filler_and_no_glossary_phrase_is_read_through_it() -> None:
    # «весь дом» ↔ "whole building": "building" stands for «дом», never for the rare «весь»
    glossary = SynonymSets.compile([["весь дом", "whole building"]])
    words = lexicon(("весь", 1), ("дом", 30), ("whole", 1), ("building", 5), docs=100)
    plan = plan_query("whole building ", words, glossary)
    whole, building = plan.groups
    assert whole.filler
    assert cached_stem("весь") not in building.alts
    assert cached_stem("дом") in building.alts
