"""Dead-peer detection: a call whose far end is gone (crashed, unplugged, killed) is ended by the
engine itself, with a reason that says so.

- An active call (media ``active``, neither side holding, and no hold asked for by the
  agent) that receives no RTP for ``rtp_timeout`` seconds is hung up: a live peer sends a
  packet every 20 ms.
- A call where RTP may legitimately stop (on hold either way, a hold the agent asked for
  whatever pjsua reports meanwhile, or no media) is probed with an
  in-dialog ``OPTIONS`` every ``held_check`` seconds; an answer of any kind (even 405) means the
  far end is alive. No answer (pjsip gives up after 32 s and reports 408), 408 from a proxy, or
  481 (the far end no longer knows the call) ends it.

Collaborators: the call table and the two intervals. Subscribes to the end of a call
(:meth:`Liveness.call_ended`).

Thread rule: main thread only (the engine's loop calls :meth:`Liveness.tick`; OPTIONS answers
arrive in pjsua2's call callbacks).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass

import pjsua2 as pj

from agent.phone import protocol as proto
from agent.phone.call_table import CallTable
from agent.phone.lines import CallRecord
from agent.phone.protocol import CallState, MediaStatus, Params, Problem
from agent.phone.sip_objects import SipCall

CHECK_EVERY_S = 1.0
DEAD_CODES = (408, 481)  # and 503 generated locally: the transport to the peer failed
END_CODE = 408


@dataclass
class _Watch:
    by_rtp: bool
    packets: int = -1
    last_rx: float = 0.0
    next_probe: float = 0.0
    probing: bool = False


class Liveness:
    """Watches confirmed calls for RTP and answers to probes; ends the dead ones."""

    def __init__(self, table: CallTable, rtp_timeout: float, held_check: float,
                 clock: Callable[[], float] = time.time) -> None:
        self.table = table
        self.rtp_timeout = float(rtp_timeout)  # 0: never
        self.held_check = float(held_check)  # 0: never
        self.clock = clock
        self.watches: dict[int, _Watch] = {}
        self.next_check = 0.0

    def tick(self, now: float) -> None:
        if now < self.next_check:
            return
        self.next_check = now + CHECK_EVERY_S
        for record in list(self.table.lines.records.values()):
            if record.state is not CallState.CONFIRMED or record.end_reason:
                continue
            by_rtp = self._judged_by_rtp(record)
            watch = self.watches.get(record.id)
            if watch is None or watch.by_rtp != by_rtp:
                watch = _Watch(by_rtp, last_rx=now, next_probe=now + self.held_check)
                self.watches[record.id] = watch
            if by_rtp:
                self._check_rtp(record, watch, now)
            else:
                self._probe(record, watch, now)

    @staticmethod
    def _judged_by_rtp(record: CallRecord) -> bool:
        """Only a call that should be carrying audio both ways: media active and the agent has
        not asked for hold (a hold being sent, or undone by a peer's offer, still counts)."""
        return record.media is MediaStatus.ACTIVE and not record.wanted_hold

    def _check_rtp(self, record: CallRecord, watch: _Watch, now: float) -> None:
        if self.rtp_timeout <= 0:
            return
        packets = self._rx_packets(record.id)
        if packets is None:
            return
        if packets != watch.packets:
            watch.packets = packets
            watch.last_rx = now
        elif now - watch.last_rx >= self.rtp_timeout:
            self.end(record, f"no audio from the far end for {self.rtp_timeout:g} s",
                     Problem.NO_AUDIO, {"seconds": f"{self.rtp_timeout:g}"})

    def _rx_packets(self, record_id: int) -> int | None:
        call = self.table.call(record_id)
        if call is None:
            return None
        try:
            info = call.getInfo()
            for media in info.media:
                if media.type == pj.PJMEDIA_TYPE_AUDIO:
                    return int(call.getStreamStat(media.index).rtcp.rxStat.pkt)
        except pj.Error:
            return None
        return None

    def _probe(self, record: CallRecord, watch: _Watch, now: float) -> None:
        if self.held_check <= 0 or watch.probing or now < watch.next_probe:
            return
        call = self.table.call(record.id)
        if call is None:
            return
        prm = pj.CallSendRequestParam()
        prm.method = "OPTIONS"
        try:
            call.sendRequest(prm)
        except pj.Error:
            watch.next_probe = now + self.held_check
            return
        watch.probing = True

    def on_tsx_state(self, call: SipCall, method: str, code: int, reason: str) -> None:
        """pjsua2: a transaction on the call ended; an OPTIONS is the answer to our probe."""
        record = self.table.record_of(call)
        if record is not None and method == "OPTIONS":
            self.options_answered(record, code, reason)

    def options_answered(self, record: CallRecord, code: int, reason: str) -> None:
        """The answer to our in-dialog OPTIONS (pjsua2 callback)."""
        watch = self.watches.get(record.id)
        if watch is not None:
            watch.probing = False
            watch.next_probe = self.clock() + self.held_check
        if code in DEAD_CODES or code == 503:
            self.end(record, f"the far end does not answer (OPTIONS: {code} {reason})".strip(),
                     Problem.PEER_GONE, proto.status_params(code, reason))

    def end(self, record: CallRecord, why: str, problem: Problem, params: Params) -> None:
        """Hang up a dead call; its ``disconnected`` snapshot carries 408, ``why``, ``problem``
        and ``params``."""
        record.end_reason = why
        record.end_problem, record.end_params = problem, params
        call = self.table.call(record.id)
        if call is None:
            return
        with contextlib.suppress(pj.Error):
            call.hangup(pj.CallOpParam(True))

    def call_ended(self, record: CallRecord) -> None:
        """Bus: stop watching the call."""
        self.watches.pop(record.id, None)
