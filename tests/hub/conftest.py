"""Hub fixtures: one real hub process per module and backend (SQLite, throwaway PostgreSQL)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hub.servers import HubProcess, PgCluster, pg_bin_dir

_db_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    if pg_bin_dir() is None:
        pytest.skip("PostgreSQL server binaries are not installed")
    cluster = PgCluster().start()
    try:
        yield cluster
    finally:
        cluster.stop()


@dataclass
class RunningHub:
    """A started hub with one token per role."""

    process: HubProcess
    backend: str
    admin: str
    editor: str
    agent: str

    @property
    def url(self) -> str:
        return self.process.url


def database_url(backend: str, home: Path, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        return f"sqlite:///{home / 'hub' / 'hub.sqlite'}"
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    return cluster.create_database(f"hub_{next(_db_names)}")


BACKENDS = [pytest.param("sqlite"), pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="module", params=BACKENDS)
def hub(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
        ) -> Iterator[RunningHub]:
    backend = request.param
    home = tmp_path_factory.mktemp(f"hub-{backend}")
    process = HubProcess(home, database_url(backend, home, request))
    admin = process.add_user("admin", "admin")
    editor = process.add_user("editor", "editor")
    agent = process.add_user("agent", "agent")
    process.start()
    try:
        yield RunningHub(process, backend, admin, editor, agent)
    finally:
        process.stop()
