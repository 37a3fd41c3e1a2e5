"""The phone engine's wire protocol: JSON lines, commands in on stdin, events out on stdout.

Pure Python (no pjsua2, no Qt): the engine, :class:`agent.phone.client.PhoneClient`, the tests and
IT scripts all share it. The full description is in ``docs/phone-protocol.md``.

Every event line is one JSON object with ``"event"`` (its name) and ``"t"`` (epoch seconds).
Every command is either a JSON object with ``"cmd"`` or a plain-word line (``dial 1001``).
A command may carry an ``"id"``; events caused by it echo it as ``"reply_to"``.

Every failure a person may read (an ``error``, a call that ended for a reason of its own, a
failed registration or transfer) carries a stable :class:`Problem` code in ``"problem"`` and the
values its sentence needs in ``"params"`` (strings by name). The English ``message``/``reason``
beside it is for logs and the command line; the desk builds its own sentence from the code, in
the operator's language, and never parses the English text.

Thread rule: every function here is pure and safe from any thread.
"""

from __future__ import annotations

import json
import shlex
import time
import types
import typing
from dataclasses import MISSING, dataclass, field, fields
from enum import StrEnum
from typing import Any, Final, TypedDict, Union

PROTOCOL_NAME: Final = "sufler-phone"
PROTOCOL_VERSION: Final = 1


class Problem(StrEnum):
    """Why something failed, as a code that never changes (the wire value); ``params`` names
    follow in the comments. A code this side does not know reads as :attr:`UNKNOWN`."""

    NONE = ""  # nothing went wrong
    UNKNOWN = "unknown"  # a newer engine's code: only its English text is known here
    # a command that cannot be understood or cannot apply now (``error`` events)
    BAD_COMMAND = "bad-command"  # detail
    UNROUTABLE_TARGET = "unroutable-target"  # target: a bare number and no SIP server set
    LINES_BUSY = "lines-busy"
    DIAL_FAILED = "dial-failed"  # target, detail
    NO_CALL = "no-call"
    NO_SUCH_CALL = "no-such-call"  # call
    CALL_GONE = "call-gone"  # call
    CALL_NOT_CONNECTED = "call-not-connected"  # call
    CALL_NOT_RINGING = "call-not-ringing"  # call
    NO_CALL_RINGING = "no-call-ringing"
    CALL_NOT_HELD = "call-not-held"  # call
    CALL_ALREADY_HELD = "call-already-held"  # call
    NO_CALL_HELD = "no-call-held"
    HOLD_FAILED = "hold-failed"  # call, detail
    RESUME_FAILED = "resume-failed"  # call, detail
    NO_ACTIVE_CALL = "no-active-call"
    NO_OTHER_CALL = "no-other-call"
    SAME_CALL = "same-call"  # call
    NAME_THE_CALL = "name-the-call"  # count
    IN_CONFERENCE = "in-conference"
    NO_TELEPHONE_EVENT = "no-telephone-event"
    NO_QUEUE_CODE = "no-queue-code"  # action
    NO_CONSULTATION = "no-consultation"
    CONSULT_NOT_ANSWERED = "consult-not-answered"
    CONSULT_LEG_GONE = "consult-leg-gone"
    TRANSFER_NOT_SENT = "transfer-not-sent"  # call, detail
    NO_SUCH_RECORDING = "no-such-recording"  # file
    NOT_A_PROMPT = "not-a-prompt"  # file
    NO_CALL_AUDIO = "no-call-audio"  # call
    SOUND_DEVICE_FAILED = "sound-device-failed"  # detail: no sound at all
    SOUND_DEVICE_FALLBACK = "sound-device-fallback"  # device, detail: the default is used
    AUDIO_BRIDGE_UNAVAILABLE = "audio-bridge-unavailable"  # detail
    NO_ACCOUNT = "no-account"
    UNKNOWN_TRANSPORT = "unknown-transport"  # transport
    TRANSPORT_FAILED = "transport-failed"  # transport, detail
    ACCOUNT_FAILED = "account-failed"  # detail
    NO_PASSWORD = "no-password"  # account, detail
    SIP_START_FAILED = "sip-start-failed"  # detail
    SIP_FAILED = "sip-failed"  # command, detail: pjsip refused the operation
    INTERNAL = "internal"  # detail: a bug in the engine (its log has the rest)
    # the far end's answer (a call that failed or ended, a transfer, a registration)
    NOT_FOUND = "not-found"  # code, reason: 404, 484, 604
    BUSY = "busy"  # code, reason: 486, 600
    NO_ANSWER = "no-answer"  # code, reason: 408, 480
    DECLINED = "declined"  # code, reason: 603
    UNREACHABLE = "unreachable"  # code, reason: 502-504, or no transport to it
    AUTH_FAILED = "auth-failed"  # code, reason: 401, 407 (and a registrar's 403)
    SIP_STATUS = "sip-status"  # code, reason: any other failure answer
    NO_AUDIO = "no-audio"  # seconds: no RTP from the far end, the engine hung up
    PEER_GONE = "peer-gone"  # code, reason: no answer to our in-dialog OPTIONS
    TRANSFER_TIMEOUT = "transfer-timeout"  # seconds
    TRANSFER_TIMEOUT_HELD = "transfer-timeout-held"  # seconds: ... the far end holds the call
    CALL_ENDED_BEFORE_TRANSFER = "call-ended-before-transfer"
    # the desk's own client, about the engine process
    ENGINE_NOT_RUNNING = "engine-not-running"  # command
    ENGINE_FAILED_TO_START = "engine-failed-to-start"  # program
    EVENT_NOT_UNDERSTOOD = "event-not-understood"  # detail
    PROTOCOL_MISMATCH = "protocol-mismatch"  # version, expected
    # why the engine process stopped (a phrase, like a far end's answer)
    ENGINE_STOPPED = "engine-stopped"  # on request
    ENGINE_CRASHED = "engine-crashed"
    ENGINE_EXITED = "engine-exited"  # code: its exit status
    ENGINE_DID_NOT_START = "engine-did-not-start"  # code: its exit status ("" if none)

    @classmethod
    def _missing_(cls, value: object) -> Problem:
        return cls.UNKNOWN


Params = dict[str, str]

# Each code's ``params`` names (what a sentence about it may use); a test keeps the desk's
# sentences to exactly these.
PROBLEM_PARAMS: Final[dict[Problem, tuple[str, ...]]] = {
    Problem.BAD_COMMAND: ("detail",),
    Problem.UNROUTABLE_TARGET: ("target",),
    Problem.DIAL_FAILED: ("target", "detail"),
    Problem.NO_SUCH_CALL: ("call",),
    Problem.CALL_GONE: ("call",),
    Problem.CALL_NOT_CONNECTED: ("call",),
    Problem.CALL_NOT_RINGING: ("call",),
    Problem.CALL_NOT_HELD: ("call",),
    Problem.CALL_ALREADY_HELD: ("call",),
    Problem.HOLD_FAILED: ("call", "detail"),
    Problem.RESUME_FAILED: ("call", "detail"),
    Problem.SAME_CALL: ("call",),
    Problem.NAME_THE_CALL: ("count",),
    Problem.NO_QUEUE_CODE: ("action",),
    Problem.TRANSFER_NOT_SENT: ("call", "detail"),
    Problem.NO_SUCH_RECORDING: ("file",),
    Problem.NOT_A_PROMPT: ("file",),
    Problem.NO_CALL_AUDIO: ("call",),
    Problem.SOUND_DEVICE_FAILED: ("detail",),
    Problem.SOUND_DEVICE_FALLBACK: ("device", "detail"),
    Problem.AUDIO_BRIDGE_UNAVAILABLE: ("detail",),
    Problem.UNKNOWN_TRANSPORT: ("transport",),
    Problem.TRANSPORT_FAILED: ("transport", "detail"),
    Problem.ACCOUNT_FAILED: ("detail",),
    Problem.NO_PASSWORD: ("account", "detail"),
    Problem.SIP_START_FAILED: ("detail",),
    Problem.SIP_FAILED: ("command", "detail"),
    Problem.INTERNAL: ("detail",),
    **{status: ("code", "reason") for status in (
        Problem.NOT_FOUND, Problem.BUSY, Problem.NO_ANSWER, Problem.DECLINED,
        Problem.UNREACHABLE, Problem.AUTH_FAILED, Problem.SIP_STATUS, Problem.PEER_GONE)},
    Problem.NO_AUDIO: ("seconds",),
    Problem.TRANSFER_TIMEOUT: ("seconds",),
    Problem.TRANSFER_TIMEOUT_HELD: ("seconds",),
    Problem.ENGINE_NOT_RUNNING: ("command",),
    Problem.ENGINE_FAILED_TO_START: ("program",),
    Problem.EVENT_NOT_UNDERSTOOD: ("detail",),
    Problem.PROTOCOL_MISMATCH: ("version", "expected"),
    Problem.ENGINE_EXITED: ("code",),
    Problem.ENGINE_DID_NOT_START: ("code",),
}


def problem_params(problem: Problem) -> tuple[str, ...]:
    """The ``params`` names of ``problem`` (empty for most)."""
    return PROBLEM_PARAMS.get(problem, ())


def status_problem(code: int) -> Problem:
    """The problem a SIP failure answer stands for (``code`` 0: no answer at all)."""
    if code in (404, 484, 604):
        return Problem.NOT_FOUND
    if code in (486, 600):
        return Problem.BUSY
    if code in (408, 480):
        return Problem.NO_ANSWER
    if code == 603:
        return Problem.DECLINED
    if code in (0, 502, 503, 504):
        return Problem.UNREACHABLE
    if code in (401, 407):
        return Problem.AUTH_FAILED
    return Problem.SIP_STATUS


def status_params(code: int, reason: str) -> Params:
    """The ``params`` of a SIP answer's problem (``code`` 0, no answer: empty)."""
    return {"code": str(code) if code else "", "reason": reason}


class ProtocolError(ValueError):
    """A command line that cannot be understood; the engine answers with an ``error`` event."""

    def __init__(self, message: str, request_id: str | int | None = None,
                 problem: Problem = Problem.BAD_COMMAND, params: Params | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request_id = request_id
        self.problem = problem
        self.params = params if params is not None else {"detail": message}


class CommandError(Exception):
    """A command that cannot apply now; the engine answers with an ``error`` event whose
    ``problem`` and ``params`` are these (``str(exc)`` is its English ``message``)."""

    def __init__(self, message: str, problem: Problem, **params: object) -> None:
        super().__init__(message)
        self.problem = problem
        self.params: Params = {key: str(value) for key, value in params.items()}


class CallState(StrEnum):
    CALLING = "calling"
    INCOMING = "incoming"
    EARLY = "early"
    CONNECTING = "connecting"
    CONFIRMED = "confirmed"
    DISCONNECTED = "disconnected"


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


class HoldState(StrEnum):
    NONE = "none"
    LOCAL = "local"
    REMOTE = "remote"


class MediaStatus(StrEnum):
    ACTIVE = "active"
    LOCAL_HOLD = "local-hold"
    REMOTE_HOLD = "remote-hold"
    NONE = "none"


class RegistrationState(StrEnum):
    UNREGISTERED = "unregistered"
    REGISTERING = "registering"
    REGISTERED = "registered"
    FAILED = "failed"


class AgentState(StrEnum):
    READY = "ready"
    NOT_READY = "not-ready"
    WRAP_UP = "wrap-up"


class Refusal(StrEnum):
    """Why the engine turned an incoming call away without ringing (the ``refused`` event's
    ``cause``): the engine decides, so the desk never has to guess from a state it saw earlier."""

    NOT_VIA_PROXY = "not-via-proxy"  # 403: it did not come through the registrar
    DND = "dnd"  # 486: do not disturb was on
    WRAP_UP = "wrap-up"  # 486
    NOT_READY = "not-ready"  # 486; ``agent_reason`` says which not-ready reason
    LINES_BUSY = "lines-busy"  # 486: every line was taken


class Mode(StrEnum):
    DIRECT = "direct"  # --listen HOST:PORT, no registrar
    ACCOUNT = "account"  # registered to a PBX / registrar


class AudioMode(StrEnum):
    BRIDGE = "bridge"  # pjsua2 without sound devices, bridged to PortAudio
    NATIVE = "native"  # the pjsua2 build's own sound devices
    NULL = "null"  # no sound device: calls work, nothing is heard


class TransferKind(StrEnum):
    BLIND = "blind"
    ATTENDED = "attended"
    REQUESTED = "requested"  # the far end asked us to transfer


class QueueAction(StrEnum):
    LOGIN = "login"
    LOGOUT = "logout"
    PAUSE = "pause"


class EventName(StrEnum):
    HELLO = "hello"
    REGISTRATION = "registration"
    INCOMING = "incoming"
    REFUSED = "refused"
    CALL = "call"
    CALL_REMOVED = "call_removed"
    MEDIA = "media"
    DTMF = "dtmf"
    TRANSFER = "transfer"
    REPLACED = "replaced"
    LINES = "lines"
    AGENT_STATE = "agent_state"
    PROMPT = "prompt"
    RECORDING = "recording"
    AUDIO = "audio"
    QUEUE = "queue"
    CONFERENCE = "conference"
    ERROR = "error"
    BYE = "bye"


# ----------------------------------------------------------------------------- event payloads


class CallSnapshot(TypedDict):
    """Everything known about one call; sent whole on every change (``call`` event)."""

    call: int  # engine-assigned, never reused within one engine run
    state: str  # CallState
    direction: str  # Direction
    remote_uri: str
    caller_id: str  # the user part of the remote URI ("1001"), or the URI when there is none
    display_name: str
    hold: str  # HoldState
    held_since: float | None  # epoch seconds when our local hold began
    muted: bool
    media: str  # MediaStatus
    started: float
    answered: float | None
    ended: float | None
    code: int  # last SIP status code seen (0 before any)
    reason: str
    consult_for: int | None  # for a consultation call: the call being transferred
    problem: str  # Problem: why a call failed or the engine ended it ("" for a normal end)
    params: Params


class WaitingCall(TypedDict):
    call: int
    caller_id: str
    display_name: str
    waiting_since: float


class LinesPayload(TypedDict):
    calls: list[CallSnapshot]
    waiting: list[WaitingCall]
    active: int | None  # the call that has audio now (not held), if any
    conference: list[int]  # calls whose audio is bridged together (empty: no conference)


class RegistrationPayload(TypedDict):
    account: str
    state: str  # RegistrationState
    code: int
    reason: str
    next_retry_s: float | None
    problem: str  # Problem, for a failed registration
    params: Params


class AgentStatePayload(TypedDict):
    state: str  # AgentState
    reason: str
    wrap_up_until: float | None
    dnd: bool  # do not disturb: every incoming call is refused, whatever the state


# ----------------------------------------------------------------------------- commands

# Command name -> {field: (type, required)}. "call" is always optional (default: the current call).
_CALL = {"call": (int, False)}
COMMANDS: Final[dict[str, dict[str, tuple[type | tuple[type, ...], bool]]]] = {
    "dial": {"uri": (str, True)},
    "answer": dict(_CALL),
    "reject": {**_CALL, "code": (int, False)},
    "hangup": dict(_CALL),
    "hold": dict(_CALL),
    "resume": dict(_CALL),
    "swap": dict(_CALL),
    "conference": {**_CALL, "with": (int, False)},
    "dnd": {"on": (bool, False)},
    "mute": {**_CALL, "on": (bool, False)},
    "dtmf": {**_CALL, "digits": (str, True), "method": (str, False)},
    "transfer": {**_CALL, "uri": (str, True)},
    "consult": {**_CALL, "uri": (str, True)},
    "complete": dict(_CALL),
    "cancel": dict(_CALL),
    "state": {"state": (str, True), "reason": (str, False)},
    "play": {**_CALL, "file": (str, True), "hangup_after": (bool, False)},
    "record": {**_CALL, "file": (str, True)},
    "account": {
        "server": (str, True),
        "user": (str, True),
        "password": (str, False),
        "transport": (str, False),
        "display_name": (str, False),
        "name": (str, False),
    },
    "unregister": {},
    "audio": {
        "input": (str, False),
        "output": (str, False),
        "ring": (str, False),
        "ringtone": (str, False),
    },
    "queue": {"action": (str, True)},
    "status": {},
    "quit": {},
}

DTMF_DIGITS: Final = frozenset("0123456789*#ABCDabcd")
DTMF_METHODS: Final = ("auto", "rfc2833", "info")
QUEUE_ACTIONS: Final = tuple(action.value for action in QueueAction)


@dataclass(frozen=True, slots=True)
class Command:
    """One parsed command. ``args`` holds only the fields declared in :data:`COMMANDS`."""

    name: str
    args: dict[str, Any] = field(default_factory=dict)
    id: str | int | None = None

    @property
    def call(self) -> int | None:
        value = self.args.get("call")
        return int(value) if value is not None else None


def _validate(name: str, raw: dict[str, Any], request_id: str | int | None) -> Command:
    spec = COMMANDS.get(name)
    if spec is None:
        raise ProtocolError(f"unknown command {name!r}")
    args: dict[str, Any] = {}
    for key, (kind, required) in spec.items():
        if key not in raw or raw[key] is None:
            if required:
                raise ProtocolError(f"{name}: {key!r} is required")
            continue
        value = raw[key]
        if kind is int and isinstance(value, str) and value.isascii() and value.isdigit():
            value = int(value)
        if kind is int and isinstance(value, bool):
            raise ProtocolError(f"{name}: {key!r} must be an integer")
        if not isinstance(value, kind):
            raise ProtocolError(f"{name}: {key!r} has the wrong type {type(value).__name__}")
        args[key] = value
    if name == "dtmf":
        digits = args["digits"]
        if not digits or any(d not in DTMF_DIGITS for d in digits):
            raise ProtocolError(f"dtmf: invalid digits {digits!r} (allowed 0-9 * # A-D)")
    if name == "dtmf" and args.get("method", "auto") not in DTMF_METHODS:
        raise ProtocolError("dtmf: method must be one of " + ", ".join(DTMF_METHODS))
    if name == "state":
        try:
            AgentState(args["state"])
        except ValueError:
            raise ProtocolError(
                "state: must be one of " + ", ".join(s.value for s in AgentState)
            ) from None
    if name == "queue" and args["action"] not in QUEUE_ACTIONS:
        raise ProtocolError("queue: action must be one of " + ", ".join(QUEUE_ACTIONS))
    for key in ("uri", "file"):
        if key in args and not args[key].strip():
            raise ProtocolError(f"{name}: {key!r} must not be empty")
    return Command(name, args, request_id)


def _parse_words(line: str) -> Command:
    try:
        words = shlex.split(line)
    except ValueError as exc:
        raise ProtocolError(f"cannot split command: {exc}") from None
    name, rest = words[0].lower(), words[1:]

    def optional_call() -> dict[str, Any]:
        if not rest:
            return {}
        if len(rest) == 1 and rest[0].isascii() and rest[0].isdigit():
            return {"call": int(rest[0])}
        raise ProtocolError(f"{name}: expected an optional call id, got {' '.join(rest)!r}")

    def one(key: str) -> dict[str, Any]:
        if len(rest) != 1:
            raise ProtocolError(f"{name}: expected one {key.upper()}")
        return {key: rest[0]}

    if name in ("answer", "reject", "hangup", "hold", "resume", "complete", "cancel", "swap"):
        return _validate(name, optional_call(), None)
    if name == "conference":
        if len(rest) > 2 or not all(word.isascii() and word.isdigit() for word in rest):
            raise ProtocolError("conference: expected [CALL [WITH]] call ids")
        ids = dict(zip(("call", "with"), (int(word) for word in rest), strict=False))
        return _validate(name, ids, None)
    if name == "dnd":
        if len(rest) > 1 or (rest and rest[0].lower() not in ("on", "off")):
            raise ProtocolError("dnd: expected on | off")
        return _validate(name, {"on": not rest or rest[0].lower() == "on"}, None)
    if name in ("mute", "unmute"):
        return _validate("mute", {**optional_call(), "on": name == "mute"}, None)
    if name in ("dial", "transfer", "consult"):
        return _validate(name, one("uri"), None)
    if name == "dtmf":
        return _validate(name, one("digits"), None)
    if name in ("play", "record"):
        if not rest:
            raise ProtocolError(f"{name}: expected FILE")
        args: dict[str, Any] = {"file": rest[0]}
        if name == "play" and "--hangup" in rest[1:]:
            args["hangup_after"] = True
        return _validate(name, args, None)
    if name == "state":
        if not rest:
            raise ProtocolError("state: expected ready | not-ready REASON | wrap-up")
        return _validate(name, {"state": rest[0], "reason": " ".join(rest[1:])}, None)
    if name == "queue":
        return _validate(name, one("action"), None)
    if name in ("quit", "exit", "status", "unregister"):
        if rest:
            raise ProtocolError(f"{name}: takes no arguments")
        return _validate("quit" if name == "exit" else name, {}, None)
    if name in COMMANDS:
        raise ProtocolError(f"{name}: use the JSON form for this command")
    raise ProtocolError(f"unknown command {name!r}")


def parse_command(line: str) -> Command | None:
    """Parse one stdin line; ``None`` for blank lines and ``#`` comments.

    Raises :class:`ProtocolError` with a message fit for an ``error`` event.
    """
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    if text.startswith("{"):
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ProtocolError(f"invalid JSON: {exc.msg}") from None
        if not isinstance(raw, dict):
            raise ProtocolError("a JSON command must be an object")
        name = raw.get("cmd")
        if not isinstance(name, str):
            raise ProtocolError("a JSON command needs a string 'cmd'")
        request_id = raw.get("id")
        if request_id is not None and not isinstance(request_id, str | int):
            request_id = str(request_id)
        try:
            return _validate(name, raw, request_id)
        except ProtocolError as exc:
            raise ProtocolError(exc.message, request_id, exc.problem, exc.params) from None
    return _parse_words(text)


def format_command(name: str, request_id: str | int | None = None, **args: Any) -> str:
    """One JSON command line (with newline), fields set to ``None`` left out."""
    body: dict[str, Any] = {"cmd": name}
    body.update({k: v for k, v in args.items() if v is not None})
    if request_id is not None:
        body["id"] = request_id
    return json.dumps(body, ensure_ascii=False) + "\n"


# ----------------------------------------------------------------------------- events


def make_event(name: str, **fields: Any) -> dict[str, Any]:
    """An event object with ``event`` and ``t`` set first."""
    return {"event": str(name), "t": round(time.time(), 6), **fields}


def format_event(event: dict[str, Any]) -> str:
    """One event line (with newline); non-ASCII kept readable."""
    return json.dumps(event, ensure_ascii=False, default=str) + "\n"


def parse_event(line: str) -> dict[str, Any] | None:
    """Parse one stdout line of the engine; ``None`` if it is not an event (e.g. stray output)."""
    text = line.strip()
    if not text.startswith("{"):
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("event"), str):
        return None
    return value


def caller_id_from_uri(uri: str) -> tuple[str, str]:
    """``'"Ann" <sip:1001@host>'`` → ``("1001", "Ann")``; works on bare ``sip:`` URIs too."""
    text = uri.strip()
    display = ""
    if "<" in text and ">" in text:
        display = text[: text.index("<")].strip().strip('"')
        text = text[text.index("<") + 1 : text.index(">")]
    body = text.split(":", 1)[1] if ":" in text.split("@", 1)[0] else text
    user = body.split("@", 1)[0] if "@" in body else body
    user = user.split(";", 1)[0]
    return (user or text, display)


def normalize_target(target: str, server: str = "") -> str:
    """A bare number or user becomes ``sip:NUMBER@server``; SIP URIs pass through.

    Raises :class:`CommandError` (:attr:`Problem.UNROUTABLE_TARGET`) for a bare number when no
    server is set."""
    text = target.strip()
    if text.startswith(("sip:", "sips:", "tel:", "<")):
        return text
    if "@" in text:
        return f"sip:{text}"
    if not server:
        raise CommandError(f"{text!r} is not a SIP URI and no server is configured",
                           Problem.UNROUTABLE_TARGET, target=text)
    return f"sip:{text}@{server}"


# ----------------------------------------------------------------------------- typed events
#
# What :class:`agent.phone.client.PhoneClient` hands to the desktop: every event line parsed
# once into one of these frozen dataclasses, states as the enums above. Fields the engine adds
# later are ignored here (a new field does not bump the version); a missing field, a wrong type
# or an unknown enum value is a :class:`ProtocolError`.


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """The envelope of every event: when it was written and, for the direct effect of a command
    with an ``id``, that id."""

    t: float = 0.0
    reply_to: str | int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class HelloEvent(Event):
    protocol: str
    version: int
    mode: Mode
    listen: str  # HOST:PORT actually bound
    pid: int
    audio: AudioMode
    start_ms: float = 0.0
    media_address: str = ""  # IP RTP is bound to ("" = every interface)


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistrationEvent(Event):
    account: str
    state: RegistrationState
    code: int = 0
    reason: str = ""
    next_retry_s: float | None = None  # None: no retry planned
    problem: Problem = Problem.NONE  # why it failed (``state`` failed)
    params: Params = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class IncomingEvent(Event):
    call: int
    remote_uri: str
    caller_id: str
    display_name: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RefusedEvent(Event):
    remote_uri: str
    caller_id: str
    code: int
    reason: str  # the English text sent in the Reason header, for logs
    cause: Refusal
    agent_reason: str = ""  # the not-ready reason when ``cause`` is not-ready
    source: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Call(Event):
    """One call's full snapshot (the ``call`` event and each entry of ``lines.calls``)."""

    call: int
    state: CallState
    direction: Direction
    remote_uri: str
    caller_id: str
    display_name: str = ""
    hold: HoldState = HoldState.NONE
    held_since: float | None = None
    muted: bool = False
    media: MediaStatus = MediaStatus.NONE
    started: float = 0.0
    answered: float | None = None
    ended: float | None = None
    code: int = 0
    reason: str = ""
    consult_for: int | None = None
    problem: Problem = Problem.NONE  # why it failed or the engine ended it (when disconnected)
    params: Params = field(default_factory=dict)

    @property
    def is_live(self) -> bool:
        return self.state is not CallState.DISCONNECTED

    @property
    def is_ringing_here(self) -> bool:
        """An incoming call that rings on this desk (not yet answered)."""
        return self.state is CallState.INCOMING and self.direction is Direction.IN

    @property
    def is_confirmed(self) -> bool:
        return self.state is CallState.CONFIRMED

    @property
    def is_talking(self) -> bool:
        """Confirmed and on nobody's hold: the call has our audio."""
        return self.is_confirmed and self.hold is HoldState.NONE

    @property
    def on_local_hold(self) -> bool:
        return self.hold is HoldState.LOCAL


@dataclass(frozen=True, slots=True, kw_only=True)
class CallRemovedEvent(Event):
    call: int


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaEvent(Event):
    call: int
    status: MediaStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class DtmfEvent(Event):
    call: int
    digit: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferEvent(Event):
    call: int
    kind: TransferKind
    code: int
    reason: str
    final: bool
    ok: bool
    new_call: int | None = None
    problem: Problem = Problem.NONE  # why a final answer is a failure
    params: Params = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplacedEvent(Event):
    call: int | None
    new_call: int
    remote_uri: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class WaitingLine:
    """A ringing call that waits while another one is in conversation."""

    call: int
    caller_id: str
    display_name: str = ""
    waiting_since: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class LinesEvent(Event):
    calls: tuple[Call, ...] = ()
    waiting: tuple[WaitingLine, ...] = ()
    active: int | None = None  # the call that has audio now
    conference: tuple[int, ...] = ()  # calls bridged together (empty: no conference)


@dataclass(frozen=True, slots=True, kw_only=True)
class AgentStateEvent(Event):
    state: AgentState
    reason: str = ""
    wrap_up_until: float | None = None
    dnd: bool = False  # do not disturb: incoming calls refused whatever the state


@dataclass(frozen=True, slots=True, kw_only=True)
class PromptEvent(Event):
    call: int
    file: str
    finished: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordingEvent(Event):
    call: int
    file: str
    finished: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class AudioDevice:
    index: int
    name: str
    inputs: int = 0
    outputs: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class AudioEvent(Event):
    """The engine's sound mode, the devices it can use and the chosen ones, and bridge figures."""

    mode: AudioMode
    devices: tuple[AudioDevice, ...] = ()
    input: str = ""
    output: str = ""
    ring: str = ""
    underruns: int = 0
    overruns: int = 0
    frames: int = 0
    latency_ms: float | None = None
    latency_p95_ms: float | None = None
    device_latency_ms: float | None = None
    jitter_ms: float | None = None

    @property
    def input_names(self) -> list[str]:
        return [d.name for d in self.devices if d.inputs > 0]

    @property
    def output_names(self) -> list[str]:
        return [d.name for d in self.devices if d.outputs > 0]


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueEvent(Event):
    action: QueueAction
    code: str
    ok: bool
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ConferenceEvent(Event):
    """The calls bridged together now (empty: the conference is over)."""

    calls: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorEvent(Event):
    """A failure: ``problem`` and ``params`` for a person's sentence, ``message`` in English for
    logs and the command line."""

    message: str
    command: str = ""
    problem: Problem = Problem.NONE  # NONE: an older engine's error, only ``message`` is known
    params: Params = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class ByeEvent(Event):
    reason: str = ""


EVENT_TYPES: Final[dict[EventName, type[Event]]] = {
    EventName.HELLO: HelloEvent,
    EventName.REGISTRATION: RegistrationEvent,
    EventName.INCOMING: IncomingEvent,
    EventName.REFUSED: RefusedEvent,
    EventName.CALL: Call,
    EventName.CALL_REMOVED: CallRemovedEvent,
    EventName.MEDIA: MediaEvent,
    EventName.DTMF: DtmfEvent,
    EventName.TRANSFER: TransferEvent,
    EventName.REPLACED: ReplacedEvent,
    EventName.LINES: LinesEvent,
    EventName.AGENT_STATE: AgentStateEvent,
    EventName.PROMPT: PromptEvent,
    EventName.RECORDING: RecordingEvent,
    EventName.AUDIO: AudioEvent,
    EventName.QUEUE: QueueEvent,
    EventName.CONFERENCE: ConferenceEvent,
    EventName.ERROR: ErrorEvent,
    EventName.BYE: ByeEvent,
}
EVENT_NAMES: Final[dict[type[Event], EventName]] = {
    kind: name for name, kind in EVENT_TYPES.items()
}

_HINTS: dict[type, dict[str, Any]] = {}
_ENVELOPE = frozenset(item.name for item in fields(Event))


def _type_name(kind: Any) -> str:
    return getattr(kind, "__name__", str(kind))


def _convert(value: Any, kind: Any, where: str) -> Any:
    """``value`` from JSON as the annotated ``kind`` (scalars, enums, optionals, tuples,
    nested dataclasses); :class:`ProtocolError` naming ``where`` when it does not fit."""
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        options = [option for option in typing.get_args(kind) if option is not type(None)]
        if value is None:
            if len(options) < len(typing.get_args(kind)):
                return None
            raise ProtocolError(f"{where} must not be null")
        failure: ProtocolError | None = None
        for option in options:
            try:
                return _convert(value, option, where)
            except ProtocolError as exc:
                failure = exc
        assert failure is not None
        raise failure
    if origin is dict:
        if not isinstance(value, dict):
            raise ProtocolError(f"{where} must be an object, got {type(value).__name__}")
        item = typing.get_args(kind)[1]
        return {str(k): _convert(v, item, f"{where}.{k}") for k, v in value.items()}
    if origin is tuple:
        if not isinstance(value, list):
            raise ProtocolError(f"{where} must be a list, got {type(value).__name__}")
        item = typing.get_args(kind)[0]
        return tuple(_convert(v, item, f"{where}[{i}]") for i, v in enumerate(value))
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        try:
            return kind(value)
        except ValueError:
            raise ProtocolError(f"{where}: unknown value {value!r}") from None
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind in (str, bool) and isinstance(value, kind):
        return value
    if isinstance(kind, type) and kind in _dataclass_types() and isinstance(value, dict):
        return _build(kind, value, where)
    raise ProtocolError(f"{where} must be {_type_name(kind)}, got {type(value).__name__}")


def _dataclass_types() -> set[type]:
    return {*EVENT_TYPES.values(), WaitingLine, AudioDevice}


def _build(kind: type[Any], raw: dict[str, Any], where: str) -> Any:
    hints = _HINTS.get(kind)
    if hints is None:
        hints = _HINTS[kind] = typing.get_type_hints(kind)
    values: dict[str, Any] = {}
    for item in fields(kind):
        if item.name in raw:
            values[item.name] = _convert(raw[item.name], hints[item.name], f"{where}.{item.name}")
        elif item.default is MISSING and item.default_factory is MISSING:
            raise ProtocolError(f"{where}: {item.name!r} is missing")
    return kind(**values)


def typed_event(event: dict[str, Any]) -> Event | None:
    """An event object (as :func:`parse_event` returns it) as its typed form; ``None`` for an
    event this side does not know (a newer engine's)."""
    try:
        name = EventName(str(event.get("event")))
    except ValueError:
        return None
    typed: Event = _build(EVENT_TYPES[name], event, str(name))
    return typed


def event_object(event: Event) -> dict[str, Any]:
    """The typed ``event`` back as an event object (``event`` and ``t`` first, no null
    ``reply_to``): what :func:`format_event` writes."""
    body: dict[str, Any] = {"event": EVENT_NAMES[type(event)].value}
    for item in fields(event):
        value = getattr(event, item.name)
        if item.name == "reply_to" and value is None:
            continue
        body[item.name] = _plain(value)
    return body


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, StrEnum):
        return value.value
    if hasattr(value, "__dataclass_fields__"):  # nested: a call of ``lines``, a device...
        return {item.name: _plain(getattr(value, item.name)) for item in fields(value)
                if item.name not in _ENVELOPE}
    return value
