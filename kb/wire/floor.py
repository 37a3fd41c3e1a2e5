"""The floor on the wire: presence and call events from workstations, raised hands (alerts),
callbacks, and the board rows supervisors read.

A workstation records every change of its agent state, each phase of each call (with durations;
never audio, never the caller's number or name), its count of waiting calls, a raised hand and
the outcome of a callback as a :class:`FloorEvent`. Events wait in its durable outbox and go to
the hub in batches (``POST /floor/events``), keyed by their UUID, so a batch sent twice stores
once. Times are the workstation's clock; the batch carries ``sent_at`` so the hub can put them
on its own clock (:func:`clock_offset`).

Both sides run the same checks (:func:`check_event`, :func:`check_batch`): an event the hub
would refuse is refused where it is recorded. Every message starts with the field's name.

Pure functions and data; safe from any thread.
"""

from __future__ import annotations

import math
import uuid as uuid_module
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kb.wire.problems import RequestError
from kb.wire.text import text_problem

MAX_EVENTS_PER_BATCH = 500
MAX_KEY = 64  # a call key, a station id
MAX_REASON = 100
MAX_ALERT_TEXT = 200
MAX_SLUG = 200
MAX_LINE = 80  # "call me on line X": a number or SIP URI
MAX_SECONDS = 7 * 86_400.0  # a duration inside one event
MAX_TIME = 4_102_444_800.0  # 2100-01-01
MAX_CLOCK_OFFSET = 86_400.0  # a workstation clock further off than a day is not corrected
MIN_CLOCK_OFFSET = 2.0  # closer than this is network delay, not a wrong clock: kept as sent
HEARTBEAT_SECONDS = 20.0  # an idle workstation still says it is there this often
OFFLINE_AFTER_SECONDS = 75.0  # nothing heard for this long: shown offline


class FloorError(ValueError):
    """An event (or one of its fields) cannot be recorded or sent; the message names the
    field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class EventKind(StrEnum):
    STATE = "state"  # the agent state changed
    CALL = "call"  # a phase of a call
    WAITING = "waiting"  # the number of calls waiting on this workstation changed
    ALERT = "alert"  # the operator raised a hand
    CALLBACK = "callback"  # the outcome of a callback attempt


class AgentStatus(StrEnum):
    """The operator's state for the queue (the phone engine's agent states)."""

    READY = "ready"
    NOT_READY = "not-ready"
    WRAP_UP = "wrap-up"


class CallPhase(StrEnum):
    STARTED = "started"  # rings here, or we dialled
    ANSWERED = "answered"
    HELD = "held"  # we put the caller on hold
    RESUMED = "resumed"
    TRANSFERRED = "transferred"  # a transfer of ours succeeded
    ENDED = "ended"  # with the call's totals


class CallDirection(StrEnum):
    IN = "in"
    OUT = "out"


class CallLeg(StrEnum):
    CALL = "call"  # a call with a customer
    CONSULT = "consult"  # our consultation leg (to a department or the supervisor)


class CallResult(StrEnum):
    ANSWERED = "answered"
    MISSED = "missed"  # rang here, nobody answered (the caller gave up, or it was refused)
    FAILED = "failed"  # our outgoing call was not answered
    LOST = "lost"  # the workstation stopped during the call (its end is not known exactly)


class AckKind(StrEnum):
    """How a supervisor answers a raised hand."""

    COMING = "coming"  # "supervisor is coming"
    CALL_ME = "call-me"  # "call me on line X"
    JOIN_CONSULT = "join-consult"  # the desk consults the supervisor's line
    JOIN_CONFERENCE = "join-conference"  # ... and mixes the caller in

    @property
    def needs_line(self) -> bool:
        return self is not AckKind.COMING


class AlertState(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    CLOSED = "closed"


class CallbackOutcome(StrEnum):
    REACHED = "reached"
    NO_ANSWER = "no-answer"
    BUSY = "busy"
    WRONG_NUMBER = "wrong-number"
    NOT_NEEDED = "not-needed"

    @property
    def closes(self) -> bool:
        """Whether this outcome is the end of the callback (else it stays due)."""
        return self in (CallbackOutcome.REACHED, CallbackOutcome.WRONG_NUMBER,
                        CallbackOutcome.NOT_NEEDED)


class CallbackState(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"  # the note no longer asks for it


class Activity(StrEnum):
    """What the board shows for an operator, most urgent first."""

    ON_HOLD = "on-hold"
    ON_CALL = "on-call"
    RINGING = "ringing"
    WRAP_UP = "wrap-up"
    NOT_READY = "not-ready"
    READY = "ready"
    OFFLINE = "offline"


# ----------------------------------------------------------------------------- field checks


def _fail(name: str, message: str) -> FloorError:
    return FloorError(f"{name} {message}", name)


def _time(name: str, value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(name, "must be a number of seconds since 1970, or null")
    if not math.isfinite(value) or not 0 <= value <= MAX_TIME:
        raise _fail(name, "must be seconds since 1970, up to the year 2100")
    return float(value)


def _required_time(name: str, value: Any) -> float:
    checked = _time(name, value)
    if checked is None:
        raise _fail(name, "is required")
    return checked


def _seconds(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(name, "must be a number of seconds")
    if not math.isfinite(value) or not 0 <= value <= MAX_SECONDS:
        raise _fail(name, f"must be from 0 to {MAX_SECONDS:.0f} seconds")
    return float(value)


def _optional_seconds(name: str, value: Any) -> float | None:
    return None if value is None else _seconds(name, value)


def _count(maximum: int) -> Callable[[str, Any], int]:
    def check(name: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
            raise _fail(name, f"must be a whole number from 0 to {maximum}")
        return value
    return check


def _text(limit: int) -> Callable[[str, Any], str]:
    def check(name: str, value: Any) -> str:
        if not isinstance(value, str):
            raise _fail(name, "must be a string")
        if len(value) > limit:
            raise _fail(name, f"is longer than {limit} characters")
        problem = text_problem(value)
        if problem:
            raise _fail(name, problem)
        return value
    return check


def _flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _fail(name, "must be true or false")
    return value


def _enum(kind: type[StrEnum]) -> Callable[[str, Any], Any]:
    def check(name: str, value: Any) -> Any:
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            raise _fail(name, f"must be one of {allowed}, got {str(value)[:40]!a}") from None
    return check


def check_uuid(name: str, value: Any) -> str:
    """A UUID in its canonical form (lower case, with hyphens)."""
    if not isinstance(value, str):
        raise _fail(name, "must be a UUID string")
    try:
        return str(uuid_module.UUID(value))
    except ValueError:
        raise _fail(name, f"{value[:60]!a} is not a UUID") from None


def _key(name: str, value: Any) -> str:
    """A call key, a station id or a user name: 1 to :data:`MAX_KEY` characters."""
    key = _text(MAX_KEY)(name, value)
    if not key:
        raise _fail(name, "must not be empty")
    return key


_OPTIONAL_KEY = _text(MAX_KEY)

# kind -> field -> (check, required). Fields a kind does not list are refused.
_FIELDS: dict[EventKind, dict[str, tuple[Callable[[str, Any], Any], bool]]] = {
    EventKind.STATE: {
        "state": (_enum(AgentStatus), True),
        "reason": (_text(MAX_REASON), False),
    },
    EventKind.CALL: {
        "call": (_key, True),
        "phase": (_enum(CallPhase), True),
        "direction": (_enum(CallDirection), False),
        "leg": (_enum(CallLeg), False),
        "started_at": (_time, False),
        "answered_at": (_time, False),
        "ended_at": (_time, False),
        "held_since": (_time, False),
        "hold_s": (_seconds, False),
        "warn_s": (_count(86_400), False),
        "alarm_s": (_count(86_400), False),
        "transfer": (_text(16), False),
        "result": (_enum(CallResult), False),
        "talk_s": (_seconds, False),
        "hold_total_s": (_seconds, False),
        "holds": (_count(10_000), False),
        "longest_hold_s": (_seconds, False),
        "holds_over_alarm": (_count(10_000), False),
        "code": (_count(999), False),
    },
    EventKind.WAITING: {
        "count": (_count(100), True),
    },
    EventKind.ALERT: {
        "text": (_text(MAX_ALERT_TEXT), False),
        "article": (_text(MAX_SLUG), False),
        "call": (_OPTIONAL_KEY, False),
        "call_s": (_optional_seconds, False),
        "on_hold": (_flag, False),
        "held_since": (_time, False),
    },
    EventKind.CALLBACK: {
        "callback": (check_uuid, True),
        "outcome": (_enum(CallbackOutcome), True),
        "call": (_OPTIONAL_KEY, False),
    },
}
# A started call says which way it goes; an ended one says how it ended.
_PHASE_REQUIRES = {CallPhase.STARTED: ("direction",), CallPhase.ENDED: ("result",),
                   CallPhase.HELD: ("held_since",)}
_ENVELOPE = ("uuid", "seq", "at", "kind")
TIME_FIELDS = ("started_at", "answered_at", "ended_at", "held_since")


@dataclass(frozen=True, slots=True)
class FloorEvent:
    """One checked event: its envelope and its kind's fields (normalised, plain JSON values)."""

    uuid: str
    seq: int  # grows by one per event on its workstation
    at: float  # when it happened (the workstation's clock until the hub corrects it)
    kind: EventKind
    fields: dict[str, Any] = field(default_factory=dict)

    def to_wire(self) -> dict[str, Any]:
        return {"uuid": self.uuid, "seq": self.seq, "at": self.at, "kind": self.kind.value,
                **self.fields}

    def shifted(self, offset: float) -> FloorEvent:
        """The event with every time moved by ``offset`` seconds (onto the hub's clock)."""
        if not offset:
            return self
        moved = {k: (v + offset if k in TIME_FIELDS and v is not None else v)
                 for k, v in self.fields.items()}
        return FloorEvent(self.uuid, self.seq, self.at + offset, self.kind, moved)


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, StrEnum) else value


def check_fields(kind: EventKind | str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of one event of ``kind``, normalised; unknown or missing ones refused."""
    kind = EventKind(_enum(EventKind)("kind", kind))
    spec = _FIELDS[kind]
    unknown = sorted(set(fields) - set(spec))
    if unknown:
        raise FloorError(f"{unknown[0]} is not a field of a {kind.value} event", unknown[0])
    checked = {name: _plain(check(name, fields[name]))
               for name, (check, _required) in spec.items() if name in fields}
    for name, (_check, required) in spec.items():
        if required and name not in checked:
            raise _fail(name, "is required")
    if kind is EventKind.CALL:
        for name in _PHASE_REQUIRES.get(CallPhase(checked["phase"]), ()):
            if checked.get(name) is None:
                raise _fail(name, f"is required when the phase is {checked['phase']}")
    return checked


def check_event(raw: Any) -> FloorEvent:
    """One event as it travels: ``{"uuid", "seq", "at", "kind", ...fields}``."""
    if not isinstance(raw, dict):
        raise FloorError("an event must be an object")
    for name in _ENVELOPE:
        if name not in raw:
            raise _fail(name, "is required")
    seq = _count(2**53)("seq", raw["seq"])
    kind = _enum(EventKind)("kind", raw["kind"])
    fields = {k: v for k, v in raw.items() if k not in _ENVELOPE}
    return FloorEvent(check_uuid("uuid", raw["uuid"]), seq, _required_time("at", raw["at"]),
                      kind, check_fields(kind, fields))


@dataclass(frozen=True, slots=True)
class EventBatch:
    """A checked upload: which workstation, its clock when it sent, the events."""

    station: str
    sent_at: float
    events: list[FloorEvent]


def batch_body(station: str, sent_at: float, events: list[FloorEvent]) -> dict[str, Any]:
    return {"station": station, "sent_at": sent_at, "events": [e.to_wire() for e in events]}


def check_batch(body: Any) -> EventBatch:
    """``{"station", "sent_at", "events": [...]}`` → the batch, all valid; otherwise a
    :class:`RequestError` (422 naming each invalid event by index, 413 for too many)."""
    if not isinstance(body, dict) or not isinstance(body.get("events"), list):
        raise RequestError(422, "the body must be an object with an 'events' list")
    try:
        station = _key("station", body.get("station"))
        sent_at = _required_time("sent_at", body.get("sent_at"))
    except FloorError as exc:
        raise RequestError(422, str(exc)) from None
    items = body["events"]
    if len(items) > MAX_EVENTS_PER_BATCH:
        raise RequestError(413, f"at most {MAX_EVENTS_PER_BATCH} events per batch")
    events: list[FloorEvent] = []
    invalid: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        try:
            events.append(check_event(item))
        except FloorError as exc:
            raw_uuid = item.get("uuid") if isinstance(item, dict) else None
            invalid.append({"index": index,
                            "uuid": raw_uuid if isinstance(raw_uuid, str) else None,
                            "error": str(exc)})
    if invalid:
        raise RequestError(422, f"{len(invalid)} event(s) are invalid; nothing was stored",
                           invalid)
    return EventBatch(station, sent_at, events)


def clock_offset(sent_at: float, received_at: float) -> float:
    """Seconds to add to a workstation's times to put them on the hub's clock: 0 when the
    difference is within what the network and a busy hub add (the clocks agree), or too large
    to be a clock that is merely off."""
    offset = received_at - sent_at
    return offset if MIN_CLOCK_OFFSET <= abs(offset) <= MAX_CLOCK_OFFSET else 0.0


# ----------------------------------------------------------------------------- supervisor bodies


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    kind: AckKind
    line: str = ""  # the supervisor's number or SIP URI (required unless COMING)


def check_ack(body: Any) -> Acknowledgement:
    """``{"kind": "coming"|"call-me"|"join-consult"|"join-conference", "line"?}``."""
    if not isinstance(body, dict):
        raise RequestError(422, "the body must be an object with 'kind'")
    try:
        kind = _enum(AckKind)("kind", body.get("kind"))
        line = _text(MAX_LINE)("line", body.get("line", "")).strip()
    except FloorError as exc:
        raise RequestError(422, str(exc)) from None
    if kind.needs_line and not line:
        raise RequestError(422, f"line is required when the answer is {kind.value}")
    return Acknowledgement(kind, line)


def check_assignee(body: Any) -> str | None:
    """``{"to": "user"}`` (or ``null``: nobody, anyone may claim it)."""
    if not isinstance(body, dict) or "to" not in body:
        raise RequestError(422, "the body must be an object with 'to' (a user name or null)")
    if body["to"] is None:
        return None
    try:
        return _key("to", body["to"])
    except FloorError as exc:
        raise RequestError(422, str(exc)) from None


# ----------------------------------------------------------------------------- board rows


@dataclass(frozen=True, slots=True)
class LiveCall:
    """A call in progress on an operator's workstation, as the board shows it."""

    key: str
    direction: str
    leg: str = CallLeg.CALL.value
    started: float = 0.0
    answered: float | None = None
    held_since: float | None = None
    warn_s: int | None = None
    alarm_s: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "direction": self.direction, "leg": self.leg,
                "started": self.started, "answered": self.answered,
                "held_since": self.held_since, "warn_s": self.warn_s, "alarm_s": self.alarm_s}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LiveCall:
        return cls(key=str(data["key"]), direction=str(data.get("direction") or "in"),
                   leg=str(data.get("leg") or CallLeg.CALL.value),
                   started=float(data.get("started") or 0.0),
                   answered=_float_or_none(data.get("answered")),
                   held_since=_float_or_none(data.get("held_since")),
                   warn_s=_int_or_none(data.get("warn_s")),
                   alarm_s=_int_or_none(data.get("alarm_s")))


def _float_or_none(value: Any) -> float | None:
    return None if value is None else float(value)


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


@dataclass(frozen=True, slots=True)
class Presence:
    """One operator on the board (all times on the hub's clock)."""

    operator: str
    group: str = ""
    station: str = ""
    state: str = AgentStatus.READY.value
    reason: str = ""
    state_since: float = 0.0
    calls: tuple[LiveCall, ...] = ()
    waiting: int = 0
    last_seen: float = 0.0
    seq: int = 0  # the station's sequence number of the newest event applied

    def to_json(self) -> dict[str, Any]:
        return {"operator": self.operator, "group": self.group, "station": self.station,
                "state": self.state, "reason": self.reason, "state_since": self.state_since,
                "calls": [c.to_json() for c in self.calls], "waiting": self.waiting,
                "last_seen": self.last_seen, "seq": self.seq}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Presence:
        return cls(operator=str(data["operator"]), group=str(data.get("group") or ""),
                   station=str(data.get("station") or ""),
                   state=str(data.get("state") or AgentStatus.READY.value),
                   reason=str(data.get("reason") or ""),
                   state_since=float(data.get("state_since") or 0.0),
                   calls=tuple(LiveCall.from_json(c) for c in data.get("calls") or ()),
                   waiting=int(data.get("waiting") or 0),
                   last_seen=float(data.get("last_seen") or 0.0),
                   seq=int(data.get("seq") or 0))

    def online(self, now: float) -> bool:
        return now - self.last_seen <= OFFLINE_AFTER_SECONDS

    @property
    def main_call(self) -> LiveCall | None:
        """The call the board shows: one with a customer on hold longest, else the oldest
        customer call, else any."""
        if not self.calls:
            return None
        held = [c for c in self.calls if c.held_since is not None and c.leg == CallLeg.CALL]
        if held:
            return min(held, key=lambda c: c.held_since or 0.0)
        customer = [c for c in self.calls if c.leg == CallLeg.CALL] or list(self.calls)
        return min(customer, key=lambda c: c.started)

    def activity(self, now: float) -> Activity:
        if not self.online(now):
            return Activity.OFFLINE
        call = self.main_call
        if call is not None:
            if call.held_since is not None:
                return Activity.ON_HOLD
            return Activity.ON_CALL if call.answered is not None else Activity.RINGING
        return {AgentStatus.WRAP_UP.value: Activity.WRAP_UP,
                AgentStatus.NOT_READY.value: Activity.NOT_READY}.get(self.state,
                                                                      Activity.READY)


def hold_level(held_seconds: float, warn_s: int | None, alarm_s: int | None) -> str:
    """``normal``, ``warn`` or ``alarm``: the levels the operator's hold timer shows."""
    if alarm_s is not None and held_seconds >= alarm_s:
        return "alarm"
    if warn_s is not None and held_seconds >= warn_s:
        return "warn"
    return "normal"
