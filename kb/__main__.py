"""``python -m kb``: search, import, export, reindex, check and stats for IT and scripts.

``SUFLER_HOME`` selects the data dir; a fresh one is seeded with the bundled default content.
Runs on the main thread; the index may rebuild on its background thread meanwhile.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from kb.knowledge_base import KnowledgeBase, check_home
from kb.markdown_files import ArticleFormatError, read_directory
from kb.model import KINDS, LANGS, SearchResult
from kb.paths import data_dir
from kb.store import StoreError

READY_TIMEOUT_S = 600.0
_TAG_RE = re.compile(r"</?b>")


def _result_json(result: SearchResult) -> str:
    return json.dumps(
        {
            "query": result.query,
            "took_ms": round(result.took_ms, 3),
            "hits": [
                {
                    "slug": h.slug,
                    "title": h.title,
                    "kind": h.kind,
                    "score": h.score,
                    "snippet": h.snippet,
                    "lang": h.lang,
                }
                for h in result.hits
            ],
        },
        ensure_ascii=False,
    )


def _result_text(result: SearchResult) -> str:
    lines = [f"# {result.query!r}: {len(result.hits)} hits in {result.took_ms:.1f} ms"]
    for h in result.hits:
        lines.append(f"{h.score:8.3f}  {h.slug} [{h.lang}, {h.kind}]  {h.title}")
        if h.snippet:
            lines.append("          " + html.unescape(_TAG_RE.sub("", h.snippet)))
    return "\n".join(lines)


def cmd_search(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    show = _result_json if args.json else _result_text

    def run(text: str) -> None:
        result = kb.search(text, limit=args.limit, kind=args.kind, lang=args.lang)
        print(show(result), flush=True)

    if args.query:
        run(" ".join(args.query))
        return 0
    for line in sys.stdin:
        run(line.rstrip("\r\n"))
    return 0


def cmd_import(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    try:
        content = read_directory(Path(args.dir), encoding=args.encoding)
        n = kb.import_content(content)
    except ArticleFormatError as exc:
        print(f"error: {exc}\nnothing was imported; fix the file and import again",
              file=sys.stderr)
        return 1
    for text in content.warnings:
        print(f"warning: {text}", file=sys.stderr)
    print(f"imported {n} articles from {args.dir}")
    return 0


def cmd_export(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    n = kb.export_directory(Path(args.dir))
    print(f"exported {n} articles to {args.dir}")
    return 0


def cmd_reindex(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    started = time.perf_counter()
    kb.reindex(wait=True)
    took = time.perf_counter() - started
    print(f"reindexed {kb.stats()['index_documents']} articles in {took:.1f} s")
    return 0


def cmd_stats(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    stats = kb.stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False))
    else:
        for key, value in stats.items():
            print(f"{key}: {value}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m kb", description="Sufler knowledge base (SUFLER_HOME selects the data dir)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("search", help="search; with no QUERY, one query per stdin line")
    p.add_argument("--json", action="store_true", help="one JSON object per query")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--lang", choices=LANGS)
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("query", nargs="*", metavar="QUERY")
    p.set_defaults(func=cmd_search)
    p = sub.add_parser("import", help="import a directory of Markdown articles (all or nothing)")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--encoding", help="the files' encoding when it is not UTF-8 (e.g. cp1251, "
                                      "utf-16); they are stored as UTF-8")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("export", help="export every article as Markdown into DIR")
    p.add_argument("dir", metavar="DIR")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("reindex", help="rebuild the search index from the store")
    p.set_defaults(func=cmd_reindex)
    sub.add_parser("check", help="verify the store and the index (exit 1 when broken)")
    p = sub.add_parser("stats", help="counts and sizes")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    home = data_dir()
    if args.command == "check":
        report = check_home(home)
        for note in report.notes:
            print(note)
        for problem in report.problems:
            print(f"BROKEN: {problem}", file=sys.stderr)
        print("ok" if report.ok else "check failed", file=sys.stdout if report.ok else sys.stderr)
        return 0 if report.ok else 1
    try:
        kb = KnowledgeBase.open(home)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        kb.wait_until_ready(READY_TIMEOUT_S)  # leave a complete index behind
        return int(args.func(kb, args))
    except BrokenPipeError:
        return 0
    finally:
        kb.close()


if __name__ == "__main__":
    sys.exit(main())
