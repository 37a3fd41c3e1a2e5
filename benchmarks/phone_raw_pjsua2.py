"""Baseline: the same measurements with bare pjsua2 in one process (two accounts, one Endpoint).

Printed as one JSON object so ``phone_latency.py`` can show it next to the engine's figures.
Run alone: ``python benchmarks/phone_raw_pjsua2.py [REPEATS]``.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable

import pjsua2 as pj

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 20


class Acc(pj.Account):
    def __init__(self) -> None:
        super().__init__()
        self.incoming: list[Call] = []
        self.incoming_at = 0.0

    def onIncomingCall(self, prm: pj.OnIncomingCallParam) -> None:
        self.incoming_at = time.perf_counter()
        call = Call(self, prm.callId)
        self.incoming.append(call)
        op = pj.CallOpParam(True)
        op.statusCode = 180
        call.answer(op)


class Call(pj.Call):
    def __init__(self, acc: pj.Account, call_id: int = pj.PJSUA_INVALID_ID) -> None:
        super().__init__(acc, call_id)
        self.media_status = -1
        self.media_at = 0.0
        self.disconnected = False

    def onCallState(self, prm: pj.OnCallStateParam) -> None:
        if self.getInfo().state == pj.PJSIP_INV_STATE_DISCONNECTED:
            self.disconnected = True

    def onCallMediaState(self, prm: pj.OnCallMediaStateParam) -> None:
        info = self.getInfo()  # keep it alive while iterating its media vector
        for media in info.media:
            if media.type == pj.PJMEDIA_TYPE_AUDIO:
                self.media_status = media.status
                self.media_at = time.perf_counter()


def main() -> None:
    t0 = time.perf_counter()
    ep = pj.Endpoint()
    ep.libCreate()
    cfg = pj.EpConfig()
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.mainThreadOnly = True
    cfg.logConfig.level = 0
    cfg.logConfig.consoleLevel = 0
    ep.libInit(cfg)
    tcfg = pj.TransportConfig()
    tcfg.boundAddress = "127.0.0.1"
    tid = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tcfg)
    ep.libStart()
    ep.audDevManager().setNullDev()
    start_ms = 1000 * (time.perf_counter() - t0)
    addr = ep.transportGetInfo(tid).localName

    accounts = []
    for user in ("a", "b"):
        acfg = pj.AccountConfig()
        acfg.idUri = f"sip:{user}@{addr}"
        acfg.sipConfig.transportId = tid
        acc = Acc()
        acc.create(acfg)
        accounts.append(acc)
    a, b = accounts

    def pump(until: Callable[[], bool], timeout: float = 5.0) -> None:
        deadline = time.perf_counter() + timeout
        while not until() and time.perf_counter() < deadline:
            ep.libHandleEvents(1)

    def one_call() -> tuple[float, float, float, float]:
        call = Call(a)
        b.incoming_at = 0.0
        sent = time.perf_counter()
        call.makeCall(f"sip:b@{addr}", pj.CallOpParam(True))
        pump(lambda: b.incoming_at > 0)
        invite = 1000 * (b.incoming_at - sent)
        callee = b.incoming[-1]
        answered = time.perf_counter()
        op = pj.CallOpParam(True)
        op.statusCode = 200
        callee.answer(op)
        pump(lambda: callee.media_status == pj.PJSUA_CALL_MEDIA_ACTIVE)
        answer = 1000 * (callee.media_at - answered)
        pump(lambda: call.media_status == pj.PJSUA_CALL_MEDIA_ACTIVE)
        held = time.perf_counter()
        call.setHold(pj.CallOpParam(True))
        pump(lambda: call.media_status == pj.PJSUA_CALL_MEDIA_LOCAL_HOLD)
        hold = 1000 * (call.media_at - held)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        call.hangup(pj.CallOpParam(True))
        pump(lambda: call.disconnected and callee.disconnected)
        b.incoming.clear()
        return invite, answer, hold, rss

    invite_ms, answer_ms, hold_ms, rss_mb = [], [], [], 0.0
    for _ in range(REPEATS):
        invite, answer, hold, rss_mb = one_call()
        invite_ms.append(invite)
        answer_ms.append(answer)
        hold_ms.append(hold)
        # Closed sockets go back to pjlib's ioqueue only after ~500 ms: don't outrun it.
        pump(lambda: False, timeout=0.1)
    ep.hangupAllCalls()
    for acc in accounts:
        acc.shutdown()
    accounts.clear()
    print(json.dumps({
        "invite_to_incoming_ms": invite_ms,
        "answer_to_media_ms": answer_ms,
        "hold_round_trip_ms": hold_ms,
        "endpoint_start_ms": [start_ms],
        "rss_mb": [rss_mb],
    }))
    sys.stdout.flush()
    ep.libDestroy()


if __name__ == "__main__":
    main()
