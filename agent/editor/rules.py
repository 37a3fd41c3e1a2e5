"""Checks before publishing, each pointing at the field it is about.

The structural rules are the shared contract's (:mod:`kb.wire.articles`, what the hub applies to
a publication), called through :func:`structural_problems` — the one place to switch when the
shared content rules grow. The editor adds what only it can know: duplicate slugs,
unknown placeholders, departments and recordings of this floor, links to articles that do not
exist, Markdown that renders to nothing, a missing translation (a warning).

Pure functions (plus reading the list of installed recordings); safe from any thread.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from agent.editor.model import ArticleData
from kb.markdown_files import SLUG_RE, ArticleFormatError
from kb.model import ACTION_TYPES, Article
from kb.paths import assets_dir
from kb.wire.articles import article_from_json
from kb.wire.content import FILLED_PLACEHOLDERS, content_problems
from kb.wire.problems import Problem, Severity

ERROR = Severity.ERROR
WARNING = Severity.WARNING
# The values the desk fills (agent.ui.reply_values.ReplyValues); a test keeps the two in step.
KNOWN_PLACEHOLDERS = FILLED_PLACEHOLDERS
PLACEHOLDER_RE = re.compile(r"\{([^{}\s]*)\}")
_LINK_RE = re.compile(r"\]\(([^)\s]+)[^)]*\)")
_TAG_RE = re.compile(r"<[^>]+>")
_md = MarkdownIt("commonmark", {"html": False}).enable("table")
DEPARTMENT_ACTIONS = ("transfer", "consult")


@dataclass(frozen=True, slots=True)
class Floor:
    """What the floor knows: published and drafted slugs per language, departments, prompts."""

    slugs: dict[str, set[str]]  # lang → slugs
    departments: Collection[str]
    prompts: Collection[str]


def installed_prompts(root: Path | None = None) -> list[str]:
    """Recordings in ``assets/sounds`` (``cant-hear-you.ru.wav`` → ``cant-hear-you``)."""
    sounds = (root or assets_dir()) / "sounds"
    names = {p.name.split(".", 1)[0] for p in sounds.glob("*.wav")} if sounds.is_dir() else set()
    return sorted(names - {"ring"})


def structural_problems(data: ArticleData) -> list[Problem]:
    """The shared article rules; the field is taken from the message's key."""
    fields = {k: v for k, v in data.items() if k != "updated"}
    try:
        article_from_json(fields, "article")
    except ArticleFormatError as exc:
        text = str(exc)
        where = next((f for f in ("slug", "kind", "lang", "title", "tags", "synonyms",
                                  "replies", "actions", "extra") if f in text), "body")
        return [Problem(where, ERROR, text.split(": ", 1)[-1])]
    # Accepted: what the rules clean up on the way (bidi controls) is shown as warnings.
    return [p for p in content_problems(Article(**fields)) if not p.is_error]


def placeholders_in(text: str) -> list[str]:
    return PLACEHOLDER_RE.findall(text)


def unknown_placeholders(text: str) -> list[str]:
    return [name for name in placeholders_in(text) if name not in KNOWN_PLACEHOLDERS]


_VISIBLE_LINE_RE = re.compile(r"^\s{0,3}\w", re.MULTILINE)


def renders_to_nothing(body: str) -> bool:
    """Text that shows no words and no picture (only rules, empty links, blank markup).

    A line that starts with a letter or digit is always shown (paragraph, list item, code), so
    long bodies are not rendered just to learn that."""
    if _VISIBLE_LINE_RE.search(body):
        return False
    rendered = _md.render(body)
    return bool(body.strip()) and "<img" not in rendered and not _TAG_RE.sub(
        "", rendered).strip()


def linked_slugs(body: str) -> list[str]:
    """Slugs of links to other articles (``kb:slug``, ``slug`` or ``slug.ru.md``)."""
    found = []
    for target in _LINK_RE.findall(body):
        if target.startswith("kb:"):
            found.append(target[3:].strip("/"))
        elif ":" not in target and "/" not in target.strip("/") and not target.startswith("#"):
            found.append(target.strip("/").split(".", 1)[0])
    return found


def check_article(data: ArticleData, floor: Floor, *, is_new: bool) -> list[Problem]:
    """Every problem of one article draft, errors first."""
    problems: list[Problem] = []
    slug, lang = str(data.get("slug") or ""), str(data.get("lang") or "")
    if not slug.strip():
        problems.append(Problem("slug", ERROR, "the slug is empty"))
    elif not SLUG_RE.match(slug):
        problems.append(Problem("slug", ERROR, "a slug is lower-case a-z, 0-9 and '-'"))
    elif is_new and slug in floor.slugs.get(lang, set()):
        problems.append(Problem("slug", ERROR, f"an article '{slug}' in '{lang}' exists already"))
    if not str(data.get("title") or "").strip():
        problems.append(Problem("title", ERROR, "the title is empty"))
    for i, reply in enumerate(data.get("replies") or []):
        if not str(reply).strip():
            problems.append(Problem(f"replies[{i}]", ERROR, "the reply is empty"))
        unknown = unknown_placeholders(str(reply))
        if unknown:
            problems.append(Problem(
                f"replies[{i}]", ERROR,
                f"unknown placeholder(s) {', '.join('{' + u + '}' for u in unknown)}; known: "
                + ", ".join("{" + k + "}" for k in KNOWN_PLACEHOLDERS)))
    for i, action in enumerate(data.get("actions") or []):
        problems.extend(_action_problems(i, action, floor))
    body = str(data.get("body") or "")
    if renders_to_nothing(body):
        problems.append(Problem("body", ERROR, "the text renders to nothing an operator "
                                               "would see"))
    elif not body.strip() and not data.get("replies"):
        problems.append(Problem("body", WARNING, "the article has neither text nor replies"))
    every_slug = set().union(*floor.slugs.values()) if floor.slugs else set()
    for target in linked_slugs(body):
        if target not in every_slug and target != slug:
            problems.append(Problem("body", ERROR, f"the link to '{target}' leads to no article"))
    other = "en" if lang == "ru" else "ru"
    if slug and slug not in floor.slugs.get(other, set()):
        problems.append(Problem("lang", WARNING, f"there is no '{other}' translation yet"))
    if not any(p.severity == ERROR for p in problems):
        problems.extend(structural_problems(data))
    return sorted(problems, key=lambda p: p.severity != ERROR)


def _action_problems(index: int, action: object, floor: Floor) -> list[Problem]:
    where = f"actions[{index}]"
    if not isinstance(action, dict) or action.get("type") not in ACTION_TYPES:
        kind = action.get("type") if isinstance(action, dict) else action
        return [Problem(where, ERROR, f"unknown action {kind!r}")]
    kind = action["type"]
    if kind in DEPARTMENT_ACTIONS and action.get("target") not in floor.departments:
        return [Problem(where, ERROR, f"unknown department {action.get('target')!r}; known: "
                                      + ", ".join(sorted(floor.departments)))]
    if kind == "play-prompt" and action.get("prompt") not in floor.prompts:
        return [Problem(where, ERROR, f"no recording {action.get('prompt')!r}; installed: "
                                      + ", ".join(sorted(floor.prompts)))]
    return []


def check_synonym_sets(sets: list[list[str]]) -> list[Problem]:
    problems = []
    for i, phrases in enumerate(sets):
        cleaned = [p.strip() for p in phrases if p.strip()]
        if len(cleaned) < 2:
            problems.append(Problem(f"sets[{i}]", ERROR, "a set needs two or more texts"))
        elif len({p.casefold() for p in cleaned}) < len(cleaned):
            problems.append(Problem(f"sets[{i}]", ERROR, "a text appears twice in the set"))
    return problems


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)
