"""The hub's OpenAPI 3.0 description, written by hand next to the endpoints it describes.

Pure data; safe from any thread.
"""

from __future__ import annotations

from typing import Any

from kb.hub.validation import ROLES
from kb.model import ACTION_TYPES, KINDS, LANGS
from kb.wire.notes import MAX_NOTES_PER_BATCH, MAX_TIME


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERRORS = {
    "400": _json(_ref("Error"), "Malformed request"),
    "401": _json(_ref("Error"), "Missing or unknown token"),
    "403": _json(_ref("Error"), "The token's role is not allowed here"),
}
_BODY_ERRORS = {
    "413": _json(_ref("Error"), "Body or batch too large"),
    "415": _json(_ref("Error"), "Not JSON"),
    "422": _json(_ref("Error"), "Invalid fields; nothing stored"),
}

_NUM_OR_NULL = {"type": "number", "nullable": True, "minimum": 0, "maximum": MAX_TIME}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "string"},
                       "details": {"type": "array", "items": {"type": "object"}}},
    },
    "NoteContent": {
        "type": "object", "required": ["number", "direction"],
        "properties": {
            "call_id": {"type": "string", "nullable": True, "maxLength": 200},
            "number": {"type": "string", "maxLength": 100},
            "caller_name": {"type": "string", "maxLength": 200,
                            "description": "how the caller introduced themselves"},
            "direction": {"type": "string", "enum": ["in", "out"]},
            "started_at": _NUM_OR_NULL, "answered_at": _NUM_OR_NULL, "ended_at": _NUM_OR_NULL,
            "duration": _NUM_OR_NULL, "created_at": _NUM_OR_NULL, "updated_at": _NUM_OR_NULL,
            "wrap_up_code": {"type": "string", "maxLength": 200},
            "text": {"type": "string"},
            "complaint": {"type": "object", "nullable": True},
            "callback": {"type": "object", "nullable": True},
            "articles": {"type": "array", "items": {"type": "string"}, "nullable": True},
            "completed": {"type": "boolean"},
        },
    },
    "NoteUpload": {
        "type": "object", "required": ["uuid", "revision", "note"],
        "properties": {
            "uuid": {"type": "string", "format": "uuid"},
            "revision": {"type": "integer", "minimum": 1, "maximum": 2147483647},
            "note": _ref("NoteContent"),
        },
    },
    "NoteBatch": {
        "type": "object", "required": ["notes"],
        "properties": {"notes": {"type": "array", "maxItems": MAX_NOTES_PER_BATCH,
                                 "items": _ref("NoteUpload")}},
    },
    "NoteResults": {
        "type": "object", "required": ["results"],
        "properties": {"results": {"type": "array", "items": {
            "type": "object", "required": ["uuid", "revision", "matches"],
            "properties": {"uuid": {"type": "string"},
                           "revision": {"type": "integer",
                                        "description": "the revision the hub stores"},
                           "matches": {"type": "boolean",
                                       "description": "whether the content stored at that "
                                                      "revision is the content sent"}},
        }}},
    },
    "Article": {
        "type": "object", "required": ["slug", "kind", "lang", "title"],
        "properties": {
            "slug": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
            "kind": {"type": "string", "enum": list(KINDS)},
            "lang": {"type": "string", "enum": list(LANGS)},
            "title": {"type": "string", "minLength": 1},
            "body": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "synonyms": {"type": "array", "items": {"type": "string"}},
            "replies": {"type": "array", "items": {"type": "string"}},
            "actions": {"type": "array", "items": {
                "type": "object", "required": ["type"],
                "properties": {"type": {"type": "string", "enum": list(ACTION_TYPES)}}}},
            "updated": {"type": "string", "nullable": True},
            "extra": {"type": "object"},
        },
    },
    "ArticleKey": {
        "type": "object", "required": ["slug", "lang"],
        "properties": {"slug": {"type": "string"}, "lang": {"type": "string"}},
    },
    "Publication": {
        "type": "object",
        "properties": {"upserts": {"type": "array", "items": _ref("Article")},
                       "deletions": {"type": "array", "items": _ref("ArticleKey")}},
    },
    "Published": {
        "type": "object", "required": ["revision", "key_id"],
        "properties": {"revision": {"type": "integer"}, "key_id": {"type": "string"},
                       "upserts": {"type": "integer"}, "deletions": {"type": "integer"}},
    },
    "Revision": {
        "type": "object",
        "required": ["revision", "upserts", "deletions", "signature", "key_id"],
        "description": "signature = Ed25519 over the canonical JSON of "
                       "{revision, upserts, deletions[, synonym_sets]} (sorted keys, no "
                       "spaces, UTF-8); synonym_sets only in revisions that replace them",
        "properties": {
            "revision": {"type": "integer"},
            "upserts": {"type": "array", "items": _ref("Article")},
            "deletions": {"type": "array", "items": {
                "type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2}},
            "synonym_sets": {"type": "array", "items": {"type": "array",
                                                        "items": {"type": "string"}}},
            "created_at": {"type": "number"}, "author": {"type": "string"},
            "key_id": {"type": "string"}, "signature": {"type": "string"},
        },
    },
    "Changes": {
        "type": "object", "required": ["since", "latest", "revisions", "more"],
        "properties": {"since": {"type": "integer"}, "latest": {"type": "integer"},
                       "revisions": {"type": "array", "items": _ref("Revision")},
                       "more": {"type": "boolean"}},
    },
    "NewUser": {
        "type": "object", "required": ["name", "role"],
        "properties": {"name": {"type": "string",
                                "pattern": "^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$"},
                       "role": {"type": "string", "enum": list(ROLES)}},
    },
    "EnrollCode": {
        "type": "object", "required": ["code"],
        "properties": {"code": {"type": "string", "minLength": 8, "maxLength": 64}},
    },
    "Enrolled": {
        "type": "object", "required": ["user", "role", "token"],
        "properties": {"user": {"type": "string"}, "role": {"type": "string"},
                       "token": {"type": "string"}, "sip_user": {"type": "string"},
                       "sip_password": {"type": "string"}, "public_key": {"type": "string"},
                       "key_id": {"type": "string"}},
    },
    "Token": {
        "type": "object", "required": ["name", "token"],
        "properties": {"name": {"type": "string"}, "role": {"type": "string"},
                       "token": {"type": "string"}},
    },
}


def _op(summary: str, role: str | None, responses: dict[str, Any],
        body: str | None = None, parameters: list[dict[str, Any]] | None = None
        ) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": summary + (f" (role: {role})" if role else ""),
                          "responses": dict(responses)}
    if role:
        op["responses"].update(_ERRORS)
    else:
        op["security"] = []
    if body:
        op["requestBody"] = {"required": True,
                             "content": {"application/json": {"schema": _ref(body)}}}
        op["responses"].update(_BODY_ERRORS)
    if parameters:
        op["parameters"] = parameters
    return op


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


_USER_NAME = {"name": "name", "in": "path", "required": True,
              "schema": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$"}}


def openapi_schema() -> dict[str, Any]:
    from kb.hub import openapi_editing
    from kb.hub.floor_openapi import SCHEMAS as FLOOR_SCHEMAS
    from kb.hub.floor_openapi import floor_paths

    schemas = {**SCHEMAS, **openapi_editing.SCHEMAS, **FLOOR_SCHEMAS,
               "Publication": openapi_editing.publication_schema()}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Sufler hub", "version": "1",
                 "description": "Call notes in, signed KB revisions out."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas,
        },
        "paths": {
            "/health": {"get": _op("Liveness and the latest KB revision", None, {
                "200": _json({"type": "object", "required": ["status"], "properties": {
                    "status": {"type": "string"}, "kb_revision": {"type": "integer"},
                    "version": {"type": "string"}, "schema": {"type": "string"}}}, "OK")})},
            "/enroll": {"post": _op(
                "Exchange a one-time enrollment code for a token (the code is the credential)",
                None, {"200": _json(_ref("Enrolled"), "Enrolled"),
                       "403": _json(_ref("Error"), "Unknown, used or expired code")},
                body="EnrollCode")},
            "/notes": {"post": _op("Upload a batch of notes (idempotent by uuid + revision; "
                                   "a batch holding a note of another user is refused whole "
                                   "with 403 and details naming those entries)",
                                   "agent", {"200": _json(_ref("NoteResults"), "Stored")},
                                   body="NoteBatch")},
            "/notes/export.csv": {"get": _op(
                "All notes as CSV", "editor",
                {"200": {"description": "CSV",
                         "content": {"text/csv": {"schema": {"type": "string"}}}}},
                parameters=[_query("since", {"type": "number"}, "started at or after"),
                            _query("until", {"type": "number"}, "started before")])},
            "/kb/changes": {"get": _op(
                "Signed KB revisions after `since`, oldest first", "agent",
                {"200": _json(_ref("Changes"), "A page of revisions")},
                parameters=[
                    _query("since", {"type": "integer", "minimum": 0,
                                     "maximum": 2147483647}, "last revision applied"),
                    _query("limit", {"type": "integer", "minimum": 1, "maximum": 100},
                           "revisions per page")])},
            "/kb/articles": {
                "post": _op("Publish and delete articles as one new revision (each with the "
                            "revision it is based on)", "editor",
                            {"201": _json(_ref("Published"), "Published"),
                             "409": _json(_ref("Conflict"), "Changed since the base"),
                             "503": _json(_ref("Error"), "No key")}, body="Publication"),
                "get": _op("Every published article with its revision", "editor",
                           {"200": _json(_ref("PublishedArticles"), "Articles")})},
            "/kb/public-key": {"get": _op("The key revisions are signed with", "agent", {
                "200": _json({"type": "object", "properties": {
                    "algorithm": {"type": "string"}, "public_key": {"type": "string"},
                    "key_id": {"type": "string"}}}, "The public key"),
                "503": _json(_ref("Error"), "No key")})},
            "/users": {
                "get": _op("List users", "admin", {"200": _json({"type": "object"}, "Users")}),
                "post": _op("Create a user and its first token (shown once)", "admin",
                            {"201": _json(_ref("Token"), "Created"),
                             "409": _json(_ref("Error"), "Exists")}, body="NewUser"),
            },
            "/users/{name}/tokens": {
                "post": _op("Issue a further token", "admin",
                            {"201": _json(_ref("Token"), "Issued"),
                             "404": _json(_ref("Error"), "No such user")},
                            parameters=[_USER_NAME]),
                "delete": _op("Revoke every token of a user", "admin",
                              {"200": _json({"type": "object"}, "Revoked"),
                               "404": _json(_ref("Error"), "No such user")},
                              parameters=[_USER_NAME]),
            },
            "/openapi.json": {"get": _op("This document", None,
                                         {"200": _json({"type": "object"}, "OpenAPI")})},
            **openapi_editing.paths(),
            **floor_paths(_op, _json, _query),
        },
    }
