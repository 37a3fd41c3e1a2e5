"""Event-loop stalls of the desktop during a scripted operator session.

A watchdog QTimer (10 ms, precise) on the GUI thread records how late each tick fires. The script
drives the real window: typing queries key by key, an incoming call from a real phone engine peer
(ring, answer, hold, search, resume, hang up), opening the largest article the desk lays out (at
every rendering limit: body length, table size, list depth, replies, actions), a KB index
rebuild while typing, and a sync of a few hundred notes to a real hub process while typing.
Prints per phase and overall: max stall, p99 of timer lateness, and how many ticks were more than
50 ms late.

    python benchmarks/ui_stalls.py [--why]   (--why: print where the GUI thread was when stalled)
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

INTERVAL_MS = 10
STALL_MS = 50
KEY_GAP_MS = 90  # a fast typist
QUERIES = ("дайте телефон директора", "ntktajy", "абонент молчит", "угрожает оператору",
           "тариф турбо 1000", "emergency 112")
NOTES_TO_SYNC = 300

Step = int | Callable[[], bool]


LARGEST_SLUG = "largest-article"


def content_limits() -> dict[str, int]:
    """The import and publish rules' limits (``kb.wire.content``) where that module exists, else
    the desk's own rendering limits, which are at least as large."""
    try:
        from kb.wire import content as rules

        return {"title": rules.MAX_TITLE, "word": rules.MAX_WORD, "body": rules.MAX_BODY_BYTES,
                "replies": rules.MAX_REPLIES, "reply": rules.MAX_REPLY,
                "actions": rules.MAX_ACTIONS, "label": rules.MAX_LABEL,
                "columns": rules.MAX_TABLE_COLUMNS, "nesting": rules.MAX_NESTING}
    except ImportError:
        from agent.ui.article_panel import MAX_REPLY_CARDS
        from agent.ui.article_render import LIMITS

        return {"title": 200, "word": 200, "body": LIMITS.body_chars, "replies": MAX_REPLY_CARDS,
                "reply": 2000, "actions": 12, "label": 60, "columns": LIMITS.table_columns,
                "nesting": LIMITS.list_depth}


def largest_article() -> Any:
    """An article at every limit the content rules allow: the longest title, words and body,
    a table of the most columns (and as many rows as fit), lists nested deepest, the most and
    longest replies and actions."""
    from kb.model import Article

    limits = content_limits()
    word = ("оператор" * 40)[: limits["word"]]  # the longest word allowed
    sentence = "Оператор спокойно объясняет абоненту порядок действий и сроки. "
    paragraph = (sentence * 8 + word + " ") * 2
    columns = limits["columns"]
    table = ("|" + "|".join(f"Колонка {c}" for c in range(columns)) + "|\n|" + "---|" * columns
             + "\n" + ("|" + "|".join("значение ячейки" for _ in range(columns)) + "|\n") * 150)
    nested = "\n".join("  " * depth + f"- пункт уровня {depth}"
                        for depth in range(limits["nesting"]))
    parts = [table]
    while len("\n\n".join(parts).encode("utf-8")) < limits["body"] - 4096:
        parts.append(f"## Раздел {len(parts)}\n\n{paragraph}\n\n{nested}\n")
    body = "\n\n".join(parts)
    reply = (sentence * 40)[: limits["reply"] - 20] + " {caller_name}"
    return Article(slug=LARGEST_SLUG, kind="procedure", lang="ru",
                   title=("Очень длинный заголовок статьи " * 10)[: limits["title"]],
                   body=body, replies=[reply] * limits["replies"],
                   actions=[{"type": "hold", "label": (f"Действие {i} " * 8)[: limits["label"]]}
                            for i in range(limits["actions"])])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_hub(home: Path) -> tuple[subprocess.Popen[bytes], str, str]:
    """A real hub process with one agent user; returns (process, url, token)."""
    env = {**os.environ, "SUFLER_HOME": str(home)}
    home.mkdir(parents=True, exist_ok=True)
    added = subprocess.run([sys.executable, "-m", "kb.hub", "user", "add", "bench", "--role",
                            "agent"], env=env, cwd=ROOT, capture_output=True, text=True,
                           check=True, timeout=60)
    token = added.stdout.split()[-1]
    port = free_port()
    hub = subprocess.Popen([sys.executable, "-m", "kb.hub", "serve", "--port", str(port)],
                           env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    return hub, f"http://127.0.0.1:{port}", token


def start_peer(home: Path, *args: str, listen: str = "127.0.0.1:0") -> subprocess.Popen[str]:
    home.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [sys.executable, "-m", "agent", "phone", "--listen", listen, "--no-history",
         "--user", "79161234567", *args],
        env={**os.environ, "SUFLER_HOME": str(home)}, cwd=ROOT, stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True, bufsize=1)


class Watchdog:
    """Records the lateness of a periodic timer, labelled by the current phase."""

    def __init__(self) -> None:
        from PyQt6.QtCore import Qt, QTimer

        self.phase = "start"
        self.samples: list[tuple[str, float]] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.on_timeout)
        self.last = time.perf_counter()

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start()

    def on_timeout(self) -> None:
        now = time.perf_counter()
        self.samples.append((self.phase, max(0.0, (now - self.last) * 1000 - INTERVAL_MS)))
        self.last = now


class StallSampler:
    """With ``--why``: a plain thread that, whenever the GUI thread has not ticked for 40 ms,
    records where the GUI thread is (its Python stack), to name the cause of a stall."""

    def __init__(self, watchdog: Watchdog) -> None:
        self.watchdog = watchdog
        self.main = threading.get_ident()
        self.stacks: dict[str, int] = {}
        self.running = True
        threading.Thread(target=self.run, name="stall-sampler", daemon=True).start()

    def run(self) -> None:
        while self.running:
            time.sleep(0.01)
            if (time.perf_counter() - self.watchdog.last) * 1000 < 40 or \
                    self.watchdog.phase in ("start", "done"):
                continue
            frame = sys._current_frames().get(self.main)
            if frame is None:
                continue
            stack = " < ".join(f"{Path(f.f_code.co_filename).name}:{f.f_lineno} {f.f_code.co_name}"
                               for f, _ in traceback.walk_stack(frame))
            key = f"[{self.watchdog.phase}] {stack[:400]}"
            self.stacks[key] = self.stacks.get(key, 0) + 1

    def report(self) -> None:
        self.running = False
        print("Where the GUI thread was during stalls (10 ms samples):")
        for stack, count in sorted(self.stacks.items(), key=lambda kv: -kv[1])[:8]:
            print(f"  {count:3d}  {stack}")


def timed_application() -> Any:
    """The QApplication, made so that it can also record the UI thread's CPU time per event
    (while :attr:`recording`): on a loaded machine a stall mostly measures how long the process
    waited for a CPU; the CPU time says how much work the UI thread itself did."""
    from PyQt6.QtCore import QEvent, QObject
    from PyQt6.QtWidgets import QApplication

    class TimedApplication(QApplication):
        recording = False
        depth = 0
        longest: tuple[float, str] = (0.0, "")

        def notify(self, receiver: QObject | None, event: QEvent | None) -> bool:
            if not self.recording:
                return super().notify(receiver, event)
            self.depth += 1
            started = time.thread_time()
            try:
                return super().notify(receiver, event)
            finally:
                self.depth -= 1
                spent = (time.thread_time() - started) * 1000
                if self.depth == 0 and spent > self.longest[0] and event is not None:
                    self.longest = (spent, f"{type(receiver).__name__} "
                                           f"{QEvent.Type(event.type()).name}")

    return TimedApplication(sys.argv[:1])


def summary(label: str, lateness: list[float]) -> str:
    if not lateness:
        return f"  {label:16s} no samples"
    ordered = sorted(lateness)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    over = sum(1 for v in lateness if v > STALL_MS)
    return (f"  {label:16s} max stall {max(lateness):6.1f} ms   p99 lateness {p99:5.1f} ms   "
            f"> {STALL_MS} ms: {over:3d}   ({len(lateness)} ticks)")


def main() -> int:
    from PyQt6.QtCore import QCoreApplication, QEvent, Qt, QTimer
    from PyQt6.QtGui import QKeyEvent

    with tempfile.TemporaryDirectory(prefix="sufler-stalls-") as tmp_name:
        tmp = Path(tmp_name)
        home = tmp / "home"
        home.mkdir()
        site = tmp / "site.toml"
        site.write_text("", encoding="utf-8")
        os.environ.update(SUFLER_HOME=str(home), SUFLER_SITE_FILE=str(site), SUFLER_LOG="ERROR")
        from kb.knowledge_base import KnowledgeBase

        seeded = KnowledgeBase.open(home)  # seed and index first: the session measures use
        seeded.wait_until_ready(120)
        seeded.save(largest_article())
        seeded.close()
        hub, hub_url, token = start_hub(tmp / "hub")
        peer = start_peer(tmp / "peer")
        second_address = f"127.0.0.1:{free_port()}"
        second = start_peer(tmp / "second", "--auto-answer", listen=second_address)

        from agent.settings import Settings
        from agent.ui.app import build_desktop, create_application

        app = timed_application()
        create_application(sys.argv[:1])
        settings = Settings.load()
        settings.user.update({"ui.language": "ru", "sip.listen": "127.0.0.1:0",
                              "hub.url": hub_url, "hub.sync_interval_seconds": 5})
        desktop = build_desktop(app, settings)
        desktop.sync.token = lambda: token
        window, phone, kb_panel = desktop.window, desktop.phone, desktop.window.kb_panel
        watchdog = Watchdog()
        sampler = StallSampler(watchdog) if "--why" in sys.argv else None
        sync_reports: list[Any] = []
        desktop.sync.report_received.connect(sync_reports.append)
        rebuilt: list[bool] = []
        notes_of_call: list[str] = []
        largest: list[float] = []
        small: list[float] = []
        cpu_longest: dict[str, tuple[float, str]] = {}

        def type_key(char: str) -> None:
            field = kb_panel.search_field
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QCoreApplication.sendEvent(
                    field, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))

        def typing(queries: tuple[str, ...]) -> Iterator[Step]:
            for query in queries:
                kb_panel.search_field.clear()
                for char in query:
                    type_key(char)
                    yield KEY_GAP_MS
                yield 300

        def session() -> Iterator[Step]:
            yield lambda: desktop.kb.is_open and phone.engine_running and bool(
                phone.listen_address)
            watchdog.start()
            watchdog.phase = "idle"  # baseline: what the machine itself costs
            yield 3000
            watchdog.phase = "typing"
            yield from typing(QUERIES)

            watchdog.phase = "incoming call"
            assert peer.stdin is not None
            peer.stdin.write(f"dial sip:operator@{phone.listen_address}\n")
            peer.stdin.flush()
            yield lambda: bool(phone.ringing_calls())
            yield 500  # ringing for half a second
            stalls_before = len([v for _p, v in watchdog.samples if v > STALL_MS])
            phone.answer()
            yield lambda: any(c.is_confirmed for c in phone.live_calls())
            call_id = phone.live_calls()[0].call
            phone.hold(call_id)
            yield lambda: window.hold_banner.isVisible()
            yield from typing(QUERIES[:2])
            opening = len(watchdog.samples)
            kb_panel.on_result_activated(kb_panel.results_model.index(0))
            yield 300
            article_stall = max((v for _p, v in watchdog.samples[opening:]), default=0.0)
            notes_of_call.append(f"opening an article on hold: max stall {article_stall:.1f} ms")
            phone.resume(call_id)
            yield lambda: not window.hold_banner.isVisible()

            # A second line: swap there and back, then a conference of both.
            watchdog.phase = "swap+conference"
            phone.dial(f"sip:second@{second_address}")
            yield lambda: len(phone.connected_calls()) == 2 and phone.can_pair()
            for _swap in range(2):
                window.call_panel.on_swap_clicked()
                yield lambda: phone.can_pair()
                yield from typing(QUERIES[:1])
            window.call_panel.on_conference_clicked()
            yield lambda: len(phone.conference) == 2 and len(phone.talking_calls()) == 2
            yield from typing(QUERIES[1:2])
            for other in phone.live_calls():
                if other.call != call_id:
                    phone.hangup(other.call)
            yield lambda: len(phone.live_calls()) == 1
            watchdog.phase = "incoming call"
            phone.hangup(call_id)
            yield lambda: not phone.live_calls()
            stalls = len([v for _p, v in watchdog.samples if v > STALL_MS]) - stalls_before
            notes_of_call.append(f"stalls > {STALL_MS} ms from answer to hang-up: {stalls}")

            # Baseline: a default article, then the largest the content rules allow.
            for phase, slug, times in (("small article", "manager-contact", small),
                                       ("largest article", LARGEST_SLUG, largest)):
                watchdog.phase = phase
                app.recording, app.longest = True, (0.0, "")
                for _repeat in range(3):
                    opened: list[Any] = []
                    kb_panel.article_opened.connect(opened.append)
                    started = time.perf_counter()
                    desktop.kb.load_article(slug, "ru")
                    def shown(seen: list[Any] = opened) -> bool:
                        return bool(seen) and (kb_panel.article_panel.body.is_complete()
                                               and kb_panel.article_panel.cards.is_complete())
                    yield shown
                    times.append((time.perf_counter() - started) * 1000)
                    kb_panel.article_opened.disconnect(opened.append)
                    yield 300
                app.recording = False
                cpu_longest[phase] = app.longest

            watchdog.phase = "index rebuild"
            desktop.kb.run_read(lambda kb: kb.reindex(wait=True),
                                on_done=lambda _r: rebuilt.append(True))
            while not rebuilt:
                yield from typing(QUERIES[2:3])
            yield from typing(QUERIES[3:4])

            watchdog.phase = "sync"
            # A backlog as after a day offline, written by another connection (the CLI, a
            # previous run): the desktop only has to upload it.
            backlog_written: list[bool] = []

            def write_backlog() -> None:
                from agent.notes.store import NotesStore

                with NotesStore.open(home / "notes.sqlite") as store:
                    for index in range(NOTES_TO_SYNC):
                        store.create(f"bench-{index}", f"7916{index:07d}", "in",
                                     time.time() - 3600, text="x" * 200)
                backlog_written.append(True)

            threading.Thread(target=write_backlog, daemon=True).start()
            while not backlog_written:
                yield from typing(QUERIES[4:5])
            desktop.sync.sync_now()
            started = len(sync_reports)

            def synced() -> bool:
                done = [r for r in sync_reports[started:] if r.finished]
                return bool(done) and done[-1].counts.pending == 0
            while not synced():
                yield from typing(QUERIES[4:5])
            watchdog.phase = "done"

        steps = session()
        deadline = time.monotonic() + 300

        def advance() -> None:
            if time.monotonic() > deadline:
                print("the scripted session did not finish in time", file=sys.stderr)
                app.exit(1)
                return
            try:
                step = next(steps)
            except StopIteration:
                app.quit()
                return
            if callable(step):
                wait_until(step)
            else:
                QTimer.singleShot(step, advance)

        def wait_until(predicate: Callable[[], bool]) -> None:
            if predicate():
                QTimer.singleShot(0, advance)
            else:
                QTimer.singleShot(20, lambda: wait_until(predicate))

        window.show()
        desktop.start()
        QTimer.singleShot(0, advance)
        code = app.exec()
        watchdog.timer.stop()
        window.close()
        desktop.wait_for_engine_exit()
        peer.terminate()
        second.terminate()
        hub.terminate()
        peer.wait(10)
        second.wait(10)
        hub.wait(10)

    phases: dict[str, list[float]] = {}
    for phase, late in watchdog.samples:
        phases.setdefault(phase, []).append(late)
    print(f"UI thread stalls during a scripted session (watchdog {INTERVAL_MS} ms, offscreen; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    for phase in ("idle", "typing", "incoming call", "swap+conference", "small article",
                  "largest article", "index rebuild", "sync"):
        print(summary(phase, phases.get(phase, [])))
    print(summary("whole session", [v for p, v in watchdog.samples
                                    if p not in ("idle", "done")]))
    for line in notes_of_call:
        print(f"  incoming call: {line}")
    if largest and small:
        worst_small = max(phases.get("small article", [0.0]))
        worst_large = max(phases.get("largest article", [0.0]))
        print(f"  articles: opened and laid out in {', '.join(f'{ms:.0f}' for ms in small)} ms "
              f"(a default one) and {', '.join(f'{ms:.0f}' for ms in largest)} ms (the largest "
              f"the content rules allow); longest UI-thread stall {worst_small:.1f} ms vs "
              f"{worst_large:.1f} ms (x{worst_large / max(worst_small, 1.0):.1f})")
        for phase, (cpu, where) in cpu_longest.items():
            print(f"  {phase}: the longest single event took {cpu:.1f} ms of the UI thread's CPU "
                  f"({where})")
    if sampler is not None:
        sampler.report()
    last = next((r for r in reversed(sync_reports) if r.finished), None)
    if last is not None:
        print(f"  sync: state {last.state}, {last.counts.synced} synced, "
              f"{last.counts.pending} pending")
    return code


if __name__ == "__main__":
    sys.exit(main())
