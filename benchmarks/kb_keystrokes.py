"""Search as you type, measured in keystrokes: Sufler against plain whoosh and SQLite FTS5.

    python benchmarks/kb_keystrokes.py [--eval PATH ...] [--log PATH ...] [--content DIR] [--slow]

Every query of the sets (``query<TAB>expected slug[<TAB>category]``; default: the product and
procedure dev set and the independent difficult-case set of the KB tests) is fed in typing order,
one prefix per keystroke, to each engine. A query is *answered* at the keystroke after which its
expected article is first and stays first up to the full query. Printed per engine: how many queries
get answered, the median share of the query typed by then, the share of answered queries answered
within their first 10 characters, the share of answered queries that *flickered* (once the first
word was finished, the expected article was first, then lost first place before it settled: the
list jumped away from the right answer and back), the share of all queries whose list went *blank*
in the middle of a word after it had shown something (the last letters typed went past every word
the engine knows), and p50/p95 per keystroke in ms. The baselines
get the textbook prefix query (``word*`` on the last word while it is being typed). ``--slow``
lists Sufler's queries answered late or never. ``--log`` simulates this workstation's search log
with other query sets (each query as searched, its expected article as opened), which Sufler
learns its article prior from; a set both measured and logged is refused (the log would know the
answers).
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

from kb_baselines import Fts5Baseline, WhooshBaseline, percentiles
from kb_relevance import read_eval_categories

from kb.knowledge_base import KnowledgeBase, default_content_dir

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = [
    ROOT / "tests" / "kb" / "data" / "products.dev.tsv",
    ROOT / "tests" / "kb" / "data" / "difficult-cases.extra.tsv",
]
WITHIN_CHARS = 10


def answered_at(tops: list[str | None], expected: str) -> int | None:
    """Characters typed when ``expected`` became first for good (None: not first at the end)."""
    if not tops or tops[-1] != expected:
        return None
    i = len(tops)
    while i > 0 and tops[i - 1] == expected:
        i -= 1
    return i + 1


def flickered(query: str, tops: list[str | None], expected: str, at: int) -> bool:
    """Whether ``expected``, answered at keystroke ``at``, was already first at some keystroke
    after the query's first finished word and lost first place before ``at`` (a lucky first place
    on the first letters, before any word is whole, does not count)."""
    start = query.find(" ") + 1
    return start > 0 and any(t == expected for t in tops[start - 1 : at - 1])


def blanked(query: str, tops: list[str | None]) -> bool:
    """Whether the list went empty at a keystroke inside a word after showing an article one
    keystroke earlier (a space typed after a word that finds nothing is an answer, not a blank)."""
    return any(before is not None and now is None and not query[i].isspace()
               for i, (before, now) in enumerate(pairwise(tops), start=1))


def type_query(search: Callable[[str, str | None], str | None], query: str,
               timings: list[float]) -> list[str | None]:
    """The top slug after each keystroke of ``query`` (each search is told the previous top, as
    the desk does; engines without hysteresis ignore it)."""
    tops: list[str | None] = []
    for n in range(1, len(query) + 1):
        t = time.perf_counter()
        tops.append(search(query[:n], tops[-1] if tops else None))
        timings.append((time.perf_counter() - t) * 1000)
    return tops


def first(slugs: list[str]) -> str | None:
    return slugs[0] if slugs else None


def baseline_kind(text: str) -> str:
    """A prefix query while a word is being typed, a plain one after a space."""
    return "plain" if text[-1:].isspace() else "prefix"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", type=Path, action="append", help="a query set (repeatable)")
    parser.add_argument("--log", type=Path, action="append", default=[],
                        help="a query set as the search log (repeatable; not a measured one)")
    parser.add_argument("--content", type=Path, default=default_content_dir())
    parser.add_argument("--slow", action="store_true", help="list Sufler's late or missed queries")
    args = parser.parse_args()
    measured = args.eval or DEFAULT_SETS
    if {p.resolve() for p in measured} & {p.resolve() for p in args.log}:
        parser.error("a query set cannot be both measured (--eval) and the search log (--log)")
    lines = [line for path in measured for line in read_eval_categories(path)]
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
        engines: dict[str, Callable[[str, str | None], str | None]] = {
            "sufler": lambda q, keep: first(
                [h.slug for h in kb.search(q, limit=1, keep=keep).hits]),
            "plain whoosh": lambda q, _: first(
                [s for s, _, _ in whoosh.search(q, kind=baseline_kind(q), limit=1)]),
            "sqlite fts5": lambda q, _: first(
                [s for s, _, _ in fts5.search(q, kind=baseline_kind(q), limit=1)]),
        }
        sets = ", ".join(p.name for p in measured)
        keystrokes = sum(len(q) for q, _, _ in lines)
        logged = f"; search log from {', '.join(p.name for p in args.log)}" if args.log else ""
        print(f"# {len(lines)} queries ({keystrokes} keystrokes) from {sets}; "
              f"{len(articles)} articles{logged}")
        print(f"{'engine':14s} {'answered':>9s} {'median typed':>13s} "
              f"{'≤' + str(WITHIN_CHARS) + ' chars':>10s} {'flickered':>10s} {'blanked':>8s} "
              f"{'top-1 full':>11s} "
              f"{'p50 ms':>7s} {'p95 ms':>7s}")
        slow: list[tuple[str, str, str]] = []
        for name, search in engines.items():
            timings: list[float] = []
            shares, within, answered, jumped, blank = [], 0, 0, 0, 0
            for query, slug, _ in lines:
                tops = type_query(search, query, timings)
                blank += blanked(query, tops)
                at = answered_at(tops, slug)
                if at is None:
                    if name == "sufler":
                        slow.append((query, slug, f"never (ends on {tops[-1]})"))
                    continue
                answered += 1
                shares.append(at / len(query))
                within += at <= WITHIN_CHARS
                jumped += flickered(query, tops, slug, at)
                if name == "sufler" and at > WITHIN_CHARS and at / len(query) > 0.4:
                    slow.append((query, slug, f"at {at} of {len(query)}"))
            median = statistics.median(shares) if shares else float("nan")
            p50, p95, _ = percentiles(timings)
            n = max(1, len(lines))
            print(f"{name:14s} {answered:4d}/{len(lines):<4d} {median:13.0%} "
                  f"{within / max(1, answered):10.0%} {jumped / max(1, answered):10.1%} "
                  f"{blank / n:8.1%} "
                  f"{answered / n:11.1%} "
                  f"{p50:7.2f} {p95:7.2f}")
        if args.slow:
            print("\n# sufler: answered after 10 characters and 40 % of the query, or never")
            for query, slug, when in slow:
                print(f"{query}\t{slug}\t{when}")
        kb.close()


if __name__ == "__main__":
    main()
