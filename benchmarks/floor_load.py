"""Load on the floor: workstations sending presence and call events while supervisors watch.

    python benchmarks/floor_load.py [--db sqlite|postgres] [--seconds 120] [--clients 200]
                                    [--boards 5] [--speed 1.0] [--cycle 180]

Starts its own hub (and for ``--db postgres`` its own durable PostgreSQL cluster) on 127.0.0.1,
then runs ``--clients`` workstations and ``--boards`` supervisor boards in one event loop. Each
workstation is a busy operator: one call every ``--cycle`` seconds (~3 min) with two holds, a
wrap-up and back to ready, each change sent the moment it happens as the desktop's live link
does (one event per request), plus a heartbeat every 20 s. Each board holds the live stream
(``GET /floor/stream``). ``--speed`` compresses the operators' time to show headroom
(heartbeats stay at 20 s). The load generator speaks HTTP/1.1 over asyncio streams (one
kept-alive connection per workstation, as the live link has): a general HTTP client costs too
much CPU for 200 connections on the machine it shares with the hub it measures.

Prints, for the baseline (one workstation, one board, in the same run) and under load: the
event-to-board latency (from the workstation starting its request to a board receiving the row
with that event applied) p50/p95/p99, the upload latency, the hub's CPU (and PostgreSQL's) and
the load generator's, and the database growth per event and per day at this rate. Timing
targets live here, not in tests.

Thread rule: a script; one event loop on the main thread.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from hub_load import percentile, server_pids, tree_cpu_seconds  # noqa: E402

from tests.hub.servers import HubProcess, PgCluster  # noqa: E402

HEARTBEAT_S = 20.0
TARGET_P95_MS = 1000  # a hold reaches the board within a second


@dataclass
class Stats:
    sent: dict[tuple[str, int], float] = field(default_factory=dict)  # (operator, seq) → t
    upload: list[float] = field(default_factory=list)
    board: list[float] = field(default_factory=list)
    held_board: list[float] = field(default_factory=list)  # holds only
    held_keys: set[tuple[str, int]] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    events: int = 0
    heartbeats: int = 0
    messages: int = 0
    measuring: bool = False

    def ms(self, values: list[float]) -> str:
        if not values:
            return "none"
        v = [x * 1000 for x in values]
        return (f"p50 {percentile(v, 0.50):7.1f} ms  p95 {percentile(v, 0.95):7.1f} ms  "
                f"p99 {percentile(v, 0.99):7.1f} ms  max {max(v):7.1f} ms  (n={len(v)})")


class Connection:
    """A kept-alive HTTP/1.1 connection to the hub, one request at a time: what a
    workstation's live link holds. Written with asyncio streams, so that 200 of them cost the
    load generator little CPU (it shares the machine with the hub it measures)."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host, self.port = host, port
        self.auth = f"Authorization: Bearer {token}\r\n"
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self.lock = asyncio.Lock()

    async def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        async with self.lock:
            try:
                return await self._post(path, body)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                self.close()  # a stale connection: once more on a new one
                return await self._post(path, body)

    async def _post(self, path: str, body: bytes) -> tuple[int, bytes]:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        writer.write(f"POST /api/v1{path} HTTP/1.1\r\nHost: {self.host}\r\n{self.auth}"
                     f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
                     .encode("ascii") + body)
        await writer.drain()
        status = int((await reader.readline()).split()[1])
        length = 0
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return status, await reader.readexactly(length)

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


class Station:
    """One simulated workstation: its connection, sequence and the next event's send."""

    def __init__(self, name: str, connection: Connection, stats: Stats) -> None:
        self.name = name
        self.connection = connection
        self.stats = stats
        self.seq = 0
        self.station = uuid.uuid4().hex[:16]

    async def post(self, events: list[dict]) -> None:
        started = time.perf_counter()
        body = json.dumps({"station": self.station, "sent_at": time.time(),
                           "events": events}).encode("utf-8")
        try:
            status, answer = await self.connection.post("/floor/events", body)
            if status != 200 or json.loads(answer)["received"] != len(events):
                self.stats.errors.append(f"events {status}: {answer[:100]!r}")
            elif self.stats.measuring:
                self.stats.upload.append(time.perf_counter() - started)
        except (OSError, asyncio.IncompleteReadError, ValueError, KeyError) as exc:
            self.stats.errors.append(f"events {type(exc).__name__}: {exc}")

    async def send(self, kind: str, **fields: object) -> None:
        self.seq += 1
        if self.stats.measuring:
            self.stats.sent[(self.name, self.seq)] = time.perf_counter()
            self.stats.events += 1
            if fields.get("phase") == "held":
                self.stats.held_keys.add((self.name, self.seq))
        await self.post([{"uuid": str(uuid.uuid4()), "seq": self.seq, "at": time.time(),
                          "kind": kind, **fields}])

    async def heartbeats(self, deadline: float, rng: random.Random) -> None:
        await asyncio.sleep(rng.uniform(0, HEARTBEAT_S))
        while time.monotonic() < deadline:
            await self.post([])
            self.stats.heartbeats += self.stats.measuring
            await asyncio.sleep(HEARTBEAT_S)

    async def shift(self, deadline: float, cycle: float, rng: random.Random) -> None:
        """Calls one after another: ring, answer, talk, hold, talk, hold, talk, hang up,
        wrap-up, ready (durations are fractions of the cycle, jittered)."""
        await self.send("state", state="ready")
        await asyncio.sleep(rng.uniform(0, cycle))  # operators are at different points
        steps = (0.03, 0.17, 0.11, 0.11, 0.08, 0.11, 0.08)  # of the cycle
        while time.monotonic() < deadline:
            key = uuid.uuid4().hex
            now = time.time()
            await self.send("call", call=key, phase="started", direction="in", started_at=now)
            waits = [cycle * s * rng.uniform(0.7, 1.3) for s in steps]
            await asyncio.sleep(waits[0])
            answered = time.time()
            await self.send("call", call=key, phase="answered", answered_at=answered)
            hold_total = 0.0
            for hold in (1, 2):
                await asyncio.sleep(waits[hold * 2 - 1])
                held = time.time()
                await self.send("call", call=key, phase="held", held_since=held, warn_s=30,
                                alarm_s=60)
                await asyncio.sleep(waits[hold * 2])
                length = time.time() - held
                hold_total += length
                await self.send("call", call=key, phase="resumed", hold_s=length)
            await asyncio.sleep(waits[5])
            ended = time.time()
            await self.send("call", call=key, phase="ended", direction="in", result="answered",
                            started_at=now, answered_at=answered, ended_at=ended,
                            talk_s=max(0.0, ended - answered - hold_total),
                            hold_total_s=hold_total, holds=2, longest_hold_s=hold_total / 2,
                            holds_over_alarm=0, code=200)
            await self.send("state", state="wrap-up")
            await asyncio.sleep(waits[6])
            await self.send("state", state="ready")
            await asyncio.sleep(max(0.0, cycle - sum(waits)))


async def board(host: str, port: int, token: str, stats: Stats,
                ready: asyncio.Event) -> None:
    """One supervisor's live board: the time each row with a new event arrives (the stream
    read with asyncio streams, chunk by chunk, like the Supervisor window's reader)."""
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET /api/v1/floor/stream HTTP/1.1\r\nHost: {host}\r\n"
                 f"Authorization: Bearer {token}\r\n\r\n".encode("ascii"))
    await writer.drain()
    while await reader.readline() not in (b"\r\n", b""):
        pass  # the status line and headers (chunked transfer)
    buffer = b""
    try:
        while True:
            size = int((await reader.readline()).strip() or b"0", 16)
            chunk = await reader.readexactly(size + 2)
            buffer += chunk[:-2]
            while b"\n\n" in buffer:
                event, buffer = buffer.split(b"\n\n", 1)
                _on_board_event(event.decode("utf-8"), stats, ready)
    finally:
        writer.close()


def _on_board_event(text: str, stats: Stats, ready: asyncio.Event) -> None:
    name = data = ""
    for line in text.split("\n"):
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            data = line[6:]
    if name == "board":
        ready.set()
    elif name == "presence":
        arrived = time.perf_counter()
        row = json.loads(data)
        key = (row["operator"], int(row.get("seq") or 0))
        sent = stats.sent.get(key)
        if sent is not None and stats.measuring:
            stats.messages += 1
            stats.board.append(arrived - sent)
            if key in stats.held_keys:
                stats.held_board.append(arrived - sent)


async def run(url: str, stations: list[tuple[str, str]], supervisors: list[str],
              seconds: float, cycle: float, stats: Stats, warmup: float,
              measured: Callable[[bool], None] = lambda _start: None) -> float:
    """Run the floor for ``warmup + seconds``; ``measured(True)`` when measuring starts,
    ``measured(False)`` when it ends; returns the measured seconds."""
    parsed = urlsplit(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 80
    connections: list[Connection] = []
    try:
        readies = [asyncio.Event() for _ in supervisors]
        boards = [asyncio.create_task(board(host, port, token, stats, ready))
                  for token, ready in zip(supervisors, readies, strict=True)]
        await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), 30)
        deadline = time.monotonic() + warmup + seconds
        rng = random.Random(7)
        tasks = []
        for name, token in stations:
            connections.append(Connection(host, port, token))
            station = Station(name, connections[-1], stats)
            tasks.append(asyncio.create_task(station.shift(deadline, cycle,
                                                           random.Random(rng.random()))))
            tasks.append(asyncio.create_task(station.heartbeats(deadline,
                                                                random.Random(rng.random()))))
        await asyncio.sleep(warmup)
        measured(True)
        stats.measuring = True
        started = time.monotonic()
        await asyncio.wait(tasks, timeout=max(0.0, deadline - time.monotonic()))
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        wall = time.monotonic() - started
        await asyncio.sleep(1.0)  # the last rows reach the boards
        stats.measuring = False
        measured(False)
        for task in boards:
            task.cancel()
        await asyncio.gather(*boards, return_exceptions=True)
        return wall
    finally:
        for connection in connections:
            connection.close()


def add_users(hub: HubProcess, clients: int, boards: int) -> tuple[list[tuple[str, str]],
                                                                   list[str]]:
    from kb.hub import db
    from kb.hub.service import HubService

    if hub.db_url.startswith("sqlite:///"):
        Path(hub.db_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = db.create_hub_engine(hub.db_url, pool_size=1)
    try:
        db.migrate(engine)
        service = HubService(engine, None)
        stations = [(f"op{i:03d}", service.add_user(f"op{i:03d}", "agent"))
                    for i in range(clients)]
        supervisors = [service.add_user(f"sup{i}", "supervisor") for i in range(boards)]
    finally:
        engine.dispose()
    return stations, supervisors


def database_bytes(hub: HubProcess, cluster: PgCluster | None) -> tuple[int, int]:
    """(size of the database in bytes, floor events stored)."""
    if cluster is None:
        path = Path(hub.db_url.removeprefix("sqlite:///"))
        with sqlite3.connect(str(path)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            events = conn.execute("SELECT count(*) FROM floor_events").fetchone()[0]
        return path.stat().st_size, int(events)
    import psycopg

    with psycopg.connect(hub.db_url.replace("postgresql+psycopg", "postgresql")) as conn:
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()
        events = conn.execute("SELECT count(*) FROM floor_events").fetchone()
    assert size is not None and events is not None
    return int(size[0]), int(events[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--boards", type=int, default=5)
    parser.add_argument("--cycle", type=float, default=180.0,
                        help="seconds per call cycle of one operator (a call every 3 min)")
    parser.add_argument("--speed", type=float, default=1.0,
                        help="compress the operators' time (2 = twice as busy)")
    args = parser.parse_args(argv)
    cycle = args.cycle / args.speed
    with tempfile.TemporaryDirectory(prefix="sufler-floor-bench-") as tmp:
        cluster = PgCluster(durable=True).start() if args.db == "postgres" else None
        try:
            url = cluster.create_database("floor") if cluster else \
                f"sqlite:///{Path(tmp) / 'hub' / 'hub.sqlite'}"
            hub = HubProcess(Path(tmp) / "hub", url)
            stations, supervisors = add_users(hub, args.clients, args.boards)
            hub.start()
            try:
                # Baseline, same run: one workstation, one board, a brisk cycle.
                base = Stats()
                asyncio.run(run(hub.url, stations[:1], supervisors[:1], 20.0, 6.0, base, 1.0))
                size_before, events_before = database_bytes(hub, cluster)
                pids = server_pids(hub, cluster)
                marks: list[list[float]] = []
                load = Stats()
                wall = asyncio.run(run(
                    hub.url, stations, supervisors, args.seconds, cycle, load,
                    min(cycle, 20.0), lambda _start: marks.append(
                        [tree_cpu_seconds(pid) for pid in pids])))
                cpu = [after - before for before, after in zip(*marks, strict=True)]
                size_after, events_after = database_bytes(hub, cluster)
            finally:
                hub.stop()
        finally:
            if cluster is not None:
                cluster.stop()
    stored = max(1, events_after - events_before)
    per_event = (size_after - size_before) / stored
    rate = load.events / wall
    per_day = rate * 86_400
    print(f"floor load: {args.clients} workstations (a call every {cycle:.0f} s, 2 holds), "
          f"{args.boards} boards, {args.db}, {wall:.0f} s measured")
    print(f"  events sent {load.events} ({rate:.1f}/s), heartbeats {load.heartbeats}, "
          f"rows delivered to boards {load.messages}, errors {len(load.errors)}")
    print(f"  baseline (1 workstation, 1 board) event → board: {base.ms(base.board)}")
    print(f"  under load event → board:       {load.ms(load.board)}")
    print(f"  under load hold → board:        {load.ms(load.held_board)}")
    print(f"  upload (event request):         {load.ms(load.upload)}")
    if base.board and load.board:
        ratio = percentile(load.board, 0.95) / percentile(base.board, 0.95)
        print(f"  p95 ratio load/baseline: {ratio:.2f}; target p95 ≤ {TARGET_P95_MS} ms: "
              f"{'met' if percentile(load.board, 0.95) * 1000 <= TARGET_P95_MS else 'MISSED'}")
    wall += 1.0  # the CPU was measured until the last rows reached the boards
    print(f"  hub CPU {cpu[0]:.1f} s = {cpu[0] / wall * 100:.1f} % of a core"
          + (f"; PostgreSQL {cpu[1]:.1f} s = {cpu[1] / wall * 100:.1f} %" if len(cpu) > 1
             else "") + f"; {cpu[0] / max(1, load.events + load.heartbeats) * 1000:.2f} ms "
          "per request")
    print(f"  database growth {per_event:.0f} bytes per event stored ({stored} events); at "
          f"this rate {per_day:,.0f} events/day = {per_day * per_event / 2**20:,.0f} MiB/day "
          f"(an 8-hour shift: {per_day / 3 * per_event / 2**20:,.0f} MiB)")
    if load.errors:
        print("  first errors:", *load.errors[:5], sep="\n    ")
    if base.board:
        print(f"  baseline mean {statistics.fmean(base.board) * 1000:.1f} ms")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"  load generator CPU {usage.ru_utime + usage.ru_stime:.1f} s (whole run)")
    return 1 if load.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
