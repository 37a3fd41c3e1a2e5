"""GroupCommit: jobs waiting together share one transaction; a failing job fails alone."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import sqlalchemy as sa

from kb.hub.group_commit import GroupCommit


def test_waiting_jobs_share_commits_and_a_bad_one_fails_alone(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'g.sqlite'}")
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE t (n INTEGER PRIMARY KEY)"))
    release, running = threading.Event(), threading.Event()

    def work(conn: sa.Connection, n: int) -> int:
        if n == 0:
            running.set()
            release.wait(10)  # the first job holds the writer while the others queue up
        conn.execute(sa.text("INSERT INTO t (n) VALUES (:n)"), {"n": 7 if n == 13 else n})
        return n * 10

    published: list[list[int]] = []
    writer: GroupCommit[int] = GroupCommit(engine.begin, work, published.append)
    results: dict[int, object] = {}

    def submit(n: int) -> None:
        try:
            results[n] = writer.run(n)
        except Exception as exc:
            results[n] = exc

    first = threading.Thread(target=submit, args=(0,))
    first.start()
    assert running.wait(10)  # the writer is inside the first job
    others = [threading.Thread(target=submit, args=(n,)) for n in range(1, 20)]
    for thread in others:
        thread.start()
    while len(writer._queue) < 19:
        time.sleep(0.005)
    release.set()
    for thread in (first, *others):
        thread.join(20)
    assert results[0] == 0 and results[5] == 50
    assert isinstance(results[13], sa.exc.IntegrityError)  # 13 inserts 7 again: only it fails
    assert sum(isinstance(r, int) for r in results.values()) == 19
    # The first job alone, then one shared attempt that failed, then one by one.
    assert writer.transactions == 1 + 18
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM t")).scalar_one() == 19
    assert sorted(n for batch in published for n in batch) == sorted(
        r for r in results.values() if isinstance(r, int))


def test_jobs_without_failures_commit_once_per_group(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'h.sqlite'}")
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE t (n INTEGER)"))
    hold, running = threading.Event(), threading.Event()

    def work(conn: sa.Connection, n: int) -> int:
        if n == 0:
            running.set()
            hold.wait(10)
        conn.execute(sa.text("INSERT INTO t (n) VALUES (:n)"), {"n": n})
        return n

    writer: GroupCommit[int] = GroupCommit(engine.begin, work)
    threads = [threading.Thread(target=writer.run, args=(0,))]
    threads[0].start()
    assert running.wait(10)
    threads += [threading.Thread(target=writer.run, args=(n,)) for n in range(1, 51)]
    for thread in threads[1:]:
        thread.start()
    while len(writer._queue) < 50:
        time.sleep(0.005)
    hold.set()
    for thread in threads:
        thread.join(20)
    assert writer.transactions == 2  # the first job, then the fifty that waited
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM t")).scalar_one() == 51


def test_an_idle_writer_is_restarted_by_the_next_job(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'i.sqlite'}")
    writer: GroupCommit[int] = GroupCommit(engine.begin, lambda _conn, n: n + 1)
    assert writer.run(1) == 2
    writer._thread = None  # as after its idle timeout
    assert writer.run(2) == 3
