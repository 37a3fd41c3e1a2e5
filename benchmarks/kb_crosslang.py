"""Cross-language retrieval: queries for articles that exist only in the other language.

    python benchmarks/kb_crosslang.py [--eval PATH ...] [--content DIR] [--misses]

For each language L of the queries, in two folds: the L version of every other slug (by sorted
order, alternating per fold) is left out of the KB, so those articles exist only in the other
language, and the term bridge learns from the pairs that remain. Printed: top-1/top-3/MRR of the
queries in L whose expected article has no L version (the cross-language case), and of those whose
article still has one (the same-language case, which must not suffer). Figures are printed, never
asserted.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from kb_relevance import DEFAULT_EVAL, evaluate, read_eval_categories

from kb.analysis import query_language
from kb.knowledge_base import KnowledgeBase, default_content_dir
from kb.markdown_files import KbDirectory, read_directory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", type=Path, action="append", help="a query set (repeatable)")
    parser.add_argument("--content", type=Path, default=default_content_dir())
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    lines = [line for p in (args.eval or [DEFAULT_EVAL]) for line in read_eval_categories(p)]
    content = read_directory(args.content)
    slugs = sorted({a.slug for a in content.articles})
    print(f"# {len(lines)} queries; {len(content.articles)} articles, {len(slugs)} slugs")
    print(f"{'queries':8s} {'case':16s} {'n':>4s}  {'top-1':>6s} {'top-3':>6s} {'MRR':>6s}")
    for lang in ("ru", "en"):
        cross: list[tuple[str, str]] = []
        same: list[tuple[str, str]] = []
        results: dict[str, list[tuple[float, float, float, int]]] = {"cross": [], "same": []}
        misses: list[tuple[str, str, list[str]]] = []
        for fold in (0, 1):
            dropped = {s for i, s in enumerate(slugs) if i % 2 == fold}
            kept = [a for a in content.articles if not (a.lang == lang and a.slug in dropped)]
            with tempfile.TemporaryDirectory() as tmp:
                kb = KnowledgeBase.open(Path(tmp) / "sufler", seed=False)
                kb.import_content(KbDirectory(kept, content.synonym_sets))
                kb.wait_until_ready()
                queries = [(q, s) for q, s, _ in lines if query_language(q) == lang]
                cross = [(q, s) for q, s in queries if s in dropped]
                same = [(q, s) for q, s in queries if s not in dropped]
                def search(q: str, kb: KnowledgeBase = kb) -> list[str]:
                    return [h.slug for h in kb.search(q, limit=10).hits]

                for name, pairs in (("cross", cross), ("same", same)):
                    top1, top3, mrr, missed = evaluate(search, pairs)
                    results[name].append((top1, top3, mrr, len(pairs)))
                    if name == "cross":
                        misses += missed
                kb.close()
        for name, runs in results.items():
            n = sum(r[3] for r in runs)
            if not n:
                continue
            avg = [sum(r[i] * r[3] for r in runs) / n for i in range(3)]
            label = f"{lang}→{'other' if name == 'cross' else lang}"
            print(f"{lang:8s} {label:16s} {n:4d}  {avg[0]:6.1%} {avg[1]:6.1%} {avg[2]:6.3f}")
        if args.misses:
            for q, s, found in misses:
                print(f"  miss\t{q}\t{s} → {', '.join(found) or '(nothing)'}")


if __name__ == "__main__":
    main()
