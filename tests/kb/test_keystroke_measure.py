"""The keystroke benchmark's measures: when a query counts as answered, flickered or blanked."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from kb_keystrokes import answered_at, blanked, flickered


def test_a_query_is_answered_when_its_article_is_first_for_good() -> None:
    assert answered_at(["a", "b", "x", "x"], "x") == 3
    assert answered_at(["x", "b", "x", "x"], "x") == 3
    assert answered_at(["x", "x", "b"], "x") is None


def test_losing_first_place_after_the_first_word_is_a_flicker() -> None:
    query = "ab cdef"  # the first word is finished at keystroke 3 (the space)
    # first at "ab " and "ab c", lost at "ab cd", first again from "ab cde": a flicker
    tops = ["x", "y", "x", "x", "y", "x", "x"]
    assert flickered(query, tops, "x", answered_at(tops, "x") or 0)
    # first by luck on the first letters only, then lost before the word was finished: no flicker
    tops = ["x", "y", "y", "y", "y", "x", "x"]
    assert not flickered(query, tops, "x", answered_at(tops, "x") or 0)
    # first once and for good
    tops = ["y", "y", "x", "x", "x", "x", "x"]
    assert not flickered(query, tops, "x", answered_at(tops, "x") or 0)
    # a one-word query has no finished word before its end
    assert not flickered("abcd", ["x", "y", "x", "x"], "x", 3)


def test_an_empty_list_inside_a_word_after_results_is_a_blank() -> None:
    # "ab cdef": results up to "ab cd", nothing at "ab cde" (inside the word): blanked
    assert blanked("ab cdef", ["x", "x", "x", "x", "x", None, None])
    # nothing before the first result is no blank; nor is a space after a word finding nothing
    assert not blanked("ab cdef", [None, None, "x", "x", "x", "x", "x"])
    assert not blanked("ab cd", ["x", "x", None, "x", "x"])
