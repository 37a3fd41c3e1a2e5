"""SearchPriorPuller: keeps the KB's article prior learned from the floor's searches.

After each KB pull the syncer fetches ``GET /kb/search-prior`` — the floor's most frequent
(normalized query, opened article, searches) triples, aggregated by the hub from every
workstation's uploaded search events — with the ETag of the last good answer (304: unchanged).
A good answer is cached on disk (atomically, owner-only), merged with this workstation's events
that have not gone up yet (the uploaded ones are in the hub's answer; none is counted twice), and
the KB learns the merged triples on the calling thread. A hub that is down, refuses, or answers
something of the wrong shape leaves the last good prior in place, with one log line per new
problem. At start (:meth:`load_cached`) the cached answer is learned before any hub is asked.

Thread rule: call :meth:`pull` and :meth:`load_cached` from one worker thread at a time (the
syncer's, or the notes executor before the syncer starts); never from the UI thread (they read
disk and build the prior).
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import httpx

from agent.notes.hub_client import HubProblem, get_if_changed
from kb.paths import replace_file
from kb.wire.jsonio import JsonError, parse_json
from kb.wire.search_events import SearchEventError, prior_from_wire

log = logging.getLogger(__name__)

CACHE_FILE = "search_prior.json"


class PriorTarget(Protocol):
    """What the puller needs from the KB (``kb.knowledge_base.KnowledgeBase``)."""

    def learn_searches(self, counted: Iterable[tuple[str, str, int]]) -> None: ...


class LocalSearches(Protocol):
    """This workstation's searches not uploaded yet (``agent.notes.search_log.SearchLog``)."""

    def opened_counts(self) -> list[tuple[str, str, int]]: ...


@dataclass(frozen=True, slots=True)
class PriorPullReport:
    """``pairs``: the floor's triples in effect; ``changed``: a new answer was learned;
    ``error``: why the last good prior was kept (None when all went well)."""

    pairs: int
    changed: bool = False
    error: str | None = None


class SearchPriorPuller:
    """Feeds one KB's article prior from the hub's floor prior and the local search log."""

    def __init__(self, kb: PriorTarget, cache_path: Path,
                 local: LocalSearches | None = None) -> None:
        self.kb = kb
        self.cache_path = Path(cache_path)
        self.local = local
        self._floor: list[tuple[str, str, int]] = []
        self._etag: str | None = None
        self._learned: frozenset[tuple[str, str, int]] | None = None
        self._last_error: str | None = None

    def load_cached(self) -> int:
        """Learn the cached floor prior (with the local searches); returns its number of pairs
        (0 when there is none or it is unreadable — logged, then ignored)."""
        try:
            raw = self.cache_path.read_bytes()
        except FileNotFoundError:
            raw = None
        except OSError as exc:
            log.warning("the cached floor search prior cannot be read (%s); starting without "
                        "it until the next sync", exc)
            raw = None
        if raw is not None:
            try:
                cached = parse_json(raw)
                self._floor = prior_from_wire(cached)
                etag = cached.get("etag") if isinstance(cached, dict) else None
                self._etag = etag if isinstance(etag, str) else None
            except (JsonError, SearchEventError) as exc:
                log.warning("the cached floor search prior is unusable (%s); starting without "
                            "it until the next sync", exc)
        self._learn()
        return len(self._floor)

    def pull(self, client: httpx.Client) -> PriorPullReport:
        """Fetch the floor prior (conditionally), cache and learn it merged with the local
        searches; never raises for hub trouble (the report says what happened)."""
        changed = False
        error: str | None = None
        try:
            fetched = get_if_changed(client, "/kb/search-prior", self._etag)
            if fetched is not None:
                answer, etag = fetched
                self._floor = prior_from_wire(answer)
                self._etag = etag
                changed = True
                self._store(answer)
        except HubProblem as problem:
            error = (f"the floor's search prior was not updated ({problem.message}); "
                     "search keeps the last one")
        except SearchEventError as exc:
            error = (f"the hub answered an unusable floor search prior ({exc}); search keeps "
                     "the last one")
        except OSError as exc:
            error = f"the floor's search prior cannot be cached ({exc}); it is used until exit"
        if error is not None and error != self._last_error:
            log.warning("%s", error)
        elif error is None and self._last_error is not None:
            log.info("the floor's search prior is updated again")
        self._last_error = error
        self._learn()
        return PriorPullReport(len(self._floor), changed, error)

    def refresh(self) -> None:
        """Learn again with the local searches as they are now (the hub was not asked: it is
        unreachable or refused the token)."""
        self._learn()

    def _learn(self) -> None:
        """Merge the floor's triples with the local ones and let the KB learn them, unless
        they are the ones it learned last."""
        merged: Counter[tuple[str, str]] = Counter()
        for query, slug, n in self._floor:
            merged[(query, slug)] += n
        if self.local is not None:
            try:
                for query, slug, n in self.local.opened_counts():
                    merged[(query, slug)] += n
            except Exception as exc:  # a broken local log must not cost the floor's prior
                log.warning("this workstation's search log cannot be read (%s)", exc)
        triples = frozenset((q, s, n) for (q, s), n in merged.items())
        if triples != self._learned:
            self.kb.learn_searches(triples)
            self._learned = triples

    def _store(self, answer: Any) -> None:
        document = {"etag": self._etag, "days": answer.get("days"), "pairs": answer["pairs"]}
        replace_file(self.cache_path, json.dumps(document, ensure_ascii=False), private=True)

