"""The private pjsua2 subclasses: they turn callbacks into calls on a plain-Python sink.

Thread rule: with ``threadCnt = 0`` and ``mainThreadOnly = True`` every callback here runs on the
engine's main thread inside ``libHandleEvents``. Each callback catches every exception: one that
escapes is kept in ``sys.last_traceback`` whose frames keep pjsua2 objects alive past
``libDestroy()`` (an abort at exit).
"""

from __future__ import annotations

import contextlib
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import pjsua2 as pj


@dataclass(frozen=True, slots=True)
class RegInfo:
    code: int
    reason: str
    expiration: int
    active: bool


@dataclass(frozen=True, slots=True)
class IncomingInfo:
    pj_call_id: int
    source: str  # "IP:PORT" the INVITE came from
    remote_uri: str


class SipSink(Protocol):
    """What the engine implements to receive SIP events (all on the main thread)."""

    def on_reg_started(self, account: SipAccount, renew: bool) -> None: ...
    def on_reg_state(self, account: SipAccount, info: RegInfo) -> None: ...
    def on_incoming_call(self, account: SipAccount, info: IncomingInfo) -> None: ...
    def on_call_state(self, call: SipCall) -> None: ...
    def on_call_media_state(self, call: SipCall) -> None: ...
    def on_call_tsx_state(self, call: SipCall, method: str, code: int, reason: str) -> None:
        """The final outcome of a request we sent in the call's dialog (once per request)."""
    def on_dtmf(self, call: SipCall, digit: str) -> None: ...
    def on_transfer_request(self, call: SipCall, target: str) -> SipCall | None: ...
    def on_transfer_status(
        self, call: SipCall, code: int, reason: str, final: bool
    ) -> bool: ...
    def on_call_replaced(self, call: SipCall, new_pj_call_id: int) -> SipCall | None: ...


def _guard(what: str, fn: Callable[[], Any]) -> Any:
    """Run ``fn``; report and swallow anything it raises (never let it reach SWIG)."""
    try:
        return fn()
    except BaseException:
        try:
            sys.stderr.write(f"phone engine: error in {what}:\n{traceback.format_exc()}")
            sys.stderr.flush()
        except Exception:
            pass
        sys.last_traceback = None
        sys.last_value = None
        sys.last_type = None
        return None


def is_final_answer_to_us(role: int, state: int, prev_state: int) -> bool:
    """A transaction state change that is the outcome of a request *we* sent, reported once.

    A request the far end sent us (its re-INVITE we refused with 491, its OPTIONS) is not the
    outcome of ours. A final answer moves our transaction to COMPLETED (a non-2xx to INVITE, any
    answer to other methods) or straight to TERMINATED (2xx to INVITE, a timeout); the later
    COMPLETED -> TERMINATED step (up to 32 s on, after another request may have been sent) is
    the same outcome again.
    """
    if role != pj.PJSIP_ROLE_UAC:
        return False
    if state == pj.PJSIP_TSX_STATE_COMPLETED:
        return True
    return state == pj.PJSIP_TSX_STATE_TERMINATED and prev_state != pj.PJSIP_TSX_STATE_COMPLETED


class SipAccount(pj.Account):
    """One SIP account (or the local direct-IP identity)."""

    def __init__(self, sink: SipSink, name: str) -> None:
        super().__init__()
        self.sink = sink
        self.name = name

    def onRegStarted(self, prm: pj.OnRegStartedParam) -> None:
        renew = bool(prm.renew)
        _guard("onRegStarted", lambda: self.sink.on_reg_started(self, renew))

    def onRegState(self, prm: pj.OnRegStateParam) -> None:
        def run() -> None:
            active = False
            with contextlib.suppress(pj.Error):
                active = bool(self.getInfo().regIsActive)
            info = RegInfo(int(prm.code), str(prm.reason), int(prm.expiration), active)
            self.sink.on_reg_state(self, info)

        _guard("onRegState", run)

    def onIncomingCall(self, prm: pj.OnIncomingCallParam) -> None:
        def run() -> None:
            rdata = prm.rdata
            info = IncomingInfo(int(prm.callId), str(rdata.srcAddress), str(rdata.info))
            self.sink.on_incoming_call(self, info)

        _guard("onIncomingCall", run)


class SipCall(pj.Call):
    """One pjsua call; ``record_id`` links it to the engine's plain call record."""

    def __init__(self, account: SipAccount, sink: SipSink, pj_call_id: int | None = None) -> None:
        if pj_call_id is None:
            super().__init__(account)
        else:
            super().__init__(account, pj_call_id)
        self.account = account
        self.sink = sink
        self.record_id: int | None = None

    def onCallState(self, prm: pj.OnCallStateParam) -> None:
        _guard("onCallState", lambda: self.sink.on_call_state(self))

    def onCallMediaState(self, prm: pj.OnCallMediaStateParam) -> None:
        _guard("onCallMediaState", lambda: self.sink.on_call_media_state(self))

    def onCallTsxState(self, prm: pj.OnCallTsxStateParam) -> None:
        def run() -> None:
            event = prm.e
            if event.type != pj.PJSIP_EVENT_TSX_STATE:
                return
            tsx = event.body.tsxState.tsx
            if not is_final_answer_to_us(int(tsx.role), int(tsx.state),
                                         int(event.body.tsxState.prevState)):
                return
            self.sink.on_call_tsx_state(self, str(tsx.method), int(tsx.statusCode),
                                        str(tsx.statusText))

        _guard("onCallTsxState", run)

    def onDtmfDigit(self, prm: pj.OnDtmfDigitParam) -> None:
        digit = str(prm.digit)
        _guard("onDtmfDigit", lambda: self.sink.on_dtmf(self, digit))

    def onCallTransferRequest(self, prm: pj.OnCallTransferRequestParam) -> None:
        def run() -> None:
            new_call = self.sink.on_transfer_request(self, str(prm.dstUri))
            if new_call is None:
                prm.statusCode = 603
            else:
                prm.statusCode = 202
                prm.newCall = new_call

        _guard("onCallTransferRequest", run)

    def onCallTransferStatus(self, prm: pj.OnCallTransferStatusParam) -> None:
        def run() -> None:
            keep = self.sink.on_transfer_status(
                self, int(prm.statusCode), str(prm.reason), bool(prm.finalNotify)
            )
            prm.cont = bool(keep)

        _guard("onCallTransferStatus", run)

    def onCallReplaced(self, prm: pj.OnCallReplacedParam) -> None:
        def run() -> None:
            new_call = self.sink.on_call_replaced(self, int(prm.newCallId))
            if new_call is not None:
                prm.newCall = new_call

        _guard("onCallReplaced", run)


class StderrLogWriter(pj.LogWriter):
    """pjsip's log goes to stderr: stdout carries only protocol events."""

    def write(self, entry: pj.LogEntry) -> None:
        with contextlib.suppress(Exception):
            sys.stderr.write(entry.msg if entry.msg.endswith("\n") else entry.msg + "\n")


class PromptPlayer(pj.AudioMediaPlayer):
    """A WAV player whose end-of-file is only flagged (it fires on the media clock thread)."""

    def __init__(self, on_eof: Callable[[PromptPlayer], None]) -> None:
        super().__init__()
        self._on_eof = on_eof
        self.finished = False

    def onEof2(self) -> None:
        # Media thread: set a flag and let the main loop clean up; never call pjsua2 here.
        if not self.finished:
            self.finished = True
            _guard("onEof2", lambda: self._on_eof(self))
