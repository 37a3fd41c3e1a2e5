"""Synthetic Russian/English knowledge bases and operator query mixes for the KB benchmarks.

    python benchmarks/kb_corpus.py [--size 10000] [--queries 200] [--out benchmarks/out]

writes ``corpus-<size>.jsonl`` (one article per line) and ``queries-<size>.tsv`` (kind, query, slug)
into the (git-ignored) output folder. Everything is derived from a fixed seed, so two runs give the
same files. About 80 % of the articles are Russian; their words follow a Zipf distribution over a
vocabulary of real call-center words plus pseudo-words with real inflection endings, so stems,
typos and rare terms behave as in a real KB. Query kinds: ``plain`` (two or three inflected words
from one article), ``prefix`` (the last word cut short, as while typing), ``typo`` (one edit in a
word of 5+ letters, transpositions included) and ``layout`` (typed on the other keyboard layout).
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

from kb.analysis import switch_layout
from kb.model import Article

SEED = 20240501
OUT = Path(__file__).resolve().parent / "out"

_RU_TEXT = """
абонент оператор звонок телефон номер договор тариф услуга интернет роутер подключение оплата
счет баланс задолженность жалоба претензия возврат деньги доставка курьер заказ товар гарантия
ремонт мастер заявка отмена перенос адрес квартира дом подъезд скорость сигнал кабель приставка
телевидение канал пакет подписка акция скидка бонус карта банк платеж перевод квитанция пароль
личный кабинет приложение сообщение уведомление смс почта сайт ошибка сбой авария отключение
восстановление проверка статус время срок день неделя месяц руководство директор начальник
супервайзер отдел поддержка специалист консультация вопрос ответ решение проблема ситуация
клиент ребенок родитель взрослый голос связь линия тишина помощь служба экстренный медленно
быстро громко тихо вежливо спокойно агрессивный грубый угроза оскорбление реклама предложение
покупка продажа оборудование модем антенна пульт экран изображение звук настройка перезагрузка
устройство смартфон компьютер ноутбук сеть провайдер технология оптика кабельный беспроводной
роуминг минута пакетный трафик гигабайт мегабит безлимитный семейный домашний мобильный
"""
RU_WORDS = _RU_TEXT.split()

RU_SYLLABLES_C = "бвгджзклмнпрстфхцчшщ"
RU_SYLLABLES_V = "аеиоуыяю"
RU_NOUN_ENDINGS = ["", "а", "у", "ом", "ы", "е", "ов", "ами", "ах", "ой", "и", "ей"]
RU_ADJ_ENDINGS = ["ый", "ая", "ое", "ые", "ого", "ому", "ой", "ую", "ых", "ыми"]
RU_VERB_ENDINGS = ["ать", "ает", "ают", "ал", "ала", "али", "аем", "ает"]

_EN_TEXT = """
caller operator call phone number contract plan service internet router connection payment bill
balance debt complaint refund money delivery courier order product warranty repair technician
request cancel move address speed signal cable box television channel package subscription
discount bonus card bank transfer password account app message notification email website error
outage restore check status time week month manager director supervisor department support
specialist question answer problem situation customer child parent adult voice line silence help
emergency slowly quickly loudly politely calmly aggressive rude threat insult advertising offer
"""
EN_WORDS = _EN_TEXT.split()
EN_SYLLABLES_C = "bcdfghklmnprstvwz"
EN_SYLLABLES_V = "aeiou"
EN_ENDINGS = ["", "s", "ed", "ing", "er", "ers", "ly", "tion"]


def _pseudo(rng: random.Random, consonants: str, vowels: str, syllables: int) -> str:
    return "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(syllables)) + (
        rng.choice(consonants) if rng.random() < 0.6 else ""
    )


def _vocabulary(rng: random.Random, lang: str, size: int) -> list[str]:
    """Lemmas, most frequent first: real words, then pseudo-words."""
    real = RU_WORDS if lang == "ru" else EN_WORDS
    seen = set(real)
    vocab = list(real)
    while len(vocab) < size:
        if lang == "ru":
            w = _pseudo(rng, RU_SYLLABLES_C, RU_SYLLABLES_V, rng.randint(2, 4))
        else:
            w = _pseudo(rng, EN_SYLLABLES_C, EN_SYLLABLES_V, rng.randint(1, 3))
        if w not in seen:
            seen.add(w)
            vocab.append(w)
    return vocab


class _Language:
    def __init__(self, rng: random.Random, lang: str, size: int) -> None:
        self.rng = rng
        self.lang = lang
        self.vocab = _vocabulary(rng, lang, size)
        self.weights = [1.0 / (rank + 10) ** 1.05 for rank in range(len(self.vocab))]
        self.cum = []
        total = 0.0
        for w in self.weights:
            total += w
            self.cum.append(total)

    def lemmas(self, k: int) -> list[str]:
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=k)

    def inflect(self, lemma: str) -> str:
        rng = self.rng
        if self.lang == "en":
            return lemma + (rng.choice(EN_ENDINGS) if rng.random() < 0.4 else "")
        if lemma in RU_WORDS or rng.random() < 0.5:
            if lemma[-1] in "аеиоуыяюь":
                return lemma
            return lemma + rng.choice(RU_NOUN_ENDINGS)
        kind = rng.random()
        if kind < 0.6:
            return lemma + rng.choice(RU_NOUN_ENDINGS)
        if kind < 0.8:
            return lemma + rng.choice(RU_ADJ_ENDINGS)
        return lemma + rng.choice(RU_VERB_ENDINGS)

    def words(self, k: int) -> list[str]:
        return [self.inflect(w) for w in self.lemmas(k)]

    def sentence(self) -> str:
        ws = self.words(self.rng.randint(5, 14))
        return ws[0].capitalize() + " " + " ".join(ws[1:]) + "."


def generate_articles(size: int, seed: int = SEED) -> Iterator[Article]:
    """``size`` articles, deterministic for a seed."""
    rng = random.Random(seed)
    langs = {"ru": _Language(rng, "ru", 20000), "en": _Language(rng, "en", 8000)}
    kinds = ["product"] * 6 + ["procedure"] * 3 + ["difficult-case"]
    for i in range(size):
        lang = "ru" if rng.random() < 0.8 else "en"
        g = langs[lang]
        paragraphs = []
        for _ in range(rng.randint(3, 8)):
            paragraphs.append(" ".join(g.sentence() for _ in range(rng.randint(2, 6))))
        yield Article(
            slug=f"article-{i:06d}",
            kind=rng.choice(kinds),
            lang=lang,
            title=" ".join(g.words(rng.randint(3, 7))).capitalize(),
            body="\n\n".join(paragraphs),
            tags=[" ".join(g.words(rng.randint(1, 2))) for _ in range(rng.randint(1, 4))],
            synonyms=[" ".join(g.words(rng.randint(1, 3))) for _ in range(rng.randint(0, 3))],
            replies=[g.sentence() for _ in range(rng.randint(0, 2))],
        )


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(len(word) - 1)
    op = rng.randrange(4)
    if op == 0:
        return word[:i] + word[i + 1 :]
    if op == 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    alphabet = "абвгдежзийклмнопрстуфхцчшщыьэюя" if word[0] >= "а" else "abcdefghijklmnopqrstuvwxyz"
    c = rng.choice(alphabet)
    if op == 2:
        return word[:i] + c + word[i + 1 :]
    return word[:i] + c + word[i:]


def generate_queries(
    articles: list[Article], per_kind: int, seed: int = SEED
) -> list[tuple[str, str, str]]:
    """(kind, query, slug of the article it was drawn from) for the four query kinds."""
    rng = random.Random(seed + 1)
    out: list[tuple[str, str, str]] = []
    for kind in ("plain", "prefix", "typo", "layout"):
        made = 0
        while made < per_kind:
            a = rng.choice(articles)
            pool = [w.strip(".,").lower() for w in (a.title + " " + a.body).split()]
            pool = [w for w in pool if len(w) >= 3]
            if len(pool) < 3:
                continue
            words = rng.sample(pool, rng.randint(2, 3))
            if kind == "prefix":
                last = words[-1]
                words[-1] = last[: max(2, min(len(last) - 1, rng.randint(2, 6)))]
            elif kind == "typo":
                long_words = [i for i, w in enumerate(words) if len(w) >= 5]
                if not long_words:
                    continue
                i = rng.choice(long_words)
                words[i] = _typo(rng, words[i])
            query = " ".join(words)
            if kind == "layout":
                query = switch_layout(query)
            out.append((kind, query, a.slug))
            made += 1
    return out


def corpus_files(size: int, per_kind: int = 200, out: Path = OUT) -> tuple[Path, Path]:
    """Write (or reuse) the corpus and query files for ``size``; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    corpus = out / f"corpus-{size}.jsonl"
    queries = out / f"queries-{size}-{per_kind}.tsv"
    if not corpus.exists():
        tmp = corpus.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as f:
            for a in generate_articles(size):
                f.write(json.dumps(asdict(a), ensure_ascii=False) + "\n")
        tmp.replace(corpus)
    if not queries.exists():
        articles = list(load_articles(corpus))
        with queries.open("w", encoding="utf-8") as f:
            for kind, q, slug in generate_queries(articles, per_kind):
                f.write(f"{kind}\t{q}\t{slug}\n")
    return corpus, queries


def load_articles(path: Path) -> Iterator[Article]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            yield Article(**json.loads(line))


def load_queries(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        kind, query, slug = line.split("\t")
        rows.append((kind, query, slug))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, action="append", help="articles (repeatable)")
    parser.add_argument("--queries", type=int, default=200, help="queries per kind")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    for size in args.size or [1000]:
        corpus, queries = corpus_files(size, args.queries, args.out)
        words = sum(len((a.title + " " + a.body).split()) for a in load_articles(corpus))
        print(f"{size} articles ({words} words): {corpus}\n{len(load_queries(queries))} "
              f"queries: {queries}")


if __name__ == "__main__":
    main()
