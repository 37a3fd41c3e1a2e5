"""The article prior learned from counted searches (the floor's aggregated search log): a count
weighs as that many searches, and the KB swaps what it learned in whole."""

from __future__ import annotations

from pathlib import Path

from kb.model import Article
from kb.prior import ArticlePrior
from tests.kb.conftest import open_kb


def test_a_count_weighs_as_that_many_searches_and_nothing_below_one() -> None:
    logged = [("тариф домашний 500", "home-500")] * 3 + [("тариф домашний", "home-100")]
    counted = [("тариф домашний 500", "home-500", 3), ("тариф домашний", "home-100", 1),
               ("тариф домашний", "home-300", 0), ("тариф домашний", "home-300", -2)]
    assert ArticlePrior.from_counts(counted) == ArticlePrior.from_log(logged)
    # one search says nothing yet; two of the same do
    assert not ArticlePrior.from_counts([("роутер", "router", 1)])
    assert ArticlePrior.from_counts([("роутер", "router", 2)])


def plan(slug: str, speed: str) -> Article:
    return Article(slug=slug, kind="product", lang="ru", title=f"Тариф Домашний {speed}",
                   tags=["тариф", "домашний интернет"],
                   body=f"Домашний интернет на скорости {speed} Мбит/с, роутер в аренду.")


def test_the_kb_learns_counted_searches_and_replaces_them(tmp_path: Path) -> None:
    kb = open_kb(tmp_path, [plan("home-100", "100"), plan("home-500", "500")])
    try:
        def first(text: str) -> str:
            return kb.search(text, limit=1).hits[0].slug

        assert first("тариф дом") == "home-100"  # a tie: the slug decides
        kb.learn_searches([("тариф домашний 500", "home-500", 4)])
        assert first("тариф дом") == "home-500"
        # the floor opened the 100 plan far more often: its share wins
        kb.learn_searches([("тариф домашний 500", "home-500", 2),
                           ("тариф домашний", "home-100", 40)])
        assert first("тариф дом") == "home-100"
        kb.learn_searches([("тариф домашний 500", "home-500", 4)])
        assert first("тариф дом") == "home-500"
        kb.learn_searches([])
        assert first("тариф дом") == "home-100"
    finally:
        kb.close()
