"""The SQLite store: migrations, generations, tombstones."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kb import store as store_module
from kb.model import Article
from kb.store import SCHEMA_VERSION, Store


def test_fresh_store_is_migrated_to_the_current_schema(tmp_path: Path) -> None:
    s = Store(tmp_path / "kb.sqlite")
    assert s.schema_version == SCHEMA_VERSION
    assert s.generation == 0 and s.revision == 0
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    s.close()


def test_a_failing_upgrade_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "kb.sqlite"
    Store(path).close()

    def broken_upgrade(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("upgrade failed")

    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, broken_upgrade])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError, match="upgrade failed"):
        Store(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in names
    conn.close()


def test_an_upgrade_restems_every_article_and_stamps_it(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    s = Store(path)
    with s.transaction() as g1:
        s.upsert(Article("story", "difficult-case", "ru", "Долгая предыстория",
                         body="Абонент долго рассказывает"), g1, stamp=True)
        s.upsert(Article("debt", "product", "ru", "Долг и баланс"), g1, stamp=True)
    # as an older analysis stored them: "долго" stemmed as "долг"
    s.conn.execute("UPDATE article_terms SET head = 'долг предыстор', body = 'абонент долг "
                   "рассказыва' WHERE rowid = (SELECT id FROM articles WHERE slug = 'story')")
    s.conn.execute("PRAGMA user_version = 1")
    s.close()
    s = Store(path)
    assert s.schema_version == SCHEMA_VERSION
    rows = {r.slug: r for r in s.term_rows()}
    assert rows["story"].head == "долгий предыстор"
    assert rows["story"].body == "абонент долгий рассказыва"
    assert rows["debt"].head == "долг баланс"
    # the index, behind by a generation per re-stemming upgrade, replays every article
    assert s.generation == g1 + SCHEMA_VERSION - 1
    assert {r.slug for r in s.term_rows(since_gen=g1)} == {"story", "debt"}
    assert s.check() == []
    s.close()


def test_generations_stamp_changes_and_tombstones(tmp_path: Path) -> None:
    s = Store(tmp_path / "kb.sqlite")
    with s.transaction() as g1:
        s.upsert(Article("a", "product", "ru", "Первая"), g1, stamp=True)
        s.upsert(Article("b", "product", "ru", "Вторая"), g1, stamp=True)
    with s.transaction() as g2:
        s.upsert(Article("a", "product", "ru", "Первая, исправленная"), g2, stamp=True)
        assert s.delete("b", "ru", g2) is True
        assert s.delete("missing", "ru", g2) is False
    assert (g1, g2) == (1, 2) and s.generation == 2
    assert [r.slug for r in s.term_rows(since_gen=g1)] == ["a"]
    assert s.tombstones_since(g1) == [("b", "ru")]
    assert s.tombstones_since(g2) == []
    with s.transaction() as g3:
        s.upsert(Article("b", "product", "ru", "Снова"), g3, stamp=True)
    assert s.tombstones_since(0) == []  # re-created: no longer a tombstone
    assert s.check() == []
    s.close()


def test_a_failed_transaction_changes_nothing(tmp_path: Path) -> None:
    s = Store(tmp_path / "kb.sqlite")
    with pytest.raises(ZeroDivisionError), s.transaction() as gen:
        s.upsert(Article("a", "product", "ru", "Первая"), gen, stamp=True)
        _ = 1 / 0
    assert s.count() == 0 and s.generation == 0
    s.close()


def test_vocabulary_counts_articles_per_stem(tmp_path: Path) -> None:
    s = Store(tmp_path / "kb.sqlite")
    with s.transaction() as gen:
        phone = Article("a", "product", "ru", "Телефон", body="телефона телефоны")
        s.upsert(phone, gen, stamp=True)
        s.upsert(Article("b", "product", "ru", "Роутер", body="и телефон"), gen, stamp=True)
    vocab = dict(s.vocabulary())
    assert vocab["телефон"] == 2 and vocab["роутер"] == 1
    assert "и" not in vocab
    s.close()


def test_the_numbers_of_numbered_steps_are_not_indexed(tmp_path: Path) -> None:
    s = Store(tmp_path / "kb.sqlite")
    with s.transaction() as gen:
        s.upsert(Article("steps", "procedure", "ru", "Шаги",
                         body="1. Назовите тариф 300.\n  2) Перезвоните после 6 вечера.\n"
                              "3 дня на возврат"), gen, stamp=True)
    (row,) = s.term_rows()
    # the steps' own numbers are gone; a number the text speaks of stays, at a line start too
    assert row.body.split() == ["назов", "тариф", "300", "перезвон", "посл", "6", "вечер",
                                "3", "ден", "возврат"]
    s.close()
