"""The whoosh index under ``<home>/index/``: a derived cache of the store's stems.

One indexed field, ``content``: the head stems (title, tags, synonyms) twice, standing in for a
field boost, then the body stems. The store has already analysed the text, so the field's analyzer
only splits on spaces: no custom analyzer is pickled into the index, and any entry point can open
it.

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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.searching import Searcher

from kb.store import TermRow

INDEX_SCHEMA_VERSION = 1
MARKER_FILE = "sufler-index.json"
INDEX_NAME = "MAIN"
WRITER_LIMIT_MB = 96


class IndexUnusable(RuntimeError):
    """The index must be rebuilt; the message says why."""


def make_schema() -> Schema:
    return Schema(
        key=ID(unique=True),
        id=STORED,
        slug=STORED,
        title=STORED,
        lang=ID(stored=True),
        kind=ID(stored=True),
        content=TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False),
    )


def key_of(slug: str, lang: str) -> str:
    return f"{lang}:{slug}"


def document(row: TermRow) -> dict[str, Any]:
    content = f"{row.head} {row.head} {row.body}"
    return {
        "key": key_of(row.slug, row.lang),
        "id": row.id,
        "slug": row.slug,
        "title": row.title,
        "lang": row.lang,
        "kind": row.kind,
        "content": content,
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


@dataclass(slots=True)
class _ThreadSearcher:
    searcher: Searcher
    version: int


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
                    reader.stored_fields(n - 1)
                    next(iter(reader.lexicon("content")), None)
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
            writer = ix.writer(limitmb=WRITER_LIMIT_MB)
            try:
                for row in rows:
                    writer.add_document(**document(row))
                    count += 1
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
        self, upserts: Iterable[TermRow], deletions: Iterable[tuple[str, str]], generation: int
    ) -> None:
        """Replace/delete documents in one commit and record ``generation``. Writer thread only."""
        writer = self.ix.writer(timeout=10.0, limitmb=WRITER_LIMIT_MB)
        try:
            for slug, lang in deletions:
                writer.delete_by_term("key", key_of(slug, lang))
            for row in upserts:
                writer.update_document(**document(row))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        _write_marker(self.directory, generation)
        self.generation = generation
        self.version += 1

    def searcher(self) -> Searcher:
        """The calling thread's searcher, refreshed if the index changed since its last use."""
        mine: _ThreadSearcher | None = getattr(self._local, "s", None)
        if mine is None:
            s = self.ix.searcher()
            with self._all_lock:
                self._all.append(s)
            mine = _ThreadSearcher(s, self.version)
            self._local.s = mine
        elif mine.version != self.version:
            fresh = mine.searcher.refresh()
            if fresh is not mine.searcher:
                with self._all_lock:
                    self._all.remove(mine.searcher)
                    self._all.append(fresh)
                mine.searcher.close()
                mine.searcher = fresh
            mine.version = self.version
        return mine.searcher

    def doc_count(self) -> int:
        with self.ix.searcher() as s:
            return int(s.doc_count())

    def verify(self) -> list[str]:
        """Read every stored document and every posting list; return problems found."""
        problems = []
        try:
            with self.ix.searcher() as s:
                reader = s.reader()
                for _ in reader.all_stored_fields():
                    pass
                for term in reader.lexicon("content"):
                    for _ in reader.postings("content", term).all_ids():
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
