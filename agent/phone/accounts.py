"""SIP transports, the registered account and the local direct-IP identity; registration and
its backoff; which source addresses may send us calls.

Collaborators: the options, the reporter, the scheduler and the sink that receives the accounts'
callbacks (the engine); the Endpoint is handed over by :meth:`Accounts.start`.

Thread rule: main thread only (every method calls pjsua2 or runs inside its callbacks); the one
exception is the proxy lookup thread, which only posts its answer to the main loop.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pjsua2 as pj

from agent.phone import protocol as proto
from agent.phone.lines import Backoff
from agent.phone.options import AccountConfig, EngineOptions
from agent.phone.protocol import (
    Command,
    CommandError,
    EventName,
    Params,
    Problem,
    RegistrationState,
)
from agent.phone.reporter import Reporter
from agent.phone.scheduler import Scheduler
from agent.phone.sip_objects import RegInfo, SipAccount, SipSink

__all__ = ["AccountConfig", "Accounts", "password_from_keyring", "split_listen"]

AUTH_FAILURE_CODES = (401, 403, 407)
ANY_ADDRESS = ("", "0.0.0.0", "::")
TRANSPORTS = {
    "udp": pj.PJSIP_TRANSPORT_UDP,
    "tcp": pj.PJSIP_TRANSPORT_TCP,
    "tls": pj.PJSIP_TRANSPORT_TLS,
}


class Accounts:
    """Owns the transports and both pjsua2 accounts; reports ``registration`` events."""

    def __init__(self, options: EngineOptions, reporter: Reporter, scheduler: Scheduler,
                 sink: SipSink) -> None:
        self.options = options
        self.reporter = reporter
        self.scheduler = scheduler
        self.sink = sink
        self.ep: pj.Endpoint | None = None
        self.account: SipAccount | None = None
        self.account_config: AccountConfig | None = None
        self.local_account: SipAccount | None = None
        self.transports: dict[str, int] = {}
        self.listen_name = ""
        self.reg_backoff = Backoff()
        self.reg_state = RegistrationState.UNREGISTERED
        self.last_registration: dict[str, Any] = {}
        self.allowed_sources: set[str] = set()

    # ------------------------------------------------------------------ transports

    def start(self, ep: pj.Endpoint) -> None:
        """The Endpoint is created: transports and accounts may be made now."""
        self.ep = ep

    def transport(self, kind: str, host: str = "", port: int = 0) -> int:
        ep = self.ep
        assert ep is not None
        if kind in self.transports:
            return self.transports[kind]
        tcfg = pj.TransportConfig()
        tcfg.port = port
        if host:
            tcfg.boundAddress = host
            tcfg.publicAddress = host if host not in ANY_ADDRESS else ""
        if self.options.public_address:
            tcfg.publicAddress = self.options.public_address
        if kind == "tls":
            tcfg.tlsConfig.proto = pj.PJ_SSL_SOCK_PROTO_TLS1_2
            tcfg.tlsConfig.method = pj.PJSIP_TLSV1_2_METHOD
            tls_ca = self.options.tls_ca
            cas = [tls_ca] if tls_ca else [
                "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"]
            for ca in cas:
                if Path(ca).exists():
                    tcfg.tlsConfig.CaListFile = ca
                    tcfg.tlsConfig.verifyServer = True
                    break
        tid = ep.transportCreate(TRANSPORTS[kind], tcfg)
        self.transports[kind] = tid
        if kind == "udp" or not self.listen_name:
            self.listen_name = str(ep.transportGetInfo(tid).localName)
        return tid

    def create_local(self) -> None:
        """The identity for direct-IP calls (no registrar)."""
        acfg = pj.AccountConfig()
        acfg.idUri = f"sip:{self.options.local_user}@{self.listen_name}"
        acfg.sipConfig.transportId = self.transports["udp"]
        acfg.regConfig.registerOnAdd = False
        self.media_settings(acfg)
        account = SipAccount(self.sink, "local")
        account.create(acfg, True)
        self.local_account = account

    def media_settings(self, acfg: pj.AccountConfig) -> None:
        """Media and NAT settings shared by both accounts.

        RTP binds, and SDP advertises, the media address (``--media-address``, else the
        ``--listen`` host): left to pjsua, RTP would bind every interface and SDP name the
        primary one, which on a machine with a VPN and a LAN is one-way audio. A public
        address (NAT) replaces it in SDP. STUN and ICE are off unless configured.

        No codec-lock re-INVITE: when the far end answers with several codecs pjsua would send
        one in the same millisecond as the call is confirmed, and a hold asked for then would
        collide with it. The call simply uses the first codec of the answer.
        """
        options = self.options
        acfg.mediaConfig.lockCodecEnabled = False
        media_host = self.media_address()
        if media_host:
            acfg.mediaConfig.transportConfig.boundAddress = media_host
            acfg.mediaConfig.transportConfig.publicAddress = media_host
        if options.public_address:
            acfg.mediaConfig.transportConfig.publicAddress = options.public_address
        stun = pj.PJSUA_STUN_USE_DEFAULT if options.stun_server else pj.PJSUA_STUN_USE_DISABLED
        acfg.natConfig.sipStunUse = stun
        acfg.natConfig.mediaStunUse = stun
        acfg.natConfig.iceEnabled = options.ice

    def media_address(self) -> str:
        """The IP RTP uses: the media address setting, else the SIP listen host ('' = any)."""
        options = self.options
        host = options.media_address or split_listen(options.listen or "")[0]
        return "" if host in ANY_ADDRESS else host

    def for_dial(self) -> SipAccount:
        account = self.account or self.local_account
        if account is None:
            raise CommandError("no account", Problem.NO_ACCOUNT)
        return account

    def server(self) -> str:
        return self.account_config.server if self.account_config else ""

    def shutdown(self) -> None:
        """Un-REGISTER and drop both accounts (part of the engine's shutdown order)."""
        for account in (self.account, self.local_account):
            if account is not None:
                with contextlib.suppress(pj.Error):
                    account.shutdown()
        ep = self.ep
        if ep is not None and self.account is not None:
            deadline = time.time() + 0.5
            while time.time() < deadline:
                ep.libHandleEvents(10)
        self.account = None
        self.local_account = None

    # ------------------------------------------------------------------ registration

    def configure(self, config: AccountConfig) -> None:
        """Create (or replace) the registered account."""
        assert self.ep is not None
        if config.transport not in TRANSPORTS:
            raise CommandError(f"unknown transport {config.transport!r}", Problem.UNKNOWN_TRANSPORT,
                               transport=config.transport)
        if not config.password:
            config.password = password_from_keyring(config)
        if self.account is not None:
            old = self.account
            self.account = None
            with contextlib.suppress(pj.Error):
                old.shutdown()
        host, _port = split_listen(self.options.listen or "")
        try:
            tid = self.transport(config.transport, host if config.transport != "udp" else "", 0)
        except pj.Error as exc:
            raise CommandError(f"cannot open {config.transport} transport: {exc.info()}",
                               Problem.TRANSPORT_FAILED, transport=config.transport,
                               detail=exc.info()) from None
        server_host, server_port = config.host_port
        self._resolve_proxy(server_host, server_port)
        suffix = "" if config.transport == "udp" else f";transport={config.transport}"
        acfg = pj.AccountConfig()
        display = f'"{config.display_name}" ' if config.display_name else ""
        acfg.idUri = f"{display}<sip:{config.user}@{server_host}>"
        acfg.regConfig.registrarUri = f"sip:{config.server}{suffix}"
        expires = self.options.reg_expires
        acfg.regConfig.timeoutSec = max(1, expires)
        acfg.regConfig.delayBeforeRefreshSec = max(1, min(5, expires // 2))
        acfg.regConfig.retryIntervalSec = 0  # our own backoff (see _on_reg_failed)
        acfg.regConfig.firstRetryIntervalSec = 0
        acfg.regConfig.dropCallsOnFail = False
        acfg.sipConfig.transportId = tid
        # Calls through the registrar match both accounts equally: this one must win, or a
        # transferred call (REFER received) is placed from the local identity, without
        # credentials, and the proxy's 407 ends it.
        acfg.priority = 1
        self.media_settings(acfg)
        acfg.sipConfig.proxies.append(f"sip:{config.server};lr{suffix}")
        acfg.sipConfig.authCreds.append(
            pj.AuthCredInfo("digest", "*", config.user, 0, config.password)
        )
        account = SipAccount(self.sink, config.name)
        self.account_config = config
        self.reg_backoff.reset()
        self.reg_state = RegistrationState.UNREGISTERED
        # create() already sends the REGISTER and calls onRegStarted: be the account first.
        self.account = account
        try:
            account.create(acfg, True)
        except pj.Error as exc:
            self.account = None
            self._emit_registration(RegistrationState.FAILED, 0, exc.info(),
                                    problem=Problem.ACCOUNT_FAILED, params={"detail": exc.info()})
            raise CommandError(f"cannot create account: {exc.info()}", Problem.ACCOUNT_FAILED,
                               detail=exc.info()) from None

    def _emit_registration(
        self, state: RegistrationState, code: int, reason: str, retry: float | None = None,
        problem: Problem | None = None, params: Params | None = None,
    ) -> None:
        """A ``registration`` event; a failure's ``problem`` is the SIP answer's unless given."""
        self.reg_state = state
        name = self.account_config.name if self.account_config else ""
        if problem is None:
            failed = state is RegistrationState.FAILED
            problem = proto.status_problem(code) if failed else Problem.NONE
            params = proto.status_params(code, reason) if failed else {}
        self.last_registration = {
            "account": name, "state": state.value, "code": code, "reason": reason,
            "next_retry_s": retry, "problem": problem.value, "params": dict(params or {}),
        }
        self.reporter.emit(EventName.REGISTRATION, **self.last_registration)

    def emit_status(self) -> None:
        """Repeat the last ``registration`` event (for ``status``), if there is an account."""
        if self.account_config is not None and self.last_registration:
            self.reporter.emit(EventName.REGISTRATION, **self.last_registration)

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
                RegistrationState.FAILED, code, f"authentication failed: {reason}", None,
                Problem.AUTH_FAILED, proto.status_params(code, reason),
            )
            return
        delay = self.reg_backoff.next_delay()
        self._emit_registration(RegistrationState.FAILED, code, reason, delay)
        account = self.account

        def retry() -> None:
            if self.account is account and account is not None:
                account.setRegistration(True)

        self.scheduler.later(delay, retry)

    # ------------------------------------------------------------------ who may call us

    def _resolve_proxy(self, host: str, port: int) -> None:
        """Learn the proxy's addresses (for refusing calls that bypass it) off the main
        thread: a slow DNS answer must not stall SIP. An IP literal is known at once."""
        try:
            socket.inet_pton(socket.AF_INET6 if ":" in host else socket.AF_INET, host.strip("[]"))
        except OSError:
            self.allowed_sources = set()
            post = self.scheduler.post

            def resolve() -> None:
                found = _resolve_sources(host, port)
                post(lambda: self._learn_sources(host, port, found))

            threading.Thread(target=resolve, name="resolve-proxy", daemon=True).start()
            return
        self.allowed_sources = {f"{host.strip('[]')}:{port}"}

    def _learn_sources(self, host: str, port: int, found: set[str]) -> None:
        """A lookup's answer, unless the account has moved to another server meanwhile."""
        if self.account_config is not None and self.account_config.host_port == (host, port):
            self.allowed_sources = found

    def bypasses_proxy(self, source: str) -> bool:
        """With an account, a call from ``source`` did not come through the registrar/proxy."""
        return self.account is not None and bool(self.allowed_sources) and not self._from_proxy(
            source
        )

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

    # ------------------------------------------------------------------ commands

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
        self.configure(config)

    def cmd_unregister(self, command: Command) -> None:
        if self.account is None:
            raise CommandError("no account", Problem.NO_ACCOUNT)
        self.account.setRegistration(False)


def password_from_keyring(config: AccountConfig) -> str:
    """The account's password from the OS keyring; :class:`CommandError` says plainly why not.

    May block on D-Bus: call it before the SIP loop starts or accept the short stall.
    """
    from agent.secrets import SecretStore, SecretStoreUnavailable, sip_password_key

    key = sip_password_key(config.user, config.server)
    try:
        secret = SecretStore().get(key)
    except SecretStoreUnavailable as exc:
        raise CommandError(f"no password for {key}: {exc}", Problem.NO_PASSWORD, account=key,
                           detail=exc) from None
    if not secret:
        raise CommandError(f"no password stored in the keyring for {key}", Problem.NO_PASSWORD,
                       account=key, detail="")
    return secret


def split_listen(listen: str) -> tuple[str, int]:
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
