"""Search-event uploads from a floor of workstations: the hub's CPU share.

    python benchmarks/search_events_load.py [--db sqlite|postgres] [--workstations 200]
                                            [--searches-per-hour 50] [--speedup 20]

A floor of ``--workstations`` operators each searching ``--searches-per-hour`` times means one
upload per search at most (the log sends what is ready at each sync pass): that many POSTs of
``/kb/search-events`` per hour. The benchmark sends them ``--speedup`` times faster than real
time from the workstations' own tokens (one event per request, as a steady floor would), measures
the hub's CPU time (process tree, and PostgreSQL's for ``--db postgres``) and scales it back to
real time. Baseline in the same run: the same number of one-note uploads to ``/notes``. Then the
search-gaps report over one hour of events is timed.

Thread rule: a script; one event loop on the main thread.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.hub_load import percentile, server_pids, tree_cpu_seconds  # noqa: E402
from tests.hub.servers import HubProcess, PgCluster  # noqa: E402

TARGET_CPU_SHARE = 5.0
QUERIES = ("дайте телефон директора", "квантовый роутер", "не слышно", "тариф луна",
           "возврат денег", "угрожает", "ребенок звонит", "спам предложение")


def search_event() -> dict:
    hits = random.choice((0, 0, 1, 3, 5))
    return {"uuid": str(uuid.uuid4()), "at": time.time(), "query": random.choice(QUERIES),
            "lang": "ru", "hits": hits, "opened": "manager-contact" if hits else None,
            "copied": hits > 2, "on_hold": random.random() < 0.3}


def one_note() -> dict:
    return {"uuid": str(uuid.uuid4()), "revision": 1, "note": {
        "number": "79160000000", "direction": "in", "started_at": time.time(),
        "wrap_up_code": "консультация", "text": "Абонент спросил о тарифе."}}


Maker = Callable[[], dict[str, Any]]  # one event or note to send


async def offer(url: str, tokens: list[str], path: str, make: Maker, requests: int,
                rate: float) -> list[float]:
    """``requests`` POSTs spread evenly at ``rate`` per second; returns their latencies (ms)."""
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=50, max_keepalive_connections=50)
    async with httpx.AsyncClient(base_url=f"{url}/api/v1", timeout=60, limits=limits) as client:
        async def send(i: int) -> None:
            await asyncio.sleep(i / rate)
            body = {"events": [make()]} if path == "/kb/search-events" else {"notes": [make()]}
            started = time.perf_counter()
            answer = await client.post(path, json=body, headers={
                "Authorization": f"Bearer {tokens[i % len(tokens)]}"})
            answer.raise_for_status()
            latencies.append((time.perf_counter() - started) * 1000)

        await asyncio.gather(*(send(i) for i in range(requests)))
    return latencies


def measure(hub: HubProcess, cluster: PgCluster | None, tokens: list[str], path: str,
            make: Maker, requests: int, rate: float) -> tuple[float, list[float], float]:
    pids = server_pids(hub, cluster)
    before = sum(tree_cpu_seconds(p) for p in pids)
    started = time.perf_counter()
    latencies = asyncio.run(offer(hub.url, tokens, path, make, requests, rate))
    elapsed = time.perf_counter() - started
    return sum(tree_cpu_seconds(p) for p in pids) - before, latencies, elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--workstations", type=int, default=200)
    parser.add_argument("--searches-per-hour", type=int, default=50)
    parser.add_argument("--speedup", type=float, default=5.0)
    parser.add_argument("--minutes", type=float, default=4.0,
                        help="real-time minutes of the floor to replay")
    args = parser.parse_args(argv)

    per_second = args.workstations * args.searches_per_hour / 3600
    requests = int(per_second * args.minutes * 60)
    rate = per_second * args.speedup
    home = Path(tempfile.mkdtemp(prefix="sufler-bench-events-"))
    cluster = PgCluster(durable=True).start() if args.db == "postgres" else None
    try:
        url = (cluster.create_database("events") if cluster else
               f"sqlite:///{home / 'hub.sqlite'}")
        hub = HubProcess(home, url)
        tokens = [hub.add_user(f"ws{i:03d}", "agent") for i in range(args.workstations)]
        editor = hub.add_user("editor", "editor")
        hub.start()
        try:
            measure(hub, cluster, tokens, "/kb/search-events", search_event, 50, 50)  # warm up
            events_cpu, events_ms, events_s = measure(hub, cluster, tokens, "/kb/search-events",
                                                      search_event, requests, rate)
            notes_cpu, notes_ms, _ = measure(hub, cluster, tokens, "/notes", one_note,
                                             requests, rate)
            # One hour of the floor's events, then the editor's report over it.
            hour = int(args.workstations * args.searches_per_hour)
            batch = [search_event() for _ in range(hour)]
            with httpx.Client(base_url=f"{hub.url}/api/v1", timeout=120) as client:
                for i in range(0, hour, 500):
                    client.post("/kb/search-events", json={"events": batch[i:i + 500]},
                                headers={"Authorization": f"Bearer {tokens[0]}"}
                                ).raise_for_status()
                report_ms = []
                for _ in range(5):
                    started = time.perf_counter()
                    client.get("/reports/search-gaps?days=1", headers={
                        "Authorization": f"Bearer {editor}"}).raise_for_status()
                    report_ms.append((time.perf_counter() - started) * 1000)
        finally:
            hub.stop()
    finally:
        if cluster is not None:
            cluster.stop()

    real_seconds = requests / per_second
    share = 100 * events_cpu / real_seconds
    print(f"search events, hub on {args.db}: {args.workstations} workstations x "
          f"{args.searches_per_hour} searches/hour = {per_second:.2f} uploads/s; replayed "
          f"{requests} uploads ({args.minutes:g} min of the floor) at {rate:.0f}/s in "
          f"{events_s:.1f} s")
    print(f"  hub CPU {events_cpu:.2f} s = {1000 * events_cpu / requests:.2f} ms per upload; "
          f"at the real rate {share:.2f} % of one core (target < {TARGET_CPU_SHARE:g} %)")
    print(f"  upload latency p50 {percentile(events_ms, 0.5):.1f} ms, p95 "
          f"{percentile(events_ms, 0.95):.1f} ms")
    print(f"  baseline, same run: one-note uploads {1000 * notes_cpu / requests:.2f} ms CPU "
          f"each (p95 {percentile(notes_ms, 0.95):.1f} ms); events / notes CPU = "
          f"{events_cpu / max(notes_cpu, 1e-9):.2f}")
    print(f"  search-gaps report over one hour ({hour} events): p50 "
          f"{percentile(report_ms, 0.5):.0f} ms")
    print(f"  machine load average during the run: {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
