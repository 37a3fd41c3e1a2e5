"""Phone engine latencies on loopback, next to bare pjsua2 measured in the same run.

- INVITE received → ``incoming`` event: the caller engine's ``call``/calling event time (emitted
  just after its INVITE left) to the callee engine's ``incoming`` event time (both stamped by the
  engines, same clock). The raw figure starts before ``makeCall``, so it includes building the
  INVITE and is not strictly comparable.
- answer → media active: ``answer`` written to the callee's stdin → its ``media active`` event.
- hold round trip: ``hold`` written → the holder's ``media local-hold`` event (re-INVITE + 200).
- endpoint start: ``libCreate`` → transports and audio ready (the engine's ``hello.start_ms``),
  and process spawn → ``hello`` read (includes Python start-up and imports).
- RSS of the callee engine with one call up.

Figures are printed, not asserted. ``python benchmarks/phone_latency.py [REPEATS]``.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.phone.conftest import EnginePeer  # noqa: E402

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 20


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def line(name: str, ours: list[float], raw: list[float] | None, unit: str = "ms",
         target: str = "") -> None:
    p50, p95 = statistics.median(ours), pct(ours, 0.95)
    text = f"{name:<34} p50 {p50:8.2f} {unit}  p95 {p95:8.2f} {unit}"
    if raw:
        text += f"   | raw pjsua2 p50 {statistics.median(raw):7.2f} p95 {pct(raw, 0.95):7.2f}"
    if target:
        text += f"   (target {target})"
    print(text)


def rss_mb(pid: int) -> float:
    for row in Path(f"/proc/{pid}/status").read_text().splitlines():
        if row.startswith("VmRSS:"):
            return int(row.split()[1]) / 1024
    return 0.0


def main() -> None:
    raw_out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "phone_raw_pjsua2.py"), str(REPEATS)],
        capture_output=True, text=True, timeout=300,
    )
    rows = [r for r in raw_out.stdout.splitlines() if r.startswith('{"invite')]
    raw = json.loads(rows[-1])

    base = Path(tempfile.mkdtemp(prefix="phone-bench-"))
    args = ["--listen", "127.0.0.1:0", "--wrap-up", "0", "--no-history", "--audio", "null"]

    spawn_ms: list[float] = []
    start_ms: list[float] = []
    for i in range(REPEATS):
        t0 = time.perf_counter()
        peer = EnginePeer(f"s{i}", [*args, "--user", f"s{i}"], base / f"s{i}")
        spawn_ms.append(1000 * (time.perf_counter() - t0))
        start_ms.append(float(peer.hello["start_ms"]))
        peer.close()

    a = EnginePeer("a", [*args, "--user", "a"], base / "a")
    b = EnginePeer("b", [*args, "--user", "b"], base / "b")
    invite_ms: list[float] = []
    answer_ms: list[float] = []
    hold_ms: list[float] = []
    memory: list[float] = []
    try:
        for _ in range(REPEATS):
            a.mark()
            b.mark()
            a.send(f"dial {b.uri}")
            calling = a.wait("call", state="calling")
            incoming = b.wait("incoming")
            invite_ms.append(1000 * (incoming["t"] - calling["t"]))
            b.mark()
            sent = time.time()
            b.send({"cmd": "answer", "call": incoming["call"]})
            media = b.wait("media", call=incoming["call"], status="active")
            answer_ms.append(1000 * (media["t"] - sent))
            out = a.wait("media", status="active")
            memory.append(rss_mb(b.proc.pid))
            a.mark()
            sent = time.time()
            a.send({"cmd": "hold", "call": out["call"]})
            held = a.wait("media", call=out["call"], status="local-hold")
            hold_ms.append(1000 * (held["t"] - sent))
            a.mark()
            b.mark()
            a.send({"cmd": "hangup", "call": out["call"]})
            a.wait("call_removed", call=out["call"])
            b.wait("call_removed", call=incoming["call"])
    finally:
        a.close()
        b.close()

    print(f"phone engine benchmark, {REPEATS} repetitions, loopback, null audio")
    line("INVITE received -> incoming event", invite_ms, raw["invite_to_incoming_ms"],
         target="<= 100 ms")
    line("answer -> media active", answer_ms, raw["answer_to_media_ms"], target="<= 100 ms")
    line("hold round trip", hold_ms, raw["hold_round_trip_ms"], target="<= 50 ms")
    line("endpoint start (libCreate->ready)", start_ms, raw["endpoint_start_ms"])
    line("process spawn -> hello", spawn_ms, None)
    line("RSS, one call up", memory, raw["rss_mb"], unit="MB")
    print("engine figures include the JSON pipe and the 5 ms poll of the main loop; "
          "raw pjsua2 runs both parties in one process and polls every 1 ms")


if __name__ == "__main__":
    main()
