"""The knowledge base's life cycle: writes, revisions, recovery of the derived index, threads."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from kb.index import INDEX_SCHEMA_VERSION, MARKER_FILE
from kb.knowledge_base import KnowledgeBase, check_home
from kb.model import Article
from kb.store import STORE_FILE, Store, StoreError
from tests.kb.conftest import fixture_articles, open_kb


@pytest.fixture()
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def test_save_is_searchable_when_it_returns(home: Path) -> None:
    with open_kb(home) as kb:
        saved = kb.save(Article("router", "product", "ru", "Роутер мигает красным",
                                body="Перезагрузите маршрутизатор."))
        assert saved.updated and saved.updated.endswith("Z")
        assert kb.search("маршрутизатор ").hits[0].slug == "router"
        kb.save(replace(saved, title="Роутер не раздаёт wi-fi", body="Проверьте кабель."))
        assert kb.search("маршрутизатор ").hits == ()
        assert kb.get("router", "ru").title == "Роутер не раздаёт wi-fi"  # type: ignore[union-attr]
        assert kb.delete("router", "ru") is True
        assert kb.delete("router", "ru") is False
        assert kb.get("router", "ru") is None
        assert kb.search("роутер ").hits == ()


def test_save_rejects_invalid_articles(home: Path) -> None:
    with open_kb(home) as kb:
        for bad in (Article("x", "nonsense", "ru", "t"), Article("x", "product", "de", "t"),
                    Article("Bad Slug", "product", "ru", "t"), Article("x", "product", "ru", " "),
                    Article("x", "product", "ru", "t", actions=[{"type": "explode"}])):
            with pytest.raises(ValueError):
                kb.save(bad)
        assert kb.get("x", "ru") is None


def test_articles_lists_by_kind_and_language(home: Path) -> None:
    with open_kb(home) as kb:
        assert {a.slug for a in kb.articles(kind="procedure")} == {"delivery", "markup"}
        assert {a.lang for a in kb.articles(lang="en")} == {"en"}
        assert len(kb.articles()) == len(fixture_articles())


def test_apply_changes_is_all_or_nothing(home: Path) -> None:
    with open_kb(home) as kb:
        assert kb.revision == 1
        good = Article("new", "product", "ru", "Новая статья про тариф")
        bad = Article("broken", "product", "xx", "Сломанная")
        with pytest.raises(ValueError):
            kb.apply_changes([good, bad], [("complaint", "ru")], revision=2)
        assert kb.revision == 1
        assert kb.get("new", "ru") is None and kb.get("complaint", "ru") is not None
        kb.apply_changes([good], [("complaint", "ru")], revision=2)
        assert kb.revision == 2
        assert kb.get("complaint", "ru") is None
        assert kb.search("тариф ").hits[0].slug == "new"
        assert "complaint" not in [h.slug for h in kb.search("жалоба ").hits]


def test_apply_changes_keeps_the_updated_stamp(home: Path) -> None:
    with open_kb(home) as kb:
        a = Article("dated", "product", "en", "Dated", updated="2024-01-02T03:04:05Z")
        kb.apply_changes([a], [], revision=5)
        assert kb.get("dated", "en").updated == "2024-01-02T03:04:05Z"  # type: ignore[union-attr]


def test_fresh_home_is_seeded_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "assets" / "kb" / "cases"
    content.mkdir(parents=True)
    (content / "seed.ru.md").write_text(
        "---\nslug: seed\nkind: difficult-case\nlang: ru\ntitle: Посевная статья\n---\nТекст.\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SUFLER_ASSETS", str(tmp_path / "assets"))
    home = tmp_path / "home"
    with KnowledgeBase.open(home) as kb:
        assert [a.slug for a in kb.articles()] == ["seed"]
        kb.delete("seed", "ru")
    with KnowledgeBase.open(home) as kb:
        assert kb.articles() == []  # a deliberately emptied KB stays empty


def test_missing_index_is_rebuilt_while_the_store_answers(home: Path) -> None:
    open_kb(home).close()
    for f in (home / "index").iterdir():
        f.unlink()
    with KnowledgeBase.open(home, seed=False) as kb:
        first = kb.search("телефон ")
        if kb.index_state == "rebuilding":
            assert first.rebuilding
        assert first.hits[0].slug == "phone-broken"  # from the store's fallback or the new index
        assert kb.wait_until_ready(60)
        after = kb.search("телефон ")
        assert not after.rebuilding and after.hits[0].slug == "phone-broken"


def test_fallback_search_handles_the_same_plans(home: Path) -> None:
    with open_kb(home) as kb:
        kb._index = None  # what searches see during a rebuild
        kb._state = "rebuilding"
        for query, slug in (("телефона ", "phone-broken"), ("ntktajy", "phone-broken"),
                            ("жлаоба ", "complaint"), ("ребе", "child-caller")):
            result = kb.search(query)
            assert result.rebuilding
            assert result.hits[0].slug == slug, query


def test_truncated_segment_is_reported_and_rebuilt(home: Path) -> None:
    open_kb(home).close()
    assert check_home(home).ok
    segments = sorted((home / "index").glob("*.seg"))
    assert segments
    with segments[0].open("r+b") as f:
        f.truncate(max(1, segments[0].stat().st_size // 2))
    report = check_home(home)
    assert not report.ok
    assert any("index" in p for p in report.problems)
    with KnowledgeBase.open(home, seed=False) as kb:
        assert kb.wait_until_ready(60)
        assert kb.search("телефон ").hits[0].slug == "phone-broken"
    assert check_home(home).ok


def test_index_of_another_schema_is_rebuilt(home: Path) -> None:
    open_kb(home).close()
    marker = home / "index" / MARKER_FILE
    text = marker.read_text()
    marker.write_text(text.replace(f'"schema": {INDEX_SCHEMA_VERSION}', '"schema": 999'))
    assert not check_home(home).ok
    with KnowledgeBase.open(home, seed=False) as kb:
        assert kb.wait_until_ready(60)
        assert kb.search("ребенок ").hits[0].slug == "child-caller"


def test_a_kb_built_by_the_older_analysis_is_restemmed_and_finds_the_other_form(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index of the stems before the irregular-word table (store schema 3, index schema 4) is
    rebuilt on open, and a query in one form of an irregular word finds an article in another."""
    import kb.analysis as analysis
    import kb.index as index_module
    import kb.store as store_module

    daily = Article("daily", "product", "ru", "Пауза до семи дней", body="Дни паузы бесплатны.")
    with monkeypatch.context() as old:
        old.setattr(analysis, "STEM_EXCEPTIONS", {
            w: s for w, s in analysis.STEM_EXCEPTIONS.items() if w not in analysis.IRREGULAR_STEMS})
        old.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:3])
        old.setattr(store_module, "SCHEMA_VERSION", 3)
        old.setattr(index_module, "INDEX_SCHEMA_VERSION", 4)
        analysis.cached_stem.cache_clear()
        with open_kb(home, [daily]) as kb:
            assert kb.search("день ").hits == ()  # "день", "дней", "дни" stemmed apart
    analysis.cached_stem.cache_clear()
    assert not check_home(home).ok  # the marker names the older index schema
    with KnowledgeBase.open(home, seed=False) as kb:
        assert kb.wait_until_ready(60)
        assert [h.slug for h in kb.search("день ").hits] == ["daily"]
    marker = (home / "index" / MARKER_FILE).read_text()
    assert f'"schema": {INDEX_SCHEMA_VERSION}' in marker
    assert check_home(home).ok


def test_a_kb_built_before_ukrainian_letters_folded_is_restemmed_to_the_russian_words(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An article an editor wrote with Ukrainian letters, stored by the analysis that kept them
    (store schema 4, index schema 5), is re-stemmed on open: its stems are the Russian words."""
    import kb.analysis as analysis
    import kb.index as index_module
    import kb.store as store_module

    kyiv = Article("kyiv", "product", "ru", "Інтернет у Київі", body="Підключення за добу.")
    with monkeypatch.context() as old:
        old.setattr(analysis, "_FOLD_REGIONAL", {})
        old.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:4])
        old.setattr(store_module, "SCHEMA_VERSION", 4)
        old.setattr(index_module, "INDEX_SCHEMA_VERSION", 5)
        analysis.cached_stem.cache_clear()
        with open_kb(home, [kyiv]):
            pass
    analysis.cached_stem.cache_clear()
    with KnowledgeBase.open(home, seed=False) as kb:
        assert kb.wait_until_ready(60)
        assert [h.slug for h in kb.search("интернет киев").hits] == ["kyiv"]
    conn = sqlite3.connect(home / STORE_FILE)
    head = conn.execute("SELECT head FROM article_terms").fetchone()[0]
    conn.close()
    assert "интернет" in head.split() and "інтернет" not in head


def test_index_behind_the_store_catches_up(home: Path) -> None:
    """A crash after the SQLite commit and before the index commit loses nothing."""
    open_kb(home).close()
    store = Store(home / STORE_FILE)
    with store.transaction() as gen:
        store.upsert(Article("late", "product", "ru", "Статья после сбоя"), gen, stamp=True)
        store.delete("complaint", "ru", gen)
    store.close()
    report = check_home(home)
    assert report.ok and any("behind" in n for n in report.notes)
    with KnowledgeBase.open(home, seed=False) as kb:
        assert kb.wait_until_ready(60)
        assert kb.search("сбоя ").hits[0].slug == "late"
        assert "complaint" not in [h.slug for h in kb.search("жалоба ").hits]
    assert check_home(home).ok


def test_store_from_a_newer_version_is_refused(home: Path) -> None:
    open_kb(home).close()
    conn = sqlite3.connect(home / STORE_FILE)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        KnowledgeBase.open(home)


def test_corrupt_store_is_reported(home: Path) -> None:
    home.mkdir(parents=True)
    (home / STORE_FILE).write_bytes(b"this is not a database" * 100)
    assert not check_home(home).ok
    with pytest.raises(StoreError):
        KnowledgeBase.open(home)


def test_reindex(home: Path) -> None:
    with open_kb(home) as kb:
        kb.reindex()
        assert kb.index_state == "ready"
        assert kb.stats()["index_documents"] == len(fixture_articles())


def test_concurrent_searches_during_updates(home: Path) -> None:
    with open_kb(home) as kb:
        errors: list[BaseException] = []
        stop = threading.Event()

        def searcher() -> None:
            try:
                while not stop.is_set():
                    hits = kb.search("телефон ").hits
                    assert hits and hits[0].slug == "phone-broken"
                    kb.search("ntktajy")
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=searcher) for _ in range(4)]
        for t in threads:
            t.start()
        for i in range(25):
            kb.save(Article(f"extra-{i}", "product", "ru", f"Дополнительная статья {i}",
                            body="Про тарифы и роутеры."))
            if i % 5 == 4:
                kb.delete(f"extra-{i - 1}", "ru")
        stop.set()
        for t in threads:
            t.join()
        assert errors == []
        assert len(kb.search("дополнительная ", limit=50).hits) == 20


def test_stats(home: Path) -> None:
    with open_kb(home) as kb:
        stats = kb.stats()
        assert stats["articles"] == len(fixture_articles())
        assert stats["index_state"] == "ready" and stats["revision"] == 1


def test_posting_arrays_match_whoosh_across_segments_and_deletions(home: Path) -> None:
    with open_kb(home) as kb:
        for i in range(6):  # several small segments, some with deleted documents
            kb.save(Article(f"seg-{i}", "product", "ru", f"Сегмент {i}", body="телефон тариф"))
            if i % 2:
                kb.delete(f"seg-{i - 1}", "ru")
        kb.delete("phone-broken", "ru")
        index = kb._index
        assert index is not None
        view = index.view()
        reader = view.searcher.reader()
        for name in ("head", "body"):
            for term in reader.lexicon(name):
                text = term.decode() if isinstance(term, bytes) else term
                expected = sorted(reader.postings(name, text).all_ids())
                assert sorted(view.docs(name, text).tolist()) == expected, (name, text)


WRITER = """
import sys
from pathlib import Path
from kb.knowledge_base import KnowledgeBase
from kb.model import Article
kb = KnowledgeBase.open(Path(sys.argv[1]), seed=False)
kb.wait_until_ready(60)
for i in range(10_000):
    kb.save(Article(f"crash-{i}", "product", "ru", f"Статья номер {i}", body="тариф " * 50))
    print(i, flush=True)
"""


def test_killed_writer_loses_no_committed_article(home: Path) -> None:
    open_kb(home).close()
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(home)], stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert proc.stdout is not None
    last = -1
    for line in proc.stdout:
        last = int(line)
        if last >= 30:
            break
    os.kill(proc.pid, signal.SIGKILL)  # somewhere inside a later save
    proc.wait()
    with KnowledgeBase.open(home, seed=False) as kb:
        assert kb.wait_until_ready(60)
        for i in range(last + 1):
            assert kb.get(f"crash-{i}", "ru") is not None
        stored = {a.slug for a in kb.articles() if a.slug.startswith("crash-")}
        found = {h.slug for h in kb.search("статья номер", limit=100).hits}
        assert stored == {s for s in found if s.startswith("crash-")}
        assert len(stored) >= last + 1
    assert check_home(home).ok


def test_writes_from_many_threads_are_serialized(home: Path) -> None:
    with open_kb(home) as kb:
        def writer(n: int) -> None:
            for i in range(10):
                kb.save(Article(f"t{n}-{i}", "product", "ru", f"Поток {n} статья {i}"))

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len([a for a in kb.articles() if a.slug.startswith("t")]) == 40
        assert len(kb.search("поток ", limit=100).hits) == 40
    assert check_home(home).ok


def test_synonym_sets_are_validated(home: Path) -> None:
    with open_kb(home) as kb:
        with pytest.raises(ValueError):
            kb.set_synonym_sets([["одно"]])
        kb.set_synonym_sets([["тв", "телевидение"]])
        assert kb.synonym_sets() == [["тв", "телевидение"]]


def test_bulk_writes_replace_and_add_consistently(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kb import knowledge_base

    monkeypatch.setattr(knowledge_base, "BULK_MIN", 3)
    with open_kb(home) as kb:
        first = [Article(f"bulk-{i}", "product", "ru", f"Пакетная статья {i}", body="роутер")
                 for i in range(8)]
        kb.apply_changes(first, [], revision=2)
        changed = [Article(a.slug, a.kind, a.lang, a.title, body="приставка") for a in first[:4]]
        kb.apply_changes(changed, [("bulk-7", "ru")], revision=3)
        assert {h.slug for h in kb.search("роутер ", limit=50).hits} == {
            "bulk-4", "bulk-5", "bulk-6"}
        assert {h.slug for h in kb.search("приставка ", limit=50).hits} == {
            "bulk-0", "bulk-1", "bulk-2", "bulk-3"}
        assert kb.stats()["index_documents"] == len(fixture_articles()) + 7
    assert check_home(home).ok
