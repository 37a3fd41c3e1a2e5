"""Rules of kb.search for a query still being typed: how a half word is read (its own stem, an
ending the stemmer cannot read yet, an English "-ing" form, the other layout), when the article
first a keystroke ago is held, and the article prior learned from the search log; on hand-built
lexicons (see test_search_rules.py)."""

from __future__ import annotations

from pathlib import Path

from kb.analysis import cached_stem, is_cyrillic
from kb.lexicon import Lexicon
from kb.model import Article
from kb.prior import PRIOR_LIFT, ArticlePrior
from kb.search import (
    HOLD_FITTING,
    HOLD_RATIO,
    HOLD_SHORT,
    HOLD_WHOLE,
    PRIOR_TIE,
    Candidate,
    Group,
    QueryPlan,
    SynonymSets,
    apply_prior,
    beginnings_typed_past,
    fitting_ratio,
    hold_first,
    hold_ratio,
    mid_word,
    plan_query,
)
from tests.kb.conftest import open_kb

NO_SYNONYMS = SynonymSets([])


def lexicon(*stems: tuple[str, int], docs: int = 100) -> Lexicon:
    return Lexicon(list(stems), docs=docs)


def words_read(text: str, lex: Lexicon, synonyms: SynonymSets = NO_SYNONYMS) -> list[str]:
    return [g.word for g in plan_query(text, lex, synonyms).groups]


def test_a_half_word_that_is_itself_a_stem_is_not_read_in_the_other_layout() -> None:
    # on the other layout "задолжен" is "pfljk;ty": "ty" spells the stop word "ты" in Latin
    # letters, which must not outvote a known stem typed as is
    lex = lexicon(("задолжен", 5), ("type", 40))
    assert words_read("о задолжен", lex) == ["задолжен"]
    assert words_read("задолжен", lex) == ["задолжен"]


def test_a_half_word_typed_into_an_ending_stands_for_the_stem_of_its_beginning() -> None:
    lex = lexicon(("подключ", 5), (cached_stem("договор"), 9))
    slang = SynonymSets.compile([["подрубиться", "подключиться"]])
    plan = plan_query("подрубитьс", lex, slang)  # the stemmer cannot read "-тьс" yet
    assert [g.word for g in plan.groups] == ["подрубитьс"]
    assert "подключ" in plan.groups[0].alts
    # a beginning too short to tell: nothing
    assert plan_query("подрт", lex, slang).groups == []


def test_letters_typed_past_a_known_stem_read_as_that_stem_before_a_typo_reading() -> None:
    # "отвалилс": "отвалил" is the stem "отвал" typed on into an ending; a one-edit neighbour
    # ("отвалился" typo-read as "отвалит…") must not keep the stem and its synonyms away
    lex = lexicon((cached_stem("отвалился"), 3), ("отвалит", 1), ("пропа", 9))
    outage = SynonymSets.compile([["отвалился", "пропал"]])
    (g,) = plan_query("отвалилс", lex, outage).groups
    assert g.stem == cached_stem("отвалился")
    assert g.alts[g.stem] >= 0.85
    assert "пропа" in g.alts  # the synonym set matches as it will once the word is finished


def test_a_half_word_spelling_a_rare_word_reads_first_as_the_commoner_word_it_begins() -> None:
    # "пристав" is a bailiff once in the KB, and "приставка" on its way in ten articles
    lex = lexicon(("приста", 1), ("приставк", 10), ("стоимост", 20))
    bailiff = SynonymSets.compile([["пристав", "судебный исполнитель"]])
    (g,) = plan_query("пристав", lex, bailiff).groups
    assert max(g.alts, key=g.alts.__getitem__) == "приставк"
    assert all(w <= g.alts["приставк"] for w in g.alts.values())
    assert mid_word(plan_query("пристав", lex, bailiff))  # still on its way, not a whole word
    # finished, it is the word typed; and a common word typed whole stays itself
    assert plan_query("пристав ", lex, bailiff).groups[0].alts["приста"] == 1.0
    common = lexicon(("дом", 20), ("домашн", 12))
    assert plan_query("дом", common, NO_SYNONYMS).groups[0].alts["дом"] == 1.0


def test_a_half_word_that_begins_longer_words_is_not_read_through_a_short_stem() -> None:
    # "роу" stems to "ро", which begins anything ("розетка", "робот"); the letters typed begin
    # "роутер": that is what they stand for, and a head word starting "ро" is no evidence
    lex = lexicon((cached_stem("роутер"), 9), (cached_stem("робот"), 6), ("куп", 4))
    (_, g) = plan_query("купить роу", lex, NO_SYNONYMS).groups
    assert g.stem == "ро"
    assert set(g.alts) == {cached_stem("роутер")}
    # a stem of four letters or more is still read past its end ("переезжа": "переезж")
    moving = lexicon((cached_stem("переезжать"), 5), ("переезд", 7))
    (g,) = plan_query("переезжа", moving, NO_SYNONYMS).groups
    assert cached_stem("переезжать") in g.alts


def test_the_letters_of_a_half_word_name_the_article_over_a_short_stem_they_share(
        tmp_path: Path) -> None:
    kb = open_kb(tmp_path, [
        Article("router", "product", "ru", "Роутер — аренда или покупка", "Роутер в аренду.",
                tags=["роутер"], synonyms=["купить роутер"]),
        Article("robocall", "difficult-case", "ru", "Звонит робот с предложением купить",
                "Робот предлагает купить товар: завершите звонок.", tags=["робот"]),
    ])
    try:
        assert kb.search("купить роу", limit=2).hits[0].slug == "router"
    finally:
        kb.close()


def test_an_english_word_typed_into_its_ing_ending_completes_to_its_stem() -> None:
    lex = lexicon(("move", 6), ("movi", 2), ("address", 5))
    for typed in ("movin", "we are movin"):
        assert "move" in plan_query(typed, lex, NO_SYNONYMS).groups[-1].alts
    assert "move" in plan_query("movi", lex, NO_SYNONYMS).groups[-1].alts  # beside "movi"


def candidates(*scored: tuple[str, float, float]) -> list[Candidate]:
    return [Candidate(i, slug, "ru", "product", slug, score, typed)
            for i, (slug, score, typed) in enumerate(scored)]


def test_the_article_shown_is_not_held_against_one_the_new_letters_name_in_its_head() -> None:
    # "потерял си": the SIM article has the letters, the one first before has none of them
    ranked = candidates(("sim", 5.2, 0.85), ("unwell", 4.5, 0.0))
    assert [c.slug for c in hold_first(ranked, "unwell")] == ["sim", "unwell"]
    # nor against one that names them in its head while it only mentions them in its body
    # ("перенести ин": the move names "интернет", the SIM page's text mentions it)
    ranked = candidates(("sim", 5.2, 0.85), ("unwell", 4.5, 0.4))
    assert [c.slug for c in hold_first(ranked, "unwell")] == ["sim", "unwell"]
    # both have the letters in the head (or neither has them): a near tie, held
    ranked = candidates(("sim", 5.2, 0.85), ("unwell", 4.5, 0.6))
    assert [c.slug for c in hold_first(ranked, "unwell")] == ["unwell", "sim"]
    ranked = candidates(("sim", 5.2, 0.0), ("unwell", 4.5, 0.0))
    assert [c.slug for c in hold_first(ranked, "unwell")] == ["unwell", "sim"]


def test_the_prior_learns_per_stem_which_articles_searches_opened() -> None:
    prior = ArticlePrior.from_log([("домашний 500", "home-500"), ("домашний 500 цена", "home-500"),
                                   ("домашний 100", "home-100"), ("роутер", "router")])
    home = cached_stem("домашний")
    assert prior.shares[home] == {"home-500": 2 / 3, "home-100": 1 / 3}
    assert cached_stem("роутер") not in prior.shares  # searched once: says nothing yet
    lifts = prior.lifts([{home: 1.0}, {"5": 0.85}])
    assert lifts == {"home-500": 1.0 + PRIOR_LIFT * (2 / 3) / 2,
                     "home-100": 1.0 + PRIOR_LIFT * (1 / 3) / 2}
    assert not ArticlePrior.from_log([]) and prior.lifts([{"x": 1.0}]) == {}


def typing_plan(*words: tuple[str, dict[str, float], bool]) -> QueryPlan:
    return QueryPlan([Group(w, w, dict(alts), typing=typing) for w, alts, typing in words], "ru")


def test_the_prior_settles_near_ties_only_while_a_word_is_half_typed() -> None:
    home = cached_stem("домашний")
    prior = ArticlePrior.from_log([("домашний 500", "home-500")] * 3)
    half = typing_plan((home, {home: 1.0}, False), ("5", {"500": 0.85, "550": 0.85}, True))
    ranked = candidates(("home-100", 4.0, 0.0), ("home-500", 3.9, 0.0))
    apply_prior(ranked, half, prior)
    assert [c.slug for c in ranked] == ["home-500", "home-100"]
    # far behind the leader: left where it is
    ranked = candidates(("home-100", 4.0, 0.0), ("home-500", 4.0 * PRIOR_TIE - 0.1, 0.0))
    apply_prior(ranked, half, prior)
    assert [c.score for c in ranked] == [4.0, 4.0 * PRIOR_TIE - 0.1]
    # the first word half typed fits both plans alike: operators mostly open the 500
    ranked = candidates(("home-100", 4.0, 0.0), ("home-500", 3.9, 0.0))
    apply_prior(ranked, typing_plan(("дом", {home: 0.85}, True)), prior)
    assert [c.slug for c in ranked] == ["home-500", "home-100"]
    # every word read whole, the first one alone too: the words decide
    for plan in (typing_plan((home, {home: 1.0}, True)),
                 typing_plan((home, {home: 1.0}, False), ("500", {"500": 1.0}, True))):
        ranked = candidates(("home-100", 4.0, 0.0), ("home-500", 3.9, 0.0))
        apply_prior(ranked, plan, prior)
        assert [c.slug for c in ranked] == ["home-100", "home-500"]


def plan_article(slug: str, speed: str) -> Article:
    return Article(slug=slug, kind="product", lang="ru", title=f"Тариф Домашний {speed}",
                   tags=["тариф", "домашний интернет"],
                   body=f"Домашний интернет на скорости {speed} Мбит/с, роутер в аренду.")


def test_the_search_log_settles_a_half_typed_tie_for_the_article_operators_open(
        tmp_path: Path) -> None:
    kb = open_kb(tmp_path, [plan_article("home-100", "100"), plan_article("home-500", "500")])
    try:
        def first(text: str) -> str:
            return kb.search(text, limit=1).hits[0].slug

        for typed in ("тариф дом", "дома"):
            assert first(typed) == "home-100"  # a tie: the slug decides
        kb.note_search_log([("тариф домашний 500", "home-500"), ("домашний 500", "home-500"),
                            ("тариф домашний", "home-500"), ("домашний тариф", None)])
        for typed in ("тариф дом", "дома"):  # after a finished word, and the first word alone
            assert first(typed) == "home-500"
        assert first("тариф домашний 1") == "home-100"  # the letters typed still decide
        assert first("тариф домашний ") == "home-100"  # a finished query ranks on its words
        kb.note_search_log([])
        assert first("тариф дом") == "home-100"
    finally:
        kb.close()


def test_a_stop_word_being_typed_is_read_as_a_beginning_not_as_a_whole_word() -> None:
    # "при" may be the stop word, but typed it is most often "пришел", "приставка" on its way:
    # the list keeps what the finished words found instead of reranking on "при" alone
    lex = lexicon(("мастер", 5), ("при", 60), (cached_stem("пришел"), 3))
    plan = plan_query("мастер не при", lex, NO_SYNONYMS)
    assert [g.word for g in plan.groups] == ["мастер", "при"] and mid_word(plan)
    assert not mid_word(plan_query("мастер не пришел", lex, NO_SYNONYMS))


def test_a_near_tie_is_held_once_the_last_word_reads_whole(tmp_path: Path) -> None:
    # "тариф домашний" fits both plans equally: the one shown a keystroke ago stays first when
    # the word is typed in full and when it is finished, instead of the slug deciding anew
    kb = open_kb(tmp_path, [plan_article("home-100", "100"), plan_article("home-500", "500")])
    try:
        def first(text: str, keep: str | None = None) -> str:
            return kb.search(text, limit=1, keep=keep).hits[0].slug

        for typed in ("тариф домашний", "тариф домашний "):
            assert first(typed) == "home-100"  # a tie: the slug decides
            assert first(typed, keep="home-500") == "home-500"
        assert first("тариф домашний 1", keep="home-500") == "home-100"  # the digit tells
    finally:
        kb.close()


def test_letters_typed_past_every_known_word_keep_what_their_beginning_found(
        tmp_path: Path) -> None:
    # "хамски" reads as nothing here (the KB has only «хам», «хамство»): the list keeps what
    # "хамск" found instead of going blank mid-word; a finished word that finds nothing says so
    rude = Article(slug="rude", kind="difficult-case", lang="ru", title="Абонент хамит",
                   tags=["хамство"], body="Если абонент хамит, сохраняйте спокойствие.")
    kb = open_kb(tmp_path, [rude, plan_article("home-100", "100")])
    try:
        assert not plan_query("хамски", kb._lexicon, NO_SYNONYMS).groups
        assert [h.slug for h in kb.search("хамски").hits] == ["rude"]
        assert [h.slug for h in kb.search("хамскии").hits] == ["rude"]
        assert kb.search("хамски ").hits == ()
        assert beginnings_typed_past("тариф хамски") == [
            "тариф хамск", "тариф хамс", "тариф хам", "тариф "]
        assert beginnings_typed_past("тариф хам") == ["тариф "]
        assert beginnings_typed_past("хамски ") == [] and beginnings_typed_past("хам") == []
        # when no beginning of the word finds anything, the words before it keep their list
        # ("сто две" is 102 on its way, which no article has; "сто" is the plan's hundred)
        assert [h.slug for h in kb.search("сто две").hits] == ["home-100"]
        # a long word goes back to its first eight letters (a kin of a word the KB knows)
        assert beginnings_typed_past("идентифицирова")[-1] == "идентифи"
    finally:
        kb.close()


def test_a_whole_word_holds_only_a_near_tie_a_half_word_a_close_one() -> None:
    lex = lexicon(("тариф", 9), (cached_stem("домашний"), 5), (cached_stem("доставка"), 4))
    assert hold_ratio(plan_query("тариф дом", lex, NO_SYNONYMS)) == HOLD_RATIO
    assert hold_ratio(plan_query("тариф домашний", lex, NO_SYNONYMS)) == HOLD_WHOLE
    ranked = candidates(("home-100", 1.0, 0.0), ("home-500", 0.9, 0.0))
    assert hold_first(ranked, "home-500", HOLD_RATIO)[0].slug == "home-500"
    assert hold_first(ranked, "home-500", HOLD_WHOLE)[0].slug == "home-100"


def test_two_letters_after_finished_words_hold_the_article_shown_more_firmly() -> None:
    # "тариф до": two letters begin too many words to move the list off what "тариф" found,
    # unless the new leader is far ahead; alone, two letters hold like any half word
    lex = lexicon(("тариф", 9), (cached_stem("домашний"), 5), (cached_stem("доставка"), 4))
    assert hold_ratio(plan_query("тариф до", lex, NO_SYNONYMS)) == HOLD_SHORT
    assert hold_ratio(plan_query("тариф дом", lex, NO_SYNONYMS)) == HOLD_RATIO
    assert hold_ratio(plan_query("до", lex, NO_SYNONYMS)) == HOLD_RATIO
    ranked = candidates(("delivery", 1.0, 0.0), ("home-100", 0.7, 0.0))
    assert hold_first(ranked, "home-100", HOLD_SHORT)[0].slug == "home-100"
    assert hold_first(ranked, "home-100", HOLD_RATIO)[0].slug == "delivery"


def test_two_letters_that_are_a_whole_word_beginning_no_other_hold_like_a_half_word() -> None:
    # "интернет и тв": «тв» is the word itself, no start of many words
    lex = lexicon(("интернет", 9), ("тв", 6), (cached_stem("тариф"), 5))
    assert hold_ratio(plan_query("интернет и тв", lex, NO_SYNONYMS)) == HOLD_RATIO
    assert hold_ratio(plan_query("интернет и та", lex, NO_SYNONYMS)) == HOLD_SHORT


def test_a_space_typed_after_a_word_holds_like_a_half_word() -> None:
    # the space adds no letters, and the next word is still to come: the article shown while
    # "не могу" was typed stays first against a close leader ("не могу " fits the login page and
    # the operator's own trouble alike until "зайти" says which)
    lex = lexicon((cached_stem("могу"), 5), (cached_stem("зайти"), 4), ("тариф", 9))
    for text in ("не могу ", "тариф "):
        assert hold_ratio(plan_query(text, lex, NO_SYNONYMS)) == HOLD_RATIO
    assert hold_ratio(plan_query("тариф", lex, NO_SYNONYMS)) == HOLD_WHOLE


def test_an_english_function_word_being_typed_is_not_read_as_russian() -> None:
    # "to", "me", "for" on their way are English: not "то", "ме…" transliterated, nor "forty"
    lex = lexicon(("want", 5), ("give", 5), ("sign", 5), ("то", 30), (cached_stem("месяц"), 20),
                  ("40", 6), ("today", 3), ("form", 4))
    for typed in ("wants to", "give me", "sign up for"):
        read = {t for g in plan_query(typed, lex, NO_SYNONYMS).groups for t in g.alts}
        assert read and not any(is_cyrillic(t) or t.isdigit() for t in read), read
    assert "today" in plan_query("wants to", lex, NO_SYNONYMS).groups[-1].alts
    assert "form" in plan_query("sign up for", lex, NO_SYNONYMS).groups[-1].alts


def test_an_english_half_word_keeps_what_it_begins_beside_its_russian_spelling() -> None:
    # «ba» spells «ба…» in Latin letters, and after English words it is "bank" on its way just
    # as much: the Russian reading does not crowd out the English completions
    lex = lexicon(("pay", 5), ("bank", 3), ("balanc", 4), ("баланс", 6), ("банк", 3))
    typed = plan_query("pay ba", lex, NO_SYNONYMS).groups[-1]
    assert {"bank", "balanc", "баланс"} <= set(typed.alts)


def test_a_longer_half_word_follows_the_layout_of_the_words_before() -> None:
    # «пише» is «gbit» on the other layout, a whole known word there; after a word read as
    # typed it is «пишет» on its way, not a switch of layout in the middle of the query
    lex = lexicon(("приложен", 3), ("пишет", 2), ("gbit", 2))
    typed = plan_query("приложение пише", lex, NO_SYNONYMS).groups[-1]
    assert typed.word == "пише" and "пишет" in typed.alts and "gbit" not in typed.alts
    # alone, the letters read as the whole word of the other layout
    assert "gbit" in plan_query("пише", lex, NO_SYNONYMS).groups[-1].alts


def test_a_word_being_typed_that_also_begins_longer_words_holds_like_a_half_word() -> None:
    # "личн" reads whole ("личный"), but it is as much "личность" on its way: the article first
    # a keystroke ago stays first against a close leader, as for any half word
    lex = lexicon((cached_stem("подтвердить"), 5), ("личн", 30), (cached_stem("личность"), 4))
    assert hold_ratio(plan_query("подтвердить личн", lex, NO_SYNONYMS)) == HOLD_RATIO
    assert hold_ratio(plan_query("подтвердить личность", lex, NO_SYNONYMS)) == HOLD_WHOLE


def test_an_article_the_half_word_still_fits_is_held_against_a_clearer_leader() -> None:
    # "заблокир": the SIM article leads on the verb's own stem, the parental control one shown a
    # keystroke ago has "заблокировать" in its head: the letters say nothing against it yet
    lex = lexicon(("заблокир", 3), ("заблокирова", 4), ("сайт", 5))
    plan = plan_query("заблокир", lex, NO_SYNONYMS)
    assert fitting_ratio(plan) == HOLD_FITTING
    ranked = candidates(("sim", 4.0, 0.0), ("parental", 2.65, 0.0))
    ranked[1].fits = 0.85
    assert hold_first(ranked, "parental", hold_ratio(plan), fitting_ratio(plan))[0].slug == \
        "parental"
    ranked[1].fits = 0.0  # its head has nothing of the word: the letters tell the leader apart
    assert hold_first(ranked, "parental", hold_ratio(plan), fitting_ratio(plan))[0].slug == "sim"
    # a few letters fit too much to hold anything against a clear leader, a whole word is
    # evidence, and so is a clear leader once the word is finished
    for text in ("забл", "заблокир сайт", "заблокир "):
        assert fitting_ratio(plan_query(text, lex, NO_SYNONYMS)) is None


def test_a_half_typed_word_goes_first_to_the_article_whose_title_it_begins(
        tmp_path: Path) -> None:
    # both articles name the pause in their head; "приост" is typed: operators mean the article
    # about it (its title), not the one that lists it among its tags
    pause = Article(slug="b-pause", kind="product", lang="ru", title="Приостановка услуг",
                    tags=["отпуск"], body="Услуги можно приостановить на время отпуска.")
    debt = Article(slug="a-debt", kind="product", lang="ru", title="Баланс и долг",
                   tags=["приостановка"], body="При долге услуги приостанавливаются.")
    kb = open_kb(tmp_path, [pause, debt])
    try:
        for typed in ("приост", "приостанов"):
            assert kb.search(typed, limit=1).hits[0].slug == "b-pause"
        assert not kb.search("пр", limit=1).hits  # "при", "про" on their way: nothing yet
    finally:
        kb.close()


def test_a_half_word_that_may_become_an_action_verb_is_read_as_that_request(
        tmp_path: Path) -> None:
    # "приостан…" begins the commoner noun ("приостановка", in a debt page's title) and the verb
    # operators type to ask for a pause ("приостановить"): the request is the likelier reading
    debt = Article(slug="debt", kind="product", lang="ru",
                   title="Баланс, задолженность и приостановка за неуплату",
                   tags=["долг", "приостановка"], body="Приостановка услуг при минусе на балансе.")
    pause = Article(slug="pause", kind="product", lang="ru", title="Пауза на время отпуска",
                    tags=["пауза", "приостановить услуги"],
                    synonyms=["приостановить интернет", "приостановить договор"],
                    body="Пауза до 90 дней в году.")
    outage = Article(slug="outage", kind="product", lang="ru", title="Авария на линии",
                     tags=["авария"], body="Приостановка работы сети на время ремонта.")
    kb = open_kb(tmp_path, [debt, pause, outage])
    try:
        for typed in ("приост", "приостано", "можно ли приостан"):
            assert kb.search(typed, limit=1).hits[0].slug == "pause", typed
        # the noun typed whole is the noun: the debt page that names it in its title
        assert kb.search("приостановка", limit=1).hits[0].slug == "debt"
    finally:
        kb.close()


def test_a_beginning_of_a_filler_word_is_filler_only_when_that_is_its_likeliest_word() -> None:
    # "инт" begins "интересует" (filler) but far more often "интернет": a topic word on its way
    lex = lexicon((cached_stem("интернет"), 60), (cached_stem("интересует"), 2),
                  (cached_stem("сколько"), 20), (cached_stem("скорость"), 3),
                  (cached_stem("тормозит"), 4))
    assert not plan_query("тормозит инт", lex, NO_SYNONYMS).groups[-1].filler
    # "сколь" is surely "сколько"
    assert plan_query("тормозит сколь", lex, NO_SYNONYMS).groups[-1].filler


def test_a_beginning_of_a_quantifier_is_filler_while_typed() -> None:
    # "у всег…" is "у всего дома" on its way: no topic of its own, as "всего" typed whole
    lex = lexicon((cached_stem("интернет"), 60), (cached_stem("всего"), 30),
                  (cached_stem("всегда"), 5), (cached_stem("пропал"), 6))
    assert plan_query("интернет пропал у всего", lex, NO_SYNONYMS).groups[-1].filler
    assert plan_query("интернет пропал у всег", lex, NO_SYNONYMS).groups[-1].filler
    # ... unless the letters more likely begin a topic word ("целевой" far commoner here)
    lex = lexicon((cached_stem("интернет"), 60), (cached_stem("целевой"), 30),
                  (cached_stem("целиком"), 1))
    assert not plan_query("интернет цел", lex, NO_SYNONYMS).groups[-1].filler


def test_a_short_form_whose_letters_begin_no_longer_word_reads_whole(tmp_path: Path) -> None:
    # «белы» stems to «бел» and begins no other word the KB has: it is «белый» in another form,
    # found like the word (the static IP page), not a half word that only lifts what «нужен»
    # found; «само» begins «самовывоз» and stays a beginning
    static = Article(slug="static-ip", kind="product", lang="ru", title="Статический IP-адрес",
                     tags=["белый ip", "постоянный адрес"], body="Белый IP стоит 200 ₽ в месяц.")
    ending = Article(slug="ending", kind="product", lang="ru", title="Расторжение договора",
                     tags=["расторжение"], body="Если договор не нужен, его расторгают.")
    kb = open_kb(tmp_path, [static, ending])
    try:
        assert [h.slug for h in kb.search("нужен белы", limit=1).hits] == ["static-ip"]
        assert mid_word(plan_query("нужен белы", kb._lexicon, NO_SYNONYMS)) is False
    finally:
        kb.close()
    lex = lexicon(("нужен", 3), (cached_stem("самовывоз"), 4), ("сам", 5))
    assert mid_word(plan_query("нужен само", lex, NO_SYNONYMS))


def test_letters_that_begin_only_a_listed_word_read_as_its_synonyms(tmp_path: Path) -> None:
    # «вафля» is in the synonym sets only, no article says it: "ваф" typed on its way reads
    # as the set's other words, so the list does not go blank before the word is whole
    router = Article(slug="router", kind="product", lang="ru", title="Роутер и вайфай",
                     tags=["вайфай"], body="Роутер раздаёт вайфай по квартире.")
    kb = open_kb(tmp_path, [router, plan_article("home-100", "100")])
    try:
        kb.set_synonym_sets([["вайфай", "вафля"]])
        assert [h.slug for h in kb.search("ваф").hits][:1] == ["router"]
        assert [h.slug for h in kb.search("вафля").hits][:1] == ["router"]
    finally:
        kb.close()


def test_two_first_letters_that_begin_a_function_word_find_nothing_yet() -> None:
    # "мн" is "мне" on its way more often than "много": the list stays empty rather than show a
    # guess that empties again at "мне"; a known short word ("тв") is itself
    lex = lexicon(("много", 5), ("мнени", 1), ("тв", 9), ("твер", 1), ("роутер", 8))
    assert plan_query("мн", lex, NO_SYNONYMS).groups == []
    assert plan_query("тв", lex, NO_SYNONYMS).groups[0].alts
    assert plan_query("ро", lex, NO_SYNONYMS).groups[0].alts  # begins no function word
    assert plan_query("мно", lex, NO_SYNONYMS).groups[0].alts
