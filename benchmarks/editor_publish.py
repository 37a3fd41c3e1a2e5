"""From the editor's Publish to an operator finding the article on a workstation.

    python benchmarks/editor_publish.py [--rounds 20]

A real hub process (SQLite) and a workstation KB (the default content, indexed). Each round the
editor's client publishes a changed article as one signed revision with its base revision, then
the workstation runs its next pull (verify the signature, apply in one transaction, index) and an
operator's search finds the new text. Printed: publish, pull and search times, and the total
(target: ≤ 1 s plus the pull interval, which is when the next pull starts). Baseline in the same
run: saving the same article straight into the workstation's KB (no hub, no signature).

Thread rule: a script; runs on the main thread.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.hub_load import percentile  # noqa: E402
from tests.hub.servers import HubProcess  # noqa: E402

WORDS = ("луна", "комета", "орбита", "галактика", "туманность", "созвездие", "метеорит")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    home = Path(tempfile.mkdtemp(prefix="sufler-bench-publish-"))
    os.environ["SUFLER_HOME"] = str(home)
    from agent.editor.hub_api import EditorHub
    from agent.notes.hub_client import make_client
    from agent.notes.kb_pull import KbPuller
    from kb.knowledge_base import KnowledgeBase
    from kb.model import Article

    hub = HubProcess(home / "hub", f"sqlite:///{home / 'hub' / 'hub.sqlite'}")
    editor_token = hub.add_user("editor", "editor")
    agent_token = hub.add_user("operator", "agent")
    hub.start()
    kb = KnowledgeBase.open(home / "workstation")
    kb.wait_until_ready(300)
    publish_ms, pull_ms, search_ms, total_ms, local_ms = [], [], [], [], []
    try:
        editor = EditorHub(hub.url, lambda: editor_token)
        with make_client(hub.url, agent_token) as client:
            key = client.get("/kb/public-key").json()["public_key"]
            puller = KbPuller(kb, key)
            puller.pull(client)
            base = 0
            for n in range(args.rounds):
                word = f"{WORDS[n % len(WORDS)]}{n}"
                article: dict[str, Any] = {"slug": "bench-publish", "kind": "product", "lang": "ru",
                           "title": f"Тариф {word}", "body": f"Подключение тарифа {word}.",
                           "tags": ["тариф"], "synonyms": [], "replies": [], "actions": [],
                           "extra": {}}
                started = time.perf_counter()
                answer = editor.publish([(article, base)])
                published = time.perf_counter()
                base = int(answer["revision"])
                report = puller.pull(client)
                pulled = time.perf_counter()
                assert report.ok, report.error
                hits = kb.search(f"тариф {word}").hits
                found = time.perf_counter()
                assert hits and hits[0].slug == "bench-publish", hits
                publish_ms.append((published - started) * 1000)
                pull_ms.append((pulled - published) * 1000)
                search_ms.append((found - pulled) * 1000)
                total_ms.append((found - started) * 1000)
                local = time.perf_counter()
                kb.save(Article(**{**article, "slug": "bench-local", "body": f"{word} локально"}))
                local_ms.append((time.perf_counter() - local) * 1000)
    finally:
        kb.close()
        hub.stop()

    def line(name: str, values: list[float]) -> str:
        return (f"  {name}: p50 {percentile(values, 0.5):.0f} ms, p95 "
                f"{percentile(values, 0.95):.0f} ms")

    print(f"publish → searchable on a workstation, {args.rounds} rounds (hub on SQLite, "
          f"workstation KB with the default content)")
    print(line("publish (one signed revision, base checked)", publish_ms))
    print(line("the workstation's pull (verify, apply, index)", pull_ms))
    print(line("operator's search finds it", search_ms))
    print(line("total: publish + the next pull + search", total_ms)
          + "  (target ≤ 1000 ms, plus the wait for the pull interval)")
    print(line("baseline: the same save straight into the local KB", local_ms)
          + f"; total / baseline p50 = "
            f"{percentile(total_ms, 0.5) / max(percentile(local_ms, 0.5), 1e-9):.1f}")
    print(f"  machine load average during the run: {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
