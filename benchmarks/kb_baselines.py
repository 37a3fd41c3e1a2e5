"""The two baselines the KB benchmarks compare Sufler's search with, and shared measuring helpers.

- *plain whoosh*: the textbook setup: title/tags/body fields with ``StemmingAnalyzer``, a new
  searcher per query, ``MultifieldParser`` (OR group, fuzzy ``~1`` on long words for typo queries,
  ``*`` after the last word for prefix queries) and the built-in highlighter for the snippet;
- *SQLite FTS5* with the ``unicode61`` tokenizer (diacritics removed, so ``ё`` folds), bm25 with
  title/tags weighted, ``snippet()`` for the snippet.

Both return the top slugs with a title and a snippet, like Sufler's search. Not a benchmark.
"""

from __future__ import annotations

import re
import resource
import sqlite3
import statistics
import sys
from collections.abc import Iterable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser, OrGroup

from kb.model import Article

WORD_RE = re.compile(r"[^\W_]+")


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 of ``samples``."""
    if len(samples) < 2:
        v = samples[0] if samples else float("nan")
        return v, v, v
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return statistics.median(samples), q[94], q[98]


class WhooshBaseline:
    """Textbook whoosh. One thread."""

    def __init__(self, directory: Path) -> None:
        self.ix = whoosh_index.open_dir(str(directory))
        self.parser = MultifieldParser(
            ["title", "tags", "body"], self.ix.schema, group=OrGroup.factory(0.9)
        )
        self.parser.add_plugin(FuzzyTermPlugin())

    @staticmethod
    def build(directory: Path, articles: Iterable[Article]) -> int:
        directory.mkdir(parents=True, exist_ok=True)
        schema = Schema(
            slug=ID(stored=True),
            title=TEXT(stored=True, analyzer=StemmingAnalyzer(), field_boost=3.0),
            tags=TEXT(analyzer=StemmingAnalyzer(), field_boost=2.0),
            body=TEXT(stored=True, analyzer=StemmingAnalyzer()),
        )
        ix = whoosh_index.create_in(str(directory), schema)
        writer = ix.writer(limitmb=128)
        n = 0
        for a in articles:
            writer.add_document(
                slug=a.slug,
                title=a.title,
                tags=" ".join([*a.tags, *a.synonyms]),
                body="\n".join([a.body, *a.replies]),
            )
            n += 1
        writer.commit()
        ix.close()
        return n

    def search(self, text: str, kind: str = "plain", limit: int = 10) -> list[tuple[str, str, str]]:
        words = WORD_RE.findall(text.lower())
        if not words:
            return []
        if kind == "typo":
            words = [f"{w}~1" if len(w) >= 5 else w for w in words]
        elif kind == "prefix":
            words[-1] += "*"
        query = self.parser.parse(" ".join(words))
        with self.ix.searcher() as searcher:
            results = searcher.search(query, limit=limit)
            return [(h["slug"], h["title"], h.highlights("body")) for h in results]


class Fts5Baseline:
    """SQLite FTS5 (unicode61). One thread."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(str(path))

    @staticmethod
    def build(path: Path, articles: Iterable[Article]) -> int:
        path.unlink(missing_ok=True)
        conn = sqlite3.connect(str(path))
        conn.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(slug UNINDEXED, title, tags, body, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        rows = (
            (a.slug, a.title, " ".join([*a.tags, *a.synonyms]), "\n".join([a.body, *a.replies]))
            for a in articles
        )
        with conn:
            conn.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", rows)
        n = conn.execute("SELECT count(*) FROM docs").fetchone()[0]
        conn.close()
        return int(n)

    def search(self, text: str, kind: str = "plain", limit: int = 10) -> list[tuple[str, str, str]]:
        words = [f'"{w}"' for w in WORD_RE.findall(text.lower())]
        if not words:
            return []
        if kind == "prefix":
            words[-1] += "*"
        rows = self.conn.execute(
            "SELECT slug, title, snippet(docs, 3, '<b>', '</b>', '…', 16) FROM docs "
            "WHERE docs MATCH ? ORDER BY bm25(docs, 0, 3.0, 2.0, 1.0) LIMIT ?",
            (" OR ".join(words), limit),
        )
        return [(r[0], r[1], r[2]) for r in rows]


if __name__ == "__main__":
    print(__doc__)
