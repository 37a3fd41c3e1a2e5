"""PhoneClient: the desktop's handle on the phone engine process.

Starts ``python -m agent phone`` with :class:`QProcess`, writes JSON commands to its stdin, parses
each event line once into the protocol's typed events (:mod:`agent.phone.protocol`: frozen
dataclasses with enum fields) and emits them as Qt signals, and restarts the engine (with backoff)
when it dies, replaying the account so it registers again. Uses QtCore only and never imports
pjsua2.

Thread rule: create and use it on the GUI thread (it lives in that thread's event loop). No method
blocks: commands are written to the pipe and their effects arrive later as signals.
The SIP password only ever travels through the stdin pipe (``configure_account``), never argv,
the environment or a log.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections import deque
from typing import Any

from PyQt6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, pyqtSignal

from agent.phone import protocol as proto

log = logging.getLogger(__name__)

RESTART_DELAYS_MS = (500, 1000, 2000, 5000, 10000, 30000)
STABLE_AFTER_MS = 20000  # an engine that lived this long resets the backoff
STOP_GRACE_MS = 4000
STDERR_LONGEST_LINE = 64 * 1024  # bytes without a newline kept before they count as a line
STDERR_KEPT_LINES = 200  # logged when the engine dies: room for every thread's crash stack


class PhoneClient(QObject):
    """Qt adapter over the engine's JSON-line protocol (see ``docs/phone-protocol.md``).

    Each signal carries the typed event named in its comment. An event the desktop has no use
    for yet has no signal: add one here (and its consumer) when a panel needs it.
    """

    engine_started = pyqtSignal(object)  # HelloEvent
    engine_stopped = pyqtSignal(object)  # ErrorEvent: why (problem engine-stopped, -crashed...)
    registration_changed = pyqtSignal(object)  # RegistrationEvent
    call_changed = pyqtSignal(object)  # Call (a snapshot)
    call_removed = pyqtSignal(int)  # call id
    lines_changed = pyqtSignal(object)  # LinesEvent
    media_changed = pyqtSignal(object)  # MediaEvent
    agent_state_changed = pyqtSignal(object)  # AgentStateEvent
    audio_reported = pyqtSignal(object)  # AudioEvent
    transfer_reported = pyqtSignal(object)  # TransferEvent (progress and outcome of a REFER)
    call_refused = pyqtSignal(object)  # RefusedEvent: an incoming call turned away unanswered
    error_reported = pyqtSignal(object)  # ErrorEvent: the engine's, or the client's own

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        python: str | None = None,
        restart: bool = True,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._python = python or sys.executable
        self._restart_enabled = restart
        self._extra_env = dict(extra_env or {})
        self._args: list[str] = []
        self._process: QProcess | None = None
        self._buffer = b""
        self._stderr_partial = b""  # a line still being written: faulthandler writes in pieces
        self._stderr_tail: deque[str] = deque(maxlen=STDERR_KEPT_LINES)
        self._stopping = False
        self._running = False
        self._restarts = 0
        self._account: dict[str, Any] | None = None
        self._hello: proto.HelloEvent | None = None
        self._signals: dict[type[proto.Event], Any] = {
            proto.RegistrationEvent: self.registration_changed,
            proto.Call: self.call_changed,
            proto.LinesEvent: self.lines_changed,
            proto.MediaEvent: self.media_changed,
            proto.AgentStateEvent: self.agent_state_changed,
            proto.AudioEvent: self.audio_reported,
            proto.TransferEvent: self.transfer_reported,
            proto.RefusedEvent: self.call_refused,
        }
        self._restart_timer = QTimer(self)
        self._restart_timer.setSingleShot(True)
        self._restart_timer.timeout.connect(self._launch)
        self._stable_timer = QTimer(self)
        self._stable_timer.setSingleShot(True)
        self._stable_timer.timeout.connect(self._reset_backoff)
        self._kill_timer = QTimer(self)
        self._kill_timer.setSingleShot(True)
        self._kill_timer.timeout.connect(self._kill)

    # ------------------------------------------------------------------ lifecycle

    def start(self, args: list[str] | None = None) -> None:
        """Start the engine (``args`` are the ``python -m agent phone`` options)."""
        self._args = list(args or [])
        self._stopping = False
        self._restarts = 0
        self._launch()

    def stop(self) -> None:
        """Ask the engine to hang up and quit; it is killed if it has not exited in a few s."""
        self._stopping = True
        self._restart_timer.stop()
        process = self._process
        if process is None or process.state() == QProcess.ProcessState.NotRunning:
            return
        self._write(proto.format_command("quit"))
        process.closeWriteChannel()
        self._kill_timer.start(STOP_GRACE_MS)

    def wait_stopped(self, msecs: int = STOP_GRACE_MS) -> bool:
        """At application exit only: block until the engine is gone (kills it after ``msecs``)."""
        process = self._process
        if process is None or process.state() == QProcess.ProcessState.NotRunning:
            return True
        if not self._stopping:
            self.stop()
        if process.waitForFinished(msecs):
            return True
        process.kill()
        return process.waitForFinished(1000)

    def is_running(self) -> bool:
        return self._running

    @property
    def hello(self) -> proto.HelloEvent | None:
        """The running engine's ``hello`` (``listen`` address, ``mode``, ``audio``...)."""
        return self._hello

    def process_id(self) -> int:
        return int(self._process.processId()) if self._process is not None else 0

    def _launch(self) -> None:
        if self._process is not None:
            old = self._process
            self._process = None
            old.deleteLater()
        process = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        env.insert("PYTHONUNBUFFERED", "1")
        env.insert("PYTHONIOENCODING", "utf-8")
        for key, value in self._extra_env.items():
            env.insert(key, value)
        process.setProcessEnvironment(env)
        process.setProgram(self._python)
        if getattr(sys, "frozen", False):
            # A frozen build (PyInstaller): the executable is the app itself, whose entry point
            # dispatches sub-commands like ``python -m agent`` does.
            process.setArguments(["phone", *self._args])
        else:
            process.setArguments(["-m", "agent", "phone", *self._args])
        process.setWorkingDirectory(_project_dir())
        process.readyReadStandardOutput.connect(self._on_stdout)
        process.readyReadStandardError.connect(self._on_stderr)
        process.finished.connect(self._on_finished)
        process.errorOccurred.connect(self._on_process_error)
        self._buffer = b""
        self._stderr_partial = b""
        self._stderr_tail.clear()
        self._process = process
        process.start()

    def _on_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        sender = self.sender()
        if sender is not None and sender is not self._process:
            return
        self._kill_timer.stop()
        self._stable_timer.stop()
        was_running = self._running
        self._running = False
        if self._stopping:
            self.engine_stopped.emit(_own_event("stopped", proto.Problem.ENGINE_STOPPED))
            return
        self._on_stderr()
        self._keep_stderr_line(self._stderr_partial)
        self._stderr_partial = b""
        crashed = status == QProcess.ExitStatus.CrashExit
        reason = "crashed" if crashed else f"exited with code {code}"
        status_code = "" if crashed else str(code)
        # The engine's faulthandler writes a crash's Python stacks to stderr: keep them.
        log.warning("phone engine %s; its last stderr lines:\n%s",
                    reason if was_running else f"did not start ({reason})",
                    "\n".join(self._stderr_tail))
        if not was_running:
            self.engine_stopped.emit(_own_event(f"did not start ({reason})",
                                              proto.Problem.ENGINE_DID_NOT_START,
                                              code=status_code))
        elif crashed:
            self.engine_stopped.emit(_own_event(reason, proto.Problem.ENGINE_CRASHED))
        else:
            self.engine_stopped.emit(_own_event(reason, proto.Problem.ENGINE_EXITED,
                                              code=status_code))
        self._schedule_restart()

    def _on_process_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._report(f"phone engine failed to start: {self._python}",
                         proto.Problem.ENGINE_FAILED_TO_START, program=self._python)
            self._running = False
            if not self._stopping:
                self.engine_stopped.emit(_own_event("failed to start",
                                                  proto.Problem.ENGINE_DID_NOT_START, code=""))
                self._schedule_restart()

    def _schedule_restart(self) -> None:
        if not self._restart_enabled or self._stopping:
            return
        delay = RESTART_DELAYS_MS[min(self._restarts, len(RESTART_DELAYS_MS) - 1)]
        self._restarts += 1
        self._restart_timer.start(delay)

    def _reset_backoff(self) -> None:
        self._restarts = 0

    def _kill(self) -> None:
        if self._process is not None and self._process.state() != QProcess.ProcessState.NotRunning:
            self._process.kill()

    # ------------------------------------------------------------------ input

    def _on_stderr(self) -> None:
        if self._process is None:
            return
        data = self._stderr_partial + bytes(self._process.readAllStandardError().data())
        *lines, self._stderr_partial = data.split(b"\n")
        if len(self._stderr_partial) > STDERR_LONGEST_LINE:
            lines.append(self._stderr_partial)
            self._stderr_partial = b""
        for line in lines:
            self._keep_stderr_line(line)

    def _keep_stderr_line(self, raw: bytes) -> None:
        line = raw.decode("utf-8", "replace").rstrip("\r")
        if line.strip():
            self._stderr_tail.append(line)
            log.debug("phone engine: %s", line)

    def _on_stdout(self) -> None:
        if self._process is None:
            return
        self._buffer += bytes(self._process.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for raw in lines:
            self.feed_line(raw.decode("utf-8", "replace"))

    def feed_line(self, line: str) -> None:
        """Handle one line of the engine's stdout: parse it once, emit the typed event.

        A line that is no event is ignored; an event that breaks the contract (a missing field,
        an unknown state) is reported through :attr:`error_reported` and dropped.
        """
        event = proto.parse_event(line)
        if event is None:
            return
        try:
            typed = proto.typed_event(event)
        except proto.ProtocolError as exc:
            log.warning("phone engine event not understood: %s", exc)
            self._report(f"phone engine event not understood: {exc}",
                         proto.Problem.EVENT_NOT_UNDERSTOOD, detail=str(exc))
            return
        if typed is not None:
            self._dispatch(typed)

    def _dispatch(self, event: proto.Event) -> None:
        if isinstance(event, proto.HelloEvent):
            self._hello = event
            self._running = True
            self._stable_timer.start(STABLE_AFTER_MS)
            if event.version != proto.PROTOCOL_VERSION:
                self._report(
                    f"phone engine speaks protocol {event.version}, "
                    f"expected {proto.PROTOCOL_VERSION}", proto.Problem.PROTOCOL_MISMATCH,
                    version=str(event.version), expected=str(proto.PROTOCOL_VERSION),
                )
            if self._account is not None:
                self._write(proto.format_command("account", **self._account))
            self.engine_started.emit(event)
        elif isinstance(event, proto.CallRemovedEvent):
            self.call_removed.emit(event.call)
        elif isinstance(event, proto.ErrorEvent):
            self.error_reported.emit(event)
        else:
            signal = self._signals.get(type(event))
            if signal is not None:
                signal.emit(event)

    # ------------------------------------------------------------------ output

    def _write(self, line: str) -> bool:
        process = self._process
        if process is None or process.state() != QProcess.ProcessState.Running:
            return False
        process.write(line.encode("utf-8"))
        return True

    def send_command(self, name: str, request_id: str | int | None = None, **args: Any) -> bool:
        """Write one command; False (and ``error_reported``) when the engine is not running."""
        if not self._write(proto.format_command(name, request_id, **args)):
            self._report(f"phone engine is not running ({name} not sent)",
                         proto.Problem.ENGINE_NOT_RUNNING, command=name)
            return False
        return True

    def _report(self, message: str, problem: proto.Problem, **params: str) -> None:
        """The client's own failure, as an ``error`` event of its own."""
        self.error_reported.emit(_own_event(message, problem, **params))

    def dial(self, uri: str) -> bool:
        return self.send_command("dial", uri=uri)

    def answer(self, call_id: int | None = None) -> bool:
        return self.send_command("answer", call=call_id)

    def reject(self, call_id: int | None = None) -> bool:
        return self.send_command("reject", call=call_id)

    def hangup(self, call_id: int | None = None) -> bool:
        return self.send_command("hangup", call=call_id)

    def hold(self, call_id: int | None = None) -> bool:
        return self.send_command("hold", call=call_id)

    def resume(self, call_id: int | None = None) -> bool:
        return self.send_command("resume", call=call_id)

    def set_mute(self, call_id: int | None, on: bool) -> bool:
        return self.send_command("mute", call=call_id, on=on)

    def send_dtmf(self, call_id: int | None, digits: str) -> bool:
        return self.send_command("dtmf", call=call_id, digits=digits)

    def transfer(self, call_id: int | None, uri: str) -> bool:
        return self.send_command("transfer", call=call_id, uri=uri)

    def consult(self, call_id: int | None, uri: str) -> bool:
        return self.send_command("consult", call=call_id, uri=uri)

    def complete_transfer(self, call_id: int | None = None) -> bool:
        return self.send_command("complete", call=call_id)

    def cancel_consult(self, call_id: int | None = None) -> bool:
        return self.send_command("cancel", call=call_id)

    def set_agent_state(self, state: proto.AgentState, reason: str = "") -> bool:
        return self.send_command("state", state=state.value, reason=reason)

    def queue_action(self, action: proto.QueueAction) -> bool:
        return self.send_command("queue", action=action.value)

    def play_prompt(self, call_id: int | None, path: str, hangup_after: bool = False) -> bool:
        return self.send_command("play", call=call_id, file=path, hangup_after=hangup_after)

    def set_audio_devices(self, **devices: str) -> bool:
        """``input``, ``output``, ``ring`` (device names) and ``ringtone`` (a WAV path)."""
        return self.send_command("audio", **devices)

    def request_status(self) -> bool:
        return self.send_command("status")

    def request_audio_report(self) -> bool:
        """Ask for an ``audio`` event now (the devices the engine can use, the chosen ones)."""
        return self.send_command("audio")

    def configure_account(self, account: dict[str, Any]) -> bool:
        """Register ``{server, user, transport?, display_name?, password?}``.

        Without ``password`` the engine reads it from the OS keyring. The account (password
        included, in memory only) is replayed after an engine restart so it registers again.
        """
        allowed = proto.COMMANDS["account"]
        self._account = {k: v for k, v in account.items() if k in allowed and v is not None}
        return self.send_command("account", **self._account)


def _project_dir() -> str:
    """Where ``python -m agent`` resolves (the package's parent), for source checkouts."""
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _own_event(message: str, problem: proto.Problem, **params: str) -> proto.ErrorEvent:
    """An event of the client's own: ``message`` in English, ``problem`` for the desk."""
    return proto.ErrorEvent(t=time.time(), message=message, problem=problem, params=params)
