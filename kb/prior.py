"""What operators looked up before, as a prior for a query still being typed.

An operator types while listening, so the first letters of a query often fit several articles
("домашний 5…": the 500 or the 550 plan), and an opening of question words ("сколько ст…", "можно
ли…") fits them all. The workstation's search log says which article operators opened after
searching with which words; :class:`ArticlePrior` learns, per stem, the share of those searches
that opened each article. While the last word is still being typed (a finished query ranks on its
words alone) each candidate is lifted by how strongly the words read so far (a half word by its
completions) went with it: it settles near ties, it never outweighs what the typed letters say.

Pure values, built once from a log and then only read: safe from any thread.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kb.analysis import stems

PRIOR_LIFT = 0.5  # the lift of an article that every search with the query's words opened
MIN_SEARCHES = 2  # a stem searched fewer times than this says nothing yet


@dataclass(frozen=True, slots=True)
class ArticlePrior:
    """Per stem, the share of logged searches with it that opened each article slug."""

    shares: dict[str, dict[str, float]] = field(default_factory=dict)

    @classmethod
    def from_log(cls, searches: Iterable[tuple[str, str]]) -> ArticlePrior:
        """The prior of a log's (query, opened article slug) pairs (a slug that no longer exists
        is harmless: it is never a candidate)."""
        return cls.from_counts((query, slug, 1) for query, slug in searches)

    @classmethod
    def from_counts(cls, searches: Iterable[tuple[str, str, int]]) -> ArticlePrior:
        """The prior of (query, opened article slug, how many searches) triples, as the floor's
        aggregated search log gives them (a count below 1 counts nothing)."""
        pairs: dict[str, Counter[str]] = {}
        for query, slug, count in searches:
            if count < 1:
                continue
            for t in set(stems(query)):
                pairs.setdefault(t, Counter())[slug] += count
        shares = {}
        for t, counts in pairs.items():
            n = sum(counts.values())
            if n >= MIN_SEARCHES:
                shares[t] = {s: c / n for s, c in counts.items()}
        return cls(shares)

    def lifts(self, groups: Sequence[dict[str, float]]) -> dict[str, float]:
        """Per article slug, its lift for a query read as ``groups`` (per word its alternative
        stems with weights): 1 + :data:`PRIOR_LIFT` × the mean over the words of the best
        weighted share an alternative gives it."""
        found: dict[str, float] = {}
        counted = 0
        for alts in groups:
            best: dict[str, float] = {}
            for t, w in alts.items():
                for slug, share in self.shares.get(t, {}).items():
                    best[slug] = max(best.get(slug, 0.0), w * share)
            if best:
                counted += 1
                for slug, v in best.items():
                    found[slug] = found.get(slug, 0.0) + v
        if not counted:
            return {}
        return {s: 1.0 + PRIOR_LIFT * v / len(groups) for s, v in found.items()}

    def __bool__(self) -> bool:
        return bool(self.shares)
