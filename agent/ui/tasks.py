"""Background executors whose results come back on the GUI thread (Anki's TaskManager shape).

Thread rule: ``submit`` is called on the GUI thread (it raises :class:`WrongThreadError` from any
other); the callable runs on a worker thread and must not touch widgets; ``on_done`` /
``on_error`` run on the GUI thread through a queued signal. A :class:`TaskRunner` with one worker
is a serialized executor: jobs run one at a time, in order.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PyQt6.QtCore import QObject, QThread, pyqtSignal

log = logging.getLogger(__name__)

DoneCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


class WrongThreadError(RuntimeError):
    """A :class:`TaskRunner` was used from a thread other than the one it lives in."""


class TaskRunner(QObject):
    """A pool of worker threads; ``workers=1`` makes it a serialized (ordered) executor."""

    _job_finished = pyqtSignal(object, object, object)  # (callbacks, result, error)

    def __init__(self, name: str, workers: int = 1, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"sufler-{name}")
        self._closed = False
        self._job_finished.connect(self._on_job_finished)

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        **kwargs: Any,
    ) -> Future[Any] | None:
        """Queue ``fn(*args, **kwargs)``; returns the future, or None after :meth:`close`.

        Raises :class:`WrongThreadError` when not called on the runner's (the GUI) thread: a
        worker that queues more work would get its callbacks on the wrong thread or in the
        wrong order.
        """
        if QThread.currentThread() is not self.thread():
            raise WrongThreadError(
                f"{self.name}: submit() must be called on the UI thread, not on "
                f"{threading.current_thread().name}")
        if self._closed:
            return None
        callbacks = (on_done, on_error, fn)

        def run() -> Any:
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:
                if not self._closed:
                    self._job_finished.emit(callbacks, None, exc)
                raise
            if not self._closed:
                self._job_finished.emit(callbacks, result, None)
            return result

        return self._pool.submit(run)

    def _on_job_finished(self, callbacks: tuple[DoneCallback | None, ErrorCallback | None,
                                                Callable[..., Any]],
                         result: Any, error: BaseException | None) -> None:
        on_done, on_error, fn = callbacks
        if error is not None:
            if on_error is not None:
                on_error(error)
            else:
                log.error(
                    "%s task %s failed:\n%s", self.name, getattr(fn, "__name__", fn),
                    "".join(traceback.format_exception(error)),
                )
        elif on_done is not None:
            on_done(result)

    def close(self, wait: bool = True) -> None:
        """Stop accepting jobs; with ``wait`` the queued jobs still run (their callbacks don't).

        Call on exit, so that queued note writes reach the disk.
        """
        self._closed = True
        self._pool.shutdown(wait=wait, cancel_futures=not wait)
