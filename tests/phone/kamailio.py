"""A throwaway kamailio registrar/proxy for tests: users in an htable, digest auth, in-memory
usrloc, record_route. Started in the foreground (``-DD -E``) on free ports of 127.0.0.1, in its
own process group, and stopped as a group (it forks children).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path

from tests.phone import process_group


def _module_dir() -> str:
    """Where this kamailio build looks for modules (``kamailio -I`` says)."""
    try:
        info = subprocess.run(["kamailio", "-I"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    for line in info.stdout.splitlines():
        if "Default paths to modules:" in line:
            return line.split(":", 1)[1].strip().split(":")[0].rstrip("/") + "/"
    return ""


MODULES = _module_dir()

CONFIG = """#!KAMAILIO
debug=2
log_stderror=yes
memdbg=5
memlog=5
children=2
tcp_children=2
auto_aliases=no
dns=no
rev_dns=no
listen=udp:127.0.0.1:{port}
listen=tcp:127.0.0.1:{port}
alias="127.0.0.1:{port}"
{tls_listen}
mpath="{modules}"
{tls_modules}loadmodule "tm.so"
loadmodule "tmx.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "sanity.so"
loadmodule "corex.so"
loadmodule "kex.so"
loadmodule "htable.so"
loadmodule "auth.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"

modparam("htable", "htable", "users=>size=4;")
modparam("usrloc", "db_mode", 0)
modparam("registrar", "min_expires", 1)
modparam("tm", "fr_timer", 4000)  # a dead peer: 408 after 4 s (in-dialog probes, OPTIONS)
modparam("registrar", "default_expires", 60)
# linphone would otherwise put a GRUU this proxy cannot route in its Contact
modparam("registrar", "gruu_enabled", 0)
modparam("rr", "enable_full_lr", 1)
modparam("rr", "append_fromtag", 1)

event_route[htable:mod-init] {{
{users}
}}

request_route {{
    if (!mf_process_maxfwd_header("10")) {{
        sl_send_reply("483", "Too Many Hops");
        exit;
    }}
    if (is_method("OPTIONS") && $rU == $null) {{
        sl_send_reply("200", "OK");
        exit;
    }}
    if (has_totag()) {{
        if (loose_route()) {{
            t_relay();
            exit;
        }}
        if (is_method("ACK")) {{
            if (t_check_trans()) {{
                t_relay();
            }}
            exit;
        }}
        sl_send_reply("404", "Not here");
        exit;
    }}
    if (is_method("CANCEL")) {{
        if (t_check_trans()) {{
            t_relay();
        }}
        exit;
    }}
    t_check_trans();
    if (is_method("REGISTER")) {{
        if (!pv_www_authenticate("$td", "$sht(users=>$tU)", "0")) {{
            www_challenge("$td", "0");
            exit;
        }}
        if (!save("location")) {{
            sl_reply_error();
        }}
        exit;
    }}
    if (is_method("INVITE")) {{
        if (!pv_proxy_authenticate("$fd", "$sht(users=>$fU)", "0")) {{
            proxy_challenge("$fd", "0");
            exit;
        }}
        consume_credentials();
    }}
    record_route();
    if (!lookup("location")) {{
        sl_send_reply("404", "Not Found");
        exit;
    }}
    t_relay();
}}
"""


TLS_CFG = """[server:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
private_key = {dir}/server.key
certificate = {dir}/server.pem

[client:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
"""


def free_port() -> int:
    """A port free on 127.0.0.1 for both UDP and TCP."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = int(udp.getsockname()[1])
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                try:
                    tcp.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    raise RuntimeError("no free port")


def options_ping(port: int, timeout: float = 0.3) -> bool:
    """True if something answers a SIP OPTIONS on 127.0.0.1:port (UDP)."""
    branch = "z9hG4bK" + uuid.uuid4().hex[:12]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        local = s.getsockname()[1]
        msg = (
            f"OPTIONS sip:127.0.0.1:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP 127.0.0.1:{local};branch={branch};rport\r\n"
            "Max-Forwards: 70\r\n"
            f"From: <sip:probe@127.0.0.1>;tag={uuid.uuid4().hex[:8]}\r\n"
            f"To: <sip:127.0.0.1:{port}>\r\n"
            f"Call-ID: {uuid.uuid4().hex}\r\n"
            "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
        )
        s.settimeout(timeout)
        s.sendto(msg.encode(), ("127.0.0.1", port))
        try:
            data, _ = s.recvfrom(65535)
        except OSError:
            return False
        return data.startswith(b"SIP/2.0 200")


class Kamailio:
    """One kamailio process; ``restart()`` keeps the port (users re-created, usrloc empty)."""

    def __init__(self, workdir: Path, users: dict[str, str], tls: bool = False) -> None:
        if shutil.which("kamailio") is None:
            raise RuntimeError("kamailio is not installed")
        self.workdir = workdir
        self.port = free_port()
        self.server = f"127.0.0.1:{self.port}"
        self.tls_port = 0
        self.ca_file: Path | None = None
        tls_listen = tls_modules = ""
        if tls:
            if not (Path(MODULES) / "tls.so").exists():
                raise RuntimeError("kamailio's tls module is not installed")
            self.tls_port = free_port()
            self.ca_file = self._make_certificates()
            (workdir / "tls.cfg").write_text(TLS_CFG.format(dir=workdir), encoding="utf-8")
            tls_listen = (f"enable_tls=yes\nlisten=tls:127.0.0.1:{self.tls_port}\n"
                          f'alias="127.0.0.1:{self.tls_port}"\n')
            tls_modules = (f'loadmodule "tls.so"\n'
                           f'modparam("tls", "config", "{workdir / "tls.cfg"}")\n')
        lines = "\n".join(f'    $sht(users=>{u}) = "{p}";' for u, p in users.items())
        self.config = workdir / "kamailio.cfg"
        self.config.write_text(
            CONFIG.format(port=self.port, modules=MODULES, users=lines,
                          tls_listen=tls_listen, tls_modules=tls_modules),
            encoding="utf-8",
        )
        self.log = workdir / "kamailio.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.start()

    def _make_certificates(self) -> Path:
        """A throwaway CA and a server certificate for 127.0.0.1 (returns the CA file)."""
        d = self.workdir

        def run(*args: str) -> None:
            subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=60)

        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(d / "ca.key"), "-out", str(d / "ca.pem"), "-subj", "/CN=Sufler test CA")
        run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(d / "server.key"),
            "-out", str(d / "server.csr"), "-subj", "/CN=127.0.0.1")
        (d / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n", encoding="utf-8")
        run("x509", "-req", "-in", str(d / "server.csr"), "-CA", str(d / "ca.pem"),
            "-CAkey", str(d / "ca.key"), "-CAcreateserial", "-days", "2", "-sha256",
            "-extfile", str(d / "san.ext"), "-out", str(d / "server.pem"))
        return d / "ca.pem"

    def start(self) -> None:
        check = subprocess.run(
            ["kamailio", "-c", "-f", str(self.config)], capture_output=True, timeout=30
        )
        if check.returncode != 0:
            raise RuntimeError(f"kamailio config invalid:\n{check.stderr.decode()[-3000:]}")
        log = self.log.open("ab")
        self.proc = process_group.start(
            ["kamailio", "-f", str(self.config), "-DD", "-E", "-m", "64", "-M", "8",
             "-Y", str(self.workdir)],
            stdout=log,
            stderr=log,
            cwd=self.workdir,
        )
        log.close()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                process_group.stop(self.proc)
                raise RuntimeError(f"kamailio exited:\n{self.log_tail()}")
            if options_ping(self.port):
                return
        process_group.stop(self.proc)
        raise RuntimeError(f"kamailio did not answer OPTIONS:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.proc is None:
            return
        process_group.stop(self.proc)
        self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""
