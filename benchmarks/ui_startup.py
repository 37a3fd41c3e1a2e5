"""Cold start of the desktop: from process launch to a window whose KB answers a search.

Each run is a fresh Python process (interpreter start and imports included) on the offscreen
platform. "first run" starts from an empty SUFLER_HOME (the default KB is seeded and indexed);
"next start" reuses it. Milestones: window shown, KB open, first search results delivered to the
panel. The phone engine is started too (no account), as with ``make run``.

    python benchmarks/ui_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 1.5


def child() -> int:
    """Runs inside the measured process; prints one JSON line of milestones (seconds)."""
    launched = float(os.environ["SUFLER_BENCH_LAUNCHED"])
    sys.path.insert(0, str(ROOT))
    from PyQt6.QtCore import QTimer

    from agent.ui.app import build_desktop, create_application, load_settings

    marks: dict[str, float] = {}

    def mark(name: str) -> None:
        marks.setdefault(name, time.time() - launched)

    app = create_application(sys.argv[:1])
    settings, _problem = load_settings()
    desktop = build_desktop(app, settings)
    panel = desktop.window.kb_panel

    def on_kb_opened() -> None:
        mark("kb_open")
        panel.search_field.setText("дайте телефон директора")

    def on_results(_query_id: int, result: object) -> None:
        if getattr(result, "hits", None):
            mark("first_results")
            desktop.window.close()
            app.quit()

    desktop.kb.opened.connect(on_kb_opened)
    desktop.kb.search_finished.connect(on_results)
    desktop.window.show()
    desktop.start()
    QTimer.singleShot(0, lambda: mark("window_shown"))
    QTimer.singleShot(30000, app.quit)
    app.exec()
    desktop.wait_for_engine_exit()
    print(json.dumps(marks))
    return 0


def run_once(home: Path, site: Path) -> dict[str, float]:
    home.mkdir(parents=True, exist_ok=True)
    (home / "settings.toml").write_text('[ui]\nlanguage = "ru"\n', encoding="utf-8")
    env = {**os.environ, "SUFLER_HOME": str(home), "SUFLER_SITE_FILE": str(site),
           "QT_QPA_PLATFORM": "offscreen", "SUFLER_LOG": "ERROR",
           "SUFLER_BENCH_LAUNCHED": repr(time.time())}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([sys.executable, __file__, "--child"], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = [line for line in out.stdout.splitlines() if line.startswith("{")][-1]
    marks = json.loads(line)
    marks["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return marks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child()
    with tempfile.TemporaryDirectory(prefix="sufler-bench-") as tmp:
        home, site = Path(tmp) / "home", Path(tmp) / "site.toml"
        first = run_once(home, site)
        runs = [run_once(home, site) for _ in range(args.runs)]
    print("Cold start to a window with a searchable KB (fresh process each run, offscreen)")
    print(f"  first run (seed + index the default KB): window {first.get('window_shown', -1):.3f}"
          f" s, KB open {first.get('kb_open', -1):.3f} s, "
          f"first results {first.get('first_results', -1):.3f} s")
    for key, label in (("window_shown", "window shown"), ("kb_open", "KB open"),
                       ("first_results", "first results")):
        values = [r[key] for r in runs if key in r]
        if values:
            print(f"  next start, {label:13s}: median {statistics.median(values):.3f} s, "
                  f"max {max(values):.3f} s over {len(values)} runs")
    cpu = statistics.median(r["cpu"] for r in runs)
    print(f"  CPU per start (desktop + its phone engine, whole run): median {cpu:.2f} s")
    typical = statistics.median(r.get("first_results", 99.0) for r in runs)
    verdict = "within" if typical <= BUDGET_S else "OVER"
    load = os.getloadavg()[0]
    print(f"  budget {BUDGET_S:.1f} s to searchable: {verdict} (median {typical:.3f} s; "
          f"load average {load:.1f} on {os.cpu_count()} CPUs during the runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
