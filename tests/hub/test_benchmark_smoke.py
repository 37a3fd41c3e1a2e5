"""The load benchmark still runs end to end (a few seconds, a few workstations, SQLite)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.hub.servers import ROOT, python_env

pytestmark = pytest.mark.slow


def test_hub_load_benchmark_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/hub_load.py", "--seconds", "3", "--clients", "5",
         "--batch", "5", "--interval", "0.5"],
        cwd=ROOT, env=python_env(tmp_path), capture_output=True, text=True, timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "errors  0" in result.stdout
    assert "(match)" in result.stdout


def test_floor_load_benchmark_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/floor_load.py", "--seconds", "4", "--clients", "4",
         "--boards", "1", "--speed", "30"],
        cwd=ROOT, env=python_env(tmp_path), capture_output=True, text=True, timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "errors 0" in result.stdout
    assert "under load event → board:" in result.stdout and "(n=" in result.stdout
