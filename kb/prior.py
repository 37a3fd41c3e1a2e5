"""What operators looked up before, as a prior for a query still being typed.

An operator types while listening, so the first letters of a query often fit several articles
("домашний 5…": the 500 or the 550 plan), and an opening of question words ("сколько ст…", "можно
ли…") fits them all. The workstation's search log says which articles operators actually opened
after a search; the articles needed often are the likelier meaning of an ambiguous beginning.
:class:`ArticlePrior` turns that log into a small lift per article, applied only while the last
word is still being typed (a finished query ranks on its words alone): it settles near ties, it
never outweighs what the typed letters say.

Pure values, built once from a log and then only read: safe from any thread.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

PRIOR_LIFT = float(os.environ.get("PL", "0.15"))  # the lift of the most opened article (1 + this); others by log share
MIN_OPENED = 2  # an article opened fewer times than this has no prior (one search says little)


@dataclass(frozen=True, slots=True)
class ArticlePrior:
    """Per article slug, a lift from 1.0 (never or rarely opened) to 1 + :data:`PRIOR_LIFT`."""

    lifts: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_opened(cls, opened: Iterable[str]) -> ArticlePrior:
        """The prior of a log's opened article slugs (one per search that opened one; a slug that
        no longer exists is harmless: it is never a candidate)."""
        counts = Counter(s for s in opened if s)
        kept = {s: n for s, n in counts.items() if n >= MIN_OPENED}
        if not kept:
            return cls()
        top = math.log1p(max(kept.values()))
        return cls({s: 1.0 + PRIOR_LIFT * math.log1p(n) / top for s, n in kept.items()})

    def lift(self, slug: str) -> float:
        return self.lifts.get(slug, 1.0)

    def __bool__(self) -> bool:
        return bool(self.lifts)
