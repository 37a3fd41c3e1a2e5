"""The editor's article list: published articles and drafts in one list, with their state.

Pure functions; safe from any thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from agent.editor.drafts import Draft

PUBLISHED = "published"
DRAFT = "draft"  # a new article, never published
CHANGED = "changed"  # a draft of a published article
OUTDATED = "outdated"  # the published article changed since the draft was opened
STATES = (PUBLISHED, DRAFT, CHANGED, OUTDATED)

Key = tuple[str, str]


@dataclass(slots=True)
class Entry:
    """``key`` identifies the row: the published (slug, lang), or ``("~" + draft id, "")`` for a
    new draft (its slug and language may still change)."""

    key: Key
    slug: str
    lang: str
    title: str
    kind: str
    tags: list[str]
    state: str
    changed_at: float
    uses: int = 0
    revision: int = 0
    draft: Draft | None = None
    missing_translation: bool = False
    search_text: str = field(default="", repr=False)


def _time(value: Any) -> float:
    if isinstance(value, str) and value:
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        except ValueError:
            return 0.0
    return 0.0


def build_entries(published: dict[Key, tuple[int, dict[str, Any]]], drafts: list[Draft],
                  uses: dict[str, int]) -> list[Entry]:
    """One entry per published article or draft (a draft replaces its published article)."""
    entries: dict[Key, Entry] = {}
    for key, (revision, article) in published.items():
        entries[key] = Entry(key, key[0], key[1], str(article.get("title", "")),
                             str(article.get("kind", "")),
                             list(article.get("tags") or []), PUBLISHED,
                             _time(article.get("updated")), uses.get(key[0], 0), revision)
    for draft in drafts:
        data = draft.article
        key = draft.origin or (f"~{draft.id}", "")
        slug, lang = str(data.get("slug") or ""), str(data.get("lang") or "ru")
        current = published.get(draft.origin) if draft.origin else None
        if draft.origin is None:
            state = DRAFT
        elif current is not None and current[0] > draft.base_revision >= 0:
            state = OUTDATED
        else:
            state = CHANGED
        entries[key] = Entry(key, slug, lang, str(data.get("title", "")),
                             str(data.get("kind", "")),
                             list(data.get("tags") or []), state, draft.updated_at,
                             uses.get(key[0], 0), current[0] if current else 0, draft)
    slugs_by_lang: dict[str, set[str]] = {}
    for entry in entries.values():
        slugs_by_lang.setdefault(entry.lang, set()).add(entry.slug)
    for entry in entries.values():
        other = "en" if entry.lang == "ru" else "ru"
        entry.missing_translation = entry.slug not in slugs_by_lang.get(other, set())
        entry.search_text = " ".join([entry.title, entry.slug, *entry.tags]).casefold()
    return list(entries.values())


def matches(entry: Entry, *, kind: str | None = None, lang: str | None = None,
            tag: str = "", state: str | None = None) -> bool:
    """The list's filters; ``state`` may also be ``"missing-translation"``."""
    if kind and entry.kind != kind:
        return False
    if lang and entry.lang != lang:
        return False
    if tag and not any(tag.casefold() in t.casefold() for t in entry.tags):
        return False
    if state == "missing-translation":
        return entry.missing_translation
    if state == DRAFT:
        return entry.draft is not None
    return not state or entry.state == state
