"""Checks of request bodies: note batches, article publications, users. Clear 4xx messages.

Pure functions; safe from any thread.
"""

from __future__ import annotations

import dataclasses
import re
import uuid as uuid_module
from typing import Any

from kb.markdown_files import ArticleFormatError, article_from_mapping
from kb.model import Article

MAX_BODY_BYTES = 1024 * 1024
MAX_NOTES_PER_BATCH = 500
MAX_ARTICLES_PER_PUBLISH = 500
MAX_TIME = 4_102_444_800.0  # 2100-01-01: times (and durations) are seconds, never beyond
ROLES = ("agent", "editor", "admin")
USER_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")

_NOTE_STR = ("number", "caller_name", "wrap_up_code", "text")
_NOTE_OPT_STR = ("call_id",)
_NOTE_TIMES = ("started_at", "answered_at", "ended_at", "duration", "created_at", "updated_at")
_NOTE_DICTS = ("complaint", "callback")
_LIMITS = {"number": 100, "caller_name": 200, "wrap_up_code": 200, "call_id": 200}


class RequestError(ValueError):
    """A request the hub refuses; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str, details: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details or []


def _note_content(note: Any) -> dict[str, Any]:
    if not isinstance(note, dict):
        raise ValueError("'note' must be an object")
    direction = note.get("direction")
    if direction not in ("in", "out"):
        raise ValueError("note.direction must be 'in' or 'out'")
    if not isinstance(note.get("number"), str):
        raise ValueError("note.number must be a string")
    for name in _NOTE_STR:
        if name in note and not isinstance(note[name], str):
            raise ValueError(f"note.{name} must be a string")
    for name in _NOTE_OPT_STR:
        if note.get(name) is not None and not isinstance(note[name], str):
            raise ValueError(f"note.{name} must be a string or null")
    for name, limit in _LIMITS.items():
        if isinstance(note.get(name), str) and len(note[name]) > limit:
            raise ValueError(f"note.{name} is longer than {limit} characters")
        if isinstance(note.get(name), str) and "\x00" in note[name]:
            raise ValueError(f"note.{name} must not contain NUL characters")
    for name in _NOTE_TIMES:
        value = note.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise ValueError(f"note.{name} must be a number or null")
        if value is not None and not 0 <= value <= MAX_TIME:
            raise ValueError(f"note.{name} must be seconds since 1970 (up to the year 2100)")
    for name in _NOTE_DICTS:
        if note.get(name) is not None and not isinstance(note[name], dict):
            raise ValueError(f"note.{name} must be an object")
    articles = note.get("articles")
    if articles is not None and not (
        isinstance(articles, list) and all(isinstance(a, str) for a in articles)
    ):
        raise ValueError("note.articles must be a list of slugs")
    if "completed" in note and not isinstance(note["completed"], bool):
        raise ValueError("note.completed must be true or false")
    return note


def note_batch(body: Any) -> list[dict[str, Any]]:
    """``{"notes": [{"uuid", "revision", "note"}]}`` → the items; all valid or 422 naming each."""
    if not isinstance(body, dict) or not isinstance(body.get("notes"), list):
        raise RequestError(422, "the body must be an object with a 'notes' list")
    items = body["notes"]
    if len(items) > MAX_NOTES_PER_BATCH:
        raise RequestError(413, f"at most {MAX_NOTES_PER_BATCH} notes per batch")
    invalid: list[dict[str, Any]] = []
    checked: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        note_uuid = item.get("uuid") if isinstance(item, dict) else None
        try:
            if not isinstance(item, dict):
                raise ValueError("each entry must be an object")
            if not isinstance(note_uuid, str):
                raise ValueError("'uuid' must be a string")
            try:
                canonical = str(uuid_module.UUID(note_uuid))
            except ValueError:
                raise ValueError("'uuid' is not a UUID") from None
            revision = item.get("revision")
            if isinstance(revision, bool) or not isinstance(revision, int) or not (
                1 <= revision <= 2**31 - 1
            ):
                raise ValueError("'revision' must be a whole number from 1")
            checked.append({"uuid": canonical, "revision": revision,
                            "note": _note_content(item.get("note"))})
        except ValueError as exc:
            invalid.append({"index": index,
                            "uuid": note_uuid if isinstance(note_uuid, str) else None,
                            "error": str(exc)})
    if invalid:
        raise RequestError(422, f"{len(invalid)} note(s) are invalid; nothing was stored",
                           invalid)
    return checked


def article_to_json(article: Article) -> dict[str, Any]:
    return dataclasses.asdict(article)


def article_from_json(data: Any, where: str) -> Article:
    """Validate one published article (the Markdown front-matter rules apply)."""
    if not isinstance(data, dict):
        raise ArticleFormatError(where, "an article must be an object")
    known = {f.name for f in dataclasses.fields(Article)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ArticleFormatError(where, f"unknown field(s) {', '.join(unknown)}; "
                                        "put extra front-matter keys in 'extra'")
    extra = data.get("extra") or {}
    if not isinstance(extra, dict):
        raise ArticleFormatError(where, "'extra' must be an object")
    meta = {**{str(k): v for k, v in extra.items()},
            **{k: v for k, v in data.items() if k not in ("body", "extra")}}
    for key in ("updated",):
        if meta.get(key) is None:
            meta.pop(key, None)
    return article_from_mapping(meta, data.get("body", ""), where)


def publication(body: Any) -> tuple[list[Article], list[tuple[str, str]]]:
    """``{"upserts": [article...], "deletions": [{"slug", "lang"}...]}`` → validated parts."""
    if not isinstance(body, dict):
        raise RequestError(422, "the body must be an object with 'upserts' and/or 'deletions'")
    upserts_raw = body.get("upserts", [])
    deletions_raw = body.get("deletions", [])
    if not isinstance(upserts_raw, list) or not isinstance(deletions_raw, list):
        raise RequestError(422, "'upserts' and 'deletions' must be lists")
    if not upserts_raw and not deletions_raw:
        raise RequestError(422, "nothing to publish: 'upserts' and 'deletions' are empty")
    if len(upserts_raw) + len(deletions_raw) > MAX_ARTICLES_PER_PUBLISH:
        raise RequestError(413, f"at most {MAX_ARTICLES_PER_PUBLISH} articles per revision")
    upserts: list[Article] = []
    errors: list[dict[str, Any]] = []
    for i, raw in enumerate(upserts_raw):
        try:
            upserts.append(article_from_json(raw, f"upserts[{i}]"))
        except ArticleFormatError as exc:
            errors.append({"index": i, "error": str(exc)})
    deletions: list[tuple[str, str]] = []
    for i, raw in enumerate(deletions_raw):
        if (isinstance(raw, dict) and isinstance(raw.get("slug"), str)
                and isinstance(raw.get("lang"), str) and raw["slug"] and raw["lang"]):
            deletions.append((raw["slug"], raw["lang"]))
        else:
            errors.append({"index": i, "error": f"deletions[{i}] must be {{slug, lang}}"})
    if errors:
        raise RequestError(422, "the publication is invalid; nothing was published", errors)
    keys = [a.key for a in upserts] + deletions
    if len(set(keys)) != len(keys):
        raise RequestError(422, "an article appears twice in one publication")
    return upserts, deletions


def new_user(body: Any) -> tuple[str, str]:
    if not isinstance(body, dict):
        raise RequestError(422, "the body must be an object with 'name' and 'role'")
    name, role = body.get("name"), body.get("role")
    if not isinstance(name, str) or not USER_NAME_RE.match(name):
        raise RequestError(422, "'name' must be 1-100 letters, digits, '.', '_', '@' or '-'")
    if role not in ROLES:
        raise RequestError(422, f"'role' must be one of {', '.join(ROLES)}")
    return name, role
