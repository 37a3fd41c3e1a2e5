"""What the window knows about the phone: calls, waiting lines, registration, agent state, audio.

One object listens to the :class:`~agent.phone.client.PhoneClient` signals (typed events from
:mod:`agent.phone.protocol`) and keeps the latest snapshots, so panels read one consistent picture
and never talk to the engine process except through the commands exposed here. Panels compare
the protocol's enums (``call.state is CallState.CONFIRMED``), never strings.

Thread rule: GUI thread only; nothing here blocks (the client writes commands to the engine's
pipe and returns).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PyQt6.QtCore import QCoreApplication, QObject, pyqtSignal

from agent.phone.protocol import (
    AgentState,
    AgentStateEvent,
    AudioEvent,
    Call,
    CallState,
    ErrorEvent,
    HelloEvent,
    LinesEvent,
    MediaEvent,
    Problem,
    Refusal,
    RefusedEvent,
    RegistrationEvent,
    RegistrationState,
    WaitingLine,
)
from agent.ui.content import one_line
from agent.ui.i18n import reason_text
from agent.ui.problems import problem_text

if TYPE_CHECKING:
    from agent.phone.client import PhoneClient

log = logging.getLogger(__name__)


def call_label(call: Call) -> str:
    """``Ann (1001)`` or just ``1001`` — the caller's words, on one line, bounded (isolate it
    before putting it in a sentence of the app's)."""
    caller = one_line(call.caller_id or call.remote_uri or "?", 80)
    name = one_line(call.display_name, 80)
    return f"{name} ({caller})" if name and name != caller else caller


@dataclass(frozen=True, slots=True)
class RefusedCall:
    """An incoming call the engine refused because of the operator's state: it never rang."""

    at: float
    number: str  # the caller's number, or its address when it has none
    code: int  # what the caller was answered (486)
    cause: Refusal
    reason: str = ""  # the not-ready reason, as the engine has it


def refusal_text(refused: RefusedCall) -> str:
    """Why ``refused`` was turned away, as a sentence for the operator."""
    translate = QCoreApplication.translate
    if refused.cause is Refusal.DND:
        return translate("Refusals", "Turned away: Do not disturb was on")
    if refused.cause is Refusal.WRAP_UP:
        return translate("Refusals", "Turned away: you were in Wrap-up")
    if refused.cause is Refusal.NOT_READY:
        if refused.reason:
            return translate("Refusals", "Turned away: you were Not ready (%1)").replace(
                "%1", reason_text(refused.reason))
        return translate("Refusals", "Turned away: you were Not ready")
    return translate("Refusals", "Turned away: all lines were busy")


class PhoneState(QObject):
    """The model of the phone side; wraps a PhoneClient (or nothing, when there is no engine)."""

    lines_updated = pyqtSignal()
    call_state_changed = pyqtSignal(object)  # Call
    call_ringing = pyqtSignal(object)  # Call: a new incoming call
    call_ended = pyqtSignal(object)  # Call: its final snapshot
    registration_changed = pyqtSignal(object)  # RegistrationEvent
    agent_state_changed = pyqtSignal(object)  # AgentStateEvent
    audio_reported = pyqtSignal(object)  # AudioEvent
    transfer_reported = pyqtSignal(object)  # TransferEvent
    engine_changed = pyqtSignal(bool, str)  # (running, reason)
    error_reported = pyqtSignal(str)  # the operator's sentence
    engine_error = pyqtSignal(object)  # ErrorEvent: the same failure, as its code and command
    call_refused = pyqtSignal(object)  # RefusedCall: turned away by the state, never rang here

    def __init__(self, client: PhoneClient | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.calls: dict[int, Call] = {}
        self.waiting: tuple[WaitingLine, ...] = ()
        self.active: int | None = None
        self.conference: tuple[int, ...] = ()  # calls the engine bridges together
        self.registration = RegistrationEvent(account="", state=RegistrationState.UNREGISTERED)
        self.agent = AgentStateEvent(state=AgentState.READY)
        self.agent_since = time.time()  # when the agent state (or its reason) last changed
        self.audio: AudioEvent | None = None
        self.hello: HelloEvent | None = None
        self.engine_running = False
        self.engine_reason = "" if client is not None else "phone engine not available"
        self._pending_media: set[int] = set()
        self.rejected: set[int] = set()  # ringing calls the operator turned down (not missed)
        if client is not None:
            client.engine_started.connect(self.on_engine_started)
            client.engine_stopped.connect(self.on_engine_stopped)
            client.registration_changed.connect(self.on_registration_changed)
            client.call_changed.connect(self.on_call_changed)
            client.call_removed.connect(self.on_call_removed)
            client.lines_changed.connect(self.on_lines_changed)
            client.media_changed.connect(self.on_media_changed)
            client.agent_state_changed.connect(self.on_agent_state_changed)
            client.audio_reported.connect(self.on_audio_reported)
            client.transfer_reported.connect(self.transfer_reported)
            client.call_refused.connect(self.on_call_refused)
            client.error_reported.connect(self.on_error_reported)

    @property
    def listen_address(self) -> str:
        """``HOST:PORT`` the engine bound (empty before its ``hello``)."""
        return self.hello.listen if self.hello is not None else ""

    # ------------------------------------------------------------------ engine lifecycle

    def start_engine(self, args: list[str]) -> None:
        if self.client is not None:
            self.client.start(args)

    def stop_engine(self) -> None:
        if self.client is not None:
            self.client.stop()

    def wait_engine_stopped(self) -> None:
        """After the event loop ended only: let the engine hang up and unregister cleanly."""
        if self.client is not None:
            self.client.wait_stopped()

    # ------------------------------------------------------------------ engine events

    def on_engine_started(self, hello: HelloEvent) -> None:
        self.hello = hello
        self.engine_running = True
        self.engine_reason = ""
        self.engine_changed.emit(True, "")
        self.registration_changed.emit(self.registration)
        if self.client is not None:
            self.client.request_audio_report()

    def on_engine_stopped(self, event: ErrorEvent) -> None:
        """The engine process ended; ``engine_reason`` says why in the desk's language."""
        self.engine_running = False
        reason = self.engine_reason = problem_text(event.problem, event.params, event.message)
        ended = list(self.calls.values())
        self.calls.clear()
        self.waiting = ()
        self.active = None
        self.conference = ()
        self._pending_media.clear()
        for call in ended:
            self.call_ended.emit(dataclasses.replace(call, state=CallState.DISCONNECTED,
                                                     reason=event.message))
        self.engine_changed.emit(False, reason)
        self.lines_updated.emit()

    def on_media_changed(self, event: MediaEvent) -> None:
        """A re-INVITE finished: hold and resume may be pressed again for that call."""
        self._pending_media.discard(event.call)
        self.lines_updated.emit()

    def on_error_reported(self, event: ErrorEvent) -> None:
        """An ``error`` event: told to the operator in the desk's language, from its code."""
        # A refused hold/resume never gets its media event: let the operator try again.
        self._pending_media.clear()
        log.info("phone: %s (%s)", event.message, event.problem.value or "no code")
        self.engine_error.emit(event)
        self.error_reported.emit(problem_text(event.problem, event.params, event.message))
        self.lines_updated.emit()

    def on_registration_changed(self, event: RegistrationEvent) -> None:
        self.registration = event
        self.registration_changed.emit(event)

    def on_agent_state_changed(self, event: AgentStateEvent) -> None:
        if (event.state, event.reason) != (self.agent.state, self.agent.reason):
            self.agent_since = time.time()
        self.agent = event
        self.agent_state_changed.emit(event)

    def on_call_refused(self, event: RefusedEvent) -> None:
        """The engine answered an incoming call busy, and said why. A call refused for not
        coming through the registrar (403) is no caller of this operator's: it is only logged."""
        if event.cause is Refusal.NOT_VIA_PROXY:
            log.info("phone: refused %s: %s", event.remote_uri, event.reason)
            return
        self.call_refused.emit(RefusedCall(
            at=time.time(), number=event.caller_id or event.remote_uri, code=event.code,
            cause=event.cause, reason=event.agent_reason))

    def on_audio_reported(self, event: AudioEvent) -> None:
        self.audio = event
        self.audio_reported.emit(event)

    def on_call_changed(self, call: Call) -> None:
        known = self.calls.get(call.call)
        if not call.is_live:
            self._pending_media.discard(call.call)
            if self.calls.pop(call.call, None) is not None:
                self.waiting = tuple(w for w in self.waiting if w.call != call.call)
                self.call_ended.emit(call)
        else:
            if known is not None and known.hold is not call.hold:
                self._pending_media.discard(call.call)
            self.calls[call.call] = call
            if known is None and call.state is CallState.INCOMING:
                self.call_ringing.emit(call)
        self.call_state_changed.emit(call)
        self.lines_updated.emit()

    def on_call_removed(self, call_id: int) -> None:
        call = self.calls.pop(call_id, None)
        if call is not None:
            self.call_ended.emit(dataclasses.replace(call, state=CallState.DISCONNECTED))
        self.waiting = tuple(w for w in self.waiting if w.call != call_id)
        self.lines_updated.emit()

    def on_lines_changed(self, event: LinesEvent) -> None:
        calls = {call.call: call for call in event.calls if call.is_live}
        for call_id, call in calls.items():
            if call_id not in self.calls and call.state is CallState.INCOMING:
                self.call_ringing.emit(call)
        for call_id in set(self.calls) - set(calls):
            self.call_ended.emit(dataclasses.replace(self.calls[call_id],
                                                     state=CallState.DISCONNECTED))
        self.calls = calls
        self.waiting = event.waiting
        self.active = event.active
        self.conference = event.conference
        self.lines_updated.emit()

    # ------------------------------------------------------------------ queries

    def live_calls(self) -> list[Call]:
        """Every call not yet ended, oldest first."""
        return sorted((c for c in self.calls.values() if c.is_live), key=lambda c: c.started)

    def ringing_calls(self) -> list[Call]:
        return [c for c in self.live_calls() if c.is_ringing_here]

    def talking_calls(self) -> list[Call]:
        """Confirmed calls that nobody holds."""
        return [c for c in self.live_calls() if c.is_talking]

    def is_busy(self) -> bool:
        """Some call is in conversation (held or not): a new ringing call waits."""
        return any(c.is_confirmed for c in self.live_calls())

    def consult_calls(self) -> list[Call]:
        """Consultation legs of attended transfers in progress."""
        return [c for c in self.live_calls() if c.consult_for is not None]

    def current_call(self) -> Call | None:
        """The call with audio, else the newest ringing one, else the newest live call."""
        if self.active is not None and self.active in self.calls:
            return self.calls[self.active]
        talking = self.talking_calls()
        if talking:
            return talking[-1]
        ringing = self.ringing_calls()
        if ringing:
            return ringing[-1]
        live = self.live_calls()
        return live[-1] if live else None

    def held_call(self) -> Call | None:
        """The call we hold the longest (the one the hold timer shows)."""
        held = [c for c in self.live_calls() if c.on_local_hold]
        return min(held, key=lambda c: c.held_since or time.time()) if held else None

    def connected_calls(self) -> list[Call]:
        """Calls in conversation (held or not), oldest first."""
        return [c for c in self.live_calls() if c.is_confirmed]

    def can_pair(self) -> bool:
        """Exactly two calls in conversation, not bridged yet, no re-INVITE pending: swap and
        conference apply."""
        pair = self.connected_calls()
        return (len(pair) == 2 and not self.conference
                and not any(self.is_media_pending(c.call) for c in pair))

    @property
    def dnd(self) -> bool:
        """Do not disturb: the engine refuses every incoming call."""
        return self.agent.dnd

    def is_media_pending(self, call_id: int) -> bool:
        return call_id in self._pending_media

    # ------------------------------------------------------------------ commands

    def _engine(self) -> PhoneClient | None:
        """The client when the engine runs; else None, and the operator is told why."""
        if self.client is None or not self.engine_running:
            self.error_reported.emit(problem_text(Problem.ENGINE_NOT_RUNNING, {}))
            return None
        return self.client

    def dial(self, uri: str) -> bool:
        client = self._engine()
        return client is not None and client.dial(uri)

    def answer(self, call_id: int | None = None) -> bool:
        client = self._engine()
        return client is not None and client.answer(call_id)

    def reject(self, call_id: int | None = None) -> bool:
        client = self._engine()
        if client is None:
            return False
        ringing = self.ringing_calls()
        target = call_id if call_id is not None else (ringing[-1].call if ringing else None)
        if target is not None:
            self.rejected.add(target)
        return client.reject(call_id)

    def was_rejected(self, call_id: int) -> bool:
        """Whether the operator turned ``call_id`` down (asked once, when it ended)."""
        if call_id in self.rejected:
            self.rejected.discard(call_id)
            return True
        return False

    def hangup(self, call_id: int | None = None) -> bool:
        client = self._engine()
        return client is not None and client.hangup(call_id)

    def hold(self, call_id: int) -> bool:
        """Hold; refused (False) while this call's previous re-INVITE is pending."""
        client = self._engine()
        if client is None or call_id in self._pending_media:
            return False
        self._pending_media.add(call_id)
        return client.hold(call_id)

    def resume(self, call_id: int) -> bool:
        client = self._engine()
        if client is None or call_id in self._pending_media:
            return False
        self._pending_media.add(call_id)
        return client.resume(call_id)

    def toggle_hold(self, call_id: int) -> bool:
        call = self.calls.get(call_id)
        if call is None:
            return False
        return self.resume(call_id) if call.on_local_hold else self.hold(call_id)

    def swap(self) -> bool:
        """Hold the call in conversation and resume the held one (one engine command)."""
        client = self._engine()
        if client is None or not self.can_pair():
            return False
        self._pending_media.update(c.call for c in self.connected_calls())
        return client.send_command("swap")

    def join_conference(self) -> bool:
        """Bridge the two calls: both callers hear each other and the operator."""
        client = self._engine()
        if client is None or not self.can_pair():
            return False
        first, second = self.connected_calls()
        return client.send_command("conference", call=first.call, **{"with": second.call})

    def set_dnd(self, on: bool) -> bool:
        client = self._engine()
        return client is not None and client.send_command("dnd", on=on)

    def set_mute(self, call_id: int, on: bool) -> bool:
        client = self._engine()
        return client is not None and client.set_mute(call_id, on)

    def send_dtmf(self, call_id: int, digits: str) -> bool:
        client = self._engine()
        return client is not None and client.send_dtmf(call_id, digits)

    def transfer(self, call_id: int, uri: str) -> bool:
        client = self._engine()
        return client is not None and client.transfer(call_id, uri)

    def consult(self, call_id: int, uri: str) -> bool:
        client = self._engine()
        return client is not None and client.consult(call_id, uri)

    def complete_transfer(self, call_id: int) -> bool:
        client = self._engine()
        return client is not None and client.complete_transfer(call_id)

    def cancel_consult(self, call_id: int) -> bool:
        client = self._engine()
        return client is not None and client.cancel_consult(call_id)

    def set_agent_state(self, state: AgentState, reason: str = "") -> bool:
        client = self._engine()
        return client is not None and client.set_agent_state(state, reason)

    def play_prompt(self, call_id: int, path: str, hangup_after: bool = False) -> bool:
        client = self._engine()
        return client is not None and client.play_prompt(call_id, path, hangup_after)

    def configure_account(self, account: dict[str, object]) -> bool:
        """Register the account (see :meth:`PhoneClient.configure_account`); quietly False when
        the engine is not running (it reads the settings' account when it starts)."""
        if self.client is None or not self.engine_running:
            return False
        return self.client.configure_account(account)

    def set_audio_devices(self, **devices: str) -> bool:
        """``input``, ``output``, ``ring`` and ``ringtone``; quietly False when the engine is not
        running (it reads them from the settings when it starts)."""
        if self.client is None or not self.engine_running:
            return False
        return self.client.set_audio_devices(**devices)

    def request_audio_report(self) -> None:
        """Ask the engine for a fresh ``audio`` event (devices it can use, chosen ones)."""
        if self.client is not None and self.engine_running:
            self.client.request_audio_report()
