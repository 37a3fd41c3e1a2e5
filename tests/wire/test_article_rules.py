"""An article as JSON and the check of a publication: shape, limits, one error per entry."""

from __future__ import annotations

from typing import Any

import pytest

from kb.markdown_files import ArticleFormatError
from kb.model import Article
from kb.wire import articles
from kb.wire.articles import article_from_json, article_to_json, publication
from kb.wire.problems import RequestError


def raw(slug: str = "tariffs", lang: str = "ru", **fields: Any) -> dict[str, Any]:
    return {"slug": slug, "kind": "product", "lang": lang, "title": "Тарифы", **fields}


def refused(body: object) -> RequestError:
    with pytest.raises(RequestError) as caught:
        publication(body)
    return caught.value


def test_a_publication_holds_at_most_500_articles() -> None:
    assert articles.MAX_ARTICLES_PER_PUBLISH == 500


def test_an_article_travels_as_all_its_fields_and_comes_back_equal() -> None:
    article = Article(slug="a", kind="procedure", lang="en", title="Refund", body="Step 1",
                      tags=["money"], synonyms=["return"], replies=["Hello {caller_name}"],
                      actions=[{"type": "hold", "label": "Hold"}], updated="2025-01-02T03:04:05Z",
                      extra={"owner": "team"})
    data = article_to_json(article)
    assert data == {"slug": "a", "kind": "procedure", "lang": "en", "title": "Refund",
                    "body": "Step 1", "tags": ["money"], "synonyms": ["return"],
                    "replies": ["Hello {caller_name}"],
                    "actions": [{"type": "hold", "label": "Hold"}],
                    "updated": "2025-01-02T03:04:05Z", "extra": {"owner": "team"}}
    assert article_from_json(data, "here") == article


def test_an_article_without_optional_fields_or_with_a_null_update_time_is_read() -> None:
    article = article_from_json(raw(updated=None, extra=None), "upserts[0]")
    assert (article.slug, article.lang, article.updated, article.extra, article.body) == (
        "tariffs", "ru", None, {}, "")


def test_extra_keys_become_the_articles_extra() -> None:
    article = article_from_json(raw(extra={"owner": "team", 5: "five"}), "x")
    assert article.extra == {"owner": "team", "5": "five"}


def test_a_field_wins_over_an_extra_key_of_the_same_name() -> None:
    article = article_from_json(raw(extra={"title": "Other"}), "x")
    assert article.title == "Тарифы"


@pytest.mark.parametrize("data", [None, [], "article", 5])
def test_an_article_must_be_an_object(data: object) -> None:
    with pytest.raises(ArticleFormatError) as caught:
        article_from_json(data, "upserts[3]")
    assert str(caught.value) == "upserts[3]: an article must be an object"


def test_unknown_fields_are_named_sorted_with_where_to_put_them() -> None:
    with pytest.raises(ArticleFormatError) as caught:
        article_from_json(raw(zeta=1, alpha=2), "upserts[0]")
    assert str(caught.value) == ("upserts[0]: unknown field(s) alpha, zeta; put extra "
                                 "front-matter keys in 'extra'")


def test_extra_must_be_an_object() -> None:
    with pytest.raises(ArticleFormatError, match=r"^x: 'extra' must be an object$"):
        article_from_json(raw(extra=["a"]), "x")


def test_the_front_matter_rules_apply_to_a_published_article() -> None:
    with pytest.raises(ArticleFormatError, match=r"^upserts\[0\]: slug 'Bad Slug'"):
        article_from_json(raw(slug="Bad Slug"), "upserts[0]")


def test_a_publication_is_its_upserts_and_deletions() -> None:
    upserts, deletions = publication({
        "upserts": [raw("a"), raw("b", "en")],
        "deletions": [{"slug": "c", "lang": "ru"}, {"slug": "a", "lang": "en"}]})
    assert [a.key for a in upserts] == [("a", "ru"), ("b", "en")]
    assert deletions == [("c", "ru"), ("a", "en")]


def test_a_publication_may_be_only_upserts_or_only_deletions() -> None:
    assert publication({"upserts": [raw()]})[1] == []
    assert publication({"deletions": [{"slug": "a", "lang": "ru"}]}) == ([], [("a", "ru")])


@pytest.mark.parametrize("body", [None, [], "x", 5])
def test_a_publication_that_is_not_an_object_is_a_422(body: object) -> None:
    exc = refused(body)
    assert (exc.status, exc.message) == (
        422, "the body must be an object with 'upserts' and/or 'deletions'")


@pytest.mark.parametrize("body", [{"upserts": {}}, {"deletions": "a"},
                                  {"upserts": [raw()], "deletions": None},
                                  {"upserts": None, "deletions": []}])
def test_upserts_and_deletions_must_be_lists(body: dict) -> None:
    exc = refused(body)
    assert (exc.status, exc.message) == (422, "'upserts' and 'deletions' must be lists")


@pytest.mark.parametrize("body", [{}, {"upserts": [], "deletions": []}])
def test_an_empty_publication_is_a_422(body: dict) -> None:
    exc = refused(body)
    assert (exc.status, exc.message) == (
        422, "nothing to publish: 'upserts' and 'deletions' are empty")


def test_500_articles_counting_deletions_are_published_and_501_are_a_413() -> None:
    upserts = [raw(f"a{i}") for i in range(250)]
    deletions = [{"slug": f"d{i}", "lang": "ru"} for i in range(250)]
    done = publication({"upserts": upserts, "deletions": deletions})
    assert (len(done[0]), len(done[1])) == (250, 250)
    exc = refused({"upserts": upserts, "deletions": [*deletions, {"slug": "z", "lang": "ru"}]})
    assert (exc.status, exc.message, exc.details) == (413, "at most 500 articles per revision",
                                                      [])
    assert refused({"deletions": [{"slug": f"d{i}", "lang": "ru"} for i in range(501)]
                    }).status == 413


def test_every_invalid_entry_is_named_by_its_index_and_nothing_is_published() -> None:
    exc = refused({"upserts": [raw("ok"), "text", raw(kind="poem")],
                   "deletions": [{"slug": "a", "lang": "ru"}, {"slug": "", "lang": "ru"},
                                 {"slug": "a"}, ["a", "ru"], {"slug": 1, "lang": "ru"},
                                 {"slug": "a", "lang": ""}, {"slug": "a", "lang": 2}]})
    assert exc.status == 422
    assert exc.message == "the publication is invalid; nothing was published"
    assert exc.details[:2] == [
        {"index": 1, "error": "upserts[1]: an article must be an object"},
        {"index": 2, "error": "upserts[2]: unknown kind 'poem' (known: difficult-case, "
                              "product, procedure)"}]
    assert exc.details[2:] == [{"index": i, "error": f"deletions[{i}] must be {{slug, lang}}"}
                               for i in (1, 2, 3, 4, 5, 6)]


def test_an_article_twice_in_one_publication_is_a_422() -> None:
    for body in ({"upserts": [raw("a"), raw("a")]},
                 {"upserts": [raw("a")], "deletions": [{"slug": "a", "lang": "ru"}]},
                 {"deletions": [{"slug": "a", "lang": "ru"}, {"slug": "a", "lang": "ru"}]}):
        exc = refused(body)
        assert (exc.status, exc.message) == (422, "an article appears twice in one publication")
    assert len(publication({"upserts": [raw("a", "ru"), raw("a", "en")]})[0]) == 2
