"""What the editor edits: an article as a plain mapping, and the fields an editor changes.

Pure functions; safe from any thread.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from kb.model import Article

EDIT_FIELDS = ("slug", "kind", "lang", "title", "tags", "synonyms", "body", "replies", "actions")
LIST_FIELDS = ("tags", "synonyms", "replies")

ArticleData = dict[str, Any]


def blank_article(lang: str = "ru", title: str = "") -> ArticleData:
    return {"slug": "", "kind": "difficult-case", "lang": lang, "title": title, "body": "",
            "tags": [], "synonyms": [], "replies": [], "actions": [], "extra": {}}


def article_data(article: Article) -> ArticleData:
    data = dataclasses.asdict(article)
    data.pop("updated", None)
    return data


def normalized(data: ArticleData) -> ArticleData:
    """The editable content only (no ``updated``), with every field present."""
    base = blank_article()
    base.update({k: v for k, v in data.items() if k in (*EDIT_FIELDS, "extra")})
    return json.loads(json.dumps(base, ensure_ascii=False))


def same_content(a: ArticleData | None, b: ArticleData | None) -> bool:
    if a is None or b is None:
        return a is b
    return normalized(a) == normalized(b)


def field_text(data: ArticleData | None, field: str) -> str:
    """A field as readable text: lists one item per line, actions as ``type key=value``."""
    if data is None:
        return ""
    value = data.get(field)
    if field == "actions":
        return "\n".join(action_text(a) for a in value or [])
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return "" if value is None else str(value)


def action_text(action: dict[str, Any]) -> str:
    params = " ".join(f"{k}={v}" for k, v in sorted(action.items()) if k != "type")
    return f"{action.get('type', '?')} {params}".strip()


_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                     ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n",
                      "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y",
                      "", "e", "yu", "ya"], strict=True))


def suggest_slug(title: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A slug from a title (Russian transliterated): ``Тариф «Луна»`` → ``tarif-luna``."""
    latin = "".join(_TRANSLIT.get(ch, ch) for ch in title.casefold())
    words = [w for w in "".join(ch if ch.isascii() and ch.isalnum() else " "
                                for ch in latin).split() if w]
    slug = "-".join(words)[:60].strip("-") or "article"
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate
