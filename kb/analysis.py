"""Text analysis shared by indexing, querying, snippets and the store's fallback search.

Folding (case, ``ё``→``е``), tokenizing, stop words, Russian/English stemming (PyStemmer, picked per
word by its script), keyboard-layout conversion (ЙЦУКЕН ↔ QWERTY) and edit-distance helpers.

The index stores the output of :func:`stems` as plain space-separated text, so whoosh never needs a
custom (pickled) analyzer: an index can be opened from any entry point.

Pure functions over immutable data. PyStemmer objects are not thread-safe, so each thread gets its
own (see :func:`_stemmers`): every function here is safe to call from any thread.
"""

from __future__ import annotations

import itertools
import math
import re
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache

import Stemmer

# Letters and digits; "_" and punctuation separate words (as in SQLite's unicode61 tokenizer).
WORD_RE = re.compile(r"[^\W_]+")
CYRILLIC_RE = re.compile(r"[а-яё]")
LATIN_RE = re.compile(r"[a-z]")

RU_ALPHABET = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
EN_ALPHABET = "abcdefghijklmnopqrstuvwxyz"

# Ukrainian and Kazakh letters read as the nearest Russian ones: callers of those countries (and
# operators typing what they say) mix them into Russian ("гроші", "рахунок", "ақша"), and an
# article's Ukrainian or Kazakh word must meet the query's. One letter for one, so positions in a
# folded text are those of the original (snippets rely on it). Changing this table changes stored
# stems: the store re-stems in a schema upgrade (see kb.store).
_REGIONAL_LETTERS = "іїєґәғқңөұүһ"
_FOLD_REGIONAL = str.maketrans(_REGIONAL_LETTERS, "ииегагкноуух")
_REGIONAL_RE = re.compile(f"[{_REGIONAL_LETTERS}]")
# The apostrophe inside a Ukrainian word ("зв'язок", "кур'єр", "під'їзд") is where Russian writes
# a soft or hard sign ("курьер", "подъезд"), and Russian typists without a «ъ» key type one too
# ("об'явление"); both signs read as «ь» ("подьезд" is a common spelling of «подъезд»)
_APOSTROPHES = "'’ʼ`"
_WORD_APOSTROPHE_RE = re.compile(f"(?<=[а-яіїєґ])[{_APOSTROPHES}](?=[а-яіїєґ])")
# (a Latin "i" between a Cyrillic letter and a Latin one is where two words run together: "белыйip")
_LATIN_I_RE = re.compile("(?<=[а-яіїєґ])i(?![a-z])|(?<![a-z])i(?=[а-яіїєґ])")


def fold(text: str) -> str:
    """Lower-case, fold ``ё`` to ``е`` (what operators type and what editors write differ), ``ъ``
    and an apostrophe inside a Cyrillic word to ``ь``, and the Ukrainian and Kazakh letters to
    the nearest Russian ones (``ї`` → ``и``, ``қ`` → ``к``). One character for one."""
    text = text.lower().replace("ё", "е").replace("ъ", "ь")
    if any(a in text for a in _APOSTROPHES):
        text = _WORD_APOSTROPHE_RE.sub("ь", text)
    if "i" in text and CYRILLIC_RE.search(text):
        # a Latin "i" typed for "і" inside a Ukrainian word ("бухгалтерiя", "менi")
        text = _LATIN_I_RE.sub("и", text)
    # a translation table costs ten times a search on a long text, and most texts need none
    return text.translate(_FOLD_REGIONAL) if _REGIONAL_RE.search(text) else text


# Function words that carry no meaning for search; kept short on purpose ("нет", "без" stay).
_STOP_TEXT = """
    а и в во на с со к ко по о об обо от до за из у но или же ли бы ж то это как что чтобы
    при для над под про так там тут уже еще вот ну он она оно они мы вы я ты его ее их им ему
    ей мне меня тебе тебя вас нас не вам нам вами нами мной тобой ним ней них ними нему
    него нее
    a an the and or of to in on at by for from with is are was were be been am do does did
    it its this that these those as if so i you he she we they his her their my your our me us than
    them him
    s t m d ll re ve
"""
# The pronouns, prepositions and conjunctions of Ukrainian and Kazakh callers, folded ("мені" is
# "мени", "мене", whose stem would otherwise be «мен…» of «менять»; "з" is «с»; "біздің" is
# «наш»). Words that fold into a Russian word are left out: "від" is «вид», and "моя", "наше",
# "свої", "тому" are Russian words too (an owner in «где моя заявка», "ago" in «тому назад»).
_REGIONAL_STOP_TEXT = """
    мені мене мій моєї моїй тобі твій він вона воно вони йому їй ними ми ви нашої вашої свого
    неї нею ній його їх їм нього ньому
    своєї з із зі після й або але що щоб це цей ця ці цього цієї також тільки лише навіть
    маған менің менен біз бізге біздің бізде сіз сізге сіздің сізде ол олар оның бұл осы
    және мен бен пен ғой арқылы
"""
STOP_WORDS = frozenset(_STOP_TEXT.split()) | frozenset(fold(_REGIONAL_STOP_TEXT).split())

# Personal pronouns in their other cases ("у него", "у неё", "ему", "с ними"): operators end a
# query with them ("роутер не работает у него"), and their letters begin no topic word an operator
# would be typing ("нас" → "настройка", "вы" → "выезд", "он" → "онлайн" do, so they are not here).
# Typed last they are whole stop words, not the beginning of some rare word.
_WHOLE_PRONOUN_TEXT = """
    его ее их им ему ей мне меня тебе тебя вам нам вами нами мной тобой ним ней них ними нему
    него нее она оно они
    нею неї нього ньому його йому їй їх їм мені мене тобі тебе вона воно вони
    you
"""
WHOLE_PRONOUNS = frozenset(fold(_WHOLE_PRONOUN_TEXT).split())

# Question and filler words an operator types around the topic ("сколько стоит", "how much does …
# cost", "можно ли"): they take part in search but weigh little against the topic words. So do
# conditions ("если") and waiting ("сколько ждать", "долго": the adverb shares the stem of "долг").
_FILLER_TEXT = """
    сколько стоит стоят стоить почем как какой какая какие каком какую где когда куда почему чем
    зачем можно ли нужно надо хочу хочет хотел хотят подскажите скажите пожалуйста сейчас мой
    моя мое мои моего моей свой свою есть был была будет сделать делать что-то вообще просто
    очень просит просят попросил попросила попросили спрашивает спрашивают интересуется поводу
    насчет касательно
    how much many what which where when why can could would should will please want wants
    need needs there any some cost costs does do is are my mine get asks asking long about regarding
    если ждать дай дайте give
"""
# filler only as whole words: their beginnings spell topic words ("долг", "подо…"); also the
# other forms of question words, pronouns and asking verbs, and greetings ("такой", "узнать",
# "здравствуйте", "tell me"): as whole words they are filler, their beginnings say nothing yet
_FILLER_WHOLE_TEXT = """
    долго подождать
    такой такая такое такие таком такую такого такими этот эта эти этом этого этой этих
    тот того тому той тех теми тем виде
    каких каким какого какое
    узнать узнаю уточнить уточните уточняет уточняют уточнил уточнила уточнили спросить
    подскажи скажи расскажите расскажи
    объясните объясни интересует интересно хотела хотели хотелось хочется хотим хотелось
    можете может могу могут можем сможете сможет давайте давай
    поставить поставьте поставь поставила поставили оставить оставьте
    нибудь либо попало получается значит общем кто наверное наверно буду будем будут будешь
    хотя хоча although
    который которая которое которые которого которой которому котором которую которых которым
    которыми
    текущий текущая текущее текущие текущего текущей текущую текущих нынешний нынешние нынешнего
    около примерно приблизительно around approximately roughly туда сюда пусть пускай через
    current currently поточний поточні поточного
    скока скоко скоки скольк
    здравствуйте здравствуй добрый алло извините простите спасибо тогда
    слушайте слушай послушайте послушай смотрите понимаете знаете
    короче кароче короч типа блин щас чё курсе
    hello hi thanks thank tell know like just actually wondering wonder possible must
    basically anyway both kind sort anything something
    happens happen будут случится whats
    very really quite too totally extremely always still again has have had got
    совсем слишком прям прямо опять снова постоянно всегда тупо намного гораздо значительно
    тоже также also
    дважды трижды twice thrice
    ни
    сих пор
    вопрос question
    проблема проблемы проблем проблему проблемой проблемами проблемах проблемка неполадки
    сложности трудности problem problems issue issues trouble
    помогите помоги помочь помощь помощи
    цена цены цену ценой стоимость стоимости price prices pricing
    плата плату платы платой абонплата абонплату абонплаты абонплатой абонка абонку fee fees
    самый самая самое самые самого самой самому самым самых самую самыми
    другой другая другое другие другого другую других другим другими другому another other
    выбрать выбирать подобрать подберите посоветуйте посоветовать choose
    сравнить сравните сравнение compare
    прошу просим сообщить сообщите разъяснить разъясните рассмотреть рассмотрите принять примите
    осуществить осуществите предоставить предоставьте поскольку
"""
# ("дважды", "twice": how often, not what; "вопрос", "question" as typed frames the query: "такой
# вопрос, сколько стоит …"; its other forms, "вопросов", stay topic words of their cases; so does
# "проблема", "problem" beside what it is about: "проблемы с роутером" is the router's page, and
# "помогите", "помощь" ("помогите с роутером"; shouted alone it still finds the emergency case;
# English "help me" is that case's own phrase); and the price of it, "цена", "price", as "сколько
# стоит" is: every product has one, so "price of the router" is the router's page; so is the fee,
# "плата", "абонплата", "fee": "абонплата на турбо" is the plan's price, not paying;
# "ни" is the particle "не" as written by ear ("мастер ни пришел") far more often than a "ни … ни";
# "сих", "пор" are "до сих пор", "still": how long it has gone on, not what ("пор" is no "порт");
# "самый" makes a superlative of the topic word after it, and "это самое" is a hesitation;
# "намного", "гораздо" only say how much ("намного ниже" is the speed, not "много");
# "тупо" is the spoken "just" ("тупо молчит"), though it stems like "тупит", a computer's lag;
# "другой", "another" only set the topic word after them apart: "на другой адрес" is a move;
# "виде" is «в виде», in the form of, no «видео»;
# "выбрать", "посоветуйте", "choose" ask which: "какой тариф выбрать на телефон" is the plans
# (a choice told, "выбрал тариф", is part of the story);
# "в курсе ли вы" asks whether the operator knows: «курсе» is the frame, no course of anything;
# "слушайте", "смотрите", "понимаете" turn to the operator: the caller's "не слушает" stays a topic)
# Quantifiers ("весь дом", "the whole building"): filler too, and never a translation of a topic
_QUANTIFIER_TEXT = """
    весь вся всё все всего всей всем всех всю всеми целый целом целиком whole entire all every any
    всякий всякая всякое всякие всякого всякой всякую всяких всяким всякими
"""
# The question and filler words of Ukrainian and Kazakh callers ("скільки", "қанша", "підкажіть",
# "коштують", "қандай", "керек"), and "since", "until" of a non-native English speaker ("must pay
# since monday", "money taken until now"): they frame the topic as the Russian ones do (and, as
# circumstance words below, weigh less still).
_REGIONAL_FILLER_TEXT = """
    скільки скіки скіко коштує як чому коли де чи є можна потрібно будь ласка
    який яка яке які яку якій куди навіщо треба хочемо підкажіть скажіть дякую коштують
    коштуватиме зараз вже ще дуже можете допоможіть досі ціна ціну ціни ціною проблеми просить
    просять питає питають попросив просив просила
    інший інша інше інші іншого іншу іншій допомогти питання дізнатися хотів хотіла
    баға бағасы басқа білгім
    қанша қалай қашан неге тұрады қандай қайда керек бар ма ме бола болады болмайды болды
    since until till
"""
# beginnings (3+ letters) of filler words and quantifiers: a word still being typed that may
# become one ("у всег…" is "у всего дома" on its way)
FILLER_PREFIXES = frozenset(w[:n] for w in (_FILLER_TEXT + fold(_QUANTIFIER_TEXT)).split()
                            for n in range(3, len(w) + 1))
QUANTIFIER_WORDS = frozenset(fold(_QUANTIFIER_TEXT).split())
FILLER_WHOLE_WORDS = (frozenset(fold(_FILLER_WHOLE_TEXT + _REGIONAL_FILLER_TEXT).split())
                      | QUANTIFIER_WORDS)
FILLER_WORDS = frozenset(_FILLER_TEXT.split()) | FILLER_WHOLE_WORDS

# English negations ("didn't" leaves "didn"; Russian "не" is a stop word, "нет" a topic word as
# in "нет звука"): they tell a situation apart
# ("won't let me speak"), but how rare a contraction is in the KB says nothing about the topic, so
# they weigh less than a topic word.
_NEGATION_TEXT = """
    not never don didn doesn isn wasn weren aren won wouldn couldn shouldn haven hasn hadn
    cannot dont didnt doesnt isnt wasnt werent arent wont wouldnt couldnt cant havent hasnt
"""
NEGATION_WORDS = frozenset(_NEGATION_TEXT.split())

# When and how often (and on which street): the circumstances of a request, not its subject. An
# article mentioning "tomorrow" or "twice" in passing is no answer to "call the client back
# tomorrow"; a rare circumstance word must not outweigh the topic, so it weighs like context.
_CIRCUMSTANCE_TEXT = """
    завтра сегодня вчера послезавтра утром вечером днем ночью утра вечера позже попозже
    потом дальше
    дважды трижды обеда обед обеду обедом
    today tomorrow yesterday tonight morning evening afternoon later twice thrice since until
    lunch noon
    street area neighbourhood neighborhood district работе роботі
    неделя неделю недели неделе недель неделей недельку назад
    понедельник понедельника понедельнику понедельнике вторник вторника вторнику вторнике
    среду среде четверг четверга четвергу четверге пятница пятницу пятницы пятнице
    суббота субботу субботы субботе воскресенье воскресенья воскресенью
    выходные выходных выходным выходными
    week weeks weekend weekends ago monday tuesday wednesday thursday friday saturday sunday
    тиждень тижня тижні тижнів тому понеділок понеділка вівторок вівторка четвер суботу неділю
    вихідні вихідних вчора сьогодні
    апта аптадан кеше бүгін ертең дүйсенбі сейсенбі сәрсенбі бейсенбі жұма сенбі жексенбі
    срочно срочный срочная срочное срочную urgent urgently asap терміново
    ранок ранку зранку вранці вечір вечора ввечері увечері пізніше згодом потім незабаром зараз
    щойно післязавтра суботу субота суботи неділя неділю п'ятниця п'ятницю
    таңертең кешке кешкі кейін кейінірек қазір сосын сенбіде жексенбіде жұмада
"""
# (weeks and weekdays, "назад", "ago", in Russian, English, Ukrainian and Kazakh: when a charge was
# taken or a visit was due, not what it was; "после обеда", "after lunch", when to call back, never
# a typo of "обида"; "на работе", where: never a typo of "не работает";
# "срочно", how soon: a router wanted urgently is still the router, and no emergency)
CIRCUMSTANCE_WORDS = frozenset(fold(_CIRCUMSTANCE_TEXT).split())

# "в прошлом месяце", "на этой неделе", "last month": a period named by its place in time is a
# circumstance as a whole ("месяц" alone stays a topic: "первый месяц за рубль", "в месяц")
_PERIOD_PLACE_TEXT = """
    прошлом прошлой прошлый прошлую прошлого прошлые этом этой эту этот следующем следующей
    следующую следующий позапрошлом минулого минулому минулий цього цьому наступного наступному
    last next
"""
PERIOD_PLACE_WORDS = frozenset(fold(_PERIOD_PLACE_TEXT).split())
_PERIOD_TEXT = """
    месяц месяце месяца году год года неделе неделю недели раз month week year time
    місяць місяці місяця році рік року тижні тижня тиждень
"""
PERIOD_WORDS = frozenset(fold(_PERIOD_TEXT).split())

# Words after which the rest of a query is the context of a request, not its subject: "просит
# директора по поводу возврата роутера" is about the manager, "орет из-за долга" about the
# shouting, "ребенок звонит про интернет" about the child. ("из-за" is two stop words: see
# :func:`context_starts`; so is "а то", the reason after a request: "перезвоните, а то я занят".)
CONTEXT_MARKERS = frozenset(
    ["про", "поводу", "насчет", "касательно", "about", "regarding", "because",
     "хотя", "хоча", "although"]  # ("видео зависает, хотя аварий нет": what it is in spite of)
)


# A complaint to file and what it is against: "жалобу на грубого мастера", "пожаловаться на
# монтажника", "complaint against the engineer" is about filing it; the rest is what it is about.
# (A caller who "жалуется на скорость" reports the speed: that verb stays out.)
_COMPLAINT_TEXT = """
    жалоба жалобу жалобы жалобой жаловаться пожаловаться нажаловаться претензия претензию
    претензии претензией скарга скаргу скаргою complaint complaints
"""
COMPLAINT_WORDS = frozenset(fold(_COMPLAINT_TEXT).split())
COMPLAINT_AGAINST = frozenset(["на", "against"])


# ... but what a caller thinks, asks or says about is what they ask ("so I'm thinking about your
# 500 plan, how much is it", «хочу узнать про тариф», «абонент сказал про пожар»)
ASKING_ABOUT = frozenset(fold("""
    узнать спросить уточнить подумать думаю подумываю думаем интересуюсь узнаю уточняю
    сказал сказала говорит говорил говорила слышал слышала слышали
    thinking think asking ask wondering wonder inquire enquire heard
""").split())


def context_starts(found: Sequence[str]) -> int | None:
    """The index in ``found`` (folded words, stop words included) after which the words are
    context (the word after a marker, after "из-за" or "а то", or after a complaint's "на"), or
    None."""
    for i, w in enumerate(found):
        if w in CONTEXT_MARKERS and i > 0 and found[i - 1] in ASKING_ABOUT:
            continue
        if w in CONTEXT_MARKERS or (i > 0 and (w, found[i - 1]) in (("за", "из"), ("то", "а"))):
            return i + 1
        if w in COMPLAINT_AGAINST and i > 0 and found[i - 1] in COMPLAINT_WORDS:
            return i + 1
    return None


# Verbs naming what the caller wants done: an article whose title or tags name the same action (a
# procedure) is preferred over the page of the object acted on ("обменять роутер"). (The
# imperatives of verbs in -сти have a stem of their own: "переведите" is no "перевести" to it.)
_ACTION_TEXT = """
    обменять поменять заменить вернуть сдать приостановить заморозить перенести переехать
    проверить расторгнуть отключить подключить оформить заказать оплатить пополнить
    заблокировать восстановить перезвонить доставить отследить отказаться перевести записать
    зарегистрировать подать пожаловаться сменить вызвать настроить забрать привязать
    продлить соединить переключить запланировать зафиксировать написать составить
    привезти
    обменивать возвращать сдавать приостанавливать замораживать переносить переезжать
    расторгать отключать подключать оформлять заказывать оплачивать блокировать восстанавливать
    перезванивать доставлять отслеживать отказываться записывать регистрировать подавать
    вызывать настраивать забирать привязывать продлевать переключать планировать фиксировать
    exchange swap replace return cancel terminate pause suspend freeze move check connect
    disconnect order pay block restore recover track transfer register file submit lodge
    complain change schedule reschedule collect link renew write
"""
ACTION_WORDS = frozenset(_ACTION_TEXT.split())

# Number words, read as the digits articles are written with ("сто мегабит" → "100 мегабит",
# "three hundred" → "300"). Values below 100 add up, "сто"…"девятьсот" add, "тысяча" and "hundred"
# multiply what came before (or 1).
def _forms(value: int, text: str) -> dict[str, int]:
    return {w: value for w in text.split()}


_ORDINAL_ENDINGS = ("ый", "ая", "ое", "ого", "ой", "ом", "ую", "ым", "ка", "ку", "ке", "ки")
_NUMBER_WORDS: dict[str, int] = {
    **_forms(1, "один одна одно одного одной одну one"),
    **_forms(2, "два две двух two"), **_forms(3, "три трех three"),
    **_forms(4, "четыре четырех four"), **_forms(5, "пять пяти five"),
    **_forms(6, "шесть шести six"), **_forms(7, "семь семи seven"),
    **_forms(8, "восемь восьми eight"), **_forms(9, "девять девяти nine"),
    **_forms(10, "десять десяти ten"), **_forms(11, "одиннадцать одиннадцати eleven"),
    **_forms(12, "двенадцать двенадцати twelve"), **_forms(13, "тринадцать тринадцати thirteen"),
    **_forms(14, "четырнадцать четырнадцати fourteen"),
    **_forms(15, "пятнадцать пятнадцати fifteen"), **_forms(16, "шестнадцать шестнадцати sixteen"),
    **_forms(17, "семнадцать семнадцати seventeen"),
    **_forms(18, "восемнадцать восемнадцати eighteen"),
    **_forms(19, "девятнадцать девятнадцати nineteen"),
    **_forms(20, "двадцать двадцати twenty"), **_forms(30, "тридцать тридцати thirty"),
    **_forms(40, "сорок сорока forty"), **_forms(50, "пятьдесят пятидесяти fifty полтинник"),
    **_forms(60, "шестьдесят шестидесяти sixty"), **_forms(70, "семьдесят семидесяти seventy"),
    **_forms(80, "восемьдесят восьмидесяти eighty"), **_forms(90, "девяносто ninety"),
    **_forms(100, "сто ста сотня сотню сотни сотка сотку сотки"),
    **_forms(200, "двести двухсот двумстам двумястами"),
    **_forms(300, "триста трехсот тремстам тремястами"),
    **_forms(400, "четыреста четырехсот четыремстам четырьмястами"),
    **_forms(500, "пятьсот пятисот пятистам пятьюстами полтысячи"),
    **_forms(600, "шестьсот шестисот шестистам шестьюстами"),
    **_forms(700, "семьсот семисот семистам семьюстами"),
    **_forms(800, "восемьсот восьмисот восьмистам восемьюстами восьмьюстами"),
    **_forms(900, "девятьсот девятисот девятистам девятьюстами"),
    # Ukrainian, as folded ("п'ятсот" is "пьятсот"), where no beginning of it is a Russian word
    # on its way ("сім…" is a SIM card, "дві…" «движение», "віс…" «висит», "чот…" «чото»)
    **_forms(5, "пьять"), **_forms(6, "шисть"), **_forms(9, "девьять"), **_forms(20, "двадцять"),
    **_forms(30, "тридцять"), **_forms(50, "пьятдесят"), **_forms(60, "шистдесят"),
    **_forms(90, "девьяносто"),
    **_forms(500, "пьятсот"), **_forms(600, "шистсот"), **_forms(900, "девьятсот"),
    # the hundreds as ordinals and their nouns: "на трёхсотом тарифе", "пятисотка"
    **{w: n for n, base in ((100, "сот"), (200, "двухсот"), (300, "трехсот"), (400, "четырехсот"),
                            (500, "пятисот"), (600, "шестисот"), (700, "семисот"),
                            (800, "восьмисот"), (900, "девятисот"))
       for w in _forms(n, " ".join(base + e for e in _ORDINAL_ENDINGS))},
}
_MULTIPLIERS: dict[str, int] = {
    **_forms(100, "hundred hundreds"),
    **_forms(1000, "тысяча тысячу тысячи тысяч тысячей тысяче тыща тыщу тыщи тыщей "
                   "thousand thousands тысячный тысячная тысячное тысячного тысячной тысячном "
                   "тысячную тысячка тысячку тисяча тисячи тисяч"),
}


def _spelling_key(word: str) -> str:
    """A Russian word as its Latin spelling reads back: no soft or hard sign, "ц" as "тс"."""
    return word.replace("ь", "").replace("ъ", "").replace("ц", "тс")


_SPELT_NUMBERS = {_spelling_key(w): w for table in (_NUMBER_WORDS, _MULTIPLIERS) for w in table
                  if not w.isascii()}


def spelt_number_word(word: str) -> str | None:
    """The Russian number word a Latin-letter word spells (``sto`` → ``сто``, ``pyatsot`` →
    ``пятьсот``: the soft sign has no letter), or None."""
    spelt = transliterate(word)
    return None if spelt == word else _SPELT_NUMBERS.get(_spelling_key(spelt))


MISTYPED_NUMBER_LETTERS = 5  # a shorter word one slip from a number word is as often another


@lru_cache(maxsize=4096)
def mistyped_number_word(word: str) -> str | None:
    """The number word ``word`` is one slip from (``пятьдестя`` → ``пятьдесят``, ``hundrd`` →
    ``hundred``), when it is one number for every such word and ``word`` has at least
    :data:`MISTYPED_NUMBER_LETTERS` letters; else None. The caller checks that ``word`` is no
    known word. Cached: any thread."""
    if len(word) < MISTYPED_NUMBER_LETTERS or not word.isalpha() or is_number_word(word):
        return None
    found = {near for near in edits1(word) if is_number_word(near)}
    return min(found) if _one_number(found) else None


def is_number_word(word: str) -> bool:
    """Whether a folded word is a number word (``сто``, ``тысячу``, ``hundred``)."""
    return word in _NUMBER_WORDS or word in _MULTIPLIERS


def complete_number_word(prefix: str) -> str | None:
    """The number word a typed beginning (3+ letters) must become, when all the number words it
    may become mean the same (``hund`` → ``hundred``, ``тыс`` → ``тысяча``; not ``пят``)."""
    if len(prefix) < 3:
        return None
    found = [w for table in (_NUMBER_WORDS, _MULTIPLIERS) for w in table if w.startswith(prefix)]
    return found[0] if _one_number(found) else None


def _one_number(found: Iterable[str]) -> bool:
    """Whether the number words ``found`` all say one number (none do not)."""
    meanings = {(w in _MULTIPLIERS, _MULTIPLIERS.get(w) or _NUMBER_WORDS.get(w)) for w in found}
    return len(meanings) == 1


def number_value(run: Sequence[str]) -> int | None:
    """The value of a run of number words (``["триста", "пятьдесят"]`` → 350), None if any word
    is not one or the run does not read as one number."""
    total = current = 0
    for w in run:
        if w in _MULTIPLIERS:
            m = _MULTIPLIERS[w]
            if m == 1000:
                total += max(current, 1) * m
                current = 0
            else:
                current = max(current, 1) * m
        elif w in _NUMBER_WORDS:
            current += _NUMBER_WORDS[w]
        else:
            return None
    value = total + current
    return value or None


_EN_KEYS = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`{}:\"<>~"
_RU_KEYS = "йцукенгшщзхъфывапролджэячсмитьбюёхъжэбюё"
EN_TO_RU = str.maketrans(dict(zip(_EN_KEYS, _RU_KEYS, strict=True)))
RU_TO_EN = str.maketrans({r: e for e, r in zip(_EN_KEYS[:33], _RU_KEYS[:33], strict=True)})

_local = threading.local()


def _stemmers() -> tuple[Stemmer.Stemmer, Stemmer.Stemmer]:
    pair = getattr(_local, "stemmers", None)
    if pair is None:
        pair = (Stemmer.Stemmer("russian"), Stemmer.Stemmer("english"))
        _local.stemmers = pair
    return pair


# A number written with thousands separators ("1 290 ₽", "3 900", English "4,500"): one number, as
# operators type it (a decimal comma has fewer digits after it: "1,5 Гбит/с")
_DIGIT_GROUP_RE = re.compile(r"(?<!\d)(\d{1,3})[ \u00a0\u202f,](?=\d{3}(?!\d))")


RUBLE_WORDS = frozenset(["ruble", "rubles", "rouble", "roubles"])


def words(text: str) -> list[str]:
    """Folded words of ``text`` in order (stop words included); a number's digit groups are one
    word ("1 290" and "1,290" → "1290")."""
    if " " in text or "," in text or "\u00a0" in text or "\u202f" in text:
        text = _DIGIT_GROUP_RE.sub(r"\1", text)
    if "₽" in text:
        text = text.replace("₽", " рубль ")  # "350 ₽" is what a caller says "350 рублей"
    folded = fold(text)
    found = WORD_RE.findall(folded)
    if "ruble" in folded or "rouble" in folded:
        # so is "350 rubles" in English: one word with the sign, whatever the language
        found = ["рубль" if w in RUBLE_WORDS else w for w in found]
    return found


def is_cyrillic(word: str) -> bool:
    return CYRILLIC_RE.search(word) is not None


# Word forms the Snowball stemmer folds into the stem of an unrelated word get a stem of their own:
# "долго", "долгий" (long) would be "долг" (debt), so a debt query would find every long story;
# "другой" (other) would be "друг" (friend). A form shared by both words ("долгом", "другом")
# stays with the noun. Changing this table changes stored
# stems, and so does the list of stop words: the store re-stems its articles in a schema upgrade
# (see kb.store).
_LONG_FORMS = """
    долго долгий долгая долгое долгие долгого долгой долгому долгую долгих долгим долгими подолгу
"""
_OTHER_FORMS = "другой другая другое другие другого другую других другим другими другому"
# Irregular words whose forms Snowball stems apart (a stem change, or a fleeting vowel in a stem too
# short for the rule below): a query in one form would miss an article written in another ("денег"
# and "деньги", "дня" and "день", "заём", which would stem as the stop word "за", and "займа";
# "село", a village, would be "сел", sat down, as in «голос сел»; "ждать" keeps no two forms
# alike, "жду", "ждем", "ждал", and the infinitive, filler in "сколько ждать", stays apart). Each
# line is the one stem every form gets, then the forms that do not stem to it already.
_IRREGULAR_TEXT = """
    деньг: денег
    ден: дня дню днем дне дни дней дням днями днях
    друг: друзья друзей друзьям друзьями друзьях
    врем: времени временем временам временами временах
    имен: имя имена
    дочер: дочь
    сын: сыновья сыновей сыновьям сыновьями сыновьях
    займ: заем
    хозяин: хозяева хозяев хозяевам хозяевами хозяевах
    отц: отец
    село: село села селу селом селе селам селами селах
    жда: жду ждешь ждет ждем ждете ждут ждал ждала ждало ждали жди ждите
"""
IRREGULAR_STEMS: dict[str, str] = {
    form: canonical.rstrip(":")
    for canonical, *forms in (line.split() for line in _IRREGULAR_TEXT.strip().splitlines())
    for form in forms
}
# Snowball reads every word ending in "-ыв" or "-ив" as a perfective gerund ("закрыв", "оплатив")
# and cuts it off, so nouns lose their root in the nominative alone: "обрыв" stems to "обр" but
# "обрыва" to "обрыв", "архив" to "арх", "отзыв" to "отз". The nouns of "рвать" and "звать" (and
# a few loanwords) are their own stem; the gerunds of "крыть", "бить", "платить" still read as
# their verbs.
_RIVEN_NOUNS = [f"{prefix}{root}" for root, prefixes in (
    ("рыв", "об раз пере с про над по от вз на под"),
    ("зыв", "от при по со"),
) for prefix in prefixes.split()] + [
    "архив", "актив", "мотив", "негатив", "позитив", "коллектив", "объектив", "детектив", "креатив"]
STEM_EXCEPTIONS: dict[str, str] = {
    **IRREGULAR_STEMS,
    **{w: w for w in _RIVEN_NOUNS},
    **{w: "долгий" for w in _LONG_FORMS.split()},  # long, not debt
    **{w: "другой" for w in _OTHER_FORMS.split()},  # other, not friend
    **{w: "business" for w in ("business", "businesses")},  # not "busy": both stem to "busi"
}


# The fleeting vowel of Russian words: "заявка" stems to "заявк" but "заявок" (of requests) to
# "заявок"; "звонка" to "звонк" but "звонок" to "звонок"; "владельца" to "владельц" but "владелец"
# to "владелец"; "пришла" to "пришл" but "пришел" to "пришел". A stem ending in a consonant, "о"
# or "е" and "к", or in "ец" (or "ьц"), or in "шел", drops that vowel (and soft sign), so every
# form of such a word has one stem. Words in "-йка" write it as "е" after a vowel ("настроек",
# "копеек" of "настройка", "копейка"): that "ек" is read back as "йк".
_FLEETING_RE = re.compile(
    r"(?<=[бвгджзклмнпрстфхцчшщ])[оеь](?=к$)"  # заявок, звонок; кошелек, кошелька
    r"|(?<=[бвгджзклмнпрстфхчшщ])[еь](?=ц$)"  # владелец, владельца
    r"|(?<=ш)е(?=л$)"  # пришел
)
_SHORT_I_RE = re.compile(r"(?<=[аеиоуыэюя])ек$")  # настроек, копеек
FLEETING_MIN = 5  # shorter stems keep their vowel ("урок", "блок", "отец")


# Verbs of the second conjugation keep the "я" of "-ят", "-ящий", "-ятся" ("звонят" → "звоня",
# "грузятся" → "грузя") but not of their other forms ("звонит" → "звон"): a stem ending in a
# consonant and "я" drops it. So does the "а" of an imperfective in "-чать", "-жать", "-шать",
# "-щать", whose perfective ends in "-ить" ("подключать" → "подключа", "подключить" →
# "подключ"): one verb to the operator, whichever aspect is typed (Snowball leaves no noun
# ending in "а" on a stem). Not in a short stem: "кач", "реш" would be whole words to the
# beginnings of many ("качество", "решение").
_VERB_YA_RE = re.compile(r"(?<=[бвгджзклмнпрстфхцчшщ])я$")
VERB_YA_MIN = 4
_HUSHING_A_RE = re.compile(r"(?<=[жчшщ])а$")
HUSHING_A_MIN = 6


# Prefixed verbs of "вести", "везти", "нести" change their root between forms, and Snowball leaves
# the endings of some on: "перевести" stems to "перевест", "переведите" to "перевед", "перевёл" to
# "перевел", "переведут" to "переведут". A query in one form would miss an article in another
# ("переведите в техподдержку" and «как перевести звонок»), so each takes one stem: the prefix and
# "вед", "вез" or "нес". Only after a verbal prefix: "вести" alone is the news, "известие" a notice.
# "перевес" is "перевести" being typed (the letters must go on reading as it); "повес…" is
# "повесить трубку", hanging up, and keeps its stem.
_PREFIXED_ROOT_RE = re.compile(
    r"(пере|при|про|под|от|за|до|вы|раз|рас|на|по|у|в|с)"
    r"(?:(ве)(?:ст|с|д|л|дет|дут|дем|дете)|(вез|нес)(?:т|л|ет|ут|ем|ете)?)")
# the last letters _settle may change
_SETTLE_ENDS = ("к", "ц", "л", "я", "а", "т", "д", "с", "з", "")


def _settle(stem: str) -> str:
    """A Russian stem without its fleeting vowel or verbal "я" or "а", and a prefixed "вести",
    "везти", "нести" with one root (see above)."""
    root = _PREFIXED_ROOT_RE.fullmatch(stem)
    if root is not None and not (root[1] == "по" and stem.endswith("с")):
        return root[1] + ("вед" if root[2] else root[3])
    if (len(stem) >= FLEETING_MIN or stem.endswith("шел")) and stem[-1] in "кцл":
        if _SHORT_I_RE.search(stem):
            return stem[:-2] + "йк"
        return _FLEETING_RE.sub("", stem)
    if len(stem) >= VERB_YA_MIN and stem.endswith("я"):
        return _VERB_YA_RE.sub("", stem)
    if len(stem) >= HUSHING_A_MIN and stem.endswith("а"):
        return _HUSHING_A_RE.sub("", stem)
    return stem


def stem(word: str) -> str:
    """The stem of one folded word: Russian rules for Cyrillic, English for Latin, digits as is."""
    ru, en = _stemmers()
    if word in STEM_EXCEPTIONS:
        return STEM_EXCEPTIONS[word]
    if is_cyrillic(word):
        return _settle(ru.stemWord(word))
    if LATIN_RE.search(word):
        return en.stemWord(word)
    return word


def stem_many(words: list[str], cyrillic: bool) -> list[str]:
    """Stems of many words of one script at once (one call into PyStemmer)."""
    ru, en = _stemmers()
    out = list((ru if cyrillic else en).stemWords(words))
    if not cyrillic:
        return [STEM_EXCEPTIONS.get(w, s) for w, s in zip(words, out, strict=True)]
    # most stems end in a letter _settle leaves alone: skip the call (typo scans stem hundreds
    # of one-edit variants per word)
    exceptions = STEM_EXCEPTIONS
    return [exceptions[w] if w in exceptions else _settle(s) if s[-1:] in _SETTLE_ENDS else s
            for w, s in zip(words, out, strict=True)]


@lru_cache(maxsize=65536)
def cached_stem(word: str) -> str:
    """:func:`stem` with a process-wide cache (snippets stem the same words again)."""
    return stem(word)


def stems(text: str) -> list[str]:
    """Stems of the meaningful words of ``text`` (stop words dropped), in order; each script's
    words are stemmed in one call (PyStemmer keeps its own cache of recent words)."""
    found = [w for w in words(text) if w not in STOP_WORDS]
    if not found:
        return found
    ru, en = _stemmers()
    cyrillic = [i for i, w in enumerate(found) if CYRILLIC_RE.search(w)]
    latin = [i for i, w in enumerate(found) if LATIN_RE.search(w) and not CYRILLIC_RE.search(w)]
    out = list(found)
    for indexes, stemmer in ((cyrillic, ru), (latin, en)):
        if indexes:
            for i, s in zip(indexes, stemmer.stemWords([found[i] for i in indexes]), strict=True):
                out[i] = s
    for i in cyrillic:
        w = found[i]
        if w in STEM_EXCEPTIONS:
            out[i] = STEM_EXCEPTIONS[w]
        elif out[i][-1:] in _SETTLE_ENDS:
            out[i] = _settle(out[i])
    for i in latin:
        out[i] = STEM_EXCEPTIONS.get(found[i], out[i])
    return out


def stem_text(parts: Iterable[str]) -> str:
    """Space-separated stems of several texts: the form the index and the fallback store keep."""
    return " ".join(s for part in parts for s in stems(part))


def query_language(text: str) -> str | None:
    """``"ru"`` or ``"en"`` by the majority script of ``text``; None without letters."""
    folded = fold(text)
    ru = len(CYRILLIC_RE.findall(folded))
    en = len(LATIN_RE.findall(folded))
    if ru == en == 0:
        return None
    return "ru" if ru >= en else "en"


def switch_layout(text: str) -> str:
    """``text`` as if typed on the other keyboard layout (``ntktajy`` → ``телефон``, ``ht,tyjr`` →
    ``ребенок``); the direction follows the majority script, punctuation keys included."""
    folded = text.lower()
    if query_language(folded) == "ru":
        return folded.translate(RU_TO_EN)
    return folded.translate(EN_TO_RU)


_TRANSLIT = [
    ("shch", "щ"), ("sch", "щ"), ("iy", "ий"), ("yy", "ый"), ("ch", "ч"), ("sh", "ш"), ("zh", "ж"),
    ("kh", "х"), ("ts", "ц"), ("yu", "ю"), ("ya", "я"), ("yo", "е"), ("ye", "е"), ("ja", "я"),
    ("ju", "ю"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"),
    ("z", "з"), ("i", "и"), ("j", "й"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
    ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"),
    ("h", "х"), ("c", "ц"), ("w", "в"), ("x", "кс"), ("q", "к"), ("y", "ы"),
]
_TRANSLIT_RE = re.compile("|".join(re.escape(latin) for latin, _ in _TRANSLIT))
_TRANSLIT_MAP = dict(_TRANSLIT)
VY_PREFIX = "vy"  # the common Russian prefix «вы» spelt in Latin letters


def transliterate(word: str) -> str:
    """A Latin-letter spelling of a Russian word read back in Cyrillic (``abonent`` → ``абонент``,
    ``domashniy`` → ``домашний``); words with other characters come back unchanged."""
    if not LATIN_RE.search(word) or CYRILLIC_RE.search(word):
        return word
    if word.startswith(VY_PREFIX) and len(word) > len(VY_PREFIX):
        # "vyezd", "vyehat": the prefix «вы», not «ве» of a "ye" read as one letter
        return "вы" + transliterate(word[len(VY_PREFIX):])
    return _TRANSLIT_RE.sub(lambda m: _TRANSLIT_MAP[m.group()], word)


def max_edits(word: str) -> int:
    """Typos tolerated in a word: none below 5 letters, one from 5, two from 8."""
    n = len(word)
    return 0 if n < 5 else 1 if n < 8 else 2


def edits1(word: str, start: int = 0) -> list[str]:
    """Every string one edit away (delete, adjacent transposition, substitution, insertion) in the
    word's own alphabet, at positions from ``start`` on, in that order (repeats kept). About
    70 × len(word) strings, built by comprehensions (a generator costs a resume per string).
    Pure: any thread."""
    alphabet = RU_ALPHABET if is_cyrillic(word) else EN_ALPHABET
    n = len(word)
    out = [word[:i] + word[i + 1 :] for i in range(start, n)]
    out += [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(start, n - 1)]
    out += [head + c + tail for head, tail in ((word[:i], word[i + 1 :]) for i in range(start, n))
            for c in alphabet]
    out += [head + c + tail for head, tail in ((word[:i], word[i:]) for i in range(start, n + 1))
            for c in alphabet]
    return out


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (an adjacent transposition is one edit) when it is at
    most ``limit``, else ``limit + 1``. Only the cells within ``limit`` of the diagonal are
    computed (any other one is already further than ``limit``), and it stops at the first row
    where every cell is. Pure: any thread."""
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return limit + 1
    if a == b:
        return 0
    far = limit + 1  # every value is capped here: "further than limit"
    prev2: list[int] = []
    prev = [j if j <= limit else far for j in range(lb + 1)]
    for i in range(1, la + 1):
        cur = [far] * (lb + 1)
        if i <= limit:
            cur[0] = i
        best = cur[0]
        ai = a[i - 1]
        for j in range(max(1, i - limit), min(lb, i + limit) + 1):
            v = prev[j - 1] + (ai != b[j - 1])
            if prev[j] + 1 < v:
                v = prev[j] + 1
            if cur[j - 1] + 1 < v:
                v = cur[j - 1] + 1
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == b[j - 1] and prev2[j - 2] + 1 < v:
                v = prev2[j - 2] + 1
            cur[j] = v if v < far else far
            if v < best:
                best = v
        if best > limit:
            return far
        prev2, prev = prev, cur
    return prev[lb]


# How Russian words written by ear go wrong: unstressed "о" written "а" and back, "е" and "и"
# swapped, "ё" after a hushing consonant written "о" (прешол), a consonant doubled or not (медлено),
# "тся" and "ться" confused, a voiced consonant at the end written voiceless and back
_HEARD_VOWELS = {"а": "о", "о": "а", "е": "и", "и": "е"}
_HUSHING = "жшчщ"
_FINAL_ALIKE = {a: b for pair in ("бп", "вф", "гк", "дт", "жш", "зс")
                for a, b in (tuple(pair), tuple(pair[::-1]))}
RU_VOWELS = "аеёиоуыэюя"
HEARD_SPELLINGS_CAP = 256  # spellings tried per word; past it, doubled consonants are not tried


def heard_spellings(word: str) -> list[str]:
    """Spellings a Russian word written by ear may stand for (the word itself left out): every
    mix of the sound-alike readings above, each letter read as written or as it sounds. At most
    :data:`HEARD_SPELLINGS_CAP`; a word that is not Cyrillic has none. Pure: any thread."""
    if not is_cyrillic(word) or LATIN_RE.search(word):
        return []
    end: tuple[str, ...]
    if word.endswith("ться"):
        word, end = word[:-4], ("ться", "тся")
    elif word.endswith("тся"):
        word, end = word[:-3], ("тся", "ться")
    else:
        end = ("",)
    n = len(word)

    def options(doubling: bool) -> list[tuple[str, ...]]:
        out: list[tuple[str, ...]] = []
        for i, c in enumerate(word):
            alike = [c]
            if c in _HEARD_VOWELS:
                alike.append(_HEARD_VOWELS[c])
            if c == "о" and i and word[i - 1] in _HUSHING:
                alike.append("е")
            if i == n - 1 and end == ("",) and c in _FINAL_ALIKE:
                alike.append(_FINAL_ALIKE[c])
            if i and word[i - 1] == c and c not in RU_VOWELS:
                alike.append("")  # a doubled consonant written once
            elif (doubling and 0 < i < n - 1 and c not in RU_VOWELS and word[i - 1] in RU_VOWELS
                  and word[i + 1] in RU_VOWELS):
                alike.append(c + c)  # a consonant between vowels written once for two
            out.append(tuple(alike))
        return out

    chosen = options(True)
    if len(end) * math.prod(map(len, chosen)) > HEARD_SPELLINGS_CAP:
        chosen = options(False)
    spellings = ["".join(p) + e for p in itertools.islice(
        itertools.product(*chosen), HEARD_SPELLINGS_CAP) for e in end]
    return [s for s in dict.fromkeys(spellings) if s != word + end[0]]
