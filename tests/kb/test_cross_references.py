"""Articles of the bundled KB refer to each other as links (``[Title](kb:slug)``), never by a raw
slug: the operator reads the other article's title in the article and in search snippets, and
the article view opens the link (``kb:`` is the only scheme it follows)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from kb.knowledge_base import KnowledgeBase, default_content_dir
from kb.markdown_files import read_directory
from kb.model import Article

CONTENT = default_content_dir()
LINK = re.compile(r"\]\(kb:([a-z0-9-]+)\)")


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return read_directory(CONTENT).articles


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    base = KnowledgeBase.open(tmp_path_factory.mktemp("links"), seed=True)
    assert base.wait_until_ready(120)
    yield base
    base.close()


def department_keys(articles: list[Article]) -> set[str]:
    """The departments' keys (transfer targets): a key is a fact an article may name, even one
    that is also an article's slug (``emergency-112``)."""
    return {str(action.get("target")) for a in articles for action in a.actions
            if action.get("target")}


def raw_slugs(text: str, slugs: set[str], allowed: set[str]) -> list[str]:
    """Article slugs that ``text`` shows as such (not as a link's target): in backticks or
    brackets, or a hyphenated one anywhere (a one-word slug such as ``promotions`` is also a
    plain word)."""
    text = LINK.sub("](", text)
    found = []
    for slug in slugs - allowed:
        word = re.escape(slug)
        quoted = rf"[`(]{word}[`),]" if "-" not in slug else rf"(?<![\w:/-]){word}(?![\w-])"
        if re.search(quoted, text):
            found.append(slug)
    return found


def test_every_article_link_names_an_article_in_the_same_language(articles: list[Article]) -> None:
    known = {(a.slug, a.lang) for a in articles}
    links = [(a.slug, a.lang, target) for a in articles for target in LINK.findall(a.body)]
    assert len(links) > 100  # the catalog and the procedures refer to each other a lot
    assert [link for link in links if (link[2], link[1]) not in known] == []


def test_no_article_body_refers_to_another_by_its_raw_slug(articles: list[Article]) -> None:
    slugs = {a.slug for a in articles}
    keys = department_keys(articles)
    found = {}
    for article in articles:
        # A department's key in the departments table (``| `emergency-112` |``) is a key.
        body = re.sub(r"\| `([a-z0-9-]+)` \|", lambda m: "| |" if m.group(1) in keys
                      else m.group(0), article.body)
        raw = raw_slugs(body, slugs, keys - slugs)
        if raw:
            found[f"{article.slug}.{article.lang}"] = raw
    assert found == {}


def test_a_link_reads_as_the_target_articles_title(articles: list[Article]) -> None:
    titles = {(a.slug, a.lang): a.title for a in articles}
    for article in articles:
        for match in re.finditer(r"\[([^\]]+)\]\(kb:([a-z0-9-]+)\)", article.body):
            text, target = match.groups()
            assert titles[(target, article.lang)].startswith(text), (article.slug, text)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_search_snippets_never_show_an_articles_raw_slug(
        kb: KnowledgeBase, articles: list[Article], lang: str) -> None:
    """Every linking article found by words around its links: the snippet shows titles."""
    slugs = {a.slug for a in articles}
    keys = department_keys(articles)
    snippets = []
    for article in (a for a in articles if a.lang == lang and LINK.search(a.body)):
        for line in article.body.splitlines():
            if LINK.search(line):
                words = re.sub(r"\[[^\]]*\]\(kb:[^)]*\)|[^\w\s]", " ", line).split()[:6]
                result = kb.search(" ".join(words), limit=5, lang=lang)
                snippets += [hit.snippet for hit in result.hits]
    assert len(snippets) > 50
    shown = {slug for snippet in snippets
             for slug in raw_slugs(re.sub(r"</?b>", "", snippet), slugs, set())}
    # A department's key (in the departments table) may show; an article's slug never.
    assert shown <= keys, shown - keys
    assert not any("kb:" in snippet for snippet in snippets)
