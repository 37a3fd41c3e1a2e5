"""Foreign SIP clients as test peers: baresip (driven over its ``ctrl_tcp`` JSON socket) and
linphonec (driven over stdin), each registered to the test kamailio with digest auth, each in its
own process group. Neither needs a sound card: baresip plays a 440 Hz sine, linphonec plays files.

Thread rule: use from the test thread; each peer has one reader thread that only appends.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.phone import process_group
from tests.phone.kamailio import free_port

TIMEOUT = 15.0


def installed(program: str) -> bool:
    return shutil.which(program) is not None


def _free_ports(count: int) -> list[int]:
    """Distinct free ports, none next to another (baresip also binds SIP port + 1 for TLS)."""
    ports: list[int] = []
    while len(ports) < count:
        port = free_port()
        if all(abs(port - p) > 2 for p in ports) and port < 65534:
            ports.append(port)
    return ports


def tone_wav(path: Path, seconds: int = 300) -> Path:
    """A 440 Hz tone, 8 kHz mono 16-bit (made once per directory)."""
    if not path.exists():
        period = [int(8000 * math.sin(2 * math.pi * 440 * i / 8000)) for i in range(400)]
        frame = struct.pack(f"<{len(period)}h", *period)  # 50 ms: a whole number of cycles
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(8000)
            out.writeframes(frame * (seconds * 20))
    return path


class ForeignPeer:
    """What both clients share: a process group, a log, its SIP address."""

    name = "peer"
    proc: subprocess.Popen[Any]
    log: Path

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL, as a crash or a pulled cable looks to the other side."""
        process_group.kill_group(self.proc, signal.SIGKILL)
        self.proc.wait(5)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


class Baresip(ForeignPeer):
    """baresip 1.x: ``ctrl_tcp`` commands (``dial``, ``accept``, ``hold``, ``resume``,
    ``transfer``, ``sndcode``, ``hangup``) and its events (``CALL_ESTABLISHED``...)."""

    def __init__(self, workdir: Path, user: str, password: str, server: str,
                 answer: str = "auto") -> None:
        self.name = f"baresip-{user}"
        self.user = user
        self.dir = workdir / self.name
        self.dir.mkdir(parents=True, exist_ok=True)
        sip_port, ctrl_port = _free_ports(2)
        self.sip_port = sip_port
        (self.dir / "config").write_text(
            "poll_method\tepoll\n"
            f"sip_listen\t127.0.0.1:{sip_port}\n"
            "net_interface\t127.0.0.1\n"
            "audio_player\taubridge,x\naudio_alert\taubridge,x\naudio_source\tausine,440\n"
            "ausrc_srate\t48000\nausrc_channels\t2\nauplay_srate\t48000\nauplay_channels\t2\n"
            "module_path\t/usr/lib/baresip/modules\n"
            "module\tg711.so\nmodule\tausine.so\nmodule\taubridge.so\n"
            "module_tmp\taccount.so\nmodule_app\tmenu.so\nmodule_app\tctrl_tcp.so\n"
            f"ctrl_tcp_listen\t127.0.0.1:{ctrl_port}\n",
            encoding="utf-8",
        )
        (self.dir / "accounts").write_text(
            f"<sip:{user}@{server}>;auth_pass={password};answermode={answer};regint=60\n",
            encoding="utf-8",
        )
        (self.dir / "contacts").write_text("", encoding="utf-8")
        self.log = self.dir / "baresip.log"
        with self.log.open("ab") as log:
            self.proc = process_group.start(
                ["baresip", "-f", str(self.dir)], stdin=subprocess.DEVNULL, stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.events: list[dict[str, Any]] = []
        self.responses: list[dict[str, Any]] = []
        self._cond = threading.Condition()
        self._mark = 0
        self._token = 0
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", ctrl_port), timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline or not self.alive():
                    self.close()
                    raise RuntimeError(f"baresip did not start:\n{self.log_tail()}") from None
                time.sleep(0.1)
        self.sock.settimeout(None)
        self._reader = threading.Thread(target=self._read, name=self.name, daemon=True)
        self._reader.start()
        self.wait_log(r"200 OK .*\[1 binding\]")

    def _read(self) -> None:
        buf = b""
        while True:
            try:
                data = self.sock.recv(65536)
            except OSError:
                return
            if not data:
                return
            buf += data
            while True:
                head, sep, rest = buf.partition(b":")
                if not sep or not head.isdigit() or len(rest) < int(head) + 1:
                    break
                size = int(head)
                body, buf = rest[:size], rest[size + 1:]
                try:
                    message = json.loads(body)
                except ValueError:
                    continue
                with self._cond:
                    (self.events if message.get("event") else self.responses).append(message)
                    self._cond.notify_all()

    def command(self, name: str, params: str = "") -> dict[str, Any]:
        """Send a command and wait for its response (``ok`` and ``data``)."""
        self._token += 1
        token = str(self._token)
        body = json.dumps({"command": name, "params": params, "token": token}).encode()
        self.sock.sendall(str(len(body)).encode() + b":" + body + b",")
        deadline = time.monotonic() + TIMEOUT
        with self._cond:
            while True:
                for response in self.responses:
                    if response.get("token") == token:
                        return response
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{self.name}: no response to {name}")
                self._cond.wait(left)

    def mark(self) -> None:
        with self._cond:
            self._mark = len(self.events)

    def wait(self, kind: str, timeout: float = TIMEOUT,
             where: Callable[[dict[str, Any]], bool] | None = None) -> dict[str, Any]:
        """The first event of ``type`` ``kind`` after the mark (that ``where`` accepts)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            index = self._mark
            while True:
                while index < len(self.events):
                    event = self.events[index]
                    index += 1
                    if event.get("type") == kind and (where is None or where(event)):
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [e.get("type") for e in self.events[self._mark:]]
                    raise AssertionError(f"{self.name}: no {kind} within {timeout}s; saw {seen}")
                self._cond.wait(left)

    def wait_log(self, pattern: str, timeout: float = TIMEOUT) -> str:
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        while time.monotonic() < deadline:
            text = self.log.read_text(errors="replace") if self.log.exists() else ""
            found = regex.search(text)
            if found:
                return found.group(0)
            if not self.alive():
                break
            time.sleep(0.1)
        raise AssertionError(f"{self.name}: no /{pattern}/ in its log:\n{self.log_tail()}")

    def close(self) -> None:
        """``quit`` (baresip was seen to ignore SIGTERM during a call), then the group."""
        if getattr(self, "sock", None) is not None:
            with contextlib.suppress(OSError):
                body = b'{"command":"quit","params":"","token":"quit"}'
                self.sock.sendall(str(len(body)).encode() + b":" + body + b",")
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(5)
            with contextlib.suppress(OSError):
                self.sock.close()
        process_group.stop(self.proc)


class Linphonec(ForeignPeer):
    """linphonec 5.x: commands on stdin (``call``, ``answer``, ``pause``, ``resume``,
    ``transfer``, ``terminate``, digits for DTMF); its stdout lines are what a test waits for.
    Its SIP log (``-d 6``) is kept in ``linphone.log`` next to the rc file."""

    def __init__(self, workdir: Path, user: str, password: str, server: str,
                 auto_answer: bool = True) -> None:
        self.name = f"linphonec-{user}"
        self.dir = workdir / self.name
        home = self.dir / "home"
        (home / ".local" / "share" / "linphone").mkdir(parents=True, exist_ok=True)
        sip_port, rtp_port = _free_ports(2)
        self.sip_port = sip_port
        self.rc = self.dir / "linphonerc"
        self.rc.write_text(
            f"[sip]\nsip_port={sip_port}\nsip_tcp_port=0\nsip_tls_port=0\ndefault_proxy=0\n"
            "register_only_when_network_is_up=0\nipv6=0\n"
            f"[rtp]\naudio_rtp_port={rtp_port}\n"
            "[sound]\nechocancellation=0\n"
            f"[proxy_0]\nreg_proxy=<sip:{server}>\nreg_identity=sip:{user}@{server}\n"
            "reg_expires=60\nreg_sendregister=1\npublish=0\n"
            f"[auth_info_0]\nusername={user}\npasswd={password}\ndomain={server}\n",
            encoding="utf-8",
        )
        self.log = self.dir / "linphone.log"
        env = dict(os.environ)
        env["HOME"] = str(home)
        args = ["linphonec", "-c", str(self.rc), "-d", "6", "-l", str(self.log)]
        if auto_answer:
            args.append("-a")
        self.proc = process_group.start(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env=env, text=True, bufsize=1,
        )
        self.lines: list[str] = []
        self._cond = threading.Condition()
        self._mark = 0
        self._reader = threading.Thread(target=self._read, name=self.name, daemon=True)
        self._reader.start()
        self.send("soundcard use files")
        # Without a file to play linphonec sends no RTP at all.
        self.send(f"play {tone_wav(workdir / 'tone.wav')}")
        deadline = time.monotonic() + TIMEOUT
        while True:
            self.mark()
            self.send("status register")
            try:
                self.wait(r"^(linphonec> )*registered,", timeout=1)
                break
            except AssertionError:
                if time.monotonic() > deadline:
                    self.close()
                    raise

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                self._cond.notify_all()

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def mark(self) -> None:
        with self._cond:
            self._mark = len(self.lines)

    def wait(self, pattern: str, timeout: float = TIMEOUT) -> str:
        """The first stdout line after the mark that matches ``pattern``."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self._cond:
            index = self._mark
            while True:
                while index < len(self.lines):
                    line = self.lines[index]
                    index += 1
                    if regex.search(line):
                        return line
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{self.name}: no /{pattern}/ within {timeout}s; "
                                         f"saw {self.lines[self._mark:][-15:]}")
                self._cond.wait(left)

    def close(self) -> None:
        if self.alive():
            try:
                self.send("quit")
                assert self.proc.stdin is not None
                self.proc.stdin.close()
            except (BrokenPipeError, OSError, ValueError):
                pass
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(5)
        process_group.stop(self.proc)
