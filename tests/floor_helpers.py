"""Helpers of the floor tests: a collecting stream reader, event builders, a hub with one token
per floor role.

Thread rule: a :class:`Collector` is filled on the stream's thread and read on the test's.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from agent.floor.stream import StreamReader
from kb.wire.states import SyncState
from tests.hub.conftest import BACKENDS, database_url
from tests.hub.servers import HubProcess


class Collector:
    """Every event of one live stream, in order; ``wait`` for one that matches."""

    def __init__(self, hub_url: str, token: str) -> None:
        self.events: list[tuple[str, Any]] = []
        self.states: list[SyncState] = []
        self._arrived = threading.Condition()
        self.reader = StreamReader(hub_url, token, self._on_event, self._on_state)

    def _on_event(self, name: str, data: Any) -> None:
        with self._arrived:
            self.events.append((name, data))
            self._arrived.notify_all()

    def _on_state(self, state: SyncState, _message: str) -> None:
        with self._arrived:
            self.states.append(state)
            self._arrived.notify_all()

    def __enter__(self) -> Collector:
        self.reader.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.reader.stop()

    def wait(self, name: str, where: Callable[[Any], bool] = lambda _d: True,
             timeout: float = 30.0, after: int = 0) -> Any:
        """The first event ``name`` (from index ``after``) whose data passes ``where``."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for event_name, data in self.events[after:]:
                    if event_name == name and where(data):
                        return data
                left = deadline - time.monotonic()
                if left <= 0:
                    names = [n for n, _ in self.events[-10:]]
                    raise AssertionError(f"no {name} event within {timeout}s; last: {names}")
                self._arrived.wait(left)

    @property
    def count(self) -> int:
        with self._arrived:
            return len(self.events)


def event(seq: int, kind: str, at: float, **fields: Any) -> dict[str, Any]:
    return {"uuid": str(uuid.uuid4()), "seq": seq, "at": at, "kind": kind, **fields}


def post_events(url: str, token: str, events: list[dict[str, Any]], station: str = "ws-1",
                sent_at: float | None = None) -> httpx.Response:
    return httpx.post(f"{url}/api/v1/floor/events", timeout=30,
                      json={"station": station, "sent_at": sent_at or time.time(),
                            "events": events},
                      headers={"Authorization": f"Bearer {token}"})


def api(url: str, token: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
    return httpx.request(method, f"{url}/api/v1{path}", timeout=60,
                         headers={"Authorization": f"Bearer {token}"}, **kwargs)


@dataclass
class FloorHub:
    """A running hub with a token per role of the floor."""

    url: str
    backend: str
    admin: str
    supervisor: str
    editor: str
    olga: str  # an operator
    ivan: str  # another operator
    process: Any


@pytest.fixture(scope="module", params=BACKENDS)
def floor_hub(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
              ) -> Iterator[FloorHub]:
    home = tmp_path_factory.mktemp(f"floor-{request.param}")
    process = HubProcess(home, database_url(request.param, home, request))
    tokens = {name: process.add_user(name, role) for name, role in (
        ("admin", "admin"), ("sup", "supervisor"), ("ed", "editor"), ("olga", "agent"),
        ("ivan", "agent"))}
    process.start()
    try:
        yield FloorHub(process.url, request.param, tokens["admin"], tokens["sup"], tokens["ed"],
                       tokens["olga"], tokens["ivan"], process)
    finally:
        process.stop()
