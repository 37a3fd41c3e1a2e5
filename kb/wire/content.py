"""Content rules for an article, applied wherever one enters the KB: files imported with
``python -m kb import``, a publication to the hub, a revision pulled by a workstation and the
editor's checks before publishing.

One published article reaches every desk of the floor, so what it may hold is bounded here (the
desk's renderer is bounded too, but an article that breaks these rules never gets that far):
titles and words of a size a window can show, tables and nesting a layout can handle in a few
milliseconds, a sane number of replies and actions, replies whose ``{placeholders}`` are
the known ones (:data:`PLACEHOLDERS`), and images only from the KB itself
(``![alt](kb:NAME.png)``). Each finding names its field. Bidi controls are not an error: they
are removed (:func:`without_bidi_controls`) and reported as a warning.

Pure functions; safe from any thread.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from markdown_it import MarkdownIt

from kb.model import Article
from kb.wire.problems import Problem, error, warning
from kb.wire.text import has_bidi_controls, strip_bidi_controls, text_problem

MAX_TITLE = 200  # characters
MAX_TITLE_WORD = 60  # characters without a space in a title
MAX_WORD = 300  # characters without a space anywhere else (a long link still fits)
MAX_BODY_BYTES = 256 * 1024  # UTF-8
MAX_TABLE_COLUMNS = 12
MAX_NESTING = 6  # lists and quotes inside each other
MAX_IMAGES = 20
MAX_REPLIES = 40
MAX_REPLY = 2_000  # characters
MAX_ACTIONS = 12
MAX_LABEL = 80  # characters of an action's label
MAX_LIST_ITEMS = 100  # tags or synonyms
MAX_LIST_ITEM = 200  # characters of one tag or synonym
# What a reply may hold in braces: the values the desk fills from the call, the note and the
# site settings (agent.ui.reply_values; a test keeps the two in step).
FILLED_PLACEHOLDERS = ("caller_name", "company", "product", "operator_name", "email", "number",
                       "callback_time")
PLACEHOLDERS = FILLED_PLACEHOLDERS
_BRACES = re.compile(r"\{([^{}]*)\}")
# The only image an article may show: a file the KB itself stores, by a bare name.
KB_IMAGE = re.compile(r"kb:([a-z0-9][a-z0-9._-]{0,127})")  # group 1: the file's name
_LONG_WORD = re.compile(r"[^\s]{" + str(MAX_WORD + 1) + ",}")
_LONG_TITLE_WORD = re.compile(r"[^\s]{" + str(MAX_TITLE_WORD + 1) + ",}")
_NESTED = ("bullet_list_open", "ordered_list_open", "blockquote_open")
# A list item whose text starts with another list marker ("- - - x", "1. 1. x"): lists nested on
# one line, without the indentation the quick check below looks for.
_LIST_MARK = r"(?:[-*+]|\d{1,9}[.)])"
_LIST_IN_LIST = re.compile(rf"(?m)^ {{0,3}}{_LIST_MARK} +{_LIST_MARK}(?: |$)")


class _EveryLink(MarkdownIt):
    """Sees every image, ``file:`` and ``data:`` ones included (markdown-it drops those)."""

    def validateLink(self, url: str) -> bool:
        return True


_md = _EveryLink("commonmark", {"html": False}).enable("table")


def content_problems(article: Article) -> list[Problem]:
    """Every content-rule finding of ``article``, errors first."""
    problems = [*_text_problems(article), *_list_problems(article), *_body_problems(article.body)]
    return sorted(problems, key=lambda p: not p.is_error)


def without_bidi_controls(article: Article) -> Article:
    """``article`` with bidi controls removed from every text an operator sees."""
    if not _has_bidi(article):
        return article
    actions = [{k: strip_bidi_controls(v) if isinstance(v, str) else v for k, v in a.items()}
               for a in article.actions]
    return dataclasses.replace(
        article,
        title=strip_bidi_controls(article.title),
        body=strip_bidi_controls(article.body),
        tags=[strip_bidi_controls(t) for t in article.tags],
        synonyms=[strip_bidi_controls(s) for s in article.synonyms],
        replies=[strip_bidi_controls(r) for r in article.replies],
        actions=actions,
    )


def _has_bidi(article: Article) -> bool:
    return any(has_bidi_controls(text) for _field, text in _texts(article))


def _texts(article: Article) -> list[tuple[str, str]]:
    texts = [("title", article.title), ("body", article.body)]
    for name in ("tags", "synonyms", "replies"):
        texts += [(f"{name}[{i}]", v) for i, v in enumerate(getattr(article, name))]
    for i, action in enumerate(article.actions):
        texts += [(f"actions[{i}].{k}", v) for k, v in action.items() if isinstance(v, str)]
    return texts


def _text_problems(article: Article) -> list[Problem]:
    problems: list[Problem] = []
    for field, text in _texts(article):
        problem = text_problem(text)
        if problem:
            problems.append(error(field, problem))
        if has_bidi_controls(text):
            problems.append(warning(field, "bidi control characters (such as U+202E) are "
                                           "removed: they would reverse the text around them"))
    title = article.title
    if len(title) > MAX_TITLE:
        problems.append(error("title", f"the title has {len(title)} characters; at most "
                                       f"{MAX_TITLE}"))
    if _LONG_TITLE_WORD.search(title):
        problems.append(error("title", f"a word of the title is longer than {MAX_TITLE_WORD} "
                                       "characters; add spaces"))
    for field, text in _texts(article)[1:]:  # the title has its own rule
        if _LONG_WORD.search(text):
            problems.append(error(field, f"a word is longer than {MAX_WORD} characters; "
                                         "add spaces"))
    return problems


def _list_problems(article: Article) -> list[Problem]:
    problems: list[Problem] = []
    if len(article.replies) > MAX_REPLIES:
        problems.append(error("replies", f"{len(article.replies)} replies; at most {MAX_REPLIES}"
                                         " (split the article)"))
    problems += [error(f"replies[{i}]", f"the reply has {len(r)} characters; at most "
                                        f"{MAX_REPLY}")
                 for i, r in enumerate(article.replies) if len(r) > MAX_REPLY]
    for i, reply in enumerate(article.replies):
        problems += _placeholder_problems(f"replies[{i}]", reply)
    if len(article.actions) > MAX_ACTIONS:
        problems.append(error("actions", f"{len(article.actions)} actions; at most "
                                         f"{MAX_ACTIONS}"))
    for i, action in enumerate(article.actions):
        label = action.get("label")
        if isinstance(label, str) and len(label) > MAX_LABEL:
            problems.append(error(f"actions[{i}].label", f"the label has {len(label)} "
                                                         f"characters; at most {MAX_LABEL}"))
    for name in ("tags", "synonyms"):
        values: list[str] = getattr(article, name)
        if len(values) > MAX_LIST_ITEMS:
            problems.append(error(name, f"{len(values)} entries; at most {MAX_LIST_ITEMS}"))
        problems += [error(f"{name}[{i}]", f"longer than {MAX_LIST_ITEM} characters")
                     for i, v in enumerate(values) if len(v) > MAX_LIST_ITEM]
    return problems


def _placeholder_problems(field: str, reply: str) -> list[Problem]:
    """A reply's ``{placeholders}``: only known names, every brace closed."""
    problems: list[Problem] = []
    unknown = [name for name in _BRACES.findall(reply) if name not in PLACEHOLDERS]
    if unknown:
        known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        problems.append(error(field, f"unknown placeholder {{{unknown[0][:40]}}}; the known "
                                     f"ones are {known}"))
    if "{" in _BRACES.sub("", reply) or "}" in _BRACES.sub("", reply):
        problems.append(error(field, "a '{' or '}' without its pair; a placeholder is written "
                                     "{name}"))
    return problems


def _body_problems(body: str) -> list[Problem]:
    size = len(body.encode("utf-8", "surrogatepass"))
    if size > MAX_BODY_BYTES:
        return [error("body", f"the text is {size // 1024} KiB; at most "
                              f"{MAX_BODY_BYTES // 1024} KiB (split the article)")]
    if not any(mark in body for mark in ("![", "|", ">", "  ", "\t")) and not (
            _LIST_IN_LIST.search(body)):
        return []  # no image, table, quote or nested list: nothing to parse
    problems: list[Problem] = []
    depth = images = columns = 0
    deepest = widest = 0
    for token in _md.parse(body):
        if token.type in _NESTED:
            depth += 1
            deepest = max(deepest, depth)
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            depth -= 1
        elif token.type == "tr_open":
            columns = 0
        elif token.type in ("th_open", "td_open"):
            columns += 1
            widest = max(widest, columns)
        for child in token.children or ():
            if child.type == "image":
                images += 1
                problems += _image_problem(child.attrs.get("src"))
    if deepest > MAX_NESTING:
        problems.append(error("body", f"lists and quotes are nested {deepest} deep; at most "
                                      f"{MAX_NESTING}"))
    if widest > MAX_TABLE_COLUMNS:
        problems.append(error("body", f"a table has {widest} columns; at most "
                                      f"{MAX_TABLE_COLUMNS}"))
    if images > MAX_IMAGES:
        problems.append(error("body", f"{images} images; at most {MAX_IMAGES}"))
    return problems


def _image_problem(src: Any) -> list[Problem]:
    if isinstance(src, str) and KB_IMAGE.fullmatch(src):
        return []
    shown = str(src)[:80]
    return [error("body", f"the image {shown!r} is not one of the KB's own: write "
                          "![description](kb:NAME.png) for an image stored with the KB; "
                          "files, network addresses and shares are never opened")]
