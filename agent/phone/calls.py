"""Call control: the record ↔ pjsua2 call table, dial/answer/reject/hangup, hold/resume with
one re-INVITE at a time (a wish made meanwhile is sent when it is done; never across DTMF; one
refused with 491 because the far end's offer crossed it is sent again), mute,
DTMF, PBX queue feature codes.

Collaborators: the call table, the reporter, the scheduler, the sound (audio routing and the
ringtone) and the identity calls are placed from. Subscribes to the call bus for the first
CONFIRMED (a PBX queue code call is hung up soon after), the media state (a hold/resume asked for
meanwhile is sent) and the end of a call (it leaves the conference; a queue code call reports):
:meth:`CallControl.call_confirmed`, :meth:`~CallControl.media_updated`,
:meth:`~CallControl.call_ended`.

Thread rule: main thread only.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Protocol

import pjsua2 as pj

from agent.phone import protocol as proto
from agent.phone.call_table import CallTable
from agent.phone.lines import MAX_LINES, CallRecord
from agent.phone.protocol import (
    CallState,
    Command,
    CommandError,
    Direction,
    EventName,
    HoldState,
    Problem,
)
from agent.phone.reporter import Reporter
from agent.phone.scheduler import Scheduler
from agent.phone.sip_objects import SipAccount, SipCall

REINVITE_TIMEOUT_S = 15.0
REINVITE_RETRY_S = 0.1
GLARE_RETRY_S = (0.2, 1.5)  # a re-INVITE refused with 491 is sent again after this long
RESENT_BY_PJSUA = (401, 407, 422)  # pjsua sends the re-INVITE again (credentials, Min-SE)
PJ_EINVALIDOP = 70013  # pj_status_t: an INVITE offer/answer is already in progress
QUEUE_CALL_TIMEOUT_S = 15.0
DTMF_DIGIT_S = 0.25
QUEUE_CALL_HOLD_S = 1.0  # a queue code call is hung up this long after it is answered


class Sound(Protocol):
    """What call control asks of the audio: route the talking calls, stop the ringtone."""

    def route(self) -> None: ...
    def stop_ring(self) -> None: ...


class Identity(Protocol):
    """Who we call as: the account for a new call and its server (for bare numbers)."""

    def for_dial(self) -> SipAccount: ...
    def server(self) -> str: ...


class CallControl:
    """Turns call commands into pjsua2 operations on the table's calls."""

    def __init__(self, table: CallTable, reporter: Reporter, scheduler: Scheduler,
                 sound: Sound, identity: Identity, queue_codes: dict[str, str],
                 clock: Callable[[], float] = time.time) -> None:
        self.table = table
        self.clock = clock
        self.lines = table.lines
        self.reporter = reporter
        self.scheduler = scheduler
        self.sound = sound
        self.identity = identity
        self.queue_codes = queue_codes

    # ------------------------------------------------------------------ dial and answer

    def dial(self, uri: str, consult_for: int | None = None, hidden: bool = False) -> CallRecord:
        target = proto.normalize_target(uri, self.identity.server())
        if self.lines.live_count() >= MAX_LINES:
            raise CommandError("all lines are busy", Problem.LINES_BUSY)
        call = self.table.new_call(self.identity.for_dial())
        record = self.table.track(
            call, Direction.OUT, target, CallState.CALLING, consult_for=consult_for, hidden=hidden
        )
        if not hidden:
            self.hold_others(record)
        try:
            call.makeCall(target, pj.CallOpParam(True))
        except pj.Error as exc:
            self.table.untrack(record, call)
            detail = exc.reason or exc.info()
            raise CommandError(f"cannot call {target}: {detail}", Problem.DIAL_FAILED,
                               target=target, detail=detail) from None
        self.reporter.emit_call(record)
        if not hidden:
            self.reporter.emit_lines()
        return record

    def new_leg(self, account: SipAccount, target: str) -> tuple[SipCall, CallRecord]:
        """An outgoing call pjsua itself places (we are the transferee of a REFER)."""
        call = self.table.new_call(account)
        return call, self.table.track(call, Direction.OUT, target, CallState.CALLING)

    def hold_others(self, record: CallRecord) -> None:
        for other in self.lines.others_to_hold(record.id):
            self.hold(other)

    def answer(self, record: CallRecord, hold_others: bool = True) -> None:
        call = self.table.call(record.id)
        if call is None or not record.ringing_in:
            raise CommandError(f"call {record.id} is not ringing", Problem.CALL_NOT_RINGING,
                               call=record.id)
        if hold_others:
            self.hold_others(record)
        answer_with(call, 200)
        self.sound.stop_ring()

    def cmd_dial(self, command: Command) -> None:
        self.dial(command.args["uri"])

    def _ringing(self, command: Command, pick: int) -> CallRecord:
        """The named call, or the waiting call at ``pick`` (0: oldest, -1: newest)."""
        if command.call is not None:
            return self.table.target(command)[0]
        waiting = self.lines.waiting()
        if not waiting:
            raise CommandError("no call is ringing", Problem.NO_CALL_RINGING)
        return waiting[pick]

    def cmd_answer(self, command: Command) -> None:
        self.answer(self._ringing(command, 0))

    def cmd_reject(self, command: Command) -> None:
        record = self._ringing(command, -1)
        call = self.table.calls[record.id]
        if not record.ringing_in:
            raise CommandError(f"call {record.id} is not ringing; use hangup",
                               Problem.CALL_NOT_RINGING, call=record.id)
        prm = pj.CallOpParam(True)
        prm.statusCode = int(command.args.get("code", 486))
        call.hangup(prm)

    def cmd_hangup(self, command: Command) -> None:
        record, call = self.table.target(command)
        prm = pj.CallOpParam(True)
        if record.ringing_in:
            prm.statusCode = 486
        call.hangup(prm)

    # ------------------------------------------------------------------ hold and resume

    def hold(self, record: CallRecord) -> None:
        """Put ``record`` on hold now, or as soon as the offer/answer in progress is done."""
        if self.table.call(record.id) is None:
            return
        if record.wanted_hold:
            return
        if record.state is not CallState.CONFIRMED:
            raise CommandError(f"call {record.id} is not connected", Problem.CALL_NOT_CONNECTED,
                               call=record.id)
        record.wanted_hold = True
        self.leave_conference(record.id)  # a held call leaves the conference; the rest stay
        self._sync_hold(record)

    def resume(self, record: CallRecord) -> None:
        """Take ``record`` off hold now, or as soon as the offer/answer in progress is done."""
        if not record.wanted_hold:
            raise CommandError(f"call {record.id} is not on hold", Problem.CALL_NOT_HELD,
                               call=record.id)
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
        record.reinvite_since = self.clock()
        hold = record.wanted_hold
        # After any DTMF still being played (pjsua was seen to duplicate a digit when a
        # re-INVITE crossed it).
        wait = record.dtmf_until - self.clock()
        if wait > 0:
            self.scheduler.later(wait, lambda: self._send_reinvite(record.id, hold))
        else:
            self._send_reinvite(record.id, hold)

    def _send_reinvite(self, record_id: int, hold: bool) -> None:
        call = self.table.call(record_id)
        record = self.lines.get(record_id)
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
                self.clock() - record.reinvite_since < REINVITE_TIMEOUT_S
            ):
                # Another offer/answer is in progress (the peer's re-INVITE, or pjsua's own
                # UPDATE): try again shortly; the wish is kept, not dropped.
                self.scheduler.later(REINVITE_RETRY_S, lambda: self._send_reinvite(record_id, hold))
                return
            detail = exc.reason or exc.info()
            self._reinvite_failed(record, CommandError(
                f"{'hold' if hold else 'resume'} on call {record_id} failed: {detail}",
                Problem.HOLD_FAILED if hold else Problem.RESUME_FAILED,
                call=record_id, detail=detail), "hold" if hold else "resume")
            return
        record.reinvite_sent = True

    def _send_again(self, record_id: int) -> None:
        """After a glare: send the re-INVITE the latest wish still needs, if any."""
        record = self.lines.get(record_id)
        if record is None or not record.reinvite_pending or record.reinvite_sent:
            return
        if record.wanted_hold == (record.hold is HoldState.LOCAL):
            record.reinvite_pending = False
            return
        self._send_reinvite(record_id, record.wanted_hold)

    def media_updated(self, record: CallRecord) -> None:
        """pjsua reported the call's media after an offer/answer: ours is done if it was sent;
        a hold/resume asked for meanwhile is sent now."""
        if record.reinvite_pending and not record.reinvite_sent:
            return  # not our exchange: ours is still waiting to be sent
        record.reinvite_pending = False
        record.reinvite_sent = False
        self._sync_hold(record)

    def _reinvite_failed(self, record: CallRecord, failure: CommandError, command: str) -> None:
        record.reinvite_pending = False
        record.reinvite_sent = False
        record.wanted_hold = record.hold is HoldState.LOCAL
        self.reporter.refused(failure, command)
        self.reporter.emit_call(record)

    def on_tsx_state(self, call: SipCall, method: str, code: int, reason: str) -> None:
        """A re-INVITE we sent was refused: hold/resume may be asked for again; refused with
        491 (glare), it is sent again shortly. (Only our own requests arrive here: the far end's
        re-INVITE that pjsua refused with 491 is not ours. A challenge or a too-short session
        interval pjsua answers by sending it again.)"""
        record = self.table.record_of(call)
        if record is None:
            return
        if method != "INVITE" or not record.reinvite_pending or not record.reinvite_sent:
            return
        if code in RESENT_BY_PJSUA:
            return
        if code == 491 and record.answered is not None:
            # Glare: the far end's offer crossed ours (RFC 3261 14.1). Theirs completes first;
            # ours is sent again after a random pause, with the wish as it is then.
            record.reinvite_sent = False
            self.scheduler.later(random.uniform(*GLARE_RETRY_S),
                                 lambda: self._send_again(record.id))
            return
        if code >= 300 and record.answered is not None:
            self._reinvite_failed(record, CommandError(
                f"hold/resume on call {record.id} failed: {code} {reason}",
                Problem.HOLD_FAILED if record.wanted_hold else Problem.RESUME_FAILED,
                call=record.id, detail=f"{code} {reason}".strip()), "hold")

    def expire_reinvites(self, now: float) -> None:
        """From the main loop: a re-INVITE never answered must not block hold/resume forever."""
        for record in list(self.lines.records.values()):
            if record.reinvite_pending and now - record.reinvite_since > REINVITE_TIMEOUT_S:
                self._reinvite_failed(record, CommandError(
                    f"re-INVITE on call {record.id} got no answer",
                    Problem.HOLD_FAILED if record.wanted_hold else Problem.RESUME_FAILED,
                    call=record.id, detail="no answer"), "hold")

    def cmd_hold(self, command: Command) -> None:
        record, _ = self.table.target(command)
        if record.wanted_hold:
            raise CommandError(f"call {record.id} is already on hold", Problem.CALL_ALREADY_HELD,
                               call=record.id)
        self.hold(record)

    def cmd_resume(self, command: Command) -> None:
        if command.call is None:
            held = [r for r in self.lines.visible() if r.wanted_hold and r.live]
            if not held:
                raise CommandError("no call is on hold", Problem.NO_CALL_HELD)
            self.resume(held[-1])
            return
        record, _ = self.table.target(command)
        self.resume(record)

    def _held_partner(self, active: CallRecord, named: int | None, what: str) -> CallRecord:
        """The held call a ``swap`` or ``conference`` pairs with ``active``: the one named, or
        the only connected call other than ``active``."""
        if named is not None:
            record = self.lines.get(named)
            if record is None or record.hidden or not record.live:
                raise CommandError(f"no such call {named}", Problem.NO_SUCH_CALL, call=named)
            if record.id == active.id:
                raise CommandError(f"{what}: call {named} cannot be paired with itself",
                                   Problem.SAME_CALL, call=named)
        else:
            others = [r for r in self.lines.visible()
                      if r.id != active.id and r.live and r.answered is not None]
            if not others:
                raise CommandError(f"{what}: there is no other connected call",
                                   Problem.NO_OTHER_CALL)
            if len(others) > 1:
                raise CommandError(f"{what}: {len(others) + 1} calls are up; name the call",
                                   Problem.NAME_THE_CALL, count=len(others) + 1)
            record = others[0]
        if record.state is not CallState.CONFIRMED or self.table.call(record.id) is None:
            raise CommandError(f"call {record.id} is not connected", Problem.CALL_NOT_CONNECTED,
                               call=record.id)
        return record

    def cmd_swap(self, command: Command) -> None:
        """Hold the active call and resume the held one, as one command (either re-INVITE may
        wait for one in progress; both are sent)."""
        lines = self.lines
        active = lines.active()
        if active is None:
            held = [r for r in lines.visible() if r.live and r.wanted_hold]
            if command.call is None and len(held) == 1:
                self.resume(held[0])
                return
            if command.call is None:
                raise CommandError("swap: there is no active call", Problem.NO_ACTIVE_CALL)
            self.resume(self.table.target(command)[0])
            return
        if active.id in lines.conference:
            raise CommandError("swap: the calls are in a conference; hold or hang up one first",
                               Problem.IN_CONFERENCE)
        if active.state is not CallState.CONFIRMED:
            raise CommandError(f"swap: call {active.id} is not connected yet",
                               Problem.CALL_NOT_CONNECTED, call=active.id)
        partner = self._held_partner(active, command.call, "swap")
        if not partner.wanted_hold:
            raise CommandError(f"swap: call {partner.id} is not on hold", Problem.CALL_NOT_HELD,
                               call=partner.id)
        self.resume(partner)  # holds ``active`` first (hold_others)

    def cmd_conference(self, command: Command) -> None:
        """Bridge two calls (``call``, default the active one, and ``with``, default the other
        connected call): both are resumed and hear each other and us."""
        lines = self.lines
        if command.call is not None:
            first, _ = self.table.target(command)
        else:
            first_or_none = lines.active()
            if first_or_none is None:
                raise CommandError("conference: there is no active call", Problem.NO_ACTIVE_CALL)
            first = first_or_none
        if first.state is not CallState.CONFIRMED:
            raise CommandError(f"call {first.id} is not connected", Problem.CALL_NOT_CONNECTED,
                               call=first.id)
        with_id = command.args.get("with")
        second = self._held_partner(first, int(with_id) if with_id is not None else None,
                                    "conference")
        joined = lines.conference | {first.id, second.id}
        # Another call that has the audio goes on hold: it is not joined silently.
        for other in lines.others_to_hold(first.id):
            if other.id not in joined:
                self.hold(other)
        lines.conference = joined
        for record in (first, second):
            if record.wanted_hold:
                record.wanted_hold = False
                self._sync_hold(record)
        self.sound.route()
        self.emit_conference()
        self.reporter.emit_lines()

    def leave_conference(self, record_id: int) -> None:
        """A call leaves the conference (held or ended); the others keep talking."""
        if self.lines.leave_conference(record_id):
            self.sound.route()
            self.emit_conference()

    def emit_conference(self) -> None:
        self.reporter.emit(EventName.CONFERENCE, calls=sorted(self.lines.conference))

    # ------------------------------------------------------------------ mute, DTMF, queue

    def cmd_mute(self, command: Command) -> None:
        """Mute one call; in a conference, our microphone to every call in it."""
        record, _ = self.table.target(command)
        muted = bool(command.args.get("on", True))
        for member in [record, *(self.lines.get(i)
                                 for i in self.lines.conference_peers(record.id))]:
            if member is not None:
                member.muted = muted
                self.reporter.emit_call(member)
        self.sound.route()

    def cmd_dtmf(self, command: Command) -> None:
        record, call = self.table.target(command)
        if record.state is not CallState.CONFIRMED:
            raise CommandError(f"call {record.id} is not connected", Problem.CALL_NOT_CONNECTED,
                               call=record.id)
        digits = command.args["digits"].upper()
        # pjsua plays each digit for ~160 ms plus a gap; hold/resume wait until it is done.
        start = max(self.clock(), record.dtmf_until)
        record.dtmf_until = start + DTMF_DIGIT_S * len(digits) + 0.1
        method = command.args.get("method", "auto")
        if method != "info":
            try:
                call.dialDtmf(digits)  # RFC 2833 telephone-events in the RTP stream
                return
            except pj.Error:
                if method == "rfc2833":
                    raise CommandError("the call has no RFC 2833 telephone-event",
                                       Problem.NO_TELEPHONE_EVENT) from None
        # SIP INFO (application/dtmf-relay), asked for or as the fallback.
        prm = pj.CallSendDtmfParam()
        prm.method = pj.PJSUA_DTMF_METHOD_SIP_INFO
        prm.digits = digits
        call.sendDtmf(prm)

    def cmd_queue(self, command: Command) -> None:
        action = command.args["action"]
        code = self.queue_codes.get(action, "")
        if not code:
            raise CommandError(f"no PBX queue {action} code is configured",
                               Problem.NO_QUEUE_CODE, action=action)
        record = self.dial(code, hidden=True)
        record.queue_action = action
        self.scheduler.later(QUEUE_CALL_TIMEOUT_S, lambda: self.table.hangup(record.id))

    def call_confirmed(self, record: CallRecord) -> None:
        """Bus: a queue code call is answered; the PBX has the code, hang up shortly."""
        if record.queue_action:
            self.scheduler.later(QUEUE_CALL_HOLD_S, lambda: self.table.hangup(record.id))

    def call_ended(self, record: CallRecord) -> None:
        """Bus: the call leaves the conference; a queue code call reports how it went."""
        self.leave_conference(record.id)
        if record.queue_action:
            ok = record.answered is not None or 200 <= record.code < 300
            self.reporter.emit(
                EventName.QUEUE, action=record.queue_action, code=record.caller_id, ok=ok,
                reason=record.reason,
            )


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
