"""TaskRunner: jobs run on workers in order, callbacks come back on the UI thread, and a submit
from any other thread is refused."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from agent.ui.tasks import TaskRunner, WrongThreadError


def test_jobs_run_in_order_off_the_ui_thread_and_report_back_on_it(qtbot: Any) -> None:
    runner = TaskRunner("test", 1)
    ui = threading.current_thread()
    ran_on: list[threading.Thread] = []
    done: list[tuple[int, threading.Thread]] = []

    def job(number: int) -> int:
        ran_on.append(threading.current_thread())
        return number

    for number in range(5):
        runner.submit(job, number,
                      on_done=lambda n: done.append((n, threading.current_thread())))
    qtbot.waitUntil(lambda: len(done) == 5, timeout=20_000)
    assert [n for n, _thread in done] == [0, 1, 2, 3, 4]
    assert all(thread is ui for _n, thread in done)
    assert all(thread is not ui for thread in ran_on)
    runner.close()


def test_submit_from_another_thread_is_refused(qtbot: Any) -> None:
    runner = TaskRunner("test", 1)
    errors: list[BaseException] = []

    def from_worker() -> None:
        try:
            runner.submit(print, "never")
        except WrongThreadError as exc:
            errors.append(exc)

    thread = threading.Thread(target=from_worker, name="some-worker")
    thread.start()
    thread.join()
    assert len(errors) == 1 and "some-worker" in str(errors[0])
    with pytest.raises(WrongThreadError):
        runner.submit(lambda: runner.submit(print), on_done=None).result(timeout=5)
    runner.close()
