"""Transfers: blind (REFER), consultative (consult, then REFER with Replaces, or cancel), and the
other side of both: we are the transferee (REFER received) or the target (INVITE with Replaces).

Thread rule: main thread only (commands and pjsua2 callbacks).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pjsua2 as pj

from agent.phone import protocol as proto
from agent.phone.protocol import CallState, Command, CommandError, Direction, EventName
from agent.phone.sip_objects import SipCall

if TYPE_CHECKING:
    from agent.phone.engine import PhoneEngine


@dataclass
class Consult:
    original: int
    consult: int


class Transfers:
    """Consultations in progress and the kind of each REFER we sent."""

    def __init__(self, engine: PhoneEngine) -> None:
        self.engine = engine
        self.consults: list[Consult] = []
        # record id -> "blind" | "attended", fixed when the REFER is sent (the consultation leg
        # may be gone before the final NOTIFY arrives).
        self.kinds: dict[int, str] = {}

    def _emit_sent(self, record_id: int, kind: str, reason: str) -> None:
        self.kinds[record_id] = kind
        self.engine.emit(
            EventName.TRANSFER, call=record_id, kind=kind, code=0, reason=reason, final=False,
            ok=False,
        )

    # ------------------------------------------------------------------ commands

    def cmd_transfer(self, command: Command) -> None:
        record, call = self.engine.call_control.target(command)
        if record.state is not CallState.CONFIRMED:
            raise CommandError(f"call {record.id} is not connected")
        try:
            target = proto.normalize_target(command.args["uri"], self.engine.accounts.server())
        except proto.ProtocolError as exc:
            raise CommandError(exc.message) from None
        call.xfer(target, pj.CallOpParam(True))
        self._emit_sent(record.id, "blind", f"REFER sent to {target}")

    def cmd_consult(self, command: Command) -> None:
        control = self.engine.call_control
        record, _ = control.target(command)
        if record.state is not CallState.CONFIRMED:
            raise CommandError(f"call {record.id} is not connected")
        control.hold(record)
        consult = control.dial(command.args["uri"], consult_for=record.id)
        self.consults.append(Consult(record.id, consult.id))

    def _consult_pair(self, command: Command) -> Consult:
        if command.call is None:
            if not self.consults:
                raise CommandError("no consultation in progress")
            return self.consults[-1]
        for pair in self.consults:
            if command.call in (pair.original, pair.consult):
                return pair
        raise CommandError(f"call {command.call} has no consultation")

    def cmd_complete(self, command: Command) -> None:
        pair = self._consult_pair(command)
        calls = self.engine.calls
        original = calls.get(pair.original)
        consult = calls.get(pair.consult)
        consult_record = self.engine.lines.get(pair.consult)
        if original is None or consult is None or consult_record is None:
            raise CommandError("a leg of the consultation is gone")
        if consult_record.state is not CallState.CONFIRMED:
            raise CommandError("the consultation call is not answered yet")
        original.xferReplaces(consult, pj.CallOpParam(True))
        self._emit_sent(pair.original, "attended", "REFER with Replaces sent")

    def cmd_cancel(self, command: Command) -> None:
        pair = self._consult_pair(command)
        self.consults.remove(pair)
        control = self.engine.call_control
        control.hangup(pair.consult)
        original = self.engine.lines.get(pair.original)
        if original is not None and original.wanted_hold:
            control.resume(original)

    def call_ended(self, record_id: int) -> None:
        """DISCONNECTED: forget the call's consultations and REFER kind."""
        for pair in list(self.consults):
            if record_id == pair.consult or record_id == pair.original:
                self.consults.remove(pair)
        self.kinds.pop(record_id, None)

    # ------------------------------------------------------------------ pjsua2 callbacks

    def on_transfer_request(self, call: SipCall, target: str) -> SipCall | None:
        """We are the transferee: accept, and give pjsua our own Call for the new leg."""
        control = self.engine.call_control
        record = control.record_of(call)
        if record is None:
            return None
        new_call, new_record = control.new_leg(call.account, target)
        self.engine.emit(
            EventName.TRANSFER, call=record.id, kind="requested", code=202,
            reason=f"transferred to {target}", final=False, ok=False, new_call=new_record.id,
        )
        return new_call

    def on_transfer_status(self, call: SipCall, code: int, reason: str, final: bool) -> bool:
        control = self.engine.call_control
        record = control.record_of(call)
        if record is None:
            return False
        kind = self.kinds.get(record.id, "blind")
        ok = final and 200 <= code < 300
        self.engine.emit(
            EventName.TRANSFER, call=record.id, kind=kind, code=code, reason=reason,
            final=final, ok=ok,
        )
        if ok:
            # The transferee now talks to the target: our leg(s) are done.
            for consult in [c for c in self.consults if c.original == record.id]:
                control.hangup(consult.consult)
            control.hangup(record.id)
        return not final

    def on_call_replaced(self, call: SipCall, new_pj_call_id: int) -> SipCall | None:
        """We are the transfer target: the caller's INVITE with Replaces takes over a call."""
        control = self.engine.call_control
        old = control.record_of(call)
        new_call = SipCall(call.account, self.engine, new_pj_call_id)
        try:
            remote = str(new_call.getInfo().remoteUri)
        except pj.Error:
            remote = ""
        record = control.track(
            new_call, Direction.IN, remote, CallState.CONNECTING, answered=time.time()
        )
        self.engine.emit(
            "replaced", call=old.id if old else None, new_call=record.id, remote_uri=remote,
        )
        self.engine.emit_call(record)
        return new_call
