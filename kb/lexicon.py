"""The in-memory lexicon of indexed stems: what exists, how many articles use it, what a typed
prefix or a misspelt word can stand for.

- Prefix expansion (search as you type) bisects a sorted list of stems and keeps the few most
  frequent completions: no edge n-gram field, so building the index stays cheap.
- Typo candidates are made in the app and kept only when present here: one edit by generating every
  string one edit away, stemmed (a set lookup each); two edits (long words) through a trigram index
  of the long stems, verified with the optimal-string-alignment distance (a transposition is one
  edit).

Thread rule: any number of threads may read; only the knowledge base's writer (under its write lock)
calls :meth:`Lexicon.update`, which swaps in new sorted lists and so never disturbs a reader.
"""

from __future__ import annotations

import heapq
import math
import threading
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping
from operator import itemgetter

from kb.analysis import edits1, heard_spellings, is_cyrillic, osa_distance, stem_many

PREFIX_CAP = 8  # completions kept per typed prefix (most frequent first)
TYPO_CAP = 6  # candidates kept per misspelt word
TYPO_PREFIX_MIN = 4  # letters a misspelt beginning must keep to stand for its completions
TYPO_PREFIX_SCAN = 50  # completions looked at per reading of a misspelt beginning
TRIGRAM_MIN_LEN = 6  # stems this long take part in two-edit matching
TRIGRAM_CHECKS = 40  # edit distances computed per word, best trigram overlap first
TRIGRAM_BUCKET_MAX = 2000  # trigrams shared by more stems than this tell too little to count


def _trigrams(term: str) -> set[str]:
    padded = f"^{term}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class Lexicon:
    """Stems with their document frequency. See the module docstring for the thread rule."""

    def __init__(self, frequencies: Iterable[tuple[str, int]] = (), docs: int = 0) -> None:
        self.df: dict[str, int] = {t: n for t, n in frequencies if n > 0}
        self.docs = docs  # articles counted in
        self._sorted: list[str] = sorted(self.df)
        # prefix → (the cap it was looked up with, its completions): a lookup with a smaller cap
        # is a slice of a cached larger one, a larger cap looks again
        self._prefix_cache: dict[str, tuple[int, list[str]]] = {}
        self._typo_cache: dict[tuple[tuple[str, ...], int], dict[str, int]] = {}
        self._trigram_index: dict[str, list[str]] | None = None
        self._trigram_lock = threading.Lock()
        self._searched: dict[str, float] = {}  # stem → how much operators searched for it

    def set_searched(self, counts: Mapping[str, int]) -> None:
        """How often operators searched for each stem (from the workstation's search log): a
        prefix then completes first to the words operators mean, not only to the KB's most
        frequent ones. Replaces the previous counts; any thread."""
        self._searched = {t: math.log1p(n) for t, n in counts.items() if n > 0}
        self._prefix_cache = {}

    def rank(self, term: str) -> float:
        """How likely a typed beginning means ``term``: the articles using the stem, lifted by
        how often operators searched for it (the completion order)."""
        return self.df.get(term, 0) * (1.0 + self._searched.get(term, 0.0))

    def __contains__(self, term: object) -> bool:
        return self.df.get(term, 0) > 0  # type: ignore[call-overload]

    def frequency(self, term: str) -> int:
        """How many articles contain ``term``."""
        return self.df.get(term, 0)

    def __len__(self) -> int:
        return len(self.df)

    def update(self, added: Counter[str], removed: Counter[str], docs_delta: int) -> None:
        """Count in the stems of new article versions and out those of replaced or deleted ones
        (each counter: stem → number of articles)."""
        self.docs = max(0, self.docs + docs_delta)
        new_terms = [t for t in added if t not in self.df]
        df = self.df
        for t, n in added.items():
            df[t] = df.get(t, 0) + n
        for t, n in removed.items():
            if t in df:
                df[t] = max(0, df[t] - n)
        if new_terms:
            self._sorted = sorted({*self._sorted, *new_terms})
            index = self._trigram_index
            if index is not None:
                for t in new_terms:
                    if len(t) >= TRIGRAM_MIN_LEN:
                        for g in _trigrams(t):
                            index.setdefault(g, []).append(t)
        self._prefix_cache = {}
        self._typo_cache = {}

    def completions(self, prefix: str, cap: int = PREFIX_CAP) -> list[str]:
        """Up to ``cap`` stems starting with ``prefix``, most frequent first."""
        cache = self._prefix_cache
        hit = cache.get(prefix)
        if hit is not None and (hit[0] >= cap or len(hit[1]) < hit[0]):
            return hit[1][:cap]
        terms = self._sorted
        lo = bisect_left(terms, prefix)
        hi = bisect_left(terms, prefix + "\uffff", lo)
        df = self.df
        rank = self.rank if self._searched else lambda t: df.get(t, 0)
        if hi - lo <= cap:
            found = sorted((t for t in terms[lo:hi] if df.get(t, 0) > 0), key=lambda t: -rank(t))
        else:
            found = heapq.nlargest(cap, terms[lo:hi], key=rank)
            found = [t for t in found if df.get(t, 0) > 0]
        if len(cache) > 4096:
            cache.clear()
        cache[prefix] = (cap, found)
        return found

    def typo_completions(self, prefix: str, cap: int = PREFIX_CAP) -> list[str]:
        """Up to ``cap`` stems that start with a string one edit away from ``prefix`` (a
        half-typed word with a typo in it: ``автоплот`` → ``автоплатеж``), most frequent first;
        readings shorter than :data:`TYPO_PREFIX_MIN` letters start too much to count. Cached
        until the next :meth:`update`."""
        key = (("…", prefix), cap)
        cache = self._typo_cache
        hit = cache.get(key)
        if hit is not None:
            return list(hit)
        terms = self._sorted
        df = self.df
        found: set[str] = set()
        for e in set(edits1(prefix)):
            if len(e) < TYPO_PREFIX_MIN or e == prefix:
                continue
            i = bisect_left(terms, e)
            end = min(len(terms), i + TYPO_PREFIX_SCAN)
            while i < end and terms[i].startswith(e):
                if df.get(terms[i], 0) > 0:
                    found.add(terms[i])
                i += 1
        best = heapq.nlargest(cap, found, key=lambda t: (self.rank(t), t))
        if len(cache) > 4096:
            cache.clear()
        cache[key] = dict.fromkeys(best, 1)
        return best

    def typo_candidates(self, words: Iterable[str], max_edits: int) -> dict[str, int]:
        """Known stems within ``max_edits`` of any of ``words`` (the typed word first, then e.g. its
        stem), mapped to the distance; the most frequent :data:`TYPO_CAP` are kept. Cached until
        the next :meth:`update`; callers must not modify the result."""
        probes = [w for w in dict.fromkeys(words) if w]
        if max_edits <= 0 or not probes:
            return {}
        key = (tuple(probes), max_edits)
        cache = self._typo_cache
        hit = cache.get(key)
        if hit is not None:
            return hit
        found = self._typo_scan(probes, max_edits)
        if len(cache) > 4096:
            cache.clear()
        cache[key] = found
        return found

    def heard_candidates(self, word: str) -> list[str]:
        """Known stems of the spellings a Russian word written by ear may stand for
        (:func:`kb.analysis.heard_spellings`: ``гаварит`` → ``говор``, ``прешол`` → ``пришл``),
        most frequent first, at most :data:`TYPO_CAP`. Cached until the next :meth:`update`."""
        key = (("~", word), 0)
        cache = self._typo_cache
        hit = cache.get(key)
        if hit is not None:
            return list(hit)
        df = self.df
        found = {s for s in stem_many(heard_spellings(word), True) if df.get(s, 0) > 0}
        best = heapq.nlargest(TYPO_CAP, found, key=lambda t: (df[t], t))
        if len(cache) > 4096:
            cache.clear()
        cache[key] = dict.fromkeys(best, 1)
        return best

    def _typo_scan(self, probes: list[str], max_edits: int) -> dict[str, int]:
        """One-edit neighbours (and their stems) found in the lexicon; two edits by trigrams."""
        found: dict[str, int] = {}
        df = self.df
        stem_len = min(len(p) for p in probes)
        for i, w in enumerate(probes):
            # a membership test first: most neighbours are no stem (cheaper than a get call)
            for c in edits1(w):
                if c in df and df[c] > 0:
                    found.setdefault(c, 1)
            if i == 0:
                # the word as typed: the stems of its neighbours may be known when the edit is
                # near the ending (an edit inside the stem is an edit of the stem, probed too);
                # each distinct neighbour stemmed once
                # (two letters swapped anywhere, the commonest slip of fast typing, too)
                swapped = [w[:k] + w[k + 1] + w[k] + w[k + 2:] for k in range(len(w) - 1)]
                ending = list(dict.fromkeys(edits1(w, max(0, stem_len - 2)) + swapped))
                for s in stem_many(ending, is_cyrillic(w)):
                    if s in df and df[s] > 0:
                        found.setdefault(s, 1)
        if max_edits >= 2 and not found:  # two edits only when one does not do
            for w in probes:
                for c in self._near_by_trigrams(w, max_edits):
                    found.setdefault(c, 2)
        if len(found) > TYPO_CAP:
            keep = heapq.nlargest(
                TYPO_CAP, found, key=lambda t: (-found[t], self.df.get(t, 0))
            )
            found = {t: found[t] for t in keep}
        return found

    def _near_by_trigrams(self, word: str, limit: int) -> list[str]:
        index = self._trigram_index
        if index is None:
            with self._trigram_lock:
                index = self._trigram_index
                if index is None:
                    index = {}
                    for t in self._sorted:
                        if len(t) >= TRIGRAM_MIN_LEN:
                            for g in _trigrams(t):
                                index.setdefault(g, []).append(t)
                    self._trigram_index = index
        shared: Counter[str] = Counter()
        for g in _trigrams(word):
            bucket = index.get(g)
            if bucket and len(bucket) < TRIGRAM_BUCKET_MAX:
                shared.update(bucket)
        # an edit spoils at most three trigrams, a transposition (one edit here) four
        need = max(1, len(word) - 4 * limit)
        df = self.df
        # the stems worth a distance check, most shared trigrams first (a stable sort, as
        # Counter.most_common: equal counts keep their order), filtered before sorting
        worth = [(term, n) for term, n in shared.items()
                 if n >= need and abs(len(term) - len(word)) <= limit and df.get(term, 0) > 0]
        worth.sort(key=itemgetter(1), reverse=True)
        return [term for term, _ in worth[:TRIGRAM_CHECKS]
                if osa_distance(word, term, limit) <= limit]
