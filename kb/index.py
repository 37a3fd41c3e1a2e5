"""The whoosh index under ``<home>/index/``: a derived cache of the store's stems.

Two indexed fields of stems, ``head`` (title, tags, synonyms) and ``body`` (body, replies), and the
article's row id in a column. The store has already analysed the text, so the fields only split on
spaces: no custom analyzer is pickled into the index, and any entry point can open it. Searching
reads whole posting lists as arrays (:meth:`IndexView.docs`) instead of letting whoosh score every
posting in Python; scoring happens on the few candidates (see :mod:`kb.search`).

A marker file, ``sufler-index.json``, records the index schema version, the store generation the
index reflects, and the size of every index file at that commit. An index whose marker is missing,
of another schema, or whose files were truncated or lost is *unusable* (the caller rebuilds it); one
whose generation is below the store's is *behind* (the caller replays the changes since).

Thread rule: one writer at a time (the knowledge base's write lock). Searchers are per thread and
long-lived; :meth:`SearchIndex.searcher` refreshes the calling thread's searcher after commits.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, FieldType, Schema
from whoosh.formats import Existence
from whoosh.matching import Matcher, MultiMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher
from whoosh.writing import PostingPool

from kb.store import TermRow

INDEX_SCHEMA_VERSION = 6  # 6: Ukrainian and Kazakh letters folded to Russian (kb.analysis)
MARKER_FILE = "sufler-index.json"
INDEX_NAME = "MAIN"
WRITER_LIMIT_MB = 64
POSTINGS_CACHE = 2_000_000  # document numbers cached per searcher (about 16 MB)
STEM_FIELDS = ("body", "head")  # in sort order; every other field name sorts after them


class IndexUnusable(RuntimeError):
    """The index must be rebuilt; the message says why."""


class StemSet(FieldType):
    """Space-separated stems made by the store, each distinct stem indexed once (presence only:
    ranking reads term frequencies from the store). Skipping whoosh's token-by-token analysis makes
    building several times faster. whoosh pickles field types into the index by module path, which
    is why this lives in an importable module."""

    def __init__(self) -> None:
        super().__init__(Existence(), SpaceSeparatedTokenizer(), scorable=False, stored=False)

    def index(self, value: str, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        return ((t.encode("utf-8"), 1, 1.0, b"") for t in set(value.split()))


class StemCodec(W3Codec):
    """whoosh's default codec without per-term length statistics (only BM25 block skipping needs
    them; here they cost a column lookup, or a file-existence check, per posting) and without
    compressing posting blocks (most stems are rare: a zlib call per tiny block)."""

    length_stats = False

    def __init__(self) -> None:
        super().__init__(blocklimit=128, compression=0, inlinelimit=1)


def make_codec() -> W3Codec:
    return StemCodec()


class LeanPostingPool(PostingPool):
    """whoosh's posting pool without per-posting type assertions and with a cheaper size
    estimate (the pool's bookkeeping was a fifth of the build time)."""

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        self.fieldnames.add(item[0])
        self.currentsize += 130 + 2 * len(item[1])
        if self.currentsize > self.limit:
            self.save()
        self.current.append(item)


def open_writer(ix: Any, **options: Any) -> Any:
    """A writer with the lean codec and pool (whoosh ignores its own ``poolclass`` option, so the
    pool's class is swapped; the subclass adds no state)."""
    writer = ix.writer(limitmb=WRITER_LIMIT_MB, codec=make_codec(), **options)
    if type(writer.pool) is PostingPool:
        writer.pool.__class__ = LeanPostingPool
    return writer


def make_schema() -> Schema:
    return Schema(
        key=ID(unique=True),
        id=COLUMN(NumericColumn("Q")),
        lang=ID,
        kind=ID,
        head=StemSet(),
        body=StemSet(),
    )


def key_of(slug: str, lang: str) -> str:
    return f"{lang}:{slug}"


def _bulk_add(writer: Any, rows: Iterable[TermRow]) -> int:
    """Add many new documents to a fresh writer: whoosh gets only the small fields per document,
    while the stem postings are gathered here and handed to the segment writer already sorted
    (whoosh's per-posting pool, sort and merge were most of the build time). Returns the count."""
    gathered: dict[str, dict[str, list[int]]] = {name: {} for name in STEM_FIELDS}
    count = 0
    for row in rows:
        docnum = writer.docnum
        doc = document(row)
        for name in STEM_FIELDS:
            table = gathered[name]
            for term in set(doc.pop(name).split()):
                docs = table.get(term)
                if docs is None:
                    table[term] = [docnum]
                else:
                    docs.append(docnum)
        writer.add_document(**doc)
        count += 1
    pooled = writer.pool.iter_postings

    def postings() -> Iterator[tuple[str, bytes, int, float, bytes]]:
        for name in STEM_FIELDS:  # sorts before every field whoosh pooled
            table = gathered[name]
            for term in sorted(table):
                tb = term.encode("utf-8")
                for docnum in table[term]:
                    yield (name, tb, docnum, 1.0, b"")
        yield from pooled()

    writer.pool.iter_postings = postings
    return count


def document(row: TermRow) -> dict[str, Any]:
    return {
        "key": key_of(row.slug, row.lang),
        "id": row.id,
        "lang": row.lang,
        "kind": row.kind,
        "head": row.head,
        "body": row.body,
    }


def _file_sizes(directory: Path) -> dict[str, int]:
    return {
        p.name: p.stat().st_size
        for p in directory.iterdir()
        if p.is_file() and p.suffix in (".toc", ".seg", ".trm", ".pst", ".fdt", ".fvz", ".dci")
    }


def _write_marker(directory: Path, generation: int) -> None:
    data = {
        "schema": INDEX_SCHEMA_VERSION,
        "generation": generation,
        "files": _file_sizes(directory),
    }
    tmp = directory / (MARKER_FILE + ".tmp")
    tmp.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    os.replace(tmp, directory / MARKER_FILE)


def read_marker(directory: Path) -> dict[str, Any]:
    """The marker, or :class:`IndexUnusable` when it is missing, unreadable or of another schema."""
    try:
        data = json.loads((directory / MARKER_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexUnusable("the index is missing or was never completed") from None
    except (OSError, ValueError) as exc:
        raise IndexUnusable(f"the index marker is unreadable ({exc})") from None
    if not isinstance(data, dict) or data.get("schema") != INDEX_SCHEMA_VERSION:
        raise IndexUnusable(
            f"the index was built with index schema "
            f"{data.get('schema') if isinstance(data, dict) else '?'}, "
            f"this Sufler uses {INDEX_SCHEMA_VERSION}"
        )
    for name, size in dict(data.get("files", {})).items():
        path = directory / name
        if not path.is_file():
            raise IndexUnusable(f"index file {name} is missing")
        if path.stat().st_size != size:
            raise IndexUnusable(
                f"index file {name} has {path.stat().st_size} bytes, {size} were written"
            )
    return data


def _doc_arrays(m: Matcher) -> list[np.ndarray]:
    """Document numbers of a fresh matcher as arrays, decoded a posting block at a time (whoosh's
    own iteration costs several Python calls per posting)."""
    if isinstance(m, MultiMatcher):
        return [
            a + offset
            for child, offset in zip(m.matchers, m.offsets, strict=True)
            for a in _doc_arrays(child)
        ]
    if isinstance(m, FilterMatcher):
        arrays = _doc_arrays(m.child)
        if not arrays:
            return []
        ids = np.concatenate(arrays)
        listed = np.isin(ids, np.fromiter(m._ids, dtype=np.int64, count=len(m._ids)))
        return [ids[~listed] if m._exclude else ids[listed]]
    if isinstance(m, W3LeafMatcher) and hasattr(m, "_read_data"):
        out = []
        while not m._atend and m._blocklength:
            if m._data is None:
                m._read_data()
            raw = np.asarray(m._data[0], dtype=np.int64)
            out.append(raw if m._byteids else np.cumsum(raw))
            if m._lastblock:
                break
            m._goto(m._nextoffset)
        return out
    return [np.fromiter(m.all_ids(), dtype=np.int64)]


@dataclass
class IndexView:
    """One thread's searcher with per-searcher caches. Use only on the thread that got it."""

    searcher: Searcher
    version: int
    _ids: Any = None
    _masks: dict[tuple[str | None, str | None], np.ndarray] = field(default_factory=dict)
    _postings: OrderedDict[tuple[str, str], np.ndarray] = field(default_factory=OrderedDict)
    _cached: int = 0

    @property
    def size(self) -> int:
        """Document numbers run from 0 to ``size - 1`` (deleted documents included)."""
        return int(self.searcher.reader().doc_count_all())

    def docs(self, fieldname: str, term: str) -> np.ndarray:
        """Document numbers containing ``term`` in ``fieldname`` (deleted ones excluded). Recent
        lists stay cached until the index changes (operators retype the same words)."""
        key = (fieldname, term)
        cache = self._postings
        hit = cache.get(key)
        if hit is not None:
            cache.move_to_end(key)
            return hit
        arrays = self._term_arrays(fieldname, term)
        ids = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)
        cache[key] = ids
        self._cached += len(ids) + 16
        while self._cached > POSTINGS_CACHE and len(cache) > 1:
            _, dropped = cache.popitem(last=False)
            self._cached -= len(dropped) + 16
        return ids

    def _term_arrays(self, fieldname: str, term: str) -> list[np.ndarray]:
        """The posting arrays of ``term`` per segment, offset to index-wide document numbers.
        Reads each segment's raw postings: whoosh's ``Term`` query would also set up a BM25
        scorer (document frequencies over every segment) that nothing here uses."""
        field_type = self.searcher.schema[fieldname]
        try:
            text = field_type.to_bytes(term)
        except ValueError:
            return []
        arrays: list[np.ndarray] = []
        for reader, offset in self.searcher.reader().leaf_readers():
            try:
                matcher = reader.postings(fieldname, text)
            except TermNotFound:
                continue  # not in this segment (one term-table lookup, not two)
            arrays.extend(a + offset for a in _doc_arrays(matcher))
        return arrays

    def allowed(self, kind: str | None, lang: str | None) -> np.ndarray | None:
        """A boolean mask over document numbers of that kind and language (None: no filter)."""
        if kind is None and lang is None:
            return None
        mask = self._masks.get((kind, lang))
        if mask is None:
            mask = np.ones(self.size, dtype=bool)
            for name, value in (("kind", kind), ("lang", lang)):
                if value is not None:
                    only = np.zeros(self.size, dtype=bool)
                    only[self.docs(name, value)] = True
                    mask &= only
            self._masks[(kind, lang)] = mask
        return mask

    def article_ids(self, docnums: Iterable[int]) -> list[int]:
        """The store row ids of the given documents."""
        if self._ids is None:
            self._ids = self.searcher.reader().column_reader("id")
        column = self._ids
        return [int(column[int(d)]) for d in docnums]


@dataclass
class SearchIndex:
    """An open, verified index. See the module docstring for the thread rule."""

    directory: Path
    ix: Any
    generation: int
    version: int = 0
    _local: threading.local = field(default_factory=threading.local)
    _all: list[Searcher] = field(default_factory=list)
    _all_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, directory: Path) -> SearchIndex:
        """Open and verify; raise :class:`IndexUnusable` when it must be rebuilt."""
        marker = read_marker(directory)
        try:
            ix = whoosh_index.open_dir(str(directory), indexname=INDEX_NAME)
            if set(ix.schema.names()) != set(make_schema().names()):
                raise IndexUnusable("the index fields differ from this Sufler's")
            with ix.searcher() as s:
                reader = s.reader()
                n = reader.doc_count_all()
                if n:
                    reader.column_reader("id")[n - 1]
                    next(iter(reader.lexicon("body")), None)
        except IndexUnusable:
            raise
        except Exception as exc:
            raise IndexUnusable(f"the index cannot be read ({type(exc).__name__}: {exc})") from None
        return cls(directory=directory, ix=ix, generation=int(marker.get("generation", 0)))

    @staticmethod
    def build(directory: Path, rows: Iterable[TermRow], generation: int) -> int:
        """Build a complete index in a fresh folder next to ``directory`` and swap it in place.
        Returns the number of documents. Safe to call while the old index is open elsewhere."""
        parent = directory.parent
        tmp = parent / f"{directory.name}.building-{os.getpid()}-{threading.get_ident()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        count = 0
        try:
            ix = whoosh_index.create_in(str(tmp), make_schema(), indexname=INDEX_NAME)
            writer = open_writer(ix)
            try:
                count = _bulk_add(writer, rows)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            ix.close()
            _write_marker(tmp, generation)
            old = parent / f"{directory.name}.old-{os.getpid()}-{time.monotonic_ns()}"
            if directory.exists():
                os.replace(directory, old)
            os.replace(tmp, directory)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return count

    def apply(
        self,
        upserts: Iterable[TermRow],
        deletions: Iterable[tuple[str, str]],
        generation: int,
        existing: set[tuple[str, str]] | None = None,
        bulk: bool = False,
    ) -> None:
        """Replace/delete documents in one commit and record ``generation``. ``existing`` are the
        upserted (slug, lang) that may already be indexed (None: any may be); the others are just
        added, which is much cheaper. With ``bulk`` (many upserts, ``existing`` known) the new
        versions go in as one new segment the way a full build writes it. Writer thread only."""
        writer = open_writer(self.ix, timeout=10.0)
        try:
            for slug, lang in deletions:
                writer.delete_by_term("key", key_of(slug, lang))
            if bulk and existing is not None:
                for slug, lang in existing:
                    writer.delete_by_term("key", key_of(slug, lang))
                _bulk_add(writer, upserts)
            else:
                for row in upserts:
                    if existing is None or (row.slug, row.lang) in existing:
                        writer.update_document(**document(row))
                    else:
                        writer.add_document(**document(row))
        except BaseException:
            writer.cancel()
            raise
        # merging other segments in would interleave their postings with the pre-sorted ones
        writer.commit(merge=not bulk)
        _write_marker(self.directory, generation)
        self.generation = generation
        self.version += 1

    def view(self) -> IndexView:
        """The calling thread's searcher, refreshed if the index changed since its last use."""
        mine: IndexView | None = getattr(self._local, "view", None)
        if mine is None:
            s = self.ix.searcher()
            with self._all_lock:
                self._all.append(s)
            mine = IndexView(s, self.version)
            self._local.view = mine
        elif mine.version != self.version:
            fresh = mine.searcher.refresh()
            if fresh is not mine.searcher:
                # refresh() closed what the old searcher no longer shares: don't close it again
                with self._all_lock:
                    self._all.remove(mine.searcher)
                    self._all.append(fresh)
                mine = IndexView(fresh, self.version)
                self._local.view = mine
            else:
                mine.version = self.version
        return mine

    def doc_count(self) -> int:
        with self.ix.searcher() as s:
            return int(s.doc_count())

    def verify(self) -> list[str]:
        """Read every stored document and every posting list; return problems found."""
        problems = []
        try:
            with self.ix.searcher() as s:
                reader = s.reader()
                ids = reader.column_reader("id")
                for d in range(reader.doc_count_all()):
                    ids[d]
                for name in ("head", "body", "lang", "kind"):
                    for term in reader.lexicon(name):
                        for _ in reader.postings(name, term).all_ids():
                            pass
        except Exception as exc:
            problems.append(f"index unreadable ({type(exc).__name__}: {exc})")
        return problems

    def close(self) -> None:
        with self._all_lock:
            searchers, self._all = self._all, []
        for s in searchers:
            with contextlib.suppress(Exception):
                s.close()
        self.ix.close()
