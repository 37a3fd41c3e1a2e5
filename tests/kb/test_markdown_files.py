"""Markdown files: validation, import all-or-nothing, export → import round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.knowledge_base import KnowledgeBase
from kb.markdown_files import (
    ArticleFormatError,
    dump_article,
    parse_article,
    read_directory,
)
from kb.model import ACTION_TYPES, KINDS, LANGS, Article
from kb.wire.text import BIDI_CONTROLS
from tests.kb.conftest import open_kb

GOOD = "---\nslug: ok\nkind: product\nlang: ru\ntitle: Хорошая\n---\n\nТекст.\n"


def write(root: Path, name: str, text: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_parse_keeps_every_field_and_unknown_keys() -> None:
    a = parse_article(
        "---\nslug: s\nkind: difficult-case\nlang: en\ntitle: T\ntags: [a, b]\nsynonyms: [c]\n"
        "replies: ['Hello {caller_name}']\nactions:\n  - {type: transfer, target: quality}\n"
        "updated: 2024-05-01T10:00:00Z\nowner: team-a\nreview: {due: 2025-01-01}\n---\n\nBody\n"
    )
    assert (a.slug, a.kind, a.lang, a.title) == ("s", "difficult-case", "en", "T")
    assert a.tags == ["a", "b"] and a.synonyms == ["c"] and a.replies == ["Hello {caller_name}"]
    assert a.actions == [{"type": "transfer", "target": "quality"}]
    assert a.updated == "2024-05-01T10:00:00Z"
    assert a.extra == {"owner": "team-a", "review": {"due": "2025-01-01"}}
    assert a.body == "Body"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("slug: x\n", "must start with"),
        ("---\nslug: x\n", "no closing"),
        ("---\nslug: [x\n---\n", "malformed YAML"),
        ("---\n- a\n- b\n---\n", "mapping"),
        ("---\nkind: product\nlang: ru\ntitle: T\n---\n", "'slug'"),
        ("---\nslug: x\nlang: ru\ntitle: T\n---\n", "'kind'"),
        ("---\nslug: x\nkind: product\ntitle: T\n---\n", "'lang'"),
        ("---\nslug: x\nkind: product\nlang: ru\n---\n", "'title'"),
        ("---\nslug: x\nkind: recipe\nlang: ru\ntitle: T\n---\n", "unknown kind"),
        ("---\nslug: x\nkind: product\nlang: de\ntitle: T\n---\n", "unknown lang"),
        ("---\nslug: X Y\nkind: product\nlang: ru\ntitle: T\n---\n", "slug"),
        ("---\nslug: x\nkind: product\nlang: ru\ntitle: T\ntags: a\n---\n", "'tags'"),
        ("---\nslug: x\nkind: product\nlang: ru\ntitle: T\nreplies: [1, 2]\n---\n", "'replies'"),
        ("---\nslug: x\nkind: product\nlang: ru\ntitle: T\nactions: [hold]\n---\n", "action #1"),
        ("---\nslug: x\nkind: product\nlang: ru\ntitle: T\nactions: [{type: fly}]\n---\n",
         "unknown type"),
    ],
)
def test_malformed_files_are_rejected_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(ArticleFormatError, match=reason):
        parse_article(text, "f.md")


def test_import_is_all_or_nothing_and_names_the_bad_file(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write(src, "a/ok.ru.md", GOOD)
    bad = write(src, "b/bad.ru.md", b"---\nslug: bad\nkind: product\nlang: ru\ntitle: \xff\n---\n")
    with open_kb(tmp_path / "home", []) as kb:
        with pytest.raises(ArticleFormatError) as err:
            kb.import_directory(src)
        assert str(bad) in str(err.value) and "UTF-8" in str(err.value)
        assert kb.articles() == []
        bad.unlink()
        write(src, "b/dup.ru.md", GOOD)
        with pytest.raises(ArticleFormatError, match="already defined"):
            kb.import_directory(src)
        assert kb.articles() == []
        (src / "b" / "dup.ru.md").unlink()
        assert kb.import_directory(src) == 1
        assert kb.search("хорошая ").hits[0].slug == "ok"


def test_synonyms_file_is_validated_and_imported(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write(src, "ok.ru.md", GOOD)
    write(src, "synonyms.yaml", "- [одно]\n")
    with pytest.raises(ArticleFormatError, match="two or more"):
        read_directory(src)
    write(src, "synonyms.yaml", "- [хорошая, отличная, классная штука]\n")
    with open_kb(tmp_path / "home", []) as kb:
        kb.import_directory(src)
        assert kb.synonym_sets() == [["хорошая", "отличная", "классная штука"]]
        assert kb.search("отличная ").hits[0].slug == "ok"


def test_export_import_round_trip(tmp_path: Path) -> None:
    with open_kb(tmp_path / "one") as kb:
        kb.save(Article("extra-keys", "procedure", "en", "With extras", body="# Head\n\nText",
                        tags=["t"], replies=["r: with colon", "- dash"],
                        actions=[{"type": "play-prompt", "prompt": "p", "hangup_after": True}],
                        extra={"owner": "x", "nested": {"list": [1, "два"]}}))
        kb.set_synonym_sets([["мат", "нецензурная брань"]])
        before = kb.articles()
        sets = kb.synonym_sets()
        assert kb.export_directory(tmp_path / "out") == len(before)
    with KnowledgeBase.open(tmp_path / "two", seed=False) as kb2:
        kb2.import_directory(tmp_path / "out")
        assert kb2.articles() == before
        assert kb2.synonym_sets() == sets


# Any text the content rules keep as it is: no bidi controls (removed), no NUL (refused).
texts = st.text(st.characters(blacklist_categories=("Cs", "Cc"),
                              blacklist_characters=sorted(BIDI_CONTROLS)), max_size=40)
articles = st.builds(
    Article,
    slug=st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True),
    kind=st.sampled_from(KINDS),
    lang=st.sampled_from(LANGS),
    title=texts.filter(lambda t: t.strip() != ""),
    body=st.text(st.characters(blacklist_categories=("Cs",),
                               blacklist_characters=["\r", "\x00", *sorted(BIDI_CONTROLS)]),
                 max_size=200).map(lambda b: b.strip("\n")),
    tags=st.lists(texts, max_size=3),
    synonyms=st.lists(texts, max_size=3),
    replies=st.lists(texts.map(lambda t: t.replace("{", "(").replace("}", ")")), max_size=3),
    actions=st.lists(st.builds(lambda t, x: {"type": t, "target": x},
                               st.sampled_from(ACTION_TYPES), texts), max_size=2),
    updated=st.none() | st.just("2024-05-01T10:00:00Z"),
    extra=st.dictionaries(st.from_regex(r"x_[a-z]{1,8}", fullmatch=True),
                          texts | st.integers(-(2**53), 2**53) | st.booleans(), max_size=2),
)


@settings(max_examples=200, deadline=None)
@given(articles)
def test_dump_parse_round_trip(article: Article) -> None:
    assert parse_article(dump_article(article)) == article
