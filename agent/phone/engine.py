"""The phone engine: one pjsua2 Endpoint, its main loop, the event output and shutdown.

Thread rule: :meth:`PhoneEngine.run` runs on the thread that created the engine and that thread
alone calls pjsua2 (``threadCnt = 0``, ``mainThreadOnly = True``: every callback arrives inside
``libHandleEvents`` on it). Other threads only put commands on :attr:`PhoneEngine.commands` or
notes on :attr:`PhoneEngine.posted` (both thread-safe queues); the loop drains them between polls.
Events are formatted on the main thread and written to ``out`` by one writer thread, so a slow
reader never stalls the SIP loop.

The work is split by job: :mod:`~agent.phone.commands` (dispatch), :mod:`~agent.phone.calls`
(call control), :mod:`~agent.phone.call_events` (call callbacks), :mod:`~agent.phone.transfers`,
:mod:`~agent.phone.media` (audio, prompts, recording), :mod:`~agent.phone.accounts`
(transports, registration), :mod:`~agent.phone.liveness` (dead peers).
"""

from __future__ import annotations

import contextlib
import os
import queue
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import pjsua2 as pj

from agent.phone import commands
from agent.phone import protocol as proto
from agent.phone.accounts import AccountConfig, Accounts, split_listen
from agent.phone.call_events import CallEvents
from agent.phone.calls import CallControl
from agent.phone.lines import MAX_LINES, AgentStateMachine, CallRecord, Lines
from agent.phone.liveness import Liveness
from agent.phone.media import Media
from agent.phone.protocol import EventName, Mode
from agent.phone.sip_objects import IncomingInfo, RegInfo, SipAccount, SipCall, StderrLogWriter
from agent.phone.transfers import Transfers

POLL_MS = 5  # with calls: a command waits at most this long for the loop
IDLE_POLL_MS = 20  # no call, no timer: SIP traffic still wakes the loop at once


@dataclass
class EngineOptions:
    listen: str | None = None  # HOST:PORT for the SIP transport (direct mode if no account)
    account: AccountConfig | None = None
    auto_answer: bool = False
    log_sip: bool = False
    wrap_up_seconds: int = 30
    history_path: Path | None = None
    reg_expires: int = 300
    queue_codes: dict[str, str] = field(default_factory=dict)
    audio: str = "auto"  # auto | null | bridge
    input_device: str = ""
    output_device: str = ""
    ring_device: str = ""
    ringtone: str = ""
    prompts_dir: str = ""  # the only directory ``play`` takes recordings from
    local_user: str = "agent"  # user part of our URI in direct mode
    tls_ca: str = ""  # CA bundle that must sign the TLS server's certificate (default: system)
    account_error: str = ""  # why the configured account could not be used (reported at start)
    rtp_timeout: float = 20.0  # active call with no RTP received this long: ended (0 = never)
    held_check: float = 15.0  # held call: in-dialog OPTIONS this often (0 = never)
    transfer_timeout: float = 30.0  # a REFER with no final answer this long: failed (0 = never)
    media_address: str = ""  # IP for RTP (bind and SDP); empty: the listen host
    public_address: str = ""  # NAT: address written into SIP Contact/Via and SDP instead
    stun_server: str = ""  # host[:port]; empty: no STUN
    ice: bool = False


class PhoneEngine:
    """Owns the Endpoint and the pjsua2 call table; runs the loop; is the sink of every pjsua2
    callback and hands each to the part that does that job."""

    def __init__(self, options: EngineOptions, out: TextIO | None = None) -> None:
        self.options = options
        self.out = out or sys.stdout
        self.outbox: queue.Queue[str | None] = queue.Queue()
        self.writer_failed = threading.Event()
        self.writer = threading.Thread(target=self._write_events, name="events", daemon=True)
        self.writer.start()
        self.commands: queue.Queue[str | None] = queue.Queue()
        self.posted: queue.Queue[Callable[[], None]] = queue.Queue()
        self.lines = Lines()
        self.agent = AgentStateMachine(options.wrap_up_seconds, time.time)
        self.ep: pj.Endpoint | None = None
        self.calls: dict[int, SipCall] = {}  # record id -> pjsua2 call (the only reference)
        self.timers: list[tuple[float, Callable[[], None]]] = []
        self.history: Any = None
        self.quitting = False
        self.reply_to: str | int | None = None
        self.log_writer: StderrLogWriter | None = None
        self.accounts = Accounts(self)
        self.media = Media(self)
        self.call_control = CallControl(self)
        self.call_events = CallEvents(self)
        self.transfers = Transfers(self)
        self.liveness = Liveness(self)
        self.handlers = commands.handlers(self)

    # ------------------------------------------------------------------ output

    def emit(self, name: str, **fields: Any) -> None:
        event = proto.make_event(name, **fields)
        if self.reply_to is not None:
            event["reply_to"] = self.reply_to
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

    def error(self, message: str, command: str = "") -> None:
        self.emit(EventName.ERROR, message=message, command=command)

    def emit_call(self, record: CallRecord) -> None:
        if not record.hidden:
            self.emit(EventName.CALL, **record.snapshot())

    def emit_lines(self) -> None:
        self.emit(EventName.LINES, **self.lines.payload())

    def emit_agent_state(self) -> None:
        self.emit(EventName.AGENT_STATE, **self.agent.payload())

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
        host, port = split_listen(self.options.listen or "")
        self.accounts.transport("udp", host, port)
        ep.libStart()
        self.media.start()
        start_ms = round(1000 * (time.perf_counter() - started), 2)
        if self.options.history_path is not None:
            try:
                from agent.phone.history import CallHistory

                self.history = CallHistory(self.options.history_path)
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
        self.emit_agent_state()
        if self.options.account_error:
            self.error(self.options.account_error, "account")
        if self.options.account is not None:
            self.accounts.configure(self.options.account)

    def run(self) -> int:
        """The main loop until ``quit`` or EOF (main thread)."""
        try:
            self.start()
        except pj.Error as exc:
            self.emit(EventName.ERROR, message=f"cannot start SIP: {exc.info()}", command="")
            self.emit(EventName.BYE, reason="start failed")
            self._destroy()
            self.close_output()
            return 2
        assert self.ep is not None
        while not self.quitting:
            busy = bool(self.lines.records or self.timers)
            self.ep.libHandleEvents(POLL_MS if busy else IDLE_POLL_MS)
            self._drain()
            self._run_timers()
        self.shutdown()
        self.close_output()
        return 0

    def _drain(self) -> None:
        while True:
            try:
                job = self.posted.get_nowait()
            except queue.Empty:
                break
            try:
                job()
            except Exception as exc:
                self.error(f"internal: {exc}")
        for _ in range(50):
            try:
                line = self.commands.get_nowait()
            except queue.Empty:
                return
            if line is None:
                self.quitting = True
                return
            commands.handle_line(self, self.handlers, line)
            if self.quitting:
                return

    def _run_timers(self) -> None:
        now = time.time()
        if self.agent.tick():
            self.emit_agent_state()
        due = [t for t in self.timers if t[0] <= now]
        if due:
            self.timers = [t for t in self.timers if t[0] > now]
            for _, fn in due:
                try:
                    fn()
                except pj.Error as exc:
                    self.error(f"timer: {exc.reason}")
                except Exception as exc:
                    self.error(f"timer: {exc}")
        self.call_control.expire_reinvites(now)
        self.liveness.tick(now)
        self.media.tick(now)

    def later(self, delay: float, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the main loop after ``delay`` seconds."""
        self.timers.append((time.time() + delay, fn))

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
            while self.calls and time.time() < deadline:
                ep.libHandleEvents(10)
                self._drain_posted_only()
        self.media.drop_players()
        self.calls.clear()
        self.media.close_bridge()
        self.accounts.shutdown()
        self._drain_posted_only()  # queued jobs may hold the last reference to a player
        self.media.players.clear()
        if self.history is not None:
            self.history.close()
        self.emit(EventName.BYE, reason="quit")
        self._destroy()

    def _drain_posted_only(self) -> None:
        while True:
            try:
                self.posted.get_nowait()()
            except queue.Empty:
                return
            except Exception:
                continue

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
        self.call_control.on_tsx_state(call, method, code, reason)

    def on_dtmf(self, call: SipCall, digit: str) -> None:
        self.call_events.on_dtmf(call, digit)

    def on_transfer_request(self, call: SipCall, target: str) -> SipCall | None:
        return self.transfers.on_transfer_request(call, target)

    def on_transfer_status(self, call: SipCall, code: int, reason: str, final: bool) -> bool:
        return self.transfers.on_transfer_status(call, code, reason, final)

    def on_call_replaced(self, call: SipCall, new_pj_call_id: int) -> SipCall | None:
        return self.transfers.on_call_replaced(call, new_pj_call_id)
