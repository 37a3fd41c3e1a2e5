"""Transfers: blind (REFER), consultative (consult, then REFER with Replaces, or cancel), and the
other side of both: we are the transferee (REFER received) or the target (INVITE with Replaces).

Every REFER we send reaches one final ``transfer`` event: a NOTIFY whose sipfrag status is 200 or
more (but 401/407, which the transferee retries with credentials) is final whatever its
``Subscription-State`` says (linphone reports failures with ``active``
and never terminates); an attended transfer whose consultation call is taken over by the target
(BYE from the far end) is a success even if the final NOTIFY never arrives (linphone's is
malformed and dropped by pjsip); anything else with no final answer within the transfer timeout
is reported as failed with the call still up (a 2xx NOTIFY arriving later still ends our leg).

Collaborators: the call table, the reporter, the scheduler, call control (hold, dial, resume) and
the account's server (for bare numbers). Subscribes to the end of a call
(:meth:`Transfers.call_ended`).

Thread rule: main thread only (commands and pjsua2 callbacks).
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import pjsua2 as pj

from agent.phone import protocol as proto
from agent.phone.call_table import CallTable
from agent.phone.calls import GLARE_RETRY_S, REINVITE_RETRY_S, REINVITE_TIMEOUT_S, CallControl
from agent.phone.lines import CallRecord
from agent.phone.protocol import (
    CallState,
    Command,
    CommandError,
    Direction,
    EventName,
    HoldState,
    Params,
    Problem,
)
from agent.phone.reporter import Reporter
from agent.phone.scheduler import Scheduler
from agent.phone.sip_objects import SipCall

REPLACED_GRACE_S = 2.0  # a failure NOTIFY may still follow the consultation call's end
REFER_GLARE_RETRIES = 2  # a REFER refused with 491 (the far end's offer is pending) goes again
RETRIED_CODES = (401, 407)  # the transferee retries with credentials: not final unless terminated


@dataclass
class Consult:
    original: int
    consult: int


@dataclass
class Pending:
    """A REFER we sent that has no final answer yet."""

    kind: str  # "blind" | "attended"
    consult: int | None = None  # the consultation leg of an attended transfer
    send: Callable[[], None] | None = None  # sends this REFER again
    glare_retries: int = 0  # times it was sent again after a 491


class Transfers:
    """Consultations in progress and the kind of each REFER we sent."""

    def __init__(self, table: CallTable, reporter: Reporter, scheduler: Scheduler,
                 control: CallControl, server: Callable[[], str], timeout: float,
                 clock: Callable[[], float] = time.time) -> None:
        self.table = table
        self.reporter = reporter
        self.scheduler = scheduler
        self.control = control
        self.server = server
        self.timeout = float(timeout)  # seconds for a REFER's final answer (0: no limit)
        self.clock = clock
        self.consults: list[Consult] = []
        # record id -> the REFER sent on it, until its final answer (the consultation leg may be
        # gone before the final NOTIFY arrives).
        self.pending: dict[int, Pending] = {}
        self.late: dict[int, Pending] = {}  # timed out; a 2xx NOTIFY may still come

    def _emit_sent(self, record_id: int, kind: str, reason: str, send: Callable[[], None],
                   consult: int | None = None) -> None:
        earlier = self.pending.get(record_id)
        retries = earlier.glare_retries if earlier is not None and earlier.send is send else 0
        pending = Pending(kind, consult, send, retries)
        self.pending[record_id] = pending
        self.reporter.emit(
            EventName.TRANSFER, call=record_id, kind=kind, code=0, reason=reason, final=False,
            ok=False,
        )
        if self.timeout > 0:
            self.scheduler.later(self.timeout, lambda: self._timed_out(record_id, pending))

    def _final(self, record_id: int, code: int, reason: str, ok: bool,
               problem: Problem | None = None, params: Params | None = None) -> None:
        """The one final ``transfer`` event of a REFER; on success our leg(s) are hung up.
        A failure's ``problem`` is the SIP answer's unless given."""
        pending = self.pending.pop(record_id, None)
        if pending is None:
            return
        if problem is None:
            problem = Problem.NONE if ok else proto.status_problem(code)
            params = {} if ok else proto.status_params(code, reason)
        self.reporter.emit(
            EventName.TRANSFER, call=record_id, kind=pending.kind, code=code, reason=reason,
            final=True, ok=ok, problem=problem.value, params=dict(params or {}),
        )
        if ok:
            # The transferee now talks to the target: our leg(s) are done.
            for consult in [c for c in self.consults if c.original == record_id]:
                self.table.hangup(consult.consult)
            self.table.hangup(record_id)

    def _timed_out(self, record_id: int, pending: Pending) -> None:
        if self.pending.get(record_id) is not pending:
            return
        record = self.table.lines.get(record_id)
        why = f"no final answer to the transfer within {self.timeout:g} s; the call is still up"
        problem = Problem.TRANSFER_TIMEOUT
        if record is not None and record.hold is HoldState.REMOTE:
            why += " (held by the far end: it may have reached the target)"
            problem = Problem.TRANSFER_TIMEOUT_HELD
        self._final(record_id, 408, why, False, problem, {"seconds": f"{self.timeout:g}"})
        self.late[record_id] = pending

    # ------------------------------------------------------------------ commands

    def cmd_transfer(self, command: Command) -> None:
        record, _call = self.table.target(command)
        if record.state is not CallState.CONFIRMED:
            raise CommandError(f"call {record.id} is not connected", Problem.CALL_NOT_CONNECTED,
                               call=record.id)
        target = proto.normalize_target(command.args["uri"], self.server())
        record_id = record.id

        def send() -> None:
            call = self.table.calls.get(record_id)
            if call is None:
                raise CommandError(f"call {record_id} is gone", Problem.CALL_GONE, call=record_id)
            call.xfer(target, pj.CallOpParam(True))
            self._emit_sent(record_id, "blind", f"REFER sent to {target}", send)

        self._after_reinvite(record_id, send, self.clock())

    def cmd_consult(self, command: Command) -> None:
        control = self.control
        record, _ = self.table.target(command)
        if record.state is not CallState.CONFIRMED:
            raise CommandError(f"call {record.id} is not connected", Problem.CALL_NOT_CONNECTED,
                               call=record.id)
        control.hold(record)
        consult = control.dial(command.args["uri"], consult_for=record.id)
        self.consults.append(Consult(record.id, consult.id))

    def _consult_pair(self, command: Command) -> Consult:
        if command.call is None:
            if not self.consults:
                raise CommandError("no consultation in progress", Problem.NO_CONSULTATION)
            return self.consults[-1]
        for pair in self.consults:
            if command.call in (pair.original, pair.consult):
                return pair
        raise CommandError(f"call {command.call} has no consultation", Problem.NO_CONSULTATION)

    def cmd_complete(self, command: Command) -> None:
        pair = self._consult_pair(command)
        calls = self.table.calls
        original = calls.get(pair.original)
        consult = calls.get(pair.consult)
        consult_record = self.table.lines.get(pair.consult)
        if original is None or consult is None or consult_record is None:
            raise CommandError("a leg of the consultation is gone", Problem.CONSULT_LEG_GONE)
        if consult_record.state is not CallState.CONFIRMED:
            raise CommandError("the consultation call is not answered yet",
                               Problem.CONSULT_NOT_ANSWERED)

        def send() -> None:
            original = calls.get(pair.original)
            consult = calls.get(pair.consult)
            if original is None or consult is None:
                raise CommandError("a leg of the consultation is gone", Problem.CONSULT_LEG_GONE)
            original.xferReplaces(consult, pj.CallOpParam(True))
            self._emit_sent(pair.original, "attended", "REFER with Replaces sent", send,
                            pair.consult)

        self._after_reinvite(pair.original, send, self.clock())

    def _after_reinvite(self, record_id: int, send: Callable[[], None], since: float) -> None:
        """Send the REFER once our hold/resume re-INVITE on the call is answered: sent during
        it, the far end refuses the REFER with 491 (linphone answers a hold slowly)."""
        record = self.table.lines.get(record_id)
        if record is None:
            return
        if record.reinvite_pending and self.clock() - since < REINVITE_TIMEOUT_S:
            self.scheduler.later(REINVITE_RETRY_S, functools.partial(
                self._after_reinvite, record_id, send, since))
            return
        try:
            send()
        except CommandError as exc:
            self.reporter.refused(exc, "transfer")
        except pj.Error as exc:
            detail = exc.reason or exc.info()
            self.reporter.error(f"transfer on call {record_id} failed: {detail}", "transfer",
                                Problem.TRANSFER_NOT_SENT,
                                {"call": str(record_id), "detail": detail})

    def cmd_cancel(self, command: Command) -> None:
        pair = self._consult_pair(command)
        self.consults.remove(pair)
        control = self.control
        self.table.hangup(pair.consult)
        original = self.table.lines.get(pair.original)
        if original is not None and original.wanted_hold:
            control.resume(original)

    def call_ended(self, record: CallRecord) -> None:
        """Bus (``REMOVED``): forget the call's consultations; settle a REFER sent on it."""
        record_id = record.id
        for pair in list(self.consults):
            if record_id == pair.consult or record_id == pair.original:
                self.consults.remove(pair)
        self.late.pop(record_id, None)
        if record_id in self.pending:
            self._final(record_id, 0, "the call ended before the transfer's final answer",
                        False, Problem.CALL_ENDED_BEFORE_TRANSFER, {})
        for original, pending in list(self.pending.items()):
            if pending.consult == record_id:
                # The target took over the consultation call (it sends us BYE): unless a
                # failure NOTIFY follows at once, the transfer is done.
                self.scheduler.later(REPLACED_GRACE_S, functools.partial(
                    self._replaced, original, pending))

    def _replaced(self, record_id: int, pending: Pending) -> None:
        if self.pending.get(record_id) is pending:
            self._final(record_id, 200, "the target took over the consultation call", ok=True)

    # ------------------------------------------------------------------ pjsua2 callbacks

    def on_transfer_request(self, call: SipCall, target: str) -> SipCall | None:
        """We are the transferee: accept, and give pjsua our own Call for the new leg."""
        record = self.table.record_of(call)
        if record is None:
            return None
        new_call, new_record = self.control.new_leg(call.account, target)
        self.reporter.emit(
            EventName.TRANSFER, call=record.id, kind="requested", code=202,
            reason=f"transferred to {target}", final=False, ok=False, new_call=new_record.id,
        )
        return new_call

    def on_transfer_status(self, call: SipCall, code: int, reason: str, final: bool) -> bool:
        """A NOTIFY about our REFER (or the REFER's own failure). Returns: keep listening."""
        record = self.table.record_of(call)
        if record is None:
            return False
        pending = self.pending.get(record.id)
        if pending is None and 200 <= code < 300 and record.id in self.late:
            # Success after the timeout was reported: the caller is with the target, so our
            # leg(s) end after all (a second final event, ok this time).
            self.pending[record.id] = self.late.pop(record.id)
            self._final(record.id, code, reason, ok=True)
            return False
        if pending is None:
            return False  # already settled (timeout, or a copy after the final one)
        if code == 491 and pending.send is not None and pending.glare_retries < REFER_GLARE_RETRIES:
            # The far end's own re-INVITE was pending (linphone re-offers after our hold): like
            # a re-INVITE in glare (RFC 3261 14.1), the REFER goes again after a random pause.
            pending.glare_retries += 1
            self.scheduler.later(random.uniform(*GLARE_RETRY_S), functools.partial(
                self._after_reinvite, record.id, pending.send, self.clock()))
            return False
        if final or (code >= 200 and code not in RETRIED_CODES):
            self._final(record.id, code, reason, ok=200 <= code < 300)
            return False
        self.reporter.emit(
            EventName.TRANSFER, call=record.id, kind=pending.kind, code=code, reason=reason,
            final=False, ok=False,
        )
        return True

    def on_call_replaced(self, call: SipCall, new_pj_call_id: int) -> SipCall | None:
        """We are the transfer target: the caller's INVITE with Replaces takes over a call."""
        old = self.table.record_of(call)
        new_call = self.table.new_call(call.account, new_pj_call_id)
        try:
            remote = str(new_call.getInfo().remoteUri)
        except pj.Error:
            remote = ""
        record = self.table.track(
            new_call, Direction.IN, remote, CallState.CONNECTING, answered=self.clock()
        )
        self.reporter.emit(
            "replaced", call=old.id if old else None, new_call=record.id, remote_uri=remote,
        )
        self.reporter.emit_call(record)
        return new_call
