"""Which tests call a mutated function from a child process (a hub, a CLI run by a test).

mutmut learns which tests cover a function by recording calls while it runs the tests once
(``MUTANT_UNDER_TEST=stats``), but only calls made in its own process. Code under test that runs
in a child process would then look untested. Two halves close that gap:

- :func:`install_recorder` runs at the start of every child Python (from the ``sitecustomize``
  that ``run.py`` puts next to the mutated code) and appends each mutated function the child calls
  to the file named by ``SUFLER_MUTATION_HITS``, at once, so the test that caused it still runs.
- this module, loaded into mutmut's pytest with ``-p tests.mutation.hits``, reads the new lines
  after each test and hands them to mutmut as calls made by that test.

Outside a statistics run both halves do nothing. Thread rule: the recorder may be called from
any thread of the child (it holds a lock); the plugin runs on pytest's thread.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest

HITS_ENV = "SUFLER_MUTATION_HITS"


def _collecting() -> bool:
    return os.environ.get("MUTANT_UNDER_TEST") == "stats" and bool(os.environ.get(HITS_ENV))


def install_recorder() -> None:
    """Make this (child) process append the mutated functions it calls to the hits file."""
    if not _collecting():
        return
    from mutmut.mutation import trampoline

    path = os.environ[HITS_ENV]
    seen: set[str] = set()
    lock = threading.Lock()

    def record(name: str, caller: str | None = None) -> None:
        with lock:
            if name in seen:
                return
            seen.add(name)
            with open(path, "a", encoding="utf-8") as hits:
                hits.write(name + "\n")

    trampoline.record_trampoline_hit = record


class _HitsReader:
    """Reads the lines children appended since the last test."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = path.stat().st_size if path.exists() else 0

    def new_names(self) -> set[str]:
        if not self.path.exists():
            return set()
        with self.path.open("rb") as hits:
            hits.seek(self.offset)
            data = hits.read()
        complete = data[: data.rfind(b"\n") + 1]  # a child may be halfway through a line
        self.offset += len(complete)
        return set(complete.decode("utf-8").split())


_reader: _HitsReader | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _reader
    _reader = _HitsReader(Path(os.environ[HITS_ENV])) if _collecting() else None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: Any) -> None:
    """Before mutmut files this test's calls: add the calls its children made."""
    if _reader is None:
        return
    from mutmut.state import state

    state()._stats.update(_reader.new_names())
