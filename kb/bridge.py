"""A Russian ↔ English term bridge learned from the KB's own paired articles.

An article's Russian and English versions share a slug and say the same things in the same order:
the title matches the title, the n-th tag the n-th tag (when both lists are as long), the n-th reply
the n-th reply, the n-th paragraph the n-th paragraph. Counting which stems meet in such aligned
pieces (near the same relative position in longer ones) gives, for each stem, the stems of the
other language that stand for it: ``роутер`` ↔ ``router``, ``пульт`` ↔ ``remot``. A query typed in
one language then also reads the other language's stems, at a lower weight, so an article that an
editor wrote in only one language is found from both, after the same-language matches.

Association is the Dice coefficient over aligned pieces, counted again with competitive linking
(one partner per stem and piece, the most associated one first), plus a bonus when the words sound
alike (the English word read in Cyrillic shares most of its beginning with the Russian one:
``internet`` → ``интернет``). Learning is pure Python over at most :data:`MAX_PAIRS` pairs (about
a second); a bridge is immutable once made: build a new one and swap it in. Safe to read from any
thread.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kb.analysis import QUANTIFIER_WORDS, is_cyrillic, stems, transliterate, words
from kb.model import Article

MAX_PAIRS = 300  # pairs learned from (the first by slug); more adds little and costs time
MAX_PIECE_STEMS = 60  # longer pieces are cut (their tails pair with too much)
WINDOW = 0.3  # in pieces longer than SHORT_PIECE, stems pair only this near in relative position
SHORT_PIECE = 6
MIN_SCORE = 0.35  # weaker associations are left out
PER_TERM = 3  # other-language stems kept per stem
SOUND_ALIKE_BONUS = 0.35
MIN_SHARED = 2  # a stem must meet its translation in this many pieces (one is chance)

_PARAGRAPH_RE = re.compile(r"\n\s*\n")


@dataclass(slots=True, frozen=True)
class TermBridge:
    """Per stem, the other language's stems that stand for it, with a strength in (0, 1]."""

    links: dict[str, dict[str, float]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.links)

    def translate(self, stem: str) -> dict[str, float]:
        """The other language's stems for ``stem`` (empty when none is known)."""
        return self.links.get(stem, {})


def _pieces(ru: Sequence[str], en: Sequence[str]) -> list[tuple[str, str]]:
    """Aligned pieces of two parallel lists: one by one when they are as long, else as a whole."""
    if len(ru) == len(en):
        return list(zip(ru, en, strict=True))
    return [(" ".join(ru), " ".join(en))] if ru and en else []


def aligned_pieces(ru: Article, en: Article) -> list[tuple[str, str]]:
    """The pieces of a Russian and an English version that say the same thing."""
    pieces = [(ru.title, en.title)]
    pieces += _pieces(ru.tags, en.tags)
    pieces += _pieces(ru.synonyms, en.synonyms)
    pieces += _pieces(ru.replies, en.replies)
    pieces += _pieces(
        [p for p in _PARAGRAPH_RE.split(ru.body) if p.strip()],
        [p for p in _PARAGRAPH_RE.split(en.body) if p.strip()],
    )
    return pieces


def _content_stems(text: str) -> list[str]:
    """The stems of a piece without its quantifiers: "весь", "whole" stand beside any topic and
    would link to its words (``building`` → ``весь``)."""
    return stems(" ".join(w for w in words(text) if w not in QUANTIFIER_WORDS))


def _sound_alike(en_stem: str, ru_stem: str) -> bool:
    cyr = transliterate(en_stem)
    n = min(len(cyr), len(ru_stem))
    shared = 0
    while shared < n and cyr[shared] == ru_stem[shared]:
        shared += 1
    return shared >= max(4, 0.8 * n)


def learn_bridge(articles: Iterable[Article], max_pairs: int = MAX_PAIRS) -> TermBridge:
    """Learn the bridge from the slugs that have both a Russian and an English version."""
    by_slug: dict[str, dict[str, Article]] = {}
    for a in articles:
        by_slug.setdefault(a.slug, {})[a.lang] = a
    pairs = [(v["ru"], v["en"]) for _, v in sorted(by_slug.items()) if "ru" in v and "en" in v]
    seen_ru: Counter[str] = Counter()
    seen_en: Counter[str] = Counter()
    pieces: list[set[tuple[str, str]]] = []  # per aligned piece, the stem pairs it may link
    for ru, en in pairs[:max_pairs]:
        for ru_text, en_text in aligned_pieces(ru, en):
            r_stems = [s for s in _content_stems(ru_text) if is_cyrillic(s)][:MAX_PIECE_STEMS]
            e_stems = [s for s in _content_stems(en_text) if s.isalpha() and not is_cyrillic(s)]
            e_stems = e_stems[:MAX_PIECE_STEMS]
            if not r_stems or not e_stems:
                continue
            seen_ru.update(set(r_stems))
            seen_en.update(set(e_stems))
            if len(r_stems) <= SHORT_PIECE and len(e_stems) <= SHORT_PIECE:
                pieces.append({(r, e) for r in r_stems for e in e_stems})
                continue
            found: set[tuple[str, str]] = set()
            for i, r in enumerate(r_stems):
                at = i / len(r_stems)
                lo = max(0, int((at - WINDOW) * len(e_stems)))
                hi = min(len(e_stems), int((at + WINDOW) * len(e_stems)) + 1)
                found.update((r, e) for e in e_stems[lo:hi])
            pieces.append(found)
    together: Counter[tuple[str, str]] = Counter()
    for found in pieces:
        together.update(found)

    def association(r: str, e: str, n: int) -> float:
        alike = _sound_alike(e, r)
        return 2.0 * n / (seen_ru[r] + seen_en[e]) + (SOUND_ALIKE_BONUS if alike else 0.0)

    # Competitive linking: within each piece a stem links to one stem of the other language, the
    # most associated one still free, so "детский голос" ↔ "child's voice" links детск–child and
    # голос–voic, not all four pairs.
    first = {pair: association(*pair, n) for pair, n in together.items()}
    linked: Counter[tuple[str, str]] = Counter()
    for found in pieces:
        used_r: set[str] = set()
        used_e: set[str] = set()
        for pair in sorted(found, key=lambda p: (-first[p], p)):
            r, e = pair
            if r not in used_r and e not in used_e:
                used_r.add(r)
                used_e.add(e)
                linked[pair] += 1
    ru_links: dict[str, dict[str, float]] = {}
    en_links: dict[str, dict[str, float]] = {}
    for (r, e), n in linked.items():
        if n < MIN_SHARED and not _sound_alike(e, r):
            continue
        score = association(r, e, n)
        if score >= MIN_SCORE:
            ru_links.setdefault(r, {})[e] = min(1.0, score)
            en_links.setdefault(e, {})[r] = min(1.0, score)
    links = {}
    for table in (ru_links, en_links):
        for term, targets in table.items():
            best = sorted(targets.items(), key=lambda tw: (-tw[1], tw[0]))[:PER_TERM]
            links[term] = dict(best)
    return TermBridge(links)


# ---------------------------------------------------------------------------------------------
# Lists paired by position in a different order (``python -m kb check``)

EVIDENCE_MARGIN = 0.3  # a pair must read this much better than the one its position makes
BRIDGE_EVIDENCE = 0.5  # what a learned translation counts for beside a sure one
_PAIRED_LISTS = (("tags", "tags"), ("synonyms", "synonyms"))


class _Glossary:
    """Which synonym sets (the editors' glossary) each stem belongs to, by script."""

    def __init__(self, synonym_sets: Sequence[Sequence[str]]) -> None:
        self.sets: dict[str, set[int]] = {}
        for i, phrases in enumerate(synonym_sets):
            for phrase in phrases:
                for s in stems(phrase):
                    self.sets.setdefault(s, set()).add(i)

    def links(self, r: str, e: str) -> bool:
        return bool(self.sets.get(r, set()) & self.sets.get(e, set()))


def _evidence(ru_text: str, en_text: str, glossary: _Glossary, bridge: TermBridge) -> float:
    """How sure it is that ``ru_text`` and ``en_text`` say the same thing, from 0 (no sign) to
    1 (every word has its counterpart): the share of the words of both that the other side
    accounts for, by the same word ("wi-fi", "112"), a glossary set, a word read alike, or, at
    :data:`BRIDGE_EVIDENCE` of its strength, the learned bridge."""
    r_stems = list(dict.fromkeys(stems(ru_text)))
    e_stems = list(dict.fromkeys(stems(en_text)))
    if not r_stems or not e_stems:
        return 0.0

    def link(r: str, e: str) -> float:
        if r == e:
            return 1.0
        if not is_cyrillic(r) or is_cyrillic(e) or not e.isalpha():
            return 0.0
        if glossary.links(r, e) or _sound_alike(e, r):
            return 1.0
        # learned, partly from the very lists being judged: a hint, not a proof
        return BRIDGE_EVIDENCE * bridge.translate(r).get(e, 0.0)

    table = [[link(r, e) for e in e_stems] for r in r_stems]
    covered = sum(max(row) for row in table) + sum(max(col) for col in zip(*table, strict=True))
    return covered / (len(r_stems) + len(e_stems))


def _link(score: list[list[float]]) -> dict[int, int]:
    """Russian position → English position, the surest pairs first (competitive linking)."""
    pairs = sorted(((s, i, j) for i, row in enumerate(score) for j, s in enumerate(row) if s > 0),
                   key=lambda sij: (-sij[0], sij[1] != sij[2], sij[1], sij[2]))
    linked: dict[int, int] = {}
    taken: set[int] = set()
    for _s, i, j in pairs:
        if i not in linked and j not in taken:
            linked[i] = j
            taken.add(j)
    return linked


def misordered_lists(articles: Iterable[Article], synonym_sets: Sequence[Sequence[str]] = (),
                     bridge: TermBridge | None = None) -> list[str]:
    """One message per article whose Russian and English tags (or synonyms) are as many but,
    by the evidence at hand, not in the same order. The bridge pairs such lists position by
    position, so a swapped pair teaches it wrong translations. The message names the pairs
    the order makes now, the ones the words suggest, and the English order that would fix it.

    The evidence is the same word in both lists, the glossary (mixed-language synonym sets),
    words that read alike, and ``bridge`` (learned from ``articles`` when not given). Where it
    says nothing about a pair, that pair is left alone: silence is no proof of good order."""
    articles = list(articles)
    by_slug: dict[str, dict[str, Article]] = {}
    for a in articles:
        by_slug.setdefault(a.slug, {})[a.lang] = a
    glossary = _Glossary(synonym_sets)
    if bridge is None:
        bridge = learn_bridge(articles)
    messages = []
    for slug, versions in sorted(by_slug.items()):
        ru, en = versions.get("ru"), versions.get("en")
        if ru is None or en is None:
            continue
        for field_name, label in _PAIRED_LISTS:
            ru_list: list[str] = list(getattr(ru, field_name))
            en_list: list[str] = list(getattr(en, field_name))
            if len(ru_list) != len(en_list) or len(ru_list) < 2:
                continue
            score = [[_evidence(r, e, glossary, bridge) for e in en_list] for r in ru_list]
            linked = _link(score)
            wrong = [i for i, j in sorted(linked.items())
                     if j != i and score[i][j] >= score[i][i] + EVIDENCE_MARGIN]
            if not wrong:
                continue
            order: list[str | None] = [None] * len(ru_list)
            for i, j in linked.items():
                order[i] = en_list[j]
            rest = iter(e for j, e in enumerate(en_list) if j not in linked.values())
            fixed = [e if e is not None else next(rest) for e in order]
            now = "; ".join(f"«{ru_list[i]}» ↔ «{en_list[i]}»" for i in wrong)
            better = "; ".join(f"«{ru_list[i]}» ↔ «{en_list[linked[i]]}»" for i in wrong)
            messages.append(
                f"article {slug}: the Russian and English {label} pair by position (the search "
                f"learns translations from them), and the order pairs {now}, where the words "
                f"suggest {better}. Put the English {label} in the order of the Russian ones: "
                f"{', '.join(fixed)}")
    return messages
