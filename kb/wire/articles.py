"""KB articles on the wire: their JSON form and the check of a publication.

An article travels as the fields of :class:`kb.model.Article` (unknown front-matter keys in
``extra``); the rules are the Markdown front-matter rules of :mod:`kb.markdown_files`.

Pure functions; safe from any thread.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from kb.markdown_files import ArticleFormatError, article_from_mapping
from kb.model import Article
from kb.wire.problems import RequestError

MAX_ARTICLES_PER_PUBLISH = 500  # upserts and deletions of one revision together


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
