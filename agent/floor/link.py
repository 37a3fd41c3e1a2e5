"""FloorLink: the workstation's live connection to the floor on the hub.

Two threads: the **sender** uploads the floor outbox the moment an event is recorded (so the
board sees a hold within a second), and at least every :data:`HEARTBEAT_SECONDS` (so the board
knows the workstation is there); while the hub is away it backs off and the events wait in the
outbox. The **stream** (:class:`~agent.floor.stream.StreamReader`) receives the operator's own
alerts (with the supervisor's answer) and callbacks.

The notes syncer uploads the same outbox in its passes too; uploads are serialised by the
outbox and idempotent on the hub.

Thread rule: :meth:`wake` may be called from any thread (it only sets an event); listeners
are called on the link's threads.
"""

from __future__ import annotations

import contextlib
import random
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agent.floor.outbox import FloorOutbox
from agent.floor.stream import StreamReader, Token
from agent.notes.hub_client import HubProblem, make_client
from kb.wire.floor import HEARTBEAT_SECONDS
from kb.wire.states import ProblemKind, SyncState

MAX_DELAY = 30.0


class FloorLink:
    """See the module docstring."""

    def __init__(self, outbox: FloorOutbox, hub_url: str, token: Token,
                 on_event: Callable[[str, Any], None],
                 on_state: Callable[[SyncState, str], None] | None = None,
                 ca_file: Path | None = None, heartbeat: float = HEARTBEAT_SECONDS) -> None:
        self.outbox = outbox
        self.hub_url = hub_url
        self._token = token
        self.on_state = on_state
        self.ca_file = ca_file
        self.heartbeat = heartbeat
        self.state = SyncState.OFFLINE
        self.sent = 0
        self.stream = StreamReader(hub_url, token, on_event, None, ca_file, "floor-stream")
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._refused: str | None = None
        self._rng = random.Random()
        outbox.add_listener(lambda _event: self.wake())

    def start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="floor-sender", daemon=True)
            self._thread.start()
        self.stream.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        self.stream.stop(timeout)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wake(self) -> None:
        self._wake.set()

    def set_token(self, token: Token) -> None:
        self._token = token
        self._refused = None
        self.stream.set_token(token)
        self.wake()

    def _set_state(self, state: SyncState, message: str = "") -> None:
        self.state = state
        if self.on_state is not None:
            with contextlib.suppress(Exception):
                self.on_state(state, message)

    def _run(self) -> None:
        delay = 1.0
        while not self._stop.is_set():
            self._wake.clear()
            wait = self.heartbeat
            try:
                token = self._token() if callable(self._token) else self._token
            except Exception as exc:  # the keyring is locked or missing
                token = None
                self._set_state(SyncState.NEEDS_TOKEN, f"cannot read the hub token: {exc}")
            if not self.hub_url:
                self._set_state(SyncState.NOT_CONFIGURED, "no hub URL is configured")
                return
            if token and token != self._refused:
                try:
                    with make_client(self.hub_url, token, 10.0, self.ca_file) as client:
                        while not self._stop.is_set():
                            self.sent += self.outbox.upload(client)
                            self._set_state(SyncState.ONLINE)
                            delay = 1.0
                            if not self._wake.wait(self.heartbeat):
                                continue  # a heartbeat: send (an empty batch) again
                            self._wake.clear()
                except HubProblem as problem:
                    if problem.kind == ProblemKind.AUTH:
                        self._refused = token
                        self._set_state(SyncState.NEEDS_TOKEN, problem.message)
                    else:
                        state = SyncState.OFFLINE if problem.kind == ProblemKind.OFFLINE \
                            else SyncState.ERROR
                        self._set_state(state, problem.message)
                        wait = delay * (0.5 + 0.5 * self._rng.random())
                        delay = min(MAX_DELAY, delay * 2)
            elif token == self._refused:
                self._set_state(SyncState.NEEDS_TOKEN, "the hub refused this token")
            self._wake.wait(wait)
