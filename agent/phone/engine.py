"""The phone engine: one pjsua2 Endpoint, its main loop, the event output and shutdown.

Thread rule: :meth:`PhoneEngine.run` runs on the thread that created the engine and that thread
alone calls pjsua2 (``threadCnt = 0``, ``mainThreadOnly = True``: every callback arrives inside
``libHandleEvents`` on it). Other threads only put commands on :attr:`PhoneEngine.commands` or
notes on :attr:`PhoneEngine.posted` (both thread-safe queues); the loop drains them between polls.
Events are formatted on the main thread and written to ``out`` by one writer thread, so a slow
reader never stalls the SIP loop.

The work is split by job, each part given only the collaborators it needs (the call table, the
reporter of events, the scheduler, the options) and none of them knowing the engine:
:mod:`~agent.phone.commands` (dispatch), :mod:`~agent.phone.call_events` (call callbacks, which
it publishes on the :mod:`~agent.phone.call_bus`), :mod:`~agent.phone.calls` (call control),
:mod:`~agent.phone.transfers`, :mod:`~agent.phone.media` (audio, prompts, recording),
:mod:`~agent.phone.accounts` (transports, registration), :mod:`~agent.phone.liveness` (dead
peers), :mod:`~agent.phone.history`. :meth:`PhoneEngine._subscribe` states who hears what about
a call, in which order.
"""

from __future__ import annotations

import contextlib
import os
import queue
import sys
import threading
import time
from typing import Any, TextIO

import pjsua2 as pj

from agent.phone import commands
from agent.phone import protocol as proto
from agent.phone.accounts import Accounts, split_listen
from agent.phone.call_bus import CallBus, CallEvent
from agent.phone.call_events import CallEvents
from agent.phone.call_table import CallTable
from agent.phone.calls import CallControl
from agent.phone.history import HistoryRecorder
from agent.phone.lines import MAX_LINES, AgentStateMachine, CallRecord, Lines
from agent.phone.liveness import Liveness
from agent.phone.media import Media
from agent.phone.options import AccountConfig, EngineOptions
from agent.phone.protocol import EventName, Mode, Problem
from agent.phone.reporter import Reporter
from agent.phone.scheduler import Scheduler
from agent.phone.sip_objects import IncomingInfo, RegInfo, SipAccount, SipCall, StderrLogWriter
from agent.phone.transfers import Transfers

__all__ = ["AccountConfig", "EngineOptions", "PhoneEngine"]

POLL_MS = 5  # with calls: a command waits at most this long for the loop
IDLE_POLL_MS = 20  # no call, no timer: SIP traffic still wakes the loop at once


class PhoneEngine:
    """Owns the Endpoint; builds the parts with the collaborators each needs and subscribes them
    to the call bus; runs the loop; is the sink of every pjsua2 callback and hands each to the
    part that does that job."""

    def __init__(self, options: EngineOptions, out: TextIO | None = None) -> None:
        self.options = options
        self.out = out or sys.stdout
        self.outbox: queue.Queue[str | None] = queue.Queue()
        self.writer_failed = threading.Event()
        self.writer = threading.Thread(target=self._write_events, name="events", daemon=True)
        self.writer.start()
        self.commands: queue.Queue[str | None] = queue.Queue()
        self.ep: pj.Endpoint | None = None
        self.quitting = False
        self.log_writer: StderrLogWriter | None = None
        self.lines = Lines()
        self.agent = AgentStateMachine(options.wrap_up_seconds, time.time)
        self.reporter = Reporter(self._send, self.lines, self.agent)
        self.scheduler = Scheduler()
        self.table = CallTable(self.lines, self._new_call)
        self.bus = CallBus(self._subscriber_failed)
        self.accounts = Accounts(options, self.reporter, self.scheduler, self)
        self.media = Media(self.table, self.reporter, self.scheduler, options)
        self.call_control = CallControl(self.table, self.reporter, self.scheduler, self.media,
                                        self.accounts, options.queue_codes)
        self.transfers = Transfers(self.table, self.reporter, self.scheduler, self.call_control,
                                   self.accounts.server, options.transfer_timeout)
        self.liveness = Liveness(self.table, options.rtp_timeout, options.held_check)
        self.history = HistoryRecorder()
        self.call_events = CallEvents(
            self.table, self.reporter, self.bus, self.agent, self.accounts.bypasses_proxy,
            auto_answer=self._auto_answer if options.auto_answer else None,
        )
        self._subscribe()
        self.handlers = commands.handlers(
            self.call_control, self.transfers, self.media, self.accounts, self.agent,
            self.reporter, self.stop,
        )

    def _subscribe(self) -> None:
        """Who hears what about a call, in this order (each list runs top to bottom)."""
        bus, media, control = self.bus, self.media, self.call_control
        bus.subscribe(CallEvent.RINGING, media.ringing_changed)
        bus.subscribe(CallEvent.CONFIRMED, media.routing_changed)
        bus.subscribe(CallEvent.CONFIRMED, control.call_confirmed)
        bus.subscribe(CallEvent.STATE_CHANGED, media.ringing_changed)
        bus.subscribe(CallEvent.MEDIA_CHANGED, control.media_updated)  # a waiting hold is sent
        bus.subscribe(CallEvent.MEDIA_CHANGED, media.routing_changed)
        bus.subscribe(CallEvent.ENDED, media.call_ended)  # prompts and recordings end first
        bus.subscribe(CallEvent.ENDED, control.call_ended)  # conference; queue code result
        bus.subscribe(CallEvent.REMOVED, self.transfers.call_ended)
        bus.subscribe(CallEvent.REMOVED, self.liveness.call_ended)
        bus.subscribe(CallEvent.REMOVED, self.history.call_ended)
        bus.subscribe(CallEvent.REMOVED, self.call_events.settle_agent)
        bus.subscribe(CallEvent.REMOVED, media.call_removed)  # audio and ring for what is left

    def _new_call(self, account: SipAccount, pj_call_id: int | None) -> SipCall:
        return SipCall(account, self, pj_call_id)

    def _auto_answer(self, record: CallRecord) -> None:
        self.call_control.answer(record, hold_others=False)

    def _subscriber_failed(self, event: CallEvent, exc: Exception) -> None:
        self.reporter.error(f"internal: {event.value}: {exc}", "", Problem.INTERNAL,
                            {"detail": f"{event.value}: {exc}"})

    # ------------------------------------------------------------------ output

    def emit(self, name: str, **fields: Any) -> None:
        self.reporter.emit(name, **fields)

    def _send(self, event: dict[str, Any]) -> None:
        if self.writer_failed.is_set():
            self.quitting = True
            return
        self.outbox.put(proto.format_event(event))

    def _write_events(self) -> None:
        """Writer thread: a slow reader of stdout never stalls the SIP loop."""
        while True:
            line = self.outbox.get()
            if line is None:
                return
            try:
                self.out.write(line)
                if self.outbox.empty():
                    self.out.flush()
            except (BrokenPipeError, ValueError, OSError):
                self.writer_failed.set()
                return

    def close_output(self) -> None:
        """Flush every queued event (the last is ``bye``) and stop the writer thread."""
        self.outbox.put(None)
        self.writer.join(5)

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> None:
        """Create and start the Endpoint and transports (main thread)."""
        started = time.perf_counter()
        ep = pj.Endpoint()
        ep.libCreate()
        cfg = pj.EpConfig()
        cfg.uaConfig.threadCnt = 0
        cfg.uaConfig.mainThreadOnly = True
        cfg.uaConfig.maxCalls = MAX_LINES
        cfg.uaConfig.userAgent = "Sufler"
        if self.options.stun_server:
            cfg.uaConfig.stunServer.append(self.options.stun_server)
            cfg.uaConfig.stunIgnoreFailure = True
        self.log_writer = StderrLogWriter()
        cfg.logConfig.writer = self.log_writer
        cfg.logConfig.consoleLevel = 5 if self.options.log_sip else 0
        cfg.logConfig.level = 5 if self.options.log_sip else 1
        cfg.logConfig.msgLogging = bool(self.options.log_sip)
        cfg.medConfig.ecTailLen = 0
        cfg.medConfig.noVad = True
        ep.libInit(cfg)
        self.ep = ep
        self.accounts.start(ep)
        host, port = split_listen(self.options.listen or "")
        self.accounts.transport("udp", host, port)
        ep.libStart()
        self.media.start(ep)
        start_ms = round(1000 * (time.perf_counter() - started), 2)
        if self.options.history_path is not None:
            try:
                from agent.phone.history import CallHistory

                self.history.store = CallHistory(self.options.history_path)
            except Exception as exc:
                sys.stderr.write(f"phone engine: no call history: {exc}\n")
        mode = Mode.ACCOUNT if self.options.account else Mode.DIRECT
        self.emit(
            EventName.HELLO,
            protocol=proto.PROTOCOL_NAME,
            version=proto.PROTOCOL_VERSION,
            mode=mode.value,
            listen=self.accounts.listen_name,
            pid=os.getpid(),
            media_address=self.accounts.media_address(),
            audio=self.media.mode,
            start_ms=start_ms,
        )
        self.accounts.create_local()
        self.reporter.emit_agent_state()
        if self.options.account_error is not None:
            self.reporter.refused(self.options.account_error, "account")
        if self.options.account is not None:
            self.accounts.configure(self.options.account)

    def run(self) -> int:
        """The main loop until ``quit`` or EOF (main thread)."""
        try:
            self.start()
        except pj.Error as exc:
            self.emit(EventName.ERROR, message=f"cannot start SIP: {exc.info()}", command="",
                      problem=Problem.SIP_START_FAILED, params={"detail": exc.info()})
            self.emit(EventName.BYE, reason="start failed")
            self._destroy()
            self.close_output()
            return 2
        assert self.ep is not None
        while not self.quitting:
            busy = bool(self.lines.records or self.scheduler.timers)
            self.ep.libHandleEvents(POLL_MS if busy else IDLE_POLL_MS)
            self._drain()
            self._run_timers()
        self.shutdown()
        self.close_output()
        return 0

    def _drain(self) -> None:
        self.scheduler.run_posted(lambda exc: self.reporter.error(
            f"internal: {exc}", "", Problem.INTERNAL, {"detail": str(exc)}))
        for _ in range(50):
            try:
                line = self.commands.get_nowait()
            except queue.Empty:
                return
            if line is None:
                self.quitting = True
                return
            commands.handle_line(self.reporter, self.handlers, line)
            if self.quitting:
                return

    def _run_timers(self) -> None:
        now = time.time()
        if self.agent.tick():
            self.reporter.emit_agent_state()
        self.scheduler.run_due(now, self._timer_failed)
        self.call_control.expire_reinvites(now)
        self.liveness.tick(now)
        self.media.tick(now)

    def _timer_failed(self, exc: Exception) -> None:
        why = exc.reason if isinstance(exc, pj.Error) else exc
        self.reporter.error(f"timer: {why}", "", Problem.INTERNAL, {"detail": f"timer: {why}"})

    def stop(self) -> None:
        """Leave the main loop after this pass (``quit``)."""
        self.quitting = True

    def shutdown(self) -> None:
        """Hang up, unregister, destroy: the order that never aborts at exit (main thread)."""
        ep = self.ep
        if ep is not None:
            with contextlib.suppress(pj.Error):
                ep.hangupAllCalls()
            deadline = time.time() + 1.0
            while self.table.calls and time.time() < deadline:
                ep.libHandleEvents(10)
                self.scheduler.run_posted()
        self.media.drop_players()
        self.table.calls.clear()
        self.media.close_bridge()
        self.accounts.shutdown()
        self.scheduler.run_posted()  # queued jobs may hold the last reference to a player
        self.media.players.clear()
        self.history.close()
        self.reporter.emit(EventName.BYE, reason="quit")
        self._destroy()

    def _destroy(self) -> None:
        if self.ep is not None:
            with contextlib.suppress(pj.Error):
                self.ep.libDestroy()
            self.ep = None

    # ------------------------------------------------------------------ pjsua2 callbacks

    def on_reg_started(self, account: SipAccount, renew: bool) -> None:
        self.accounts.on_reg_started(account, renew)

    def on_reg_state(self, account: SipAccount, info: RegInfo) -> None:
        self.accounts.on_reg_state(account, info)

    def on_incoming_call(self, account: SipAccount, info: IncomingInfo) -> None:
        self.call_events.on_incoming_call(account, info)

    def on_call_state(self, call: SipCall) -> None:
        self.call_events.on_call_state(call)

    def on_call_media_state(self, call: SipCall) -> None:
        self.call_events.on_call_media_state(call)

    def on_call_tsx_state(self, call: SipCall, method: str, code: int, reason: str) -> None:
        self.liveness.on_tsx_state(call, method, code, reason)
        self.call_control.on_tsx_state(call, method, code, reason)

    def on_dtmf(self, call: SipCall, digit: str) -> None:
        self.call_events.on_dtmf(call, digit)

    def on_transfer_request(self, call: SipCall, target: str) -> SipCall | None:
        return self.transfers.on_transfer_request(call, target)

    def on_transfer_status(self, call: SipCall, code: int, reason: str, final: bool) -> bool:
        return self.transfers.on_transfer_status(call, code, reason, final)

    def on_call_replaced(self, call: SipCall, new_pj_call_id: int) -> SipCall | None:
        return self.transfers.on_call_replaced(call, new_pj_call_id)
