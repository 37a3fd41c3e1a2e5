"""PhoneClient: the desktop's handle on the phone engine process.

Starts ``python -m agent phone`` with :class:`QProcess`, writes JSON commands to its stdin, turns
event lines into Qt signals, and restarts the engine (with backoff) when it dies, replaying the
account so it registers again. Uses QtCore only and never imports pjsua2.

Thread rule: create and use it on the GUI thread (it lives in that thread's event loop). No method
blocks: commands are written to the pipe and their effects arrive later as signals.
The SIP password only ever travels through the stdin pipe (``configure_account``), never argv,
the environment or a log.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from PyQt6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, pyqtSignal

from agent.phone import protocol as proto

log = logging.getLogger(__name__)

RESTART_DELAYS_MS = (500, 1000, 2000, 5000, 10000, 30000)
STABLE_AFTER_MS = 20000  # an engine that lived this long resets the backoff
STOP_GRACE_MS = 4000


class PhoneClient(QObject):
    """Qt adapter over the engine's JSON-line protocol (see ``docs/phone-protocol.md``)."""

    engine_started = pyqtSignal()
    engine_stopped = pyqtSignal(str)
    registration_changed = pyqtSignal(dict)
    incoming_call = pyqtSignal(dict)
    call_changed = pyqtSignal(dict)
    call_removed = pyqtSignal(int)
    lines_changed = pyqtSignal(dict)
    media_changed = pyqtSignal(dict)
    dtmf_received = pyqtSignal(int, str)
    transfer_progressed = pyqtSignal(dict)
    agent_state_changed = pyqtSignal(dict)
    prompt_progressed = pyqtSignal(dict)
    audio_changed = pyqtSignal(dict)
    error_reported = pyqtSignal(str)
    event_received = pyqtSignal(dict)

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
        self._stopping = False
        self._running = False
        self._restarts = 0
        self._account: dict[str, Any] | None = None
        self._hello: dict[str, Any] = {}
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
    def hello(self) -> dict[str, Any]:
        """The engine's ``hello`` event (``listen`` address, ``mode``, ``audio``...)."""
        return dict(self._hello)

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
            self.engine_stopped.emit("stopped")
            return
        crashed = status == QProcess.ExitStatus.CrashExit
        reason = "crashed" if crashed else f"exited with code {code}"
        if not was_running:
            reason = f"did not start ({reason})"
        self.engine_stopped.emit(reason)
        self._schedule_restart()

    def _on_process_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self.error_reported.emit(f"phone engine failed to start: {self._python}")
            self._running = False
            if not self._stopping:
                self.engine_stopped.emit("failed to start")
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
        data = bytes(self._process.readAllStandardError().data())
        for line in data.decode("utf-8", "replace").splitlines():
            if line.strip():
                log.debug("phone engine: %s", line)

    def _on_stdout(self) -> None:
        if self._process is None:
            return
        self._buffer += bytes(self._process.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for raw in lines:
            event = proto.parse_event(raw.decode("utf-8", "replace"))
            if event is not None:
                self._dispatch(event)

    def _dispatch(self, event: dict[str, Any]) -> None:
        name = event["event"]
        self.event_received.emit(event)
        if name == proto.EventName.HELLO:
            self._hello = event
            self._running = True
            self._stable_timer.start(STABLE_AFTER_MS)
            if event.get("version") != proto.PROTOCOL_VERSION:
                self.error_reported.emit(
                    f"phone engine speaks protocol {event.get('version')}, "
                    f"expected {proto.PROTOCOL_VERSION}"
                )
            if self._account is not None:
                self._write(proto.format_command("account", **self._account))
            self.engine_started.emit()
        elif name == proto.EventName.REGISTRATION:
            self.registration_changed.emit(event)
        elif name == proto.EventName.INCOMING:
            self.incoming_call.emit(event)
        elif name == proto.EventName.CALL:
            self.call_changed.emit(event)
        elif name == proto.EventName.CALL_REMOVED:
            self.call_removed.emit(int(event["call"]))
        elif name == proto.EventName.LINES:
            self.lines_changed.emit(event)
        elif name == proto.EventName.MEDIA:
            self.media_changed.emit(event)
        elif name == proto.EventName.DTMF:
            self.dtmf_received.emit(int(event["call"]), str(event["digit"]))
        elif name == proto.EventName.TRANSFER:
            self.transfer_progressed.emit(event)
        elif name == proto.EventName.AGENT_STATE:
            self.agent_state_changed.emit(event)
        elif name == proto.EventName.PROMPT:
            self.prompt_progressed.emit(event)
        elif name == proto.EventName.AUDIO:
            self.audio_changed.emit(event)
        elif name == proto.EventName.ERROR:
            self.error_reported.emit(str(event.get("message", "")))

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
            self.error_reported.emit(f"phone engine is not running ({name} not sent)")
            return False
        return True

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

    def set_agent_state(self, state: str, reason: str = "") -> bool:
        return self.send_command("state", state=state, reason=reason)

    def queue_action(self, action: str) -> bool:
        return self.send_command("queue", action=action)

    def play_prompt(self, call_id: int | None, path: str, hangup_after: bool = False) -> bool:
        return self.send_command("play", call=call_id, file=path, hangup_after=hangup_after)

    def set_audio_devices(self, **devices: str) -> bool:
        """``input``, ``output``, ``ring`` (device names) and ``ringtone`` (a WAV path)."""
        return self.send_command("audio", **devices)

    def request_status(self) -> bool:
        return self.send_command("status")

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
