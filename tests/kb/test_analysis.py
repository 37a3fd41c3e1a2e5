"""Folding, stemming, layout conversion and edit distance."""

from __future__ import annotations

import pytest

from kb.analysis import (
    complete_number_word,
    edits1,
    fold,
    heard_spellings,
    max_edits,
    mistyped_number_word,
    number_value,
    osa_distance,
    query_language,
    stem,
    stems,
    switch_layout,
)


def test_fold() -> None:
    assert fold("ЁЖИК Ёлка") == "ежик елка"


def test_stems_drop_stop_words_and_pick_the_language_by_script() -> None:
    assert stems("Звонит ребёнок и плачет") == [stem("звонит"), stem("ребенок"), stem("плачет")]
    assert stems("The caller is calling") == ["caller", "call"]
    assert stem("112") == "112"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("ntktajy", "телефон"), ("ht,tyjr", "ребенок"), ("ЫЗФЬ", "spam"), ("`krf", "ёлка"),
     ("vfnthbfk", "материал")],
)
def test_switch_layout(typed: str, meant: str) -> None:
    assert switch_layout(typed) == meant


def test_query_language() -> None:
    assert query_language("звонит child") == "ru"
    assert query_language("caller is silent") == "en"
    assert query_language("112 !!") is None


def test_max_edits() -> None:
    assert [max_edits("a" * n) for n in (4, 5, 7, 8, 12)] == [0, 1, 1, 2, 2]


def test_osa_counts_a_transposition_as_one_edit() -> None:
    assert osa_distance("жлаоба", "жалоба", 2) == 1
    assert osa_distance("телефон", "тилифон", 2) == 2
    assert osa_distance("телефон", "кот", 1) == 2  # capped at limit + 1


def test_edits1_contains_every_kind_of_edit() -> None:
    near = set(edits1("кот"))
    assert {"от", "окт", "кит", "крот"} <= near


@pytest.mark.parametrize(
    ("run", "value"),
    [(["сто"], 100), (["триста", "пятьдесят"], 350), (["тысяча"], 1000), (["полтысячи"], 500),
     (["две", "тысячи"], 2000), (["three", "hundred"], 300), (["one", "thousand"], 1000),
     (["сто", "абонент"], None)],
)
def test_number_words(run: list[str], value: int | None) -> None:
    assert number_value(run) == value


def test_number_word_beginnings() -> None:
    assert complete_number_word("hund") == "hundred"
    assert complete_number_word("пятьс") == "пятьсот"
    assert complete_number_word("пят") is None  # пять, пятьдесят, пятьсот…
    assert complete_number_word("ты") is None  # too short to tell


def test_number_words_one_slip_away() -> None:
    assert mistyped_number_word("пятьдестя") == "пятьдесят"  # two letters swapped
    assert mistyped_number_word("двеятьсот") == "девятьсот"
    assert mistyped_number_word("hundrd") == "hundred"
    assert mistyped_number_word("пятьсот") is None  # the number word itself
    assert mistyped_number_word("сота") is None  # too short to tell
    assert mistyped_number_word("тыщяча") == "тысяча"
    assert mistyped_number_word("пяьдесяд") is None  # two slips


def test_heard_spellings_mix_the_sound_alike_readings() -> None:
    found = heard_spellings("гаварит")
    assert {"говорит", "гаворит", "говарит", "гаваррит"} <= set(found)
    assert "гаварит" not in found
    assert "пришел" in heard_spellings("прешол")  # "ё" after "ш" written "о", "е" as "и"
    assert "медленно" in heard_spellings("медлено")  # one consonant for two
    assert "подключиться" in heard_spellings("подключится")
    assert "гриб" in heard_spellings("грип")  # a voiced consonant at the end sounds voiceless
    assert heard_spellings("router") == []
    assert len(heard_spellings("раааааааааааааааааа")) <= 256


def test_fold_reads_ukrainian_and_kazakh_letters_as_russian_ones() -> None:
    # callers mix them into Russian: the same word must meet in articles and queries
    assert fold("Гроші ҚАЛАЙ їжак Ґанок ұлы үй Һ єдність ңө ә ғ") == (
        "гроши калай ижак ганок улы уй х еднисть но а г")
    text = "Рахунок у мінусі, ақша түспеді"
    assert len(fold(text)) == len(text)  # one letter for one: snippets keep their positions
    assert stems("скільки коштує") == stems("скильки коштуе")

