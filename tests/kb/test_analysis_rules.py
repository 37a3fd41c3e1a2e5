"""Text analysis as a specification: folding, words, stemming by script, the stop-word and
keyboard tables, transliteration, the typo budget, one-edit neighbours and the edit distance."""

from __future__ import annotations

import threading

import pytest

from kb.analysis import (
    ACTION_WORDS,
    EN_ALPHABET,
    EN_TO_RU,
    FILLER_PREFIXES,
    FILLER_WHOLE_WORDS,
    FILLER_WORDS,
    NEGATION_WORDS,
    QUANTIFIER_WORDS,
    RU_ALPHABET,
    RU_TO_EN,
    STOP_WORDS,
    cached_stem,
    complete_number_word,
    context_starts,
    edits1,
    fold,
    is_cyrillic,
    is_number_word,
    max_edits,
    number_value,
    osa_distance,
    query_language,
    stem,
    stem_many,
    stem_text,
    stems,
    switch_layout,
    transliterate,
    words,
)

LATIN_O = "o"  # U+006F inside an otherwise Cyrillic word


def test_fold_lowers_case_and_folds_yo_only() -> None:
    assert fold("ЁлКа Ёж ÉCOLE Й") == "елка еж école й"


def test_ukrainian_and_kazakh_letters_fold_to_the_russian_letter_they_sound_like() -> None:
    assert fold("Інтернет ЇЖАК Євро ґанок") == "интернет ижак евро ганок"
    assert fold("Ақша Ғалым Қала Ң Өнім Ұя Үй Һ Ә") == "акша галым кала н оним уя уй х а"
    assert words("інтернет не працює") == ["интернет", "не", "працюе"]


def test_a_hard_sign_and_an_apostrophe_inside_a_cyrillic_word_read_as_a_soft_sign() -> None:
    # Ukrainian writes an apostrophe where Russian has «ь» or «ъ», and «подьезд» is how many
    # spell «подъезд»: all of them meet
    assert fold("Кур'єр під’їзд обʼєм ПОДЪЕЗД") == "курьер пидьизд обьем подьезд"
    assert words("зв'язок") == ["звьязок"]
    assert stems("подъезд") == stems("подьезд") == stems("под'езд")
    # an English apostrophe stays a word break, and lengths never change (snippets)
    assert words("don't") == ["don", "t"]
    text = "Кур'єр, don't"
    assert len(fold(text)) == len(text)


def test_a_latin_i_inside_a_cyrillic_word_is_the_ukrainian_letter() -> None:
    assert fold("менi бухгалтерiя") == "мени бухгалтерия"
    assert fold("Wi-Fi iPhone") == "wi-fi iphone"  # Latin words keep theirs
    assert fold("белыйip") == "белыйip"  # and so do Latin words run into Cyrillic ones


def test_words_are_runs_of_letters_and_digits_and_underscore_separates() -> None:
    assert words("a_b c-d 12,5 ЁЖ! Wi-Fi") == ["a", "b", "c", "d", "12", "5", "еж", "wi", "fi"]
    assert words(" ,.;_ ") == []


def test_a_word_is_cyrillic_when_it_has_a_cyrillic_letter() -> None:
    assert is_cyrillic("кот") and is_cyrillic("sмс") and is_cyrillic("ёж")
    assert not is_cyrillic("sms") and not is_cyrillic("112")


def test_the_alphabets() -> None:
    assert RU_ALPHABET == "абвгдежзийклмнопрстуфхцчшщъыьэюя"  # no ё: text is folded first
    assert EN_ALPHABET == "abcdefghijklmnopqrstuvwxyz"


def test_stop_words_are_function_words_only() -> None:
    assert len(STOP_WORDS) == 197
    # Ukrainian and Kazakh pronouns and prepositions too: "мені" is no «менять» ("мен…")
    assert {fold("мені"), fold("мене"), "з", fold("біздің"), "мен", fold("неї"),
            fold("нього")} <= STOP_WORDS
    # the ones that fold into a Russian word are left out: a noun, an owner, "ago"
    assert not {"вид", "моя", "наше", "свои", "тому"} & STOP_WORDS
    assert {"вам", "нам", "ним", "него", fold("неё")} <= STOP_WORDS  # pronouns, every case
    assert {"и", "в", "на", "не", "что", "the", "and", "of", "is", "them", "him"} <= STOP_WORDS
    assert {"s", "t", "m", "d", "ll", "re", "ve"} <= STOP_WORDS  # pieces of it's, don't, we'll…
    # Words that change what the caller means stay searchable.
    assert not {"нет", "без", "no", "not", "сколько", "роутер", "how"} & STOP_WORDS
    assert all(w == fold(w) and words(w) == [w] for w in STOP_WORDS)


def test_filler_words_are_question_words_and_their_typed_beginnings() -> None:
    assert {"сколько", "стоит", "почем", "чем", "можно", "пожалуйста", "how", "much", "please",
            "cost"} <= FILLER_WORDS
    assert not {"роутер", "тариф", "router", "нет"} & FILLER_WORDS
    # filler only as whole words: their beginnings spell topic words (долг, под…), or they are
    # other forms of question words, pronouns and greetings
    whole = FILLER_WHOLE_WORDS
    assert {"долго", "подождать", "такой", "узнать", "здравствуйте", "tell"} <= whole
    assert {"проблема", "проблемы", "problem", "issue"} <= whole  # "a problem with" the topic
    assert {"цена", "стоимость", "price"} <= whole  # "the price of" the topic
    assert {"если", "ждать"} | whole <= FILLER_WORDS
    quantifiers = QUANTIFIER_WORDS  # whole words, but their beginnings may become them too
    assert {w[:n] for w in (FILLER_WORDS - whole) | quantifiers
            for n in range(3, len(w) + 1)} == FILLER_PREFIXES
    assert "долг" not in FILLER_PREFIXES
    assert {"ско", "скол", "сколько", "ple", "plea"} <= FILLER_PREFIXES
    assert not any(len(p) < 3 for p in FILLER_PREFIXES)


def test_stem_exceptions_keep_unrelated_words_apart() -> None:
    # "долго" (long) is not "долг" (debt), in every way of stemming
    assert stem("долго") == stem("долгая") == cached_stem("долгий") == "долгий"
    assert stem("долга") == stem("долги") == "долг"
    assert stems("долгая история долга") == ["долгий", "истор", "долг"]
    assert stem_many(["долго", "долгу"], cyrillic=True) == ["долгий", "долг"]
    assert stem("другой") == stem("других") == "другой" and stem("друга") == "друг"


def test_a_fleeting_vowel_leaves_the_stem_so_every_form_has_one() -> None:
    # the genitive plural inserts a vowel before a final "к" ("заявок"), the nominative of
    # "-ок", "-ец" nouns and "-шел" verbs has one the other forms drop
    assert stem("заявок") == stem("заявка") == stem("заявки") == "заявк"
    assert stem("звонок") == stem("звонка") == stem("звонков") == "звонк"
    assert stem("ребенок") == stem("ребенку") == "ребенк"
    assert stem("владелец") == stem("владельца") == "владелц"
    assert stem("пришел") == stem("пришла") == stem("пришли") == "пришл"
    assert stem("урок") != stem("урк")  # short stems keep their vowel
    assert stems("заявок владелец") == stem_many(["заявок", "владелец"], True) == [
        "заявк", "владелц"]


@pytest.mark.parametrize("forms", [
    "деньги денег деньгами", "день дня дней днях дни", "друг друга друзья друзей",
    "время времени временем", "имя имени имена", "дочь дочери", "заем займа займом",
    "сын сыновья", "хозяин хозяева хозяев", "отец отца",
])
def test_an_irregular_word_has_one_stem_in_every_form_both_ways(forms: str) -> None:
    # a stem change or a fleeting vowel the rules cannot see: "денег" meets "деньги" and back,
    # at index time ("stems", "stem_text") and query time ("stem", "stem_many") alike
    words = forms.split()
    one = {stem(w) for w in words}
    assert len(one) == 1
    assert set(stems(forms)) == set(stem_many(words, True)) == one
    assert {cached_stem(w) for w in words} == one
    assert "займ" in stems("заем")  # not the stop word "за"
    assert stem("временный") != stem("время")  # the adjective stays apart


def test_a_short_i_written_as_e_and_a_soft_sign_leave_the_stem() -> None:
    # the genitive plural of "-йка" writes "ек" after a vowel; "-ёк" nouns drop "ь" in other forms
    assert stem("настроек") == stem("настройки") == stem("настройка") == "настройк"
    assert stem("копеек") == stem("копейка")
    assert stem("кошелек") == stem("кошелька")
    assert stem("аптек") == stem("аптека")  # a consonant before "ек": the fleeting-vowel rule


def test_a_second_conjugation_verb_has_one_stem_in_every_person() -> None:
    assert stem("звонят") == stem("звонит") == stem("звонящий") == "звон"
    assert stem("грузятся") == stem("грузится")
    assert stem("сохраняется") == stem("сохранить")
    assert stem("стоять") == "стоя"  # "я" after a vowel stays


@pytest.mark.parametrize("forms", [
    "перевести переведите переведи перевела перевёл переведут",
    "провести проведите проведёте проведут провёл провели",
    "перенести перенесите перенесу перенёс перенесла перенесут",
    "привезти привезите привезёт привезут привёз привезли",
    "внести внесите внёс внесла",
])
def test_a_prefixed_verb_of_vesti_vezti_nesti_has_one_stem_in_every_form(forms: str) -> None:
    assert len({stem(fold(w)) for w in forms.split()}) == 1


def test_the_bare_verb_and_look_alike_words_keep_their_own_stems() -> None:
    # no prefix: "вести" is the news; "известие" a notice, "привет" a greeting
    assert stem("вести") != stem("веди")
    assert stem("известие") == "извест"
    assert stem("привет") == "привет"
    assert stem("перевод") != stem("перевести")  # the noun of a transfer, another stem
    assert stem("провод") != stem("провести")  # a wire is no installation
    # "перевес" is "перевести" on its way; "повесил трубку" is hanging up, not "повёл"
    assert stem("перевес") == stem("перевести")
    assert stem("повесил") == "повес" != stem("повёл")


def test_a_number_with_thousands_separators_is_one_word() -> None:
    assert words("за 1 290 ₽") == ["за", "1290", "рубль"]  # the sign reads as its word
    assert words("3\u00a0900 и 1 000 000") == ["3900", "и", "1000000"]
    # groups of other lengths are separate numbers
    assert words("5 ГБ и 200 минут, 12 месяцев, 1 5000") == [
        "5", "гб", "и", "200", "минут", "12", "месяцев", "1", "5000"]
    # English writes the separator as a comma; a decimal comma has fewer digits after it
    assert words("buy for 4,500 ₽ or 1,290,000") == ["buy", "for", "4500", "рубль", "or", "1290000"]
    assert words("1,5 Гбит/с, 2,50 ₽") == ["1", "5", "гбит", "с", "2", "50", "рубль"]


def test_rubles_in_english_read_as_the_sign() -> None:
    # English articles write "₽" and callers "rubles": one word either way
    assert words("Pay 500 Rubles, 1 rouble") == ["pay", "500", "рубль", "1", "рубль"]
    assert words("500 ₽") == ["500", "рубль"]


def test_an_imperfective_in_hushing_a_shares_the_perfective_stem() -> None:
    # "подключать" and "подключить" are one verb to the operator
    for pair in (("подключать", "подключить"), ("подключают", "подключите"),
                 ("получать", "получить"), ("отключаем", "отключить")):
        assert len({stem(w) for w in pair}) == 1, pair
        assert len(set(stem_many(list(pair), cyrillic=True))) == 1, pair
        assert len(set(stems(" ".join(pair)))) == 1, pair
    # a noun keeps its own stem: Snowball leaves no "а" on it; a short stem keeps its "а" ("кач"
    # would be a whole word to the beginning of "качество")
    assert stem("задача") == "задач" and stem("дача") == "дач"
    assert stem("качает") == "кача" and stem("решать") == "реша"


def test_the_persons_and_past_of_wait_have_one_stem_the_infinitive_its_own() -> None:
    assert len({stem(w) for w in ("жду", "ждем", "ждут", "ждал", "ждали")}) == 1
    assert stem("ждать") != stem("ждем")  # "сколько ждать" is filler


def test_negations_are_marked_apart_from_filler() -> None:
    assert {"not", "didn", "doesn", "don", "won", "isn", "cannot", "didnt"} <= NEGATION_WORDS
    assert not NEGATION_WORDS & (FILLER_WORDS | STOP_WORDS)


def test_context_starts_after_a_marker() -> None:
    assert context_starts(words("просит директора по поводу возврата роутера")) == 4
    assert context_starts(words("орет из-за долга")) == 3
    assert context_starts(words("орет из за долга")) == 3
    assert context_starts(words("angry about the router")) == 2
    assert context_starts(words("ребенок звонит про интернет")) == 3
    # the reason after a request
    assert context_starts(words("роутер купить, а то аренда каждый месяц")) == 4
    assert context_starts(words("а тот роутер")) is None
    assert context_starts(words("возврат роутера")) is None
    # a complaint to file, and what it is against
    assert context_starts(words("оставить жалобу на грубого мастера")) == 3
    assert context_starts(words("куда пожаловаться на монтажника")) == 3
    assert context_starts(words("complaint against the engineer")) == 2
    # a caller who complains of something reports it: that is the topic
    assert context_starts(words("жалуется на скорость")) is None
    assert context_starts(words("на мастера")) is None
    assert context_starts(["за"]) is None
    # what a caller thinks or asks about is what they ask
    assert context_starts(words("so i'm thinking about your 500 plan")) is None
    assert context_starts(words("дети учатся, хочу узнать про тариф")) is None
    assert context_starts(words("растерялся, когда абонент сказал про пожар")) is None
    assert context_starts(words("муж слышал про первый месяц за рубль")) is None
    assert context_starts(words("heard about your referral bonus")) is None


def test_action_words_are_verbs_of_what_the_caller_wants_done() -> None:
    assert {"обменять", "вернуть", "заблокировать", "exchange", "return", "cancel",
            "block"} <= ACTION_WORDS
    assert not ACTION_WORDS & STOP_WORDS
    assert not {"роутер", "сколько", "router"} & ACTION_WORDS


def test_the_layout_maps_follow_the_keyboards() -> None:
    assert "qwertyuiop[]asdfghjkl;'zxcvbnm,.`".translate(EN_TO_RU) == (
        "йцукенгшщзхъфывапролджэячсмитьбюё")
    assert '{}:"<>~'.translate(EN_TO_RU) == "хъжэбюё"
    assert "йцукенгшщзхъфывапролджэячсмитьбюё".translate(RU_TO_EN) == (
        "qwertyuiop[]asdfghjkl;'zxcvbnm,.`")
    assert "QWERTY".translate(EN_TO_RU) == "QWERTY"  # upper case is lowered before


def test_stem_uses_russian_rules_for_cyrillic_english_for_latin_and_keeps_digits() -> None:
    assert stem("телефоны") == "телефон"
    assert stem("running") == "run"
    assert stem("112") == "112"
    assert stem("") == ""


def test_a_mixed_script_word_is_stemmed_by_the_russian_rules() -> None:
    mixed = f"тел{LATIN_O}фоны"
    assert stem(mixed) == f"тел{LATIN_O}фон"
    assert stems(mixed) == [f"тел{LATIN_O}фон"]


def test_stem_many_stems_one_script_at_once_like_stem() -> None:
    ru = ["телефоны", "звонит", "абоненты"]
    en = ["running", "calls", "routers"]
    assert stem_many(ru, True) == [stem(w) for w in ru]
    assert stem_many(en, False) == [stem(w) for w in en]
    assert stem_many([], True) == []


def test_cached_stem_is_stem() -> None:
    for word in ("телефоны", "running", "112", f"тел{LATIN_O}фоны"):
        assert cached_stem(word) == stem(word)


def test_stems_drop_stop_words_and_keep_order_across_scripts() -> None:
    assert stems("Роутеры и routers, 5G на 112") == ["роутер", "router", "5g", "112"]
    assert stems("и the на of") == []
    assert stems("") == []
    assert stems("Звонит ребёнок") == [stem("звонит"), stem("ребенок")]


def test_stem_text_joins_the_stems_of_every_part() -> None:
    assert stem_text(["Роутеры", "", "и calls"]) == "роутер call"
    assert stem_text([]) == ""


def test_stems_are_the_same_in_every_thread() -> None:
    expected = stems("Звонит ребёнок, the caller is calling")
    seen: list[list[str]] = []
    threads = [threading.Thread(target=lambda: seen.append(
        stems("Звонит ребёнок, the caller is calling"))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [expected] * 4


def test_query_language_is_the_majority_script_and_russian_on_a_tie() -> None:
    assert query_language("ab вг") == "ru"
    assert query_language("a б") == "ru"
    assert query_language("a") == "en"
    assert query_language("б") == "ru"
    assert query_language("abc вг") == "en"
    assert query_language("ЁЁ abc") == "en"
    assert query_language("ЁЁЁ abc") == "ru"
    assert query_language("112 !!") is None
    assert query_language("") is None


@pytest.mark.parametrize(("typed", "meant"), [
    ("Ghbdtn", "привет"), ("Руддщ", "hello"), ("ё", "`"), ("[fhf", "хара"),
    ("ntktajy 5", "телефон 5"), ("", "")])
def test_switch_layout_follows_the_majority_script(typed: str, meant: str) -> None:
    assert switch_layout(typed) == meant


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("abonent", "абонент"), ("domashniy", "домашний"), ("shchuka", "щука"),
    ("schet", "щет"), ("novyy", "новый"), ("chay", "чаы"), ("zhuk", "жук"),
    ("khleb", "хлеб"), ("tsena", "цена"), ("yubka", "юбка"), ("yama", "яма"),
    ("yozh", "еж"), ("yeli", "ели"), ("jama", "яма"), ("jug", "юг"),
    ("bvgdzklmnprstfhcwxq", "бвгдзклмнпрстфхцвкск"), ("taxi", "такси"), ("abonent2", "абонент2"),
    ("vyezd", "выезд"), ("vyyasnit", "выяснит"), ("vy", "вы")])
def test_transliteration_reads_latin_spelling_back_in_cyrillic(latin: str, cyrillic: str) -> None:
    assert transliterate(latin) == cyrillic


@pytest.mark.parametrize("word", ["112", "абонент", f"тел{LATIN_O}фон", ""])
def test_a_word_without_latin_letters_or_with_cyrillic_ones_is_not_transliterated(
        word: str) -> None:
    assert transliterate(word) == word


def test_the_typo_budget_grows_with_the_word() -> None:
    assert [max_edits("я" * n) for n in range(0, 13)] == [0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2]


def reference_edits(word: str, alphabet: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    substitutions = {a + c + b[1:] for a, b in splits if b for c in alphabet}
    inserts = {a + c + b for a, b in splits for c in alphabet}
    return deletes | swaps | substitutions | inserts


@pytest.mark.parametrize(("word", "alphabet"), [
    ("кот", RU_ALPHABET), ("жалоба", RU_ALPHABET), ("sim", EN_ALPHABET), ("ab", EN_ALPHABET),
    ("a", EN_ALPHABET)])
def test_edits1_is_every_string_one_edit_away_in_the_words_alphabet(word: str,
                                                                   alphabet: str) -> None:
    assert set(edits1(word)) == reference_edits(word, alphabet)


def test_edits1_of_a_latin_word_uses_latin_letters_only() -> None:
    near = set(edits1("sim"))
    assert {"sam", "simx", "xsim", "ism", "smi", "si", "im"} <= near
    assert not any(is_cyrillic(w) for w in near)
    assert not any(LATIN_O in w for w in edits1("кот")) and "кит" in set(edits1("кот"))


def test_edits1_yields_deletions_then_swaps_then_substitutions_then_insertions() -> None:
    # The typo scan keeps each string's first appearance, so that order is what counts.
    expected = (["b", "a", "ba"] + [c + "b" for c in EN_ALPHABET] + ["a" + c for c in EN_ALPHABET]
                + [c + "ab" for c in EN_ALPHABET] + ["a" + c + "b" for c in EN_ALPHABET]
                + ["ab" + c for c in EN_ALPHABET])
    assert list(dict.fromkeys(edits1("ab"))) == list(dict.fromkeys(expected))
    assert list(dict.fromkeys(edits1(""))) == list(EN_ALPHABET)


def test_edit_distance_of_a_word_to_itself_is_zero() -> None:
    for word in ("", "a", "телефон"):
        assert osa_distance(word, word, 0) == 0
        assert osa_distance(word, word, 2) == 0


@pytest.mark.parametrize(("a", "b", "distance"), [
    ("телефон", "телефо", 1), ("телефо", "телефон", 1),  # deletion / insertion at the end
    ("елефон", "телефон", 1), ("телефон", "тлефон", 1),  # at the start, inside
    ("телефон", "телефан", 1),  # substitution
    ("телефон", "телефно", 1), ("телефон", "етлефон", 1),  # swap of the last / first two
    ("ab", "ba", 1), ("abc", "ca", 3), ("", "abc", 3), ("abc", "", 3),
    ("kitten", "sitting", 3), ("жлаоба", "жалоба", 1),
    ("ааа", "а", 2), ("а", "ааа", 2), ("abab", "ab", 2),  # repeated letters are no swap
])
def test_edit_distance_counts_each_edit_and_a_swap_as_one(a: str, b: str, distance: int) -> None:
    assert osa_distance(a, b, 5) == distance


def test_edit_distance_stops_at_limit_plus_one() -> None:
    assert osa_distance("abc", "xyz", 1) == 2
    assert osa_distance("abc", "xyz", 3) == 3
    assert osa_distance("abcdef", "uvwxyz", 2) == 3
    assert osa_distance("телефон", "кот", 1) == 2
    assert osa_distance("kitten", "sitting", 2) == 3
    assert osa_distance("kitten", "sitting", 3) == 3


def test_a_length_difference_equal_to_the_limit_is_still_measured() -> None:
    assert osa_distance("abc", "abcde", 2) == 2
    assert osa_distance("abcde", "abc", 2) == 2
    assert osa_distance("abc", "abcdef", 2) == 3
    assert osa_distance("", "ab", 2) == 2
    assert osa_distance("", "abc", 2) == 3


def test_edit_distance_gives_up_as_soon_as_a_row_exceeds_the_limit() -> None:
    # every prefix row of "zzzz" against "abcd" is already over 1: capped, not the true 4
    assert osa_distance("zzzz", "abcd", 1) == 2
    assert osa_distance("azzz", "abcd", 2) == 3
    assert osa_distance("abzz", "abcd", 2) == 2



NUMBER_FORMS = {
    1: "один одна одно одного одной одну one", 2: "два две двух two", 3: "три трех three",
    4: "четыре четырех four", 5: "пять пяти five", 6: "шесть шести six", 7: "семь семи seven",
    8: "восемь восьми eight", 9: "девять девяти nine", 10: "десять десяти ten",
    11: "одиннадцать одиннадцати eleven", 12: "двенадцать двенадцати twelve",
    13: "тринадцать тринадцати thirteen", 14: "четырнадцать четырнадцати fourteen",
    15: "пятнадцать пятнадцати fifteen", 16: "шестнадцать шестнадцати sixteen",
    17: "семнадцать семнадцати seventeen", 18: "восемнадцать восемнадцати eighteen",
    19: "девятнадцать девятнадцати nineteen", 20: "двадцать двадцати twenty",
    30: "тридцать тридцати thirty", 40: "сорок сорока forty",
    50: "пятьдесят пятидесяти fifty полтинник", 60: "шестьдесят шестидесяти sixty",
    70: "семьдесят семидесяти seventy", 80: "восемьдесят восьмидесяти eighty",
    90: "девяносто ninety", 100: "сто ста сотня сотню сотни сотка сотку сотки hundred hundreds",
    200: "двести двухсот", 300: "триста трехсот", 400: "четыреста четырехсот",
    500: "пятьсот пятисот полтысячи", 600: "шестьсот шестисот", 700: "семьсот семисот",
    800: "восемьсот восьмисот", 900: "девятьсот девятисот",
    1000: "тысяча тысячу тысячи тысяч тыща тыщу тыщи thousand thousands",
}


def test_every_number_word_reads_as_its_value() -> None:
    for value, forms in NUMBER_FORMS.items():
        for form in forms.split():
            assert is_number_word(form), form
            assert number_value([form]) == value, form
    assert not any(is_number_word(w) for w in ("абонент", "сотрудник", "тысячелетие", "once", ""))


def test_the_hundreds_as_ordinals_and_nouns_read_as_their_value() -> None:
    # "на трёхсотом тарифе", "пятисотка", "тысячный": the plan a caller names so
    for form, value in (("трехсотом", 300), ("пятисотка", 500), ("сотый", 100),
                        ("двухсотую", 200), ("тысячном", 1000), ("тысячку", 1000)):
        assert is_number_word(form), form
        assert number_value([form]) == value, form
    assert not is_number_word("сотрудника")


@pytest.mark.parametrize(
    ("run", "value"),
    [
        (["две", "тысячи", "триста"], 2300),  # a thousand multiplies what came before
        (["тысяча", "сто"], 1100),  # … or 1
        (["two", "hundred", "fifty"], 250),  # a hundred multiplies what came before
        (["hundred"], 100),
        (["five", "hundred", "thousand"], 500000),
        (["сто", "сто"], 200),  # values add up
        (["двадцать", "пять", "тысяч", "пятьсот"], 25500),
        ([], None),  # nothing is no number
        (["тысяча", "абонентов"], None),
    ],
)
def test_number_runs_add_and_multiply(run: list[str], value: int | None) -> None:
    assert number_value(run) == value


@pytest.mark.parametrize(
    ("prefix", "word"),
    [("тыс", "тысяча"), ("hun", "hundred"), ("сот", "сотня"), ("тыщ", "тыща"), ("thr", "three"),
     ("одн", "одна"), ("fif", None), ("дв", None), ("две", None), ("абв", None),
     ("полт", None)],
)
def test_a_number_word_beginning_completes_only_when_it_means_one_number(
        prefix: str, word: str | None) -> None:
    # "две" may still become "двенадцать", "полт" "полтинник" (50) or "полтысячи" (500)
    assert complete_number_word(prefix) == word


@pytest.mark.parametrize(
    "forms",
    [["обрыв", "обрыва", "обрывы", "обрывом"], ["перерыв", "перерыва"], ["отзыв", "отзывы"],
     ["архив", "архива", "архиве"], ["срыв", "срыва"]],
)
def test_a_noun_in_yv_or_iv_has_one_stem_in_every_form(forms: list[str]) -> None:
    assert len({stem(w) for w in forms}) == 1, [stem(w) for w in forms]
    assert len(set(stem_many(forms, cyrillic=True))) == 1
    assert len(set(stems(" ".join(forms)))) == 1


def test_business_is_not_busy() -> None:
    # Snowball stems both to "busi"
    assert stem("business") == stem("businesses") != stem("busy")
    assert stems("busy business") == [stem("busy"), stem("business")]
    assert stem_many(["business", "busy"], cyrillic=False) == [stem("business"), stem("busy")]


def test_a_gerund_in_yv_or_iv_still_reads_as_its_verb() -> None:
    assert stem("закрыв") == stem("закрыть")
    assert stem("оплатив") == stem("оплатить")
