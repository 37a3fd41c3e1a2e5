"""The knowledge base: one thread-safe API over the SQLite store and the derived whoosh index, used
by the search panel, the editor, the hub client and ``python -m kb``.

Thread rules:

- :meth:`KnowledgeBase.search`, :meth:`get`, :meth:`articles` and the properties may be called from
  any thread, concurrently: each thread reads through its own SQLite connection and whoosh searcher.
- Writes (:meth:`save`, :meth:`delete`, :meth:`apply_changes`, imports, :meth:`reindex`) may also be
  called from any thread; they are serialized on one lock, and each commits to SQLite first, then
  updates the index and the in-memory lexicon, then returns. A crash in between costs nothing: the
  next open replays the changes the index missed (or rebuilds it).
- A missing, corrupt or outdated index is rebuilt on a background thread; meanwhile searches answer
  from the store (``SearchResult.rebuilding`` is True) and :attr:`index_state` is ``"rebuilding"``.
- The Russian ↔ English term bridge (:mod:`kb.bridge`) is learned from the paired articles on a
  background thread after open and after each write, then swapped in whole; searches meanwhile use
  the previous one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.analysis import stems
from kb.bridge import MAX_PAIRS, TermBridge, learn_bridge, misordered_lists
from kb.index import IndexUnusable, SearchIndex, read_marker
from kb.lexicon import Lexicon
from kb.markdown_files import KbDirectory, read_directory, validate_article, write_directory
from kb.model import KINDS, LANGS, Article, SearchResult
from kb.paths import assets_dir, data_dir
from kb.prior import ArticlePrior
from kb.search import (
    CANDIDATES_MIN,
    QueryPlan,
    SynonymSets,
    apply_prior,
    beginnings_typed_past,
    collapse_languages,
    first_stage,
    fitting_ratio,
    fts_match,
    hold_first,
    hold_ratio,
    make_hits,
    plan_query,
    rerank,
    retrievals,
)
from kb.store import STORE_FILE, Store, StoreError, TermRow

log = logging.getLogger(__name__)

INDEX_DIR = "index"
CATCH_UP_MAX = 2000  # an index further behind than this many changes is rebuilt instead
REBUILD_ATTEMPTS = 5
BULK_MIN = 500  # upserts from which a write goes into the index as one pre-sorted segment
MAX_LIMIT = 100


def default_content_dir() -> Path:
    """The bundled default articles a fresh store is seeded with."""
    return assets_dir() / "kb"


@dataclass(slots=True)
class CheckReport:
    """What ``check`` found: ``problems`` mean broken (exit 1), ``notes`` are informational."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class KnowledgeBase:
    """See the module docstring for the thread rules. Create with :meth:`open`."""

    def __init__(self, home: Path, store: Store) -> None:
        self.home = home
        self._store = store
        self._write_lock = threading.RLock()
        self._state_lock = threading.Lock()
        self._readers: list[Store] = []
        self._local = threading.local()
        self._index: SearchIndex | None = None
        self._state = "rebuilding"
        self._ready = threading.Event()
        self._rebuild_thread: threading.Thread | None = None
        self._closing = False
        self.last_index_error: str | None = None
        self._lexicon = Lexicon(store.vocabulary(), store.count())
        self._prior = ArticlePrior()
        self._synonyms = SynonymSets.compile(store.synonym_sets())
        self._bridge = TermBridge()
        self._bridge_wanted = False
        self._bridge_running = False  # a learner thread has not yet decided to stop (state lock)
        self._bridge_thread: threading.Thread | None = None
        self._bridge_idle = threading.Event()
        self._bridge_idle.set()

    # -- lifecycle ------------------------------------------------------------------------------

    @classmethod
    def open(cls, home: Path | None = None, *, seed: bool = True) -> KnowledgeBase:
        """Open (creating, migrating, and seeding a fresh one from ``assets/kb``) the KB in ``home``
        (default: :func:`kb.paths.data_dir`). Returns at once; a missing or broken index is rebuilt
        in the background. Raises :class:`kb.store.StoreError` when the store itself is unusable."""
        home = Path(home) if home is not None else data_dir()
        home.mkdir(parents=True, exist_ok=True)
        kb = cls(home, Store(home / STORE_FILE))
        if seed and kb._store.get_meta("seeded") is None:
            kb._seed()
        kb._open_index()
        kb._schedule_bridge()
        return kb

    def close(self) -> None:
        """Stop a running rebuild, close searchers and connections. Call once, from any thread."""
        self._closing = True
        for thread in (self._rebuild_thread, self._bridge_thread):
            if thread is not None:
                thread.join(timeout=60)
        with self._write_lock:
            if self._index is not None:
                self._index.close()
                self._index = None
            for reader in self._readers:
                reader.close()
            self._readers.clear()
            self._store.close()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def index_dir(self) -> Path:
        return self.home / INDEX_DIR

    @property
    def revision(self) -> int:
        """The last applied hub revision (0 for a local-only KB)."""
        return self._reader().revision

    @property
    def index_state(self) -> str:
        """``"ready"`` or ``"rebuilding"`` (searches then come from the store's fallback)."""
        return self._state

    def wait_until_ready(self, timeout: float | None = None) -> bool:
        """Block until the index is ready and the term bridge learned (True) or ``timeout`` seconds
        pass (False)."""
        started = time.monotonic()
        if not self._ready.wait(timeout):
            return False
        left = None if timeout is None else max(0.0, timeout - (time.monotonic() - started))
        return self._bridge_idle.wait(left)

    def note_searched(self, queries: Iterable[str]) -> None:
        """Tell search what operators searched for (e.g. the queries of the workstation's search
        log that led to an article): a half-typed word then completes first to the words they
        mean. Replaces what was noted before. Any thread."""
        counts: Counter[str] = Counter()
        for query in queries:
            counts.update(t for t in set(stems(query)) if t in self._lexicon)
        self._lexicon.set_searched(counts)

    def note_search_log(self, searches: Iterable[tuple[str, str | None]]) -> None:
        """Learn from the workstation's search log, as (query, slug of the article opened or
        None) pairs: a half-typed word completes first to the words operators searched for, and
        while a query is still ambiguous the articles they opened often come first. Replaces
        what was learned before. Any thread."""
        self.learn_searches((q, opened, 1) for q, opened in searches if opened)

    def learn_searches(self, counted: Iterable[tuple[str, str, int]]) -> None:
        """Learn from what operators searched and opened, as (normalized query, opened article
        slug, how many searches) triples — the floor's aggregated search log merged with this
        workstation's — like :meth:`note_search_log`. Builds the prior on the calling thread
        (call it off the UI thread), then swaps it in whole; replaces what was learned before.
        Any thread."""
        triples = [(q, slug, n) for q, slug, n in counted if slug and n > 0]
        counts: Counter[str] = Counter()
        for query, _slug, n in triples:
            for t in set(stems(query)):
                if t in self._lexicon:
                    counts[t] += n
        prior = ArticlePrior.from_counts(triples)
        self._lexicon.set_searched(counts)
        self._prior = prior

    def _schedule_bridge(self) -> None:
        """Learn the term bridge again on a background thread (one at a time; requests made
        while it learns are served by one more round)."""
        with self._state_lock:
            self._bridge_wanted = True
            # not ``is_alive()``: a learner that has already decided to stop is still alive for a
            # moment, and the request would be lost (the bridge never learned, yet "ready")
            if self._closing or self._bridge_running:
                return
            self._bridge_running = True
            self._bridge_idle.clear()
            thread = threading.Thread(target=self._learn_bridge, name="kb-bridge", daemon=True)
            self._bridge_thread = thread
            thread.start()

    def _learn_bridge(self) -> None:
        while True:
            with self._state_lock:
                if not self._bridge_wanted or self._closing:
                    self._bridge_running = False
                    self._bridge_idle.set()
                    return
                self._bridge_wanted = False
            try:
                reader = Store(self.home / STORE_FILE, readonly=True)
                try:
                    self._bridge = learn_bridge(reader.paired_articles(MAX_PAIRS))
                finally:
                    reader.close()
            except Exception:
                log.exception("could not learn the term bridge; keeping the previous one")

    def _reader(self) -> Store:
        reader: Store | None = getattr(self._local, "store", None)
        if reader is None:
            reader = Store(self.home / STORE_FILE, readonly=True)
            self._local.store = reader
            with self._state_lock:
                self._readers.append(reader)
        return reader

    def _seed(self) -> None:
        source = default_content_dir()
        try:
            content = read_directory(source) if source.is_dir() else None
        except ValueError as exc:
            log.error("default KB content not loaded: %s", exc)
            content = None
        self._write(
            content.articles if content else [],
            [],
            stamp=False,
            synonym_sets=content.synonym_sets if content and content.synonym_sets else None,
            meta={"seeded": "1"},
        )

    # -- index ----------------------------------------------------------------------------------

    def _open_index(self) -> None:
        with self._write_lock:
            try:
                index = SearchIndex.open(self.index_dir)
            except IndexUnusable as exc:
                self._start_rebuild(str(exc))
                return
            behind = self._store.generation - index.generation
            try:
                caught_up = behind >= 0 and (behind == 0 or self._catch_up(index))
            except Exception as exc:  # e.g. another process holds the index's write lock
                log.warning("could not bring the index up to date: %s", exc)
                caught_up = False
            if not caught_up:
                index.close()
                self._start_rebuild(f"the index is out of step with the store ({behind} behind)")
                return
            self._set_ready(index)

    def _catch_up(self, index: SearchIndex) -> bool:
        """Replay the store's changes after the index's generation; False if too many."""
        store = self._store
        rows = list(store.term_rows(since_gen=index.generation))
        gone = store.tombstones_since(index.generation)
        if len(rows) + len(gone) > CATCH_UP_MAX:
            return False
        index.apply(rows, gone, store.generation)  # existing unknown: replace each
        return True

    def _set_ready(self, index: SearchIndex) -> None:
        self._index = index
        self._state = "ready"
        self.last_index_error = None
        self._ready.set()

    def _start_rebuild(self, reason: str) -> None:
        """Switch searches to the store and rebuild the index on a background thread."""
        log.warning("rebuilding the KB index: %s", reason)
        with self._state_lock:
            if self._rebuild_thread is not None and self._rebuild_thread.is_alive():
                return
            self._state = "rebuilding"
            self._ready.clear()
            old, self._index = self._index, None
            if old is not None:
                old.close()
            self._rebuild_thread = threading.Thread(
                target=self._rebuild, name="kb-index-rebuild", daemon=True
            )
            self._rebuild_thread.start()

    def _rows_until_closed(self, rows: Iterator[TermRow]) -> Iterator[TermRow]:
        for row in rows:
            if self._closing:
                raise RuntimeError("closing")
            yield row

    def _rebuild(self) -> None:
        try:
            for _attempt in range(REBUILD_ATTEMPTS):
                snapshot = Store(self.home / STORE_FILE, readonly=True)
                try:
                    snapshot.conn.execute("BEGIN")
                    generation = snapshot.generation
                    SearchIndex.build(
                        self.index_dir, self._rows_until_closed(snapshot.term_rows()), generation
                    )
                    snapshot.conn.execute("COMMIT")
                finally:
                    snapshot.close()
                with self._write_lock:
                    if self._closing:
                        return
                    index = SearchIndex.open(self.index_dir)
                    if self._catch_up(index):
                        self._set_ready(index)
                        log.info("KB index rebuilt at store generation %d", index.generation)
                        return
                    index.close()  # a big import landed meanwhile: build again from the store
            raise RuntimeError("the store kept changing faster than the index could be rebuilt")
        except Exception as exc:
            if not self._closing:
                self.last_index_error = f"{type(exc).__name__}: {exc}"
                log.exception("KB index rebuild failed; searching the store meanwhile")

    def reindex(self, *, wait: bool = True) -> None:
        """Rebuild the index from the store (in the background; ``wait`` blocks until done)."""
        thread = self._rebuild_thread
        if thread is not None and thread.is_alive():
            thread.join()
        self._start_rebuild("requested")
        if wait and self._rebuild_thread is not None:
            self._rebuild_thread.join()
            if self.last_index_error:
                raise RuntimeError(f"reindex failed: {self.last_index_error}")

    # -- reads ----------------------------------------------------------------------------------

    def get(self, slug: str, lang: str) -> Article | None:
        """One article or None. Any thread."""
        return self._reader().get(slug, lang)

    def articles(self, kind: str | None = None, lang: str | None = None) -> list[Article]:
        """All articles (optionally of one kind / language), by kind, slug, lang. Any thread."""
        return self._reader().articles(kind, lang)

    def synonym_sets(self) -> list[list[str]]:
        """The editor-maintained global synonym sets. Any thread."""
        return self._reader().synonym_sets()

    def search(
        self, text: str, *, limit: int = 10, kind: str | None = None, lang: str | None = None,
        keep: str | None = None,
    ) -> SearchResult:
        """Ranked hits for what an operator typed. Any thread, concurrently; never raises on user
        text (an unexpected failure is logged and gives an empty result). ``kind``/``lang`` must be
        known values or None (ValueError otherwise). Search as you type passes as ``keep`` the
        slug that was first for the text one keystroke earlier: while a word is half typed (or
        just finished by a space, the next word still to come), it stays first against a new
        leader that is only marginally better (no flicker between near ties); once the word
        being typed reads whole, only against a near tie (its letters are
        evidence, but a tie between two articles is no reason to swap them). When the letters of
        a word being typed have gone past every word the KB knows and nothing is found, the text
        cut back a letter at a time is searched instead, and last the words finished before that
        word (see :func:`beginnings_typed_past`)."""
        if kind is not None and kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        if lang is not None and lang not in LANGS:
            raise ValueError(f"unknown lang {lang!r}")
        started = time.perf_counter()
        query = text if isinstance(text, str) else str(text)
        limit = max(1, min(int(limit), MAX_LIMIT))
        rebuilding = self._state != "ready"
        hits: tuple[Any, ...] = ()
        try:
            for text in [query, *beginnings_typed_past(query)]:
                plan = plan_query(text, self._lexicon, self._synonyms, self._bridge)
                if plan.groups:
                    hits, used_fallback = self._search_plan(plan, limit, kind, lang, keep)
                    rebuilding = rebuilding or used_fallback
                if hits:
                    break
        except Exception:
            log.exception("search failed for %r", query[:200])
            hits = ()
        took = (time.perf_counter() - started) * 1000.0
        return SearchResult(query=query, hits=hits, took_ms=took, rebuilding=rebuilding)

    def _search_plan(
        self, plan: QueryPlan, limit: int, kind: str | None, lang: str | None,
        keep: str | None = None,
    ) -> tuple[tuple[Any, ...], bool]:
        depth = max(CANDIDATES_MIN, limit * 4)
        reader = self._reader()
        lexicon = self._lexicon
        lookups = retrievals(plan, lexicon.frequency)
        ids: list[int] | None = None
        index = self._index
        if index is not None:
            try:
                view = index.view()
                allowed = view.allowed(kind, lang)
                docnums: list[int] = []
                for lookup in lookups:
                    docnums = first_stage(
                        lookup, view.docs, lexicon.frequency, lexicon.docs, view.size, allowed,
                        depth,
                    )
                    if docnums:
                        break
                ids = view.article_ids(docnums)
            except Exception as exc:
                log.warning("index search failed (%s: %s); answering from the store",
                            type(exc).__name__, exc)
                ids = None
        used_fallback = ids is None
        if ids is None:
            for lookup in lookups:
                ids = [i for i, _ in reader.fallback_search(fts_match(lookup), depth, kind, lang)]
                if ids:
                    break
        rows = list(reader.term_rows(ids=ids or []))  # an article deleted meanwhile drops out
        ranked = rerank(plan, rows, lexicon.docs, lexicon.frequency)
        apply_prior(ranked, plan, self._prior)
        if lang is None:
            chosen = collapse_languages(ranked, plan.lang, limit, keep, hold_ratio(plan),
                                        fitting_ratio(plan))
        else:
            chosen = hold_first(ranked, keep, hold_ratio(plan), fitting_ratio(plan))[:limit]
        bodies = reader.bodies([c.id for c in chosen])
        return make_hits(chosen, plan, bodies), used_fallback

    # -- writes ---------------------------------------------------------------------------------

    def save(self, article: Article) -> Article:
        """Insert or replace one article (validated; ``updated`` set to now). When this returns the
        article is committed and searchable. Any thread (serialized). ValueError if invalid."""
        return self._write([article], [], stamp=True)[0]

    def delete(self, slug: str, lang: str) -> bool:
        """Delete one article; False if there was none. Any thread (serialized)."""
        with self._write_lock:
            existed = self._reader().get(slug, lang) is not None
            self._write([], [(slug, lang)], stamp=True)
        return existed

    def apply_changes(
        self, upserts: list[Article], deletions: list[tuple[str, str]], revision: int,
        synonym_sets: Sequence[Sequence[str]] | None = None,
    ) -> None:
        """Apply one hub revision: all upserts and deletions (and the synonym sets, when the
        revision replaces them) and the new revision number in one store transaction (all or
        nothing; articles keep their ``updated``), then the index.
        Raises ValueError (nothing applied) if any article is invalid."""
        if not isinstance(revision, int) or revision < 0:
            raise ValueError(f"revision must be a non-negative integer, not {revision!r}")
        sets = None if synonym_sets is None else _clean_synonym_sets(synonym_sets)
        self._write(upserts, deletions, stamp=False, synonym_sets=sets,
                    meta={"revision": str(revision)})

    def set_synonym_sets(self, sets: Sequence[Sequence[str]]) -> None:
        """Replace the global synonym sets (each: two or more words or phrases meaning the same)."""
        self._write([], [], stamp=False, synonym_sets=_clean_synonym_sets(sets))

    def import_directory(self, directory: Path) -> int:
        """Validate every file under ``directory`` first, then upsert them all in one transaction
        (and replace the synonym sets if it has ``synonyms.yaml``). Raises
        :class:`kb.markdown_files.ArticleFormatError` naming the bad file; nothing is imported then.
        Returns the number of articles imported."""
        return self.import_content(read_directory(Path(directory)))

    def import_content(self, content: KbDirectory) -> int:
        """Upsert what :func:`kb.markdown_files.read_directory` read, in one transaction."""
        self._write(
            content.articles,
            [],
            stamp=False,
            synonym_sets=content.synonym_sets or None,
        )
        return len(content.articles)

    def export_directory(self, directory: Path) -> int:
        """Write every article as ``<kind folder>/<slug>.<lang>.md`` (and ``synonyms.yaml``)."""
        return write_directory(Path(directory), self.articles(), self.synonym_sets())

    def _write(
        self,
        upserts: Sequence[Article],
        deletions: Sequence[tuple[str, str]],
        *,
        stamp: bool,
        synonym_sets: list[list[str]] | None = None,
        meta: dict[str, str] | None = None,
    ) -> list[Article]:
        valid = [validate_article(a) for a in upserts]
        keys = [a.key for a in valid]
        if len(set(keys)) != len(keys):
            raise ValueError("the same (slug, lang) appears twice in one change")
        with self._write_lock:
            if self._closing:
                raise RuntimeError("the knowledge base is closed")
            store = self._store
            old_terms, existing = store.term_counts([*keys, *deletions])
            with store.transaction() as gen:
                saved = [store.upsert(a, gen, stamp=stamp) for a in valid]
                gone = [(s, lang) for s, lang in deletions if store.delete(s, lang, gen)]
                if synonym_sets is not None:
                    store.replace_synonym_sets(synonym_sets)
                for key, value in (meta or {}).items():
                    store.set_meta(key, value)
            rowids = [rowid for _, rowid in saved]
            new_terms: Counter[str] = Counter()
            for row in self._rows(rowids):
                new_terms.update(set(row.head.split()) | set(row.body.split()))
            self._lexicon.update(new_terms, old_terms, len(rowids) - len(existing))
            if synonym_sets is not None:
                self._synonyms = SynonymSets.compile(synonym_sets)
            index = self._index
            if index is not None and (rowids or gone):
                try:
                    index.apply(
                        self._rows(rowids), gone, gen, existing, bulk=len(rowids) >= BULK_MIN
                    )
                except Exception as exc:
                    self._start_rebuild(f"index update failed ({type(exc).__name__}: {exc})")
            elif index is not None:
                index.generation = gen
        # the bridge learns from paired articles only: relearn when a pair may have changed
        if gone or (saved and self._reader().any_paired(a.slug for a, _ in saved)):
            self._schedule_bridge()
        return [a for a, _ in saved]

    def _rows(self, rowids: list[int], chunk: int = 500) -> Iterator[TermRow]:
        """The stems of the given articles, read in chunks (big imports stay small in memory)."""
        for i in range(0, len(rowids), chunk):
            yield from self._store.term_rows(ids=rowids[i : i + chunk])

    # -- diagnostics ----------------------------------------------------------------------------

    def check(self) -> CheckReport:
        """Verify the store and the index (reads everything; slow on big KBs). Any thread."""
        with self._write_lock:
            return check_home(self.home)

    def stats(self) -> dict[str, Any]:
        """Counts and sizes for ``python -m kb stats``. Any thread."""
        reader = self._reader()
        index = self._index
        files = [p for p in self.index_dir.glob("*") if p.is_file()]
        return {
            "articles": reader.count(),
            "by_kind_lang": {f"{k}/{lang}": n for k, lang, n in reader.counts()},
            "synonym_sets": len(reader.synonym_sets()),
            "revision": reader.revision,
            "store_generation": reader.generation,
            "store_schema": reader.schema_version,
            "store_bytes": (self.home / STORE_FILE).stat().st_size,
            "index_state": self._state,
            "index_generation": index.generation if index else None,
            "index_documents": index.doc_count() if index else None,
            "index_bytes": sum(p.stat().st_size for p in files),
            "lexicon_terms": len(self._lexicon),
        }


def _clean_synonym_sets(sets: Sequence[Sequence[str]]) -> list[list[str]]:
    cleaned = [[p for p in s if isinstance(p, str) and p.strip()] for s in sets]
    if any(len(s) < 2 for s in cleaned):
        raise ValueError("each synonym set needs two or more non-empty texts")
    return cleaned


def unpaired_articles(articles: Iterable[Article]) -> list[tuple[str, str]]:
    """``(slug, lang)`` of the articles that have no version in the other language."""
    langs: dict[str, set[str]] = {}
    for a in articles:
        langs.setdefault(a.slug, set()).add(a.lang)
    return sorted((slug, next(iter(found))) for slug, found in langs.items() if len(found) == 1)


def check_home(home: Path) -> CheckReport:
    """Verify the store and the index in ``home`` without repairing anything."""
    report = CheckReport()
    path = home / STORE_FILE
    if not path.exists():
        report.problems.append(f"no knowledge base store at {path}")
        return report
    try:
        store = Store(path)
    except StoreError as exc:
        report.problems.append(str(exc))
        return report
    try:
        report.problems += store.check()
        count, generation = store.count(), store.generation
        articles = store.articles()
        unpaired = unpaired_articles(articles)
        misordered = misordered_lists(articles, store.synonym_sets())
    finally:
        store.close()
    report.notes.append(f"store: {count} articles, generation {generation}")
    for slug, lang in unpaired:
        missing = "English" if lang == "ru" else "Russian"
        report.notes.append(f"article {slug} exists only in {lang}: add its {missing} version")
    report.notes += misordered
    index_dir = home / INDEX_DIR
    try:
        read_marker(index_dir)
        index = SearchIndex.open(index_dir)
    except IndexUnusable as exc:
        report.problems.append(f"index: {exc} (the next start rebuilds it; or run reindex)")
        return report
    try:
        report.problems += [f"index: {p}" for p in index.verify()]
        docs = index.doc_count()
        if index.generation > generation:
            report.problems.append(
                f"index: built at generation {index.generation}, ahead of the store ({generation})"
            )
        elif index.generation < generation:
            report.notes.append(
                f"index: behind the store ({index.generation} < {generation}); "
                "the next start catches up"
            )
        elif docs != count:
            report.problems.append(f"index: {docs} documents for {count} articles")
        report.notes.append(f"index: {docs} documents, generation {index.generation}")
    finally:
        index.close()
    return report
