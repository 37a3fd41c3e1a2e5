"""Fakes for unit tests of the engine's parts: pjsua2 calls that record what was asked of them,
a clock moved by hand, and the real table, reporter, scheduler and bus wired around them.

No SIP, no Endpoint: each part is built with exactly the collaborators the engine gives it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pjsua2 as pj

from agent.phone.call_bus import CallBus, CallEvent
from agent.phone.call_table import CallTable
from agent.phone.lines import AgentStateMachine, CallRecord, Lines
from agent.phone.protocol import CallState, Direction
from agent.phone.reporter import Reporter
from agent.phone.scheduler import Scheduler


def pj_error(status: int = 1, reason: str = "failed") -> pj.Error:
    error = pj.Error()
    error.status = status
    error.reason = reason
    return error


class FakeCall:
    """A pjsua2 call: every operation is appended to ``ops`` as ``(name, detail)``; an entry in
    ``fail`` (operation name → error, or a list of errors used one by one) raises instead."""

    def __init__(self, account: Any = None, pj_call_id: int | None = None) -> None:
        self.account = account
        self.pj_call_id = pj_call_id
        self.record_id: int | None = None
        self.ops: list[tuple[str, Any]] = []
        self.fail: dict[str, Any] = {}
        self.info = SimpleNamespace(
            state=pj.PJSIP_INV_STATE_NULL, remoteUri="", lastStatusCode=0, lastReason="",
            media=[],
        )
        self.rx_packets = 0
        self.audio = FakeMedia(f"call-{id(self)}")

    def _do(self, name: str, detail: Any = None, prm: Any = "none") -> None:
        if prm != "none" and prm.opt.audioCount != 1:
            # pjsua would place, answer or re-INVITE the call without audio.
            raise AssertionError(f"{name}: not the default call settings")
        error = self.fail.get(name)
        if isinstance(error, list):
            error = error.pop(0) if error else None
        if error is not None:
            raise error
        self.ops.append((name, detail))

    def names(self) -> list[str]:
        return [name for name, _ in self.ops]

    def makeCall(self, target: str, prm: pj.CallOpParam) -> None:
        self._do("makeCall", target, prm)

    def answer(self, prm: pj.CallOpParam) -> None:
        headers = [(h.hName, h.hValue) for h in prm.txOption.headers]
        self._do("answer", (int(prm.statusCode), headers), prm)

    def hangup(self, prm: pj.CallOpParam) -> None:
        self._do("hangup", int(prm.statusCode), prm)

    def setHold(self, prm: pj.CallOpParam) -> None:
        self._do("hold", None, prm)

    def reinvite(self, prm: pj.CallOpParam) -> None:
        self._do("unhold" if prm.opt.flag == pj.PJSUA_CALL_UNHOLD else "reinvite", None, prm)

    def dialDtmf(self, digits: str) -> None:
        self._do("dtmf2833", digits)

    def sendDtmf(self, prm: pj.CallSendDtmfParam) -> None:
        self._do("dtmfinfo", (str(prm.digits), int(prm.method)))

    def xfer(self, target: str, prm: pj.CallOpParam) -> None:
        self._do("xfer", target, prm)

    def xferReplaces(self, other: FakeCall, prm: pj.CallOpParam) -> None:
        self._do("xferReplaces", other, prm)

    def sendRequest(self, prm: pj.CallSendRequestParam) -> None:
        self._do("request", str(prm.method))

    def getInfo(self) -> Any:
        self._do("getInfo")
        self.ops.pop()
        return self.info

    def getStreamStat(self, index: int) -> Any:
        self._do("getStreamStat", int(index))
        self.ops.pop()
        return SimpleNamespace(rtcp=SimpleNamespace(rxStat=SimpleNamespace(pkt=self.rx_packets)))

    def getAudioMedia(self, index: int) -> Any:
        self._do("getAudioMedia")
        self.ops.pop()
        return self.audio

    def set_audio(self, status: int) -> None:
        self.info.media = [SimpleNamespace(type=pj.PJMEDIA_TYPE_AUDIO, status=status, index=0)]


class FakeMedia:
    """A pjsua2 AudioMedia: ``links`` holds the ports it transmits to now."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.links: set[str] = set()

    def startTransmit(self, sink: FakeMedia) -> None:
        self.links.add(sink.name)

    def stopTransmit(self, sink: FakeMedia) -> None:
        self.links.discard(sink.name)


class Clock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@dataclass
class FakeSound:
    """The audio as call control sees it."""

    log: list[str] = field(default_factory=list)

    def route(self) -> None:
        self.log.append("route")

    def stop_ring(self) -> None:
        self.log.append("stop_ring")


@dataclass
class FakeIdentity:
    account: str = "account"
    registrar: str = ""

    def for_dial(self) -> Any:
        return self.account

    def server(self) -> str:
        return self.registrar


class Rig:
    """The real call table, reporter, scheduler and bus around fake calls and a hand clock."""

    def __init__(self) -> None:
        self.clock = Clock()
        self.lines = Lines()
        self.agent = AgentStateMachine(30, self.clock)
        self.events: list[dict[str, Any]] = []
        self.reporter = Reporter(self.events.append, self.lines, self.agent)
        self.scheduler = Scheduler(self.clock)
        self.made: list[FakeCall] = []
        self.prepare: list[Callable[[FakeCall], None]] = []  # applied to each new call
        self.table = CallTable(self.lines, self._new_call, self.clock)
        self.failures: list[tuple[CallEvent, Exception]] = []
        self.bus = CallBus(lambda event, exc: self.failures.append((event, exc)))
        self.timer_errors: list[Exception] = []

    def _new_call(self, account: Any, pj_call_id: int | None) -> Any:
        call = FakeCall(account, pj_call_id)
        for prepare in self.prepare:
            prepare(call)
        self.made.append(call)
        return call

    def add(self, direction: Direction = Direction.IN, state: CallState = CallState.CONFIRMED,
            uri: str = "sip:100@pbx", **extra: Any) -> tuple[CallRecord, FakeCall]:
        """A call already on the lines (answered when confirmed)."""
        call = FakeCall("account")
        if state is CallState.CONFIRMED:
            extra.setdefault("answered", self.clock.now)
        record = self.table.track(call, direction, uri, state, **extra)  # type: ignore[arg-type]
        return record, call

    def advance(self, seconds: float) -> None:
        """Move the clock and run the timers that are due."""
        self.clock.now += seconds
        self.scheduler.run_due(self.clock.now, self.timer_errors.append)

    def names(self) -> list[str]:
        return [e["event"] for e in self.events]

    def of(self, name: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["event"] == name]

    def clear(self) -> None:
        self.events.clear()
