"""Call notes on the wire: the fields, their limits, and the one validation both sides run.

The workstation checks a note with :func:`check_fields` / :func:`check_note` where it is entered
(``notes add``/``update``, the desktop's note panel) and again before sending it; the hub checks
every uploaded note with :func:`check_batch`. Same rules, same messages, so a note the hub would
refuse never waits in an outbox. Every message starts with the field's name.

Pure functions; safe from any thread.
"""

from __future__ import annotations

import hashlib
import math
import uuid as uuid_module
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kb.wire.problems import RequestError, error
from kb.wire.signing import canonical_json
from kb.wire.text import text_problem

# What the operator (or the call) decides; everything the hub stores about a note.
CONTENT_FIELDS = (
    "call_id", "number", "caller_name", "direction", "started_at", "answered_at", "ended_at",
    "duration", "wrap_up_code", "text", "complaint", "callback", "articles", "completed",
    "created_at", "updated_at",
)
# Fields a note's owner changes (the times of creation and change are kept by the store).
EDITABLE_FIELDS = tuple(f for f in CONTENT_FIELDS if f not in ("created_at", "updated_at"))
REQUIRED_FIELDS = ("number", "direction")
DIRECTIONS = ("in", "out")

MAX_TIME = 4_102_444_800.0  # 2100-01-01: times (and durations) are seconds, never beyond
MAX_NUMBER = 100  # characters of the caller's number or URI
MAX_CALLER_NAME = 200
MAX_WRAP_UP_CODE = 200
MAX_CALL_ID = 200
MAX_TEXT = 50_000  # characters of the operator's free text
MAX_ARTICLES = 100  # KB articles used in one call
MAX_SLUG = 200
MAX_FORM_KEYS = 50  # keys of the complaint / callback forms (nested objects included)
MAX_FORM_DEPTH = 4
MAX_FORM_TEXT = 5_000  # characters of one text inside a form
MAX_FORM_INT = 2**53  # larger whole numbers do not survive every JSON reader
MAX_NOTE_BYTES = 256 * 1024  # one note as canonical JSON: always fits in a batch body
MAX_REVISION = 2**31 - 1
MAX_NOTES_PER_BATCH = 500

_TEXT_LIMITS = {"call_id": MAX_CALL_ID, "number": MAX_NUMBER, "caller_name": MAX_CALLER_NAME,
                "wrap_up_code": MAX_WRAP_UP_CODE, "text": MAX_TEXT}
_DIRECTION_ALIASES = {"in": "in", "inbound": "in", "incoming": "in",
                      "out": "out", "outbound": "out", "outgoing": "out"}


class NoteError(ValueError):
    """A note (or one of its fields) cannot be saved or sent; the message names the field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

    @property
    def problem(self) -> Any:
        """The error as a :class:`~kb.wire.problems.Problem` (field ``note`` when it has none)."""
        return error(self.field or "note", str(self))


def _fail(name: str, message: str) -> NoteError:
    return NoteError(f"{name} {message}", name)


def normalize_direction(value: Any) -> str:
    """``in``/``out`` (``inbound``/``incoming`` and ``outbound``/``outgoing`` accepted)."""
    if isinstance(value, str) and value.lower() in _DIRECTION_ALIASES:
        return _DIRECTION_ALIASES[value.lower()]
    raise _fail("direction", f"must be 'in' or 'out', got {value!r}")


def _time(name: str, value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(name, "must be a number of seconds since 1970, or null")
    if isinstance(value, float) and not math.isfinite(value):
        raise _fail(name, "must be a finite number of seconds")
    if value < 0:
        raise _fail(name, "must not be negative (seconds since 1970)")
    if value > MAX_TIME:
        hint = ("; it looks like milliseconds: divide by 1000" if value / 1000 <= MAX_TIME
                else "")
        raise _fail(name, f"must be seconds since 1970, up to the year 2100{hint}")
    return float(value)


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise _fail(name, "must be a string")
    limit = _TEXT_LIMITS[name]
    if len(value) > limit:
        raise _fail(name, f"is longer than {limit} characters")
    problem = text_problem(value)
    if problem:
        raise _fail(name, problem)
    return value


def _optional_text(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _fail(name, "must be a string or null")
    return _text(name, value)


def _form(name: str, value: Any) -> dict[str, Any]:
    """A free-form object (complaint, callback): bounded keys, depth and texts."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(name, "must be an object with string keys")
    keys = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            if depth > MAX_FORM_DEPTH:
                raise _fail(name, f"is nested deeper than {MAX_FORM_DEPTH} levels")
            keys += len(item)
            if keys > MAX_FORM_KEYS:
                raise _fail(name, f"has more than {MAX_FORM_KEYS} entries")
            for key, child in item.items():
                if not isinstance(key, str) or len(key) > 100 or text_problem(key):
                    raise _fail(name, "must have keys that are texts of at most 100 characters")
                stack.append((child, depth + 1))
        elif isinstance(item, list | tuple):
            if depth > MAX_FORM_DEPTH:
                raise _fail(name, f"is nested deeper than {MAX_FORM_DEPTH} levels")
            keys += len(item)
            if keys > MAX_FORM_KEYS:
                raise _fail(name, f"has more than {MAX_FORM_KEYS} entries")
            stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, str):
            if len(item) > MAX_FORM_TEXT:
                raise _fail(name, f"holds a text longer than {MAX_FORM_TEXT} characters")
            problem = text_problem(item)
            if problem:
                raise _fail(name, f"holds a text that {problem}")
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise _fail(name, "holds a number that is not finite")
        elif isinstance(item, int) and not isinstance(item, bool):
            if abs(item) > MAX_FORM_INT:
                raise _fail(name, "holds a whole number too large to keep exactly")
        elif item is not None and not isinstance(item, bool):
            raise _fail(name, f"holds a value of type {type(item).__name__}")
    return {key: _plain(item) for key, item in value.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _slugs(name: str, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(s, str) for s in value):
        raise _fail(name, "must be a list of article slugs")
    if len(value) > MAX_ARTICLES:
        raise _fail(name, f"has more than {MAX_ARTICLES} entries")
    for slug in value:
        if len(slug) > MAX_SLUG or text_problem(slug):
            raise _fail(name, f"holds {slug[:40]!a}, which is not an article slug")
    return list(value)


def _flag(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise _fail(name, "must be true or false")


_CHECKS: dict[str, Any] = {
    "call_id": _optional_text,
    "number": _text,
    "caller_name": _text,
    "direction": lambda _name, value: normalize_direction(value),
    "started_at": _time,
    "answered_at": _time,
    "ended_at": _time,
    "duration": _time,
    "wrap_up_code": _text,
    "text": _text,
    "complaint": _form,
    "callback": _form,
    "articles": _slugs,
    "completed": _flag,
    "created_at": _time,
    "updated_at": _time,
}


def check_field(name: str, value: Any) -> Any:
    """One content field, normalised (``inbound`` → ``in``, ``None`` form → ``{}``...)."""
    check = _CHECKS.get(name)
    if check is None:
        raise NoteError(f"{name} is not a note field", name)
    return check(name, value)


def check_fields(fields: Mapping[str, Any], allowed: tuple[str, ...] = CONTENT_FIELDS
                 ) -> dict[str, Any]:
    """Several fields (e.g. the changes of an update), each normalised; unknown ones refused."""
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise NoteError(f"unknown note field(s): {', '.join(map(ascii, unknown))}", unknown[0])
    return {name: check_field(name, value) for name, value in fields.items()}


@dataclass(frozen=True, slots=True)
class CheckedNote:
    """A valid note: its normalised content, the canonical JSON stored and its digest."""

    content: dict[str, Any]
    payload: bytes

    @property
    def digest(self) -> str:
        return note_digest(self.payload)


def note_digest(payload: bytes) -> str:
    """What identifies a note's content: SHA-256 of its canonical JSON (hex)."""
    return hashlib.sha256(payload).hexdigest()


def check_note(note: Any) -> CheckedNote:
    """A whole note as it travels (``number`` and ``direction`` required, the rest optional)."""
    if not isinstance(note, dict):
        raise NoteError("the note must be an object")
    for name in REQUIRED_FIELDS:
        if name not in note:
            raise NoteError(f"{name} is required", name)
    content = check_fields(note)
    payload = canonical_json(content)
    if len(payload) > MAX_NOTE_BYTES:
        raise NoteError(f"the note is larger than {MAX_NOTE_BYTES // 1024} KiB as JSON; "
                        "shorten its text")
    return CheckedNote(content, payload)


def check_uuid(value: Any) -> str:
    """A note's UUID in its canonical form (lower case, with hyphens)."""
    if not isinstance(value, str):
        raise NoteError("uuid must be a string", "uuid")
    try:
        return str(uuid_module.UUID(value))
    except ValueError:
        raise NoteError(f"uuid {value[:60]!a} is not a UUID", "uuid") from None


def check_revision(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_REVISION:
        raise NoteError(f"revision must be a whole number from 1 to {MAX_REVISION}", "revision")
    return value


@dataclass(frozen=True, slots=True)
class Upload:
    """One checked entry of an upload batch."""

    uuid: str
    revision: int
    note: CheckedNote


def check_batch(body: Any) -> list[Upload]:
    """``{"notes": [{"uuid", "revision", "note"}]}`` → the entries, all valid; otherwise a
    :class:`RequestError` (422 naming each invalid entry by index, 413 for too many)."""
    if not isinstance(body, dict) or not isinstance(body.get("notes"), list):
        raise RequestError(422, "the body must be an object with a 'notes' list")
    items = body["notes"]
    if len(items) > MAX_NOTES_PER_BATCH:
        raise RequestError(413, f"at most {MAX_NOTES_PER_BATCH} notes per batch")
    invalid: list[dict[str, Any]] = []
    checked: list[Upload] = []
    for index, item in enumerate(items):
        raw_uuid = item.get("uuid") if isinstance(item, dict) else None
        try:
            if not isinstance(item, dict):
                raise NoteError("each entry must be an object with uuid, revision and note")
            checked.append(Upload(check_uuid(raw_uuid), check_revision(item.get("revision")),
                                  check_note(item.get("note"))))
        except NoteError as exc:
            prefix = "note." if exc.field and exc.field not in ("uuid", "revision") else ""
            invalid.append({"index": index,
                            "uuid": raw_uuid if isinstance(raw_uuid, str) else None,
                            "error": prefix + str(exc)})
    if invalid:
        raise RequestError(422, f"{len(invalid)} note(s) are invalid; nothing was stored",
                           invalid)
    return checked
