"""Live preview while typing in a 20 KB article: how long until the preview shows a keystroke,
and how long the GUI thread is ever stalled.

The real editor window (offscreen) gets a 20 KB Markdown article; a typist adds characters to the
body every 60 ms. Per keystroke: the time from the key to the operator's panel showing the new text
(the Markdown render runs on the preview's worker; the panel update on the GUI thread). A watchdog
QTimer (5 ms, precise) records how late each tick fires. Baseline, same run: rendering the same
body on the GUI thread at every keystroke, as a window without a worker would.

    python benchmarks/editor_preview.py [--keys N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

KEY_GAP_MS = 60
BURST = 10  # keystrokes between pauses
PAUSE_MS = 700
TICK_MS = 5
STALL_MS = 50


def article_body(size: int = 20_000) -> str:
    """A long procedure: headings, lists, a table, emphasis and links, in Russian."""
    parts: list[str] = []
    n = 0
    while sum(len(p) for p in parts) < size:
        n += 1
        parts.append(
            f"## Шаг {n}. Что сказать абоненту\n\n"
            f"Выслушайте абонента до конца и **не перебивайте**. Если вопрос касается тарифа "
            f"«Луна-{n}», уточните номер договора и [проверьте статус](kb:manager-contact).\n\n"
            f"- Назовите себя и компанию;\n- уточните суть обращения;\n"
            f"- предложите решение или перевод на специалиста.\n\n"
            f"| Ситуация | Ответ |\n|---|---|\n| Абонент молчит {n} | «Вас не слышно» |\n\n")
    return "".join(parts)[:size]


def _outer(frame: FrameType | None, depth: int) -> list[FrameType]:
    frames: list[FrameType] = []
    while frame is not None and len(frames) < depth:
        frames.append(frame)
        frame = frame.f_back
    return frames


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keys", type=int, default=150)
    parser.add_argument("--why", action="store_true",
                        help="print where the GUI thread was during the longest stalls")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="sufler-bench-editor-"))
    os.environ["SUFLER_HOME"] = str(home)
    from PyQt6.QtCore import QCoreApplication, QElapsedTimer, QEvent, Qt, QTimer
    from PyQt6.QtGui import QKeyEvent, QTextCursor

    from agent.editor.drafts import Draft
    from agent.editor.model import blank_article
    from agent.settings import Settings
    from agent.ui.app import create_application
    from agent.ui.article_render import render_markdown
    from agent.ui.editor.app import build_editor

    app = create_application(["bench"])
    window = build_editor(Settings(user_path=home / "settings.toml"), home, "ru")
    window.show()
    window.start()
    while window.service.store is None or not window.kb.is_open:
        app.processEvents()
        time.sleep(0.01)
    window.kb.kb.wait_until_ready(300)  # the first start indexes the default KB: not measured
    body = article_body()
    window.start_draft(Draft(article={**blank_article(), "slug": "long-procedure",
                                      "title": "Длинная процедура", "body": body,
                                      "replies": ["Минуту, {caller_name}."]}))
    shown: list[tuple[int, float]] = []  # (length of the body shown, when)
    gui_ms: list[float] = []
    worker_ms: list[float] = []

    def on_rendered(article: object, worker: float, gui: float) -> None:
        shown.append((len(getattr(article, "body", "")), time.perf_counter()))
        gui_ms.append(gui)
        worker_ms.append(worker)

    window.preview.rendered.connect(on_rendered)

    late: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    samples: list[tuple[float, str]] = []
    gui_thread = threading.get_ident()
    sampling = threading.Event()

    def sample() -> None:  # --why: the GUI thread's innermost frames every 10 ms
        while not sampling.wait(0.01):
            frame = sys._current_frames().get(gui_thread)
            where = " < ".join(f"{Path(f.f_code.co_filename).name}:{f.f_lineno}"
                               for f in _outer(frame, 4))
            samples.append((time.perf_counter(), where))

    def tick() -> None:
        now = clock.elapsed()
        late.append(max(0.0, now - last[0] - TICK_MS))
        if args.why and late[-1] > STALL_MS:
            begun = time.perf_counter() - late[-1] / 1000
            seen = {w for t, w in samples if t >= begun}
            print(f"  stall {late[-1]:.0f} ms in: " + " | ".join(sorted(seen)[:4]))
        last[0] = now

    watchdog = QTimer()
    watchdog.setTimerType(Qt.TimerType.PreciseTimer)
    watchdog.timeout.connect(tick)

    def pump(seconds: float) -> None:
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.001)

    pump(1.0)
    editor = window.form.body
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    latencies: list[tuple[int, float]] = []  # (body length after the key, when pressed)
    start_length = len(editor.toPlainText())
    last[0] = clock.elapsed()
    watchdog.start(TICK_MS)
    late.clear()
    worker_ms.clear()
    gui_ms.clear()
    if args.why:
        threading.Thread(target=sample, daemon=True).start()
    burst_ends: list[int] = []
    for i in range(args.keys):
        char = "абвгд "[i % 6]
        pressed = time.perf_counter()
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                         char))
        latencies.append((start_length + i + 1, pressed))
        if (i + 1) % BURST == 0:  # a typist pauses after a few words
            burst_ends.append(i)
            pump(PAUSE_MS / 1000)
        else:
            pump(KEY_GAP_MS / 1000)
    pump(1.0)
    watchdog.stop()
    sampling.set()
    # Each keystroke is shown by the first render of a body at least that long.
    delays, after_burst = [], []
    for index, (length, pressed) in enumerate(latencies):
        first = next((t for n, t in shown if n >= length and t >= pressed), None)
        if first is not None:
            delays.append((first - pressed) * 1000)
            if index in burst_ends:
                after_burst.append((first - pressed) * 1000)
    stalls = [x for x in late if x > STALL_MS]

    # Baseline: render on the GUI thread at each keystroke.
    baseline = []
    for i in range(30):
        started = time.perf_counter()
        render_markdown(body + "а" * i)
        baseline.append((time.perf_counter() - started) * 1000)
    window.close()

    p50, p95 = statistics.median(delays), percentile(delays, 0.95)
    base95 = percentile(baseline, 0.95)
    print(f"editor preview, {len(body) // 1000} KB article, {args.keys} keystrokes every "
          f"{KEY_GAP_MS} ms in bursts of {BURST} with {PAUSE_MS} ms pauses (render on the "
          "preview worker, panel update on the GUI thread)")
    print(f"  last keystroke of a burst → preview shown: p50 {statistics.median(after_burst):.1f}"
          f" ms, p95 {percentile(after_burst, 0.95):.1f} ms")
    print(f"  any keystroke → preview shown: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
          f"({len(delays)} of {len(latencies)} keystrokes matched)")
    print(f"  render on the preview worker (the operators' renderer, edited section only): p50 "
          f"{statistics.median(worker_ms):.1f} ms, p95 {percentile(worker_ms, 0.95):.1f} ms")
    print("  panel update on the GUI thread (the operators' article panel; the body is laid "
          f"out in slices after it): p50 "
          f"{statistics.median(gui_ms):.1f} ms, p95 {percentile(gui_ms, 0.95):.1f} ms")
    print(f"  GUI thread: max stall {max(late):.1f} ms, p99 lateness "
          f"{percentile(late, 0.99):.1f} ms, ticks > {STALL_MS} ms late: {len(stalls)}")
    gui95 = percentile(gui_ms, 0.95)
    print(f"  baseline (render + show on the GUI thread at every keystroke): p95 {base95:.1f} ms "
          f"of Markdown alone per keystroke; GUI time per update, preview / baseline = "
          f"{gui95 / base95:.2f}, updates per keystroke {len(gui_ms) / len(latencies):.2f}")
    print(f"  machine load average during the run: {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
