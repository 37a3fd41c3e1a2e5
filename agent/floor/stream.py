"""StreamReader: the hub's live floor stream (Server-Sent Events) read on its own thread.

It connects to ``GET /floor/stream``, hands every event to ``on_event(name, data)`` and, when the
connection drops, reconnects with backoff (the first event after a reconnect is a fresh
snapshot, so nothing missed while away is lost). A refused token stops it until
:meth:`StreamReader.set_token`.

Thread rule: callbacks run on the reader's thread (a Qt adapter re-emits them as signals);
:meth:`start`, :meth:`stop` and :meth:`set_token` may be called from any thread.
"""

from __future__ import annotations

import contextlib
import json
import logging
import random
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

from agent.notes.hub_client import make_client
from kb.wire.states import SyncState

log = logging.getLogger(__name__)
READ_TIMEOUT = 45.0  # the hub pings every 15 s: silence this long means the connection is dead
MAX_DELAY = 30.0
MAX_EVENT_BYTES = 4 * 1024 * 1024

Token = str | Callable[[], str | None] | None


def sse_events(lines: Iterator[str]) -> Iterator[tuple[str, str]]:
    """``(event name, data)`` of each Server-Sent Event in ``lines`` (comments skipped)."""
    name, size = "message", 0
    data: list[str] = []
    for line in lines:
        if not line:
            if data:
                yield name, "\n".join(data)
            name, data, size = "message", [], 0
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "event":
            name = value
        elif field == "data":
            size += len(value)
            if size > MAX_EVENT_BYTES:
                raise ValueError("an event of the stream is too large")
            data.append(value)


class StreamReader:
    """See the module docstring."""

    def __init__(self, hub_url: str, token: Token,
                 on_event: Callable[[str, Any], None],
                 on_state: Callable[[SyncState, str], None] | None = None,
                 ca_file: Path | None = None, name: str = "floor-stream") -> None:
        self.hub_url = hub_url
        self._token = token
        self.on_event = on_event
        self.on_state = on_state
        self.ca_file = ca_file
        self.name = name
        self.state = SyncState.OFFLINE
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._response: httpx.Response | None = None
        self._refused: str | None = None
        self._rng = random.Random()

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        response = self._response
        if response is not None:
            with contextlib.suppress(Exception):
                response.close()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def set_token(self, token: Token) -> None:
        self._token = token
        self._refused = None
        self._wake.set()

    def _set_state(self, state: SyncState, message: str = "") -> None:
        self.state = state
        if self.on_state is not None:
            with contextlib.suppress(Exception):
                self.on_state(state, message)

    def _resolve(self) -> str | None:
        try:
            return self._token() if callable(self._token) else self._token
        except Exception as exc:  # the keyring is locked or missing
            self._set_state(SyncState.NEEDS_TOKEN, f"cannot read the hub token: {exc}")
            return None

    def _run(self) -> None:
        delay = 1.0
        while not self._stop.is_set():
            if not self.hub_url:
                self._set_state(SyncState.NOT_CONFIGURED, "no hub URL is configured")
                return
            token = self._resolve()
            if not token or token == self._refused:
                self._set_state(SyncState.NEEDS_TOKEN, "the hub needs a valid token")
                self._wake.wait(30.0)
                self._wake.clear()
                continue
            try:
                self._read(token)
                delay = 1.0
            except _Refused as exc:
                self._refused = token
                self._set_state(SyncState.NEEDS_TOKEN, str(exc))
                continue
            except (httpx.HTTPError, ValueError, OSError) as exc:
                if self._stop.is_set():
                    break
                self._set_state(SyncState.OFFLINE, f"the hub is unreachable ({exc})")
            self._wake.wait(delay * (0.5 + 0.5 * self._rng.random()))
            self._wake.clear()
            delay = min(MAX_DELAY, delay * 2)
        self._set_state(SyncState.OFFLINE, "stopped")

    def _read(self, token: str) -> None:
        with make_client(self.hub_url, token, 10.0, self.ca_file) as client, client.stream(
                "GET", "/floor/stream",
                timeout=httpx.Timeout(10.0, read=READ_TIMEOUT)) as response:
            self._response = response
            try:
                if response.status_code in (401, 403):
                    raise _Refused(f"the hub refused the token ({response.status_code}); "
                                   "it needs a new token")
                if response.status_code != 200:
                    raise httpx.HTTPError(f"the hub answered {response.status_code}")
                self._set_state(SyncState.ONLINE)
                for name, data in sse_events(response.iter_lines()):
                    if self._stop.is_set():
                        return
                    try:
                        value = json.loads(data)
                    except json.JSONDecodeError:
                        log.warning("floor stream: an event that is not JSON was ignored")
                        continue
                    try:
                        self.on_event(name, value)
                    except Exception:  # a broken handler must not stop the stream
                        log.exception("floor stream handler failed on %s", name)
                raise httpx.HTTPError("the hub closed the stream")
            finally:
                self._response = None


class _Refused(Exception):
    pass
