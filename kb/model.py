"""Plain data types of the knowledge base, shared by the store, the index, the hub and the UI.

Pure Python with no I/O: safe to use from any thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = ("difficult-case", "product", "procedure")
LANGS = ("ru", "en")
ACTION_TYPES = (
    "hold",  # put the caller on hold
    "transfer",  # blind transfer: {"type": "transfer", "target": "quality", "label": "..."}
    "consult",  # consultative transfer to a department or supervisor
    "play-prompt",  # {"type": "play-prompt", "prompt": "cant-hear-you", "hangup_after": true}
    "complaint",  # open the complaint form of the call note
    "callback",  # schedule a callback in the call note
    "alert-supervisor",  # notify the supervisor
    "hangup",
)


@dataclass(slots=True)
class Article:
    """One KB article; identified by ``(slug, lang)``.

    ``actions`` are mappings with at least a ``type`` from :data:`ACTION_TYPES`; ``extra`` keeps
    unknown front-matter keys so that import → export loses nothing.
    """

    slug: str
    kind: str
    lang: str
    title: str
    body: str = ""
    tags: list[str] = field(default_factory=list)
    synonyms: list[str] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    updated: str | None = None  # ISO 8601 UTC, set by the store on save
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.slug, self.lang)


@dataclass(slots=True, frozen=True)
class SearchHit:
    slug: str
    lang: str
    kind: str
    title: str
    score: float
    snippet: str  # HTML-escaped text; matched words wrapped in <b>…</b>


@dataclass(slots=True, frozen=True)
class SearchResult:
    query: str
    hits: tuple[SearchHit, ...]
    took_ms: float
    # True while the derived index is being rebuilt and the result came from the store's fallback
    rebuilding: bool = False
