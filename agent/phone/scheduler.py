"""Work the engine's main loop runs later: timers (``later``) and jobs posted from other threads
(``post``).

Thread rule: :meth:`Scheduler.post` may be called from any thread (a queue); everything else runs
on the engine's main thread, which calls :meth:`run_due` and :meth:`run_posted` between polls.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable

Job = Callable[[], None]


class Scheduler:
    """Timers by due time and a thread-safe queue of posted jobs."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.timers: list[tuple[float, Job]] = []
        self.posted: queue.Queue[Job] = queue.Queue()

    def later(self, delay: float, fn: Job) -> None:
        """Run ``fn`` on the main loop after ``delay`` seconds (main thread)."""
        self.timers.append((self.clock() + delay, fn))

    def post(self, fn: Job) -> None:
        """Run ``fn`` on the main loop as soon as it polls again (any thread)."""
        self.posted.put(fn)

    def run_due(self, now: float, failed: Callable[[Exception], None]) -> None:
        """Run the timers due at ``now``, in the order they were set; ``failed`` hears what any
        of them raised (the others still run)."""
        due = [t for t in self.timers if t[0] <= now]
        if not due:
            return
        self.timers = [t for t in self.timers if t[0] > now]
        for _, fn in due:
            try:
                fn()
            except Exception as exc:
                failed(exc)

    def run_posted(self, failed: Callable[[Exception], None] | None = None) -> None:
        """Run every posted job; ``failed`` hears what one raised (``None``: ignored)."""
        while True:
            try:
                job = self.posted.get_nowait()
            except queue.Empty:
                return
            try:
                job()
            except Exception as exc:
                if failed is not None:
                    failed(exc)
