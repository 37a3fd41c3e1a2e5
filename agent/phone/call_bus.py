"""The publication of call events inside the engine: what happened to a call, told to the parts
that subscribed, in the order they subscribed, on the same thread, before the publisher goes on.

:mod:`~agent.phone.call_events` publishes (it turns pjsua2's call callbacks into records); the
parts that must react (audio routing, the ringtone, conferences, transfers, dead-peer watches,
history, the agent state) subscribe, and the engine's wiring is the one place that states the
order. A subscriber that raises is reported and the others still run: one failing part never
leaves another holding a dead call.

Thread rule: main thread only (publication happens inside pjsua2's callbacks).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from agent.phone.lines import CallRecord

Subscriber = Callable[[CallRecord], None]


class CallEvent(Enum):
    """What the publisher has done to the record just before it publishes."""

    RINGING = "ringing"  # an incoming call rings (accepted, not answered automatically)
    CONFIRMED = "confirmed"  # first CONFIRMED: ``answered`` is set; now it may be the active call
    STATE_CHANGED = "state-changed"  # any other state of a live call, already reported
    MEDIA_CHANGED = "media-changed"  # ``media``/``hold`` updated from pjsua2's media state
    ENDED = "ended"  # DISCONNECTED: no pjsua2 call any more; still on the lines
    REMOVED = "removed"  # off the lines and reported gone (``call_removed``)


class CallBus:
    """Ordered subscribers per call event."""

    def __init__(self, failed: Callable[[CallEvent, Exception], None]) -> None:
        self._subscribers: dict[CallEvent, list[Subscriber]] = {event: [] for event in CallEvent}
        self.failed = failed

    def subscribe(self, event: CallEvent, subscriber: Subscriber) -> None:
        """Add ``subscriber`` after those already subscribed to ``event``."""
        self._subscribers[event].append(subscriber)

    def subscribers(self, event: CallEvent) -> list[Subscriber]:
        return list(self._subscribers[event])

    def publish(self, event: CallEvent, record: CallRecord) -> None:
        """Call every subscriber of ``event`` with ``record``, in order, now."""
        for subscriber in self.subscribers(event):
            try:
                subscriber(record)
            except Exception as exc:
                self.failed(event, exc)
