"""Ranking quality on the bundled default content: Sufler against plain whoosh and SQLite FTS5.

    python benchmarks/kb_relevance.py [--eval PATH ...] [--log PATH ...] [--content DIR] [--misses]

Reads TSVs of ``query<TAB>expected slug[<TAB>category]`` lines (``#`` starts a comment; default: the
public development set next to the repository) and prints top-1, top-3 and MRR@10 for each engine,
over the whole set and per category. Ranks
count distinct slugs, so a Russian and an English version of one article are one result for every
engine. ``--misses`` lists the queries Sufler does not rank first. ``--log`` lets Sufler learn
from other query sets as a search log, as ``kb_keystrokes.py --log`` does (a set both measured and
logged is refused). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path

from kb_baselines import Fts5Baseline, WhooshBaseline

from kb.knowledge_base import KnowledgeBase, default_content_dir

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "difficult-cases.public.tsv"


def read_eval(path: Path) -> list[tuple[str, str]]:
    return [(q, s) for q, s, _ in read_eval_categories(path)]


def read_eval_categories(path: Path) -> list[tuple[str, str, str]]:
    """``(query, slug, category)`` lines; the category is the optional third column ("" if none)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            parts = line.split("\t")
            category = parts[2].strip() if len(parts) > 2 else ""
            out.append((parts[0], parts[1].strip(), category))
    return out


def distinct(slugs: list[str]) -> list[str]:
    return list(dict.fromkeys(slugs))


def evaluate(
    search: Callable[[str], list[str]], pairs: list[tuple[str, str]]
) -> tuple[float, float, float, list[tuple[str, str, list[str]]]]:
    top1 = top3 = 0
    rr = 0.0
    misses = []
    for query, slug in pairs:
        found = distinct(search(query))[:10]
        if found[:1] == [slug]:
            top1 += 1
        else:
            misses.append((query, slug, found[:3]))
        top3 += slug in found[:3]
        rr += 1.0 / (found.index(slug) + 1) if slug in found else 0.0
    n = max(1, len(pairs))
    return top1 / n, top3 / n, rr / n, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", type=Path, action="append",
                        help="a query set (repeatable; default: the public development set)")
    parser.add_argument("--content", type=Path, default=default_content_dir())
    parser.add_argument("--misses", action="store_true", help="list Sufler's non-first queries")
    parser.add_argument("--log", type=Path, action="append", default=[],
                        help="a query set as the search log (repeatable; not a measured one)")
    args = parser.parse_args()
    sets = args.eval or [DEFAULT_EVAL]
    if {p.resolve() for p in sets} & {p.resolve() for p in args.log}:
        parser.error("a query set cannot be both measured (--eval) and the search log (--log)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        kb = KnowledgeBase.open(work / "sufler", seed=False)
        kb.import_directory(args.content)
        kb.wait_until_ready()
        if args.log:
            kb.note_search_log([(q, slug) for path in args.log
                                for q, slug, _ in read_eval_categories(path)])
        articles = kb.articles()
        WhooshBaseline.build(work / "whoosh", articles)
        Fts5Baseline.build(work / "fts5.sqlite", articles)
        whoosh = WhooshBaseline(work / "whoosh")
        fts5 = Fts5Baseline(work / "fts5.sqlite")
        engines: dict[str, Callable[[str], list[str]]] = {
            "sufler": lambda q: [h.slug for h in kb.search(q, limit=10).hits],
            "plain whoosh": lambda q: [s for s, _, _ in whoosh.search(q)],
            "sqlite fts5": lambda q: [s for s, _, _ in fts5.search(q)],
        }
        for path in sets:
            lines = read_eval_categories(path)
            print(f"# {len(lines)} queries from {path.name}; {len(articles)} articles")
            print(f"{'category':10s} {'n':>4s}  " + "  ".join(
                f"{name + ' top-1/top-3/MRR':>28s}" for name in engines))
            categories = ["all", *sorted({c for _, _, c in lines if c})]
            sufler_misses: list[tuple[str, str, list[str]]] = []
            for category in categories:
                pairs = [(q, s) for q, s, c in lines if category in ("all", c)]
                cells = []
                for name, search in engines.items():
                    top1, top3, mrr, misses = evaluate(search, pairs)
                    cells.append(f"{top1:9.1%} {top3:7.1%} {mrr:6.3f}    ")
                    if name == "sufler" and category == "all":
                        sufler_misses = misses
                print(f"{category:10s} {len(pairs):4d}  " + "  ".join(
                    f"{c:>28s}" for c in cells))
            if args.misses:
                print("# sufler: queries not ranked first (expected → top 3)")
                for query, slug, found in sufler_misses:
                    print(f"{query}\t{slug} → {', '.join(found) or '(nothing)'}")
            print()
        kb.close()


if __name__ == "__main__":
    main()
