"""From what an operator typed to ranked, highlighted hits.

1. **Plan** (:func:`plan_query`): split the text at spaces; each chunk is read as typed and as if
   typed on the other keyboard layout, and the reading with more known words wins (both are kept
   when both are known). Every word becomes a *group* of alternative stems with weights: its own
   stem; for the word still being typed (no trailing space) the most frequent known completions; for
   an unknown word the known stems within one edit (5+ letters) or two (9+); and the words of any
   editor-maintained synonym set the query matches. Unknown words are dropped; stop words never
   form a group.
2. **Retrieve**: an ``Or`` of one ``DisjunctionMax`` per group (the best alternative counts once),
   built as whoosh Query objects, never parsed, so no character of user text is syntax. While the
   index is rebuilt the store's FTS5 table answers the same plan.
3. **Rerank** the candidates by coordination: how many groups an article matches, and how many of
   them in its head (title, tags, synonyms), multiplies the BM25 score. Then the Russian and English
   versions of one slug collapse to one hit (the version in the query's language when present).
4. **Snippet**: a window of the body around the most matched words, HTML-escaped, matches in
   ``<b>``.

Pure functions of their inputs (the lexicon and synonyms are read-only here): safe from any thread.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from whoosh.query import And as WhooshAnd
from whoosh.query import DisjunctionMax, Or, Query, Require, Term

from kb.analysis import (
    STOP_WORDS,
    cached_stem,
    fold,
    max_edits,
    query_language,
    stems,
    switch_layout,
    words,
)
from kb.lexicon import Lexicon
from kb.model import SearchHit

MAX_QUERY_CHARS = 1000  # longer texts are not queries (a paste gone wrong): empty result
MAX_GROUPS = 12
CANDIDATES_MIN = 40  # how deep the first stage retrieves before reranking
SNIPPET_CHARS = 200
SNIPPET_SCAN_CHARS = 8000

W_EXACT = 1.0
W_LAYOUT = 1.0
W_SYNONYM = 0.9
W_PREFIX = 0.85
W_TYPO = {1: 0.7, 2: 0.55}


@dataclass(slots=True)
class Group:
    """One word of the query and the stems that may stand for it, each with a weight."""

    word: str
    stem: str  # the word's own stem, known to the index or not (synonym sets match on it)
    alts: dict[str, float] = field(default_factory=dict)

    def add(self, term: str, weight: float) -> None:
        if weight > self.alts.get(term, 0.0):
            self.alts[term] = weight


@dataclass(slots=True)
class QueryPlan:
    groups: list[Group]
    lang: str | None  # the language the query was (most likely) typed in

    @property
    def terms(self) -> set[str]:
        return {t for g in self.groups for t in g.alts}


@dataclass(slots=True)
class SynonymSets:
    """Editor-maintained synonym sets, as stem sequences, ready to match queries."""

    sets: list[list[tuple[str, ...]]]

    @classmethod
    def compile(cls, raw: Sequence[Sequence[str]]) -> SynonymSets:
        compiled = []
        for phrases in raw:
            seqs = list(dict.fromkeys(tuple(stems(p)) for p in phrases))
            seqs = [s for s in seqs if s]
            if len(seqs) >= 2:
                compiled.append(seqs)
        return cls(compiled)


def _contains(seq: Sequence[str], sub: tuple[str, ...]) -> int:
    n = len(sub)
    for i in range(len(seq) - n + 1):
        if tuple(seq[i : i + n]) == sub:
            return i
    return -1


def _word_group(word: str, lexicon: Lexicon, typing: bool, weight: float) -> Group:
    s = cached_stem(word)
    group = Group(word, s)
    if s in lexicon:
        group.add(s, weight)
    if typing:
        prefix_weight = W_PREFIX * weight * min(1.0, 0.5 + len(word) / 10)
        for probe in dict.fromkeys((word, s)):
            for t in lexicon.completions(probe):
                group.add(t, prefix_weight)
    if not group.alts and word not in STOP_WORDS:
        for t, d in lexicon.typo_candidates((word, s), max_edits(word)).items():
            group.add(t, W_TYPO[d] * weight)
    return group


def _known(group_words: list[str], lexicon: Lexicon, typing_last: bool) -> int:
    known = 0
    for i, w in enumerate(group_words):
        typing = typing_last and i == len(group_words) - 1
        if cached_stem(w) in lexicon or (typing and lexicon.completions(w, 1)):
            known += 1
    return known


def plan_query(text: str, lexicon: Lexicon, synonyms: SynonymSets) -> QueryPlan:
    """The groups of alternative stems for ``text`` (see the module docstring)."""
    if not text or len(text) > MAX_QUERY_CHARS:
        return QueryPlan([], None)
    chunks = text.split()
    typing_at_end = not text[-1].isspace()
    groups: list[Group] = []
    langs: list[str] = []
    for ci, chunk in enumerate(chunks):
        typing = typing_at_end and ci == len(chunks) - 1
        typed = [w for w in words(chunk) if w not in STOP_WORDS or typing]
        other = [w for w in words(switch_layout(chunk)) if w not in STOP_WORDS or typing]
        k_typed = _known(typed, lexicon, typing)
        k_other = _known(other, lexicon, typing)
        main, extra = (other, typed) if k_other > k_typed else (typed, other)
        lang = query_language(" ".join(main))
        if lang:
            langs.append(lang)
        aligned = len(main) == len(extra) and min(k_typed, k_other) > 0
        for i, w in enumerate(main):
            last = typing and i == len(main) - 1
            if w in STOP_WORDS and not last:
                continue
            g = _word_group(w, lexicon, last, W_EXACT)
            if aligned:
                alt = _word_group(extra[i], lexicon, last, W_LAYOUT)
                for t, wt in alt.alts.items():
                    g.add(t, wt)
            groups.append(g)
    if synonyms.sets:
        _add_synonyms(groups, synonyms)
    groups = [g for g in groups if g.alts][:MAX_GROUPS]
    lang = max(set(langs), key=langs.count) if langs else None
    return QueryPlan(groups, lang)


def _add_synonyms(groups: list[Group], synonyms: SynonymSets) -> None:
    exact = [g.stem for g in groups]
    for phrases in synonyms.sets:
        for seq in phrases:
            at = _contains(exact, seq)
            if at < 0:
                continue
            for other in phrases:
                if other == seq:
                    continue
                for g in groups[at : at + len(seq)]:
                    for t in other:
                        g.add(t, W_SYNONYM)


def whoosh_query(plan: QueryPlan, kind: str | None, lang: str | None) -> Query:
    """The first-stage query: an Or of per-group DisjunctionMax, filtered by kind and language."""
    subqueries: list[Query] = []
    for g in plan.groups:
        terms = [Term("content", t, boost=w) for t, w in g.alts.items()]
        subqueries.append(terms[0] if len(terms) == 1 else DisjunctionMax(terms))
    q: Query = subqueries[0] if len(subqueries) == 1 else Or(subqueries)
    filters = [Term(name, value) for name, value in (("kind", kind), ("lang", lang)) if value]
    if filters:
        q = Require(q, filters[0] if len(filters) == 1 else WhooshAnd(filters))
    return q


def fts_match(plan: QueryPlan) -> str:
    """The same plan as an FTS5 MATCH expression (stems are letters and digits only, quoted)."""
    return " OR ".join(f'"{t}"' for t in sorted(plan.terms))


@dataclass(slots=True)
class Candidate:
    id: int
    slug: str
    lang: str
    kind: str
    title: str
    score: float


def rerank(
    plan: QueryPlan,
    candidates: list[Candidate],
    terms_of: Callable[[list[int]], dict[int, tuple[str, str]]],
) -> list[Candidate]:
    """Multiply first-stage scores by coordination (groups matched anywhere and in the head)."""
    if not candidates:
        return []
    texts = terms_of([c.id for c in candidates])
    top = max(c.score for c in candidates) or 1.0
    n = len(plan.groups)
    out = []
    for c in candidates:
        head_text, body_text = texts.get(c.id, ("", ""))
        head = f" {head_text} "
        body = f" {body_text} "
        cov = head_cov = 0.0
        for g in plan.groups:
            best = best_head = 0.0
            for t, w in g.alts.items():
                padded = f" {t} "
                if w > best_head and padded in head:
                    best = best_head = w
                elif w > best and padded in body:
                    best = w
            cov += best
            head_cov += best_head
        cov /= n
        head_cov /= n
        score = (c.score / top) * (0.2 + 0.8 * cov * cov) * (1.0 + 0.6 * head_cov)
        out.append(Candidate(c.id, c.slug, c.lang, c.kind, c.title, round(score, 6)))
    out.sort(key=lambda c: (-c.score, c.slug, c.lang))
    return out


def collapse_languages(
    ranked: list[Candidate], preferred: str | None, limit: int
) -> list[Candidate]:
    """One hit per slug, scored by its best version, shown in ``preferred`` language if present."""
    by_slug: dict[str, list[Candidate]] = {}
    for c in ranked:
        by_slug.setdefault(c.slug, []).append(c)
    out = []
    for versions in by_slug.values():
        best = versions[0]
        shown = next((v for v in versions if v.lang == preferred), best)
        out.append(Candidate(shown.id, shown.slug, shown.lang, shown.kind, shown.title, best.score))
        if len(out) >= limit:
            break
    return out


_MARKDOWN_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`#>|]+|^\s*[-+]\s+", re.MULTILINE)
_SPACE_RE = re.compile(r"\s+")


def plain_text(markdown: str) -> str:
    """Markdown reduced to running text for snippets (links keep their text)."""
    text = _MARKDOWN_RE.sub(lambda m: m.group(1) or " ", markdown[:SNIPPET_SCAN_CHARS])
    return _SPACE_RE.sub(" ", text).strip()


def term_pattern(terms: set[str]) -> re.Pattern[str] | None:
    """A regex finding (folded) words that start with one of the stems; callers confirm by stem."""
    if not terms:
        return None
    alternation = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternation})[^\W_]*")


def snippet(
    body: str, terms: set[str], pattern: re.Pattern[str] | None, width: int = SNIPPET_CHARS
) -> str:
    """An HTML-escaped window of ``body`` around the most matched words, matches in ``<b>``.
    ``pattern`` is :func:`term_pattern` of ``terms``."""
    text = plain_text(body)
    if not text:
        return ""
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    if pattern is not None and len(folded) == len(text):
        spans = [
            (m.start(), m.end())
            for m in pattern.finditer(folded)
            if cached_stem(m.group()) in terms
        ]
    start = 0
    if spans:
        best, best_count, j = 0, 0, 0
        for i, (s, _) in enumerate(spans):
            while spans[j][0] < s - width + 40:
                j += 1
            if i - j + 1 > best_count:
                best, best_count = j, i - j + 1
        start = max(0, spans[best][0] - 40)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < spans[best][0] else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    out = ["…"] if start else []
    pos = start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(html.escape(text[pos:s]))
        out.append(f"<b>{html.escape(text[s:e])}</b>")
        pos = e
    out.append(html.escape(text[pos:end]))
    if end < len(text):
        out.append("…")
    return "".join(out)


def make_hits(
    chosen: list[Candidate], plan: QueryPlan, bodies: dict[int, str]
) -> tuple[SearchHit, ...]:
    terms = plan.terms
    pattern = term_pattern(terms)
    return tuple(
        SearchHit(
            slug=c.slug,
            lang=c.lang,
            kind=c.kind,
            title=c.title,
            score=c.score,
            snippet=snippet(bodies.get(c.id, ""), terms, pattern),
        )
        for c in chosen
    )
