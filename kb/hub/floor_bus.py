"""Live changes of the floor, fanned out to the open streams (``GET /floor/stream``).

Every change (an operator's row, an alert, a callback) becomes a :class:`Message` inside the
transaction that made it. On SQLite (one hub process) the messages go to this process's streams
right after the commit. On PostgreSQL they travel as ``pg_notify`` inside the transaction, so
they are delivered at commit, in commit order, to every hub instance; each instance has one
listening connection that hands them to its own streams. A stream that cannot keep up, or an
instance whose listening connection was lost, is told to ``resync`` (send a fresh snapshot).

Thread rule: :meth:`FloorBus.notify_in` and :meth:`FloorBus.committed` run on the worker thread
of the transaction; subscriptions are made and read on the event loop; the listener has its own
thread. Fan-out always happens on the loop.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kb.wire.roles import role_allows

log = logging.getLogger("kb.hub.floor")
CHANNEL = "sufler_floor"
MAX_NOTIFY_BYTES = 7900  # PostgreSQL's limit is 8000 bytes per payload
QUEUE_SIZE = 2000  # messages one stream may lag behind before it is told to resync
RESYNC = "resync"


@dataclass(frozen=True, slots=True)
class Message:
    """One change: ``topic`` (``presence``, ``alert``, ``callback``), its row, and the agents
    who may see it (supervisors see everything)."""

    topic: str
    data: dict[str, Any]
    audience: frozenset[str] = frozenset()

    def to_json(self) -> str:
        return json.dumps({"t": self.topic, "a": sorted(self.audience), "d": self.data},
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Message:
        raw = json.loads(text)
        return cls(str(raw["t"]), dict(raw.get("d") or {}), frozenset(raw.get("a") or ()))

    def sse(self) -> str:
        return sse_event(self.topic, self.data)


def sse_event(name: str, data: Any) -> str:
    """One Server-Sent Event (the JSON is one line: no newline inside a ``data:`` field)."""
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@dataclass(eq=False)
class Subscription:
    """One open stream: who it is for and what waits to be sent (a text, or ``RESYNC``)."""

    user: str
    role: str
    queue: asyncio.Queue[str] = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))

    @property
    def sees_all(self) -> bool:
        return role_allows(self.role, "supervisor")

    def offer(self, message: Message, text: str) -> None:
        if not (self.sees_all or self.user in message.audience):
            return
        try:
            self.queue.put_nowait(text)
        except asyncio.QueueFull:
            self.resync()

    def resync(self) -> None:
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queue.put_nowait(RESYNC)


class FloorBus:
    """The fan-out of one hub process; see the module docstring."""

    def __init__(self, engine: Engine) -> None:
        self.postgres = engine.dialect.name == "postgresql"
        self._conninfo = (engine.url.set(drivername="postgresql")
                          .render_as_string(hide_password=False) if self.postgres else "")
        self._loop: asyncio.AbstractEventLoop | None = None
        self._subscriptions: set[Subscription] = set()
        self._listener: threading.Thread | None = None
        self._stop = threading.Event()

    # -- streams (event loop) ---------------------------------------------------------------

    def subscribe(self, user: str, role: str) -> Subscription:
        self._loop = asyncio.get_running_loop()
        if self.postgres and self._listener is None:
            self._listener = threading.Thread(target=self._listen, name="floor-listener",
                                              daemon=True)
            self._listener.start()
        subscription = Subscription(user, role)
        self._subscriptions.add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        self._subscriptions.discard(subscription)

    @property
    def streams(self) -> int:
        return len(self._subscriptions)

    def _fan_out(self, messages: list[Message]) -> None:
        for message in messages:
            text = message.sse()
            for subscription in list(self._subscriptions):
                subscription.offer(message, text)

    def _resync_all(self) -> None:
        for subscription in list(self._subscriptions):
            subscription.resync()

    def _to_loop(self, messages: list[Message]) -> None:
        loop = self._loop
        if loop is None or not messages or loop.is_closed():
            return
        loop.call_soon_threadsafe(self._fan_out, messages)

    # -- publishing (worker thread of the transaction) --------------------------------------

    def notify_in(self, conn: Connection, messages: Iterable[Message]) -> None:
        """Inside the transaction: on PostgreSQL, the messages go out at its commit."""
        if not self.postgres:
            return
        for message in messages:
            payload = message.to_json()
            if len(payload.encode("utf-8")) > MAX_NOTIFY_BYTES:
                payload = Message(RESYNC, {}).to_json()
            conn.execute(sa.text("SELECT pg_notify(:channel, :payload)"),
                         {"channel": CHANNEL, "payload": payload})

    def committed(self, messages: list[Message]) -> None:
        """After the commit: on SQLite, hand the messages to this process's streams."""
        if not self.postgres:
            self._to_loop(messages)

    # -- PostgreSQL listener (own thread) ----------------------------------------------------

    def _listen(self) -> None:
        import psycopg

        delay = 0.5
        lost = False
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    if lost and self._loop is not None:
                        self._loop.call_soon_threadsafe(self._resync_all)
                    delay = 0.5
                    while not self._stop.is_set():
                        for notice in conn.notifies(timeout=1.0):
                            self._received(notice.payload)
            except Exception as exc:  # the database went away: streams resync when it is back
                lost = True
                log.warning("floor listener lost its connection (%s); retrying in %.1f s",
                            type(exc).__name__, delay)
                self._stop.wait(delay)
                delay = min(delay * 2, 10.0)

    def _received(self, payload: str) -> None:
        try:
            message = Message.from_json(payload)
        except (ValueError, KeyError, TypeError):
            log.warning("floor listener: a notification that is not ours was ignored")
            return
        if message.topic == RESYNC:
            if self._loop is not None:
                self._loop.call_soon_threadsafe(self._resync_all)
            return
        self._to_loop([message])

    def close(self) -> None:
        self._stop.set()
