"""From what an operator typed to ranked, highlighted hits.

1. **Plan** (:func:`plan_query`): split the text at spaces; each chunk is read as typed and as if
   typed on the other keyboard layout, and the reading with more known words wins (both are kept
   when both are known); a Latin word unknown as typed is also read as transliterated Russian
   (``tarif`` → ``тариф``). Every word becomes a *group* of alternative stems with weights: its own
   stem; for the word still being typed (no trailing space) the most frequent known completions
   (more once three letters narrow them down, ranked by articles using them and by how often
   operators searched for them; its first letter alone means nothing yet, its first digit does;
   one edit away when it begins nothing as typed; the stem of its longest known beginning when
   it is typed into an ending the stemmer cannot read yet; an English ``-ing`` form's stem); for an
   unknown word the known stems within one edit (5+ letters) or two (8+) (a word only the
   synonym sets list, one edit away, before two edits to an article's word), a Russian stem typed
   whole with only its ending mistyped nearly as surely as the word itself (so too a word being
   typed, six letters or more, that begins no known word: it is a slip, read as when finished);
   and the words of any editor-maintained synonym set the query matches, and the other
   language's words for it (the glossary in the synonym sets, the term bridge; a Russian
   adjective made of a noun that neither translates takes the noun's: ``кодовое`` → ``code``).
   Question and filler words ("сколько", "how much", and the beginnings of such words while
   typed) are marked, action verbs too, and words of when and where ("завтра", "tomorrow",
   "street") weigh like context. Unknown words are dropped; stop words never form a group. The
   query's language is voted by the words' own readings (as typed, in the other layout,
   transliterated), never by their translations.
2. **Retrieve** (:func:`first_stage`): read the posting lists of the rarest alternatives (whoosh
   ``Term`` queries, never the parser, so no character of user text is syntax) and keep the
   articles with the best idf-weighted coordination. While the index is rebuilt the store's FTS5
   table answers the same lookup.
3. **Rerank** (:func:`rerank`) the candidates by BM25F over their stems (head above body), times
   coordination: how much of the query's *importance* an article matches (a word met only in the
   body covers it partly), how much in its head (title, tags, synonyms) and in its title. A
   word's importance is the idf of the word typed (not of its rarest synonym), small for filler,
   and a typo correction never outweighs an exactly matched word (a letter doubled by a key that
   bounced is no guess: it tells as the word does).
   Adjacent query words standing side by side in a head (a tag phrase, either order) and an action
   verb named in a head earn bonuses, and an article that never mentions the action a query is most
   about (its rarest word, named in another candidate's head) pays; a difficult case needs one of
   its own cue words in the query to get its priority. An article in the other language than the
   query's ranks below an equal match in the query's language, once: a word it meets through a sure
   translation covers the query word fully. A half-typed last word after finished ones only lifts
   the articles it matches (surely when it goes on a head phrase from the word before; from two
   letters when they tell the leading articles apart), so the list does not jump while a word is
   typed; there, and while the first word is half typed, the articles operators opened after
   searching with the same words win near ties (:mod:`kb.prior`, learned from the search log).
   Then the Russian and English versions of one slug collapse to one hit (the version in the
   query's language when present).
4. **Snippet**: a window of the body around the most matched words, HTML-escaped, matches in
   ``<b>``.

Pure functions of their inputs (the lexicon and synonyms are read-only here): safe from any thread.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations, dropwhile, pairwise, takewhile

import numpy as np

from kb.analysis import (
    ACTION_WORDS,
    CIRCUMSTANCE_WORDS,
    FILLER_PREFIXES,
    FILLER_WORDS,
    NEGATION_WORDS,
    PERIOD_PLACE_WORDS,
    PERIOD_WORDS,
    QUANTIFIER_WORDS,
    RU_VOWELS,
    STOP_WORDS,
    WHOLE_PRONOUNS,
    cached_stem,
    complete_number_word,
    context_starts,
    edits1,
    fold,
    is_cyrillic,
    is_number_word,
    max_edits,
    mistyped_number_word,
    number_value,
    query_language,
    spelt_number_word,
    stems,
    switch_layout,
    transliterate,
    words,
)
from kb.bridge import TermBridge
from kb.lexicon import PREFIX_CAP, TYPO_PREFIX_MIN, Lexicon
from kb.model import SearchHit
from kb.prior import ArticlePrior
from kb.regional import kazakh_base, kazakh_denied, russian_beginning, russian_reading
from kb.store import TermRow

MAX_QUERY_CHARS = 1000  # longer texts are not queries (a paste gone wrong): empty result
MAX_GROUPS = 12
CANDIDATES_MIN = 40  # how deep the first stage retrieves before reranking
SNIPPET_CHARS = 200
SNIPPET_SCAN_CHARS = 6000

POSTINGS_BUDGET = 20000  # postings the first stage reads before it leaves common words out
COMMON_ALTERNATIVES = 2  # per group, when every word is common

HEAD_FIRST_STAGE = 2.0
HEAD_WEIGHT = 2.5  # BM25F weight of title, tags and synonyms against the body
BM25_K1 = 1.2
BM25_B = 0.75

# Mid-call, a difficult situation is what an operator most urgently looks up: such articles win
# near ties against product and procedure articles, but only when the query names the situation
# (matches one of the article's own cue words: title, tags, synonyms); a query that meets a
# difficult case only in its body text is about something else.
CASE_PRIOR_CUED = 1.15
CASE_PRIOR_UNCUED = 0.8
CUE_SHARE = 0.5  # a cue word weighs at least this share of the query's most telling word
FILLER_WEIGHT = 0.2  # a question or filler word against a topic word
NEGATION_WEIGHT = 0.5  # an English negation ("didn't", "not") against a topic word
CONTEXT_WEIGHT = 0.5  # a word after "по поводу", "из-за", "about" (when a topic came before)
TYPO_IMPORTANCE_CAP = 0.9  # a corrected word weighs at most this share of the most telling one
PHRASE_BONUS = 0.5  # per pair of adjacent query words found side by side in an article's head
PHRASE_BONUS_MAX = 1.0
ACTION_BONUS = 0.3  # an article whose head names the action the query asks for
# An article that does not mention at all the action the query is most about (a rare verb that
# another candidate names in its head) answers about the object, not the request: "отказаться от
# тарифа X" is the termination procedure, not X's page.
ACTION_MISSING = 0.5
# An article whose head names the action asked for but not the word it acts on, when another
# names that word in its head and says the two side by side: its head pairs the action with another
# object («смена адреса» for «смена тарифа»), and the page of the object asked about answers
OBJECT_ELSEWHERE = 0.5
TITLED_ACTION_MISSING = 0.3  # ... and one a candidate's title names as its task (see rerank)
# verbs that only say something is to be arranged or switched on («оформить есим», «подключить
# eSIM»): with an object named, the object tells the task, and a page that never says the verb
# does not pay
GENERIC_ACTIONS = frozenset(cached_stem(w) for w in fold("""
    оформить оформлять подключить подключать connect
""").split())
# the actions of handing a device back or exchanging it, which a device's page may mention only as
# a pointer to the procedure
HANDED_BACK = frozenset(cached_stem(w) for w in fold(
    "вернуть обменять сдать return exchange").split())
# A query word met only in an article's body covers that word partly when another candidate
# names it in its head: the body mentions many things in passing, the head says what the article
# is about (an app page that lists "parental control" among its features is not the
# parental-control article). When no candidate names the word in its head, a body mention is the
# best evidence there is and covers it fully (a rare word of one article's text); see
# _body_cover for how the discount fades when only broad head words claim it.
BODY_COVER = 0.4
HEAD_CLAIMS_FEW = 2  # candidates naming a word in their head: up to this many, a specific claim
HEAD_CLAIMS_BROAD = 8  # from this many on, a broad head word: a body mention covers it fully
TITLE_BONUS = 0.3
# A product or procedure whose head does not name the object the query names, when that word is
# what a product's title is about, answers about another thing: "роутер горит красным" is the
# router's light, though the box's page lists a red light and mentions the router in passing
NAMED_ELSEWHERE = 0.5
# A product whose title is about a number the query goes past ("скорость больше 500" and
# «Домашний 500») is not what is asked for
NAMED_PASSED = 0.5
# ... and the product next past it, the way the query goes ("с 300 на что-то побыстрее" is
# «Домашний 500», "дешевле 500-го" «Домашний 300»): the next figure a product's title is about
NEXT_TIER = 1.5
PRICE_IN_TITLE = 1.25  # a page whose title states a price, against a price question
# a product whose title states the very sum the query names ("тариф за 750" and «… за 750 ₽»)
PRICE_NAMED = 1.5
FORMAL_ROUTE = 0.5  # a difficult case when the caller asks for the official route
FORMAL_STEMS = frozenset(cached_stem(w) for w in fold(
    "официально письменно офіційно письмово officially formally претензия претензию написать"
    ).split())
CURRENCY_SIGNS = "₽₸₴$€"
PRICE_NOT_PROCEDURE = 0.6  # a procedure against a price question ("сколько стоит подключение")
PHRASE_MIN_WEIGHT = 0.8  # readings good enough to form a phrase (not typo corrections)

W_EXACT = 1.0
W_LAYOUT = 1.0
W_SYNONYM = 0.9
W_PREFIX = 0.85
W_TRANSLIT = 0.95
W_BRIDGE = 0.94  # the other language's stem for a word (a sure link: see BRIDGE_SURE)
BRIDGE_SURE = 0.65  # a bridge link this strong stands for the word fully; weaker ones partly
# An article in the other language than the query's ranks below one in the query's language that
# matches as well (it is shown when there is nothing better, e.g. written in one language only).
OTHER_LANGUAGE = 0.92
TRANSLATED_FULL = 0.84  # a translation this sure (a glossary one of a synonym too) covers fully
HOLD_RATIO = 0.8  # the article first one keystroke ago stays first against a leader this close
# … and while two letters are typed after finished words: they begin too many words to say much
HOLD_SHORT = 0.6
HOLD_WHOLE = 0.95  # … and once the word being typed reads whole: only a near tie
# the letters typed tell a new leader that has them in its head apart from the article held when
# that one meets them at most this well (only in its body, where a completion counts half)
TOLD_APART = 0.5
HOLD_FITTING = 0.6  # … and while it is half typed, when the word so far goes on in its head
FITTING_LETTERS = 6  # letters that make an article fitting them a choice (fewer fit too much)
W_TYPO = {1: 0.7, 2: 0.55}
TYPO_STEM_LETTERS = 4  # a shorter stem of a longer word is not probed for typo neighbours
W_ABBREVIATION = 0.75  # a finished word read as the words it begins ("абон" → "абонент")
W_COGNATE = 0.7  # an unknown word read as known words sharing its long beginning
COGNATE_LETTERS = 7  # the shortest beginning that makes two words cognates
ABBREVIATION_LETTERS = 3  # fewer letters begin too many words to be shorthand for one
W_ENDING_TYPO = 0.85  # a typo only in a Russian word's ending (the stem typed whole)
# a key that bounced (one letter doubled) or two side by side typed out of turn in a longer word:
# surely that word, as telling as a word typed right
W_KEY_SLIP = 0.88


@dataclass(slots=True)
class Group:
    """One word of the query and the stems that may stand for it, each with a weight."""

    word: str
    stem: str  # the word's own stem, known to the index or not (synonym sets match on it)
    alts: dict[str, float] = field(default_factory=dict)
    filler: bool = False  # a question or filler word: weighs little unless nothing else is typed
    action: bool = False  # a verb naming what the caller wants done
    typing: bool = False  # the word still being typed (no space after it yet)
    longer: bool = False  # (being typed) its letters also begin longer known words
    negation: bool = False  # "didn't", "not": weighs less than a topic word
    context: bool = False  # after "по поводу", "из-за", "about": the context of the request
    left_out: bool = False  # "без тв", "тв не нужно": what the caller does not want (weighs 0)
    translations: set[str] = field(default_factory=set)  # alts from the other language only
    rare_whole: float = 0.0  # (being typed) the weight its own rare reading keeps (see below)
    listed: bool = False  # (being typed) a one-word synonym-set entry beginning no longer word
    # (being typed, six letters or more) it begins no known word: read as a finished typo is
    mistyped: bool = False
    denied: bool = False  # negated: "не", "not", "didn't" right before it (see _negated)

    def add(self, term: str, weight: float) -> None:
        if weight > self.alts.get(term, 0.0):
            self.alts[term] = weight

    def add_translation(self, term: str, weight: float) -> None:
        """A stem of the other language standing for the word (glossary, bridge)."""
        if term not in self.alts:
            self.translations.add(term)
        self.add(term, weight)


@dataclass(slots=True)
class QueryPlan:
    groups: list[Group]
    lang: str | None  # the language the query was (most likely) typed in
    asks_price: bool = False  # "сколько стоит …", "сколько за …", "how much for …"
    sums: frozenset[str] = frozenset()  # the numbers said as sums ("за 750", "750 рублей")
    rough_sums: frozenset[str] = frozenset()  # sums said as a bit more ("пятьсот с чем-то")
    said: int = 0  # the words said, but stop words (known to the KB or not)

    @property
    def terms(self) -> set[str]:
        """The stems the query stands for (a phrase's words one by one)."""
        return {w for g in self.groups for t in g.alts for w in t.split()}

    @property
    def topic_terms(self) -> set[str]:
        """The stems of the words that are not filler ("если", "будет" say nothing of the topic)
        nor left out ("без тв", "тв не нужно" are not what to point at), or of all words when
        every word is filler."""
        return {w for g in self.groups if not (g.filler or g.left_out or g.word in WITHOUT_WORDS)
                for t in g.alts for w in t.split()} or self.terms


SLIP_CACHE = 4096  # words whose slips into synonym-set words are kept
ENTRY_NEGATIONS = frozenset(("не", "ни", "no", "never")) | NEGATION_WORDS  # "не пришел"


@dataclass(slots=True)
class SynonymSets:
    """Editor-maintained synonym sets, as stem sequences, ready to match queries."""

    sets: list[list[tuple[str, ...]]]
    # one-word entry → the other-script one-word entries of its sets (the glossary, by word)
    translations: dict[str, list[str]] = field(init=False, default_factory=dict)
    # first stem of an entry → the sets with such an entry (a query matches only those)
    by_first: dict[str, list[int]] = field(init=False, default_factory=dict)
    # a one-word entry as written (folded) → its stem: what a slip in slang is matched against
    spelt: dict[str, str] = field(default_factory=dict)
    _slips: dict[str, frozenset[str]] = field(init=False, default_factory=dict, repr=False,
                                              compare=False)
    # every stem of every entry: words of slang no article uses are still words
    stems: frozenset[str] = field(init=False, default=frozenset())
    # the entries written negated ("не пришел"): the negation is a stop word, so they match only
    # a query word said negated too ("мастер пришёл вечером" is no no-show)
    negated: frozenset[tuple[int, tuple[str, ...]]] = frozenset()  # (set, entry)

    def __post_init__(self) -> None:
        self.stems = frozenset(t for phrases in self.sets for p in phrases for t in p)
        for i, phrases in enumerate(self.sets):
            for first in dict.fromkeys(p[0] for p in phrases):
                self.by_first.setdefault(first, []).append(i)
        for phrases in self.sets:
            single = [p[0] for p in phrases if len(p) == 1]
            for t in single:
                other = [o for o in single if is_cyrillic(o) != is_cyrillic(t)]
                if other:
                    self.translations.setdefault(t, []).extend(other)

    def slips(self, word: str) -> frozenset[str]:
        """The stems of the one-word entries one edit from ``word``. Cached: the finished words
        of a query are read again on every keystroke (any thread; a lost race only recomputes)."""
        found = self._slips.get(word)
        if found is None:
            found = frozenset(stem for near in edits1(word)
                              if (stem := self.spelt.get(near)) is not None)
            if len(self._slips) > SLIP_CACHE:
                self._slips.clear()
            self._slips[word] = found
        return found

    @classmethod
    def compile(cls, raw: Sequence[Sequence[str]]) -> SynonymSets:
        compiled = []
        spelt: dict[str, str] = {}
        negated: set[tuple[int, tuple[str, ...]]] = set()
        for phrases in raw:
            seqs = list(dict.fromkeys(tuple(stems(p)) for p in phrases))
            seqs = [s for s in seqs if s]
            if len(seqs) >= 2:
                compiled.append(seqs)
                for p in phrases:
                    one = words(p)
                    found = stems(p)
                    if len(one) == 1 and len(found) == 1:
                        spelt[one[0]] = found[0]
                    if len(one) > 1 and one[0] in ENTRY_NEGATIONS and found:
                        negated.add((len(compiled) - 1, tuple(found)))
        return cls(compiled, spelt, negated=frozenset(negated))


def _contains(seq: Sequence[str], sub: tuple[str, ...]) -> int:
    n = len(sub)
    for i in range(len(seq) - n + 1):
        if tuple(seq[i : i + n]) == sub:
            return i
    return -1


PHRASE_GAP = 2  # words that may stand between two words of a phrase ("call the caller back")


def _find_spread(seq: Sequence[str], sub: tuple[str, ...]) -> list[int] | None:
    """Positions of the words of ``sub`` in ``seq``, in order, with at most :data:`PHRASE_GAP`
    other words between neighbours (an object inside a phrasal verb, a word between the parts of
    a Russian phrase); the earliest such match, or None."""
    for start, word in enumerate(seq):
        if word != sub[0]:
            continue
        found = [start]
        for part in sub[1:]:
            last = found[-1]
            nxt = next((j for j in range(last + 1, min(len(seq), last + 2 + PHRASE_GAP))
                        if seq[j] == part), None)
            if nxt is None:
                break
            found.append(nxt)
        if len(found) == len(sub):
            return found
    return None


def _word_group(word: str, lexicon: Lexicon, typing: bool, weight: float) -> Group:
    s = cached_stem(word)
    group = Group(word, s)
    begins = len(word) >= MIN_PREFIX or word.isdigit()  # the KB has few numbers: one digit tells
    if typing and not begins:
        return group  # the first letter of a new word: anything may follow
    if s in lexicon:
        group.add(s, weight)
    if not typing and (s in lexicon or s in FAMILY_FORMS):
        for t in _verb_forms(s, lexicon, told=word.endswith(PAST_ENDS)):
            group.add(t, W_VERB_FORM * weight)
    if not typing and (verb := _verb_of(word)) is not None and verb in lexicon:
        group.add(verb, W_VERB_FORM * weight)
    cut_only = False  # the half word begins known words only through its stem
    if typing and begins:
        prefix_weight = W_PREFIX * weight * min(1.0, 0.5 + len(word) / 10)
        for probe in dict.fromkeys((word, s, *_ing_stems(word))):
            if probe == s and s not in _beginnings(group):
                continue  # "роу" begins "роутер": its two-letter stem "ро" would begin anything
            found = lexicon.completions(probe, completion_cap(probe))
            if not found:
                continue
            cut_only = probe == s != word and not group.alts and s not in lexicon
            if probe == word and any(len(t) > len(word) for t in found):
                group.longer = True
            # the words operators most likely mean are the frequent ones: a rare completion
            # counts, but less
            top = lexicon.rank(found[0]) or 1
            # the letters spell a rare word but begin one the KB uses far more ("пристав" is
            # "приставка" on its way): the rare word weighs as its rank among the completions
            if (probe == word and s in lexicon and found[0] != s
                    and lexicon.rank(s) * RARE_WHOLE_RATIO <= top):
                group.rare_whole = prefix_weight * (
                    1.0 - PREFIX_RARITY + PREFIX_RARITY * math.sqrt(lexicon.rank(s) / top))
                group.alts[s] = group.rare_whole
            # a half word that may become a verb naming an action most likely does: operators
            # type requests ("приостан…" is "приостановить" as often as the commoner noun)
            acting = len(word) >= ACTION_PREFIX_LETTERS and s not in lexicon
            for t in found:
                if group.rare_whole and t == s:
                    continue
                share = 1.0 if acting and t in ACTION_STEMS else _frequency_share(lexicon, t, top)
                group.add(t, prefix_weight * share)
    # a word of when ("неделю", "вторник") is that word, never a typo of another one; so is a
    # person ("девушка", how callers address the operator, is no "дедушка")
    plain = word in STOP_WORDS or word in CIRCUMSTANCE_WORDS or word in PERSON_WORDS
    heard = ([] if group.alts or plain or not max_edits(word)
             else lexicon.heard_candidates(word))
    if heard:
        # a word written by ear reads as it sounds, however many letters that changes
        # (гаварит → говор), and not as a one-edit neighbour that only looks alike (авар); one
        # that begins known words, heard only as a stem of three letters, is as likely shorthand
        # ("родит" is «родительский» cut short as often as «радит» heard)
        for t in heard:
            group.add(t, (W_TYPO[1] if len(t) < TYPO_STEM_LETTERS < len(word)
                          and lexicon.completions(word, 1)
                          else W_KEY_SLIP if _bounced_typo(word, t, 1)
                          or (not typing and _undoubled_typo(word, t, 1))
                          else W_ENDING_TYPO) * weight)
        group.mistyped = typing and len(word) >= ONE_WAY_LETTERS
        # ... and when hearing takes two letters or more, one key dropped or swapped inside the
        # word that spells one the KB uses as often stands beside them, weaker ("посавить":
        # "поставить" one key short, or "посоветовать" by ear; a first letter is seldom the
        # slip: "гаварит" is no "аварит")
        slips = lexicon.typo_candidates((word, s), 1)
        if not any(t in slips for t in heard):
            most = max(lexicon.frequency(t) for t in heard)
            for t, d in slips.items():
                if t[0] == word[0] and lexicon.frequency(t) >= most:
                    group.add(t, W_TYPO[d] * weight)
    elif not group.alts and not plain:
        # a stem of three letters is one edit from too many others (ловит → лов → зов, нов)
        probes = (word, s) if len(s) >= TYPO_STEM_LETTERS or s == word else (word,)
        for t, d in lexicon.typo_candidates(probes, max_edits(word)).items():
            sure = _ending_typo(word, t, d) or _heard_typo(word, t, d)
            group.add(t, (W_KEY_SLIP if (_bounced_typo(word, t, d) or _swapped_typo(word, t, d)
                                         or (not typing and _undoubled_typo(word, t, d)))
                          else W_ENDING_TYPO if sure
                          else W_TYPO[d]) * weight)
        if not max_edits(word) and len(word) == SHORT_SWAP_LETTERS:
            for t in _short_slips(word, lexicon):
                group.add(t, W_TYPO[1] * weight)
        group.mistyped = typing and bool(group.alts) and len(word) >= ONE_WAY_LETTERS
        if typing and not group.alts and len(word) > TYPO_PREFIX_MIN:
            # a typo in the half-typed word: the words its one-edit readings begin
            typo_weight = W_TYPO[1] * weight * min(1.0, 0.5 + len(word) / 10)
            for t in lexicon.typo_completions(word):
                group.add(t, typo_weight)
    elif cut_only and len(word) >= ONE_WAY_LETTERS and not plain:
        # a long half word whose letters begin nothing, only its stem cut short does, may be a
        # finished word mistyped in its ending: «рекламай» is «рекламой» as often as
        # «рекламация» on its way
        for t, d in lexicon.typo_candidates((word, s), max_edits(word)).items():
            if t not in group.alts and _ending_typo(word, t, d):
                group.add(t, W_ENDING_TYPO * weight)
    elif (not typing and len(word) >= RARE_TYPO_LETTERS and group.alts.get(s, 0.0) >= weight
          and lexicon.frequency(s) <= max(1, lexicon.docs // RARE_TYPO_DOCS)):
        # a typo in the middle of a word may leave a stem that exists, but only in passing
        # (обратый → обрат, as in обратиться): the one-edit readings stand beside it, weaker
        for t, d in lexicon.typo_candidates((word, s), 1).items():
            if lexicon.frequency(t) > lexicon.frequency(s):
                group.add(t, W_TYPO[d] * weight)
    if (not typing and not plain and len(word) >= ABBREVIATION_LETTERS and s not in lexicon
            and (not group.alts or is_cyrillic(word))
            and all(w < W_ENDING_TYPO * weight for w in group.alts.values())):
        # a finished word no article has and no sure typo explains is shorthand ("абон",
        # "подтв": no "пода" mistyped): it stands for the words it begins, the frequent ones most
        _add_frequent(group, lexicon, lexicon.completions(word, completion_cap(word)),
                      W_ABBREVIATION * weight)
    if not typing and not group.alts and not plain and is_cyrillic(word):
        # a long word no article has, no typo explains, that shares a long beginning with known
        # words is their cognate ("идентифицировать" beside "идентификация")
        # (six letters do when they are more than half the word)
        least = COGNATE_LETTERS - 1 if len(word) < 2 * (COGNATE_LETTERS - 1) else COGNATE_LETTERS
        for n in range(len(s) - 1, least - 1, -1):
            found = lexicon.completions(s[:n], completion_cap(s[:n]))
            if found:
                _add_frequent(group, lexicon, found, W_COGNATE * weight)
                break
        # ... or would, but for the consonant its verb's forms alternate there ("приглашённого"
        # beside "пригласить")
        alternated = [] if group.alts else [
            s[:i] + other for i in range(least - 1, min(len(s), least + 1))
            for other in ALTERNATING.get(s[i], ())]
        for begin in alternated:
            _add_frequent(group, lexicon, lexicon.completions(begin, completion_cap(begin)),
                          W_COGNATE * weight)
    return group


# consonants a Russian verb's forms alternate ("пригласить" / "приглашать", "заряд" / "заряжать")
ALTERNATING = {"ш": ("с", "х"), "ж": ("з", "д", "г"), "ч": ("т", "к"), "щ": ("ст", "ск")}


# The stemmer keeps the person ending of a verb whose stem ends in a consonant ("привезёт",
# "привезут", "привезти", "привезли" stay four stems): the same verb in another form.
VERB_ENDINGS = ("ет", "ут", "ют", "ит", "ат", "ят", "т", "л")
VERB_BASE_MIN = 4  # letters left before the ending (shorter: a noun as often as a verb)
W_VERB_FORM = 0.85


# the forms of a verb whose stems differ («пришёл», «придёт», «прийти», «приходит»), and of a verb
# that means the same here (a technician who comes also arrives, «приехал»): one verb to tell a
# title's denial from what the query says, in either language
_VERB_FAMILY_TEXT = {
    "arrive": "пришёл придёт придут приходит прийти приехал приедет приедут приезжает приехать "
              "came come arrive",
    "bring": "везёт везут везти привезёт привезут привезти привёз привезли доставит доставят "
             "bring brings brought",
}
VERB_FAMILIES = {cached_stem(fold(w)): verb for verb, forms in _VERB_FAMILY_TEXT.items()
                 for w in forms.split()}
# each such stem's sister forms in its own language ("прийт" → "пришл", "придет", "приеха"): a
# word in one form meets an article saying another
FAMILY_FORMS = {s: tuple(o for o, v in VERB_FAMILIES.items()
                         if v == verb and o != s and is_cyrillic(o) == is_cyrillic(s))
                for s, verb in VERB_FAMILIES.items()}


# the endings of a Russian past ("приезжал", "пришли"): a visit told, not the one awaited
PAST_ENDS = ("л", "ла", "ли", "ло")
# forms whose stems the stemmer keeps apart from their verb's: an imperative in "-ьте"
# ("проверьте" is "проверить") or of a verb in "-нуть" ("верните" is "вернуть"), a verb in
# "-азать" or "-исать" with its «з» turned «ж» or «с» turned «ш» ("откажусь", "закажу", "напишу")
VERB_OF_FORM = (("ьте", "ить"), ("ните", "нуть"), ("ажусь", "азаться"), ("ажемся", "азаться"),
                ("ажу", "азать"), ("ажем", "азать"), ("ишу", "исать"), ("ишет", "исать"),
                ("ишем", "исать"), ("ишут", "исать"), ("ишите", "исать"))


def _verb_of(word: str) -> str | None:
    """The stem of the verb ``word`` is such a form of (:data:`VERB_OF_FORM`), or None."""
    for told, verb in VERB_OF_FORM:
        if word.endswith(told) and len(word) - len(told) >= VERB_BASE_MIN - 1:
            return cached_stem(word[:-len(told)] + verb)
    return None


IMPERFECTIVE_VA = "ава"  # the suffix of an imperfective made of a verb in "-дать" ("подавать")
IMPERFECTIVE_BASE = 3  # letters left without "ва" ("сда"; "дава" is no "да")
# ... and of a verb in "-тить" whose «т» turns to «ч» ("оплачивать" is "оплатить" ongoing)
IMPERFECTIVE_CHIVA = ("ачива", "ат")


def _verb_forms(stem: str, lexicon: Lexicon, told: bool = False) -> list[str]:
    """The other forms of the verb a Cyrillic stem ending in a person ending may be, that the
    lexicon knows (``привезет`` → ``привезут``, ``привезт``, ``привезл``), the sister forms of a
    verb whose stems differ (``прийт`` → ``придет``; not for a past ``told``, a visit that was), or
    the perfective of an imperfective in "-авать" (``подава`` → ``пода``) or "-ачивать"
    (``оплачива`` → ``оплат``)."""
    if stem in FAMILY_FORMS:
        return [] if told else [f for f in FAMILY_FORMS[stem] if f in lexicon]
    if not is_cyrillic(stem):
        return []
    if stem.endswith(IMPERFECTIVE_VA) and len(stem) - 2 >= IMPERFECTIVE_BASE:
        # "подавать" is "подать" ongoing, "сдавать" "сдать"
        return [stem[:-2]] if stem[:-2] in lexicon else []
    ongoing, done = IMPERFECTIVE_CHIVA
    if stem.endswith(ongoing) and len(stem) - len(ongoing) >= IMPERFECTIVE_BASE:
        perfective = stem[:-len(ongoing)] + done
        return [perfective] if perfective in lexicon else []
    # (a one-letter ending names a form to look for, never one to cut: too many stems end so)
    for end in VERB_ENDINGS[:-2]:
        base = stem[: -len(end)]
        if stem.endswith(end) and len(base) >= VERB_BASE_MIN and base[-1] not in RU_VOWELS:
            return [f for f in (base + e for e in VERB_ENDINGS) if f != stem and f in lexicon]
    return []


def _add_frequent(group: Group, lexicon: Lexicon, found: Sequence[str], weight: float) -> None:
    """Each of the stems ``found`` (most frequent first) at ``weight``, the rarer ones less."""
    top = (lexicon.rank(found[0]) or 1) if found else 1
    for t in found:
        group.add(t, weight * _frequency_share(lexicon, t, top))


def _frequency_share(lexicon: Lexicon, term: str, top: float) -> float:
    """The share of a completion's weight its frequency earns against the commonest completion's
    rank ``top``: 1 for that one, down to ``1 - PREFIX_RARITY`` for the rarest."""
    return 1.0 - PREFIX_RARITY + PREFIX_RARITY * math.sqrt(lexicon.rank(term) / top)


def _likely_filler(typed: Group) -> bool:
    """Whether a half word that begins a filler word most likely becomes one: no completion of it
    that is a topic word weighs more than its filler ones (``скол`` is ``сколько``; ``инт`` is
    ``интернет`` far more often than ``интересует``). When the KB uses none of the filler words
    it may become, there is nothing to weigh against: it is read as filler."""
    filler = max((w for t, w in typed.alts.items() if t in FILLER_STEMS), default=None)
    return filler is None or all(w <= filler for t, w in typed.alts.items()
                                 if t not in FILLER_STEMS)


# the words of the plans' names that a number follows («Домашний 500», "Turbo 1000")
PLAN_NAME_WORDS = frozenset(fold("домашний домашнего домашнем домашньому турбо home turbo").split())
# words after which a number word being typed is the number ("тариф на сто", "мегабит за сто",
# "домашний сто": a plan's name goes on with its number)
NUMBER_LEADS = frozenset(fold("""
    на за до от около примерно по где мегабит мбит мегабита рублей руб for about under over
""").split()) | PLAN_NAME_WORDS
ACTION_PREFIX_LETTERS = 5  # fewer letters begin too many words to be read as an action yet


def _may_be_action(typed: Group) -> bool:
    """Whether a half word (:data:`ACTION_PREFIX_LETTERS` or more, not yet a whole known word) may
    become a verb naming an action: one of its completions is such a verb's stem (``приостан`` →
    ``приостановить``); a reading two edits away says too little (``накатать`` is no
    ``заказать``)."""
    return (len(typed.word) >= ACTION_PREFIX_LETTERS and not _whole_word(typed)
            and any(t in ACTION_STEMS and w > W_TYPO[2] for t, w in typed.alts.items()))


def _ending_typo(word: str, stem: str, edits: int) -> bool:
    """Whether a one-edit reading of an unknown Russian word keeps the whole stem as typed and
    only mends the ending (``жалобц`` → ``жалоб``): the word is surely that stem."""
    return (edits == 1 and is_cyrillic(word) and len(stem) >= ENDING_TYPO_STEM
            and word.startswith(stem) and len(word) - len(stem) <= ENDING_TYPO_LETTERS)


ENDING_TYPO_STEM = 4  # letters a stem needs for a mended ending to read as surely that stem
ENDING_TYPO_LETTERS = 2  # letters of a mistyped ending after the stem
# letters Russian spelling by ear confuses: voiced and voiceless consonants (a final "д" sounds
# "т") and "ы" for "и" (after "ц", "ж", "ш")
_SOUND_ALIKE = {a: b for pair in ("бп", "вф", "гк", "дт", "жш", "зс", "иы")
                for a, b in (tuple(pair), tuple(pair[::-1]))}


def _heard_typo(word: str, stem: str, edits: int) -> bool:
    """Whether a one-edit reading of an unknown Russian word swaps one letter for one that sounds
    alike (``переезт`` → ``переезд``, ``акцыи`` → ``акции``): a word spelt by ear is surely that
    word, like a mended ending."""
    if edits != 1 or not is_cyrillic(word):
        return False
    return any(cached_stem(f"{word[:i]}{alike}{word[i + 1:]}") == stem
               for i, letter in enumerate(word) for alike in _SOUND_ALIKE.get(letter, ""))


def _bounced_typo(word: str, stem: str, edits: int) -> bool:
    """Whether a one-edit reading of an unknown word drops one of two like letters side by side
    (``переезвонить`` → ``перезвон``, ``сколлько``): a key that bounced, surely that word."""
    if edits != 1:
        return False
    return any(word[i] == word[i + 1] and cached_stem(word[:i] + word[i + 1:]) == stem
               for i in range(len(word) - 1))


def _undoubled_typo(word: str, stem: str, edits: int) -> bool:
    """Whether a one-edit reading of an unknown word doubles one of its letters back
    (``расуждает`` → ``рассужда``, ``обещаный``): a double letter typed once, surely that word
    once finished (a word still being typed may just not have its second letter yet)."""
    if edits != 1:
        return False
    return any(cached_stem(word[:i + 1] + word[i] + word[i + 1:]) == stem
               for i in range(1, len(word)))


# a word this short, too short for typo readings, that begins no known word may still be two
# letters swapped inside it ("slwo" for "slow"): the known words the swap gives back
SHORT_SWAP_LETTERS = 4


def _inner_swaps(word: str) -> list[str]:
    """``word`` with two different letters side by side swapped, never the first letter (seldom
    the slip)."""
    return [word[:i] + word[i + 1] + word[i] + word[i + 2:]
            for i in range(1, len(word) - 1) if word[i] != word[i + 1]]


def _short_slips(word: str, lexicon: Lexicon) -> list[str]:
    """The words the lexicon knows, whole, that ``word`` spells with two inner letters swapped
    back or with a vowel dropped put back ("ordr": "order"; a stem cut from the reading is too
    often another word's: «день» is no «днеь», «дней»)."""
    vowels = RU_VOWELS if is_cyrillic(word) else "aeiou"
    dropped = [word[:i] + v + word[i:] for i in range(1, len(word) + 1) for v in vowels]
    return [w for w in dict.fromkeys(_inner_swaps(word) + dropped)
            if cached_stem(w) == w and w in lexicon]


def _swapped_typo(word: str, stem: str, edits: int) -> bool:
    """Whether a one-edit reading of an unknown word of :data:`SWAP_SURE_LETTERS` or more swaps
    two letters side by side back (``перезвоинть`` → ``перезвон``): two fingers out of turn,
    surely that word."""
    return (edits == 1 and len(word) >= SWAP_SURE_LETTERS
            and any(cached_stem(w) == stem for w in _inner_swaps(word)))


SWAP_SURE_LETTERS = 6  # a shorter word with two letters swapped is as often another word


def _add_cut_stem(group: Group, lexicon: Lexicon, synonyms: SynonymSets) -> None:
    """A half word typed past the end of its stem into an ending the stemmer cannot read yet
    (``подрубитьс``, ``задолжнос``) begins no stem: the stem of its longest beginning (up to
    :data:`CUT_LETTERS` letters shorter, at least :data:`CUT_KEEP` long) that the lexicon knows
    stands for it, as a completion would. The group's stem becomes that stem, so synonym sets
    match it as they will once the word is finished (a stem only they know is taken too)."""
    word = group.word
    for cut in range(1, CUT_LETTERS + 1):
        head = word[:-cut]
        if len(head) < CUT_KEEP:
            return
        for s in dict.fromkeys((cached_stem(head), head)):
            if len(s) < CUT_KEEP:
                continue
            if s in lexicon:
                group.stem = s
                group.add(s, W_PREFIX)
                return
            if s in synonyms.by_first:
                group.stem = s
                return


CUT_LETTERS = 3  # letters of a half-typed ending a stem may leave off
CUT_KEEP = 5  # letters the beginning keeps at least
ACTION_STEMS = frozenset(cached_stem(w) for w in ACTION_WORDS)  # and nouns sharing a stem
FILLER_STEMS = frozenset(cached_stem(w) for w in FILLER_WORDS)
FILLER_BEGINNINGS = frozenset(w[:n] for w in FILLER_WORDS for n in range(4, len(w) + 1))
# what follows is missing, not asked (Ukrainian "немає", Kazakh "жоқ" folded)
ABSENCE_WORDS = frozenset(["нет", "без", "no", "without", "немае", "нема", "жок"])
WITHOUT_WORDS = frozenset(["без", "without"])
ABSENT = {"без": "нет", "without": "no", "no": "no"}  # the absence a «без» of a state says
ONLY_WORDS = frozenset(["only", "just"])  # "internet only": what else is named is left out
NEITHER = "ни"  # twice in a query, "ни интернета ни тв": neither … nor, an absence ("нет")
# English "neither … nor" states the same absence: both words read as "no"
NEITHER_NOR_EN = ("neither", "nor")
# after «ни» these say where («ни с компа ни с телефона»): on which device, not what is missing
PLACE_PREPOSITIONS = frozenset(
    ["с", "со", "на", "в", "во", "из", "через", "on", "from", "with", "in"])
# "keeps buffering", "kept dropping": before a verb's -ing form these say it goes on, not what
CONTINUING_WORDS = frozenset(["keep", "keeps", "kept", "keeping"])
# a formal request's frame, "рассмотреть возможность …": the possibility is only asked for (a
# technical possibility, where the line reaches, stays a topic)
CONSIDER_WORDS = frozenset(fold("рассмотреть рассмотрите изучить изучите").split())
POSSIBILITY_WORDS = frozenset(fold("возможность возможности").split())
# before a number these say when ("после шести", "after 6"): a time, not the topic; before a
# word of when ("после субботы") they add nothing to it
TIME_BEFORE_NUMBER = frozenset(fold("после після after before").split())
# a meal after those is a time of day: Ukrainian "після обіду" folds to the Russian "обиду", an
# offence, as typed it is lunch
LUNCH_STEM = cached_stem("обед")
MEALTIME_WORDS = frozenset(fold("обеда обеду обед обіду обіда обід lunch dinner").split())
# after a number, how often ("два раза", "2 times"): a circumstance, like "дважды"
TIMES_WORDS = frozenset(["раз", "раза", "times"])
# an ordinal before "раз" counts the calls or tries so far ("третий раз звоню", "second time")
ORDINAL_TIMES = frozenset(fold("""
    второй третий четвертый пятый шестой десятый который энный сотый second third fourth fifth
""").split())
ORDINAL_TIMES_WORDS = frozenset(["раз", "time"])
# after a number other than one, for how long ("два месяца", "3 дня", "two weeks"): a circumstance
# ("первый месяц за 1 ₽" and "1 month free" stay a topic: one period is what an offer names)
DURATION_WORDS = frozenset(fold("""
    месяца месяцев дня дней суток часа часов недели недель года лет місяці місяців днів тижні
    days weeks months years hours
""").split())
# "через час", "через неделю": how soon (with a number too: "через 2 дня")
LATER_WORDS = frozenset(["через"])
# a step said as the time of a question ("перед оформлением заказа", "before signing up")
BEFORE_STEP_WORDS = frozenset(["перед", "прежде", "before"])
LATER_UNITS = frozenset(fold("""
    час минуту минут минуты полчаса пару день неделю месяц год
""").split())
# a price question ("сколько", "how much", "скільки", "қанша") followed by paying: "сколько платить
# за приставку" asks what the box costs, not how to pay
PRICE_QUESTION_WORDS = frozenset(fold(
    "сколько скока скоко почем much скільки скіки скіко қанша").split())
PRICE_WORD_BEGUN = 2  # letters of a price word typed after a price question that tell it
# words that ask a price: a procedure (how to place an order) tells no price, a product page does
PRICE_WORDS = frozenset(fold("""
    стоит стоить стоимость стоимости цена цену цены почем price prices cost costs коштує тұрады
    ціна ціну ціни баға бағасы
    плата плату платы абонплата абонплату абонплаты абонка fee fees
""").split())
# how dear a thing is ("cheap mobile plan", «дешёвый мобильный тариф»): it ranks the things of
# the topic, it is no topic of its own (the cheapest home plan is not the answer to a mobile one)
PRICE_LEVEL_STEMS = frozenset(cached_stem(w) for w in fold("""
    дешевый дешевле подешевле попроще дешево недорогой недорого дорогой дороже дорого
    cheap cheaper cheapest expensive pricey
""").split())
# "сколько за X", "much for X", and with the money named between: "скільки гроші за приставку"
PRICE_PAIRS = frozenset((q, p) for q in PRICE_QUESTION_WORDS for p in ("за", "for"))
# the units of a sum ("500 рублей", "500 rubles"; "₽" reads as «рубль»)
CURRENCY_WORDS = frozenset(fold("""
    рубль рубля рублей руб р тенге гривен гривень грн rub ruble rubles rouble roubles tenge
""").split())
MONEY_WORDS = frozenset(fold("""
    деньги денег деньгами бабки бабок бабла гроші грошей ақша money
""").split()) | CURRENCY_WORDS
NON_PAYMENT = ("неуплат", "non payment")  # the stems of «неуплата» and "non-payment"
DEBT_STEMS = frozenset(cached_stem(w) for w in fold(
    "долг долга долги долгов задолженность задолженности неуплата неуплаты debt debts").split())
CUT_OFF_STEMS = frozenset(cached_stem(w) for w in fold("""
    заблокировали заблокирован заблокированы блокировка блокируют отключили отключен отключены
    отключают ограничили ограничен приостановили отрубили вырубили blocked suspended disconnected
    cut
""").split())
NEGATED_PAYING = 0.5  # what a negated verb of paying still says of paying (how to pay)
PAY_WORDS = frozenset(fold("""
    платить заплатить оплатить платим платят плачу заплачу оплачу платит оплачивать
    платил платила платили оплатил оплатила оплатили заплатил заплатила заплатили
    платити заплатити оплатити сплатити pay paid paying
    внести внес внесла внесли
""").split())
# a request already placed ("оставил заявку", "заявка оформлена", "filed a complaint"): the caller
# asks what became of it, not how to place one. The past forms of placing, and the nouns of a
# request, an order or a complaint they must come with
PLACED_WORDS = frozenset(fold("""
    оставил оставила оставили оставлял оставляла оставляли оставлена оставлено
    оформил оформила оформили оформлял оформляла оформляли оформлена оформлено
    подал подала подали подавал подавала подавали подана подано
    отправил отправила отправили отправлял отправляла отправляли отправлена
    написал написала написали писал писала писали
    залишив залишила залишили подав оформив
    оформленный оформленная оформленную оформленного оставленный оставленная оставленную
    поданный поданная поданную отправленный отправленная отправленную
    обработан обработана обработано обработали обработаны processed
    рассмотрен рассмотрена рассмотрено рассмотрели рассмотрены reviewed
    left placed filed submitted lodged sent made raised opened
""").split())
REQUEST_WORDS = frozenset(fold("""
    заявка заявку заявки заявкой заявке заявок заявочка заявочку заказ заказа заказы заказом
    заказу заказе
    обращение обращения обращением обращению обращении жалоба жалобу жалобы жалобой жалобе
    претензия претензию претензии претензией заявление заявления заявлением скаргу скарга заявкою
    скаргою
    request requests order complaint complaints application ticket claim
""").split())
# the caller, the verbs of saying that frame what the caller said, and the words that open what
# was said ("говорит, что …", "спрашивает, как …", "says that …")
CALLER_WORDS = frozenset(fold("""
    абонент абонентка клиент клиентка звонящий звонящая caller customer subscriber client
""").split())
# an operator's shorthand for the caller in notes and queries («аб. просит перезвонить»), too
# short for the completions that read longer shorthand («абон»)
SHORTHAND = {"аб": "абонент", "кл": "клиент"}
# a price question typed without its soft sign ("сколко") is still that question: its stem is the
# same, so no typo reading mends it, and the rules that read price questions see it now
SOFTLESS_QUESTIONS = {w.replace("ь", ""): w for w in PRICE_QUESTION_WORDS if "ь" in w}
# (after the caller these frame whatever follows: asking, and English saying; «говорит» alone may
# be how the caller speaks)
FRAMING_ALONE = frozenset(fold("""
    says said asks asked tells told спрашивает спрашивают спросил спросила спросили интересуется
    уточняет питає
""").split())
REPORTING_WORDS = FRAMING_ALONE | frozenset(fold("""
    говорит говорят сказал сказала сказали утверждает каже
""").split())
# (these frame only what «что» or "that" opens: "рассказывает, что сын уехал"; "рассказывает всю
# жизнь", "рассказывает, как выбирал" are the long story itself)
TELLING_WORDS = frozenset(fold("""
    рассказывает рассказывают рассказал рассказала рассказали объясняет объясняют розповідає
    explains explained
""").split())
TOLD_OPENERS = frozenset(fold("что that").split())
# who else may be speaking through the operator or be the caller ("муж жалуется…", "звонит
# пенсионер, хочет…"): an adult the query reports, whose words are the query (a child calling is
# a situation of its own and is not here)
PERSON_WORDS = frozenset(fold("""
    муж жена мама папа отец бабушка бабуля дедушка дед пенсионер пенсионерка старушка
    старик сосед соседка мужчина женщина девушка парень родители родитель
    husband wife mother mom mum father dad grandma granny grandpa grandmother grandfather
    neighbour neighbor man woman lady guy pensioner
    чоловік дружина бабуся дідусь батько сусід сусідка
""").split())
PERSON_STEMS = frozenset(cached_stem(w) for w in PERSON_WORDS)
# a child a request is for ("тариф сыну", "для ребенка"), not a child calling
FOR_CHILD_WORDS = frozenset(fold("""
    ребенку ребёнку сыну дочке дочери дочи школьнику школьнице внуку внучке детям малышу подростку
    сыночку доньці сину дитині
""").split())
CHILD_AFTER_FOR = frozenset(fold("""
    ребенка ребёнка сына дочки дочери школьника школьницы внука внучки детей малыша подростка
    kid kids child children son daughter
""").split())
# children counted ("двое подростков", "трое детей", "two kids"): a household's, not a child calling
CHILD_COUNTS = frozenset(fold("""
    двое трое четверо пятеро двоих троих четверых пятерых 2 3 4 5 two three four five
""").split())
COUNTED_CHILDREN = frozenset(fold("""
    детей дети ребят ребятишек подростков подростка подростки школьников школьника школьники
    сыновей сына дочерей дочки внуков внука внучек kids children teenagers teens sons daughters
""").split())
# what a reported person does before what they say or want ("жалуется", "просит", "хочет")
REPORTED_ACTS = FRAMING_ALONE | frozenset(fold("""
    жалуется жалуются жаловался жаловалась просит просят хочет хотят требует требуют пишет
    complains complained wants asks
""").split())
# "звонит пенсионер": the call itself, before who is calling
CALLING_WORDS = frozenset(fold("""
    звонит звонила звонил позвонил позвонила позвонили звонят дзвонить calls called calling
""").split())
REPORTED_OPENERS = frozenset(fold("""
    что чтобы как сколько где когда почему зачем можно ли какой какая какие
    that if whether how what when where why which
""").split())
STATUS_STEMS = {"ru": cached_stem("статус"), "en": cached_stem("status")}
# a question after a request the caller has ("где моя заявка", "что с заказом", "как там моя
# жалоба", "where is my order"): the words that open it, the possessives that may follow
STATUS_OPENERS = (("где",), ("что", "с"), ("что", "со"), ("как", "там"), ("where", "is"),
                  ("where", "s"), ("what", "about"), ("what", "happened", "to"), ("how", "is"),
                  ("что", "там"), ("че", "там"), ("чо", "там"), ("шо", "там"), ("як", "там"),
                  ("де",), ("где", "там"), ("де", "там"))
# between the opener and the request: "что там по заявке", "шо там з замовленням"
STATUS_LINKS = frozenset(["по", "с", "со", "з", "із", "зі", "with", "on"])
REQUEST_PRONOUNS = frozenset(fold("ним ней нею ними him it them").split())
OWNER_WORDS = frozenset(fold("""
    моя мой мое моё мою моей моего моим моем моём наша наш наше нашу нашей нашего нашим нашем
    my our
    его ее её их his her their
""").split())
RARE_TYPO_LETTERS = 6  # a finished word this long whose stem is rare may still be a typo
RARE_TYPO_DOCS = 500  # "rare": in at most one article per this many (at least one)


MIN_PREFIX = 2  # a single letter completes to too much to mean anything


def completion_cap(prefix: str) -> int:
    """How many completions a typed prefix stands for: few for two letters (the most frequent
    words), more as the prefix narrows down (a rare word the operator means is still found)."""
    return PREFIX_CAP if len(prefix) < 4 else 3 * PREFIX_CAP


RARE_WHOLE_RATIO = 4  # a completion this many times commoner than the word typed is likelier
PREFIX_RARITY = 0.4  # how much less the rarest completion of a prefix weighs than the most frequent
PREFIX_SURE_LETTERS = 4  # typed letters after the first at which a partial word weighs fully
SHORT_WORD = 2  # a whole word this short may still be the start of a longer one
STOP_BEGINNINGS = frozenset(w[:n] for w in STOP_WORDS for n in range(1, len(w)))
SHORT_STEM_PROBE = 4  # a shorter stem of a half word that begins longer words begins no more
PARTIAL_BOOST = 2.0  # how much a half-typed last word can lift the articles it matches


def _ing_stems(word: str) -> tuple[str, ...]:
    """An English word typed into its "-ing" ending ("movi", "movin") has left its stem ("move"
    drops the e): the stem of the "-ing" form it is becoming, when the letters allow one."""
    if len(word) < ING_MIN or is_cyrillic(word) or not word.isalpha():
        return ()
    if word.endswith("in"):
        return (cached_stem(word + "g"),)
    if word.endswith("i"):
        return (cached_stem(word + "ng"),)
    return ()


ING_MIN = 4  # letters an "-ing" beginning needs ("doi" is not "doing" yet)


def _reading_base(group_words: list[str], lexicon: Lexicon, typing_last: bool,
                  synonyms: SynonymSets, spelt: bool = True) -> tuple[float, list[str]]:
    """How plausible one reading of a chunk is without typo correction, and its unresolved words.

    Known stems count fully (two-letter ones like stop words: ``ли`` typed is not ``kb``),
    completions (3+ letters) of the word being typed partly, stop words a little; one-letter
    pieces count nothing: in the wrong layout a word splits at punctuation keys into such pieces,
    which would otherwise outvote a real word. Russian spelt in Latin letters counts only when
    ``spelt`` (the Latin letters were typed): Cyrillic typed on the wrong layout and spelling
    Russian in Latin letters is two slips at once (``еще`` is not ``tot``, «тот»)."""
    score = 0.0
    unresolved = []
    for i, w in enumerate(group_words):
        typing = typing_last and i == len(group_words) - 1
        if w in STOP_WORDS or len(w) == 1:
            score += 0.25 if w in STOP_WORDS else 0.0
        elif len(w) <= SHORT_WORD and cached_stem(w) in lexicon:
            score += 0.25  # two letters spell something in either layout: weak evidence
        elif (cached_stem(w) in lexicon or (typing and w in lexicon)
              or _one_word_entry(cached_stem(w), synonyms)):
            # a half word that is itself a stem ("задолжен") reads as one; so does slang the
            # synonyms know though no article uses it ("спидтест")
            score += W_EXACT
        elif typing and len(w) >= MIN_PREFIX + 1 and lexicon.completions(w, 1):
            score += W_PREFIX
        elif spelt and _translit_known(w, lexicon):
            # Russian spelt in Latin letters ("ushel") is a reading too; a function word so
            # spelt is as weak as a stop word ("ty" is what "ен" gives on the other layout), and
            # so is any of two letters ("ye", "ну" on the other layout, spells "е")
            weak = transliterate(w) in STOP_WORDS or len(w) <= SHORT_WORD
            score += 0.25 if weak else W_TRANSLIT
        elif max_edits(w):
            unresolved.append(w)
    return score, unresolved


def _translit_known(word: str, lexicon: Lexicon) -> bool:
    """Whether a Latin word read as transliterated Russian is a known stem (or a stop word)."""
    cyrillic = transliterate(word)
    return cyrillic != word and (cyrillic in STOP_WORDS or cached_stem(cyrillic) in lexicon)


def _reading_scores(typed: list[str], other: list[str], lexicon: Lexicon,
                    synonyms: SynonymSets, typing: bool) -> tuple[float, float]:
    """Plausibility of the as-typed and the other-layout reading; one-edit typo corrections add
    credit only where they could change which reading wins (they cost a lexicon scan)."""
    readings = [_reading_base(typed, lexicon, typing, synonyms),
                _reading_base(other, lexicon, typing, synonyms,
                              spelt=not any(map(is_cyrillic, typed)))]
    scores = []
    for (base, unresolved), (rival_base, _) in (readings, readings[::-1]):
        if unresolved and base <= rival_base < base + W_TYPO[1] * len(unresolved):
            base += W_TYPO[1] * sum(
                1 for w in unresolved
                if lexicon.typo_candidates((w, cached_stem(w)), max_edits(w))
            )
        scores.append(base)
    return scores[0], scores[1]


def _follow_layout(typed: list[str], other: list[str], switched: list[bool], lexicon: Lexicon,
                   k_typed: float, k_other: float) -> tuple[float, float]:
    """The reading scores of the chunk being typed, when it is one word after words all read in
    one layout: it is read in that layout alone while it starts known words there (``где мой ку``
    is not ``re``; two letters spell something in either layout, the words before tell which;
    ``приложение пише`` is «пишет» on its way, not ``gbit``: the layout seldom changes mid-query,
    and a finished word reads both ways again)."""
    if len(typed) != 1 or len(other) != 1:
        return k_typed, k_other
    if all(switched) and lexicon.completions(other[0], 1):
        return -1.0, max(k_other, 0.0)
    if not any(switched) and lexicon.completions(typed[0], 1):
        return max(k_typed, 0.0), -1.0
    return k_typed, k_other


# a key of a Russian letter that types a mark in the Latin layout (ё, х, ъ, ж), between Latin
# letters: the word was typed in the wrong layout, whatever the letters around it spell
INNER_LAYOUT_KEY_RE = re.compile(r"[a-z][`\[\];{}~][a-z]", re.IGNORECASE)
FINISHING_MARKS = ("…", "..")
# a particle after a hyphen ends its word: "как-то?" is typed out, no «то…» on its way
WHOLE_PARTICLES = ("-то", "-нибудь", "-либо")


def plan_query(text: str, lexicon: Lexicon, synonyms: SynonymSets,
               bridge: TermBridge | None = None) -> QueryPlan:
    """The groups of alternative stems for ``text`` (see the module docstring)."""
    if not text or len(text) > MAX_QUERY_CHARS:
        return QueryPlan([], None)
    chunks, shortened = _marked_shortenings([_read_noise(c) for c in text.split()])
    # ("растор." is finished, and so is a word an ellipsis or a particle ends: what follows it is
    # a new word; a question mark may end a word still being thought of, a verb the question
    # trails off with, which only confirms what the words before found)
    typing_at_end = not (text[-1].isspace() or text.endswith(FINISHING_MARKS)) and not (
        chunks and (fold(chunks[-1]).rstrip(TRAILING_MARKS) in shortened
                    or fold(chunks[-1]).rstrip(TRAILING_MARKS).endswith(WHOLE_PARTICLES)))
    chunks = _split_run_together(_unglue_sums(_join_thousands(chunks)), lexicon, synonyms)
    if typing_at_end and chunks:
        chunks[-1:] = _split_typed_number(chunks[-1], lexicon)
    chunks, typed_number = _read_numbers(chunks, typing_at_end, lexicon)
    groups: list[Group] = []
    langs: list[str] = []
    said: list[str] = []  # the words read so far, stop words included (context markers)
    context_from: int | None = None  # the first group after a context marker
    context_to: int | None = None  # the first group after the clause that marker opened
    asked_from: int | None = None  # the first group of a question after a told story
    asked_said = 0  # ... and its first word said
    clause: tuple[int, int] | None = None  # where the latest clause began: groups, words
    clauses: list[tuple[int, int]] = [(0, 0)]  # where every clause began: groups, words
    switched: list[bool] = []  # per chunk read one way: whether in the other layout
    spelt_latin = False  # a finished word read only as Russian spelt in Latin letters
    passive: set[str] = set()  # English words telling what was done to the caller, no request
    for ci, chunk in enumerate(chunks):
        typing = typing_at_end and ci == len(chunks) - 1
        if ci > 0 and not typing and _proper_name(chunk, lexicon):
            said.extend(words(chunk))
            continue  # "у Игоря абонент …": a colleague's name, no typo of a known word
        typed_all = _read_as_russian(_join_cant(words(chunk)), lexicon, synonyms, typing,
                                     said[-1] if said else "")
        # (figures are never a layout slip: "22:00" is a time, "1,5" a number, no «22ж00»)
        other_all = (typed_all if typed_all and all(w.isdigit() for w in typed_all)
                     else words(switch_layout(chunk)))
        k_typed, k_other = _reading_scores(typed_all, other_all, lexicon, synonyms, typing)
        if INNER_LAYOUT_KEY_RE.search(chunk) and len(other_all) < len(typed_all):
            k_other = max(k_other, k_typed + 1.0)  # "cx`ne" is «счёту», no "cx" and "ne"
        if typing and switched:
            k_typed, k_other = _follow_layout(typed_all, other_all, switched, lexicon,
                                              k_typed, k_other)
        typed = [w for w in typed_all if w not in STOP_WORDS or typing]
        other = [w for w in other_all if w not in STOP_WORDS or typing]
        main, extra = (other, typed) if k_other > k_typed else (typed, other)
        # (a «не» the reading itself gave, «келмеді» → «не приехать», negates its word too)
        read_all = other_all if main is other else typed_all
        denied_here = {w for before, w in pairwise(read_all)
                       if before == "не" and w not in STOP_WORDS}
        if k_typed != k_other:
            switched.append(k_other > k_typed)
        lang = query_language(" ".join(main))
        if lang:
            langs.append(lang)
        # both readings when both are known, or when neither is (typos then apply to both)
        aligned = len(main) == len(extra) and (min(k_typed, k_other) > 0 or k_typed == k_other)
        for i, w in enumerate(main):
            last = typing and i == len(main) - 1
            if (last and not groups and len(w) <= SHORT_WORD and w in STOP_BEGINNINGS
                    and w not in lexicon):
                continue  # "мн", "во" alone: a function word on its way more often than not
            if w in STOP_WORDS and (not last or w in WHOLE_PRONOUNS):
                continue  # "у него" typed last is finished: it begins no topic word
            if not last and w not in lexicon and transliterate(w) in STOP_WORDS:
                continue  # "v", "na": a Russian function word spelt in Latin letters
            g = _word_group(w, lexicon, last, W_EXACT)
            if last and typed_number is not None and typed_number[0] in lexicon:
                g.add(*typed_number)  # "сто" being typed: the number, or "стоимость"
            if aligned:
                alt = _word_group(extra[i], lexicon, last, W_LAYOUT)
                for t, wt in alt.alts.items():
                    g.add(t, wt)
            said_as = w  # the word as read: a Latin word spelling Russian reads as that Russian
            if g.stem not in lexicon or (last and spelt_latin):
                # after Russian spelt in Latin letters ("rastorgnut dog"), the word being typed
                # is most likely spelt so too, though its letters also begin English words
                russian = _add_transliteration(g, lexicon, last)
                if russian is not None and g.stem not in lexicon:
                    said_as = russian
            spelt_latin = spelt_latin or (not last and g.stem not in lexicon and any(
                is_cyrillic(t) for t in g.alts) and not is_cyrillic(w))
            if (last and all(wt < W_PREFIX for wt in g.alts.values()) and w not in STOP_WORDS
                    and g.stem not in synonyms.by_first):
                # letters typed past a known stem read as that stem before any typo reading
                _add_cut_stem(g, lexicon, synonyms)
            _add_compound_part(g, lexicon)
            _add_comparative(g, lexicon, synonyms)
            if not last:
                _add_noun_forms(g, lexicon)
                _add_undiminished(g, lexicon)
            _add_unepenthetic(g, lexicon)
            if not last:
                _add_abbreviation(g, lexicon)
            if w in shortened:
                _read_shortened(g, lexicon, shortened[w])
            if max(g.alts.values(), default=0.0) < W_TYPO[1]:
                _add_listed_slip(g, synonyms, last)
            if last and not g.alts:
                _add_listed_completion(g, synonyms, lexicon)
            g.filler = w in FILLER_WORDS or (last and w in FILLER_PREFIXES
                                             and _likely_filler(g))
            if (g.filler and last and typed_number is not None and typed_number[0] in g.alts
                    and said and said[-1] in NUMBER_LEADS):
                g.filler = False  # "мегабит на сто": the number, not "стоит" on its way
            if w in FILLER_WORDS and g.stem not in lexicon and not last:
                # a question word no article has ("скільки") is that word, not a slip from one
                g.alts = {t: wt for t, wt in g.alts.items() if wt > W_TYPO[1]}
            g.typing = last
            corrected = _sole_correction(g)
            if corrected in FILLER_STEMS and is_cyrillic(corrected) == is_cyrillic(w):
                # "сколлько": a question word mistyped is still one ("moile" spelt in Cyrillic
                # letters and mended to "мои" is no question word of an English query)
                g.filler = True
            done = _done_to_caller(said_as, said, spelt_latin=said_as != w)
            if done and not is_cyrillic(said_as):
                passive.add(g.word)
            g.action = (said_as in ACTION_WORDS
                        or (not last and cached_stem(said_as) in ACTION_STEMS)
                        or (not last and _verb_of(said_as) in ACTION_STEMS)
                        or (not last and _corrected(g) in ACTION_STEMS)
                        or (last and _may_be_action(g))
                        ) and not done
            g.negation = w in NEGATION_WORDS
            g.context = w in CIRCUMSTANCE_WORDS or cached_stem(w) in PRICE_LEVEL_STEMS
            g.denied = _negated(
                [x for x in said + main[:i] if x == "не" or x not in STOP_WORDS][-3:]
            ) or _was_due((said + main[:i])[-DUE_REACH:]) or w in denied_here
            groups.append(g)
        said.extend(other_all if k_other > k_typed else typed_all)
        if context_from is None and context_starts(said) is not None:
            context_from = len(groups)
        if chunk.endswith(CLAUSE_ENDS):
            clause = (len(groups), len(said))
            clauses.append(clause)
            if context_from is not None and context_to is None and context_from < len(groups):
                context_to = len(groups)
        elif (asked_from is None and clause is not None and len(said) - clause[1] <= ASK_AT
              and _asks_how(said[clause[1]:])
              and not any(c.endswith("?") for c in chunks[:ci])  # a question is no story,
              and not any(w in WISH_WORDS for w in said[:clause[1]])):  # nor a wish
            asked_from, asked_said = clause
    _read_reported_speech(groups, said)
    _read_reported_person(groups, said)
    _read_whom_for(groups, said)
    _read_better_deal(groups, said)
    put_off = max(_read_put_off(groups, said),
                  _read_corrected(groups, said, {w for _, w in clauses}))
    if context_from is not None and any(not g.filler for g in groups[put_off:context_from]):
        # the topic came before the marker: the rest is its context, but for a debt after a
        # block or a cut-off, which is what they are about ("заблокировали услуги из-за долга";
        # "орёт из-за долга" is a shouting caller)
        cut_off = any(g.stem in CUT_OFF_STEMS for g in groups[:context_from])
        for g in groups[context_from:context_to]:
            g.context = not (cut_off and g.stem in DEBT_STEMS)
    _read_neither_nor(groups, lexicon)
    _read_neither_places(groups, said)
    if synonyms.sets:
        guessed = [dict(g.alts) if g.stem not in lexicon else {} for g in groups]
        _add_synonyms(groups, synonyms, lexicon)
        if (groups and groups[-1].typing and not groups[-1].longer
                and len(groups[-1].word) > CUT_STEM_WORD):
            typed_last = groups[-1]
            typed_last.listed = _one_word_entry(typed_last.stem, synonyms)
        for g, guesses in zip(groups, guessed, strict=True):
            if guesses and (g.listed or not g.typing) and _one_word_entry(g.stem, synonyms):
                _drop_guesses(g, guesses)
        for g in groups:
            # the noun of an action ("доставка", "обмен") names it as its verb does, and so
            # does the noun a mistyped word corrects to ("досавка")
            if g.action or g.typing or g.word in passive:
                continue
            sure = _reading(g, synonyms)[1]
            if any(math.isclose(w, W_SYNONYM * sure) and t in ACTION_STEMS
                   for t, w in g.alts.items()):
                g.action = True
    for g in groups[:put_off]:
        g.action = False  # (nor is the noun of an action put off a request)
    for before, g in pairwise(groups):
        if before.word in CURRENCY_WORDS and g.word in PAID_PERIODS:
            g.context = True  # "99 рублей в месяц": how often that sum is paid
        if before.word in ABSENCE_WORDS or (before.word == NEITHER and before.negation):
            g.action = False  # "нет подключения", "no connection": a state, not a request
        if before.word in CONSIDER_WORDS and g.word in POSSIBILITY_WORDS:
            g.filler = True  # "рассмотреть возможность повышения скорости": the speed
        if before.word in CONTINUING_WORDS and g.word.endswith("ing"):
            before.filler = True  # "the app keeps crashing" is the crash; "keep my number" stays
        if before.word in TIME_BEFORE_NUMBER and any(
                t.isdigit() and w >= W_EXACT for t, w in g.alts.items()):
            # "после шести", "after 6": a time of day, said by the number; "после" adds nothing
            before.filler, g.context = True, True
        elif before.word in TIME_BEFORE_NUMBER and g.word in CIRCUMSTANCE_WORDS:
            before.filler = True  # "после субботы": the weekday says when
        if before.word in BEFORE_STEP_WORDS and g.action:
            # "перед оформлением заказа", "before signing up": when the question comes, not the
            # request it is
            before.filler = True
            g.action, g.context = False, True
        if before.word in LATER_WORDS and (g.word in DURATION_WORDS or g.word in LATER_UNITS
                                            or any(t.isdigit() for t in g.alts)):
            g.context = True  # "через час", "через 2 дня": when, not what
        if before.word in PERIOD_PLACE_WORDS and g.word in PERIOD_WORDS:
            before.context = g.context = True  # "в прошлом месяце", "last month"
        if g.word in DAY_OF_MONTH_WORDS and (before.word in ORDINAL_DAYS
                                              or any(t.isdigit() for t in before.alts)):
            before.context = g.context = True  # "третьего числа", "с 5 числа": when
        counted = any(t.isdigit() for t in before.alts)
        if (g.word in TIMES_WORDS and counted) or (
                g.word in DURATION_WORDS and counted and "1" not in before.alts) or (
                g.word in ORDINAL_TIMES_WORDS and before.word in ORDINAL_TIMES):
            # "два раза", "два месяца", "третий раз": how often, how long
            before.context = g.context = True
    paid_asked = _read_price_questions(groups)
    _read_whether_paid(groups, said)
    _read_paying_now(groups, said)
    _read_current_plan(groups, said)
    _read_plan_switch(groups, said)
    _read_mealtimes(groups, said)
    _read_clock_times(groups, said)
    _read_bounds(groups, said, {w for _, w in clauses})
    _read_range(groups, said)
    _read_measured_speed(groups, said)
    _read_differences(groups, said)
    _read_paying_less(groups, said)
    _read_sums(groups)
    _read_young_age(groups, said)
    _read_by_phone(groups, said)
    _read_set_aside(groups, said)
    _read_street_address(groups, said, lexicon)
    if bridge:
        _add_bridge(groups, bridge, lexicon)
    _add_derived_nouns(groups, lexicon)
    _add_derived_translations(groups, synonyms, bridge, lexicon)
    _read_non_payment(groups)
    _read_left_out(groups)
    _read_not_but_just(groups, said, {w for _, w in clauses})
    _read_needs(groups)
    _read_not_asking(groups)
    _read_not_knowing_how(groups, said)
    _read_placed_requests(groups)
    _read_carried_back(groups, said)
    _read_steered_back(groups, said)
    _read_refused_action(groups)
    _read_wished_action(groups)
    _read_later_steps(groups, said)
    _read_asked_after_story(groups, asked_from, said[asked_said:])
    _read_done_action(groups)
    _read_order_placed(groups)
    _read_status_questions(groups, said)
    _read_caller_as_context(groups)
    _read_business_caller(groups, said)
    _read_one_after_another(groups, said)
    _read_deal_with(groups, said)
    _read_ordered_call(groups, said)
    _read_refund(groups, said)
    _read_one_for_thing(groups, said)
    _read_coming_over(groups, said)
    _read_asked_after_told(groups, said)
    _read_turn_to_us(groups, said)
    _read_already_done(groups, said, clauses)
    _drop_echoes(groups)
    for g in groups:
        if g.rare_whole:
            _cap_rare_readings(g, lexicon)
    groups = _cap_groups([g for g in groups if g.alts])
    marks = _read_punctuation(text)
    if marks:
        # what the questions fired one after another ask is their context (after many of them,
        # no more than filler: the firing is the situation); so is what is said with a pause
        # after every word
        fired = text.count("?") >= RAPID_FIRE
        for g in groups:
            g.context = True
            g.filler = g.filler or fired
    groups[:0] = marks
    heard = _heard_notes(text)
    if heard and any(g.word in heard for g in groups):
        # "…как мне… [треск] …через личный кабинет": a note of what the operator heard, pasted
        # with the caller's words, names the situation; the words around it are its context
        for g in groups:
            g.context = g.word not in heard
    if all(g.filler for g in groups):
        for g in groups:  # nothing but filler: then the filler is the query
            g.filler = False
    # the language of what the words were read as ("rastorgnut" is Russian typed in Latin)
    # by the letters of the words (a Russian query with an acronym, "статичекий ip", is Russian)
    # a word known only through a translation (a glossary word no article uses) still says the
    # language it was typed in: its translation does not vote; nor does the sign of a sum, read
    # as «рубль» in either language ("500 ₽", "500 rubles")
    votes: dict[str, int] = {}
    for g in groups:
        own = [t for t in g.alts if t not in g.translations] or [g.word]
        best = max(own, key=lambda t: (g.alts.get(t, 0.0), t))
        if (best.replace(" ", "").isalpha() and g.word not in CURRENCY_WORDS
                and g.word not in PUNCTUATION_READINGS):
            read = "ru" if is_cyrillic(best) else "en"
            votes[read] = votes.get(read, 0) + len(g.word)
    if not votes:
        for read in langs:
            votes[read] = votes.get(read, 0) + 1
    if not votes and (script := query_language(text)):
        votes[script] = 1  # "пятьсот", read as 500, still says which language it was typed in
    lang = max(sorted(votes), key=votes.__getitem__) if votes else None
    asks_price = paid_asked or any(w in PRICE_WORDS for w in said) or any(
        pair in PRICE_PAIRS for pair in pairwise(w for w in said if w not in MONEY_WORDS)) or (
        # "сколько сто…": the price asked, its word still being typed
        typing_at_end and len(said) > 1 and said[-2] in PRICE_QUESTION_WORDS
        and len(said[-1]) >= PRICE_WORD_BEGUN and any(p.startswith(said[-1]) for p in PRICE_WORDS))
    return QueryPlan(groups, lang, asks_price, _said_sums(said), _read_rough_sums(groups, said),
                     sum(1 for w in said if w not in STOP_WORDS))


# what a number before them counts is a speed or a volume, not a sum ("за 300 мегабит")
VOLUME_UNITS = frozenset(fold("мбит мегабит мегабита мегабитами гб гиг гига гигабайт mbit mbps gb"
                              ).split())


RUBLE_STEM = cached_stem("рубль")
SUM_LEADS = frozenset(fold("за около примерно районе for about around").split())


# a sum told as what two prices differ by ("разница двести рублей", "переплачивать 200 рублей")
# is the price of nothing
DIFFERENCE_WORDS = frozenset(fold("""
    разница разницы разницей разницу переплачивать переплатить переплата переплаты доплатить
    доплата доплачивать difference
""").split())
DIFFERENCE_REACH = 3  # words before a sum a difference word may stand


def _told_as_difference(said: Sequence[str], k: int) -> bool:
    """Whether the number ``said[k]`` is told as what two prices differ by."""
    return bool(DIFFERENCE_WORDS & set(said[max(0, k - DIFFERENCE_REACH):k]))


def _said_sums(said: Sequence[str]) -> frozenset[str]:
    """The numbers of ``said`` told as sums: before a currency ("750 рублей") or after «за»,
    «около», "for" with no unit of speed or volume after them ("тариф за 750", "в районе 950");
    not what two prices differ by."""
    return frozenset(w for k, w in enumerate(said) if w.isdigit() and (
        (k + 1 < len(said) and said[k + 1] in CURRENCY_WORDS)
        or (k > 0 and said[k - 1] in SUM_LEADS
            and not (k + 1 < len(said) and said[k + 1] in VOLUME_UNITS)))
        and not _told_as_difference(said, k))


# a sum said as a bit more than a round figure ("пятьсот с чем-то", "с небольшим", "500-odd")
ROUGH_TAILS = frozenset(fold("небольшим чем копейками хвостиком лишним гаком odd").split())
ROUGH_SPAN = 1.3  # a price this far above the figure said is "a bit more"


def _read_rough_sums(groups: list[Group], said: list[str]) -> frozenset[str]:
    """The figures said as a bit more than themselves ("за пятьсот с чем-то"): a sum, not a plan's
    figure (the «500» names no «Домашний 500»), so left out, with their tail words filler."""
    rough = set()
    tails = set()
    for k, w in enumerate(said[:-1]):
        if not w.isdigit():
            continue
        tail = said[k + 2] if said[k + 1] == "с" and k + 2 < len(said) else said[k + 1]
        if tail in ROUGH_TAILS:
            rough.add(w)
            tails.add(tail)
    for g in groups:
        if g.word in rough:
            g.left_out = True
        elif g.word in tails:
            g.filler = True
    return frozenset(rough)


def _rough_price_fits(title: str, rough: frozenset[str]) -> bool:
    """Whether a price in ``title`` (its stems) is a bit more than a figure of ``rough``."""
    if not rough:
        return False  # (most queries: no title is read for prices then)
    prices = [int(n) for n in re.findall(rf" (\d+) {RUBLE_STEM} ", title)]
    return any(int(n) <= p <= int(n) * ROUGH_SPAN for n in rough for p in prices)


# a past plural with no one named ("отключили", "заблокировали", "списали") tells what was done
# to the caller, a state, unless wished ("чтобы отключили", "отключили бы"); so does a reflexive
# past plural or neuter ("всё отключилось": "отказался" is what the caller did)
DONE_ENDING = ("ли", "лись", "лось")
# a short passive participle ("договор оформлен на маму", "интернет отключен") tells a state
PARTICIPLE_ENDING = ("лен", "лена", "лено", "лены", "чен", "чена", "чено", "чены")
# ... and so does a future plural ("когда отключат", "заблокируют за долг"): what will be done
TO_BE_DONE_ENDING = ("ат", "ят", "ут", "ют")
WISHED_BEFORE = frozenset(fold("чтобы чтоб бы хочу хочет хотим хотят нужно надо").split())
# an English passive ("my services were suspended", "got blocked") tells what was done too
PASSIVE_AUXILIARIES = frozenset(fold("was were been got gets is are").split())
PASSIVE_REACH = 3  # words from the auxiliary to the participle


def _done_to_caller(word: str, said: Sequence[str], spelt_latin: bool = False) -> bool:
    """Whether ``word``, just read after ``said``, tells an action done rather than asks one (a
    word read from Latin letters has lost its soft sign: "pomenyat" is no future plural)."""
    if word.endswith("ed") and not is_cyrillic(word):
        # (a question puts the auxiliary first: "why were my services suspended")
        return any(w in PASSIVE_AUXILIARIES for w in said[-PASSIVE_REACH:])
    ends = DONE_ENDING + PARTICIPLE_ENDING + (() if spelt_latin else TO_BE_DONE_ENDING)
    return (word.endswith(ends) and is_cyrillic(word) and len(word) > 4
            and not any(w in WISHED_BEFORE for w in said[-3:]))


def _cap_groups(groups: list[Group]) -> list[Group]:
    """At most :data:`MAX_GROUPS` of ``groups``: in a long story its first filler words go
    first, as many as need to, then its first words of context ("в прошлом месяце"), then its
    words read only as typos of others, then its last words."""
    extra = len(groups) - MAX_GROUPS
    if extra > 0:
        dropped = ([g for g in groups if g.filler]
                   + [g for g in groups if g.context and not g.filler]
                   + [g for g in groups if not (g.filler or g.context)
                      and max(g.alts.values(), default=0.0) <= W_TYPO[1]])[:extra]
        groups = [g for g in groups if all(g is not d for d in dropped)]
    return groups[:MAX_GROUPS]


# a line of several questions is a caller firing them one after another; words each trailing off
# into an ellipsis are a caller speaking slowly, with a pause after every word; read in both
# languages (the marks belong to neither)
PUNCTUATION_READINGS = {
    "???": ("много вопросов", "many questions"),
    "...": ("говорит медленно", "speaks slowly"),
    "… …": ("обрывки фраз", "line breaking up"),
}
MANY_QUESTIONS = 4  # question marks in one query (three are one topic asked three ways)
# a question asked on with «а» after the last ("а цена, а доставка, а гарантия?", "…, and do
# you deliver, and what about returns"): one more
ASKED_ON_RE = re.compile(r"(?:^|[,;?!])\s*(?:[аА]|[Aa]nd)\s")
# ... and so is each clause a question word opens ("How much, when, why so slow, and what about
# TV?", «сколько, когда, почему так медленно?»)
QUESTION_OPEN_RE = re.compile(
    r"(?:^|[,;?!])\s*(?:(?:and|а|и)\s+)?(?:how|what|when|why|where|сколько|когда|почему|зачем|"
    r"где|куда)\b", re.IGNORECASE)  # (not «что», «как»: after a comma they mostly join clauses)
RAPID_FIRE = 5  # question marks in one query that leave no single question the topic
PAUSES_MIN = 3  # ellipses in one query, after at least every other word
ELLIPSIS_RE = re.compile(r"\.\.+|…")
# words missing between two ellipses in a quote ("а… …по тарифу", "ваш… (шум) …ли"): what was
# not heard, with or without a note on why
GAP_RE = re.compile(r"\w(?:\.\.+|…)\s+(?:[(\[][^()\[\]]*[)\]]\s+)?(?:\.\.+|…)\w")


def _read_punctuation(text: str) -> list[Group]:
    """The groups a query's punctuation reads as (:data:`PUNCTUATION_READINGS`)."""
    found = []
    if max(text.count("?"), len(ASKED_ON_RE.findall(text)),
           len(QUESTION_OPEN_RE.findall(text))) >= MANY_QUESTIONS:
        found.append("???")
    pauses = len(ELLIPSIS_RE.findall(text))
    if GAP_RE.search(text):
        found.append("… …")  # (words not heard, however many pauses around them)
    elif pauses >= PAUSES_MIN and 2 * pauses >= len(words(text)):
        found.append("...")
    return [_mark_group(mark, PUNCTUATION_READINGS[mark]) for mark in found]


def _mark_group(mark: str, readings: Sequence[str]) -> Group:
    """The group of what a query shows rather than says (its punctuation, a shortfall), read as
    ``readings``."""
    g = Group(mark, mark)
    for phrase in readings:
        g.add(" ".join(stems(phrase)), W_SYNONYM)
    return g


# a note in square brackets between the words of a pasted quote ("[треск]", "[неразборчиво]");
# a bracket inside a word is a «х» or «ъ» typed in the other layout
HEARD_NOTE_RE = re.compile(r"(?:^|(?<=[\s….,!?]))\[([^\[\]]+)\](?=[\s….,!?]|$)")


def _heard_notes(text: str) -> set[str]:
    """The folded words of ``text``'s bracketed notes, if it has any and other words besides."""
    notes = HEARD_NOTE_RE.findall(text)
    if not notes or not HEARD_NOTE_RE.sub(" ", text).strip(" ….,!?"):
        return set()
    return {w for note in notes for w in words(note)}


def _proper_name(chunk: str, lexicon: Lexicon) -> bool:
    """Whether a finished word inside a query is a name: Cyrillic, capitalised, one word the KB
    does not know ("Игоря", "Марине"), nor a known word with a case ending ("от Безлимита": the
    stem of «Безлимит» is not that of «Безлимита»)."""
    found = words(chunk)
    return (len(found) == 1 and chunk[:1].isupper() and chunk[1:2].islower()
            and is_cyrillic(found[0]) and cached_stem(found[0]) not in lexicon
            and cached_stem(found[0][:-1]) not in lexicon
            and not lexicon.completions(found[0], 1))


def _read_as_russian(found: list[str], lexicon: Lexicon, synonyms: SynonymSets, typing: bool,
                     before: str) -> list[str]:
    """Ukrainian and Kazakh words no synonym set lists read as the Russian words they stand for
    (:mod:`kb.regional`), before anything else reads them: «перевірити» is then an action like
    «проверить», «гальмує» is «тормозит» wherever an article says so (a floor whose own articles
    use a regional word lists it in a synonym set: the set's reading is kept). A word unknown as
    typed that is a known one with Kazakh endings reads as that one («төлеуге», «тарифтің»); an
    operator's shorthand for the caller as the caller («аб.», «кл.»). The word being typed reads
    so only once its letters begin no known word («кл» may be «клиент» on its way), and then as
    the Russian word of the listed regional word it begins (:func:`russian_beginning`).
    ``before`` is the word read before ``found`` (a regional word may read by the one before it)."""

    def known(word: str) -> bool:
        # a loanword is its own stem ("интернет", "тариф"); a cut Russian word is not ("акцы")
        return (russian_reading(word) is not None or word in synonyms.spelt
                or (word in lexicon and cached_stem(word) == word))

    out = []
    for i, w in enumerate(found):
        if typing and i == len(found) - 1:
            # letters being typed that begin a known word, or already are one ("по телефону" is
            # no «телефонувати»), are that word on its way; those that begin only a listed
            # regional word are its Russian word on its way
            if lexicon.completions(w, 1) or cached_stem(w) in lexicon:
                out.append(w)
                continue
            begun = russian_beginning(w)
            if begun is not None and w not in synonyms.spelt:
                out.append(begun)
                continue
        if w not in synonyms.spelt and cached_stem(w) not in lexicon and russian_reading(w) is None:
            w = kazakh_base(w, known) or w
        if w == OTHER_OR_FRIEND and (found[i - 1] if i else before) in OTHER_LEADS:
            w = OTHER  # "в другом районе" is another district, no friend's
        russian = (SHORTHAND.get(w) or SOFTLESS_QUESTIONS.get(w)
                   or russian_reading(w, found[i - 1] if i else before))
        if russian is not None and w not in synonyms.spelt and kazakh_denied(w):
            out.append("не")  # «келмеді»: "не приехал"
        out.append(russian if russian is not None and w not in synonyms.spelt else w)
    return out


# «другом» is "other" after a preposition of place ("в другом районе"), "friend" otherwise
OTHER_OR_FRIEND, OTHER = fold("другом"), fold("другой")
OTHER_LEADS = frozenset(fold("в во на о об при").split())


NEEDED_WORDS = frozenset(fold("""
    нужно нужен нужна нужны надо требуется треба потрібно потрібен керек need needed want
""").split())


# "отдельно", "только" beside what the caller leaves out only say it again ("отдельно без тв")
ALONE_WORDS = frozenset(fold("""
    отдельно отдельный отдельная отдельное только одно один одна окремо лише тільки alone
    separately only own
""").split())
# «без» in set phrases says how, not what is left out: "спрашивает без остановки", "без понятия",
# "без лимита" (unlimited); "без связи", "без света" tell a state, an outage, never a plan's part
WITHOUT_IDIOMS = frozenset(fold("""
    остановки перерыва передышки конца умолку толку понятия проблем причины спросу конкретики
    вопроса вопросов сути лимита лимитов ограничений ограничения паузы пауз
    связи сети сигнала света электричества
""").split())


# a device or a place said right before «без» is described by what it lacks ("телевизор без
# смарта", "телефон без слота под симку", "дом без связи"): a state, nothing left out of a plan
HOLDER_STEMS = frozenset(cached_stem(w) for w in fold("""
    телефон смартфон мобильник телевизор телик ноутбук компьютер планшет дом квартира подъезд
    район здание офис дача phone smartphone laptop computer tablet house building flat
""").split())


# after a thing refused, these go on to what is wanted instead ("не хочу пакет, нужен только…")
WANTED_AFTER = ALONE_WORDS | NEEDED_WORDS | frozenset(fold("хочу хочет хотим хотят want").split())


def _read_left_out(groups: list[Group]) -> None:
    """What the caller leaves out, "300 мегабит без тв", "телевидение не нужно", "не нужно тв",
    "tv not needed", when the query names something else it does want: it speaks for no article (the
    bundle's "тв" does not lift it over the plan asked for). With an action asked, only what
    the action's object comes without: "подключить интернет без тв" leaves the tv out of what is
    connected, but "подключить без мастера" asks how to do without one, and "мобила без сети
    после смены симки" tells a state."""
    acting = any(g.action for g in groups)
    # ("internet only, no tv": beside "only", English "no" leaves out as "without" does; alone
    # it tells a state, "no internet")
    without = WITHOUT_WORDS | ({"no"} if any(g.word in ONLY_WORDS for g in groups) else set())
    for i, g in enumerate(groups):
        # (a quantifier between says the same: "без всякого тв")
        at = i - 2 if i > 1 and groups[i - 1].word in QUANTIFIER_WORDS else i - 1
        if at >= 0 and groups[at].word in without and g.word not in WITHOUT_IDIOMS:
            before = [o for o in groups[:at] if not o.filler]
            if acting and (not before or before[-1].action
                           or not any(o.action for o in before)):
                continue  # ("мобила без сети после смены симки": a state the action led to)
            if not acting and at > 0 and groups[at - 1].stem in HOLDER_STEMS:
                # (what it lacks is missing there: «без» reads as "нет", "no")
                groups[at].alts = {ABSENT[groups[at].word]: W_EXACT}
                groups[at].negation = True
                continue
            out = i
        elif acting:
            continue
        elif g.denied and i > 0 and g.word in NEEDED_WORDS and not (
                groups[i - 1].filler or groups[i - 1].negation):
            out = i - 1
        elif g.denied and i + 1 < len(groups) and (g.word in NEEDED_WORDS or (
                g.word in WISH_WORDS and not groups[i + 1].action
                and any(o.word in WANTED_AFTER for o in groups[i + 2:]))):
            # "не нужно телевидение, только интернет", "don't need tv"; "не хочу пакет, нужен
            # только интернет" (but "не хочу роутер в аренду" refuses the rent, not the router)
            out = i + 1
        else:
            continue
        if not groups[out].filler and any(
                k != out and not other.filler and other.word not in WITHOUT_WORDS
                for k, other in enumerate(groups)):
            groups[out].left_out = True
            head = groups[out + 1] if out + 1 < len(groups) else None
            if (head is not None and out == i and at == i - 2 and groups[at].word == "without"
                    and head.word.isalpha()
                    and not (head.filler or head.action or is_cyrillic(head.word))):
                head.left_out = True  # "without any TV channels": the English noun's head too
    if any(g.left_out for g in groups):
        for g in groups:
            if g.word in ALONE_WORDS or g.word == "without":
                # "300 мегабит отдельно без тв": alone says the leaving out again, and so does
                # "without" ("без" is also what the plans' own "без ТВ" says)
                g.filler = True


def _groups_before(groups: list[Group], said: list[str], k: int) -> int:
    """How many of ``groups`` were read from the words before ``said[k]`` (stop words say none)."""
    told = 0
    for w in said[:k]:
        if told < len(groups) and groups[told].word == w:
            told += 1
    return told


# "…, просто …", "…, только …": what the caller just wants, after what they say they do not do
JUST_WORDS = frozenset(fold("просто только лишь всего just only simply merely").split())
# ... and what the caller will not have pushed on them ("не впаривайте мне телевизор")
PUSHING_WORDS = frozenset(fold("""
    впаривайте впаривать впаривай навязывайте навязывать навязывай подсовывайте втюхивайте push
""").split())


def _read_not_but_just(groups: list[Group], said: list[str], clause_starts: set[int]) -> None:
    """What a caller denies doing or needing in the clause before a «просто», «только»
    ("договор не расторгаю, просто хочу сдать приставку", "симку менять не надо, только тариф
    подобрать") is left out: the request is what they just want after it."""
    j = next((k for k, w in enumerate(said) if k > 0 and w in JUST_WORDS), None)
    if j is None:
        return
    start = max((k for k in clause_starts if k < j), default=0)
    if start == j - 1 or start == j:  # («…, просто …»: the clause before the one it opens)
        start = max((k for k in clause_starts if k < j - 1), default=0)
    # the groups read from the words before the clause, and before «просто»
    first, told = _groups_before(groups, said, start), _groups_before(groups, said, j)
    denied = [g for g in groups[first:told] if g.denied and (
        g.action or g.word in NEEDED_WORDS or g.word in WISH_WORDS or g.word in PUSHING_WORDS)]
    wanted = [g for g in groups[told:] if not (g.filler or g.context or g.word in JUST_WORDS)]
    if not denied or not wanted:
        return
    # (a thing not wanted, needed or pushed on the caller is left out; an action not done is
    # context: "договор не расторгаю, просто переезжаю" still moves the contract)
    unwanted = any(not (g.action or (g.word in WISH_WORDS and _action_after(groups, g)))
                   for g in denied)
    for g in groups[first:told]:
        if not g.filler:
            g.action = False
            g.left_out = g.left_out or unwanted
            g.context = not g.left_out


def _action_after(groups: list[Group], g: Group) -> bool:
    """Whether the first word after ``g`` (filler aside) is an action ("не хочу расторгать")."""
    after = groups[next(i for i, o in enumerate(groups) if o is g) + 1:]
    return next((o.action for o in after if not o.filler), False)


# asking verbs frame a query as filler ("спрашивает про роутер"); negated they are the state
# described: a caller who asks nothing ("ничего не спрашивает", "doesn't ask")
ASKING_WORDS = frozenset(fold("""
    спрашивает спрашивают спросил спросила спросили спрашивал спрашивала спрашивали задает
    задаёт питає питають ask asks asked asking
""").split())


def _read_not_asking(groups: list[Group]) -> None:
    """A negated verb of asking ("ничего не спрашивает") says the caller asks nothing: a topic,
    not the frame of a question."""
    for g in groups:
        if g.word in ASKING_WORDS and g.denied:
            g.filler = g.context = False


# "я не знаю, как …", "оператор не знает, как …": the operator asking how to do something, the
# frame of a question like "как", not a topic (what a caller does not know stays one)
OPERATOR_WORDS = frozenset(fold("я оператор оператору i operator").split())
KNOWING_WORDS = frozenset(fold("знаю знает знаем know knows").split())
# (and a clause that asks how, where or whether one may act: see _asks_how)
HOW_WORDS = frozenset(fold(
    "как куда где можно можете як куди де можна how where can could").split())
NOT_WORDS = frozenset(fold("не don doesn dont doesnt").split())


def _read_not_knowing_how(groups: list[Group], said: list[str]) -> None:
    """The operator not knowing how to do something frames the question: filler."""
    framing = set()
    for k, w in enumerate(said[:-1]):
        before = [x for x in said[:k] if x != "t"][-2:]  # "don't" reads as "don", "t"
        if (w in KNOWING_WORDS and said[k + 1] in HOW_WORDS and len(before) == 2
                and before[0] in OPERATOR_WORDS and before[1] in NOT_WORDS):
            framing.add(w)
    for g in groups:
        if g.word in framing:
            g.filler = True


def _read_needs(groups: list[Group]) -> None:
    """A need said plainly is the request, as "хочу" is: "нужен интернет подешевле" asks for a
    cheaper plan, so "нужен" is filler beside a topic word. Negated it stays: "больше не нужен
    интернет" is leaving."""
    for g in groups:
        if (g.word in NEEDED_WORDS and not g.denied and not g.filler
                and any(not other.filler for other in groups if other is not g)):
            g.filler = True


WISH_WORDS = frozenset(fold("""
    хочу хочет хотим хотят хотел хотела хотели чтобы можно хочемо want wants wanted
""").split())
WISH_REACH = 3  # words before an action its wish may stand
# a thing's fault told before a wished action ("глючит, хочу поменять"): the reason for the request
FAULT_STEMS = frozenset(stems("""
    глючит тормозит зависает виснет висит барахлит сбоит лагает глюкнула
    глючить гальмує зависає glitches glitchy freezes lagging
"""))


def _read_refused_action(groups: list[Group]) -> None:
    """An action refused ("не хочу платить отдельно") is the caller's grievance, no procedure asked
    for: it names a topic like any word, but an article need not offer it."""
    for g, after in pairwise(groups):
        if g.denied and g.word in WISH_WORDS and after.action:
            after.action = False


def _read_wished_action(groups: list[Group]) -> None:
    """An action wished for ("хочет сдать приставку") is the request; an action told before it
    ("отказалась от тв") is its context, no request of its own."""
    # (its object may come between: "хочет письменную претензию оформить")
    wished = next((i for i, g in enumerate(groups) if g.action and not g.filler and any(
        groups[j].word in WISH_WORDS
        and not any(o.action and not o.filler for o in groups[j + 1:i])
        for j in range(max(0, i - WISH_REACH), i))), None)
    if wished is None:
        return
    for g in groups[:wished]:
        if g.action and not g.filler:
            g.action, g.context = False, True
        elif g.stem in FAULT_STEMS:  # "приставка глючит, хочу поменять": why it is asked
            g.context = True


# a day of the month ("третьего числа", "до 10 числа"): when, not what
DAY_OF_MONTH_WORDS = frozenset(fold("числа число числу числе числам").split())
ORDINAL_DAYS = frozenset(fold("""
    первого второго третьего четвертого пятого шестого седьмого восьмого девятого десятого
    пятнадцатого двадцатого двадцать тридцатого последнего
""").split())


# "временно отключить и потом вернуть тот же тариф": an action after these follows the request
THEN_WORDS = frozenset(fold("потом затем потім then afterwards").split())
THEN_REACH = 2  # words after "потом" its action may come ("потом можно вернуть")


def _read_later_steps(groups: list[Group], said: list[str]) -> None:
    """An action after "потом", "then", when an action is asked before it, is a later step of
    that request: its context, no request of its own."""
    actions = {g.word: g for g in groups if g.action and not g.filler}
    for k, w in enumerate(said):
        if w in THEN_WORDS and actions.keys() & set(said[:k]):
            for later in said[k + 1:k + 1 + THEN_REACH]:
                if later in actions:
                    actions[later].action, actions[later].context = False, True
                    break


# an order told as placed ("заказала приставку, когда привезут", "ordered a router"): what the
# caller asks about follows from it (its delivery, its status), the ordering is its story
ORDERED_WORDS = frozenset(fold("""
    заказал заказала заказали заказывал заказывала заказывали замовив замовила замовили ordered
""").split())
ORDER_STORY_WORDS = 2  # words besides the order, at least, for it to be their story


def _read_order_placed(groups: list[Group]) -> None:
    """An order told as placed is the context of what else the query names, when it names more
    than what was ordered (unless the query asks for its status: then the order is what the
    status is of)."""
    ordered = [g for g in groups if g.word in ORDERED_WORDS]
    if not ordered or any(t in STATUS_STEMS.values() for g in groups for t in g.alts):
        return
    # (more than the thing ordered: "заказал роутер" alone may still be placing the order)
    told = [g for g in groups if g.word not in ORDERED_WORDS and not (g.filler or g.context)]
    if len(told) >= ORDER_STORY_WORDS:
        for g in ordered:
            g.action, g.context = False, True


def _read_done_action(groups: list[Group]) -> None:
    """An English action told as done ("ordered a router") before another action asked later is
    the story of the request, its context: "… and wants to know whether they collect it". (Not
    the action's own object, "ordered connection"; a Russian past, «переехал», often is the
    topic itself.)"""
    later: int | None = None
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g.action and not g.filler:
            if later is not None and later > i + 1 and g.word.endswith("ed") and g.word.isascii():
                g.action, g.context = False, True
            later = i


# a clause that asks how, where or whether one may act, after a story told ("третий раз звоню,
# никто не решил, как мне пожаловаться", "роутер сломался, мне его можно поменять?"): the
# action asked is the request, the story its context (HOW_WORDS)
ASK_AT = 3  # the asking word is among a clause's first words
# "во сколько придёт мастер": when the visit is, asked after a story told
WHEN_WORDS = frozenset(fold("когда when").split())
AT_WHAT_TIME = (fold("во"), fold("сколько"))


def _asks_how(said: Sequence[str]) -> bool:
    """Whether ``said`` (a clause's first words) asks how, where, whether or when, or says what
    is needed ("…; оператору нужно завести заявку")."""
    return (any(w in HOW_WORDS or w in WHEN_WORDS or w in NEEDED_WORDS for w in said)
            or any(pair == AT_WHAT_TIME for pair in pairwise(said)))


CLAUSE_ENDS = (",", ";", ".", ":", "?", "!", "…")
STORY_GROUPS = 2  # words of a story, at least, before the question


# the endings of a word that describes a thing named after it: an adjective, a participle
DESCRIBING_ENDS = ("ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ed")


def _read_asked_after_story(groups: list[Group], asked_from: int | None,
                            asked: Sequence[str] = ()) -> None:
    """What is told before a clause asking how or where to do an action is its context; when the
    clause asks to give back or swap the thing told of by a pronoun ("…мигает красным. Его можно
    поменять?"), what was told of it after its name is only why, filler."""
    if asked_from is None:
        return
    told = [g for g in groups[:asked_from] if not g.filler]
    if len(told) < STORY_GROUPS or not any(
            g.action and not g.filler for g in groups[asked_from:]):
        return
    for g in told:
        g.action, g.context = False, True
    if (any(w in BACK_POINTERS for w in asked) or _swapped_for_new(asked)) and any(
            cached_stem(w) in SWAP_STEMS for w in asked):
        # (the thing's name may follow the words that describe it: "my rented router is broken")
        named = 0
        while named + 1 < len(told) and told[named].word.endswith(DESCRIBING_ENDS):
            named += 1
        for g in told[named + 1:]:
            g.filler = True
        for g in groups[asked_from:]:
            if g.stem in CHANGE_AS_SWAP:
                g.add(CHANGE_AS_SWAP[g.stem], W_SYNONYM * max(g.alts.values(), default=1.0))


# a verb of asking after a told state ("у клиента Домашний 100 и автоплатёж, спрашивает, сколько
# каналов в Оптимальном"): what follows it is the question, what came before only its context
ASKED_AFTER_TOLD = frozenset(fold("""
    спрашивает спрашивают интересуется интересуются уточняет уточняют питає цікавиться
    asks asking wonders
""").split())
# ... unless what came before is itself wanted ("хочет сразу интернет и тв и спрашивает, нет ли
# дешевле"), or what is asked points back at it ("…приложение, спрашивает, что в нём можно делать")
WANTING_WORDS = WISH_WORDS | REPORTED_ACTS | frozenset(fold("""
    собирается собираются планирует планируют просил просила wanting plans
""").split())
# a question the caller asked before, in a status question ("что с моим вопросом"): a request
QUESTION_NOUNS = frozenset(
    fold("вопрос вопросом вопросу вопроса питанням питання question").split())

# ... or what came before tells of the asking itself ("задаёт вопрос за вопросом")
QUESTIONING_WORDS = ASKING_WORDS | QUESTION_NOUNS | frozenset(fold(
    "вопросы вопросами вопросов questions").split())


# a turn from what the caller had elsewhere to what is asked here ("у прошлого провайдера было
# 100 мегабит, а у вас еле 20", "в МТС приходили смс, а у вас как узнать"): the words after it
TURN_TO_US = ("а", "у", "вас")
# ... told of another provider, by a word for one or for before, or by its name (the providers
# callers in Russia, Kazakhstan and Ukraine compare with)
ELSEWHERE_STEMS = frozenset(cached_stem(w) for w in fold("""
    провайдер провайдера прошлый прошлого прошлом раньше предыдущий предыдущего бывший бывшего
""").split())
# (a name is matched by its beginning: the stemmer cuts «Ростелеком» and «Ростелекома» apart)
PROVIDER_NAME_STARTS = tuple(w.rstrip("аеиоуыя") for w in fold("""
    ростелеком мтс билайн мегафон теле2 йота эртелеком казахтелеком киевстар
    укртелеком ланет beeline megafon tele2 yota kcell kyivstar lifecell rostelecom mts
""").split())


def _names_provider(word: str) -> bool:
    """Whether ``word`` (folded) names another provider, in any case form ("Ростелекома")."""
    return word.startswith(PROVIDER_NAME_STARTS)


def _read_turn_to_us(groups: list[Group], said: list[str]) -> None:
    """What a caller tells of another provider or of before, and then turns from with «а у вас»,
    is the context of what is asked after the turn (two words or more told, something asked
    after it that does not point back at them: "…роутер давали бесплатно, а у вас за него
    платить?" asks about the router still)."""
    k = next((i for i in range(len(said)) if tuple(said[i:i + 3]) == TURN_TO_US), None)
    if k is None or any(w in POINTERS_BACK for w in said[k:]) or not any(
            cached_stem(w) in ELSEWHERE_STEMS or _names_provider(w) for w in said[:k]):
        return
    told = _groups_before(groups, said, k)  # the groups read from the words before the turn
    asked = groups[told:]
    if (sum(1 for g in groups[:told] if not g.filler) < STORY_GROUPS
            or not any(not (g.filler or g.context) for g in asked)):
        return
    for g in groups[:told]:
        g.action, g.context = False, True


# a turn from what can wait to what is asked now ("роутер потом поменяю, но сейчас хочу узнать про
# пакет", "пульт ещё барахлит, но это потом, главное — …", "…, но сначала: …", "…, but first"):
# what comes before the turn is the caller's other matter, the context of what is asked after it
PUT_OFF_WORDS = frozenset(fold("""
    потом позже попозже подождет подождёт потім пізніше later wait
""").split())
PUT_OFF_TURNS = frozenset(fold("но а але однако but").split())
# ... said right after the turn: what is asked comes now or first
NOW_FIRST_WORDS = frozenset(fold("""
    сейчас сначала сперва главное зараз спочатку головне now first mainly
""").split())
# ... or what was told is put off right after it ("…, но это потом", "…, but that can wait")
PUT_OFF_POINTERS = frozenset(fold("это то that this it thats can").split())
PUT_OFF_REACH = 3  # words after the turn that may say the matter before it can wait


def _read_put_off(groups: list[Group], said: list[str]) -> int:
    """What a caller says can wait and then turns from ("…, может, потом поменяю, но сейчас …",
    "…, но это потом — …", "…, но сначала: …") is the context of what is asked after the turn,
    when something is asked after it; returns how many groups were put off (a context marker
    after them, "…, но сейчас хочу узнать про пакет", then opens no context of theirs)."""
    turn = None
    for k, w in enumerate(said[1:-1], start=1):
        if w not in PUT_OFF_TURNS:
            continue
        after = said[k + 1:k + 1 + PUT_OFF_REACH]
        put_off_after = (bool(after) and after[0] in PUT_OFF_POINTERS
                         and any(a in PUT_OFF_WORDS for a in after[1:]))
        first_now = after[0] in NOW_FIRST_WORDS
        if put_off_after or (first_now and (after[0] not in ("сейчас", "now", "зараз") or any(
                a in PUT_OFF_WORDS for a in said[:k]))):
            turn = k
            break
    if turn is None:
        return 0
    told = _groups_before(groups, said, turn)  # the groups read from the words before the turn
    asked = [g for g in groups[told:] if g.word not in PUT_OFF_WORDS | NOW_FIRST_WORDS]
    if not told or not any(not (g.filler or g.context) for g in asked):
        return 0
    for g in groups[:told]:
        g.action, g.context = False, True
    for g in groups[told:]:
        if g.word in PUT_OFF_WORDS | NOW_FIRST_WORDS:
            g.filler = True
    return told


# a caller correcting themselves at the start of a clause ("сколько стоит приставка… ой, я про
# роутер", "…, хотя нет, …", "…, то есть …", "…, в смысле …", "…, I mean …")
CORRECTIONS = tuple(tuple(fold(c).split()) for c in (
    "ой нет", "ой не", "ой", "а нет", "хотя нет", "нет стоп", "стоп", "то есть", "точнее",
    "вернее", "в смысле", "ну точнее", "i mean", "no wait", "or rather", "scratch that",
))


def _read_corrected(groups: list[Group], said: list[str], clause_starts: set[int]) -> int:
    """What a caller says in the clause before correcting themselves is left out, when a whole
    word is said after the correction (letters of one still being typed keep the list as it
    was); returns how many groups were read before it (they open no context of theirs). A «нет»
    that ends the correction ends its clause too: «а нет ли …» asks."""
    for k in sorted(clause_starts):
        opener = next((c for c in CORRECTIONS if tuple(said[k:k + len(c)]) == c), None)
        if opener is None or (opener[-1] == "нет" and k + len(opener) not in clause_starts):
            continue
        told = _groups_before(groups, said, k)
        began = _groups_before(groups, said, max(c for c in clause_starts if c < k)) if k else 0
        after = _groups_before(groups, said, k + len(opener))
        if told and any(not (g.filler or g.context) and (
                not g.typing or g.alts.get(g.stem, 0.0) >= W_EXACT) for g in groups[after:]):
            for g in groups[began:told]:
                g.action, g.left_out = False, True
            for g in groups[told:after]:
                g.filler = True
            return told
    return 0


def _read_asked_after_told(groups: list[Group], said: list[str]) -> None:
    """What is told before a verb of asking (two words or more besides the caller) is the
    context of what is asked after it, when something is asked after it, nothing told before it
    is wanted, and nothing asked points back at it."""
    k = next((i for i, w in enumerate(said) if w in ASKED_AFTER_TOLD), None)
    if k is None or any(w in WANTING_WORDS or w in QUESTIONING_WORDS for w in said[:k]) or any(
            w in POINTERS_BACK for w in said[k + 1:]):
        return
    at = next((i for i, g in enumerate(groups) if g.word == said[k]), None)
    if at is None or not any(not (g.filler or g.context or g.word in QUESTIONING_WORDS)
                             for g in groups[at + 1:]):
        return  # ("kid on the line asking questions": asking nothing in particular)
    told = [g for g in groups[:at] if not (g.filler or g.context or g.word in CALLER_WORDS)]
    if len(told) < STORY_GROUPS:
        return
    for g in told:
        g.action, g.context = False, True


# "уже перезагружал роутер, скорость всё равно низкая": a clause telling what was already done
# is the story of what is asked after it
ALREADY_WORDS = frozenset(fold("уже вже already").split())
DONE_ENDS = (*PAST_ENDS, "лся", "лась", "лись", "ed")
DONE_WORD = 5  # letters, at least, of a verb told as done ("был" is no deed)
# ... but for a choice: what is chosen already is what is wanted ("уже выбрала тариф и приставку,
# хочет оставить заказ")
CHOSEN_WORDS = frozenset(fold("""
    выбрал выбрала выбрали определился определилась определились решил решила решили обрав
    обрала chose picked decided
""").split())


def _read_already_done(groups: list[Group], said: list[str],
                       clauses: list[tuple[int, int]]) -> None:
    """A clause that tells of a deed done already ("уже подключил пакет каналов, но…") is the
    context of the clauses after it, when something is still asked in them."""
    ends = [*clauses[1:], (len(groups), len(said))]
    for (g_from, w_from), (g_to, w_to) in zip(clauses, ends, strict=True):
        told = said[w_from:w_to]
        if not any(w in ALREADY_WORDS for w in told) or any(w in CHOSEN_WORDS for w in told) or (
                not any(len(w) >= DONE_WORD and w.endswith(DONE_ENDS) for w in told)):
            continue
        if not any(not (g.filler or g.context) for g in groups[g_to:]):
            return
        for g in groups[g_from:g_to]:
            g.action, g.context = False, True


BACK_POINTERS = frozenset(fold("его её ее их його її їх it them").split())
POINTERS_BACK = BACK_POINTERS | frozenset(fold("""
    него неё нее них нём нем ней ним нему этом это этого этим этому тот та то те its this that those
""").split())
SWAP_STEMS = HANDED_BACK | frozenset(cached_stem(w) for w in fold(
    "поменять заменить swap replace change").split())
# an English "change" of a thing told of ("the box is broken, can I change it?") is its exchange,
# as «поменять» is in Russian; said alone it is as often a plan or an address changed
CHANGE_AS_SWAP = {cached_stem("change"): cached_stem("exchange")}


# "не успел заплатить", "забыл оплатить": not done, as "не заплатил" is ("не смог оплатить" may be
# a payment that failed)
UNABLE_WORDS = frozenset(fold("""
    успел успела успели успеваю успеваем встиг встигла встигли
""").split())
FORGOT_WORDS = frozenset(fold("забыл забыла забыли забыв забула забув forgot forget").split())


# "мастер должен был прийти": what was due and is told so has not happened
DUE_WORDS = frozenset(fold("должен должна должны должно").split())
WAS_WORDS = frozenset(fold("был была были было").split())
DUE_REACH = 4  # words from «должен был» to the verb it is said of


def _was_due(before: Sequence[str]) -> bool:
    """Whether the word after ``before`` was said to be due ("должен был в десять прийти")."""
    return any(a in DUE_WORDS and b in WAS_WORDS for a, b in pairwise(before))


def _join_cant(found: list[str]) -> list[str]:
    """"can't" splits into "can", "t": read it as the negation "cant" ("customer can't explain"
    denies the explaining, as "cannot" does), not as the filler "can"."""
    if "t" not in found:
        return found
    out: list[str] = []
    for w in found:
        if w == "t" and out and out[-1] == "can":
            out[-1] = "cant"
        else:
            out.append(w)
    return out


def _negated(before: Sequence[str]) -> bool:
    """Whether the word after ``before`` (the last few words read) is negated: "не", "not",
    "didn't" right before it, or a negated "успел" or a "забыл" one or two words before it ("не
    успела вовремя оплатить")."""
    last = before[-1] if before else ""
    if last == "не" or last in NEGATION_WORDS:
        return True
    for k in (1, 2):
        if k > len(before):
            break
        w = before[-k]
        if w in FORGOT_WORDS or (w in UNABLE_WORDS and k < len(before) and before[-k - 1] == "не"):
            return True
    return False


def _read_non_payment(groups: list[Group]) -> None:
    """Paying negated ("не платил", "не оплатить", "did not pay") is the debt, not a way to pay:
    the word reads as «неуплата» too, and asks for no payment. Wished for ("хочет уехать и не
    платить", "can I not pay") it is not having to pay: a pause, no debt."""
    for i, g in enumerate(groups):
        if g.denied and g.word in PAY_WORDS:
            for before in groups[max(0, i - 2):i]:
                if before.word in FORGOT_WORDS or before.word in UNABLE_WORDS:
                    before.filler = True  # "забыл оплатить" is no forgotten password
            g.alts = {t: w * NEGATED_PAYING for t, w in g.alts.items()}
            if not any(other.word in WISH_WORDS for other in groups[:i]):
                for term in NON_PAYMENT:
                    g.add(term, W_EXACT)
            g.action = False


# paying told as what the caller does ("плачу за 500, а скорость 40", "the speed I pay for"): the
# situation, not a request to pay
PAYING_NOW_WORDS = frozenset(fold("""
    плачу платит платим платят платишь оплачиваю оплачивает оплачиваем оплачивают платимо
    сплачую сплачує сплачуємо
""").split())
# ... and so is a sum the caller is ready to pay ("готов платить около 1300"): a bound of price
READY_WORDS = frozenset(fold("готов готова готовы готовий ready willing").split())
PAYERS = frozenset(["i", "we", "they", "you", "he", "she"])  # who "pay", "pays" as told
# ... unless asked: "can I pay", "how do we pay" is the request
ASKING_AUXILIARIES = frozenset(fold("can could do does should may might will would shall").split())


def _read_paying_now(groups: list[Group], said: list[str]) -> None:
    """Paying in the present, told of the caller ("клиент платит за 500 а спидтест 40", "not the
    speed I pay"), is the caller's situation: context, no action (a page that never speaks of
    paying is no worse for it)."""
    told = {w for k, w in enumerate(said) if w in PAYING_NOW_WORDS or (
        w in ("pay", "pays") and k > 0 and said[k - 1] in PAYERS
        and (k < 2 or said[k - 2] not in ASKING_AUXILIARIES)) or (
        k > 0 and said[k - 1] in READY_WORDS and w in PAY_WORDS) or (
        # "за гигабит платить жалко": paying for a plan named before it is its price
        w in PAY_WORDS and k > 1 and said[k - 2] in ("за", "for") and _names_plan(said[k - 1]))}
    if not told:
        return
    for k, w in enumerate(said[:-2]):
        if w in told and said[k + 1] in ("за", "for"):
            # what is paid for, by its number or name ("плачу за 300 мегабит"): the plan the
            # caller has, no plan asked about
            told.update(x for x in said[k + 2:k + 4] if _names_plan(x))
    for g in groups:
        if g.word in told and any(not o.filler and o is not g for o in groups):
            g.action, g.context = False, True


def _names_plan(word: str) -> bool:
    """Whether ``word`` names a plan: its figure, its name or its speed unit ("гигабит")."""
    return word.isdigit() or word in PLAN_NAME_WORDS or cached_stem(word) in SPEED_UNIT_STEMS


# "переведите меня на тариф 300", "переключите на 500": a caller moved to a plan, the request
# «перейти на тариф» makes, not a call put through
SWITCH_VERB_STEMS = frozenset(cached_stem(w) for w in fold("переведите переключите").split())
# ... and "перейти на 500", "перейду на турбо": the plan named after «на» is all the request says
MOVE_VERB_STEMS = frozenset(cached_stem(w) for w in fold("перейти перейду перейдём").split())
PLAN_NOUNS = frozenset(fold("тариф тарифа тарифу план plan tariff").split())
SWITCH_REACH = 4  # words from the verb to «на»
SWITCH_READING = {cached_stem("перейти"): W_EXACT, cached_stem("switch"): W_BRIDGE}
# "поменять тариф", "тариф сменить", "change my plan": a change of plans, which the KB calls
# «смена тарифа», not an exchange of equipment or a SIM
CHANGE_VERB_STEMS = frozenset(cached_stem(w) for w in fold("""
    поменять поменяю поменяем сменить сменю сменим менять меняю change switch
""").split())
PLAN_CHANGE_READING = {
    f'{cached_stem("сменить")} {cached_stem("тариф")}': W_EXACT,
    f'{cached_stem("тариф")} {cached_stem("сменить")}': W_EXACT,
    f'{cached_stem("change")} {cached_stem("plan")}': W_BRIDGE,
    f'{cached_stem("plan")} {cached_stem("change")}': W_BRIDGE,
}
PLAN_CHANGE_REACH = 2  # words between the verb and the plan's noun, either way round


def _read_plan_switch(groups: list[Group], said: list[str]) -> None:
    """A verb of moving or switching followed by «на» and a plan reads as a switch of plans;
    "перейти" right before «на» and the plan's figure or name only frames the plan asked for;
    a verb of changing beside the plan's noun reads as a change of plans."""
    for i, w in enumerate(said):
        near = said[max(0, i - PLAN_CHANGE_REACH):i + 1 + PLAN_CHANGE_REACH]
        if cached_stem(w) in CHANGE_VERB_STEMS and PLAN_NOUNS & set(near) and not _changed_to(
                said[i + 1:i + 1 + SWITCH_REACH]):
            for g in groups:
                if g.word == w:
                    g.alts = dict(PLAN_CHANGE_READING)
                    g.translations = {t for t in PLAN_CHANGE_READING if t.isascii()}
            continue
        if "на" not in said[i + 1:i + 1 + SWITCH_REACH]:
            continue
        to = said.index("на", i + 1)
        named = said[to + 1] if to + 1 < len(said) else ""
        if cached_stem(w) in MOVE_VERB_STEMS and to == i + 1 and _names_plan(named):
            for g in groups:
                if g.word == w:
                    g.filler = True
            continue
        if cached_stem(w) not in SWITCH_VERB_STEMS or not any(
                x in PLAN_NOUNS or _names_plan(x) for x in said[to + 1:to + 3]):
            continue
        for g in groups:
            if g.word == w:
                g.alts, g.translations = dict(SWITCH_READING), {cached_stem("switch")}
                g.action = False


def _changed_to(after: list[str]) -> bool:
    """Whether ``after`` (the words after a verb of changing) says what the plan is changed to
    after «на» or "to" ("на 500", "на побыстрее"; "на другой", "to a new one" only say it
    changes)."""
    to = next((k for k, w in enumerate(after) if w in SWITCH_TO), None)
    return to is not None and next(
        (w not in REPLACEMENT_WORDS for w in _past_articles(after[to + 1:])), False)


# the plan the caller is on ("на тарифе 500 скорость 100", Ukrainian "на тарифі"): the words of it
# that follow are the caller's situation, not the plan asked about ("на тариф 500" is a move to it)
CURRENT_PLAN_WORDS = frozenset(fold("тарифе тарифі").split())
# ... and a verb of sitting on it ("сидим на сотке", "сижу на 300"): the plan had, as "на тарифе"
SITTING_STEMS = frozenset(
    cached_stem(w) for w in fold("сижу сидим сидит сидят сидел сидела").split())
SPEED_HAD_WORDS = frozenset(fold("мегабитах мбитах мегах гигабите гигабитах мегабітах").split())


# the endings of the adjectives that may describe the plan a caller is on ("на самом дешёвом
# тарифе")
PLAN_ADJECTIVE_ENDS = ("ом", "ем", "ым", "им")
PLAN_ADJECTIVES = 2


def _plan_described(said: Sequence[str], k: int) -> list[str] | None:
    """The adjectives between «на» and the plan noun at ``k`` ("на самом дешёвом тарифе": самом,
    дешевом; none for "на тарифе"), or None when no «на» opens it."""
    for n in range(PLAN_ADJECTIVES + 1):
        at = k - n - 1
        if at < 0:
            return None
        if said[at] == "на":
            return list(said[at + 1:k])
        if not said[at].endswith(PLAN_ADJECTIVE_ENDS):
            return None
    return None


# "с 100 на 300", "from 100 to 500": the number after the first is the plan had, after the second
# (within a few words) the one asked for
SWITCH_FROM = frozenset(("с", "со", "from"))
SWITCH_TO = frozenset(("на", "to"))
# verbs of switching plans: after them "с 300 на …" names the plan left, whatever it is left for
SWITCH_VERBS = frozenset(fold("""
    перейти перейду перейдем перейдет переходить перехожу переходим сменить поменять пересесть
    switch upgrade
""").split())
SWITCH_REACH = 5


def _switched_from(said: Sequence[str], k: int) -> bool:
    """Whether the number at ``k`` follows "с", "from", with the plan's name between or not
    ("с 100", "с домашнего 100")."""
    lead = k - 2 if k > 1 and said[k - 1] in PLAN_NAME_WORDS else k - 1
    return lead >= 0 and said[lead] in SWITCH_FROM


def _read_current_plan(groups: list[Group], said: list[str]) -> None:
    """"На тарифе 500", "на самом дешёвом тарифе" tell the plan the caller has: "тарифе", what
    describes it and the name or number after it are context (the symptom or the request that
    comes with them is the topic), or left out when a plan's number follows ("…, хочу на 300")."""
    told: set[str] = set()
    left: set[str] = set()  # a plan a verb of switching leaves, whatever for
    verbs: set[str] = set()  # ... and the verb: a switch of plans, no move of a number
    for k, w in enumerate(said):
        if (w.isdigit() and k > 0 and said[k - 1] == "на" and k + 1 < len(said)
                and said[k + 1] in SPEED_HAD_WORDS):
            told.update((w, said[k + 1]))  # "на ста мегабитах": the speed the caller has
        elif (w.isdigit() and _switched_from(said, k)
              and any((said[j].isdigit() or is_number_word(said[j]))
                      and SWITCH_TO & set(said[k + 1:j])
                      for j in range(k + 2, min(len(said), k + 1 + SWITCH_REACH)))):
            told.add(w)  # "с сотки на 300", "from 100 to 500": the plan switched from
        elif (w.isdigit() and _switched_from(said, k)
              and SWITCH_TO & set(said[k + 1:k + 1 + SWITCH_REACH])
              and (SWITCH_VERBS & set(said[max(0, k - 4):k - 1])
                   or (UP_WORDS | DOWN_WORDS) & set(said[k + 1:k + 1 + SWITCH_REACH]))):
            # "перейти с трёхсот мегабит на следующую ступень", "с 500 на что-то подешевле":
            # the plan switched from, whatever for
            told.add(w)
            left.add(w)
            verbs |= SWITCH_VERBS & set(said[max(0, k - 4):k - 1])
        elif (cached_stem(w) in SITTING_STEMS and said[k + 1:k + 2] == ["на"]
              and k + 2 < len(said) and _names_plan(said[k + 2])):
            told.update((w, said[k + 2]))  # "сидим на сотке": the plan the caller has
        elif w in CURRENT_PLAN_WORDS and (between := _plan_described(said, k)) is not None:
            told.update((w, *between))
            for name in said[k + 1:k + 3]:
                if not (name.isdigit() or name in PLAN_NAME_WORDS):
                    break
                told.add(name)
    if not told or not any(g.word not in told and not g.filler for g in groups):
        return
    last_told = max(i for i, g in enumerate(groups) if g.word in told)
    # a plan named after it is the one asked for: the plan had is then left, not its context
    moving = any(g.word not in told and any(t.isdigit() for t in g.alts)
                 for g in groups[last_told + 1:])
    for g in groups:
        if g.word in told:
            g.context = True
            g.left_out = g.left_out or moving or g.word in left
        elif g.word in verbs:
            g.filler = True


# before an hour of the day ("в семь", "к девяти", "at 7"): the number is when, not a price
CLOCK_LEADS = frozenset(fold("в к о около at by").split())
HOURS_IN_DAY = 24
# what a number before them counts: an amount, not an hour ("в 2 раза", "в 5 мбит")
AMOUNT_UNITS = frozenset(fold("""
    раз раза мбит мегабит мегабита гб гиг гига гигабайт тысяч процентов mbit mbps gb times
""").split()) | CURRENCY_WORDS


def _read_clock_times(groups: list[Group], said: list[str]) -> None:
    """An hour of the day ("перезвоните в семь", "часиков в 7", "at 7") is when to do what is
    asked: context, as "после шести" is (no plan or price has so small a number)."""
    hours = {w for k, w in enumerate(said)
             if w.isdigit() and int(w) <= HOURS_IN_DAY and k > 0 and said[k - 1] in CLOCK_LEADS
             and not (k + 1 < len(said) and said[k + 1] in AMOUNT_UNITS)}
    # "работает до шести", "на работе до семи": the caller's working day, when not to come
    busy = {w for k, w in enumerate(said)
            if w.isdigit() and int(w) <= HOURS_IN_DAY and k > 1 and said[k - 1] in UNTIL_WORDS
            and WORKING_WORDS & set(said[max(0, k - 3):k - 1])}
    for g in groups:
        if g.word in hours or g.word in busy or (busy and g.word in WORKING_WORDS):
            g.context = True


UNTIL_WORDS = frozenset(fold("до until till").split())
WORKING_WORDS = frozenset(fold("работаю работает работают работе работа work works working"
                               ).split())


RANGE_WORDS = frozenset(fold("между between").split())
AND_WORDS = frozenset(fold("и and").split())
SPEED_UNIT_STEMS = frozenset(cached_stem(w) for w in ("гигабит", "гигабитом", "gigabit"))
# before a plan: it is ruled out ("но не гигабит")
BUT_NOT = frozenset((("но", "не"), ("а", "не"), ("but", "not")))
# before a sum: a price cap ("дешевле 1000", "до тысячи рублей")
CHEAPER_WORDS = frozenset(fold("дешевле cheaper").split())
PRICE_CAP_LEADS = CHEAPER_WORDS | frozenset(fold("до under below").split())
# after a plan: it is found too little or too much ("триста мало", "гигабит дорого")
TOO_WORDS = frozenset(fold("""
    мало маловато мала перебор многовато дорого дорогим дороговато дорогой
""").split())
TOO_REACH = 3  # words from the plan to what it is found ("гигабит — это, наверное, перебор")
# ... or found not enough ("трёхсот мегабит не хватает")
ENOUGH_WORDS = frozenset(fold("хватает хватит хватало хватать вистачає вистачить enough").split())
NOT_WORDS = frozenset(fold("не not").split())


def _found_too(after: Sequence[str]) -> bool:
    """Whether the words after a plan find it too little or too much (before an "или" they only
    weigh it: "хватит ста мегабит или это мало?" asks about that plan)."""
    after = list(takewhile(lambda w: w not in ALTERNATIVE_WORDS, after))
    return bool(TOO_WORDS & set(after)) or any(
        before in NOT_WORDS and w in ENOUGH_WORDS for before, w in pairwise(after))


# before a number these make it a bound ("скорость больше 500", "faster than 300"): the plans
# past it are asked for, not the one it names
BOUND_LEADS = frozenset(fold("""
    больше более выше свыше быстрее побольше побыстрее повыше шибше more over above than faster
""").split())


def _read_bounds(groups: list[Group], said: list[str], clause_starts: set[int]) -> None:
    """A number after "больше", "more than" is a bound: the plan named by it is the one the
    caller wants to go past, left out as "без" leaves a thing out; one that opens a clause of its
    own names the plan ("побыстрее, пятьсот мегабит": that speed is the faster one wanted)."""
    bounds = {w for k, w in enumerate(said)
              if w.isdigit() and k > 0 and said[k - 1] in BOUND_LEADS and k not in clause_starts}
    # "до тысячи рублей", "платить до 1000", "дешевле 1000": a price cap names no plan either
    bounds |= {w for k, w in enumerate(said)
               if (w.isdigit() or is_number_word(w)) and k > 0 and said[k - 1] in PRICE_CAP_LEADS
               and (
                   said[k - 1] in CHEAPER_WORDS or (k > 1 and said[k - 2] in PAY_WORDS)
                   or (k + 1 < len(said) and said[k + 1] in CURRENCY_WORDS))}
    # "триста мало", "гигабит — перебор": a plan found too little or too much is a bound too
    bounds |= {w for k, w in enumerate(said[:-1])
               if _found_too(said[k + 1:k + 2 + TOO_REACH])
               and (w.isdigit() or cached_stem(w) in SPEED_UNIT_STEMS)}
    # "быстрее 300, но не гигабит", "but not 1000": the plan ruled out is a bound too
    bounds |= {w for k, w in enumerate(said)
               if k > 1 and tuple(said[k - 2:k]) in BUT_NOT
               and (w.isdigit() or cached_stem(w) in SPEED_UNIT_STEMS)}
    for g in groups:
        if g.word in bounds:
            g.left_out = True
        elif bounds and (g.word in TOO_WORDS or (g.word in ENOUGH_WORDS and g.denied)):
            # "мало", "перебор" only say the plan named is a bound (and are no typo of «малолетка»)
            g.context = True
            g.alts = {t: w for t, w in g.alts.items() if t == g.stem} or g.alts


# what was measured against the plan's figure: "тариф 500, а тест показывает 40", "выдаёт 50
# вместо 300", "only 30 Mbps on a 300 plan"
MEASURE_WORDS = frozenset(fold("""
    тест теста тесте спидтест спидтеста замер замеры замерил замерила показывает показывают
    показало показал выдает выдают дает качает вместо всего лишь реально фактически
    test tests speedtest measured measures shows showing gets getting only actual actually instead
""").split())
SHORTFALL = 2  # the figure measured is at most this share of the plan's
SHORTFALL_MARK = "<"  # what the shortfall reads as, beside the words said
SHORTFALL_READINGS = ("низкая скорость", "low speed")


def _read_measured_speed(groups: list[Group], said: list[str]) -> None:
    """A plan's figure beside one far below it that a test or the caller measured: the speed
    falls short of the plan, and the query says so (:data:`SHORTFALL_READINGS`); the plan named is
    context (the plan the caller has, not the topic)."""
    if not MEASURE_WORDS & set(said):
        return
    figures = [int(w) for k, w in enumerate(said) if w.isdigit()
               and not (k + 1 < len(said) and said[k + 1] in CURRENCY_WORDS)]
    if len(figures) < 2 or min(figures) * SHORTFALL > max(figures):
        return
    for g in groups:
        if g.word == str(max(figures)):
            g.context = True
    groups.append(_mark_group(SHORTFALL_MARK, SHORTFALL_READINGS))


# a house number after its street, "улица Ленина 25", "на Садовой 12" (a street named by an
# adjective no article knows, after «на», «по»): an address, whatever the number
STREET_WORDS = frozenset(fold("""
    улица улице улицу улицы ул проспект проспекте пр переулок переулке бульвар бульваре шоссе
    street st avenue ave road rd
""").split())
STREET_ENDS = ("ой", "ая", "ую", "ого", "ей")
ADDRESS_LEADS = frozenset(["на", "по"])
HOUSE_DIGITS = 3  # a house number has at most this many digits
ADDRESS_READING = cached_stem("адрес")


def _read_street_address(groups: list[Group], said: list[str], lexicon: Lexicon) -> None:
    """A house number after its street reads as «адрес» (a check of the address, a move), not as
    a figure of a plan or a price; the street's name is no topic word."""
    for k in range(1, len(said)):
        number, name = said[k], said[k - 1]
        lead = said[k - 2] if k > 1 else ""
        if not (number.isdigit() and len(number) <= HOUSE_DIGITS and name.isalpha()):
            continue
        if not (lead in STREET_WORDS or (
                lead in ADDRESS_LEADS and is_cyrillic(name) and name.endswith(STREET_ENDS)
                and cached_stem(name) not in lexicon)):
            continue
        for g in groups:
            if g.word == number:
                g.alts, g.context, g.left_out = {ADDRESS_READING: W_SYNONYM}, False, False
            elif g.word == name:
                g.filler = True


def _read_range(groups: list[Group], said: list[str]) -> None:
    """"между 300 и 1000", "between 300 and a gigabit": the plan asked for lies between, so the
    two ends are bounds, left out as "больше 500" is, and "между" only says so."""
    for k, w in enumerate(said[:-3]):
        low, conj, high = said[k + 1:k + 4]
        if (w in RANGE_WORDS and low.isdigit() and conj in AND_WORDS
                and (high.isdigit() or cached_stem(high) in SPEED_UNIT_STEMS)):
            for g in groups:
                if g.word in (low, high):
                    g.left_out = True
                elif g.word == w:
                    g.filler = True
            return


# paying less as the purpose of a change ("перейти на простой набор, чтобы платить меньше")
LESS_WORDS = frozenset(fold("меньше поменьше дешевле less").split())
PURPOSE_WORDS = frozenset(fold("чтобы чтоб щоб so").split())


def _read_paying_less(groups: list[Group], said: list[str]) -> None:
    """Paying less said as the purpose of what comes before it ("…, чтобы платить меньше") is
    why, context, no request to pay."""
    told: set[str] = set()
    for k, w in enumerate(said[1:-1], start=1):
        if w in PAY_WORDS and said[k + 1] in LESS_WORDS and said[k - 1] in PURPOSE_WORDS:
            told |= {w, said[k + 1]}
    if not told or all(g.word in told or g.filler for g in groups):
        return
    for g in groups:
        if g.word in told:
            g.action, g.context = False, True


def _read_differences(groups: list[Group], said: list[str]) -> None:
    """What two prices differ by ("разница двести рублей") is context: it names no price."""
    told = {w for k, w in enumerate(said) if w.isdigit() and _told_as_difference(said, k)}
    for g in groups:
        if g.word in told:
            g.context = True


def _read_sums(groups: list[Group]) -> None:
    """The unit of a sum ("500 rubles", "за 550 рублей") is context: what is paid for, and how,
    is the topic (alone, "за рубль" names the one-ruble offer and stays)."""
    for before, g in pairwise(groups):
        if g.word in CURRENCY_WORDS and before.word.isdigit():
            g.context = True


# "мне восемь лет", "I'm 8 years old": a caller who gives so young an age is a child
OWN_AGE_LEADS = frozenset(fold("мне мені am m im").split())
AGE_WORDS = frozenset(fold("лет годик годика годиков года год років years year").split())
# ... or goes on from it at once ("I'm eight and my mom's not home", "мне восемь и мамы нет")
AGE_TOLD_ON = frozenset(fold("и а and but").split())
CHILD_AGE_MAX = 13
CHILD_STEMS = (cached_stem("ребенок"), cached_stem("child"))


def _read_young_age(groups: list[Group], said: list[str]) -> None:
    """A young age the caller gives as their own ("мне восемь лет", "I'm eight and …") says a
    child is calling: the number reads as "ребенок", "child" (the age of a son or a daughter
    does not)."""
    young = {w for k, w in enumerate(said)
             if w.isdigit() and int(w) <= CHILD_AGE_MAX and 0 < k < len(said) - 1
             and said[k - 1] in OWN_AGE_LEADS
             and (said[k + 1] in AGE_WORDS or said[k + 1] in AGE_TOLD_ON)}
    for g in groups:
        if g.word in young:
            g.context = False
            for t in CHILD_STEMS:
                g.add(t, W_SYNONYM)


# "по телефону", "by phone", "over the phone": how the caller does it, not the mobile service
BY_PHONE = (("по", "телефону"), ("by", "phone"), ("over", "the", "phone"))


def _read_by_phone(groups: list[Group], said: list[str]) -> None:
    """The phone as the way something is done ("заявку по телефону оставить", "pay over the
    phone") is context beside two or more other topic words: the mobile plans are no answer."""
    by_phone = any(tuple(said[k:k + len(way)]) == way for way in BY_PHONE
                   for k in range(len(said)))
    phone = [g for g in groups if g.word in ("телефону", "phone")]
    topics = [g for g in groups if not (g.filler or g.context) and g not in phone]
    if by_phone and phone and len(topics) >= 2:
        for g in phone:
            g.context = True


# "forget the internet, are you single?", «забудьте про интернет»: what the caller sets aside
SET_ASIDE = (("forget", "the"), ("forget", "about"), ("забудьте", "про"), ("забудь", "про"),
             ("забудьте", "о"), ("забудь", "о"))
SET_ASIDE_REACH = 2  # words after it (stop words aside) a "forget" would deny: see _negated


def _read_set_aside(groups: list[Group], said: list[str]) -> None:
    """The thing a caller tells the operator to forget ("forget the internet, …") is set aside:
    the context of what they go on to say, not its topic."""
    at = [k for k in range(len(said) - 2) if tuple(said[k:k + 2]) in SET_ASIDE]
    aside = {said[k + 2] for k in at}
    # (the verb is no forgotten password, and denies nothing it is said before)
    verbs = {said[k] for k in at}
    near = {w for k in at
            for w in [x for x in said[k + 1:] if x not in STOP_WORDS][:SET_ASIDE_REACH]}
    for g in groups:
        if g.word in aside:
            g.action, g.context, g.denied = False, True, False
        elif g.word in verbs:
            g.filler, g.denied = True, False
        elif g.word in near:
            g.denied = False


def _read_mealtimes(groups: list[Group], said: list[str]) -> None:
    """A meal after "после", "після", "after" is a time of day ("після обіду", after lunch):
    context, read as typed (folded, the Ukrainian "обіду" is the Russian "обиду", an offence).
    «во время» only says "during": filler."""
    meals = {w for k, w in enumerate(said)
             if w in MEALTIME_WORDS and k > 0 and said[k - 1] in TIME_BEFORE_NUMBER}
    during = any(pair == ("во", "время") for pair in pairwise(said))
    for g in groups:
        if g.word in meals:
            g.context = True
            g.alts = {LUNCH_STEM if is_cyrillic(g.word) else g.stem: W_EXACT}
        elif during and g.word == "время":
            g.filler = True


def _read_price_questions(groups: list[Group]) -> bool:
    """A verb of paying right after a price question (question words or a period paid for only
    between) asks the price of what follows: "сколько платить за приставку", "сколько в месяц
    платить", "how much pay for tariff 500" are the box's and the plan's prices, not the payment
    page. The verb is filler then, not an action, and so is the money named there ("сколько денег
    за приставку" is no refund). Whether such a verb was found."""
    asked = paid = False
    periods: list[Group] = []
    for g in groups:
        if (g.word in PAY_WORDS or g.word in MONEY_WORDS) and asked:
            g.filler, g.action = True, False
            paid = paid or g.word in PAY_WORDS
            for period in periods:
                period.context = True
        elif g.word in PRICE_QUESTION_WORDS:
            asked, periods = True, []
        elif asked and g.word in PAID_PERIODS:
            periods.append(g)
        elif not g.filler:
            if asked:
                g.action = False  # "сколько за подключение": the price of the service
            asked = False
    return paid


# the period a price is paid for ("сколько в месяц платить", "how much a month"): how often, no
# topic
PAID_PERIODS = frozenset(fold("месяц год month year місяць рік").split())


# "надо ли отдельно платить за работу", "нужно ли за это платить": whether a thing is paid for
# asks its price, not how to pay
WHETHER_NEEDED = frozenset(fold("надо нужно придется придётся треба потрібно").split())
# ... asked with Ukrainian «чи» before the need ("чи треба платити"), as «ли» after it
WHETHER_BEFORE = "чи"
WHETHER_REACH = 4  # words from «надо ли» to the verb of paying
ASKED_WHETHER = frozenset(["do", "does", "will", "would"])  # "do I have to pay …"


def _read_whether_paid(groups: list[Group], said: list[str]) -> None:
    """A verb of paying asked whether needed ("надо ли платить", "do I have to pay for the
    visit") is filler, not an action."""
    asked = {w for k, w in enumerate(said) if w in PAY_WORDS and (any(
        (a in WHETHER_NEEDED and b == "ли") or (a == WHETHER_BEFORE and b in WHETHER_NEEDED)
        for a, b in pairwise(said[max(0, k - WHETHER_REACH):k]))
        or (said[max(0, k - 2):k] in (["have", "to"], ["need", "to"])
            and any(w in ASKED_WHETHER for w in said[max(0, k - WHETHER_REACH):k])))}
    for g in groups:
        if g.word in asked:
            g.filler, g.action = True, False


def _read_neither_places(groups: list[Group], said: list[str]) -> None:
    """«ни с компа ни с телефона», "neither on the phone nor on the laptop": where the trouble
    shows, on every device the caller has, is a circumstance of it; the devices are not the topic
    (and not the operator's own PC)."""
    if sum(1 for w in said if w in (NEITHER, *NEITHER_NOR_EN)) < 2:
        return
    for i, w in enumerate(said[:-2]):
        if w in (NEITHER, *NEITHER_NOR_EN) and said[i + 1] in PLACE_PREPOSITIONS:
            device = next((x for x in said[i + 2:] if x not in STOP_WORDS), None)
            for g in groups:
                if g.word == device:
                    g.context = True
                    break


def _read_one_after_another(groups: list[Group], said: list[str]) -> None:
    """A word said again after «за» ("вопрос за вопросом", "звонок за звонком") tells a run of
    them, which is the situation: neither word is filler then, however often «вопрос» is."""
    for i in range(len(said) - 2):
        if said[i + 1] != "за" or cached_stem(said[i]) != cached_stem(said[i + 2]):
            continue
        for g in groups:
            if g.word in (said[i], said[i + 2]):
                g.filler = False
    # ... and so does English "one question after another"
    for i in range(len(said) - 3):
        if said[i] in ("one", "1") and said[i + 2:i + 4] == ["after", "another"]:
            for g in groups:
                if g.word == said[i + 1]:
                    g.filler = False
                elif g.word in ("1", "after", "another"):
                    g.filler = True


def _read_deal_with(groups: list[Group], said: list[str]) -> None:
    """English "deal with" ("how do I deal with a caller who …") asks how to handle something,
    as "handle" does: filler, no deal offered."""
    if any(pair == ("deal", "with") for pair in pairwise(said)):
        for g in groups:
            if g.word == "deal":
                g.filler = True


# a caller leaving another provider for us ("ухожу от старого провайдера", "хочу уйти от своего
# сотового оператора к вам", "switching from my old provider"): where they come from is the
# context of what they ask, no end of a contract with us
LEAVING_STEMS = frozenset(cached_stem(w) for w in fold("""
    уйти ухожу уходим уходить ушел ушла ушли перейти перехожу переходим switch switching leave
    leaving move moving
""").split())
FROM_WORDS = frozenset(fold("от из from").split())
PROVIDER_WORDS = frozenset(fold("""
    провайдера провайдеров оператора операторов компании компаний конкурентов provider operator
    carrier company
""").split())
COMING_OVER_REACH = 4  # words from «от» to the provider ("от своего сотового оператора")


def _read_coming_over(groups: list[Group], said: list[str]) -> None:
    """A verb of leaving followed by «от», "from" and another provider, said as one or by its
    name ("ухожу от Ростелекома"): the caller comes over to us; the verb and the provider are
    left out, and what describes the provider is context, when something else is asked."""
    for k, w in enumerate(said[:-2]):
        if cached_stem(w) not in LEAVING_STEMS:
            continue
        at = next((j for j in (k + 1, k + 2) if j < len(said) and said[j] in FROM_WORDS), None)
        if at is None:
            continue
        to = next((j for j in range(at + 1, min(len(said), at + 1 + COMING_OVER_REACH))
                   if said[j] in PROVIDER_WORDS or _names_provider(said[j])), None)
        if to is None:
            continue
        told = set(said[k + 1:to])
        if not any(g.word not in told | {w, said[to]} and not (g.filler or g.context)
                   for g in groups):
            return  # the coming over is all that is said: it is what is asked
        for g in groups:
            if g.word in (w, said[to]):
                g.left_out, g.action = True, False
            elif g.word in told:
                g.context = True
        return


# money asked back ("вернуть 2000 рублей за простой", "верните деньги"): a refund, no device
# handed back
REFUND_STEMS = frozenset(cached_stem(w) for w in fold("вернуть верните return refund").split())
REFUND_REACH = 3  # words from the verb to the money


def _read_refund(groups: list[Group], said: list[str]) -> None:
    """The verb of giving back with money as its object asks for a refund: no action of
    returning equipment."""
    for k, w in enumerate(said):
        if cached_stem(w) in REFUND_STEMS and MONEY_WORDS & set(said[k + 1:k + 1 + REFUND_REACH]):
            for g in groups:
                if g.word == w:
                    g.action = False


# English "one" after a word describing it stands for a thing named before ("exchange it for a
# working one", "a new one"), no number
ONE_WORDS = frozenset(["one", "1", "ones"])  # ("one" finished is read as the figure)
# ... when no noun follows it ("a new one, please"; "connected 1 month ago" counts months)
AFTER_ONE_ALONE = frozenset(fold("and or but please because as if for with to that which").split())
DESCRIBING_BEFORE_ONE = frozenset(fold("""
    a the new old another other this that same different right wrong good bad free spare
    red white black cheap big small
""").split())
DESCRIBING_ENDS_EN = ("ing", "ed", "er", "est")


# what a thing is swapped for ("exchange it for a working one", «поменять на новую»): that it is
# new or works is why it is swapped, not what is asked
SWAPPED_FOR = frozenset(fold("for to на").split())
REPLACEMENT_WORDS = frozenset(fold("""
    new working functioning another different unit one 1
    новый новую новое новая новые рабочий рабочую рабочее рабочая исправный исправную исправное
    исправная другой другую другое другая
""").split())
SWAPPED_FOR_REACH = 3  # words from the verb of swapping to "for"


def _past_articles(found: Sequence[str]) -> Iterator[str]:
    """``found`` from its first word that is no English indefinite article ("a working one")."""
    return dropwhile(lambda w: w in ("a", "an"), found)


def _replacement_after(said: Sequence[str], k: int) -> list[str]:
    """The words saying a thing is new or works ("a working one") after ``said[k]``, when it is
    "for", "to" or «на» after a verb of swapping; else none."""
    if said[k] not in SWAPPED_FOR or not any(
            cached_stem(v) in SWAP_STEMS for v in said[max(0, k - SWAPPED_FOR_REACH):k]):
        return []
    return list(takewhile(lambda v: v in REPLACEMENT_WORDS, _past_articles(said[k + 1:])))


def _swapped_for_new(said: Sequence[str]) -> bool:
    """Whether ``said`` asks to swap a thing for a new or working one ("change to new one")."""
    return any(_replacement_after(said, k) for k in range(len(said)))


def _read_one_for_thing(groups: list[Group], said: list[str]) -> None:
    """An English "one" after a word that describes it is a pronoun, and what a thing is swapped
    for is why: filler."""
    idle = set()
    for k, w in enumerate(said[1:], 1):
        before, after = said[k - 1], said[k + 1] if k + 1 < len(said) else ""
        if (w in ONE_WORDS and (not after or after in AFTER_ONE_ALONE) and (
                before in DESCRIBING_BEFORE_ONE
                or (before.isalpha() and before.endswith(DESCRIBING_ENDS_EN)))):
            idle.add(w)
        idle.update(_replacement_after(said, k))
    for g in groups:
        if g.word in idle:
            g.filler = True


# a call ordered ("заказать обратный звонок", "book a callback"): the verb of ordering says only
# that the call is wanted, no order of a service
ORDER_VERBS = frozenset(fold("""
    заказать закажите закажу заказываю заказывать заказал заказала order book request
""").split())
CALL_WORDS = frozenset(fold("""
    звонок звонка перезвон перезвона обратный callback call back
""").split())
ORDERED_CALL_REACH = 2  # words from the verb to the call
CALL_BACK_STEM = cached_stem("перезвон")


def _read_ordered_call(groups: list[Group], said: list[str]) -> None:
    """The verb of ordering before a call ("заказать обратный звонок", "order a callback") is
    filler: the call is what is asked, a call back ("заказать звонок")."""
    ordering = {w for k, w in enumerate(said) if w in ORDER_VERBS
                and CALL_WORDS & set(said[k + 1:k + 1 + ORDERED_CALL_REACH])}
    for g in groups:
        if g.word in ordering:
            g.filler, g.action = True, False
        elif ordering and g.word in CALL_WORDS:
            g.add(CALL_BACK_STEM if is_cyrillic(g.word) else cached_stem("callback"), W_EXACT)


# the point of a talk a caller is brought back to ("вернуть её к делу", "вернуть к теме"): the
# operator steering the call, no thing given back
POINT_WORDS = frozenset(fold("делу теме разговору сути вопросу topic point").split())
POINT_BEFORE = ("к", "to")
STEER_REACH = 3  # words from the verb to the point


def _read_steered_back(groups: list[Group], said: list[str]) -> None:
    """«вернуть к делу», "return her to the point": steering a talk, not returning a thing (the
    verb is filler; the point stays a topic word)."""
    steered = {w for k, w in enumerate(said) if cached_stem(w) in HANDED_BACK and any(
        a in POINT_BEFORE and b in POINT_WORDS
        for a, b in pairwise(said[k + 1:k + 1 + STEER_REACH]))}
    for g in groups:
        if g.word in steered:
            g.filler, g.action = True, False


# a thing carried back ("отнести её обратно", "отвезти назад", "take it back", "send the box
# back"): the giving back, the action "вернуть", "return"
CARRIED_BACK = {w: "вернуть" for w in fold("обратно назад").split()} | {"back": "return"}
CARRY_WORDS = frozenset(fold("""
    отнести отнесу отнесем отвезти отвезу отвезем отдать отдам отдадим отправить отправлю
    принести привезти забрать сдать унести увезти
    take bring send give carry ship mail post
""").split())
CARRY_REACH = 3  # words from the verb of carrying to its «обратно»


def _read_carried_back(groups: list[Group], said: list[str]) -> None:
    """«обратно», "back" after a verb of carrying reads as giving back: the action of returning
    (the verb itself only says how)."""
    for k, w in enumerate(said):
        carried = {c for c in said[max(0, k - CARRY_REACH):k] if c in CARRY_WORDS}
        if w in CARRIED_BACK and carried:
            for g in groups:
                if g.word == w:
                    g.alts = {cached_stem(CARRIED_BACK[w]): W_EXACT}
                    g.action, g.filler, g.context = True, False, False
                elif g.word in carried:
                    g.filler, g.action = True, False
            return


def _read_caller_as_context(groups: list[Group]) -> None:
    """The caller named beside two or more words of what they want ("file customer complaint",
    "клиент хочет сменить тариф") is whose request it is, not a topic: difficult cases name the
    caller in their heads ("angry customer"), and the word must not cue them."""
    topics = [g for g in groups if not (g.filler or g.context or g.left_out)
              and g.word not in CALLER_WORDS]
    if len(topics) < 2:
        return
    for g in groups:
        if g.word in CALLER_WORDS and not g.filler:
            g.context = True


# a business caller's own words for who they are ("для офиса", "на ИП", "мы как юрлицо",
# "сотрудников"): whose question it is, not its topic, beside two or more words of what is asked
# (alone, "договор на юрлицо" is the corporate department's matter: see the transfer page)
BUSINESS_CALLER_WORDS = frozenset(fold("""
    юрлицо юрлица юрлицу юрлицом юрлиц ип ипшник офис офиса офису офисе офисом организация
    организации организацию сотрудники сотрудников сотрудникам бизнес бизнеса
    business office employees staff
""").split())
# ... unless the caller asks to be put through to those who serve businesses
DEPARTMENT_ASKS = ("соедин", "переключ", "отдел", "занима", "department", "put through")
YOUR_WORDS = frozenset(fold("ваш ваша ваше вашего вашей вашем вашу ваши ваших your").split())


def _read_business_caller(groups: list[Group], said: list[str]) -> None:
    """A business caller's words for who they are are the context of what they ask, when two or
    more words of it are said besides: the topic's article answers a business as anyone. (The
    provider's own office, "я знаю, где ваш офис", is no caller's.)"""
    topics = [g for g in groups if not (g.filler or g.context or g.left_out)
              and g.word not in BUSINESS_CALLER_WORDS and g.word not in CALLER_WORDS]
    if len(topics) < 2 or any(g.stem.startswith(DEPARTMENT_ASKS) for g in topics):
        return
    theirs = {w for k, w in enumerate(said)
              if w in BUSINESS_CALLER_WORDS and (k == 0 or said[k - 1] not in YOUR_WORDS)}
    for g in groups:
        if g.word in theirs and not g.filler:
            g.action, g.context = False, True


def _read_reported_speech(groups: list[Group], said: list[str]) -> None:
    """"абонент говорит, что роутер сломался", "customer says the app crashes": the caller and the
    verb of saying frame what was said, which is the query; both weigh like filler. A verb of
    saying frames when a «что», "that" or a question word follows it, or after the caller with
    two or more words still to come ("клиент говорит курьер не приехал"), unless what follows says
    how the caller speaks: "абонент говорит очень медленно" is the way of speaking."""
    for i, w in enumerate(said):
        if w not in REPORTING_WORDS and w not in TELLING_WORDS:
            continue
        follows = said[i + 1] if i + 1 < len(said) else None
        caller = i > 0 and said[i - 1] in CALLER_WORDS
        if not ((follows in TOLD_OPENERS if w in TELLING_WORDS else follows in REPORTED_OPENERS)
                or (caller and len(said) - i > 2 and w in REPORTING_WORDS
                    and (w in FRAMING_ALONE or not _says_how(follows or "")))):
            continue
        at = next((k for k, g in enumerate(groups) if g.word == w), None)
        if at is None:
            continue
        groups[at].filler = True
        if caller and at > 0 and groups[at - 1].word == said[i - 1]:
            groups[at - 1].filler = True


MANNER_WORDS = frozenset(fold("""
    очень так слишком еле шепотом невнятно с со по
""").split())


def _says_how(word: str) -> bool:
    """Whether ``word`` after "говорит" says how the caller speaks ("медленно", "очень тихо",
    "по-английски", "с акцентом") rather than beginning what they said."""
    return word in MANNER_WORDS or word.startswith("по-") or (
        is_cyrillic(word) and word.endswith("о"))


PERSON_DESCRIBED = 2  # words that may say who a reported person is (two: the children counted)


def _read_reported_person(groups: list[Group], said: list[str]) -> None:
    """"муж жалуется, мастер не пришёл", "бабушка спрашивает, какие каналы", "звонит пенсионер,
    хочет платить наличными": an adult named before what they do or say (or after a verb of
    calling; with a word that says who they are, "парень-геймер") is who speaks, and the verb
    frames what follows; both weigh like filler when two or more words follow. Alone ("звонит
    бабушка") the person is the query."""
    for i, w in enumerate(said[:-1]):
        if w not in PERSON_WORDS:
            continue
        # (a word may say who the person is first, "парень-геймер спрашивает", or the children
        # counted, "мама троих детей хочет")
        described = next((n for n in range(PERSON_DESCRIBED + 1) if i + 1 + n < len(said)
                          and said[i + 1 + n] in REPORTED_ACTS
                          and (n < 2 or said[i + 1] in CHILD_COUNTS)), None)
        acts = described is not None
        called = i > 0 and said[i - 1] in CALLING_WORDS
        if not (acts or called) or len(said) - i < (4 + (described or 0) if acts else 3):
            continue
        framing = ({w} | (set(said[i + 1:i + 2 + (described or 0)]) if acts else set())
                   | ({said[i - 1]} if called else set()))
        for g in groups:
            if g.word in framing:
                g.filler = True


OWNER_LEADS = frozenset(fold("за на").split())  # "звоню за маму", "договор на маму": whose


# which of two named things is the better deal ("что выгоднее — аренда или свой"): a comparison of
# those things, no promotion («выгоднее» alone asks for one)
VALUE_COMPARED = frozenset(fold("выгоднее выгодней вигідніше").split())
ALTERNATIVE_WORDS = frozenset(fold("или либо чи or").split())


def _read_better_deal(groups: list[Group], said: list[str]) -> None:
    """A better deal asked between alternatives weighs like filler: the things compared are the
    topic."""
    if any(w in ALTERNATIVE_WORDS for w in said):
        for g in groups:
            if g.word in VALUE_COMPARED:
                g.filler = True


def _read_whom_for(groups: list[Group], said: list[str]) -> None:
    """"бабушке подешевле", "для мамы", "тариф сыну-школьнику": a person named beside a topic as
    whom it is for (to whom, or after "для") is a circumstance of what is asked, context (a child
    a plan is for is no child calling); so are children counted ("двое подростков"), a
    household's. Whose the contract is («договор на мужа», «звоню за маму») is the topic of the
    verification and stays."""
    for_whom = {w for k, w in enumerate(said) if w in FOR_CHILD_WORDS or (
        (w in CHILD_AFTER_FOR or cached_stem(w) in PERSON_STEMS)
        and k > 0 and said[k - 1] in ("для", "for")) or (
        w in COUNTED_CHILDREN and k > 0 and said[k - 1] in CHILD_COUNTS)}
    whose = {w for k, w in enumerate(said) if k > 0 and said[k - 1] in OWNER_LEADS}
    whom = {i for i, g in enumerate(groups) if g.word in for_whom or (
        g.stem in PERSON_STEMS and g.word not in PERSON_WORDS and g.word not in whose
        and g.word.endswith(("е", "у", "ю", "ям", "ам")))}
    if any(not g.filler and i not in whom for i, g in enumerate(groups)):
        for i in whom:
            groups[i].context = True


def _read_placed_requests(groups: list[Group]) -> None:
    """A request placed already ("оставил заявку на подключение", "жалобу писал", "filed a
    complaint") asks for its status: the verb of placing reads as «статус», and no word of the
    query asks for an action any more (the connection was requested then, not now)."""
    placed = [g for g in groups if g.word in PLACED_WORDS]
    if not placed or not any(g.word in REQUEST_WORDS for g in groups):
        return
    for g in placed:
        said, other = ("ru", "en") if is_cyrillic(g.word) else ("en", "ru")
        g.alts = {STATUS_STEMS[said]: W_SYNONYM, STATUS_STEMS[other]: W_BRIDGE * W_SYNONYM}
        g.translations = {STATUS_STEMS[other]}
    # the question after the request asks what became of it ("оформили заявку, когда
    # приедут"); what the request is for ("заявку на подключение") is not asked
    noun = max(i for i, g in enumerate(groups) if g.word in REQUEST_WORDS)
    asked = next((i for i in range(noun + 1, len(groups)) if groups[i].filler), len(groups))
    for g in groups:
        g.action = False
    for g in groups[asked:]:
        g.context = g.context or g not in placed


# how the caller asked before, in a status question ("звонил на неделе, что с моим вопросом")
CONTACTED_WORDS = frozenset(fold("""
    звонил звонила звонили писал писала писали обращался обращалась обращались дзвонив дзвонила
    писав called wrote contacted
""").split())


def _status_question_at(said: Sequence[str]) -> int | None:
    """Where in ``said`` the request noun of a status question stands ("что с моей заявкой"),
    or None."""
    for i, w in enumerate(said):
        if w not in REQUEST_WORDS and w not in QUESTION_NOUNS:
            continue
        start = i - 1 if i > 0 and said[i - 1] in OWNER_WORDS else i
        for at in (start, start - 1) if start > 0 and said[start - 1] in STATUS_LINKS else (start,):
            if any(tuple(said[max(0, at - len(o)):at]) == o for o in STATUS_OPENERS):
                return i
    # "мне дали номер обращения… что там с ним?", "…что с ним": a pronoun asked after stands for
    # the request named before it
    for i, w in enumerate(said):
        if (w in REQUEST_PRONOUNS and i > 0 and said[i - 1] in STATUS_LINKS
                and any(tuple(said[max(0, i - 1 - len(o)):i - 1]) == o
                        or tuple(said[max(0, i - len(o)):i]) == o for o in STATUS_OPENERS)):
            return next((k for k in range(i - 1, -1, -1) if said[k] in REQUEST_WORDS), None)
    return None


def _read_status_questions(groups: list[Group], said: list[str]) -> None:
    """"где моя заявка на подключение", "что с заказом роутера", "where is my order": a question
    about a request the caller has asks for its status: «статус» is read before the request noun,
    as if typed; what the request was for is its context, and nothing is asked to be done (the
    connection was ordered then, not now)."""
    at = _status_question_at(said)
    if at is None:
        return
    found = next((k for k, g in enumerate(groups) if g.word == said[at]), None)
    if found is None:
        return
    own, other = ("ru", "en") if is_cyrillic(said[at]) else ("en", "ru")
    asked = Group(word=STATUS_STEMS[own], stem=STATUS_STEMS[own])
    asked.add(STATUS_STEMS[own], W_SYNONYM)
    asked.add_translation(STATUS_STEMS[other], W_BRIDGE * W_SYNONYM)
    if said[at] in QUESTION_NOUNS:
        groups[found].filler = True  # the question asked is the request: it names no case
    for before in groups[:found]:
        if before.word in CONTACTED_WORDS:
            before.context = True  # "звонил на прошлой неделе, что с …": how it was asked
    groups.insert(found, asked)
    for later in groups[found + 2:]:
        later.context = True
    for each in groups:
        each.action = False


def _read_neither_nor(groups: list[Group], lexicon: Lexicon) -> None:
    """«ни … ни» ("ни интернета ни тв", "не грузит ни почта ни сайты") says that both are missing:
    each «ни» of it reads as the absence word "нет" instead of filler (a single «ни» stays the
    particle «не» written by ear). Each weighs as a negation, so the construction as a whole
    weighs about as much as one "нет"; English "neither … nor" reads so as "no". Before filler
    words only, it is the idiom for so-so."""
    neither = [g for g in groups if g.word == NEITHER]
    absent = "нет"
    if len(neither) < 2:
        neither = [g for g in groups if g.word in NEITHER_NOR_EN]
        absent = "no"
        if {g.word for g in neither} != set(NEITHER_NOR_EN):
            return
    if absent not in lexicon:
        return
    after = [groups[i + 1] for i, g in enumerate(groups[:-1]) if any(g is n for n in neither)]
    if after and all(a.filler for a in after):
        return  # «ни туда ни сюда», «ни то ни сё»: so-so, no absence
    for g in neither:
        g.alts = {absent: W_EXACT}
        g.filler = False
        g.negation = True


def _cap_rare_readings(g: Group, lexicon: Lexicon) -> None:
    """The synonyms and translations of a half word read as a rare whole word (``пристав``: a
    bailiff) weigh no more than that reading: the commoner word it begins is likelier."""
    begun = set(lexicon.completions(g.word, completion_cap(g.word)))
    for t, w in g.alts.items():
        if t not in begun and w > g.rare_whole:
            g.alts[t] = g.rare_whole


def _drop_echoes(groups: list[Group]) -> None:
    """A typo reading of one word that is another query word as typed (матерится → мастер beside
    мастера) is dropped: it would count that other word twice."""
    typed = {g.stem: i for i, g in enumerate(groups) if g.alts.get(g.stem, 0.0) >= W_EXACT}
    for i, g in enumerate(groups):
        for t in [t for t, w in g.alts.items() if w < PHRASE_MIN_WEIGHT and typed.get(t, i) != i]:
            del g.alts[t]


RUN_TOGETHER_PART = 3  # letters each of two words run together has at least (digits: one)
# Russian noun suffixes with their endings: a word's tail, never a second word run into it
SUFFIX_HALVES = frozenset(fold("""
    ние ния нию нием нии ение ения ению ением ении ание ания анию анием ании ость ости остью
    ство ства ству ством стве ция ции цию цией тель теля телю телем
""").split())
# particles that open what is said ("нукороче"): at a word's end they are its ending («купону»)
RUN_TOGETHER_LEADING_STOPS = frozenset(["ну", "но"])
RUN_TOGETHER_SURE = 5  # letters each of two words run together, one with a slip, has at least
RUN_TOGETHER_STOP = 2  # letters a stop word run into a word has at least ("не", "от", "my")
# the English stop words read off a word run together: most others begin or end English words
# ("be|cause", "on|line", "to|day")
RUN_TOGETHER_LATIN_STOPS = frozenset(["my", "the", "your", "our"])
# ... and those read off only beside a word of RUN_TOGETHER_LATIN_REST letters or more
RUN_TOGETHER_LATIN_LOOSE = frozenset(["is", "are", "an", "with", "about", "for", "and", "to",
                                      "of", "at", "does", "can", "it"])
RUN_TOGETHER_LATIN_REST = 6
RUN_TOGETHER_LATIN_DOCS = 2  # documents each half of a Latin word run together is in at least


CLOSING_MARKS = "".join(CLAUSE_ENDS) + ")"  # what may close a chunk after its last word


def _split_run_together(chunks: list[str], lexicon: Lexicon, synonyms: SynonymSets
                        ) -> list[str]:
    """A word no article has that is two known words with the space left out ("потерялсимку",
    in either layout, or spelt in Latin letters; "parentalcontrols"), or a word and a number
    ("домашний300", "семьсотпятьдесят"), reads as the two; of several ways to cut it, the one
    whose rarer half is commonest. A half may be a word only the synonym sets list
    ("хочуподрубиться"), a short stop word ("отказатьсяот", "непривезли", "myinternet"), a
    known word in the other script ("белыйip"), or, with no other cut, one slip from a known word
    ("низкаяскорасть"). A number word ("пятьсот"), a word a typo or two away from a known one
    ("статичекий"), the beginning of a known one ("руковод", typed or short for "руководитель")
    or a filler word, or of one on its way ("намного", "намног": not "на много"), is no such
    run."""
    out: list[str] = []
    for chunk in chunks:
        found = words(chunk)
        cut = _run_together(found, lexicon, synonyms)
        if cut is None and not is_cyrillic(chunk):  # Russian typed in the Latin layout
            cut = _run_together(words(switch_layout(chunk)), lexicon, synonyms)
        if cut is None and not is_cyrillic(chunk) and len(found) == 1 and not _known_latin(
                found[0], lexicon):  # Russian spelt in Latin letters ("rastorgnutdogovor")
            cut = _run_together(found, lexicon, synonyms, transliterate)
        if cut is None:
            out.append(chunk)
        else:  # (the mark that ends the chunk still ends its clause: "побыстрее, 500")
            out.extend([*cut[:-1], cut[-1] + chunk[len(chunk.rstrip(CLOSING_MARKS)):]])
    return out


NUMBER_RUN_REST = 1  # letters typed after a number word run into a word ("пятисотме…")
# ... and the number word's own, at least (a shorter one begins too many words: "сто|рона")
NUMBER_RUN_LETTERS = 5


def _split_typed_number(chunk: str, lexicon: Lexicon) -> list[str]:
    """The word being typed, or a number word and the beginning of a known word it runs into
    ("пятисотмег…" of «пятисотмегабитный», "стомег…"), as a finished compound is read."""
    found = words(chunk)
    if len(found) != 1 or not found[0].isalpha():
        return [chunk]
    word = found[0]
    if (cached_stem(word) in lexicon or lexicon.completions(word, 1) or is_number_word(word)
            or complete_number_word(word)):
        return [chunk]
    for i in range(len(word) - NUMBER_RUN_REST, NUMBER_RUN_LETTERS - 1, -1):
        rest = word[i:]
        # (the rest may run past its stem into an ending not typed whole: "…мегабитног")
        if is_number_word(word[:i]) and any(
                lexicon.completions(head, 1) or cached_stem(head) in lexicon
                for cut in range(CUT_LETTERS + 1)
                if len(head := rest[:len(rest) - cut]) >= (CUT_KEEP if cut else NUMBER_RUN_REST)):
            return [word[:i], rest]
    return [chunk]


def _known_latin(word: str, lexicon: Lexicon) -> bool:
    """Whether a Latin word is, or begins, a word the KB has (then it is no Russian spelt)."""
    return cached_stem(word) in lexicon or bool(lexicon.completions(word, 1))


def _run_together(found: list[str], lexicon: Lexicon, synonyms: SynonymSets,
                  read: Callable[[str], str] = str) -> list[str] | None:
    """The two words a lone unknown word runs together, or None (the typo lookup, the costly
    part, only for a word that can be cut at all). ``read`` is how its letters are read (as
    typed, or transliterated); the halves are returned as typed."""
    if len(found) != 1:
        return None
    typed = found[0]
    word = read(typed)
    if ((len(word) < 2 * RUN_TOGETHER_PART and word.isalpha()) or cached_stem(word) in lexicon
            or cached_stem(word) in synonyms.stems or word in FILLER_BEGINNINGS
            or is_number_word(word) or complete_number_word(word)
            or lexicon.completions(word, 1)):
        # (a word that begins a known one is that word on its way, or shorthand; so is one
        # that begins a number word: "семьсо", "пятьдес")
        return None
    cut = (_best_cut(typed, lexicon, synonyms, read) or _slipped_cut(typed, lexicon, read)
           or _shorthand_cut(typed, lexicon))
    if cut is None:
        return None
    # a word a slip or two from a known one is that word mistyped ("статичекий"); a stop word run
    # into a known word is two letters from it, which is the same reading ("непривезли")
    halves = {cached_stem(read(part)) for part in cut}
    if any(t not in halves for t in lexicon.typo_candidates([word, cached_stem(word)], 2)):
        return None
    return cut


def _best_cut(word: str, lexicon: Lexicon, synonyms: SynonymSets,
              read: Callable[[str], str] = str) -> list[str] | None:
    """The two known words ``word`` runs together (see :func:`_split_run_together`), each read
    with ``read``, or None."""
    def stop(part: str) -> bool:
        said = read(part)
        return len(said) >= RUN_TOGETHER_STOP and (
            said in RUN_TOGETHER_LATIN_STOPS or said in RUN_TOGETHER_LATIN_LOOSE
            if said.isascii() else said in STOP_WORDS)

    def loose(part: str, other: str) -> bool:
        # ("isswearing": but "be|cause", "to|day" are words, so the other half must be long)
        return read(part) in RUN_TOGETHER_LATIN_LOOSE and len(other) < RUN_TOGETHER_LATIN_REST

    def number(part: str) -> bool:
        return part.isdigit() or is_number_word(read(part))

    def known(part: str, least: int = RUN_TOGETHER_PART) -> bool:
        if number(part) or stop(part):
            return True
        if len(part) < least or not part.isalpha():
            return False
        stem = cached_stem(read(part))
        return stem in lexicon or stem in synonyms.stems

    def fits(a: str, b: str) -> bool:
        if (stop(a) and stop(b)) or loose(a, b) or loose(b, a):
            return False  # (two stop words: "ото", "ona" are words of their own)
        if read(b) in SUFFIX_HALVES or read(b) in RUN_TOGETHER_LEADING_STOPS:
            return False  # "заведение" is no "заведе ние": a noun's suffix is no word
        # where the script changes, a short known word is still a word ("белыйip")
        least = (RUN_TOGETHER_STOP if is_cyrillic(a[-1]) != is_cyrillic(b[0])
                 else RUN_TOGETHER_PART)
        return known(a, least) and known(b, least)

    def frequency(part: str) -> int:
        if number(part) or stop(part):
            return 1
        return max(1, lexicon.frequency(cached_stem(read(part))))

    cuts = [(word[:i], word[i:]) for i in range(1, len(word)) if fits(word[:i], word[i:])]
    if not cuts:
        return None
    a, b = max(cuts, key=lambda c: (min(frequency(c[0]), frequency(c[1])), len(c[0])))
    content = [p for p in (a, b) if not stop(p)]
    if (not is_cyrillic(read(word)) and not any(map(number, content))
            and min(map(frequency, content)) < RUN_TOGETHER_LATIN_DOCS):
        # an English compound written solid ("postcode") is one word more often than two run
        # together: only halves the KB uses more than once are read apart ("parentalcontrols")
        return None
    return [a, b]


# the Russian verbal prefixes: a known verb behind a run of them is that verb prefixed
# ("перевы|пустить", "недо|платить"), one word the KB lacks, not a slip beside a word
VERB_PREFIXES = ("пере", "недо", "пред", "при", "про", "пре", "под", "над", "раз", "рас", "обо",
                 "об", "от", "до", "за", "вы", "вз", "вс", "из", "ис", "на", "по", "со", "во",
                 "с", "у", "в", "о")
# how a Russian verb's infinitive and past tense end
VERB_WORD_ENDS = ("ть", "ться", "ти", *DONE_ENDS)


def _verb_prefixes(part: str) -> bool:
    """Whether ``part`` is nothing but Russian verbal prefixes ("перевы", "недо")."""
    return not part or any(part.startswith(p) and _verb_prefixes(part[len(p):])
                           for p in VERB_PREFIXES)


def _slipped_cut(word: str, lexicon: Lexicon, read: Callable[[str], str] = str
                 ) -> list[str] | None:
    """Two words run together, one of them with a slip ("низкаяскорасть", "обещаныйплатеж"): a
    known word of :data:`RUN_TOGETHER_SURE` letters or more and, beside it, a word of as many
    letters one edit from a known one; of several, the cut whose known half is commonest. A known
    word behind verbal prefixes ("перевыпустить") is a prefixed word, not two; a known stem of
    three letters is no sure word ("безоб|разие")."""
    def stem(part: str) -> str:
        return cached_stem(read(part))

    def exact(part: str) -> bool:  # (a stem of three letters is what is left of many words)
        return part.isalpha() and len(stem(part)) > RUN_TOGETHER_PART and stem(part) in lexicon

    def slipped(part: str) -> bool:
        return part.isalpha() and bool(lexicon.typo_candidates([read(part), stem(part)], 1))

    cuts = []
    for i in range(RUN_TOGETHER_SURE, len(word) - RUN_TOGETHER_SURE + 1):
        a, b = word[:i], word[i:]
        if a[-1] == b[0]:
            continue  # a letter doubled at the seam is a key that bounced ("жалов|ваться")
        # (a second half that is a known word after its first letter is the cut one letter
        # over: "обещаны|йплатеж" is "обещаный|платеж"; a first half is often a known stem
        # without its last letter, which is an ending)
        if exact(a) and slipped(b) and not exact(b[1:]):
            cuts.append((lexicon.frequency(stem(a)), a, b))
        elif exact(b) and slipped(a) and not _verb_prefixes(read(a)):
            cuts.append((lexicon.frequency(stem(b)), a, b))
    if not cuts:
        return None
    least = 1 if is_cyrillic(read(word)) else RUN_TOGETHER_LATIN_DOCS
    found, a, b = max(cuts)
    return [a, b] if found >= least else None


def _shorthand_cut(word: str, lexicon: Lexicon) -> list[str] | None:
    """A Russian compound shortening ("родконтроль", "спецпредложение"): the beginning of a known
    word, :data:`ABBREVIATION_LETTERS` to :data:`SHORTHAND_LETTERS` letters and no word itself,
    run into a known word of :data:`RUN_TOGETHER_SURE` letters or more (the longest such) whose
    stem is longer than :data:`RUN_TOGETHER_PART` ("безобразие" is no "безоб" and "раз"). Such
    shortenings name things: a verb is one word behind its prefix ("возобновить")."""
    if not is_cyrillic(word) or word.endswith(VERB_WORD_ENDS):
        return None
    for i in range(ABBREVIATION_LETTERS, SHORTHAND_LETTERS + 1):
        a, b = word[:i], word[i:]
        if (len(b) >= RUN_TOGETHER_SURE and len(cached_stem(b)) > RUN_TOGETHER_PART
                and cached_stem(b) in lexicon and cached_stem(a) not in lexicon
                and lexicon.completions(a, 1)):
            return [a, b]
    return None


SHORTHAND_LETTERS = 5  # the longest beginning a compound shortening keeps of its first word


# "1 200 рублей", "1 500 000": a sum with its thousands set apart by spaces is one number
LEADING_DIGITS = re.compile(r"\d{1,2}")  # ("300 500" are two plans)
THOUSANDS_GROUP = re.compile(r"\d{3}(?!\d)")  # (a mark may end it: "1 200,")


def _join_thousands(chunks: list[str]) -> list[str]:
    """Chunks with a number's groups of three digits joined to the digits before them."""
    out: list[str] = []
    open_number = False  # whether the last chunk out is a number another group may go on
    for chunk in chunks:
        if open_number and THOUSANDS_GROUP.match(chunk):
            out[-1] += chunk
        else:
            out.append(chunk)
        open_number = bool(LEADING_DIGITS.fullmatch(chunk)) or (
            open_number and THOUSANDS_GROUP.fullmatch(chunk) is not None)
    return out


# a sum with its currency's shortening glued on ("750р", "990руб.", "500rub"), as operators jot it
GLUED_SUM = re.compile(r"(\d+)(р|руб|rub|тг)\.?([,.!?]*)", re.IGNORECASE)


def _unglue_sums(chunks: list[str]) -> list[str]:
    """Chunks with a sum and its currency's shortening written together read as the sum in
    rubles, or tenge ("750р" is "750 рублей"), as the sum and the word would."""
    out: list[str] = []
    for chunk in chunks:
        if glued := GLUED_SUM.fullmatch(chunk):
            currency = "тенге" if fold(glued[2]) == "тг" else "рублей"
            out.extend([glued[1], currency + glued[3]])
        else:
            out.append(chunk)
    return out


def _read_numbers(
    chunks: list[str], typing: bool, lexicon: Lexicon
) -> tuple[list[str], tuple[str, float] | None]:
    """Runs of finished number words replaced by their digits (``сто мегабит`` → ``100
    мегабит``: articles write numbers in digits; ``cnj`` is ``сто`` typed in the other layout,
    ``sto`` spelt in Latin letters),
    and the digits of the word still being typed when it is (or can only become) a number word,
    with its weight (it may also be the start of another word, so it stays as typed)."""
    out: list[str] = []
    run: list[str] = []

    def flush(after: str = "", mark: str = "") -> None:
        value = number_value(run)
        # a lone "one" before a function word is a word ("один за другим", "one of"), not a
        # number of something ("один рубль", "one giga")
        # ... nor is it after «ни» ("ни одной", "ни в одном": not a single one)
        following = words(after)[:1]
        before = [fold(c) for c in out[-2:]]
        alone = value == 1 and len(run) == 1 and (
            (bool(following) and following[0] in STOP_WORDS) or before[-1:] == [NEITHER]
            or (len(before) == 2 and before[0] == NEITHER and before[1] in STOP_WORDS))
        # (a clause mark after the number still ends its clause: "раз десять… можно его …")
        out.append(str(value) + mark) if value is not None and not alone else out.extend(run)
        run.clear()

    typed_number: tuple[str, float] | None = None
    for i, chunk in enumerate(chunks):
        found = words(chunk)
        last = typing and i == len(chunks) - 1
        completed = False
        if (last and len(found) == 1 and not is_number_word(found[0])
                and found[0] not in STOP_WORDS):  # "for" typed is "for", not "forty" yet
            whole = complete_number_word(found[0])  # "five hundr": the number is clear already
            found, completed = ([whole], True) if whole else (found, False)
        if (len(found) == 1 and not is_number_word(found[0])
                and cached_stem(found[0]) not in lexicon):
            switched = words(switch_layout(chunk))
            if (len(switched) == 1 and is_number_word(switched[0])
                    and not (last and lexicon.completions(found[0], 1))):
                found = switched  # "cnj": the other layout, unless the letters begin a word
            elif spelt := spelt_number_word(found[0]):
                found = [spelt]  # "sto", "pyatsot": Russian spelt in Latin letters
            elif (not last and found[0] not in FILLER_WORDS  # "опять" is again, no «пять»
                  and (mended := mistyped_number_word(found[0]))):
                found = [mended]  # "пятьдестя", "hundrd": one slip from one number word
        if len(found) == 1 and is_number_word(found[0]):
            if last:
                value = number_value([*run, found[0]]) if run else number_value(found)
                if value is not None:
                    # "five hun": the words before already say which number, as sure as a
                    # number word typed in full (either may still go on: "… twenty")
                    sure = not completed or bool(run)
                    typed_number = (str(value), W_EXACT if sure else W_PREFIX)
                    if run and value != number_value(run):
                        # "пятьсот пятьдесят", "five hun": the number being typed holds the
                        # finished words, which are not a number of their own (550, not 500 and 550)
                        run.clear()
            else:
                run.append(found[0])
                if chunk[-1] in CLAUSE_ENDS:
                    # "между двумястами и тысячей? пятисотка": two numbers, not 1500
                    flush(mark=chunk[-1])
                continue
        if run:
            flush(chunk)
        out.append(chunk)
    if run:
        flush()
    return out, typed_number


def _add_transliteration(group: Group, lexicon: Lexicon, typing: bool) -> str | None:
    """A Latin word not known as typed may be Russian spelt in Latin letters (``tarif``); an
    English function word being typed (``to``, ``me``, ``for``) is that word on its way, not
    Russian (``то``, ``ме…``): the list would jump on every one of them. Returns the Russian
    word read (None when none is)."""
    cyrillic = transliterate(group.word)
    if cyrillic == group.word or (typing and group.word in STOP_WORDS):
        return None
    translit = _word_group(cyrillic, lexicon, typing, W_TRANSLIT)
    if translit.alts and not any(w >= W_EXACT for w in group.alts.values()):
        # typo readings of the Latin word are weaker than a known Russian word (what the
        # letters being typed begin stays: "ba" is "bank" on its way as much as «банк»)
        for t in [t for t, w in group.alts.items() if w < W_TRANSLIT * W_TYPO[1]
                  and not (typing and t.startswith((group.word, group.stem)))]:
            del group.alts[t]
    for t, w in translit.alts.items():
        group.add(t, w)
    return cyrillic if translit.alts else None


# Prefixes of compound words whose second part names the thing ("телеканал" is a "канал",
# "автоплатеж" a "платеж").
COMPOUND_PREFIXES = ("теле", "авто", "видео", "радио", "интернет", "моно", "мульти", "мини",
                     "смарт", "супер", "tele", "auto", "video", "smart", "super")
COMPOUND_REST = 4  # letters the second part needs at least
W_COMPOUND = 0.8


def _add_compound_part(group: Group, lexicon: Lexicon) -> None:
    """A compound word also stands for its second part, weaker (an article says "каналы" where
    the caller says "телеканалы")."""
    for prefix in COMPOUND_PREFIXES:
        if group.word.startswith(prefix) and len(group.word) - len(prefix) >= COMPOUND_REST:
            part = cached_stem(group.word[len(prefix):])
            if part in lexicon:
                group.add(part, W_COMPOUND * max(group.alts.values(), default=W_EXACT))
            return


COMPARATIVE_ENDS = ("ее", "ей", "ше", "же", "че", "ще", "ле")  # быстрее, дешевле, больше, дороже


def _add_comparative(group: Group, lexicon: Lexicon, synonyms: SynonymSets) -> None:
    """A Russian comparative with "по-" ("побыстрее", "подешевле") stands for the plain one, in
    synonym sets too; so does an English one neither the KB nor its synonym sets have
    ("cheaper", "bigger", "easier"; "owner" is listed)."""
    word = group.word
    if word.startswith("по") and word.endswith(COMPARATIVE_ENDS) and len(word) >= 7:
        plain = cached_stem(word[2:])
        if plain in lexicon:
            group.add(plain, W_EXACT)
            group.stem = plain
    elif (word.endswith("er") and word.isascii() and len(word) >= EN_COMPARATIVE_LETTERS
          and group.stem not in lexicon and group.stem not in synonyms.stems):
        base = word[:-2]
        for plain in (base, base[:-1] if base[-1] == base[-2] else "",
                      base[:-1] + "y" if base.endswith("i") else ""):
            if plain and cached_stem(plain) in lexicon:
                group.add(cached_stem(plain), W_EXACT)
                group.stem = cached_stem(plain)
                return


EN_COMPARATIVE_LETTERS = 5  # "lower", "later": shorter words in "-er" are seldom comparatives


ABBREVIATION_READINGS = 2  # a known word's letters stand for as many longer words at most


def _add_abbreviation(group: Group, lexicon: Lexicon) -> None:
    """A finished Russian word whose stem is known but that is not itself a stem here, and begins
    one or two longer ones ("добров блок": "добров" stems to the "добр" of "добрый", yet stands
    for "добровольная") is shorthand too: it also reads as those words, though weaker than its
    own stem (a word no article has is read so before: :data:`W_ABBREVIATION`). A word that is
    its own stem is a word."""
    word = group.word
    if (len(word) <= ABBREVIATION_LETTERS or group.stem == word or not is_cyrillic(word)
            or group.alts.get(group.stem, 0.0) < W_EXACT):
        return
    found = [t for t in lexicon.completions(word, ABBREVIATION_READINGS + 1) if t != word]
    if 0 < len(found) <= ABBREVIATION_READINGS:
        for t in found:
            group.add(t, W_ABBREVIATION)


LABIALS = "бвмпф"


# the noise of a bad line written down as it sounds ("шшш", "пшшш", "кхххх", "кхх"): one hissing
# or crackling letter three times or more, after at most one other; or twice after a consonant
NOISE_RE = re.compile(r"(?:[а-яё]?([шщжзсхфкчр])\1{2,}|[бвгджзклмнпрстфхцчшщ]([шщжзсхфкчр])\2)"
                      r"[.,!?…]*", re.IGNORECASE)
NOISE_READING = "помехи"


def _read_noise(chunk: str) -> str:
    """``chunk`` as the word for noise on the line when it writes that noise down, else as is."""
    return NOISE_READING if NOISE_RE.fullmatch(chunk) else chunk


# A Russian word cut short and marked so, with a full stop ("растор. дог.", "добр. блок") or a
# hyphen before its ending ("дог-ра", "подкл-я"), as operators shorten words in notes
TRAILING_MARKS = ",;:!?)"  # what may follow the mark of a shortened word
SHORTENED_RE = re.compile(r"([а-яё]{3,})(\.|-[а-яё]{1,2})([" + re.escape(TRAILING_MARKS) + "]*)",
                          re.IGNORECASE)
# a word contracted to its first letters and its last ("ст-с": статус, "ср-в": средств, "аб-та":
# абонента): two letters are too few to begin only a few words, the last ones tell which
CONTRACTED_RE = re.compile(r"([а-яё]{2})-([а-яё]{1,2})([" + re.escape(TRAILING_MARKS) + "]*)",
                           re.IGNORECASE)
PARTICLE_TAILS = frozenset(["-то", "-ка", "-де", "-с"])  # "кто-то", "давай-ка": whole words
CONTRACTED_READINGS = 400  # the commonest words a contraction's two letters begin, to filter
CONTRACTED_LEAST = 5  # letters of the shortest stem read for a contraction


def _marked_shortenings(chunks: list[str]) -> tuple[list[str], dict[str, str]]:
    """``chunks`` with the marks of shortened words taken off, and those words (folded), each
    with the letters a contraction ends in ("" for a word only cut short): a Russian word of three
    letters or more ending in one full stop, or in a hyphen and one or two letters of its ending,
    or two letters, a hyphen and one or two, before any comma. A stop word so marked ends a
    sentence, and so does a full stop before a capitalised word."""
    out: list[str] = []
    marked: dict[str, str] = {}
    for i, chunk in enumerate(chunks):
        m = SHORTENED_RE.fullmatch(chunk)
        word = fold(m.group(1)) if m else ""
        # (a full stop before a capitalised word ends a sentence: "…перезагружается. Его можно…";
        # an acronym after it may be what the cut word names: "стат. IP")
        after = chunks[i + 1] if i + 1 < len(chunks) else ""
        if m and m.group(2) == "." and after[:1].isupper() and after[1:2].islower():
            out.append(chunk)
            continue
        if m and word not in STOP_WORDS and fold(m.group(2)) not in PARTICLE_TAILS:
            marked[word] = ""
            chunk = m.group(1) + m.group(3)
        elif (c := CONTRACTED_RE.fullmatch(chunk)) and fold(c.group(1)) not in STOP_WORDS:
            marked[fold(c.group(1))] = fold(c.group(2))
            chunk = c.group(1) + c.group(3)
        out.append(chunk)
    return out, marked


def _read_shortened(group: Group, lexicon: Lexicon, ends: str = "") -> None:
    """A word marked as cut short reads as the words it begins, the frequent ones most, and as no
    typo, its own stem no surer than a word it begins; a word that begins no longer one is whole
    ("интернет."). A contraction reads as the words its letters begin whose stem ends in the
    first of the letters it ends in."""
    if ends:  # (a short word is seldom contracted: "ср-в" is "средств", no "срыв")
        found = [t for t in lexicon.completions(group.word, CONTRACTED_READINGS)
                 if t.endswith(ends[0]) and len(t) >= CONTRACTED_LEAST
                 ][:completion_cap(group.word)]
    else:
        found = lexicon.completions(group.word, completion_cap(group.word))
    if not any(len(t) > len(group.word) for t in found):
        return
    group.alts = {}
    _add_frequent(group, lexicon, found, W_PREFIX)
    group.mistyped = False


def _add_unepenthetic(group: Group, lexicon: Lexicon) -> None:
    """A Russian verb stem with the "л" a labial takes before some endings ("оформл" of
    "оформляйте", "приостановл" of "приостановлю") also reads as the stem without it, the
    infinitive's ("оформ" of "оформить"), which is how articles naming the task were indexed."""
    s = group.stem
    if (len(s) >= 5 and s[-1] == "л" and s[-2] in LABIALS and is_cyrillic(s)
            and group.alts.get(s, 0.0) >= W_PREFIX and s[:-1] in lexicon):
        group.add(s[:-1], group.alts[s])


# the suffixes of a Russian diminutive or endearment, as the stemmer leaves them, and what the
# plain word has in their place, most telling first: «заявочка» → «заявка», «минуточку» →
# «минута», «тарифчик» → «тариф», «паспортик» → «паспорт», «скоростёнка» → «скорость»,
# «медленненький» → «медленный», «номерок» → «номер»
DIMINUTIVE_ENDS = (("очк", "к"), ("ечк", "к"), ("очк", ""), ("ечк", ""), ("чик", ""), ("ик", ""),
                   ("ненк", ""), ("енк", ""), ("онк", ""), ("ушк", ""), ("юшк", ""), ("к", ""))
BARE_DIMINUTIVE_ENDS = ("ок", "ек")
RARE_DIMINUTIVE_DOCS = 1  # articles that use a diminutive only in passing, at most
DIMINUTIVE_BASE = 3  # letters the plain word keeps at least
DIMINUTIVE_BEGINS = 6  # letters of a plain word the KB has only longer, that begin its word


def _add_undiminished(group: Group, lexicon: Lexicon) -> None:
    """A finished Russian diminutive the articles do not use, or use only in passing while the
    plain word is far commoner («телефончик» in one reply, «телефон» everywhere), also reads as
    its plain word."""
    s = group.stem
    rare = s in lexicon and lexicon.frequency(s) <= RARE_DIMINUTIVE_DOCS
    if (group.alts.get(s, 0.0) >= W_EXACT and not rare) or not is_cyrillic(s):
        return
    # a bare «к» is a diminutive only as «-ок», «-ёк» («номерок», «кабелёк»): it ends many a
    # word mistyped («пристака»)
    plains = [s[:-len(end)] + plain_end for end, plain_end in DIMINUTIVE_ENDS
              if s.endswith(end) and len(s) - len(end) + len(plain_end) >= DIMINUTIVE_BASE
              and (len(end) > 1 or group.word.endswith(BARE_DIMINUTIVE_ENDS))]
    # the plain word itself, or the adjective the KB makes of it («безлимитик»: «безлимитный»)
    found = next((p for p in plains if p in lexicon), None) or next(
        (c[0] for p in plains if len(p) >= DIMINUTIVE_BEGINS
         and (c := lexicon.completions(p, 1))), None)
    if found is None or (
            rare and lexicon.frequency(found) < RARE_WHOLE_RATIO * lexicon.frequency(s)):
        return
    for t, weight in list(group.alts.items()):
        if weight <= W_TYPO[1]:
            del group.alts[t]  # a typo reading is no match for a word said fondly (утречко)
    group.add(found, W_SYNONYM)


# Final letters of a Russian noun that the stemmer may take for a verb's ending ("канал" like
# "читал", "визит" like "звонит", "модем" like "читаем").
VERBLIKE_ENDS = ("л", "т", "м")


def _add_noun_forms(group: Group, lexicon: Lexicon) -> None:
    """A finished Russian word whose stem cut a noun's last letters as a verb's ending ("канал" →
    "кана", while "каналы" → "канал") also reads as the whole word when articles have it; a stem
    that is such a noun ("каналов" → "канал") also reads as what the stemmer makes of the noun
    itself ("кана"), which is how an article saying "канал" was indexed."""
    word, s = group.word, group.stem
    if not is_cyrillic(word):
        return
    weight = group.alts.get(s, 0.0)
    if s != word and word in lexicon:
        group.add(word, max(weight, W_EXACT))
    if weight >= W_EXACT and s.endswith(VERBLIKE_ENDS):
        cut = cached_stem(s)
        if cut != s and len(cut) >= 3 and cut in lexicon:
            group.add(cut, W_SYNONYM)


def _add_bridge(groups: list[Group], bridge: TermBridge, lexicon: Lexicon) -> None:
    """The other language's stems for each finished topic word read as typed (or in the other
    layout, or transliterated): an article written in one language only is still found, below the
    same-language matches."""
    for g in groups:
        if g.filler:
            continue
        # the word's own readings only: a translation of a synonym drifts too far
        sources = {t: w for t, w in g.alts.items() if w >= W_TRANSLIT}  # never a translation
        sources.setdefault(g.stem, W_EXACT)  # known to the bridge even if no article has it now
        for t, w in sources.items():
            for other, strength in bridge.translate(t).items():
                if other in lexicon:
                    g.add_translation(other, W_BRIDGE * min(1.0, strength / BRIDGE_SURE) * w)


# Suffixes that make a Russian adjective of a noun (код → кодовый, абонент → абонентский, ремонт →
# ремонтный, гарантия → гарантийный), as they end a stem.
DERIVED_SUFFIXES = ("ьск", "ск", "ийн", "ов", "ев", "н")
W_DERIVED = 0.9  # the noun an adjective is made of, or its translation, against the adjective


DERIVED_NOUN_LETTERS = 4  # a shorter noun inside an adjective is too often chance ("дом…")


def _add_derived_nouns(groups: list[Group], lexicon: Lexicon) -> None:
    """A Russian adjective made of a noun the articles use («минусовой» баланс, «тарифный» план,
    «абонентский» номер) also reads as that noun, a little weaker: an article says «минус на
    балансе» where the caller says «баланс минусовой»."""
    for g in groups:
        if g.filler or not is_cyrillic(g.stem) or g.alts.get(g.stem, W_EXACT) < W_EXACT:
            continue
        for suffix in DERIVED_SUFFIXES:
            base = g.stem[: -len(suffix)]
            if (g.stem.endswith(suffix) and len(base) >= DERIVED_NOUN_LETTERS
                    and base in lexicon):
                g.add(base, W_DERIVED)
                break


def _add_derived_translations(groups: list[Group], synonyms: SynonymSets,
                              bridge: TermBridge | None, lexicon: Lexicon) -> None:
    """A Russian adjective made of a noun (``кодовое`` слово, ``ремонтные`` работы) that neither
    the glossary nor the bridge translates stands for the noun's translations, a little weaker:
    the articles of the other language name the thing with the noun (``code word``)."""
    for g in groups:
        if g.filler or not is_cyrillic(g.stem):
            continue
        if any(not is_cyrillic(t) for t in g.alts if t.isalpha()):
            continue  # translated already
        for suffix in DERIVED_SUFFIXES:
            base = g.stem[: -len(suffix)]
            if not g.stem.endswith(suffix) or len(base) < 3:
                continue
            found = dict(bridge.translate(base)) if bridge else {}
            for t in synonyms.translations.get(base, ()):
                found[t] = 1.0
            for t, strength in found.items():
                if t in lexicon:
                    g.add_translation(t, W_DERIVED * W_BRIDGE * min(1.0, strength / BRIDGE_SURE))
            if found:
                break


def _entry_term(entry: tuple[str, ...], lexicon: Lexicon) -> str | None:
    """The term a synonym entry stands for: its stem, or for an entry of several words (or a
    hyphenated one) the phrase of its stems joined by spaces, matched as a whole (``set-top box``
    is neither "top" nor "box"). A quantifier or filler word at either end names nothing and is
    left out ("весь дом" is "дом"); a phrase with a word no article has matches nothing. A
    single word stands as it is, known or not (its glossary translations may be)."""
    if len(entry) == 1:
        return entry[0]
    words_ = list(entry)
    while len(words_) > 1 and words_[0] in FILLER_STEMS:
        words_.pop(0)
    while len(words_) > 1 and words_[-1] in FILLER_STEMS:
        words_.pop()
    if not all(t in lexicon for t in words_):
        return None
    return " ".join(words_)


def phrase_frequency(df: Callable[[str], int]) -> Callable[[str], int]:
    """``df`` answering for a phrase term too (:func:`_entry_term`): the articles holding its
    rarest word, the most that can hold the phrase."""

    def frequency(term: str) -> int:
        if " " not in term:
            return df(term)
        return min(df(t) for t in term.split())

    return frequency


def _phrase_docs(docs: Callable[[str, str], np.ndarray], fieldname: str, term: str
                 ) -> np.ndarray:
    """The documents holding every word of a phrase term in ``fieldname`` (the reranking then
    looks for the words side by side); a single stem's posting list as it is."""
    if " " not in term:
        return docs(fieldname, term)
    parts = [docs(fieldname, t) for t in term.split()]
    found = parts[0]
    for ids in parts[1:]:
        found = np.intersect1d(found, ids)
    return found


# the particles that end an English phrasal verb ("top up", "turn on", "call back")
PARTICLES = frozenset(["up", "on", "off", "out", "back", "down", "over", "in", "away"])
W_PHRASAL_PART = 0.5  # a phrasal verb's word read alone ("top" of "top up", "set-top box")


def _read_phrasal_verb(parts: list[Group], phrase: str | None) -> None:
    """A phrasal verb a synonym set knows reads as the whole phrase: its words alone say
    something else ("top up" is no "set-top box", "turn on" no turn of a page)."""
    if phrase is None or " " not in phrase:
        return
    for g in parts:
        g.add(phrase, W_EXACT)
        if g.alts.get(g.stem, 0.0) >= W_EXACT:
            g.alts[g.stem] = W_PHRASAL_PART


def _reading(g: Group, synonyms: SynonymSets) -> tuple[str, float]:
    """The stem a word is read as, and how sure that reading is: its own, or for a Latin word
    known only as Russian spelt in Latin letters (``vernut``), that Russian word's, so synonym
    sets read it as they read ``вернуть``; a mistyped word (``перезвноить``) as the one word it
    corrects to by one edit, as sure as that correction, unless a synonym set knows it as typed
    (a word no article uses: ``төлеу``)."""
    if g.alts.get(g.stem, 0.0) >= W_EXACT or g.stem in synonyms.by_first:
        return g.stem, 1.0
    spelt = cached_stem(transliterate(g.word))
    if g.alts.get(spelt, 0.0) >= W_TRANSLIT:
        return spelt, 1.0
    corrected = _corrected(g)
    return (corrected, g.alts[corrected]) if corrected is not None else (g.stem, 1.0)


FAMILY_LETTERS = 4  # letters two readings of a typo share at the start to be one word's forms


def _corrected(g: Group) -> str | None:
    """The word a finished word unknown as typed corrects to: its sole correction, or when its
    best corrections tie as forms of one word, the one of them that is an action verb
    ("откааться": "отказаться" beside "откажусь"; "олатить": "оплатить" beside "платить")."""
    top = _best_corrections(g)
    if len(top) <= 1:
        return top[0] if top else None
    if not all(a in b or b in a or a[:FAMILY_LETTERS] == b[:FAMILY_LETTERS]
               for a, b in combinations(top, 2)):
        return None
    return next((t for t in top if t in ACTION_STEMS), None)


def _action_readings(g: Group) -> list[str]:
    """The readings of an action word that may name it in a title: synonyms and better, and the
    verb a mistyped word corrects to ("откааться": "отказаться")."""
    readings = [t for t, w in g.alts.items() if w >= W_SYNONYM]
    corrected = _corrected(g)
    return readings if corrected is None else [*readings, corrected]


def _one_word_entry(stem: str, synonyms: SynonymSets) -> bool:
    """Whether a synonym set lists ``stem`` as a word of its own (slang no article uses:
    "накатать")."""
    return any((stem,) in synonyms.sets[i] for i in synonyms.by_first.get(stem, ()))


def _drop_guesses(g: Group, guesses: dict[str, float]) -> None:
    """Remove the readings a word no article has got before the synonyms knew it as a word (typo
    readings, cognates: "накатать" two edits from "заказать"), unless a synonym gave them too;
    an action only such a reading made is no action."""
    kept = {t: w for t, w in g.alts.items() if guesses.get(t) != w}
    if not kept:
        return
    g.alts = kept
    if g.action and g.word not in ACTION_WORDS and not any(t in ACTION_STEMS for t in g.alts):
        g.action = False


def _add_listed_slip(g: Group, synonyms: SynonymSets, typing: bool) -> None:
    """A word no reading explains that is one slip from a word only the synonym sets list
    ("перетщаить": "перетащить", which no article says) reads as that word, as a slip of an
    article's word does; its synonyms then follow (:func:`_add_synonyms`)."""
    if not max_edits(g.word) or not synonyms.spelt or g.word in PERSON_WORDS:
        return  # (a person is that person: "девушка" is how callers address the operator)
    found = synonyms.slips(g.word)
    if found:
        # two slips from an article's word are likelier one from a listed word
        g.alts.clear()
        g.translations.clear()
        for stem in found:
            g.add(stem, W_TYPO[1])
        g.mistyped = typing and len(g.word) >= ONE_WAY_LETTERS


def _add_listed_completion(g: Group, synonyms: SynonymSets, lexicon: Lexicon) -> None:
    """Letters being typed that begin no word of the articles but begin a word only the synonym
    sets list ("ваф…": «вафля», "хал…": «халява») read as that word's synonyms, weighed as a
    completion, so the list does not go blank before the word is whole."""
    if len(g.word) < MIN_LISTED_PREFIX:
        return
    weight = W_PREFIX * min(1.0, 0.5 + len(g.word) / 10)
    found = [k for k in synonyms.by_first if k.startswith(g.word) and _one_word_entry(k, synonyms)]
    for stem in found[:PREFIX_CAP]:
        for i in synonyms.by_first[stem]:
            for other in synonyms.sets[i]:
                term = _entry_term(other, lexicon)
                if term is None or other == (stem,):
                    continue
                if is_cyrillic(term) == is_cyrillic(stem):
                    g.add(term, W_SYNONYM * weight)
                else:
                    g.add_translation(term, W_BRIDGE * weight)


MIN_LISTED_PREFIX = 3  # two letters begin too many listed words to mean one


def _best_corrections(g: Group) -> list[str]:
    """The best one-edit corrections of a finished word unknown as typed (or of a word being
    typed that begins no known word, :attr:`Group.mistyped`), tied at the top."""
    if (g.typing and not g.mistyped) or not g.alts or g.alts.get(g.stem, 0.0) > 0.0:
        return []
    best = max(g.alts.values())
    if best < W_TYPO[1] or best >= W_SYNONYM:
        return []
    top = [t for t, w in g.alts.items() if w >= best - 1e-9]
    # a word being typed whose stem is typed whole ("узнат") has its ending on the way: no slip
    return [] if g.typing and any(g.word.startswith(t) for t in top) else top


def _sole_correction(g: Group) -> str | None:
    """The reading of a finished word unknown as typed when it is one correction by one edit
    and nothing reads it as well (a typo that could be two words says neither)."""
    top = _best_corrections(g)
    return top[0] if len(top) == 1 else None


def _add_synonyms(groups: list[Group], synonyms: SynonymSets, lexicon: Lexicon) -> None:
    """Each query word (or phrase) found in a synonym set also stands for the set's other
    entries; an entry of several words as the phrase it is (:func:`_entry_term`). An entry in the
    other script is a glossary translation: it weighs like a bridge link."""
    # a corrected word's synonyms are as sure as its correction
    readings = [_reading(g, synonyms) for g in groups]
    exact = [t for t, _ in readings]
    sure = [w for _, w in readings]
    candidates = sorted({i for t in exact for i in synonyms.by_first.get(t, ())})
    for index, phrases in ((i, synonyms.sets[i]) for i in candidates):
        words_of_set = {p[0] for p in phrases if len(p) == 1}
        for seq in phrases:
            at = _find_spread(exact, seq)
            if at is None or ((index, seq) in synonyms.negated and not groups[at[0]].denied):
                continue
            if len(seq) > 1 and seq[-1] in PARTICLES:
                _read_phrasal_verb([groups[i] for i in at], _entry_term(seq, lexicon))
            for other in phrases:
                if other == seq or _contains(other, seq) >= 0:
                    continue  # "wi-fi роутер" is a kind of "роутер": "wi" is not a synonym
                if len(other) > 1 and words_of_set.intersection(other):
                    continue  # nor of "router", which the set says "роутер" is
                term = _entry_term(other, lexicon)
                if term is None:
                    continue
                for k in at:
                    g = groups[k]
                    if len(seq) > 1 and g.filler:
                        continue  # "whole" in "whole building" stands for no building
                    if is_cyrillic(term) == is_cyrillic(exact[k]):
                        g.add(term, W_SYNONYM * sure[k])
                    else:
                        g.add_translation(term, W_BRIDGE * sure[k])
    # a one-word synonym in the query's script takes its glossary translations along, one step
    # (обменять → обмен → exchange): an article in the other language only is found from the
    # verb too; never further
    for g in groups:
        for t in [t for t, w in g.alts.items() if w == W_SYNONYM]:
            for translation in synonyms.translations.get(t, ()):
                if translation in lexicon:
                    g.add_translation(translation, W_SYNONYM * W_BRIDGE)


@dataclass(slots=True)
class Retrieval:
    """What the first stage looks up: per group the alternatives worth reading, and whether every
    group must match."""

    groups: list[dict[str, float]]
    conjunctive: bool


def retrievals(plan: QueryPlan, df: Callable[[str], int]) -> list[Retrieval]:
    """First-stage lookups to try in order, until one finds something.

    Reading posting lists is the cost of a pure-Python engine, and a word in a third of the KB says
    little about which article is meant. So the rarest alternatives are read first, up to a budget
    of :data:`POSTINGS_BUDGET` postings; the words left out still count when reranking. When every
    word is that common, articles must contain them all (by their rarest alternatives); if none
    does, the rarest word alone.
    """
    df = phrase_frequency(df)
    entries = sorted(
        (df(t), gi, t, w) for gi, g in enumerate(plan.groups) for t, w in g.alts.items()
    )
    chosen: list[dict[str, float]] = [{} for _ in plan.groups]
    spent = 0
    # (a filler word finds articles as it counts in them: little)
    scale = [FILLER_WEIGHT if g.filler else 1.0 for g in plan.groups]
    for n, gi, t, w in entries:
        if spent + n > POSTINGS_BUDGET:
            break
        chosen[gi][t] = w * scale[gi]
        spent += n
    if any(chosen):
        return [Retrieval([c for c in chosen if c], False)]
    rarest = [
        dict(sorted(g.alts.items(), key=lambda tw: df(tw[0]))[:COMMON_ALTERNATIVES])
        for g in plan.groups
    ]
    fallback = Retrieval([min(rarest, key=lambda alts: min(df(t) for t in alts))], False)
    if len(rarest) == 1:
        return [fallback]
    return [Retrieval(rarest, True), fallback]


def idf(df: int, docs: int) -> float:
    """BM25's inverse document frequency."""
    return math.log(1.0 + (docs - df + 0.5) / (df + 0.5))


def first_stage(
    lookup: Retrieval,
    docs: Callable[[str, str], np.ndarray],
    df: Callable[[str], int],
    total: int,
    size: int,
    allowed: np.ndarray | None,
    depth: int,
) -> list[int]:
    """The ``depth`` best document numbers (0 … ``size - 1``) by idf-weighted coordination (a head
    match counts :data:`HEAD_FIRST_STAGE` times), from the posting lists ``docs(field, stem)``."""
    df = phrase_frequency(df)
    acc = np.zeros(size, dtype=np.float32)
    count = np.zeros(size, dtype=np.int16)
    for alts in lookup.groups:
        best = np.zeros(size, dtype=np.float32)
        for t, w in alts.items():
            base = w * idf(df(t), total)
            for fieldname, factor in (("body", 1.0), ("head", HEAD_FIRST_STAGE)):
                ids = _phrase_docs(docs, fieldname, t)
                if len(ids):
                    best[ids] = np.maximum(best[ids], base * factor)
        acc += best
        count += best > 0
    if lookup.conjunctive:
        acc[count < len(lookup.groups)] = 0.0
    if allowed is not None:
        acc[~allowed[:size]] = 0.0
    hits = int(np.count_nonzero(acc))
    if hits == 0:
        return []
    k = min(depth, hits)
    top = np.argpartition(-acc, k - 1)[:k]
    return [int(d) for d in top[np.argsort(-acc[top], kind="stable")]]


def fts_match(retrieval: Retrieval) -> str:
    """The same lookup as an FTS5 MATCH expression (stems are letters and digits only, quoted)."""
    groups = [" OR ".join(f'"{t}"' for t in sorted(alts)) for alts in retrieval.groups]
    if retrieval.conjunctive:
        return " AND ".join(f"({g})" for g in groups)
    return " OR ".join(groups)


@dataclass(slots=True)
class Candidate:
    id: int
    slug: str
    lang: str
    kind: str
    title: str
    score: float
    typed: float = 0.0  # how much of a half-typed last word after finished ones it has (0…1)
    fits: float = 0.0  # the weight of the word being typed met in its head (0…1)


def group_importance(plan: QueryPlan, idfs: dict[str, float]) -> list[float]:
    """How telling each group is: the idf of its best reading (a synonym or completion that is
    rarer than the word typed does not make the word more telling), times that reading's weight;
    filler words weigh :data:`FILLER_WEIGHT`; a group read only through a typo correction weighs at
    most :data:`TYPO_IMPORTANCE_CAP` of the most telling exactly matched word (not one read
    through a key that bounced or two swapped, :data:`W_KEY_SLIP`)."""
    out = []
    exact = []
    topic = False  # a finished topic word came before
    for g in plan.groups:
        top = max(g.alts.values())
        imp = top * max(idfs[t] for t, w in g.alts.items() if w >= top - 1e-9)
        if g.typing and g.alts.get(g.stem, 0.0) < W_EXACT and topic:
            # a half-typed word is a guess: its first letters must not reorder what the
            # finished words found (after question words only, its letters are all the topic
            # there is: "сколько стоит ро…" is about what "ро…" becomes, not about "сколько")
            imp *= min(1.0, max(0.0, len(g.word) - 1) / PREFIX_SURE_LETTERS)
        topic = topic or not g.filler
        if g.negation:
            imp *= NEGATION_WEIGHT
        if g.context:
            imp *= CONTEXT_WEIGHT
        if g.left_out:
            imp = 0.0
        if g.filler:
            imp *= FILLER_WEIGHT
        elif top >= W_SYNONYM and not g.typing:
            exact.append(imp)
        out.append(imp)
    if exact:
        cap = TYPO_IMPORTANCE_CAP * max(exact)
        corrected = [
            not (g.filler or g.typing) and max(g.alts.values()) < W_KEY_SLIP for g in plan.groups
        ]
        out = [min(imp, cap) if c else imp for c, imp in zip(corrected, out, strict=True)]
    return out


def _phrase_pairs(plan: QueryPlan) -> list[list[str]]:
    """For each pair of adjacent (non-filler) groups, the two-stem phrases they can stand for, in
    either order; and for a filler word before a topic word, the phrase the two spell as typed."""
    pairs = []
    groups = [g for g in plan.groups if not g.filler]
    for a, b in pairwise(groups):
        if (a.left_out or b.left_out) and not (b.left_out and a.word in WITHOUT_WORDS):
            continue  # "300 тв не нужно" is no "300 тв"; "без инета" still spells its phrase
        if a.context and b.context:
            continue  # "на самом дешёвом тарифе … перейти на 300": the plan left, not the one asked
        left = [t for t, w in a.alts.items() if w >= PHRASE_MIN_WEIGHT]
        right = [t for t, w in b.alts.items() if w >= PHRASE_MIN_WEIGHT]
        # Russian word order is free: "ребенок звонит" is the tag "звонит ребенок"
        found = [f" {p} {q} " for x in left for y in right if x != y for p, q in ((x, y), (y, x))]
        if found:
            pairs.append(found)
    # a filler word that with the next word spells a head phrase is part of a name there
    # ("моя волна": the app), in the order typed
    for a, b in pairwise(plan.groups):
        if a.filler and not b.filler and a.stem in a.alts:
            named = [f" {a.stem} {y} " for y, w in b.alts.items() if w >= W_EXACT]
            if named:
                pairs.append(named)
    return pairs


def _whole_word(g: Group) -> bool:
    """Whether a word being typed already reads as a whole known word: its stem is known and it is
    longer than :data:`SHORT_WORD`, it is no stop word (those begin many words), and a short word
    known only through a stem cut from it begins no longer word (``само`` stems to ``сам`` but is
    the start of ``самовывоз``; ``белы`` begins nothing else and is ``белый``). A Latin word read
    whole as Russian spelt in Latin letters (``tarifa``) reads whole too."""
    if len(g.word) <= SHORT_WORD or g.word in STOP_WORDS:
        return False  # "при" typed is most often "приходит", "приставка" on its way
    if g.listed:
        return True  # "crawling": no article has it, the synonyms know it as a word
    if g.mistyped and _corrected(g) is not None:
        return True  # "пирвезли": it begins no word, one slip away from one it reads as
    if g.alts.get(g.stem, 0.0) >= W_EXACT:
        return len(g.word) > CUT_STEM_WORD or g.stem == g.word or not g.longer
    spelt = transliterate(g.word)
    return (spelt != g.word and len(g.word) > CUT_STEM_WORD
            and g.alts.get(cached_stem(spelt), 0.0) >= W_TRANSLIT)


CUT_STEM_WORD = 4  # words up to this long whose stem is shorter are still read as beginnings


def _partial_group(plan: QueryPlan) -> int | None:
    """The index of the half-typed last word when finished topic words come before it (and it is
    not already a whole known word)."""
    last = len(plan.groups) - 1
    if last < 1:
        return None
    g = plan.groups[last]
    if not g.typing or g.left_out or _whole_word(g) or _one_way_on(g):
        # a longer whole word counts as typed (a short one may be a beginning); what is left
        # out lifts nothing
        return None
    if not any(not other.filler for other in plan.groups[:last]):
        return None
    return last


def _beginnings(g: Group) -> tuple[str, ...]:
    """What a half word may be the beginning of: its letters, and its stem when typed past the
    stem's end (``переезжа``); a stem that short when the letters themselves begin longer words is
    no beginning of them (``роу`` begins ``роутер``: its stem ``ро`` begins anything)."""
    if g.longer and len(g.stem) < SHORT_STEM_PROBE:
        return (g.word,)
    return tuple(dict.fromkeys((g.word, g.stem)))


ONE_WAY_LETTERS = 6  # a half word this long that begins just one known word is that word


def _one_way_on(g: Group) -> bool:
    """Whether a half word of :data:`ONE_WAY_LETTERS` or more begins just one known word, its
    likeliest reading (``автоплат``: only ``автоплатеж``; ``переезжа`` is itself a stem), or
    goes on past the end of just one (``записывайт``, ``записыва`` typed into an ending not yet
    whole): it is that word, and counts as typed."""
    if len(g.word) < ONE_WAY_LETTERS or not g.alts:
        return False
    begun = [t for t in g.alts if t.startswith(g.word)
             or (len(t) >= CUT_KEEP and g.word.startswith(t))]
    return len(begun) == 1 and g.alts[begun[0]] >= max(g.alts.values())


@lru_cache(maxsize=16384)
def _denied_in(title: str) -> frozenset[str]:
    """The stems of a title's words that come right after a negation ("не пришёл", "did not
    arrive")."""
    said = words(title)
    return _verb_families(cached_stem(w) for before, w in pairwise(said)
                          if (before == "не" or before in NEGATION_WORDS) and w not in STOP_WORDS)


def _verb_families(stems: Iterable[str]) -> frozenset[str]:
    """``stems`` with each form of a verb in :data:`VERB_FAMILIES` read as that verb."""
    return frozenset(VERB_FAMILIES.get(t, t) for t in stems)


DENIED_IN_TITLE = 0.6  # a title denying what the query says plainly, against one that does not
DENIED_ALIKE = 1.3  # a title denying what the query denies


@lru_cache(maxsize=16384)
def _title_stems(title: str) -> str:
    """The stems of a title, space-padded for whole-stem lookups (titles recur in every search)."""
    return f" {' '.join(stems(title))} "


def _states_price(title: str) -> bool:
    """Whether a title states a price ("аренда 150 ₽", "сроки, стоимость")."""
    return any(c in title for c in CURRENCY_SIGNS) or any(
        w in PRICE_WORDS for w in words(title))


# words that say which way past a plan the caller wants to go: up or down
# (a plan found too little, "триста мало", is one to go up from; so is one found not enough)
UP_WORDS = BOUND_LEADS | frozenset(fold("""
    быстрей мощнее помощнее следующую следующий следующая следующее quicker higher bigger upgrade
    next мало маловато мала
""").split())
DOWN_WORDS = CHEAPER_WORDS | frozenset(fold("""
    медленнее подешевле попроще поменьше ниже пониже slower lower smaller downgrade
""").split())


def _subject_figures(title: str) -> set[int]:
    """The figures a title's subject names ("Тариф «Домашний 500»": 500)."""
    return {int(t) for t in _title_stems(_subject(title)).split() if t.isdigit()}


def _next_tier(plan: QueryPlan, rows: Sequence[TermRow]) -> int | None:
    """The figure of the product next past the plan the query goes past or leaves ("с 300 на
    что-то побыстрее": the next figure above 300 that a product's title is about), the way its
    words say (:data:`UP_WORDS`, :data:`DOWN_WORDS`); None when it says neither or no product
    lies that way."""
    gone = [int(g.word) for g in plan.groups
            if g.left_out and g.word.isdigit() and g.word not in plan.sums | plan.rough_sums]
    said = {g.word for g in plan.groups}
    up = bool(UP_WORDS & said) or any(g.word in ENOUGH_WORDS and g.denied for g in plan.groups)
    down = bool(DOWN_WORDS & said)
    if not gone or up == down:
        return None
    figures = {n for r in rows if r.kind == "product" for n in _subject_figures(r.title)}
    past = ([n for n in figures if n > max(gone)] if up
            else [n for n in figures if n < min(gone)])
    return (min(past) if up else max(past)) if past else None


def _subject(title: str) -> str:
    """What a title is about: its part before a dash ("Роутер — аренда за 99 ₽"); a title with no
    dash does not say which of its words is the object, and gives none."""
    parts = re.split(r"\s[—–-]\s", title, maxsplit=1)
    return parts[0] if len(parts) == 2 else ""


def _group_terms(groups: Sequence[Group], capped: Sequence[dict[str, float]]
                 ) -> list[list[tuple[str, float, float]]]:
    """Per group, its alternatives as (space-padded stem, weight, capped idf): what
    :func:`_match_groups` looks up in every candidate, built once per query."""
    return [[(f" {t} ", w, g_idf[t]) for t, w in g.alts.items()]
            for g, g_idf in zip(groups, capped, strict=True)]


def _match_groups(terms: Sequence[Sequence[tuple[str, float, float]]], head: str, body: str,
                  head_norm: float, body_norm: float) -> list[tuple[float, float, float]]:
    """Per group (``terms``: :func:`_group_terms`), how one article matches it: the best BM25F
    contribution of an alternative (its weight × capped idf × saturated term frequency), the best
    weight met anywhere and the best weight met in the head (0.0 when not met)."""
    out = []
    for alts in terms:
        best = best_w = best_head = 0.0
        for padded, w, t_idf in alts:
            in_head = head.count(padded)
            in_body = body.count(padded)
            if not (in_head or in_body):
                continue
            tf = in_head * head_norm + in_body * body_norm
            contribution = w * t_idf * tf / (BM25_K1 + tf)
            if contribution > best:
                best = contribution
            if w > best_w:
                best_w = w
            if in_head and w > best_head:
                best_head = w
        out.append((best, best_w, best_head))
    return out


def _body_cover(matches: Sequence[Sequence[tuple[float, float, float]]],
                coverage_weight: Sequence[float]) -> list[list[float]]:
    """Per candidate and group, how much a match met only in the body covers the group.

    :data:`BODY_COVER` when another candidate that matches every group this one matches names the
    word in its head (that one is about it: this body mentions it in passing). Otherwise by how
    specifically any candidate names a query word in its head: when a word is named by at most
    :data:`HEAD_CLAIMS_FEW` candidates, those are about the query and body mentions are passing
    (:data:`BODY_COVER`); when every named word is named by :data:`HEAD_CLAIMS_BROAD` or more (a
    broad head word, common in a large KB), or none is named at all, a body that holds the words
    is the best evidence there is (a rare word of one article's text) and covers fully; in
    between, linearly."""
    counted = [i for i, w in enumerate(coverage_weight) if w > 0.0]
    met: list[int] = []
    named: list[int] = []
    for found in matches:
        m = h = 0
        for i in counted:
            if found[i][1] > 0.0:
                m |= 1 << i
                if found[i][2] > 0.0:
                    h |= 1 << i
        met.append(m)
        named.append(h)
    claims = [k for i in counted if (k := sum(1 for h in named if h >> i & 1))]
    spread = HEAD_CLAIMS_BROAD - HEAD_CLAIMS_FEW
    share = 1.0 if not claims else BODY_COVER + (1.0 - BODY_COVER) * min(
        1.0, max(0.0, (min(claims) - HEAD_CLAIMS_FEW) / spread))
    # per set of matched groups, the groups named by a candidate matching all of them (its own
    # named groups among them change nothing: only groups it meets in the body use the cover)
    about: dict[int, int] = {}
    for m in met:
        if m not in about:
            about[m] = 0
            for om, oh in zip(met, named, strict=True):
                if m & om == m:
                    about[m] |= oh
    out = []
    for m, h in zip(met, named, strict=True):
        cover = [share] * len(coverage_weight)
        if m & ~h:
            for i in counted:
                if about[m] >> i & 1:
                    cover[i] = BODY_COVER
        out.append(cover)
    return out


def rerank(plan: QueryPlan, rows: Sequence[TermRow], total: int, df: Callable[[str], int]
           ) -> list[Candidate]:
    """Score candidates by BM25F over their stems (head weighted :data:`HEAD_WEIGHT`; per group the
    best alternative counts, scaled like the group's importance), times coordination: the share of
    the query's importance matched anywhere and in the head, times a bonus for adjacent query words
    that stand side by side in the head (a tag or title phrase)."""
    if not rows:
        return []
    df = phrase_frequency(df)
    heads = [f" {r.head} " for r in rows]
    bodies = [f" {r.body} " for r in rows]
    head_lens = [h.count(" ") - 1 for h in heads]
    body_lens = [b.count(" ") - 1 for b in bodies]
    avg_head = max(1.0, sum(head_lens) / len(rows))
    avg_body = max(1.0, sum(body_lens) / len(rows))
    idfs = {t: idf(df(t), total) for g in plan.groups for t in g.alts}
    # coordination counts a group by how telling its word is: matching a rare word says more than
    # matching a common one
    importance = group_importance(plan, idfs)
    # filler words add a little score but never coverage: whether an article happens to contain
    # "how" says nothing about its topic
    coverage_weight = [
        0.0 if g.filler else imp for g, imp in zip(plan.groups, importance, strict=True)
    ]
    total_importance = sum(coverage_weight) or 1.0
    # an alternative (a synonym, a completion, a translation) is never more telling than the
    # word typed: its idf is capped at the word's own
    word_idf = [
        max(idfs[t] for t, w in g.alts.items() if w >= max(g.alts.values()) - 1e-9)
        for g in plan.groups
    ]
    capped = [{t: min(idfs[t], cap) for t in g.alts}
              for g, cap in zip(plan.groups, word_idf, strict=True)]
    # BM25 contributions scale the same way (1.0 for an ordinary word)
    scale = [
        imp / (max(g.alts.values()) * cap or 1.0)
        for g, imp, cap in zip(plan.groups, importance, word_idf, strict=True)
    ]
    # a half-typed last word after finished ones only confirms what they found: articles it
    # matches rise, none drops out because of the next letter typed
    partial = _partial_group(plan)
    if partial is not None:
        coverage_weight[partial] = 0.0
        scale[partial] = 0.0
        total_importance = sum(coverage_weight) or 1.0
        typed = plan.groups[partial]
        confidence = min(1.0, max(0.0, len(typed.word) - 1) / PREFIX_SURE_LETTERS)
        if len(typed.word) <= SHORT_WORD and typed.word in STOP_BEGINNINGS:
            confidence = 0.0  # "th", "чт": most likely a function word on its way
        if typed.alts.get(typed.stem, 0.0) >= W_EXACT:
            confidence = max(confidence, 0.5)
        if typed.word.isdigit():  # a number being typed: the KB has few that start so
            confidence = max(confidence, DIGIT_CONFIDENCE)
        # a head word that starts with the typed letters, or with their stem when typed past
        # its end, is a rarer completion of this very article (at least three letters: two
        # start too many words to tell anything; a shorter shared beginning, марш… and
        # маркетинг, tells nothing)
        beginnings = _beginnings(typed)
        stem_start = ([f" {p}" for p in beginnings if len(p) >= 3]
                      if len(typed.word) >= 3 else [])
        # head words the half word may begin, as typed or as its stem
        # (a stop word being typed is more likely the stop word)
        begins = ([] if typed.word in STOP_WORDS else
                  [f" {p}" for p in beginnings
                   if len(p) >= MIN_PREFIX or p.isdigit()])  # one digit tells (few numbers)
        # the finished word just before it: a head phrase that goes on with the typed letters
        # ("обещанный пл" → "обещанный платеж") reads the two words as one
        prev = plan.groups[partial - 1]
        before = ([] if prev.filler else
                  [f" {t}" for t, w in prev.alts.items() if w >= PHRASE_MIN_WEIGHT])
        lifts: list[tuple[float, float, bool]] = []
        readings = _partial_readings(typed)
        joined = [f"{x}{b}" for x in before for b in begins]
    # a difficult case is named by a telling word of the query, not by a word most articles use
    cue_min = CUE_SHARE * max(coverage_weight, default=0.0)
    if cue_min <= 0.0:
        cue_min = 1e-9
    phrases = _phrase_pairs(plan)
    terms = _group_terms(plan.groups, capped)
    matches = [
        _match_groups(terms, head, body,
                      HEAD_WEIGHT / (1 - BM25_B + BM25_B * hl / avg_head),
                      1.0 / (1 - BM25_B + BM25_B * bl / avg_body))
        for head, body, hl, bl in zip(heads, bodies, head_lens, body_lens, strict=True)
    ]
    covers = _body_cover(matches, coverage_weight)
    # per group, the readings that count for a title match (synonyms and better, and what a word
    # being typed may become from three letters on: the article its title names is the one
    # operators mean more often than one listing it among its tags), space-padded
    title_terms = [[p for p, w, _ in alts
                    if w >= W_SYNONYM or (g.typing and len(g.word) > MIN_PREFIX)]
                   for g, alts in zip(plan.groups, terms, strict=True)]
    # a word typed as it stands in the title of one or two product or procedure candidates names
    # their task ("жалоба": filing one), not a difficult situation: it does not cue a difficult
    # case, which the situation's own words name (a word in more titles is a common noun there)
    # (a key slip is the word as typed: "доставвку" names delivery as "доставку" does)
    own_title_terms = [[f" {t} " for t, w in g.alts.items()
                        if w >= W_EXACT or abs(w - W_KEY_SLIP) < 1e-9]
                       for g in plan.groups]
    titled = [0 < sum(1 for r in rows if r.kind != "difficult-case"
                      and any(p in _title_stems(r.title) for p in own)) <= HEAD_CLAIMS_FEW
              for own in own_title_terms]
    # what each product or procedure meets in its head, per group: a difficult case whose head
    # meets two or more query words and nothing more than one of them does ("заказ не привезли":
    # the delivery page names both words, the angry-complaint case only holds them in an example
    # phrase) is not cued by those words, which are the product's topic; the situation needs a
    # word of its own ("ругается") or one of its title ("a child is calling"). One shared word
    # ("плохо") tells neither way.
    product_heads = [[m[2] for m in found] for row, found in zip(rows, matches, strict=True)
                     if row.kind != "difficult-case"]
    # a symptom word a product's head holds too ("завис", "не грузит") cues a difficult case only
    # when the query names nothing the case does not: "платеж завис", "не грузит во всем районе"
    # say what froze, the caller's payment or the area's network, not the operator's computer;
    # and two such product words outweigh even the case's own word ("заявку приняли, а никто не
    # звонит", "заявку подали, и тишина": the request, not a silent caller)
    in_product_head = [any(heads_met[i] > 0.0 for heads_met in product_heads)
                       for i in range(len(plan.groups))]
    topical = [in_product_head[i] and coverage_weight[i] > 0.0
               and not (g.filler or g.context or g.word in CALLER_WORDS)
               for i, g in enumerate(plan.groups)]
    # a lone word both a product's head and a case's hold ("тормозит") is the product's topic
    # first: the situation is named by a word of its own, or a second word
    lone = plan.said == 1
    # the stems the query says without a negation: a title that denies one ("мастер не пришёл")
    # is about its absence ("чтобы монтажник пришёл вечером" is a visit wanted, not missed)
    affirmed = _verb_families(t for g in plan.groups if not (g.denied or g.filler or g.left_out)
                              for t, w in g.alts.items() if w >= W_SYNONYM)
    # ... and one that denies what the query denies says just that ("мастер не пришёл")
    denied = _verb_families(t for g in plan.groups if g.denied and not g.filler
                            for t, w in g.alts.items() if w >= W_SYNONYM)
    # the query's most telling word, when it is an action some candidate names in its head
    top_weight = max(coverage_weight, default=0.0)
    # the first action verb names the request; a later one is what follows from it ("расторгнуть
    # договор и вернуть деньги": the money comes back because the contract ends)
    first_action = next((g for g in plan.groups if g.action and not g.filler), None)
    # a half word read as an action names it only through the verb it may become: an article
    # whose head has another completion of those letters ("приостановка" of a debt) does not
    half_action = ([f" {t} " for t in first_action.alts if t in ACTION_STEMS]
                   if first_action is not None and first_action.typing
                   and first_action.word not in ACTION_WORDS else None)
    # ... or an action some candidate's title names as its task, whatever else the query names:
    # "оплатить турбо 1000" pays for the plan, the plan is only what is paid for (a page that
    # never names such an action gives way more than to a rare verb no title names)
    titles = [_title_stems(r.title) for r in rows]
    # (by the verb or a synonym of it: "terminate" is the task of a title that says "cancel")
    # (or by the verb a mistyped word corrects to)
    titled_actions = {i for i, g in enumerate(plan.groups)
                      if g.action and any(f" {p} " in t for p in _action_readings(g)
                                          for t in titles)}
    objects = [g for g in plan.groups
               if not (g.action or g.filler or g.context or g.left_out)]
    key_actions = [i for i, g in enumerate(plan.groups)
                   if g.action and top_weight > 0.0
                   and not (objects and g.stem in GENERIC_ACTIONS)
                   and (coverage_weight[i] >= top_weight or i in titled_actions)
                   and any(found[i][2] > 0.0 for found in matches)]
    acted_on = _acted_on(plan, first_action, coverage_weight, rows, matches)
    subjects = [_title_stems(_subject(r.title)) for r in rows if r.kind == "product"]
    # (a number being typed names a product as surely as a typed one when a title has it whole:
    # "хочу скорость 500" names the 500 plan, whatever digits might still follow)
    named = [i for i, (g, own) in enumerate(zip(plan.groups, own_title_terms, strict=True))
             if titled[i] and coverage_weight[i] > 0.0
             and not (g.action or (g.typing and not g.word.isdigit()))
             and not _sum_or_hour(plan.groups, i) and any(p in t for p in own for t in subjects)]
    # a number the caller wants to go past ("больше 500") or leaves out
    passed = [f" {g.word} " for g in plan.groups
              if g.left_out and g.word.isdigit() and g.word not in plan.rough_sums]
    next_tier = _next_tier(plan, rows)
    # a sum the query names, not one it rules out ("гигабит за 1290 — дорого")
    sums = plan.sums - {g.word for g in plan.groups if g.left_out}
    # the caller wants it done officially, in writing: a procedure's route, whatever the mood
    formal = any(g.stem in FORMAL_STEMS and not g.denied for g in plan.groups)
    out = []
    for row, head, body, found, part in zip(rows, heads, bodies, matches, covers, strict=True):
        score = cov = head_cov = title_cov = 0.0
        title = _title_stems(row.title)
        cued = acted = False
        # an article in the other language pays for that once (OTHER_LANGUAGE): a word it meets
        # through a translation is covered as fully as one met as typed
        other = plan.lang is not None and row.lang != plan.lang
        # per group: its match (best score, weight anywhere, weight in head), its body cover
        held = [i for i, m in enumerate(found) if m[2] > 0.0]
        outnamed = row.kind == "difficult-case" and len(held) >= 2 and any(
            all(named[i] >= found[i][2] for i in held) for named in product_heads)
        # (by a word at least as telling as the symptom: "a child asking about tariffs" is the
        # child, whom the parental-control page names too)
        unnamed = [j for j in range(len(found)) if topical[j] and found[j][2] == 0.0]
        elsewhere = [row.kind == "difficult-case" and (
            (in_product_head[i] and any(coverage_weight[j] >= coverage_weight[i] for j in unnamed))
            or len(unnamed) >= 2 or (lone and topical[i])) for i in range(len(found))]
        for g, imp, sc, m, cv, in_title, other_task, symptom in zip(
                plan.groups, coverage_weight, scale, found, part, title_terms, titled,
                elsewhere, strict=True):
            best, best_w, best_head = m
            other_task = (other_task or symptom
                          or (outnamed and not any(p in title for p in in_title)))
            if other:
                best_w = 1.0 if best_w >= TRANSLATED_FULL else best_w
                best_head = 1.0 if best_head >= TRANSLATED_FULL else best_head
            score += best * min(1.0, sc)
            cued = cued or (best_head > 0 and imp >= cue_min and not other_task
                            and not g.context)
            acted = acted or (best_head > 0 and g is first_action and (
                half_action is None or any(p in head for p in half_action)))
            cov += (best_w if best_head else cv * best_w) * imp
            if best_head and any(p in title for p in in_title):
                title_cov += imp
            head_cov += best_head * imp
        cov /= total_importance
        head_cov /= total_importance
        final = score * (0.2 + 0.8 * cov * cov) * (1.0 + 0.6 * head_cov)
        final *= 1.0 + TITLE_BONUS * title_cov / total_importance
        if partial is not None:
            seen, phrase = _partial_evidence(readings, head, body, stem_start, joined)
            sure = confidence
            if phrase:  # the two words read as one: surer than the letters alone
                seen, sure = max(seen, W_EXACT), max(sure, PHRASE_CONFIDENCE)
            lifts.append((seen, sure, any(b in head for b in begins)))
        if phrases:
            matched = sum(1 for options in phrases if any(p in head for p in options))
            final *= 1.0 + min(PHRASE_BONUS_MAX, PHRASE_BONUS * matched)
        if acted:
            final *= 1.0 + ACTION_BONUS
        if (acted_on is not None and row.kind != "difficult-case"
                and found[acted_on[0]][2] > 0.0 and found[acted_on[1]][2] == 0.0):
            final *= OBJECT_ELSEWHERE
        # (a device's page that names giving it back or exchanging it only in passing, a link to
        # the procedure, does not name it: the procedure's title does)
        handled = [i for i in key_actions if i in titled_actions and row.kind == "product"
                   and found[i][2] == 0.0 and plan.groups[i].stem in HANDED_BACK]
        if row.kind != "difficult-case" and (
                handled or any(found[i][1] == 0.0 for i in key_actions)):
            final *= (TITLED_ACTION_MISSING
                      if handled or any(found[i][1] == 0.0 for i in key_actions
                                        if i in titled_actions)
                      else ACTION_MISSING)
        if row.kind != "difficult-case" and not acted and any(found[i][2] == 0.0 for i in named):
            final *= NAMED_ELSEWHERE
        if row.kind == "product" and passed and any(
                p in _title_stems(_subject(row.title)) for p in passed):
            final *= NAMED_PASSED
        if next_tier is not None and next_tier in _subject_figures(row.title):
            final *= NEXT_TIER
        elif next_tier is not None and row.kind == "difficult-case":
            final *= NAMED_PASSED  # a plan left for the next one is no difficult call
        if row.kind == "procedure" and plan.asks_price:
            final *= PRICE_NOT_PROCEDURE
        if plan.asks_price and _states_price(row.title):
            final *= PRICE_IN_TITLE
        if row.kind == "product" and (any(f" {n} {RUBLE_STEM} " in title for n in sums)
                                      or _rough_price_fits(title, plan.rough_sums)):
            final *= PRICE_NAMED
        if affirmed and affirmed & _denied_in(row.title):
            final *= DENIED_IN_TITLE
        elif denied and denied & _denied_in(row.title):
            final *= DENIED_ALIKE
        if row.kind == "difficult-case":
            final *= CASE_PRIOR_CUED if cued else CASE_PRIOR_UNCUED
            if formal:
                final *= FORMAL_ROUTE
        if plan.lang is not None and row.lang != plan.lang:
            final *= OTHER_LANGUAGE
        # the word being typed met in the head: the article still fits the letters so far
        fits = found[-1][2] if plan.groups[-1].typing else 0.0
        out.append(Candidate(row.id, row.slug, row.lang, row.kind, row.title, final, fits=fits))
    if partial is not None:
        _lift_partial(out, lifts)
    for c in out:
        c.score = round(c.score, 6)
    out.sort(key=lambda c: (-c.score, c.slug, c.lang))
    return out


def _sum_or_hour(groups: Sequence[Group], i: int) -> bool:
    """Whether the number at ``i`` is a sum ("500 rubles") or an hour ("в семь"): then it names
    no product whose title holds it («Домашний 500»). (A bound, "больше 500", is left out and
    weighs nothing, so it names none either.)"""
    g = groups[i]
    return g.word.isdigit() and (g.context or (
        i + 1 < len(groups) and groups[i + 1].word in CURRENCY_WORDS))


def _acted_on(plan: QueryPlan, action: Group | None, weights: Sequence[float],
              rows: Sequence[TermRow], matches: Sequence[Sequence[tuple[float, float, float]]]
              ) -> tuple[int, int] | None:
    """The query's first action and the word it acts on (the next topic word), by group index,
    when a product or procedure names that word in its head and says the two side by side
    («смена тарифа»): then the object decides (see :data:`OBJECT_ELSEWHERE`). None otherwise."""
    if action is None:
        return None
    a = plan.groups.index(action)
    obj = next((j for j in range(a + 1, len(plan.groups))
                if weights[j] > 0.0 and not plan.groups[j].action), None)
    if obj is None:
        return None
    pair = [f" {p} {q} " for x, wx in action.alts.items() if wx >= PHRASE_MIN_WEIGHT
            for y, wy in plan.groups[obj].alts.items() if wy >= PHRASE_MIN_WEIGHT and x != y
            for p, q in ((x, y), (y, x))]
    for row, found in zip(rows, matches, strict=True):
        if row.kind != "difficult-case" and found[obj][2] > 0.0:
            page = f" {row.head} {row.body} "
            if any(p in page for p in pair):
                return a, obj
    return None


def _partial_evidence(readings: Sequence[tuple[str, float]], head: str, body: str,
                      stem_start: list[str], joined: list[str]) -> tuple[float, bool]:
    """How an article meets the half-typed last word: the weight of the best completion it has
    (half in the body only), and whether a head phrase goes on from the finished word before it
    with the typed letters. ``readings``: :func:`_partial_readings`; ``joined``: each finished
    word's reading followed by each beginning of the half word (both space-led)."""
    seen = 0.0
    for padded, w in readings:
        if padded in head:
            seen = max(seen, w)
        elif padded in body:
            seen = max(seen, 0.5 * w)
    if seen < W_PREFIX and stem_start and any(b in head for b in stem_start):
        seen = W_PREFIX  # a rarer word of this very article starts so
    phrase = any(p in head for p in joined)
    return seen, phrase


def _partial_readings(typed: Group) -> list[tuple[str, float]]:
    """The half-typed word's readings, space-padded, with their weights (a number being typed is
    most likely longer than its digits so far: its readings weigh as a completion)."""
    number = typed.word.isdigit()
    return [(f" {t} ", W_PREFIX if number else w) for t, w in typed.alts.items()]


def _lift_partial(out: list[Candidate], lifts: list[tuple[float, float, bool]]) -> None:
    """Lift each candidate by the half-typed last word: 1 + :data:`PARTIAL_BOOST` × how sure the
    letters are × the weight of what of it the candidate has (``lifts``: per candidate that
    weight, that sureness, and whether a head word starts with the letters). A head word merely
    starting with the letters counts as a completion (however few) when only some of the
    contenders (scoring at least :data:`CONTENDER_SHARE` of the best) have one: the letters
    then tell those apart."""
    best = max((c.score for c in out), default=0.0)
    contenders = [lift for c, lift in zip(out, lifts, strict=True)
                  if c.score >= CONTENDER_SHARE * best]
    starting = sum(1 for _, _, starts in contenders if starts)
    telling = 0 < starting < len(contenders)
    for c, (seen, sure, starts) in zip(out, lifts, strict=True):
        if starts and telling:
            seen = max(seen, W_PREFIX)
        c.score *= 1.0 + PARTIAL_BOOST * sure * seen
        c.typed = seen


CONTENDER_SHARE = 0.5  # articles this close to the best are the ones a half word tells apart
DIGIT_CONFIDENCE = 0.5  # how sure the first digits of a number being typed are
PHRASE_CONFIDENCE = 0.75  # how sure typed letters that continue a head phrase are


def collapse_languages(
    ranked: list[Candidate], preferred: str | None, limit: int, keep: str | None = None,
    ratio: float = HOLD_RATIO, fitting: float | None = None,
) -> list[Candidate]:
    """One hit per slug, shown and scored in the ``preferred`` language when that version is a
    candidate (the other version matched only through translations, which add nothing), else by
    its best version."""
    by_slug: dict[str, list[Candidate]] = {}
    for c in ranked:
        by_slug.setdefault(c.slug, []).append(c)
    out = []
    for versions in by_slug.values():
        shown = next((v for v in versions if v.lang == preferred), versions[0])
        out.append(shown)
    out.sort(key=lambda c: (-c.score, c.slug, c.lang))
    return hold_first(out, keep, ratio, fitting)[:limit]


TYPED_PAST_LETTERS = 3  # letters of a word being typed that may have gone past all the KB knows
TYPED_PAST_KEEP = 3  # letters its beginning keeps at least
LONG_BEGINNING = 8  # a long word may be cut back to this many letters (a kin of a known word)
TYPED_PAST_MOST = 8  # but by no more letters than this (a run of garbage is no word)


def beginnings_typed_past(text: str) -> list[str]:
    """``text`` with the word being typed cut back a letter at a time (at most
    :data:`TYPED_PAST_LETTERS`, keeping :data:`TYPED_PAST_KEEP`), longest first: what to search
    when the whole text finds nothing because its last letters went past every word the KB knows
    ("задолжнос" on its way to «задолженность» before the stemmer reads it, "хамски"): the list
    keeps what the beginning found instead of going blank under the operator's fingers. A long
    word goes back to its first :data:`LONG_BEGINNING` letters ("идентифицирова", a verb of the
    KB's «идентификация»), by :data:`TYPED_PAST_MOST` at most; last, the words finished before it.
    Empty when the text ends in a space (a finished query that finds nothing says so)."""
    if not text or text[-1].isspace():
        return []
    last = text.split()[-1]
    cuts = max(TYPED_PAST_LETTERS, min(len(last) - LONG_BEGINNING, TYPED_PAST_MOST))
    found = [text[:-cut] for cut in range(1, cuts + 1) if len(last) - cut >= TYPED_PAST_KEEP]
    # ... and last, the words finished before it ("тысяча две" shows what "тысяча" found)
    before = text[:len(text) - len(last)]
    return [*found, before] if before.strip() else found


def mid_word(plan: QueryPlan) -> bool:
    """Whether the query ends in a word still being typed that is not yet a known whole word
    (the moment a list would flicker on the next letter)."""
    if not plan.groups or not plan.groups[-1].typing:
        return False
    return not _whole_word(plan.groups[-1])


def hold_ratio(plan: QueryPlan) -> float:
    """How close a new leader may come before the article first one keystroke ago gives way:
    :data:`HOLD_RATIO` while the last word is half typed (its letters are weak evidence),
    :data:`HOLD_WHOLE` once it reads whole (only a near tie: a whole word is evidence). A word
    being typed that reads whole but also begins longer known words ("личн": "личный", or
    "личность" on its way) is still half typed here, and so is a query whose last word read is
    finished (a space typed after it, or a word being typed that reads as nothing yet): no new
    letters were read and the next word is still to come. Two letters typed after finished words
    hold more firmly still (:data:`HOLD_SHORT`): they begin too many words to move the list off
    what those words found ("pause internet 2 we" is no reason to leave the pause for the speed
    page, nor «каналы в па» the TV packages for parental control); two letters that are a whole
    word beginning no longer one («…за интернет и тв») are no such start. Once the query leaves
    something out ("интернет 300 без тв"), only a near tie holds: that is news against the article
    held (the bundle first for "интернет 300")."""
    last = plan.groups[-1] if plan.groups else None
    finished = last is not None and not last.typing
    if any(g.left_out for g in plan.groups):
        return HOLD_WHOLE  # "…без тв": what the caller leaves out is news against the article held
    if (len(plan.groups) > 1 and last is not None and last.typing and last.longer
            and len(last.word) <= SHORT_WORD):
        return HOLD_SHORT
    return HOLD_RATIO if half_typed(plan) or finished else HOLD_WHOLE


def fitting_ratio(plan: QueryPlan) -> float | None:
    """How close a new leader may come before an article first one keystroke ago that still fits
    the word being typed (a reading of it in its head) gives way: :data:`HOLD_FITTING` while the
    word is half typed and has :data:`FITTING_LETTERS` (the letters so far say nothing against
    it: "заблокир" still fits the parental control's "заблокировать сайты" though the SIM
    article's "заблокирую" leads), else None (no such hold)."""
    if not half_typed(plan) or len(plan.groups[-1].word) < FITTING_LETTERS:
        return None
    return HOLD_FITTING


def half_typed(plan: QueryPlan) -> bool:
    """Whether the last word is still on its way: being typed and not yet a whole known word,
    or one that also begins longer known words ("личн": "личный", or "личность" on its way)."""
    last = plan.groups[-1] if plan.groups else None
    return mid_word(plan) or (last is not None and last.typing and last.longer)


PRIOR_TIE = 0.7  # the prior reorders only candidates scoring this close to the leader


def apply_prior(ranked: list[Candidate], plan: QueryPlan, prior: ArticlePrior) -> None:
    """Lift the candidates near the leader (:data:`PRIOR_TIE`) by how often operators who searched
    with the query's words opened them (``prior``), in place, while the query is still ambiguous:
    a word half typed, the first one too ("перене…" fits the move and the number transfer alike:
    operators mostly mean one of them) or after others (question words too: "сколько ст…"). A query
    whose words all read whole ranks on its words alone."""
    if not prior or not mid_word(plan):
        return
    lifts = prior.lifts([g.alts for g in plan.groups])
    if not lifts or not ranked:
        return
    near = PRIOR_TIE * ranked[0].score
    for c in ranked:
        if c.score >= near:
            c.score = round(c.score * lifts.get(c.slug, 1.0), 6)
    ranked.sort(key=lambda c: (-c.score, c.slug, c.lang))


def hold_first(ranked: list[Candidate], keep: str | None,
               ratio: float = HOLD_RATIO, fitting: float | None = None) -> list[Candidate]:
    """``ranked`` with the article ``keep`` (first one keystroke ago) still first when it scores
    within ``ratio`` of the new leader (:func:`hold_ratio`), or within ``fitting`` when the word
    being typed goes on in its head (:func:`fitting_ratio`): the list does not flicker between
    near ties while a query is typed, nor away from an article the letters still fit; but not
    against a leader that has the letters being typed in its head when the held one meets them at
    most :data:`TOLD_APART` as well (in its body only)."""
    if keep is None or not ranked or ranked[0].slug == keep:
        return ranked
    at = next((i for i, c in enumerate(ranked) if c.slug == keep), None)
    if at is None:
        return ranked
    if fitting is not None and ranked[at].fits >= W_PREFIX:
        ratio = min(ratio, fitting)
    if ranked[at].score < ratio * ranked[0].score:
        return ranked
    if ranked[0].typed >= W_PREFIX and ranked[at].typed <= TOLD_APART * ranked[0].typed:
        return ranked  # the letters typed tell the new leader apart: no near tie
    return [ranked[at], *ranked[:at], *ranked[at + 1 :]]


_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP_RE = re.compile(r"(?:[*_#>|\s]|:?-{3,}:?)+")  # emphasis, headings, quotes, table rules


def term_pattern(terms: set[str]) -> re.Pattern[str] | None:
    """A regex finding (folded) words that start with one of the stems; callers confirm by stem."""
    if not terms:
        return None
    alternation = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\w*")


def _clean(text: str) -> str:
    """Markdown markup and line breaks of a snippet piece turned into single spaces, escaped."""
    return html.escape(_MARKUP_RE.sub(" ", text.replace("`", "")))


_SEPARATORS = " ,\u00a0\u202f"  # between a number's digit groups ("4 500", "4,500")


def _thousands_group(text: str, start: int, end: int) -> bool:
    """Whether the digits at ``start:end`` are one group of a longer number ("500" of "4,500" or
    "1 500"; the search reads the whole number as one word, so the group is no match)."""
    before = (end - start == 3 and start >= 2 and text[start - 1] in _SEPARATORS
              and text[start - 2].isdigit())
    after = (end + 4 <= len(text) and text[end] in _SEPARATORS
             and text[end + 1:end + 4].isdigit() and not text[end + 4:end + 5].isdigit())
    return before or after


def snippet(
    body: str, terms: set[str], pattern: re.Pattern[str] | None, width: int = SNIPPET_CHARS
) -> str:
    """An HTML-escaped window of ``body`` around the most matched words, matches in ``<b>``.
    ``pattern`` is :func:`term_pattern` of ``terms``. Only the window is cleaned of Markdown."""
    text = body[:SNIPPET_SCAN_CHARS]
    if "](" in text:
        text = _LINK_RE.sub(r"\1", text)  # links keep their text
    text = text.strip()
    if not text:
        return ""
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    if pattern is not None and len(folded) == len(text):
        spans = [
            (m.start(), m.end())
            for m in pattern.finditer(folded)
            if cached_stem(m.group()) in terms
            and not (m.group().isdigit() and _thousands_group(folded, m.start(), m.end()))
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
        out.append(_clean(text[pos:s]))
        out.append(f"<b>{html.escape(text[s:e])}</b>")
        pos = e
    out.append(_clean(text[pos:end]))
    if end < len(text):
        out.append("…")
    return "".join(out).strip()


def make_hits(
    chosen: list[Candidate], plan: QueryPlan, bodies: dict[int, str]
) -> tuple[SearchHit, ...]:
    terms = plan.topic_terms  # what snippets highlight
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
