"""The OpenAPI description of the editing and search-report endpoints (joined into the hub's
document by :func:`kb.hub.openapi.openapi_schema`).

Pure data; safe from any thread.
"""

from __future__ import annotations

from typing import Any

from kb.hub.openapi import _json, _op, _query, _ref
from kb.model import LANGS
from kb.wire.search_events import MAX_EVENTS_PER_BATCH, MAX_QUERY_CHARS, MAX_TIME

_BASE = {"type": "integer", "minimum": 0, "maximum": 2147483647,
         "description": "the revision this change is based on; 0 or absent = a new article"}
_SETS = {"type": "array", "items": {"type": "array", "minItems": 2,
                                    "items": {"type": "string", "maxLength": 200}}}

SCHEMAS: dict[str, Any] = {
    "ArticleChange": {"allOf": [_ref("Article"), {
        "type": "object", "properties": {"base_revision": _BASE}}]},
    "DeletionChange": {"allOf": [_ref("ArticleKey"), {
        "type": "object", "properties": {"base_revision": _BASE}}]},
    "Conflict": {
        "type": "object", "required": ["error", "conflicts"],
        "description": "409: these changed since their base revision; nothing was published",
        "properties": {
            "error": {"type": "string"},
            "conflicts": {"type": "array", "items": {
                "type": "object",
                "required": ["slug", "lang", "base_revision", "current_revision", "current"],
                "properties": {"slug": {"type": "string"}, "lang": {"type": "string"},
                               "base_revision": {"type": "integer"},
                               "current_revision": {"type": "integer"},
                               "current": {"allOf": [_ref("Article")], "nullable": True,
                                           "description": "null when deleted"}}}},
            "synonyms_conflict": {"type": "object", "properties": {
                "base_revision": {"type": "integer"}, "current_revision": {"type": "integer"},
                "current": _SETS}},
        },
    },
    "PublishedArticles": {
        "type": "object", "required": ["latest", "articles"],
        "properties": {"latest": {"type": "integer"}, "articles": {"type": "array", "items": {
            "type": "object", "required": ["revision", "article"],
            "properties": {"revision": {"type": "integer"}, "article": _ref("Article")}}}},
    },
    "ArticleVersion": {
        "type": "object", "required": ["slug", "lang", "revision", "article"],
        "properties": {"slug": {"type": "string"}, "lang": {"type": "string"},
                       "revision": {"type": "integer"}, "author": {"type": "string"},
                       "published_at": {"type": "number"}, "article": _ref("Article")},
    },
    "History": {
        "type": "object", "required": ["history"],
        "properties": {"history": {"type": "array", "items": {
            "type": "object",
            "required": ["revision", "author", "published_at", "deleted", "title"],
            "properties": {"revision": {"type": "integer"}, "author": {"type": "string"},
                           "published_at": {"type": "number"}, "deleted": {"type": "boolean"},
                           "title": {"type": "string"}}}}},
    },
    "SynonymSets": {
        "type": "object", "required": ["revision", "synonym_sets"],
        "properties": {"revision": {"type": "integer"}, "synonym_sets": _SETS},
    },
    "SearchEvent": {
        "type": "object", "required": ["uuid", "at", "query", "hits"],
        "description": "one KB search on a workstation; never anything about the caller",
        "properties": {
            "uuid": {"type": "string", "format": "uuid", "description": "idempotency key"},
            "at": {"type": "number", "minimum": 0, "maximum": MAX_TIME},
            "query": {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_CHARS,
                      "description": "normalized: case and ё folded, spaces collapsed"},
            "lang": {"type": "string", "enum": [*LANGS, ""]},
            "hits": {"type": "integer", "minimum": 0, "maximum": 10000},
            "opened": {"type": "string", "nullable": True, "maxLength": 200,
                       "description": "slug of the article opened"},
            "copied": {"type": "boolean"}, "on_hold": {"type": "boolean"},
            "reply": {"type": "integer", "nullable": True, "minimum": 0, "maximum": 99,
                      "description": "index of the reply copied"},
        },
    },
    "SearchEvents": {
        "type": "object", "required": ["events"],
        "properties": {"events": {"type": "array", "maxItems": MAX_EVENTS_PER_BATCH,
                                  "items": _ref("SearchEvent")}},
    },
    "SearchGaps": {
        "type": "object", "required": ["gaps"],
        "properties": {"days": {"type": "integer"}, "gaps": {"type": "array", "items": {
            "type": "object",
            "required": ["query", "searches", "no_results", "no_open", "last_seen"],
            "properties": {"query": {"type": "string"}, "searches": {"type": "integer"},
                           "no_results": {"type": "integer"}, "no_open": {"type": "integer"},
                           "last_seen": {"type": "number"}}}}},
    },
}

_SLUG = {"name": "slug", "in": "path", "required": True,
         "schema": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}}
_LANG = _query("lang", {"type": "string", "enum": list(LANGS)}, "the article's language")
_DAYS = _query("days", {"type": "integer", "minimum": 1, "maximum": 366}, "period, default 30")
_NOT_FOUND = {"404": _json(_ref("Error"), "No such article (at that revision)")}


def paths() -> dict[str, Any]:
    return {
        "/me": {"get": _op("The token's user and role", "agent", {"200": _json({
            "type": "object", "properties": {"name": {"type": "string"},
                                             "role": {"type": "string"}}}, "Who")})},
        "/kb/articles/{slug}/history": {"get": _op(
            "Every revision of one article, newest first", "editor",
            {"200": _json(_ref("History"), "History")}, parameters=[_SLUG, _LANG])},
        "/kb/articles/{slug}": {"get": _op(
            "One article as of a revision (the newest without `revision`)", "editor",
            {"200": _json(_ref("ArticleVersion"), "The article"), **_NOT_FOUND},
            parameters=[_SLUG, _LANG, _query("revision", {
                "type": "integer", "minimum": 0, "maximum": 2147483647}, "as of")])},
        "/kb/synonyms": {"get": _op("The published synonym sets", "editor",
                                    {"200": _json(_ref("SynonymSets"), "Synonym sets")})},
        "/kb/search-events": {"post": _op(
            "Upload KB searches (idempotent by uuid)", "agent",
            {"200": _json({"type": "object", "properties": {
                "received": {"type": "integer"}, "stored": {"type": "integer"}}}, "Stored")},
            body="SearchEvents")},
        "/kb/search-prior": {"get": _op(
            "The floor's most frequent (normalized query, opened article, searches) of the last "
            "90 days, searched at least twice, at most 5000; ETag / If-None-Match (304)", "agent",
            {"200": _json({"type": "object", "properties": {
                "days": {"type": "integer"},
                "pairs": {"type": "array", "items": {"type": "array", "minItems": 3,
                                                     "maxItems": 3}}}}, "Search prior")})},
        "/reports/search-gaps": {"get": _op(
            "Queries that found nothing or led nowhere, most searched first", "editor",
            {"200": _json(_ref("SearchGaps"), "Gaps")}, parameters=[_DAYS])},
        "/reports/most-used": {"get": _op(
            "Articles opened and replies copied most", "editor",
            {"200": _json({"type": "object"}, "Usage")}, parameters=[_DAYS])},
    }


def publication_schema() -> dict[str, Any]:
    """``POST /kb/articles``: articles and deletions with their bases; the synonym sets too."""
    return {
        "type": "object",
        "properties": {
            "upserts": {"type": "array", "items": _ref("ArticleChange")},
            "deletions": {"type": "array", "items": _ref("DeletionChange")},
            "synonym_sets": {**_SETS, "description": "replace the floor-wide synonym sets"},
            "synonyms_base_revision": _BASE,
        },
    }
