"""A headless workstation for floor tests: a real phone engine whose events feed the real
recorder and outbox (as the desktop's phone model does), optionally with the live link.

Thread rule: the feeder thread alone uses the recorder; the test reads the outbox's counts.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from agent.floor.link import FloorLink
from agent.floor.outbox import FloorOutbox
from agent.floor.recorder import CallFacts, FloorRecorder
from tests.phone.conftest import EnginePeer


class Workstation:
    """``engine`` events → :class:`FloorRecorder` → ``floor.sqlite`` under ``home``."""

    def __init__(self, engine: EnginePeer, home: Path, warn_s: int = 30,
                 alarm_s: int = 60) -> None:
        self.engine = engine
        self.home = home
        self.outbox = FloorOutbox.open(home)
        self.recorder = FloorRecorder(self.outbox, warn_s, alarm_s)
        self.recorded: list[str] = []
        self.link: FloorLink | None = None
        self.outbox.add_listener(lambda event: self.recorded.append(event.uuid))
        self._fed = 0  # events taken from the engine
        self._done = 0  # events recorded
        self._stop = threading.Event()
        self._idle = threading.Condition()
        self._thread = threading.Thread(target=self._feed, name="feeder", daemon=True)
        self._thread.start()

    def go_live(self, hub_url: str, token: str) -> FloorLink:
        self.link = FloorLink(self.outbox, hub_url, token, lambda _n, _d: None)
        self.link.start()
        return self.link

    def _feed(self) -> None:
        engine = self.engine
        while not self._stop.is_set():
            with engine._arrived:
                engine._arrived.wait_for(lambda: len(engine.events) > self._fed
                                         or self._stop.is_set(), timeout=0.5)
                fresh = engine.events[self._fed:]
                self._fed += len(fresh)
            for event in fresh:
                self.feed(event)
            with self._idle:
                self._done += len(fresh)
                self._idle.notify_all()

    def feed(self, event: dict[str, Any]) -> None:
        name = event.get("event")
        if name == "call":
            self.recorder.call_changed(CallFacts.from_snapshot(event), float(event["t"]))
        elif name == "agent_state":
            self.recorder.agent_state(str(event["state"]), str(event.get("reason") or ""))
        elif name == "lines":
            self.recorder.waiting(len(event.get("waiting") or ()))
        elif name == "refused" and event.get("cause") != "not-via-proxy":  # as the desk does
            self.recorder.refused(float(event["t"]), int(event["code"]))
        elif name == "transfer" and event.get("final") and event.get("ok"):
            self.recorder.transferred(int(event["call"]), str(event.get("kind")))

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until every event the engine printed so far is recorded."""
        target = len(self.engine.events)
        with self._idle:
            self._idle.wait_for(lambda: self._done >= target, timeout=timeout)

    def close(self) -> None:
        if self.link is not None:
            self.link.stop()
        self._stop.set()
        self._thread.join(5)
        self.outbox.close()
