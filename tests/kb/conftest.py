"""Shared fixtures for the knowledge-base tests: small Russian/English articles and opened KBs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.knowledge_base import KnowledgeBase
from kb.model import Article


def fixture_articles() -> list[Article]:
    """A tiny KB written for the tests (independent of the bundled default content)."""
    return [
        Article(
            slug="phone-broken",
            kind="product",
            lang="ru",
            title="Не работает телефон",
            tags=["телефон", "поломка"],
            body="Если телефон не включается, попросите абонента зарядить аккумулятор. "
            "Проверьте, что SIM-карта вставлена. Ремонт телефонов — в сервисном центре.",
        ),
        Article(
            slug="phone-broken",
            kind="product",
            lang="en",
            title="The phone does not work",
            tags=["phone", "broken"],
            body="If the phone does not switch on, ask the caller to charge the battery.",
        ),
        Article(
            slug="child-caller",
            kind="difficult-case",
            lang="ru",
            title="Звонит ребёнок",
            tags=["ребенок", "дети"],
            synonyms=["несовершеннолетний", "школьник на линии"],
            body="Говорите просто и доброжелательно. Попросите позвать взрослого.",
            replies=["Позови, пожалуйста, маму или папу."],
            actions=[{"type": "hold"}],
        ),
        Article(
            slug="child-caller",
            kind="difficult-case",
            lang="en",
            title="A child is calling",
            tags=["child", "kid"],
            body="Speak simply and kindly. Ask the child to call an adult.",
        ),
        Article(
            slug="complaint",
            kind="difficult-case",
            lang="ru",
            title="Агрессивная жалоба",
            tags=["жалоба", "претензия"],
            body="Абонент кричит и требует вернуть деньги за товар. Выслушайте и оформите жалобу.",
        ),
        Article(
            slug="delivery",
            kind="procedure",
            lang="ru",
            title="Доставка заказа",
            tags=["доставка", "курьер"],
            body="Курьер привозит заказ в течение трёх дней. Про жалобу на курьера — отдельная "
            "статья. Телефон службы доставки есть в карточке заказа.",
        ),
        Article(
            slug="emergency",
            kind="difficult-case",
            lang="ru",
            title="Нужна экстренная помощь",
            tags=["экстренные службы"],
            body="Переведите звонок в экстренные службы (112). Не кладите трубку.",
        ),
        Article(
            slug="swearing",
            kind="difficult-case",
            lang="ru",
            title="Нецензурная брань",
            body="Предупредите абонента один раз, затем завершите разговор.",
        ),
        Article(
            slug="markup",
            kind="procedure",
            lang="ru",
            title="Разметка <script> & «кавычки»",
            body="Текст с <b>тегами</b> & амперсандом: разметка должна экранироваться.",
        ),
    ]


def open_kb(home: Path, articles: list[Article] | None = None) -> KnowledgeBase:
    """A KB in ``home`` holding ``articles`` (the fixture set by default), index ready."""
    kb = KnowledgeBase.open(home, seed=False)
    kb.apply_changes(fixture_articles() if articles is None else articles, [], revision=1)
    assert kb.wait_until_ready(60)
    return kb


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    """One KB with the fixture articles, shared by a test module (tests must not modify it)."""
    base = open_kb(tmp_path_factory.mktemp("kb"))
    base.set_synonym_sets([["мат", "нецензурная брань"], ["112", "мчс", "экстренные службы"]])
    yield base
    base.close()
