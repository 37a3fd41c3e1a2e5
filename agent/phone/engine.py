"""The phone engine: one pjsua2 Endpoint, its main loop and the command dispatch.

Thread rule: :meth:`PhoneEngine.run` runs on the thread that created the engine and that thread
alone calls pjsua2 (``threadCnt = 0``, ``mainThreadOnly = True``: every callback arrives inside
``libHandleEvents`` on it). Other threads only put commands on :attr:`PhoneEngine.commands` or
notes on :attr:`PhoneEngine.posted` (both thread-safe queues); the loop drains them between polls.
Events are formatted on the main thread and written to ``out`` by one writer thread, so a slow
reader never stalls the SIP loop.
"""

from __future__ import annotations

import contextlib
import os
import queue
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import pjsua2 as pj

from agent.phone import protocol as proto
from agent.phone.lines import (
    MAX_LINES,
    AgentStateMachine,
    Backoff,
    CallRecord,
    Lines,
)
from agent.phone.protocol import (
    AgentState,
    CallState,
    Command,
    Direction,
    EventName,
    HoldState,
    MediaStatus,
    Mode,
    RegistrationState,
)
from agent.phone.sip_objects import (
    IncomingInfo,
    PromptPlayer,
    RegInfo,
    SipAccount,
    SipCall,
    StderrLogWriter,
)

POLL_MS = 5  # with calls: a command waits at most this long for the loop
IDLE_POLL_MS = 20  # no call, no timer: SIP traffic still wakes the loop at once
REINVITE_TIMEOUT_S = 15.0
QUEUE_CALL_HOLD_S = 1.0
QUEUE_CALL_TIMEOUT_S = 15.0
AUTH_FAILURE_CODES = (401, 403, 407)
DTMF_DIGIT_S = 0.25
AUDIO_IDLE_CLOSE_S = 5.0

_INV_STATES: dict[int, CallState] = {
    pj.PJSIP_INV_STATE_NULL: CallState.CALLING,
    pj.PJSIP_INV_STATE_CALLING: CallState.CALLING,
    pj.PJSIP_INV_STATE_INCOMING: CallState.INCOMING,
    pj.PJSIP_INV_STATE_EARLY: CallState.EARLY,
    pj.PJSIP_INV_STATE_CONNECTING: CallState.CONNECTING,
    pj.PJSIP_INV_STATE_CONFIRMED: CallState.CONFIRMED,
    pj.PJSIP_INV_STATE_DISCONNECTED: CallState.DISCONNECTED,
}
_MEDIA_STATUS: dict[int, MediaStatus] = {
    pj.PJSUA_CALL_MEDIA_NONE: MediaStatus.NONE,
    pj.PJSUA_CALL_MEDIA_ACTIVE: MediaStatus.ACTIVE,
    pj.PJSUA_CALL_MEDIA_LOCAL_HOLD: MediaStatus.LOCAL_HOLD,
    pj.PJSUA_CALL_MEDIA_REMOTE_HOLD: MediaStatus.REMOTE_HOLD,
    pj.PJSUA_CALL_MEDIA_ERROR: MediaStatus.NONE,
}
_TRANSPORTS = {
    "udp": pj.PJSIP_TRANSPORT_UDP,
    "tcp": pj.PJSIP_TRANSPORT_TCP,
    "tls": pj.PJSIP_TRANSPORT_TLS,
}


class CommandError(Exception):
    """A command that cannot apply now; reported as an ``error`` event."""


@dataclass
class AccountConfig:
    """A SIP account. ``password`` is kept out of ``repr`` and never logged."""

    server: str
    user: str
    password: str = field(default="", repr=False)
    transport: str = "udp"
    display_name: str = ""
    name: str = "default"

    @property
    def host_port(self) -> tuple[str, int]:
        host, _, port = self.server.rpartition(":")
        if not host or not port.isdigit():
            return self.server, 5061 if self.transport == "tls" else 5060
        return host, int(port)


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
    local_user: str = "agent"  # user part of our URI in direct mode
    tls_ca: str = ""  # CA bundle that must sign the TLS server's certificate (default: system)
    account_error: str = ""  # why the configured account could not be used (reported at start)


@dataclass
class _Consult:
    original: int
    consult: int


class PhoneEngine:
    """Owns the Endpoint, the account, the calls; turns commands into SIP and SIP into events."""

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
        self.account: SipAccount | None = None
        self.account_config: AccountConfig | None = None
        self.local_account: SipAccount | None = None
        self.transports: dict[str, int] = {}
        self.listen_name = ""
        self.calls: dict[int, SipCall] = {}  # record id -> pjsua2 call
        self.players: dict[int, list[tuple[PromptPlayer, dict[str, Any]]]] = {}
        self.recorders: dict[int, tuple[pj.AudioMediaRecorder, str]] = {}
        self.ring_player: pj.AudioMediaPlayer | None = None
        self.timers: list[tuple[float, Callable[[], None]]] = []
        self.reg_backoff = Backoff()
        self.reg_state = RegistrationState.UNREGISTERED
        self.reg_retry_at: float | None = None
        self.last_registration: dict[str, Any] = {}
        self.allowed_sources: set[str] = set()
        self.consults: list[_Consult] = []
        self.queue_calls: dict[int, str] = {}  # record id -> queue action
        # record id -> "blind" | "attended", fixed when the REFER is sent (the consultation leg
        # may be gone before the final NOTIFY arrives).
        self.transfer_kinds: dict[int, str] = {}
        self.history: Any = None
        self.bridge: Any = None
        self.audio_mode = "null"
        self.quitting = False
        self.reply_to: str | int | None = None
        self.log_writer: StderrLogWriter | None = None
        self._last_audio_report = 0.0
        self.audio_idle_since: float | None = None
        self._audio_opening = False

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
        self.log_writer = StderrLogWriter()
        cfg.logConfig.writer = self.log_writer
        cfg.logConfig.consoleLevel = 5 if self.options.log_sip else 0
        cfg.logConfig.level = 5 if self.options.log_sip else 1
        cfg.logConfig.msgLogging = bool(self.options.log_sip)
        cfg.medConfig.ecTailLen = 0
        cfg.medConfig.noVad = True
        ep.libInit(cfg)
        self.ep = ep
        host, port = _split_listen(self.options.listen or "")
        self._transport("udp", host, port)
        ep.libStart()
        self._start_audio()
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
            listen=self.listen_name,
            pid=os.getpid(),
            audio=self.audio_mode,
            start_ms=start_ms,
        )
        self._create_local_account()
        self.emit_agent_state()
        if self.options.account_error:
            self.error(self.options.account_error, "account")
        if self.options.account is not None:
            self.configure_account(self.options.account)

    def _transport(self, kind: str, host: str = "", port: int = 0) -> int:
        assert self.ep is not None
        if kind in self.transports:
            return self.transports[kind]
        tcfg = pj.TransportConfig()
        tcfg.port = port
        if host:
            tcfg.boundAddress = host
            tcfg.publicAddress = host if host not in ("0.0.0.0", "::") else ""
        if kind == "tls":
            tcfg.tlsConfig.proto = pj.PJ_SSL_SOCK_PROTO_TLS1_2
            tcfg.tlsConfig.method = pj.PJSIP_TLSV1_2_METHOD
            cas = [self.options.tls_ca] if self.options.tls_ca else [
                "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"]
            for ca in cas:
                if Path(ca).exists():
                    tcfg.tlsConfig.CaListFile = ca
                    tcfg.tlsConfig.verifyServer = True
                    break
        tid = self.ep.transportCreate(_TRANSPORTS[kind], tcfg)
        self.transports[kind] = tid
        if kind == "udp" or not self.listen_name:
            self.listen_name = str(self.ep.transportGetInfo(tid).localName)
        return tid

    def _create_local_account(self) -> None:
        """The identity for direct-IP calls (no registrar)."""
        acfg = pj.AccountConfig()
        acfg.idUri = f"sip:{self.options.local_user}@{self.listen_name}"
        acfg.sipConfig.transportId = self.transports["udp"]
        acfg.regConfig.registerOnAdd = False
        account = SipAccount(self, "local")
        account.create(acfg, True)
        self.local_account = account

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
            self.handle_line(line)
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
        for record in list(self.lines.records.values()):
            if record.reinvite_pending and now - record.reinvite_since > REINVITE_TIMEOUT_S:
                record.reinvite_pending = False
                self.error(f"re-INVITE on call {record.id} got no answer", "hold")
        self._close_idle_audio(now)
        if self.bridge is not None and now - self._last_audio_report >= 5.0:
            self._last_audio_report = now
            stats = self.bridge.stats()
            if stats.get("changed"):
                self.emit(EventName.AUDIO, **self._audio_payload())

    def later(self, delay: float, fn: Callable[[], None]) -> None:
        self.timers.append((time.time() + delay, fn))

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
        self._stop_ring()
        self.players.clear()
        self.recorders.clear()
        self.calls.clear()
        if self.bridge is not None:
            try:
                self.bridge.close()
            except Exception as exc:
                sys.stderr.write(f"phone engine: audio close: {exc}\n")
            self.bridge = None
        for account in (self.account, self.local_account):
            if account is not None:
                with contextlib.suppress(pj.Error):
                    account.shutdown()
        if ep is not None and self.account is not None:
            deadline = time.time() + 0.5
            while time.time() < deadline:
                ep.libHandleEvents(10)
        self.account = None
        self.local_account = None
        self._drain_posted_only()  # queued jobs may hold the last reference to a player
        self.players.clear()
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

    # ------------------------------------------------------------------ audio

    def _start_audio(self) -> None:
        assert self.ep is not None
        mgr = self.ep.audDevManager()
        if mgr.getDevCount() > 0 and self.options.audio != "null":
            self.audio_mode = "native"
            return
        mgr.setNullDev()
        self.audio_mode = "null"
        if self.options.audio == "null":
            return
        try:
            from agent.phone.audio_bridge import AudioBridge

            bridge = AudioBridge.open(
                input_device=self.options.input_device,
                output_device=self.options.output_device,
                ring_device=self.options.ring_device,
                required=self.options.audio == "bridge",
            )
        except Exception as exc:
            if self.options.audio == "bridge":
                self.error(f"audio bridge unavailable: {exc}", "audio")
            return
        if bridge is not None:
            self.bridge = bridge
            self.audio_mode = "bridge"

    def _sound_ports(self) -> tuple[pj.AudioMedia, pj.AudioMedia]:
        """(what we hear: sink for calls, what we say: source for calls)."""
        assert self.ep is not None
        if self.bridge is not None:
            return self.bridge.port, self.bridge.port
        mgr = self.ep.audDevManager()
        return mgr.getPlaybackDevMedia(), mgr.getCaptureDevMedia()

    def _call_audio(self, call: SipCall) -> pj.AudioMedia | None:
        try:
            info = call.getInfo()
        except pj.Error:
            return None
        for index, media in enumerate(info.media):
            if media.type == pj.PJMEDIA_TYPE_AUDIO and media.status in (
                pj.PJSUA_CALL_MEDIA_ACTIVE,
                pj.PJSUA_CALL_MEDIA_REMOTE_HOLD,
                pj.PJSUA_CALL_MEDIA_LOCAL_HOLD,
            ):
                try:
                    return call.getAudioMedia(index)
                except pj.Error:
                    return None
        return None

    def _route_audio(self) -> None:
        """Connect the active call to the sound ports; disconnect every other call.

        Mute cuts only the microphone → call link: prompts played into the call still go out.
        """
        active = self.lines.active()
        sink, source = self._sound_ports()
        for record_id, call in self.calls.items():
            record = self.lines.get(record_id)
            aud = self._call_audio(call)
            if record is None or aud is None:
                continue
            try:
                talking = (
                    active is not None and active.id == record_id
                    and record.hold is HoldState.NONE
                )
                if talking:
                    self._audio_needed()
                    aud.startTransmit(sink)
                else:
                    aud.stopTransmit(sink)
                if talking and not record.muted:
                    source.startTransmit(aud)
                else:
                    source.stopTransmit(aud)
            except pj.Error as exc:
                sys.stderr.write(f"phone engine: audio routing: {exc.info()}\n")

    def _audio_needed(self) -> None:
        """A call is talking: open the microphone stream right after the current callback
        (opening a device can take a while; SIP handling goes first)."""
        self.audio_idle_since = None
        if self.bridge is not None and not self.bridge.running and not self._audio_opening:
            self._audio_opening = True
            self.posted.put(self._open_audio)

    def _open_audio(self) -> None:
        self._audio_opening = False
        if self.bridge is None or self.bridge.running:
            return
        try:
            self.bridge.ensure_running()
        except Exception as exc:
            self.error(f"sound devices cannot be opened: {exc}", "audio")
            return
        self._update_ring()  # a ringtone waiting for the devices starts now, from its beginning

    def _close_idle_audio(self, now: float) -> None:
        """Close the microphone after a grace period with no call audio."""
        if self.bridge is None or not self.bridge.running:
            return
        active = self.lines.active()
        busy = active is not None and active.media is not MediaStatus.NONE
        if busy:
            self.audio_idle_since = None
        elif self.audio_idle_since is None:
            self.audio_idle_since = now
        elif now - self.audio_idle_since >= AUDIO_IDLE_CLOSE_S:
            self.bridge.stop()
            self.audio_idle_since = None

    def _start_ring(self) -> None:
        if self.ring_player is not None or not self.options.ringtone:
            return
        if not Path(self.options.ringtone).is_file():
            return
        sink, _ = self._sound_ports()
        if self.bridge is not None:
            if not self.bridge.output_live:
                # The speaker stream is not playing yet (just opened): ring once it is, or the
                # first ring would go into a device that does not play and be lost.
                self.later(0.05, self._update_ring)
                return
            if self.bridge.ring_port is not None:
                sink = self.bridge.ring_port
        try:
            player = pj.AudioMediaPlayer()
            player.createPlayer(self.options.ringtone, 0)
            player.startTransmit(sink)
            self.ring_player = player
        except pj.Error as exc:
            sys.stderr.write(f"phone engine: ringtone: {exc.info()}\n")

    def _stop_ring(self) -> None:
        self.ring_player = None

    def _update_ring(self) -> None:
        if self.lines.waiting() and self.lines.active() is None:
            self._start_ring()
        else:
            self._stop_ring()

    def _audio_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "mode": self.audio_mode,
            "devices": [],
            "input": self.options.input_device,
            "output": self.options.output_device,
            "ring": self.options.ring_device,
            "underruns": 0,
            "overruns": 0,
            "frames": 0,
            "latency_ms": None,
        }
        try:
            from agent.phone.audio_bridge import list_devices

            payload["devices"] = list_devices()
        except Exception:
            payload["devices"] = []
        if self.bridge is not None:
            payload.update(self.bridge.stats())
            payload.pop("changed", None)
        return payload

    # ------------------------------------------------------------------ accounts

    def configure_account(self, config: AccountConfig) -> None:
        """Create (or replace) the registered account (main thread)."""
        assert self.ep is not None
        if config.transport not in _TRANSPORTS:
            raise CommandError(f"unknown transport {config.transport!r}")
        if not config.password:
            config.password = password_from_keyring(config)
        if self.account is not None:
            old = self.account
            self.account = None
            with contextlib.suppress(pj.Error):
                old.shutdown()
        host, _port = _split_listen(self.options.listen or "")
        try:
            tid = self._transport(config.transport, host if config.transport != "udp" else "", 0)
        except pj.Error as exc:
            raise CommandError(f"cannot open {config.transport} transport: {exc.info()}") from None
        server_host, server_port = config.host_port
        self._resolve_proxy(server_host, server_port)
        suffix = "" if config.transport == "udp" else f";transport={config.transport}"
        acfg = pj.AccountConfig()
        display = f'"{config.display_name}" ' if config.display_name else ""
        acfg.idUri = f"{display}<sip:{config.user}@{server_host}>"
        acfg.regConfig.registrarUri = f"sip:{config.server}{suffix}"
        acfg.regConfig.timeoutSec = max(1, self.options.reg_expires)
        acfg.regConfig.delayBeforeRefreshSec = max(1, min(5, self.options.reg_expires // 2))
        acfg.regConfig.retryIntervalSec = 0  # our own backoff (see _on_reg_failed)
        acfg.regConfig.firstRetryIntervalSec = 0
        acfg.regConfig.dropCallsOnFail = False
        acfg.sipConfig.transportId = tid
        acfg.sipConfig.proxies.append(f"sip:{config.server};lr{suffix}")
        acfg.sipConfig.authCreds.append(
            pj.AuthCredInfo("digest", "*", config.user, 0, config.password)
        )
        account = SipAccount(self, config.name)
        self.account_config = config
        self.reg_backoff.reset()
        self.reg_retry_at = None
        self.reg_state = RegistrationState.UNREGISTERED
        # create() already sends the REGISTER and calls onRegStarted: be the account first.
        self.account = account
        try:
            account.create(acfg, True)
        except pj.Error as exc:
            self.account = None
            self._emit_registration(RegistrationState.FAILED, 0, exc.info())
            raise CommandError(f"cannot create account: {exc.info()}") from None

    def _emit_registration(
        self, state: RegistrationState, code: int, reason: str, retry: float | None = None
    ) -> None:
        self.reg_state = state
        name = self.account_config.name if self.account_config else ""
        self.last_registration = {
            "account": name, "state": state.value, "code": code, "reason": reason,
            "next_retry_s": retry,
        }
        self.emit(EventName.REGISTRATION, **self.last_registration)

    def _resolve_proxy(self, host: str, port: int) -> None:
        """Learn the proxy's addresses (for refusing calls that bypass it) off the main
        thread: a slow DNS answer must not stall SIP. An IP literal is known at once."""
        try:
            socket.inet_pton(socket.AF_INET6 if ":" in host else socket.AF_INET, host.strip("[]"))
        except OSError:
            self.allowed_sources = set()

            def resolve() -> None:
                found = _resolve_sources(host, port)
                self.posted.put(lambda: setattr(self, "allowed_sources", found))

            threading.Thread(target=resolve, name="resolve-proxy", daemon=True).start()
            return
        self.allowed_sources = {f"{host.strip('[]')}:{port}"}

    def on_reg_started(self, account: SipAccount, renew: bool) -> None:
        if account is not self.account:
            return
        if self.reg_state is not RegistrationState.REGISTERED:
            self._emit_registration(
                RegistrationState.REGISTERING if renew else RegistrationState.UNREGISTERED,
                0,
                "",
            )

    def on_reg_state(self, account: SipAccount, info: RegInfo) -> None:
        if account is not self.account:
            return
        if 200 <= info.code < 300 and info.expiration > 0:
            self.reg_backoff.reset()
            self._emit_registration(RegistrationState.REGISTERED, info.code, info.reason)
        elif 200 <= info.code < 300:
            self._emit_registration(RegistrationState.UNREGISTERED, info.code, info.reason)
        else:
            self._on_reg_failed(info.code, info.reason)

    def _on_reg_failed(self, code: int, reason: str) -> None:
        if code in AUTH_FAILURE_CODES:
            self._emit_registration(
                RegistrationState.FAILED, code, f"authentication failed: {reason}", None
            )
            return
        delay = self.reg_backoff.next_delay()
        self._emit_registration(RegistrationState.FAILED, code, reason, delay)
        account = self.account

        def retry() -> None:
            if self.account is account and account is not None:
                account.setRegistration(True)

        self.later(delay, retry)

    # ------------------------------------------------------------------ incoming

    def on_incoming_call(self, account: SipAccount, info: IncomingInfo) -> None:
        call = SipCall(account, self, info.pj_call_id)
        try:
            remote = str(call.getInfo().remoteUri)
        except pj.Error:
            remote = info.remote_uri
        caller_id, display = proto.caller_id_from_uri(remote)
        record = CallRecord(
            id=self.lines.new_id(),
            direction=Direction.IN,
            remote_uri=remote,
            caller_id=caller_id,
            display_name=display,
            state=CallState.INCOMING,
            started=time.time(),
        )
        call.record_id = record.id
        self.calls[record.id] = call
        self.lines.add(record)
        refusal = self._refusal(info.source)
        if refusal is not None:
            code, why = refusal
            record.hidden = True
            record.reason = why
            self.emit(
                "refused", remote_uri=remote, caller_id=caller_id, code=code, reason=why,
                source=info.source,
            )
            self._answer(call, code, why)
            return
        self._answer(call, 180)
        self.emit(
            EventName.INCOMING,
            call=record.id,
            remote_uri=remote,
            caller_id=caller_id,
            display_name=display,
        )
        self.emit_call(record)
        self.emit_lines()
        if self.options.auto_answer:
            # Diagnostics / test peer: every call gets its own audio, nothing is put on hold.
            self.answer(record, hold_others=False)
        else:
            self._update_ring()

    def _refusal(self, source: str) -> tuple[int, str] | None:
        if self.account is not None and self.allowed_sources and not self._from_proxy(source):
            return 403, "calls are accepted only through the registrar"
        if not self.agent.accepts_calls():
            return 486, f"agent is {self.agent.state.value}"
        if self.lines.live_count() > MAX_LINES:  # the new call is already counted
            return 486, "all lines busy"
        return None

    def _from_proxy(self, source: str) -> bool:
        """UDP: the proxy's exact IP:port. TCP/TLS: its IP (it may open a new connection to
        us from an ephemeral port)."""
        if source in self.allowed_sources:
            return True
        transport = self.account_config.transport if self.account_config else "udp"
        if transport == "udp":
            return False
        host = source.rsplit(":", 1)[0]
        return any(allowed.rsplit(":", 1)[0] == host for allowed in self.allowed_sources)

    @staticmethod
    def _answer(call: SipCall, code: int, reason: str = "") -> None:
        prm = pj.CallOpParam(True)
        prm.statusCode = code
        if reason and code >= 300:
            prm.reason = reason[:60]
        call.answer(prm)

    # ------------------------------------------------------------------ call callbacks

    def _record_of(self, call: SipCall) -> CallRecord | None:
        if call.record_id is None:
            return None
        return self.lines.get(call.record_id)

    def on_call_state(self, call: SipCall) -> None:
        record = self._record_of(call)
        if record is None:
            return
        try:
            info = call.getInfo()
        except pj.Error:
            return
        state = _INV_STATES.get(info.state, CallState.CALLING)
        if record.direction is Direction.IN and state is CallState.EARLY:
            state = CallState.INCOMING
        if record.remote_uri in ("", "sip:") and info.remoteUri:
            record.remote_uri = str(info.remoteUri)
            record.caller_id, record.display_name = proto.caller_id_from_uri(record.remote_uri)
        record.state = state
        record.code = int(info.lastStatusCode)
        record.reason = str(info.lastReason)
        now = time.time()
        if state is CallState.CONFIRMED and record.answered is None:
            record.answered = now
            # Media may have come up before the ACK; only now is this call the active one.
            self._route_audio()
        if state is CallState.DISCONNECTED:
            self._call_ended(record, call)
            return
        if record.id in self.queue_calls and state is CallState.CONFIRMED:
            self.later(QUEUE_CALL_HOLD_S, lambda: self._hangup_record_id(record.id))
        self.emit_call(record)
        if not record.hidden:
            self.emit_lines()
        self._update_ring()

    def _call_ended(self, record: CallRecord, call: SipCall) -> None:
        """DISCONNECTED: drop every reference to the pjsua2 call now (ids are reused at once)."""
        record.ended = time.time()
        record.media = MediaStatus.NONE
        self.calls.pop(record.id, None)
        call.record_id = None
        for player, meta in self.players.pop(record.id, []):
            if not meta.get("reported"):
                self.emit(EventName.PROMPT, call=record.id, file=meta["file"], finished=True)
            del player
        recording = self.recorders.pop(record.id, None)
        if recording is not None:
            path = recording[1]
            del recording
            _patch_wav_header(path)
            self.emit("recording", call=record.id, file=path, finished=True)
        self.lines.remove(record.id)
        action = self.queue_calls.pop(record.id, None)
        if action is not None:
            ok = record.answered is not None or 200 <= record.code < 300
            self.emit(
                EventName.QUEUE, action=action, code=record.caller_id, ok=ok,
                reason=record.reason,
            )
        if not record.hidden:
            self.emit_call(record)
            self.emit(EventName.CALL_REMOVED, call=record.id)
        self._forget_consults(record.id)
        self.transfer_kinds.pop(record.id, None)
        if action is None:
            self._write_history(record)
        if not record.hidden:
            others_up = any(r.answered is not None and r.live for r in self.lines.visible())
            if self.agent.call_ended(record.answered is not None, others_up):
                self.emit_agent_state()
            self.emit_lines()
        self._route_audio()
        self._update_ring()

    def _write_history(self, record: CallRecord) -> None:
        if self.history is None:
            return
        if record.answered is not None:
            result = "answered"
        elif record.direction is Direction.IN:
            result = "refused" if record.hidden else "missed"
        else:
            result = "failed"
        self.history.record(
            {
                "number": record.caller_id,
                "remote_uri": record.remote_uri,
                "display_name": record.display_name,
                "direction": record.direction.value,
                "started": record.started,
                "answered": record.answered,
                "ended": record.ended,
                "code": record.code,
                "result": f"{result} {record.code} {record.reason}".strip(),
            }
        )

    def on_call_media_state(self, call: SipCall) -> None:
        record = self._record_of(call)
        if record is None:
            return
        try:
            info = call.getInfo()
        except pj.Error:
            return
        status = MediaStatus.NONE
        for media in info.media:
            if media.type == pj.PJMEDIA_TYPE_AUDIO:
                status = _MEDIA_STATUS.get(media.status, MediaStatus.NONE)
                break
        record.reinvite_pending = False
        changed = status is not record.media
        record.media = status
        hold = {
            MediaStatus.LOCAL_HOLD: HoldState.LOCAL,
            MediaStatus.REMOTE_HOLD: HoldState.REMOTE,
        }.get(status, HoldState.NONE)
        if hold is HoldState.LOCAL and record.held_since is None:
            record.held_since = time.time()
        if hold is not HoldState.LOCAL:
            record.held_since = None
        record.hold = hold
        record.wanted_hold = hold is HoldState.LOCAL
        self._route_audio()
        if changed:
            self.emit(EventName.MEDIA, call=record.id, status=status.value)
        self.emit_call(record)
        if not record.hidden:
            self.emit_lines()

    def on_call_tsx_state(self, call: SipCall, method: str, code: int, reason: str) -> None:
        record = self._record_of(call)
        if record is None or method != "INVITE" or not record.reinvite_pending:
            return
        if code >= 300 and record.answered is not None:
            record.reinvite_pending = False
            record.wanted_hold = record.hold is HoldState.LOCAL
            self.error(f"hold/resume on call {record.id} failed: {code} {reason}", "hold")
            self.emit_call(record)

    def on_dtmf(self, call: SipCall, digit: str) -> None:
        record = self._record_of(call)
        if record is not None:
            self.emit(EventName.DTMF, call=record.id, digit=digit)

    def on_transfer_request(self, call: SipCall, target: str) -> SipCall | None:
        """We are the transferee: accept, and give pjsua our own Call for the new leg."""
        record = self._record_of(call)
        if record is None:
            return None
        new_call = SipCall(call.account, self)
        caller_id, display = proto.caller_id_from_uri(target)
        new_record = CallRecord(
            id=self.lines.new_id(),
            direction=Direction.OUT,
            remote_uri=target,
            caller_id=caller_id,
            display_name=display,
            state=CallState.CALLING,
            started=time.time(),
        )
        new_call.record_id = new_record.id
        self.calls[new_record.id] = new_call
        self.lines.add(new_record)
        self.emit(
            EventName.TRANSFER, call=record.id, kind="requested", code=202,
            reason=f"transferred to {target}", final=False, ok=False, new_call=new_record.id,
        )
        return new_call

    def on_transfer_status(self, call: SipCall, code: int, reason: str, final: bool) -> bool:
        record = self._record_of(call)
        if record is None:
            return False
        kind = self.transfer_kinds.get(record.id, "blind")
        ok = final and 200 <= code < 300
        self.emit(
            EventName.TRANSFER, call=record.id, kind=kind, code=code, reason=reason,
            final=final, ok=ok,
        )
        if ok:
            # The transferee now talks to the target: our leg(s) are done.
            for consult in [c for c in self.consults if c.original == record.id]:
                self._hangup_record_id(consult.consult)
            self._hangup_record_id(record.id)
        return not final

    def on_call_replaced(self, call: SipCall, new_pj_call_id: int) -> SipCall | None:
        """We are the transfer target: the caller's INVITE with Replaces takes over a call."""
        old = self._record_of(call)
        new_call = SipCall(call.account, self, new_pj_call_id)
        try:
            remote = str(new_call.getInfo().remoteUri)
        except pj.Error:
            remote = ""
        caller_id, display = proto.caller_id_from_uri(remote) if remote else ("", "")
        record = CallRecord(
            id=self.lines.new_id(),
            direction=Direction.IN,
            remote_uri=remote,
            caller_id=caller_id,
            display_name=display,
            state=CallState.CONNECTING,
            started=time.time(),
            answered=time.time(),
        )
        new_call.record_id = record.id
        self.calls[record.id] = new_call
        self.lines.add(record)
        self.emit(
            "replaced", call=old.id if old else None, new_call=record.id, remote_uri=remote,
        )
        self.emit_call(record)
        return new_call

    # ------------------------------------------------------------------ commands

    def handle_line(self, line: str) -> None:
        """Parse and run one command line; every failure becomes an ``error`` event."""
        try:
            command = proto.parse_command(line)
        except proto.ProtocolError as exc:
            self.reply_to = exc.request_id
            first = line.strip().split(None, 1)[0][:40] if line.strip() else ""
            self.error(exc.message, "" if first.startswith("{") else first)
            self.reply_to = None
            return
        if command is None:
            return
        self.reply_to = command.id
        try:
            handler = getattr(self, f"cmd_{command.name}")
            handler(command)
        except CommandError as exc:
            self.error(str(exc), command.name)
        except pj.Error as exc:
            self.error(f"{command.name} failed: {exc.reason or exc.info()}", command.name)
        except Exception as exc:
            self.error(f"{command.name} failed: {type(exc).__name__}: {exc}", command.name)
        finally:
            self.reply_to = None

    def _target(self, command: Command) -> tuple[CallRecord, SipCall]:
        record = (
            self.lines.get(command.call) if command.call is not None else self.lines.current()
        )
        if record is None or record.hidden:
            raise CommandError(
                "no such call" if command.call is not None else "there is no call"
            )
        call = self.calls.get(record.id)
        if call is None:
            raise CommandError(f"call {record.id} is gone")
        return record, call

    def _server(self) -> str:
        return self.account_config.server if self.account_config else ""

    def _account_for_dial(self) -> SipAccount:
        account = self.account or self.local_account
        if account is None:
            raise CommandError("no account")
        return account

    def dial(self, uri: str, consult_for: int | None = None, hidden: bool = False) -> CallRecord:
        try:
            target = proto.normalize_target(uri, self._server())
        except proto.ProtocolError as exc:
            raise CommandError(exc.message) from None
        if self.lines.live_count() >= MAX_LINES:
            raise CommandError("all lines are busy")
        call = SipCall(self._account_for_dial(), self)
        caller_id, display = proto.caller_id_from_uri(target)
        record = CallRecord(
            id=self.lines.new_id(),
            direction=Direction.OUT,
            remote_uri=target,
            caller_id=caller_id,
            display_name=display,
            state=CallState.CALLING,
            started=time.time(),
            consult_for=consult_for,
            hidden=hidden,
        )
        call.record_id = record.id
        self.calls[record.id] = call
        self.lines.add(record)
        for other in self.lines.others_to_hold(record.id):
            if not hidden:
                self._hold(other)
        try:
            call.makeCall(target, pj.CallOpParam(True))
        except pj.Error as exc:
            self.calls.pop(record.id, None)
            self.lines.remove(record.id)
            call.record_id = None
            raise CommandError(f"cannot call {target}: {exc.reason or exc.info()}") from None
        self.emit_call(record)
        if not hidden:
            self.emit_lines()
        return record

    def cmd_dial(self, command: Command) -> None:
        self.dial(command.args["uri"])

    def answer(self, record: CallRecord, hold_others: bool = True) -> None:
        call = self.calls.get(record.id)
        if call is None or not record.ringing_in:
            raise CommandError(f"call {record.id} is not ringing")
        if hold_others:
            for other in self.lines.others_to_hold(record.id):
                self._hold(other)
        self._answer(call, 200)
        self._stop_ring()

    def cmd_answer(self, command: Command) -> None:
        if command.call is None:
            waiting = self.lines.waiting()
            if not waiting:
                raise CommandError("no call is ringing")
            self.answer(waiting[0])
            return
        record, _ = self._target(command)
        self.answer(record)

    def cmd_reject(self, command: Command) -> None:
        if command.call is None:
            waiting = self.lines.waiting()
            if not waiting:
                raise CommandError("no call is ringing")
            record = waiting[-1]
        else:
            record, _ = self._target(command)
        call = self.calls[record.id]
        if not record.ringing_in:
            raise CommandError(f"call {record.id} is not ringing; use hangup")
        prm = pj.CallOpParam(True)
        prm.statusCode = int(command.args.get("code", 486))
        call.hangup(prm)

    def _hangup_record_id(self, record_id: int) -> None:
        call = self.calls.get(record_id)
        if call is None:
            return
        with contextlib.suppress(pj.Error):
            call.hangup(pj.CallOpParam(True))

    def cmd_hangup(self, command: Command) -> None:
        record, call = self._target(command)
        prm = pj.CallOpParam(True)
        if record.ringing_in:
            prm.statusCode = 486
        call.hangup(prm)

    def _hold(self, record: CallRecord) -> None:
        call = self.calls.get(record.id)
        if call is None:
            return
        if record.reinvite_pending:
            raise CommandError(f"call {record.id}: a re-INVITE is still pending")
        if record.hold is HoldState.LOCAL or record.wanted_hold:
            return
        if record.state is not CallState.CONFIRMED:
            raise CommandError(f"call {record.id} is not connected")
        record.wanted_hold = True
        self._reinvite(record, hold=True)

    def _resume(self, record: CallRecord) -> None:
        if record.reinvite_pending:
            raise CommandError(f"call {record.id}: a re-INVITE is still pending")
        if record.hold is not HoldState.LOCAL and not record.wanted_hold:
            raise CommandError(f"call {record.id} is not on hold")
        for other in self.lines.others_to_hold(record.id):
            self._hold(other)
        record.wanted_hold = False
        self._reinvite(record, hold=False)

    def _reinvite(self, record: CallRecord, hold: bool) -> None:
        """Send the hold/resume re-INVITE, after any DTMF still being played (pjsua was seen
        to duplicate a digit when a re-INVITE crossed it)."""
        record.reinvite_pending = True
        record.reinvite_since = time.time()
        wait = record.dtmf_until - time.time()
        if wait > 0:
            self.later(wait, lambda: self._send_reinvite(record.id, hold))
        else:
            self._send_reinvite(record.id, hold)

    def _send_reinvite(self, record_id: int, hold: bool) -> None:
        call = self.calls.get(record_id)
        record = self.lines.get(record_id)
        if call is None or record is None:
            return
        try:
            if hold:
                call.setHold(pj.CallOpParam(True))
            else:
                prm = pj.CallOpParam(True)
                prm.opt.flag = pj.PJSUA_CALL_UNHOLD
                call.reinvite(prm)
        except pj.Error as exc:
            record.reinvite_pending = False
            record.wanted_hold = record.hold is HoldState.LOCAL
            self.error(f"{'hold' if hold else 'resume'} on call {record_id} failed: "
                       f"{exc.reason or exc.info()}", "hold" if hold else "resume")
            self.emit_call(record)

    def cmd_hold(self, command: Command) -> None:
        record, _ = self._target(command)
        if record.hold is HoldState.LOCAL:
            raise CommandError(f"call {record.id} is already on hold")
        self._hold(record)

    def cmd_resume(self, command: Command) -> None:
        if command.call is None:
            held = [r for r in self.lines.visible() if r.wanted_hold and r.live]
            if not held:
                raise CommandError("no call is on hold")
            self._resume(held[-1])
            return
        record, _ = self._target(command)
        self._resume(record)

    def cmd_mute(self, command: Command) -> None:
        record, _ = self._target(command)
        record.muted = bool(command.args.get("on", True))
        self._route_audio()
        self.emit_call(record)

    def cmd_dtmf(self, command: Command) -> None:
        record, call = self._target(command)
        if record.state is not CallState.CONFIRMED:
            raise CommandError(f"call {record.id} is not connected")
        digits = command.args["digits"].upper()
        # pjsua plays each digit for ~160 ms plus a gap; hold/resume wait until it is done.
        start = max(time.time(), record.dtmf_until)
        record.dtmf_until = start + DTMF_DIGIT_S * len(digits) + 0.1
        method = command.args.get("method", "auto")
        if method != "info":
            try:
                call.dialDtmf(digits)  # RFC 2833 telephone-events in the RTP stream
                return
            except pj.Error:
                if method == "rfc2833":
                    raise CommandError("the call has no RFC 2833 telephone-event") from None
        # SIP INFO (application/dtmf-relay), asked for or as the fallback.
        prm = pj.CallSendDtmfParam()
        prm.method = pj.PJSUA_DTMF_METHOD_SIP_INFO
        prm.digits = digits
        call.sendDtmf(prm)

    def cmd_transfer(self, command: Command) -> None:
        record, call = self._target(command)
        if record.state is not CallState.CONFIRMED:
            raise CommandError(f"call {record.id} is not connected")
        try:
            target = proto.normalize_target(command.args["uri"], self._server())
        except proto.ProtocolError as exc:
            raise CommandError(exc.message) from None
        call.xfer(target, pj.CallOpParam(True))
        self.transfer_kinds[record.id] = "blind"
        self.emit(
            EventName.TRANSFER, call=record.id, kind="blind", code=0,
            reason=f"REFER sent to {target}", final=False, ok=False,
        )

    def cmd_consult(self, command: Command) -> None:
        record, _ = self._target(command)
        if record.state is not CallState.CONFIRMED:
            raise CommandError(f"call {record.id} is not connected")
        self._hold(record)
        consult = self.dial(command.args["uri"], consult_for=record.id)
        self.consults.append(_Consult(record.id, consult.id))

    def _consult_pair(self, command: Command) -> _Consult:
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
        original = self.calls.get(pair.original)
        consult = self.calls.get(pair.consult)
        consult_record = self.lines.get(pair.consult)
        if original is None or consult is None or consult_record is None:
            raise CommandError("a leg of the consultation is gone")
        if consult_record.state is not CallState.CONFIRMED:
            raise CommandError("the consultation call is not answered yet")
        original.xferReplaces(consult, pj.CallOpParam(True))
        self.transfer_kinds[pair.original] = "attended"
        self.emit(
            EventName.TRANSFER, call=pair.original, kind="attended", code=0,
            reason="REFER with Replaces sent", final=False, ok=False,
        )

    def cmd_cancel(self, command: Command) -> None:
        pair = self._consult_pair(command)
        self.consults.remove(pair)
        self._hangup_record_id(pair.consult)
        original = self.lines.get(pair.original)
        if original is not None and original.wanted_hold:
            self._resume(original)

    def _forget_consults(self, record_id: int) -> None:
        for pair in list(self.consults):
            if record_id == pair.consult or record_id == pair.original:
                self.consults.remove(pair)

    def cmd_state(self, command: Command) -> None:
        state = AgentState(command.args["state"])
        self.agent.set(state, command.args.get("reason", ""))
        self.emit_agent_state()

    def cmd_queue(self, command: Command) -> None:
        action = command.args["action"]
        code = self.options.queue_codes.get(action, "")
        if not code:
            raise CommandError(f"no PBX queue {action} code is configured")
        record = self.dial(code, hidden=True)
        self.queue_calls[record.id] = action
        self.later(QUEUE_CALL_TIMEOUT_S, lambda: self._hangup_record_id(record.id))

    def cmd_play(self, command: Command) -> None:
        record, call = self._target(command)
        path = command.args["file"]
        if not Path(path).is_file():
            raise CommandError(f"no such file: {path}")
        aud = self._call_audio(call)
        if aud is None:
            raise CommandError(f"call {record.id} has no audio")
        meta: dict[str, Any] = {
            "file": path,
            "hangup_after": bool(command.args.get("hangup_after", False)),
            "call": record.id,
            "reported": False,
        }

        def on_eof(player: PromptPlayer) -> None:
            # Any thread: hand over to the main loop.
            self.posted.put(lambda: self._prompt_finished(player, meta))

        player = PromptPlayer(on_eof)
        player.createPlayer(path, pj.PJMEDIA_FILE_NO_LOOP)
        player.startTransmit(aud)
        self.players.setdefault(record.id, []).append((player, meta))
        self.emit(EventName.PROMPT, call=record.id, file=path, finished=False)

    def _prompt_finished(self, player: PromptPlayer, meta: dict[str, Any]) -> None:
        record_id = meta["call"]
        entries = self.players.get(record_id, [])
        self.players[record_id] = [e for e in entries if e[0] is not player]
        if meta["reported"]:
            return
        meta["reported"] = True
        self.emit(EventName.PROMPT, call=record_id, file=meta["file"], finished=True)
        if meta["hangup_after"]:
            self._hangup_record_id(record_id)

    def cmd_record(self, command: Command) -> None:
        record, call = self._target(command)
        aud = self._call_audio(call)
        if aud is None:
            raise CommandError(f"call {record.id} has no audio")
        recorder = pj.AudioMediaRecorder()
        recorder.createRecorder(command.args["file"])
        aud.startTransmit(recorder)
        self.recorders[record.id] = (recorder, command.args["file"])
        self.emit("recording", call=record.id, file=command.args["file"], finished=False)

    def cmd_account(self, command: Command) -> None:
        args = command.args
        config = AccountConfig(
            server=args["server"],
            user=args["user"],
            password=args.get("password", ""),
            transport=args.get("transport", "udp"),
            display_name=args.get("display_name", ""),
            name=args.get("name", "default"),
        )
        self.configure_account(config)

    def cmd_unregister(self, command: Command) -> None:
        if self.account is None:
            raise CommandError("no account")
        self.account.setRegistration(False)

    def cmd_audio(self, command: Command) -> None:
        args = command.args
        if "ringtone" in args:
            self.options.ringtone = args["ringtone"]
        for key, attr in (("input", "input_device"), ("output", "output_device"),
                          ("ring", "ring_device")):
            if key in args:
                setattr(self.options, attr, args[key])
        if self.bridge is not None and ({"input", "output", "ring"} & args.keys()):
            self._stop_ring()  # a ringtone already playing keeps its old sink otherwise
            self.bridge.select(self.options.input_device, self.options.output_device,
                               self.options.ring_device)
            self._route_audio()
            self._update_ring()
        self.emit(EventName.AUDIO, **self._audio_payload())

    def cmd_status(self, command: Command) -> None:
        self.emit_agent_state()
        self.emit_lines()
        if self.account_config is not None and self.last_registration:
            self.emit(EventName.REGISTRATION, **self.last_registration)
        self.emit(EventName.AUDIO, **self._audio_payload())

    def cmd_quit(self, command: Command) -> None:
        self.quitting = True


def password_from_keyring(config: AccountConfig) -> str:
    """The account's password from the OS keyring; :class:`CommandError` says plainly why not.

    May block on D-Bus: call it before the SIP loop starts or accept the short stall.
    """
    from agent.secrets import SecretStore, SecretStoreUnavailable, sip_password_key

    key = sip_password_key(config.user, config.server)
    try:
        secret = SecretStore().get(key)
    except SecretStoreUnavailable as exc:
        raise CommandError(f"no password for {key}: {exc}") from None
    if not secret:
        raise CommandError(f"no password stored in the keyring for {key}")
    return secret


def _patch_wav_header(path: str) -> None:
    """Make a recorder's WAV readable now: pjsua2 2.15 writes the RIFF/data sizes only at
    ``libDestroy``, so a recording handed over earlier has zeros there (debug ``record`` only).
    """
    try:
        with open(path, "r+b") as wav:
            head = wav.read(44)
            if len(head) < 44 or head[:4] != b"RIFF" or head[36:40] != b"data":
                return
            size = wav.seek(0, os.SEEK_END)
            data = (size - 44) & ~1
            wav.seek(4)
            wav.write((data + 36).to_bytes(4, "little"))
            wav.seek(40)
            wav.write(data.to_bytes(4, "little"))
    except OSError as exc:
        sys.stderr.write(f"phone engine: recording header: {exc}\n")


def _split_listen(listen: str) -> tuple[str, int]:
    if not listen:
        return "", 0
    host, _, port = listen.rpartition(":")
    if not host:
        return listen, 0
    return host.strip("[]"), int(port) if port.isdigit() else 0


def _resolve_sources(host: str, port: int) -> set[str]:
    """``IP:PORT`` strings the registrar/proxy may send requests from."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_UDP)
    except OSError:
        return {f"{host}:{port}"}
    return {f"{info[4][0]}:{port}" for info in infos}
