"""GroupCommit: many small writes in one transaction, so one commit (one fsync) serves them all.

Each floor event is its own small request; a floor of 200 workstations starting together, or a
disk that is slow to sync, would otherwise queue one commit behind another. Requests hand their
job to :meth:`GroupCommit.run` and wait; one writer thread takes every job waiting, runs them in
order in one transaction and commits once. If that transaction fails, the jobs run again one
transaction each, so one bad job (or a deadlock with another hub instance) fails only itself.

Thread rule: :meth:`run` may be called from any number of threads; the work runs on the
writer's own thread, one transaction at a time.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy.engine import Connection

log = logging.getLogger("kb.hub.floor")
Job = TypeVar("Job")
MAX_GROUP = 200  # jobs per transaction


@dataclass
class _Waiting(Generic[Job]):
    job: Job
    done: threading.Event = field(default_factory=threading.Event)
    result: Any = None
    error: BaseException | None = None


class GroupCommit(Generic[Job]):
    """``work(conn, job) -> result`` inside ``begin()`` transactions shared by waiting jobs;
    ``after(results)`` runs after each commit (e.g. to publish what changed)."""

    def __init__(self, begin: Callable[[], contextlib.AbstractContextManager[Connection]],
                 work: Callable[[Connection, Job], Any],
                 after: Callable[[list[Any]], None] = lambda _results: None,
                 order: Callable[[Job], Any] | None = None) -> None:
        self._begin = begin
        self._work = work
        self._after = after
        self._order = order
        self._queue: list[_Waiting[Job]] = []
        self._lock = threading.Condition()
        self._thread: threading.Thread | None = None
        self.transactions = 0  # commits made (for measurements)

    def run(self, job: Job) -> Any:
        """Do ``job`` in the next shared transaction; its result, or its exception."""
        waiting = _Waiting(job)
        with self._lock:
            self._queue.append(waiting)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._write, name="floor-writer",
                                                daemon=True)
                self._thread.start()
            self._lock.notify()
        waiting.done.wait()
        if waiting.error is not None:
            raise waiting.error
        return waiting.result

    def _write(self) -> None:
        while True:
            with self._lock:
                if not self._lock.wait_for(lambda: bool(self._queue), timeout=60.0):
                    self._thread = None  # idle: the next job starts a new writer
                    return
                group, self._queue = self._queue[:MAX_GROUP], self._queue[MAX_GROUP:]
            order = self._order
            if order is not None:
                group.sort(key=lambda w: order(w.job))  # one lock order: no deadlocks
            try:
                self._together(group)
            except Exception as exc:
                if len(group) == 1:
                    group[0].error = exc
                else:
                    log.info("a shared transaction of %d jobs failed (%s); one by one",
                             len(group), type(exc).__name__)
                    for waiting in group:
                        try:
                            self._together([waiting])
                        except Exception as single:
                            waiting.error = single
            for waiting in group:
                waiting.done.set()

    def _together(self, group: list[_Waiting[Job]]) -> None:
        with self._begin() as conn:
            results = [self._work(conn, w.job) for w in group]
        self.transactions += 1
        for waiting, result in zip(group, results, strict=True):
            waiting.result = result
        with contextlib.suppress(Exception):  # publishing must not fail a stored write
            self._after(results)


@contextlib.contextmanager
def gated(gate: contextlib.AbstractContextManager[Any],
          begin: Callable[[], contextlib.AbstractContextManager[Connection]]
          ) -> Iterator[Connection]:
    """``begin()`` while holding ``gate`` (the hub's SQLite write lock)."""
    with gate, begin() as conn:
        yield conn
