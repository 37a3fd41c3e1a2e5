"""The search-event contract shared by workstations and the hub: what one KB search records,
how its query is normalized, and the limits both sides enforce.

A search event says what an operator looked for and what came of it — the normalized query, how
many articles matched, the article opened, whether a reply was copied (and which), whether a call
was on hold — and nothing about the caller. Workstations check events where they are recorded, so
an event the hub would refuse never waits in the outbox.

Pure functions; safe from any thread.
"""

from __future__ import annotations

import re
import uuid as uuid_module
from dataclasses import asdict, dataclass
from typing import Any

MAX_QUERY_CHARS = 200
MAX_SLUG_CHARS = 200
MAX_EVENTS_PER_BATCH = 500
MAX_TIME = 4_102_444_800.0  # 2100-01-01
MAX_REPLY_INDEX = 99
LANGS = ("ru", "en", "")

_SPACE_RE = re.compile(r"\s+")
_EDGE_PUNCT_RE = re.compile(r"^[\W_]+|[\W_]+$")
_PHONE_LIKE_RE = re.compile(r"\+?\d[\d\s()\-]{5,}\d")


class SearchEventError(ValueError):
    """An event that breaks the contract; the message names the field."""


def normalize_query(text: str) -> str:
    """The form searches are grouped by: case and ``ё`` folded, spaces collapsed, punctuation at
    the edges dropped, anything that looks like a phone number removed, at most 200 characters."""
    folded = text.casefold().replace("ё", "е")
    folded = _PHONE_LIKE_RE.sub(" ", folded)
    folded = _SPACE_RE.sub(" ", folded).strip()
    return _EDGE_PUNCT_RE.sub("", folded)[:MAX_QUERY_CHARS]


@dataclass(frozen=True, slots=True)
class SearchEvent:
    """One KB search as it went; ``uuid`` is the idempotency key of its upload."""

    uuid: str
    at: float
    query: str
    lang: str
    hits: int
    opened: str | None = None
    copied: bool = False
    on_hold: bool = False
    reply: int | None = None  # index of the reply copied, when one was

    def to_wire(self) -> dict[str, Any]:
        return asdict(self)


def event_from_wire(data: Any) -> SearchEvent:
    """Check one event of a batch; raise :class:`SearchEventError` naming the bad field."""
    if not isinstance(data, dict):
        raise SearchEventError("each event must be an object")
    raw_uuid = data.get("uuid")
    if not isinstance(raw_uuid, str):
        raise SearchEventError("'uuid' must be a string")
    try:
        canonical = str(uuid_module.UUID(raw_uuid))
    except ValueError:
        raise SearchEventError("'uuid' is not a UUID") from None
    at = data.get("at")
    if not isinstance(at, int | float) or isinstance(at, bool) or not 0 <= at <= MAX_TIME:
        raise SearchEventError("'at' must be seconds since 1970 (up to the year 2100)")
    query = data.get("query")
    if not isinstance(query, str) or not query.strip():
        raise SearchEventError("'query' must be a non-empty string")
    if len(query) > MAX_QUERY_CHARS or "\x00" in query:
        raise SearchEventError(f"'query' must be at most {MAX_QUERY_CHARS} characters, no NUL")
    lang = data.get("lang", "")
    if lang is None:
        lang = ""
    if lang not in LANGS:
        raise SearchEventError("'lang' must be 'ru', 'en' or empty")
    hits = data.get("hits")
    if isinstance(hits, bool) or not isinstance(hits, int) or not 0 <= hits <= 10_000:
        raise SearchEventError("'hits' must be a whole number from 0")
    opened = data.get("opened")
    if opened is not None and (not isinstance(opened, str) or not opened
                               or len(opened) > MAX_SLUG_CHARS):
        raise SearchEventError("'opened' must be an article slug or null")
    for flag in ("copied", "on_hold"):
        if not isinstance(data.get(flag, False), bool):
            raise SearchEventError(f"'{flag}' must be true or false")
    reply = data.get("reply")
    if reply is not None and (isinstance(reply, bool) or not isinstance(reply, int)
                              or not 0 <= reply <= MAX_REPLY_INDEX):
        raise SearchEventError("'reply' must be a reply's index or null")
    return SearchEvent(canonical, float(at), normalize_query(query) or query.strip()[:200],
                       lang, hits, opened, bool(data.get("copied", False)),
                       bool(data.get("on_hold", False)), reply)


def events_from_wire(body: Any) -> tuple[list[SearchEvent], list[dict[str, Any]]]:
    """``{"events": [...]}`` → (valid events, [{"index", "uuid", "error"}] for the others).

    Raises :class:`SearchEventError` when the body itself is of the wrong shape or too large.
    """
    if not isinstance(body, dict) or not isinstance(body.get("events"), list):
        raise SearchEventError("the body must be an object with an 'events' list")
    items = body["events"]
    if len(items) > MAX_EVENTS_PER_BATCH:
        raise SearchEventError(f"at most {MAX_EVENTS_PER_BATCH} events per batch")
    events: list[SearchEvent] = []
    invalid: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        try:
            events.append(event_from_wire(item))
        except SearchEventError as exc:
            raw_uuid = item.get("uuid") if isinstance(item, dict) else None
            invalid.append({"index": index,
                            "uuid": raw_uuid if isinstance(raw_uuid, str) else None,
                            "error": str(exc)})
    return events, invalid


# -- the floor's search prior: what operators opened after which query, aggregated by the hub ----

PRIOR_DAYS = 90  # the searches the hub aggregates: the last this many days
MAX_PRIOR_PAIRS = 5000  # the most frequent (query, opened article) pairs served, at most
MIN_PRIOR_SEARCHES = 2  # a pair searched fewer times is left out (a one-off says nothing)
MIN_PRIOR_UPLOADERS = 2  # …and one only a single account searched (it may name a caller)
MAX_PRIOR_COUNT = 10**9


def prior_from_wire(body: Any) -> list[tuple[str, str, int]]:
    """``{"days", "pairs": [[query, opened slug, searches], …]}`` → the triples, checked the way
    the hub builds them; raise :class:`SearchEventError` naming what is wrong."""
    if not isinstance(body, dict) or not isinstance(body.get("pairs"), list):
        raise SearchEventError("the search prior must be an object with a 'pairs' list")
    pairs = body["pairs"]
    if len(pairs) > MAX_PRIOR_PAIRS:
        raise SearchEventError(f"the search prior has more than {MAX_PRIOR_PAIRS} pairs")
    checked: list[tuple[str, str, int]] = []
    for index, item in enumerate(pairs):
        if not (isinstance(item, list) and len(item) == 3):
            raise SearchEventError(f"pair {index} is not [query, slug, searches]")
        query, slug, count = item
        if not isinstance(query, str) or not query.strip() or len(query) > MAX_QUERY_CHARS:
            raise SearchEventError(f"pair {index}: the query must be 1…{MAX_QUERY_CHARS} "
                                   "characters")
        if not isinstance(slug, str) or not slug or len(slug) > MAX_SLUG_CHARS:
            raise SearchEventError(f"pair {index}: the slug must be 1…{MAX_SLUG_CHARS} characters")
        if (isinstance(count, bool) or not isinstance(count, int)
                or not 1 <= count <= MAX_PRIOR_COUNT):
            raise SearchEventError(f"pair {index}: the count of searches must be a whole "
                                   "number from 1")
        checked.append((query, slug, count))
    return checked
