"""The in-memory lexicon: prefix completions and typo candidates, and their caches."""

from __future__ import annotations

from collections import Counter

from kb.analysis import cached_stem
from kb.lexicon import Lexicon


def test_typo_candidates_see_stems_added_after_a_cached_lookup() -> None:
    lexicon = Lexicon([("телефон", 3)], docs=3)
    assert lexicon.typo_candidates(("жалаба", "жалаб"), 1) == {}
    lexicon.update(Counter({"жалоб": 1}), Counter(), 1)
    assert lexicon.typo_candidates(("жалаба", "жалаб"), 1) == {"жалоб": 1}


def test_two_letters_swapped_inside_the_stem_are_one_typo() -> None:
    # "обмеянть": the swap is in the stem, which the typed word's own stem does not keep whole
    lexicon = Lexicon([("обмен", 3)], docs=3)
    assert lexicon.typo_candidates(("обмеянть", cached_stem("обмеянть")), 1) == {"обмен": 1}


def test_a_swap_and_a_wrong_letter_in_a_long_word_are_two_typos() -> None:
    # "руоквотств": "ко" swapped and "д" typed as "т"; the swap spoils four of the word's
    # letter triples, the wrong letter three more, and the stem is still found
    lexicon = Lexicon([("руководств", 3), ("рукав", 2)], docs=5)
    assert lexicon.typo_candidates(("руоквотств",), 2) == {"руководств": 2}


def test_completions_follow_updates_and_prefer_frequent_stems() -> None:
    lexicon = Lexicon([("перевод", 5), ("перезвон", 1)], docs=6)
    assert lexicon.completions("пере") == ["перевод", "перезвон"]
    lexicon.update(Counter({"перенос": 9}), Counter({"перевод": 5}), 0)
    assert lexicon.completions("пере") == ["перенос", "перезвон"]


def test_searched_words_complete_first() -> None:
    lexicon = Lexicon([("телефон", 5), ("телевизор", 1)], docs=6)
    assert lexicon.completions("теле", 1) == ["телефон"]
    lexicon.set_searched({"телевизор": 200})
    assert lexicon.completions("теле", 1) == ["телевизор"]
    lexicon.set_searched({})
    assert lexicon.completions("теле", 1) == ["телефон"]


def test_a_narrow_lookup_does_not_cut_a_later_wider_one() -> None:
    lexicon = Lexicon([("маршрут", 2), ("маршрутизатор", 1)], docs=3)
    assert lexicon.completions("маршр", 1) == ["маршрут"]
    assert lexicon.completions("маршр", 8) == ["маршрут", "маршрутизатор"]
    assert lexicon.completions("маршр", 1) == ["маршрут"]
