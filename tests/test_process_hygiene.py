"""The suite's own guard: a test that leaves a process behind fails the run (tests/conftest.py),
and the stray process does not outlive the run."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LEAKY = '''
import subprocess, sys

def test_forgets_its_child():
    # a child in its own session, whose parent is gone by the end: like a forked server
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"],
                     start_new_session=True)
'''

CLEAN = '''
import subprocess, sys

def test_waits_for_its_child():
    subprocess.run([sys.executable, "-c", "pass"], check=True)
'''


def run_pytest(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_case.py").write_text(source, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest",
         "--rootdir", str(tmp_path), str(tmp_path / "test_case.py")],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )


def test_a_process_left_behind_fails_the_run_and_is_killed(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, LEAKY)
    assert result.returncode == 1, result.stdout
    assert "processes left behind by the tests (1), now killed" in result.stdout
    pid = int(result.stdout.split("now killed:")[1].split(":")[0])
    deadline = time.monotonic() + 5
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{pid}/cmdline").exists() or not Path(
        f"/proc/{pid}/cmdline").read_bytes()


def test_a_run_that_cleans_up_passes(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, CLEAN)
    assert result.returncode == 0, result.stdout
    assert "left behind" not in result.stdout
