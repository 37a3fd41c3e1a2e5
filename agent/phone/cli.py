"""``python -m agent phone``: the engine's command line (IT diagnostics, scripts, the desktop).

Thread rule: the calling (main) thread becomes the pjsua2 main thread; one daemon thread reads
stdin and only enqueues lines.
"""

from __future__ import annotations

import argparse
import faulthandler
import logging
import os
import signal
import sys
import threading
from typing import TextIO

from agent import logs
from agent.phone.accounts import password_from_keyring
from agent.phone.engine import PhoneEngine
from agent.phone.options import AccountConfig, EngineOptions
from agent.phone.protocol import CommandError, Problem


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m agent phone",
        description="Sufler phone engine: JSON-line events on stdout, commands on stdin "
        "(see docs/phone-protocol.md).",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--account",
        metavar="NAME",
        help="register the account from the settings (sip.*); NAME is 'default'",
    )
    parser.add_argument(
        "--listen",
        metavar="HOST:PORT",
        help="SIP address to bind; without an account: direct-IP mode (port 0 = any free port)",
    )
    parser.add_argument("--user", metavar="NAME",
                        help="user part of our SIP URI in direct mode (default: sip.user or agent)")
    parser.add_argument("--auto-answer", action="store_true", help="answer every incoming call")
    parser.add_argument("--log-sip", action="store_true",
                        help="pjsip log with SIP messages on stderr")
    parser.add_argument("--wrap-up", type=int, metavar="SECONDS",
                        help="wrap-up time after each call (default: agent.wrap_up_seconds)")
    parser.add_argument("--no-history", action="store_true", help="do not write calls.sqlite")
    parser.add_argument("--reg-expires", type=int, default=300, metavar="SECONDS",
                        help="registration lifetime asked for (default 300)")
    parser.add_argument("--audio", choices=("auto", "null", "bridge"), default="auto",
                        help="auto: PortAudio bridge when devices exist, else null")
    parser.add_argument("--ringtone", metavar="WAV", help="ringtone file (default: settings)")
    parser.add_argument("--prompts", metavar="DIR",
                        help="the recordings 'play' may send into a call (default: the installed "
                             "prompts); nothing outside it is ever played")
    parser.add_argument("--tls-ca", metavar="PEM",
                        help="CA bundle for the TLS registrar's certificate (default: system CAs)")
    parser.add_argument("--rtp-timeout", type=float, default=20.0, metavar="SECONDS",
                        help="end an active call that receives no RTP this long (0 = never; "
                        "default 20)")
    parser.add_argument("--held-check", type=float, default=15.0, metavar="SECONDS",
                        help="probe a held call with OPTIONS this often; no answer ends it "
                        "(0 = never; default 15)")
    parser.add_argument("--media-address", metavar="IP",
                        help="address for RTP (bound and put in SDP); default: sip.media_address, "
                        "else the --listen host")
    parser.add_argument("--transfer-timeout", type=float, default=30.0, metavar="SECONDS",
                        help="a transfer with no final answer this long is reported as failed "
                        "(0 = never; default 30)")
    return parser


def options_from(args: argparse.Namespace) -> EngineOptions:
    """Merge the command line with the settings under SUFLER_HOME."""
    from agent.settings import Settings, SettingsError
    from kb.paths import assets_dir, data_dir

    try:
        settings: Settings | None = Settings.load()
    except SettingsError as exc:
        sys.stderr.write(f"phone engine: settings ignored: {exc}\n")
        settings = None

    def get(key: str, default: object) -> object:
        if settings is None:
            return default
        return settings.get(key)

    options = EngineOptions(
        listen=args.listen,
        auto_answer=args.auto_answer,
        log_sip=args.log_sip,
        wrap_up_seconds=args.wrap_up if args.wrap_up is not None
        else int(get("agent.wrap_up_seconds", 30)),  # type: ignore[call-overload]
        history_path=None if args.no_history else data_dir() / "calls.sqlite",
        reg_expires=args.reg_expires,
        audio=args.audio,
        input_device=str(get("audio.input_device", "")),
        output_device=str(get("audio.output_device", "")),
        ring_device=str(get("audio.ring_device", "")),
        queue_codes={
            action: str(get(f"agent.queue_{action}_code", ""))
            for action in ("login", "logout", "pause")
        },
    )
    options.tls_ca = args.tls_ca or ""
    options.rtp_timeout = max(0.0, args.rtp_timeout)
    options.held_check = max(0.0, args.held_check)
    options.transfer_timeout = max(0.0, args.transfer_timeout)
    options.media_address = args.media_address or str(get("sip.media_address", ""))
    options.public_address = str(get("sip.public_address", ""))
    options.stun_server = str(get("sip.stun_server", ""))
    options.ice = str(get("sip.ice", "off")) == "on"
    options.local_user = args.user or str(get("sip.user", "")) or "agent"
    ringtone = args.ringtone or str(get("audio.ringtone", ""))
    if not ringtone:
        default_ring = assets_dir() / "sounds" / "ring.wav"
        ringtone = str(default_ring) if default_ring.is_file() else ""
    options.ringtone = ringtone
    options.prompts_dir = args.prompts or str(assets_dir() / "sounds")
    server = str(get("sip.server", ""))
    use_account = args.account is not None or (not args.listen and bool(server))
    if use_account:
        if args.account not in (None, "default"):
            options.account_error = CommandError(
                f"unknown account {args.account!r}; only 'default' exists", Problem.NO_ACCOUNT)
        elif not server or not get("sip.user", ""):
            options.account_error = CommandError(
                "no account configured (settings sip.server and sip.user)", Problem.NO_ACCOUNT)
        else:
            options.account = AccountConfig(
                server=server,
                user=str(get("sip.user", "")),
                transport=str(get("sip.transport", "udp")),
                display_name=str(get("sip.display_name", "")),
                name="default",
            )
    if options.listen is None:
        options.listen = str(get("sip.listen", "")) or ("" if options.account else "127.0.0.1:0")
    return options


def _read_stdin(engine: PhoneEngine) -> None:
    """Reader thread: lines go on the queue untouched; EOF puts ``None``."""
    stream = sys.stdin
    try:
        for line in stream:
            engine.commands.put(line)
    except (OSError, ValueError):
        pass
    engine.commands.put(None)


def _claim_stdout() -> TextIO:
    """Keep the real stdout for events only; anything else writing to fd 1 goes to stderr.

    pjlib prints its first log lines with printf before any log writer is installed.
    """
    sys.stdout.flush()
    event_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return os.fdopen(event_fd, "w", encoding="utf-8", errors="replace", newline="\n")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # A crash inside pjsua (SIGSEGV, SIGABRT) leaves every thread's Python stack on stderr.
    faulthandler.enable(all_threads=True)
    sys.setswitchinterval(0.0005)
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(encoding="utf-8", errors="replace")
    out = _claim_stdout()
    logs.setup("engine", stderr_level=logging.WARNING)
    options = options_from(args)
    engine = PhoneEngine(options, out)
    if options.account is not None:
        # The keyring read may block on D-Bus: do it before the SIP loop starts.
        try:
            options.account.password = password_from_keyring(options.account)
        except CommandError as exc:
            options.account_error = exc
            options.account = None
    # SIGTERM / Ctrl+C: the same clean shutdown as "quit" (hang up, unregister, destroy).
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: engine.commands.put(None))
    threading.Thread(target=_read_stdin, args=(engine,), name="stdin", daemon=True).start()
    return engine.run()


if __name__ == "__main__":
    raise SystemExit(main())

