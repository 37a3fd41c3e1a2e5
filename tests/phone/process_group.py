"""Servers and peers that tests start run in their own process group and are stopped as a group:
kamailio forks children that outlive a signal sent only to the parent."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from typing import Any


def start(args: list[str], **kwargs: Any) -> subprocess.Popen[Any]:
    """``Popen`` in a new session (its own process group, led by the child)."""
    return subprocess.Popen(args, start_new_session=True, **kwargs)


def kill_group(proc: subprocess.Popen[Any], sig: int = signal.SIGKILL) -> None:
    """Send ``sig`` to the whole group (the leader may already be gone, its children not)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


def stop(proc: subprocess.Popen[Any], timeout: float = 10.0) -> None:
    """SIGTERM to the group, then SIGKILL to whatever is left; reaps the leader."""
    kill_group(proc, signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc, signal.SIGKILL)
        proc.wait(5)
    # Children that ignored SIGTERM after the leader exited.
    kill_group(proc, signal.SIGKILL)
