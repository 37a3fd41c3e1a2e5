"""What pjsua2 reports about calls, turned into call records and events: an incoming INVITE
(refused or ringing), call state, media state, received DTMF, and the end of a call.

This part updates the record and reports it; what the other parts do about it (route audio, ring,
settle a transfer, stop watching, write history...) they do as subscribers of the call bus
(:mod:`~agent.phone.call_bus`), in the order the engine subscribed them.

Thread rule: every method runs on the main thread inside ``libHandleEvents`` (pjsua2 callbacks).
At DISCONNECTED every reference to the pjsua2 call is dropped at once: pjsua reuses call ids.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pjsua2 as pj

from agent.phone import protocol as proto
from agent.phone.call_bus import CallBus, CallEvent
from agent.phone.call_table import CallTable
from agent.phone.calls import answer_with
from agent.phone.lines import MAX_LINES, AgentStateMachine, CallRecord
from agent.phone.liveness import END_CODE
from agent.phone.protocol import (
    AgentState,
    CallState,
    Direction,
    EventName,
    HoldState,
    MediaStatus,
    Params,
    Problem,
    Refusal,
)
from agent.phone.reporter import Reporter
from agent.phone.sip_objects import IncomingInfo, SipAccount, SipCall

# What an incoming call is answered for each cause (the text goes in the Reason header).
REFUSAL_ANSWERS: dict[Refusal, tuple[int, str]] = {
    Refusal.NOT_VIA_PROXY: (403, "calls are accepted only through the registrar"),
    Refusal.DND: (486, "do not disturb"),
    Refusal.WRAP_UP: (486, f"agent is {AgentState.WRAP_UP.value}"),
    Refusal.NOT_READY: (486, f"agent is {AgentState.NOT_READY.value}"),
    Refusal.LINES_BUSY: (486, "all lines busy"),
}

_INV_STATES: dict[int, CallState] = {
    pj.PJSIP_INV_STATE_NULL: CallState.CALLING,
    pj.PJSIP_INV_STATE_CALLING: CallState.CALLING,
    pj.PJSIP_INV_STATE_INCOMING: CallState.INCOMING,
    pj.PJSIP_INV_STATE_EARLY: CallState.EARLY,
    pj.PJSIP_INV_STATE_CONNECTING: CallState.CONNECTING,
    pj.PJSIP_INV_STATE_CONFIRMED: CallState.CONFIRMED,
    pj.PJSIP_INV_STATE_DISCONNECTED: CallState.DISCONNECTED,
}
_MEDIA_STATUS: dict[int, MediaStatus] = {
    pj.PJSUA_CALL_MEDIA_NONE: MediaStatus.NONE,
    pj.PJSUA_CALL_MEDIA_ACTIVE: MediaStatus.ACTIVE,
    pj.PJSUA_CALL_MEDIA_LOCAL_HOLD: MediaStatus.LOCAL_HOLD,
    pj.PJSUA_CALL_MEDIA_REMOTE_HOLD: MediaStatus.REMOTE_HOLD,
    pj.PJSUA_CALL_MEDIA_ERROR: MediaStatus.NONE,
}


def _end_problem(record: CallRecord) -> tuple[Problem, Params]:
    """Why a call ended, when it is worth telling: the engine ended it (dead peer), or our
    outgoing call was refused or never answered (not our own cancel, 487)."""
    if record.end_reason:
        record.code, record.reason = END_CODE, record.end_reason
        return record.end_problem, dict(record.end_params)
    if record.direction is Direction.OUT and record.answered is None \
            and record.code >= 300 and record.code != 487:
        return proto.status_problem(record.code), proto.status_params(record.code, record.reason)
    return Problem.NONE, {}


class CallEvents:
    """Keeps call records in step with pjsua2's calls, reports them and publishes what happened.

    ``bypasses_proxy(source)``: an INVITE from ``source`` did not come through the registrar.
    ``auto_answer(record)``: when set, every accepted call is answered at once instead of ringing.
    """

    def __init__(self, table: CallTable, reporter: Reporter, bus: CallBus,
                 agent: AgentStateMachine, bypasses_proxy: Callable[[str], bool],
                 auto_answer: Callable[[CallRecord], None] | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.table = table
        self.lines = table.lines
        self.reporter = reporter
        self.bus = bus
        self.agent = agent
        self.bypasses_proxy = bypasses_proxy
        self.auto_answer = auto_answer
        self.clock = clock

    # ------------------------------------------------------------------ incoming

    def on_incoming_call(self, account: SipAccount, info: IncomingInfo) -> None:
        call = self.table.new_call(account, info.pj_call_id)
        try:
            remote = str(call.getInfo().remoteUri)
        except pj.Error:
            remote = info.remote_uri
        record = self.table.track(call, Direction.IN, remote, CallState.INCOMING)
        cause = self._refusal(info.source)
        if cause is not None:
            code, why = REFUSAL_ANSWERS[cause]
            record.hidden = True
            record.reason = why
            self.reporter.emit(
                "refused", remote_uri=remote, caller_id=record.caller_id, code=code, reason=why,
                cause=cause.value,
                agent_reason=self.agent.reason if cause is Refusal.NOT_READY else "",
                source=info.source,
            )
            answer_with(call, code, why)
            return
        answer_with(call, 180)
        self.reporter.emit(
            EventName.INCOMING,
            call=record.id,
            remote_uri=remote,
            caller_id=record.caller_id,
            display_name=record.display_name,
        )
        self.reporter.emit_call(record)
        self.reporter.emit_lines()
        if self.auto_answer is not None:
            # Diagnostics / test peer: every call gets its own audio, nothing is put on hold.
            self.auto_answer(record)
        else:
            self.bus.publish(CallEvent.RINGING, record)

    def _refusal(self, source: str) -> Refusal | None:
        """Why a call from ``source`` cannot ring here now, or ``None`` when it can."""
        if self.bypasses_proxy(source):
            return Refusal.NOT_VIA_PROXY
        if self.agent.dnd:
            return Refusal.DND
        if self.agent.state is AgentState.WRAP_UP:
            return Refusal.WRAP_UP
        if not self.agent.accepts_calls():
            return Refusal.NOT_READY
        if self.lines.live_count() > MAX_LINES:  # the new call is already counted
            return Refusal.LINES_BUSY
        return None

    # ------------------------------------------------------------------ state

    def _record_and_info(self, call: SipCall) -> tuple[CallRecord, pj.CallInfo] | None:
        """The call's record and pjsua2's info about it; ``None`` if either is gone."""
        record = self.table.record_of(call)
        if record is None:
            return None
        try:
            return record, call.getInfo()
        except pj.Error:
            return None

    def on_call_state(self, call: SipCall) -> None:
        found = self._record_and_info(call)
        if found is None:
            return
        record, info = found
        state = _INV_STATES.get(info.state, CallState.CALLING)
        if record.direction is Direction.IN and state is CallState.EARLY:
            state = CallState.INCOMING
        if record.remote_uri in ("", "sip:") and info.remoteUri:
            record.remote_uri = str(info.remoteUri)
            record.caller_id, record.display_name = proto.caller_id_from_uri(record.remote_uri)
        record.state = state
        record.code = int(info.lastStatusCode)
        record.reason = str(info.lastReason)
        if state is CallState.DISCONNECTED:
            record.problem, record.params = _end_problem(record)
        if state is CallState.CONFIRMED and record.answered is None:
            record.answered = self.clock()
            # Media may have come up before the ACK; only now is this call the active one.
            self.bus.publish(CallEvent.CONFIRMED, record)
        if state is CallState.DISCONNECTED:
            self._call_ended(record, call)
            return
        self.reporter.emit_call(record)
        if not record.hidden:
            self.reporter.emit_lines()
        self.bus.publish(CallEvent.STATE_CHANGED, record)

    def _call_ended(self, record: CallRecord, call: SipCall) -> None:
        """DISCONNECTED: drop every reference to the pjsua2 call now (ids are reused at once),
        publish the end, take the call off the lines, report it gone, publish its removal."""
        record.ended = self.clock()
        record.media = MediaStatus.NONE
        self.table.forget(record, call)
        self.bus.publish(CallEvent.ENDED, record)
        self.lines.remove(record.id)
        if not record.hidden:
            self.reporter.emit_call(record)
            self.reporter.emit(EventName.CALL_REMOVED, call=record.id)
        self.bus.publish(CallEvent.REMOVED, record)

    def settle_agent(self, record: CallRecord) -> None:
        """Bus (``REMOVED``): the agent's state after a call (wrap-up...) and the lines."""
        if record.hidden:
            return
        others_up = any(r.answered is not None and r.live for r in self.lines.visible())
        if self.agent.call_ended(record.answered is not None, others_up):
            self.reporter.emit_agent_state()
        self.reporter.emit_lines()

    # ------------------------------------------------------------------ media and DTMF

    def on_call_media_state(self, call: SipCall) -> None:
        found = self._record_and_info(call)
        if found is None:
            return
        record, info = found
        status = MediaStatus.NONE
        for media in info.media:
            if media.type == pj.PJMEDIA_TYPE_AUDIO:
                status = _MEDIA_STATUS.get(media.status, MediaStatus.NONE)
                break
        changed = status is not record.media
        record.media = status
        hold = {
            MediaStatus.LOCAL_HOLD: HoldState.LOCAL,
            MediaStatus.REMOTE_HOLD: HoldState.REMOTE,
        }.get(status, HoldState.NONE)
        if hold is HoldState.LOCAL and record.held_since is None:
            record.held_since = self.clock()
        if hold is not HoldState.LOCAL and not record.wanted_hold:
            # While the agent still wants the call held (pjsua reported it active for a moment:
            # a far end's offer, a hold being sent again) the hold clock keeps running.
            record.held_since = None
        record.hold = hold
        self.bus.publish(CallEvent.MEDIA_CHANGED, record)
        if changed:
            self.reporter.emit(EventName.MEDIA, call=record.id, status=status.value)
        self.reporter.emit_call(record)
        if not record.hidden:
            self.reporter.emit_lines()

    def on_dtmf(self, call: SipCall, digit: str) -> None:
        record = self.table.record_of(call)
        if record is not None:
            self.reporter.emit(EventName.DTMF, call=record.id, digit=digit)
