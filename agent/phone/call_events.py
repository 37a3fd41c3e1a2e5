"""What pjsua2 reports about calls, turned into call records and events: an incoming INVITE
(refused or ringing), call state, media state, received DTMF, and the end of a call (references
dropped, history written, agent state and audio updated).

Thread rule: every method runs on the main thread inside ``libHandleEvents`` (pjsua2 callbacks).
At DISCONNECTED every reference to the pjsua2 call is dropped at once: pjsua reuses call ids.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pjsua2 as pj

from agent.phone import protocol as proto
from agent.phone.calls import answer_with
from agent.phone.lines import MAX_LINES, CallRecord
from agent.phone.liveness import END_CODE
from agent.phone.protocol import CallState, Direction, EventName, HoldState, MediaStatus
from agent.phone.sip_objects import IncomingInfo, SipAccount, SipCall

if TYPE_CHECKING:
    from agent.phone.engine import PhoneEngine

QUEUE_CALL_HOLD_S = 1.0

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


class CallEvents:
    """Keeps call records in step with pjsua2's calls and reports them."""

    def __init__(self, engine: PhoneEngine) -> None:
        self.engine = engine

    # ------------------------------------------------------------------ incoming

    def on_incoming_call(self, account: SipAccount, info: IncomingInfo) -> None:
        engine = self.engine
        call = SipCall(account, engine, info.pj_call_id)
        try:
            remote = str(call.getInfo().remoteUri)
        except pj.Error:
            remote = info.remote_uri
        record = engine.call_control.track(call, Direction.IN, remote, CallState.INCOMING)
        refusal = self._refusal(info.source)
        if refusal is not None:
            code, why = refusal
            record.hidden = True
            record.reason = why
            engine.emit(
                "refused", remote_uri=remote, caller_id=record.caller_id, code=code, reason=why,
                source=info.source,
            )
            answer_with(call, code, why)
            return
        answer_with(call, 180)
        engine.emit(
            EventName.INCOMING,
            call=record.id,
            remote_uri=remote,
            caller_id=record.caller_id,
            display_name=record.display_name,
        )
        engine.emit_call(record)
        engine.emit_lines()
        if engine.options.auto_answer:
            # Diagnostics / test peer: every call gets its own audio, nothing is put on hold.
            engine.call_control.answer(record, hold_others=False)
        else:
            engine.media.update_ring()

    def _refusal(self, source: str) -> tuple[int, str] | None:
        engine = self.engine
        if engine.accounts.bypasses_proxy(source):
            return 403, "calls are accepted only through the registrar"
        if engine.agent.dnd:
            return 486, "do not disturb"
        if not engine.agent.accepts_calls():
            return 486, f"agent is {engine.agent.state.value}"
        if engine.lines.live_count() > MAX_LINES:  # the new call is already counted
            return 486, "all lines busy"
        return None

    # ------------------------------------------------------------------ state

    def _record_and_info(self, call: SipCall) -> tuple[CallRecord, pj.CallInfo] | None:
        """The call's record and pjsua2's info about it; ``None`` if either is gone."""
        record = self.engine.call_control.record_of(call)
        if record is None:
            return None
        try:
            return record, call.getInfo()
        except pj.Error:
            return None

    def on_call_state(self, call: SipCall) -> None:
        engine = self.engine
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
        if record.end_reason and state is CallState.DISCONNECTED:
            record.code, record.reason = END_CODE, record.end_reason
        now = time.time()
        if state is CallState.CONFIRMED and record.answered is None:
            record.answered = now
            # Media may have come up before the ACK; only now is this call the active one.
            engine.media.route()
        if state is CallState.DISCONNECTED:
            self._call_ended(record, call)
            return
        control = engine.call_control
        if record.id in control.queue_calls and state is CallState.CONFIRMED:
            engine.later(QUEUE_CALL_HOLD_S, lambda: control.hangup(record.id))
        engine.emit_call(record)
        if not record.hidden:
            engine.emit_lines()
        engine.media.update_ring()

    def _call_ended(self, record: CallRecord, call: SipCall) -> None:
        """DISCONNECTED: drop every reference to the pjsua2 call now (ids are reused at once)."""
        engine = self.engine
        record.ended = time.time()
        record.media = MediaStatus.NONE
        engine.calls.pop(record.id, None)
        call.record_id = None
        engine.media.call_ended(record.id)
        engine.call_control.leave_conference(record.id)
        engine.lines.remove(record.id)
        action = engine.call_control.queue_calls.pop(record.id, None)
        if action is not None:
            ok = record.answered is not None or 200 <= record.code < 300
            engine.emit(
                EventName.QUEUE, action=action, code=record.caller_id, ok=ok,
                reason=record.reason,
            )
        if not record.hidden:
            engine.emit_call(record)
            engine.emit(EventName.CALL_REMOVED, call=record.id)
        engine.transfers.call_ended(record.id)
        engine.liveness.call_ended(record.id)
        if action is None:
            self._write_history(record)
        if not record.hidden:
            others_up = any(r.answered is not None and r.live for r in engine.lines.visible())
            if engine.agent.call_ended(record.answered is not None, others_up):
                engine.emit_agent_state()
            engine.emit_lines()
        engine.media.route()
        engine.media.update_ring()

    def _write_history(self, record: CallRecord) -> None:
        history = self.engine.history
        if history is None:
            return
        if record.answered is not None:
            result = "answered"
        elif record.direction is Direction.IN:
            result = "refused" if record.hidden else "missed"
        else:
            result = "failed"
        history.record(
            {
                "number": record.caller_id,
                "remote_uri": record.remote_uri,
                "display_name": record.display_name,
                "direction": record.direction.value,
                "started": record.started,
                "answered": record.answered,
                "ended": record.ended,
                "code": record.code,
                "result": f"{result} {record.code} {record.reason}".strip(),
            }
        )

    # ------------------------------------------------------------------ media and DTMF

    def on_call_media_state(self, call: SipCall) -> None:
        found = self._record_and_info(call)
        if found is None:
            return
        record, info = found
        engine = self.engine
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
            record.held_since = time.time()
        if hold is not HoldState.LOCAL:
            record.held_since = None
        record.hold = hold
        engine.call_control.media_updated(record)
        engine.media.route()
        if changed:
            engine.emit(EventName.MEDIA, call=record.id, status=status.value)
        engine.emit_call(record)
        if not record.hidden:
            engine.emit_lines()

    def on_dtmf(self, call: SipCall, digit: str) -> None:
        record = self.engine.call_control.record_of(call)
        if record is not None:
            self.engine.emit(EventName.DTMF, call=record.id, digit=digit)
