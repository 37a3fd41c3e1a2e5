"""The call table: each call record (in :class:`~agent.phone.lines.Lines`) and the one pjsua2
``Call`` that belongs to it.

This table is the only place that holds a pjsua2 ``Call``: at DISCONNECTED
:meth:`CallTable.forget` drops it at once (pjsua reuses call ids).

Thread rule: main thread only.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any

import pjsua2 as pj

from agent.phone import protocol as proto
from agent.phone.lines import CallRecord, Lines
from agent.phone.protocol import CallState, Command, CommandError, Direction, Problem
from agent.phone.sip_objects import SipAccount, SipCall

CallFactory = Callable[[SipAccount, "int | None"], SipCall]


class CallTable:
    """Records and their pjsua2 calls, linked both ways."""

    def __init__(self, lines: Lines, new_call: CallFactory,
                 clock: Callable[[], float] = time.time) -> None:
        self.lines = lines
        self.calls: dict[int, SipCall] = {}  # record id -> pjsua2 call (the only reference)
        self._new_call = new_call
        self.clock = clock

    def new_call(self, account: SipAccount, pj_call_id: int | None = None) -> SipCall:
        """A pjsua2 call whose callbacks reach the engine (``pj_call_id``: an incoming one)."""
        return self._new_call(account, pj_call_id)

    def track(
        self, call: SipCall, direction: Direction, remote_uri: str, state: CallState,
        **extra: Any,
    ) -> CallRecord:
        """A new record for ``call``, linked both ways and counted on the lines."""
        caller_id, display = proto.caller_id_from_uri(remote_uri) if remote_uri else ("", "")
        record = CallRecord(
            id=self.lines.new_id(),
            direction=direction,
            remote_uri=remote_uri,
            caller_id=caller_id,
            display_name=display,
            state=state,
            started=self.clock(),
            **extra,
        )
        call.record_id = record.id
        self.calls[record.id] = call
        self.lines.add(record)
        return record

    def untrack(self, record: CallRecord, call: SipCall) -> None:
        """A call that never started (``makeCall`` failed): gone from the table and the lines."""
        self.calls.pop(record.id, None)
        self.lines.remove(record.id)
        call.record_id = None

    def forget(self, record: CallRecord, call: SipCall) -> None:
        """DISCONNECTED: drop the reference to the pjsua2 call now; the record stays on the
        lines until the call's end is published."""
        self.calls.pop(record.id, None)
        call.record_id = None

    def record_of(self, call: SipCall) -> CallRecord | None:
        if call.record_id is None:
            return None
        return self.lines.get(call.record_id)

    def call(self, record_id: int) -> SipCall | None:
        return self.calls.get(record_id)

    def target(self, command: Command) -> tuple[CallRecord, SipCall]:
        """The call a command names (``call``) or the current call."""
        lines = self.lines
        record = lines.get(command.call) if command.call is not None else lines.current()
        if record is None or record.hidden:
            if command.call is not None:
                raise CommandError("no such call", Problem.NO_SUCH_CALL, call=command.call)
            raise CommandError("there is no call", Problem.NO_CALL)
        call = self.calls.get(record.id)
        if call is None:
            raise CommandError(f"call {record.id} is gone", Problem.CALL_GONE, call=record.id)
        return record, call

    def hangup(self, record_id: int) -> None:
        """Hang up a call if it is still there (timers, transfers, prompts)."""
        call = self.calls.get(record_id)
        if call is None:
            return
        with contextlib.suppress(pj.Error):
            call.hangup(pj.CallOpParam(True))
