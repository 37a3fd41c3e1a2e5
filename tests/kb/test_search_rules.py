"""The ranking and planning rules of kb.search, one by one, on hand-built lexicons and rows.

Each test states one rule of the search pipeline (query planning, first-stage retrieval,
reranking, language collapse, snippets) through the module's public functions, on inputs small
enough that the expected outcome can be worked out by hand.
"""

from __future__ import annotations

import numpy as np
import pytest

from kb.analysis import cached_stem, fold, stems
from kb.lexicon import PREFIX_CAP, Lexicon
from kb.regional import russian_beginning, russian_reading
from kb.search import (
    MAX_GROUPS,
    MAX_QUERY_CHARS,
    TITLED_ACTION_MISSING,
    W_BRIDGE,
    W_DERIVED,
    W_ENDING_TYPO,
    W_KEY_SLIP,
    W_SYNONYM,
    W_TYPO,
    Candidate,
    Group,
    QueryPlan,
    Retrieval,
    SynonymSets,
    _body_cover,
    _marked_shortenings,
    _phrase_pairs,
    collapse_languages,
    completion_cap,
    first_stage,
    fts_match,
    group_importance,
    hold_first,
    idf,
    make_hits,
    mid_word,
    plan_query,
    rerank,
    retrievals,
    snippet,
    term_pattern,
)
from kb.store import TermRow

NO_SYNONYMS = SynonymSets([])


def lexicon(*words: tuple[str, int], docs: int = 100) -> Lexicon:
    """A lexicon of the stems of ``words`` with the given document frequencies."""
    return Lexicon([(cached_stem(w), n) for w, n in words], docs=docs)


def alts(plan: QueryPlan) -> list[dict[str, float]]:
    return [{t: round(w, 4) for t, w in g.alts.items()} for g in plan.groups]


def groups_of(text: str, lex: Lexicon) -> dict[str, Group]:
    """The groups of ``text``'s plan (no synonym sets), by the word each was read from."""
    return groups_of_with(text, lex, NO_SYNONYMS)


def groups_of_with(text: str, lex: Lexicon, sets: SynonymSets) -> dict[str, Group]:
    """The groups of ``text``'s plan with ``sets``, by the word each was read from."""
    return {g.word: g for g in plan_query(text, lex, sets).groups}


def row(i: int, slug: str, head: str, body: str = "", lang: str = "ru",
        kind: str = "product") -> TermRow:
    return TermRow(i, slug, lang, kind, slug.title(), head, body, 1)


# -- planning --------------------------------------------------------------------------------------


def test_empty_and_overlong_texts_plan_nothing() -> None:
    lex = lexicon(("телефон", 3))
    assert plan_query("", lex, NO_SYNONYMS).groups == []
    longest = "телефон " + "x" * (MAX_QUERY_CHARS - 8)
    assert len(longest) == MAX_QUERY_CHARS
    assert alts(plan_query(longest, lex, NO_SYNONYMS))[0] == {"телефон": 1.0}
    overlong = plan_query(longest + " ", lex, NO_SYNONYMS)
    assert overlong.groups == [] and overlong.lang is None


def test_finished_known_word_is_its_stem_at_full_weight() -> None:
    plan = plan_query("телефоны ", lexicon(("телефон", 3)), NO_SYNONYMS)
    assert alts(plan) == [{"телефон": 1.0}]
    assert plan.lang == "ru"
    g = plan.groups[0]
    assert (g.word, g.stem, g.typing, g.filler, g.action) == (
        "телефоны", "телефон", False, False, False)


def test_unknown_finished_word_is_dropped() -> None:
    assert plan_query("самолёт ", lexicon(("телефон", 3)), NO_SYNONYMS).groups == []


def test_first_letter_of_a_word_means_nothing_yet() -> None:
    lex = lexicon(("телефон", 3), ("тариф", 2))
    assert plan_query("т", lex, NO_SYNONYMS).groups == []
    assert mid_word(plan_query("телефон т", lex, NO_SYNONYMS)) is False  # "т" forms no group


def test_word_being_typed_completes_to_frequent_stems_first() -> None:
    lex = lexicon(("телефон", 16), ("телевизор", 4), ("тариф", 9))
    plan = plan_query("тел", lex, NO_SYNONYMS)
    (g,) = plan.groups
    assert g.typing
    # prefix weight 0.85 * (0.5 + 3/10); the rarer completion by the square root of its share
    top = 0.85 * 0.8
    assert g.alts["телефон"] == pytest.approx(top)
    assert g.alts[cached_stem("телевизор")] == pytest.approx(top * (0.6 + 0.4 * 0.5))
    assert "тариф" not in g.alts
    # five letters and more weigh as a prefix fully (0.5 + 5/10 = 1)
    (g5,) = plan_query("телеф", lex, NO_SYNONYMS).groups
    assert g5.alts == {"телефон": pytest.approx(0.85)}


def test_two_letters_complete_to_few_words_more_letters_to_more() -> None:
    assert completion_cap("ab") == completion_cap("abc") == PREFIX_CAP
    assert completion_cap("abcd") == 3 * PREFIX_CAP
    many = [(f"глу{chr(ord('а') + i)}ка", 50 - i) for i in range(3 * PREFIX_CAP + 4)]
    lex = Lexicon([(w, n) for w, n in many], docs=100)
    assert len(plan_query("гл", lex, NO_SYNONYMS).groups[0].alts) == PREFIX_CAP
    assert len(plan_query("глу", lex, NO_SYNONYMS).groups[0].alts) == PREFIX_CAP
    # four letters narrow down: rarer words the operator may mean are found too
    lex4 = Lexicon([(f"глуа{chr(ord('а') + i)}", 50 - i) for i in range(3 * PREFIX_CAP + 4)],
                   docs=100)
    assert len(plan_query("глуа", lex4, NO_SYNONYMS).groups[0].alts) == 3 * PREFIX_CAP


def test_finished_word_is_not_completed() -> None:
    lex = lexicon(("телефон", 3), ("тел", 1))
    assert alts(plan_query("тел ", lex, NO_SYNONYMS)) == [{"тел": 1.0}]


def test_typo_corrections_weigh_by_distance() -> None:
    assert W_TYPO == {1: 0.7, 2: 0.55}
    lex = lexicon(("телефон", 3), ("консультация", 2))
    assert alts(plan_query("тклефон ", lex, NO_SYNONYMS)) == [{"телефон": 0.7}]
    # nine letters and more: two edits
    assert alts(plan_query("кансультацыя ", lex, NO_SYNONYMS)) == [
        {cached_stem("консультация"): 0.55}]
    # four letters: no correction at all
    assert plan_query("тлфн ", lexicon(("тлфа", 3)), NO_SYNONYMS).groups == []


def test_a_short_stem_of_a_longer_word_is_not_read_as_a_typo() -> None:
    # "ловит" is a verb the KB does not use; its stem "лов" is one edit from "зов", "нов" and
    # "слов", words the caller never said
    lex = lexicon(("зов", 3), ("новый", 3), ("слово", 3), ("телефон", 3))
    assert cached_stem("ловит") == "лов"
    assert plan_query("ловит ", lex, NO_SYNONYMS).groups == []
    # a typo in the word itself is still read
    assert alts(plan_query("тклефон ", lex, NO_SYNONYMS)) == [{"телефон": 0.7}]


def test_a_verb_the_stemmer_keeps_whole_reads_as_its_other_forms_too() -> None:
    # "заберёт" and "заберут" stay two stems: the courier page says one, the query the other
    lex = lexicon(("заберут", 3), ("заберёт", 2), ("пакет", 5), ("пакут", 1))
    assert alts(plan_query("заберёт ", lex, NO_SYNONYMS)) == [{"заберет": 1.0, "заберут": 0.85}]
    # a short word ending so is a noun as often as a verb: read as typed only
    assert alts(plan_query("пакет ", lex, NO_SYNONYMS)) == [{"пакет": 1.0}]


def test_a_typo_only_in_the_ending_reads_nearly_as_the_stem() -> None:
    lex = lexicon(("жалоба", 3), ("телефон", 3))
    stem = cached_stem("жалоба")
    # the stem typed whole, a wrong letter after it: surer than a typo inside the word
    assert alts(plan_query("жалобц ", lex, NO_SYNONYMS)) == [{stem: 0.85}]
    assert alts(plan_query("жплоба ", lex, NO_SYNONYMS)) == [{stem: 0.7}]
    # still below an exactly typed word: a mended ending never outweighs it
    plan = plan_query("жалобц телефон ", lex, NO_SYNONYMS)
    assert max(plan.groups[0].alts.values()) < max(plan.groups[1].alts.values())


def test_a_letter_swapped_for_one_that_sounds_alike_reads_nearly_as_the_word() -> None:
    # spelt by ear: a final "д" sounds "т", "ы" after "ц" sounds "и"
    lex = lexicon(("переезд", 3), ("перевезти", 3), ("акции", 3))
    # (the word as heard, not a one-edit neighbour that only looks alike)
    assert alts(plan_query("переезт ", lex, NO_SYNONYMS)) == [{cached_stem("переезд"): 0.85}]
    assert alts(plan_query("акцыи ", lex, NO_SYNONYMS)) == [{cached_stem("акции"): 0.85}]
    # any other substitution stays an ordinary typo
    assert alts(plan_query("перемзд ", lex, NO_SYNONYMS)) == [{cached_stem("переезд"): 0.7}]


def test_a_word_written_by_ear_reads_as_it_sounds_past_one_edit() -> None:
    # two unstressed vowels written as heard: "гаварит" is "говорит", not the one-edit "аварит"
    lex = lexicon(("говорит", 3), ("авария", 3), ("молчит", 3))
    assert alts(plan_query("гаварит ", lex, NO_SYNONYMS)) == [{cached_stem("говорит"): 0.85}]
    assert alts(plan_query("малчит ", lex, NO_SYNONYMS)) == [{cached_stem("молчит"): 0.85}]
    # "ё" after a hushing consonant written "о", "е" written "и"
    lex = lexicon(("пришел", 3))
    assert alts(plan_query("прешол ", lex, NO_SYNONYMS)) == [{cached_stem("пришел"): 0.85}]
    # a consonant written once for two, and "тся" for "ться"
    lex = lexicon(("медленно", 3), ("подключиться", 3))
    assert alts(plan_query("медлинно ", lex, NO_SYNONYMS)) == [{cached_stem("медленно"): 0.85}]
    assert alts(plan_query("падключится ", lex, NO_SYNONYMS)) == [
        {cached_stem("подключиться"): 0.85}]
    # a word spelt right is read as spelt
    lex = lexicon(("говорит", 3), ("гаваи", 3))
    assert alts(plan_query("говорит ", lex, NO_SYNONYMS)) == [{cached_stem("говорит"): 1.0}]


def test_ni_before_a_word_is_the_particle_ne_written_by_ear() -> None:
    lex = lexicon(("ни", 3), ("мастер", 3))
    assert [g.filler for g in plan_query("мастер ни ", lex, NO_SYNONYMS).groups] == [False, True]


def test_a_pronoun_typed_last_is_a_finished_word_not_a_beginning() -> None:
    # "у него" ends the query: the pronoun begins "негодует" by its letters, not by intent, and
    # is one edit from "нет"; a two-letter stop word or "нас" may still begin a topic word
    lex = lexicon(("роутер", 5), ("негодует", 1), ("нет", 9), ("настройка", 4))
    for typed in ("роутер у него", "роутер у нее", "роутер у неё", "роутер ему",
                  "роутер з нею", "роутер у нього"):
        assert alts(plan_query(typed, lex, NO_SYNONYMS)) == [{"роутер": 1.0}], typed
    assert "нет" in alts(plan_query("роутер не", lex, NO_SYNONYMS))[-1]
    assert cached_stem("настройка") in alts(plan_query("роутер нас", lex, NO_SYNONYMS))[-1]
    # ... and English "you" is no "young" on its way
    lex = lexicon(("number", 5), ("young", 3), ("yourself", 2))
    assert alts(plan_query("number to you", lex, NO_SYNONYMS)) == [{"number": 1.0}]


def test_neither_nor_reads_as_absence() -> None:
    # "ни интернета ни тв": both are missing, as "нет интернета"; each «ни» weighs as a negation
    # and stops the word after it reading as a request; one «ни» stays the by-ear «не»
    lex = lexicon(("ни", 3), ("нет", 9), ("интернет", 5), ("тв", 5), ("подключить", 4))
    plan = plan_query("ни подключить ни тв ", lex, NO_SYNONYMS)
    neither = [g for g in plan.groups if g.word == "ни"]
    assert [g.alts for g in neither] == [{"нет": 1.0}, {"нет": 1.0}]
    assert all(g.negation and not g.filler for g in neither)
    assert not plan.groups[1].action  # "ни подключить": not a request to connect
    (single, _) = plan_query("интернет ни ", lex, NO_SYNONYMS).groups[::-1]
    assert single.filler and "нет" not in single.alts
    # English "neither … nor" alike, as "no"; "neither" alone is left as typed
    en = lexicon(("no", 9), ("neither", 1), ("nor", 1), ("tv", 5), ("internet", 5))
    plan = plan_query("neither tv nor internet ", en, NO_SYNONYMS)
    assert [g.alts for g in plan.groups if g.negation] == [{"no": 1.0}, {"no": 1.0}]
    assert alts(plan_query("neither tv ", en, NO_SYNONYMS))[0] == {"neither": 1.0}
    # «ни туда ни сюда» before filler only is the idiom for so-so: no absence
    plan = plan_query("интернет ни туда ни сюда ", lex, NO_SYNONYMS)
    assert not any(g.negation for g in plan.groups)


def test_a_known_word_gets_no_typo_readings() -> None:
    lex = lexicon(("кошка", 3), ("кошки", 3), ("мошка", 2))
    plan = plan_query("мошка ", lex, NO_SYNONYMS)
    assert alts(plan) == [{cached_stem("мошка"): 1.0}]


def test_wrong_layout_reading_wins_when_it_is_known() -> None:
    lex = lexicon(("телефон", 3))
    plan = plan_query("ntktajy ", lex, NO_SYNONYMS)
    assert alts(plan) == [{"телефон": 1.0}]
    assert plan.lang == "ru"


def test_both_layout_readings_kept_when_both_are_known() -> None:
    # "ghjdfqlth" is "провайдер" in the other layout; both words are in the KB
    lex = Lexicon([("ghjdfqlth", 1), (cached_stem("провайдер"), 5)], docs=10)
    plan = plan_query("ghjdfqlth ", lex, NO_SYNONYMS)
    assert alts(plan) == [{cached_stem("провайдер"): 1.0, "ghjdfqlth": 1.0}]


def test_transliterated_russian_outvotes_a_typo_in_the_other_layout() -> None:
    # "ushel" on the other layout is "гыруд", one edit from "груд": the transliteration "ушел"
    # is a known word, so the Latin reading wins; "v" is the stop word "в" spelt in Latin
    lex = lexicon(("ушел", 2), ("груди", 3), ("минус", 2), ("м", 2))
    plan = plan_query("ushel v minus ", lex, NO_SYNONYMS)
    assert [(g.word, set(g.alts)) for g in plan.groups] == [
        ("ushel", {cached_stem("ушел")}), ("minus", {cached_stem("минус")})]


def test_a_stop_word_is_not_outvoted_by_two_latin_letters_read_as_russian() -> None:
    # "ну" on the other layout is "ye", which transliterates to the stem "е": two letters
    # spell something in either layout, so that reading is as weak as the stop word typed
    lex = lexicon(("е", 5), ("заявка", 3))
    plan = plan_query("ну вот заявка ", lex, NO_SYNONYMS)
    assert [g.word for g in plan.groups] == ["заявка"]


def test_latin_word_unknown_as_typed_is_read_as_transliterated_russian() -> None:
    lex = lexicon(("тариф", 4), ("tariff", 1))
    plan = plan_query("tarif ", lex, NO_SYNONYMS)
    # (one «f» of "tariff" typed once: surely that word too, but weaker than the Russian one)
    assert alts(plan) == [{"tariff": W_KEY_SLIP, "тариф": 0.95}]
    assert plan.lang == "ru"  # the language the word was read as, not the letters typed
    # a two-edit reading of the Latin word is weaker than a known Russian one: dropped
    typo = lexicon(("podkluchenia", 1))
    assert alts(plan_query("podklyuchenie ", typo, NO_SYNONYMS)) == [{"podkluchenia": 0.55}]
    both = lexicon(("podkluchenia", 1), ("подключение", 3))
    assert alts(plan_query("podklyuchenie ", both, NO_SYNONYMS)) == [
        {cached_stem("подключение"): 0.95}]
    # a transliterated word being typed completes like any other
    typing = plan_query("podkl", lexicon(("подключение", 3)), NO_SYNONYMS)
    assert alts(typing) == [{cached_stem("подключение"): round(0.85 * 0.95, 4)}]
    # an English word known as typed is not transliterated
    assert alts(plan_query("tariff ", lex, NO_SYNONYMS)) == [{"tariff": 1.0}]


def test_cyrillic_on_the_wrong_layout_is_not_also_russian_spelt_in_latin() -> None:
    # "еще" on the other layout is "tot", which spells «тот»: two slips at once, so the word
    # stays as typed (unknown: dropped) and no «тот» joins the query
    lex = lexicon(("пауза", 3), ("тот", 2))
    plan = plan_query("пауза еще ", lex, NO_SYNONYMS)
    assert [g.word for g in plan.groups] == ["пауза"]
    # Latin letters typed are still read as Russian spelt so
    assert alts(plan_query("tot ", lex, NO_SYNONYMS)) == [{"тот": 0.95}]


def test_word_typed_after_transliterated_russian_is_read_transliterated_too() -> None:
    # "dog" is an English word, but after "rastorgnut" (Russian spelt in Latin letters) the
    # word being typed is most likely spelt so too: "дог…", on its way to "договор"
    lex = lexicon(("расторгнуть", 2), ("договор", 4), ("dog", 1))
    plan = plan_query("rastorgnut dog", lex, NO_SYNONYMS)
    assert cached_stem("договор") in plan.groups[-1].alts
    assert "dog" in plan.groups[-1].alts
    # after an English word the English one stands alone
    english = plan_query("big dog", lexicon(("big", 2), ("договор", 4), ("dog", 1)), NO_SYNONYMS)
    assert alts(english)[-1] == {"dog": 1.0}


def test_a_verb_spelt_in_latin_letters_names_an_action() -> None:
    # "smena tarifa" asks for the change as "смена тарифа" does: the object then decides
    lex = lexicon(("смена", 3), ("тариф", 4), ("поменять", 2), ("адрес", 3))
    assert [g.action for g in plan_query("smena tarifa ", lex, NO_SYNONYMS).groups] == [
        True, False]
    assert plan_query("pomenyat adres ", lex, NO_SYNONYMS).groups[0].action
    # an English word known as typed is read as English
    assert not plan_query("tarif ", lex, NO_SYNONYMS).groups[0].action


def test_synonym_sets_read_a_word_spelt_in_latin_letters_as_its_russian() -> None:
    # "vernut router" is "вернуть роутер": the set pairing the verb with the noun the pages use
    # ("возврат") applies to it as to the Cyrillic word
    lex = lexicon(("вернуть", 2), ("возврат", 5), ("роутер", 6))
    sets = SynonymSets.compile([["вернуть", "возврат"]])
    plan = plan_query("vernut routera ", lex, sets)
    assert plan.groups[0].alts.get(cached_stem("возврат")) == 0.9


def test_a_negated_synonym_entry_matches_only_a_word_said_negated() -> None:
    # "не пришел" in a set with "неявка": a master who came is no no-show, one who did not is;
    # the word's own set of plain synonyms applies either way
    lex = lexicon(("пришел", 3), ("неявка", 2), ("явился", 2), ("мастер", 6))
    sets = SynonymSets.compile([["неявка", "не пришел"], ["явился", "пришел"]])
    came = groups_of_with("мастер пришел вечером ", lex, sets)["пришел"]
    missed = groups_of_with("мастер не пришел ", lex, sets)["пришел"]
    assert cached_stem("неявка") not in came.alts and cached_stem("явился") in came.alts
    assert cached_stem("неявка") in missed.alts


def test_a_mistyped_word_reads_as_its_one_correction_synonyms_and_action_too() -> None:
    # "перезвноить" (two letters swapped) is "перезвонить": a request to call back, standing
    # for the set's other words as surely as the correction itself
    lex = lexicon(("перезвонить", 2), ("обратный", 5), ("звонок", 5), ("абонент", 9))
    sets = SynonymSets.compile([["перезвонить", "обратный звонок"]])
    g = plan_query("перезвноить абоненту ", lex, sets).groups[0]
    assert g.action
    sure = g.alts[cached_stem("перезвонить")]
    assert sure < 1.0
    assert g.alts[f"{cached_stem('обратный')} {cached_stem('звонок')}"] == pytest.approx(0.9 * sure)


def test_a_finished_word_no_article_has_is_shorthand_for_the_words_it_begins() -> None:
    lex = lexicon(("абонент", 9), ("абонемент", 1), ("расторгнуть", 2))
    g = plan_query("абон расторгнуть ", lex, NO_SYNONYMS).groups[0]
    # the frequent completion most, a rare one less, both below a word typed whole
    assert g.alts[cached_stem("абонент")] > g.alts[cached_stem("абонемент")] > 0.0
    assert g.alts[cached_stem("абонент")] < 1.0
    # two letters begin too much to stand for anything
    assert [g.word for g in plan_query("ра расторгнуть ", lex, NO_SYNONYMS).groups] == [
        "расторгнуть"]
    # but the operators' own shorthand for the caller, «аб.» and «кл.», is the caller
    assert [g.word for g in plan_query("аб. расторгнуть ", lex, NO_SYNONYMS).groups] == [
        "абонент", "расторгнуть"]
    with_client = lexicon(("клиент", 3), ("расторгнуть", 2))
    assert plan_query("кл. расторгнуть ", with_client, NO_SYNONYMS).groups[0].word == "клиент"


def test_an_unknown_long_word_reads_as_the_known_words_sharing_its_long_beginning() -> None:
    lex = lexicon(("идентификация", 4), ("идентификатор", 1), ("абонент", 9),
                  ("перепродажа", 2))
    # "идентифицировать": the verb of the articles' noun, a little below a typed word
    plan = plan_query("идентифицировать абонента ", lex, NO_SYNONYMS)
    read = plan.groups[0].alts
    assert set(read) == {cached_stem("идентификация"), cached_stem("идентификатор")}
    assert max(read.values()) < 0.75
    assert read[cached_stem("идентификация")] > read[cached_stem("идентификатор")]
    # six shared letters make no cognate: "перепривязать" is not "перепродажа"...
    assert plan_query("перепривязать ", lex, NO_SYNONYMS).groups == []
    # ... unless they are more than half the word: "задолжнасть" is "задолженность" misspelt
    # past what a typo reading mends
    lex = lexicon(("задолженность", 3), ("абонент", 9))
    assert set(plan_query("задолжнасть ", lex, NO_SYNONYMS).groups[0].alts) == {
        cached_stem("задолженность")}


def test_a_latin_word_read_whole_as_russian_is_no_half_word() -> None:
    # "smena tarifa" with no space after it: "tarifa" is the whole word "тарифа", as if typed so
    lex = lexicon(("смена", 3), ("тариф", 4), ("тарифный", 1))
    assert not mid_word(plan_query("smena tarifa", lex, NO_SYNONYMS))
    assert mid_word(plan_query("smena tari", lex, NO_SYNONYMS))


def test_stop_words_never_form_a_group_filler_weighs_little() -> None:
    lex = lexicon(("phone", 5), ("how", 9), ("the", 50))
    plan = plan_query("how the phone ", lex, NO_SYNONYMS)
    assert [g.word for g in plan.groups] == ["how", "phone"]
    assert [g.filler for g in plan.groups] == [True, False]
    assert plan.lang == "en"


def test_how_often_weighs_like_filler() -> None:
    # "twice", "дважды" say how often, not what: a rare one must not outweigh the topic word
    lex = lexicon(("charged", 9), ("twice", 1), ("списали", 9), ("дважды", 1))
    assert [g.filler for g in plan_query("charged twice ", lex, NO_SYNONYMS).groups] == [
        False, True]
    assert [g.filler for g in plan_query("дважды списали ", lex, NO_SYNONYMS).groups] == [
        True, False]


def test_a_question_announced_weighs_like_filler() -> None:
    lex = lexicon(("вопрос", 20), ("вопросов", 20), ("роутер", 9))
    plan = plan_query("такой вопрос роутер ", lex, NO_SYNONYMS)
    assert [(g.word, g.filler) for g in plan.groups] == [("вопрос", True), ("роутер", False)]
    # "много вопросов" names a situation: that form stays a topic word
    assert not plan_query("вопросов роутер ", lex, NO_SYNONYMS).groups[0].filler


def test_a_superlative_or_a_hesitation_weighs_like_filler() -> None:
    # "самый дешевый тариф": the topic is the cheap tariff; "ну это самое, где заявка": a pause
    lex = lexicon(("самый", 30), ("дешевый", 2), ("тариф", 9), ("заявка", 5))
    plan = plan_query("самый дешевый тариф ", lex, NO_SYNONYMS)
    assert [g.filler for g in plan.groups] == [True, False, False]
    plan = plan_query("это самое заявка ", lex, NO_SYNONYMS)
    assert [(g.word, g.filler) for g in plan.groups] == [("самое", True), ("заявка", False)]


def test_a_spoken_intensifier_weighs_like_filler() -> None:
    # "тупо молчит" is a caller who just says nothing: "тупо" stems like "тупит" (a computer
    # lagging) but intensifies the verb after it, as "прямо" or "совсем" do
    lex = lexicon(("туп", 4), ("молч", 2))
    plan = plan_query("тупо молчит ", lex, NO_SYNONYMS)
    assert [(g.word, g.filler) for g in plan.groups] == [("тупо", True), ("молчит", False)]
    # "намного ниже": how much lower, not "много"
    lex = lexicon(("скорость", 4), ("много", 3), ("ниже", 2))
    plan = plan_query("скорость намного ниже ", lex, NO_SYNONYMS)
    assert [g.word for g in plan.groups if not g.filler] == ["скорость", "ниже"]
    # nor is it "на много" run together while it is typed
    plan = plan_query("скорость намног", lex, NO_SYNONYMS)
    assert not any("мног" in g.alts for g in plan.groups)
    # the verb itself stays a topic word
    assert not plan_query("комп тупит ", lexicon(("комп", 3), ("туп", 4)), NO_SYNONYMS
                          ).groups[1].filler


def test_other_weighs_like_filler() -> None:
    # "на другой адрес" is a move to a new address, not about some "other" thing: the rare
    # word must not outweigh the topic
    lex = lexicon(("переезд", 3), ("другой", 1), ("адрес", 9), ("another", 1), ("address", 9))
    plan = plan_query("переезд на другой адрес ", lex, NO_SYNONYMS)
    assert [(g.word, g.filler) for g in plan.groups] == [
        ("переезд", False), ("другой", True), ("адрес", False)]
    assert [g.filler for g in plan_query("another address ", lex, NO_SYNONYMS).groups] == [
        True, False]

def test_english_words_of_kind_and_quantity_weigh_like_filler() -> None:
    lex = lexicon(("both", 2), ("internet", 9), ("tv", 6), ("kind", 1), ("combo", 3),
                  ("anything", 1), ("request", 5))
    plan = plan_query("both internet and tv, some kind of combo ", lex, NO_SYNONYMS)
    assert [(g.word, g.filler) for g in plan.groups] == [
        ("both", True), ("internet", False), ("tv", False), ("kind", True), ("combo", False)]
    assert groups_of("request, not heard anything ", lex)["anything"].filler


def test_a_word_turning_to_the_operator_weighs_like_filler() -> None:
    # "слушайте, сколько стоит приставка": the caller holds the turn; the word must not reach
    # an article where the operator is told to listen. "не слушает" (the caller) stays a topic.
    lex = lexicon(("слушает", 3), ("смотреть", 5), ("приставка", 9), ("тариф", 9), ("поменять", 4))
    plan = plan_query("слушайте приставка ", lex, NO_SYNONYMS)
    assert [(g.word, g.filler) for g in plan.groups] == [("слушайте", True), ("приставка", False)]
    plan = plan_query("смотрите поменять тариф ", lex, NO_SYNONYMS)
    assert [g.filler for g in plan.groups] == [True, False, False]
    assert not plan_query("не слушает ", lex, NO_SYNONYMS).groups[0].filler


def test_keep_before_an_ing_form_says_it_goes_on() -> None:
    # "videos keep buffering" is the buffering; "keep" itself is no topic there (the app that
    # "keeps crashing" is another article's tag), while "keep my number" asks to keep it
    lex = lexicon(("video", 5), ("keep", 3), ("buffering", 2), ("number", 9))
    assert [g.filler for g in plan_query("video keeps buffering ", lex, NO_SYNONYMS).groups] == [
        False, True, False]
    assert [g.filler for g in plan_query("keep number ", lex, NO_SYNONYMS).groups] == [
        False, False]


def test_nothing_but_filler_is_the_query() -> None:
    plan = plan_query("how much ", lexicon(("how", 9), ("much", 3)), NO_SYNONYMS)
    assert [g.filler for g in plan.groups] == [False, False]


def test_a_filler_word_being_typed_is_filler_already() -> None:
    plan = plan_query("phone cou", lexicon(("phone", 5), ("count", 2)), NO_SYNONYMS)
    assert [g.filler for g in plan.groups] == [False, True]
    done = plan_query("phone cou ", lexicon(("phone", 5), ("cou", 2)), NO_SYNONYMS)
    assert [g.filler for g in done.groups] == [False, False]


def test_action_verbs_are_marked() -> None:
    plan = plan_query("cancel order ", lexicon(("cancel", 5), ("order", 5)), NO_SYNONYMS)
    assert [g.action for g in plan.groups] == [True, True]
    plan = plan_query("phone ", lexicon(("phone", 5)), NO_SYNONYMS)
    assert [g.action for g in plan.groups] == [False]


def test_the_noun_of_an_action_is_an_action_too() -> None:
    lex = lexicon(("доставка", 3), ("доставить", 2), ("роутер", 4), ("оплата", 3))
    sets = SynonymSets.compile([["доставить", "доставка"]])
    plan = plan_query("доставка роутера ", lex, sets)
    assert [g.action for g in plan.groups] == [True, False]
    # a noun sharing its verb's stem ("оплата", "оплатить") without a synonym set
    assert plan_query("оплата ", lex, NO_SYNONYMS).groups[0].action


def test_the_noun_a_mistyped_word_corrects_to_is_an_action_too() -> None:
    # "досавка": one key short of «доставка», the noun of delivering, and as much an action
    lex = lexicon(("доставка", 3), ("доставить", 2), ("роутер", 4))
    sets = SynonymSets.compile([["доставить", "доставка"]])
    plan = plan_query("досавка роутера ", lex, sets)
    assert [g.action for g in plan.groups] == [True, False]
    assert not plan_query("досавка роутера ", lex, NO_SYNONYMS).groups[0].action


def test_a_missing_thing_is_no_action() -> None:
    # "no connection", "нет оплаты": a state the caller reports, not an action asked for
    lex = lexicon(("no", 5), ("connection", 3), ("нет", 5), ("оплаты", 3))
    assert plan_query("connection ", lex, NO_SYNONYMS).groups[0].action
    assert [g.action for g in plan_query("no connection ", lex, NO_SYNONYMS).groups] == [
        False, False]
    assert plan_query("оплаты ", lex, NO_SYNONYMS).groups[0].action
    assert not plan_query("нет оплаты ", lex, NO_SYNONYMS).groups[1].action


def test_words_after_a_context_marker_are_context_when_a_topic_came_first() -> None:
    lex = lexicon(("директора", 1), ("возврата", 3), ("роутера", 5), ("просит", 2),
                  ("поводу", 1), ("орет", 1), ("долга", 4))
    plan = plan_query("просит директора по поводу возврата роутера ", lex, NO_SYNONYMS)
    assert [(g.word, g.context) for g in plan.groups] == [
        ("просит", False), ("директора", False), ("поводу", False), ("возврата", True),
        ("роутера", True)]
    for text in ("орет из-за долга ", "орет из за долга "):
        assert [g.context for g in plan_query(text, lex, NO_SYNONYMS).groups] == [False, True]
    # no topic before the marker: the words after it are the topic
    plan = plan_query("просит по поводу роутера ", lex, NO_SYNONYMS)
    assert not any(g.context for g in plan.groups)


def test_regional_question_words_are_filler_and_days_and_weeks_ago_are_circumstances() -> None:
    # (words a floor's own articles may use too: "Скільки коштує…" in a Ukrainian reply)
    lex = lexicon(("роутер", 5), ("списали", 3), ("деньги", 4), ("pay", 2), ("скильки", 1),
                  ("коштуе", 1), ("канша", 1), ("турады", 1), ("субботу", 1), ("неделю", 1),
                  ("назад", 1), ("must", 1), ("since", 1), ("monday", 1))
    plan = plan_query("скільки коштує роутер ", lex, NO_SYNONYMS)
    assert [(g.word, g.filler) for g in plan.groups] == [
        ("скильки", True), ("коштуе", True), ("роутер", False)]
    assert [g.filler for g in plan_query("қанша тұрады роутер ", lex, NO_SYNONYMS).groups] == [
        True, True, False]
    plan = plan_query("списали деньги в субботу неделю назад ", lex, NO_SYNONYMS)
    assert [(g.word, g.context) for g in plan.groups] == [
        ("списали", False), ("деньги", False), ("субботу", True), ("неделю", True),
        ("назад", True)]
    plan = plan_query("must pay since monday ", lex, NO_SYNONYMS)
    assert [(g.word, g.filler or g.context) for g in plan.groups] == [
        ("must", True), ("pay", False), ("since", True), ("monday", True)]


def test_after_lunch_says_when_not_what() -> None:
    # "обида" (a grudge) is one edit from "обеда": lunch is when to call back, no difficult case
    lex = lexicon(("перезвонить", 3), ("после", 2), ("обида", 2), ("обед", 1))
    plan = plan_query("перезвонить после обеда ", lex, NO_SYNONYMS)
    assert [(g.word, g.filler, g.context) for g in plan.groups] == [
        ("перезвонить", False, False), ("после", True, False), ("обеда", False, True)]


def test_a_compound_word_also_stands_for_its_second_part() -> None:
    lex = lexicon(("каналы", 4), ("платеж", 3))
    plan = plan_query("телеканалы автоплатеж ", lex, NO_SYNONYMS)
    assert alts(plan) == [{"канал": 0.8}, {cached_stem("платеж"): 0.8}]
    # only when the part is long enough to mean something
    assert plan_query("телек ", lexicon(("к", 1)), NO_SYNONYMS).groups == []


def test_negations_are_marked() -> None:
    lex = lexicon(("technician", 5), ("didn", 2), ("come", 4))
    plan = plan_query("technician didn't come ", lex, NO_SYNONYMS)
    assert [(g.word, g.negation, g.filler) for g in plan.groups] == [
        ("technician", False, False), ("didn", True, False), ("come", False, False)]


def test_at_most_max_groups_words_count() -> None:
    words = [f"слово{chr(ord('а') + i)}" for i in range(MAX_GROUPS + 3)]
    lex = Lexicon([(cached_stem(w), 2) for w in words], docs=50)
    plan = plan_query(" ".join(words) + " ", lex, NO_SYNONYMS)
    assert [g.word for g in plan.groups] == words[:MAX_GROUPS]


def test_query_language_is_the_majority_of_what_words_read_as() -> None:
    lex = lexicon(("телефон", 3), ("phone", 3), ("battery", 2), ("доставка", 2))
    assert plan_query("phone battery телефон ", lex, NO_SYNONYMS).lang == "en"
    assert plan_query("телефон доставка phone ", lex, NO_SYNONYMS).lang == "ru"
    assert plan_query("phone телефон ", lex, NO_SYNONYMS).lang == "ru"  # tie: letters vote


def test_synonym_sets_compile_to_distinct_stem_sequences() -> None:
    compiled = SynonymSets.compile([
        ["мат", "нецензурная брань"],
        ["the", "a"],  # stop words only: nothing left
        ["телефон", "телефоны"],  # one stem twice: not a set
        ["договор", "the", "контракт"],
    ])
    assert compiled.sets == [
        [("мат",), (cached_stem("нецензурная"), cached_stem("брань"))],
        [(cached_stem("договор"),), (cached_stem("контракт"),)],
    ]


def test_synonyms_stand_for_the_word_slightly_below_it() -> None:
    lex = lexicon(("мат", 1), ("брань", 3), ("нецензурная", 2), ("swearing", 2))
    sets = SynonymSets.compile([["мат", "нецензурная брань", "swearing"]])
    plan = plan_query("мат ", lex, sets)
    # a several-word entry as its phrase; an entry in the other script as a bridge
    phrase = f"{cached_stem('нецензурная')} {cached_stem('брань')}"
    assert alts(plan) == [{"мат": 1.0, phrase: 0.9, "swear": 0.94}]
    # a phrase typed with a word between its parts still matches the set
    plan = plan_query("нецензурная грубая брань ", lexicon(
        ("мат", 1), ("брань", 3), ("нецензурная", 2), ("грубая", 2)), sets)
    assert plan.groups[0].alts["мат"] == pytest.approx(0.9)
    assert plan.groups[2].alts["мат"] == pytest.approx(0.9)
    assert "мат" not in plan.groups[1].alts


def test_a_synonym_entry_of_several_words_is_one_phrase_not_its_rarest_word() -> None:
    # "set-top box" is a box: "top" alone (as in "top up") must not stand for "приставка"
    lex = lexicon(("приставка", 3), ("set", 9), ("top", 2), ("box", 6), ("up", 5), docs=20)
    sets = SynonymSets.compile([["приставка", "set-top box"]])
    plan = plan_query("приставка ", lex, sets)
    assert alts(plan) == [{cached_stem("приставка"): 1.0, "set top box": 0.94}]
    rows = [row(0, "tv-box", "set top box remote", lang="en"),
            row(1, "payment", "top up balance", lang="en"),
            row(2, "scattered", "box set top", lang="en")]
    scores = {c.slug: c.score for c in rerank(plan, rows, 20, lex.frequency)}
    assert scores["tv-box"] > 0.0 and scores["payment"] == scores["scattered"] == 0.0
    # the first stage reads a phrase as the documents holding all its words
    postings = {("head", "set"): [0, 2], ("head", "top"): [0, 1, 2], ("head", "box"): [0, 2]}
    lookup = Retrieval([{"set top box": 0.94}], False)
    found = first_stage(lookup, lambda f, t: np.array(postings.get((f, t), []), dtype=np.int64),
                        lex.frequency, 20, 3, None, 10)
    assert sorted(found) == [0, 2]
    # an entry with a word no article has stands for nothing
    sets = SynonymSets.compile([["приставка", "set-top unit"]])
    assert alts(plan_query("приставка ", lex, sets)) == [{cached_stem("приставка"): 1.0}]


def test_an_adjective_made_of_a_noun_takes_the_nouns_translation() -> None:
    lex = lexicon(("кодовое", 1), ("code", 3), ("word", 4))
    sets = SynonymSets.compile([["код", "code"]])
    plan = plan_query("кодовое ", lex, sets)
    # nothing translates "кодов"; "код" is its noun: "code", a little below a translation
    assert alts(plan) == [{"кодов": 1.0, "code": round(0.9 * 0.94, 4)}]
    # a word the glossary translates keeps only its own translation
    sets = SynonymSets.compile([["код", "code"], ["кодовое", "word"]])
    assert alts(plan_query("кодовое ", lex, sets)) == [{"кодов": 1.0, "word": 0.94}]


def test_a_noun_the_stemmer_cut_like_a_verb_reads_as_its_other_forms_too() -> None:
    # "канал" stems like "читал" ("кана"), "каналы" to "канал": each reads as the other
    lex = lexicon(("канал", 2), ("каналы", 3))
    assert alts(plan_query("канал ", lex, NO_SYNONYMS)) == [{"кана": 1.0, "канал": 1.0}]
    assert alts(plan_query("каналы ", lex, NO_SYNONYMS)) == [{"канал": 1.0, "кана": 0.9}]
    # a word being typed is left to the completions (a completion's weight)
    assert alts(plan_query("канал", lex, NO_SYNONYMS))[0]["канал"] < 1.0


def test_a_quantifier_in_a_phrase_stands_for_no_word_of_the_phrase() -> None:
    # "whole building" matches the entry "весь дом": the phrase's word ("дом") stands for the
    # topic word ("building"), never for the quantifier ("whole" is filler, not a "house")
    lex = lexicon(("whole", 3), ("building", 2), ("весь", 40), ("дом", 5))
    sets = SynonymSets.compile([["весь дом", "whole building"]])
    plan = plan_query("whole building ", lex, sets)
    assert [g.filler for g in plan.groups] == [True, False]
    assert "дом" not in plan.groups[0].alts
    assert plan.groups[1].alts["дом"] == pytest.approx(0.94)


def test_an_entry_containing_the_typed_one_is_not_its_synonym() -> None:
    lex = lexicon(("роутер", 3), ("wi", 1), ("маршрутизатор", 2))
    sets = SynonymSets.compile([["роутер", "wi роутер", "маршрутизатор"]])
    plan = plan_query("роутер ", lex, sets)
    assert set(plan.groups[0].alts) == {"роутер", cached_stem("маршрутизатор")}
    # nor of another word of the set: "wi роутер" is a kind of "router" too
    lex = lexicon(("роутер", 3), ("wi", 1), ("router", 2))
    sets = SynonymSets.compile([["роутер", "wi роутер", "router"]])
    plan = plan_query("router ", lex, sets)
    assert set(plan.groups[0].alts) == {"router", "роутер"}


# -- first stage -----------------------------------------------------------------------------------


def test_idf_is_bm25s() -> None:
    assert idf(0, 10) == pytest.approx(np.log(1 + 10.5 / 0.5))
    assert idf(10, 10) == pytest.approx(np.log(1 + 0.5 / 10.5))
    assert idf(1, 10) > idf(2, 10)


def plan_of(*groups: dict[str, float]) -> QueryPlan:
    return QueryPlan([Group(next(iter(g)), next(iter(g)), dict(g)) for g in groups], "ru",
                     said=len(groups))


def test_rarest_alternatives_are_read_first_within_the_budget() -> None:
    freq = {"a": 15000, "b": 4000, "c": 3000, "d": 2500}
    plan = plan_of({"a": 1.0, "b": 0.7}, {"c": 1.0}, {"d": 1.0})
    (lookup,) = retrievals(plan, freq.__getitem__)
    # 2500 + 3000 + 4000 fit in 20000; adding "a" (15000) would not
    assert lookup == Retrieval([{"b": 0.7}, {"c": 1.0}, {"d": 1.0}], False)
    exact = {"a": 10000, "b": 10000}
    (lookup,) = retrievals(plan_of({"a": 1.0}, {"b": 1.0}), exact.__getitem__)
    assert lookup.groups == [{"a": 1.0}, {"b": 1.0}]  # exactly the budget is still read


def test_when_every_word_is_common_articles_must_contain_all() -> None:
    freq = {"a": 30000, "a2": 25000, "a3": 21000, "b": 40000}
    plan = plan_of({"a": 1.0, "a2": 0.9, "a3": 0.8}, {"b": 1.0})
    both, rarest = retrievals(plan, freq.__getitem__)
    assert both == Retrieval([{"a3": 0.8, "a2": 0.9}, {"b": 1.0}], True)
    assert rarest == Retrieval([{"a3": 0.8, "a2": 0.9}], False)
    (alone,) = retrievals(plan_of({"b": 1.0}), freq.__getitem__)
    assert alone == Retrieval([{"b": 1.0}], False)


def postings(table: dict[tuple[str, str], list[int]]):  # type: ignore[no-untyped-def]
    return lambda field, t: np.array(table.get((field, t), []), dtype=np.int64)


def test_first_stage_ranks_by_idf_weighted_coordination_head_counting_double() -> None:
    docs = postings({("body", "x"): [0, 1, 2], ("head", "x"): [3], ("body", "y"): [1, 4],
                     ("head", "y"): [2]})
    df = {"x": 4, "y": 2}.__getitem__
    lookup = Retrieval([{"x": 1.0}, {"y": 1.0}], False)
    ranked = first_stage(lookup, docs, df, 10, 6, None, 10)
    ix, iy = idf(4, 10), idf(2, 10)
    scores = {0: ix, 1: ix + iy, 2: ix + 2 * iy, 3: 2 * ix, 4: iy}
    assert ranked == sorted(scores, key=lambda d: -scores[d])
    assert first_stage(lookup, docs, df, 10, 6, None, 2) == ranked[:2]
    # every group must match
    assert first_stage(Retrieval(lookup.groups, True), docs, df, 10, 6, None, 10) == [2, 1]
    allowed = np.array([True, False, True, True, False, True])
    assert first_stage(lookup, docs, df, 10, 6, allowed, 10) == [2, 3, 0]
    assert first_stage(Retrieval([{"z": 1.0}], False), docs, lambda t: 0, 10, 6, None, 5) == []


def test_first_stage_weighs_alternatives_by_their_weight() -> None:
    docs = postings({("body", "x"): [0], ("body", "x2"): [1]})
    df = {"x": 3, "x2": 3}.__getitem__
    ranked = first_stage(Retrieval([{"x": 0.7, "x2": 1.0}], False), docs, df, 10, 2, None, 5)
    assert ranked == [1, 0]


def test_fallback_lookup_is_an_fts5_expression() -> None:
    assert fts_match(Retrieval([{"b": 1.0, "a": 0.5}, {"c": 1.0}], True)) == (
        '("a" OR "b") AND ("c")')
    assert fts_match(Retrieval([{"b": 1.0, "a": 0.5}, {"c": 1.0}], False)) == (
        '"a" OR "b" OR "c"')


# -- reranking -------------------------------------------------------------------------------------


def test_filler_and_corrected_words_weigh_less() -> None:
    idfs = {"a": 2.0, "b": 3.0, "c": 4.0}
    plan = QueryPlan([Group("a", "a", {"a": 1.0}), Group("b", "b", {"b": 1.0}, filler=True),
                      Group("cc", "cc", {"c": 0.7})], "ru")
    # the filler word by FILLER_WEIGHT; the correction at most 0.9 of the best exact word
    assert group_importance(plan, idfs) == pytest.approx([2.0, 0.2 * 3.0, 0.9 * 2.0])
    exact_only = QueryPlan([Group("c", "c", {"c": 0.9})], "ru")
    assert group_importance(exact_only, idfs) == pytest.approx([0.9 * 4.0])


def test_negations_and_context_words_weigh_half() -> None:
    idfs = {"a": 2.0, "b": 3.0, "c": 4.0}
    plan = QueryPlan([Group("a", "a", {"a": 1.0}), Group("b", "b", {"b": 1.0}, negation=True),
                      Group("c", "c", {"c": 1.0}, context=True)], "ru")
    assert group_importance(plan, idfs) == pytest.approx([2.0, 0.5 * 3.0, 0.5 * 4.0])


def test_half_typed_word_after_a_topic_word_weighs_by_letters_typed() -> None:
    idfs = {"abcdef": 2.0, "x": 3.0}
    for typed, share in (("ab", 0.25), ("abc", 0.5), ("abcde", 1.0), ("abcdefg", 1.0)):
        g = Group(typed, typed, {"abcdef": 0.85}, typing=True)
        plan = QueryPlan([Group("x", "x", {"x": 1.0}), g], "ru")
        assert group_importance(plan, idfs) == pytest.approx([3.0, 0.85 * 2 * share])


def test_half_typed_word_after_question_words_only_is_the_whole_topic() -> None:
    # "сколько стоит ро…": the letters are all the topic there is, the question words must not
    # outweigh them (they would rank on "сколько" until the topic word is nearly typed)
    idfs = {"abcdef": 2.0, "x": 3.0}
    g = Group("ab", "ab", {"abcdef": 0.85}, typing=True)
    plan = QueryPlan([Group("x", "x", {"x": 1.0}, filler=True), g], "ru")
    assert group_importance(plan, idfs) == pytest.approx([0.2 * 3.0, 0.85 * 2])


def rank(plan: QueryPlan, rows: list[TermRow], total: int = 10,
         df: dict[str, int] | None = None) -> list[tuple[str, float]]:
    freq = df or {}
    return [(c.slug, c.score) for c in rerank(plan, rows, total, lambda t: freq.get(t, 1))]


def action_effect(plan: QueryPlan, plain: QueryPlan, rows: list[TermRow],
                  df: dict[str, int] | None = None) -> dict[str, float]:
    """Each article's score under ``plan`` over its score under ``plain`` (no action marks)."""
    scores, plain_scores = dict(rank(plan, rows, df=df)), dict(rank(plain, rows, df=df))
    return {slug: score / plain_scores[slug] for slug, score in scores.items()}


def test_a_mistyped_action_names_the_procedure_its_title_is_for() -> None:
    # "откааться" corrects to "отказаться", the procedure's title: the plan's page, which never
    # names the action, gives way as it does to the verb typed right
    lex = lexicon(("отказаться", 3), ("откажусь", 2), ("тарифа", 5), ("домашний", 4))
    plan = plan_query("откааться от тарифа домашний ", lex, NO_SYNONYMS)
    assert plan.groups[0].action
    plain = plan_query("откааться от тарифа домашний ", lex, NO_SYNONYMS)
    plain.groups[0].action = False
    rows = [row(1, "plan", "тариф домашн", "тариф домашн"),
            row(2, "отказаться", "отказа откаж", "тариф", kind="procedure")]
    effect = action_effect(plan, plain, rows)
    assert effect["plan"] == pytest.approx(TITLED_ACTION_MISSING)
    assert effect["отказаться"] > 1.0


def test_a_filler_word_that_begins_a_name_in_a_head_is_part_of_it() -> None:
    # "моя волна": "моя" is filler, but "моя волна" is the app's name in its tags; an article
    # with "волна" alone in its head (every brand name has it) gets no such bonus
    my = Group("моя", "мо", {"мо": 1.0}, filler=True)
    wave = Group("волна", "волн", {"волн": 1.0})
    rows = [row(1, "app", "приложен мо волн", "q"), row(2, "brand", "тариф волн мо", "q")]
    named, alone = dict(rank(QueryPlan([my, wave], "ru"), rows)), dict(
        rank(QueryPlan([wave], "ru"), rows))
    assert named["app"] / alone["app"] > named["brand"] / alone["brand"] * 1.4
    # the words the other way round in the query name nothing
    backwards = dict(rank(QueryPlan([wave, Group("моя", "мо", {"мо": 1.0}, filler=True)], "ru"),
                          rows))
    assert backwards["app"] / alone["app"] == pytest.approx(backwards["brand"] / alone["brand"],
                                                            rel=0.05)


def test_head_match_outranks_body_match() -> None:
    rows = [row(1, "body", "z", "x y"), row(2, "head", "x", "z y")]
    assert [s for s, _ in rank(plan_of({"x": 1.0}), rows)] == ["head", "body"]


def test_body_mention_is_discounted_only_against_an_article_about_the_word() -> None:
    # "head" names x and also matches y: "body", which only mentions both, is not about them
    rows = [row(1, "body", "q", "x y"), row(2, "head", "x", "y"), row(3, "other", "r", "s")]
    assert [s for s, _ in rank(plan_of({"x": 1.0}, {"y": 1.0}), rows)][:2] == ["head", "body"]
    found = [[(1.0, 1.0, 0.0), (1.0, 1.0, 0.0)], [(1.0, 1.0, 1.0), (1.0, 1.0, 0.0)],
             [(0.0, 0.0, 0.0), (0.0, 0.0, 0.0)]]
    # x is named by one candidate only: it is about the query, body mentions are passing
    assert _body_cover(found, [1.0, 1.0])[0] == pytest.approx([0.4, 0.4])
    # candidates naming x but not matching y: the discount fades as more of them name x (a
    # broad head word says little about which article is meant)
    few = [[(1.0, 1.0, 0.0), (1.0, 1.0, 0.0)], *[[(1.0, 1.0, 1.0), (0.0, 0.0, 0.0)]] * 2]
    assert _body_cover(few, [1.0, 1.0])[0] == pytest.approx([0.4, 0.4])
    some = [[(1.0, 1.0, 0.0), (1.0, 1.0, 0.0)], *[[(1.0, 1.0, 1.0), (0.0, 0.0, 0.0)]] * 5]
    assert _body_cover(some, [1.0, 1.0])[0] == pytest.approx([0.4 + 0.6 * 3 / 6] * 2)
    broad = [[(1.0, 1.0, 0.0), (1.0, 1.0, 0.0)], *[[(1.0, 1.0, 1.0), (0.0, 0.0, 0.0)]] * 8]
    assert _body_cover(broad, [1.0, 1.0])[0] == pytest.approx([1.0, 1.0])
    # ... but never against one that matches all "body" matches and names the word
    broad.append([(1.0, 1.0, 1.0), (1.0, 1.0, 0.0)])
    assert _body_cover(broad, [1.0, 1.0])[0] == pytest.approx([0.4, 1.0])
    # filler (no coverage weight) names nothing
    assert _body_cover(found, [1.0, 0.0])[0] == pytest.approx([0.4, 0.4])


def test_body_words_no_candidate_names_count_fully() -> None:
    # the one article whose text holds both words outranks those naming neither
    rows = [row(1, "text", "q", "x y"), row(2, "one", "r", "x y y y y y y q r")]
    scores = dict(rank(plan_of({"x": 1.0}, {"y": 1.0}), rows))
    assert _body_cover([[(1.0, 1.0, 0.0)] * 2] * 2, [1.0, 1.0]) == [[1.0, 1.0]] * 2
    assert scores["text"] > 0 and scores["one"] > 0
    # a word named only in many heads (a broad one) is no claim either
    heads = [row(i, f"h{i}", "x", "q") for i in range(2, 10)]
    ranked = [s for s, _ in rank(plan_of({"x": 1.0}, {"y": 1.0}), [row(1, "text", "q", "x y"),
                                                                   *heads])]
    assert ranked[0] == "text"


def test_more_of_the_query_matched_ranks_higher() -> None:
    rows = [row(1, "one", "x w", "v"), row(2, "both", "x y", "v")]
    assert [s for s, _ in rank(plan_of({"x": 1.0}, {"y": 1.0}), rows)] == ["both", "one"]
    assert rerank(plan_of({"x": 1.0}), [], 10, lambda t: 1) == []


def test_difficult_case_needs_its_cue_word_in_the_query() -> None:
    rows = [row(1, "case", "x", "", kind="difficult-case"), row(2, "prod", "x")]
    cued = dict(rank(plan_of({"x": 1.0}, {"z": 1.0}), rows))
    assert cued["case"] == pytest.approx(cued["prod"] * 1.15, rel=1e-4)
    # one word said, and a product's head holds it too («тормозит»): the product's topic first,
    # the situation needs a word of its own or a second word
    lone = dict(rank(plan_of({"x": 1.0}), rows))
    assert lone["case"] == pytest.approx(lone["prod"] * 0.8, rel=1e-4)
    rows = [row(1, "case", "q", "x", kind="difficult-case"), row(2, "prod", "q", "x")]
    uncued = dict(rank(plan_of({"x": 1.0}), rows))
    assert uncued["case"] == pytest.approx(uncued["prod"] * 0.8, rel=1e-4)


def test_a_symptom_a_product_shares_cues_no_case_beside_a_product_word_the_case_lacks() -> None:
    # «платеж завис»: the payment froze, not the operator's computer the case is about
    rows = [row(1, "case", "завис комп", kind="difficult-case"),
            row(2, "tvbox", "завис приставк"), row(3, "pay", "платеж")]
    scores = dict(rank(plan_of({"платеж": 1.0}, {"завис": 1.0}), rows))
    assert scores["case"] == pytest.approx(scores["tvbox"] * 0.8, rel=1e-4)
    # «комп завис» names the case's own thing: the symptom cues it
    scores = dict(rank(plan_of({"комп": 1.0}, {"завис": 1.0}), rows))
    assert max(scores, key=scores.__getitem__) == "case"
    # two product words the case's head lacks outweigh even its own word: «заявку на подключение
    # подали, и тишина» is about the request, not a silent caller; one does not
    # (a product with the same head shows the case's prior: cued 1.15, uncued 0.8)
    rows = [row(1, "silent", "тишин", kind="difficult-case"), row(2, "twin", "тишин"),
            row(3, "order", "заявк подключен")]
    df = {"заявк": 6, "подключен": 6, "тишин": 1}
    two = dict(rank(plan_of({"заявк": 1.0}, {"подключен": 1.0}, {"тишин": 1.0}), rows, df=df))
    assert two["silent"] == pytest.approx(two["twin"] * 0.8, rel=1e-4)
    one = dict(rank(plan_of({"заявк": 1.0}, {"тишин": 1.0}), rows, df=df))
    assert one["silent"] == pytest.approx(one["twin"] * 1.15, rel=1e-4)
    rows = [row(1, "case", "завис комп", kind="difficult-case"),
            row(2, "tvbox", "завис приставк"), row(3, "pay", "платеж")]
    # a product word less telling than the symptom leaves the cue ("a child asking about tariffs")
    scores = dict(rank(plan_of({"платеж": 1.0}, {"завис": 1.0}), rows,
                       df={"платеж": 8, "завис": 1}))
    assert scores["case"] > scores["tvbox"]


def test_other_language_ranks_below_an_equal_match() -> None:
    rows = [row(1, "en", "x", lang="en"), row(2, "ru", "x", lang="ru")]
    scores = dict(rank(plan_of({"x": 1.0}), rows))
    assert scores["en"] == pytest.approx(scores["ru"] * 0.92, rel=1e-4)
    no_lang = QueryPlan(plan_of({"x": 1.0}).groups, None)
    assert len(set(dict(rank(no_lang, rows)).values())) == 1


def test_a_sure_translation_covers_a_word_in_an_other_language_article() -> None:
    # an English article met through a translation (0.94) pays the language penalty once: only
    # its BM25 share is scaled by the translation's weight, its coverage is full
    plan = plan_of({"x": 1.0, "y": 0.94})
    translated = dict(rank(plan, [row(1, "en", "y", lang="en")]))
    as_typed = dict(rank(plan, [row(1, "en", "x", lang="en")]))
    assert translated["en"] == pytest.approx(as_typed["en"] * 0.94, rel=1e-4)
    # in the query's own language a synonym's weight lowers its coverage too
    synonym = dict(rank(plan, [row(1, "ru", "y", lang="ru")]))
    exact = dict(rank(plan, [row(1, "ru", "x", lang="ru")]))
    assert synonym["ru"] < exact["ru"] * 0.9


def test_adjacent_query_words_side_by_side_in_a_head_earn_a_bonus() -> None:
    plan = plan_of({"x": 1.0}, {"y": 1.0}, {"w": 1.0})
    rows = [row(1, "apart", "x q y q w"), row(2, "pair", "y x q w q"),
            row(3, "phrase", "x y w q q")]
    scores = dict(rank(plan, rows))
    assert scores["pair"] == pytest.approx(scores["apart"] * 1.5, rel=1e-4)  # either order
    assert scores["phrase"] == pytest.approx(scores["apart"] * 2.0, rel=1e-4)  # capped at +1
    # weak readings (typo corrections) form no phrase
    weak = plan_of({"x": 1.0}, {"y": 0.7})
    scores = dict(rank(weak, [row(1, "apart", "x q y"), row(2, "pair", "x y q")]))
    assert scores["pair"] == pytest.approx(scores["apart"], rel=1e-4)


def test_an_action_named_in_the_head_earns_a_bonus() -> None:
    g = Group("cancel", "cancel", {"cancel": 1.0}, action=True)
    plan = QueryPlan([g], "en")
    rows = [row(1, "body", "q", "cancel", lang="en"), row(2, "head", "cancel", "q", lang="en")]
    plain = QueryPlan([Group("cancel", "cancel", {"cancel": 1.0})], "en")
    with_action, without = dict(rank(plan, rows)), dict(rank(plain, rows))
    assert with_action["head"] == pytest.approx(without["head"] * 1.3, rel=1e-4)
    assert with_action["body"] == pytest.approx(without["body"], rel=1e-4)


def test_an_article_without_the_rare_action_asked_for_is_not_its_answer() -> None:
    # "cancel plan home" where "cancel" is the rarest word: a product page naming the plan in
    # its head but never mentioning cancelling ranks below the procedure that names the action
    cancel = Group("cancel", "cancel", {"cancel": 1.0}, action=True)
    plan_ = Group("plan", "plan", {"plan": 1.0})
    home = Group("home", "home", {"home": 1.0})
    rows = [row(1, "product", "plan home", "price speed", lang="en"),
            row(2, "termination", "cancel", "plan home", lang="en")]
    df = {"cancel": 1, "plan": 4, "home": 4}
    plain = QueryPlan([Group("cancel", "cancel", {"cancel": 1.0}), plan_, home], "en")
    effect = action_effect(QueryPlan([cancel, plan_, home], "en"), plain, rows, df=df)
    assert effect["product"] == pytest.approx(0.5, rel=1e-4)
    assert effect["termination"] == pytest.approx(1.3, rel=1e-4)
    # a common action verb (not the query's most telling word) leaves the product page alone
    df_common = {"cancel": 6, "plan": 2, "home": 2}
    effect = action_effect(QueryPlan([cancel, plan_, home], "en"), plain, rows, df=df_common)
    assert effect["product"] == pytest.approx(1.0, rel=1e-4)


def test_a_page_that_never_names_an_action_a_title_names_gives_way_to_it() -> None:
    # "pay for plan home": "pay" is common, less telling than the plan's name, but a candidate's
    # title names paying as its task: the plan is what is paid for, its page gives way
    pay = Group("pay", "pay", {"pay": 1.0}, action=True)
    plan_ = Group("plan", "plan", {"plan": 1.0})
    home = Group("home", "home", {"home": 1.0})
    rows = [TermRow(1, "product", "en", "product", "Plan Home", "plan home", "price speed", 1),
            TermRow(2, "payment", "en", "product", "Ways to pay", "pay", "plan card", 1)]
    df = {"pay": 6, "plan": 2, "home": 2}
    plain = QueryPlan([Group("pay", "pay", {"pay": 1.0}), plan_, home], "en")
    effect = action_effect(QueryPlan([pay, plan_, home], "en"), plain, rows, df=df)
    assert effect["product"] == pytest.approx(0.3, rel=1e-4)
    # a title that names it by a synonym of the verb typed: "settle" is "pay"
    settle = Group("settle", "settl", {"settl": 1.0, "pay": 0.9}, action=True)
    plain_settle = QueryPlan([Group("settle", "settl", {"settl": 1.0, "pay": 0.9}), plan_, home],
                             "en")
    effect = action_effect(QueryPlan([settle, plan_, home], "en"), plain_settle, rows,
                           df={**df, "settl": 6})
    assert effect["product"] == pytest.approx(0.3, rel=1e-4)
    # a title that does not name it: the common verb leaves the plan's page alone
    rows[1] = TermRow(2, "payment", "en", "product", "Ways", "pay", "plan card", 1)
    effect = action_effect(QueryPlan([pay, plan_, home], "en"), plain, rows, df=df)
    assert effect["product"] == pytest.approx(1.0, rel=1e-4)


def test_the_object_decides_between_articles_sharing_the_action_word() -> None:
    # "смена тарифа": the move page's head pairs the action with another object ("смена
    # адреса"); the plan's page names the plan in its head and says "смена тарифа" in its body
    change = Group("смена", "смен", {"смен": 1.0}, action=True)
    plan_word = Group("тарифа", "тариф", {"тариф": 1.0})
    rows = [row(1, "move", "переезд смен адрес", "тариф сохран"),
            row(2, "plan", "тариф домашн", "смен тариф бесплатн")]
    plain = QueryPlan([Group("смена", "смен", {"смен": 1.0}), plan_word], "ru")
    effect = action_effect(QueryPlan([change, plan_word], "ru"), plain, rows)
    # (its head names the action: the action bonus, then the discount)
    assert effect["move"] == pytest.approx(1.3 * 0.5, rel=1e-4)
    assert effect["plan"] == pytest.approx(1.0, rel=1e-4)
    assert rank(QueryPlan([change, plan_word], "ru"), rows)[0][0] == "plan"
    # the plan's page never says the action with it: nothing tells the object decides
    rows[1] = row(2, "plan", "тариф домашн", "смен бесплатн тариф")
    effect = action_effect(QueryPlan([change, plan_word], "ru"), plain, rows)
    assert effect["move"] == pytest.approx(1.3, rel=1e-4)


def test_a_page_not_naming_the_object_a_product_title_is_about_gives_way() -> None:
    # "роутер горит красным": the box's page lists a red light and names the router in passing;
    # the router's page, whose title is about the router, answers
    def page(i: int, slug: str, title: str, head: str, body: str) -> TermRow:
        return TermRow(i, slug, "ru", "product", title, head, body, 1)

    query = QueryPlan([Group("роутер", "роутер", {"роутер": 1.0}),
                       Group("горит", "гор", {"гор": 1.0}),
                       Group("красным", "красн", {"красн": 1.0})], "ru")
    rows = [page(1, "router", "Роутер — аренда", "роутер аренд красн", "модел"),
            page(2, "box", "Приставка — аренда", "приставк красн мига", "гор роутер")]
    df = {"роутер": 3, "красн": 3, "гор": 1}  # a light that is on is said on fewer pages
    router_titled = dict(rank(query, rows, df=df))
    assert max(router_titled, key=router_titled.__getitem__) == "router"
    # a title whose subject is another thing (after the dash is what it tells about it) names
    # no object: the box's page, meeting every word, comes first
    rows[0] = page(1, "router", "Аренда — роутер", "роутер аренд красн", "модел")
    untitled = dict(rank(query, rows, df=df))
    assert max(untitled, key=untitled.__getitem__) == "box"
    assert router_titled["box"] == pytest.approx(0.5 * untitled["box"], rel=1e-4)


def test_only_the_first_action_of_a_query_earns_the_bonus() -> None:
    # "расторгнуть договор и вернуть деньги": the request is the termination; the money comes
    # back because of it, so an article naming only the return gets no action bonus
    terminate = Group("расторгнуть", "t", {"t": 1.0}, action=True)
    contract = Group("договор", "c", {"c": 1.0})
    give_back = Group("вернуть", "r", {"r": 1.0}, action=True)
    money = Group("деньги", "m", {"m": 1.0})
    rows = [row(1, "termination", "t c", "r q"), row(2, "return", "r m", "t q")]
    plain = [Group(g.word, g.stem, dict(g.alts)) for g in (terminate, contract, give_back, money)]
    effect = action_effect(QueryPlan([terminate, contract, give_back, money], "ru"),
                           QueryPlan(plain, "ru"), rows)
    assert effect["termination"] == pytest.approx(1.3, rel=1e-4)
    assert effect["return"] == pytest.approx(1.0, rel=1e-4)


def test_equal_scores_order_by_slug() -> None:
    rows = [row(1, "b", "x"), row(2, "a", "x")]
    assert [s for s, _ in rank(plan_of({"x": 1.0}), rows)] == ["a", "b"]


# -- language collapse and hold ----------------------------------------------------------------


def cand(slug: str, lang: str, score: float, i: int = 0) -> Candidate:
    return Candidate(i, slug, lang, "product", slug, score)


def test_one_hit_per_slug_in_the_preferred_language() -> None:
    ranked = [cand("a", "en", 3.0), cand("b", "ru", 2.0), cand("a", "ru", 1.0),
              cand("c", "en", 0.5)]
    out = collapse_languages(ranked, "ru", 10)
    assert [(c.slug, c.lang, c.score) for c in out] == [
        ("b", "ru", 2.0), ("a", "ru", 1.0), ("c", "en", 0.5)]
    assert [(c.slug, c.lang) for c in collapse_languages(ranked, None, 2)] == [
        ("a", "en"), ("b", "ru")]


def test_collapse_keeps_the_held_article_first() -> None:
    ranked = [cand("a", "ru", 1.0), cand("b", "ru", 0.85)]
    assert [c.slug for c in collapse_languages(ranked, "ru", 1, keep="b")] == ["b"]


def test_hold_margin() -> None:
    ranked = [cand("a", "ru", 1.0), cand("b", "ru", 0.8), cand("c", "ru", 0.79)]
    assert [c.slug for c in hold_first(ranked, "b")] == ["b", "a", "c"]  # exactly the margin
    assert [c.slug for c in hold_first(ranked, "c")] == ["a", "b", "c"]
    assert [c.slug for c in hold_first(ranked, "a")] == ["a", "b", "c"]
    assert [c.slug for c in hold_first(ranked, "gone")] == ["a", "b", "c"]
    assert hold_first([], "a") == []


def test_mid_word_is_a_half_typed_unknown_word() -> None:
    lex = lexicon(("телефон", 5), ("самовывоз", 3), ("сам", 2), ("доставка", 4))
    assert mid_word(plan_query("телеф", lex, NO_SYNONYMS))
    assert not mid_word(plan_query("телефон", lex, NO_SYNONYMS))  # a whole known word
    assert not mid_word(plan_query("телефон ", lex, NO_SYNONYMS))
    assert mid_word(plan_query("само", lex, NO_SYNONYMS))  # a short word cut to a stem
    assert not mid_word(QueryPlan([], None))


def test_a_word_a_synonym_set_lists_is_whole_though_no_article_has_it() -> None:
    # "broadband crawling": the last word is typed out, and it is the slowness it says
    lex = lexicon(("broadband", 5), ("slow", 3), ("tariff", 6))
    synonyms = SynonymSets.compile([["slow", "crawling"]])
    plan = plan_query("broadband crawling", lex, synonyms)
    assert not mid_word(plan)
    rows = [row(1, "tariff", "broadband tariff", lang="en"),
            row(2, "speed", "slow broadband", lang="en")]
    assert rank(plan, rows)[0][0] == "speed"


# -- snippets --------------------------------------------------------------------------------------


def test_snippets_highlight_the_topic_not_the_filler() -> None:
    lex = lexicon(("роутер", 3), ("стоит", 5), ("если", 9))
    plan = plan_query("сколько стоит роутер если ", lex, NO_SYNONYMS)
    chosen = [Candidate(1, "router", "ru", "product", "Роутер", 1.0)]
    (hit,) = make_hits(chosen, plan, {1: "Роутер стоит 99 ₽, если в аренду."})
    assert hit.snippet == "<b>Роутер</b> стоит 99 ₽, если в аренду."
    # a query of filler alone highlights what it has
    (hit,) = make_hits(chosen, plan_query("сколько стоит ", lex, NO_SYNONYMS),
                       {1: "Роутер стоит 99 ₽."})
    assert "<b>стоит</b>" in hit.snippet


def test_term_pattern_prefers_longer_stems() -> None:
    assert term_pattern(set()) is None
    pattern = term_pattern({"тел", "телефон"})
    assert pattern is not None
    assert [m.group() for m in pattern.finditer("телефоны теле мотел")] == ["телефоны", "теле"]


def make_snippet(body: str, *terms: str, width: int = 200) -> str:
    found = {cached_stem(t) for t in terms}
    return snippet(body, found, term_pattern(found), width)


def test_snippet_window_is_around_the_densest_matches() -> None:
    filler = " ".join(["слово"] * 60)
    body = f"телефон {filler} доставка курьер заказ {filler}"
    out = make_snippet(body, "доставка", "курьер", "телефон", width=80)
    assert out.startswith("…") and out.endswith("…")
    assert "<b>доставка</b> <b>курьер</b>" in out
    assert "<b>телефон</b>" not in out
    # the window starts at a word boundary shortly before the first match
    assert out.startswith("… слово") or out.startswith("…слово")


def test_a_snippet_bolds_no_digit_group_of_a_longer_number() -> None:
    # "4,500" and "1 500" are one number each to the search: their "500" is no match for "500"
    terms = {"500"}
    text = snippet("Buy: 4,500 ₽, the 500 plan; 1 500 ₽ fee", terms, term_pattern(terms))
    assert text == "Buy: 4,500 ₽, the <b>500</b> plan; 1 500 ₽ fee"
    # a decimal comma has fewer digits after it: "1,5" is two numbers
    terms = {"5"}
    assert snippet("up to 1,5 Gbit", terms, term_pattern(terms)) == "up to 1,<b>5</b> Gbit"


def test_snippet_of_a_short_body_has_no_ellipsis() -> None:
    assert make_snippet("Курьер привозит заказ.", "курьер") == (
        "<b>Курьер</b> привозит заказ.")
    assert make_snippet("   ", "курьер") == ""
    assert make_snippet("Нет совпадений здесь.", "курьер") == "Нет совпадений здесь."


def test_snippet_keeps_link_text_and_drops_markup() -> None:
    body = "## Курьер\n\nСм. [правила доставки](https://example.org/x) и **сроки** > цитата"
    assert make_snippet(body, "доставка") == (
        "Курьер См. правила <b>доставки</b> и сроки цитата")


def test_words_of_when_weigh_as_circumstances_and_are_never_typos() -> None:
    # weeks, weekdays, "назад", "ago": when a charge was taken, not what it was
    lex = lexicon(("интернет", 5), ("жедел", 1), ("вторник", 1), ("назад", 1), ("работает", 3))
    plan = plan_query("неделю назад отключили интернет ", lex, NO_SYNONYMS)
    assert [(g.word, g.context) for g in plan.groups] == [("назад", True), ("интернет", False)]
    # "неделю" is no typo of "жедел", nor "на работе" of "не работает"
    plan = plan_query("на работе нет интернета ", lex, NO_SYNONYMS)
    assert [g.word for g in plan.groups] == ["интернета"]
    plan = plan_query("since monday no internet ", lexicon(("monday", 1), ("internet", 5)),
                      NO_SYNONYMS)
    assert [(g.word, g.context) for g in plan.groups] == [("monday", True), ("internet", False)]


def test_after_before_a_word_of_when_adds_nothing() -> None:
    lex = lexicon(("счет", 3), ("после", 3), ("субботы", 1), ("соединения", 2))
    plan = plan_query("счет после субботы ", lex, NO_SYNONYMS)
    assert [(g.word, g.filler, g.context) for g in plan.groups] == [
        ("счет", False, False), ("после", True, False), ("субботы", False, True)]
    plan = plan_query("тишина после соединения ", lex, NO_SYNONYMS)
    assert not any(g.filler or g.context for g in plan.groups)


def test_a_period_named_by_its_place_in_time_is_a_circumstance() -> None:
    lex = lexicon(("списали", 3), ("прошлом", 1), ("месяце", 4), ("месяц", 4), ("last", 2),
                  ("month", 4))
    plan = plan_query("списали в прошлом месяце ", lex, NO_SYNONYMS)
    assert [g.context for g in plan.groups] == [False, True, True]
    plan = plan_query("last month ", lex, NO_SYNONYMS)
    assert [g.context for g in plan.groups] == [True, True]
    # a month alone is what is asked about: the first month, the price per month
    assert not any(g.context for g in plan_query("списали в месяц ", lex, NO_SYNONYMS).groups)


def test_how_many_times_is_a_circumstance() -> None:
    lex = lexicon(("деньги", 5), ("2", 1), ("раза", 3), ("раз", 3))
    plan = plan_query("деньги два раза ", lex, NO_SYNONYMS)
    assert [(g.word, g.context) for g in plan.groups] == [
        ("деньги", False), ("2", True), ("раза", True)]
    assert not plan_query("раз деньги ", lex, NO_SYNONYMS).groups[0].context


@pytest.mark.parametrize(("text", "period"), [
    ("не платить два месяца ", ["2", "месяца"]),
    ("pause for 3 weeks ", ["3", "weeks"]),
    # one period is what an offer or a warranty names ("гарантия 1 года")
    ("гарантия 1 года ", []),
])
def test_a_duration_is_a_circumstance(text: str, period: list[str]) -> None:
    lex = lexicon(("платить", 5), ("месяца", 4), ("pause", 3), ("weeks", 2), ("гарантия", 3),
                  ("года", 4), ("1", 3), ("2", 3), ("3", 3))
    plan = plan_query(text, lex, NO_SYNONYMS)
    assert [g.word for g in plan.groups if g.context] == period


@pytest.mark.parametrize(("text", "read"), [
    ("потерялсимку ", ["потерял", "симку"]),
    ("домашний300 ", ["домашний", "300"]),
    ("100мб ", ["100", "мб"]),  # a number and a short unit written solid
    ("трехсотмбит ", ["300", "мбит"]),  # ... and a number word run into its unit
    ("gjnthzkcbvre ", ["потерял", "симку"]),  # in the other layout
    # a typo of a known word, a number word, an English compound: no run of two words
    ("статичекий ", ["статичекий"]),
    ("пятьсот ", ["500"]),
    ("postcode ", []),  # (an unknown word, left out: "post" is in one article only)
    # the beginning of a known word, typed or as shorthand: not "руко" and "вод"
    ("руковод", ["руковод"]),
    ("руковод ", ["руковод"]),
    # a half only the synonym sets know, a stop word run into a word, a change of script
    ("хочуподрубиться ", ["хочу", "подрубиться"]),
    ("отказатьсяот ", ["отказаться"]),
    ("непривезли ", ["привезли"]),
    ("белыйip ", ["белый", "ip"]),
    # Russian spelt in Latin letters, cut where its Russian reading falls apart
    ("rastorgnutdogovor ", ["rastorgnut", "dogovor"]),
    # (not two stop words, and not where a whole-word slip reads it otherwise: "наличные")
    ("наличные ", ["наличные"]),
    # a slip in one of the two; a doubled letter at the seam is a key that bounced
    ("низкаяскорасть ", ["низкая", "скорасть"]),
    ("обещаныйплатеж ", ["обещаный", "платеж"]),
    ("жаловваться ", []),
    # English words that begin or end with a stop word are words ("be|cause"); "my" is not
    ("myinternet ", ["internet"]),
    ("because ", []),
    # other English stop words only beside a word of six letters or more ("to|day" is a word)
    ("isswearing ", ["swearing"]),
    ("today ", []),
    # number words run together are the number they say, run into a word or not
    ("семьсотпятьдесят ", ["750"]),
    ("fivehundred ", ["500"]),
    # a noun's suffix is no second word ("заведе" and "ни" are known stems here)
    ("заведение ", ["заведение"]),
    # a compound shortening: the beginning of a known word run into a known word
    ("родконтроль ", ["род", "контроль"]),
])
def test_two_words_run_together_read_as_two(text: str, read: list[str]) -> None:
    lex = lexicon(("потерял", 3), ("симку", 4), ("домашний", 5), ("300", 2), ("статический", 2),
                  ("post", 1), ("code", 2), ("500", 2), ("пять", 1), ("сот", 1),
                  (cached_stem("руко"), 2), (cached_stem("вод"), 2),
                  (cached_stem("руководитель"), 3), ("хочу", 3), ("подключиться", 3),
                  ("отказаться", 2), ("привезли", 2), ("белый", 2), ("ip", 4),
                  ("расторгнуть", 3), ("договор", 5), ("наличными", 2), ("личные", 3),
                  ("низкая", 3), ("скорость", 4), ("обещанный", 2), ("платеж", 4),
                  ("жало", 2), ("авто", 3), ("internet", 9),
                  ("cause", 3), ("750", 1), ("swearing", 3), ("day", 4), ("заведет", 1),
                  ("ни", 5), (cached_stem("родительский"), 3), (cached_stem("контроль"), 4),
                  ("100", 2), ("мбит", 4))
    synonyms = SynonymSets.compile([["подключиться", "подрубиться"], ["мбит", "мб"]])
    assert [g.word for g in plan_query(text, lex, synonyms).groups] == read


def test_a_known_verb_behind_verbal_prefixes_is_one_word_not_a_slip_beside_a_word() -> None:
    # "перевы" is one edit from "перв…", but "перевыпустить" is "выпустить" prefixed once more
    lex = lexicon(("пустить", 2), ("первый", 3), ("симку", 4), ("обещанный", 2), ("платеж", 4))
    assert [g.word for g in plan_query("симку перевыпустить ", lex, NO_SYNONYMS).groups] == [
        "симку"]
    # a slip in a first half that is no run of prefixes still cuts
    assert [g.word for g in plan_query("обещаныйплатеж ", lex, NO_SYNONYMS).groups] == [
        "обещаный", "платеж"]


def test_a_lone_one_before_a_function_word_is_a_word_not_the_number() -> None:
    lex = lexicon(("один", 2), ("1", 3), ("вопрос", 4), ("рубль", 5))
    assert [g.word for g in plan_query("вопросы один за другим ", lex, NO_SYNONYMS).groups][:2] == [
        "вопросы", "один"]
    # before the thing it counts it is the number the articles write in digits
    assert [g.word for g in plan_query("один рубль ", lex, NO_SYNONYMS).groups] == ["1", "рубль"]


def test_what_is_left_out_speaks_against_its_page_unless_an_action_is_asked() -> None:
    lex = lexicon(("интернет", 9), ("300", 3), ("тв", 6), ("подключать", 3), ("мастер", 4),
                  ("нужно", 5), ("без", 4), ("internet", 9), ("tv", 6), ("need", 2))
    plan = plan_query("интернет 300 без тв ", lex, NO_SYNONYMS)
    assert [g.word for g in plan.groups if g.left_out] == ["тв"]
    rows = [TermRow(1, "bundle", "ru", "product", "Интернет 300 и ТВ", "интернет 300 тв", "", 1),
            TermRow(2, "home", "ru", "product", "Интернет 300", "интернет 300", "", 1)]
    # what is left out lifts nothing: the bundle's "тв" does not put it over the plan alone,
    # as it does when the caller asks for both
    scores = dict(rank(plan, rows))
    assert scores["bundle"] <= scores["home"]
    both = dict(rank(plan_query("интернет 300 и тв ", lex, NO_SYNONYMS), rows))
    assert both["bundle"] > both["home"]
    # the same said the other way round, and while the left-out word is still being typed
    for text in ("интернет 300 тв не нужно ", "интернет 300 без тв", "не нужно тв, интернет 300 "):
        plan = plan_query(text, lex, NO_SYNONYMS)
        assert [g.word for g in plan.groups if g.left_out] == ["тв"]
        scores = dict(rank(plan, rows))
        assert scores["bundle"] <= scores["home"]
    plan = plan_query("don't need tv, internet 300 ", lex, NO_SYNONYMS)
    assert [g.word for g in plan.groups if g.left_out] == ["tv"]
    # nothing else named: "без тв" is all there is to find
    assert not any(g.left_out for g in plan_query("без тв ", lex, NO_SYNONYMS).groups)
    # "подключать без мастера" asks how to do it without one: the technician stays a topic
    plan = plan_query("подключать без мастера ", lex, NO_SYNONYMS)
    assert plan.groups[0].action
    assert not any(g.left_out for g in plan.groups)
    # a set phrase with «без» says how, not what is left out
    lex = lexicon(("роутер", 4), ("спрашивает", 3), ("остановки", 2), ("без", 4))
    assert not any(g.left_out for g in plan_query("роутер спрашивает без остановки ", lex,
                                                  NO_SYNONYMS).groups)


def test_a_question_word_no_article_has_is_no_slip_from_a_word() -> None:
    # «скільки» is one edit from «скидки»; it is a question word, not a discount
    lex = lexicon(("скидки", 3), ("мастер", 4))
    plan = plan_query("скільки мастер ", lex, NO_SYNONYMS)
    assert all(cached_stem("скидки") not in g.alts for g in plan.groups)


def test_a_slip_inside_the_word_stands_beside_a_reading_by_ear_of_two_letters() -> None:
    # "посавить" is "поставить" one key short as much as "посоветуйте" written by ear
    lex = lexicon(("поставить", 3), ("посоветуйте", 3), ("паузу", 4))
    plan = plan_query("посавить на паузу ", lex, NO_SYNONYMS)
    assert plan.groups[0].alts == {cached_stem("посоветуйте"): W_ENDING_TYPO,
                                   cached_stem("поставить"): W_TYPO[1]}
    # ... when the KB uses that word at least as often as the one heard
    lex = lexicon(("поставить", 2), ("посоветуйте", 3), ("паузу", 4))
    plan = plan_query("посавить на паузу ", lex, NO_SYNONYMS)
    assert plan.groups[0].alts == {cached_stem("посоветуйте"): W_ENDING_TYPO}


def test_a_latin_word_mended_through_cyrillic_to_a_question_word_stays_a_topic_word() -> None:
    # "moile" read in Cyrillic letters is one edit from "мои"; it is "mobile" mistyped, and an
    # English query's topic
    lex = lexicon(("мои", 5), ("mobile", 3), ("plan", 4))
    plan = plan_query("the moile plan ", lex, NO_SYNONYMS)
    assert cached_stem("mobile") in plan.groups[0].alts
    assert not plan.groups[0].filler


def test_a_word_being_typed_two_edits_from_an_action_is_no_action() -> None:
    lex = lexicon(("заказать", 3), ("жалобу", 3))
    plan = plan_query("жалобу накатать", lex, NO_SYNONYMS)
    assert plan.groups[1].alts == {cached_stem("заказать"): W_TYPO[2]}
    assert not plan.groups[1].action
    # one edit away it may be the action on its way
    plan = plan_query("жалобу заказать", lex, NO_SYNONYMS)
    assert plan.groups[1].action


def test_a_word_the_synonyms_list_reads_as_its_synonyms_not_as_a_typo() -> None:
    # no article says "накатать", the synonyms know it as "написать": not "заказать" mistyped
    lex = lexicon(("заказать", 3), ("написать", 3), ("жалобу", 3))
    synonyms = SynonymSets.compile([["написать", "накатать"]])
    for query in ("накатать жалобу ", "жалобу накатать"):
        plan = plan_query(query, lex, synonyms)
        read = next(g for g in plan.groups if g.word == "накатать")
        assert read.alts == {cached_stem("написать"): 0.9}


def test_a_typo_whose_corrections_tie_as_forms_of_one_verb_is_that_action() -> None:
    lex = lexicon(("отказаться", 3), ("откажусь", 2), ("тарифа", 5), ("cancel", 2),
                  ("открыть", 3), ("опасаться", 2))
    synonyms = SynonymSets.compile([["отказаться", "cancel"]])
    plan = plan_query("откааться от тарифа ", lex, synonyms)
    first = plan.groups[0]
    assert {cached_stem("отказаться"), cached_stem("откажусь")} <= set(first.alts)
    assert first.action
    assert "cancel" in first.alts  # read through the verb's synonyms, as surely as corrected
    # corrections of unrelated words tie too, and say no action
    lex = lexicon(("отключить", 3), ("отличить", 3), ("тариф", 5))
    plan = plan_query("отлючить тариф ", lex, NO_SYNONYMS)
    assert len(plan.groups[0].alts) == 2 and not plan.groups[0].action


def test_a_finished_number_word_one_slip_off_reads_as_its_digits() -> None:
    lex = lexicon(("тариф", 5), ("550", 3), ("рублей", 4))
    plan = plan_query("тариф за пятьсот пятьдестя рублей", lex, NO_SYNONYMS)
    assert [g.word for g in plan.groups] == ["тариф", "550", "рублей"]
    # a known word one slip from a number word is that word ("сорок" is one from "срок")
    lex = lexicon(("срок", 5), ("доставки", 3), ("40", 2))
    assert [g.word for g in plan_query("срок доставки", lex, NO_SYNONYMS).groups] == [
        "срок", "доставки"]


def test_a_number_word_being_typed_is_not_cut_into_a_number_and_a_word() -> None:
    # "семьсо" begins "семьсот", not "семь" and "со"; "пятьдес" after "семьсот" makes 750
    lex = lexicon(("тариф", 5), ("750", 2), ("700", 1), ("7", 3), ("со", 4), ("дес", 1))
    being = plan_query("тариф за семьсо", lex, NO_SYNONYMS).groups
    assert [g.word for g in being] == ["тариф", "семьсо"] and "700" in being[1].alts
    plan = plan_query("тариф за семьсот пятьдес", lex, NO_SYNONYMS)
    assert plan.groups[-1].alts.get("750") == 1.0


def test_a_number_word_being_typed_in_the_other_layout_reads_as_its_digits() -> None:
    # "nfhba cnj" is «тариф сто» typed on the Latin layout, the number still being typed
    lex = lexicon(("тариф", 5), ("100", 3), ("стоимость", 4))
    plan = plan_query("nfhba cnj", lex, NO_SYNONYMS)
    assert plan.groups[1].alts.get("100") == 1.0


def test_slang_only_the_synonyms_know_counts_for_the_layout_it_was_meant_in() -> None:
    # «спидтест показывает мало» on the Latin layout: no article says «спидтест», the synonyms do
    lex = lexicon(("мало", 3), ("скорость", 3), ("показывает", 3))
    synonyms = SynonymSets.compile([["скорость", "спидтест"]])
    plan = plan_query("cgblntcn gjrfpsdftn vfkj ", lex, synonyms)
    assert [g.word for g in plan.groups] == ["спидтест", "показывает", "мало"]
    assert plan.groups[0].alts == {cached_stem("скорость"): 0.9}


def test_english_words_run_together_read_apart_when_both_halves_are_common() -> None:
    lex = lexicon(("parental", 5), ("controls", 6), ("post", 1), ("code", 13), ("tv", 9))
    plan = plan_query("parentalcontrols on tv ", lex, NO_SYNONYMS)
    assert [g.word for g in plan.groups] == ["parental", "controls", "tv"]
    # a compound written solid whose rarer half one article uses stays one word
    plan = plan_query("postcode tv ", lex, NO_SYNONYMS)
    assert [g.word for g in plan.groups] == ["tv"]


def test_a_key_that_bounced_is_a_sure_typo() -> None:
    lex = lexicon(("перезвонить", 3), ("абоненту", 5), ("сколько", 9), ("роутер", 4),
                  ("переводить", 3), ("тариф", 4))
    plan = plan_query("переезвонить абоненту ", lex, NO_SYNONYMS)
    assert plan.groups[0].alts == {cached_stem("перезвонить"): W_KEY_SLIP}
    assert plan.groups[0].action
    # so is a swap of two letters side by side in a word of six letters or more
    plan = plan_query("перезвоинть абоненту ", lex, NO_SYNONYMS)
    assert plan.groups[0].alts == {cached_stem("перезвонить"): W_KEY_SLIP}
    # another one-edit slip stays an ordinary typo, and so does a swap in a short word
    plan = plan_query("перезвкнить абоненту ", lex, NO_SYNONYMS)
    assert plan.groups[0].alts == {cached_stem("перезвонить"): W_TYPO[1]}
    plan = plan_query("абоненту траиф ", lex, NO_SYNONYMS)
    assert plan.groups[1].alts == {cached_stem("тариф"): W_TYPO[1]}
    # a question word mistyped is still a question word
    plan = plan_query("сколлько роутер ", lex, NO_SYNONYMS)
    assert plan.groups[0].filler and not plan.groups[1].filler
    # it tells as much as the word typed right: not capped below an exact word as a guess is
    lex = lexicon(("доставку", 2), ("роутера", 9))
    idfs = {cached_stem("доставку"): 3.0, cached_stem("роутера"): 1.0}
    bounced = group_importance(plan_query("доставвку роутера ", lex, NO_SYNONYMS), idfs)
    assert bounced[0] == pytest.approx(W_KEY_SLIP * 3.0)
    guessed = group_importance(plan_query("досиавку роутера ", lex, NO_SYNONYMS), idfs)
    assert guessed[0] == pytest.approx(0.9 * 1.0)


def test_a_comparative_with_po_reads_as_the_plain_one() -> None:
    lex = lexicon(("тариф", 9), ("быстрее", 2), ("дешевле", 2), ("подешевле", 1))
    synonyms = SynonymSets.compile([["дешевле", "недорогой"]])
    plan = plan_query("тариф побыстрее ", lex, synonyms)
    assert cached_stem("быстрее") in plan.groups[1].alts
    # a form the index knows as typed still reads as the plain one, and meets its synonyms
    plan = plan_query("тариф подешевле ", lex, synonyms)
    assert {cached_stem("дешевле"), cached_stem("недорогой")} <= set(plan.groups[1].alts)
    # "поменять", "подключить": no comparative
    lex = lexicon(("менять", 3), ("поменять", 3))
    assert plan_query("поменять ", lex, NO_SYNONYMS).groups[0].stem == cached_stem("поменять")


def test_a_price_question_prefers_a_title_that_states_a_price() -> None:
    # the same head; only one title names a price (equal scores fall to the slug: "a-exchange")
    rows = [TermRow(1, "a-exchange", "ru", "product", "Возврат — приставка", "приставк", "", 1),
            TermRow(2, "box", "ru", "product", "ТВ-приставка — 150 ₽", "приставк", "", 1)]
    lex = lexicon(("приставка", 5), ("стоит", 3))
    for text in ("сколько стоит приставка ", "скока стоит приставка "):
        plan = plan_query(text, lex, NO_SYNONYMS)
        assert plan.asks_price and plan.groups[0].filler
        assert rank(plan, rows)[0][0] == "box"
    assert rank(plan_query("приставка ", lex, NO_SYNONYMS), rows)[0][0] == "a-exchange"


def test_paying_negated_is_the_debt_not_a_way_to_pay() -> None:
    lex = lexicon(("платить", 5), ("оплатил", 5), ("неуплата", 2), ("pay", 5), ("интернет", 9))
    rows = [TermRow(1, "payment-methods", "ru", "product", "Способы оплаты", "способ оплат плат",
                    "", 1),
            row(2, "debt", "баланс задолжен приостановк неуплат")]
    for text in ("не оплатил интернет ", "не платить ", "do not pay "):
        plan = plan_query(text, lex, NO_SYNONYMS)
        paying = plan.groups[0] if plan.groups[0].word != "not" else plan.groups[1]
        assert not paying.action
        assert max(paying.alts, key=paying.alts.__getitem__) in ("неуплат", "non payment")
        assert rank(plan, rows)[0][0] == "debt"
    # not paid in time, forgotten: the debt too ("не смог оплатить" may be a failed payment)
    for text in ("не успел оплатить интернет ", "забыла оплатить интернет "):
        paying = next(g for g in plan_query(text, lex, NO_SYNONYMS).groups if g.word in (
            "оплатить",))
        assert "неуплат" in paying.alts and not paying.action, text
    paying = plan_query("не смог оплатить ", lex, NO_SYNONYMS).groups[-1]
    assert "неуплат" not in paying.alts
    # paying as such asks how to pay
    plan = plan_query("оплатил интернет ", lex, NO_SYNONYMS)
    assert plan.groups[0].action and "неуплат" not in plan.groups[0].alts
    assert rank(plan, rows)[0][0] == "payment-methods"
    # not paying wished for is not having to pay (a pause), no debt
    for text in ("хочет уехать и не платить ", "want to not pay "):
        paying = plan_query(text, lex, NO_SYNONYMS).groups[-1]
        assert not paying.action
        assert not {"неуплат", "non payment"} & set(paying.alts)


def test_paying_after_a_price_question_asks_the_price() -> None:
    # "сколько платить за приставку": what the box costs, not how to pay
    lex = lexicon(("оплатить", 5), ("приставку", 3), ("pay", 5), ("tariff", 4), ("сколько", 2))
    plan = plan_query("сколько оплатить приставку ", lex, NO_SYNONYMS)
    assert [(g.word, g.filler, g.action) for g in plan.groups] == [
        ("сколько", True, False), ("оплатить", True, False), ("приставку", False, False)]
    plan = plan_query("оплатить приставку ", lex, NO_SYNONYMS)
    assert plan.groups[0].action and not plan.groups[0].filler
    plan = plan_query("how much pay for tariff ", lex, NO_SYNONYMS)
    assert [(g.word, g.filler) for g in plan.groups] == [("pay", True), ("tariff", False)]
    # a topic word between: the question is about it, and the paying is asked for
    plan = plan_query("сколько приставку оплатить ", lex, NO_SYNONYMS)
    assert not plan.groups[-1].filler
    # the service right after a price question is what the price is asked of, not a request
    lex = lexicon(("подключить", 5), ("сколько", 2))
    assert plan_query("подключить ", lex, NO_SYNONYMS).groups[0].action
    assert not plan_query("сколько подключить ", lex, NO_SYNONYMS).groups[1].action


def test_a_fee_asks_the_price_of_what_it_is_for() -> None:
    # "абонплата турбо", "плата за роутер": the plan's and the router's prices, not paying
    lex = lexicon(("плата", 3), ("абонплата", 2), ("турбо", 3), ("роутер", 5), ("fee", 1))
    for query, topic in (("абонплата турбо ", "турбо"), ("плата за роутер ", "роутер"),
                         ("router fee ", "router")):
        plan = plan_query(query, lex, NO_SYNONYMS)
        assert plan.asks_price, query
        assert [g.word for g in plan.groups if not g.filler] == [topic], query


@pytest.mark.parametrize("verb", ["перевести", "переведите", "перенесите", "привезите"])
def test_the_imperative_of_a_verb_in_sti_is_the_action_too(verb: str) -> None:
    lex = lexicon((verb, 2), ("звонок", 5))
    assert plan_query(f"{verb} звонок ", lex, NO_SYNONYMS).groups[0].action


def test_a_price_question_prefers_a_page_to_a_procedure() -> None:
    # "сколько стоит подключение": the connection page states the price; the ordering procedure
    # shares the words but tells none
    rows = [TermRow(1, "order", "ru", "procedure", "Order", "подключен", "", 1),
            row(2, "connection", "подключен выезд мастер")]
    lex = lexicon(("подключение", 5), ("стоит", 3))
    # a price word, or «сколько за» with none
    for text in ("сколько стоит подключение ", "сколько за подключение "):
        plan = plan_query(text, lex, NO_SYNONYMS)
        assert plan.asks_price
        assert rank(plan, rows)[0][0] == "connection"
    plain = plan_query("подключение ", lex, NO_SYNONYMS)
    assert not plain.asks_price
    assert rank(plain, rows)[0][0] == "order"
    # ... and the price word still being typed after the question
    assert plan_query("подключение сколько сто", lex, NO_SYNONYMS).asks_price
    assert not plan_query("подключение сколько сто ", lex, NO_SYNONYMS).asks_price


def test_money_named_in_a_price_question_asks_the_price() -> None:
    # "сколько денег за приставку", "скільки гроші за приставку": the box's price, and the money
    # is no topic word (no refund of money is asked); money alone is still a topic
    lex = lexicon(("деньги", 4), ("приставка", 5), ("сколько", 2))
    for text in ("сколько денег за приставку ", "скільки гроші за приставку ",
                 "скільки за приставку "):
        plan = plan_query(text, lex, NO_SYNONYMS)
        assert plan.asks_price, text
        assert [g.word for g in plan.groups if not g.filler] == ["приставку"], text
    plan = plan_query("денег на приставку ", lex, NO_SYNONYMS)
    assert not plan.asks_price
    assert [g.filler for g in plan.groups] == [False, False]


@pytest.mark.parametrize(("text", "frame"), [
    ("абонент говорит что роутер сломался ", ["абонент", "говорит"]),
    ("клиент спрашивает роутер сломался ", ["клиент", "спрашивает"]),
    ("customer says router broken ", ["customer", "says"]),
    ("caller asks how router broken ", ["caller", "asks", "how"]),
    # what follows a verb of saying after the caller without «что» is what was said, unless it
    # says how the caller speaks
    ("клиент говорит роутер сломался ", ["клиент", "говорит"]),
    ("абонент говорит очень медленно ", []),
    # how the caller speaks, and a caller who says nothing more, are what is asked
    ("абонент говорит медленно ", []),
    ("caller says nothing ", []),
])
def test_the_caller_and_a_verb_of_saying_frame_what_was_said(text: str, frame: list[str]) -> None:
    lex = lexicon(("абонент", 5), ("клиент", 5), ("говорит", 2), ("спрашивает", 2),
                  ("роутер", 3), ("сломался", 2), ("медленно", 1), ("customer", 5), ("caller", 5),
                  ("says", 2), ("asks", 2), ("router", 3), ("broken", 2), ("nothing", 2),
                  ("how", 9), ("очень", 3))
    plan = plan_query(text, lex, NO_SYNONYMS)
    assert [g.word for g in plan.groups if g.filler and g.word != "очень"] == frame


def test_whom_a_request_is_for_is_its_context() -> None:
    lex = lexicon(("бабушка", 2), ("тариф", 5), ("подешевле", 2), ("мама", 2))
    plan = plan_query("бабушке тариф подешевле ", lex, NO_SYNONYMS)
    assert [(g.word, g.context) for g in plan.groups][:2] == [("бабушке", True), ("тариф", False)]
    # alone the person is the query
    assert not any(g.context for g in plan_query("для мамы ", lex, NO_SYNONYMS).groups)
    # whose the contract is (after «на», «за») is the topic of the verification, no context
    lex = lexicon(("договор", 5), ("муж", 2), ("мама", 2))
    assert not any(g.context for g in plan_query("договор на мужа ", lex, NO_SYNONYMS).groups)
    assert not any(g.context for g in plan_query("звоню за маму ", lex, NO_SYNONYMS).groups)
    # a child a plan is for is no child calling
    lex = lexicon(("ребенок", 2), ("тариф", 5), ("сын", 2))
    for text in ("тариф для ребенка ", "тариф сыну "):
        plan = plan_query(text, lex, NO_SYNONYMS)
        assert [g.context for g in plan.groups] == [False, True], text
    assert not plan_query("звонит ребенок тариф ", lex, NO_SYNONYMS).groups[1].context


@pytest.mark.parametrize(("text", "frame"), [
    ("муж жалуется мастер не пришел ", ["муж", "жалуется"]),
    ("бабушка спрашивает какие каналы есть ", ["бабушка", "спрашивает", "какие"]),
    ("звонит пенсионер хочет платить наличными ", ["звонит", "пенсионер", "хочет"]),
    ("wife says router broken ", ["wife", "says"]),
    # one word may first say who the person is
    ("парень геймер спрашивает какие каналы есть ", ["парень", "геймер", "спрашивает", "какие"]),
    # alone, or with one word after, the person is what the query is about
    ("звонит бабушка ", []),
    ("бабушка жалуется ", []),
    # a child calling is a situation of its own
    ("звонит ребенок хочет платить наличными ", ["хочет"]),
])
def test_a_reported_person_and_their_verb_frame_what_they_said(text: str,
                                                               frame: list[str]) -> None:
    lex = lexicon(("муж", 2), ("жалуется", 2), ("мастер", 5), ("пришел", 2), ("бабушка", 2),
                  ("спрашивает", 2), ("какие", 9), ("каналы", 5), ("есть", 9), ("звонит", 3),
                  ("пенсионер", 1), ("хочет", 4), ("платить", 4), ("наличными", 1),
                  ("ребенок", 2), ("wife", 1), ("says", 2), ("router", 3), ("broken", 2),
                  ("парень", 2), ("геймер", 1))
    plan = plan_query(text, lex, NO_SYNONYMS)
    assert [g.word for g in plan.groups if g.filler and g.word not in ("какие", "есть")
            ] == [w for w in frame if w != "какие"]


def test_neither_on_one_device_nor_another_says_where_not_what() -> None:
    lex = lexicon(("сайты", 3), ("компа", 2), ("телефона", 4), ("нет", 5))
    plan = plan_query("сайты ни с компа ни с телефона ", lex, NO_SYNONYMS)
    assert [(g.word, g.context) for g in plan.groups if g.word != "ни"] == [
        ("сайты", False), ("компа", True), ("телефона", True)]
    lex = lexicon(("sites", 3), ("phone", 4), ("laptop", 2), ("no", 5))
    plan = plan_query("sites neither on the phone nor on the laptop ", lex, NO_SYNONYMS)
    assert [g.word for g in plan.groups if g.context] == ["phone", "laptop"]
    # "ни интернета ни тв": what is missing is the topic
    lex = lexicon(("компа", 2), ("телефона", 4), ("нет", 5))
    plan = plan_query("ни компа ни телефона ", lex, NO_SYNONYMS)
    assert not any(g.context for g in plan.groups)


def test_urgency_is_a_circumstance_and_cues_no_difficult_case() -> None:
    lex = lexicon(("роутер", 3), ("срочно", 1))
    plan = plan_query("роутер срочно ", lex, NO_SYNONYMS)
    assert [(g.word, g.context) for g in plan.groups] == [("роутер", False), ("срочно", True)]
    rows = [row(1, "router", "роутер аренд"),
            row(2, "emergency", "срочн помощ", "роутер", kind="difficult-case")]
    assert rank(plan, rows)[0][0] == "router"


def test_a_request_placed_already_asks_for_its_status() -> None:
    lex = lexicon(("оставил", 2), ("оставить", 2), ("заявку", 5), ("подключение", 5),
                  ("статус", 3), ("status", 3), ("filed", 1), ("complaint", 3),
                  ("подключить", 4))
    plan = plan_query("оставил заявку на подключение ", lex, NO_SYNONYMS)
    assert [(g.word, g.action) for g in plan.groups] == [
        ("оставил", False), ("заявку", False), ("подключение", False)]
    assert max(plan.groups[0].alts, key=plan.groups[0].alts.__getitem__) == "статус"
    plan = plan_query("filed complaint ", lex, NO_SYNONYMS)
    assert max(plan.groups[0].alts, key=plan.groups[0].alts.__getitem__) == "status"
    # placing one now is the request itself; a past verb without a request is what it says
    assert "статус" not in plan_query("оставить заявку ", lex, NO_SYNONYMS).groups[0].alts
    assert plan_query("заявку подключить ", lex, NO_SYNONYMS).groups[1].action
    assert not plan_query("оставил заявку подключить ", lex, NO_SYNONYMS).groups[2].action
    assert "статус" not in plan_query("оставил подключение ", lex, NO_SYNONYMS).groups[0].alts


def test_a_question_about_a_request_the_caller_has_asks_for_its_status() -> None:
    lex = lexicon(("заявка", 5), ("подключение", 5), ("статус", 3), ("status", 3),
                  ("order", 3), ("оставить", 2), ("где", 1))
    plan = plan_query("где моя заявка на подключение ", lex, NO_SYNONYMS)
    assert [(g.stem, g.action, g.context) for g in plan.groups][1:] == [
        ("статус", False, False), ("заявк", False, False), ("подключен", False, True)]
    assert plan.groups[1].alts == {"статус": W_SYNONYM, "status": W_BRIDGE * W_SYNONYM}
    assert [g.stem for g in plan_query("what about my order ", lex, NO_SYNONYMS).groups] == [
        "status", "order"]
    # the operator retelling the caller's question: his, her, their request; spoken and
    # Ukrainian openers, a preposition before the request
    for text in ("что с его заявкой ", "where is her order ", "чё там по моей заявке ",
                 "что там с заявкой ", "шо там з заявкою "):
        assert {"статус", "status"} & plan_query(text, lex, NO_SYNONYMS).terms
    rows = [row(1, "order", "заявк подключен оформ"), row(2, "status", "статус заявк")]
    assert rank(plan, rows)[0][0] == "status"
    # where to place one is no question about one placed; a request word alone is the request
    for text in ("где оставить заявку на подключение ", "заявка на подключение "):
        assert "статус" not in plan_query(text, lex, NO_SYNONYMS).terms
        assert rank(plan_query(text, lex, NO_SYNONYMS), rows)[0][0] == "order"


@pytest.mark.parametrize("text", ["підкажіть який роутер ", "қандай роутер керек ",
                                  "до сих пор роутер ", "router since until "])
def test_more_regional_question_words_and_since_and_until_are_filler(text: str) -> None:
    lex = lexicon(("роутер", 3), ("router", 3), ("пидкажить", 1), ("який", 1), ("кандай", 1),
                  ("керек", 1), ("сих", 1), ("since", 1), ("until", 1), ("порт", 2))
    plan = plan_query(text, lex, NO_SYNONYMS)
    assert [g.word for g in plan.groups if not g.filler] in (["роутер"], ["router"])


def test_a_last_word_that_begins_nothing_reads_as_a_finished_typo() -> None:
    # "пирвезли" (two letters swapped, no space typed yet) begins no known word: it is the slip of
    # "привезли", read through the synonym sets and counted as a whole word, as when finished
    lex = lexicon(("привезли", 3), ("роутер", 9), ("доставка", 4), ("узнать", 5))
    sets = SynonymSets.compile([["привезли", "доставка"], ["узнать", "выяснить"],
                                ["роутер", "маршрутизатор"]])
    plan = plan_query("роутер не пирвезли", lex, sets)
    last = plan.groups[-1]
    sure = last.alts[cached_stem("привезли")]
    assert sure < 1.0
    assert last.alts[cached_stem("доставка")] == pytest.approx(0.9 * sure)
    assert not mid_word(plan)
    # so is a key that bounced ("ппривезли"), which reads as the word it doubles a letter of
    plan = plan_query("роутер не ппривезли", lex, sets)
    assert cached_stem("доставка") in plan.groups[-1].alts
    assert not mid_word(plan)
    # a stem typed whole with its ending still on the way ("узнат") is no slip
    plan = plan_query("роутер узнат", lex, sets)
    assert cached_stem("выяснить") not in plan.groups[-1].alts
    assert mid_word(plan)
    # nor is a short word: five letters are one slip from too many
    plan = plan_query("ротер", lex, sets)
    assert cached_stem("маршрутизатор") not in plan.groups[-1].alts


def test_a_slip_in_a_word_only_the_synonyms_list_reads_as_that_word() -> None:
    # no article says «перетащить», the synonym sets do: «перетщаить» (two letters swapped) is
    # that word, read through its set, not two slips from an article's «передать»
    lex = lexicon(("перенести", 4), ("номер", 6), ("передать", 5))
    sets = SynonymSets.compile([["перенести", "перетащить"]])
    g = plan_query("перетщаить номер ", lex, sets).groups[0]
    assert cached_stem("передать") not in g.alts
    assert g.alts[cached_stem("перенести")] == pytest.approx(0.9 * W_TYPO[1])
    # without the set the word still reads as the article's word two slips away
    g = plan_query("перетщаить номер ", lex, NO_SYNONYMS).groups[0]
    assert cached_stem("передать") in g.alts


def test_an_adjective_made_of_a_noun_reads_as_the_noun_too() -> None:
    # «баланс минусовой»: the article says «минус на балансе»; «тарифный» is the plan's «тариф»
    lex = lexicon(("минус", 3), ("баланс", 5), ("тариф", 9), ("дом", 9), ("минусовой", 1),
                  ("тарифный", 1), ("домовой", 1))
    minus = plan_query("баланс минусовой ", lex, NO_SYNONYMS).groups[1]
    assert minus.alts["минус"] == pytest.approx(W_DERIVED)
    assert "тариф" in plan_query("тарифный план ", lex, NO_SYNONYMS).groups[0].alts
    # a noun of three letters inside an adjective is too often chance
    assert "дом" not in plan_query("домовой чат ", lex, NO_SYNONYMS).groups[0].alts


def test_everyday_ukrainian_and_kazakh_words_read_as_the_russian_ones() -> None:
    lex = lexicon(("проверить", 3), ("покрытие", 3), ("оплатить", 3), ("тариф", 4),
                  ("доставка", 3), ("тормозит", 2), ("друг", 2), ("акции", 2))
    plan = plan_query("перевірити покриття ", lex, NO_SYNONYMS)
    assert [g.word for g in plan.groups] == ["проверить", "покрытие"]
    # «нема», «немає»: there is none, as «нет»
    absent = lexicon(("нет", 9), ("курьер", 3), ("нем", 2))
    assert [g.word for g in plan_query("курьера нема ", absent, NO_SYNONYMS).groups] == [
        "курьер", "нет"]
    assert plan.groups[0].action  # a request, as «проверить» is
    # a known word with Kazakh endings is that word; a Kazakh word with them, its Russian one
    assert [g.word for g in plan_query("тарифтің төлеуге ", lex, NO_SYNONYMS).groups] == [
        "тариф", "оплатить"]
    # a known Russian word keeps its own reading, and a misspelt one is mended as before: «акцыи»
    # is no stem «акц» with a Kazakh ending «ы»
    assert plan_query("тарифы ", lex, NO_SYNONYMS).groups[0].word == "тарифы"
    assert plan_query("акцыи ", lex, NO_SYNONYMS).groups[0].word == "акцыи"
    # letters being typed that begin a known word are that word on its way: «дос» is «доставка»,
    # not the Kazakh «дос», a friend
    assert plan_query("дос", lex, NO_SYNONYMS).groups[0].word == "дос"
    # and so are those that already are a known word: "по телефону" is no «телефонувати»
    phone = lexicon(("телефон", 5), ("звонить", 3))
    assert plan_query("по телефону", phone, NO_SYNONYMS).groups[0].word == "телефону"
    # letters that begin only a listed regional word are its Russian word on its way
    assert plan_query("покриття перевір", lex, NO_SYNONYMS).groups[1].word == "проверить"
    assert plan_query("дос ", lex, NO_SYNONYMS).groups[0].word == "друг"
    # a floor that lists a regional word in a synonym set keeps the set's reading
    listed = SynonymSets.compile([["гальмує", "тормозит"]])
    assert plan_query("гальмує ", lex, listed).groups[0].word == fold("гальмує")
    assert plan_query("гальмує ", lex, NO_SYNONYMS).groups[0].word == "тормозит"


def test_a_regional_word_reads_by_the_word_before_it_and_a_beginning_by_most_of_a_form() -> None:
    # «-ғым келеді» is "I want to"; «келеді» alone is "comes"
    assert russian_reading(fold("келеді"), fold("жазғым")) == "хочу"
    assert russian_reading(fold("келеді"), "курьер") == "приехать"
    # a half word is a listed form on its way once it is most of it; a short whole word of
    # another kind that begins a long form is not («болды», "was", begins «болдырмау», "cancel")
    assert russian_beginning(fold("перевір")) == "проверить"
    assert russian_beginning(fold("болды")) is None


def test_a_need_said_plainly_is_the_request_and_negated_it_is_the_topic() -> None:
    # "нужен интернет подешевле" asks for a cheaper plan; "больше не нужен интернет" is leaving
    rows = [row(1, "leave", "расторжен больш нуж интернет"),
            row(2, "cheap", f"тариф интернет {cached_stem('подешевле')}")]
    lex = lexicon(("нужен", 5), ("интернет", 9), ("подешевле", 2), ("больше", 5))
    plan = plan_query("нужен интернет подешевле ", lex, NO_SYNONYMS)
    assert [(g.word, g.filler) for g in plan.groups] == [
        ("нужен", True), ("интернет", False), ("подешевле", False)]
    assert rank(plan, rows)[0][0] == "cheap"
    plan = plan_query("больше не нужен интернет ", lex, NO_SYNONYMS)
    assert not next(g for g in plan.groups if g.word == "нужен").filler
    assert rank(plan, rows)[0][0] == "leave"
    # alone it is the query
    assert not plan_query("нужен ", lex, NO_SYNONYMS).groups[0].filler


def test_a_number_word_typed_last_after_a_preposition_is_the_number() -> None:
    # "сто" being typed may become "стоит"; after "на", "за" or a unit it is the number
    lex = lexicon(("тариф", 9), ("стоит", 9), ("100", 3), ("мегабит", 5))
    for text in ("тариф на сто", "мегабит сто"):
        typed = plan_query(text, lex, NO_SYNONYMS).groups[-1]
        assert not typed.filler and "100" in typed.alts, text
    assert plan_query("тариф сколько сто", lex, NO_SYNONYMS).groups[-1].filler


def test_paying_told_in_the_present_is_the_situation_not_a_request() -> None:
    # "плачу за 500, а скорость 40": what the caller pays is context, no request to pay
    lex = lexicon(("платит", 5), ("оплатить", 5), ("скорость", 5), ("pay", 5), ("speed", 5))
    for text, word in (("клиент платит за 500 а скорость 40 ", "платит"),
                       ("not the speed i pay ", "pay")):
        paying = next(g for g in plan_query(text, lex, NO_SYNONYMS).groups if g.word == word)
        assert paying.context and not paying.action, text
    # asked for, paying stays the request
    plan = plan_query("оплатить интернет ", lex, NO_SYNONYMS)
    assert plan.groups[0].action and not plan.groups[0].context
    plan = plan_query("how to pay for speed ", lex, NO_SYNONYMS)
    assert next(g for g in plan.groups if g.word == "pay").action
    # "can I pay", "how do we pay": asked, not told
    for text in ("what ways can i pay my bill ", "how do we pay "):
        paying = next(g for g in plan_query(text, lex, NO_SYNONYMS).groups if g.word == "pay")
        assert not paying.context, text
    # paying for a plan named before it is that plan's price, no way to pay asked
    lex = lexicon(("платить", 5), ("гигабит", 4), ("интернет", 9), ("картой", 3))
    paying = groups_of("за гигабит платить жалко ", lex)["платить"]
    assert paying.context and not paying.action
    assert not groups_of("как за интернет платить картой ", lex)["платить"].context


def test_a_barrage_of_questions_and_a_pause_after_every_word_read_as_the_situation() -> None:
    lex = lexicon(("цен", 5), ("доставк", 5), ("гарант", 2), ("много", 3), ("вопрос", 9),
                  ("говор", 6), ("медлен", 2), ("интернет", 9), ("хотел", 2))
    barrage = plan_query("а цена? а доставка? а гарантия? а когда? ", lex, NO_SYNONYMS)
    many = " ".join(stems("много вопросов"))
    assert many in barrage.groups[0].alts
    assert all(g.context for g in barrage.groups[1:])  # what they ask is their context
    assert barrage.lang == "ru"  # the marks cast no vote
    # three questions are one topic asked three ways ("когда приедет? к скольки? платить?")
    for text in ("а цена? а доставка? ", "а цена? а доставка? а гарантия? "):
        assert all(many not in g.alts and not g.context
                   for g in plan_query(text, lex, NO_SYNONYMS).groups), text
    slow = plan_query("здравствуйте... я... хотела... узнать... про... интернет ", lex,
                      NO_SYNONYMS)
    slowly = " ".join(stems("говорит медленно"))
    assert slowly in slow.groups[0].alts
    # an ellipsis here and there is a caller trailing off, not one who pauses after every word
    trailing = plan_query("ну это... как бы сказать... ну вы поняли, вот интернет... ", lex,
                          NO_SYNONYMS)
    assert all(slowly not in g.alts for g in trailing.groups)
    # words missing between two ellipses are words not heard; a lone one is a caller trailing off
    gap = plan_query("скажите, а… …по тарифу… можно ли это сделать? ", lex, NO_SYNONYMS)
    broken = " ".join(stems("обрывки фраз"))
    assert broken in gap.groups[0].alts and slowly not in gap.groups[0].alts
    # ... and so are words missing around a note on the noise that drowned them
    noted = plan_query("а ваш… (шум в трубке) …ли работает с интернетом? ", lex, NO_SYNONYMS)
    assert broken in noted.groups[0].alts
    assert all(broken not in g.alts for g in trailing.groups)
    assert all(broken not in g.alts for g in slow.groups)


def test_a_meal_after_after_is_a_time_of_day() -> None:
    # Ukrainian "після обіду" (after lunch) folds to the Russian "обиду" (an offence)
    lex = lexicon(("обида", 3), ("обед", 1), ("перезвонить", 5))
    meal = plan_query("перезвонить після обіду ", lex, NO_SYNONYMS).groups[-1]
    assert meal.context and set(meal.alts) == {cached_stem("обед")}
    offence = plan_query("абонент затаил обиду ", lex, NO_SYNONYMS).groups[-1]
    assert not offence.context and cached_stem("обида") in offence.alts


@pytest.mark.parametrize(("text", "words", "rows"), [
    # "переезжа" spells the stem of "переезжаю" and begins no other word: it weighs as typed,
    # so the caller word before it does not carry a difficult case over the move
    ("абонент переезжа", (("переезжаю", 3), ("абонент", 20), ("молчит", 3)),
     [row(1, "right", "переезж переезд", "абонент переезд"),
      row(2, "wrong", "абонент молчит", kind="difficult-case")]),
    # "записывайт" goes on past "записыва" (of "записывайте") into an ending not yet whole: it
    # is that word, not a guess whose letters confirm nothing
    ("согласен записывайт", (("записывайте", 3), ("согласен", 5), ("подключение", 9)),
     [row(1, "right", "записыва подключен", "абонент"), row(2, "wrong", "согласен задолжен")]),
])
def test_a_half_word_that_is_or_goes_past_just_one_stem_counts_as_typed(
        text: str, words: tuple[tuple[str, int], ...], rows: list[TermRow]) -> None:
    plan = plan_query(text, lexicon(*words), NO_SYNONYMS)
    assert rank(plan, rows)[0][0] == "right"


def test_a_verb_stem_with_the_labial_l_reads_as_the_infinitive_stem_too() -> None:
    # "оформляйте" stems to "оформл", "оформить" (how articles name the task) to "оформ"
    lex = lexicon(("оформить", 5), ("оформляет", 2), ("приостановить", 5), ("приостановлю", 1),
                  ("интернет", 9))
    for text, plain in (("оформляйте интернет ", "оформить"),
                        ("приостановлю интернет ", "приостановить")):
        verb = plan_query(text, lex, NO_SYNONYMS).groups[0]
        assert verb.alts.get(cached_stem(plain), 0.0) >= verb.alts[verb.stem] > 0, text
    # "стол", "пол": no labial before the л, nothing added
    lex = lexicon(("сто", 5), ("стол", 5))
    assert set(plan_query("стол ", lex, NO_SYNONYMS).groups[0].alts) == {"стол"}


def test_ukrainian_years_counted_are_the_russian_lety() -> None:
    # "скільки мені років" asks an age: "років" is "лет", "рік" and "року" stay "год"
    assert russian_reading(fold("років")) == "лет"
    assert russian_reading(fold("рік")) == "год"


def test_a_known_word_that_begins_one_longer_word_is_shorthand_for_it_too() -> None:
    # "добров" stems to the "добр" of "добрый", yet as typed it begins only "добровольная"
    lex = lexicon(("добрый", 3), ("добровольная", 2), ("блокировка", 2))
    shorthand = plan_query("добров блок ", lex, NO_SYNONYMS).groups[0]
    assert shorthand.alts[cached_stem("добрый")] == 1.0
    assert 0 < shorthand.alts[cached_stem("добровольная")] < 1.0
    # a word that is its own stem is that word ("блок" stays "блок" though "блокировка" exists)
    lex = lexicon(("блок", 3), ("блокировка", 2), ("интернет", 5))
    assert set(plan_query("блок интернет ", lex, NO_SYNONYMS).groups[0].alts) == {"блок"}


def test_a_word_marked_as_cut_short_reads_as_the_words_it_begins() -> None:
    lex = lexicon(("расторжение", 3), ("расторгнуть", 1), ("растение", 2), ("договор", 6),
                  ("добрый", 5), ("добровольная", 2), ("блокировка", 2), ("интернет", 9))
    # a full stop or a hyphen and an ending mark the cut; the beginning reads as its words
    plan = plan_query("растор. дог-ра ", lex, NO_SYNONYMS)
    cut, contract = plan.groups
    assert cached_stem("расторжение") in cut.alts and cached_stem("растение") not in cut.alts
    assert set(contract.alts) == {cached_stem("договор")} and not contract.typing
    # capitalised or before a comma, a word cut short at the end of the query is finished
    assert not plan_query("Растор. Дог-ра,", lex, NO_SYNONYMS).groups[-1].typing
    # a word that is its own stem, marked, reads as itself no surer than a word it begins
    marked = plan_query("добр. блок ", lex, NO_SYNONYMS).groups[0]
    unmarked = plan_query("добр блок ", lex, NO_SYNONYMS).groups[0]
    assert marked.alts[cached_stem("добрый")] < 1.0 and cached_stem("добровольная") in marked.alts
    assert set(unmarked.alts) == {cached_stem("добрый")}
    # a word that begins no longer one ends a sentence; so do particles after a hyphen
    assert set(plan_query("интернет.", lex, NO_SYNONYMS).groups[0].alts) == {"интернет"}
    assert _marked_shortenings(["кто-то", "давай-ка", "подкл-я,", "дог."]) == (
        ["кто-то", "давай-ка", "подкл,", "дог"], {"подкл": "", "дог": ""})
    # two letters and the last ones are a contraction; a stop word before a hyphen is no word
    assert _marked_shortenings(["ст-с", "ср-в,", "из-за", "по-русски"]) == (
        ["ст", "ср,", "из-за", "по-русски"], {"ст": "с", "ср": "в"})


def test_the_noise_of_a_bad_line_written_down_reads_as_noise() -> None:
    lex = lexicon(("помехи", 3), ("слышно", 4), ("шум", 2))
    assert [g.word for g in plan_query("шшш... пшшш кхххх плохо слышно ", lex, NO_SYNONYMS).groups
            ] == ["помехи", "помехи", "помехи", "слышно"]
    # a crackle held twice after a consonant is noise too; a word of one letter twice, of
    # other letters, or the «ммм» of someone thinking is no noise
    assert [g.word for g in plan_query("кхх... плохо слышно ", lex, NO_SYNONYMS).groups
            ] == ["помехи", "слышно"]
    assert [g.word for g in plan_query("шум сс ммм ", lex, NO_SYNONYMS).groups] == ["шум"]


def test_a_three_letter_stem_is_no_sure_half_of_a_run_together_word() -> None:
    # "безобразие": "разие" stems to "раз", which is what is left of many words
    lex = lexicon(("раз", 9), ("безопасно", 2), ("без", 4))
    assert [g.word for g in plan_query("безобразие ", lex, NO_SYNONYMS).groups] in (
        [], ["безобразие"])


def test_an_english_comparative_no_article_has_reads_as_its_plain_word() -> None:
    lex = lexicon(("cheap", 3), ("big", 2), ("easy", 2), ("own", 4), ("plan", 5))
    synonyms = SynonymSets.compile([["owner", "holder"]])
    for typed, plain in (("cheaper", "cheap"), ("bigger", "big"), ("easier", "easy")):
        group = plan_query(f"{typed} plan ", lex, synonyms).groups[0]
        assert group.alts.get(cached_stem(plain)) == 1.0, typed
    # a word the synonym sets list is that word ("owner" is no "own"), and "than" is no topic
    assert "own" not in plan_query("owner plan ", lex, synonyms).groups[0].alts
    assert [g.word for g in plan_query("cheaper than plan ", lex, synonyms).groups] == [
        "cheaper", "plan"]


def test_a_story_told_before_a_question_how_to_act_is_its_context() -> None:
    lex = lexicon(("звоню", 5), ("решил", 3), ("пожаловаться", 4), ("роутер", 6))
    plan = plan_query("третий раз звоню, никто не решил, как пожаловаться ", lex, NO_SYNONYMS)
    by_word = {g.word: g for g in plan.groups}
    assert by_word["звоню"].context and by_word["решил"].context
    assert by_word["пожаловаться"].action and not by_word["пожаловаться"].context
    # ... and so is one before a clause asking whether the action may be done
    lex2 = lexicon(("роутер", 6), ("сломался", 3), ("поменять", 4))
    plan = plan_query("роутер сломался, мне его можно поменять? ", lex2, NO_SYNONYMS)
    assert [g.word for g in plan.groups if g.context] == ["роутер", "сломался"]
    # no question clause, or one word before it, or no action asked: nothing is context
    for text in ("звоню решил пожаловаться ", "роутер, как пожаловаться ",
                 "звоню, решил, как роутер "):
        assert not any(g.context for g in plan_query(text, lex, NO_SYNONYMS).groups), text


def test_how_soon_is_a_circumstance_and_clarifying_is_asking() -> None:
    lex = lexicon(("перезвонить", 5), ("час", 2), ("дней", 3), ("2", 3), ("через", 2),
                  ("приедет", 3), ("уточняет", 1))
    for text, when in (("перезвоните через час ", ["час"]), ("приедет через 2 дня ", ["2", "дня"]),
                       ("через сколько дней приедет ", [])):
        plan = plan_query(text, lex, NO_SYNONYMS)
        by_word = {g.word: g for g in plan.groups}
        assert by_word["через"].filler, text
        assert [g.word for g in plan.groups if g.context] == when, text
    # the operator's "уточняет" is the caller asking, as "спрашивает" is
    assert plan_query("уточняет приедет ", lex, NO_SYNONYMS).groups[0].filler


def test_a_range_of_plans_leaves_both_ends_out() -> None:
    lex = lexicon(("тариф", 5), ("300", 3), ("1000", 2), ("500", 3), ("гигабит", 2),
                  ("plan", 4), ("100", 3), ("200", 2))
    for text, ends in (("тариф между тремястами и гигабитом ", {"300", "гигабитом"}),
                       ("тариф между двумястами и тысячей? пятисотка ", {"200", "1000"}),
                       ("plan between 100 and 500 ", {"100", "500"})):
        plan = plan_query(text, lex, NO_SYNONYMS)
        assert {g.word for g in plan.groups if g.left_out} == ends, text
        assert all(g.filler for g in plan.groups if g.word in ("между", "between")), text
    # a number after a sentence's end is a number of its own (500, not 1500)
    plan = plan_query("тариф между двумястами и тысячей? пятисотка ", lex, NO_SYNONYMS)
    assert "500" in plan.groups[-1].alts
    # "между нами" is no range
    assert not any(g.left_out for g in plan_query("между нами 300 ", lex, NO_SYNONYMS).groups)


def test_a_long_story_drops_its_first_filler_words_before_its_last_words() -> None:
    topics = ["квартира", "новостройка", "интернет", "тариф", "адрес", "дом", "этаж",
              "кабель", "роутер", "оптика", "мастер"]
    lex = lexicon(*((w, 3) for w in topics), ("слушайте", 1), ("скажите", 1))
    text = "слушайте " + " скажите ".join(topics) + " "
    plan = plan_query(text, lex, NO_SYNONYMS)
    assert len(plan.groups) == MAX_GROUPS
    assert plan.groups[-1].word == "мастер"  # the story's last word is kept
    assert [g.word for g in plan.groups if not g.filler] == topics
    # the last filler word stays where the cap leaves room for it
    assert [g.word for g in plan.groups[-2:]] == ["скажите", "мастер"] and plan.groups[-2].filler
    # then its words of context go, before the last words of the story
    lex = lexicon(*((w, 3) for w in topics), ("месяц", 3), ("минус", 2))
    plan = plan_query("в прошлом месяце " + " ".join(topics) + " минус ", lex, NO_SYNONYMS)
    assert "месяце" not in [g.word for g in plan.groups]
    assert plan.groups[-1].word == "минус"
    # and its words read only as typos of others before its last words
    lex = lexicon(*((w, 3) for w in topics), ("минус", 2))
    plan = plan_query("рлутер " + " ".join(topics) + " минус ", lex, NO_SYNONYMS)
    assert "рлутер" not in [g.word for g in plan.groups]
    assert plan.groups[-1].word == "минус"


def test_a_debt_after_a_context_marker_is_still_the_topic() -> None:
    lex = lexicon(("заблокировали", 3), ("услуги", 5), ("долга", 3), ("ремонта", 2), ("орет", 1))
    by_word = groups_of("заблокировали услуги из-за долга ", lex)
    assert not by_word["долга"].context
    by_word = groups_of("заблокировали услуги из-за ремонта ", lex)
    assert by_word["ремонта"].context
    # what a caller shouts about is the shouting's context, a debt too
    by_word = groups_of("орет из-за долга ", lex)
    assert by_word["долга"].context


def test_an_english_action_told_as_done_before_one_asked_is_its_story() -> None:
    lex = lexicon(("ordered", 3), ("router", 6), ("collect", 2), ("connection", 5),
                  ("status", 3), ("order", 4))
    plan = plan_query("ordered a router does the courier collect it ", lex, NO_SYNONYMS)
    by_word = {g.word: g for g in plan.groups}
    assert by_word["ordered"].context and not by_word["ordered"].action
    assert by_word["collect"].action
    # an order of a connection, the action's own object, is no story; one action alone neither
    for text in ("ordered connection what status ", "ordered a router "):
        assert not any(g.context for g in plan_query(text, lex, NO_SYNONYMS).groups), text


def test_a_question_asked_before_is_a_request_whose_status_is_asked() -> None:
    # "звонил на прошлой неделе, что с моим вопросом": the status of what was asked; the call
    # before is how it was asked, and the question names no difficult case
    lex = lexicon(("статус", 3), ("вопрос", 9), ("звонил", 5), ("status", 3))
    plan = plan_query("звонил вчера что с моим вопросом ", lex, NO_SYNONYMS)
    by_word = {g.word: g for g in plan.groups}
    assert "статус" in by_word and by_word["вопросом"].filler and by_word["звонил"].context
    # without a status opener the question is a word like any
    assert not plan_query("вопросом интересуется ", lex, NO_SYNONYMS).groups[0].filler


def test_alone_beside_what_is_left_out_says_it_again() -> None:
    # "300 мегабит отдельно без тв": "отдельно" is no topic of its own (the bundle is cheaper
    # than "отдельно"); asked for alone it stays
    lex = lexicon(("мегабит", 5), ("отдельно", 2), ("тв", 9))
    plan = plan_query("300 мегабит отдельно без тв ", lex, NO_SYNONYMS)
    assert next(g for g in plan.groups if g.word == "отдельно").filler
    plan = plan_query("интернет и тв отдельно ", lex, NO_SYNONYMS)
    assert not next(g for g in plan.groups if g.word == "отдельно").filler


def test_an_hour_of_the_day_is_when_not_what() -> None:
    # "перезвоните в семь": the hour is context; "в 5 мбит", "в 2 раза" count an amount
    lex = lexicon(("перезвонить", 5), ("7", 2), ("5", 2), ("мбит", 5), ("скорость", 5))
    plan = plan_query("перезвонить в семь ", lex, NO_SYNONYMS)
    assert plan.groups[-1].word == "7" and plan.groups[-1].context
    plan = plan_query("скорость упала в 5 мбит ", lex, NO_SYNONYMS)
    assert not next(g for g in plan.groups if g.word == "5").context


def test_a_number_after_more_than_is_a_bound_and_names_no_plan() -> None:
    # "скорость больше 500": the plans past 500 are asked for, not «Домашний 500»
    def page(i: int, slug: str, title: str, head: str, body: str) -> TermRow:
        return TermRow(i, slug, "ru", "product", title, head, body, 1)

    lex = lexicon(("скорость", 5), ("больше", 2), ("500", 2), ("rubles", 2), ("top", 2))
    rows = [page(1, "home-500", "Тариф «Домашний 500» — 950 ₽", "тариф домашн 500", "скорост"),
            page(2, "turbo", "Тариф «Турбо» — 1290 ₽", "тариф турб скорост", "500 700")]
    df = {"500": 2, "скорост": 3}
    bound = plan_query("скорость больше 500 ", lex, NO_SYNONYMS)
    assert next(g for g in bound.groups if g.word == "500").left_out
    assert rank(bound, rows, df=df)[0][0] == "turbo"
    # typed plainly, the number names the plan
    named = plan_query("скорость 500 ", lex, NO_SYNONYMS)
    assert rank(named, rows, df=df)[0][0] == "home-500"


def test_a_sum_of_money_names_no_plan_whose_title_holds_the_number() -> None:
    # "top up 500 rubles": the plan titled «Домашний 500» is no object of the payment
    def page(i: int, slug: str, title: str, head: str, body: str) -> TermRow:
        return TermRow(i, slug, "en", "product", title, head, body, 1)

    rows = [page(1, "home-500", "Home 500 — 950 ₽", "home 500 plan", "card"),
            page(2, "payment", "Ways to pay", "top up card pay", "bank")]
    query = QueryPlan([Group("top", "top", {"top": 1.0}), Group("500", "500", {"500": 1.0}),
                       Group("rubles", "rubl", {"rubl": 1.0}),
                       Group("card", "card", {"card": 1.0})], "en")
    df = {"500": 1, "top": 2, "card": 2, "rubl": 5}
    scores = dict(rank(query, rows, df=df))
    assert max(scores, key=scores.__getitem__) == "payment"
    # without its currency the number names the plan, and the payment page gives way
    query.groups[2] = Group("plan", "plan", {"plan": 1.0})
    named = dict(rank(query, rows, df=df))
    assert named["payment"] < scores["payment"]


def test_a_young_age_the_caller_gives_as_their_own_says_a_child_is_calling() -> None:
    lex = lexicon(("ребенок", 5), ("child", 5), ("8", 2), ("40", 2))
    for text in ("мне восемь лет ", "мне 8 лет ", "i'm 9 years old ", "i'm eight and mom is out ",
                 "мне семь и мамы нет "):
        number = next(g for g in plan_query(text, lex, NO_SYNONYMS).groups if g.word.isdigit())
        assert cached_stem("ребенок") in number.alts and not number.context, text
    # a son's age, or a grown-up's, is no child on the line
    for text in ("сыну 8 лет ", "мне 40 лет ", "i'm 8 minutes away "):
        number = next(g for g in plan_query(text, lex, NO_SYNONYMS).groups if g.word.isdigit())
        assert cached_stem("ребенок") not in number.alts, text


def test_can_and_turns_out_are_filler() -> None:
    lex = lexicon(("могут", 2), ("получается", 2), ("провести", 5), ("долг", 5))
    plan = plan_query("когда могут провести ", lex, NO_SYNONYMS)
    assert next(g for g in plan.groups if g.word == "могут").filler
    plan = plan_query("долг получается ", lex, NO_SYNONYMS)
    assert next(g for g in plan.groups if g.word == "получается").filler


def test_a_ukrainian_past_of_leaving_a_request_is_a_placed_request() -> None:
    # "залишав заявку": the caller left one, and asks what became of it
    lex = lexicon(("заявка", 5), ("оставить", 3), ("статус", 3))
    plan = plan_query("залишав заявку тиждень тому ", lex, NO_SYNONYMS)
    assert plan.groups[0].word == "оставил"
    request = next(g for g in plan.groups if g.word == "заявку")
    assert request.alts and not request.action


def test_the_unit_of_a_sum_is_context_and_says_no_language() -> None:
    # "top up 500 rubles by card": «рубль» (as the sign reads) is no Russian word typed, and the
    # unit weighs less than what is paid for and how
    lex = lexicon(("top", 3), ("card", 3), ("500", 2), ("рубль", 9))
    plan = plan_query("top up 500 rubles by card ", lex, NO_SYNONYMS)
    assert plan.lang == "en"
    unit = next(g for g in plan.groups if g.stem == cached_stem("рубль"))
    assert unit.context
    # alone, "за рубль" names the one-ruble offer: no sum, no context
    plan = plan_query("месяц за рубль ", lexicon(("месяц", 3), ("рубль", 9)), NO_SYNONYMS)
    assert not plan.groups[-1].context


def test_a_caller_who_asks_nothing_is_the_topic_not_the_frame() -> None:
    # "спрашивает" frames a question as filler; "ничего не спрашивает" says there is none
    lex = lexicon(("спрашивает", 3), ("роутер", 5), ("тариф", 5))
    plan = plan_query("клиент спрашивает про роутер ", lex, NO_SYNONYMS)
    assert next(g for g in plan.groups if g.word == "спрашивает").filler
    plan = plan_query("говорит про тариф, но ничего не спрашивает ", lex, NO_SYNONYMS)
    asking = next(g for g in plan.groups if g.word == "спрашивает")
    assert not asking.filler and not asking.context


def test_without_a_question_or_specifics_is_how_not_what_is_left_out() -> None:
    lex = lexicon(("вопроса", 3), ("конкретики", 2), ("тариф", 5))
    for text in ("про тариф без вопроса ", "про тариф без конкретики "):
        plan = plan_query(text, lex, NO_SYNONYMS)
        assert not any(g.left_out for g in plan.groups), text


def test_the_plan_the_caller_is_on_is_their_situation() -> None:
    # "на тарифе 500 скорость 100": the plan is what the caller has; "на тариф 500" moves to it
    lex = lexicon(("тариф", 9), ("500", 2), ("скорость", 5), ("100", 2))
    plan = plan_query("на тарифе 500 скорость 100 ", lex, NO_SYNONYMS)
    assert [g.context for g in plan.groups[:2]] == [True, True]
    assert not next(g for g in plan.groups if g.word == "скорость").context
    plan = plan_query("перейти на тариф 500 ", lex, NO_SYNONYMS)
    assert not any(g.context for g in plan.groups)
    # and so is the plan a caller sits on, left when another is named after it
    lex = lexicon(("сидеть", 3), ("300", 2), ("100", 2), ("интернет", 9), ("тормозить", 3))
    by_word = groups_of("сидим на сотке, хотим перейти на 300 ", lex)
    assert by_word["100"].left_out and not by_word["300"].context
    assert groups_of("сижу на сотке, интернет тормозит ", lex)["100"].context


def test_an_action_wished_for_is_the_request_and_one_told_before_it_is_context() -> None:
    lex = lexicon(("отказа", 3), (cached_stem("сдать"), 2), ("тв", 6), ("приставк", 4),
                  ("расторгн", 3), ("договор", 8), ("верн", 4), ("деньг", 3))
    plan = plan_query("отказалась от тв, хочет сдать приставку ", lex, NO_SYNONYMS)
    refused = next(g for g in plan.groups if g.word == "отказалась")
    returned = next(g for g in plan.groups if g.word == "сдать")
    assert returned.action and not refused.action and refused.context
    # with no wish, the first action is still the request and the later one follows from it
    plan = plan_query("расторгнуть договор и вернуть деньги ", lex, NO_SYNONYMS)
    assert plan.groups[0].action and not plan.groups[0].context
    # the action wished may come after its object: "хочет претензию оформить"
    lex = lexicon(("верн", 4), ("деньг", 3), ("претенз", 2), (cached_stem("оформить"), 3),
                  ("письменн", 1))
    by_word = groups_of("требует вернуть деньги, хочет письменную претензию оформить ", lex)
    assert by_word["оформить"].action
    assert by_word["вернуть"].context and not by_word["вернуть"].action


def test_the_speed_a_caller_has_and_the_plan_they_pay_for_are_context() -> None:
    lex = lexicon(("100", 3), ("300", 3), ("мегабит", 5), ("тест", 2), ("повыш", 1),
                  ("плач", 1), ("плат", 4), ("1300", 1), ("скорост", 6), ("окол", 2))
    plan = plan_query("клиент на ста мегабитах хочет повыше ", lex, NO_SYNONYMS)
    assert all(g.context for g in plan.groups if g.word in ("100", "мегабитах"))
    plan = plan_query("плачу за триста мегабит а тест показывает тридцать ", lex, NO_SYNONYMS)
    assert next(g for g in plan.groups if g.word == "300").context
    assert not next(g for g in plan.groups if g.word == "тест").context
    # a sum one is ready to pay is a bound of price, no request to pay
    plan = plan_query("высокая скорость, готов платить около 1300 ", lex, NO_SYNONYMS)
    paying = next(g for g in plan.groups if g.word == "платить")
    assert paying.context and not paying.action
    assert next(g for g in plan.groups if g.word == "около").filler


def test_faster_than_with_the_colloquial_comparative_passes_the_number() -> None:
    lex = lexicon(("300", 3), ("500", 3), ("быстр", 4))
    for text in ("побыстрее трёхсот ", "повыше 300 "):
        plan = plan_query(text, lex, NO_SYNONYMS)
        assert next(g for g in plan.groups if g.word == "300").left_out, text


def test_an_order_placed_or_processed_asks_for_its_status() -> None:
    lex = lexicon(("заказ", 6), ("подключен", 6), ("статус", 2), ("оформлен", 2),
                  ("обращен", 3))
    for text in ("обработан ли заказ на подключение ", "заказ, оформленный в понедельник ",
                 "рассмотрено ли обращение "):
        groups = plan_query(text, lex, NO_SYNONYMS).groups
        assert any("статус" in g.alts for g in groups), text
        assert not any(g.action for g in groups), text


def test_with_an_action_asked_only_what_its_object_comes_without_is_left_out() -> None:
    lex = lexicon(("подключ", 6), ("интернет", 9), ("тв", 6), ("мастер", 4), ("моб", 2),
                  ("сет", 3), ("смен", 3), ("симк", 3))
    groups = plan_query("подключить интернет без тв ", lex, NO_SYNONYMS).groups
    assert next(g for g in groups if g.word == "тв").left_out
    groups = plan_query("подключить без мастера ", lex, NO_SYNONYMS).groups
    assert not any(g.left_out for g in groups)
    groups = plan_query("мобила без сети после смены симки ", lex, NO_SYNONYMS).groups
    assert not any(g.left_out for g in groups)


def test_parents_moved_to_are_a_circumstance() -> None:
    lex = lexicon(("перееха", 2), (cached_stem("родителям"), 3), ("улиц", 2))
    groups = plan_query("переехал к родителям на другую улицу ", lex, NO_SYNONYMS).groups
    assert next(g for g in groups if g.word == "родителям").context
    # "пусть перезвонят": "let" is no "пустой"
    assert "пуст" not in {t for g in plan_query("пусть перезвонят ", lexicon(("пуст", 3), (
        "перезвон", 4)), NO_SYNONYMS).groups if not g.filler for t in g.alts}


def test_a_title_that_denies_what_the_query_says_plainly_gives_way() -> None:
    lex = lexicon(("монтажник", 3), ("пришл", 3), ("вечер", 2), ("мастер", 5))
    visit = TermRow(1, "installation", "ru", "product", "Выезд мастера — интервалы",
                    "монтажник мастер пришл", "", 1)
    missed = TermRow(2, "no-show", "ru", "procedure", "Мастер не пришёл — эскалация",
                     "монтажник мастер пришл", "", 1)
    wanted = plan_query("чтобы монтажник пришёл вечером ", lex, NO_SYNONYMS)
    assert rank(wanted, [visit, missed])[0][0] == "installation"
    absent = plan_query("монтажник не пришёл ", lex, NO_SYNONYMS)
    scores = dict(rank(absent, [visit, missed]))
    assert scores["no-show"] > scores["installation"]  # the title says just what is denied
    # another form of the verb the title denies is the same verb ("прийти", "пришёл")
    lex = lexicon(("монтажник", 3), ("пришл", 3), ("прийт", 3), ("мастер", 5))
    asked = plan_query("когда может прийти монтажник ", lex, NO_SYNONYMS)
    scores = {title: rank(asked, [TermRow(2, "no-show", "ru", "procedure", title,
                                          "монтажник мастер прийт пришл", "", 1)])[0][1]
              for title in ("Мастер не пришёл — эскалация", "Мастер и пришёл — эскалация")}
    assert scores["Мастер не пришёл — эскалация"] < 0.8 * scores["Мастер и пришёл — эскалация"]


def test_a_colleagues_name_inside_a_query_is_no_typo_of_a_known_word() -> None:
    lex = lexicon(("игр", 4), ("гор", 2), ("абонент", 9), ("говор", 5), ("молч", 3))
    plan = plan_query("у Игоря абонент молчит ", lex, NO_SYNONYMS)
    assert [g.word for g in plan.groups] == ["абонент", "молчит"]
    # a known word capitalised is still that word; so is an unknown one typed in lower case
    assert [g.word for g in plan_query("Абонент Молчит ", lex, NO_SYNONYMS).groups] == [
        "абонент", "молчит"]
    assert "игр" in plan_query("у игоря абонент ", lex, NO_SYNONYMS).groups[0].alts
    # and so is a known name with a case ending: a plan's name capitalised
    plans = lexicon(("стандарт", 3), ("безлимит", 3), ("абонент", 9))
    assert [g.word for g in plan_query("Стандарт от Безлимита ", plans, NO_SYNONYMS).groups] == [
        "стандарт", "безлимита"]


def test_the_operator_not_knowing_how_frames_the_question() -> None:
    lex = lexicon(("оператор", 4), ("знает", 2), ("знаю", 2), ("школьник", 2), ("спрос", 3))
    plan = plan_query("оператор не знает, как говорить со школьником ", lex, NO_SYNONYMS)
    assert next(g for g in plan.groups if g.word == "знает").filler
    # what a caller does not know stays a topic
    plan = plan_query("абонент не знает что спросить ", lex, NO_SYNONYMS)
    assert not next(g for g in plan.groups if g.word == "знает").filler


def test_a_verb_whose_forms_stem_apart_meets_its_other_forms() -> None:
    # «прийти», «придёт», «пришёл» stem three ways; the page that says "мастер придёт" answers
    # "когда может прийти мастер" (though no article says «прийти»), and «приехать» is the same
    # visit
    lex = lexicon(("придет", 4), ("пришел", 3), ("приехал", 2), ("мастер", 9))
    by_word = groups_of("может прийти мастер ", lex)
    assert {cached_stem("придет"), cached_stem("пришел"), cached_stem("приехал")} <= set(
        by_word["прийти"].alts)
    assert by_word["прийти"].alts[cached_stem("придет")] < 1.0
    # an English form is no Russian form's sister; a past is a visit told, not one awaited
    assert not any(t.isascii() for t in by_word["прийти"].alts)
    told = plan_query("внук приезжал ", lex, NO_SYNONYMS).groups
    assert not any(cached_stem("придет") in g.alts for g in told)


def test_a_diminutive_reads_as_its_plain_noun() -> None:
    lex = lexicon(("заявка", 5), ("коробка", 2))
    for text, plain in (("заявочку оставил ", "заявка"), ("коробочка сломалась ", "коробка")):
        first = plan_query(text, lex, NO_SYNONYMS).groups[0]
        assert first.alts.get(cached_stem(plain), 0.0) >= 0.9, text
    # "где там моя заявочка" asks for the status of a request
    lex = lexicon(("заявка", 5), ("статус", 3))
    plan = plan_query("где там моя заявочка ", lex, NO_SYNONYMS)
    assert cached_stem("статус") in plan.groups[0].alts


def test_a_person_is_no_typo_of_another_person() -> None:
    # "девушка", how callers address the operator, is no "дедушка"
    lex = lexicon(("дедушка", 3), ("роутер", 5))
    assert [g.word for g in plan_query("девушка роутер ", lex, NO_SYNONYMS).groups] == ["роутер"]


def test_a_quantifier_between_without_and_its_noun_still_leaves_the_noun_out() -> None:
    lex = lexicon(("интернет", 9), ("телевидения", 4), ("всякого", 1), ("вся", 2), ("кого", 2))
    by_word = groups_of("интернет без всякого телевидения ", lex)
    assert by_word["телевидения"].left_out and not by_word["интернет"].left_out
    assert "кого" not in by_word  # a quantifier is no run-together of two words


def test_the_plan_had_is_left_when_a_plan_asked_follows() -> None:
    lex = lexicon(("тариф", 9), ("дешевый", 2), ("самый", 2), ("перейти", 3), ("300", 5),
                  ("грузит", 2))
    by_word = groups_of("на самом дешевом тарифе хочу перейти на 300 ", lex)
    assert all(by_word[w].left_out for w in ("самом", "дешевом", "тарифе"))
    assert not by_word["300"].left_out and not by_word["перейти"].context
    # with no plan after it, the plan had is the context of the symptom
    by_word = groups_of("на дешевом тарифе не грузит ", lex)
    assert by_word["дешевом"].context and not by_word["дешевом"].left_out
    assert not by_word["грузит"].context


def test_context_ends_with_the_clause_its_marker_opened() -> None:
    lex = lexicon(("фирма", 2), ("договор", 6), ("переключить", 3), ("отдел", 4))
    by_word = groups_of("звонит фирма насчет договора, нужно переключить на отдел ", lex)
    assert by_word["договора"].context
    assert not by_word["переключить"].context and not by_word["отдел"].context


def test_two_context_words_spell_no_phrase() -> None:
    plan = QueryPlan([Group("дешевом", "дешев", {"дешев": 1.0}, context=True),
                      Group("тарифе", "тариф", {"тариф": 1.0}, context=True),
                      Group("300", "300", {"300": 1.0})], "ru")
    assert _phrase_pairs(plan) == [[" тариф 300 ", " 300 тариф "]]


def test_an_order_told_as_placed_is_the_story_of_what_is_asked() -> None:
    lex = lexicon(("заказала", 3), ("приставку", 4), ("привезут", 3), ("статус", 2),
                  ("заказ", 5))
    by_word = groups_of("заказала приставку когда привезут ", lex)
    assert by_word["заказала"].context and not by_word["приставку"].context
    # the order alone, or the order whose status is asked, stays what the query is about
    for text in ("заказала приставку ", "заказала приставку какой статус "):
        by_word = groups_of(text, lex)
        assert not by_word["заказала"].context, text


def test_a_contraction_reads_as_the_long_words_its_letters_begin_and_end() -> None:
    lex = lexicon(("статус", 4), ("статья", 9), ("стоимость", 6), ("средств", 3), ("срыв", 5),
                  ("заявки", 5))
    by_word = groups_of("ст-с заявки ср-в ", lex)
    assert set(by_word["ст"].alts) == {cached_stem("статус")}
    assert set(by_word["ср"].alts) == {cached_stem("средств")}  # no four-letter "срыв"


def test_a_cut_word_one_edit_from_another_still_reads_as_the_words_it_begins() -> None:
    # "подтв" is "подтверждение" cut short, not "пода" with a letter slipped in
    lex = lexicon(("подтверждение", 3), ("подать", 6), ("личность", 2))
    first = plan_query("подтв личности ", lex, NO_SYNONYMS).groups[0]
    assert first.alts[cached_stem("подтверждение")] > first.alts.get(cached_stem("подать"), 0)
    # a Latin word read through transliteration is not cut short ("tarif" is no "tariff…"): it
    # is "tariff" with one letter of the double typed once
    lex = lexicon(("тариф", 4), ("tariff", 1))
    assert alts(plan_query("tarif ", lex, NO_SYNONYMS))[0]["tariff"] == W_KEY_SLIP


def test_an_ellipsis_finishes_the_last_word_and_slow_speech_is_context() -> None:
    lex = lexicon(("интернет", 9), ("счет", 5))
    plan = plan_query("алло... я... про... интернет...", lex, NO_SYNONYMS)
    assert plan.groups[0].word == "..." and not plan.groups[-1].typing
    assert all(g.context for g in plan.groups[1:])


def test_many_questions_fired_leave_no_single_question_the_topic() -> None:
    lex = lexicon(("роутер", 5), ("мастер", 4), ("тариф", 6))
    few = plan_query("а тариф? а роутер? а мастер? а когда?", lex, NO_SYNONYMS)
    many = plan_query("а тариф? а роутер? а мастер? а когда? а сколько?", lex, NO_SYNONYMS)
    assert all(g.context and not g.filler for g in few.groups[1:])
    assert all(g.filler for g in many.groups[1:] if g.word != "???")


def test_a_question_or_a_wish_before_how_to_act_is_no_story() -> None:
    lex = lexicon(("жалобу", 5), ("написать", 3), ("подавать", 2), ("приставка", 4),
                  ("стоит", 5), ("платить", 4), ("решил", 2), ("пожаловаться", 3))
    story = plan_query("никто не решил, как пожаловаться ", lex, NO_SYNONYMS)
    assert {g.word: g for g in story.groups}["решил"].context
    for text in ("хочу написать жалобу, куда подавать ",
                 "приставка сколько стоит? можно платить "):
        assert not any(g.context for g in plan_query(text, lex, NO_SYNONYMS).groups), text


def test_a_past_plural_with_no_one_named_is_done_not_asked() -> None:
    lex = lexicon(("отключили", 2), ("отключить", 4), ("услуги", 6))
    for text in ("отключили услуги ", "всё отключилось ", "услуги отключились "):
        assert not any(g.action for g in plan_query(text, lex, NO_SYNONYMS).groups), text
    for text in ("отключить услуги ", "хочу чтобы отключили услуги "):
        assert plan_query(text, lex, NO_SYNONYMS).groups[-2].action, text


def test_an_english_passive_tells_what_was_done() -> None:
    lex = lexicon(("suspend", 4), ("suspension", 3), ("services", 6), ("internet", 9))
    sets = SynonymSets.compile([["suspend", "suspension"]])
    for text in ("my services were suspended today ", "why were my services suspended today "):
        assert not groups_of_with(text, lex, sets)["suspended"].action, text
    assert groups_of_with("can you suspend my internet ", lex, sets)["suspend"].action


def test_a_short_passive_participle_tells_a_state() -> None:
    lex = lexicon(("оформлен", 2), ("оформить", 4), ("договор", 6), ("отключен", 2),
                  ("интернет", 9))
    for text in ("договор оформлен на маму ", "интернет отключен "):
        assert not any(g.action for g in plan_query(text, lex, NO_SYNONYMS).groups), text
    assert groups_of("оформить договор ", lex)["оформить"].action


def test_the_plan_switched_from_is_left_for_the_one_switched_to() -> None:
    lex = lexicon(("100", 5), ("300", 5), ("тариф", 8), ("перейти", 3), ("switch", 2))
    for text, had, asked in (("перейти с сотки на тариф 300 ", "100", "300"),
                             ("switch from 300 to 100 ", "300", "100")):
        by_word = groups_of(text, lex)
        assert by_word[had].left_out and not by_word[asked].left_out, text
    # "с 100 мегабитами" with nothing switched to is no switch
    assert not groups_of("роутер с 100 мегабит ", lex)["100"].left_out


def test_a_bracketed_note_of_what_was_heard_names_the_situation() -> None:
    lex = lexicon(("треск", 2), ("личный", 5), ("кабинет", 5), ("хочу", 3))
    by_word = groups_of("как мне… [треск] …через личный кабинет ", lex)
    assert not by_word["треск"].context
    assert by_word["личный"].context and by_word["кабинет"].context
    # a bracket inside a word is a letter typed in the other layout; a note alone is the query
    assert not any(g.context for g in plan_query("[jxe kbxysq rf,bytn ", lex,
                                                 NO_SYNONYMS).groups)
    assert not groups_of("[треск] ", lex)["треск"].context


def test_a_plan_ruled_out_and_a_price_cap_are_bounds() -> None:
    lex = lexicon(("300", 5), ("1000", 5), ("гигабит", 4), ("мегабит", 8), ("рублей", 6),
                  ("500", 5), ("тариф", 8))
    by_word = groups_of("быстрее 300 мегабит, но не гигабит, до 1000 рублей ", lex)
    assert by_word["гигабит"].left_out and by_word["1000"].left_out
    assert groups_of("тариф дешевле 1000 ", lex)["1000"].left_out
    # a speed "up to" is no price cap; a gigabit not ruled out stays
    assert not groups_of("до 300 мегабит ", lex)["300"].left_out
    assert not groups_of("тариф гигабит ", lex)["гигабит"].left_out


def test_a_pronoun_asked_about_stands_for_the_request_named_before() -> None:
    lex = lexicon(("номер", 6), ("обращения", 3), ("статус", 4), ("сейчас", 3))
    by_word = groups_of("мне дали номер обращения, что там с ним сейчас ", lex)
    assert cached_stem("статус") in by_word and by_word["сейчас"].context
    # with no request named before, a pronoun asks for nothing
    assert cached_stem("статус") not in groups_of("номер, что там с ним сейчас ", lex)


def test_the_callers_working_day_is_when_not_what() -> None:
    lex = lexicon(("работает", 4), ("мастер", 5), ("вечер", 3), ("6", 2))
    by_word = groups_of("работает до 6, нужен мастер на вечер ", lex)
    assert by_word["работает"].context and by_word["6"].context
    assert not by_word["мастер"].context
    # a number after «до» with no working day is no hour
    assert not groups_of("мастер до 6 ", lex)["6"].context


def test_a_plan_found_too_little_or_too_much_is_a_bound() -> None:
    lex = lexicon(("300", 5), ("гигабит", 4), ("мегабит", 8), ("мало", 3), ("тариф", 8),
                  ("малолетка", 2), ("хватает", 2))
    by_word = groups_of("300 мегабит мало, а гигабит это перебор ", lex)
    assert by_word["300"].left_out and by_word["гигабит"].left_out
    # what it is found says nothing of a topic, and is no typo of another word
    assert by_word["мало"].context and set(by_word["мало"].alts) == {cached_stem("мало")}
    assert not groups_of("тариф 300 мегабит ", lex)["300"].left_out
    # found not enough it is a bound to go up from
    by_word = groups_of("300 мегабит не хватает ", lex)
    assert by_word["300"].left_out and by_word["хватает"].context
    # (weighed with an "или", it is the plan asked about)
    assert not groups_of("хватит 300 мегабит или это мало ", lex)["300"].left_out
    rows = [TermRow(i, f"home-{n}", "ru", "product", f"Тариф «Домашний {n}» — {n} мегабит",
                    f"{cached_stem('тариф')} {n} {cached_stem('мегабит')}", "", 1)
            for i, n in enumerate((100, 300, 500))]
    scores = {c.slug: c.score for c in rerank(
        plan_query("300 мегабит не хватает ", lex, NO_SYNONYMS), rows, 10, lambda t: 1)}
    assert scores["home-500"] > max(scores["home-100"], scores["home-300"])


def test_the_numbers_said_as_sums() -> None:
    lex = lexicon(("750", 3), ("300", 5), ("тариф", 8), ("мегабит", 8), ("рублей", 4))
    assert plan_query("тариф за 750 ", lex, NO_SYNONYMS).sums == {"750"}
    assert plan_query("750 рублей тариф ", lex, NO_SYNONYMS).sums == {"750"}
    assert plan_query("тариф в районе 750 ", lex, NO_SYNONYMS).sums == {"750"}
    # a speed paid for is no sum; nor is a number with nothing to say it is money
    assert not plan_query("плачу за 300 мегабит ", lex, NO_SYNONYMS).sums
    assert not plan_query("тариф 300 ", lex, NO_SYNONYMS).sums


def test_a_product_whose_title_states_the_sum_named_goes_first() -> None:
    lex = lexicon(("тариф", 8), ("750", 2), ("550", 2), ("рубл", 4))
    # (the heads hold no price: only the titles tell the two apart)
    rows = [TermRow(i, slug, "ru", "product", f"Тариф {speed} за {price} ₽", "тариф домашн", "", 1)
            for i, (slug, speed, price) in enumerate((("cheap", 100, 550), ("mid", 300, 750)))]
    scores = {c.slug: c.score for c in rerank(plan_query("тариф за 750 ", lex, NO_SYNONYMS),
                                                rows, 10, lambda t: 1)}
    assert scores["mid"] > scores["cheap"]


def test_when_asked_after_a_story_is_the_question() -> None:
    lex = lexicon(("согласен", 2), ("подключаться", 4), ("придут", 3), ("подключать", 3),
                  ("интернет", 5))
    for text in ("уже согласен подключаться, спрашивает во сколько придут подключать интернет ",
                 "согласен подключаться, когда придут подключать интернет "):
        by_word = groups_of(text, lex)
        assert by_word["подключаться"].context and by_word["подключать"].action, text
    # with no question word the story is no story: both actions stay
    by_word = groups_of("согласен подключаться, придут подключать интернет ", lex)
    assert by_word["подключаться"].action and not by_word["подключаться"].context


def test_whether_a_thing_is_paid_for_asks_its_price() -> None:
    lex = lexicon(("платить", 6), ("работу", 4), ("картой", 3))
    by_word = groups_of("надо ли отдельно платить за работу ", lex)
    assert by_word["платить"].filler and not by_word["платить"].action
    assert not groups_of("платить картой за работу ", lex)["платить"].filler


def test_a_verb_of_bringing_meets_its_sister_forms() -> None:
    lex = lexicon(("привезет", 3), ("курьер", 4))
    assert cached_stem("привезет") in groups_of("курьер везёт ", lex)["везет"].alts


def test_what_follows_a_placed_request_is_asked_of_it() -> None:
    lex = lexicon(("оформили", 2), ("заявку", 5), ("подключение", 6), ("приедут", 2),
                  ("статус", 3))
    by_word = groups_of("оформили заявку когда приедут ", lex)
    assert by_word["приедут"].context and not by_word["заявку"].context
    # what the request is for is not what is asked after it
    by_word = groups_of("оформили заявку на подключение ", lex)
    assert not by_word["подключение"].context


def test_an_imperfective_in_ava_reads_as_its_perfective() -> None:
    lex = lexicon(("подать", 5), ("подавать", 1), ("жалобу", 4), ("давать", 1), ("да", 9))
    group = groups_of("подавать жалобу ", lex)
    assert group["подавать"].alts.get(cached_stem("подать"), 0.0) > 0.8
    # "давать" is no "да"
    assert set(plan_query("давать ", lex, NO_SYNONYMS).groups[0].alts) == {cached_stem("давать")}
    # "оплачивать" is "оплатить" ongoing
    lex = lexicon(("оплатить", 5), ("оплачивать", 1), ("терминал", 2))
    group = groups_of("оплачивать в терминале ", lex)
    assert group["оплачивать"].alts.get(cached_stem("оплатить"), 0.0) > 0.8


def test_filler_words_find_candidates_as_little_as_they_count() -> None:
    plan = QueryPlan([Group("есть", "ест", {"ест": 1.0}, filler=True),
                      Group("скидка", "скидк", {"скидк": 1.0})], "ru")
    [lookup] = retrievals(plan, lambda t: 3)
    assert lookup.groups == [{"ест": 0.2}, {"скидк": 1.0}]


def test_not_a_single_one_is_no_number() -> None:
    lex = lexicon(("канал", 5), ("1", 3), ("комната", 2))
    for text in ("ни один канал ", "ни в одной комнате "):
        assert "1" not in {t for g in plan_query(text, lex, NO_SYNONYMS).groups for t in g.alts}
    assert "1" in plan_query("один канал ", lex, NO_SYNONYMS).groups[0].alts


def test_unlimited_said_with_without_is_no_thing_left_out() -> None:
    lex = lexicon(("безлимит", 2), ("лимит", 2), ("тариф", 8), ("тв", 5))
    by_word = groups_of("тариф без лимита ", lex)
    assert not by_word["лимита"].left_out
    assert groups_of("тариф без тв ", lex)["тв"].left_out


def test_a_verb_of_choosing_asks_which() -> None:
    lex = lexicon(("тариф", 8), ("выбрать", 2), ("телефон", 5), ("выбрал", 1))
    assert groups_of("какой тариф выбрать на телефон ", lex)["выбрать"].filler
    # a choice told is part of the story
    assert not groups_of("выбрал тариф на телефон ", lex)["выбрал"].filler


def test_a_speed_measured_far_below_the_plan_is_a_shortfall() -> None:
    lex = lexicon(("500", 5), ("40", 1), ("400", 1), ("тест", 2), ("тариф", 8), ("мегабит", 8),
                  ("рублей", 6), ("скорость", 6), ("низкая", 2))
    plan = plan_query("тариф 500 мегабит, а тест показывает 40 ", lex, NO_SYNONYMS)
    by_word = {g.word: g for g in plan.groups}
    assert by_word["500"].context and not by_word["40"].context
    assert any(t.startswith(cached_stem("низкая")) for g in plan.groups for t in g.alts)
    # a figure near the plan's, or nothing measured, is no shortfall; nor is a price
    for text in ("тариф 500 а тест показывает 400 ", "тариф 500 мегабит или 40 ",
                 "тест тариф 500 всего 40 рублей "):
        assert not groups_of(text, lex)["500"].context, text


def test_an_action_after_then_is_a_later_step_of_the_request() -> None:
    lex = lexicon(("отключить", 4), ("вернуть", 4), ("услуги", 6), ("тариф", 8), ("тот", 1),
                  ("потом", 3))
    by_word = groups_of("временно отключить услуги и потом вернуть тот же тариф ", lex)
    assert by_word["отключить"].action
    assert by_word["вернуть"].context and not by_word["вернуть"].action
    assert by_word["тот"].filler  # "тот же": the same one
    # with no action asked before it, an action after "потом" is the request
    assert groups_of("потом вернуть тариф ", lex)["вернуть"].action


def test_children_counted_are_a_households_not_a_child_calling() -> None:
    lex = lexicon(("подростков", 3), ("скорость", 6), ("тариф", 8), ("детей", 4))
    assert groups_of("у абонента двое подростков, нужна скорость ", lex)["подростков"].context
    # a child who calls is the query
    assert not groups_of("звонит подросток, нужна скорость ", lex)["подросток"].context
    assert groups_of("у абонента троих детей, нужна скорость ", lex)["детей"].context


def test_money_not_paid_in_is_the_debt() -> None:
    lex = lexicon(("внести", 3), ("деньги", 5), ("забыл", 2), ("неуплата", 2))
    by_word = groups_of("забыл внести деньги ", lex)
    assert by_word["внести"].denied and not by_word["внести"].action
    assert cached_stem("неуплата") in by_word["внести"].alts


def test_a_day_of_the_month_says_when() -> None:
    lex = lexicon(("числа", 3), ("услуги", 6), ("отключили", 3), ("5", 4))
    for text in ("третьего числа услуги отключили ", "с 5 числа услуги отключили "):
        by_word = groups_of(text, lex)
        assert by_word["числа"].context and not by_word["услуги"].context, text
    assert not groups_of("какое число списание ", lex)["число"].context


def test_figures_are_never_a_layout_slip() -> None:
    lex = lexicon(("интернет", 9), ("22", 2), ("00", 2), ("2200", 1))
    words_read = [g.word for g in plan_query("после 22:00 интернет ", lex, NO_SYNONYMS).groups]
    assert "22" in words_read and not any("ж" in w for w in words_read)


def test_a_parent_said_with_the_children_counted_frames_what_follows() -> None:
    lex = lexicon(("мама", 3), ("детей", 4), ("хочет", 4), ("сайты", 3), ("фильтр", 2),
                  ("договора", 5), ("владельца", 2), ("жена", 2))
    by_word = groups_of("мама троих детей хочет фильтр на сайты ", lex)
    assert by_word["мама"].filler and by_word["детей"].filler
    assert not by_word["сайты"].filler
    # two words of anything else are what the person is about, not who they are
    assert not groups_of("жена владельца договора хочет фильтр ", lex)["договора"].filler


def test_what_two_prices_differ_by_names_no_price() -> None:
    lex = lexicon(("500", 5), ("300", 5), ("200", 3), ("рублей", 6), ("разница", 1))
    plan = plan_query("500 или 300, разница 200 рублей ", lex, NO_SYNONYMS)
    assert "200" not in plan.sums and {g.word: g for g in plan.groups}["200"].context
    assert "200" in plan_query("тариф за 200 рублей ", lex, NO_SYNONYMS).sums


def test_paying_less_as_a_purpose_is_why_not_what() -> None:
    lex = lexicon(("набор", 3), ("каналов", 5), ("платить", 4), ("меньше", 3))
    by_word = groups_of("простой набор каналов, чтобы платить меньше ", lex)
    assert by_word["платить"].context and not by_word["платить"].action
    assert not by_word["набор"].context
    # alone it is the query
    assert not groups_of("чтобы платить меньше ", lex)["платить"].context


def test_in_the_form_of_is_no_video() -> None:
    lex = lexicon(("видео", 5), ("симка", 3), ("электронная", 2))
    assert groups_of("симка в электронном виде ", lex)["виде"].filler


def test_a_plan_a_verb_of_switching_leaves_is_left_out_whatever_for() -> None:
    lex = lexicon(("300", 5), ("500", 5), ("перейти", 3), ("быстрее", 2), ("мегабит", 8))
    for text in ("перейти с 300 мегабит на что-то побыстрее ", "с 500 на что-то подешевле "):
        plan = plan_query(text, lex, NO_SYNONYMS)
        assert [g.word for g in plan.groups if g.left_out] in (["300"], ["500"]), text
    # the verb then says only that: a switch of plans, no move of a number to a new operator
    assert groups_of("перейти с 300 мегабит на что-то побыстрее ", lex)["перейти"].filler
    # "с 300 мегабитами" is no switch
    assert not groups_of("роутер справится с 300 мегабит ", lex)["300"].left_out


def test_the_product_next_past_a_plan_left_is_the_way_the_query_goes() -> None:
    def plan_row(i: int, figure: int) -> TermRow:
        return TermRow(i, f"home-{figure}", "ru", "product",
                       f"Тариф «Домашний {figure}» — интернет", f"тариф интернет {figure}", "", 1)
    rows = [plan_row(1, 100), plan_row(2, 300), plan_row(3, 500), plan_row(4, 1000)]
    lex = lexicon(("300", 5), ("500", 5), ("тариф", 8), ("быстрее", 2), ("подешевле", 2),
                  ("перейти", 3))
    plan = plan_query("перейти с 300 на тариф побыстрее ", lex, NO_SYNONYMS)
    assert rank(plan, rows)[0][0] == "home-500"
    plan = plan_query("перейти с 500 на тариф подешевле ", lex, NO_SYNONYMS)
    assert rank(plan, rows)[0][0] == "home-300"
    # a difficult case met only through the direction word weighs as a plan passed does
    fast = TermRow(5, "rapid", "ru", "difficult-case", "Быстрые вопросы — что делать",
                   f"быстрее {cached_stem('быстрее')}", "", 1)
    plan = plan_query("перейти с 300 на тариф побыстрее ", lex, NO_SYNONYMS)
    ranked = [slug for slug, _ in rank(plan, [*rows, fast])]
    assert ranked.index("rapid") > ranked.index("home-1000")


def test_a_full_stop_before_a_capitalised_word_ends_a_sentence() -> None:
    lex = lexicon(("роутер", 5), ("греется", 1), ("поменять", 3), ("ip", 3), ("статический", 2))
    by_word = groups_of("роутер греется. Его можно поменять на другой? ", lex)
    assert by_word["роутер"].context and by_word["поменять"].action
    # a cut word before an acronym is still cut: "стат. IP"
    assert _marked_shortenings(["стат.", "IP"]) == (["стат", "IP"], {"стат": ""})


def test_a_particle_after_a_hyphen_ends_the_word_typed_last() -> None:
    lex = lexicon(("вернуть", 3), ("товар", 2), ("тормозит", 2))
    plan = plan_query("можно вернуть как-то?", lex, NO_SYNONYMS)
    assert not any(g.typing for g in plan.groups)
    assert not any(t.startswith("тов") for g in plan.groups for t in g.alts)


def test_the_caller_beside_what_they_want_is_whose_request_it_is() -> None:
    lex = lexicon(("file", 3), ("customer", 6), ("complaint", 4), ("angry", 2))
    by_word = groups_of("file customer complaint ", lex)
    assert by_word["customer"].context and not by_word["complaint"].context
    # the caller with one word beside is still the query's subject ("angry customer")
    assert not groups_of("angry customer ", lex)["customer"].context


def test_a_word_said_again_after_za_tells_a_run_of_them() -> None:
    lex = lexicon(("вопрос", 9), ("пауза", 2), ("тариф", 9))
    by_word = groups_of("задает вопрос за вопросом без паузы ", lex)
    assert not by_word["вопрос"].filler and not by_word["вопросом"].filler
    # without a pause is how the questions come, not a thing the caller leaves out
    assert not by_word["паузы"].left_out
    # «за» before another word is no run: the question word stays filler
    assert groups_of("у меня вопрос за тариф ", lex)["вопрос"].filler


def test_a_person_is_never_a_slip_of_a_listed_word() -> None:
    lex = lexicon(("соединить", 3), ("инженер", 2))
    sets = SynonymSets.compile([["пожилой", "дедушка"]])
    plan = plan_query("девушка соедините с инженером", lex, sets)
    assert not any(cached_stem("дедушка") in g.alts for g in plan.groups)
    # a word that is no person still reads as the listed word one slip away
    plan = plan_query("дедущка соедините с инженером", lex, sets)
    assert any(cached_stem("дедушка") in g.alts for g in plan.groups)


def test_a_clause_ends_after_a_number_and_after_an_ellipsis() -> None:
    lex = lexicon(("роутер", 5), ("перезагружать", 2), ("поменять", 3), ("раз", 4))
    for text in ("роутер перезагружал раз десять. Можно его поменять ",
                 "роутер перезагружал раз десять… можно его поменять ",
                 "роутер перезагружал постоянно… можно его поменять "):
        by_word = groups_of(text, lex)
        assert by_word["роутер"].context and by_word["поменять"].action, text



def test_a_sum_said_as_a_bit_more_is_a_price_not_a_plan_figure() -> None:
    def plan_row(i: int, figure: int, price: int) -> TermRow:
        return TermRow(i, f"home-{figure}", "ru", "product",
                       f"Тариф «Домашний {figure}» — интернет за {price} ₽",
                       f"тариф интернет {figure} {price} {cached_stem('рубль')}", "", 1)
    rows = [plan_row(1, 100, 550), plan_row(2, 500, 950)]
    lex = lexicon(("500", 5), ("550", 3), ("интернет", 9), ("тариф", 8))
    for text in ("интернет за 500 с чем-то ", "интернет за пятьсот с небольшим "):
        plan = plan_query(text, lex, NO_SYNONYMS)
        assert plan.rough_sums == {"500"}
        assert rank(plan, rows)[0][0] == "home-100", text
    # said plainly, the figure is the plan's
    plan = plan_query("интернет 500 ", lex, NO_SYNONYMS)
    assert not plan.rough_sums and rank(plan, rows)[0][0] == "home-500"


def test_the_official_route_asked_is_a_procedure_whatever_the_mood() -> None:
    lex = lexicon(("жалоба", 4), ("зол", 2), ("официально", 2), ("зафиксировать", 1),
                  ("письменный", 1), ("претензия", 2), ("написать", 2))
    angry = row(1, "angry", "зол жалоб", kind="difficult-case")
    form = row(2, "form", "жалоб", kind="procedure")
    plain = dict(rank(plan_query("зол жалоба ", lex, NO_SYNONYMS), [angry, form]))
    # (a claim, «претензия», is written by nature; so is a complaint one wants to write)
    for text in ("зол жалоба письменную ", "зол жалоба официально ", "зол претензия жалоба ",
                 "зол хочет написать жалоба "):
        formal = dict(rank(plan_query(text, lex, NO_SYNONYMS), [angry, form]))
        assert formal["angry"] / formal["form"] < plain["angry"] / plain["form"], text
    # ... but not when the caller says it need not be official
    denied = dict(rank(plan_query("зол жалоба не официально ", lex, NO_SYNONYMS), [angry, form]))
    assert denied["angry"] / denied["form"] > formal["angry"] / formal["form"]
    # recording a complaint is an action asked, and so is writing one
    assert groups_of("зафиксировать жалобу ", lex)["зафиксировать"].action
    assert groups_of("написать жалобу ", lex)["написать"].action


def test_a_device_page_that_points_to_the_return_procedure_does_not_name_the_return() -> None:
    lex = lexicon(("return", 4), ("rented", 3), ("router", 6), ("remote", 2))
    device = row(1, "router", f"router {cached_stem('rented')}", "return exchang")
    procedure = row(2, "return-exchange", "return exchang router", "rent", kind="procedure")
    ranked = rank(plan_query("return the rented router ", lex, NO_SYNONYMS), [device, procedure])
    assert ranked[0][0] == "return-exchange"
    # an action the device's own head names stays its page's
    device = row(1, "router", f"router {cached_stem('rented')} return", "exchang")
    ranked = rank(plan_query("return the rented router ", lex, NO_SYNONYMS), [device, procedure])
    assert ranked[0][0] == "router"


def test_a_double_letter_typed_once_is_surely_that_word() -> None:
    lex = lexicon(("рассуждает", 2), ("тарифы", 9), ("обещанный", 3), ("платеж", 5))
    for typed, meant in (("расуждает", "рассуждает"), ("обещаный", "обещанный")):
        g = plan_query(f"{typed} про тарифы ", lex, NO_SYNONYMS).groups[0]
        assert g.alts[cached_stem(meant)] >= W_KEY_SLIP - 1e-9, typed


def test_whether_one_has_to_pay_asks_the_price_in_english_too() -> None:
    lex = lexicon(("pay", 6), ("visit", 3), ("debt", 4))
    by_word = groups_of("do I have to pay for the visit ", lex)
    assert by_word["pay"].filler and not by_word["pay"].action
    # said, not asked, it is the payment
    assert groups_of("I have to pay the debt ", lex)["pay"].action


def test_a_thing_told_of_then_asked_to_be_swapped_is_told_only_as_why() -> None:
    lex = lexicon(("роутер", 5), ("мигает", 2), ("красным", 2), ("поменять", 3), ("сим", 4),
                  ("карта", 4), ("оформить", 4), ("подросток", 2))
    by_word = groups_of("роутер мигает красным. Его можно поменять ", lex)
    assert by_word["роутер"].context and not by_word["роутер"].filler
    assert by_word["мигает"].filler and by_word["красным"].filler
    # a pronoun with another action keeps the story's words: the card is what is asked about
    by_word = groups_of("подростку нужна сим карта, как её оформить ", lex)
    assert not by_word["карта"].filler


def test_a_filler_word_one_slip_from_a_number_word_stays_itself() -> None:
    lex = lexicon(("отрубили", 3), ("5", 2))
    plan = plan_query("чтобы опять не отрубили ", lex, NO_SYNONYMS)
    assert [g.word for g in plan.groups] == ["отрубили"]


def test_what_was_due_is_told_as_not_done() -> None:
    lex = lexicon(("мастер", 6), ("прийти", 3), ("короче", 1))
    by_word = groups_of("мастер должен был в десять прийти ", lex)
    assert by_word["прийти"].denied
    # due, not past: a demand or a plan, nothing missed
    assert not groups_of("мастер должен прийти в десять ", lex)["прийти"].denied
    # a spoken filler is no topic, even where an article happens to use it
    assert groups_of("короче мастер должен прийти ", lex)["короче"].filler


def test_what_is_told_before_a_verb_of_asking_is_the_context_of_what_is_asked() -> None:
    lex = lexicon(("клиент", 9), ("тариф", 8), ("домашний", 5), ("приставка", 4), ("каналов", 4),
                  ("оптимальном", 2), ("спрашивает", 3), ("хочет", 3), ("интернет", 9),
                  ("телевизор", 4), ("дешевле", 3), ("приложение", 3), ("делать", 3))
    by_word = groups_of("у клиента тариф домашний и приставка, спрашивает, сколько каналов "
                        "в оптимальном ", lex)
    assert by_word["тариф"].context and by_word["приставка"].context
    assert not by_word["каналов"].context and not by_word["оптимальном"].context
    # what is wanted before it is the request itself
    by_word = groups_of("хочет интернет и телевизор и спрашивает, есть ли дешевле ", lex)
    assert not by_word["интернет"].context and not by_word["телевизор"].context
    # ... and so is what the question points back at
    by_word = groups_of("поставил приложение на телефон, спрашивает, что в нём делать ", lex)
    assert not by_word["приложение"].context


def test_without_connection_or_said_of_a_device_is_a_state_not_a_part_left_out() -> None:
    lex = lexicon(("дом", 5), ("связи", 6), ("интернет", 9), ("тв", 8), ("300", 3))
    assert not groups_of("весь дом без связи второй час ", lex)["связи"].left_out
    assert groups_of("интернет 300 без тв ", lex)["тв"].left_out
    # a device or a place is described by what it lacks: that is missing there, «без» is "нет"
    lex = lexicon(("дом", 5), ("интернет", 9), ("телефон", 6), ("слот", 2), ("нет", 20))
    by_word = groups_of("весь дом без интернета ", lex)
    assert not by_word["интернета"].left_out
    assert by_word["без"].alts == {"нет": 1.0} and by_word["без"].negation
    assert not groups_of("новый телефон без слота ", lex)["слота"].left_out


def test_a_thing_carried_back_is_given_back() -> None:
    lex = lexicon(("вернуть", 5), ("приставку", 6), ("return", 5), ("modem", 4), ("bring", 2),
                  ("перезвоните", 4), ("обратно", 2))
    by_word = groups_of("хочу отвезти приставку назад ", lex)
    assert by_word["назад"].action and set(by_word["назад"].alts) == {cached_stem("вернуть")}
    by_word = groups_of("can I bring the modem back ", lex)
    assert by_word["back"].action and by_word["bring"].filler
    # a call back is no thing carried
    assert not groups_of("перезвоните обратно ", lex)["обратно"].action


def test_an_imperative_or_a_form_the_stemmer_keeps_apart_is_its_verb_and_names_the_action() -> None:
    lex = lexicon(("проверить", 6), ("проверьте", 1), ("адрес", 8))
    group = groups_of("проверьте адрес ", lex)["проверьте"]
    assert group.action and group.alts.get(cached_stem("проверить"), 0.0) > 0.8
    # so is one in "-ните" of a verb in "-нуть", whose stems the stemmer keeps apart
    lex = lexicon(("вернуть", 6), ("роутер", 4))
    group = groups_of("верните роутер ", lex)["верните"]
    assert group.action and group.alts.get(cached_stem("вернуть"), 0.0) > 0.8
    assert not groups_of("позвоните мне ", lexicon(("позвонить", 3)))["позвоните"].action
    # and a verb in "-азать" said with its «з» turned «ж» is that verb
    lex = lexicon(("отказаться", 5), ("заказать", 4), ("услуг", 6))
    assert cached_stem("отказаться") in groups_of("откажусь от услуг ", lex)["откажусь"].alts
    assert cached_stem("заказать") in groups_of("закажу ", lex)["закажу"].alts
    # ... and one in "-исать" with its «с» turned «ш»
    lex = lexicon(("написать", 4), ("жалоба", 6), ("записать", 3))
    assert cached_stem("написать") in groups_of("жалобу напишу ", lex)["напишу"].alts
    assert cached_stem("записать") in groups_of("запишите меня ", lex)["запишите"].alts


def test_ukrainian_number_words_read_as_digits_but_not_where_a_russian_word_begins() -> None:
    lex = lexicon(("тариф", 9), ("550", 2), ("симка", 5), ("500", 3))
    plan = plan_query("тариф за п'ятсот п'ятдесят ", lex, NO_SYNONYMS)
    assert [g.word for g in plan.groups] == ["тариф", "550"]
    assert "500" in {g.word for g in plan_query("скіки п'ятсот ", lex, NO_SYNONYMS).groups}
    assert plan_query("скіки коштує п'ятсот ", lex, NO_SYNONYMS).asks_price
    # «сім…» is a SIM card on its way, never seven hundred
    assert not any(t.isdigit() for g in plan_query("сім", lex, NO_SYNONYMS).groups
                   for t in g.alts)


def test_a_kazakh_verb_said_with_its_negation_is_denied() -> None:
    lex = lexicon(("мастер", 6), ("приехать", 4), ("горит", 3))
    assert groups_of("мастер келмеді ", lex)["приехать"].denied
    assert not groups_of("мастер келді ", lex)["приехать"].denied
    assert groups_of("лампочка жанбайды ", lex)["горит"].denied


def test_a_clause_telling_what_was_already_done_is_the_context_of_what_follows() -> None:
    lex = lexicon(("перезагрузить", 5), ("роутер", 9), ("скорость", 8), ("низкая", 3),
                  ("тариф", 9), ("заказ", 6), ("выбрать", 2))
    by_word = groups_of("уже перезагружал роутер, скорость всё равно низкая ", lex)
    assert by_word["роутер"].context and not by_word["скорость"].context
    by_word = groups_of("у всех нет интернета, роутер уже перезагружали, скорость низкая ", lex)
    assert by_word["роутер"].context and not by_word["скорость"].context
    # with nothing asked after it, the deed is the query; what was chosen is what is wanted
    assert not groups_of("уже перезагружал роутер ", lex)["роутер"].context
    assert not groups_of("уже выбрала тариф, хочет оставить заказ ", lex)["тариф"].context
    # «уже» with no deed ("уже неделю") tells how long, no story
    assert not groups_of("роутер уже неделю, скорость низкая ", lex)["роутер"].context


def test_a_sum_with_its_thousands_set_apart_is_one_number() -> None:
    lex = lexicon(("долг", 6), ("1200", 2), ("300", 9), ("500", 9), ("1500000", 1))
    assert [g.word for g in plan_query("долг 1 200 рублей ", lex, NO_SYNONYMS).groups][:2] == [
        "долг", "1200"]
    assert "1500000" in {g.word for g in plan_query("1 500 000 ", lex, NO_SYNONYMS).groups}
    # two plans named one after the other stay two
    assert {"300", "500"} <= {g.word for g in plan_query("тариф 300 500 ", lex, NO_SYNONYMS).groups}


def test_a_short_word_with_two_inner_letters_swapped_reads_as_the_word_they_spell() -> None:
    lex = lexicon(("internet", 9), ("slow", 5), ("check", 4))
    assert cached_stem("slow") in groups_of("internet slwo ", lex)["slwo"].alts
    # a first letter is seldom the slip
    assert "lsow" not in groups_of("internet lsow ", lex)
    # a word being typed that begins no known word is read so too; one that begins a known word
    # is that word on its way
    assert cached_stem("slow") in groups_of("internet slwo", lex)["slwo"].alts
    lex = lexicon(("from", 5), ("format", 3))
    assert "from" not in groups_of("form", lex)["form"].alts


def test_telling_frames_only_what_that_opens() -> None:
    lex = lexicon(("сын", 2), ("уехал", 3), ("тариф", 9), ("история", 2), ("длинную", 1),
                  ("выбирал", 2), ("рассказывает", 2))
    by_word = groups_of("бабушка рассказывает, что сын уехал, спрашивает про тариф ", lex)
    assert by_word["рассказывает"].filler
    # the story itself is the query: a long one, or how a choice was made
    assert not groups_of("абонент рассказывает длинную историю ", lex)["рассказывает"].filler
    assert not groups_of("абонент рассказывает, как выбирал ", lex)["рассказывает"].filler


def test_asking_nothing_in_particular_leaves_what_was_told_the_topic() -> None:
    lex = lexicon(("kid", 3), ("line", 4), ("question", 6), ("router", 9), ("price", 5),
                  ("asking", 3))
    by_word = groups_of("kid on the line asking questions ", lex)
    assert not by_word["kid"].context and not by_word["line"].context
    # something asked in particular is the question, and what was told its context
    by_word = groups_of("kid on the line asking the router price ", lex)
    assert by_word["kid"].context and not by_word["router"].context


def test_a_price_asked_per_month_is_the_price_and_the_month_only_how_often() -> None:
    lex = lexicon(("интернет", 9), ("месяц", 7), ("платить", 6), ("роутер", 8), ("99", 2),
                  ("рубль", 4))
    plan = plan_query("интернет сколько в месяц платить ", lex, NO_SYNONYMS)
    by_word = {g.word: g for g in plan.groups}
    assert plan.asks_price and by_word["месяц"].context
    assert by_word["платить"].filler and not by_word["платить"].action
    # how many months one may go without paying is no price
    plan = plan_query("сколько месяцев можно не платить ", lex, NO_SYNONYMS)
    assert not {g.word: g for g in plan.groups}["месяцев"].context
    assert groups_of("роутер 99 рублей в месяц ", lex)["месяц"].context
    assert not groups_of("роутер на месяц ", lex)["месяц"].context


def test_the_better_deal_between_two_things_weighs_as_filler() -> None:
    lex = lexicon(("выгодный", 3), ("роутер", 8), ("аренда", 4), ("купить", 5))
    assert groups_of("что выгоднее аренда или купить роутер ", lex)["выгоднее"].filler
    assert not groups_of("есть что-то выгоднее ", lex)["выгоднее"].filler


def test_a_future_plural_with_no_one_named_is_done_to_the_caller_not_asked() -> None:
    lex = lexicon(("отключить", 6), ("услуги", 8), ("долг", 5))
    assert not groups_of("долг, когда отключат услуги ", lex)["отключат"].action
    assert groups_of("отключите услуги ", lex)["отключите"].action
    assert groups_of("хочу чтобы отключили услуги ", lex)["отключили"].action


def test_a_long_half_word_only_its_cut_stem_begins_may_be_a_finished_word_mistyped() -> None:
    lex = lexicon(("реклама", 5), ("рекламация", 2), ("выгодный", 3))
    group = groups_of("звонят с рекламай", lex)["рекламай"]
    assert {cached_stem("реклама"), cached_stem("рекламация")} <= set(group.alts)
    # a word its stem's completions already read is left as they read it
    assert set(groups_of("выгода", lex)["выгода"].alts) == {cached_stem("выгодный")}


def test_a_future_of_being_is_filler_beside_a_price_question() -> None:
    lex = lexicon(("платить", 6), ("500", 3), ("мегабит", 5), ("будка", 1))
    plan = plan_query("сколько буду платить за 500 мегабит ", lex, NO_SYNONYMS)
    assert plan.asks_price and {g.word: g for g in plan.groups}["платить"].filler


def test_a_caller_moved_to_a_plan_is_a_switch_of_plans_not_a_call_put_through() -> None:
    lex = lexicon(("перейти", 4), ("перевод", 5), ("тариф", 9), ("300", 3), ("оператор", 6))
    group = groups_of("переведите меня на тариф 300 ", lex)["переведите"]
    assert set(group.alts) >= {cached_stem("перейти")} and not group.action
    assert cached_stem("перейти") not in groups_of("переведите на оператора ", lex)[
        "переведите"].alts


def test_a_long_unknown_word_is_the_cognate_of_one_its_verb_alternates_a_consonant_of() -> None:
    lex = lexicon(("пригласить", 3), ("друг", 5))
    assert cached_stem("пригласить") in groups_of("за приглашённого друга ", lex)[
        "приглашенного"].alts


def test_what_a_request_is_in_spite_of_is_its_context() -> None:
    lex = lexicon(("видео", 4), ("зависает", 3), ("авария", 6), ("район", 3), ("хотя", 1))
    by_word = groups_of("видео зависает, хотя аварий в районе нет ", lex)
    assert by_word["аварий"].context and not by_word["зависает"].context
    assert by_word["хотя"].filler  # a conjunction, whatever an article says with it


def test_a_sum_glued_to_its_currency_reads_as_the_sum_in_rubles() -> None:
    lex = lexicon(("домашний", 4), ("300", 3), ("750", 2), ("рублей", 9))
    by_word = groups_of("дом300 750р ", lex)
    assert "750" in by_word and cached_stem("рублей") in by_word["рублей"].alts
    assert by_word["рублей"].context  # (the currency after a sum says only that it is one)


def test_a_number_opening_a_clause_after_faster_names_the_plan_not_a_bound() -> None:
    lex = lexicon(("быстрый", 4), ("500", 3), ("мегабит", 5), ("сколько", 9))
    # ("побыстрее" is cut as «по быстрее»: the comma still ends its clause)
    assert not groups_of("нужно побыстрее, пятьсот мегабит, сколько ", lex)["500"].left_out
    assert groups_of("нужно побыстрее 500 мегабит ", lex)["500"].left_out


def test_a_fault_told_before_a_wished_action_is_its_reason() -> None:
    lex = lexicon(("приставка", 6), ("глючит", 2), ("поменять", 4))
    by_word = groups_of("приставка глючит, хочу поменять ", lex)
    assert by_word["глючит"].context and not by_word["приставка"].context
    assert not groups_of("приставка глючит ", lex)["глючит"].context


def test_a_thing_refused_is_left_out_when_the_caller_goes_on_to_what_they_want() -> None:
    lex = lexicon(("пакет", 4), ("интернет", 9), ("роутер", 6), ("аренда", 3))
    by_word = groups_of("не хочу пакет, нужен только интернет ", lex)
    assert by_word["пакет"].left_out and not by_word["интернет"].left_out
    # refusing the rent asks about the router all the same
    assert not groups_of("не хочу роутер в аренду ", lex)["роутер"].left_out


def test_an_ordinal_before_times_counts_the_calls_so_far() -> None:
    lex = lexicon(("третий", 1), ("раз", 3), ("звонить", 6), ("жалоба", 5))
    by_word = groups_of("третий раз звоню, хочу жалобу ", lex)
    assert by_word["третий"].context and by_word["раз"].context
    assert not by_word["жалобу"].context


def test_a_plan_switched_from_may_be_named_before_its_number() -> None:
    lex = lexicon(("перейти", 4), ("домашний", 5), ("100", 3), ("300", 3))
    by_word = groups_of("перейти с домашнего 100 на 300 ", lex)
    assert by_word["100"].context and not by_word["300"].context


def test_moving_onto_a_plan_named_by_its_figure_only_frames_the_plan() -> None:
    lex = lexicon(("перейти", 4), ("500", 3), ("оператор", 6))
    assert groups_of("хочу перейти на 500 ", lex)["перейти"].filler
    assert not groups_of("перейти от другого оператора ", lex)["перейти"].filler



def test_a_word_beginning_known_ones_heard_only_as_a_short_stem_is_shorthand_too() -> None:
    lex = lexicon(("родительский", 3), ("рад", 2), ("контроль", 4))
    found = groups_of("родит контроль ", lex)["родит"].alts
    assert found[cached_stem("родительский")] > found["рад"]
    # a word that begins nothing keeps its reading by ear
    assert groups_of("акцыи ", lexicon(("акции", 3)))["акцыи"].alts[cached_stem("акции")] == (
        W_ENDING_TYPO)


def test_a_price_question_without_its_soft_sign_is_still_one() -> None:
    lex = lexicon(("сколько", 9), ("стоит", 6), ("роутер", 5))
    assert plan_query("сколко стоит роутер ", lex, NO_SYNONYMS).asks_price
    assert groups_of("сколко роутер ", lex)["сколько"].filler


def test_an_action_refused_is_no_procedure_asked_for() -> None:
    lex = lexicon(("отключать", 4), ("интернет", 9))
    assert not groups_of("не хочу отключать интернет ", lex)["отключать"].action
    assert groups_of("хочу отключать интернет ", lex)["отключать"].action


def test_a_thing_swapped_may_be_named_after_the_words_describing_it() -> None:
    lex = lexicon(("rented", 3), ("router", 5), ("broken", 3), ("swap", 2))
    by_word = groups_of("my rented router is broken, can I swap it ", lex)
    assert not by_word["router"].filler and by_word["broken"].filler


def test_what_is_with_it_after_a_request_asks_its_status() -> None:
    lex = lexicon(("обращение", 5), ("статус", 4), ("ответить", 3))
    words_ = [g.word for g in plan_query("не ответили по обращению, что с ним ", lex,
                                         NO_SYNONYMS).groups]
    assert words_.index("статус") == words_.index("обращению") - 1


def test_cant_is_a_negation_not_the_filler_can() -> None:
    lex = lexicon(("customer", 6), ("explain", 2), ("cant", 2))
    by_word = groups_of("customer can't explain ", lex)
    assert by_word["cant"].negation and by_word["explain"].denied
    assert by_word["customer"].context == groups_of("customer cannot explain ", lex)[
        "customer"].context


def test_other_after_a_preposition_is_no_friend() -> None:
    lex = lexicon(("друг", 4), ("район", 3))
    assert groups_of("в другом районе ", lex)["другой"].filler
    assert not groups_of("с другом ", lex)["другом"].filler


def test_questions_asked_on_with_a_count_as_questions() -> None:
    lex = lexicon(("цена", 5), ("доставка", 4), ("гарантия", 3), ("сроки", 2))
    assert plan_query("а цена, а доставка, а гарантия, а сроки", lex, NO_SYNONYMS
                      ).groups[0].word == "???"
    assert plan_query("а цена, а доставка", lex, NO_SYNONYMS).groups[0].word != "???"


def test_clauses_each_opened_by_a_question_word_count_as_questions() -> None:
    lex = lexicon(("slow", 5), ("tv", 5), ("bill", 4), ("медленно", 3))
    assert plan_query("How much, when, why so slow, and what about TV, and the bill?", lex,
                      NO_SYNONYMS).groups[0].word == "???"
    assert plan_query("сколько, когда, почему так медленно, а где счёт", lex, NO_SYNONYMS
                      ).groups[0].word == "???"
    # (one question that asks how much and when is one question; «что» joins clauses)
    assert plan_query("how much is the tv and when can I pay the bill", lex, NO_SYNONYMS
                      ).groups[0].word != "???"
    assert plan_query("сказал, что медленно, что тв, что счёт, что всё", lex, NO_SYNONYMS
                      ).groups[0].word != "???"


def test_the_words_framing_a_formal_request_are_filler() -> None:
    lex = lexicon(("прошу", 2), ("сообщить", 2), ("стоимость", 5), ("подключение", 6))
    by_word = groups_of("прошу сообщить стоимость подключения ", lex)
    assert by_word["прошу"].filler and by_word["сообщить"].filler
    assert not by_word["подключения"].filler


def test_a_prefixed_verb_is_no_compound_shortening() -> None:
    lex = lexicon(("возврат", 4), ("обновить", 3), ("родительский", 3), ("контроль", 4))
    # (a word no article has, no typo explains, reads as nothing: never as two words)
    assert "обновить" not in [g.word for g in plan_query("возобновить ", lex, NO_SYNONYMS).groups]
    assert [g.word for g in plan_query("родконтроль ", lex, NO_SYNONYMS).groups] == [
        "род", "контроль"]


def test_what_another_provider_gave_is_the_context_of_what_is_asked_here() -> None:
    lex = lexicon(("провайдер", 3), ("скорость", 5), ("смс", 3), ("заявка", 4), ("роутер", 5),
                  ("бесплатно", 3), ("платить", 4), ("статус", 3))
    by_word = groups_of("у прошлого провайдера скорость была нормальная, а у вас смс нет ", lex)
    assert by_word["скорость"].context and not by_word["смс"].context
    by_word = groups_of("в мтс по заявке смс приходили, а у вас как узнать статус ", lex)
    assert by_word["заявке"].context and not by_word["статус"].context
    # (a provider's name in any case form: the stemmer cuts «Ростелеком», «Ростелекома» apart)
    by_word = groups_of("у Ростелекома скорость была нормальная, а у вас смс нет ", lex)
    assert by_word["скорость"].context and not by_word["смс"].context
    # (what is asked points back at what was told: that stays the topic)
    assert not groups_of("у билайна роутер давали бесплатно, а у вас за него платить ", lex)[
        "роутер"].context
    # (no other provider told of: the caller's own story goes on)
    assert not groups_of("внук скорость смотрел, а у вас смс нет ", lex)["скорость"].context


def test_the_possibility_a_formal_request_asks_to_consider_is_filler() -> None:
    lex = lexicon(("возможность", 4), ("скорость", 5), ("техническая", 2))
    assert groups_of("рассмотреть возможность повышения скорости ", lex)["возможность"].filler
    assert not groups_of("нет технической возможности ", lex)["возможности"].filler


def test_a_russian_letters_key_between_latin_letters_tells_the_wrong_layout() -> None:
    # ("cx" is the English shorthand for a customer; "`" is the key of «ё»)
    lex = lexicon(("долг", 4), ("счёту", 3), ("customer", 3), ("ne", 1))
    synonyms = SynonymSets.compile([["customer", "cx"]])
    assert [g.word for g in plan_query("ljku gj cx`ne ", lex, synonyms).groups] == [
        "долг", "счету"]


def test_paying_asked_whether_needed_with_ukrainian_chi_is_no_payment() -> None:
    lex = lexicon(("мастер", 4), ("платить", 5), ("выезд", 3))
    assert groups_of("чи треба платить за выезд ", lex)["платить"].filler
    assert not groups_of("треба платить за выезд ", lex)["платить"].filler


def test_english_no_beside_only_leaves_out_what_it_names() -> None:
    lex = lexicon(("internet", 6), ("only", 2), ("no", 4), ("tv", 5), ("signal", 3))
    assert groups_of("internet only, no tv ", lex)["tv"].left_out
    assert not groups_of("no tv signal ", lex)["tv"].left_out


def test_bringing_a_caller_back_to_the_point_returns_nothing() -> None:
    lex = lexicon(("вернуть", 4), ("дело", 3), ("роутер", 5))
    assert not groups_of("как вернуть её к делу ", lex)["вернуть"].action
    assert groups_of("как вернуть роутер ", lex)["вернуть"].action


def test_a_house_number_after_its_street_reads_as_an_address() -> None:
    lex = lexicon(("адрес", 4), ("интернет", 9), ("тариф", 6), ("25", 1), ("500", 3))
    assert alts(plan_query("на садовой 12 есть интернет ", lex, NO_SYNONYMS))[0] == {
        "адрес": 0.9}
    assert groups_of("улица ленина 25 интернет ", lex)["25"].alts == {"адрес": 0.9}
    # (a plan's figure after a known word stays a figure)
    assert "500" in groups_of("на тарифе 500 интернет ", lex)["500"].alts


def test_what_the_caller_puts_off_is_the_context_of_what_is_asked_now() -> None:
    lex = lexicon(("роутер", 5), ("поменять", 4), ("пакет", 3), ("долг", 4), ("пульт", 3),
                  ("оплата", 4), ("адрес", 3), ("потом", 9))
    by_word = groups_of("роутер потом поменяю, но сейчас хочу узнать про пакет ", lex)
    assert by_word["роутер"].context and not by_word["поменяю"].action
    assert not by_word["пакет"].context  # (the «про» after the turn opens no context of it)
    by_word = groups_of("пульт барахлит, но это потом, главное долг ", lex)
    assert by_word["пульт"].context and not by_word["долг"].context
    assert groups_of("про оплату позже, but first адрес ", lex)["оплату"].context
    assert groups_of("про оплату спрошу, но сначала адрес ", lex)["оплату"].context
    # (a story told in order puts nothing off; nor does «сейчас» alone)
    assert not groups_of("роутер поменяли, но потом долг ", lex)["роутер"].context
    assert not groups_of("роутер поменяли, но сейчас долг ", lex)["роутер"].context


def test_a_business_callers_words_for_itself_are_context_of_what_it_asks() -> None:
    lex = lexicon(("юрлицо", 2), ("заказ", 4), ("подключение", 6), ("статус", 3), ("офис", 2),
                  ("соединить", 3), ("договор", 5))
    by_word = groups_of("мы юрлицо, заказ на подключение, какой статус ", lex)
    assert by_word["юрлицо"].context and not by_word["заказ"].context
    # (alone, or asked to be put through to those who serve businesses, it stays the topic)
    assert not groups_of("договор на юрлицо ", lex)["юрлицо"].context
    assert not groups_of("соедините с отделом для юрлица по договору ", lex)["юрлица"].context
    # (nor is the provider's own office a business caller's)
    assert not groups_of("знаю где ваш офис, заказ подключение ", lex)["офис"].context


def test_english_without_any_leaves_out_the_noun_and_its_head() -> None:
    lex = lexicon(("internet", 6), ("without", 3), ("tv", 5), ("channels", 4), ("own", 2))
    by_word = groups_of("internet on its own, without any tv channels ", lex)
    assert by_word["tv"].left_out and by_word["channels"].left_out
    assert by_word["without"].filler and by_word["own"].filler
    assert not by_word["internet"].left_out


def test_what_the_caller_denies_before_just_is_the_context_of_what_they_just_want() -> None:
    lex = lexicon(("договор", 5), ("расторгать", 3), ("сдать", 4), ("приставка", 5),
                  ("симка", 4), ("менять", 4), ("тариф", 6), ("интернет", 9), ("телевизор", 4))
    by_word = groups_of("договор не расторгаю, просто хочу сдать приставку ", lex)
    assert by_word["договор"].context and not by_word["расторгаю"].action
    assert not by_word["приставку"].context
    # (a thing not needed, wanted or pushed on the caller is left out, not only context)
    assert groups_of("симку менять не надо, только тариф подобрать ", lex)["симку"].left_out
    assert groups_of("не впаривайте телевизор, нужен просто интернет ", lex)[
        "телевизор"].left_out
    by_word = groups_of("не хочу расторгать договор, просто переезжаю ", lex)
    assert by_word["договор"].context and not by_word["договор"].left_out
    # (nothing denied: what comes before «просто» stays the topic; nor does an earlier clause)
    assert not groups_of("договор расторгаю, просто переезжаю ", lex)["договор"].context
    assert not groups_of("тариф 300, телевизор не нужен, только интернет ", lex)[
        "тариф"].context


def test_the_phone_as_the_way_something_is_done_is_context() -> None:
    lex = lexicon(("телефон", 5), ("заявка", 6), ("интернет", 9), ("phone", 5), ("pay", 5),
                  ("bill", 4), ("sim", 4))
    assert groups_of("по телефону заявку на интернет оставить ", lex)["телефону"].context
    assert groups_of("pay the bill over the phone ", lex)["phone"].context
    # (the phone itself is the topic otherwise)
    assert not groups_of("the phone does not see the sim ", lex)["phone"].context


def test_what_the_caller_says_to_forget_is_set_aside() -> None:
    lex = lexicon(("forgot", 3), ("internet", 9), ("single", 2), ("password", 4),
                  ("интернет", 9))
    by_word = groups_of("forget the internet, are you single ", lex)
    assert by_word["internet"].context and by_word["forget"].filler
    assert not by_word["single"].denied
    assert groups_of("забудьте про интернет, вы замужем ", lex)["интернет"].context
    # (a forgotten password is no such thing)
    assert not groups_of("i forget password ", lex)["password"].context


def test_english_one_after_another_and_deal_with() -> None:
    lex = lexicon(("question", 9), ("deal", 3), ("caller", 5), ("answer", 4), ("letting", 1),
                  ("without", 3))
    by_word = groups_of("how do i deal with a caller, one question after another ", lex)
    assert not by_word["question"].filler and by_word["deal"].filler
    assert not groups_of("a good deal on internet ", lex)["deal"].filler
    # (only a thing left out "without any" takes its head along: a verb's object stays)
    assert not groups_of("without letting me answer ", lex)["answer"].left_out


def test_a_verb_of_changing_beside_the_plan_reads_as_a_change_of_plans() -> None:
    lex = lexicon(("тариф", 6), ("сменить", 3), ("поменять", 4), ("заменить", 4),
                  ("приложение", 5), ("plan", 6), ("change", 4), ("роутер", 6))
    changed = groups_of("в приложении можно тариф поменять ", lex)["поменять"].alts
    assert any(" " in t and t.startswith(cached_stem("сменить")) for t in changed)
    assert cached_stem("поменять") not in changed  # no exchange of equipment
    assert any(" " in t for t in groups_of("change my plan ", lex)["change"].alts)
    # (a router changed stays the exchange; a plan named after «на» is the switch to it)
    assert cached_stem("поменять") in groups_of("поменять роутер ", lex)["поменять"].alts
    assert not any(" " in t for t in groups_of("поменять тариф на 500 ", lex)["поменять"].alts)


def test_what_a_caller_corrects_is_left_out() -> None:
    lex = lexicon(("приставка", 5), ("роутер", 6), ("купить", 4), ("аренда", 3), ("тенге", 1),
                  ("рубль", 6), ("пятьсот", 3), ("подключить", 6), ("безлимит", 3), ("tv", 5),
                  ("router", 5), ("price", 4), ("стоить", 5), ("гигабайт", 2), ("телефон", 5))
    by_word = groups_of("сколько стоит приставка… ой, я про роутер, его купить? ", lex)
    assert by_word["приставка"].left_out and not by_word["роутер"].left_out
    assert groups_of("the tv, i mean the router price ", lex)["tv"].left_out
    # (letters of a word still being typed after the correction keep the list as it was; a
    # whole word typed last corrects)
    assert not groups_of("сколько стоит приставка… ой, ро", lex)["приставка"].left_out
    assert groups_of("сколько стоит приставка… ой, роутер", lex)["приставка"].left_out
    # (only the clause before the correction: «подключить» stays; «а нет ли» asks)
    by_word = groups_of("подключить пятьсот, сколько тенге, ой, рублей в месяц ", lex)
    assert by_word["тенге"].left_out and not by_word["подключить"].left_out
    assert not groups_of("гигабайты на телефоне кончились, а нет ли безлимита ", lex)[
        "телефоне"].left_out


def test_the_verb_ordering_a_call_is_filler_and_the_call_a_call_back() -> None:
    lex = lexicon(("заказать", 6), ("звонок", 8), ("перезвон", 2), ("роутер", 6), ("book", 2),
                  ("call", 8), ("callback", 2))
    by_word = groups_of("можно заказать звонок на завтра ", lex)
    assert by_word["заказать"].filler and not by_word["заказать"].action
    assert by_word["звонок"].alts[cached_stem("перезвон")] == 1.0
    assert groups_of("book a call for tomorrow ", lex)["book"].filler
    # (an order of anything else stays one)
    assert groups_of("заказать роутер ", lex)["заказать"].action


def test_a_caller_leaving_another_provider_comes_over() -> None:
    lex = lexicon(("уйти", 3), ("ухожу", 2), ("провайдер", 4), ("старый", 3), ("заявка", 6),
                  ("интернет", 9), ("provider", 4), ("switch", 3), ("sign", 3))
    by_word = groups_of("ухожу от старого провайдера, хочу заявку на интернет ", lex)
    assert by_word["ухожу"].left_out and by_word["провайдера"].left_out
    assert by_word["старого"].context and not by_word["заявку"].context
    assert groups_of("switching from my old provider, how do i sign up ", lex)[
        "provider"].left_out
    by_word = groups_of("ухожу от Ростелекома, хочу заявку на интернет ", lex)
    assert by_word["ухожу"].left_out and not by_word["заявку"].context
    # (the coming over is what is asked when nothing else is)
    assert not groups_of("ухожу от старого провайдера ", lex)["провайдера"].left_out
    # (leaving us for another provider is what is asked)
    by_word = groups_of("хочу уйти от вас к другому провайдеру ", lex)
    assert not by_word["уйти"].left_out and not by_word["провайдеру"].left_out


def test_a_short_word_with_a_vowel_dropped_reads_as_the_whole_word() -> None:
    lex = lexicon(("order", 5), ("status", 4), ("тариф", 9), ("день", 4), ("дней", 3))
    assert "order" in groups_of("status of my ordr ", lex)["ordr"].alts
    assert "тариф" in groups_of("тарф ", lex)["тарф"].alts


def test_money_asked_back_is_a_refund_not_a_device_returned() -> None:
    lex = lexicon(("вернуть", 6), ("роутер", 6), ("рубль", 5), ("деньги", 4), ("return", 4),
                  ("money", 3), ("router", 5))
    assert not groups_of("хочу вернуть 2000 рублей ", lex)["вернуть"].action
    assert not groups_of("return my money ", lex)["return"].action
    # (a device given back is the action of returning it)
    assert groups_of("хочу вернуть роутер ", lex)["вернуть"].action


def test_during_says_only_when() -> None:
    lex = lexicon(("плохо", 4), ("время", 6), ("звонок", 8))
    assert groups_of("плохо во время звонка ", lex)["время"].filler
    # (time itself stays a word: "время ожидания")
    assert not groups_of("время звонка ", lex)["время"].filler


def test_a_word_said_fondly_reads_as_the_plain_word() -> None:
    lex = lexicon(("тариф", 9), ("скорость", 6), ("паспорт", 4), ("безлимитный", 3),
                  ("утро", 3), ("утечка", 2), ("номер", 6), ("заявка", 8), ("приставка", 9),
                  ("пристать", 1))
    by_word = groups_of("тарифчик паспортик скоростёнка безлимитиком заявочку номерок ", lex)
    assert by_word["тарифчик"].alts[cached_stem("тариф")] > 0
    assert cached_stem("паспорт") in by_word["паспортик"].alts
    assert cached_stem("скорость") in by_word["скоростенка"].alts
    assert cached_stem("безлимитный") in by_word["безлимитиком"].alts
    assert cached_stem("заявка") in by_word["заявочку"].alts
    assert cached_stem("номер") in by_word["номерок"].alts
    # (a diminutive one reply uses in passing also reads as the plain word used everywhere)
    lex_phone = lexicon(("телефончик", 1), ("телефон", 9), ("тариф", 9))
    assert cached_stem("телефон") in groups_of("тариф на телефончик ", lex_phone)[
        "телефончик"].alts
    # (the morning said fondly is no leak one letter away)
    assert list(groups_of("утречко ", lex)["утречко"].alts) == [cached_stem("утро")]


def test_a_particle_is_no_word_run_into_the_end_of_another() -> None:
    lex = lexicon(("купить", 6), ("скидка", 5), ("ну", 1))
    by_word = groups_of("скидка по купону ", lex)
    assert "купону" in by_word and "ну" not in by_word


def test_what_a_thing_is_swapped_for_is_why() -> None:
    lex = lexicon(("exchange", 5), ("change", 6), ("working", 4), ("new", 6), ("one", 3),
                  ("box", 5), ("broken", 4), ("address", 5), ("роутер", 6), ("новый", 5),
                  ("поменять", 5), ("тариф", 9), ("month", 5), ("1", 5))
    by_word = groups_of("exchange it for a working one ", lex)
    assert by_word["working"].filler and by_word["1"].filler
    assert groups_of("поменять роутер на новый ", lex)["новый"].filler
    # (a thing told of, changed for a new one, is exchanged: "change" reads as the exchange)
    by_word = groups_of("box is broken, can i change it to a new one? ", lex)
    assert cached_stem("exchange") in by_word["change"].alts
    assert cached_stem("exchange") in groups_of("box broken, i can change to new one ", lex)[
        "change"].alts
    # ("one" before a noun is a number; a plan changed for another is a change of plans)
    assert not groups_of("one month free ", lex)["1"].filler
    by_word = groups_of("поменять тариф на новый ", lex)
    assert cached_stem("exchange") not in by_word["поменять"].alts
    assert by_word["поменять"].alts.get(f'{cached_stem("сменить")} {cached_stem("тариф")}')


def test_a_number_word_run_into_a_word_being_typed_is_the_number() -> None:
    lex = lexicon(("мегабит", 6), ("цена", 5), ("сторона", 2), ("500", 4), ("300", 4), ("100", 4))
    assert "500" in groups_of("цена пятисотмег", lex)
    # (past the stem, into an ending not typed whole)
    assert "300" in groups_of("цена трёхсотмегабитног", lex)
    # (a short number word begins too many words; a number typed whole stays one word)
    assert "100" not in groups_of("цена стор", lex)
    assert "мег" not in groups_of("цена пятисот", lex)
