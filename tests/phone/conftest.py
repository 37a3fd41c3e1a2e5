"""Test peers: phone engines in their own processes, driven over stdin/stdout.

``EnginePeer`` starts ``python -m agent phone`` with a private SUFLER_HOME, collects its JSON
events on a reader thread and lets a test wait for an event that matches, with a timeout.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EVENT_TIMEOUT = 15.0


class PeerError(AssertionError):
    pass


class EnginePeer:
    """One engine process. Thread rule: use from the test thread; the reader only appends."""

    def __init__(
        self,
        name: str,
        args: list[str],
        home: Path,
        env: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.home = home
        home.mkdir(parents=True, exist_ok=True)
        full_env = dict(os.environ)
        full_env["SUFLER_HOME"] = str(home)
        full_env["SUFLER_SITE_FILE"] = str(home / "no-site.toml")
        full_env["PYTHONUNBUFFERED"] = "1"
        full_env.update(env or {})
        self.stderr_path = home / f"{name}.stderr.log"
        self._stderr = self.stderr_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "agent", "phone", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            cwd=ROOT,
            env=full_env,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        self.events: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._mark = 0
        self._reader = threading.Thread(target=self._read, name=f"{name}-events", daemon=True)
        self._reader.start()
        hello = self.wait("hello", timeout=30)
        self.hello = hello
        self.address: str = hello["listen"]
        self.uri = f"sip:{name}@{self.address}"

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            line = line.strip()
            if not line:
                continue
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                event = {"event": "_garbage", "text": line}
            with self._arrived:
                self.events.append(event)
                self._arrived.notify_all()
        with self._arrived:
            self.events.append({"event": "_eof"})
            self._arrived.notify_all()

    # ------------------------------------------------------------------ commands

    def send(self, command: str | dict[str, Any]) -> None:
        line = command if isinstance(command, str) else json.dumps(command)
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def mark(self) -> None:
        """Later waits only look at events that arrive after this point."""
        with self._lock:
            self._mark = len(self.events)

    # ------------------------------------------------------------------ waiting

    def find(self, name: str, since: int | None = None, **fields: Any) -> dict[str, Any] | None:
        with self._lock:
            start = self._mark if since is None else since
            for event in self.events[start:]:
                if _matches(event, name, fields):
                    return event
        return None

    def wait(
        self,
        name: str,
        timeout: float = EVENT_TIMEOUT,
        where: Callable[[dict[str, Any]], bool] | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """The first event named ``name`` (after the mark) whose fields match."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            index = self._mark
            while True:
                while index < len(self.events):
                    event = self.events[index]
                    index += 1
                    if _matches(event, name, fields) and (where is None or where(event)):
                        return event
                    if event["event"] == "_eof" and name != "_eof":
                        raise PeerError(f"{self.name} exited while waiting for {name} {fields}"
                                        f"; {self.exit_report()}")
                left = deadline - time.monotonic()
                if left <= 0:
                    recent = [e for e in self.events[self._mark:]][-15:]
                    raise PeerError(
                        f"{self.name}: no {name} {fields} within {timeout}s; "
                        f"recent events: {json.dumps(recent, ensure_ascii=False)[:3000]}"
                    )
                self._arrived.wait(left)

    def call_state(
        self, state: str, timeout: float = EVENT_TIMEOUT, **fields: Any
    ) -> dict[str, Any]:
        return self.wait("call", timeout=timeout, state=state, **fields)

    def story(self, call: int, since: int = 0) -> list[str]:
        """What happened to ``call`` from event ``since`` on, one short line per event (its
        states, media, holds and any error): the message of a failed assertion."""
        lines = []
        with self._lock:
            events = self.events[since:]
        for event in events:
            name = event.get("event")
            if name == "error":
                lines.append(f"error: {event.get('message')}")
            elif event.get("call") != call:
                continue
            elif name == "media":
                lines.append(f"media {event.get('status')}")
            elif name == "call":
                lines.append(f"call {event.get('state')} hold={event.get('hold')} "
                             f"media={event.get('media')} {event.get('code')} "
                             f"{event.get('reason')}".rstrip())
        return [line for i, line in enumerate(lines) if i == 0 or line != lines[i - 1]]

    def exit_report(self) -> str:
        """How the process ended (exit code or signal) and the tail of its stderr (with the
        engine's faulthandler, a crash leaves every thread's stack there)."""
        try:
            code: int | str = self.proc.wait(5)
        except subprocess.TimeoutExpired:
            code = "still running (stdout closed)"
        if isinstance(code, int) and code < 0:
            code = f"{code} ({signal.Signals(-code).name})"
        return f"exit code {code}; stderr tail:\n{self.stderr_tail()}"

    def stderr_tail(self, lines: int = 30) -> str:
        try:
            text = self.stderr_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    # ------------------------------------------------------------------ lifecycle

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def hangup_all(self) -> None:
        """Hang up every call and wait until the lines are empty (test isolation)."""
        if not self.alive:
            return
        for _ in range(3):
            self.mark()
            self.send("status")
            lines = self.wait("lines")
            calls = lines["calls"]
            if not calls:
                return
            for call in calls:
                self.send({"cmd": "hangup", "call": call["call"]})
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                ids = {c["call"] for c in calls}
                removed = {e["call"] for e in self.events[self._mark:]
                           if e["event"] == "call_removed"}
                if ids <= removed:
                    break
                time.sleep(0.05)

    def close(self, timeout: float = 15.0) -> int:
        if self.alive:
            try:
                self.send("quit")
                assert self.proc.stdin is not None
                self.proc.stdin.close()
            except (BrokenPipeError, OSError, ValueError):
                pass
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.send_signal(signal.SIGKILL)
            code = self.proc.wait(5)
        self._reader.join(5)
        self._stderr.close()
        return code


def _matches(event: dict[str, Any], name: str, fields: dict[str, Any]) -> bool:
    if event.get("event") != name:
        return False
    return all(event.get(k) == v for k, v in fields.items())


@pytest.fixture(scope="module")
def peer_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., EnginePeer]]:
    """Start engine peers for a module; all are closed (and must exit 0) at the end."""
    peers: list[EnginePeer] = []
    base = tmp_path_factory.mktemp("peers")

    def start(name: str, *args: str, env: dict[str, str] | None = None,
              settings: str = "") -> EnginePeer:
        """``settings``: TOML written to the peer's settings.toml before it starts."""
        if settings:
            (base / name).mkdir(parents=True, exist_ok=True)
            (base / name / "settings.toml").write_text(settings, encoding="utf-8")
        listen = [] if "--listen" in args or "--account" in args else ["--listen", "127.0.0.1:0"]
        user = [] if "--user" in args else ["--user", name]
        peer = EnginePeer(name, [*listen, *user, *args], base / name, env=env)
        peers.append(peer)
        return peer

    yield start
    codes = {p.name: p.close() for p in peers}
    bad = {name: code for name, code in codes.items() if code != 0}
    tails = "\n".join(f"{p.name}: {p.stderr_tail(15)}" for p in peers if p.name in bad)
    assert not bad, f"engines did not exit cleanly: {bad}\n{tails}"


def free_udp_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def free_tcp_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def drain(q: queue.Queue[Any]) -> list[Any]:
    items = []
    while True:
        try:
            items.append(q.get_nowait())
        except queue.Empty:
            return items
