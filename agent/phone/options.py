"""The engine's options: what ``python -m agent phone`` and the desktop's settings configure.

Plain data, read by the engine's parts; changed only on the engine's main thread (``audio``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from agent.phone.protocol import CommandError


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
    prompts_dir: str = ""  # the only directory ``play`` takes recordings from
    local_user: str = "agent"  # user part of our URI in direct mode
    tls_ca: str = ""  # CA bundle that must sign the TLS server's certificate (default: system)
    account_error: CommandError | None = None  # why the configured account cannot be used
    # (reported at start)
    rtp_timeout: float = 20.0  # active call with no RTP received this long: ended (0 = never)
    held_check: float = 15.0  # held call: in-dialog OPTIONS this often (0 = never)
    transfer_timeout: float = 30.0  # a REFER with no final answer this long: failed (0 = never)
    media_address: str = ""  # IP for RTP (bind and SDP); empty: the listen host
    public_address: str = ""  # NAT: address written into SIP Contact/Via and SDP instead
    stun_server: str = ""  # host[:port]; empty: no STUN
    ice: bool = False
