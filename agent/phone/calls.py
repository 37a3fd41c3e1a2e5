"""Call control: the record ↔ pjsua2 call table, dial/answer/reject/hangup, hold/resume with
one re-INVITE at a time (a wish made meanwhile is sent when it is done; never across DTMF), mute,
DTMF, PBX queue feature codes.

Thread rule: main thread only. The table in :attr:`PhoneEngine.calls` is the only place that holds
a pjsua2 ``Call``; :mod:`agent.phone.call_events` drops the entry at DISCONNECTED.
"""

from __future__ import annotations

import contextlib
import time
from typing import TYPE_CHECKING, Any

import pjsua2 as pj

from agent.phone import protocol as proto
from agent.phone.lines import MAX_LINES, CallRecord
from agent.phone.protocol import (
    CallState,
    Command,
    CommandError,
    Direction,
    EventName,
    HoldState,
)
from agent.phone.sip_objects import SipAccount, SipCall

if TYPE_CHECKING:
    from agent.phone.engine import PhoneEngine

REINVITE_TIMEOUT_S = 15.0
REINVITE_RETRY_S = 0.1
PJ_EINVALIDOP = 70013  # pj_status_t: an INVITE offer/answer is already in progress
QUEUE_CALL_TIMEOUT_S = 15.0
DTMF_DIGIT_S = 0.25


class CallControl:
    """Turns call commands into pjsua2 operations on the engine's calls."""

    def __init__(self, engine: PhoneEngine) -> None:
        self.engine = engine
        self.queue_calls: dict[int, str] = {}  # record id -> queue action

    # ------------------------------------------------------------------ the call table

    def track(
        self, call: SipCall, direction: Direction, remote_uri: str, state: CallState,
        **extra: Any,
    ) -> CallRecord:
        """A new record for ``call``, linked both ways and counted on the lines."""
        caller_id, display = proto.caller_id_from_uri(remote_uri) if remote_uri else ("", "")
        record = CallRecord(
            id=self.engine.lines.new_id(),
            direction=direction,
            remote_uri=remote_uri,
            caller_id=caller_id,
            display_name=display,
            state=state,
            started=time.time(),
            **extra,
        )
        call.record_id = record.id
        self.engine.calls[record.id] = call
        self.engine.lines.add(record)
        return record

    def record_of(self, call: SipCall) -> CallRecord | None:
        if call.record_id is None:
            return None
        return self.engine.lines.get(call.record_id)

    def target(self, command: Command) -> tuple[CallRecord, SipCall]:
        """The call a command names (``call``) or the current call."""
        lines = self.engine.lines
        record = lines.get(command.call) if command.call is not None else lines.current()
        if record is None or record.hidden:
            raise CommandError(
                "no such call" if command.call is not None else "there is no call"
            )
        call = self.engine.calls.get(record.id)
        if call is None:
            raise CommandError(f"call {record.id} is gone")
        return record, call

    def hangup(self, record_id: int) -> None:
        """Hang up a call if it is still there (timers, transfers, prompts)."""
        call = self.engine.calls.get(record_id)
        if call is None:
            return
        with contextlib.suppress(pj.Error):
            call.hangup(pj.CallOpParam(True))

    # ------------------------------------------------------------------ dial and answer

    def dial(self, uri: str, consult_for: int | None = None, hidden: bool = False) -> CallRecord:
        engine = self.engine
        try:
            target = proto.normalize_target(uri, engine.accounts.server())
        except proto.ProtocolError as exc:
            raise CommandError(exc.message) from None
        if engine.lines.live_count() >= MAX_LINES:
            raise CommandError("all lines are busy")
        call = SipCall(engine.accounts.for_dial(), engine)
        record = self.track(
            call, Direction.OUT, target, CallState.CALLING, consult_for=consult_for, hidden=hidden
        )
        if not hidden:
            self.hold_others(record)
        try:
            call.makeCall(target, pj.CallOpParam(True))
        except pj.Error as exc:
            engine.calls.pop(record.id, None)
            engine.lines.remove(record.id)
            call.record_id = None
            raise CommandError(f"cannot call {target}: {exc.reason or exc.info()}") from None
        engine.emit_call(record)
        if not hidden:
            engine.emit_lines()
        return record

    def new_leg(self, account: SipAccount, target: str) -> tuple[SipCall, CallRecord]:
        """An outgoing call pjsua itself places (we are the transferee of a REFER)."""
        call = SipCall(account, self.engine)
        return call, self.track(call, Direction.OUT, target, CallState.CALLING)

    def hold_others(self, record: CallRecord) -> None:
        for other in self.engine.lines.others_to_hold(record.id):
            self.hold(other)

    def answer(self, record: CallRecord, hold_others: bool = True) -> None:
        call = self.engine.calls.get(record.id)
        if call is None or not record.ringing_in:
            raise CommandError(f"call {record.id} is not ringing")
        if hold_others:
            self.hold_others(record)
        answer_with(call, 200)
        self.engine.media.stop_ring()

    def cmd_dial(self, command: Command) -> None:
        self.dial(command.args["uri"])

    def _ringing(self, command: Command, pick: int) -> CallRecord:
        """The named call, or the waiting call at ``pick`` (0: oldest, -1: newest)."""
        if command.call is not None:
            return self.target(command)[0]
        waiting = self.engine.lines.waiting()
        if not waiting:
            raise CommandError("no call is ringing")
        return waiting[pick]

    def cmd_answer(self, command: Command) -> None:
        self.answer(self._ringing(command, 0))

    def cmd_reject(self, command: Command) -> None:
        record = self._ringing(command, -1)
        call = self.engine.calls[record.id]
        if not record.ringing_in:
            raise CommandError(f"call {record.id} is not ringing; use hangup")
        prm = pj.CallOpParam(True)
        prm.statusCode = int(command.args.get("code", 486))
        call.hangup(prm)

    def cmd_hangup(self, command: Command) -> None:
        record, call = self.target(command)
        prm = pj.CallOpParam(True)
        if record.ringing_in:
            prm.statusCode = 486
        call.hangup(prm)

    # ------------------------------------------------------------------ hold and resume

    def hold(self, record: CallRecord) -> None:
        """Put ``record`` on hold now, or as soon as the offer/answer in progress is done."""
        if self.engine.calls.get(record.id) is None:
            return
        if record.wanted_hold:
            return
        if record.state is not CallState.CONFIRMED:
            raise CommandError(f"call {record.id} is not connected")
        record.wanted_hold = True
        self.leave_conference(record.id)  # a held call leaves the conference; the rest stay
        self._sync_hold(record)

    def resume(self, record: CallRecord) -> None:
        """Take ``record`` off hold now, or as soon as the offer/answer in progress is done."""
        if not record.wanted_hold:
            raise CommandError(f"call {record.id} is not on hold")
        self.hold_others(record)
        record.wanted_hold = False
        self._sync_hold(record)

    def _sync_hold(self, record: CallRecord) -> None:
        """Send the re-INVITE that makes the call's hold state what was asked for last. One
        re-INVITE at a time: while one is pending the latest wish waits for its outcome
        (:meth:`media_updated`), so a hold or resume asked for at any moment happens."""
        if record.reinvite_pending or not record.live:
            return
        if record.wanted_hold == (record.hold is HoldState.LOCAL):
            return
        record.reinvite_pending = True
        record.reinvite_sent = False
        record.reinvite_since = time.time()
        hold = record.wanted_hold
        # After any DTMF still being played (pjsua was seen to duplicate a digit when a
        # re-INVITE crossed it).
        wait = record.dtmf_until - time.time()
        if wait > 0:
            self.engine.later(wait, lambda: self._send_reinvite(record.id, hold))
        else:
            self._send_reinvite(record.id, hold)

    def _send_reinvite(self, record_id: int, hold: bool) -> None:
        call = self.engine.calls.get(record_id)
        record = self.engine.lines.get(record_id)
        if call is None or record is None or not record.reinvite_pending:
            return
        try:
            if hold:
                call.setHold(pj.CallOpParam(True))
            else:
                prm = pj.CallOpParam(True)
                prm.opt.flag = pj.PJSUA_CALL_UNHOLD
                call.reinvite(prm)
        except pj.Error as exc:
            if exc.status == PJ_EINVALIDOP and (
                time.time() - record.reinvite_since < REINVITE_TIMEOUT_S
            ):
                # Another offer/answer is in progress (the peer's re-INVITE, or pjsua's own
                # UPDATE): try again shortly; the wish is kept, not dropped.
                self.engine.later(REINVITE_RETRY_S, lambda: self._send_reinvite(record_id, hold))
                return
            self._reinvite_failed(record, f"{'hold' if hold else 'resume'} on call {record_id} "
                                  f"failed: {exc.reason or exc.info()}",
                                  "hold" if hold else "resume")
            return
        record.reinvite_sent = True

    def media_updated(self, record: CallRecord) -> None:
        """pjsua reported the call's media after an offer/answer: ours is done if it was sent;
        a hold/resume asked for meanwhile is sent now."""
        if record.reinvite_pending and not record.reinvite_sent:
            return  # not our exchange: ours is still waiting to be sent
        record.reinvite_pending = False
        record.reinvite_sent = False
        self._sync_hold(record)

    def _reinvite_failed(self, record: CallRecord, message: str, command: str) -> None:
        record.reinvite_pending = False
        record.reinvite_sent = False
        record.wanted_hold = record.hold is HoldState.LOCAL
        self.engine.error(message, command)
        self.engine.emit_call(record)

    def on_tsx_state(self, call: SipCall, method: str, code: int, reason: str) -> None:
        """A re-INVITE we sent was refused: hold/resume may be asked for again."""
        record = self.record_of(call)
        if record is None:
            return
        if method == "OPTIONS":
            self.engine.liveness.options_answered(record, code, reason)
            return
        if method != "INVITE" or not record.reinvite_pending or not record.reinvite_sent:
            return
        if code >= 300 and record.answered is not None:
            self._reinvite_failed(
                record, f"hold/resume on call {record.id} failed: {code} {reason}", "hold"
            )

    def expire_reinvites(self, now: float) -> None:
        """From the main loop: a re-INVITE never answered must not block hold/resume forever."""
        for record in list(self.engine.lines.records.values()):
            if record.reinvite_pending and now - record.reinvite_since > REINVITE_TIMEOUT_S:
                self._reinvite_failed(
                    record, f"re-INVITE on call {record.id} got no answer", "hold"
                )

    def cmd_hold(self, command: Command) -> None:
        record, _ = self.target(command)
        if record.wanted_hold:
            raise CommandError(f"call {record.id} is already on hold")
        self.hold(record)

    def cmd_resume(self, command: Command) -> None:
        if command.call is None:
            held = [r for r in self.engine.lines.visible() if r.wanted_hold and r.live]
            if not held:
                raise CommandError("no call is on hold")
            self.resume(held[-1])
            return
        record, _ = self.target(command)
        self.resume(record)

    def _held_partner(self, active: CallRecord, named: int | None, what: str) -> CallRecord:
        """The held call a ``swap`` or ``conference`` pairs with ``active``: the one named, or
        the only connected call other than ``active``."""
        if named is not None:
            record = self.engine.lines.get(named)
            if record is None or record.hidden or not record.live:
                raise CommandError(f"no such call {named}")
            if record.id == active.id:
                raise CommandError(f"{what}: call {named} cannot be paired with itself")
        else:
            others = [r for r in self.engine.lines.visible()
                      if r.id != active.id and r.live and r.answered is not None]
            if not others:
                raise CommandError(f"{what}: there is no other connected call")
            if len(others) > 1:
                raise CommandError(f"{what}: {len(others) + 1} calls are up; name the call")
            record = others[0]
        if record.state is not CallState.CONFIRMED or self.engine.calls.get(record.id) is None:
            raise CommandError(f"call {record.id} is not connected")
        return record

    def cmd_swap(self, command: Command) -> None:
        """Hold the active call and resume the held one, as one command (either re-INVITE may
        wait for one in progress; both are sent)."""
        lines = self.engine.lines
        active = lines.active()
        if active is None:
            held = [r for r in lines.visible() if r.live and r.wanted_hold]
            if command.call is None and len(held) == 1:
                self.resume(held[0])
                return
            if command.call is None:
                raise CommandError("swap: there is no active call")
            self.resume(self.target(command)[0])
            return
        if active.id in lines.conference:
            raise CommandError("swap: the calls are in a conference; hold or hang up one first")
        if active.state is not CallState.CONFIRMED:
            raise CommandError(f"swap: call {active.id} is not connected yet")
        partner = self._held_partner(active, command.call, "swap")
        if not partner.wanted_hold:
            raise CommandError(f"swap: call {partner.id} is not on hold")
        self.resume(partner)  # holds ``active`` first (hold_others)

    def cmd_conference(self, command: Command) -> None:
        """Bridge two calls (``call``, default the active one, and ``with``, default the other
        connected call): both are resumed and hear each other and us."""
        lines = self.engine.lines
        if command.call is not None:
            first, _ = self.target(command)
        else:
            first_or_none = lines.active()
            if first_or_none is None:
                raise CommandError("conference: there is no active call")
            first = first_or_none
        if first.state is not CallState.CONFIRMED:
            raise CommandError(f"call {first.id} is not connected")
        with_id = command.args.get("with")
        second = self._held_partner(first, int(with_id) if with_id is not None else None,
                                    "conference")
        joined = lines.conference | {first.id, second.id}
        if any(r.id not in joined and r.live and r.answered is not None and not r.wanted_hold
               for r in lines.visible()):
            # Another call has the audio: it goes on hold, it is not joined silently.
            for other in lines.others_to_hold(first.id):
                if other.id not in joined:
                    self.hold(other)
        lines.conference = joined
        for record in (first, second):
            if record.wanted_hold:
                record.wanted_hold = False
                self._sync_hold(record)
        self.engine.media.route()
        self.emit_conference()
        self.engine.emit_lines()

    def leave_conference(self, record_id: int) -> None:
        """A call leaves the conference (held or ended); the others keep talking."""
        if self.engine.lines.leave_conference(record_id):
            self.engine.media.route()
            self.emit_conference()

    def emit_conference(self) -> None:
        self.engine.emit(EventName.CONFERENCE, calls=sorted(self.engine.lines.conference))

    # ------------------------------------------------------------------ mute, DTMF, queue

    def cmd_mute(self, command: Command) -> None:
        """Mute one call; in a conference, our microphone to every call in it."""
        record, _ = self.target(command)
        muted = bool(command.args.get("on", True))
        for member in [record, *(self.engine.lines.get(i)
                                 for i in self.engine.lines.conference_peers(record.id))]:
            if member is not None:
                member.muted = muted
                self.engine.emit_call(member)
        self.engine.media.route()

    def cmd_dtmf(self, command: Command) -> None:
        record, call = self.target(command)
        if record.state is not CallState.CONFIRMED:
            raise CommandError(f"call {record.id} is not connected")
        digits = command.args["digits"].upper()
        # pjsua plays each digit for ~160 ms plus a gap; hold/resume wait until it is done.
        start = max(time.time(), record.dtmf_until)
        record.dtmf_until = start + DTMF_DIGIT_S * len(digits) + 0.1
        method = command.args.get("method", "auto")
        if method != "info":
            try:
                call.dialDtmf(digits)  # RFC 2833 telephone-events in the RTP stream
                return
            except pj.Error:
                if method == "rfc2833":
                    raise CommandError("the call has no RFC 2833 telephone-event") from None
        # SIP INFO (application/dtmf-relay), asked for or as the fallback.
        prm = pj.CallSendDtmfParam()
        prm.method = pj.PJSUA_DTMF_METHOD_SIP_INFO
        prm.digits = digits
        call.sendDtmf(prm)

    def cmd_queue(self, command: Command) -> None:
        action = command.args["action"]
        code = self.engine.options.queue_codes.get(action, "")
        if not code:
            raise CommandError(f"no PBX queue {action} code is configured")
        record = self.dial(code, hidden=True)
        self.queue_calls[record.id] = action
        self.engine.later(QUEUE_CALL_TIMEOUT_S, lambda: self.hangup(record.id))


def answer_with(call: SipCall, code: int, reason: str = "") -> None:
    """Answer an incoming INVITE with ``code`` (180, 200, or a refusal).

    A refusal keeps the standard phrase (``486 Busy Here``: PBXs and queue dashboards match on
    it); ``reason`` (e.g. the agent's state) goes into a ``Reason`` header (RFC 3326).
    """
    prm = pj.CallOpParam(True)
    prm.statusCode = code
    if reason and code >= 300:
        header = pj.SipHeader()
        header.hName = "Reason"
        header.hValue = reason_header(code, reason)
        prm.txOption.headers.append(header)
    call.answer(prm)


def reason_header(code: int, text: str) -> str:
    """``SIP;cause=486;text="agent is not-ready"`` (quotes and backslashes escaped, one line)."""
    clean = " ".join(text.split())[:80].replace("\\", "\\\\").replace('"', '\\"')
    return f'SIP;cause={code};text="{clean}"'
