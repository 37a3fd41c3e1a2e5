"""Suite-wide checks.

No test may leave a process behind. Every process started during the run inherits the run's
mark in its environment (``SUFLER_TEST_RUN``), even after its parent is gone and it has been
re-parented; at the end of the session any process still carrying the mark fails the run (exit
status 1) and is killed so that it does not outlive the run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
import uuid
from pathlib import Path

import pytest

RUN_MARK = "SUFLER_TEST_RUN"
GRACE_S = 5.0  # processes told to stop at teardown may take a moment to exit


def pytest_configure(config: pytest.Config) -> None:
    os.environ[RUN_MARK] = f"{os.getpid()}-{uuid.uuid4().hex}"


def leftover_processes(mark: str) -> dict[int, str]:
    """Live processes (not this one) whose environment carries ``mark``: pid → command line."""
    needle = f"{RUN_MARK}={mark}".encode()
    found: dict[int, str] = {}
    me = os.getpid()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            if needle not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            stat = (entry / "stat").read_text()
            if stat.rsplit(")", 1)[1].split()[0] == "Z":
                continue  # a zombie holds nothing; its parent reaps it
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(
                errors="replace")
        except OSError:
            continue
        found[int(entry.name)] = cmdline.strip()
    return found


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    mark = os.environ.get(RUN_MARK, "")
    if not mark or not Path("/proc/self/environ").exists():
        return
    deadline = time.monotonic() + GRACE_S
    leftovers = leftover_processes(mark)
    while leftovers and time.monotonic() < deadline:
        time.sleep(0.2)
        leftovers = leftover_processes(mark)
    if not leftovers:
        return
    for pid in leftovers:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    lines = [f"processes left behind by the tests ({len(leftovers)}), now killed:"]
    lines += [f"  {pid}: {cmd[:200]}" for pid, cmd in sorted(leftovers.items())]
    if reporter is not None:
        reporter.write_line("")
        for line in lines:
            reporter.write_line(line, red=True)
    else:
        print("\n".join(lines))
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
