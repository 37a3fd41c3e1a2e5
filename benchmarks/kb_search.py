"""Search latency of Sufler's KB against plain whoosh and SQLite FTS5 on one synthetic corpus.

    python benchmarks/kb_search.py [--size 10000] [--queries 200] [--prior N]

Prints, for each query kind (plain, prefix, typo, layout), p50/p95/p99 in ms of each engine, run
interleaved in one process (each query goes to the three engines in rotating order), and the ratios
to the baselines; index build time and peak RSS of each engine (each built in its own process);
Sufler's import (store + index), rebuild from the store, single-article update-to-visible time, and
cold open + first query. Latency = query → top 10 with title and highlighted snippet.
``--prior N`` then runs Sufler on the same queries twice more, warm: without, then with a floor
search prior of N (query, opened article, searches) triples learned (queries drawn from the
corpus with another seed).
The corpus comes from ``kb_corpus.py`` (cached in ``benchmarks/out/``). Figures are printed, never
asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from kb_baselines import Fts5Baseline, WhooshBaseline, peak_rss_mb, percentiles
from kb_corpus import OUT, SEED, corpus_files, generate_queries, load_articles, load_queries

from kb.knowledge_base import KnowledgeBase
from kb.model import Article

KINDS = ("plain", "prefix", "typo", "layout")
ENGINES = ("sufler", "whoosh", "fts5")


def child(task: str, size: int, work: Path) -> dict[str, float]:
    """Run one build/open task in a fresh interpreter and return its JSON report."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", task, "--size", str(size), "--work", str(work)],
        check=True, capture_output=True, text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def run_child(task: str, size: int, work: Path) -> None:
    corpus, queries = corpus_files(size)
    report: dict[str, float] = {}
    if task == "sufler-import":
        articles = list(load_articles(corpus))
        kb = KnowledgeBase.open(work / "sufler", seed=False)
        kb.wait_until_ready()
        t = time.perf_counter()
        kb.apply_changes(articles, [], revision=1)
        report["import_s"] = time.perf_counter() - t
        kb.close()
    elif task == "sufler-reindex":
        kb = KnowledgeBase.open(work / "sufler", seed=False)
        kb.wait_until_ready()
        t = time.perf_counter()
        kb.reindex()
        report["rebuild_s"] = time.perf_counter() - t
        kb.close()
    elif task == "sufler-cold":
        t = time.perf_counter()
        kb = KnowledgeBase.open(work / "sufler", seed=False)
        report["open_s"] = time.perf_counter() - t
        kb.wait_until_ready()
        t1 = time.perf_counter()
        kb.search(load_queries(queries)[0][1])
        report["first_query_ms"] = (time.perf_counter() - t1) * 1000
        report["open_to_first_result_s"] = time.perf_counter() - t
        kb.close()
    elif task == "whoosh-build":
        t = time.perf_counter()
        WhooshBaseline.build(work / "whoosh", load_articles(corpus))
        report["build_s"] = time.perf_counter() - t
    elif task == "fts5-build":
        t = time.perf_counter()
        Fts5Baseline.build(work / "fts5.sqlite", load_articles(corpus))
        report["build_s"] = time.perf_counter() - t
    report["rss_mb"] = peak_rss_mb()
    print(json.dumps(report))


def update_to_visible(kb: KnowledgeBase, rounds: int = 20) -> list[float]:
    """ms from ``save`` of a new article to a search that finds it."""
    times = []
    for i in range(rounds):
        word = "обновлени" + "".join("абвгдежзик"[int(c)] for c in f"{i:04d}") + "ка"
        article = Article(f"update-{i}", "product", "ru", f"Свежая статья {word}", body=word)
        t = time.perf_counter()
        kb.save(article)
        hits = kb.search(word + " ").hits
        times.append((time.perf_counter() - t) * 1000)
        assert hits and hits[0].slug == article.slug, (word, hits)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--queries", type=int, default=200, help="queries per kind")
    parser.add_argument("--no-whoosh", action="store_true",
                        help="skip the plain-whoosh baseline (its build takes minutes at 50k)")
    parser.add_argument("--prior", type=int, default=0,
                        help="then measure Sufler again with a floor search prior of N triples")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child, args.size, args.work)
        return

    work = OUT / f"work-{args.size}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    corpus_file, query_file = corpus_files(args.size, args.queries)
    queries = load_queries(query_file)
    # Warm-up queries of every kind from another seed: nothing measured is served from a cache.
    warm_up = list(generate_queries(list(load_articles(corpus_file)), 10, seed=SEED + 1))
    print(f"# corpus: {args.size} articles, {len(queries)} queries; pid {os.getpid()}, "
          f"load average {os.getloadavg()[0]:.2f} at start")

    engine_names = tuple(e for e in ENGINES if not (args.no_whoosh and e == "whoosh"))
    builds = {
        "sufler import (store + index)": child("sufler-import", args.size, work),
        "sufler rebuild from store": child("sufler-reindex", args.size, work),
        "fts5 build": child("fts5-build", args.size, work),
    }
    if "whoosh" in engine_names:
        builds["whoosh build"] = child("whoosh-build", args.size, work)
    cold = child("sufler-cold", args.size, work)
    print("\n## build (each in its own process)")
    for name, r in builds.items():
        secs = r.get("import_s") or r.get("rebuild_s") or r.get("build_s") or 0.0
        print(f"{name:32s} {secs:7.1f} s   peak RSS {r['rss_mb']:6.0f} MB")
    print(f"sufler cold open {cold['open_s'] * 1000:.0f} ms, first query "
          f"{cold['first_query_ms']:.1f} ms, open to first result "
          f"{cold['open_to_first_result_s'] * 1000:.0f} ms (peak RSS {cold['rss_mb']:.0f} MB)")

    kb = KnowledgeBase.open(work / "sufler", seed=False)
    kb.wait_until_ready()
    fts5 = Fts5Baseline(work / "fts5.sqlite")
    engines: dict[str, Callable[[str, str], Sequence[object]]] = {
        "sufler": lambda q, kind: kb.search(q, limit=10).hits,
        "fts5": lambda q, kind: fts5.search(q, kind),
    }
    if "whoosh" in engine_names:
        whoosh = WhooshBaseline(work / "whoosh")
        engines["whoosh"] = lambda q, kind: whoosh.search(q, kind)
    for kind, q, _ in warm_up:  # lazily built structures (e.g. the two-edit trigram index)
        for search in engines.values():
            search(q, kind)
    lat: dict[str, dict[str, list[float]]] = {e: {k: [] for k in KINDS} for e in engine_names}
    found: dict[str, dict[str, int]] = {e: {k: 0 for k in KINDS} for e in engine_names}
    n = len(engine_names)
    for i, (kind, q, slug) in enumerate(queries):
        order = engine_names[i % n :] + engine_names[: i % n]
        for name in order:
            t = time.perf_counter()
            hits = engines[name](q, kind)
            lat[name][kind].append((time.perf_counter() - t) * 1000)
            slugs = [getattr(h, "slug", None) or h[0] for h in hits]  # type: ignore[index]
            found[name][kind] += slug in slugs[:10]

    print(f"\n## latency in ms at {args.size} articles (p50 / p95 / p99), source article in top 10")
    others = [e for e in engine_names if e != "sufler"]
    print(f"{'kind':8s} " + " ".join(f"{e:>28s}" for e in engine_names)
          + f"   sufler p95 / {', '.join(others)} p95")
    for kind in KINDS:
        cells = []
        p95 = {}
        for e in engine_names:
            p50, p95[e], p99 = percentiles(lat[e][kind])
            share = 100 * found[e][kind] / max(1, len(lat[e][kind]))
            cells.append(f"{p50:6.1f} /{p95[e]:6.1f} /{p99:6.1f} {share:4.0f}%")
        ratios = ", ".join(f"{p95['sufler'] / p95[e]:.2f}x" for e in others)
        print(f"{kind:8s} " + " ".join(f"{c:>28s}" for c in cells) + f"   {ratios}")

    if args.prior:
        # The same queries again, warm, without and then with the prior: a fair pair.
        floor = generate_queries(list(load_articles(corpus_file)), args.prior // 4 + 1,
                                 seed=SEED + 2)[: args.prior]
        again: dict[str, dict[str, list[float]]] = {}
        for label in ("without", "with"):
            if label == "with":
                kb.learn_searches((q, slug, 2 + i % 7) for i, (_, q, slug) in enumerate(floor))
            again[label] = {k: [] for k in KINDS}
            for kind, q, _ in queries:
                t = time.perf_counter()
                kb.search(q, limit=10)
                again[label][kind].append((time.perf_counter() - t) * 1000)
        print(f"\n## sufler again, without / with a floor search prior of {len(floor)} triples "
              "(p50 / p95 / p99 ms)")
        for kind in KINDS:
            cells = ["{:6.1f} /{:6.1f} /{:6.1f}".format(*percentiles(again[label][kind]))
                     for label in ("without", "with")]
            print(f"{kind:8s} {cells[0]}    {cells[1]}")

    updates = update_to_visible(kb)
    p50, p95_u, _ = percentiles(updates)
    print(f"\nsufler update-to-visible (save → found by search): p50 {p50:.0f} ms, p95 "
          f"{p95_u:.0f} ms, max {max(updates):.0f} ms over {len(updates)} saves")
    print(f"sufler index {kb.stats()['index_bytes'] / 1e6:.0f} MB, store "
          f"{kb.stats()['store_bytes'] / 1e6:.0f} MB, lexicon {kb.stats()['lexicon_terms']} stems; "
          f"main process peak RSS {peak_rss_mb():.0f} MB (all three engines open)")
    print(f"load average at end {os.getloadavg()[0]:.2f}; mean sufler latency "
          f"{statistics.mean(x for k in KINDS for x in lat['sufler'][k]):.1f} ms")
    kb.close()


if __name__ == "__main__":
    main()
