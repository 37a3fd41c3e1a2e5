"""Load on the floor hub: simulated workstations uploading notes and polling KB changes.

    python benchmarks/hub_load.py [--db sqlite|postgres] [--seconds 60] [--clients 200]
                                  [--batch 25] [--interval 4.0] [--workers N]

Starts its own hub process (and, for ``--db postgres``, its own throwaway PostgreSQL cluster,
durable settings) on 127.0.0.1, then runs ``--clients`` workstations concurrently (asyncio +
httpx, one bounded connection pool). Each workstation loops: upload ``--batch`` new notes, every
third round poll ``/kb/changes`` from its last revision, then wait ``--interval`` seconds (±50 %
jitter). The defaults (25 notes every 4 s per workstation, 1,250 notes/s offered) model a floor
catching up after an outage; a desktop in steady state sends far less. Prints ingest
throughput, p50/p95/p99 latency per request kind, errors, and checks that the hub holds exactly
the confirmed notes.

Thread rule: a script; one event loop on the main thread.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hub.servers import HubProcess, PgCluster  # noqa: E402

TARGET_NOTES_PER_S = 1000
TARGET_P95_MS = 100


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Stats:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = {"upload": [], "poll": []}
        self.errors: list[str] = []
        self.notes_confirmed = 0
        self.notes_in_window = 0  # confirmed after the warm-up (workstations starting up)
        self.window_start = 0.0
        self.window_start_offset = 0.0
        self.window = 0.0

    def summary(self, kind: str) -> str:
        values = [v * 1000 for v in self.latency[kind]]
        if not values:
            return f"{kind:<7} no requests"
        return (f"{kind:<7} {len(values):>7} req  p50 {percentile(values, 0.50):7.1f} ms  "
                f"p95 {percentile(values, 0.95):7.1f} ms  p99 {percentile(values, 0.99):7.1f} ms"
                f"  mean {statistics.fmean(values):6.1f} ms")


def note(i: int) -> dict:
    now = time.time()
    return {"uuid": str(uuid.uuid4()), "revision": 1, "note": {
        "call_id": f"bench-{i}", "number": f"+7 900 {i % 10000:04d}", "direction": "in",
        "started_at": now - 120, "answered_at": now - 110, "ended_at": now, "duration": 110.0,
        "wrap_up_code": "consultation", "text": "Клиент уточнил тариф и условия доставки. " * 3,
        "complaint": {}, "callback": {}, "articles": ["manager-contact"], "completed": True}}


async def workstation(client: httpx.AsyncClient, token: str, args: argparse.Namespace,
                      deadline: float, stats: Stats, rng: random.Random) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    revision = 0
    rounds = 0
    await asyncio.sleep(rng.uniform(0, args.interval))  # spread the start
    while time.monotonic() < deadline:
        batch = [note(rounds * 1000 + k) for k in range(args.batch)]
        started = time.perf_counter()
        try:
            response = await client.post("/notes", json={"notes": batch}, headers=headers)
            elapsed = time.perf_counter() - started
            if response.status_code == 200 and len(response.json()["results"]) == len(batch):
                stats.latency["upload"].append(elapsed)
                stats.notes_confirmed += len(batch)
                if time.monotonic() >= stats.window_start:
                    stats.notes_in_window += len(batch)
            else:
                stats.errors.append(f"upload {response.status_code}: {response.text[:100]}")
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            stats.errors.append(f"upload {type(exc).__name__}: {exc}")
        if rounds % 3 == 0:
            started = time.perf_counter()
            try:
                response = await client.get("/kb/changes", params={"since": revision},
                                            headers=headers)
                elapsed = time.perf_counter() - started
                if response.status_code == 200:
                    stats.latency["poll"].append(elapsed)
                    revisions = response.json()["revisions"]
                    if revisions:
                        revision = revisions[-1]["revision"]
                else:
                    stats.errors.append(f"poll {response.status_code}")
            except (httpx.HTTPError, ValueError, KeyError) as exc:
                stats.errors.append(f"poll {type(exc).__name__}: {exc}")
        rounds += 1
        pause = args.interval * rng.uniform(0.5, 1.5)
        await asyncio.sleep(max(0.0, min(pause, deadline - time.monotonic())))


async def run_load(url: str, token: str, args: argparse.Namespace) -> tuple[Stats, float]:
    stats = Stats()
    limits = httpx.Limits(max_connections=args.clients, max_keepalive_connections=args.clients,
                          keepalive_expiry=30.0)  # the hub keeps idle connections for 75 s
    async with httpx.AsyncClient(base_url=f"{url}/api/v1", limits=limits,
                                 timeout=httpx.Timeout(30.0)) as client:
        started = time.monotonic()
        deadline = started + args.seconds
        stats.window_start_offset = min(args.interval, args.seconds / 4)
        stats.window_start = started + stats.window_start_offset
        rng = random.Random(1)
        await asyncio.gather(*(workstation(client, token, args, deadline, stats,
                                           random.Random(rng.random()))
                               for _ in range(args.clients)))
        elapsed = time.monotonic() - started
        stats.window = max(1e-9, time.monotonic() - stats.window_start)
    return stats, elapsed


def publish_kb(url: str, token: str) -> None:
    for n in range(3):
        article = {"slug": f"bench-{n}", "kind": "procedure", "lang": "ru",
                   "title": f"Процедура {n}", "body": "Шаги процедуры. " * 40}
        response = httpx.post(f"{url}/api/v1/kb/articles", json={"upserts": [article]},
                              headers={"Authorization": f"Bearer {token}"}, timeout=30)
        response.raise_for_status()


def _proc_stat(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def tree_cpu_seconds(root: int) -> float:
    """CPU time of a process and its live descendants, plus reaped children (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _proc_stat(int(entry))) is not None:
            children.setdefault(int(fields[1]), []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        fields = _proc_stat(pid)
        if fields is None:
            continue
        total += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
        stack.extend(children.get(pid, []))
    return total / os.sysconf("SC_CLK_TCK")


def server_pids(hub: HubProcess, cluster: PgCluster | None) -> list[int]:
    pids = [hub.proc.pid] if hub.proc else []
    if cluster is not None:
        pids.append(int((cluster.data / "postmaster.pid").read_text().split()[0]))
    return pids


def hub_note_count(url: str, token: str) -> int:
    response = httpx.get(f"{url}/api/v1/notes/export.csv", timeout=300,
                         headers={"Authorization": f"Bearer {token}"})
    response.raise_for_status()
    return response.text.count("\n") - 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--batch", type=int, default=25, help="notes per upload")
    parser.add_argument("--interval", type=float, default=4.0,
                        help="mean seconds between a workstation's uploads")
    parser.add_argument("--workers", type=int, default=1,
                        help="uvicorn worker processes (PostgreSQL only benefits from more "
                             "when the hub has cores to spare)")
    args = parser.parse_args(argv)
    workers = args.workers

    with tempfile.TemporaryDirectory(prefix="sufler-bench-") as tmp:
        home = Path(tmp)
        cluster = PgCluster(durable=True).start() if args.db == "postgres" else None
        try:
            url = (cluster.create_database("bench") if cluster
                   else f"sqlite:///{home / 'hub' / 'hub.sqlite'}")
            hub = HubProcess(home / "hub", url, workers=workers)
            agent = hub.add_user("bench-agent", "agent")
            editor = hub.add_user("bench-editor", "editor")
            hub.start()
            try:
                publish_kb(hub.url, editor)
                pids = server_pids(hub, cluster)
                cpu_before = [tree_cpu_seconds(pid) for pid in pids]
                stats, elapsed = asyncio.run(run_load(hub.url, agent, args))
                server_cpu = [tree_cpu_seconds(pid) - before
                              for pid, before in zip(pids, cpu_before, strict=True)]
                stored = hub_note_count(hub.url, editor)
            finally:
                hub.stop()
        finally:
            if cluster is not None:
                cluster.stop()

    rate = stats.notes_in_window / stats.window
    all_latency = [v * 1000 for kind in stats.latency.values() for v in kind]
    p95 = percentile(all_latency, 0.95)
    print(f"hub load: db={args.db} workers={workers} clients={args.clients} "
          f"batch={args.batch} interval={args.interval}s duration={elapsed:.1f}s")
    print(f"ingest  {stats.notes_confirmed} notes confirmed, {rate:.0f} notes/s after the "
          f"{stats.window_start_offset:.0f} s warm-up (target >= {TARGET_NOTES_PER_S})")
    print(stats.summary("upload"))
    print(stats.summary("poll"))
    print(f"all     p50 {percentile(all_latency, 0.5):.1f} ms  p95 {p95:.1f} ms "
          f"(target <= {TARGET_P95_MS} ms)")
    names = ["hub"] + (["postgres"] if args.db == "postgres" else [])
    print("server CPU " + ", ".join(f"{name} {cpu:.1f} s" for name, cpu in
                                    zip(names, server_cpu, strict=True))
          + f" over {elapsed:.0f} s ({1000 * sum(server_cpu) / max(1, stats.notes_confirmed):.2f}"
          " ms per note)")
    client_cpu = resource.getrusage(resource.RUSAGE_SELF)
    print(f"load generator CPU {client_cpu.ru_utime + client_cpu.ru_stime:.1f} s "
          f"(same machine as the hub); load average {os.getloadavg()[0]:.2f}")
    print(f"errors  {len(stats.errors)}" + (f" (first: {stats.errors[0]})" if stats.errors
                                                else ""))
    print(f"hub     holds {stored} notes; confirmed {stats.notes_confirmed} "
          f"({'match' if stored == stats.notes_confirmed else 'MISMATCH'})")
    ok = (rate >= TARGET_NOTES_PER_S and p95 <= TARGET_P95_MS and not stats.errors
          and stored == stats.notes_confirmed)
    print("verdict " + ("targets met" if ok else "targets NOT met"))
    return 0 if stored == stats.notes_confirmed and not stats.errors else 1


if __name__ == "__main__":
    sys.exit(main())
