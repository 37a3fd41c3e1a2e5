"""Import files that could sink a floor: YAML alias bombs, oversized files, unknown placeholders
and files not in UTF-8 get a clear error and nothing is imported (``python -m kb import``, the
same reader ``kb.hub publish DIR`` uses, and the hub's publication check)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.markdown_files import (
    MAX_FILE_BYTES,
    ArticleFormatError,
    decode_file,
    parse_article,
    read_directory,
)
from kb.wire.articles import article_to_json, publication
from kb.wire.problems import RequestError
from kb.wire.signing import canonical_json
from tests.kb.test_cli import run

HEAD = "---\nslug: {slug}\nkind: difficult-case\nlang: ru\ntitle: {title}\n"


def article(slug: str, title: str = "Заголовок", extra: str = "", body: str = "Текст.") -> str:
    return HEAD.format(slug=slug, title=title) + extra + "---\n" + body + "\n"


# 351 bytes of nested aliases that PyYAML's safe loader expands to ~10^9 list entries.
ALIAS_BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
)


@pytest.mark.parametrize(("files", "words"), [
    ({"bomb.ru.md": article("bomb", extra=ALIAS_BOMB)}, "aliases (*name) are not allowed"),
    ({"big.ru.md": article("big", body=("Слово " * 100 + "\n\n") * 1000)}, "split the article"),
    ({"typo.ru.md": article("typo", extra="replies: ['Здравствуйте, {caller_nam}!']\n")},
     "unknown placeholder {caller_nam}; the known ones are {caller_name}"),
    ({"open.ru.md": article("open", extra="replies: ['Здравствуйте, {caller_name!']\n")},
     "without its pair"),
    ({"synonyms.yaml": "- &x [a, b]\n- *x\n"}, "aliases (*name) are not allowed"),
    ({"nan.ru.md": article("nan", extra="x_score: .nan\n")}, "not a finite number"),
    ({"inf.ru.md": article("inf", extra="actions: [{type: hold, seconds: .inf}]\n")},
     "not a finite number"),
    ({"huge.ru.md": article("huge", extra="x_id: " + "9" * 30 + "\n")}, "too large"),
    ({"digits.ru.md": article("digits", extra="x_id: " + "9" * 5000 + "\n")}, "digits"),
    ({"deep.ru.md": article("deep", extra="x_deep: " + "[" * 5000 + "]" * 5000 + "\n")},
     "nested too deep"),
])
def test_a_bad_file_is_refused_with_the_reason(tmp_path: Path, files: dict[str, str],
                                               words: str) -> None:
    (tmp_path / "good.ru.md").write_text(article("good"), encoding="utf-8")
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(ArticleFormatError) as caught:
        read_directory(tmp_path)
    assert words in str(caught.value), str(caught.value)[:300]


def test_the_file_limit_leaves_room_for_the_largest_body() -> None:
    from kb.wire.content import MAX_BODY_BYTES

    assert MAX_FILE_BYTES >= MAX_BODY_BYTES + 64 * 1024


def test_known_placeholders_pass(tmp_path: Path) -> None:
    replies = "replies: ['{caller_name}, {company}: {product} {email} {number} {operator_name}'," \
              " 'Перезвоним в {callback_time}']\n"
    (tmp_path / "ok.ru.md").write_text(article("ok", extra=replies), encoding="utf-8")
    assert len(read_directory(tmp_path).articles[0].replies) == 2


def test_the_hub_refuses_an_unknown_placeholder() -> None:
    bad = {"slug": "x", "kind": "product", "lang": "ru", "title": "X",
           "replies": ["Добрый день, {caller_nam}"]}
    with pytest.raises(RequestError) as caught:
        publication({"upserts": [bad]})
    assert "unknown placeholder {caller_nam}" in caught.value.details[0]["error"]


@pytest.mark.parametrize(("encoding", "hint"), [("cp1251", "cp1251"), ("utf-16", "utf-16")])
def test_a_file_not_in_utf8_says_what_to_do_and_imports_with_its_encoding(
        tmp_path: Path, encoding: str, hint: str) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "win.ru.md").write_bytes(article("win", "Грубый абонент").encode(encoding))
    home = tmp_path / "home"
    refused = run(home, "import", str(src))
    assert refused.returncode == 1
    assert "save it as UTF-8" in refused.stderr and f"--encoding {hint}" in refused.stderr
    assert "nothing was imported" in refused.stderr
    done = run(home, "import", "--encoding", encoding, str(src))
    assert done.returncode == 0, done.stderr
    found = run(home, "search", "--json", "грубый")
    assert '"slug": "win"' in found.stdout


_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, database=None)
@given(raw=st.binary(max_size=400) | st.text(max_size=400).map(
    lambda t: ("---\n" + t + "\n---\nТекст").encode("utf-8", "surrogatepass")))
def test_any_bytes_are_an_article_or_a_clear_error(raw: bytes) -> None:
    try:
        parse_article(decode_file(raw, "fuzz.ru.md"), "fuzz.ru.md")
    except ArticleFormatError as exc:
        assert str(exc).startswith("fuzz.ru.md: ")


@settings(max_examples=300, deadline=None, database=None)
@given(extra=st.dictionaries(st.sampled_from(["title", "tags", "replies", "actions", "synonyms",
                                              "updated", "slug", "x_note"]), _values,
                             max_size=4),
       body=st.text(max_size=300))
def test_any_front_matter_is_an_article_or_a_clear_error(extra: dict, body: str) -> None:
    meta = {"slug": "fuzz", "kind": "product", "lang": "ru", "title": "Т", **extra}
    try:
        text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    except yaml.YAMLError:
        return
    try:
        parsed = parse_article(text, "fuzz.ru.md")
    except ArticleFormatError as exc:
        assert str(exc).startswith("fuzz.ru.md: ")
    else:  # what is accepted can be signed and published
        canonical_json(article_to_json(parsed))
