"""The checks of ``sufler doctor``: each returns a :class:`Result` (ok / warning / failed, one
line of what was found, one line of what to do).

Every check bounds its own waiting (network checks by :data:`NET_TIMEOUT`); :func:`run_all` runs
them on worker threads and gives up on any still running after :data:`TOTAL_TIMEOUT`, so the
doctor never hangs. Checks read settings and the keyring but change nothing.

Thread rule: each check runs on its own worker thread; a check touches no shared state.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import platform
import queue
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from agent.phone.protocol import Problem
from agent.settings import Settings, SettingsError, site_file
from kb.paths import data_dir
from kb.version import version

OK, WARNING, FAILED = "ok", "warning", "failed"
NET_TIMEOUT = 4.0
REGISTER_TIMEOUT = 9.0
TOTAL_TIMEOUT = 13.0
MIN_FREE_MB_WARN = 1024
MIN_FREE_MB_FAIL = 100


@dataclass(frozen=True, slots=True)
class Result:
    """One line of the report."""

    name: str
    status: str
    detail: str
    advice: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Context:
    """What the checks need: the settings (or why they could not be read) and the data dir."""

    settings: Settings | None
    settings_problem: str
    home: Path
    register: bool = True


def load_context(register: bool = True) -> Context:
    home = data_dir()
    try:
        return Context(Settings.load(home), "", home, register)
    except SettingsError as exc:
        return Context(None, str(exc), home, register)


def _setting(ctx: Context, key: str) -> str:
    return str(ctx.settings.get(key) or "") if ctx.settings else ""


def _dist_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "bundled"


def check_versions(ctx: Context) -> Result:
    try:
        from PyQt6.QtCore import QT_VERSION_STR
        qt = QT_VERSION_STR
    except ImportError:
        qt = "missing"
    pj = _dist_version("pjsua2-python" if sys.platform != "win32" else "pjsua2-wheel")
    return Result("versions", OK, f"Sufler {version()}, Python {platform.python_version()}, "
                                  f"Qt {qt}, pjsua2 {pj}, {platform.platform(terse=True)}")


def check_settings(ctx: Context) -> Result:
    if ctx.settings is None:
        return Result("settings", FAILED, ctx.settings_problem,
                      "fix the file named above (IT's site file or the user's settings.toml)")
    locked = len(ctx.settings.site)
    where = site_file()
    if not where.exists():
        return Result("settings", WARNING, f"no site file at {where}; everything is per user",
                      "IT: install /etc/sufler/site.toml (see site.toml.example)")
    floor = (f"; floor profile revision {ctx.settings.floor_revision} "
             f"({len(ctx.settings.floor)} setting(s))" if ctx.settings.floor_revision else "")
    return Result("settings", OK, f"site file {where} ({locked} locked setting(s)){floor}; "
                                  f"user file {ctx.settings.user_path}")


def check_keyring(ctx: Context) -> Result:
    from agent.secrets import SecretStore, SecretStoreUnavailable

    store = SecretStore()
    try:
        store.get("doctor-probe")
    except SecretStoreUnavailable as exc:
        return Result("keyring", FAILED, str(exc).split(". ")[0],
                      "log in to a desktop session with a Secret Service (gnome-keyring, "
                      "KWallet); SIP passwords and the hub token are kept only there")
    return Result("keyring", OK, f"backend {store.backend_name()}")


def check_audio(ctx: Context) -> Result:
    try:
        import sounddevice as sd

        devices = sd.query_devices()
    except Exception as exc:  # PortAudio missing or broken: the engine falls back to no sound
        return Result("audio", WARNING, f"PortAudio is not usable ({type(exc).__name__}: {exc})",
                      "install libportaudio2; until then calls connect without sound")
    inputs = [d for d in devices if int(d["max_input_channels"]) > 0]
    outputs = [d for d in devices if int(d["max_output_channels"]) > 0]
    if not inputs or not outputs:
        return Result("audio", WARNING, f"{len(inputs)} microphone(s), {len(outputs)} "
                      "speaker(s) found; calls would use the null audio device",
                      "plug in the headset; check that PulseAudio/PipeWire runs in this session")
    chosen = []
    for key, pool in (("audio.input_device", inputs), ("audio.output_device", outputs)):
        want = _setting(ctx, key)
        if want and not any(want == str(d["name"]) or want == str(i)
                            for i, d in enumerate(pool)):
            return Result("audio", WARNING, f"{key} = {want!r} is not connected",
                          "plug it in or choose another device in Settings → Audio")
        chosen.append(want or "default")
    return Result("audio", OK, f"{len(inputs)} microphone(s), {len(outputs)} speaker(s); "
                               f"using {chosen[0]} / {chosen[1]}")


def _host_port(server: str, transport: str) -> tuple[str, int]:
    default = 5061 if transport == "tls" else 5060
    text = server.strip().removeprefix("sip:").removeprefix("sips:")
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") else default
    host, _, port = text.partition(":")
    return host, int(port) if port.isdigit() else default


def _sip_options(host: str, port: int, transport: str) -> str:
    branch = "z9hG4bK" + uuid.uuid4().hex[:16]
    return (f"OPTIONS sip:{host}:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/{transport.upper()} 0.0.0.0:9;branch={branch};rport\r\n"
            "Max-Forwards: 70\r\n"
            f"From: <sip:doctor@invalid>;tag={uuid.uuid4().hex[:8]}\r\n"
            f"To: <sip:{host}>\r\n"
            f"Call-ID: {uuid.uuid4().hex}@sufler-doctor\r\n"
            "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")


def check_sip(ctx: Context) -> Result:
    server = _setting(ctx, "sip.server")
    transport = _setting(ctx, "sip.transport") or "udp"
    if not server:
        return Result("sip", WARNING, "no SIP server configured (direct-IP calls only)",
                      "set sip.server in the site file or Settings → SIP account")
    try:
        host, port = _host_port(server, transport)
        family, kind, _, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_DGRAM if transport == "udp" else socket.SOCK_STREAM)[0]
    except (OSError, ValueError) as exc:
        return Result("sip", FAILED, f"cannot resolve {server}: {exc}",
                      "check sip.server and this desk's DNS")
    started = time.monotonic()
    try:
        with socket.socket(family, kind) as sock:
            sock.settimeout(NET_TIMEOUT)
            if transport == "udp":
                sock.sendto(_sip_options(host, port, "udp").encode(), address)
                reply = sock.recv(4096)
            else:
                sock.connect(address)
                if transport == "tls":
                    context = ssl.create_default_context()
                    with context.wrap_socket(sock, server_hostname=host) as tls:
                        tls.sendall(_sip_options(host, port, "tls").encode())
                        reply = tls.recv(4096)
                else:
                    sock.sendall(_sip_options(host, port, "tcp").encode())
                    reply = sock.recv(4096)
    except ssl.SSLCertVerificationError as exc:
        return Result("sip", FAILED, f"{server}: the TLS certificate is not trusted "
                                     f"({exc.verify_message})",
                      "install the PBX's CA in the system trust store, or fix its certificate")
    except TimeoutError:
        return Result("sip", FAILED, f"{transport.upper()} {host}:{port} did not answer an "
                                     f"OPTIONS within {NET_TIMEOUT:.0f} s",
                      "check the PBX is up and a firewall lets SIP through")
    except OSError as exc:
        return Result("sip", FAILED, f"{transport.upper()} {host}:{port}: {exc}",
                      "check sip.server, sip.transport and the firewall")
    took = (time.monotonic() - started) * 1000
    status_line = reply.split(b"\r\n", 1)[0].decode("utf-8", "replace")
    if not status_line.startswith("SIP/2.0"):
        return Result("sip", FAILED, f"{host}:{port} answered something that is not SIP",
                      "sip.server points at the wrong service")
    return Result("sip", OK, f"{transport.upper()} {host}:{port} answers ({status_line}, "
                             f"{took:.0f} ms)")


def _engine_command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, "phone"]
    return [sys.executable, "-m", "agent", "phone"]


def check_registration(ctx: Context) -> Result:
    """Start the phone engine with the configured account (password from the keyring) and wait
    for the registrar's verdict; the engine unregisters and quits at once."""
    server, user = _setting(ctx, "sip.server"), _setting(ctx, "sip.user")
    if not ctx.register:
        return Result("registration", WARNING, "skipped (--no-register)")
    if not server or not user:
        return Result("registration", WARNING, "no SIP account configured (sip.server, sip.user)",
                      "set them in the site file or Settings → SIP account")
    events: queue.Queue[dict[str, Any]] = queue.Queue()
    try:
        proc = subprocess.Popen(
            [*_engine_command(), "--account", "default", "--listen", "0.0.0.0:0", "--audio",
             "null", "--no-history", "--reg-expires", "60"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            encoding="utf-8", errors="replace", env={**os.environ, "PYTHONUNBUFFERED": "1"})
    except OSError as exc:
        return Result("registration", FAILED, f"the phone engine did not start: {exc}",
                      "reinstall Sufler")

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            try:
                events.put(json.loads(line))
            except ValueError:
                continue
        events.put({"event": "exited"})

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + REGISTER_TIMEOUT
    verdict: dict[str, Any] = {}
    try:
        while time.monotonic() < deadline:
            try:
                event = events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            name = event.get("event")
            if name == "registration" and event.get("state") in ("registered", "failed"):
                verdict = event
                break
            if name in ("error", "exited"):
                verdict = event
                break
    finally:
        try:
            assert proc.stdin is not None
            proc.stdin.write("quit\n")
            proc.stdin.flush()
            proc.wait(timeout=3)
        except (OSError, subprocess.TimeoutExpired, ValueError):
            proc.kill()
            proc.wait()
    who = f"{user}@{server}"
    if verdict.get("state") == "registered":
        return Result("registration", OK, f"{who} registered ({verdict.get('code')})")
    if verdict.get("event") == "error":
        message = str(verdict.get("message", ""))
        advice = ("type the SIP password once in Settings → SIP account (or enroll again)"
                  if verdict.get("problem") == Problem.NO_PASSWORD else "see the message")
        return Result("registration", FAILED, f"{who}: {message}", advice)
    if verdict.get("state") == "failed":
        code = int(verdict.get("code") or 0)
        advice = ("the SIP password is wrong: retype it in Settings → SIP account"
                  if verdict.get("problem") == Problem.AUTH_FAILED
                  else "check sip.server, sip.transport and the PBX")
        return Result("registration", FAILED, f"{who}: {code} {verdict.get('reason', '')}".strip(),
                      advice)
    if verdict.get("event") == "exited":
        return Result("registration", FAILED, f"{who}: the phone engine stopped before "
                                              "registering", "run `sufler phone --account "
                                                             "default` to see why")
    return Result("registration", FAILED, f"{who}: no answer to REGISTER within "
                                          f"{REGISTER_TIMEOUT:.0f} s",
                  "check the PBX is up and a firewall lets SIP through")


def check_hub(ctx: Context) -> Result:
    url = _setting(ctx, "hub.url")
    if not url:
        return Result("hub", WARNING, "no hub configured: notes and the KB stay on this desk",
                      "set hub.url in the site file, then `sufler enroll HUB_URL`")
    from agent.notes.hub_client import HubProblem, make_client, request_json, resolve_token
    from agent.secrets import SecretStoreUnavailable

    try:
        with make_client(url, "", timeout=NET_TIMEOUT) as client:
            health = request_json(client, "GET", "/health")
    except HubProblem as exc:
        return Result("hub", FAILED, f"{url}: {exc.message}",
                      "check hub.url, the network and that the hub service runs")
    hub_version = health.get("version", "?") if isinstance(health, dict) else "?"
    try:
        token = resolve_token(url)
    except SecretStoreUnavailable:
        return Result("hub", FAILED, f"{url} is up (version {hub_version}); the token cannot "
                                     "be read: no keyring", "see the keyring line")
    if not token:
        return Result("hub", FAILED, f"{url} is up (version {hub_version}); no token for it "
                                     "in the keyring", "run `sufler enroll " + url + "` with "
                                                       "the code from IT")
    try:
        with make_client(url, token, timeout=NET_TIMEOUT) as client:
            key = request_json(client, "GET", "/kb/public-key")
    except HubProblem as exc:
        if exc.status in (401, 403):
            return Result("hub", FAILED, f"{url} refused this desk's token (revoked or "
                                         "unknown)", "ask IT for a new enrollment code and run "
                                                     "`sufler enroll " + url + "`")
        if exc.status == 503:
            key = {}
        else:
            return Result("hub", FAILED, f"{url}: {exc.message}", "see the hub's log")
    pinned = _setting(ctx, "hub.public_key")
    offered = str(key.get("public_key", "")) if isinstance(key, dict) else ""
    if pinned and offered and pinned != offered:
        return Result("hub", FAILED, f"{url}: the hub's signing key {key.get('key_id')} is not "
                                     "the pinned hub.public_key; KB updates are refused",
                      "IT: check hub.url points at the right hub and the pinned key")
    pin_note = "key pinned" if pinned else "key NOT pinned"
    status = OK if pinned else WARNING
    return Result("hub", status, f"{url} (hub {hub_version}), token accepted, {pin_note}",
                  "" if pinned else "IT: pin the hub's key (`sufler hub key`) as "
                                    "hub.public_key in the site file")


def check_kb(ctx: Context) -> Result:
    from kb.knowledge_base import check_home

    report = check_home(ctx.home)
    if not (ctx.home / "kb.sqlite").exists() and report.problems:
        return Result("kb", WARNING, "no knowledge base yet (the desktop creates it on first "
                                     "start)", "")
    if report.problems:
        return Result("kb", FAILED, "; ".join(report.problems),
                      "run `sufler kb reindex`; if the store is broken, move kb.sqlite away "
                      "and let the hub sync it again")
    return Result("kb", OK, "; ".join(report.notes))


def check_disk(ctx: Context) -> Result:
    usage = shutil.disk_usage(ctx.home)
    free_mb = usage.free // 2**20
    detail = f"{free_mb} MB free where {ctx.home} is"
    if free_mb < MIN_FREE_MB_FAIL:
        return Result("disk", FAILED, detail, "free disk space: notes and the KB need room")
    if free_mb < MIN_FREE_MB_WARN:
        return Result("disk", WARNING, detail, "free some disk space soon")
    return Result("disk", OK, detail)


def check_logs(ctx: Context) -> Result:
    from agent.logs import log_dir

    where = log_dir()
    try:
        where.mkdir(parents=True, exist_ok=True)
        writable = os.access(where, os.W_OK)
    except OSError:
        writable = False
    if not writable:
        return Result("logs", WARNING, f"cannot write {where}", "check the home directory's "
                                                                "permissions")
    return Result("logs", OK, f"{where} (desktop.log, engine.log; rotated at 5 MB)")


CHECKS: tuple[Callable[[Context], Result], ...] = (
    check_versions, check_settings, check_keyring, check_audio, check_sip, check_registration,
    check_hub, check_kb, check_disk, check_logs,
)


def run_all(ctx: Context, checks: tuple[Callable[[Context], Result], ...] = CHECKS,
            total_timeout: float = TOTAL_TIMEOUT) -> list[Result]:
    """Every check, in order; one still running after ``total_timeout`` is reported failed."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=len(checks))
    futures = [pool.submit(check, ctx) for check in checks]
    deadline = time.monotonic() + total_timeout
    results: list[Result] = []
    for check, future in zip(checks, futures, strict=True):
        name = check.__name__.removeprefix("check_")
        try:
            results.append(future.result(timeout=max(0.0, deadline - time.monotonic())))
        except concurrent.futures.TimeoutError:
            results.append(Result(name, FAILED, f"no answer within {total_timeout:.0f} s",
                                  "run the doctor again; if it repeats, report it"))
        except Exception as exc:  # a check's own bug must not hide the other lines
            results.append(Result(name, FAILED, f"the check crashed: {type(exc).__name__}: "
                                                f"{exc}", "report it with this output"))
    pool.shutdown(wait=False, cancel_futures=True)
    return results


def summary(results: list[Result]) -> dict[str, Any]:
    failed = sum(r.status == FAILED for r in results)
    warned = sum(r.status == WARNING for r in results)
    return {"ok": failed == 0, "failed": failed, "warnings": warned,
            "checks": [r.as_dict() for r in results]}
